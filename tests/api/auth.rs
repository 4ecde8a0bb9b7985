use crate::helpers::{decode, me, new_client, TestApp, PASSWORD};
use switchboard::domain::{AppError, CurrentUser, StaffRole};

/// Runs one query on the app's database and returns a single integer.
async fn count(app: &TestApp, sql: &'static str) -> i64 {
    let mut tx = app.db().begin_write().await.unwrap();
    sqlx::query_scalar(sql).fetch_one(&mut *tx).await.unwrap()
}

fn log_in_form<'a>(email: &'a str, password: &'a str) -> [(&'static str, &'a str); 2] {
    [("email", email), ("password", password)]
}

#[tokio::test]
async fn sign_up_creates_an_agency_with_its_owner_and_signs_them_in() {
    let app = TestApp::spawn().await;

    let user = app.sign_up("ann@acme.test").await;

    let agency = user.agency().expect("the owner works in the new agency");
    assert_eq!(agency.name, "Acme Agency");
    assert_eq!(agency.role, StaffRole::Owner);
    assert_eq!(user.places.len(), 1);
    assert_eq!(me(&app, &app.client).await, Some(user));
}

#[tokio::test]
async fn nobody_is_signed_in_without_a_session() {
    let app = TestApp::spawn().await;
    assert_eq!(me(&app, &app.client).await, None);
}

#[tokio::test]
async fn an_email_is_taken_whatever_its_case() {
    let app = TestApp::spawn().await;
    app.sign_up("ann@acme.test").await;

    let error = app
        .call::<CurrentUser>(
            "sign_up",
            &[
                ("agency_name", "Other"),
                ("first_name", "A"),
                ("last_name", "L"),
                ("email", "ANN@Acme.test"),
                ("password", PASSWORD),
            ],
        )
        .await
        .unwrap_err();

    assert!(
        error
            .message_for("email")
            .unwrap()
            .contains("already exists"),
        "{error:?}"
    );
    assert_eq!(
        count(&app, "SELECT COUNT(*) FROM agencies").await,
        1,
        "nothing half-written"
    );
}

