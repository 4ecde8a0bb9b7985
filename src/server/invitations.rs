//! Create User: who may offer what to whom, then invitations by email (or access at once), and
//! the pending invitations with Resend and Cancel.
//!
//! Staff users are offered by Owners and Admins only (an Admin role by Owners only). Client users
//! are offered by staff who manage the account, or by a client with "Manage account users" there,
//! who grants at most the switches and resources they hold themselves.

use super::access::{managed_account, require_staff};
use super::audit::{Audit, Scope};
use super::auth::require_user;
use super::db::invitations::{self as db, NewInvitation, PendingFilter, PendingPosition};
use super::db::memberships::{insert_membership, NewMembership};
use super::db::users::{self, NewUser};
use super::db::{clients, contains_pattern, resources, staff};
use super::invitation_mail::InvitationMail;
use super::paging::{listing, page_limit, parse_after};
use super::permissions::{customizable, grants, users_manager, Grants};
use super::session::{hash_token, new_token};
use super::state::AppState;
use super::{now_ms, password};
use crate::domain::catalog::catalog;
use crate::domain::{
    check_emails, parse_emails, AccountRef, AppError, CreatedUser, CurrentUser, Email, EmailCheck,
    FieldError, InvitationSettings, Listing, LiveChange, NewUsers, PendingInvite, StaffRole, Topic,
    UserKind, WizardOptions, FREELANCER_PRESETS_ONLY,
};
use serde_json::json;
use sqlx::AnyConnection;
use uuid::Uuid;

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// What one user is given, by an invitation or at once.
pub(super) enum Grant {
    Membership {
        account: AccountRef,
        /// `None`: all current and future resources.
        resources: Option<Vec<Uuid>>,
        permissions: Vec<&'static str>,
    },
    Staff {
        role: StaffRole,
        assigned: Vec<Uuid>,
    },
}

/// What Create User offers each address: the agency and one grant per target.
struct Offer {
    agency_id: Uuid,
    grants: Vec<Grant>,
}

/// Checks the wizard's choices against what the caller may give, and turns them into grants.
async fn offer(state: &AppState, caller: &CurrentUser, form: &NewUsers) -> Result<Offer, AppError> {
    match form.kind {
        UserKind::Staff => staff_offer(state, form).await,
        UserKind::Client => client_offer(state, caller, form).await,
    }
}

async fn staff_offer(state: &AppState, form: &NewUsers) -> Result<Offer, AppError> {
    let inviter = require_staff(state).await?;
    if !inviter.runs_agency() {
        return Err(AppError::Forbidden(
            "Only the agency's owners and admins can create staff users.".into(),
        ));
    }
    let role = match form.role {
        Some(StaffRole::Admin) if inviter.agency.role != StaffRole::Owner => {
            return Err(AppError::Forbidden("Only owners can make admins.".into()))
        }
        Some(role @ (StaffRole::Admin | StaffRole::Staff)) => role,
        _ => return Err(AppError::field("role", "Choose Admin or Staff.")),
    };
    let mut assigned = Vec::new();
    if role == StaffRole::Staff {
        for &account in &form.assigned {
            managed_account(state, &inviter, account).await?;
            if !assigned.contains(&account) {
                assigned.push(account);
            }
        }
    }
    Ok(Offer {
        agency_id: inviter.agency.id,
        grants: vec![Grant::Staff { role, assigned }],
    })
}

