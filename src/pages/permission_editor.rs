//! Manage permissions in the browser. The page's markup is the server's (`permissions`): every row
//! of the tree, the toolbar and the cards. This island hydrates only an element around it, listens
//! there for the events from inside, keeps the switches in signals, and writes what they change
//! back into that markup: each row's state and count, the rows in view, the breadcrumb, the list of
//! changes, and the cards' answers (`draw`).
//!
//! Why not views: hydrating the tree, its toolbar and cards as Leptos views made V8 compile some
//! 2,100 WASM functions in one task of about 200 ms on every load, which is what Lighthouse's
//! mobile score counted against the page. Here a load runs little more than the set-up below.

mod draw;

use draw::element;

use super::switch_tree::{tree_keys, with_preset};
use crate::api::{
    clone_sources, effective_access, member_permissions, save_member_permissions,
    save_permission_template,
};
use crate::components::mark_hydrated;
use crate::domain::catalog::{catalog, PermissionSet};
use crate::domain::{AppError, PermissionTemplate};
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos::wasm_bindgen::JsCast;
use leptos::web_sys::{Element, FormData, HtmlFormElement};
use uuid::Uuid;

#[island(lazy)]
pub fn PermissionEditor(
    account_id: Uuid,
    user_id: Uuid,
    /// The version of the switches shown; a save names it, so one over someone else's is refused.
    version: i64,
    /// The switches on now.
    on: Vec<String>,
    /// What this editor may change; `None`: everything (agency staff).
    changeable: Option<Vec<String>>,
    /// False on the Freelancer plan: presets only, no switch flipped one by one.
    customizable: bool,
    templates: Vec<PermissionTemplate>,
    /// The page's markup, rendered on the server and never hydrated.
    children: Children,
) -> impl IntoView {
    // No screen context (who is signed in, the header's live counters): the page is the server's,
    // and the island follows the live stream itself (`follow_changes`).
    mark_hydrated();
    let catalog = catalog();
    let saved = catalog.set_of(on.iter().map(String::as_str));
    let changeable = match changeable {
        None => catalog.all(),
        Some(keys) => catalog.set_of(keys.iter().map(String::as_str)),
    };
    let editor = Editor {
        account_id,
        user_id,
        saved: RwSignal::new(saved),
        on: RwSignal::new(saved),
        version: RwSignal::new(version),
        changeable,
        unlocked: if customizable {
            changeable
        } else {
            PermissionSet::empty()
        },
        templates: StoredValue::new(templates),
        applied_template: StoredValue::new(None),
        clones: StoredValue::new(Vec::new()),
        focus: RwSignal::new(None),
        filter: RwSignal::new(String::new()),
        root: NodeRef::new(),
    };
    editor.follow_changes();
    view! {
        <div
            class="permission-editor"
            node_ref=editor.root
            on:click=move |ev| editor.click(&ev)
            on:keydown=move |ev| tree_keys(ev, editor.focus)
            on:input=move |ev| editor.input(&ev)
            on:submit=move |ev| editor.submit(&ev)
        >
            {children()}
        </div>
    }
}

/// The editor's state; each field is a handle, so the whole is `Copy` into every handler.
#[derive(Clone, Copy)]
struct Editor {
    account_id: Uuid,
    user_id: Uuid,
    /// The switches as saved, and as edited here.
    saved: RwSignal<PermissionSet>,
    on: RwSignal<PermissionSet>,
    version: RwSignal<i64>,
    /// What presets, templates and clones may change.
    changeable: PermissionSet,
    /// What may be flipped one by one.
    unlocked: PermissionSet,
    templates: StoredValue<Vec<PermissionTemplate>>,
    /// The template applied last, named in the audit log when the change is saved.
    applied_template: StoredValue<Option<String>>,
    /// The switch sets of the clone search's answers, by position.
    clones: StoredValue<Vec<PermissionSet>>,
    /// The row whose children are in view (`None`: the sections), and the filter's text.
    focus: RwSignal<Option<usize>>,
    filter: RwSignal<String>,
    root: NodeRef<leptos::html::Div>,
}

