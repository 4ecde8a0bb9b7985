//! Manage permissions: the switch tree of one member in one client account. Drill down by section
//! with a breadcrumb back, filter by text, presets, and the list of changes before saving.
//! Each switch reads its own memo of the set, so a toggle redraws only the switches it changes.

use super::permission_cards::{CloneCard, EffectiveAccessCard};
use crate::api::{
    member_permissions, permission_templates, SaveMemberPermissions, SavePermissionTemplate,
};
use crate::components::{form_errors, provide_screen_context, use_live, PageTitle, Redirect};
use crate::domain::catalog::{catalog, PermissionSet};
use crate::domain::{AppError, PermissionEditor, PermissionTemplate, FREELANCER_PRESETS_ONLY};
use leptos::prelude::*;
use uuid::Uuid;

#[island(lazy)]
pub fn ManagePermissions(
    /// The client account and the member, from the path (`None` when not an id).
    account: Option<Uuid>,
    user: Option<Uuid>,
) -> impl IntoView {
    provide_screen_context();
    let editor = Resource::new(
        move || (account, user),
        |ids| async move {
            match ids {
                (Some(account), Some(user)) => {
                    let editor = member_permissions(account, user).await?;
                    // Templates belong to agency staff on plans that have them; others get none.
                    let templates = if editor.changeable.is_none() && editor.customizable {
                        permission_templates().await.unwrap_or_default()
                    } else {
                        Vec::new()
                    };
                    Ok((account, editor, templates))
                }
                _ => Err(AppError::NotFound),
            }
        },
    );
    view! {
        <PageTitle text="Manage permissions" />
        <Transition fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match editor.await {
                    Ok((account_id, editor, templates)) => view! { <SwitchTree account_id editor templates /> }.into_any(),
                    Err(AppError::Unauthenticated) => view! { <Redirect path="/login" /> }.into_any(),
                    Err(error) => view! { <p class="error" role="alert">{error.to_string()}</p> }.into_any(),
                }
            })}
        </Transition>
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

