//! A background job: invitations whose links ran out become expired and memberships whose end date
//! passed are recorded as ended (an audit event each), and audit events older than the operator's
//! retention are deleted, the only deletion of them.

use super::db::{audit, memberships, Db};
use super::invitations::expire_due;
use super::now_ms;
use crate::domain::AppError;
use std::time::Duration;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// How often the job runs.
const EVERY: Duration = Duration::from_secs(60);
const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// What one run did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Sweep {
    pub invitations_expired: usize,
    pub memberships_ended: usize,
    pub events_deleted: u64,
}

/// One run at `now`: one transaction, so several instances running it at once do the work once.
pub async fn run_once(db: &Db, retention_days: Option<u32>, now: i64) -> Result<Sweep, AppError> {
    let mut tx = db.begin_write().await?;
    let invitations_expired = expire_due(&mut tx, now).await?;
    let ended = memberships::record_ended(&mut tx, now).await?;
    for (user_id, account_id, agency_id) in &ended {
        let event = audit::Event {
            actor_id: None,
            action: "membership.ended",
            target: format!("user:{user_id}"),
            agency_id: Some(*agency_id),
            account_id: Some(*account_id),
            ip: None,
            user_agent: None,
            detail: "{}".to_owned(),
        };
        audit::append(&mut tx, &event, now).await?;
    }
    let events_deleted = match retention_days {
        Some(days) => audit::delete_before(&mut tx, now - i64::from(days) * DAY_MS).await?,
        None => 0,
    };
    tx.commit().await?;
    Ok(Sweep {
        invitations_expired,
        memberships_ended: ended.len(),
        events_deleted,
    })
}

pub fn spawn(
    db: Db,
    retention_days: Option<u32>,
    mut stop: watch::Receiver<bool>,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            match run_once(&db, retention_days, now_ms()).await {
                Ok(sweep) if sweep != Sweep::default() => tracing::info!(?sweep, "housekeeping"),
                Ok(_) => {}
                Err(error) => tracing::error!(%error, "housekeeping failed"),
            }
            tokio::select! {
                _ = tokio::time::sleep(EVERY) => {}
                _ = stop.wait_for(|stop| *stop) => break,
            }
        }
    })
}
