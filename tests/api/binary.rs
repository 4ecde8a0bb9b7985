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
        "RUST_LOG",
    ] {
        assert!(
            help.contains(setting),
            "--help does not mention {setting}:\n{help}"
        );
    }
}

/// Starts the binary in `folder` with a free port and waits for the address it logs.
async fn start_in(folder: &std::path::Path, extra_env: &[(&str, &str)]) -> (Child, String) {
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

fn temp_folder() -> std::path::PathBuf {
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
