//! Who is signed in, for every component: one resource in context, refetched after log-in and log-out.

use super::place_switcher::PlaceSwitcher;
use super::post_form::PostForm;
use crate::api::{signed_in_user, LogOut};
use crate::domain::{AppError, CurrentUser};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

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

/// The header's right side: the signed-in person and Log out, or Log in and Sign up.
#[component]
pub fn UserMenu() -> impl IntoView {
    let auth = use_auth();
    let log_out = ServerAction::<LogOut>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(())) = log_out.value().get() {
            auth.refresh();
            navigate("/login", Default::default());
        }
    });
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
                                    <span data-testid="signed-in-as">{name}</span>
                                    <span class="muted" data-testid="working-in">{place}</span>
                                </span>
                                <PostForm action=log_out read=|_| LogOut {}>
                                    <button type="submit" class="button button-quiet">"Log out"</button>
                                </PostForm>
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

/// Once `result` holds a success (of a sign-up, registration or log-in), refresh who is signed in
/// and go on to the path `to` gives.
pub fn continue_when_signed_in<T: 'static>(
    result: impl Get<Value = Option<Result<T, AppError>>> + 'static,
    to: impl Fn() -> String + 'static,
) {
    let auth = use_auth();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(_)) = result.get() {
            auth.refresh();
            navigate(&to(), Default::default());
        }
    });
}
