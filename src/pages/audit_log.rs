//! Audit log: newest first, filtered by actor, account, action and dates, pages of 50, and an
//! export of the filtered events as CSV.

use crate::api::{audit_events, load_wizard_options};
use crate::components::{provide_screen_context, Keyset, PageTitle, Pager, Redirect};
use crate::domain::{
    action_label, date_time_utc, relative_time, AppError, AuditEntry, AuditFilter, Listing,
    AUDIT_ACTIONS,
};
use leptos::prelude::*;
use uuid::Uuid;

#[island(lazy)]
pub fn AuditLogPage() -> impl IntoView {
    provide_screen_context();
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
        <PageTitle text="Audit log" />
        <h1>"Audit log"</h1>
        // The filters load once (what is typed in them stays while the events load again).
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let accounts = options.await.map(|o| o.accounts).unwrap_or_default();
                view! { <Filters filter keyset accounts /> }
            })}
        </Transition>
        <Transition fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match events.await {
                    Ok(list) => view! {
                        <ExportForm filter=filter.get_untracked() />
                        <Events list keyset />
                    }
                    .into_any(),
                    Err(AppError::Unauthenticated) => view! { <Redirect path="/login?next=/audit" /> }.into_any(),
                    Err(AppError::Invalid(fields)) => view! {
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
    }
}

/// Export CSV: a plain download without WASM; with it, fetched as a stream with the progress shown.
#[component]
fn ExportForm(filter: AuditFilter) -> impl IntoView {
    // (events so far, all events): None before an export, and the outcome after it.
    let progress = RwSignal::new(None::<(u64, u64)>);
    let outcome = RwSignal::new(None::<Result<u64, String>>);
    let account = filter
        .account_id
        .map(|id| id.to_string())
        .unwrap_or_default();
    let query = [
        ("actor", filter.actor.clone()),
        ("account_id", account.clone()),
        ("action", filter.action.clone()),
        ("from", filter.from.clone()),
        ("to", filter.to.clone()),
    ];
    let start = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        {
            ev.prevent_default();
            let url = export_url(&query);
            outcome.set(None);
            progress.set(Some((0, 0)));
            leptos::task::spawn_local(async move {
                let result = download(&url, progress).await;
                progress.set(None);
                outcome.set(Some(result));
            });
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (ev, &query);
    };
    view! {
        <form method="get" action="/audit.csv" class="inline-form export" on:submit=start>
            <input type="hidden" name="actor" value=filter.actor />
            <input type="hidden" name="account_id" value=account />
            <input type="hidden" name="action" value=filter.action />
            <input type="hidden" name="from" value=filter.from />
            <input type="hidden" name="to" value=filter.to />
            <button type="submit" class="button button-quiet" disabled=move || progress.get().is_some()>"Export CSV"</button>
            {move || progress.get().map(|(done, total)| view! {
                <label for="export-progress">"Export"</label>
                <progress id="export-progress" max=total.max(1).to_string() value=done.to_string()></progress>
            })}
            <p role="status" aria-label="Export">
                {move || match (progress.get(), outcome.get()) {
                    (Some((done, total)), _) => format!("Exporting: {done} of {total} events…"),
                    (None, Some(Ok(total))) => format!("Exported {total} events."),
                    (None, Some(Err(error))) => format!("The export failed: {error}"),
                    (None, None) => String::new(),
                }}
            </p>
        </form>
    }
}

#[cfg(feature = "hydrate")]
fn export_url(query: &[(&str, String); 5]) -> String {
    let pairs: Vec<String> = query
        .iter()
        .map(|(name, value)| format!("{name}={}", js_sys::encode_uri_component(value)))
        .collect();
    format!("/audit.csv?{}", pairs.join("&"))
}

/// Reads the export as it streams in, counting its lines, then hands the file to the browser.
#[cfg(feature = "hydrate")]
async fn download(url: &str, progress: RwSignal<Option<(u64, u64)>>) -> Result<u64, String> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let failed = |what: &str| what.to_owned();
    let window = web_sys::window().ok_or_else(|| failed("no window"))?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|_| failed("Switchboard could not be reached."))?
        .dyn_into()
        .map_err(|_| failed("an unexpected answer"))?;
    if !response.ok() {
        let text = match response.text() {
            Ok(promise) => JsFuture::from(promise)
                .await
                .ok()
                .and_then(|t| t.as_string()),
            Err(_) => None,
        };
        return Err(text
            .unwrap_or_else(|| format!("error {}", response.status()))
            .trim()
            .to_owned());
    }
    let total = response
        .headers()
        .get("x-total-count")
        .ok()
        .flatten()
        .and_then(|total| total.parse::<u64>().ok())
        .unwrap_or(0);
    progress.set(Some((0, total)));
    let body = response.body().ok_or_else(|| failed("an empty answer"))?;
    let reader: web_sys::ReadableStreamDefaultReader = body
        .get_reader()
        .dyn_into()
        .map_err(|_| failed("an unreadable answer"))?;
    let chunks = js_sys::Array::new();
    let mut lines: u64 = 0;
    loop {
        let read = JsFuture::from(reader.read())
            .await
            .map_err(|_| failed("the connection broke off"))?;
        let done = js_sys::Reflect::get(&read, &"done".into())
            .ok()
            .and_then(|d| d.as_bool())
            .unwrap_or(true);
        if done {
            break;
        }
        let chunk: js_sys::Uint8Array = js_sys::Reflect::get(&read, &"value".into())
            .ok()
            .and_then(|v| v.dyn_into().ok())
            .ok_or_else(|| failed("an unreadable part"))?;
        lines += chunk.to_vec().iter().filter(|b| **b == b'\n').count() as u64;
        chunks.push(&chunk);
        // The first line is the header.
        progress.set(Some((lines.saturating_sub(1), total)));
    }
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/csv");
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&chunks, &options)
        .map_err(|_| failed("the file could not be made"))?;
    let href = web_sys::Url::create_object_url_with_blob(&blob)
        .map_err(|_| failed("the file could not be made"))?;
    let link: web_sys::HtmlAnchorElement = window
        .document()
        .and_then(|document| document.create_element("a").ok())
        .and_then(|element| element.dyn_into().ok())
        .ok_or_else(|| failed("the file could not be offered"))?;
    link.set_href(&href);
    link.set_download("audit-log.csv");
    link.click();
    let _ = web_sys::Url::revoke_object_url(&href);
    Ok(lines.saturating_sub(1))
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
                {list.items.iter().cloned().map(|event| view! {
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
