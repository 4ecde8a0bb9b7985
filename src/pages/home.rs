//! The start page: what Switchboard is, and for a signed-in person without any access, what to do.

use crate::api::{client_account_people, get_client_account};
use crate::components::{provide_screen_context, use_auth, PageTitle, StatusCard};
use crate::domain::{
    AccountPeople, AccountPlace, AgencyMembership, AppError, ClientAccount, CurrentUser, Place,
};
use crate::pages::permissions::ManagePermissionsLink;
use crate::pages::resources::ResourceList;
use leptos::prelude::*;

#[island(lazy)]
pub fn Home() -> impl IntoView {
    provide_screen_context();
    let auth = use_auth();
    // Loaded here, not inside the Suspense below: a resource created inside a Suspense can stall
    // server rendering (leptos#4866). They follow the user's current client account, if any.
    let account_id = move || match auth.user.get() {
        Some(Ok(Some(user))) => place_account(&user),
        _ => None,
    };
    // The fetchers await the user rather than trust the source: while the user is still loading the
    // source says "no account", and a value fetched for that could reach the browser and break
    // hydration of the account that the page does show.
    let current_account = move || async move {
        auth.user
            .await
            .ok()
            .flatten()
            .and_then(|user| place_account(&user))
    };
    let account = Resource::new(account_id, move |_| async move {
        match current_account().await {
            Some(id) => get_client_account(id).await.map(Some),
            None => Ok(None),
        }
    });
    // The account's users, for a client who may manage them (others get a refusal, shown as nothing).
    let people = Resource::new(account_id, move |_| async move {
        match current_account().await {
            Some(id) => client_account_people(id).await.ok(),
            None => None,
        }
    });
    view! {
        <PageTitle text="" />
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match auth.user.await {
                    // Signed in, but no agency (and, later, no client account) grants anything yet.
                    Ok(Some(user)) => match user.place {
                        None => view! { <NoAccessYet email=user.email /> }.into_any(),
                        Some(Place::Account(place)) => view! { <AccountHome place account people me=user.id /> }.into_any(),
                        Some(Place::Agency(agency)) => view! { <AgencyHome agency /> }.into_any(),
                    },
                    _ => view! { <Intro /> }.into_any(),
                }
            })}
        </Transition>
        <StatusCard />
    }
}

/// The client account the user is working in, if any.
fn place_account(user: &CurrentUser) -> Option<uuid::Uuid> {
    match &user.place {
        Some(Place::Account(account)) => Some(account.id),
        _ => None,
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

/// An agency's staff land on their agency: where to go next.
#[component]
fn AgencyHome(agency: AgencyMembership) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="agency-title">
            <h1 id="agency-title">{agency.name}</h1>
            <p>{format!("You work here as {}.", agency.role.label())}</p>
            <p><a href="/clients">"Client accounts"</a>" — one account per client, with its resources."</p>
        </section>
    }
}

/// A client user lands in their current client account, with the resources their membership covers.
#[component]
fn AccountHome(
    place: AccountPlace,
    account: Resource<Result<Option<ClientAccount>, AppError>>,
    people: Resource<Option<AccountPeople>>,
    me: uuid::Uuid,
) -> impl IntoView {
    let account_id = place.id;
    view! {
        <section aria-labelledby="account-title">
            <h1 id="account-title">{place.name}</h1>
            <p class="muted">{format!("A client account of {}.", place.agency_name)}</p>
            <Transition fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match account.await {
                        Ok(Some(account)) => view! {
                            <section class="card" aria-labelledby="resources-title">
                                <h2 id="resources-title">"Your resources"</h2>
                                <ResourceList resources=account.resources editable=false />
                            </section>
                        }
                            .into_any(),
                        Ok(None) => ().into_any(),
                        Err(error) => view! { <p class="error" role="alert">{error.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    people.await.map(|people| view! {
                        <section class="card" aria-labelledby="account-users-title">
                            <div class="page-heading">
                                <h2 id="account-users-title">"Users of this account"</h2>
                                <a href="/users/new" class="button">"Invite users"</a>
                            </div>
                            <ul class="members">
                                // Nobody edits their own switches, so one's own row has no link.
                                {people.members.into_iter().filter(|member| member.user_id != me).map(|member| view! {
                                    <li>
                                        <strong>{member.name.clone()}</strong>" "{member.email.clone()}" "
                                        <ManagePermissionsLink account_id user_id=member.user_id name=member.name.clone() />
                                    </li>
                                }).collect_view()}
                            </ul>
                        </section>
                    })
                })}
            </Transition>
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
