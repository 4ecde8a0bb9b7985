//! Forgot password: one-time links by email, through the outbox.

use crate::helpers::{decode, me, new_client, TestApp, PASSWORD};
use switchboard::domain::{AppError, CurrentUser, ResetLink};
use switchboard::server::throttle::{ACCOUNT_LIMIT, RESET_ACCOUNT_LIMIT};

const NEW_PASSWORD: &str = "a brand new passphrase";

pub async fn request_reset(app: &TestApp, email: &str) -> Result<(), AppError> {
    decode(
        "request_password_reset",
        app.post(&new_client(), "request_password_reset", &[("email", email)])
            .await,
    )
    .await
}

/// The texts of the queued messages, oldest first.
pub async fn outbox_bodies(app: &TestApp) -> Vec<(String, Option<String>)> {
    let mut tx = app.db().begin_write().await.unwrap();
    sqlx::query_as("SELECT recipient, body FROM outbox ORDER BY created_at, id")
        .fetch_all(&mut *tx)
        .await
        .unwrap()
}

/// The token of the newest reset link sent to `email`.
pub async fn reset_token(app: &TestApp, email: &str) -> String {
    let (_, body) = outbox_bodies(app)
        .await
        .into_iter()
        .rev()
        .find(|(to, _)| to == email)
        .expect("a message to this address");
    token_in(&body.expect("the message still has its text"))
}

