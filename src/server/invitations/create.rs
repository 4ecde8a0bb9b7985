//! Create User: checks the addresses, then invites each one by email, or gives access at once.

use crate::domain::{
    check_emails, parse_emails, AppError, CreatedUser, CurrentUser, Email, EmailCheck, FieldError,
    LiveChange, NewUsers, StaffRole, Topic,
};
use crate::server::audit::{Audit, Scope};
use crate::server::auth::require_user;
use crate::server::db::invitations::{self as db, NewInvitation};
use crate::server::db::memberships::{insert_membership, NewMembership};
use crate::server::db::staff;
use crate::server::db::users::{self, NewUser};
use crate::server::invitation_mail::InvitationMail;
use crate::server::session::{hash_token, new_token};
use crate::server::state::AppState;
use crate::server::{now_ms, password};
use serde_json::json;
use sqlx::AnyConnection;
use uuid::Uuid;

use super::offer::{address_problem, offer, Grant, Offer};
use super::pending::expire_due;
use super::DAY_MS;

/// Step 2 of the wizard: each address with what is wrong with it (malformed, repeated, in already,
/// invited already), so the person can fix them or go on with the valid ones.
pub async fn check(state: &AppState, form: &NewUsers) -> Result<Vec<EmailCheck>, AppError> {
    let (_, caller) = require_user(state).await?;
    let offer = offer(state, &caller, form).await?;
    let mut checks = check_emails(&form.emails);
    for check in checks.iter_mut().filter(|c| c.problem.is_none()) {
        if let Ok(email) = Email::parse(&check.email) {
            check.problem = address_problem(state, &offer, &email).await?;
        }
    }
    Ok(checks)
}

/// Create User: invites every address (or, with "Invite users via email" off, gives existing users
/// access at once and creates profiles for new addresses). All addresses or none.
pub async fn create(state: &AppState, form: NewUsers) -> Result<Vec<CreatedUser>, AppError> {
    let (_, caller) = require_user(state).await?;
    let emails = parse_emails(&form.emails)?;
    let offer = offer(state, &caller, &form).await?;
    let mut problems = Vec::new();
    for (i, email) in emails.iter().enumerate() {
        if let Some(problem) = address_problem(state, &offer, email).await? {
            problems.push(FieldError::new(
                &format!("emails[{i}]"),
                &format!("{}: {problem}", email.as_str()),
            ));
        }
    }
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems));
    }
    let audit = Audit::of(Some(caller.id))?;
    if form.send_email {
        invite(state, &caller, &offer, &emails, &audit).await
    } else {
        add_at_once(state, &offer, &emails, &audit).await
    }
}

async fn invite(
    state: &AppState,
    caller: &CurrentUser,
    offer: &Offer,
    emails: &[Email],
    audit: &Audit,
) -> Result<Vec<CreatedUser>, AppError> {
    let now = now_ms();
    let inviter_name = format!("{} {}", caller.first_name, caller.last_name);
    let mut created = Vec::with_capacity(emails.len());
    let mut tx = state.db.begin_write().await?;
    // Links that ran out are expired first, so they do not count as pending.
    expire_due(&mut tx, now).await?;
    let (valid_days, _) = db::settings(&mut tx, offer.agency_id).await?;
    let agency_name = db::agency_name(&mut tx, offer.agency_id).await?;
    for email in emails {
        let normalized = email.normalized();
        for grant in &offer.grants {
            let token = new_token();
            let token_hash = hash_token(&token);
            let id = Uuid::new_v4();
            let (account, resources, permissions, role, assigned) = match grant {
                Grant::Membership {
                    account,
                    resources,
                    permissions,
                } => (
                    Some(account),
                    resources.as_deref(),
                    &permissions[..],
                    None,
                    &[][..],
                ),
                Grant::Staff { role, assigned } => {
                    (None, None, &[][..], Some(*role), &assigned[..])
                }
            };
            let invitation = NewInvitation {
                id,
                agency_id: offer.agency_id,
                account_id: account.map(|a| a.id),
                email: email.as_str(),
                email_normalized: &normalized,
                token_hash: &token_hash,
                role,
                resources,
                permissions,
                assigned,
                invited_by: caller.id,
                expires_at: now + valid_days * DAY_MS,
            };
            let target_name = account.map_or(agency_name.as_str(), |a| a.name.as_str());
            if let Err(error) = db::insert(&mut tx, &invitation, now).await {
                return Err(match &error {
                    sqlx::Error::Database(e) if e.is_unique_violation() => {
                        AppError::Conflict(format!(
                            "{} was invited to {target_name} a moment ago.",
                            email.as_str()
                        ))
                    }
                    _ => error.into(),
                });
            }
            let link = format!("{}/invite/{token}", state.public_url);
            InvitationMail {
                inviter_name: &inviter_name,
                target_name,
                agency_name: &agency_name,
                recipient: email.as_str(),
                link: &link,
                valid_days,
            }
            .enqueue(&mut tx, offer.agency_id, now)
            .await?;
            let detail = json!({
                "email": email.as_str(),
                "role": role.map(StaffRole::as_str),
                "resources": resources.map_or_else(|| json!("all"), |r| json!(r.len())),
                "permissions": permissions,
            });
            let scope = Scope {
                target: format!("invitation:{id}"),
                agency_id: Some(offer.agency_id),
                account_id: account.map(|a| a.id),
            };
            audit
                .record(&mut tx, "invitation.sent", scope, detail, now)
                .await?;
        }
        created.push(CreatedUser::Invited {
            email: email.as_str().to_owned(),
            invitations: offer.grants.len(),
        });
    }
    tx.commit().await?;
    state.outbox.wake();
    announce(state, offer, Topic::Invites).await;
    Ok(created)
}

