//! The transactional outbox: email is written in the same transaction as what it announces, and a
//! background sender delivers it over SMTP, retrying with growing pauses. Without SMTP the messages
//! stay, and the agency's owners read them on the Outbox page.

use super::auth::require_user;
use super::db::audit::{self, Event};
use super::db::outbox::{self, MessageRow, NewMessage};
use super::db::Db;
use super::mail::Mailer;
use super::now_ms;
use super::state::AppState;
use crate::domain::{AppError, Delivery, MessageStatus, OutboxListing, OutboxMessage, StaffRole};
use serde_json::json;
use sqlx::AnyConnection;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{watch, Notify};
use tokio::task::JoinHandle;
use uuid::Uuid;

/// Attempts before the sender gives up on a message (the last one about four hours after the first).
pub const MAX_ATTEMPTS: i64 = 10;
const FIRST_RETRY_MS: i64 = 30 * 1000;
const LONGEST_RETRY_MS: i64 = 60 * 60 * 1000;
/// Another instance may take over a message its sender has not finished within this.
const CLAIM_MS: i64 = 2 * 60 * 1000;
/// How many messages one pass claims.
const BATCH: i64 = 20;
/// Messages queued by other instances are found within this, even without a wake-up.
const POLL: Duration = Duration::from_secs(15);
/// The Outbox page shows this many of the newest messages.
const PAGE_SIZE: i64 = 100;

/// Queues a message inside the caller's transaction; call [`Outbox::wake`] after the commit.
pub async fn enqueue(
    conn: &mut AnyConnection,
    message: &NewMessage<'_>,
    now_ms: i64,
) -> Result<Uuid, sqlx::Error> {
    outbox::insert(conn, message, now_ms).await
}

/// This instance's way out: the mailer, if SMTP is configured, and the sender's doorbell.
#[derive(Clone, Debug)]
pub struct Outbox {
    mailer: Option<Mailer>,
    wake: Arc<Notify>,
}

impl Outbox {
    pub fn new(mailer: Option<Mailer>) -> Self {
        Outbox {
            mailer,
            wake: Arc::new(Notify::new()),
        }
    }

    /// Tells the sender that a message was committed, so it goes out now rather than at the next poll.
    pub fn wake(&self) {
        self.wake.notify_one();
    }

    pub fn delivery(&self) -> Delivery {
        match &self.mailer {
            None => Delivery::Held,
            Some(mailer) => Delivery::Smtp {
                server: mailer.server().to_owned(),
            },
        }
    }

    /// Starts the background sender (when SMTP is configured); it stops when `stop` turns true,
    /// after finishing the message in hand.
    pub fn spawn_sender(&self, db: Db, mut stop: watch::Receiver<bool>) -> Option<JoinHandle<()>> {
        let mailer = self.mailer.clone()?;
        let wake = self.wake.clone();
        Some(tokio::spawn(async move {
            tracing::info!(server = mailer.server(), "outbox sender started");
            loop {
                if let Err(error) = deliver_due(&db, &mailer, now_ms()).await {
                    tracing::error!(%error, "outbox: cannot read or update the queue");
                }
                tokio::select! {
                    _ = wake.notified() => {}
                    _ = tokio::time::sleep(POLL) => {}
                    _ = stop.wait_for(|stop| *stop) => break,
                }
            }
        }))
    }
}

/// What one pass of the sender did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Pass {
    pub sent: usize,
    pub failed: usize,
}

