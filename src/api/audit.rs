//! The audit log: who did what, to whom, where and when.

use crate::domain::{AppError, Listing};
use leptos::prelude::*;
use uuid::Uuid;

/// A page of the audit log, newest first, with the page's filters.
#[server(endpoint = "audit_events", output = crate::domain::JsonAnswer)]
pub async fn audit_events(
    #[server(default)] actor: String,
    #[server(default)] account_id: Option<Uuid>,
    #[server(default)] action: String,
    #[server(default)] from: String,
    #[server(default)] to: String,
    #[server(default)] after: String,
) -> Result<Listing<crate::domain::AuditEntry>, AppError> {
    let state = crate::server::state::app_state()?;
    let filter = crate::domain::AuditFilter {
        actor,
        account_id,
        action,
        from,
        to,
    };
    crate::server::audit_log::list(&state, &filter, &after).await
}
