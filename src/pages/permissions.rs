//! Manage permissions: the switch tree of one member in one client account. Drill down by section
//! with a breadcrumb back, filter by text, presets and templates, the list of changes before
//! saving, Clone and Effective access.
//!
//! The server renders all of it, every row of the tree included (those out of view hidden). One
//! island, `PermissionEditor`, makes it work in the browser without hydrating any of that markup.

use super::permission_editor::PermissionEditor;
use super::switch_tree::{ancestors_on, checked, count_text, label_id, row_name};
use crate::api::{member_permissions, permission_templates};
use crate::components::{PageTitle, Redirect};
use crate::domain::catalog::{catalog, PermissionSet};
use crate::domain::{AppError, PermissionTemplate, FREELANCER_PRESETS_ONLY};
use leptos::prelude::*;
use uuid::Uuid;

#[component]
pub fn ManagePermissions(
    /// The client account and the member, from the path (`None` when not an id).
    account: Option<Uuid>,
    user: Option<Uuid>,
) -> impl IntoView {
    view! {
        <PageTitle text="Manage permissions" />
        <Suspense fallback=|| ()>{move || Suspend::new(page(account, user))}</Suspense>
    }
}

/// The way to a member's switch tree, from wherever their account's users are listed.
#[component]
pub(crate) fn ManagePermissionsLink(
    account_id: Uuid,
    user_id: Uuid,
    name: String,
) -> impl IntoView {
    view! {
        <a href=format!("/clients/{account_id}/users/{user_id}/permissions")>
            {format!("Manage permissions of {name}")}
        </a>
    }
}

async fn page(account: Option<Uuid>, user: Option<Uuid>) -> AnyView {
    let (Some(account_id), Some(user_id)) = (account, user) else {
        return failed(AppError::NotFound);
    };
    let editor = match member_permissions(account_id, user_id).await {
        Ok(editor) => editor,
        Err(AppError::Unauthenticated) => {
            let next = format!("/login?next=/clients/{account_id}/users/{user_id}/permissions");
            return view! { <Redirect path=next /> }.into_any();
        }
        Err(error) => return failed(error),
    };
    // Agency staff manage every switch; a client manager only those granted to themselves.
    let staff = editor.changeable.is_none();
    let customizable = editor.customizable;
    // Templates belong to agency staff on plans that have them; others get none.
    let templates = if staff && customizable {
        permission_templates().await.unwrap_or_default()
    } else {
        Vec::new()
    };
    let catalog = catalog();
    let on = catalog.set_of(editor.on.iter().map(String::as_str));
    // The switches that can be flipped one by one: on the Freelancer plan none, only presets.
    let unlocked = match (&editor.changeable, customizable) {
        (_, false) => PermissionSet::empty(),
        (None, true) => catalog.all(),
        (Some(keys), true) => catalog.set_of(keys.iter().map(String::as_str)),
    };
    let name = editor.user_name.clone();
    view! {
        <h1>{format!("Permissions of {name}")}</h1>
        <p><a href=format!("/clients/{account_id}")>"Back to the account"</a></p>
        {(!staff).then(|| view! { <p class="muted">"Switches beyond your own access are locked."</p> })}
        {(!customizable).then(|| view! { <p class="muted">{FREELANCER_PRESETS_ONLY}</p> })}
        <PermissionEditor
            account_id
            user_id
            version=editor.version
            on=editor.on
            changeable=editor.changeable
            customizable
            templates=templates.clone()
        >
            <Toolbar templates=templates.clone() templates_allowed=staff && customizable />
            <div class="field">
                <label for="switch-filter">"Filter switches"</label>
                <input id="switch-filter" type="search" />
            </div>
            <nav aria-label="Breadcrumb" class="breadcrumb">
                <ol>
                    <li><button type="button" class="link-button" data-focus="">"All sections"</button></li>
                </ol>
            </nav>
            <ul role="tree" aria-label=format!("Permissions of {name}") class="switch-tree">
                {(0..catalog.len()).map(|index| view! { <Row index on unlocked /> }).collect_view()}
            </ul>
            <ChangesCard />
            {(staff && customizable).then(|| view! {
                <TemplateCard />
                <CloneCard />
            })}
            <EffectiveAccessCard />
        </PermissionEditor>
    }
    .into_any()
}

fn failed(error: AppError) -> AnyView {
    view! {
        <h1>"Manage permissions"</h1>
        <p class="error" role="alert">{error.to_string()}</p>
    }
    .into_any()
}

