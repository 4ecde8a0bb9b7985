//! Client users on the Users page (of the agency, or of one account): list, remove, and complete a
//! profile created without an invitation.

use super::access::{require_staff, Staff};
use super::audit::{Audit, Scope};
use super::auth::require_user;
use super::db::client_users::{self, ClientUserFilter, ClientUserPosition};
use super::db::{invitations, sessions};
use super::paging::{listing_of, page_limit, parse_after};
use super::permissions::users_manager;
use super::state::AppState;
use super::{now_ms, password};
use crate::domain::password_strength::generate;
use crate::domain::{
    parse_person_name, AppError, ClientUser, CompletedProfile, Listing, LiveChange, Topic,
};
use serde_json::json;
use uuid::Uuid;

/// Whom a staff member's lists cover: the agency, and for Staff only their accounts.
fn staff_filter<'a>(staff: &Staff, search: Option<&'a str>) -> ClientUserFilter<'a> {
    ClientUserFilter {
        agency_id: staff.agency.id,
        account_id: None,
        assigned_to: (!staff.runs_agency()).then_some(staff.user.id),
        search,
    }
}

/// Client users by name: of one account (for those who manage its users), or of every account the
/// staff member manages.
pub async fn list(
    state: &AppState,
    account_id: Option<Uuid>,
    search: &str,
    after: &str,
) -> Result<Listing<ClientUser>, AppError> {
    let search = search.trim().to_lowercase();
    let search = (!search.is_empty()).then_some(search.as_str());
    let filter = match account_id {
        Some(account) => ClientUserFilter {
            agency_id: users_manager(state, &require_user(state).await?.1, account).await?,
            account_id: Some(account),
            assigned_to: None,
            search,
        },
        None => staff_filter(&require_staff(state).await?, search),
    };
    let after: Option<ClientUserPosition> = parse_after(after)?;
    let (users, last) =
        client_users::list(&state.db, &filter, after.as_ref(), page_limit()).await?;
    Ok(listing_of(users, last.as_ref()))
}

/// Remove: ends the user's membership in each of `accounts` (which the caller must manage the
/// users of). Their log-in stays; nobody removes themselves.
pub async fn remove(state: &AppState, user_id: Uuid, accounts: &[Uuid]) -> Result<(), AppError> {
    let (_, caller) = require_user(state).await?;
    if caller.id == user_id {
        return Err(AppError::Forbidden(
            "You cannot remove yourself: ask your agency or another account manager.".into(),
        ));
    }
    if accounts.is_empty() {
        return Err(AppError::field(
            "accounts",
            "Choose the accounts to remove them from.",
        ));
    }
    let mut agencies = Vec::with_capacity(accounts.len());
    for &account in accounts {
        agencies.push(users_manager(state, &caller, account).await?);
    }
    let audit = Audit::of(Some(caller.id))?;
    let now = now_ms();
    let mut tx = state.db.begin_write().await?;
    for (&account, &agency_id) in accounts.iter().zip(&agencies) {
        if !client_users::remove_membership(&mut tx, user_id, account).await? {
            return Err(AppError::NotFound);
        }
        let scope = Scope::account(format!("user:{user_id}"), agency_id, account);
        audit
            .record(&mut tx, "membership.removed", scope, json!({}), now)
            .await?;
    }
    tx.commit().await?;
    for (&account, &agency_id) in accounts.iter().zip(&agencies) {
        let change = LiveChange {
            topic: Topic::Users,
            agency_id,
            account_id: Some(account),
            user_id: Some(user_id),
        };
        state.live.publish(&state.db, change).await;
    }
    Ok(())
}

/// Completes a profile created with "Invite users via email" off: its name, and an initial
/// password shown once to the staff member, which the person must change at their first log-in.
pub async fn complete_profile(
    state: &AppState,
    user_id: Uuid,
    first_name: &str,
    last_name: &str,
) -> Result<CompletedProfile, AppError> {
    let staff = require_staff(state).await?;
    let (first_name, last_name) =
        parse_person_name(first_name, last_name).map_err(AppError::Invalid)?;
    let mut conn = state.db.connection().await?;
    let email = client_users::pending_profile(&mut conn, user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let in_reach = !client_users::accounts_of(&mut conn, &staff_filter(&staff, None), user_id)
        .await?
        .is_empty()
        || (staff.runs_agency()
            && invitations::is_staff(&state.db, &email.to_lowercase(), staff.agency.id).await?);
    drop(conn);
    if !in_reach {
        return Err(AppError::NotFound);
    }
    let initial_password = generate().map_err(|_| AppError::Internal)?;
    let hash = password::hash(initial_password.clone()).await?;
    let audit = Audit::of(Some(staff.user.id))?;
    let now = now_ms();
    let mut tx = state.db.begin_write().await?;
    if !client_users::complete_profile(&mut tx, user_id, &first_name, &last_name, &hash, now)
        .await?
    {
        return Err(AppError::Gone(
            "This profile was completed in the meantime.".into(),
        ));
    }
    sessions::delete_all(&mut tx, user_id).await?;
    let scope = Scope {
        target: format!("user:{user_id}"),
        agency_id: Some(staff.agency.id),
        account_id: None,
    };
    audit
        .record(
            &mut tx,
            "user.profile_completed",
            scope,
            json!({ "email": email }),
            now,
        )
        .await?;
    tx.commit().await?;
    Ok(CompletedProfile {
        user_id,
        name: format!("{first_name} {last_name}"),
        email,
        initial_password,
    })
}
