//! Client accounts and their resources. Each function authorizes on the server (see
//! `server::access`); an account the caller may not see answers "not found".

use crate::domain::{AccountSummary, AppError, ClientAccount, Page};
use leptos::prelude::*;
use uuid::Uuid;

#[server(endpoint = "client_accounts", output = crate::domain::JsonAnswer)]
pub async fn list_client_accounts(
    search: String,
    archived: bool,
    after: String,
) -> Result<Page<AccountSummary>, AppError> {
    let state = crate::server::state::app_state()?;
    crate::server::clients::list(&state, &search, archived, &after).await
}

#[server(endpoint = "client_account", output = crate::domain::JsonAnswer)]
pub async fn get_client_account(id: Uuid) -> Result<ClientAccount, AppError> {
    let state = crate::server::state::app_state()?;
    crate::server::clients::get(&state, id).await
}

#[server(endpoint = "create_client_account", output = crate::domain::JsonAnswer)]
pub async fn create_client_account(
    kind: String,
    name: String,
    contact_email: String,
    phone: String,
    address: String,
    billing_contact: String,
) -> Result<Uuid, AppError> {
    let state = crate::server::state::app_state()?;
    let details = crate::domain::AccountDetails::parse(
        &kind,
        &name,
        &contact_email,
        &phone,
        &address,
        &billing_contact,
    )?;
    crate::server::clients::create(&state, details).await
}

#[server(endpoint = "update_client_account", output = crate::domain::JsonAnswer)]
#[allow(clippy::too_many_arguments)] // one argument per form field
pub async fn update_client_account(
    id: Uuid,
    kind: String,
    name: String,
    contact_email: String,
    phone: String,
    address: String,
    billing_contact: String,
) -> Result<(), AppError> {
    let state = crate::server::state::app_state()?;
    let details = crate::domain::AccountDetails::parse(
        &kind,
        &name,
        &contact_email,
        &phone,
        &address,
        &billing_contact,
    )?;
    crate::server::clients::update(&state, id, details).await
}

#[server(endpoint = "archive_client_account", output = crate::domain::JsonAnswer)]
pub async fn archive_client_account(id: Uuid, archived: bool) -> Result<(), AppError> {
    let state = crate::server::state::app_state()?;
    crate::server::clients::set_archived(&state, id, archived).await
}

#[server(endpoint = "add_resource", output = crate::domain::JsonAnswer)]
pub async fn add_resource(account_id: Uuid, kind: String, name: String) -> Result<Uuid, AppError> {
    let state = crate::server::state::app_state()?;
    crate::server::clients::add_resource(&state, account_id, &kind, &name).await
}

#[server(endpoint = "remove_resource", output = crate::domain::JsonAnswer)]
pub async fn remove_resource(resource_id: Uuid) -> Result<(), AppError> {
    let state = crate::server::state::app_state()?;
    crate::server::clients::remove_resource(&state, resource_id).await
}

#[server(endpoint = "add_environment", output = crate::domain::JsonAnswer)]
pub async fn add_environment(application_id: Uuid, name: String) -> Result<(), AppError> {
    let state = crate::server::state::app_state()?;
    crate::server::clients::add_environment(&state, application_id, &name).await
}

#[server(endpoint = "add_environment_domain", output = crate::domain::JsonAnswer)]
pub async fn add_environment_domain(
    environment_id: Uuid,
    hostname: String,
) -> Result<(), AppError> {
    let state = crate::server::state::app_state()?;
    crate::server::clients::add_environment_domain(&state, environment_id, &hostname).await
}

#[server(endpoint = "client_account_people", output = crate::domain::JsonAnswer)]
pub async fn client_account_people(id: Uuid) -> Result<crate::domain::AccountPeople, AppError> {
    let state = crate::server::state::app_state()?;
    crate::server::clients::people(&state, id).await
}
