//! The switches of memberships.

use super::users::parse_id;
use super::Db;
use sqlx::AnyConnection;
use uuid::Uuid;

/// Replaces the switches of a membership with `keys`.
pub async fn replace(
    conn: &mut AnyConnection,
    membership_id: Uuid,
    keys: &[&str],
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM membership_permissions WHERE membership_id = $1")
        .bind(membership_id.to_string())
        .execute(&mut *conn)
        .await?;
    for key in keys {
        sqlx::query("INSERT INTO membership_permissions (membership_id, node_key) VALUES ($1, $2)")
            .bind(membership_id.to_string())
            .bind(*key)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// A user's membership in an account, whatever its state, and whether it grants anything now.
pub struct MembershipRow {
    pub id: Uuid,
    pub active: bool,
}

pub async fn membership(
    db: &Db,
    user_id: Uuid,
    account_id: Uuid,
    now_ms: i64,
) -> Result<Option<MembershipRow>, sqlx::Error> {
    let row: Option<(String, i64)> = sqlx::query_as(
        "SELECT m.id, CASE WHEN c.archived_at IS NULL AND (m.ends_at IS NULL OR m.ends_at > $3) \
                           THEN 1 ELSE 0 END \
         FROM memberships m JOIN client_accounts c ON c.id = m.client_account_id \
         WHERE m.user_id = $1 AND m.client_account_id = $2",
    )
    .bind(user_id.to_string())
    .bind(account_id.to_string())
    .bind(now_ms)
    .fetch_optional(db.pool())
    .await?;
    row.map(|(id, active)| {
        Ok(MembershipRow {
            id: parse_id(&id)?,
            active: active == 1,
        })
    })
    .transpose()
}

pub async fn keys(db: &Db, membership_id: Uuid) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT node_key FROM membership_permissions WHERE membership_id = $1")
        .bind(membership_id.to_string())
        .fetch_all(db.pool())
        .await
}
