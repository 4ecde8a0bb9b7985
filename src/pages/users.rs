//! Users: the agency's staff with their roles, last log-in, and what Owners and Admins may change.
//! (Client users and pending invites join this page with invitations.)

use crate::api::{staff_members, ChangeStaffRole, RemoveStaffMember, TransferOwnership};
use crate::components::{form_errors, use_auth, Keyset, Pager};
use crate::domain::{relative_time, AppError, StaffMember, StaffRole};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use uuid::Uuid;

/// Bumped after every change, so the list loads again.
#[derive(Clone, Copy)]
struct Changed(RwSignal<usize>);

#[component]
pub fn UsersPage() -> impl IntoView {
    let changed = Changed(RwSignal::new(0));
    let keyset = Keyset::new();
    let staff = Resource::new(
        move || (changed.0.get(), keyset.after()),
        |(_, after)| staff_members(after),
    );
    let auth = use_auth();
    provide_context(changed);
    view! {
        <Title text="Users" />
        <Transition fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                let viewer = auth.user.await.ok().flatten();
                match staff.await {
                    Ok(list) => {
                        let (viewer_id, viewer_role) = viewer
                            .as_ref()
                            .and_then(|user| user.agency().map(|agency| (user.id, agency.role)))
                            .unwrap_or((Uuid::nil(), StaffRole::Staff));
                        let now = list.now_ms;
                        let next = list.next.clone();
                        view! {
                            <h1>"Users"</h1>
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
                                            .into_iter()
                                            .map(|member| {
                                                let is_self = member.user_id == viewer_id;
                                                view! { <StaffRow member now is_self viewer_role /> }
                                            })
                                            .collect_view()}
                                    </tbody>
                                </table>
                                <Pager keyset next label="Pages of staff users" />
                            </section>
                        }
                            .into_any()
                    }
                    Err(AppError::Unauthenticated) => view! { <Redirect path="/login?next=/users" /> }.into_any(),
                    Err(error) => view! {
                        <h1>"Users"</h1>
                        <p class="error" role="alert">{error.to_string()}</p>
                    }
                        .into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn StaffRow(member: StaffMember, now: i64, is_self: bool, viewer_role: StaffRole) -> impl IntoView {
    let changed = expect_context::<Changed>();
    let change_role = ServerAction::<ChangeStaffRole>::new();
    let remove = ServerAction::<RemoveStaffMember>::new();
    let transfer = ServerAction::<TransferOwnership>::new();
    Effect::new(move |_| {
        let done = [
            change_role.value().get().is_some_and(|r| r.is_ok()),
            remove.value().get().is_some_and(|r| r.is_ok()),
            transfer.value().get().is_some_and(|r| r.is_ok()),
        ];
        if done.contains(&true) {
            changed.0.update(|n| *n += 1);
        }
    });
    let (_, role_error) = form_errors(change_role.value());
    let (_, remove_error) = form_errors(remove.value());
    let (_, transfer_error) = form_errors(transfer.value());
    let name = format!("{} {}", member.first_name, member.last_name);
    let last_login = match (member.last_login_at, &member.last_login_ip) {
        (Some(at), Some(ip)) => format!("{} from {ip}", relative_time(at, now)),
        (Some(at), None) => relative_time(at, now),
        _ => "Never".to_owned(),
    };
    let user_id = member.user_id.to_string();
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
        let (remove_id, remove_name) = (user_id.clone(), name.clone());
        view! {
            <ActionForm action=change_role attr:class="inline-form">
                <input type="hidden" name="user_id" value=user_id />
                <label for=select_id.clone() class="visually-hidden">{format!("Role of {name}")}</label>
                <select id=select_id.clone() name="role">
                    {roles.iter().map(|role| view! {
                        <option value=role.as_str() selected=*role == member.role>{role.as_str().to_uppercase()}</option>
                    }).collect_view()}
                </select>
                <button type="submit" class="button button-quiet" aria-label=format!("Change role of {name}")>"Change role"</button>
            </ActionForm>
            <ActionForm action=remove attr:class="inline-form">
                <input type="hidden" name="user_id" value=remove_id />
                <button type="submit" class="button button-quiet" aria-label=format!("Remove {remove_name} from the staff")>"Remove"</button>
            </ActionForm>
        }
    });
    let may_transfer =
        viewer_role == StaffRole::Owner && !is_self && member.role != StaffRole::Owner;
    let transfer_form = may_transfer.then(|| {
        let (user_id, name) = (user_id.clone(), name.clone());
        view! {
            <ActionForm action=transfer attr:class="inline-form">
                <input type="hidden" name="user_id" value=user_id />
                <button type="submit" class="button button-quiet" aria-label=format!("Transfer ownership to {name}")>"Transfer ownership"</button>
            </ActionForm>
        }
    });
    view! {
        <tr>
            <td>{name.clone()}</td>
            <td>{member.email.clone()}</td>
            <td><span class="badge">{member.role.as_str().to_uppercase()}</span></td>
            <td>{last_login}</td>
            <td>
                {change_forms}
                {transfer_form}
                <p class="field-error" role="alert">{move || role_error().or_else(remove_error).or_else(transfer_error)}</p>
            </td>
        </tr>
    }
}
