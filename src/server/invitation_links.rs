//! The invitation link: what it offers, accepting it (signed in, by logging in, or by registering),
//! and asking the inviter for a new one when it no longer works.
//!
//! Accepting is one transaction: the invitation is claimed with a conditional update and the
//! membership (or staff role) inserted with it, so of many requests racing with one link exactly
//! one gets in; the others are told the link was used (410).

use super::accounts;
use super::audit::{Audit, Scope};
use super::auth::{check_credentials, record_log_in, require_user, sign_in};
use super::db::invitations::{self as db, Invitation};
use super::db::users;
use super::invitation_mail::enqueue_renewal_request;
use super::invitations::{apply, invitation_scope, Grant};
use super::session::hash_token;
use super::state::AppState;
use super::{now_ms, password};
use crate::domain::catalog::catalog;
use crate::domain::{
    AccountRef, AppError, CurrentUser, Email, InvitationLink, InvitationOffer, LiveChange,
    PersonForm, Topic,
};
use serde_json::json;
use sqlx::AnyConnection;

/// Why a link can no longer be accepted, if it cannot.
fn closed(invitation: &Invitation, now: i64) -> Option<AppError> {
    let target = &invitation.target_name;
    match invitation.status.as_str() {
        "accepted" => Some(AppError::Gone(format!(
            "This invitation to {target} has already been used."
        ))),
        "cancelled" => Some(AppError::Gone(format!(
            "This invitation to {target} was cancelled."
        ))),
        _ if invitation.expires_at <= now || invitation.status == "expired" => Some(
            AppError::Gone(format!("This invitation to {target} has expired.")),
        ),
        _ if invitation.account_archived => Some(AppError::Gone(format!(
            "{target} is no longer active: ask {} for a new invitation.",
            invitation.inviter_name
        ))),
        _ => None,
    }
}

fn unknown_link() -> AppError {
    AppError::NotFound
}

/// What the link with `token` offers now, for its page.
pub async fn link(state: &AppState, token: &str) -> Result<InvitationLink, AppError> {
    let mut conn = state.db.connection().await?;
    let Some(invitation) = db::by_token(&mut conn, &hash_token(token)).await? else {
        return Ok(InvitationLink::Unknown);
    };
    drop(conn);
    let now = now_ms();
    let target_name = invitation.target_name.clone();
    match invitation.status.as_str() {
        "accepted" => return Ok(InvitationLink::Used { target_name }),
        "cancelled" => return Ok(InvitationLink::Cancelled { target_name }),
        _ if closed(&invitation, now).is_some() => {
            return Ok(InvitationLink::Expired { target_name })
        }
        _ => {}
    }
    let resources = match (invitation.account_id, invitation.all_resources) {
        (None, _) | (Some(_), true) => None,
        (Some(_), false) => Some(db::resource_names(&state.db, invitation.id).await?),
    };
    Ok(InvitationLink::Open(InvitationOffer {
        switches: switch_summary(&invitation),
        target_name,
        agency_name: invitation.agency_name,
        inviter_name: invitation.inviter_name,
        invited_email: invitation.email,
        role: invitation.role,
        resources,
        require_invited_email: invitation.role.is_some() || invitation.require_invited_email,
        expires_at: invitation.expires_at,
        now_ms: now,
    }))
}

/// "Reports: 3 of 4" for each section with a switch granted; empty for staff invitations.
fn switch_summary(invitation: &Invitation) -> Vec<String> {
    if invitation.account_id.is_none() {
        return Vec::new();
    }
    let catalog = catalog();
    let set = catalog.set_of(invitation.permissions.iter().map(String::as_str));
    catalog
        .sections()
        .filter_map(|section| {
            let nodes: Vec<usize> = std::iter::once(section)
                .chain(catalog.descendants(section))
                .collect();
            let granted = nodes.iter().filter(|&&i| catalog.granted(&set, i)).count();
            (granted > 0).then(|| {
                format!(
                    "{}: {granted} of {}",
                    catalog.nodes[section].label,
                    nodes.len()
                )
            })
        })
        .collect()
}

/// What the invitation gives, read in the accepting transaction.
async fn grant_of(conn: &mut AnyConnection, invitation: &Invitation) -> Result<Grant, AppError> {
    let catalog = catalog();
    Ok(match invitation.account_id {
        Some(account_id) => Grant::Membership {
            account: AccountRef {
                id: account_id,
                name: invitation.target_name.clone(),
            },
            resources: if invitation.all_resources {
                None
            } else {
                Some(db::resources(conn, invitation.id).await?)
            },
            permissions: invitation
                .permissions
                .iter()
                .filter_map(|key| catalog.index(key).map(|i| catalog.nodes[i].key))
                .collect(),
        },
        None => Grant::Staff {
            role: invitation.role.ok_or(AppError::Internal)?,
            assigned: db::assignments(conn, invitation.id).await?,
        },
    })
}

