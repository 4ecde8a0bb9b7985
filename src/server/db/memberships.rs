//! Memberships: a user in a client account, with a resource scope, an end date and switches.

use super::users::parse_id;
use super::Db;
use crate::domain::AccountMember;
use sqlx::AnyConnection;
use uuid::Uuid;

/// A member's scope in an account: all resources, or these; `None` when the membership grants
/// nothing now (none, ended, or the account archived).
pub async fn member_scope(
    db: &Db,
    user_id: Uuid,
    account_id: Uuid,
    now_ms: i64,
) -> Result<Option<Option<Vec<Uuid>>>, sqlx::Error> {
    let row: Option<(String, i64)> = sqlx::query_as(
        "SELECT m.id, CAST(m.all_resources AS BIGINT) FROM memberships m \
         JOIN client_accounts c ON c.id = m.client_account_id \
         WHERE m.user_id = $1 AND m.client_account_id = $2 AND c.archived_at IS NULL \
           AND (m.ends_at IS NULL OR m.ends_at > $3)",
    )
    .bind(user_id.to_string())
    .bind(account_id.to_string())
    .bind(now_ms)
    .fetch_optional(db.pool())
    .await?;
    let Some((membership_id, all)) = row else {
        return Ok(None);
    };
    if all == 1 {
        return Ok(Some(None));
    }
    let chosen: Vec<String> =
        sqlx::query_scalar("SELECT resource_id FROM membership_resources WHERE membership_id = $1")
            .bind(membership_id)
            .fetch_all(db.pool())
            .await?;
    let chosen = chosen
        .iter()
        .map(|id| parse_id(id))
        .collect::<Result<Vec<_>, _>>()?;
    Ok((!chosen.is_empty()).then_some(Some(chosen)))
}

/// Adds a membership (invitations and the demo create them).
pub struct NewMembership<'a> {
    pub user_id: Uuid,
    pub account_id: Uuid,
    /// `None`: all current and future resources.
    pub resources: Option<&'a [Uuid]>,
    pub account_owner: bool,
    pub ends_at: Option<i64>,
    /// The catalog keys switched on.
    pub permissions: &'a [&'a str],
}

pub async fn insert_membership(
    conn: &mut AnyConnection,
    membership: &NewMembership<'_>,
    now_ms: i64,
) -> Result<Uuid, sqlx::Error> {
    let id = Uuid::new_v4();
    sqlx::query(
        "INSERT INTO memberships (id, user_id, client_account_id, all_resources, account_owner, \
                                  ends_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id.to_string())
    .bind(membership.user_id.to_string())
    .bind(membership.account_id.to_string())
    .bind(i32::from(membership.resources.is_none()))
    .bind(i32::from(membership.account_owner))
    .bind(membership.ends_at)
    .bind(now_ms)
    .execute(&mut *conn)
    .await?;
    super::permissions::replace(&mut *conn, id, membership.permissions).await?;
    for resource in membership.resources.unwrap_or_default() {
        sqlx::query(
            "INSERT INTO membership_resources (membership_id, resource_id) VALUES ($1, $2)",
        )
        .bind(id.to_string())
        .bind(resource.to_string())
        .execute(&mut *conn)
        .await?;
    }
    Ok(id)
}

#[derive(sqlx::FromRow)]
struct MemberRow {
    user_id: String,
    first_name: String,
    last_name: String,
    email: String,
    all_resources: i64,
    chosen: i64,
    account_owner: i64,
    ends_at: Option<i64>,
}

/// The members of an account, by name.
pub async fn members(db: &Db, account_id: Uuid) -> Result<Vec<AccountMember>, sqlx::Error> {
    let rows: Vec<MemberRow> = sqlx::query_as(
        "SELECT u.id AS user_id, u.first_name, u.last_name, u.email, \
                CAST(m.all_resources AS BIGINT) AS all_resources, \
                (SELECT COUNT(*) FROM membership_resources r WHERE r.membership_id = m.id) AS chosen, \
                CAST(m.account_owner AS BIGINT) AS account_owner, m.ends_at \
         FROM memberships m JOIN users u ON u.id = m.user_id \
         WHERE m.client_account_id = $1 ORDER BY u.last_name, u.first_name, u.id",
    )
    .bind(account_id.to_string())
    .fetch_all(db.pool())
    .await?;
    rows.into_iter()
        .map(|row| {
            Ok(AccountMember {
                user_id: parse_id(&row.user_id)?,
                name: format!("{} {}", row.first_name, row.last_name),
                email: row.email,
                chosen_resources: (row.all_resources == 0).then_some(row.chosen),
                account_owner: row.account_owner != 0,
                ends_at: row.ends_at,
            })
        })
        .collect()
}

/// A membership whose access has just ended: (user, account, agency).
pub type Ended = (Uuid, Uuid, Uuid);

/// Marks the memberships whose end date has passed as recorded, and returns them (each once).
pub async fn record_ended(
    conn: &mut AnyConnection,
    now_ms: i64,
) -> Result<Vec<Ended>, sqlx::Error> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "UPDATE memberships SET end_recorded = 1 \
         WHERE ends_at IS NOT NULL AND ends_at <= $1 AND end_recorded = 0 \
         RETURNING user_id, client_account_id",
    )
    .bind(now_ms)
    .fetch_all(&mut *conn)
    .await?;
    let mut ended = Vec::with_capacity(rows.len());
    for (user, account) in rows {
        let agency: String =
            sqlx::query_scalar("SELECT agency_id FROM client_accounts WHERE id = $1")
                .bind(&account)
                .fetch_one(&mut *conn)
                .await?;
        ended.push((parse_id(&user)?, parse_id(&account)?, parse_id(&agency)?));
    }
    Ok(ended)
}
