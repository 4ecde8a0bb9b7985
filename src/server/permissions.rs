//! Enforcement of the switches: `authorize` for every function that reads or changes account data,
//! and the rules for editing someone's switches. Read from the database on every request, so a
//! change counts from the very next one.

use super::access::{managed_account, Staff};
use super::audit::{Audit, Scope};
use super::auth::require_user;
use super::db::permissions::{self, MembershipRow};
use super::db::users;
use super::now_ms;
use super::state::AppState;
use crate::domain::catalog::explain;
use crate::domain::catalog::{catalog, PermissionSet};
use crate::domain::{
    AppError, CloneSource, CurrentUser, EffectiveAccess, LiveChange, PermissionEditor,
    PermissionTemplate, Topic, FREELANCER_PRESETS_ONLY,
};
use serde_json::json;
use uuid::Uuid;

/// The switches a user's membership in an account grants now; `None` when it grants nothing (none,
/// ended, account archived): callers answer that as not found.
async fn member_set(
    state: &AppState,
    user_id: Uuid,
    account_id: Uuid,
) -> Result<Option<(MembershipRow, PermissionSet)>, AppError> {
    let Some(membership) =
        permissions::membership(&state.db, user_id, account_id, now_ms()).await?
    else {
        return Ok(None);
    };
    let keys = permissions::keys(&state.db, membership.id).await?;
    let set = catalog().set_of(keys.iter().map(String::as_str));
    Ok(Some((membership, set)))
}

/// What a user may do in one account, loaded once and then asked as often as needed.
pub enum Grants {
    /// Staff who manage the account may do everything there.
    Everything,
    /// A client member: the switches of their membership.
    Switches(PermissionSet),
}

impl Grants {
    /// Whether `key` is allowed; a client member needs the switch granted (it and its ancestors on).
    pub fn check(&self, key: &str) -> Result<(), AppError> {
        let Grants::Switches(set) = self else {
            return Ok(());
        };
        let catalog = catalog();
        let index = catalog.index(key).ok_or(AppError::Internal)?;
        if catalog.granted(set, index) {
            Ok(())
        } else {
            Err(AppError::Forbidden(format!(
                "Your access to this account does not include \"{}\".",
                catalog.nodes[index].label
            )))
        }
    }
}

/// What `user` may do in the account; not found when they have no part in it (or it grants nothing).
pub async fn grants(
    state: &AppState,
    user: &CurrentUser,
    account_id: Uuid,
) -> Result<Grants, AppError> {
    if let Some(agency) = user.agency() {
        let staff = Staff {
            user: user.clone(),
            agency: agency.clone(),
        };
        managed_account(state, &staff, account_id).await?;
        return Ok(Grants::Everything);
    }
    let (_, set) = member_set(state, user.id, account_id)
        .await?
        .filter(|(membership, _)| membership.active)
        .ok_or(AppError::NotFound)?;
    Ok(Grants::Switches(set))
}

