//! The Outbox page: for the agency's owners only (checked on the server).

use crate::domain::{AppError, OutboxListing};
use leptos::prelude::*;

#[server(endpoint = "outbox", output = crate::domain::JsonAnswer)]
pub async fn read_outbox() -> Result<OutboxListing, AppError> {
    let state = crate::server::state::app_state()?;
    crate::server::outbox::page(&state).await
}