#[tokio::test]
async fn bad_sign_up_input_is_refused_field_by_field_and_writes_nothing() {
    let app = TestApp::spawn().await;

    let error = app
        .call::<CurrentUser>(
            "sign_up",
            &[
                ("agency_name", ""),
                ("first_name", "Ann"),
                ("last_name", "Lee"),
                ("email", "ann@"),
                ("password", "short"),
            ],
        )
        .await
        .unwrap_err();

    let AppError::Invalid(fields) = error else {
        panic!("expected field errors, got {error:?}")
    };
    let names: Vec<_> = fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(names, ["agency_name", "email", "password"]);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM users").await, 0);
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_email_get_the_same_answer() {
    let app = TestApp::spawn().await;
    app.sign_up("ann@acme.test").await;
    let client = new_client();

    let wrong_password = decode::<CurrentUser>(
        "log_in",
        app.post(
            &client,
            "log_in",
            &log_in_form("ann@acme.test", "not the password"),
        )
        .await,
    )
    .await;
    let unknown_email = decode::<CurrentUser>(
        "log_in",
        app.post(&client, "log_in", &log_in_form("bob@acme.test", PASSWORD))
            .await,
    )
    .await;

    assert_eq!(wrong_password, Err(AppError::WrongCredentials));
    assert_eq!(unknown_email, Err(AppError::WrongCredentials));
    assert_eq!(
        AppError::WrongCredentials.to_string(),
        "Wrong email or password."
    );
    assert_eq!(me(&app, &client).await, None);
}

#[tokio::test]
async fn log_in_accepts_the_email_in_any_case_and_records_when_and_from_where() {
    let app = TestApp::spawn().await;
    app.sign_up("ann@acme.test").await;
    let client = new_client();

    let user: CurrentUser = decode(
        "log_in",
        app.post(&client, "log_in", &log_in_form(" ANN@acme.test ", PASSWORD))
            .await,
    )
    .await
    .unwrap();

    assert_eq!(user.email, "ann@acme.test");
    assert_eq!(me(&app, &client).await.map(|u| u.id), Some(user.id));
    let mut tx = app.db().begin_write().await.unwrap();
    let (at, ip): (Option<i64>, Option<String>) =
        sqlx::query_as("SELECT last_login_at, last_login_ip FROM users")
            .fetch_one(&mut *tx)
            .await
            .unwrap();
    assert!(at.is_some());
    assert_eq!(ip.as_deref(), Some("127.0.0.1"));
}

#[tokio::test]
async fn expected_failures_answer_4xx_and_only_faults_answer_500() {
    let app = TestApp::spawn().await;
    let client = new_client();

    let wrong = app
        .post(
            &client,
            "log_in",
            &log_in_form("nobody@acme.test", PASSWORD),
        )
        .await;
    let invalid = app
        .post(
            &client,
            "sign_up",
            &[
                ("agency_name", ""),
                ("email", ""),
                ("first_name", ""),
                ("last_name", ""),
                ("password", ""),
            ],
        )
        .await;

    assert_eq!(wrong.status(), 401);
    assert_eq!(invalid.status(), 422);
    assert!(matches!(
        decode::<CurrentUser>("sign_up", invalid).await,
        Err(AppError::Invalid(_))
    ));
}

#[tokio::test]
async fn a_common_password_is_refused_at_sign_up_next_to_the_password_field() {
    let app = TestApp::spawn().await;

    let error = app
        .call::<CurrentUser>(
            "sign_up",
            &[
                ("agency_name", "Acme"),
                ("first_name", "Ann"),
                ("last_name", "Lee"),
                ("email", "ann@acme.test"),
                ("password", "QwertyUIOP"),
            ],
        )
        .await
        .unwrap_err();

    assert!(
        error
            .message_for("password")
            .unwrap()
            .contains("most common passwords"),
        "{error:?}"
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM users").await, 0);
}

#[tokio::test]
async fn with_sign_up_closed_no_agency_can_be_created() {
    let app = TestApp::spawn_with(|c| c.signup = switchboard::server::config::Signup::Closed).await;

    let response = app
        .post(
            &app.client,
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

    assert_eq!(response.status(), 403);
    assert_eq!(
        decode::<CurrentUser>("sign_up", response).await,
        Err(AppError::SignupClosed)
    );
    assert_eq!(count(&app, "SELECT COUNT(*) FROM users").await, 0);
}

#[tokio::test]
async fn registering_creates_a_signed_in_user_with_no_access() {
    let app = TestApp::spawn().await;

    let user: CurrentUser = app
        .call(
            "register",
            &[
                ("first_name", "Cleo"),
                ("last_name", "Client"),
                ("email", "cleo@client.test"),
                ("password", PASSWORD),
            ],
        )
        .await
        .unwrap();

    assert_eq!(user.place, None);
    assert_eq!(me(&app, &app.client).await, Some(user));
    assert_eq!(count(&app, "SELECT COUNT(*) FROM agencies").await, 0);
    assert_eq!(count(&app, "SELECT COUNT(*) FROM staff_members").await, 0);
}

#[tokio::test]
async fn registering_follows_the_same_rules_as_sign_up() {
    let app = TestApp::spawn().await;
    app.sign_up("ann@acme.test").await;
    let closed =
        TestApp::spawn_with(|c| c.signup = switchboard::server::config::Signup::Closed).await;
    let form = |email: &'static str, password: &'static str| {
        [
            ("first_name", "Cleo"),
            ("last_name", "Client"),
            ("email", email),
            ("password", password),
        ]
    };

    let taken = app
        .call::<CurrentUser>("register", &form("ANN@acme.test", PASSWORD))
        .await
        .unwrap_err();
    let common = app
        .call::<CurrentUser>("register", &form("cleo@client.test", "password1"))
        .await
        .unwrap_err();
    let refused = closed
        .call::<CurrentUser>("register", &form("cleo@client.test", PASSWORD))
        .await
        .unwrap_err();

    assert!(taken.message_for("email").is_some(), "{taken:?}");
    assert!(common.message_for("password").is_some(), "{common:?}");
    assert_eq!(refused, AppError::SignupClosed);
}
