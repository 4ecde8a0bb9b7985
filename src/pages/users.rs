//! Users: the agency's staff with their roles, its client users, and pending invites; search,
//! pages of 50, Create user, and the invitation settings.
//!
//! Rendered on the server only, the page's whole state in its address (`users_query`): the search
//! is a GET form, the pagers are links, and each action a form the browser posts itself, which the
//! server answers with the page again. So the page needs no WASM but one small island that keeps the
//! lists current (`LiveRegions`), and its first load stays light.

use super::user_lists::{ClientUsersTable, LastLogin, PageLinks, PendingInvitesTable};
use super::users_query::{List, UsersQuery};
use crate::api::{
    client_users, load_invitation_settings, pending_invites, staff_members, ChangeStaffRole,
    RemoveStaffMember, SaveInvitationSettings, TransferOwnership,
};
use crate::components::{posted_failure, use_auth, LiveRegions, PageTitle, Redirect};
use crate::domain::{AppError, InvitationSettings, StaffList, StaffMember, StaffRole, Topic};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use uuid::Uuid;

/// The ids of the parts of the page that follow changes made elsewhere.
const HEADING: &str = "users-heading";
const LISTS: &str = "users-lists";

#[component]
pub fn UsersPage() -> impl IntoView {
    let query = UsersQuery::from_request();
    view! {
        <PageTitle text="Users" />
        <Suspense fallback=|| ()>
            {
                let query = query.clone();
                move || Suspend::new(page(query.clone()))
            }
        </Suspense>
    }
}

async fn page(query: UsersQuery) -> AnyView {
    // The header's answer, read once per page.
    let viewer = match use_auth().user.await {
        Ok(Some(viewer)) => viewer,
        Ok(None) | Err(AppError::Unauthenticated) => {
            return view! { <Redirect path="/login?next=/users" /> }.into_any();
        }
        Err(error) => return failed(error),
    };
    let search = query.search.clone();
    let (staff, clients, invites, settings) = futures_util::join!(
        staff_members(query.after(List::Staff), search.clone()),
        client_users(None, search.clone(), query.after(List::Clients)),
        pending_invites(None, search, query.after(List::Invites)),
        load_invitation_settings(),
    );
    let (clients, invites) = match (clients, invites) {
        (Ok(clients), Ok(invites)) => (clients, invites),
        (Err(error), _) | (_, Err(error)) => return failed(error),
    };
    let empty = query.search.is_empty() && clients.items.is_empty() && invites.items.is_empty();
    let (viewer_id, viewer_role) = viewer
        .agency()
        .map(|agency| (viewer.id, agency.role))
        .unwrap_or((Uuid::nil(), StaffRole::Staff));
    let query = StoredValue::new(query);
    view! {
        <div id=HEADING data-live>
            <div class="page-heading">
                <h1>"Users"</h1>
                {(!empty).then(|| view! { <a href="/users/new" class="button">"Create user"</a> })}
            </div>
            {empty.then(|| view! {
                <section class="card empty-state">
                    <p>"No client users yet. Create the first: they get a one-time link by email."</p>
                    <a href="/users/new" class="button button-large">"Create user"</a>
                </section>
            })}
        </div>
        <Done done=query.with_value(|q| q.done.clone()) />
        <SearchBox search=query.with_value(|q| q.search.clone()) />
        <div id=LISTS data-live>
            // Staff members do not manage staff: no section for them.
            {staff.ok().map(|list| view! { <StaffSection list query viewer_id viewer_role /> })}
            <section aria-labelledby="client-users-title">
                <h2 id="client-users-title">"Client users"</h2>
                <ClientUsersTable list=clients query />
            </section>
            <section aria-labelledby="pending-title">
                <h2 id="pending-title">"Pending invites"</h2>
                <PendingInvitesTable list=invites.clone() pager=view! {
                    <PageLinks label="Pages of pending invites"
                        previous=query.with_value(|q| q.previous_page(List::Invites))
                        next=invites.next.map(|next| query.with_value(|q| q.next_page(List::Invites, &next))) />
                }.into_any() />
            </section>
        </div>
        {settings.ok().map(|settings| view! { <SettingsSection settings query /> })}
        <LiveRegions topics=vec![Topic::Users, Topic::Invites] />
    }
    .into_any()
}

