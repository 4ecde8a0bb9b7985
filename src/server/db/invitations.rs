//! Invitations, found by the SHA-256 of their link's token or by id.

use super::users::parse_id;
use super::Db;
use crate::domain::{AccountRef, PendingInvite, StaffRole};
use sqlx::AnyConnection;
use uuid::Uuid;

pub struct NewInvitation<'a> {
    pub id: Uuid,
    pub agency_id: Uuid,
    /// `None`: a staff invitation.
    pub account_id: Option<Uuid>,
    pub email: &'a str,
    pub email_normalized: &'a str,
    pub token_hash: &'a str,
    pub role: Option<StaffRole>,
    /// Client invitations: `None` for all current and future resources.
    pub resources: Option<&'a [Uuid]>,
    pub permissions: &'a [&'a str],
    pub assigned: &'a [Uuid],
    pub invited_by: Uuid,
    pub expires_at: i64,
}

impl NewInvitation<'_> {
    pub fn target(&self) -> String {
        target(self.agency_id, self.account_id)
    }
}

/// The one-pending rule's key: the account, or the agency for staff.
fn target(agency_id: Uuid, account_id: Option<Uuid>) -> String {
    match account_id {
        Some(account) => format!("account:{account}"),
        None => format!("agency:{agency_id}"),
    }
}

/// An invitation whose link ran out: (id, agency, account, address).
pub type Expired = (Uuid, Uuid, Option<Uuid>, String);

/// Marks every pending invitation whose link ran out as expired, and returns them.
pub async fn expire_due(
    conn: &mut AnyConnection,
    now_ms: i64,
) -> Result<Vec<Expired>, sqlx::Error> {
    let rows: Vec<(String, String, Option<String>, String)> = sqlx::query_as(
        "UPDATE invitations SET status = 'expired', finished_at = $1 \
         WHERE status = 'pending' AND expires_at <= $1 \
         RETURNING id, agency_id, client_account_id, email",
    )
    .bind(now_ms)
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|(id, agency, account, email)| {
            Ok((
                parse_id(&id)?,
                parse_id(&agency)?,
                account.as_deref().map(parse_id).transpose()?,
                email,
            ))
        })
        .collect()
}

