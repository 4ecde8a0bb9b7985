//! Delivery to a real SMTP server in its own process: Python's aiosmtpd (installed by
//! scripts/setup), which stores what it receives in a maildir this test reads.

use crate::agency::{account, agency};
use crate::helpers::TestApp;
use crate::invitations::{invite, scalar_i64};
use std::path::{Path, PathBuf};
use std::time::Duration;
use switchboard::server::mail::Mailer;
use switchboard::server::outbox::deliver_due;
use tokio::process::{Child, Command};
use uuid::Uuid;

struct Aiosmtpd {
    port: u16,
    maildir: PathBuf,
    _process: Child,
}

impl Aiosmtpd {
    async fn start() -> Self {
        let port = {
            let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
            listener.local_addr().unwrap().port()
        };
        let maildir = std::env::temp_dir().join(format!("switchboard-maildir-{}", Uuid::new_v4()));
        let process = Command::new("python3")
            .args(["-m", "aiosmtpd", "-n", "-l", &format!("127.0.0.1:{port}")])
            .args(["-c", "aiosmtpd.handlers.Mailbox"])
            .arg(&maildir)
            .kill_on_drop(true)
            .spawn()
            .expect("python3 runs (scripts/setup installs aiosmtpd)");
        for _ in 0..100 {
            if tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .is_ok()
            {
                return Aiosmtpd {
                    port,
                    maildir,
                    _process: process,
                };
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("aiosmtpd did not start: is it installed (pip install aiosmtpd)?");
    }

    /// The messages received so far, as raw RFC 5322 text.
    fn messages(&self) -> Vec<String> {
        let new = self.maildir.join("new");
        read_all(&new)
    }
}

fn read_all(folder: &Path) -> Vec<String> {
    std::fs::read_dir(folder)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter_map(|entry| std::fs::read_to_string(entry.path()).ok())
                .collect()
        })
        .unwrap_or_default()
}

impl Drop for Aiosmtpd {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.maildir);
    }
}

#[tokio::test]
async fn the_invitation_reaches_a_real_smtp_server_as_text_and_html_once() {
    let smtp = Aiosmtpd::start().await;
    let app = TestApp::spawn_with(|config| {
        config.smtp_url = Some(format!("smtp://127.0.0.1:{}", smtp.port));
    })
    .await;
    let (owner, _) = agency(&app, "owner@acme.test", "Acme").await;
    let globex = account(&app, &owner, "Globex").await;
    let token = invite(&app, &owner, "ivy@client.test", globex).await;

    let mut messages = Vec::new();
    for _ in 0..100 {
        messages = smtp.messages();
        if !messages.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(messages.len(), 1, "one message delivered");
    let message = &messages[0];
    assert!(message.contains("ivy@client.test"));
    assert!(message.contains("multipart/alternative"), "{message}");
    assert!(
        message.contains("text/plain") && message.contains("text/html"),
        "{message}"
    );
    assert!(message.contains(&token), "the link is in the message");

    // Marked sent with its secret text dropped; another pass of the sender sends nothing more.
    for _ in 0..50 {
        if scalar_i64(
            &app,
            "SELECT COUNT(*) FROM outbox WHERE sent_at IS NOT NULL",
        )
        .await
            == 1
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(
        scalar_i64(&app, "SELECT COUNT(*) FROM outbox WHERE sent_at IS NOT NULL AND body IS NULL AND html_body IS NULL").await,
        1
    );
    let mailer = Mailer::new(&format!("smtp://127.0.0.1:{}", smtp.port), "a@test.example").unwrap();
    let pass = deliver_due(app.db(), &mailer, switchboard::server::now_ms())
        .await
        .unwrap();
    assert_eq!(pass.sent, 0);
    assert_eq!(smtp.messages().len(), 1, "never sent twice");
}
