use crate::helpers::TestApp;
use switchboard::domain::DbBackend;
use switchboard::server::db::installation;

/// Each transaction reads, then writes. On SQLite a deferred transaction would fail here with
/// SQLITE_BUSY when it upgrades its read lock; `begin_write` must make every one of them commit.
#[tokio::test]
async fn concurrent_read_then_write_transactions_all_commit() {
    let app = TestApp::spawn().await;
    let db = app.running().db.clone();
    let before = installation::created_at(&db).await.unwrap();

    let writers: Vec<_> = (0..20)
        .map(|_| {
            let db = db.clone();
            tokio::spawn(async move {
                let mut tx = db.begin_write().await?;
                let _: i64 = sqlx::query_scalar("SELECT created_at FROM installation")
                    .fetch_one(&mut *tx)
                    .await?;
                tokio::task::yield_now().await;
                sqlx::query("UPDATE installation SET created_at = created_at + 1")
                    .execute(&mut *tx)
                    .await?;
                tx.commit().await
            })
        })
        .collect();
    for writer in writers {
        writer
            .await
            .unwrap()
            .expect("the write transaction commits");
    }

    assert_eq!(installation::created_at(&db).await.unwrap(), before + 20);
}

#[tokio::test]
async fn foreign_keys_are_enforced() {
    let app = TestApp::spawn().await;
    let mut tx = app.running().db.begin_write().await.unwrap();
    sqlx::query("CREATE TABLE fk_parent (id TEXT PRIMARY KEY)")
        .execute(&mut *tx)
        .await
        .unwrap();
    sqlx::query("CREATE TABLE fk_child (parent TEXT NOT NULL REFERENCES fk_parent (id))")
        .execute(&mut *tx)
        .await
        .unwrap();

    let orphan = sqlx::query("INSERT INTO fk_child (parent) VALUES ('missing')")
        .execute(&mut *tx)
        .await;

    assert!(orphan.is_err(), "a row pointing at nothing must be refused");
}

#[tokio::test]
async fn sqlite_runs_in_wal_mode() {
    let app = TestApp::spawn().await;
    let db = &app.running().db;
    if db.backend() != DbBackend::Sqlite {
        return; // A SQLite setting; PostgreSQL has no journal mode to check.
    }
    let mut tx = db.begin_write().await.unwrap();
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(&mut *tx)
        .await
        .unwrap();
    assert_eq!(mode, "wal");
}
