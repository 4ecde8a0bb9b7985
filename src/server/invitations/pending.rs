//! The pending invitations: their list, Resend and Cancel, and expiry when their links run out.

use crate::domain::{AppError, CurrentUser, Listing, LiveChange, PendingInvite, Topic};
use crate::server::access::require_staff;
use crate::server::audit::{Audit, Scope};
use crate::server::auth::require_user;
use crate::server::db::contains_pattern;
use crate::server::db::invitations::{self as db, PendingFilter, PendingPosition};
use crate::server::invitation_mail::InvitationMail;
use crate::server::now_ms;
use crate::server::paging::{listing, page_limit, parse_after};
use crate::server::permissions::{grants, users_manager};
use crate::server::session::{hash_token, new_token};
use crate::server::state::AppState;
use serde_json::json;
use sqlx::AnyConnection;
use uuid::Uuid;

use super::DAY_MS;

/// An invitation the caller may resend or cancel: staff invitations for Owners and Admins of the
/// agency, client invitations for those who manage the account's users.
async fn manageable(state: &AppState, id: Uuid) -> Result<(CurrentUser, db::Invitation), AppError> {
    let (_, caller) = require_user(state).await?;
    let mut conn = state.db.connection().await?;
    let invitation = db::by_id(&mut conn, id).await?.ok_or(AppError::NotFound)?;
    drop(conn);
    match invitation.account_id {
        Some(account) => {
            grants(state, &caller, account)
                .await?
                .check("general.users")
                .map_err(|_| AppError::NotFound)?;
        }
        None => {
            let staff = require_staff(state).await.map_err(|_| AppError::NotFound)?;
            if staff.agency.id != invitation.agency_id || !staff.runs_agency() {
                return Err(AppError::NotFound);
            }
        }
    }
    Ok((caller, invitation))
}

/// Marks the invitations whose links ran out as expired, each with its event (by nobody: time did
/// it). Run before new invitations are written and by the housekeeping job.
pub(in crate::server) async fn expire_due(
    conn: &mut AnyConnection,
    now: i64,
) -> Result<usize, AppError> {
    let expired = db::expire_due(conn, now).await?;
    for (id, agency_id, account_id, email) in &expired {
        let event = crate::server::db::audit::Event {
            actor_id: None,
            action: "invitation.expired",
            target: format!("invitation:{id}"),
            agency_id: Some(*agency_id),
            account_id: *account_id,
            ip: None,
            user_agent: None,
            detail: json!({ "email": email }).to_string(),
        };
        crate::server::db::audit::append(conn, &event, now).await?;
    }
    Ok(expired.len())
}

/// Tells every browser concerned that an invitation changed.
async fn announce_invitation(state: &AppState, invitation: &db::Invitation) {
    let change = LiveChange {
        topic: Topic::Invites,
        agency_id: invitation.agency_id,
        account_id: invitation.account_id,
        user_id: None,
    };
    state.live.publish(&state.db, change).await;
}

/// What an event about the invitation names: it, its agency and its account.
pub(in crate::server) fn invitation_scope(invitation: &db::Invitation) -> Scope {
    Scope {
        target: format!("invitation:{}", invitation.id),
        agency_id: Some(invitation.agency_id),
        account_id: invitation.account_id,
    }
}

fn no_longer_pending() -> AppError {
    AppError::Gone("This invitation was accepted or cancelled in the meantime.".into())
}

/// Resend invite: a new token (the old link stops working), a new validity window, a new email.
pub async fn resend(state: &AppState, id: Uuid) -> Result<(), AppError> {
    let (caller, invitation) = manageable(state, id).await?;
    let audit = Audit::of(Some(caller.id))?;
    let token = new_token();
    let now = now_ms();
    let mut tx = state.db.begin_write().await?;
    let (valid_days, _) = db::settings(&mut tx, invitation.agency_id).await?;
    let rotated = db::rotate(
        &mut tx,
        id,
        &hash_token(&token),
        now,
        now + valid_days * DAY_MS,
    )
    .await
    .map_err(|error| match &error {
        sqlx::Error::Database(e) if e.is_unique_violation() => AppError::Conflict(format!(
            "{} has a newer invitation to {}: resend that one.",
            invitation.email, invitation.target_name
        )),
        _ => error.into(),
    })?;
    if !rotated {
        return Err(no_longer_pending());
    }
    let link = format!("{}/invite/{token}", state.public_url);
    InvitationMail {
        inviter_name: &format!("{} {}", caller.first_name, caller.last_name),
        target_name: &invitation.target_name,
        agency_name: &invitation.agency_name,
        recipient: &invitation.email,
        link: &link,
        valid_days,
    }
    .enqueue(&mut tx, invitation.agency_id, now)
    .await?;
    let scope = invitation_scope(&invitation);
    audit
        .record(
            &mut tx,
            "invitation.resent",
            scope,
            json!({ "email": invitation.email }),
            now,
        )
        .await?;
    tx.commit().await?;
    state.outbox.wake();
    announce_invitation(state, &invitation).await;
    Ok(())
}

/// Cancel invite: the link stops working at once.
pub async fn cancel(state: &AppState, id: Uuid) -> Result<(), AppError> {
    let (caller, invitation) = manageable(state, id).await?;
    let audit = Audit::of(Some(caller.id))?;
    let now = now_ms();
    let mut tx = state.db.begin_write().await?;
    if !db::cancel(&mut tx, id, now).await? {
        return Err(no_longer_pending());
    }
    let scope = invitation_scope(&invitation);
    audit
        .record(
            &mut tx,
            "invitation.cancelled",
            scope,
            json!({ "email": invitation.email }),
            now,
        )
        .await?;
    tx.commit().await?;
    announce_invitation(state, &invitation).await;
    Ok(())
}

/// Pending invites: of one account (for those who manage its users), or of the agency (staff:
/// Owners and Admins see all, Staff those into their accounts).
pub async fn pending(
    state: &AppState,
    account_id: Option<Uuid>,
    search: &str,
    after: &str,
) -> Result<Listing<PendingInvite>, AppError> {
    let (_, caller) = require_user(state).await?;
    let (agency_id, assigned_to) = match account_id {
        Some(account) => (users_manager(state, &caller, account).await?, None),
        None => {
            let staff = require_staff(state).await?;
            let assigned = (!staff.runs_agency()).then_some(staff.user.id);
            (staff.agency.id, assigned)
        }
    };
    let after: Option<PendingPosition> = parse_after(after)?;
    let search = search.trim().to_lowercase();
    let pattern = (!search.is_empty()).then(|| contains_pattern(&search));
    let filter = PendingFilter {
        agency_id,
        account_id,
        assigned_to,
        search: pattern.as_deref(),
    };
    let rows = db::pending(&state.db, &filter, after.as_ref(), page_limit()).await?;
    Ok(listing(rows))
}
