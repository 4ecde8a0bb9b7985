//! Client accounts: the list (search, archived, pages of 50) and creating one. One account's page
//! is in `client_account`, its resources in `resources`.

use crate::api::{list_client_accounts, CreateClientAccount};
use crate::components::{
    form_errors, go_to, provide_screen_context, Field, Keyset, PageTitle, Pager, PostForm, Redirect,
};
use crate::domain::{AccountDetails, AccountKind, AppError};
use leptos::prelude::*;

/// What a failed load shows: Log in for visitors, the message for everyone else.
pub(super) fn load_error(error: AppError, here: String) -> AnyView {
    match error {
        AppError::Unauthenticated => {
            view! { <Redirect path=format!("/login?next={here}") /> }.into_any()
        }
        error => view! { <p class="error" role="alert">{error.to_string()}</p> }.into_any(),
    }
}

#[island(lazy)]
pub fn ClientAccounts() -> impl IntoView {
    provide_screen_context();
    let search = RwSignal::new(String::new());
    let archived = RwSignal::new(false);
    let keyset = Keyset::new();
    let accounts = Resource::new(
        move || (search.get(), archived.get(), keyset.after()),
        |(search, archived, after)| list_client_accounts(search, archived, after),
    );

    view! {
        <PageTitle text="Client accounts" />
        // The heading waits for the answer, so a visitor on the way to Log in never sees the page.
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                accounts.await.ok().map(|_| view! {
                    <div class="page-heading">
                        <h1>"Client accounts"</h1>
                        <a href="/clients/new" class="button">"Create client account"</a>
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
                        keyset.start_over();
                    }
                />
            </div>
            <label class="checkbox">
                <input
                    type="checkbox"
                    prop:checked=archived
                    on:change=move |ev| {
                        archived.set(event_target_checked(&ev));
                        keyset.start_over();
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
                        view! {
                            <AccountTable accounts=page.items archived=archived.get_untracked() />
                            <Pager keyset next label="Pages of client accounts" />
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
                                <td><a href=format!("/clients/{}", account.id)>{account.name}</a></td>
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
pub(super) fn AccountFields(
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

#[island(lazy)]
pub fn NewClientAccount() -> impl IntoView {
    provide_screen_context();
    let action = ServerAction::<CreateClientAccount>::new();
    let (field_error, form_error) = form_errors(action.value());
    Effect::new(move |_| {
        if let Some(Ok(id)) = action.value().get() {
            go_to(&format!("/clients/{id}"));
        }
    });
    view! {
        <PageTitle text="Create client account" />
        <section class="card form-card">
            <h1>"Create client account"</h1>
            <p class="muted">"One account per client, so no client ever sees another's resources."</p>
            <PostForm
                action
                read=|fields| CreateClientAccount {
                    kind: fields.text("kind"),
                    name: fields.text("name"),
                    contact_email: fields.text("contact_email"),
                    phone: fields.text("phone"),
                    address: fields.text("address"),
                    billing_contact: fields.text("billing_contact"),
                }
                attr:novalidate=true
            >
                <AccountFields details=None field_error />
                <p class="form-error" role="alert">{form_error}</p>
                <button type="submit" class="button" disabled=move || action.pending().get()>"Create client account"</button>
            </PostForm>
            <p><a href="/clients">"Back to client accounts"</a></p>
        </section>
    }
}
