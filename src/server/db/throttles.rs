//! Counters of log-in attempts, one row per account or IP address.

use super::Db;

/// Counts one more attempt under `key` and returns the count in the current window. A window
/// older than `window_ms` starts again at 1. One statement, so concurrent calls never lose a count.
pub async fn count_attempt(
    db: &Db,
    key: &str,
    now_ms: i64,
    window_ms: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO login_throttles (key, attempts, window_started_at) VALUES ($1, 1, $2) \
         ON CONFLICT (key) DO UPDATE SET \
           attempts = CASE WHEN login_throttles.window_started_at <= $3 THEN 1 \
                           ELSE login_throttles.attempts + 1 END, \
           window_started_at = CASE WHEN login_throttles.window_started_at <= $3 THEN $2 \
                                    ELSE login_throttles.window_started_at END \
         RETURNING attempts",
    )
    .bind(key)
    .bind(now_ms)
    .bind(now_ms - window_ms)
    .fetch_one(db.pool())
    .await
}

/// Forgets every attempt under `key`.
pub async fn reset(db: &Db, key: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM login_throttles WHERE key = $1")
        .bind(key)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Takes back one attempt under `key` (it turned out not to be a guess).
pub async fn uncount_attempt(db: &Db, key: &str) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE login_throttles SET attempts = attempts - 1 WHERE key = $1 AND attempts > 0",
    )
    .bind(key)
    .execute(db.pool())
    .await?;
    Ok(())
}
