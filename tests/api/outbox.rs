//! The outbox: held for the owners without SMTP, delivered and retried with it, never crossing agencies.

use crate::helpers::{decode, new_client, TestApp, PASSWORD};
use crate::password_reset::{outbox_bodies, token_in};
use crate::smtp::FakeSmtp;
use std::time::Duration;
use switchboard::domain::{AppError, Delivery, MessageStatus, OutboxListing};
use switchboard::server::db::outbox::NewMessage;
use switchboard::server::mail::Mailer;
use switchboard::server::now_ms;
use switchboard::server::outbox::{deliver_due, enqueue, Pass, MAX_ATTEMPTS};

async fn request_reset(app: &TestApp, email: &str) {
    crate::password_reset::request_reset(app, email)
        .await
        .unwrap();
}

async fn outbox_of(app: &TestApp, client: &reqwest::Client) -> Result<OutboxListing, AppError> {
    decode("outbox", app.post(client, "outbox", &()).await).await
}

async fn sql(app: &TestApp, statement: &str) {
    let mut tx = app.db().begin_write().await.unwrap();
    sqlx::query(sqlx::AssertSqlSafe(statement.to_owned()))
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

/// A browser signed in as the owner of a new agency.
async fn owner_of_new_agency(app: &TestApp, email: &str) -> reqwest::Client {
    let client = new_client();
    let response = app
        .post(
            &client,
            "sign_up",
            &[
                ("agency_name", "Other Agency"),
                ("first_name", "Bob"),
                ("last_name", "Ray"),
                ("email", email),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert!(response.status().is_success());
    client
}

/// A mailer whose server turns every message away.
async fn unreachable_mailer() -> Mailer {
    let smtp = FakeSmtp::start_refusing().await;
    Mailer::new(&smtp.url(), "a@test.example").unwrap()
}

#[tokio::test]
async fn without_smtp_the_owner_reads_the_message_on_the_outbox_page() {
    let app = TestApp::spawn().await;
    app.sign_up("ann@acme.test").await;

    request_reset(&app, "ann@acme.test").await;
    let outbox = outbox_of(&app, &app.client).await.unwrap();

    assert_eq!(outbox.delivery, Delivery::Held);
    assert_eq!(outbox.messages.len(), 1);
    let message = &outbox.messages[0];
    assert_eq!(message.recipient, "ann@acme.test");
    assert_eq!(message.subject, "Reset your Switchboard password");
    assert_eq!(message.status, MessageStatus::Held);
    let body = message.body.as_deref().unwrap();
    assert!(
        body.contains(&format!("{}/reset-password?token=", app.address)),
        "{body}"
    );
}

#[tokio::test]
async fn the_outbox_is_for_owners_only() {
    let app = TestApp::spawn().await;
    app.sign_up("ann@acme.test").await;
    let visitor = new_client();
    let registered = new_client();
    let response = app
        .post(
            &registered,
            "register",
            &[
                ("first_name", "Cy"),
                ("last_name", "Doe"),
                ("email", "cy@acme.test"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert!(response.status().is_success());

    assert_eq!(
        outbox_of(&app, &visitor).await,
        Err(AppError::Unauthenticated)
    );
    let response = app.post(&registered, "outbox", &()).await;
    assert_eq!(response.status(), 403);
    // An admin of Ann's agency is not an owner either.
    sql(
        &app,
        "INSERT INTO staff_members (agency_id, user_id, role, created_at) \
         SELECT a.id, u.id, 'admin', 0 FROM agencies a, users u WHERE u.email = 'cy@acme.test'",
    )
    .await;
    assert!(matches!(
        outbox_of(&app, &registered).await,
        Err(AppError::Forbidden(_))
    ));
}

#[tokio::test]
async fn another_agencys_owner_never_sees_the_message() {
    let app = TestApp::spawn().await;
    app.sign_up("ann@acme.test").await;
    let bob = owner_of_new_agency(&app, "bob@other.test").await;

    request_reset(&app, "ann@acme.test").await;

    assert!(outbox_of(&app, &bob).await.unwrap().messages.is_empty());
    assert_eq!(
        outbox_of(&app, &app.client).await.unwrap().messages.len(),
        1
    );
}

#[tokio::test]
async fn mail_of_someone_in_two_agencies_is_shown_in_neither() {
    let app = TestApp::spawn().await;
    app.sign_up("ann@acme.test").await;
    let bob = owner_of_new_agency(&app, "bob@other.test").await;
    sql(
        &app,
        "INSERT INTO staff_members (agency_id, user_id, role, created_at) \
         SELECT s.agency_id, u.id, 'staff', 9000000000000 FROM staff_members s, users u \
         WHERE s.user_id = (SELECT id FROM users WHERE email = 'bob@other.test') \
           AND u.email = 'ann@acme.test'",
    )
    .await;

    request_reset(&app, "ann@acme.test").await;

    assert_eq!(outbox_bodies(&app).await.len(), 1, "the message is queued");
    assert!(outbox_of(&app, &app.client)
        .await
        .unwrap()
        .messages
        .is_empty());
    assert!(outbox_of(&app, &bob).await.unwrap().messages.is_empty());
}

#[tokio::test]
async fn with_smtp_the_sender_delivers_at_once_and_drops_the_text() {
    let smtp = FakeSmtp::start().await;
    let url = smtp.url();
    let app = TestApp::spawn_with(|c| c.smtp_url = Some(url)).await;
    app.sign_up("ann@acme.test").await;

    request_reset(&app, "ann@acme.test").await;
    let mut waited = Duration::ZERO;
    while smtp.received().is_empty() && waited < Duration::from_secs(10) {
        tokio::time::sleep(Duration::from_millis(50)).await;
        waited += Duration::from_millis(50);
    }

    let received = smtp.received();
    assert_eq!(received.len(), 1, "delivered within {waited:?}");
    assert_eq!(received[0].recipients, ["ann@acme.test"]);
    assert!(received[0]
        .data
        .contains("Subject: Reset your Switchboard password"));
    // Undo quoted-printable soft line breaks before looking for the link.
    let text = received[0].data.replace("=\n", "").replace("=3D", "=");
    let token = token_in(&text);
    let outbox = outbox_of(&app, &app.client).await.unwrap();
    assert!(matches!(outbox.delivery, Delivery::Smtp { .. }));
    // The mail's link is the one that works.
    let link: switchboard::domain::ResetLink = app
        .call("password_reset_link", &[("token", token.as_str())])
        .await
        .unwrap();
    assert!(matches!(link, switchboard::domain::ResetLink::Valid { .. }));
    let mut waited = Duration::ZERO;
    let mut outbox = outbox;
    while !matches!(outbox.messages[0].status, MessageStatus::Sent { .. })
        && waited < Duration::from_secs(10)
    {
        tokio::time::sleep(Duration::from_millis(50)).await;
        waited += Duration::from_millis(50);
        outbox = outbox_of(&app, &app.client).await.unwrap();
    }
    assert!(matches!(
        outbox.messages[0].status,
        MessageStatus::Sent { .. }
    ));
    assert_eq!(
        outbox.messages[0].body, None,
        "the link is gone once delivered"
    );
}

#[tokio::test]
async fn a_failed_delivery_is_tried_again_later_and_finally_given_up() {
    let app = TestApp::spawn().await; // no SMTP: no background sender; the test drives the passes
    app.sign_up("ann@acme.test").await;
    request_reset(&app, "ann@acme.test").await;
    let down = unreachable_mailer().await;
    let now = now_ms();

    let first = deliver_due(app.db(), &down, now).await.unwrap();
    let too_soon = deliver_due(app.db(), &down, now + 29_000).await.unwrap();

    assert_eq!(first, Pass { sent: 0, failed: 1 });
    assert_eq!(too_soon, Pass::default(), "the retry waits 30 s");
    let outbox = outbox_of(&app, &app.client).await.unwrap();
    assert!(
        matches!(&outbox.messages[0].status, MessageStatus::Retrying { attempts: 1, last_error } if !last_error.is_empty()),
        "{:?}",
        outbox.messages[0].status
    );

    // Every later attempt fails too, each after its pause, until the sender gives up.
    let mut at = now;
    for _ in 1..MAX_ATTEMPTS {
        at += 60 * 60 * 1000;
        assert_eq!(deliver_due(app.db(), &down, at).await.unwrap().failed, 1);
    }
    let outbox = outbox_of(&app, &app.client).await.unwrap();
    assert!(
        matches!(&outbox.messages[0].status, MessageStatus::Failed { attempts, .. } if *attempts == MAX_ATTEMPTS),
        "{:?}",
        outbox.messages[0].status
    );
    assert!(
        outbox.messages[0].body.is_some(),
        "kept, so an owner can pass it on"
    );
    let smtp = FakeSmtp::start().await;
    let up = Mailer::new(&smtp.url(), "a@test.example").unwrap();
    assert_eq!(
        deliver_due(app.db(), &up, at + 24 * 60 * 60 * 1000)
            .await
            .unwrap(),
        Pass::default()
    );
}

#[tokio::test]
async fn a_retry_delivers_once_the_server_is_back() {
    let app = TestApp::spawn().await;
    app.sign_up("ann@acme.test").await;
    request_reset(&app, "ann@acme.test").await;
    let now = now_ms();
    deliver_due(app.db(), &unreachable_mailer().await, now)
        .await
        .unwrap();
    let smtp = FakeSmtp::start().await;
    let up = Mailer::new(&smtp.url(), "a@test.example").unwrap();

    let pass = deliver_due(app.db(), &up, now + 31_000).await.unwrap();

    assert_eq!(pass, Pass { sent: 1, failed: 0 });
    assert_eq!(smtp.received().len(), 1);
}

#[tokio::test]
async fn two_senders_never_send_one_message_twice() {
    let app = TestApp::spawn().await;
    let now = now_ms();
    let mut tx = app.db().begin_write().await.unwrap();
    for n in 0..30 {
        let recipient = format!("person{n}@acme.test");
        let message = NewMessage {
            agency_id: None,
            recipient: &recipient,
            subject: "Hello",
            body: "Hi there",
            html_body: None,
        };
        enqueue(&mut tx, &message, now).await.unwrap();
    }
    tx.commit().await.unwrap();
    let smtp = FakeSmtp::start().await;
    let mailer = Mailer::new(&smtp.url(), "a@test.example").unwrap();

    let (a, b) = tokio::join!(
        deliver_due(app.db(), &mailer, now),
        deliver_due(app.db(), &mailer, now)
    );

    assert_eq!(a.unwrap().sent + b.unwrap().sent, 30);
    assert_eq!(smtp.received().len(), 30);
}