#[component]
fn SwitchTree(
    account_id: Uuid,
    editor: PermissionEditor,
    templates: Vec<PermissionTemplate>,
) -> impl IntoView {
    let catalog = catalog();
    let saved = RwSignal::new(catalog.set_of(editor.on.iter().map(String::as_str)));
    let on = RwSignal::new(saved.get_untracked());
    let on_for_templates = on;
    let customizable = editor.customizable;
    let templates = RwSignal::new(templates);
    let chosen_template = RwSignal::new(String::new());
    // The template last applied, named in the audit log when the change is saved.
    let applied_template = RwSignal::new(None::<String>);
    let template_name = RwSignal::new(String::new());
    let save_template = ServerAction::<SavePermissionTemplate>::new();
    let (template_field_error, template_error) = form_errors(save_template.value());
    Effect::new(move |_| {
        if let Some(Ok(())) = save_template.value().get() {
            let name = template_name.get_untracked().trim().to_owned();
            let keys = catalog
                .keys_of(&on_for_templates.get_untracked())
                .into_iter()
                .map(str::to_owned)
                .collect();
            templates.update(|list| {
                list.retain(|t| t.name != name);
                list.push(PermissionTemplate {
                    id: Uuid::nil(),
                    name,
                    keys,
                });
                list.sort_by(|a, b| a.name.cmp(&b.name));
            });
        }
    });
    let changeable = match &editor.changeable {
        None => catalog.all(),
        Some(keys) => catalog.set_of(keys.iter().map(String::as_str)),
    };
    let save = ServerAction::<SaveMemberPermissions>::new();
    // A refused save over a newer one is told by `notice`, with the fresh state loaded.
    let save_error = move || match save.value().get() {
        Some(Err(AppError::Conflict(_))) => None,
        Some(Err(error)) => Some(error.to_string()),
        _ => None,
    };
    let notice = RwSignal::new(None::<String>);
    let version = RwSignal::new(editor.version);
    let user_id = editor.user_id;
    // Someone saved meanwhile: load their switches as the saved state, keep these edits, so the
    // Changes list shows the fresh difference before saving again.
    let reload = Action::new(move |(): &()| member_permissions(account_id, user_id));
    Effect::new(move |_| match save.value().get() {
        Some(Ok(())) => {
            saved.set(on.get_untracked());
            version.update(|v| *v += 1);
            applied_template.set(None);
            notice.set(None);
        }
        Some(Err(AppError::Conflict(_))) => {
            reload.dispatch(());
        }
        _ => {}
    });
    // Someone else saved these switches: load theirs as the saved state (edits here stay).
    let live = use_live();
    Effect::new(move |previous: Option<usize>| {
        let now = live.permissions.get();
        if previous.is_some_and(|previous| previous != now) {
            reload.dispatch(());
        }
        now
    });
    Effect::new(move |_| {
        if let Some(Ok(fresh)) = reload.value().get() {
            if fresh.version == version.get_untracked() {
                return; // our own save, already in place
            }
            let fresh_set = catalog.set_of(fresh.on.iter().map(String::as_str));
            let editing = on.get_untracked() != saved.get_untracked();
            saved.set(fresh_set);
            version.set(fresh.version);
            if editing {
                let by = fresh
                    .changed_by
                    .unwrap_or_else(|| "someone else".to_owned());
                notice.set(Some(format!(
                    "These switches were changed by {by}. Their change is loaded: check the changes below, then save again."
                )));
            } else {
                on.set(fresh_set);
            }
        }
    });
    // A preset changes only the switches this editor may change.
    let apply = move |preset: PermissionSet| {
        on.update(|set| {
            for index in 0..catalog.len() {
                if changeable.is_on(index) {
                    set.set(index, preset.is_on(index));
                }
            }
        })
    };
    let changes = move || {
        let (before, after) = (saved.get(), on.get());
        let label = |i: usize| catalog.nodes[i].label;
        let turned_on: Vec<&str> = (0..catalog.len())
            .filter(|&i| after.is_on(i) && !before.is_on(i))
            .map(label)
            .collect();
        let turned_off: Vec<&str> = (0..catalog.len())
            .filter(|&i| !after.is_on(i) && before.is_on(i))
            .map(label)
            .collect();
        (turned_on, turned_off)
    };
    let user_name = editor.user_name.clone();
    view! {
        <h1>{format!("Permissions of {user_name}")}</h1>
        <p><a href=format!("/clients/{account_id}")>"Back to the account"</a></p>
        {editor.changeable.is_some().then(|| view! {
            <p class="muted">"Switches beyond your own access are locked."</p>
        })}
        {(!customizable).then(|| view! { <p class="muted">{FREELANCER_PRESETS_ONLY}</p> })}
        <div class="toolbar">
            <button type="button" class="button button-quiet" on:click=move |_| apply(catalog.default_set())>"Default"</button>
            <button type="button" class="button button-quiet" on:click=move |_| apply(catalog.all())>"All permissions"</button>
            {move || (!templates.get().is_empty()).then(|| view! {
                <div class="field">
                    <label for="template-choice">"Template"</label>
                    <select id="template-choice" on:change=move |ev| chosen_template.set(event_target_value(&ev))>
                        <option value="">"Choose a template"</option>
                        {templates.get().into_iter().map(|t| view! { <option value=t.name.clone()>{t.name.clone()}</option> }).collect_view()}
                    </select>
                </div>
                <button
                    type="button"
                    class="button button-quiet"
                    on:click=move |_| {
                        let name = chosen_template.get_untracked();
                        if let Some(template) = templates.get_untracked().into_iter().find(|t| t.name == name) {
                            apply(catalog.set_of(template.keys.iter().map(String::as_str)));
                            applied_template.set(Some(template.name));
                        }
                    }
                >
                    "Apply template"
                </button>
            })}
        </div>
        <SwitchBrowser
            on
            changeable=if customizable { changeable } else { PermissionSet::empty() }
            label=format!("Permissions of {user_name}")
        />
        <section class="card" aria-labelledby="changes-title">
            <h2 id="changes-title">"Changes"</h2>
            <div role="status" aria-labelledby="changes-title">
                {move || {
                    let (turned_on, turned_off) = changes();
                    if turned_on.is_empty() && turned_off.is_empty() {
                        view! { <p class="muted">"No changes."</p> }.into_any()
                    } else {
                        view! {
                            {(!turned_on.is_empty()).then(|| view! { <p>{format!("Will turn on: {}", turned_on.join(", "))}</p> })}
                            {(!turned_off.is_empty()).then(|| view! { <p>{format!("Will turn off: {}", turned_off.join(", "))}</p> })}
                        }
                            .into_any()
                    }
                }}
            </div>
            <p class="form-error" role="alert">{save_error}</p>
            <p class="warning" role="alert">{move || notice.get()}</p>
            <button
                type="button"
                class="button"
                disabled=move || {
                    let (a, b) = changes();
                    a.is_empty() && b.is_empty()
                }
                on:click=move |_| {
                    let keys = catalog.keys_of(&on.get_untracked()).into_iter().map(str::to_owned).collect();
                    let template = applied_template.get_untracked();
                    let version = Some(version.get_untracked());
                    save.dispatch(SaveMemberPermissions { account_id, user_id, keys, template, version });
                }
            >
                "Save changes"
            </button>
        </section>
        {(editor.changeable.is_none() && customizable).then(|| view! {
            <section class="card" aria-labelledby="template-title">
                <h2 id="template-title">"Save as template"</h2>
                <p class="muted">"Keep these switches under a name, to apply them to other users of your agency."</p>
                <div class="inline-form">
                    <label for="template-name">"Template name"</label>
                    <input id="template-name" prop:value=template_name on:input=move |ev| template_name.set(event_target_value(&ev))
                        aria-describedby="template-name-error" />
                    <button
                        type="button"
                        class="button button-quiet"
                        on:click=move |_| {
                            let keys = catalog.keys_of(&on.get_untracked()).into_iter().map(str::to_owned).collect();
                            save_template.dispatch(SavePermissionTemplate { name: template_name.get_untracked(), keys });
                        }
                    >
                        "Save template"
                    </button>
                    <p id="template-name-error" class="field-error" role="alert">{move || template_field_error("name").get().or_else(template_error)}</p>
                </div>
            </section>
        })}
        {(editor.changeable.is_none() && customizable).then(|| view! {
            <CloneCard account_id user_id=editor.user_id apply=Callback::new(apply) />
        })}
        <EffectiveAccessCard account_id user_id=editor.user_id />
    }
}