/// Inserts the invitation with its resources and assignments. A pending invitation for the same
/// address and target fails on the partial unique index (`is_unique_violation`); expired ones do
/// not stand in the way (see [`expire_due`]).
pub async fn insert(
    conn: &mut AnyConnection,
    invitation: &NewInvitation<'_>,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    let target = invitation.target();
    let id = invitation.id.to_string();
    sqlx::query(
        "INSERT INTO invitations (id, agency_id, client_account_id, target, email, email_normalized, \
                                  token_hash, role, all_resources, permissions, invited_by, \
                                  created_at, sent_at, expires_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13)",
    )
    .bind(&id)
    .bind(invitation.agency_id.to_string())
    .bind(invitation.account_id.map(|a| a.to_string()))
    .bind(&target)
    .bind(invitation.email)
    .bind(invitation.email_normalized)
    .bind(invitation.token_hash)
    .bind(invitation.role.map(StaffRole::as_str))
    .bind(i32::from(invitation.resources.is_none()))
    .bind(invitation.permissions.join(" "))
    .bind(invitation.invited_by.to_string())
    .bind(now_ms)
    .bind(invitation.expires_at)
    .execute(&mut *conn)
    .await?;
    for resource in invitation.resources.unwrap_or_default() {
        sqlx::query(
            "INSERT INTO invitation_resources (invitation_id, resource_id) VALUES ($1, $2)",
        )
        .bind(&id)
        .bind(resource.to_string())
        .execute(&mut *conn)
        .await?;
    }
    for account in invitation.assigned {
        sqlx::query(
            "INSERT INTO invitation_assignments (invitation_id, client_account_id) VALUES ($1, $2)",
        )
        .bind(&id)
        .bind(account.to_string())
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// Whether a live pending invitation for the address and target exists.
pub async fn is_pending(
    db: &Db,
    email_normalized: &str,
    agency_id: Uuid,
    account_id: Option<Uuid>,
    now_ms: i64,
) -> Result<bool, sqlx::Error> {
    let count: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM invitations WHERE email_normalized = $1 AND target = $2 \
         AND status = 'pending' AND expires_at > $3",
    )
    .bind(email_normalized)
    .bind(target(agency_id, account_id))
    .bind(now_ms)
    .fetch_one(db.pool())
    .await?;
    Ok(count > 0)
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    agency_id: String,
    client_account_id: Option<String>,
    email: String,
    email_normalized: String,
    status: String,
    role: Option<String>,
    all_resources: i64,
    permissions: String,
    invited_by: Option<String>,
    sent_at: i64,
    expires_at: i64,
    renewal_asked_at: Option<i64>,
    target_name: String,
    agency_name: String,
    inviter_name: Option<String>,
    inviter_email: Option<String>,
    require_invited_email: i64,
    account_archived: i64,
}

/// An invitation with the names its page and email show.
pub struct Invitation {
    pub id: Uuid,
    pub agency_id: Uuid,
    pub account_id: Option<Uuid>,
    pub email: String,
    pub email_normalized: String,
    pub status: String,
    pub role: Option<StaffRole>,
    pub all_resources: bool,
    pub permissions: Vec<String>,
    pub invited_by: Option<Uuid>,
    pub sent_at: i64,
    pub expires_at: i64,
    pub renewal_asked_at: Option<i64>,
    pub target_name: String,
    pub agency_name: String,
    pub inviter_name: String,
    pub inviter_email: Option<String>,
    /// The agency's setting for client invitations.
    pub require_invited_email: bool,
    pub account_archived: bool,
}

const SELECT: &str = "SELECT i.id, i.agency_id, i.client_account_id, i.email, i.email_normalized, \
        i.status, i.role, CAST(i.all_resources AS BIGINT) AS all_resources, i.permissions, \
        i.invited_by, i.sent_at, i.expires_at, i.renewal_asked_at, \
        COALESCE(c.name, a.name) AS target_name, a.name AS agency_name, \
        u.first_name || ' ' || u.last_name AS inviter_name, u.email AS inviter_email, \
        CAST(a.require_invited_email AS BIGINT) AS require_invited_email, \
        CAST(CASE WHEN c.archived_at IS NULL THEN 0 ELSE 1 END AS BIGINT) AS account_archived \
    FROM invitations i JOIN agencies a ON a.id = i.agency_id \
    LEFT JOIN client_accounts c ON c.id = i.client_account_id \
    LEFT JOIN users u ON u.id = i.invited_by";

fn decode(row: Row) -> Result<Invitation, sqlx::Error> {
    Ok(Invitation {
        id: parse_id(&row.id)?,
        agency_id: parse_id(&row.agency_id)?,
        account_id: row.client_account_id.as_deref().map(parse_id).transpose()?,
        email: row.email,
        email_normalized: row.email_normalized,
        status: row.status,
        role: row.role.as_deref().and_then(StaffRole::parse),
        all_resources: row.all_resources != 0,
        permissions: row
            .permissions
            .split_whitespace()
            .map(str::to_owned)
            .collect(),
        invited_by: row.invited_by.as_deref().map(parse_id).transpose()?,
        sent_at: row.sent_at,
        expires_at: row.expires_at,
        renewal_asked_at: row.renewal_asked_at,
        target_name: row.target_name,
        agency_name: row.agency_name,
        inviter_name: row
            .inviter_name
            .unwrap_or_else(|| "Someone who has since left".to_owned()),
        inviter_email: row.inviter_email,
        require_invited_email: row.require_invited_email != 0,
        account_archived: row.account_archived != 0,
    })
}

pub async fn by_token(
    conn: &mut AnyConnection,
    token_hash: &str,
) -> Result<Option<Invitation>, sqlx::Error> {
    let query = format!("{SELECT} WHERE i.token_hash = $1");
    let row: Option<Row> = sqlx::query_as(sqlx::AssertSqlSafe(query))
        .bind(token_hash)
        .fetch_optional(conn)
        .await?;
    row.map(decode).transpose()
}

pub async fn by_id(conn: &mut AnyConnection, id: Uuid) -> Result<Option<Invitation>, sqlx::Error> {
    let query = format!("{SELECT} WHERE i.id = $1");
    let row: Option<Row> = sqlx::query_as(sqlx::AssertSqlSafe(query))
        .bind(id.to_string())
        .fetch_optional(conn)
        .await?;
    row.map(decode).transpose()
}

/// Claims the invitation for `user_id`: one conditional update, so of many requests racing with one
/// link exactly one gets its id back; the rest get `None`.
pub async fn claim(
    conn: &mut AnyConnection,
    token_hash: &str,
    user_id: Uuid,
    now_ms: i64,
) -> Result<Option<Uuid>, sqlx::Error> {
    let id: Option<String> = sqlx::query_scalar(
        "UPDATE invitations SET status = 'accepted', finished_at = $1, accepted_by = $2 \
         WHERE token_hash = $3 AND status = 'pending' AND expires_at > $1 RETURNING id",
    )
    .bind(now_ms)
    .bind(user_id.to_string())
    .bind(token_hash)
    .fetch_optional(conn)
    .await?;
    id.as_deref().map(parse_id).transpose()
}

/// The chosen resources of a client invitation.
pub async fn resources(conn: &mut AnyConnection, id: Uuid) -> Result<Vec<Uuid>, sqlx::Error> {
    let ids: Vec<String> =
        sqlx::query_scalar("SELECT resource_id FROM invitation_resources WHERE invitation_id = $1")
            .bind(id.to_string())
            .fetch_all(conn)
            .await?;
    ids.iter().map(|id| parse_id(id)).collect()
}

/// The names of the chosen resources, for the invitation page.
pub async fn resource_names(db: &Db, id: Uuid) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT r.name FROM invitation_resources i JOIN resources r ON r.id = i.resource_id \
         WHERE i.invitation_id = $1 ORDER BY r.kind, r.name",
    )
    .bind(id.to_string())
    .fetch_all(db.pool())
    .await
}

