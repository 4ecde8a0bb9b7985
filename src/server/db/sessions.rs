//! Server-side sessions, found by the SHA-256 of the cookie's token.

use super::users::parse_id;
use super::Db;
use sqlx::AnyConnection;
use uuid::Uuid;

pub struct SessionRow {
    pub id: Uuid,
    pub user_id: Uuid,
    pub created_at: i64,
    pub last_seen_at: i64,
}

pub struct NewSession<'a> {
    pub token_hash: &'a str,
    pub user_id: Uuid,
    pub ip: Option<&'a str>,
    pub user_agent: Option<&'a str>,
}

pub async fn insert(
    conn: &mut AnyConnection,
    session: &NewSession<'_>,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO sessions (id, token_hash, user_id, ip, user_agent, created_at, last_seen_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6)",
    )
    .bind(Uuid::new_v4().to_string())
    .bind(session.token_hash)
    .bind(session.user_id.to_string())
    .bind(session.ip)
    .bind(session.user_agent)
    .bind(now_ms)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn find(db: &Db, token_hash: &str) -> Result<Option<SessionRow>, sqlx::Error> {
    let row: Option<(String, String, i64, i64)> = sqlx::query_as(
        "SELECT id, user_id, created_at, last_seen_at FROM sessions WHERE token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(db.pool())
    .await?;
    row.map(|(id, user_id, created_at, last_seen_at)| {
        Ok(SessionRow {
            id: parse_id(&id)?,
            user_id: parse_id(&user_id)?,
            created_at,
            last_seen_at,
        })
    })
    .transpose()
}

pub async fn touch(db: &Db, id: Uuid, now_ms: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id = $2")
        .bind(now_ms)
        .bind(id.to_string())
        .execute(db.pool())
        .await?;
    Ok(())
}

pub async fn delete(db: &Db, id: Uuid) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE id = $1")
        .bind(id.to_string())
        .execute(db.pool())
        .await?;
    Ok(())
}

pub async fn delete_by_token_hash(
    conn: &mut AnyConnection,
    token_hash: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(conn)
        .await?;
    Ok(())
}

/// The sessions of a user, most recently used first.
pub async fn list_for_user(db: &Db, user_id: Uuid) -> Result<Vec<SessionSummary>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, ip, user_agent, created_at, last_seen_at FROM sessions \
         WHERE user_id = $1 ORDER BY last_seen_at DESC",
    )
    .bind(user_id.to_string())
    .fetch_all(db.pool())
    .await
}

#[derive(sqlx::FromRow)]
pub struct SessionSummary {
    pub id: String,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub created_at: i64,
    pub last_seen_at: i64,
}

/// Ends every session of `user_id` but `keep`; returns how many ended.
pub async fn delete_others(
    conn: &mut AnyConnection,
    user_id: Uuid,
    keep: Uuid,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id <> $2")
        .bind(user_id.to_string())
        .bind(keep.to_string())
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}

pub async fn delete_all(conn: &mut AnyConnection, user_id: Uuid) -> Result<u64, sqlx::Error> {
    let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user_id.to_string())
        .execute(conn)
        .await?;
    Ok(done.rows_affected())
}