/// "Invite users via email" off: existing users get access now; new addresses get a profile the
/// staff member completes next (name and initial password).
async fn add_at_once(
    state: &AppState,
    offer: &Offer,
    emails: &[Email],
    audit: &Audit,
) -> Result<Vec<CreatedUser>, AppError> {
    // New profiles get a password nobody knows until the staff member sets the initial one.
    let unusable_hash = password::hash(new_token()).await?;
    let now = now_ms();
    let mut created = Vec::with_capacity(emails.len());
    let mut tx = state.db.begin_write().await?;
    for email in emails {
        let normalized = email.normalized();
        let user_id = match db::user_by_email(&mut tx, &normalized).await? {
            Some((user_id, name)) => {
                created.push(CreatedUser::Added {
                    email: email.as_str().to_owned(),
                    name,
                });
                user_id
            }
            None => {
                let user_id = Uuid::new_v4();
                let user = NewUser {
                    id: user_id,
                    email: email.as_str(),
                    email_normalized: &normalized,
                    first_name: "",
                    last_name: "",
                    password_hash: &unusable_hash,
                };
                users::insert(&mut tx, &user, now).await?;
                users::set_profile_pending(&mut tx, user_id, true).await?;
                created.push(CreatedUser::ProfileToComplete {
                    email: email.as_str().to_owned(),
                    user_id,
                });
                user_id
            }
        };
        for grant in &offer.grants {
            apply(&mut tx, offer.agency_id, user_id, grant, now).await?;
            audit
                .record(
                    &mut tx,
                    grant.action(),
                    grant.scope(offer.agency_id, user_id),
                    json!({ "email": email.as_str(), "invitation": false }),
                    now,
                )
                .await?;
        }
    }
    tx.commit().await?;
    announce(state, offer, Topic::Users).await;
    Ok(created)
}

/// Gives `user_id` the grant in the caller's transaction; someone in already is a conflict.
pub(in crate::server) async fn apply(
    conn: &mut AnyConnection,
    agency_id: Uuid,
    user_id: Uuid,
    grant: &Grant,
    now: i64,
) -> Result<(), AppError> {
    let result = match grant {
        Grant::Membership {
            account,
            resources,
            permissions,
        } => {
            let membership = NewMembership {
                user_id,
                account_id: account.id,
                resources: resources.as_deref(),
                account_owner: false,
                ends_at: None,
                permissions,
            };
            insert_membership(conn, &membership, now).await.map(|_| ())
        }
        Grant::Staff { role, assigned } => {
            match users::insert_staff_member(conn, agency_id, user_id, *role, now).await {
                Ok(()) => {
                    let mut result = Ok(());
                    for &account in assigned {
                        result = staff::assign(conn, agency_id, user_id, account, now).await;
                        if result.is_err() {
                            break;
                        }
                    }
                    result
                }
                Err(error) => Err(error),
            }
        }
    };
    result.map_err(|error| match &error {
        sqlx::Error::Database(e) if e.is_unique_violation() => AppError::Conflict(match grant {
            Grant::Membership { account, .. } => {
                format!("This person is already a member of {}.", account.name)
            }
            Grant::Staff { .. } => "This person is already on the staff.".to_owned(),
        }),
        _ => error.into(),
    })
}

/// Tells every browser concerned about a committed change of the offer's targets.
async fn announce(state: &AppState, offer: &Offer, topic: Topic) {
    for grant in &offer.grants {
        let account_id = match grant {
            Grant::Membership { account, .. } => Some(account.id),
            Grant::Staff { .. } => None,
        };
        let change = LiveChange {
            topic,
            agency_id: offer.agency_id,
            account_id,
            user_id: None,
        };
        state.live.publish(&state.db, change).await;
    }
}
