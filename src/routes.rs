//! What each screen gets from its address. Screens are islands (see `pages`) that the browser
//! hydrates without a router, so the server reads the path's parameters and the query here and
//! hands them over as props, which the page carries to the browser with the island.

use crate::components::RequireUser;
use crate::domain::local_path;
use crate::pages::{
    ClientAccountPage, CreateUserPage, InvitationPage, LogIn, ManagePermissions, NewClientAccount,
    ResetPasswordPage,
};
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use uuid::Uuid;

/// The query parameter `name`, or empty.
fn query(name: &str) -> String {
    use_query_map()
        .read_untracked()
        .get(name)
        .unwrap_or_default()
}

/// The path parameter `name`, or empty.
fn param(name: &str) -> String {
    use_params_map()
        .read_untracked()
        .get(name)
        .unwrap_or_default()
}

/// An id in the path, or `None` when it is not one (the screen then says it found nothing).
fn id_param(name: &str) -> Option<Uuid> {
    Uuid::parse_str(&param(name)).ok()
}

#[component]
pub fn LogInRoute() -> impl IntoView {
    // Back to the page that sent the visitor here.
    let next = local_path(query("next")).unwrap_or_else(|| "/".to_owned());
    view! { <LogIn next /> }
}

#[component]
pub fn InvitationRoute() -> impl IntoView {
    view! { <InvitationPage token=param("token") /> }
}

#[component]
pub fn ResetPasswordRoute() -> impl IntoView {
    view! { <ResetPasswordPage token=query("token") /> }
}

#[component]
pub fn CreateUserRoute() -> impl IntoView {
    let preselected = Uuid::parse_str(&query("account")).ok();
    view! { <CreateUserPage preselected /> }
}

#[component]
pub fn NewClientAccountRoute() -> impl IntoView {
    view! { <RequireUser><NewClientAccount /></RequireUser> }
}

#[component]
pub fn ClientAccountRoute() -> impl IntoView {
    view! { <ClientAccountPage id=id_param("id") /> }
}

#[component]
pub fn ManagePermissionsRoute() -> impl IntoView {
    view! { <ManagePermissions account=id_param("id") user=id_param("user") /> }
}