/// The accounts a Staff invitation assigns.
pub async fn assignments(conn: &mut AnyConnection, id: Uuid) -> Result<Vec<Uuid>, sqlx::Error> {
    let ids: Vec<String> = sqlx::query_scalar(
        "SELECT client_account_id FROM invitation_assignments WHERE invitation_id = $1",
    )
    .bind(id.to_string())
    .fetch_all(conn)
    .await?;
    ids.iter().map(|id| parse_id(id)).collect()
}

/// A new token and validity window for a pending or expired invitation (Resend); false if it was
/// accepted or cancelled. An expired one is pending again.
pub async fn rotate(
    conn: &mut AnyConnection,
    id: Uuid,
    token_hash: &str,
    now_ms: i64,
    expires_at: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE invitations SET token_hash = $1, sent_at = $2, expires_at = $3, status = 'pending', \
                finished_at = NULL, renewal_asked_at = NULL \
         WHERE id = $4 AND status IN ('pending', 'expired')",
    )
    .bind(token_hash)
    .bind(now_ms)
    .bind(expires_at)
    .bind(id.to_string())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Ends a pending or expired invitation (Cancel); false if it was accepted or cancelled.
pub async fn cancel(conn: &mut AnyConnection, id: Uuid, now_ms: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE invitations SET status = 'cancelled', finished_at = $1 \
         WHERE id = $2 AND status IN ('pending', 'expired')",
    )
    .bind(now_ms)
    .bind(id.to_string())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Records that the invitee asked for a new link; false if they already did since the last send.
pub async fn ask_renewal(
    conn: &mut AnyConnection,
    id: Uuid,
    now_ms: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE invitations SET renewal_asked_at = $1 WHERE id = $2 AND renewal_asked_at IS NULL",
    )
    .bind(now_ms)
    .bind(id.to_string())
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Which pending invitations a list shows.
pub struct PendingFilter<'a> {
    pub agency_id: Uuid,
    /// Only those into this account.
    pub account_id: Option<Uuid>,
    /// Only those into accounts assigned to this Staff member (no staff invitations then).
    pub assigned_to: Option<Uuid>,
    /// A LIKE pattern on the address; `None` for all.
    pub search: Option<&'a str>,
}

#[derive(sqlx::FromRow)]
struct PendingRow {
    id: String,
    email: String,
    email_normalized: String,
    client_account_id: Option<String>,
    account_name: Option<String>,
    role: Option<String>,
    inviter_name: Option<String>,
    sent_at: i64,
    expires_at: i64,
    renewal_asked_at: Option<i64>,
}

/// Where a page of pending invitations starts: after this (address, id).
pub type PendingPosition = (String, String);

/// Up to `limit` invitations still open to Resend (pending, or expired) by address.
pub async fn pending(
    db: &Db,
    filter: &PendingFilter<'_>,
    after: Option<&PendingPosition>,
    limit: i64,
) -> Result<Vec<(PendingPosition, PendingInvite)>, sqlx::Error> {
    let (after_email, after_id) = after.cloned().unwrap_or_default();
    let rows: Vec<PendingRow> = sqlx::query_as(
        "SELECT i.id, i.email, i.email_normalized, i.client_account_id, c.name AS account_name, \
                i.role, u.first_name || ' ' || u.last_name AS inviter_name, i.sent_at, \
                i.expires_at, i.renewal_asked_at \
         FROM invitations i LEFT JOIN client_accounts c ON c.id = i.client_account_id \
         LEFT JOIN users u ON u.id = i.invited_by \
         WHERE i.agency_id = $1 AND i.status IN ('pending', 'expired') \
           AND ($2 IS NULL OR i.client_account_id = $2) \
           AND ($3 IS NULL OR i.client_account_id IN \
                (SELECT client_account_id FROM staff_assignments WHERE user_id = $3)) \
           AND ($4 IS NULL OR i.email_normalized LIKE $4 ESCAPE '\\') \
           AND (i.email_normalized, i.id) > ($5, $6) \
         ORDER BY i.email_normalized, i.id LIMIT $7",
    )
    .bind(filter.agency_id.to_string())
    .bind(filter.account_id.map(|id| id.to_string()))
    .bind(filter.assigned_to.map(|id| id.to_string()))
    .bind(filter.search)
    .bind(after_email)
    .bind(after_id)
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    rows.into_iter()
        .map(|row| {
            let target = match (&row.account_name, row.role.as_deref()) {
                (Some(name), _) => name.clone(),
                (None, role) => format!("Staff ({})", role.unwrap_or("staff").to_uppercase()),
            };
            let invite = PendingInvite {
                id: parse_id(&row.id)?,
                email: row.email,
                target,
                account_id: row.client_account_id.as_deref().map(parse_id).transpose()?,
                invited_by: row.inviter_name.unwrap_or_default(),
                sent_at: row.sent_at,
                expires_at: row.expires_at,
                renewal_asked: row.renewal_asked_at.is_some(),
            };
            Ok(((row.email_normalized, row.id), invite))
        })
        .collect()
}