async fn client_offer(
    state: &AppState,
    caller: &CurrentUser,
    form: &NewUsers,
) -> Result<Offer, AppError> {
    if form.accounts.is_empty() {
        return Err(AppError::field(
            "accounts",
            "Choose at least one client account.",
        ));
    }
    let catalog = catalog();
    if let Some(unknown) = form.permissions.iter().find(|k| catalog.index(k).is_none()) {
        return Err(AppError::field(
            "permissions",
            &format!("\"{unknown}\" is not a permission."),
        ));
    }
    let wanted = catalog.set_of(form.permissions.iter().map(String::as_str));
    let mut agency_id = None;
    let mut offered = Vec::with_capacity(form.accounts.len());
    for choice in &form.accounts {
        let account_id = choice.account_id;
        let caller_grants = grants(state, caller, account_id).await?;
        caller_grants.check("general.users")?;
        let account = clients::find_account(&state.db, account_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if account.archived {
            return Err(AppError::field(
                "accounts",
                &format!("{} is archived: restore it first.", account.details.name),
            ));
        }
        if *agency_id.get_or_insert(account.agency_id) != account.agency_id {
            return Err(AppError::NotFound);
        }
        if !customizable(state, account_id).await?
            && wanted != catalog.default_set()
            && wanted != catalog.all()
        {
            return Err(AppError::Forbidden(FREELANCER_PRESETS_ONLY.into()));
        }
        let in_account: Vec<Uuid> = resources::resources_of(&state.db, account_id, None)
            .await?
            .into_iter()
            .map(|r| r.id)
            .collect();
        if let Some(chosen) = &choice.resources {
            if chosen.iter().any(|id| !in_account.contains(id)) {
                return Err(AppError::NotFound);
            }
        }
        if let Grants::Switches(own) = &caller_grants {
            // A client manager gives at most what they hold: switches and resources.
            if let Some(index) =
                (0..catalog.len()).find(|&i| wanted.is_on(i) && !catalog.granted(own, i))
            {
                return Err(AppError::Forbidden(format!(
                    "You cannot grant \"{}\": it is beyond your own access.",
                    catalog.nodes[index].label
                )));
            }
            let scope = super::access::member_scope(state, caller, account_id).await?;
            if let Some(own_resources) = scope {
                let beyond = match &choice.resources {
                    None => true,
                    Some(chosen) => chosen.iter().any(|id| !own_resources.contains(id)),
                };
                if beyond {
                    return Err(AppError::Forbidden(
                        "You can only share resources you have access to yourself.".into(),
                    ));
                }
            }
        }
        let mut chosen = choice.resources.clone();
        if let Some(chosen) = &mut chosen {
            chosen.sort();
            chosen.dedup();
        }
        offered.push(Grant::Membership {
            account: AccountRef {
                id: account_id,
                name: account.details.name,
            },
            resources: chosen,
            permissions: catalog.keys_of(&wanted),
        });
    }
    Ok(Offer {
        agency_id: agency_id.ok_or(AppError::NotFound)?,
        grants: offered,
    })
}

/// Why an address cannot get the offer, if it cannot: it is in already, or invited already.
async fn address_problem(
    state: &AppState,
    offer: &Offer,
    email: &Email,
) -> Result<Option<String>, AppError> {
    let normalized = email.normalized();
    let now = now_ms();
    for grant in &offer.grants {
        let problem = match grant {
            Grant::Membership { account, .. } => {
                if db::is_member(&state.db, &normalized, account.id).await? {
                    Some(format!("Already a member of {}.", account.name))
                } else if db::is_pending(
                    &state.db,
                    &normalized,
                    offer.agency_id,
                    Some(account.id),
                    now,
                )
                .await?
                {
                    Some(format!(
                        "Already invited to {}: resend that invitation instead.",
                        account.name
                    ))
                } else {
                    None
                }
            }
            Grant::Staff { .. } => {
                if db::is_staff(&state.db, &normalized, offer.agency_id).await? {
                    Some("Already on the staff.".to_owned())
                } else if db::is_pending(&state.db, &normalized, offer.agency_id, None, now).await?
                {
                    Some("Already invited to the staff: resend that invitation instead.".to_owned())
                } else {
                    None
                }
            }
        };
        if problem.is_some() {
            return Ok(problem);
        }
    }
    Ok(None)
}

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

impl Grant {
    /// The audit action of giving it.
    pub(super) fn action(&self) -> &'static str {
        match self {
            Grant::Membership { .. } => "membership.added",
            Grant::Staff { .. } => "staff.added",
        }
    }

    pub(super) fn scope(&self, agency_id: Uuid, user_id: Uuid) -> Scope {
        Scope {
            target: format!("user:{user_id}"),
            agency_id: Some(agency_id),
            account_id: match self {
                Grant::Membership { account, .. } => Some(account.id),
                Grant::Staff { .. } => None,
            },
        }
    }

    /// Where the user lands after getting it ("account:<id>" or "agency:<id>").
    pub(super) fn place_key(&self, agency_id: Uuid) -> String {
        match self {
            Grant::Membership { account, .. } => format!("account:{}", account.id),
            Grant::Staff { .. } => format!("agency:{agency_id}"),
        }
    }
}

