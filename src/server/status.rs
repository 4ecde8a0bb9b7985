//! The report behind the status card.

use super::db::{installation, Db};
use crate::domain::{AppError, StatusReport};

pub async fn report(db: &Db) -> Result<StatusReport, AppError> {
    let round_trip = db.round_trip().await?;
    Ok(StatusReport {
        backend: db.backend(),
        schema_version: db.schema_version().await?,
        installed_at_ms: installation::created_at(db).await?,
        checked_at_ms: super::now_ms(),
        db_round_trip_us: i64::try_from(round_trip.as_micros()).unwrap_or(i64::MAX),
    })
}
