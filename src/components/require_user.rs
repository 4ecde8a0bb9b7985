//! Screens that need someone signed in: others are sent to Log in, and back here afterwards.

use super::auth::use_auth;
use super::navigation::Redirect;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

#[component]
pub fn RequireUser(children: ChildrenFn) -> impl IntoView {
    let auth = use_auth();
    let location = use_location();
    view! {
        <Transition fallback=|| ()>
            {move || {
                let children = children.clone();
                Suspend::new(async move {
                    match auth.user.await {
                        Ok(Some(_)) => children().into_any(),
                        Ok(None) => {
                            let next = location.pathname.get_untracked();
                            view! { <Redirect path=format!("/login?next={next}") /> }.into_any()
                        }
                        Err(error) => view! { <p class="error" role="alert">{error.to_string()}</p> }.into_any(),
                    }
                })
            }}
        </Transition>
    }
}