/// The switches of a set, to browse and flip: a filter, a breadcrumb, and the tree of the section
/// in focus. Switches outside `changeable` are locked. Used by Manage permissions and Create User.
#[component]
pub(crate) fn SwitchBrowser(
    on: RwSignal<PermissionSet>,
    changeable: PermissionSet,
    label: String,
) -> impl IntoView {
    let catalog = catalog();
    let focus = RwSignal::new(None::<usize>);
    let filter = RwSignal::new(String::new());
    let visible = move || -> Vec<usize> {
        let text = filter.get().trim().to_lowercase();
        if !text.is_empty() {
            // Matches and their ancestors, in catalog order, so each match keeps its context.
            let mut shown = vec![false; catalog.len()];
            for (index, node) in catalog.nodes.iter().enumerate() {
                if node.label.to_lowercase().contains(&text) || node.key.contains(&text) {
                    let mut at = Some(index);
                    while let Some(i) = at {
                        shown[i] = true;
                        at = catalog.nodes[i].parent;
                    }
                }
            }
            return (0..catalog.len()).filter(|&i| shown[i]).collect();
        }
        match focus.get() {
            None => catalog.sections().collect(),
            Some(parent) => catalog.nodes[parent].children.clone(),
        }
    };
    let crumbs = move || {
        let mut path = Vec::new();
        let mut at = focus.get();
        while let Some(i) = at {
            path.push(i);
            at = catalog.nodes[i].parent;
        }
        path.reverse();
        path
    };
    view! {
        <div class="field">
            <label for="switch-filter">"Filter switches"</label>
            <input id="switch-filter" type="search" prop:value=filter on:input=move |ev| filter.set(event_target_value(&ev)) />
        </div>
        <nav aria-label="Breadcrumb" class="breadcrumb">
            <ol>
                <li><button type="button" class="link-button" on:click=move |_| focus.set(None)>"All sections"</button></li>
                {move || crumbs().into_iter().map(|i| view! {
                    <li><button type="button" class="link-button" on:click=move |_| focus.set(Some(i))>{catalog.nodes[i].label}</button></li>
                }).collect_view()}
            </ol>
        </nav>
        <ul role="tree" aria-label=label class="switch-tree" on:keydown=move |ev| tree_keys(ev, focus)>
            <For each=visible key=|index| *index let:index>
                <SwitchRow index on changeable focus filtering=Signal::derive(move || !filter.get().trim().is_empty()) />
            </For>
        </ul>
    }
}

