//! Users, agencies and staff roles.

use super::Db;
use crate::domain::{AccountPlace, AgencyMembership, CurrentUser, Place, StaffRole};
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

/// The columns of `users` that a [`CurrentUser`] is made of.
#[derive(sqlx::FromRow)]
pub(super) struct CurrentUserRow {
    email: String,
    first_name: String,
    last_name: String,
    current_place: Option<String>,
    must_change_password: i64,
}

/// The user with every place they can work in, if they may sign in. Their chosen place is
/// `current_place` while it still grants access, else the first place (agencies before accounts).
pub async fn current(
    db: &Db,
    user_id: Uuid,
    now_ms: i64,
) -> Result<Option<CurrentUser>, sqlx::Error> {
    let id = user_id.to_string();
    let row: Option<CurrentUserRow> = sqlx::query_as(
        "SELECT email, first_name, last_name, current_place, \
                CAST(must_change_password AS BIGINT) AS must_change_password \
         FROM users WHERE id = $1 AND disabled = 0",
    )
    .bind(&id)
    .fetch_optional(db.pool())
    .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    with_places(db, user_id, row, now_ms).await.map(Some)
}

/// The user of `row` with their places (see [`current`]).
pub(super) async fn with_places(
    db: &Db,
    user_id: Uuid,
    row: CurrentUserRow,
    now_ms: i64,
) -> Result<CurrentUser, sqlx::Error> {
    let places = places(db, &user_id.to_string(), now_ms).await?;
    let place = row
        .current_place
        .and_then(|key| places.iter().find(|p| p.key() == key).cloned())
        .or_else(|| places.first().cloned());
    Ok(CurrentUser {
        id: user_id,
        email: row.email,
        first_name: row.first_name,
        last_name: row.last_name,
        place,
        places,
        must_change_password: row.must_change_password != 0,
    })
}

/// Agencies the user is staff of, then client accounts whose membership grants something now: not
/// ended, account not archived, and some resource in scope (all of them, or at least one chosen).
/// One query, as every authenticated request asks it.
async fn places(db: &Db, user_id: &str, now_ms: i64) -> Result<Vec<Place>, sqlx::Error> {
    // kind 0: (agency, its name, the staff role); kind 1: (account, its name, its agency's name).
    let rows: Vec<(i64, String, String, String)> = sqlx::query_as(
        "SELECT CAST(0 AS BIGINT) AS kind, a.id, a.name, s.role AS detail, \
                s.created_at AS since, '' AS name_key \
         FROM staff_members s JOIN agencies a ON a.id = s.agency_id \
         WHERE s.user_id = $1 \
         UNION ALL \
         SELECT CAST(1 AS BIGINT), c.id, c.name, a.name, CAST(0 AS BIGINT), c.name_key \
         FROM memberships m \
         JOIN client_accounts c ON c.id = m.client_account_id \
         JOIN agencies a ON a.id = c.agency_id \
         WHERE m.user_id = $1 AND c.archived_at IS NULL \
           AND (m.ends_at IS NULL OR m.ends_at > $2) \
           AND (m.all_resources = 1 OR EXISTS \
                (SELECT 1 FROM membership_resources r WHERE r.membership_id = m.id)) \
         ORDER BY kind, since, name_key, id",
    )
    .bind(user_id)
    .bind(now_ms)
    .fetch_all(db.pool())
    .await?;
    let mut places = Vec::with_capacity(rows.len());
    for (kind, id, name, detail) in rows {
        let id = parse_id(&id)?;
        if kind == 1 {
            places.push(Place::Account(AccountPlace {
                id,
                name,
                agency_name: detail,
            }));
        } else if let Some(role) = StaffRole::parse(&detail) {
            places.push(Place::Agency(AgencyMembership { id, name, role }));
        }
    }
    Ok(places)
}

/// Remembers where the user chose to work.
pub async fn set_current_place(
    conn: &mut AnyConnection,
    user_id: Uuid,
    key: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET current_place = $1 WHERE id = $2")
        .bind(key)
        .bind(user_id.to_string())
        .execute(conn)
        .await?;
    Ok(())
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
    conn: &mut AnyConnection,
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
        .execute(conn)
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
    // A password the person chose themselves: no longer one they must change.
    sqlx::query(
        "UPDATE users SET password_hash = $1, must_change_password = 0, updated_at = $2 WHERE id = $3",
    )
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

/// Marks a profile a staff member created without an invitation (they complete it), or completed.
pub async fn set_profile_pending(
    conn: &mut AnyConnection,
    user_id: Uuid,
    pending: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE users SET profile_pending = $1 WHERE id = $2")
        .bind(i32::from(pending))
        .bind(user_id.to_string())
        .execute(conn)
        .await?;
    Ok(())
}
