//! Server-side sessions, found by the SHA-256 of the cookie's token.

use super::users::{self, parse_id, CurrentUserRow};
use super::Db;
use crate::domain::CurrentUser;
use crate::server::session::hash_token;
use sqlx::AnyConnection;
use uuid::Uuid;

#[derive(Debug, Clone)]
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

#[derive(sqlx::FromRow)]
struct SessionUserRow {
    id: String,
    user_id: String,
    created_at: i64,
    last_seen_at: i64,
    #[sqlx(flatten)]
    user: CurrentUserRow,
}

/// The session of the cookie's `token` with its user, when that user may sign in: the session and
/// the user in one query, their places in a second (every authenticated request asks this first),
/// or from memory when nothing they are read from has changed since (`cache.rs`). Kept by the token
/// itself, so a request that finds them there hashes nothing.
pub async fn find_with_user(
    db: &Db,
    token: &str,
    now_ms: i64,
) -> Result<Option<(SessionRow, CurrentUser)>, sqlx::Error> {
    let reads = db.reads();
    let read_in = reads.epoch.now(db.pool()).await?;
    let read = || read_with_user(db, token, now_ms);
    reads
        .sessions
        .get_or_read(&reads.epoch, read_in, token, read)
        .await
}

async fn read_with_user(
    db: &Db,
    token: &str,
    now_ms: i64,
) -> Result<Option<(SessionRow, CurrentUser)>, sqlx::Error> {
    let row: Option<SessionUserRow> = sqlx::query_as(
        "SELECT s.id, s.user_id, s.created_at, s.last_seen_at, \
                u.email, u.first_name, u.last_name, u.current_place, \
                CAST(u.must_change_password AS BIGINT) AS must_change_password \
         FROM sessions s JOIN users u ON u.id = s.user_id \
         WHERE s.token_hash = $1 AND u.disabled = 0",
    )
    .bind(hash_token(token))
    .fetch_optional(db.pool())
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let session = SessionRow {
        id: parse_id(&row.id)?,
        user_id: parse_id(&row.user_id)?,
        created_at: row.created_at,
        last_seen_at: row.last_seen_at,
    };
    let user = users::with_places(db, session.user_id, row.user, now_ms).await?;
    Ok(Some((session, user)))
}

/// Records that the session of `token` was used at `now_ms`: of the answers kept in memory, only
/// this session's own is out of date.
pub async fn touch(db: &Db, token: &str, now_ms: i64) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
        .bind(now_ms)
        .bind(hash_token(token))
        .execute(db.pool())
        .await?;
    db.reads().sessions.forget(token);
    Ok(())
}

/// Ends the session of `token`, which has timed out.
pub async fn delete(db: &Db, token: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(hash_token(token))
        .execute(db.pool())
        .await?;
    db.reads().sessions.forget(token);
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
