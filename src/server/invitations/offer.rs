//! What Create User may offer: staff roles for Owners and Admins, client memberships for those
//! who manage the account, at most the switches and resources the caller holds themselves.

use crate::domain::catalog::catalog;
use crate::domain::{
    AccountRef, AppError, CurrentUser, Email, NewUsers, StaffRole, UserKind, WizardOptions,
    FREELANCER_PRESETS_ONLY,
};
use crate::server::access::{managed_account, require_staff};
use crate::server::audit::Scope;
use crate::server::auth::require_user;
use crate::server::db::invitations as db;
use crate::server::db::{clients, resources};
use crate::server::now_ms;
use crate::server::permissions::{customizable, grants, Grants};
use crate::server::state::AppState;
use uuid::Uuid;

/// What one user is given, by an invitation or at once.
pub(in crate::server) enum Grant {
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
pub(super) struct Offer {
    pub(super) agency_id: Uuid,
    pub(super) grants: Vec<Grant>,
}

/// Checks the wizard's choices against what the caller may give, and turns them into grants.
pub(super) async fn offer(
    state: &AppState,
    caller: &CurrentUser,
    form: &NewUsers,
) -> Result<Offer, AppError> {
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
            let scope = crate::server::access::member_scope(state, caller, account_id).await?;
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
pub(super) async fn address_problem(
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

impl Grant {
    /// The audit action of giving it.
    pub(in crate::server) fn action(&self) -> &'static str {
        match self {
            Grant::Membership { .. } => "membership.added",
            Grant::Staff { .. } => "staff.added",
        }
    }

    pub(in crate::server) fn scope(&self, agency_id: Uuid, user_id: Uuid) -> Scope {
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
    pub(in crate::server) fn place_key(&self, agency_id: Uuid) -> String {
        match self {
            Grant::Membership { account, .. } => format!("account:{}", account.id),
            Grant::Staff { .. } => format!("agency:{agency_id}"),
        }
    }
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
        let plan = crate::server::db::permissions::plan_of_agency(&state.db, agency.id).await?;
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
