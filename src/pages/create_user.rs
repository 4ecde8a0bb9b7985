//! The Create User wizard: user type, email addresses and accounts with their resources,
//! permissions (or role), review, Create user. Back and Continue keep what was entered; the server
//! checks everything again.

use super::switch_tree::{CloneCard, SwitchBrowser};
use crate::api::{
    check_new_users, create_users, get_client_account, permission_templates, CompleteProfile,
};
use crate::components::{form_errors, provide_screen_context, PageTitle, PostForm, Redirect};
use crate::domain::catalog::{catalog, PermissionSet};
use crate::domain::{
    split_emails, AccountChoice, AccountRef, AppError, CreatedUser, EmailCheck, NewUsers,
    StaffRole, UserKind, WizardOptions,
};
use leptos::prelude::*;
use uuid::Uuid;

#[island(lazy)]
pub fn CreateUserPage(
    /// The client account to invite to, when the link came from one (`?account=`).
    preselected: Option<Uuid>,
) -> impl IntoView {
    provide_screen_context();
    let options = Resource::new(|| (), |()| crate::api::load_wizard_options());
    view! {
        <PageTitle text="Create user" />
        <Transition fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match options.await {
                    Ok(options) => view! { <Wizard options preselected /> }.into_any(),
                    Err(AppError::Unauthenticated) => view! { <Redirect path="/login?next=/users/new" /> }.into_any(),
                    Err(error) => view! {
                        <h1>"Create user"</h1>
                        <p class="error" role="alert">{error.to_string()}</p>
                    }
                    .into_any(),
                }
            })}
        </Transition>
    }
}

/// One chosen account and its resources: all current and future ones, or those chosen.
#[derive(Clone, Debug, PartialEq)]
struct ChosenAccount {
    account: AccountRef,
    all: bool,
    resources: Vec<Uuid>,
}

/// Everything entered so far, kept across Back and Continue.
#[derive(Clone, Copy)]
struct Entered {
    kind: RwSignal<UserKind>,
    emails: RwSignal<String>,
    send_email: RwSignal<bool>,
    accounts: RwSignal<Vec<ChosenAccount>>,
    preset: RwSignal<String>,
    on: RwSignal<PermissionSet>,
    role: RwSignal<StaffRole>,
    assigned: RwSignal<Vec<Uuid>>,
}

