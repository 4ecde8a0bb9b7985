//! Users, agencies and staff roles.

use super::Db;
use crate::domain::{AgencyMembership, CurrentUser, StaffRole};
use sqlx::AnyConnection;
use uuid::Uuid;

/// What a log-in needs to know about an email address. Server-only: never serialized.
pub struct Credentials {
    pub user_id: Uuid,
    pub password_hash: String,
    pub disabled: bool,
}

pub struct NewUser<'a> {
    pub id: Uuid,
    pub email: &'a str,
    pub email_normalized: &'a str,
    pub first_name: &'a str,
    pub last_name: &'a str,
    pub password_hash: &'a str,
}

pub async fn insert(
    conn: &mut AnyConnection,
    user: &NewUser<'_>,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO users (id, email, email_normalized, first_name, last_name, password_hash, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
    )
    .bind(user.id.to_string())
    .bind(user.email)
    .bind(user.email_normalized)
    .bind(user.first_name)
    .bind(user.last_name)
    .bind(user.password_hash)
    .bind(now_ms)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn email_taken(
    conn: &mut AnyConnection,
    email_normalized: &str,
) -> Result<bool, sqlx::Error> {
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM users WHERE email_normalized = $1")
        .bind(email_normalized)
        .fetch_one(conn)
        .await?;
    Ok(count > 0)
}

pub async fn credentials(
    db: &Db,
    email_normalized: &str,
) -> Result<Option<Credentials>, sqlx::Error> {
    let row: Option<(String, String, i64)> =
        sqlx::query_as("SELECT id, password_hash, disabled FROM users WHERE email_normalized = $1")
            .bind(email_normalized)
            .fetch_optional(db.pool())
            .await?;
    row.map(|(id, password_hash, disabled)| {
        Ok(Credentials {
            user_id: parse_id(&id)?,
            password_hash,
            disabled: disabled != 0,
        })
    })
    .transpose()
}

pub async fn record_login(
    conn: &mut AnyConnection,
    user_id: Uuid,
    ip: Option<&str>,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET last_login_at = $1, last_login_ip = $2 WHERE id = $3")
        .bind(now_ms)
        .bind(ip)
        .bind(user_id.to_string())
        .execute(conn)
        .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct CurrentUserRow {
    email: String,
    first_name: String,
    last_name: String,
    agency_id: Option<String>,
    agency_name: Option<String>,
    role: Option<String>,
}

/// The user and the agency they work in (their oldest staff membership), if they may sign in.
pub async fn current(db: &Db, user_id: Uuid) -> Result<Option<CurrentUser>, sqlx::Error> {
    let row: Option<CurrentUserRow> = sqlx::query_as(
        "SELECT u.email, u.first_name, u.last_name, a.id AS agency_id, a.name AS agency_name, s.role \
         FROM users u \
         LEFT JOIN staff_members s ON s.user_id = u.id \
         LEFT JOIN agencies a ON a.id = s.agency_id \
         WHERE u.id = $1 AND u.disabled = 0 \
         ORDER BY s.created_at LIMIT 1",
    )
    .bind(user_id.to_string())
    .fetch_optional(db.pool())
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let role = row.role.as_deref().and_then(StaffRole::parse);
    let agency = match (row.agency_id, row.agency_name, role) {
        (Some(id), Some(name), Some(role)) => Some(AgencyMembership {
            id: parse_id(&id)?,
            name,
            role,
        }),
        _ => None,
    };
    Ok(Some(CurrentUser {
        id: user_id,
        email: row.email,
        first_name: row.first_name,
        last_name: row.last_name,
        agency,
    }))
}

pub async fn insert_agency(
    conn: &mut AnyConnection,
    id: Uuid,
    name: &str,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO agencies (id, name, created_at) VALUES ($1, $2, $3)")
        .bind(id.to_string())
        .bind(name)
        .bind(now_ms)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn insert_staff_member(
    conn: &mut AnyConnection,
    agency_id: Uuid,
    user_id: Uuid,
    role: StaffRole,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO staff_members (agency_id, user_id, role, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(agency_id.to_string())
    .bind(user_id.to_string())
    .bind(role.as_str())
    .bind(now_ms)
    .execute(conn)
    .await?;
    Ok(())
}

/// Ids are stored as TEXT; one that does not parse is a corrupt row, reported as a decode error.
pub(super) fn parse_id(text: &str) -> Result<Uuid, sqlx::Error> {
    Uuid::parse_str(text).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

pub async fn update_name(
    db: &Db,
    user_id: Uuid,
    first_name: &str,
    last_name: &str,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET first_name = $1, last_name = $2, updated_at = $3 WHERE id = $4")
        .bind(first_name)
        .bind(last_name)
        .bind(now_ms)
        .bind(user_id.to_string())
        .execute(db.pool())
        .await?;
    Ok(())
}

pub async fn password_hash(db: &Db, user_id: Uuid) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT password_hash FROM users WHERE id = $1")
        .bind(user_id.to_string())
        .fetch_optional(db.pool())
        .await
}

pub async fn set_password_hash(
    conn: &mut AnyConnection,
    user_id: Uuid,
    hash: &str,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3")
        .bind(hash)
        .bind(now_ms)
        .bind(user_id.to_string())
        .execute(conn)
        .await?;
    Ok(())
}

/// The one agency the user works in, if exactly one: its owners may read the user's email in the
/// Outbox. Someone in several agencies must not have their mail shown to another agency's owners.
pub async fn sole_agency(
    conn: &mut AnyConnection,
    user_id: Uuid,
) -> Result<Option<Uuid>, sqlx::Error> {
    let agencies: Vec<String> =
        sqlx::query_scalar("SELECT DISTINCT agency_id FROM staff_members WHERE user_id = $1")
            .bind(user_id.to_string())
            .fetch_all(conn)
            .await?;
    match agencies.as_slice() {
        [only] => parse_id(only).map(Some),
        _ => Ok(None),
    }
}
