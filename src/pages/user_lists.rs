//! The lists of the Users page, some shared with a client account's page: client users (with Manage
//! permissions and Remove), pending invites (with Resend invite and Cancel invite), and pages of
//! them as links. Their actions are forms the browser posts itself, so they work on the Users page,
//! which has no WASM for them, as well as inside the client account's island.

use super::invitation::invite_sent;
use super::users::AskToRemove;
use super::users_query::{List, UsersQuery};
use crate::api::{CancelInvite, RemoveClientUser, ResendInvite};
use crate::components::{form_errors, posted_failure, Changed};
use crate::domain::{date_time_utc, relative_time, AccountRef, ClientUser, Listing, PendingInvite};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use uuid::Uuid;

/// "2 hours ago from 10.0.0.1", with the exact time on hover.
#[component]
pub(crate) fn LastLogin(at: Option<i64>, ip: Option<String>, now: i64) -> impl IntoView {
    match at {
        None => view! { <span class="muted">"Never"</span> }.into_any(),
        Some(at) => {
            let from = ip.map(|ip| format!(" from {ip}")).unwrap_or_default();
            view! {
                <time title=date_time_utc(at) datetime=date_time_utc(at)>{relative_time(at, now)}</time>
                {from}
            }
            .into_any()
        }
    }
}

#[component]
pub(crate) fn ClientUsersTable(
    list: Listing<ClientUser>,
    query: StoredValue<UsersQuery>,
) -> impl IntoView {
    let now = list.now_ms;
    let pager = view! {
        <PageLinks label="Pages of client users"
            previous=query.with_value(|q| q.previous_page(List::Clients))
            next=list.next.as_ref().map(|next| query.with_value(|q| q.next_page(List::Clients, next))) />
    };
    if list.items.is_empty() {
        return view! { <p class="muted">"No client users found."</p> {pager} }.into_any();
    }
    view! {
        <table class="table">
            <thead>
                <tr>
                    <th scope="col">"Name"</th>
                    <th scope="col">"Email"</th>
                    <th scope="col">"Accounts"</th>
                    <th scope="col">"Last login"</th>
                    <th scope="col">"Actions"</th>
                </tr>
            </thead>
            <tbody>
                {list.items.iter().cloned().map(|user| view! { <ClientUserRow user now query /> }).collect_view()}
            </tbody>
        </table>
        {pager}
    }
    .into_any()
}

/// A client user on the Users page: Remove takes them out of all their accounts.
#[component]
fn ClientUserRow(user: ClientUser, now: i64, query: StoredValue<UsersQuery>) -> impl IntoView {
    let user_id = user.user_id;
    let name = user.name.clone();
    let names: Vec<String> = user.accounts.iter().map(|a| a.name.clone()).collect();
    let confirming = query.with_value(|q| q.remove == Some(user_id));
    // A removal that failed comes back to its confirmation, which says why.
    let error = confirming
        .then(|| posted_failure(RemoveClientUser::PATH))
        .flatten()
        .map(|error| error.to_string());
    let count = user.accounts.len();
    let confirmation = confirming.then(|| view! {
        <div class="confirm" role="group" aria-label=format!("Confirm removal of {name}")>
            <p>{remove_question(&name, &names)}</p>
            <form action=RemoveClientUser::url() method="post" class="inline-form">
                <input type="hidden" name="user_id" value=user_id.to_string() />
                {user.accounts.iter().enumerate().map(|(n, account)| view! {
                    <input type="hidden" name=format!("accounts[{n}]") value=account.id.to_string() />
                }).collect_view()}
                <button type="submit" class="button button-danger">{format!("Remove from {}", accounts_count(count))}</button>
            </form>
            <a class="button button-quiet" href=query.with_value(UsersQuery::without_confirmation)>"Keep"</a>
        </div>
    });
    view! {
        <tr>
            <td>{user.name.clone()}</td>
            <td>{user.email.clone()}</td>
            <td>{user.accounts.iter().map(|a| view! { <span class="badge">{a.name.clone()}</span>" " }).collect_view()}</td>
            <td><LastLogin at=user.last_login_at ip=user.last_login_ip.clone() now /></td>
            <td>
                <ManagePermissionsLinks user_id name=name.clone() accounts=user.accounts.clone() />
                " "
                <AskToRemove query user_id label=format!("Remove {name}") />
                {confirmation}
                <p class="field-error" role="alert">{error}</p>
            </td>
        </tr>
    }
}

/// "Remove Ann from Globex and Initech? …"
fn remove_question(name: &str, account_names: &[String]) -> String {
    format!(
        "Remove {name} from {}? Their access there ends; their login stays.",
        join_names(account_names)
    )
}

/// Remove from one account (its Users tab).
#[component]
pub(crate) fn RemoveMember(account_id: Uuid, user_id: Uuid, name: String) -> impl IntoView {
    view! { <RemoveButton user_id name account_names=vec!["this account".to_owned()] accounts=vec![account_id] /> }
}

