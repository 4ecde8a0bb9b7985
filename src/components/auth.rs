//! Who is signed in, for every component: one resource in context, refetched after log-in and log-out.

use super::frame::SIGNED_IN_NAME;
use super::navigation::go_to;
use super::place_switcher::PlaceSwitcher;
use crate::api::{signed_in_user, LogOut};
use crate::domain::{AppError, CurrentUser};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::components::A;

#[derive(Clone, Copy)]
pub struct Auth {
    pub user: Resource<Result<Option<CurrentUser>, AppError>>,
}

impl Auth {
    /// Asks the server again (after the session changed).
    pub fn refresh(self) {
        self.user.refetch();
    }
}

pub fn provide_auth() {
    provide_context(Auth {
        user: Resource::new(|| (), |()| signed_in_user()),
    });
}

pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}

/// The header's right side: the signed-in person and Log out, or Log in and Sign up. Rendered on
/// the server only: its forms post without the WASM, and the server answers with the next page.
#[component]
pub fn UserMenu() -> impl IntoView {
    let auth = use_auth();
    view! {
        <div class="user-menu">
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match auth.user.await {
                        Ok(Some(user)) => {
                            let name = format!("{} {}", user.first_name, user.last_name);
                            let place = user.place.as_ref().map(|p| p.name().to_owned()).unwrap_or_default();
                            let switcher = (user.places.len() > 1).then(|| view! { <PlaceSwitcher user /> });
                            view! {
                                {switcher}
                                <span class="who">
                                    <span id=SIGNED_IN_NAME data-testid="signed-in-as">{name}</span>
                                    <span class="muted" data-testid="working-in">{place}</span>
                                </span>
                                <form action=LogOut::url() method="post">
                                    <input type="hidden" name="next" value="/login" />
                                    <button type="submit" class="button button-quiet">"Log out"</button>
                                </form>
                            }
                                .into_any()
                        }
                        _ => view! {
                            <A href="/login">"Log in"</A>
                            <A href="/signup" attr:class="button">"Sign up"</A>
                        }
                            .into_any(),
                    }
                })}
            </Transition>
        </div>
    }
}

/// Once `result` holds a success (of a sign-up, registration or log-in), go on to the path `to`
/// gives: a new page, whose header the server renders for the person now signed in.
pub fn continue_when_signed_in<T: 'static>(
    result: impl Get<Value = Option<Result<T, AppError>>> + 'static,
    to: impl Fn() -> String + 'static,
) {
    Effect::new(move |_| {
        if let Some(Ok(_)) = result.get() {
            go_to(&to());
        }
    });
}
