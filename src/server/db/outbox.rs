//! Outgoing email, queued in the transaction of what it announces and claimed by senders.

use super::users::parse_id;
use super::Db;
use sqlx::AnyConnection;
use uuid::Uuid;

pub struct NewMessage<'a> {
    /// Whose owners may read it on the Outbox page.
    pub agency_id: Option<Uuid>,
    pub recipient: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
    /// An HTML alternative to `body`, if any.
    pub html_body: Option<&'a str>,
}

pub async fn insert(
    conn: &mut AnyConnection,
    message: &NewMessage<'_>,
    now_ms: i64,
) -> Result<Uuid, sqlx::Error> {
    let id = Uuid::new_v4();
    sqlx::query(
        "INSERT INTO outbox (id, agency_id, recipient, subject, body, html_body, created_at, \
                             next_attempt_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
    )
    .bind(id.to_string())
    .bind(message.agency_id.map(|id| id.to_string()))
    .bind(message.recipient)
    .bind(message.subject)
    .bind(message.body)
    .bind(message.html_body)
    .bind(now_ms)
    .execute(conn)
    .await?;
    Ok(id)
}

/// A message a sender has claimed.
pub struct Claimed {
    pub id: Uuid,
    pub agency_id: Option<Uuid>,
    pub recipient: String,
    pub subject: String,
    pub body: Option<String>,
    pub html_body: Option<String>,
    pub attempts: i64,
}

/// Claims up to `limit` messages that are due and not claimed by another sender, until
/// `claimed_until`. One statement; the outer conditions are checked again on each row it locks,
/// so two instances racing never claim the same message.
pub async fn claim_due(
    db: &Db,
    now_ms: i64,
    claimed_until: i64,
    limit: i64,
) -> Result<Vec<Claimed>, sqlx::Error> {
    type ClaimedRow = (
        String,
        Option<String>,
        String,
        String,
        Option<String>,
        Option<String>,
        i64,
    );
    let rows: Vec<ClaimedRow> = sqlx::query_as(
        "UPDATE outbox SET claimed_until = $1 \
         WHERE id IN (SELECT id FROM outbox \
                      WHERE sent_at IS NULL AND failed_at IS NULL AND next_attempt_at <= $2 \
                        AND (claimed_until IS NULL OR claimed_until <= $2) \
                      ORDER BY next_attempt_at LIMIT $3) \
           AND sent_at IS NULL AND failed_at IS NULL \
           AND (claimed_until IS NULL OR claimed_until <= $2) \
         RETURNING id, agency_id, recipient, subject, body, html_body, CAST(attempts AS BIGINT)",
    )
    .bind(claimed_until)
    .bind(now_ms)
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    rows.into_iter()
        .map(
            |(id, agency_id, recipient, subject, body, html_body, attempts)| {
                Ok(Claimed {
                    id: parse_id(&id)?,
                    agency_id: agency_id.as_deref().map(parse_id).transpose()?,
                    recipient,
                    subject,
                    body,
                    html_body,
                    attempts,
                })
            },
        )
        .collect()
}

/// Delivered: the body goes (its links are secrets nobody needs any more).
pub async fn mark_sent(conn: &mut AnyConnection, id: Uuid, now_ms: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE outbox SET sent_at = $1, body = NULL, html_body = NULL, claimed_until = NULL, \
                attempts = attempts + 1, last_error = NULL WHERE id = $2",
    )
    .bind(now_ms)
    .bind(id.to_string())
    .execute(conn)
    .await?;
    Ok(())
}

/// One more failed attempt: try again at `retry_at`, or give up (`None`).
pub async fn mark_attempt_failed(
    conn: &mut AnyConnection,
    id: Uuid,
    error: &str,
    retry_at: Option<i64>,
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE outbox SET attempts = attempts + 1, last_error = $1, claimed_until = NULL, \
                next_attempt_at = COALESCE($2, next_attempt_at), \
                failed_at = CASE WHEN $2 IS NULL THEN $3 ELSE NULL END \
         WHERE id = $4",
    )
    .bind(error)
    .bind(retry_at)
    .bind(now_ms)
    .bind(id.to_string())
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
pub struct MessageRow {
    pub id: String,
    pub recipient: String,
    pub subject: String,
    pub body: Option<String>,
    pub created_at: i64,
    pub attempts: i64,
    pub last_error: Option<String>,
    pub sent_at: Option<i64>,
    pub failed_at: Option<i64>,
}

/// The newest `limit` messages an agency's owners may read.
pub async fn list_for_agency(
    db: &Db,
    agency_id: Uuid,
    limit: i64,
) -> Result<Vec<MessageRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, recipient, subject, body, created_at, CAST(attempts AS BIGINT) AS attempts, \
                last_error, sent_at, failed_at \
         FROM outbox WHERE agency_id = $1 ORDER BY created_at DESC, id LIMIT $2",
    )
    .bind(agency_id.to_string())
    .bind(limit)
    .fetch_all(db.pool())
    .await
}
