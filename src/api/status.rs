//! The status card's server function.

use crate::domain::{AppError, StatusReport};
use leptos::prelude::*;

/// Which database answers and how quickly. Public on purpose, like `/healthz`: it tells an operator
/// whether the instance works and reveals no account data.
#[server(endpoint = "status", output = crate::domain::JsonAnswer)]
pub async fn check_status() -> Result<StatusReport, AppError> {
    let state = crate::server::state::app_state()?;
    crate::server::status::report(&state.db).await
}
