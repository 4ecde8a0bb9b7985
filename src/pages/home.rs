//! The start page: what Switchboard is, and for a signed-in person without any access, what to do.

use crate::components::{use_auth, StatusCard};
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn Home() -> impl IntoView {
    let auth = use_auth();
    view! {
        <Title text="" />
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match auth.user.await {
                    // Signed in, but no agency (and, later, no client account) grants anything yet.
                    Ok(Some(user)) if user.agency.is_none() => view! { <NoAccessYet email=user.email /> }.into_any(),
                    _ => view! { <Intro /> }.into_any(),
                }
            })}
        </Transition>
        <StatusCard />
    }
}

#[component]
fn Intro() -> impl IntoView {
    view! {
        <section class="intro">
            <h1>"Switchboard"</h1>
            <p class="lead">
                "Open a client account for each client, invite people with one-time links, and decide switch by switch what each person may see and do."
            </p>
        </section>
    }
}

#[component]
fn NoAccessYet(email: String) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="no-access-title">
            <h1 id="no-access-title">"No access yet"</h1>
            <p>"Your account works, but no agency has given you access to anything yet."</p>
            <p>
                "Ask the agency you work with to invite you, using the email address you registered with: "
                <strong>{email}</strong> ". Their invitation will appear here as soon as you accept it."
            </p>
        </section>
    }
}