/// Presets, and the agency's templates when it may have them (hidden until there is one).
#[component]
fn Toolbar(templates: Vec<PermissionTemplate>, templates_allowed: bool) -> impl IntoView {
    let none_yet = templates.is_empty();
    view! {
        <div class="toolbar">
            <button type="button" class="button button-quiet" data-preset="default">"Default"</button>
            <button type="button" class="button button-quiet" data-preset="all">"All permissions"</button>
            {templates_allowed.then(|| view! {
                <form class="toolbar-group" data-templates="" data-form="apply-template" hidden=none_yet>
                    <div class="field">
                        <label for="template-choice">"Template"</label>
                        <select id="template-choice" name="template">
                            <option value="">"Choose a template"</option>
                            {templates.into_iter().map(|t| {
                                let value = t.name.clone();
                                view! { <option value=value>{t.name}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                    <button type="submit" class="button button-quiet">"Apply template"</button>
                </form>
            })}
        </div>
    }
}

/// One switch of the tree. Rows below the sections start out of view.
#[component]
fn Row(index: usize, on: PermissionSet, unlocked: PermissionSet) -> impl IntoView {
    let node = &catalog().nodes[index];
    let locked = !unlocked.is_on(index);
    let label = node.label;
    view! {
        <li
            role="treeitem"
            attr:aria-level=node.depth.to_string()
            class="switch-row"
            class:disabled=!ancestors_on(&on, index)
            data-row=index.to_string()
            hidden=node.parent.is_some()
        >
            <button
                type="button"
                role="switch"
                class="switch"
                aria-checked=checked(&on, index)
                aria-labelledby=label_id(index)
                disabled=locked
                data-switch=index.to_string()
            ></button>
            <span class="switch-text">
                <span id=label_id(index) class="switch-label">{row_name(index, false)}</span>
                <span class="muted">{node.description}</span>
                {count_text(&on, index).map(|count| view! { <span class="muted" data-count="">{count}</span> })}
                {locked.then(|| view! { <span class="muted">"Locked: beyond your own access"</span> })}
            </span>
            {(!node.children.is_empty()).then(|| view! {
                <button type="button" class="button button-quiet open" data-open=index.to_string() aria-label=format!("Open {label}")>"Open"</button>
            })}
        </li>
    }
}

/// What saving would change, and the Save button; both kept current by the island.
#[component]
fn ChangesCard() -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="changes-title">
            <h2 id="changes-title">"Changes"</h2>
            <div role="status" aria-labelledby="changes-title" data-changes="">
                <p class="muted">"No changes."</p>
            </div>
            <p class="form-error" role="alert" data-save-error=""></p>
            <p class="warning" role="alert" data-notice=""></p>
            <button type="button" class="button" data-action="save" disabled=true>"Save changes"</button>
        </section>
    }
}

/// Save as template: the switches as they are here, under a name, for other users of the agency.
#[component]
fn TemplateCard() -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="template-title">
            <h2 id="template-title">"Save as template"</h2>
            <p class="muted">"Keep these switches under a name, to apply them to other users of your agency."</p>
            <OneFieldForm form="template" id="template-name" name="name" label="Template name" button="Save template" />
        </section>
    }
}

/// Clone: find another client user of the agency and copy their switches in one of their accounts.
#[component]
fn CloneCard() -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="clone-title">
            <h2 id="clone-title">"Clone"</h2>
            <p class="muted">"Copy the switches another client user of your agency has in one of their accounts."</p>
            <OneFieldForm form="clone" id="clone-query" name="query" label="Name or email" button="Find" />
            <ul class="members" data-clone-results=""></ul>
        </section>
    }
}

/// A labelled text field and its button on one line, its error below; the island answers it.
#[component]
fn OneFieldForm(
    form: &'static str,
    id: &'static str,
    name: &'static str,
    label: &'static str,
    button: &'static str,
) -> impl IntoView {
    let error = format!("{id}-error");
    view! {
        <form class="inline-form" data-form=form>
            <label for=id>{label}</label>
            <input id=id name=name aria-describedby=error.clone() />
            <button type="submit" class="button button-quiet">{button}</button>
            <p id=error class="field-error" role="alert"></p>
        </form>
    }
}

/// "Can they do X, and why?" for the saved switches, answered by the server.
#[component]
fn EffectiveAccessCard() -> impl IntoView {
    let catalog = catalog();
    view! {
        <section class="card" aria-labelledby="effective-title">
            <h2 id="effective-title">"Effective access"</h2>
            <p class="muted">"Whether the saved switches let them do something here, and what decides it."</p>
            <form class="inline-form" data-form="effective">
                <label for="effective-key">"Permission"</label>
                <select id="effective-key" name="key">
                    {catalog
                        .nodes
                        .iter()
                        .map(|node| {
                            let indent = "\u{a0}\u{a0}".repeat(node.depth - 1);
                            view! { <option value=node.key>{format!("{indent}{}", node.label)}</option> }
                        })
                        .collect_view()}
                </select>
                <button type="submit" class="button button-quiet">"Check"</button>
            </form>
            <div role="status" class="effective" data-effective=""></div>
            <p class="form-error" role="alert" data-effective-error=""></p>
        </section>
    }
}