pub fn token_in(text: &str) -> String {
    let start = text.find("reset-password?token=").expect("a reset link") + 21;
    text[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect()
}

async fn link(app: &TestApp, token: &str) -> ResetLink {
    app.call("password_reset_link", &[("token", token)])
        .await
        .unwrap()
}

async fn reset(
    app: &TestApp,
    client: &reqwest::Client,
    token: &str,
    password: &str,
) -> Result<CurrentUser, AppError> {
    decode(
        "reset_password",
        app.post(
            client,
            "reset_password",
            &[("token", token), ("new_password", password)],
        )
        .await,
    )
    .await
}

async fn log_in(app: &TestApp, password: &str) -> Result<CurrentUser, AppError> {
    decode(
        "log_in",
        app.post(
            &new_client(),
            "log_in",
            &[("email", "ann@acme.test"), ("password", password)],
        )
        .await,
    )
    .await
}

#[tokio::test]
async fn the_answer_is_the_same_for_known_and_unknown_addresses() {
    let app = TestApp::spawn().await;
    app.sign_up("ann@acme.test").await;

    assert_eq!(request_reset(&app, "ANN@acme.test").await, Ok(()));
    assert_eq!(request_reset(&app, "nobody@acme.test").await, Ok(()));

    let messages = outbox_bodies(&app).await;
    assert_eq!(messages.len(), 1, "only the real account gets a message");
    assert_eq!(messages[0].0, "ann@acme.test");
    let body = messages[0].1.as_deref().unwrap();
    assert!(
        body.contains(&format!("{}/reset-password?token=", app.address)),
        "{body}"
    );
}

#[tokio::test]
async fn a_malformed_address_gets_a_message_beside_the_field() {
    let app = TestApp::spawn().await;

    let error = request_reset(&app, "not an address").await.unwrap_err();

    assert!(error.message_for("email").is_some(), "{error:?}");
}

#[tokio::test]
async fn only_the_sha256_of_the_token_is_stored() {
    let app = TestApp::spawn().await;
    app.sign_up("ann@acme.test").await;
    request_reset(&app, "ann@acme.test").await.unwrap();
    let token = reset_token(&app, "ann@acme.test").await;

    let mut tx = app.db().begin_write().await.unwrap();
    let stored: String = sqlx::query_scalar("SELECT token_hash FROM password_resets")
        .fetch_one(&mut *tx)
        .await
        .unwrap();

    assert!(token.len() >= 43, "256 bits, base64: {token}");
    assert_eq!(stored, switchboard::server::session::hash_token(&token));
}

#[tokio::test]
async fn the_link_sets_a_new_password_ends_every_session_and_signs_in() {
    let app = TestApp::spawn().await;
    app.sign_up("ann@acme.test").await;
    let other_browser = new_client();
    app.post(
        &other_browser,
        "log_in",
        &[("email", "ann@acme.test"), ("password", PASSWORD)],
    )
    .await;
    request_reset(&app, "ann@acme.test").await.unwrap();
    let token = reset_token(&app, "ann@acme.test").await;
    let phone = new_client();

    assert_eq!(
        link(&app, &token).await,
        ResetLink::Valid {
            email: "ann@acme.test".into()
        }
    );
    let user = reset(&app, &phone, &token, NEW_PASSWORD).await.unwrap();

    assert_eq!(user.email, "ann@acme.test");
    assert_eq!(
        me(&app, &phone).await.map(|u| u.email).as_deref(),
        Some("ann@acme.test")
    );
    assert_eq!(
        me(&app, &app.client).await,
        None,
        "the sign-up session ended"
    );
    assert_eq!(
        me(&app, &other_browser).await,
        None,
        "the other browser's session ended"
    );
    assert_eq!(
        log_in(&app, PASSWORD).await,
        Err(AppError::WrongCredentials)
    );
    assert!(log_in(&app, NEW_PASSWORD).await.is_ok());
}

#[tokio::test]
async fn a_link_works_once_and_older_links_die_with_it() {
    let app = TestApp::spawn().await;
    app.sign_up("ann@acme.test").await;
    request_reset(&app, "ann@acme.test").await.unwrap();
    let older = reset_token(&app, "ann@acme.test").await;
    request_reset(&app, "ann@acme.test").await.unwrap();
    let newer = reset_token(&app, "ann@acme.test").await;

    reset(&app, &new_client(), &newer, NEW_PASSWORD)
        .await
        .unwrap();
    let again = reset(&app, &new_client(), &newer, "yet another passphrase").await;
    let with_older = reset(&app, &new_client(), &older, "yet another passphrase").await;

    assert!(again.unwrap_err().message_for("token").is_some());
    assert!(with_older.unwrap_err().message_for("token").is_some());
    assert_eq!(link(&app, &newer).await, ResetLink::Used);
    assert_eq!(link(&app, &older).await, ResetLink::Used);
    assert!(log_in(&app, NEW_PASSWORD).await.is_ok());
}

#[tokio::test]
async fn an_expired_or_unknown_link_changes_nothing() {
    let app = TestApp::spawn().await;
    app.sign_up("ann@acme.test").await;
    request_reset(&app, "ann@acme.test").await.unwrap();
    let token = reset_token(&app, "ann@acme.test").await;
    let mut tx = app.db().begin_write().await.unwrap();
    sqlx::query("UPDATE password_resets SET expires_at = 0")
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();

    assert_eq!(link(&app, &token).await, ResetLink::Expired);
    assert_eq!(link(&app, "made-up-token").await, ResetLink::Unknown);
    let expired = reset(&app, &new_client(), &token, NEW_PASSWORD).await;
    let unknown = reset(&app, &new_client(), "made-up-token", NEW_PASSWORD).await;

    assert!(expired.unwrap_err().message_for("token").is_some());
    assert!(unknown.unwrap_err().message_for("token").is_some());
    assert!(
        log_in(&app, PASSWORD).await.is_ok(),
        "the old password still works"
    );
}

#[tokio::test]
async fn a_weak_new_password_is_refused_and_the_link_still_works() {
    let app = TestApp::spawn().await;
    app.sign_up("ann@acme.test").await;
    request_reset(&app, "ann@acme.test").await.unwrap();
    let token = reset_token(&app, "ann@acme.test").await;

    let error = reset(&app, &new_client(), &token, "password")
        .await
        .unwrap_err();

    assert!(error.message_for("new_password").is_some(), "{error:?}");
    assert!(matches!(link(&app, &token).await, ResetLink::Valid { .. }));
}

#[tokio::test]
async fn two_resets_racing_with_one_link_succeed_once() {
    let app = TestApp::spawn().await;
    app.sign_up("ann@acme.test").await;
    request_reset(&app, "ann@acme.test").await.unwrap();
    let token = reset_token(&app, "ann@acme.test").await;

    let (first_client, second_client) = (new_client(), new_client());
    let (first, second) = tokio::join!(
        reset(&app, &first_client, &token, NEW_PASSWORD),
        reset(&app, &second_client, &token, "yet another passphrase"),
    );

    assert_eq!(
        [first.is_ok(), second.is_ok()]
            .iter()
            .filter(|ok| **ok)
            .count(),
        1,
        "{first:?} {second:?}"
    );
    let winner = if first.is_ok() {
        NEW_PASSWORD
    } else {
        "yet another passphrase"
    };
    assert!(log_in(&app, winner).await.is_ok());
}

#[tokio::test]
async fn reset_emails_to_one_address_are_capped() {
    let app = TestApp::spawn().await;
    app.sign_up("ann@acme.test").await;

    for _ in 0..RESET_ACCOUNT_LIMIT + 2 {
        assert_eq!(request_reset(&app, "ann@acme.test").await, Ok(()));
    }

    let sent = outbox_bodies(&app).await.len();
    assert_eq!(i64::try_from(sent).unwrap(), RESET_ACCOUNT_LIMIT);
}

#[tokio::test]
async fn a_reset_lifts_the_log_in_lock() {
    let app = TestApp::spawn().await;
    app.sign_up("ann@acme.test").await;
    for _ in 0..ACCOUNT_LIMIT {
        let _ = log_in(&app, "a wrong guess here").await;
    }
    assert_eq!(
        log_in(&app, PASSWORD).await,
        Err(AppError::WrongCredentials),
        "locked"
    );
    request_reset(&app, "ann@acme.test").await.unwrap();
    let token = reset_token(&app, "ann@acme.test").await;

    reset(&app, &new_client(), &token, NEW_PASSWORD)
        .await
        .unwrap();

    assert!(log_in(&app, NEW_PASSWORD).await.is_ok());
}

#[tokio::test]
async fn a_disabled_user_gets_no_link() {
    let app = TestApp::spawn().await;
    app.sign_up("ann@acme.test").await;
    let mut tx = app.db().begin_write().await.unwrap();
    sqlx::query("UPDATE users SET disabled = 1")
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();

    assert_eq!(request_reset(&app, "ann@acme.test").await, Ok(()));

    assert!(outbox_bodies(&app).await.is_empty());
}