/// Checks that `user` manages the account's users ("Manage account users", or staff who manage the
/// account) and returns the account's agency.
pub async fn users_manager(
    state: &AppState,
    user: &CurrentUser,
    account_id: Uuid,
) -> Result<Uuid, AppError> {
    grants(state, user, account_id)
        .await?
        .check("general.users")?;
    let account = super::db::clients::find_account(&state.db, account_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(account.agency_id)
}

/// Whether `user` may do `key` in the account: the check of every function that reads or changes
/// account data.
pub async fn authorize(
    state: &AppState,
    user: &CurrentUser,
    account_id: Uuid,
    key: &str,
) -> Result<(), AppError> {
    grants(state, user, account_id).await?.check(key)
}

/// What the caller may change of `user_id`'s switches in the account: all of them (staff managing
/// it), or those granted to the caller (a client with "Manage account users"). Nobody edits their own.
async fn changeable(
    state: &AppState,
    caller: &CurrentUser,
    account_id: Uuid,
    user_id: Uuid,
) -> Result<Option<PermissionSet>, AppError> {
    authorize(state, caller, account_id, "general.users").await?;
    if caller.id == user_id {
        return Err(AppError::Forbidden(
            "Nobody edits their own permissions: ask your agency or another account manager."
                .into(),
        ));
    }
    if caller.agency().is_some() {
        return Ok(None);
    }
    let (_, own) = member_set(state, caller.id, account_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let catalog = catalog();
    let mut granted = PermissionSet::empty();
    for index in 0..catalog.len() {
        granted.set(index, catalog.granted(&own, index));
    }
    Ok(Some(granted))
}

pub async fn editor(
    state: &AppState,
    account_id: Uuid,
    user_id: Uuid,
) -> Result<PermissionEditor, AppError> {
    let (_, caller) = require_user(state).await?;
    let changeable = changeable(state, &caller, account_id, user_id).await?;
    let (membership, set) = member_set(state, user_id, account_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let user = users::current(&state.db, user_id, now_ms())
        .await?
        .ok_or(AppError::NotFound)?;
    let catalog = catalog();
    let customizable = customizable(state, account_id).await?;
    let changed_by = permissions::last_change(&state.db, account_id, user_id)
        .await?
        .map(|(name, at)| changed_when(&name, at));
    Ok(PermissionEditor {
        changed_by,
        version: membership.version,
        customizable,
        user_id,
        user_name: format!("{} {}", user.first_name, user.last_name),
        on: catalog
            .keys_of(&set)
            .into_iter()
            .map(str::to_owned)
            .collect(),
        changeable: changeable.map(|set| {
            catalog
                .keys_of(&set)
                .into_iter()
                .map(str::to_owned)
                .collect()
        }),
    })
}

/// Saves `user_id`'s switches in the account. A locked switch (one the caller may not change) must
/// keep its state; an unknown key is refused. Takes effect on the user's next request.
pub async fn save(
    state: &AppState,
    account_id: Uuid,
    user_id: Uuid,
    keys: &[String],
    template: Option<&str>,
    version: Option<i64>,
) -> Result<(), AppError> {
    let (_, caller) = require_user(state).await?;
    let changeable = changeable(state, &caller, account_id, user_id).await?;
    let (membership, current) = member_set(state, user_id, account_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let catalog = catalog();
    if let Some(unknown) = keys.iter().find(|key| catalog.index(key).is_none()) {
        return Err(AppError::field(
            "keys",
            &format!("\"{unknown}\" is not a permission."),
        ));
    }
    let wanted = catalog.set_of(keys.iter().map(String::as_str));
    if !customizable(state, account_id).await?
        && wanted != catalog.default_set()
        && wanted != catalog.all()
    {
        return Err(AppError::Forbidden(FREELANCER_PRESETS_ONLY.into()));
    }
    if let Some(changeable) = changeable {
        if let Some(locked) = (0..catalog.len())
            .find(|&i| !changeable.is_on(i) && wanted.is_on(i) != current.is_on(i))
        {
            return Err(AppError::Forbidden(format!(
                "You cannot change \"{}\": it is beyond your own access.",
                catalog.nodes[locked].label
            )));
        }
    }
    let on = catalog.keys_of(&wanted);
    let turned_on: Vec<&str> = (0..catalog.len())
        .filter(|&i| wanted.is_on(i) && !current.is_on(i))
        .map(|i| catalog.nodes[i].key)
        .collect();
    let turned_off: Vec<&str> = (0..catalog.len())
        .filter(|&i| !wanted.is_on(i) && current.is_on(i))
        .map(|i| catalog.nodes[i].key)
        .collect();
    if turned_on.is_empty() && turned_off.is_empty() {
        return Ok(());
    }
    let agency_id = super::db::clients::find_account(&state.db, account_id)
        .await?
        .ok_or(AppError::NotFound)?
        .agency_id;
    let audit = Audit::of(Some(caller.id))?;
    let now = now_ms();
    let mut tx = state.db.begin_write().await?;
    // The version this save started from: if someone saved since, theirs stands and this one is
    // refused (checked inside the transaction, so two saves racing cannot both pass).
    let expected = version.unwrap_or(membership.version);
    if !permissions::bump_version(&mut tx, membership.id, expected).await? {
        drop(tx);
        return Err(changed_meanwhile(state, account_id, user_id).await);
    }
    permissions::replace(&mut tx, membership.id, &on).await?;
    // The diff, as space-separated catalog keys.
    let mut detail =
        json!({ "turned_on": turned_on.join(" "), "turned_off": turned_off.join(" ") });
    let action = match template {
        Some(name) => {
            detail["template"] = json!(name);
            "permissions.template_applied"
        }
        None => "permissions.changed",
    };
    let scope = Scope::account(format!("user:{user_id}"), agency_id, account_id);
    audit.record(&mut tx, action, scope, detail, now).await?;
    tx.commit().await?;
    let change = LiveChange {
        topic: Topic::Permissions,
        agency_id,
        account_id: Some(account_id),
        user_id: Some(user_id),
    };
    state.live.publish(&state.db, change).await;
    Ok(())
}

/// "Changed by Ann Lee a moment ago": why a save was refused.
async fn changed_meanwhile(state: &AppState, account_id: Uuid, user_id: Uuid) -> AppError {
    let by = match permissions::last_change(&state.db, account_id, user_id).await {
        Ok(Some((name, at))) => changed_when(&name, at),
        _ => "someone else a moment ago".to_owned(),
    };
    AppError::Conflict(format!(
        "These switches were changed by {by}. Their change is loaded: check the changes below, then save again."
    ))
}

/// "Ann Lee a moment ago", "Ann Lee 2 hours ago".
fn changed_when(name: &str, at: i64) -> String {
    let when = crate::domain::relative_time(at, now_ms()).replace("just now", "a moment ago");
    format!("{name} {when}")
}

/// Whether `user_id` may do `key` in the account and what decides it: the membership (ended,
/// account archived), the switch itself, or a switch above it. People may ask about themselves;
/// about others, those who may manage their switches.
pub async fn effective_access(
    state: &AppState,
    account_id: Uuid,
    user_id: Uuid,
    key: &str,
) -> Result<EffectiveAccess, AppError> {
    let (_, caller) = require_user(state).await?;
    if caller.id != user_id {
        authorize(state, &caller, account_id, "general.users").await?;
    } else if caller.agency().is_some() {
        return Err(AppError::NotFound);
    }
    let catalog = catalog();
    let index = catalog
        .index(key)
        .ok_or_else(|| AppError::field("key", "Choose a permission from the list."))?;
    let (membership, set) = member_set(state, user_id, account_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let scope = match super::db::memberships::member_scope(&state.db, user_id, account_id, now_ms())
        .await?
    {
        Some(None) => "All current and future resources of the account.".to_owned(),
        Some(Some(chosen)) => format!("{} chosen resources of the account.", chosen.len()),
        None => "No resources.".to_owned(),
    };
    if !membership.active {
        return Ok(EffectiveAccess {
            allowed: false,
            reason:
                "Their membership grants nothing now: it has ended, or the account is archived."
                    .into(),
            scope,
        });
    }
    let (allowed, reason) = explain(catalog, &set, index);
    Ok(EffectiveAccess {
        allowed,
        reason,
        scope,
    })
}

/// Whether the agency's plan lets members' switches be set one by one (not on Freelancer).
pub(super) async fn customizable(state: &AppState, account_id: Uuid) -> Result<bool, AppError> {
    let plan = permissions::plan_of_account(&state.db, account_id).await?;
    Ok(plan.as_deref() != Some("freelancer"))
}

/// The staff of an agency on a plan with templates.
async fn template_user(state: &AppState) -> Result<super::access::Staff, AppError> {
    let staff = super::access::require_staff(state).await?;
    let plan = permissions::plan_of_agency(&state.db, staff.agency.id).await?;
    if plan.as_deref() == Some("freelancer") {
        return Err(AppError::Forbidden(FREELANCER_PRESETS_ONLY.into()));
    }
    Ok(staff)
}

pub async fn templates(state: &AppState) -> Result<Vec<PermissionTemplate>, AppError> {
    let staff = template_user(state).await?;
    Ok(permissions::templates(&state.db, staff.agency.id)
        .await?
        .into_iter()
        .map(|(id, name, keys)| PermissionTemplate { id, name, keys })
        .collect())
}

/// Saves the set under `name` for the whole agency (a template of that name is replaced).
pub async fn save_template(state: &AppState, name: &str, keys: &[String]) -> Result<(), AppError> {
    let staff = template_user(state).await?;
    let name = crate::domain::parse_template_name(name)?;
    let catalog = catalog();
    if let Some(unknown) = keys.iter().find(|key| catalog.index(key).is_none()) {
        return Err(AppError::field(
            "keys",
            &format!("\"{unknown}\" is not a permission."),
        ));
    }
    let set = catalog.set_of(keys.iter().map(String::as_str));
    let keys = catalog.keys_of(&set);
    let audit = Audit::of(Some(staff.user.id))?;
    let now = now_ms();
    let mut tx = state.db.begin_write().await?;
    permissions::save_template(&mut tx, staff.agency.id, &name, &keys, now).await?;
    let scope = Scope::agency(format!("template:{name}"), staff.agency.id);
    let detail = json!({ "name": name, "switches": keys.join(" ") });
    audit
        .record(&mut tx, "template.saved", scope, detail, now)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Client users of the agency whose switches may be copied to `user_id` in the account, found by
/// name or email: for staff who manage the account, from accounts they manage themselves.
pub async fn clone_sources(
    state: &AppState,
    account_id: Uuid,
    user_id: Uuid,
    query: &str,
) -> Result<Vec<CloneSource>, AppError> {
    let staff = template_user(state).await?;
    managed_account(state, &staff, account_id).await?;
    let query = query.trim().to_lowercase();
    if query.is_empty() {
        return Err(AppError::field(
            "query",
            "Type part of a name or an email address.",
        ));
    }
    let assigned_to = (!staff.runs_agency()).then_some(staff.user.id);
    let rows = permissions::clone_sources(
        &state.db,
        staff.agency.id,
        user_id,
        &super::db::contains_pattern(&query),
        assigned_to,
    )
    .await?;
    let mut sources = Vec::with_capacity(rows.len());
    for (user_name, email, account_name, membership) in rows {
        sources.push(CloneSource {
            user_name,
            email,
            account_name,
            keys: permissions::keys(&state.db, membership).await?,
        });
    }
    Ok(sources)
}