#[component]
fn SwitchRow(
    index: usize,
    on: RwSignal<PermissionSet>,
    changeable: PermissionSet,
    focus: RwSignal<Option<usize>>,
    filtering: Signal<bool>,
) -> impl IntoView {
    let catalog = catalog();
    let node = &catalog.nodes[index];
    let descendants = catalog.descendants(index);
    let total = descendants.len();
    // Memos: a toggle elsewhere re-runs these, but redraws this row only if its own answer changed.
    let own = Memo::new(move |_| on.with(|set| set.is_on(index)));
    let granted_below = Memo::new(move |_| {
        on.with(|set| {
            descendants
                .iter()
                .filter(|&&i| catalog.granted(set, i))
                .count()
        })
    });
    let ancestors_on = Memo::new(move |_| {
        on.with(|set| {
            node.parent
                .is_none_or(|parent| catalog.granted(set, parent))
        })
    });
    let checked = move || match (own.get(), total) {
        (false, _) => "false",
        (true, 0) => "true",
        (true, _) if granted_below.get() < total => "mixed",
        (true, _) => "true",
    };
    let locked = !changeable.is_on(index);
    let label_id = format!("switch-{}", node.key.replace('.', "-"));
    let switch_label = label_id.clone();
    let label = node.label;
    view! {
        <li role="treeitem" attr:aria-level=node.depth.to_string() class="switch-row" class:disabled=move || !ancestors_on.get()>
            <button
                type="button"
                role="switch"
                class="switch"
                aria-checked=checked
                aria-labelledby=switch_label
                disabled=locked
                on:click=move |_| on.update(|set| set.set(index, !set.is_on(index)))
            ></button>
            <span class="switch-text">
                <span id=label_id class="switch-label">
                    {move || if filtering.get() { node.key.replace('.', " › ") } else { label.to_owned() }}
                </span>
                <span class="muted">{node.description}</span>
                {(total > 0).then(|| view! { <span class="muted">{move || format!("{} of {total} on", granted_below.get())}</span> })}
                {locked.then(|| view! { <span class="muted">"Locked: beyond your own access"</span> })}
            </span>
            {(!node.children.is_empty()).then(|| view! {
                <button type="button" class="button button-quiet open" on:click=move |_| focus.set(Some(index)) aria-label=format!("Open {label}")>"Open"</button>
            })}
        </li>
    }
}

/// Keyboard operation of the tree: Up and Down move between switches, Home and End to the first and
/// last, Enter or Right opens a section, Left goes back up one level. Space toggles (a native button).
fn tree_keys(ev: leptos::ev::KeyboardEvent, focus: RwSignal<Option<usize>>) {
    use leptos::wasm_bindgen::JsCast;
    use leptos::web_sys::{Element, HtmlElement};
    let Some(target) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
        return;
    };
    let Some(row) = target.closest("li").ok().flatten() else {
        return;
    };
    let switch_of = |row: Option<Element>| {
        row.and_then(|row| row.query_selector(".switch").ok().flatten())
            .and_then(|switch| switch.dyn_into::<HtmlElement>().ok())
    };
    let first_switch = || {
        switch_of(
            row.parent_element()
                .and_then(|tree| tree.first_element_child()),
        )
    };
    let moved = match ev.key().as_str() {
        "ArrowDown" => switch_of(row.next_element_sibling()),
        "ArrowUp" => switch_of(row.previous_element_sibling()),
        "Home" => first_switch(),
        "End" => switch_of(
            row.parent_element()
                .and_then(|tree| tree.last_element_child()),
        ),
        "Enter" | "ArrowRight" => {
            let open = row.query_selector(".open").ok().flatten();
            let Some(open) = open.and_then(|open| open.dyn_into::<HtmlElement>().ok()) else {
                return;
            };
            open.click();
            focus_first_switch_later(row.parent_element());
            ev.prevent_default();
            return;
        }
        "ArrowLeft" => {
            let catalog = catalog();
            focus.update(|at| *at = at.and_then(|i| catalog.nodes[i].parent));
            focus_first_switch_later(row.parent_element());
            ev.prevent_default();
            return;
        }
        _ => return,
    };
    if let Some(switch) = moved {
        let _ = switch.focus();
    }
    ev.prevent_default();
}

/// After the tree shows another level, puts the focus on its first switch.
fn focus_first_switch_later(tree: Option<leptos::web_sys::Element>) {
    use leptos::wasm_bindgen::JsCast;
    request_animation_frame(move || {
        let first = tree
            .and_then(|tree| tree.query_selector(".switch").ok().flatten())
            .and_then(|switch| switch.dyn_into::<leptos::web_sys::HtmlElement>().ok());
        if let Some(first) = first {
            let _ = first.focus();
        }
    });
}