impl Entered {
    fn form(self) -> NewUsers {
        let kind = self.kind.get_untracked();
        let catalog = catalog();
        NewUsers {
            kind,
            emails: split_emails(&self.emails.get_untracked()),
            send_email: self.send_email.get_untracked(),
            accounts: self
                .accounts
                .get_untracked()
                .into_iter()
                .map(|chosen| AccountChoice {
                    account_id: chosen.account.id,
                    resources: (!chosen.all).then_some(chosen.resources),
                })
                .collect(),
            permissions: catalog
                .keys_of(&self.on.get_untracked())
                .into_iter()
                .map(str::to_owned)
                .collect(),
            role: (kind == UserKind::Staff).then(|| self.role.get_untracked()),
            assigned: self.assigned.get_untracked(),
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Step {
    UserType,
    Emails,
    Permissions,
    Review,
    Done,
}

#[component]
fn Wizard(options: WizardOptions, preselected: Option<Uuid>) -> impl IntoView {
    let catalog = catalog();
    let grantable = options
        .grantable
        .as_ref()
        .map(|keys| catalog.set_of(keys.iter().map(String::as_str)));
    let changeable = grantable.unwrap_or_else(|| catalog.all());
    let offers_staff = !options.staff_roles.is_empty();
    let first_step = if offers_staff {
        Step::UserType
    } else {
        Step::Emails
    };
    let preselected: Vec<ChosenAccount> = options
        .accounts
        .iter()
        .filter(|a| Some(a.id) == preselected)
        .map(|account| ChosenAccount {
            account: account.clone(),
            all: false,
            resources: Vec::new(),
        })
        .collect();
    let entered = Entered {
        kind: RwSignal::new(UserKind::Client),
        emails: RwSignal::new(String::new()),
        send_email: RwSignal::new(true),
        accounts: RwSignal::new(preselected),
        preset: RwSignal::new("default".to_owned()),
        on: RwSignal::new(catalog.default_set().intersection(&changeable)),
        role: RwSignal::new(*options.staff_roles.last().unwrap_or(&StaffRole::Staff)),
        assigned: RwSignal::new(Vec::new()),
    };
    let step = RwSignal::new(first_step);
    let options = StoredValue::new(options);
    let created = RwSignal::new(Vec::<CreatedUser>::new());
    let heading = move || match step.get() {
        Step::UserType => "Create user: user type",
        Step::Emails => "Create user: email addresses",
        Step::Permissions => {
            if entered.kind.get() == UserKind::Staff {
                "Create user: role"
            } else {
                "Create user: permissions"
            }
        }
        Step::Review => "Create user: review",
        Step::Done => "Users created",
    };
    view! {
        <h1>{heading}</h1>
        <p><a href="/users">"Back to Users"</a></p>
        {move || match step.get() {
            Step::UserType => view! { <UserTypeStep entered step /> }.into_any(),
            Step::Emails => view! { <EmailsStep entered step options=options.get_value() first=first_step /> }.into_any(),
            Step::Permissions => view! { <PermissionsStep entered step options=options.get_value() changeable /> }.into_any(),
            Step::Review => view! { <ReviewStep entered step created /> }.into_any(),
            Step::Done => view! { <DoneStep created=created.get_untracked() /> }.into_any(),
        }}
    }
}

#[component]
fn StepButtons(
    back: Option<Callback<()>>,
    next_label: &'static str,
    next: Callback<()>,
    #[prop(optional, into)] busy: Option<Signal<bool>>,
) -> impl IntoView {
    view! {
        <div class="step-buttons">
            {back.map(|back| view! { <button type="button" class="button button-quiet" on:click=move |_| back.run(())>"Back"</button> })}
            <button type="button" class="button" disabled=move || busy.is_some_and(|b| b.get()) on:click=move |_| next.run(())>{next_label}</button>
        </div>
    }
}

#[component]
fn UserTypeStep(entered: Entered, step: RwSignal<Step>) -> impl IntoView {
    let kind = entered.kind;
    view! {
        <fieldset class="card">
            <legend>"User type"</legend>
            <div class="field checkbox-field">
                <input type="radio" id="kind-staff" name="kind" prop:checked=move || kind.get() == UserKind::Staff
                    on:change=move |_| kind.set(UserKind::Staff) />
                <label for="kind-staff">"Staff user"</label>
            </div>
            <div class="field checkbox-field">
                <input type="radio" id="kind-client" name="kind" prop:checked=move || kind.get() == UserKind::Client
                    on:change=move |_| kind.set(UserKind::Client) />
                <label for="kind-client">"Client user"</label>
            </div>
        </fieldset>
        <StepButtons back=None next_label="Continue" next=Callback::new(move |()| step.set(Step::Emails)) />
    }
}

#[component]
fn EmailsStep(
    entered: Entered,
    step: RwSignal<Step>,
    options: WizardOptions,
    first: Step,
) -> impl IntoView {
    let check = Action::new(|form: &NewUsers| check_new_users(form.clone()));
    let checks = RwSignal::new(None::<Vec<EmailCheck>>);
    let (field_error, form_error) = form_errors(check.value());
    Effect::new(move |_| {
        if let Some(Ok(result)) = check.value().get() {
            if result.iter().all(|c| c.problem.is_none()) {
                checks.set(None);
                step.set(Step::Permissions);
            } else {
                checks.set(Some(result));
            }
        }
    });
    let go_on = move |()| {
        let mut form = entered.form();
        // The role is chosen on the next step; the addresses do not depend on it.
        form.role.get_or_insert(StaffRole::Staff);
        check.dispatch(form);
    };
    let keep_valid = move |_| {
        if let Some(result) = checks.get_untracked() {
            let valid: Vec<String> = result
                .into_iter()
                .filter(|c| c.problem.is_none())
                .map(|c| c.email)
                .collect();
            entered.emails.set(valid.join("\n"));
            checks.set(None);
            step.set(Step::Permissions);
        }
    };
    let is_client = move || entered.kind.get() == UserKind::Client;
    let back = (first != Step::Emails).then(|| Callback::new(move |()| step.set(Step::UserType)));
    let accounts = options.accounts.clone();
    view! {
        <section class="card">
            <div class="field">
                <label for="emails">"Email addresses"</label>
                <textarea id="emails" rows="4" aria-describedby="emails-hint emails-error"
                    prop:value=entered.emails on:input=move |ev| entered.emails.set(event_target_value(&ev))></textarea>
                <p id="emails-hint" class="hint">"One or more, separated by commas, spaces or new lines."</p>
                <p id="emails-error" class="field-error">{move || field_error("emails").get()}</p>
            </div>
            <div class="field checkbox-field">
                <input type="checkbox" id="send-email" prop:checked=entered.send_email
                    on:change=move |ev| entered.send_email.set(event_target_checked(&ev)) aria-describedby="send-email-hint" />
                <label for="send-email">"Invite users via email"</label>
                <p id="send-email-hint" class="hint">
                    {move || if entered.send_email.get() {
                        "Each address gets a one-time link, valid for the agency's number of days."
                    } else {
                        "No email: existing users get access at once; for a new address you complete a profile next."
                    }}
                </p>
            </div>
            {move || checks.get().map(|result| {
                let valid = result.iter().filter(|c| c.problem.is_none()).count();
                view! {
                    <div class="warning" role="alert" aria-labelledby="address-problems">
                        <p id="address-problems">"Some addresses cannot be used:"</p>
                        <ul>
                            {result.into_iter().filter_map(|c| c.problem.map(|p| view! { <li>{format!("{}: {p}", c.email)}</li> })).collect_view()}
                        </ul>
                        <p>"Correct them above, or go on without them."</p>
                        {(valid > 0).then(|| view! {
                            <button type="button" class="button" on:click=keep_valid>
                                {format!("Continue with {valid} valid address{}", if valid == 1 { "" } else { "es" })}
                            </button>
                        })}
                    </div>
                }
                .into_any()
            })}
        </section>
        <Show when=is_client>
            {view! {
                <fieldset class="card">
                    <legend>"Client accounts"</legend>
                    {accounts.iter().map(|account| view! { <AccountChoiceRow account=account.clone() entered /> }.into_any()).collect_view()}
                    <p class="field-error">{move || field_error("accounts").get()}</p>
                </fieldset>
            }.into_any()}
        </Show>
        <p class="form-error" role="alert">{form_error}</p>
        <StepButtons back next_label="Continue" next=Callback::new(go_on)
            busy=Signal::derive(move || check.pending().get()) />
    }
}

#[component]
fn AccountChoiceRow(account: AccountRef, entered: Entered) -> impl IntoView {
    let id = account.id;
    let checked = move || entered.accounts.get().iter().any(|c| c.account.id == id);
    let input_id = format!("account-{id}");
    let name = account.name.clone();
    view! {
        <div class="account-choice">
            <div class="field checkbox-field">
                <input type="checkbox" id=input_id.clone() prop:checked=checked
                    on:change={
                        let account = account.clone();
                        move |ev| {
                            let on = event_target_checked(&ev);
                            entered.accounts.update(|list| {
                                list.retain(|c| c.account.id != id);
                                if on {
                                    list.push(ChosenAccount { account: account.clone(), all: false, resources: Vec::new() });
                                }
                            });
                        }
                    } />
                <label for=input_id>{name}</label>
            </div>
            <Show when=checked>
                {view! { <ResourcePicker account=account.clone() entered /> }.into_any()}
            </Show>
        </div>
    }
}

/// The resources of one chosen account: all current and future ones, or some, found by name.
#[component]
fn ResourcePicker(account: AccountRef, entered: Entered) -> impl IntoView {
    let id = account.id;
    // Loaded in the browser once the account is ticked.
    let resources = LocalResource::new(move || get_client_account(id));
    let filter = RwSignal::new(String::new());
    let chosen = move || {
        entered
            .accounts
            .get()
            .into_iter()
            .find(|c| c.account.id == id)
    };
    let all = move || chosen().is_some_and(|c| c.all);
    let update = move |f: &dyn Fn(&mut ChosenAccount)| {
        entered.accounts.update(|list| {
            if let Some(c) = list.iter_mut().find(|c| c.account.id == id) {
                f(c);
            }
        })
    };
    let name = account.name.clone();
    view! {
        <fieldset class="resource-picker">
            <legend>{format!("Resources in {name}")}</legend>
            <Suspense fallback=|| view! { <p>"Loading resources…"</p> }>
                {move || Suspend::new(async move {
                    let account = match resources.await {
                        Ok(account) => account,
                        Err(error) => return view! { <p class="error">{error.to_string()}</p> }.into_any(),
                    };
                    let total = account.resources.len();
                    let list = StoredValue::new(account.resources);
                    let all_id = format!("all-{id}");
                    let search_id = format!("resource-search-{id}");
                    let name = account.details.name.clone();
                    view! {
                        <div class="field checkbox-field">
                            <input type="checkbox" id=all_id.clone() prop:checked=all
                                on:change=move |ev| { let on = event_target_checked(&ev); update(&|c| c.all = on); } />
                            <label for=all_id>"All current and future resources"</label>
                        </div>
                        <p role="status" aria-label=format!("Resources chosen in {name}")>
                            {move || if all() { format!("All {total} and future ones") } else {
                                format!("{}/{total}", chosen().map_or(0, |c| c.resources.len()))
                            }}
                        </p>
                        <Show when=move || !all()>
                            {view! {
                            <div class="field">
                                <label for=search_id.clone()>{format!("Search resources in {name}")}</label>
                                <input id=search_id.clone() type="search" prop:value=filter
                                    on:input=move |ev| filter.set(event_target_value(&ev)) />
                            </div>
                            <ul class="resource-options">
                                {move || {
                                    let text = filter.get().trim().to_lowercase();
                                    list.get_value().into_iter()
                                        .filter(|r| text.is_empty() || r.name.to_lowercase().contains(&text))
                                        .map(|resource| {
                                            let rid = resource.id;
                                            let input_id = format!("resource-{rid}");
                                            let is_on = move || chosen().is_some_and(|c| c.resources.contains(&rid));
                                            view! {
                                                <li class="checkbox-field">
                                                    <input type="checkbox" id=input_id.clone() prop:checked=is_on
                                                        on:change=move |ev| {
                                                            let on = event_target_checked(&ev);
                                                            update(&|c| {
                                                                c.resources.retain(|r| *r != rid);
                                                                if on { c.resources.push(rid); }
                                                            });
                                                        } />
                                                    <label for=input_id>{format!("{} ({})", resource.name, resource.kind.label())}</label>
                                                </li>
                                            }
                                        })
                                        .collect_view()
                                }}
                            </ul>
                            <p class="warning">
                                {move || chosen().is_some_and(|c| c.resources.is_empty()).then_some(
                                    "With no resources, this user will not be able to use the app: choose some, or all current and future resources."
                                )}
                            </p>
                            }.into_any()}
                        </Show>
                    }
                    .into_any()
                })}
            </Suspense>
        </fieldset>
    }
}

#[component]
fn PermissionsStep(
    entered: Entered,
    step: RwSignal<Step>,
    options: WizardOptions,
    changeable: PermissionSet,
) -> impl IntoView {
    let back = Callback::new(move |()| step.set(Step::Emails));
    let next = Callback::new(move |()| step.set(Step::Review));
    if entered.kind.get_untracked() == UserKind::Staff {
        return view! {
            <StaffRoleChoice entered options />
            <StepButtons back=Some(back) next_label="Continue" next />
        }
        .into_any();
    }
    let catalog = catalog();
    let customizable = options.customizable;
    let staff = options.grantable.is_none();
    let templates = LocalResource::new(move || async move {
        if staff && customizable {
            permission_templates().await.unwrap_or_default()
        } else {
            Vec::new()
        }
    });
    let apply = move |preset: PermissionSet| entered.on.set(preset.intersection(&changeable));
    let choose = move |name: &str, preset: Option<PermissionSet>| {
        entered.preset.set(name.to_owned());
        if let Some(preset) = preset {
            apply(preset);
        }
    };
    let first_account = entered
        .accounts
        .get_untracked()
        .first()
        .map(|c| c.account.id);
    let radio = move |value: &'static str, label: &'static str, preset: Option<PermissionSet>| {
        let id = format!("preset-{value}");
        view! {
            <div class="field checkbox-field">
                <input type="radio" name="preset" id=id.clone() prop:checked=move || entered.preset.get() == value
                    on:change=move |_| choose(value, preset) />
                <label for=id>{label}</label>
            </div>
        }
        .into_any()
    };
    view! {
        <fieldset class="card">
            <legend>"Permissions"</legend>
            {radio("default", "Default", Some(catalog.default_set()))}
            {customizable.then(|| radio("customize", "Customize", None))}
            {(customizable && staff).then(|| radio("clone", "Clone", None))}
            {radio("all", "All permissions", Some(catalog.all()))}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    templates.await.into_iter().map(|template| {
                        let value = format!("template-{}", template.name);
                        let id = format!("preset-{}", template.id);
                        let set = catalog.set_of(template.keys.iter().map(String::as_str));
                        let checked = {
                            let value = value.clone();
                            move || entered.preset.get() == value
                        };
                        view! {
                            <div class="field checkbox-field">
                                <input type="radio" name="preset" id=id.clone() prop:checked=checked
                                    on:change=move |_| { entered.preset.set(value.clone()); apply(set); } />
                                <label for=id>{format!("Template: {}", template.name)}</label>
                            </div>
                        }
                    }).collect_view().into_any()
                })}
            </Suspense>
            {(!customizable).then(|| view! { <p class="muted">{crate::domain::FREELANCER_PRESETS_ONLY}</p> })}
            <p role="status" aria-label="Switches on">{move || {
                let on = entered.on.get();
                format!("{} of {} switches on", (0..catalog.len()).filter(|&i| on.is_on(i)).count(), catalog.len())
            }}</p>
        </fieldset>
        {move || (entered.preset.get() == "customize").then(|| view! {
            <section class="card">
                <SwitchBrowser on=entered.on changeable label="Permissions of the new user".to_owned() />
            </section>
        }.into_any())}
        {move || (entered.preset.get() == "clone").then(|| first_account.map(|account_id| view! {
            <CloneCard account_id user_id=Uuid::nil() apply=Callback::new(apply) />
        }.into_any()))}
        <StepButtons back=Some(back) next_label="Continue" next />
    }
    .into_any()
}

