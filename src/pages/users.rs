//! Users: the agency's staff with their roles, its client users, and pending invites; search,
//! pages of 50, Create user, and the invitation settings.

use super::user_lists::{ClientUsersTable, LastLogin, PendingInvitesTable};
use crate::api::{
    client_users, load_invitation_settings, pending_invites, staff_members, ChangeStaffRole,
    RemoveStaffMember, SaveInvitationSettings, TransferOwnership,
};
use crate::components::{form_errors, use_auth, use_live, Changed, Keyset, Pager, PostForm};
use crate::domain::{AppError, InvitationSettings, StaffList, StaffMember, StaffRole};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::{Redirect, A};
use uuid::Uuid;

#[component]
pub fn UsersPage() -> impl IntoView {
    let changed = Changed::new();
    provide_context(changed);
    let search = RwSignal::new(String::new());
    let (staff_keys, client_keys, invite_keys) = (Keyset::new(), Keyset::new(), Keyset::new());
    // Loaded here, not inside a Suspense (leptos#4866).
    let live = use_live();
    let staff = Resource::new(
        move || {
            (
                changed.get(),
                live.users.get(),
                search.get(),
                staff_keys.after(),
            )
        },
        |(_, _, search, after)| staff_members(after, search),
    );
    let clients = Resource::new(
        move || {
            (
                changed.get(),
                live.users.get(),
                search.get(),
                client_keys.after(),
            )
        },
        |(_, _, search, after)| client_users(None, search, after),
    );
    let invites = Resource::new(
        move || {
            (
                changed.get(),
                live.invites.get(),
                search.get(),
                invite_keys.after(),
            )
        },
        |(_, _, search, after)| pending_invites(None, search, after),
    );
    // Loaded once: only the form below changes them, and it already shows what it saved (loading
    // again would redraw the form and wipe its "Saved.").
    let settings = Resource::new(|| (), |_| load_invitation_settings());
    let auth = use_auth();
    view! {
        <Title text="Users" />
        // Each part waits for its own list, so a list loading again redraws only itself (and an
        // open confirmation elsewhere stays open).
        <Transition fallback=|| view! { <h1>"Users"</h1> }>
            {move || Suspend::new(async move {
                let (clients, invites) = (clients.await, invites.await);
                let (clients, invites) = match (clients, invites) {
                    (Ok(clients), Ok(invites)) => (clients, invites),
                    (Err(AppError::Unauthenticated), _) | (_, Err(AppError::Unauthenticated)) => {
                        return view! { <Redirect path="/login?next=/users" /> }.into_any();
                    }
                    (Err(error), _) | (_, Err(error)) => {
                        return view! {
                            <h1>"Users"</h1>
                            <p class="error" role="alert">{error.to_string()}</p>
                        }
                        .into_any();
                    }
                };
                let empty = search.get_untracked().is_empty() && clients.items.is_empty() && invites.items.is_empty();
                view! {
                    <div class="page-heading">
                        <h1>"Users"</h1>
                        {(!empty).then(|| view! { <A href="/users/new" attr:class="button">"Create user"</A> })}
                    </div>
                    {empty.then(|| view! {
                        <section class="card empty-state">
                            <p>"No client users yet. Create the first: they get a one-time link by email."</p>
                            <A href="/users/new" attr:class="button button-large">"Create user"</A>
                        </section>
                    })}
                }
                .into_any()
            })}
        </Transition>
        <SearchBox search keysets=[staff_keys, client_keys, invite_keys] />
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let viewer = auth.user.await.ok().flatten();
                let (viewer_id, viewer_role) = viewer
                    .as_ref()
                    .and_then(|user| user.agency().map(|agency| (user.id, agency.role)))
                    .unwrap_or((Uuid::nil(), StaffRole::Staff));
                // Staff members do not manage staff: no section for them.
                staff.await.ok().map(|list| view! { <StaffSection list keyset=staff_keys viewer_id viewer_role /> })
            })}
        </Transition>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                clients.await.ok().map(|list| view! {
                    <section aria-labelledby="client-users-title">
                        <h2 id="client-users-title">"Client users"</h2>
                        <ClientUsersTable list keyset=client_keys account=None />
                    </section>
                })
            })}
        </Transition>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                invites.await.ok().map(|list| view! {
                    <section aria-labelledby="pending-title">
                        <h2 id="pending-title">"Pending invites"</h2>
                        <PendingInvitesTable list keyset=invite_keys />
                    </section>
                })
            })}
        </Transition>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                settings.await.ok().map(|settings| view! { <SettingsSection settings /> })
            })}
        </Transition>
    }
}

/// Search by name or email: applies to every list of the page, from their first pages.
#[component]
fn SearchBox(search: RwSignal<String>, keysets: [Keyset; 3]) -> impl IntoView {
    let typed = RwSignal::new(search.get_untracked());
    view! {
        <form class="inline-form search" role="search" on:submit=move |ev| {
            ev.prevent_default();
            for keyset in keysets {
                keyset.start_over();
            }
            search.set(typed.get_untracked().trim().to_owned());
        }>
            <label for="user-search">"Search users"</label>
            <input id="user-search" type="search" placeholder="Name or email" prop:value=typed
                on:input=move |ev| typed.set(event_target_value(&ev)) />
            <button type="submit" class="button button-quiet">"Search"</button>
        </form>
    }
}

#[component]
fn StaffSection(
    list: StaffList,
    keyset: Keyset,
    viewer_id: Uuid,
    viewer_role: StaffRole,
) -> impl IntoView {
    let now = list.now_ms;
    view! {
        <section aria-labelledby="staff-users-title">
            <h2 id="staff-users-title">"Staff users"</h2>
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
                            view! { <StaffRow member now is_self viewer_role /> }
                        })
                        .collect_view()}
                </tbody>
            </table>
            <Pager keyset next=list.next label="Pages of staff users" />
        </section>
    }
}