fn failed(error: AppError) -> AnyView {
    view! {
        <h1>"Users"</h1>
        <p class="error" role="alert">{error.to_string()}</p>
    }
    .into_any()
}

/// What the form posted last did, said once the page is back.
#[component]
fn Done(done: String) -> impl IntoView {
    let message = match done.as_str() {
        "role" => "Role changed.",
        "transferred" => "Ownership transferred.",
        "removed" => "Removed.",
        "resent" => "Invite sent again.",
        "cancelled" => "Invite cancelled.",
        _ => "",
    };
    view! { <p class="status-line" role="status">{message}</p> }
}

/// Search by name or email: applies to every list of the page, from their first pages.
#[component]
fn SearchBox(search: String) -> impl IntoView {
    view! {
        <form class="inline-form search" role="search" action="/users" method="get">
            <label for="user-search">"Search users"</label>
            <input id="user-search" name="q" type="search" placeholder="Name or email" value=search />
            <button type="submit" class="button button-quiet">"Search"</button>
        </form>
    }
}

#[component]
fn StaffSection(
    list: StaffList,
    query: StoredValue<UsersQuery>,
    viewer_id: Uuid,
    viewer_role: StaffRole,
) -> impl IntoView {
    let now = list.now_ms;
    // The address does not say which row a role change came from: its failure shows above them.
    let error = [ChangeStaffRole::PATH, TransferOwnership::PATH]
        .into_iter()
        .find_map(posted_failure)
        .map(|error| error.to_string());
    view! {
        <section aria-labelledby="staff-users-title">
            <h2 id="staff-users-title">"Staff users"</h2>
            <p class="error" role="alert">{error}</p>
            <table class="table">
                <thead>
                    <tr>
                        <th scope="col">"Name"</th>
                        <th scope="col">"Email"</th>
                        <th scope="col">"Role"</th>
                        <th scope="col">"Last login"</th>
                        <th scope="col">"Actions"</th>
                    </tr>
                </thead>
                <tbody>
                    {list
                        .members
                        .iter()
                        .cloned()
                        .map(|member| {
                            let is_self = member.user_id == viewer_id;
                            view! { <StaffRow member now is_self viewer_role query /> }
                        })
                        .collect_view()}
                </tbody>
            </table>
            <PageLinks label="Pages of staff users"
                previous=query.with_value(|q| q.previous_page(List::Staff))
                next=list.next.map(|next| query.with_value(|q| q.next_page(List::Staff, &next))) />
        </section>
    }
}

