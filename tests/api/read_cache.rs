//! The answers kept in memory (a session with its user, a page of the Users list) never outlive a
//! change: one made through the server counts on its next request, one made past it (an operator
//! command) within a second. With PostgreSQL the same hold across two instances.

use crate::agency::{account, agency, member, person, Person};
use crate::helpers::{decode, new_client, TestApp, PASSWORD};
use std::time::{Duration, Instant};
use switchboard::domain::{ClientUser, CurrentUser, DbBackend, Listing};
use switchboard::server::db::Db;

/// With PostgreSQL a second instance on the same database; with SQLite (one instance) the same one.
async fn elsewhere(app: &TestApp) -> Option<TestApp> {
    match app.db().backend() {
        DbBackend::Postgres => Some(app.second_instance().await),
        DbBackend::Sqlite => None,
    }
}

async fn client_user_emails(app: &TestApp, viewer: &Person) -> Vec<String> {
    let page: Listing<ClientUser> = viewer
        .read(app, "client_users", &[("search", ""), ("after", "")])
        .await
        .unwrap();
    page.items.iter().map(|user| user.email.clone()).collect()
}

async fn current_user(app: &TestApp, browser: &reqwest::Client) -> Option<CurrentUser> {
    decode("current_user", app.post(browser, "current_user", &()).await)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_removal_through_one_instance_shows_on_the_next_read_through_another() {
    let app = TestApp::spawn().await;
    let second = elsewhere(&app).await;
    let reader = second.as_ref().unwrap_or(&app);
    let (owner, _) = agency(&app, "owner@acme.test", "Acme").await;
    let globex = account(&app, &owner, "Globex").await;
    let ivy = person(&app, "ivy@client.test").await;
    member(&app, &ivy, globex, None, None).await;
    // Read twice, so that the second answer is the one kept in memory.
    for _ in 0..2 {
        assert_eq!(
            client_user_emails(reader, &owner).await,
            ["ivy@client.test"]
        );
    }

    let account = globex.to_string();
    let user_id = ivy.id.to_string();
    owner
        .call::<()>(
            &app,
            "remove_client_user",
            &[
                ("user_id", user_id.as_str()),
                ("accounts[0]", account.as_str()),
            ],
        )
        .await
        .unwrap();

    assert!(client_user_emails(reader, &owner).await.is_empty());
}

#[tokio::test]
async fn a_session_ended_through_one_instance_is_refused_on_the_next_request_through_another() {
    let app = TestApp::spawn().await;
    let second = elsewhere(&app).await;
    let reader = second.as_ref().unwrap_or(&app);
    let (owner, _) = agency(&app, "owner@acme.test", "Acme").await;
    let laptop = new_client();
    let logged_in = app
        .post(
            &laptop,
            "log_in",
            &[("email", "owner@acme.test"), ("password", PASSWORD)],
        )
        .await;
    assert_eq!(logged_in.status(), 200);
    for _ in 0..2 {
        assert!(current_user(reader, &laptop).await.is_some());
    }

    let ended: u64 = owner
        .call(&app, "log_out_other_sessions", &())
        .await
        .unwrap();
    assert_eq!(ended, 1);

    assert_eq!(current_user(reader, &laptop).await, None);
    assert!(current_user(reader, &owner.client).await.is_some());
}

/// Renames the owner to Owain on `conn`, a connection of another process than the server.
async fn rename_past_the_server(conn: &mut sqlx::AnyConnection, owner: &Person) {
    sqlx::query("UPDATE users SET first_name = 'Owain' WHERE id = $1")
        .bind(owner.id.to_string())
        .execute(conn)
        .await
        .unwrap();
}

/// The server answers with the new name within 1.5 s of the change (a second, and room for a slow
/// machine).
async fn the_new_name_is_served_within_a_second(
    app: &TestApp,
    owner: &Person,
    changed_at: Instant,
) {
    while owner.me(app).await.first_name != "Owain" {
        assert!(
            changed_at.elapsed() < Duration::from_millis(1500),
            "the old name was still served after {:?}",
            changed_at.elapsed()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test]
async fn a_change_made_past_the_app_counts_within_a_second() {
    let app = TestApp::spawn().await;
    let (owner, _) = agency(&app, "owner@acme.test", "Acme").await;
    assert_eq!(owner.me(&app).await.first_name, "Owen");
    // As an operator command does: its own connection to the database, not the server's.
    let operator = Db::connect(app.database.url()).await.unwrap();
    let mut tx = operator.begin_write().await.unwrap();
    rename_past_the_server(&mut tx, &owner).await;
    tx.commit().await.unwrap();

    the_new_name_is_served_within_a_second(&app, &owner, Instant::now()).await;
    operator.close().await;
}

#[tokio::test]
async fn an_answer_is_kept_until_a_change_is_counted_or_it_is_a_second_old() {
    let app = TestApp::spawn().await;
    let (owner, _) = agency(&app, "owner@acme.test", "Acme").await;
    assert_eq!(owner.me(&app).await.first_name, "Owen");
    // A write that no write transaction counts, on a connection of its own.
    let elsewhere = Db::connect(app.database.url()).await.unwrap();
    let mut conn = elsewhere.connection().await.unwrap();
    rename_past_the_server(&mut conn, &owner).await;
    let changed_at = Instant::now();

    assert_eq!(
        owner.me(&app).await.first_name,
        "Owen",
        "the answer read before the change is served from memory"
    );
    the_new_name_is_served_within_a_second(&app, &owner, changed_at).await;
    drop(conn);
    elsewhere.close().await;
}

/// PostgreSQL: the count of changes is read on a connection of the server's own, kept between
/// requests. When the database closes it (a restart, an idle timeout), the next request opens
/// another and is answered as before.
#[tokio::test]
async fn a_closed_connection_for_the_count_of_changes_is_opened_again() {
    let app = TestApp::spawn().await;
    if app.db().backend() != DbBackend::Postgres {
        return;
    }
    let (owner, _) = agency(&app, "owner@acme.test", "Acme").await;
    assert_eq!(owner.me(&app).await.first_name, "Owen");

    let mut admin = app.db().connection().await.unwrap();
    // The count's connection is the one whose last statement read it.
    let closed: Vec<bool> = sqlx::query_scalar(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE datname = current_database() AND pid <> pg_backend_pid() \
         AND query = 'SELECT changes FROM change_epoch'",
    )
    .fetch_all(&mut *admin)
    .await
    .unwrap();
    drop(admin);
    assert_eq!(closed, [true]);

    assert_eq!(owner.me(&app).await.first_name, "Owen");
}