#[component]
fn StaffRoleChoice(entered: Entered, options: WizardOptions) -> impl IntoView {
    let role = entered.role;
    view! {
        <fieldset class="card">
            <legend>"Role"</legend>
            {options.staff_roles.iter().map(|&choice| {
                let id = format!("role-{}", choice.as_str());
                view! {
                    <div class="field checkbox-field">
                        <input type="radio" name="role" id=id.clone() prop:checked=move || role.get() == choice
                            on:change=move |_| role.set(choice) />
                        <label for=id>{choice.name()}</label>
                    </div>
                }
            }).collect_view()}
        </fieldset>
        <Show when=move || role.get() == StaffRole::Staff>
            <fieldset class="card">
                <legend>"Assigned client accounts"</legend>
                {options.assignable.iter().map(|account| {
                    let id = account.id;
                    let input_id = format!("assign-{id}");
                    view! {
                        <div class="field checkbox-field">
                            <input type="checkbox" id=input_id.clone()
                                prop:checked=move || entered.assigned.get().contains(&id)
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    entered.assigned.update(|list| {
                                        list.retain(|a| *a != id);
                                        if on { list.push(id); }
                                    });
                                } />
                            <label for=input_id>{account.name.clone()}</label>
                        </div>
                    }
                }).collect_view()}
            </fieldset>
        </Show>
    }
}

