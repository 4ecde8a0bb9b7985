//! Client accounts: the list (search, archived, pages of 50), creating one, and one account with
//! its details and resources.

use crate::api::{
    client_account_people, get_client_account, list_client_accounts, AddEnvironment,
    AddEnvironmentDomain, AddResource, ArchiveClientAccount, AssignClientAccount,
    CreateClientAccount, RemoveResource, UpdateClientAccount,
};
use crate::components::{form_errors, Field};
use crate::domain::{
    AccountDetails, AccountKind, AccountPeople, AppError, AssignableStaff, ClientAccount,
    ClientResource, Environment, ResourceKind,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Redirect, A};
use leptos_router::hooks::{use_navigate, use_params_map};
use uuid::Uuid;

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// What a failed load shows: Log in for visitors, the message for everyone else.
fn load_error(error: AppError, here: String) -> AnyView {
    match error {
        AppError::Unauthenticated => {
            view! { <Redirect path=format!("/login?next={here}") /> }.into_any()
        }
        error => view! { <p class="error" role="alert">{error.to_string()}</p> }.into_any(),
    }
}

#[component]
pub fn ClientAccounts() -> impl IntoView {
    let search = RwSignal::new(String::new());
    let archived = RwSignal::new(false);
    // Keyset pages: the position of the current page, and those of the pages before it.
    let after = RwSignal::new(String::new());
    let earlier = RwSignal::new(Vec::<String>::new());
    let start_over = move || {
        after.set(String::new());
        earlier.set(Vec::new());
    };
    let accounts = Resource::new(
        move || (search.get(), archived.get(), after.get()),
        |(search, archived, after)| list_client_accounts(search, archived, after),
    );

    view! {
        <Title text="Client accounts" />
        // The heading waits for the answer, so a visitor on the way to Log in never sees the page.
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                accounts.await.ok().map(|_| view! {
                    <div class="page-heading">
                        <h1>"Client accounts"</h1>
                        <A href="/clients/new" attr:class="button">"Create client account"</A>
                    </div>
                })
            })}
        </Transition>
        <div class="toolbar">
            <div class="field">
                <label for="account-search">"Search by name"</label>
                <input
                    id="account-search"
                    type="search"
                    prop:value=search
                    on:input=move |ev| {
                        search.set(event_target_value(&ev));
                        start_over();
                    }
                />
            </div>
            <label class="checkbox">
                <input
                    type="checkbox"
                    prop:checked=archived
                    on:change=move |ev| {
                        archived.set(event_target_checked(&ev));
                        start_over();
                    }
                />
                "Show archived accounts"
            </label>
        </div>
        <Transition fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match accounts.await {
                    Ok(page) => {
                        let next = page.next.clone();
                        let has_earlier = !earlier.get_untracked().is_empty();
                        view! {
                            <AccountTable accounts=page.items archived=archived.get_untracked() />
                            <nav class="pager" aria-label="Pages of client accounts">
                                <button
                                    type="button"
                                    class="button button-quiet"
                                    disabled=!has_earlier
                                    on:click=move |_| {
                                        let mut stack = earlier.get_untracked();
                                        after.set(stack.pop().unwrap_or_default());
                                        earlier.set(stack);
                                    }
                                >
                                    "Previous page"
                                </button>
                                <button
                                    type="button"
                                    class="button button-quiet"
                                    disabled=next.is_none()
                                    on:click=move |_| {
                                        if let Some(next) = next.clone() {
                                            earlier.update(|stack| stack.push(after.get_untracked()));
                                            after.set(next);
                                        }
                                    }
                                >
                                    "Next page"
                                </button>
                            </nav>
                        }
                            .into_any()
                    }
                    Err(error) => load_error(error, "/clients".into()),
                }
            })}
        </Transition>
    }
}

