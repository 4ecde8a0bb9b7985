//! Client accounts and their resources: listing, creating, editing, archiving.

use super::access::{self, managed_account, require_agency_admin, require_staff};
use super::audit::{Audit, Scope};
use super::auth::require_user;
use super::db::clients::{self, AccountFilter};
use super::db::{memberships, resources, staff};
use super::state::AppState;
use super::{now_ms, permissions};
use crate::domain::{
    parse_environment_name, parse_hostname, parse_resource, AccountDetails, AccountPeople,
    AccountSummary, AppError, ClientAccount, Page, ResourceKind, PAGE_SIZE,
};
use serde_json::json;
use uuid::Uuid;

/// A page of the agency's client accounts in name order; Staff see only those assigned to them.
pub async fn list(
    state: &AppState,
    search: &str,
    archived: bool,
    after: &str,
) -> Result<Page<AccountSummary>, AppError> {
    let staff = require_staff(state).await?;
    let search = search.trim().to_lowercase();
    let filter = AccountFilter {
        agency_id: staff.agency.id,
        search: &search,
        archived,
        assigned_to: (!staff.runs_agency()).then_some(staff.user.id),
    };
    let after = parse_cursor(after)?;
    let limit = i64::try_from(PAGE_SIZE + 1).unwrap_or(i64::MAX);
    let mut rows = clients::list_accounts(
        &state.db,
        &filter,
        after.as_ref().map(|(key, id)| (key.as_str(), *id)),
        limit,
    )
    .await?;
    // One row more than a page says whether another page follows.
    let next = if rows.len() > PAGE_SIZE {
        rows.truncate(PAGE_SIZE);
        rows.last()
            .map(|(key, account)| format!("{}{key}", account.id))
    } else {
        None
    };
    Ok(Page {
        items: rows.into_iter().map(|(_, account)| account).collect(),
        next,
    })
}

/// The keyset position: the last row's id (36 characters) followed by its name key.
fn parse_cursor(after: &str) -> Result<Option<(String, Uuid)>, AppError> {
    if after.is_empty() {
        return Ok(None);
    }
    let id = after
        .get(..36)
        .and_then(|id| Uuid::parse_str(id).ok())
        .ok_or_else(|| AppError::field("after", "This page position is not valid."))?;
    Ok(Some((after[36..].to_owned(), id)))
}

pub async fn create(state: &AppState, details: AccountDetails) -> Result<Uuid, AppError> {
    let staff = require_agency_admin(state).await?;
    let audit = Audit::of(Some(staff.user.id))?;
    let id = Uuid::new_v4();
    let now = now_ms();
    let mut tx = state.db.begin_write().await?;
    clients::insert_account(&mut tx, id, staff.agency.id, &details, now).await?;
    let scope = Scope::account(format!("account:{id}"), staff.agency.id, id);
    let detail = json!({ "name": details.name, "kind": details.kind.as_str() });
    audit
        .record(&mut tx, "account.created", scope, detail, now)
        .await?;
    tx.commit().await?;
    Ok(id)
}