#[component]
fn ReviewStep(
    entered: Entered,
    step: RwSignal<Step>,
    created: RwSignal<Vec<CreatedUser>>,
) -> impl IntoView {
    let create = Action::new(|form: &NewUsers| create_users(form.clone()));
    Effect::new(move |_| {
        if let Some(Ok(result)) = create.value().get() {
            created.set(result);
            step.set(Step::Done);
        }
    });
    let errors = move || match create.value().get() {
        Some(Err(AppError::Invalid(fields))) => fields.into_iter().map(|f| f.message).collect(),
        Some(Err(error)) => vec![error.to_string()],
        _ => Vec::new(),
    };
    let form = entered.form();
    let catalog = catalog();
    let switches_on = form.permissions.len();
    let kind = form.kind;
    let preset = entered.preset.get_untracked();
    let preset_label = match preset.as_str() {
        "default" => "Default".to_owned(),
        "customize" => "Customize".to_owned(),
        "clone" => "Clone".to_owned(),
        "all" => "All permissions".to_owned(),
        other => other
            .strip_prefix("template-")
            .map(|t| format!("Template: {t}"))
            .unwrap_or_default(),
    };
    let accounts = entered.accounts.get_untracked();
    view! {
        <section class="card">
            <dl class="review">
                <dt>"User type"</dt>
                <dd>{if kind == UserKind::Staff { "Staff user" } else { "Client user" }}</dd>
                <dt>"Email addresses"</dt>
                <dd><ul>{form.emails.iter().map(|e| view! { <li>{e.clone()}</li> }).collect_view()}</ul></dd>
                <dt>"Invite users via email"</dt>
                <dd>{if form.send_email { "Yes: each gets a one-time link" } else { "No: access at once" }}</dd>
                {(kind == UserKind::Client).then(|| view! {
                    <dt>"Client accounts"</dt>
                    <dd><ul>{accounts.iter().map(|c| {
                        let scope = if c.all { "All current and future resources".to_owned() } else { format!("{} chosen resources", c.resources.len()) };
                        view! { <li>{format!("{}: {scope}", c.account.name)}</li> }
                    }).collect_view()}</ul></dd>
                    <dt>"Permissions"</dt>
                    <dd>{format!("{preset_label} ({switches_on} of {} switches on)", catalog.len())}</dd>
                })}
                {(kind == UserKind::Staff).then(|| view! {
                    <dt>"Role"</dt>
                    <dd>{entered.role.get_untracked().name()}</dd>
                })}
            </dl>
            <div role="alert" class="form-error">
                <ul>{move || errors().into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul>
            </div>
        </section>
        <StepButtons back=Some(Callback::new(move |()| step.set(Step::Permissions))) next_label="Create user"
            next=Callback::new(move |()| { create.dispatch(entered.form()); })
            busy=Signal::derive(move || create.pending().get()) />
    }
}

#[component]
fn DoneStep(created: Vec<CreatedUser>) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="created-title">
            <h2 id="created-title">"Done"</h2>
            <ul class="members">
                {created.into_iter().map(|user| match user {
                    CreatedUser::Invited { email, invitations } => view! {
                        <li>{format!("Invitation sent to {email}{}.", if invitations > 1 { format!(" ({invitations} links, one per account)") } else { String::new() })}</li>
                    }.into_any(),
                    CreatedUser::Added { email, name } => view! {
                        <li>{format!("{name} ({email}) has access now.")}</li>
                    }.into_any(),
                    CreatedUser::ProfileToComplete { email, user_id } => view! {
                        <li><CompleteProfileForm email user_id /></li>
                    }.into_any(),
                }).collect_view()}
            </ul>
            <p><a href="/users">"Back to Users"</a></p>
        </section>
    }
}