/// The agency's invitation settings: (valid days, require the invited email).
pub async fn settings(
    conn: &mut AnyConnection,
    agency_id: Uuid,
) -> Result<(i64, bool), sqlx::Error> {
    let (days, require): (i64, i64) = sqlx::query_as(
        "SELECT CAST(invite_valid_days AS BIGINT), CAST(require_invited_email AS BIGINT) \
         FROM agencies WHERE id = $1",
    )
    .bind(agency_id.to_string())
    .fetch_one(conn)
    .await?;
    Ok((days, require != 0))
}

pub async fn save_settings(
    conn: &mut AnyConnection,
    agency_id: Uuid,
    valid_days: i64,
    require_invited_email: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE agencies SET invite_valid_days = $1, require_invited_email = $2 WHERE id = $3",
    )
    .bind(valid_days)
    .bind(i32::from(require_invited_email))
    .bind(agency_id.to_string())
    .execute(conn)
    .await?;
    Ok(())
}

/// The agency's accounts by name (all, or those assigned to a Staff member).
pub async fn agency_accounts(
    db: &Db,
    agency_id: Uuid,
    assigned_to: Option<Uuid>,
) -> Result<Vec<AccountRef>, sqlx::Error> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT c.id, c.name FROM client_accounts c \
         WHERE c.agency_id = $1 AND c.archived_at IS NULL \
           AND ($2 IS NULL OR c.id IN (SELECT client_account_id FROM staff_assignments \
                                       WHERE user_id = $2)) \
         ORDER BY c.name_key, c.id",
    )
    .bind(agency_id.to_string())
    .bind(assigned_to.map(|id| id.to_string()))
    .fetch_all(db.pool())
    .await?;
    super::client_users::account_refs(rows)
}

/// Whether the address's user is a member of the account (in any state).
pub async fn is_member(
    db: &Db,
    email_normalized: &str,
    account_id: Uuid,
) -> Result<bool, sqlx::Error> {
    let count: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM memberships m JOIN users u ON u.id = m.user_id \
         WHERE u.email_normalized = $1 AND m.client_account_id = $2",
    )
    .bind(email_normalized)
    .bind(account_id.to_string())
    .fetch_one(db.pool())
    .await?;
    Ok(count > 0)
}

/// Whether the address's user is on the agency's staff.
pub async fn is_staff(
    db: &Db,
    email_normalized: &str,
    agency_id: Uuid,
) -> Result<bool, sqlx::Error> {
    let count: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM staff_members s JOIN users u ON u.id = s.user_id \
         WHERE u.email_normalized = $1 AND s.agency_id = $2",
    )
    .bind(email_normalized)
    .bind(agency_id.to_string())
    .fetch_one(db.pool())
    .await?;
    Ok(count > 0)
}

/// The user with the address: id and name.
pub async fn user_by_email(
    conn: &mut AnyConnection,
    email_normalized: &str,
) -> Result<Option<(Uuid, String)>, sqlx::Error> {
    let row: Option<(String, String, String)> =
        sqlx::query_as("SELECT id, first_name, last_name FROM users WHERE email_normalized = $1")
            .bind(email_normalized)
            .fetch_optional(conn)
            .await?;
    row.map(|(id, first, last)| Ok((parse_id(&id)?, format!("{first} {last}"))))
        .transpose()
}

/// The agency's name, for emails.
pub async fn agency_name(conn: &mut AnyConnection, agency_id: Uuid) -> Result<String, sqlx::Error> {
    sqlx::query_scalar("SELECT name FROM agencies WHERE id = $1")
        .bind(agency_id.to_string())
        .fetch_one(conn)
        .await
}
