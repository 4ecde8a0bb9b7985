//! A background job: invitations whose links ran out become expired (with their audit events),
//! and audit events older than the operator's retention are deleted, the only deletion of them.

use super::db::{audit, Db};
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
    pub events_deleted: u64,
}

/// One run at `now`: one transaction, so several instances running it at once do the work once.
pub async fn run_once(db: &Db, retention_days: Option<u32>, now: i64) -> Result<Sweep, AppError> {
    let mut tx = db.begin_write().await?;
    let invitations_expired = expire_due(&mut tx, now).await?;
    let events_deleted = match retention_days {
        Some(days) => audit::delete_before(&mut tx, now - i64::from(days) * DAY_MS).await?,
        None => 0,
    };
    tx.commit().await?;
    Ok(Sweep {
        invitations_expired,
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
