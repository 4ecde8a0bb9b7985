//! Who may do what: every server function that touches agency data asks here first. The answers
//! come from the database on each request, so a changed role or assignment counts at once.
//! Anything the caller may not see is [`AppError::NotFound`], exactly like an id that does not exist.

use super::auth::require_user;
use super::db::clients::{self, AccountRow};
use super::db::{memberships, staff};
use super::now_ms;
use super::state::AppState;
use crate::domain::{AgencyMembership, AppError, CurrentUser, StaffRole};
use uuid::Uuid;

/// A signed-in staff member, working in their agency now.
pub struct Staff {
    pub user: CurrentUser,
    pub agency: AgencyMembership,
}

impl Staff {
    /// Owners and Admins run the whole agency; Staff only what is assigned to them.
    pub fn runs_agency(&self) -> bool {
        matches!(self.agency.role, StaffRole::Owner | StaffRole::Admin)
    }
}

/// The caller as staff of the agency they work in now.
pub async fn require_staff(state: &AppState) -> Result<Staff, AppError> {
    let (_, user) = require_user(state).await?;
    let agency = user.agency().cloned().ok_or_else(|| {
        AppError::Forbidden(
            "This is for the staff of an agency. Switch to your agency first.".into(),
        )
    })?;
    Ok(Staff { user, agency })
}

/// The caller as an Owner or Admin.
pub async fn require_agency_admin(state: &AppState) -> Result<Staff, AppError> {
    let staff = require_staff(state).await?;
    if staff.runs_agency() {
        Ok(staff)
    } else {
        Err(AppError::Forbidden(
            "Only the agency's owners and admins can do this.".into(),
        ))
    }
}

/// A client account the staff member manages: any of the agency's for Owners and Admins, the
/// assigned ones for Staff.
pub async fn managed_account(
    state: &AppState,
    staff: &Staff,
    account_id: Uuid,
) -> Result<AccountRow, AppError> {
    let account = clients::find_account(&state.db, account_id)
        .await?
        .filter(|account| account.agency_id == staff.agency.id)
        .ok_or(AppError::NotFound)?;
    if staff.runs_agency() || staff::is_assigned(&state.db, staff.user.id, account_id).await? {
        Ok(account)
    } else {
        Err(AppError::NotFound)
    }
}

/// What a client member sees of an account: `None` for all resources, or the chosen ones.
pub async fn member_scope(
    state: &AppState,
    user: &CurrentUser,
    account_id: Uuid,
) -> Result<Option<Vec<Uuid>>, AppError> {
    memberships::member_scope(&state.db, user.id, account_id, now_ms())
        .await?
        .ok_or(AppError::NotFound)
}
