//! The cards below the switch tree: Clone (copy another client user's switches) and Effective access
//! (what decides a permission).

use crate::api::{CloneSources, EffectiveAccess};
use crate::components::{form_errors, PostForm};
use crate::domain::catalog::{catalog, PermissionSet};
use leptos::prelude::*;
use uuid::Uuid;

/// "Can they do X, and why?" for the saved switches, answered by the server.
#[component]
pub(super) fn EffectiveAccessCard(account_id: Uuid, user_id: Uuid) -> impl IntoView {
    let check = ServerAction::<EffectiveAccess>::new();
    let (_, error) = form_errors(check.value());
    let catalog = catalog();
    view! {
        <section class="card" aria-labelledby="effective-title">
            <h2 id="effective-title">"Effective access"</h2>
            <p class="muted">"Whether the saved switches let them do something here, and what decides it."</p>
            <PostForm
                action=check
                read=move |fields| EffectiveAccess { account_id, user_id, key: fields.text("key") }
                attr:class="inline-form"
            >
                <input type="hidden" name="account_id" value=account_id.to_string() />
                <input type="hidden" name="user_id" value=user_id.to_string() />
                <label for="effective-key">"Permission"</label>
                <select id="effective-key" name="key">
                    {catalog
                        .nodes
                        .iter()
                        .map(|node| {
                            let path = node.key.split('.').count();
                            let indent = "\u{a0}\u{a0}".repeat(path - 1);
                            view! { <option value=node.key>{format!("{indent}{}", node.label)}</option> }
                        })
                        .collect_view()}
                </select>
                <button type="submit" class="button button-quiet">"Check"</button>
            </PostForm>
            <div role="status" class="effective">
                {move || check.value().get().and_then(Result::ok).map(|answer| view! {
                    <p><strong>{if answer.allowed { "Allowed." } else { "Not allowed." }}</strong>" "{answer.reason}</p>
                    <p class="muted">{answer.scope}</p>
                })}
            </div>
            <p class="form-error" role="alert">{error}</p>
        </section>
    }
}

/// Clone: find another client user of the agency and copy their switches in one of their accounts.
#[component]
pub(super) fn CloneCard(
    account_id: Uuid,
    user_id: Uuid,
    apply: Callback<PermissionSet>,
) -> impl IntoView {
    let search = ServerAction::<CloneSources>::new();
    let (field_error, error) = form_errors(search.value());
    let query_error = field_error("query");
    view! {
        <section class="card" aria-labelledby="clone-title">
            <h2 id="clone-title">"Clone"</h2>
            <p class="muted">"Copy the switches another client user of your agency has in one of their accounts."</p>
            <PostForm
                action=search
                read=move |fields| CloneSources { account_id, user_id, query: fields.text("query") }
                attr:class="inline-form"
            >
                <input type="hidden" name="account_id" value=account_id.to_string() />
                <input type="hidden" name="user_id" value=user_id.to_string() />
                <label for="clone-query">"Name or email"</label>
                <input id="clone-query" name="query" aria-describedby="clone-query-error" />
                <button type="submit" class="button button-quiet">"Find"</button>
                <p id="clone-query-error" class="field-error" role="alert">{move || query_error.get().or_else(error)}</p>
            </PostForm>
            <ul class="members">
                {move || search.value().get().and_then(Result::ok).map(|sources| {
                    if sources.is_empty() {
                        return view! { <li class="muted">"Nobody matches."</li> }.into_any();
                    }
                    sources.into_iter().map(|source| {
                        let set = catalog().set_of(source.keys.iter().map(String::as_str));
                        let label = format!("Copy from {} in {}", source.user_name, source.account_name);
                        view! {
                            <li>
                                {format!("{} ({}) in {}: {} switches on", source.user_name, source.email, source.account_name, source.keys.len())}
                                " "
                                <button type="button" class="button button-quiet" on:click=move |_| apply.run(set)>{label}</button>
                            </li>
                        }
                    }).collect_view().into_any()
                })}
            </ul>
        </section>
    }
}
