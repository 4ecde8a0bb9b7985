//! A member's switches in a client account: read them for the switch tree, save them.

use crate::domain::{AppError, PermissionEditor};
use leptos::prelude::*;
use uuid::Uuid;

#[server(endpoint = "member_permissions", output = crate::domain::JsonAnswer)]
pub async fn member_permissions(
    account_id: Uuid,
    user_id: Uuid,
) -> Result<PermissionEditor, AppError> {
    let state = crate::server::state::app_state()?;
    crate::server::permissions::editor(&state, account_id, user_id).await
}

/// `keys`: every switch that is on after the change (the form sends one `keys` per switch);
/// `template`: the template applied, if the change is one; `version`: the version of the switches
/// the change started from (the switch tree always sends it; a save over a newer one is refused).
#[server(endpoint = "save_member_permissions", output = crate::domain::JsonAnswer)]
pub async fn save_member_permissions(
    account_id: Uuid,
    user_id: Uuid,
    #[server(default)] keys: Vec<String>,
    #[server(default)] template: Option<String>,
    #[server(default)] version: Option<i64>,
) -> Result<(), AppError> {
    let state = crate::server::state::app_state()?;
    let template = template.as_deref().filter(|name| !name.is_empty());
    crate::server::permissions::save(&state, account_id, user_id, &keys, template, version).await
}

/// "Can this member do `key` here, and why?"
#[server(endpoint = "effective_access", output = crate::domain::JsonAnswer)]
pub async fn effective_access(
    account_id: Uuid,
    user_id: Uuid,
    key: String,
) -> Result<crate::domain::EffectiveAccess, AppError> {
    let state = crate::server::state::app_state()?;
    crate::server::permissions::effective_access(&state, account_id, user_id, &key).await
}

#[server(endpoint = "permission_templates", output = crate::domain::JsonAnswer)]
pub async fn permission_templates() -> Result<Vec<crate::domain::PermissionTemplate>, AppError> {
    let state = crate::server::state::app_state()?;
    crate::server::permissions::templates(&state).await
}

/// Saves the switches under a name for the agency (same name: replaced).
#[server(endpoint = "save_permission_template", output = crate::domain::JsonAnswer)]
pub async fn save_permission_template(
    name: String,
    #[server(default)] keys: Vec<String>,
) -> Result<(), AppError> {
    let state = crate::server::state::app_state()?;
    crate::server::permissions::save_template(&state, &name, &keys).await
}

/// Other client users of the agency, by name or email, whose switches can be copied.
#[server(endpoint = "clone_sources", output = crate::domain::JsonAnswer)]
pub async fn clone_sources(
    account_id: Uuid,
    user_id: Uuid,
    query: String,
) -> Result<Vec<crate::domain::CloneSource>, AppError> {
    let state = crate::server::state::app_state()?;
    crate::server::permissions::clone_sources(&state, account_id, user_id, &query).await
}
