//! The account switcher: for people who work in more than one agency or client account.

use super::auth::use_auth;
use super::post_form::PostForm;
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
    // A native select and a button: choosing with the arrow keys does not move you before you
    // confirm (a select that navigates on change would, at every key press).
    view! {
        <PostForm
            action=switch
            read=|fields| SwitchPlace { place: fields.text("place") }
            attr:class="switcher"
        >
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
        </PostForm>
    }
}
