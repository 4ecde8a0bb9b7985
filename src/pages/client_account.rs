//! One client account: its details, archive and restore, its resources, its users and the Staff
//! who manage it.

use super::clients::{load_error, AccountFields};
use super::permissions::ManagePermissionsLink;
use super::resources::ResourceSection;
use super::user_lists::{PendingInvitesTable, RemoveMember};
use crate::api::{
    client_account_people, get_client_account, pending_invites, ArchiveClientAccount,
    AssignClientAccount, UpdateClientAccount,
};
use crate::components::{
    form_errors, provide_screen_context, use_live, Changed, Keyset, PageTitle, Pager, PostForm,
};
use crate::domain::{
    AccountDetails, AccountPeople, AppError, AssignableStaff, ClientAccount, Listing, PendingInvite,
};
use leptos::prelude::*;
use uuid::Uuid;

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

#[island(lazy)]
pub fn ClientAccountPage(
    /// The account's id, from the path (`None` when it is not one).
    id: Option<Uuid>,
) -> impl IntoView {
    provide_screen_context();
    let id = move || id;
    let changed = Changed::new();
    let account = Resource::new(
        move || (id(), changed.get()),
        |(id, _)| async move {
            match id {
                Some(id) => get_client_account(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    // Loaded beside the account, not inside its Suspense (leptos#4866).
    let live = use_live();
    let people = Resource::new(
        move || (id(), changed.get() + live.users.get()),
        |(id, _)| async move {
            match id {
                Some(id) => client_account_people(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    let invites_keyset = Keyset::new();
    let invites = Resource::new(
        move || {
            (
                id(),
                changed.get() + live.invites.get(),
                invites_keyset.after(),
            )
        },
        |(id, _, after)| async move {
            match id {
                Some(id) => pending_invites(Some(id), String::new(), after).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    provide_context(changed);
    view! {
        <Transition fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match account.await {
                    Ok(account) => view! { <AccountView account people invites invites_keyset /> }.into_any(),
                    Err(error) => {
                        let here = format!("/clients/{}", id().map(|id| id.to_string()).unwrap_or_default());
                        load_error(error, here)
                    }
                }
            })}
        </Transition>
    }
}

#[component]
fn AccountView(
    account: ClientAccount,
    people: Resource<Result<AccountPeople, AppError>>,
    invites: Resource<Result<Listing<PendingInvite>, AppError>>,
    invites_keyset: Keyset,
) -> impl IntoView {
    let title = account.details.name.clone();
    view! {
        <PageTitle text=title.clone() />
        <div class="page-heading">
            <h1>{title}</h1>
            {account.archived.then(|| view! { <span class="badge">"Archived"</span> })}
        </div>
        <p><a href="/clients">"All client accounts"</a></p>
        {account.editable.then(|| view! { <DetailsForm id=account.id details=account.details.clone() archived=account.archived /> })}
        <ResourceSection account_id=account.id resources=account.resources editable=account.editable />
        {account.editable.then(|| view! {
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    let invites = invites.await.ok();
                    people.await.ok().map(|people| view! {
                        <PeopleSection account_id=account.id people />
                        <section class="card" aria-labelledby="pending-title">
                            <div class="page-heading">
                                <h2 id="pending-title">"Pending invites"</h2>
                                <a href=format!("/users/new?account={}", account.id) class="button">"Invite users"</a>
                            </div>
                            {invites.map(|list| {
                                let pager = view! { <Pager keyset=invites_keyset next=list.next.clone() label="Pages of pending invites" /> };
                                view! { <PendingInvitesTable list pager=pager.into_any() /> }
                            })}
                        </section>
                    })
                })}
            </Transition>
        })}
    }
}

#[component]
fn DetailsForm(id: Uuid, details: AccountDetails, archived: bool) -> impl IntoView {
    let changed = expect_context::<Changed>();
    let update = ServerAction::<UpdateClientAccount>::new();
    let archive = ServerAction::<ArchiveClientAccount>::new();
    changed.after(update);
    changed.after(archive);
    let (field_error, form_error) = form_errors(update.value());
    let (_, archive_error) = form_errors(archive.value());
    view! {
        <section class="card" aria-labelledby="details-title">
            <h2 id="details-title">"Details"</h2>
            <PostForm
                action=update
                read=move |fields| UpdateClientAccount {
                    id,
                    kind: fields.text("kind"),
                    name: fields.text("name"),
                    contact_email: fields.text("contact_email"),
                    phone: fields.text("phone"),
                    address: fields.text("address"),
                    billing_contact: fields.text("billing_contact"),
                }
                attr:novalidate=true
            >
                <input type="hidden" name="id" value=id.to_string() />
                <AccountFields details=Some(details) field_error />
                <p class="form-error" role="alert">{form_error}</p>
                <button type="submit" class="button">"Save details"</button>
            </PostForm>
        </section>
        <section class="card" aria-labelledby="archive-title">
            <h2 id="archive-title">{if archived { "Restore" } else { "Archive" }}</h2>
            <p class="muted">
                {if archived {
                    "Restoring brings the account back into lists and account switchers."
                } else {
                    "An archived account leaves lists and account switchers, and its members lose access. Nothing is deleted: you can restore it."
                }}
            </p>
            <PostForm action=archive read=move |_| ArchiveClientAccount { id, archived: !archived }>
                <input type="hidden" name="id" value=id.to_string() />
                <input type="hidden" name="archived" value=(!archived).to_string() />
                <p class="form-error" role="alert">{archive_error}</p>
                <button type="submit" class="button button-quiet">
                    {if archived { "Restore client account" } else { "Archive client account" }}
                </button>
            </PostForm>
        </section>
    }
}

#[component]
fn PeopleSection(account_id: Uuid, people: AccountPeople) -> impl IntoView {
    let now = people.now_ms;
    view! {
        <section class="card" aria-labelledby="members-title">
            <h2 id="members-title">"Users of this account"</h2>
            {if people.members.is_empty() {
                view! { <p class="muted">"Nobody has access yet."</p> }.into_any()
            } else {
                view! {
                    <ul class="members">
                        {people.members.into_iter().map(|member| {
                            let scope = match member.chosen_resources {
                                None => "All current and future resources".to_owned(),
                                Some(1) => "1 chosen resource".to_owned(),
                                Some(n) => format!("{n} chosen resources"),
                            };
                            let end = match member.ends_at {
                                Some(_) if member.ended(now) => Some("Access ended".to_owned()),
                                Some(end) => Some(format!("Access ends in {} days", (end - now + DAY_MS - 1) / DAY_MS)),
                                None => None,
                            };
                            view! {
                                <li>
                                    <strong>{member.name.clone()}</strong>" "{member.email.clone()}
                                    {member.account_owner.then(|| view! { <span class="badge">"ACCOUNT OWNER"</span> })}
                                    {end.map(|end| view! { <span class="badge">{end}</span> })}
                                    <br />
                                    <span class="muted">{scope}</span>
                                    " "
                                    <ManagePermissionsLink account_id user_id=member.user_id name=member.name.clone() />
                                    " "
                                    <RemoveMember account_id user_id=member.user_id name=member.name.clone() />
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </section>
        {(!people.staff.is_empty()).then(|| view! {
            <section class="card" aria-labelledby="staff-title">
                <h2 id="staff-title">"Staff who manage this account"</h2>
                <p class="muted">"Owners and admins manage every account; Staff only those assigned here."</p>
                <ul class="members">
                    {people.staff.into_iter().map(|staff| view! { <AssignmentItem account_id staff /> }).collect_view()}
                </ul>
            </section>
        })}
    }
}

#[component]
fn AssignmentItem(account_id: Uuid, staff: AssignableStaff) -> impl IntoView {
    let assign = ServerAction::<AssignClientAccount>::new();
    expect_context::<Changed>().after(assign);
    let (_, error) = form_errors(assign.value());
    let user_id = staff.user_id;
    let (label, next) = if staff.assigned {
        (format!("Stop {} managing it", staff.name), false)
    } else {
        (format!("Let {} manage it", staff.name), true)
    };
    view! {
        <li>
            <strong>{staff.name.clone()}</strong>
            {staff.assigned.then(|| view! { <span class="badge">"Manages this account"</span> })}
            <PostForm
                action=assign
                read=move |_| AssignClientAccount { user_id, account_id, assigned: next }
                attr:class="inline-form"
            >
                <input type="hidden" name="user_id" value=staff.user_id.to_string() />
                <input type="hidden" name="account_id" value=account_id.to_string() />
                <input type="hidden" name="assigned" value=next.to_string() />
                <button type="submit" class="button button-quiet">{label}</button>
                <p class="field-error" role="alert">{error}</p>
            </PostForm>
        </li>
    }
}