#[component]
fn StaffRow(
    member: StaffMember,
    now: i64,
    is_self: bool,
    viewer_role: StaffRole,
    query: StoredValue<UsersQuery>,
) -> impl IntoView {
    let name = format!("{} {}", member.first_name, member.last_name);
    let user_id = member.user_id;
    // Owners change anyone's role; Admins only those of Admins and Staff. Nobody their own.
    let may_change =
        !is_self && (viewer_role == StaffRole::Owner || member.role != StaffRole::Owner);
    let roles: &[StaffRole] = if viewer_role == StaffRole::Owner {
        &StaffRole::ALL
    } else {
        &[StaffRole::Admin, StaffRole::Staff]
    };
    let confirming = query.with_value(|q| q.remove == Some(user_id));
    // A removal that failed comes back to its confirmation, which says why.
    let error = confirming
        .then(|| posted_failure(RemoveStaffMember::PATH))
        .flatten()
        .map(|error| error.to_string());
    let change_forms = may_change.then(|| {
        let select_id = format!("role-{user_id}");
        view! {
            <form action=ChangeStaffRole::url() method="post" class="inline-form">
                <input type="hidden" name="user_id" value=user_id.to_string() />
                <label for=select_id.clone() class="visually-hidden">{format!("Role of {name}")}</label>
                <select id=select_id name="role">
                    {roles.iter().map(|role| view! {
                        <option value=role.as_str() selected=*role == member.role>{role.as_str().to_uppercase()}</option>
                    }).collect_view()}
                </select>
                <button type="submit" class="button button-quiet" aria-label=format!("Change role of {name}")>"Change role"</button>
            </form>
            <AskToRemove query user_id label=format!("Remove {name} from the staff") />
            {confirming.then(|| view! {
                <div class="confirm" role="group" aria-label=format!("Confirm removal of {name}")>
                    <p>{format!("Remove {name} from the staff? Their role and the accounts assigned to them go; their login stays.")}</p>
                    <form action=RemoveStaffMember::url() method="post" class="inline-form">
                        <input type="hidden" name="user_id" value=user_id.to_string() />
                        <button type="submit" class="button button-danger">"Remove from the staff"</button>
                    </form>
                    <a class="button button-quiet" href=query.with_value(UsersQuery::without_confirmation)>"Keep"</a>
                </div>
            })}
        }
    });
    let may_transfer =
        viewer_role == StaffRole::Owner && !is_self && member.role != StaffRole::Owner;
    let transfer_form = may_transfer.then(|| {
        view! {
            <form action=TransferOwnership::url() method="post" class="inline-form">
                <input type="hidden" name="user_id" value=user_id.to_string() />
                <button type="submit" class="button button-quiet" aria-label=format!("Transfer ownership to {name}")>"Transfer ownership"</button>
            </form>
        }
    });
    view! {
        <tr>
            <td>{name.clone()}</td>
            <td>{member.email.clone()}</td>
            <td><span class="badge">{member.role.as_str().to_uppercase()}</span></td>
            <td><LastLogin at=member.last_login_at ip=member.last_login_ip.clone() now /></td>
            <td>
                {change_forms}
                {transfer_form}
                <p class="field-error" role="alert">{error}</p>
            </td>
        </tr>
    }
}

/// Remove: the same page again, asking to confirm in the person's row (a GET form, so that it is
/// a button, and keeps the search and pages).
#[component]
pub(crate) fn AskToRemove(
    query: StoredValue<UsersQuery>,
    user_id: Uuid,
    label: String,
) -> impl IntoView {
    let fields = query.with_value(UsersQuery::hidden_fields);
    view! {
        <form action="/users" method="get" class="inline-form">
            {fields.into_iter().map(|(name, value)| view! { <input type="hidden" name=name value=value /> }).collect_view()}
            <input type="hidden" name="remove" value=user_id.to_string() />
            <button type="submit" class="button button-quiet" aria-label=label>"Remove"</button>
        </form>
    }
}

/// How long invitation links stay valid, and whether client invitations need the invited address.
#[component]
fn SettingsSection(settings: InvitationSettings, query: StoredValue<UsersQuery>) -> impl IntoView {
    let failure = posted_failure(SaveInvitationSettings::PATH);
    let saved = query.with_value(|q| q.done == "settings");
    let days_error = failure.as_ref().and_then(|e| e.message_for("valid_days"));
    let form_error = failure
        .filter(|e| !matches!(e, AppError::Invalid(_)))
        .map(|e| e.to_string());
    view! {
        <section class="card" aria-labelledby="invite-settings-title">
            <h2 id="invite-settings-title">"Invitation settings"</h2>
            <form action=SaveInvitationSettings::url() method="post" novalidate>
                <div class="field">
                    <label for="valid_days">"Invitation links are valid for (days)"</label>
                    <input id="valid_days" name="valid_days" type="number" min="1" max="30"
                        value=settings.valid_days.to_string()
                        aria-invalid=days_error.is_some().then_some("true")
                        aria-describedby="valid_days-error" />
                    <p id="valid_days-error" class="field-error">{days_error}</p>
                </div>
                <div class="field checkbox-field">
                    <input id="require_invited_email" name="require_invited_email" type="checkbox" value="on"
                        checked=settings.require_invited_email aria-describedby="require-hint" />
                    <label for="require_invited_email">"Require the invited email address for client invitations"</label>
                    <p id="require-hint" class="hint">"Staff invitations always require it."</p>
                </div>
                <p class="form-error" role="alert">{form_error}</p>
                <p role="status" aria-label="Invitation settings saved">{saved.then_some("Saved.")}</p>
                <button type="submit" class="button">"Save settings"</button>
            </form>
        </section>
    }
}