/// Sends every message due at `now_ms`; a failure is recorded with the time of the next attempt.
pub async fn deliver_due(db: &Db, mailer: &Mailer, now_ms: i64) -> Result<Pass, sqlx::Error> {
    let mut pass = Pass::default();
    loop {
        let claimed = outbox::claim_due(db, now_ms, now_ms + CLAIM_MS, BATCH).await?;
        if claimed.is_empty() {
            return Ok(pass);
        }
        for message in claimed {
            let result = match &message.body {
                Some(body) => {
                    let html = message.html_body.as_deref();
                    mailer
                        .send(&message.recipient, &message.subject, body, html)
                        .await
                }
                None => Err("the message has no text".to_owned()),
            };
            let mut tx = db.begin_write().await?;
            let (action, detail) = match result {
                Ok(()) => {
                    outbox::mark_sent(&mut tx, message.id, now_ms).await?;
                    pass.sent += 1;
                    (
                        "email.sent",
                        json!({ "to": message.recipient, "subject": message.subject }),
                    )
                }
                Err(error) => {
                    let attempt = message.attempts + 1;
                    let retry_at = (attempt < MAX_ATTEMPTS).then(|| now_ms + retry_delay(attempt));
                    tracing::warn!(id = %message.id, attempt, %error, "outbox: sending failed");
                    outbox::mark_attempt_failed(&mut tx, message.id, &error, retry_at, now_ms)
                        .await?;
                    pass.failed += 1;
                    let detail = json!({
                        "to": message.recipient,
                        "subject": message.subject,
                        "attempt": attempt,
                        "error": error,
                        "given_up": retry_at.is_none(),
                    });
                    ("email.failed", detail)
                }
            };
            let event = Event {
                actor_id: None,
                action,
                target: format!("email:{}", message.id),
                agency_id: message.agency_id,
                account_id: None,
                ip: None,
                user_agent: None,
                detail: detail.to_string(),
            };
            audit::append(&mut tx, &event, now_ms).await?;
            tx.commit().await?;
        }
    }
}

/// 30 s after the first failure, doubling each time, at most an hour.
fn retry_delay(failed_attempts: i64) -> i64 {
    let doublings = u32::try_from(failed_attempts - 1).unwrap_or(0).min(20);
    FIRST_RETRY_MS
        .saturating_mul(1 << doublings)
        .min(LONGEST_RETRY_MS)
}

/// The Outbox page: the agency's messages, for its owners only.
pub async fn page(state: &AppState) -> Result<OutboxListing, AppError> {
    let (_, user) = require_user(state).await?;
    let agency = user
        .agency()
        .filter(|agency| agency.role == StaffRole::Owner)
        .ok_or_else(|| {
            AppError::Forbidden("Only the owners of an agency can read its outbox.".to_owned())
        })?;
    let delivery = state.outbox.delivery();
    let messages = outbox::list_for_agency(&state.db, agency.id, PAGE_SIZE)
        .await?
        .into_iter()
        .map(|row| message(row, &delivery))
        .collect::<Result<_, _>>()?;
    Ok(OutboxListing {
        delivery,
        messages,
        now_ms: now_ms(),
    })
}

fn message(row: MessageRow, delivery: &Delivery) -> Result<OutboxMessage, AppError> {
    let last_error = row.last_error.unwrap_or_default();
    let status = match (row.sent_at, row.failed_at) {
        (Some(at_ms), _) => MessageStatus::Sent { at_ms },
        (None, Some(_)) => MessageStatus::Failed {
            attempts: row.attempts,
            last_error,
        },
        (None, None) if row.attempts > 0 => MessageStatus::Retrying {
            attempts: row.attempts,
            last_error,
        },
        (None, None) if *delivery == Delivery::Held => MessageStatus::Held,
        (None, None) => MessageStatus::Waiting,
    };
    Ok(OutboxMessage {
        id: Uuid::parse_str(&row.id).map_err(|_| AppError::Internal)?,
        recipient: row.recipient,
        subject: row.subject,
        body: row.body,
        created_at_ms: row.created_at,
        status,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_back_off_from_thirty_seconds_to_an_hour() {
        assert_eq!(retry_delay(1), 30_000);
        assert_eq!(retry_delay(2), 60_000);
        assert_eq!(retry_delay(5), 480_000);
        assert_eq!(retry_delay(8), LONGEST_RETRY_MS);
        assert_eq!(retry_delay(1_000), LONGEST_RETRY_MS);
    }
}
