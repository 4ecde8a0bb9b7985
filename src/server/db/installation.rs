//! The one row that says when this database was set up.

use super::Db;
use uuid::Uuid;

/// Records the installation on first start (a no-op later) and returns when it happened.
pub async fn ensure(db: &Db, now_ms: i64) -> Result<i64, sqlx::Error> {
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "INSERT INTO installation (id, singleton, created_at) VALUES ($1, 1, $2) \
         ON CONFLICT (singleton) DO NOTHING",
    )
    .bind(Uuid::new_v4().to_string())
    .bind(now_ms)
    .execute(&mut *tx)
    .await?;
    let created_at = sqlx::query_scalar("SELECT created_at FROM installation")
        .fetch_one(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(created_at)
}

/// When this database was first set up, in Unix milliseconds.
pub async fn created_at(db: &Db) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT created_at FROM installation")
        .fetch_one(db.pool())
        .await
}