/// The account with its resources: all of them for staff who manage it, the member's scope for a
/// client user.
pub async fn get(state: &AppState, id: Uuid) -> Result<ClientAccount, AppError> {
    let (_, user) = require_user(state).await?;
    if user.agency().is_some() {
        let staff = require_staff(state).await?;
        let account = managed_account(state, &staff, id).await?;
        return Ok(ClientAccount {
            id,
            details: account.details,
            archived: account.archived,
            resources: resources::resources_of(&state.db, id, None).await?,
            editable: true,
        });
    }
    let scope = access::member_scope(state, &user, id).await?;
    let account = clients::find_account(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    // Each kind of resource shows only with its switch granted (the switches are loaded once).
    let grants = permissions::grants(state, &user, id).await?;
    let mut resources = resources::resources_of(&state.db, id, scope.as_deref()).await?;
    resources.retain(|resource| grants.check(resource.kind.permission()).is_ok());
    Ok(ClientAccount {
        id,
        details: account.details,
        archived: account.archived,
        resources,
        editable: false,
    })
}

/// The members of an account, for staff who manage it and for client members with "Manage account
/// users"; Owners and Admins also get the Staff they can assign.
pub async fn people(state: &AppState, id: Uuid) -> Result<AccountPeople, AppError> {
    let (_, user) = require_user(state).await?;
    if user.agency().is_none() {
        permissions::authorize(state, &user, id, "general.users").await?;
        return Ok(AccountPeople {
            members: memberships::members(&state.db, id).await?,
            staff: Vec::new(),
            now_ms: now_ms(),
        });
    }
    let staff = require_staff(state).await?;
    managed_account(state, &staff, id).await?;
    let assignable = if staff.runs_agency() {
        staff::assignable_staff(&state.db, staff.agency.id, id).await?
    } else {
        Vec::new()
    };
    Ok(AccountPeople {
        members: memberships::members(&state.db, id).await?,
        staff: assignable,
        now_ms: now_ms(),
    })
}

pub async fn update(state: &AppState, id: Uuid, details: AccountDetails) -> Result<(), AppError> {
    let staff = require_staff(state).await?;
    let before = managed_account(state, &staff, id).await?;
    let audit = Audit::of(Some(staff.user.id))?;
    let now = now_ms();
    let mut tx = state.db.begin_write().await?;
    clients::update_account(&mut tx, id, &details, now).await?;
    let scope = Scope::account(format!("account:{id}"), staff.agency.id, id);
    let detail = json!({ "before": before.details, "after": details });
    audit
        .record(&mut tx, "account.edited", scope, detail, now)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Archived accounts leave lists and switchers and keep their data; restoring brings them back.
pub async fn set_archived(state: &AppState, id: Uuid, archived: bool) -> Result<(), AppError> {
    let staff = require_agency_admin(state).await?;
    managed_account(state, &staff, id).await?;
    let audit = Audit::of(Some(staff.user.id))?;
    let now = now_ms();
    let mut tx = state.db.begin_write().await?;
    clients::set_archived(&mut tx, id, archived.then_some(now)).await?;
    let action = if archived {
        "account.archived"
    } else {
        "account.restored"
    };
    let scope = Scope::account(format!("account:{id}"), staff.agency.id, id);
    audit.record(&mut tx, action, scope, json!({}), now).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn add_resource(
    state: &AppState,
    account_id: Uuid,
    kind: &str,
    name: &str,
) -> Result<Uuid, AppError> {
    let staff = require_staff(state).await?;
    managed_account(state, &staff, account_id).await?;
    let (kind, name) = parse_resource(kind, name)?;
    let audit = Audit::of(Some(staff.user.id))?;
    let now = now_ms();
    let mut tx = state.db.begin_write().await?;
    let id = resources::insert_resource(&mut tx, account_id, kind, &name, now).await?;
    // A new application starts with a production environment: every application has one.
    if kind == ResourceKind::Application {
        resources::insert_environment(&mut tx, id, "production", now).await?;
    }
    let scope = Scope::account(format!("resource:{id}"), staff.agency.id, account_id);
    let detail = json!({ "kind": kind.as_str(), "name": name });
    audit
        .record(&mut tx, "resource.added", scope, detail, now)
        .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn remove_resource(state: &AppState, resource_id: Uuid) -> Result<(), AppError> {
    let staff = require_staff(state).await?;
    let (account_id, _) = resources::resource_owner(&state.db, resource_id)
        .await?
        .ok_or(AppError::NotFound)?;
    managed_account(state, &staff, account_id).await?;
    let audit = Audit::of(Some(staff.user.id))?;
    let now = now_ms();
    let mut tx = state.db.begin_write().await?;
    resources::delete_resource(&mut tx, resource_id).await?;
    let scope = Scope::account(
        format!("resource:{resource_id}"),
        staff.agency.id,
        account_id,
    );
    audit
        .record(&mut tx, "resource.removed", scope, json!({}), now)
        .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn add_environment(
    state: &AppState,
    application_id: Uuid,
    name: &str,
) -> Result<(), AppError> {
    let staff = require_staff(state).await?;
    let (account_id, kind) = resources::resource_owner(&state.db, application_id)
        .await?
        .ok_or(AppError::NotFound)?;
    managed_account(state, &staff, account_id).await?;
    if kind != ResourceKind::Application {
        return Err(AppError::field(
            "name",
            "Only websites and applications have environments.",
        ));
    }
    let name = parse_environment_name(name)?;
    let audit = Audit::of(Some(staff.user.id))?;
    let now = now_ms();
    let mut tx = state.db.begin_write().await?;
    let added = resources::insert_environment(&mut tx, application_id, &name, now)
        .await?
        .is_some();
    if added {
        let scope = Scope::account(
            format!("resource:{application_id}"),
            staff.agency.id,
            account_id,
        );
        audit
            .record(
                &mut tx,
                "environment.added",
                scope,
                json!({ "name": name }),
                now,
            )
            .await?;
    }
    tx.commit().await?;
    if !added {
        return Err(AppError::field(
            "name",
            "This application already has an environment of that name.",
        ));
    }
    Ok(())
}

pub async fn add_environment_domain(
    state: &AppState,
    environment_id: Uuid,
    hostname: &str,
) -> Result<(), AppError> {
    let staff = require_staff(state).await?;
    let account_id = resources::environment_owner(&state.db, environment_id)
        .await?
        .ok_or(AppError::NotFound)?;
    managed_account(state, &staff, account_id).await?;
    let hostname = parse_hostname(hostname).map_err(|m| AppError::field("hostname", m))?;
    let audit = Audit::of(Some(staff.user.id))?;
    let now = now_ms();
    let mut tx = state.db.begin_write().await?;
    let added =
        resources::insert_environment_domain(&mut tx, environment_id, &hostname, now).await?;
    if added {
        let scope = Scope::account(
            format!("environment:{environment_id}"),
            staff.agency.id,
            account_id,
        );
        audit
            .record(
                &mut tx,
                "domain.added",
                scope,
                json!({ "hostname": hostname }),
                now,
            )
            .await?;
    }
    tx.commit().await?;
    if !added {
        return Err(AppError::field(
            "hostname",
            "This environment already has that domain.",
        ));
    }
    Ok(())
}
