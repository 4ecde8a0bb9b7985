use crate::helpers::TestApp;
use switchboard::domain::{DbBackend, StatusReport};

fn expected_backend(app: &TestApp) -> DbBackend {
    if app.database.url().starts_with("sqlite:") {
        DbBackend::Sqlite
    } else {
        DbBackend::Postgres
    }
}

/// The version of the newest file in migrations/ (both backends have the same versions).
fn newest_migration() -> i64 {
    std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/sqlite"))
        .unwrap()
        .filter_map(|entry| {
            entry
                .ok()?
                .file_name()
                .to_str()?
                .split('_')
                .next()?
                .parse()
                .ok()
        })
        .max()
        .unwrap()
}

#[test]
fn both_backends_have_the_same_migrations() {
    let names = |backend: &str| {
        let folder = format!("{}/migrations/{backend}", env!("CARGO_MANIFEST_DIR"));
        let mut names: Vec<_> = std::fs::read_dir(folder)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        names.sort();
        names
    };
    assert_eq!(names("sqlite"), names("postgres"));
}

#[tokio::test]
async fn the_status_function_reports_the_database_it_runs_on() {
    let app = TestApp::spawn().await;

    let report: StatusReport = app.call("status", &()).await.unwrap();

    assert_eq!(report.backend, expected_backend(&app));
    assert_eq!(report.schema_version, newest_migration());
    assert!(report.installed_at_ms <= report.checked_at_ms);
    assert!(report.db_round_trip_us >= 0);
}

#[tokio::test]
async fn a_restart_keeps_the_installation_and_does_not_migrate_twice() {
    let app = TestApp::spawn().await;
    let first: StatusReport = app.call("status", &()).await.unwrap();
    let database = app.stop().await;

    let app = TestApp::spawn_on(database).await;
    let second: StatusReport = app.call("status", &()).await.unwrap();

    assert_eq!(second.installed_at_ms, first.installed_at_ms);
    assert_eq!(second.schema_version, first.schema_version);
}

#[tokio::test]
async fn a_failing_database_gives_the_browser_an_opaque_error() {
    let app = TestApp::spawn().await;
    app.running().db.close().await;

    let error = app.call::<StatusReport>("status", &()).await.unwrap_err();

    assert_eq!(error, switchboard::domain::AppError::Internal);
}