#[component]
fn AccountTable(accounts: Vec<crate::domain::AccountSummary>, archived: bool) -> impl IntoView {
    if accounts.is_empty() {
        let message = if archived {
            "No archived client accounts match."
        } else {
            "No client accounts match. Create one for each client."
        };
        return view! { <p class="card">{message}</p> }.into_any();
    }
    view! {
        <table class="table">
            <thead>
                <tr>
                    <th scope="col">"Name"</th>
                    <th scope="col">"Type"</th>
                    <th scope="col">"Contact"</th>
                    <th scope="col">"Resources"</th>
                </tr>
            </thead>
            <tbody>
                {accounts
                    .into_iter()
                    .map(|account| {
                        view! {
                            <tr>
                                <td><A href=format!("/clients/{}", account.id)>{account.name}</A></td>
                                <td>{account.kind.label()}</td>
                                <td>{account.contact_email}</td>
                                <td>{account.resources}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
    .into_any()
}

/// The fields of a client account, for creating and for editing.
#[component]
fn AccountFields(
    details: Option<AccountDetails>,
    field_error: impl Fn(&'static str) -> Signal<Option<String>> + Copy + 'static,
) -> impl IntoView {
    let details = details.unwrap_or(AccountDetails {
        kind: AccountKind::Company,
        name: String::new(),
        contact_email: String::new(),
        phone: String::new(),
        address: String::new(),
        billing_contact: String::new(),
    });
    let kind_error = field_error("kind");
    let address_error = field_error("address");
    view! {
        <fieldset class="field choice" aria-describedby="kind-error">
            <legend>"Type of client"</legend>
            {[AccountKind::Company, AccountKind::Individual]
                .into_iter()
                .map(|kind| {
                    view! {
                        <label class="checkbox">
                            <input type="radio" name="kind" value=kind.as_str() checked=kind == details.kind />
                            {kind.label()}
                        </label>
                    }
                })
                .collect_view()}
            <p id="kind-error" class="field-error">{move || kind_error.get()}</p>
        </fieldset>
        <Field label="Name" name="name" autocomplete="organization" value=details.name error=field_error("name") />
        <Field label="Contact email" name="contact_email" kind="email" autocomplete="email" value=details.contact_email hint="Optional." error=field_error("contact_email") />
        <Field label="Phone" name="phone" kind="tel" autocomplete="tel" value=details.phone hint="Optional." error=field_error("phone") />
        <div class="field">
            <label for="address">"Address"</label>
            <textarea
                id="address"
                name="address"
                rows="3"
                autocomplete="street-address"
                aria-invalid=move || address_error.get().is_some().then_some("true")
                aria-describedby="address-error"
            >
                {details.address}
            </textarea>
            <p id="address-error" class="field-error">{move || address_error.get()}</p>
        </div>
        <Field label="Billing contact" name="billing_contact" value=details.billing_contact hint="Optional: who receives invoices." error=field_error("billing_contact") />
    }
}

#[component]
pub fn NewClientAccount() -> impl IntoView {
    let action = ServerAction::<CreateClientAccount>::new();
    let (field_error, form_error) = form_errors(action.value());
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(id)) = action.value().get() {
            navigate(&format!("/clients/{id}"), Default::default());
        }
    });
    view! {
        <Title text="Create client account" />
        <section class="card form-card">
            <h1>"Create client account"</h1>
            <p class="muted">"One account per client, so no client ever sees another's resources."</p>
            <ActionForm action attr:novalidate=true>
                <AccountFields details=None field_error />
                <p class="form-error" role="alert">{form_error}</p>
                <button type="submit" class="button" disabled=move || action.pending().get()>"Create client account"</button>
            </ActionForm>
            <p><A href="/clients">"Back to client accounts"</A></p>
        </section>
    }
}

/// Bumped after every change on the account page, so the page loads the account again.
#[derive(Clone, Copy)]
struct Changed(RwSignal<usize>);

impl Changed {
    fn after<T>(self, action: ServerAction<T>)
    where
        T: leptos::server_fn::ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
        T::Output: Send + Sync + Clone + 'static,
    {
        Effect::new(move |_| {
            if let Some(Ok(_)) = action.value().get() {
                self.0.update(|n| *n += 1);
            }
        });
    }
}

#[component]
pub fn ClientAccountPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || {
        params
            .read()
            .get("id")
            .and_then(|id| Uuid::parse_str(&id).ok())
    };
    let changed = Changed(RwSignal::new(0));
    let account = Resource::new(
        move || (id(), changed.0.get()),
        |(id, _)| async move {
            match id {
                Some(id) => get_client_account(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    // Loaded beside the account, not inside its Suspense (leptos#4866).
    let people = Resource::new(
        move || (id(), changed.0.get()),
        |(id, _)| async move {
            match id {
                Some(id) => client_account_people(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    provide_context(changed);
    view! {
        <Transition fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match account.await {
                    Ok(account) => view! { <AccountView account people /> }.into_any(),
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
) -> impl IntoView {
    let title = account.details.name.clone();
    view! {
        <Title text=title.clone() />
        <div class="page-heading">
            <h1>{title}</h1>
            {account.archived.then(|| view! { <span class="badge">"Archived"</span> })}
        </div>
        <p><A href="/clients">"All client accounts"</A></p>
        {account.editable.then(|| view! { <DetailsForm id=account.id details=account.details.clone() archived=account.archived /> })}
        <ResourceSection account_id=account.id resources=account.resources editable=account.editable />
        {account.editable.then(|| view! {
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    people.await.ok().map(|people| view! { <PeopleSection account_id=account.id people /> })
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
            <ActionForm action=update attr:novalidate=true>
                <input type="hidden" name="id" value=id.to_string() />
                <AccountFields details=Some(details) field_error />
                <p class="form-error" role="alert">{form_error}</p>
                <button type="submit" class="button">"Save details"</button>
            </ActionForm>
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
            <ActionForm action=archive>
                <input type="hidden" name="id" value=id.to_string() />
                <input type="hidden" name="archived" value=(!archived).to_string() />
                <p class="form-error" role="alert">{archive_error}</p>
                <button type="submit" class="button button-quiet">
                    {if archived { "Restore client account" } else { "Archive client account" }}
                </button>
            </ActionForm>
        </section>
    }
}

#[component]
fn ResourceSection(
    account_id: Uuid,
    resources: Vec<ClientResource>,
    editable: bool,
) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="resources-title">
            <h2 id="resources-title">"Resources"</h2>
            <ResourceList resources editable />
            {editable.then(|| view! { <AddResourceForm account_id /> })}
        </section>
    }
}

/// The resources grouped by kind; with `editable`, the forms to add environments and domains.
#[component]
pub(crate) fn ResourceList(resources: Vec<ClientResource>, editable: bool) -> impl IntoView {
    if resources.is_empty() {
        return view! { <p class="muted">"No resources yet."</p> }.into_any();
    }
    ResourceKind::ALL
        .into_iter()
        .filter_map(|kind| {
            let of_kind: Vec<ClientResource> = resources.iter().filter(|r| r.kind == kind).cloned().collect();
            (!of_kind.is_empty()).then(|| {
                view! {
                    <h3>{format!("{} ({})", kind.plural(), of_kind.len())}</h3>
                    <ul class="resources">
                        {of_kind.into_iter().map(|resource| view! { <ResourceItem resource editable /> }).collect_view()}
                    </ul>
                }
            })
        })
        .collect_view()
        .into_any()
}

#[component]
fn ResourceItem(resource: ClientResource, editable: bool) -> impl IntoView {
    let is_application = resource.kind == ResourceKind::Application;
    let id = resource.id;
    view! {
        <li>
            <span class="resource-name">{resource.name.clone()}</span>
            {editable.then(|| view! { <RemoveResourceButton id name=resource.name.clone() /> })}
            {is_application.then(|| view! {
                <ul class="environments" aria-label=format!("Environments of {}", resource.name)>
                    {resource.environments.into_iter().map(|environment| view! { <EnvironmentItem environment editable /> }).collect_view()}
                </ul>
                {editable.then(|| view! { <AddEnvironmentForm application_id=id application=resource.name.clone() /> })}
            })}
        </li>
    }
    .into_any()
}

#[component]
fn EnvironmentItem(environment: Environment, editable: bool) -> impl IntoView {
    let domains = if environment.domains.is_empty() {
        "no domains yet".to_owned()
    } else {
        environment
            .domains
            .iter()
            .map(|d| d.hostname.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    view! {
        <li>
            <strong>{environment.name.clone()}</strong>": "{domains}
            {editable.then(|| view! { <AddDomainForm environment_id=environment.id environment=environment.name.clone() /> })}
        </li>
    }
    .into_any()
}

/// The account's members (with their scope and end date) and the Staff who manage it.
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
                                    <A href=format!("/clients/{account_id}/users/{}/permissions", member.user_id)>
                                        {format!("Manage permissions of {}", member.name)}
                                    </A>
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
    let (label, next) = if staff.assigned {
        (format!("Stop {} managing it", staff.name), false)
    } else {
        (format!("Let {} manage it", staff.name), true)
    };
    view! {
        <li>
            <strong>{staff.name.clone()}</strong>
            {staff.assigned.then(|| view! { <span class="badge">"Manages this account"</span> })}
            <ActionForm action=assign attr:class="inline-form">
                <input type="hidden" name="user_id" value=staff.user_id.to_string() />
                <input type="hidden" name="account_id" value=account_id.to_string() />
                <input type="hidden" name="assigned" value=next.to_string() />
                <button type="submit" class="button button-quiet">{label}</button>
                <p class="field-error" role="alert">{error}</p>
            </ActionForm>
        </li>
    }
}

#[component]
fn RemoveResourceButton(id: Uuid, name: String) -> impl IntoView {
    let remove = ServerAction::<RemoveResource>::new();
    expect_context::<Changed>().after(remove);
    view! {
        <ActionForm action=remove attr:class="inline-form">
            <input type="hidden" name="resource_id" value=id.to_string() />
            <button type="submit" class="button button-quiet" aria-label=format!("Remove {name}")>"Remove"</button>
        </ActionForm>
    }
}

#[component]
fn AddResourceForm(account_id: Uuid) -> impl IntoView {
    let add = ServerAction::<AddResource>::new();
    expect_context::<Changed>().after(add);
    let (field_error, form_error) = form_errors(add.value());
    let kind_error = field_error("kind");
    let name_error = field_error("name");
    view! {
        <ActionForm action=add attr:novalidate=true attr:class="add-resource">
            <h3>"Add a resource"</h3>
            <input type="hidden" name="account_id" value=account_id.to_string() />
            <div class="field">
                <label for="resource-kind">"Kind"</label>
                <select id="resource-kind" name="kind" aria-describedby="resource-kind-error">
                    {ResourceKind::ALL.into_iter().map(|kind| view! { <option value=kind.as_str()>{kind.label()}</option> }).collect_view()}
                </select>
                <p id="resource-kind-error" class="field-error">{move || kind_error.get()}</p>
            </div>
            <div class="field">
                <label for="resource-name">"Resource name"</label>
                <input id="resource-name" name="name" aria-describedby="resource-name-hint resource-name-error" aria-invalid=move || name_error.get().is_some().then_some("true") />
                <p id="resource-name-hint" class="hint">"A domain is its host name, such as example.com."</p>
                <p id="resource-name-error" class="field-error">{move || name_error.get()}</p>
            </div>
            <p class="form-error" role="alert">{form_error}</p>
            <button type="submit" class="button">"Add resource"</button>
        </ActionForm>
    }
}

#[component]
fn AddEnvironmentForm(application_id: Uuid, application: String) -> impl IntoView {
    let add = ServerAction::<AddEnvironment>::new();
    expect_context::<Changed>().after(add);
    let (field_error, form_error) = form_errors(add.value());
    let input_id = format!("environment-{application_id}");
    let error = field_error("name");
    let error_id = format!("{input_id}-error");
    view! {
        <ActionForm action=add attr:novalidate=true attr:class="inline-form">
            <input type="hidden" name="application_id" value=application_id.to_string() />
            <label for=input_id.clone()>{format!("New environment of {application}")}</label>
            <input id=input_id name="name" placeholder="staging" aria-describedby=error_id.clone() />
            <button type="submit" class="button button-quiet">"Add environment"</button>
            <p id=error_id class="field-error" role="alert">{move || error.get().or_else(form_error)}</p>
        </ActionForm>
    }
}

#[component]
fn AddDomainForm(environment_id: Uuid, environment: String) -> impl IntoView {
    let add = ServerAction::<AddEnvironmentDomain>::new();
    expect_context::<Changed>().after(add);
    let (field_error, form_error) = form_errors(add.value());
    let input_id = format!("domain-{environment_id}");
    let error = field_error("hostname");
    let error_id = format!("{input_id}-error");
    view! {
        <ActionForm action=add attr:novalidate=true attr:class="inline-form">
            <input type="hidden" name="environment_id" value=environment_id.to_string() />
            <label for=input_id.clone()>{format!("New domain for {environment}")}</label>
            <input id=input_id name="hostname" placeholder="staging.example.com" aria-describedby=error_id.clone() />
            <button type="submit" class="button button-quiet">"Add domain"</button>
            <p id=error_id class="field-error" role="alert">{move || error.get().or_else(form_error)}</p>
        </ActionForm>
    }
}