/// Gives `user_id` the grant in the caller's transaction; someone in already is a conflict.
pub(super) async fn apply(
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
pub(super) async fn expire_due(conn: &mut AnyConnection, now: i64) -> Result<usize, AppError> {
    let expired = db::expire_due(conn, now).await?;
    for (id, agency_id, account_id, email) in &expired {
        let event = super::db::audit::Event {
            actor_id: None,
            action: "invitation.expired",
            target: format!("invitation:{id}"),
            agency_id: Some(*agency_id),
            account_id: *account_id,
            ip: None,
            user_agent: None,
            detail: json!({ "email": email }).to_string(),
        };
        super::db::audit::append(conn, &event, now).await?;
    }
    Ok(expired.len())
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
pub(super) fn invitation_scope(invitation: &db::Invitation) -> Scope {
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

/// What the wizard may offer the caller.
pub async fn wizard_options(state: &AppState) -> Result<WizardOptions, AppError> {
    let (_, caller) = require_user(state).await?;
    if let Some(agency) = caller.agency() {
        let staff = require_staff(state).await?;
        let staff_roles = match agency.role {
            StaffRole::Owner => vec![StaffRole::Admin, StaffRole::Staff],
            StaffRole::Admin => vec![StaffRole::Staff],
            StaffRole::Staff => vec![],
        };
        let assigned_to = (!staff.runs_agency()).then_some(caller.id);
        let accounts = db::agency_accounts(&state.db, agency.id, assigned_to).await?;
        let assignable = if staff.runs_agency() {
            accounts.clone()
        } else {
            Vec::new()
        };
        let plan = super::db::permissions::plan_of_agency(&state.db, agency.id).await?;
        return Ok(WizardOptions {
            staff_roles,
            accounts,
            assignable,
            customizable: plan.as_deref() != Some("freelancer"),
            grantable: None,
        });
    }
    // A client: only the account they work in now, if they manage its users.
    let Some(crate::domain::Place::Account(place)) = caller.place.clone() else {
        return Err(AppError::Forbidden(
            "Switch to the account whose users you manage first.".into(),
        ));
    };
    let caller_grants = grants(state, &caller, place.id).await?;
    caller_grants.check("general.users")?;
    let Grants::Switches(own) = caller_grants else {
        return Err(AppError::NotFound);
    };
    let catalog = catalog();
    let grantable = (0..catalog.len())
        .filter(|&i| catalog.granted(&own, i))
        .map(|i| catalog.nodes[i].key.to_owned())
        .collect();
    Ok(WizardOptions {
        staff_roles: vec![],
        accounts: vec![AccountRef {
            id: place.id,
            name: place.name,
        }],
        assignable: vec![],
        customizable: customizable(state, place.id).await?,
        grantable: Some(grantable),
    })
}

/// The agency's invitation settings (Owners and Admins).
pub async fn settings(state: &AppState) -> Result<InvitationSettings, AppError> {
    let admin = super::access::require_agency_admin(state).await?;
    let mut conn = state.db.connection().await?;
    let (valid_days, require_invited_email) = db::settings(&mut conn, admin.agency.id).await?;
    Ok(InvitationSettings {
        valid_days,
        require_invited_email,
    })
}

pub async fn save_settings(state: &AppState, settings: InvitationSettings) -> Result<(), AppError> {
    let admin = super::access::require_agency_admin(state).await?;
    let audit = Audit::of(Some(admin.user.id))?;
    let now = now_ms();
    let mut tx = state.db.begin_write().await?;
    db::save_settings(
        &mut tx,
        admin.agency.id,
        settings.valid_days,
        settings.require_invited_email,
    )
    .await?;
    let scope = Scope {
        target: format!("agency:{}", admin.agency.id),
        agency_id: Some(admin.agency.id),
        account_id: None,
    };
    let detail = json!({
        "invite_valid_days": settings.valid_days,
        "require_invited_email": settings.require_invited_email,
    });
    audit
        .record(&mut tx, "agency.settings_changed", scope, detail, now)
        .await?;
    tx.commit().await?;
    Ok(())
}
