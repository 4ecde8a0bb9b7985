//! The account switcher: for people who work in more than one agency or client account.

use super::auth::use_auth;
use crate::api::SwitchPlace;
use crate::domain::CurrentUser;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

#[component]
pub fn PlaceSwitcher(user: CurrentUser) -> impl IntoView {
    let auth = use_auth();
    let switch = ServerAction::<SwitchPlace>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(_)) = switch.value().get() {
            auth.refresh();
            navigate("/", Default::default());
        }
    });
    let current = user.place.as_ref().map(|p| p.key()).unwrap_or_default();
    // A native select: keyboard and screen readers work as everywhere else.
    view! {
        <label class="switcher">
            <span class="visually-hidden">"Working in"</span>
            <select
                aria-describedby="switcher-hint"
                on:change=move |ev| {
                    switch.dispatch(SwitchPlace { place: event_target_value(&ev) });
                }
            >
                {user
                    .places
                    .iter()
                    .map(|place| {
                        let key = place.key();
                        let selected = key == current;
                        view! { <option value=key selected=selected>{place.label()}</option> }
                    })
                    .collect_view()}
            </select>
        </label>
        <span id="switcher-hint" class="visually-hidden">"Choosing another place opens its start page."</span>
    }
}
