//! Staff roles: who is Owner, Admin or Staff, which accounts Staff manage, and ownership.
//! Only Owners and Admins change anything here; only Owners touch ownership; an agency always
//! keeps at least one Owner. Each change runs in one write transaction, so two admins acting at
//! once cannot together remove the last owner.

use super::access::{managed_account, require_agency_admin};
use super::audit::{Audit, Scope};
use super::db::staff;
use super::now_ms;
use super::paging::{listing, page_limit, parse_after};
use super::state::AppState;
use crate::domain::{AppError, StaffList, StaffRole};
use serde_json::json;
use uuid::Uuid;

/// A page of the agency's staff, found by name or address; `after` is the `next` of the page
/// before (empty: the first page).
pub async fn list(state: &AppState, search: &str, after: &str) -> Result<StaffList, AppError> {
    let admin = require_agency_admin(state).await?;
    let search = search.trim().to_lowercase();
    let pattern = (!search.is_empty()).then(|| super::db::contains_pattern(&search));
    let after: Option<staff::StaffPosition> = parse_after(after)?;
    let rows = staff::list(
        &state.db,
        admin.agency.id,
        pattern.as_deref(),
        after.as_ref(),
        page_limit(),
    )
    .await?;
    let page = listing(rows);
    Ok(StaffList {
        members: page.items,
        next: page.next,
        now_ms: page.now_ms,
    })
}

fn only_owners() -> AppError {
    AppError::Forbidden("Only an owner can change who owns the agency.".into())
}

fn last_owner() -> AppError {
    AppError::Forbidden(
        "An agency needs an owner: make someone else an owner first, or transfer ownership.".into(),
    )
}

pub async fn change_role(state: &AppState, user_id: Uuid, role: StaffRole) -> Result<(), AppError> {
    let admin = require_agency_admin(state).await?;
    if user_id == admin.user.id {
        return Err(AppError::Forbidden("Nobody changes their own role.".into()));
    }
    let agency = admin.agency.id;
    let mut tx = state.db.begin_write().await?;
    let current = staff::role(&mut tx, agency, user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let touches_owner = current == StaffRole::Owner || role == StaffRole::Owner;
    if touches_owner && admin.agency.role != StaffRole::Owner {
        return Err(only_owners());
    }
    if current == StaffRole::Owner
        && role != StaffRole::Owner
        && staff::count_owners(&mut tx, agency).await? <= 1
    {
        return Err(last_owner());
    }
    staff::set_role(&mut tx, agency, user_id, role).await?;
    let detail = json!({ "from": current.as_str(), "to": role.as_str() });
    Audit::of(Some(admin.user.id))?
        .record(
            &mut tx,
            "staff.role_changed",
            user_in(agency, user_id),
            detail,
            now_ms(),
        )
        .await?;
    tx.commit().await?;
    Ok(())
}

/// A staff member of the agency, as an audit event names them.
fn user_in(agency: Uuid, user_id: Uuid) -> Scope {
    Scope::agency(format!("user:{user_id}"), agency)
}

/// The caller (an Owner) hands ownership to another staff member and becomes an Admin.
pub async fn transfer_ownership(state: &AppState, user_id: Uuid) -> Result<(), AppError> {
    let owner = require_agency_admin(state).await?;
    if owner.agency.role != StaffRole::Owner {
        return Err(only_owners());
    }
    if user_id == owner.user.id {
        return Err(AppError::Forbidden("You own the agency already.".into()));
    }
    let agency = owner.agency.id;
    let mut tx = state.db.begin_write().await?;
    staff::role(&mut tx, agency, user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    staff::set_role(&mut tx, agency, user_id, StaffRole::Owner).await?;
    staff::set_role(&mut tx, agency, owner.user.id, StaffRole::Admin).await?;
    let detail = json!({ "from": owner.user.id, "to": user_id });
    Audit::of(Some(owner.user.id))?
        .record(
            &mut tx,
            "staff.ownership_transferred",
            user_in(agency, user_id),
            detail,
            now_ms(),
        )
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Removes someone from the staff (themselves: leaving). Admins cannot remove owners; the last
/// owner can neither leave nor be removed.
pub async fn remove(state: &AppState, user_id: Uuid) -> Result<(), AppError> {
    let admin = require_agency_admin(state).await?;
    let agency = admin.agency.id;
    let mut tx = state.db.begin_write().await?;
    let current = staff::role(&mut tx, agency, user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if current == StaffRole::Owner {
        if admin.agency.role != StaffRole::Owner {
            return Err(only_owners());
        }
        if staff::count_owners(&mut tx, agency).await? <= 1 {
            return Err(last_owner());
        }
    }
    staff::remove(&mut tx, agency, user_id).await?;
    let detail = json!({ "role": current.as_str() });
    Audit::of(Some(admin.user.id))?
        .record(
            &mut tx,
            "staff.removed",
            user_in(agency, user_id),
            detail,
            now_ms(),
        )
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Gives a Staff member a client account to manage, or takes it away.
pub async fn assign(
    state: &AppState,
    user_id: Uuid,
    account_id: Uuid,
    assigned: bool,
) -> Result<(), AppError> {
    let admin = require_agency_admin(state).await?;
    managed_account(state, &admin, account_id).await?;
    let agency = admin.agency.id;
    let mut tx = state.db.begin_write().await?;
    let role = staff::role(&mut tx, agency, user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if role != StaffRole::Staff {
        return Err(AppError::field(
            "user_id",
            "Owners and admins manage every client account already.",
        ));
    }
    let action = if assigned {
        staff::assign(&mut tx, agency, user_id, account_id, now_ms()).await?;
        "staff.assigned"
    } else {
        staff::unassign(&mut tx, user_id, account_id).await?;
        "staff.unassigned"
    };
    let scope = Scope::account(format!("user:{user_id}"), agency, account_id);
    Audit::of(Some(admin.user.id))?
        .record(&mut tx, action, scope, json!({}), now_ms())
        .await?;
    tx.commit().await?;
    Ok(())
}
