//! Brute-force protection of log-in.

use crate::helpers::{decode, new_client, TestApp, PASSWORD};
use switchboard::domain::{AppError, CurrentUser};
use switchboard::server::throttle::{self, ACCOUNT_LIMIT, IP_LIMIT};

fn form<'a>(email: &'a str, password: &'a str) -> [(&'static str, &'a str); 2] {
    [("email", email), ("password", password)]
}

async fn log_in(app: &TestApp, email: &str, password: &str) -> Result<CurrentUser, AppError> {
    decode(
        "log_in",
        app.post(&new_client(), "log_in", &form(email, password))
            .await,
    )
    .await
}

#[tokio::test]
async fn fifty_parallel_attempts_admit_exactly_the_limit() {
    let app = TestApp::spawn().await;
    let now = switchboard::server::now_ms();

    let attempts: Vec<_> = (0..50)
        .map(|_| {
            let db = app.db().clone();
            tokio::spawn(async move {
                throttle::admit(&db, "ann@acme.test", None, now)
                    .await
                    .unwrap()
            })
        })
        .collect();
    let mut admitted = 0;
    for attempt in attempts {
        admitted += i64::from(attempt.await.unwrap());
    }

    assert_eq!(admitted, ACCOUNT_LIMIT);
}

#[tokio::test]
async fn after_parallel_wrong_passwords_even_the_right_one_is_refused_with_the_same_message() {
    let app = TestApp::spawn().await;
    app.sign_up("ann@acme.test").await;

    let guesses: Vec<_> = (0..50)
        .map(|i| {
            let (address, client) = (app.address.clone(), new_client());
            tokio::spawn(async move {
                let response = client
                    .post(format!("{address}/api/log_in"))
                    .form(&form("ann@acme.test", &format!("guess number {i}")))
                    .send()
                    .await
                    .unwrap();
                decode::<CurrentUser>("log_in", response).await
            })
        })
        .collect();
    for guess in guesses {
        assert_eq!(guess.await.unwrap(), Err(AppError::WrongCredentials));
    }

    assert_eq!(
        log_in(&app, "ann@acme.test", PASSWORD).await,
        Err(AppError::WrongCredentials)
    );
}

#[tokio::test]
async fn a_success_resets_the_account_counter() {
    let app = TestApp::spawn().await;
    app.sign_up("ann@acme.test").await;
    for _ in 0..ACCOUNT_LIMIT - 1 {
        assert!(log_in(&app, "ann@acme.test", "wrong password")
            .await
            .is_err());
    }

    assert!(log_in(&app, "ann@acme.test", PASSWORD).await.is_ok());

    for _ in 0..ACCOUNT_LIMIT - 1 {
        assert!(log_in(&app, "ann@acme.test", "wrong password")
            .await
            .is_err());
    }
    assert!(
        log_in(&app, "ann@acme.test", PASSWORD).await.is_ok(),
        "the earlier failures were forgotten"
    );
}

#[tokio::test]
async fn one_address_guessing_at_many_accounts_is_stopped() {
    let app = TestApp::spawn().await;
    app.sign_up("ann@acme.test").await;
    for i in 0..IP_LIMIT {
        let _ = log_in(&app, &format!("user{i}@acme.test"), "wrong password").await;
    }

    // Ann's own account has no failures, but the address has used up its guesses.
    assert_eq!(
        log_in(&app, "ann@acme.test", PASSWORD).await,
        Err(AppError::WrongCredentials)
    );
}
