//! The `switchboard` binary as an operator runs it.

use std::process::Stdio;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

const BINARY: &str = env!("CARGO_BIN_EXE_switchboard");

#[test]
fn help_lists_every_setting() {
    let output = std::process::Command::new(BINARY)
        .arg("--help")
        .output()
        .unwrap();

    assert!(output.status.success());
    let help = String::from_utf8(output.stdout).unwrap();
    for setting in [
        "--config",
        "SWITCHBOARD_CONFIG",
        "--site-addr",
        "LEPTOS_SITE_ADDR",
        "--site-root",
        "LEPTOS_SITE_ROOT",
        "--env",
        "LEPTOS_ENV",
        "--database-url",
        "DATABASE_URL",
        "--public-url",
        "SWITCHBOARD_PUBLIC_URL",
        "--signup",
        "SIGNUP",
        "SMTP_URL",
        "MAIL_FROM",
        "admin",
        "RUST_LOG",
    ] {
        assert!(
            help.contains(setting),
            "--help does not mention {setting}:\n{help}"
        );
    }
}

/// Starts the binary in `folder` with a free port and waits for the address it logs.
pub async fn start_in(folder: &std::path::Path, extra_env: &[(&str, &str)]) -> (Child, String) {
    let mut command = Command::new(BINARY);
    command
        .current_dir(folder)
        .env_remove("DATABASE_URL")
        .env("LEPTOS_SITE_ADDR", "127.0.0.1:0")
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .kill_on_drop(true);
    for (key, value) in extra_env {
        command.env(key, value);
    }
    let mut child = command.spawn().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let address = tokio::time::timeout(Duration::from_secs(30), async {
        while let Some(line) = lines.next_line().await.unwrap() {
            if let Some(at) = line.find("http://") {
                return line[at..].split_whitespace().next().unwrap().to_owned();
            }
        }
        panic!("the server exited without logging its address");
    })
    .await
    .expect("the server logs its address within 30 s");
    // Keep draining the log so the server never blocks on a full pipe.
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    (child, address)
}

pub fn temp_folder() -> std::path::PathBuf {
    let folder = std::env::temp_dir().join(format!("switchboard-bin-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&folder).unwrap();
    folder
}

#[tokio::test]
async fn without_a_database_url_it_creates_sqlite_in_the_data_folder() {
    let folder = temp_folder();
    let (mut child, address) = start_in(&folder, &[]).await;

    let health = reqwest::get(format!("{address}/healthz")).await.unwrap();

    assert_eq!(health.status(), 200);
    assert!(folder.join("data/switchboard.db").is_file());
    child.kill().await.unwrap();
    std::fs::remove_dir_all(folder).unwrap();
}

#[tokio::test]
async fn sigterm_stops_it_gracefully() {
    let folder = temp_folder();
    let (mut child, address) = start_in(&folder, &[]).await;
    assert_eq!(
        reqwest::get(format!("{address}/healthz"))
            .await
            .unwrap()
            .status(),
        200
    );

    let pid = child.id().unwrap().to_string();
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = tokio::time::timeout(Duration::from_secs(10), child.wait())
        .await
        .expect("the server exits within 10 s of SIGTERM")
        .unwrap();

    assert!(status.success(), "exit status {status}");
    std::fs::remove_dir_all(folder).unwrap();
}

/// Runs `switchboard admin …` against `database_url` and returns the password it printed.
fn admin(database_url: &str, args: &[&str]) -> String {
    let output = std::process::Command::new(BINARY)
        .arg("admin")
        .args(args)
        .env("DATABASE_URL", database_url)
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
        .lines()
        .find_map(|line| {
            line.rsplit_once(": ")
                .filter(|(label, _)| label.contains("assword"))
                .map(|(_, p)| p.to_owned())
        })
        .unwrap_or_else(|| panic!("no password printed:\n{stdout}"))
}

#[tokio::test]
async fn an_operator_can_create_an_owner_and_reset_a_password_from_the_command_line() {
    let database = crate::helpers::TestDatabase::create().await;
    let created = admin(
        database.url(),
        &[
            "create-owner",
            "--agency",
            "Rescue Agency",
            "--email",
            "root@rescue.test",
            "--first-name",
            "Ro",
            "--last-name",
            "Ot",
        ],
    );
    let app = crate::helpers::TestApp::spawn_on(database).await;
    let login = |password: String| {
        let app = &app;
        async move {
            let form = [
                ("email", "root@rescue.test"),
                ("password", password.as_str()),
            ];
            app.post(&crate::helpers::new_client(), "log_in", &form)
                .await
                .status()
        }
    };
    assert_eq!(login(created.clone()).await, 200);

    let reset = admin(
        app.database.url(),
        &["reset-password", "--email", "root@rescue.test"],
    );

    assert_ne!(reset, created);
    assert_eq!(login(created).await, 401, "the old password is gone");
    assert_eq!(login(reset).await, 200);
}

#[test]
fn admin_refuses_bad_input_with_a_readable_message() {
    let output = std::process::Command::new(BINARY)
        .args([
            "admin",
            "create-owner",
            "--agency",
            "",
            "--email",
            "nope",
            "--first-name",
            "A",
            "--last-name",
            "B",
        ])
        .env(
            "DATABASE_URL",
            format!(
                "sqlite://{}/x.db",
                std::env::temp_dir()
                    .join(format!("sb-{}", uuid::Uuid::new_v4()))
                    .display()
            ),
        )
        .output()
        .unwrap();

    assert!(!output.status.success());
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("agency-name: Enter the agency's name."),
        "{stderr}"
    );
    assert!(stderr.contains("email: Enter an email address"), "{stderr}");
}
