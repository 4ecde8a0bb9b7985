//! The lists of the Users page, shared with a client account's users: client users (with Manage
//! permissions and Remove) and pending invites (with Resend invite and Cancel invite).

use super::invitation::invite_sent;
use crate::api::{CancelInvite, RemoveClientUser, ResendInvite};
use crate::components::{form_errors, Changed, Keyset, Pager};
use crate::domain::{date_time_utc, relative_time, AccountRef, ClientUser, Listing, PendingInvite};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;
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
    keyset: Keyset,
    /// The account page: only this account's actions.
    account: Option<Uuid>,
) -> impl IntoView {
    let now = list.now_ms;
    if list.items.is_empty() {
        return view! { <p class="muted">"No client users found."</p> }.into_any();
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
                {list.items.iter().cloned().map(|user| view! { <ClientUserRow user now account /> }).collect_view()}
            </tbody>
        </table>
        <Pager keyset next=list.next label="Pages of client users" />
    }
    .into_any()
}

#[component]
fn ClientUserRow(user: ClientUser, now: i64, account: Option<Uuid>) -> impl IntoView {
    let accounts: Vec<AccountRef> = match account {
        Some(id) => user
            .accounts
            .iter()
            .filter(|a| a.id == id)
            .cloned()
            .collect(),
        None => user.accounts.clone(),
    };
    let names: Vec<String> = accounts.iter().map(|a| a.name.clone()).collect();
    let ids: Vec<Uuid> = accounts.iter().map(|a| a.id).collect();
    let user_id = user.user_id;
    let name = user.name.clone();
    view! {
        <tr>
            <td>{user.name.clone()}</td>
            <td>{user.email.clone()}</td>
            <td>{user.accounts.iter().map(|a| view! { <span class="badge">{a.name.clone()}</span>" " }).collect_view()}</td>
            <td><LastLogin at=user.last_login_at ip=user.last_login_ip.clone() now /></td>
            <td>
                <ManagePermissionsChoice user_id name=name.clone() accounts=accounts.clone() />
                " "
                <RemoveButton user_id name account_names=names accounts=ids />
            </td>
        </tr>
    }
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
    let confirmation = format!(
        "Remove {name} from {}? Their access there ends; their login stays.",
        join_names(&account_names)
    );
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

/// Manage permissions: straight to the switch tree for one account, or choose the account first.
#[component]
fn ManagePermissionsChoice(
    user_id: Uuid,
    name: String,
    accounts: Vec<AccountRef>,
) -> impl IntoView {
    let href = move |account: Uuid| format!("/clients/{account}/users/{user_id}/permissions");
    match accounts.as_slice() {
        [] => ().into_any(),
        [only] => view! {
            <A href=href(only.id) attr:aria-label=format!("Manage permissions of {name}")>"Manage permissions"</A>
        }
        .into_any(),
        several => {
            let chosen = RwSignal::new(several[0].id.to_string());
            let select_id = format!("permissions-account-{user_id}");
            let navigate = use_navigate();
            view! {
                <span class="inline-form">
                    <label for=select_id.clone() class="visually-hidden">{format!("Account for the permissions of {name}")}</label>
                    <select id=select_id on:change=move |ev| chosen.set(event_target_value(&ev))>
                        {several.iter().map(|a| view! { <option value=a.id.to_string()>{a.name.clone()}</option> }).collect_view()}
                    </select>
                    <button type="button" class="button button-quiet" aria-label=format!("Manage permissions of {name}")
                        on:click=move |_| {
                            if let Ok(account) = Uuid::parse_str(&chosen.get_untracked()) {
                                navigate(&href(account), Default::default());
                            }
                        }>
                        "Manage permissions"
                    </button>
                </span>
            }
            .into_any()
        }
    }
}

#[component]
pub(crate) fn PendingInvitesTable(list: Listing<PendingInvite>, keyset: Keyset) -> impl IntoView {
    let now = list.now_ms;
    if list.items.is_empty() {
        return view! { <p class="muted">"No pending invites."</p> }.into_any();
    }
    view! {
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
        <Pager keyset next=list.next label="Pages of pending invites" />
    }
    .into_any()
}

#[component]
fn PendingInviteRow(invite: PendingInvite, now: i64) -> impl IntoView {
    let changed = expect_context::<Changed>();
    let resend = ServerAction::<ResendInvite>::new();
    let cancel = ServerAction::<CancelInvite>::new();
    changed.after(resend);
    changed.after(cancel);
    let (_, resend_error) = form_errors(resend.value());
    let (_, cancel_error) = form_errors(cancel.value());
    let expires = if invite.expires_at <= now {
        "Expired".to_owned()
    } else {
        let days = (invite.expires_at - now + DAY_MS - 1) / DAY_MS;
        format!("Expires in {days} day{}", if days == 1 { "" } else { "s" })
    };
    let id = invite.id;
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
                <button type="button" class="button button-quiet" aria-label=format!("Resend invite to {email}")
                    disabled=move || resend.pending().get()
                    on:click=move |_| { resend.dispatch(ResendInvite { id }); }>"Resend invite"</button>
                <button type="button" class="button button-quiet" aria-label=format!("Cancel invite to {email}")
                    disabled=move || cancel.pending().get()
                    on:click=move |_| { cancel.dispatch(CancelInvite { id }); }>"Cancel invite"</button>
                <p class="field-error" role="alert">{move || resend_error().or_else(cancel_error)}</p>
            </td>
        </tr>
    }
}

const DAY_MS: i64 = 24 * 60 * 60 * 1000;
