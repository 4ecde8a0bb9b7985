//! My profile: only for the signed-in user, about themselves.

use crate::helpers::{decode, me, new_client, TestApp, PASSWORD};
use switchboard::domain::{AppError, Profile, Sessions};

const NEW_PASSWORD: &str = "a brand new passphrase";

async fn second_browser(app: &TestApp) -> reqwest::Client {
    let client = new_client();
    let login = app
        .post(
            &client,
            "log_in",
            &[("email", "ann@acme.test"), ("password", PASSWORD)],
        )
        .await;
    assert!(login.status().is_success());
    client
}

#[tokio::test]
async fn the_profile_needs_a_signed_in_user() {
    let app = TestApp::spawn().await;

    let response = app.post(&app.client, "my_profile", &()).await;

    assert_eq!(response.status(), 401);
    assert_eq!(
        decode::<Profile>("my_profile", response).await,
        Err(AppError::Unauthenticated)
    );
    let sessions = app.call::<Sessions>("my_sessions", &()).await;
    assert_eq!(sessions, Err(AppError::Unauthenticated));
    let rename = app
        .call::<()>("update_name", &[("first_name", "X"), ("last_name", "Y")])
        .await;
    assert_eq!(rename, Err(AppError::Unauthenticated));
}

#[tokio::test]
async fn the_profile_lists_the_users_sessions_and_marks_this_one() {
    let app = TestApp::spawn().await;
    app.sign_up("ann@acme.test").await;
    second_browser(&app).await;

    let profile: Profile = app.call("my_profile", &()).await.unwrap();
    let sessions: Sessions = app.call("my_sessions", &()).await.unwrap();

    assert_eq!(profile.email, "ann@acme.test");
    assert_eq!(sessions.sessions.len(), 2);
    assert_eq!(sessions.sessions.iter().filter(|s| s.current).count(), 1);
}

#[tokio::test]
async fn a_name_can_be_changed_but_not_blanked() {
    let app = TestApp::spawn().await;
    app.sign_up("ann@acme.test").await;

    let blank = app
        .call::<()>("update_name", &[("first_name", " "), ("last_name", "Lee")])
        .await;
    app.call::<()>(
        "update_name",
        &[("first_name", "Anna"), ("last_name", "Lee-Smith")],
    )
    .await
    .unwrap();

    assert!(blank.unwrap_err().message_for("first_name").is_some());
    let user = me(&app, &app.client).await.unwrap();
    assert_eq!(
        (user.first_name.as_str(), user.last_name.as_str()),
        ("Anna", "Lee-Smith")
    );
}

#[tokio::test]
async fn changing_the_password_needs_the_current_one() {
    let app = TestApp::spawn().await;
    app.sign_up("ann@acme.test").await;

    let error = app
        .call::<()>(
            "change_password",
            &[
                ("current_password", "not it"),
                ("new_password", NEW_PASSWORD),
            ],
        )
        .await
        .unwrap_err();

    assert_eq!(
        error.message_for("current_password").as_deref(),
        Some("This is not your current password.")
    );
    let login = app
        .post(
            &new_client(),
            "log_in",
            &[("email", "ann@acme.test"), ("password", PASSWORD)],
        )
        .await;
    assert!(login.status().is_success(), "the old password still works");
}

#[tokio::test]
async fn a_new_password_follows_the_rules() {
    let app = TestApp::spawn().await;
    app.sign_up("ann@acme.test").await;

    let error = app
        .call::<()>(
            "change_password",
            &[("current_password", PASSWORD), ("new_password", "password")],
        )
        .await
        .unwrap_err();

    assert!(
        error
            .message_for("new_password")
            .unwrap()
            .contains("most common"),
        "{error:?}"
    );
}

#[tokio::test]
async fn changing_the_password_signs_out_every_other_browser() {
    let app = TestApp::spawn().await;
    app.sign_up("ann@acme.test").await;
    let other = second_browser(&app).await;

    app.call::<()>(
        "change_password",
        &[
            ("current_password", PASSWORD),
            ("new_password", NEW_PASSWORD),
        ],
    )
    .await
    .unwrap();

    assert!(
        me(&app, &app.client).await.is_some(),
        "this browser stays signed in"
    );
    assert_eq!(
        me(&app, &other).await,
        None,
        "the other browser is signed out"
    );
    let old = app
        .post(
            &new_client(),
            "log_in",
            &[("email", "ann@acme.test"), ("password", PASSWORD)],
        )
        .await;
    let new = app
        .post(
            &new_client(),
            "log_in",
            &[("email", "ann@acme.test"), ("password", NEW_PASSWORD)],
        )
        .await;
    assert_eq!(old.status(), 401);
    assert!(new.status().is_success());
}

#[tokio::test]
async fn log_out_other_sessions_keeps_only_this_one() {
    let app = TestApp::spawn().await;
    app.sign_up("ann@acme.test").await;
    let other = second_browser(&app).await;
    let third = second_browser(&app).await;

    let ended: u64 = app.call("log_out_other_sessions", &()).await.unwrap();

    assert_eq!(ended, 2);
    assert!(me(&app, &app.client).await.is_some());
    assert_eq!(me(&app, &other).await, None);
    assert_eq!(me(&app, &third).await, None);
}