/// A new profile (no invitation): its name, then an initial password shown once.
#[component]
fn CompleteProfileForm(email: String, user_id: Uuid) -> impl IntoView {
    let complete = ServerAction::<CompleteProfile>::new();
    let (field_error, form_error) = form_errors(complete.value());
    view! {
        <h3>{format!("Complete the profile of {email}")}</h3>
        {move || match complete.value().get() {
            Some(Ok(done)) => view! {
                <p>{format!("{} ({}) can log in with this initial password, shown only now:", done.name, done.email)}</p>
                <p><code data-testid="initial-password">{done.initial_password}</code></p>
                <p class="muted">"Tell them yourself. They choose their own password when they first log in."</p>
            }.into_any(),
            _ => {
                let (first_id, last_id) = (format!("first-{user_id}"), format!("last-{user_id}"));
                view! {
                <PostForm
                    action=complete
                    read=move |fields| CompleteProfile {
                        user_id,
                        first_name: fields.text("first_name"),
                        last_name: fields.text("last_name"),
                    }
                    attr:novalidate=true
                >
                    <input type="hidden" name="user_id" value=user_id.to_string() />
                    <div class="field">
                        <label for=first_id.clone()>"First name"</label>
                        <input id=first_id.clone() name="first_name" autocomplete="off" aria-describedby=format!("{first_id}-error") />
                        <p id=format!("{first_id}-error") class="field-error">{move || field_error("first_name").get()}</p>
                    </div>
                    <div class="field">
                        <label for=last_id.clone()>"Last name"</label>
                        <input id=last_id.clone() name="last_name" autocomplete="off" aria-describedby=format!("{last_id}-error") />
                        <p id=format!("{last_id}-error") class="field-error">{move || field_error("last_name").get()}</p>
                    </div>
                    <p class="form-error" role="alert">{form_error}</p>
                    <button type="submit" class="button">"Set initial password"</button>
                </PostForm>
                }.into_any()
            }
        }}
    }
}
