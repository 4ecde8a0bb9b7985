//! Audit log: newest first, filtered by actor, account, action and dates, pages of 50, and an
//! export of the filtered events as CSV.

use crate::api::{audit_events, load_wizard_options};
use crate::components::{Keyset, Pager};
use crate::domain::{
    action_label, date_time_utc, relative_time, AppError, AuditEntry, AuditFilter, Listing,
    AUDIT_ACTIONS,
};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use uuid::Uuid;

#[component]
pub fn AuditLogPage() -> impl IntoView {
    let filter = RwSignal::new(AuditFilter::default());
    let keyset = Keyset::new();
    // Loaded here, not inside a Suspense (leptos#4866).
    let events = Resource::new(
        move || (filter.get(), keyset.after()),
        |(filter, after)| {
            audit_events(
                filter.actor,
                filter.account_id,
                filter.action,
                filter.from,
                filter.to,
                after,
            )
        },
    );
    let options = Resource::new(|| (), |()| load_wizard_options());
    view! {
        <Title text="Audit log" />
        <h1>"Audit log"</h1>
        <Transition fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                let accounts = options.await.map(|o| o.accounts).unwrap_or_default();
                match events.await {
                    Ok(list) => view! {
                        <Filters filter keyset accounts />
                        <Events list keyset />
                    }
                    .into_any(),
                    Err(AppError::Unauthenticated) => view! { <Redirect path="/login?next=/audit" /> }.into_any(),
                    Err(AppError::Invalid(fields)) => view! {
                        <Filters filter keyset accounts />
                        <ul class="form-error" role="alert">
                            {fields.into_iter().map(|f| view! { <li>{f.message}</li> }).collect_view()}
                        </ul>
                    }
                    .into_any(),
                    Err(error) => view! { <p class="error" role="alert">{error.to_string()}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn Filters(
    filter: RwSignal<AuditFilter>,
    keyset: Keyset,
    accounts: Vec<crate::domain::AccountRef>,
) -> impl IntoView {
    let current = filter.get_untracked();
    let (actor, account, action, from, to) = (
        RwSignal::new(current.actor.clone()),
        RwSignal::new(
            current
                .account_id
                .map(|id| id.to_string())
                .unwrap_or_default(),
        ),
        RwSignal::new(current.action.clone()),
        RwSignal::new(current.from.clone()),
        RwSignal::new(current.to.clone()),
    );
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        keyset.start_over();
        filter.set(AuditFilter {
            actor: actor.get_untracked(),
            account_id: Uuid::parse_str(&account.get_untracked()).ok(),
            action: action.get_untracked(),
            from: from.get_untracked(),
            to: to.get_untracked(),
        });
    };
    let text = |label: &'static str,
                id: &'static str,
                kind: &'static str,
                value: RwSignal<String>| {
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <input id=id name=id type=kind prop:value=value on:input=move |ev| value.set(event_target_value(&ev)) />
            </div>
        }
    };
    view! {
        <form class="card filters" aria-label="Filters" on:submit=apply>
            {text("Actor (name or email)", "actor", "search", actor)}
            {(!accounts.is_empty()).then(|| view! {
                <div class="field">
                    <label for="account_id">"Account"</label>
                    <select id="account_id" name="account_id" on:change=move |ev| account.set(event_target_value(&ev))>
                        <option value="">"All accounts"</option>
                        {accounts.into_iter().map(|a| {
                            let id = a.id.to_string();
                            let selected = id == account.get_untracked();
                            view! { <option value=id selected=selected>{a.name}</option> }
                        }).collect_view()}
                    </select>
                </div>
            })}
            <div class="field">
                <label for="action">"Action"</label>
                <select id="action" name="action" on:change=move |ev| action.set(event_target_value(&ev))>
                    <option value="">"All actions"</option>
                    {AUDIT_ACTIONS.iter().map(|(key, label)| {
                        let selected = *key == action.get_untracked();
                        view! { <option value=*key selected=selected>{*label}</option> }
                    }).collect_view()}
                </select>
            </div>
            {text("From", "from", "date", from)}
            {text("To", "to", "date", to)}
            <button type="submit" class="button">"Apply filters"</button>
        </form>
        <form method="get" action="/audit.csv" class="inline-form export">
            <input type="hidden" name="actor" value=current.actor />
            <input type="hidden" name="account_id" value=current.account_id.map(|id| id.to_string()).unwrap_or_default() />
            <input type="hidden" name="action" value=current.action />
            <input type="hidden" name="from" value=current.from />
            <input type="hidden" name="to" value=current.to />
            <button type="submit" class="button button-quiet">"Export CSV"</button>
        </form>
    }
}

#[component]
fn Events(list: Listing<AuditEntry>, keyset: Keyset) -> impl IntoView {
    let now = list.now_ms;
    if list.items.is_empty() {
        return view! { <p class="muted">"No events match."</p> }.into_any();
    }
    view! {
        <table class="table audit">
            <thead>
                <tr>
                    <th scope="col">"When"</th>
                    <th scope="col">"Who"</th>
                    <th scope="col">"Action"</th>
                    <th scope="col">"Target"</th>
                    <th scope="col">"Account"</th>
                    <th scope="col">"From"</th>
                    <th scope="col">"Details"</th>
                </tr>
            </thead>
            <tbody>
                {list.items.into_iter().map(|event| view! {
                    <tr>
                        <td><time title=date_time_utc(event.at)>{relative_time(event.at, now)}</time></td>
                        <td>{event.actor}</td>
                        <td>{action_label(&event.action).to_owned()}</td>
                        <td>{event.target}</td>
                        <td>{event.account.unwrap_or_default()}</td>
                        <td title=event.user_agent.unwrap_or_default()>{event.ip.unwrap_or_default()}</td>
                        <td><code>{event.detail}</code></td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        <Pager keyset next=list.next label="Pages of events" />
    }
    .into_any()
}
