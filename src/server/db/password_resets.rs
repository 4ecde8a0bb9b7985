//! "Forgot password" links, found by the SHA-256 of their token.

use super::users::parse_id;
use super::Db;
use sqlx::AnyConnection;
use uuid::Uuid;

pub async fn insert(
    conn: &mut AnyConnection,
    token_hash: &str,
    user_id: Uuid,
    now_ms: i64,
    expires_at: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO password_resets (token_hash, user_id, created_at, expires_at) \
         VALUES ($1, $2, $3, $4)",
    )
    .bind(token_hash)
    .bind(user_id.to_string())
    .bind(now_ms)
    .bind(expires_at)
    .execute(conn)
    .await?;
    Ok(())
}

pub struct ResetRow {
    pub user_id: Uuid,
    pub expires_at: i64,
    pub used_at: Option<i64>,
}

pub async fn find(db: &Db, token_hash: &str) -> Result<Option<ResetRow>, sqlx::Error> {
    let row: Option<(String, i64, Option<i64>)> = sqlx::query_as(
        "SELECT user_id, expires_at, used_at FROM password_resets WHERE token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(db.pool())
    .await?;
    row.map(|(user_id, expires_at, used_at)| {
        Ok(ResetRow {
            user_id: parse_id(&user_id)?,
            expires_at,
            used_at,
        })
    })
    .transpose()
}

/// Uses the link if it is still unused and unexpired, and returns whose it is. One statement, so
/// two requests racing with one link cannot both use it.
pub async fn use_link(
    conn: &mut AnyConnection,
    token_hash: &str,
    now_ms: i64,
) -> Result<Option<Uuid>, sqlx::Error> {
    let user_id: Option<String> = sqlx::query_scalar(
        "UPDATE password_resets SET used_at = $1 \
         WHERE token_hash = $2 AND used_at IS NULL AND expires_at > $1 RETURNING user_id",
    )
    .bind(now_ms)
    .bind(token_hash)
    .fetch_optional(conn)
    .await?;
    user_id.as_deref().map(parse_id).transpose()
}

/// Retires every unused link of the user (a new password makes older links pointless).
pub async fn retire_all(
    conn: &mut AnyConnection,
    user_id: Uuid,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE password_resets SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL")
        .bind(now_ms)
        .bind(user_id.to_string())
        .execute(conn)
        .await?;
    Ok(())
}
