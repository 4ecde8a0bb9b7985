//! Sessions: fresh tokens at log-in, cookie flags, log-out, timeouts, disabled users.

use crate::helpers::{decode, me, new_client, session_cookie, TestApp, PASSWORD};
use switchboard::domain::{AppError, CurrentUser};

fn log_in_form<'a>(email: &'a str, password: &'a str) -> [(&'static str, &'a str); 2] {
    [("email", email), ("password", password)]
}

async fn count_sessions(app: &TestApp) -> i64 {
    let mut tx = app.db().begin_write().await.unwrap();
    sqlx::query_scalar("SELECT COUNT(*) FROM sessions")
        .fetch_one(&mut *tx)
        .await
        .unwrap()
}

/// Calls `endpoint` presenting exactly `token` as the session cookie, like a browser holding it.
async fn with_token(
    app: &TestApp,
    endpoint: &str,
    token: &str,
    form: &[(&str, &str)],
) -> reqwest::Response {
    reqwest::Client::new()
        .post(format!("{}/api/{endpoint}", app.address))
        .header("cookie", format!("session={token}"))
        .form(form)
        .send()
        .await
        .unwrap()
}

async fn signed_in_with(app: &TestApp, token: &str) -> Option<CurrentUser> {
    decode(
        "current_user",
        with_token(app, "current_user", token, &[]).await,
    )
    .await
    .unwrap()
}

#[tokio::test]
async fn every_log_in_issues_a_new_token_and_the_old_one_stops_working() {
    let app = TestApp::spawn().await;
    app.sign_up("ann@acme.test").await;
    let first = app
        .post(
            &new_client(),
            "log_in",
            &log_in_form("ann@acme.test", PASSWORD),
        )
        .await;
    let planted = session_cookie(&first).expect("log-in sets the session cookie");

    // A browser carrying a known (planted) token logs in: it must get a token of its own.
    let second = with_token(
        &app,
        "log_in",
        &planted,
        &log_in_form("ann@acme.test", PASSWORD),
    )
    .await;
    let fresh = session_cookie(&second).expect("log-in sets a new session cookie");

    assert_ne!(fresh, planted);
    assert!(signed_in_with(&app, &fresh).await.is_some());
    assert_eq!(
        signed_in_with(&app, &planted).await,
        None,
        "the token from before the log-in is dead"
    );
}

#[tokio::test]
async fn registering_in_a_signed_in_browser_ends_its_previous_session() {
    let app = TestApp::spawn().await;
    let first = app
        .post(
            &new_client(),
            "sign_up",
            &[
                ("agency_name", "Acme"),
                ("first_name", "Ann"),
                ("last_name", "Lee"),
                ("email", "ann@acme.test"),
                ("password", PASSWORD),
            ],
        )
        .await;
    let previous = session_cookie(&first).expect("sign-up sets the session cookie");

    let registered = with_token(
        &app,
        "register",
        &previous,
        &[
            ("first_name", "Cy"),
            ("last_name", "Doe"),
            ("email", "cy@acme.test"),
            ("password", PASSWORD),
        ],
    )
    .await;

    let fresh = session_cookie(&registered).expect("registering sets a new session cookie");
    assert_eq!(
        signed_in_with(&app, &fresh)
            .await
            .map(|u| u.email)
            .as_deref(),
        Some("cy@acme.test")
    );
    assert_eq!(
        signed_in_with(&app, &previous).await,
        None,
        "Ann's session ended"
    );
}

#[tokio::test]
async fn the_session_cookie_is_http_only_same_site_lax_and_host_wide() {
    let app = TestApp::spawn().await;
    app.sign_up("ann@acme.test").await;

    let response = app
        .post(
            &new_client(),
            "log_in",
            &log_in_form("ann@acme.test", PASSWORD),
        )
        .await;

    let cookie = response
        .headers()
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .to_owned();
    let token = session_cookie(&response).unwrap();
    assert!(token.len() >= 43, "at least 256 bits, base64: {token}");
    for attribute in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(cookie.contains(attribute), "{cookie} lacks {attribute}");
    }
    assert!(
        !cookie.contains("Secure"),
        "plain http (no https public URL) cannot use Secure cookies"
    );
}

#[tokio::test]
async fn log_out_ends_the_session_on_the_server() {
    let app = TestApp::spawn().await;
    app.sign_up("ann@acme.test").await;
    let login = app
        .post(
            &new_client(),
            "log_in",
            &log_in_form("ann@acme.test", PASSWORD),
        )
        .await;
    let token = session_cookie(&login).unwrap();
    let sessions_before = count_sessions(&app).await;

    let response = with_token(&app, "log_out", &token, &[]).await;

    assert!(response.status().is_success());
    assert_eq!(
        session_cookie(&response).as_deref(),
        Some(""),
        "the cookie is cleared"
    );
    assert_eq!(count_sessions(&app).await, sessions_before - 1);
    assert_eq!(
        signed_in_with(&app, &token).await,
        None,
        "the old token is worth nothing"
    );
}

#[tokio::test]
async fn an_idle_session_ends() {
    let app = TestApp::spawn().await;
    app.sign_up("ann@acme.test").await;
    let idle = switchboard::server::session::IDLE_TIMEOUT_MS + 1000;
    let mut tx = app.db().begin_write().await.unwrap();
    sqlx::query("UPDATE sessions SET last_seen_at = last_seen_at - $1")
        .bind(idle)
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();

    assert_eq!(me(&app, &app.client).await, None);
    assert_eq!(count_sessions(&app).await, 0, "the dead session is removed");
}

#[tokio::test]
async fn a_busy_session_still_ends_at_the_absolute_timeout() {
    let app = TestApp::spawn().await;
    app.sign_up("ann@acme.test").await;
    let old = switchboard::server::session::ABSOLUTE_TIMEOUT_MS + 1000;
    let mut tx = app.db().begin_write().await.unwrap();
    sqlx::query("UPDATE sessions SET created_at = created_at - $1")
        .bind(old)
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();

    assert_eq!(me(&app, &app.client).await, None);
}

#[tokio::test]
async fn a_disabled_user_is_signed_out_and_cannot_log_in() {
    let app = TestApp::spawn().await;
    app.sign_up("ann@acme.test").await;
    let mut tx = app.db().begin_write().await.unwrap();
    sqlx::query("UPDATE users SET disabled = 1")
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();

    assert_eq!(
        me(&app, &app.client).await,
        None,
        "the next request already knows"
    );
    let login = app
        .call::<CurrentUser>("log_in", &log_in_form("ann@acme.test", PASSWORD))
        .await;
    assert_eq!(
        login,
        Err(AppError::WrongCredentials),
        "same message as a wrong password"
    );
}
