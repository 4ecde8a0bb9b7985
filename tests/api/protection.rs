//! Request-level protections: cross-site forgery, oversized bodies, state changes by GET.

use crate::helpers::{TestApp, PASSWORD};
use switchboard::domain::CurrentUser;

const SIGN_UP: [(&str, &str); 5] = [
    ("agency_name", "Forged Agency"),
    ("first_name", "Eve"),
    ("last_name", "Doe"),
    ("email", "eve@evil.test"),
    ("password", PASSWORD),
];

/// A sign-up POST carrying the given request headers, as a browser on some page would send it.
async fn sign_up_with(app: &TestApp, headers: &[(&str, &str)]) -> reqwest::Response {
    let mut request = app
        .client
        .post(format!("{}/api/sign_up", app.address))
        .form(&SIGN_UP);
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    request.send().await.unwrap()
}

async fn users(app: &TestApp) -> i64 {
    let mut tx = app.db().begin_write().await.unwrap();
    sqlx::query_scalar("SELECT COUNT(*) FROM users")
        .fetch_one(&mut *tx)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_forged_cross_site_post_is_refused_and_changes_nothing() {
    let app = TestApp::spawn().await;

    let response = sign_up_with(
        &app,
        &[
            ("origin", "https://evil.example"),
            ("sec-fetch-site", "cross-site"),
        ],
    )
    .await;

    assert_eq!(response.status(), 403);
    assert_eq!(users(&app).await, 0);
}

#[tokio::test]
async fn an_older_browser_with_only_a_foreign_origin_is_refused_too() {
    let app = TestApp::spawn().await;

    let response = sign_up_with(&app, &[("origin", "https://evil.example")]).await;

    assert_eq!(response.status(), 403);
    assert_eq!(users(&app).await, 0);
}

/// Without Sec-Fetch-Site, the Origin must name the host the request was sent to, whole.
#[tokio::test]
async fn an_older_browser_on_our_own_pages_is_accepted_and_a_look_alike_host_is_not() {
    let app = TestApp::spawn().await;

    let look_alike = format!("{}.evil.example", app.address);
    let response = sign_up_with(&app, &[("origin", look_alike.as_str())]).await;
    assert_eq!(response.status(), 403);
    assert_eq!(users(&app).await, 0);

    let response = sign_up_with(&app, &[("origin", app.address.as_str())]).await;
    assert_eq!(response.status(), 200);
    assert_eq!(users(&app).await, 1);
}

#[tokio::test]
async fn a_post_from_our_own_pages_is_accepted() {
    let app = TestApp::spawn().await;

    let response = sign_up_with(
        &app,
        &[
            ("origin", app.address.as_str()),
            ("sec-fetch-site", "same-origin"),
        ],
    )
    .await;

    assert_eq!(response.status(), 200);
    assert_eq!(users(&app).await, 1);
}

#[tokio::test]
async fn a_body_over_one_mebibyte_is_refused_with_413() {
    let app = TestApp::spawn().await;
    let huge = "x".repeat(1024 * 1024 + 1);

    let response = app
        .client
        .post(format!("{}/api/log_in", app.address))
        .form(&[("email", "ann@acme.test"), ("password", huge.as_str())])
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 413);
}

#[tokio::test]
async fn get_cannot_log_anyone_out() {
    let app = TestApp::spawn().await;
    app.sign_up("ann@acme.test").await;

    let response = app.get("/api/log_out").await;

    assert!(
        !response.status().is_success(),
        "GET /api/log_out answered {}",
        response.status()
    );
    let me: Option<CurrentUser> = app.call("current_user", &()).await.unwrap();
    assert!(me.is_some(), "the session survived");
}
