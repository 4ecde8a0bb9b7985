//! The Audit log page: the agency's events for its Owners and Admins, one account's events for
//! that account's managers.

use super::auth::require_user;
use super::db::audit::{self, AuditPosition, AuditQuery};
use super::db::contains_pattern;
use super::paging::{listing, page_limit, parse_after};
use super::permissions::users_manager;
use super::state::AppState;
use crate::domain::{AppError, AuditEntry, AuditFilter, CurrentUser, Listing, Place, StaffRole};
use uuid::Uuid;

/// Whose events the caller may read: (agency, account). Owners and Admins read their agency's
/// (optionally one account's); a client with "Manage account users" reads their account's.
async fn reach(
    state: &AppState,
    user: &CurrentUser,
    account_id: Option<Uuid>,
) -> Result<(Option<Uuid>, Option<Uuid>), AppError> {
    match &user.place {
        Some(Place::Agency(agency)) if agency.role != StaffRole::Staff => {
            if let Some(account) = account_id {
                if users_manager(state, user, account).await? != agency.id {
                    return Err(AppError::NotFound);
                }
            }
            Ok((Some(agency.id), account_id))
        }
        Some(Place::Account(place)) => {
            users_manager(state, user, place.id).await?;
            Ok((None, Some(place.id)))
        }
        _ => Err(AppError::Forbidden(
            "The audit log is for the agency's owners and admins, and for the managers of a client account."
                .into(),
        )),
    }
}

/// The filters as a query the caller may run.
pub(super) async fn query_of<'a>(
    state: &AppState,
    user: &CurrentUser,
    filter: &'a AuditFilter,
    actor_pattern: &'a Option<String>,
) -> Result<AuditQuery<'a>, AppError> {
    let period = filter.period()?;
    let (agency_id, account_id) = reach(state, user, filter.account_id).await?;
    Ok(AuditQuery {
        agency_id,
        account_id,
        actor: actor_pattern.as_deref(),
        action: (!filter.action.is_empty()).then_some(filter.action.as_str()),
        from_ms: period.from_ms,
        until_ms: period.until_ms,
    })
}

/// The actor filter as a LIKE pattern.
pub(super) fn actor_pattern(filter: &AuditFilter) -> Option<String> {
    let actor = filter.actor.trim().to_lowercase();
    (!actor.is_empty()).then(|| contains_pattern(&actor))
}

pub async fn list(
    state: &AppState,
    filter: &AuditFilter,
    after: &str,
) -> Result<Listing<AuditEntry>, AppError> {
    let (_, user) = require_user(state).await?;
    let pattern = actor_pattern(filter);
    let query = query_of(state, &user, filter, &pattern).await?;
    let after: Option<AuditPosition> = parse_after(after)?;
    let mut conn = state.db.connection().await?;
    let rows = audit::list(&mut conn, &query, after.as_ref(), page_limit()).await?;
    Ok(listing(rows))
}