impl Editor {
    /// Keeps the markup in step with the state. The server drew the first state, so nothing is
    /// drawn until something changes.
    fn follow_changes(self) {
        Effect::watch(
            move || self.on.get(),
            move |on, _, _| self.draw_switches(on),
            false,
        );
        Effect::watch(
            move || (self.focus.get(), self.filter.get()),
            move |(focus, filter), _, _| self.draw_view(*focus, filter),
            false,
        );
        Effect::watch(
            move || (self.saved.get(), self.on.get()),
            move |(saved, on), _, _| self.draw_changes(saved, on),
            false,
        );
        // Someone else saved switches: load these again as the saved state (edits here stay). A
        // resync (`None`) may have missed one.
        #[cfg(feature = "hydrate")]
        spawn_local(crate::components::follow_changes(
            || true,
            move |change| {
                if change.is_none_or(|change| change.topic == crate::domain::Topic::Permissions) {
                    self.reload();
                }
            },
        ));
    }

    fn click(self, ev: &leptos::ev::MouseEvent) {
        let Some(target) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
            return;
        };
        let control = target.closest(
            "[data-switch], [data-open], [data-focus], [data-preset], [data-copy], [data-action]",
        );
        let Some(control) = control.ok().flatten() else {
            return;
        };
        if let Some(index) = index_in(&control, "data-switch") {
            if self.unlocked.is_on(index) {
                self.on.update(|set| set.set(index, !set.is_on(index)));
            }
        } else if let Some(index) = index_in(&control, "data-open") {
            self.focus.set(Some(index));
        } else if control.has_attribute("data-focus") {
            self.focus.set(index_in(&control, "data-focus"));
        } else if let Some(preset) = control.get_attribute("data-preset") {
            let catalog = catalog();
            self.apply(if preset == "all" {
                catalog.all()
            } else {
                catalog.default_set()
            });
        } else if let Some(index) = index_in(&control, "data-copy") {
            if let Some(set) = self.clones.with_value(|sets| sets.get(index).copied()) {
                self.apply(set);
            }
        } else if control.get_attribute("data-action").as_deref() == Some("save") {
            self.save();
        }
    }

    fn input(self, ev: &leptos::ev::Event) {
        let target = ev.target().and_then(|t| t.dyn_into::<Element>().ok());
        if target.is_some_and(|target| target.id() == "switch-filter") {
            self.filter.set(event_target_value(ev));
        }
    }

    /// The cards' forms: answered here, so edits in progress stay.
    fn submit(self, ev: &leptos::ev::SubmitEvent) {
        let Some(form) = ev
            .target()
            .and_then(|t| t.dyn_into::<HtmlFormElement>().ok())
        else {
            return;
        };
        ev.prevent_default();
        let Ok(fields) = FormData::new_with_form(&form) else {
            return;
        };
        let field = |name: &str| fields.get(name).as_string().unwrap_or_default();
        match form.get_attribute("data-form").as_deref() {
            Some("apply-template") => self.apply_template(&field("template")),
            Some("template") => self.save_template(field("name")),
            Some("clone") => self.find_clones(field("query")),
            Some("effective") => self.check(field("key")),
            _ => {}
        }
    }

    /// A preset, template or clone: changes only the switches this editor may change.
    fn apply(self, preset: PermissionSet) {
        self.on
            .update(|set| *set = with_preset(set, &preset, &self.changeable));
    }

    fn apply_template(self, name: &str) {
        let template = self
            .templates
            .with_value(|list| list.iter().find(|t| t.name == name).cloned());
        if let Some(template) = template {
            self.apply(catalog().set_of(template.keys.iter().map(String::as_str)));
            self.applied_template.set_value(Some(template.name));
        }
    }

    fn keys_on(self) -> Vec<String> {
        catalog()
            .keys_of(&self.on.get_untracked())
            .into_iter()
            .map(str::to_owned)
            .collect()
    }

    fn save(self) {
        let sent = self.on.get_untracked();
        let keys = self.keys_on();
        let template = self.applied_template.get_value();
        let version = Some(self.version.get_untracked());
        self.set_disabled("[data-action=save]", true);
        self.say("[data-save-error]", "");
        spawn_local(async move {
            match save_member_permissions(self.account_id, self.user_id, keys, template, version)
                .await
            {
                Ok(()) => {
                    self.saved.set(sent);
                    self.version.update(|v| *v += 1);
                    self.applied_template.set_value(None);
                    self.say("[data-notice]", "");
                }
                // Someone saved meanwhile: `reload` loads theirs and says so.
                Err(AppError::Conflict(_)) => self.reload(),
                Err(error) => self.say("[data-save-error]", &error.to_string()),
            }
            self.draw_changes(&self.saved.get_untracked(), &self.on.get_untracked());
        });
    }

    /// Loads the switches as saved now. With edits here, they stay, and the list of changes shows
    /// the fresh difference before anyone saves again.
    fn reload(self) {
        spawn_local(async move {
            let Ok(fresh) = member_permissions(self.account_id, self.user_id).await else {
                return;
            };
            if fresh.version == self.version.get_untracked() {
                return; // our own save, already in place
            }
            let fresh_set = catalog().set_of(fresh.on.iter().map(String::as_str));
            let editing = self.on.get_untracked() != self.saved.get_untracked();
            self.saved.set(fresh_set);
            self.version.set(fresh.version);
            if editing {
                let by = fresh
                    .changed_by
                    .unwrap_or_else(|| "someone else".to_owned());
                self.say(
                    "[data-notice]",
                    &format!("These switches were changed by {by}. Their change is loaded: check the changes below, then save again."),
                );
            } else {
                self.on.set(fresh_set);
            }
        });
    }

    fn save_template(self, name: String) {
        let name = name.trim().to_owned();
        let keys = self.keys_on();
        spawn_local(async move {
            match save_permission_template(name.clone(), keys.clone()).await {
                Ok(()) => {
                    self.say("#template-name-error", "");
                    self.add_template(PermissionTemplate {
                        id: Uuid::nil(),
                        name,
                        keys,
                    });
                }
                Err(error) => self.say("#template-name-error", &message_for(&error, "name")),
            }
        });
    }

    /// A template saved here joins the toolbar's list, replacing one of the same name.
    fn add_template(self, template: PermissionTemplate) {
        let known = self
            .templates
            .with_value(|list| list.iter().any(|t| t.name == template.name));
        if !known {
            if let (Some(select), Some(option)) = (
                self.find("#template-choice"),
                element("option", None, &template.name),
            ) {
                let _ = option.set_attribute("value", &template.name);
                let _ = select.append_child(&option);
            }
        }
        if let Some(group) = self.find("[data-templates]") {
            let _ = group.remove_attribute("hidden");
        }
        self.templates.update_value(|list| {
            list.retain(|t| t.name != template.name);
            list.push(template);
        });
    }

    fn find_clones(self, query: String) {
        spawn_local(async move {
            let sources = match clone_sources(self.account_id, self.user_id, query).await {
                Ok(sources) => sources,
                Err(error) => return self.say("#clone-query-error", &message_for(&error, "query")),
            };
            self.say("#clone-query-error", "");
            self.draw_clones(&sources);
            let sets = sources
                .iter()
                .map(|source| catalog().set_of(source.keys.iter().map(String::as_str)))
                .collect();
            self.clones.set_value(sets);
        });
    }

    fn check(self, key: String) {
        spawn_local(async move {
            let answer = match effective_access(self.account_id, self.user_id, key).await {
                Ok(answer) => answer,
                Err(error) => return self.say("[data-effective-error]", &error.to_string()),
            };
            self.say("[data-effective-error]", "");
            self.draw_answer(&answer);
        });
    }
}

/// The catalog index an attribute holds, if it holds one.
fn index_in(element: &Element, attribute: &str) -> Option<usize> {
    let index = element.get_attribute(attribute)?.parse().ok()?;
    (index < catalog().len()).then_some(index)
}

/// A field's own message, or the error's when it is not about the field.
fn message_for(error: &AppError, field: &str) -> String {
    error
        .message_for(field)
        .unwrap_or_else(|| error.to_string())
}