/// Accepts the invitation for `user_id` (whose address is `email`) in the caller's transaction:
/// checks it is open and the address allowed, claims it, grants it, records it, and makes the new
/// place the user's current one.
async fn accept_in(
    conn: &mut AnyConnection,
    token: &str,
    user_id: uuid::Uuid,
    email: &str,
    audit: &Audit,
    now: i64,
) -> Result<Vec<LiveChange>, AppError> {
    let token_hash = hash_token(token);
    let invitation = db::by_token(conn, &token_hash)
        .await?
        .ok_or_else(unknown_link)?;
    if let Some(problem) = closed(&invitation, now) {
        return Err(problem);
    }
    let email = email.to_lowercase();
    let must_match = invitation.role.is_some() || invitation.require_invited_email;
    if must_match && email != invitation.email_normalized {
        return Err(AppError::Forbidden(format!(
            "This invitation is for {invited}, and you are signed in as {email}. Log in as {invited}, \
             or ask {inviter} to invite {email}.",
            invited = invitation.email,
            inviter = invitation.inviter_name,
        )));
    }
    if db::claim(conn, &token_hash, user_id, now).await?.is_none() {
        return Err(AppError::Gone(format!(
            "This invitation to {} has just been used.",
            invitation.target_name
        )));
    }
    let grant = grant_of(conn, &invitation).await?;
    apply(conn, invitation.agency_id, user_id, &grant, now).await?;
    let scope = invitation_scope(&invitation);
    let detail = json!({ "invited": invitation.email, "accepted_as": email });
    audit
        .record(conn, "invitation.accepted", scope, detail, now)
        .await?;
    users::set_current_place(conn, user_id, &grant.place_key(invitation.agency_id)).await?;
    let change = |topic| LiveChange {
        topic,
        agency_id: invitation.agency_id,
        account_id: invitation.account_id,
        user_id: Some(user_id),
    };
    Ok(vec![change(Topic::Users), change(Topic::Invites)])
}

/// Tells every browser concerned, once the acceptance is committed.
async fn announce(state: &AppState, changes: Vec<LiveChange>) {
    for change in changes {
        state.live.publish(&state.db, change).await;
    }
}

/// Accept invitation, as the signed-in user.
pub async fn accept(state: &AppState, token: &str) -> Result<CurrentUser, AppError> {
    let (_, user) = require_user(state).await?;
    let audit = Audit::of(Some(user.id))?;
    let now = now_ms();
    let mut tx = state.db.begin_write().await?;
    let changes = accept_in(&mut tx, token, user.id, &user.email, &audit, now).await?;
    tx.commit().await?;
    announce(state, changes).await;
    users::current(&state.db, user.id, now)
        .await?
        .ok_or(AppError::Internal)
}

/// Log in and accept, in one step: a failed accept signs nobody in.
pub async fn log_in_and_accept(
    state: &AppState,
    token: &str,
    email: &str,
    password_text: String,
) -> Result<CurrentUser, AppError> {
    let user_id = check_credentials(state, email, password_text).await?;
    let email = Email::parse(email).map_err(|m| AppError::field("email", m))?;
    let audit = Audit::of(Some(user_id))?;
    let now = now_ms();
    let mut tx = state.db.begin_write().await?;
    let changes = accept_in(&mut tx, token, user_id, &email.normalized(), &audit, now).await?;
    record_log_in(&mut tx, user_id, now).await?;
    let user = sign_in(state, tx, user_id, now).await?;
    announce(state, changes).await;
    Ok(user)
}

/// Register and accept, in one step: the new user exists only if the invitation is theirs.
pub async fn register_and_accept(
    state: &AppState,
    token: &str,
    form: PersonForm,
    terms: bool,
) -> Result<CurrentUser, AppError> {
    if !terms {
        return Err(AppError::field(
            "terms",
            "Agree to the Terms of Service to register.",
        ));
    }
    // A dead link is said before a password is hashed or anything written.
    if let InvitationLink::Unknown = link(state, token).await? {
        return Err(unknown_link());
    }
    password::check_new(&form.password)?;
    let password_hash = password::hash(form.password.clone()).await?;
    let now = now_ms();
    let mut tx = state.db.begin_write().await?;
    let user_id = accounts::create_user(&mut tx, &form, &password_hash, now).await?;
    let audit = Audit::of(Some(user_id))?;
    let scope = Scope {
        target: format!("user:{user_id}"),
        agency_id: None,
        account_id: None,
    };
    audit
        .record(
            &mut tx,
            "user.registered",
            scope,
            json!({ "email": form.email.as_str() }),
            now,
        )
        .await?;
    let email = form.email.normalized();
    let changes = accept_in(&mut tx, token, user_id, &email, &audit, now).await?;
    let user = sign_in(state, tx, user_id, now).await?;
    announce(state, changes).await;
    Ok(user)
}

/// The invitee asks the inviter for a new link (once per sent link): a note goes to the inviter.
pub async fn ask_for_new(state: &AppState, token: &str) -> Result<(), AppError> {
    let audit = Audit::of(None)?;
    let now = now_ms();
    let mut tx = state.db.begin_write().await?;
    let invitation = db::by_token(&mut tx, &hash_token(token))
        .await?
        .ok_or_else(unknown_link)?;
    if closed(&invitation, now).is_none() {
        return Err(AppError::Conflict(
            "This invitation still works: open it to accept.".into(),
        ));
    }
    if db::ask_renewal(&mut tx, invitation.id, now).await? {
        if let Some(inviter_email) = &invitation.inviter_email {
            enqueue_renewal_request(&mut tx, &invitation, inviter_email, now).await?;
        }
        let scope = invitation_scope(&invitation);
        audit
            .record(
                &mut tx,
                "invitation.renewal_requested",
                scope,
                json!({}),
                now,
            )
            .await?;
    }
    tx.commit().await?;
    state.outbox.wake();
    Ok(())
}