/// How long invitation links stay valid, and whether client invitations need the invited address.
#[component]
fn SettingsSection(settings: InvitationSettings) -> impl IntoView {
    let save = ServerAction::<SaveInvitationSettings>::new();
    let (field_error, form_error) = form_errors(save.value());
    view! {
        <section class="card" aria-labelledby="invite-settings-title">
            <h2 id="invite-settings-title">"Invitation settings"</h2>
            <PostForm
                action=save
                read=|fields| SaveInvitationSettings {
                    valid_days: fields.text("valid_days"),
                    require_invited_email: fields.optional("require_invited_email"),
                }
                attr:novalidate=true
            >
                <div class="field">
                    <label for="valid_days">"Invitation links are valid for (days)"</label>
                    <input id="valid_days" name="valid_days" type="number" min="1" max="30"
                        value=settings.valid_days.to_string()
                        aria-invalid=move || field_error("valid_days").get().is_some().then_some("true")
                        aria-describedby="valid_days-error" />
                    <p id="valid_days-error" class="field-error">{move || field_error("valid_days").get()}</p>
                </div>
                <div class="field checkbox-field">
                    <input id="require_invited_email" name="require_invited_email" type="checkbox" value="on"
                        checked=settings.require_invited_email aria-describedby="require-hint" />
                    <label for="require_invited_email">"Require the invited email address for client invitations"</label>
                    <p id="require-hint" class="hint">"Staff invitations always require it."</p>
                </div>
                <p class="form-error" role="alert">{form_error}</p>
                <p role="status" aria-label="Invitation settings saved">{move || matches!(save.value().get(), Some(Ok(()))).then_some("Saved.")}</p>
                <button type="submit" class="button">"Save settings"</button>
            </PostForm>
        </section>
    }
}

#[component]
fn StaffRow(member: StaffMember, now: i64, is_self: bool, viewer_role: StaffRole) -> impl IntoView {
    let changed = expect_context::<Changed>();
    let change_role = ServerAction::<ChangeStaffRole>::new();
    let remove = ServerAction::<RemoveStaffMember>::new();
    let transfer = ServerAction::<TransferOwnership>::new();
    changed.after(change_role);
    changed.after(remove);
    changed.after(transfer);
    let (_, role_error) = form_errors(change_role.value());
    let (_, remove_error) = form_errors(remove.value());
    let (_, transfer_error) = form_errors(transfer.value());
    let name = format!("{} {}", member.first_name, member.last_name);
    let user_id = member.user_id.to_string();
    let confirming = RwSignal::new(false);
    let select_id = format!("role-{}", member.user_id);
    // Owners change anyone's role; Admins only those of Admins and Staff. Nobody their own.
    let may_change =
        !is_self && (viewer_role == StaffRole::Owner || member.role != StaffRole::Owner);
    let roles: &[StaffRole] = if viewer_role == StaffRole::Owner {
        &StaffRole::ALL
    } else {
        &[StaffRole::Admin, StaffRole::Staff]
    };
    let change_forms = may_change.then(|| {
        let (user_id, name) = (user_id.clone(), name.clone());
        let (member_id, remove_name) = (member.user_id, name.clone());
        view! {
            <PostForm
                action=change_role
                read=move |fields| ChangeStaffRole { user_id: member_id, role: fields.text("role") }
                attr:class="inline-form"
            >
                <input type="hidden" name="user_id" value=user_id />
                <label for=select_id.clone() class="visually-hidden">{format!("Role of {name}")}</label>
                <select id=select_id.clone() name="role">
                    {roles.iter().map(|role| view! {
                        <option value=role.as_str() selected=*role == member.role>{role.as_str().to_uppercase()}</option>
                    }).collect_view()}
                </select>
                <button type="submit" class="button button-quiet" aria-label=format!("Change role of {name}")>"Change role"</button>
            </PostForm>
            <button type="button" class="button button-quiet" aria-label=format!("Remove {remove_name} from the staff")
                on:click=move |_| confirming.set(true)>"Remove"</button>
            <Show when=move || confirming.get()>
                <div class="confirm" role="group" aria-label=format!("Confirm removal of {remove_name}")>
                    <p>{format!("Remove {remove_name} from the staff? Their role and the accounts assigned to them go; their login stays.")}</p>
                    <button type="button" class="button button-danger"
                        on:click=move |_| { remove.dispatch(RemoveStaffMember { user_id: member_id }); }>
                        "Remove from the staff"
                    </button>
                    <button type="button" class="button button-quiet" on:click=move |_| confirming.set(false)>"Keep"</button>
                </div>
            </Show>
        }
        .into_any()
    });
    let may_transfer =
        viewer_role == StaffRole::Owner && !is_self && member.role != StaffRole::Owner;
    let transfer_form = may_transfer.then(|| {
        let (user_id, name, member_id) = (user_id.clone(), name.clone(), member.user_id);
        view! {
            <PostForm
                action=transfer
                read=move |_| TransferOwnership { user_id: member_id }
                attr:class="inline-form"
            >
                <input type="hidden" name="user_id" value=user_id />
                <button type="submit" class="button button-quiet" aria-label=format!("Transfer ownership to {name}")>"Transfer ownership"</button>
            </PostForm>
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
                <p class="field-error" role="alert">{move || role_error().or_else(remove_error).or_else(transfer_error)}</p>
            </td>
        </tr>
    }
}
