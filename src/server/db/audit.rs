//! The audit trail: appended to in the transaction of each change, never updated or deleted.

use sqlx::AnyConnection;
use uuid::Uuid;

/// One event: who did what to which thing, where, and the request it came from.
pub struct Event<'a> {
    pub actor_id: Option<Uuid>,
    /// e.g. "invitation.sent".
    pub action: &'a str,
    /// e.g. "invitation:<id>".
    pub target: String,
    pub agency_id: Option<Uuid>,
    pub account_id: Option<Uuid>,
    pub ip: Option<&'a str>,
    pub user_agent: Option<&'a str>,
    /// A JSON object with the particulars.
    pub detail: String,
}

pub async fn append(
    conn: &mut AnyConnection,
    event: &Event<'_>,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_events (id, at, actor_id, action, target, agency_id, client_account_id, \
                                   ip, user_agent, detail) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(Uuid::new_v4().to_string())
    .bind(now_ms)
    .bind(event.actor_id.map(|id| id.to_string()))
    .bind(event.action)
    .bind(&event.target)
    .bind(event.agency_id.map(|id| id.to_string()))
    .bind(event.account_id.map(|id| id.to_string()))
    .bind(event.ip)
    .bind(event.user_agent)
    .bind(&event.detail)
    .execute(conn)
    .await?;
    Ok(())
}