/// Remove, then a confirmation that names whom and which accounts, then the removal.
#[component]
fn RemoveButton(
    user_id: Uuid,
    name: String,
    account_names: Vec<String>,
    accounts: Vec<Uuid>,
) -> impl IntoView {
    let remove = ServerAction::<RemoveClientUser>::new();
    expect_context::<Changed>().after(remove);
    let (_, remove_error) = form_errors(remove.value());
    let confirming = RwSignal::new(false);
    let confirmation = remove_question(&name, &account_names);
    let count = accounts.len();
    view! {
        <button type="button" class="button button-quiet" aria-label=format!("Remove {name}")
            on:click=move |_| confirming.set(true)>"Remove"</button>
        <Show when=move || confirming.get()>
            <div class="confirm" role="group" aria-label=format!("Confirm removal of {name}")>
                <p>{confirmation.clone()}</p>
                <button type="button" class="button button-danger"
                    on:click={
                        let accounts = accounts.clone();
                        move |_| { remove.dispatch(RemoveClientUser { user_id, accounts: accounts.clone() }); }
                    }>
                    {format!("Remove from {}", accounts_count(count))}
                </button>
                <button type="button" class="button button-quiet" on:click=move |_| confirming.set(false)>"Keep"</button>
            </div>
        </Show>
        <p class="field-error" role="alert">{remove_error}</p>
    }
}

fn accounts_count(n: usize) -> String {
    if n == 1 {
        "1 account".to_owned()
    } else {
        format!("{n} accounts")
    }
}

/// "Globex", "Globex and Initech", "Globex, Initech and Umbrella".
fn join_names(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Manage permissions: a link to the switch tree in each of the person's accounts.
#[component]
fn ManagePermissionsLinks(user_id: Uuid, name: String, accounts: Vec<AccountRef>) -> impl IntoView {
    let href = move |account: Uuid| format!("/clients/{account}/users/{user_id}/permissions");
    match accounts.as_slice() {
        [] => ().into_any(),
        [only] => view! {
            <a href=href(only.id) aria-label=format!("Manage permissions of {name}")>"Manage permissions"</a>
        }
        .into_any(),
        several => view! {
            <span>"Manage permissions in "</span>
            {several.iter().enumerate().map(|(n, account)| view! {
                {(n > 0).then_some(", ")}
                <a href=href(account.id) aria-label=format!("Manage permissions of {name} in {}", account.name)>{account.name.clone()}</a>
            }).collect_view()}
        }
        .into_any(),
    }
}

/// Previous and next pages of a list, as links; a page that is not there is a disabled link.
#[component]
pub(crate) fn PageLinks(
    label: &'static str,
    previous: Option<String>,
    next: Option<String>,
) -> impl IntoView {
    let link = |href: Option<String>, text: &'static str| match href {
        Some(href) => view! { <a class="button button-quiet" href=href>{text}</a> }.into_any(),
        None => {
            view! { <a class="button button-quiet" role="link" aria-disabled="true">{text}</a> }
                .into_any()
        }
    };
    view! {
        <nav class="pager" aria-label=label>
            {link(previous, "Previous page")}
            {link(next, "Next page")}
        </nav>
    }
}

/// Pending invites, with `pager` under them. Resend and Cancel are forms the browser posts; the
/// page comes back with the change, or with why it failed above the table.
#[component]
pub(crate) fn PendingInvitesTable(list: Listing<PendingInvite>, pager: AnyView) -> impl IntoView {
    let now = list.now_ms;
    let error = [ResendInvite::PATH, CancelInvite::PATH]
        .into_iter()
        .find_map(posted_failure)
        .map(|error| error.to_string());
    if list.items.is_empty() {
        return view! { <p class="muted">"No pending invites."</p> {pager} }.into_any();
    }
    view! {
        <p class="error" role="alert">{error}</p>
        <table class="table">
            <thead>
                <tr>
                    <th scope="col">"Email"</th>
                    <th scope="col">"Invited to"</th>
                    <th scope="col">"Sent"</th>
                    <th scope="col">"Expires"</th>
                    <th scope="col">"Actions"</th>
                </tr>
            </thead>
            <tbody>
                {list.items.iter().cloned().map(|invite| view! { <PendingInviteRow invite now /> }).collect_view()}
            </tbody>
        </table>
        {pager}
    }
    .into_any()
}

#[component]
fn PendingInviteRow(invite: PendingInvite, now: i64) -> impl IntoView {
    let expires = if invite.expires_at <= now {
        "Expired".to_owned()
    } else {
        let days = (invite.expires_at - now + DAY_MS - 1) / DAY_MS;
        format!("Expires in {days} day{}", if days == 1 { "" } else { "s" })
    };
    let id = invite.id.to_string();
    let email = invite.email.clone();
    view! {
        <tr>
            <td>
                {invite.email.clone()}
                {invite.renewal_asked.then(|| view! { " " <span class="badge">"ASKED FOR A NEW LINK"</span> })}
            </td>
            <td>{invite.target.clone()}</td>
            <td><span title=date_time_utc(invite.sent_at)>{invite_sent(invite.sent_at, now)}</span><br /><span class="muted">{format!("by {}", invite.invited_by)}</span></td>
            <td><span title=date_time_utc(invite.expires_at)>{expires}</span></td>
            <td>
                <form action=ResendInvite::url() method="post" class="inline-form">
                    <input type="hidden" name="id" value=id.clone() />
                    <button type="submit" class="button button-quiet" aria-label=format!("Resend invite to {email}")>"Resend invite"</button>
                </form>
                <form action=CancelInvite::url() method="post" class="inline-form">
                    <input type="hidden" name="id" value=id />
                    <button type="submit" class="button button-quiet" aria-label=format!("Cancel invite to {email}")>"Cancel invite"</button>
                </form>
            </td>
        </tr>
    }
}

const DAY_MS: i64 = 24 * 60 * 60 * 1000;
