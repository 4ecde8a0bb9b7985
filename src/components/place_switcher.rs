//! The account switcher: for people who work in more than one agency or client account.

use crate::api::SwitchPlace;
use crate::domain::CurrentUser;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;

/// Part of the header, rendered on the server only: the form posts without the WASM, and the server
/// answers with the start page of the place chosen.
#[component]
pub fn PlaceSwitcher(user: CurrentUser) -> impl IntoView {
    let current = user.place.as_ref().map(|p| p.key()).unwrap_or_default();
    // A native select and a button: choosing with the arrow keys does not move you before you
    // confirm (a select that navigates on change would, at every key press).
    view! {
        <form action=SwitchPlace::url() method="post" class="switcher">
            <label for="place-switcher" class="visually-hidden">"Working in"</label>
            <select id="place-switcher" name="place">
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
            <button type="submit" class="button button-quiet">"Switch"</button>
        </form>
    }
}
