//! Writing the editor's state into the server's markup: rows, the view, the changes, and the
//! cards' answers. The page is rendered once on the server; from then on only these change it.

use super::{index_in, Editor};
use crate::domain::catalog::{catalog, PermissionSet};
use crate::domain::{CloneSource, EffectiveAccess};
use crate::pages::switch_tree::{
    ancestors_on, change_lines, checked, count_text, crumbs, row_name, shown,
};
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos::web_sys::Element;

impl Editor {
    /// Each row's switch, count, and whether it shows as disabled (something above it is off).
    pub(super) fn draw_switches(self, on: &PermissionSet) {
        for (index, row) in self.rows() {
            let class = if ancestors_on(on, index) {
                "switch-row"
            } else {
                "switch-row disabled"
            };
            row.set_class_name(class);
            if let Some(switch) = row.query_selector(".switch").ok().flatten() {
                let _ = switch.set_attribute("aria-checked", checked(on, index));
            }
            if let Some(count) = row.query_selector("[data-count]").ok().flatten() {
                count.set_text_content(count_text(on, index).as_deref());
            }
        }
    }

    /// The rows in view, their names (paths while filtering), and the breadcrumb to the focus.
    pub(super) fn draw_view(self, focus: Option<usize>, filter: &str) {
        let in_view = shown(focus, filter);
        let filtering = !filter.trim().is_empty();
        for (index, row) in self.rows() {
            let _ = row.toggle_attribute_with_force("hidden", !in_view.contains(&index));
            if let Some(label) = row.query_selector(".switch-label").ok().flatten() {
                label.set_text_content(Some(&row_name(index, filtering)));
            }
        }
        let Some(trail) = self.find(".breadcrumb ol") else {
            return;
        };
        while trail.child_element_count() > 1 {
            if let Some(last) = trail.last_element_child() {
                last.remove();
            }
        }
        for index in crumbs(focus) {
            let item = element("li", None, "");
            let step = element("button", Some("link-button"), catalog().nodes[index].label);
            if let (Some(item), Some(step)) = (item, step) {
                let _ = step.set_attribute("type", "button");
                let _ = step.set_attribute("data-focus", &index.to_string());
                let _ = item.append_child(&step);
                let _ = trail.append_child(&item);
            }
        }
    }

    /// "Will turn on: …" and "Will turn off: …", and Save enabled only when there is something.
    pub(super) fn draw_changes(self, saved: &PermissionSet, on: &PermissionSet) {
        let lines = change_lines(saved, on);
        if let Some(status) = self.find("[data-changes]") {
            status.set_inner_html("");
            if lines.is_empty() {
                append(&status, element("p", Some("muted"), "No changes."));
            }
            for line in &lines {
                append(&status, element("p", None, line));
            }
        }
        self.set_disabled("[data-action=save]", lines.is_empty());
    }

    /// The rows of the tree, each with its index in the catalog.
    fn rows(self) -> Vec<(usize, Element)> {
        let Some(rows) = self
            .root
            .get_untracked()
            .and_then(|root| root.query_selector_all("[data-row]").ok())
        else {
            return Vec::new();
        };
        (0..rows.length())
            .filter_map(|i| rows.item(i)?.dyn_into::<Element>().ok())
            .filter_map(|row| Some((index_in(&row, "data-row")?, row)))
            .collect()
    }

    pub(super) fn find(self, selector: &str) -> Option<Element> {
        self.root
            .get_untracked()?
            .query_selector(selector)
            .ok()
            .flatten()
    }

    /// Puts `text` in the element `selector` finds (an empty text empties it).
    pub(super) fn say(self, selector: &str, text: &str) {
        if let Some(place) = self.find(selector) {
            place.set_text_content(Some(text));
        }
    }

    pub(super) fn set_disabled(self, selector: &str, disabled: bool) {
        if let Some(control) = self.find(selector) {
            let _ = control.toggle_attribute_with_force("disabled", disabled);
        }
    }

    /// The clone search's answers, each with its Copy button.
    pub(super) fn draw_clones(self, sources: &[CloneSource]) {
        let Some(list) = self.find("[data-clone-results]") else {
            return;
        };
        list.set_inner_html("");
        if sources.is_empty() {
            append(&list, element("li", Some("muted"), "Nobody matches."));
        }
        for (index, source) in sources.iter().enumerate() {
            let item = element(
                "li",
                None,
                &format!(
                    "{} ({}) in {}: {} switches on ",
                    source.user_name,
                    source.email,
                    source.account_name,
                    source.keys.len()
                ),
            );
            let copy = element(
                "button",
                Some("button button-quiet"),
                &format!("Copy from {} in {}", source.user_name, source.account_name),
            );
            if let (Some(item), Some(copy)) = (item, copy) {
                let _ = copy.set_attribute("type", "button");
                let _ = copy.set_attribute("data-copy", &index.to_string());
                let _ = item.append_child(&copy);
                let _ = list.append_child(&item);
            }
        }
    }

    /// Effective access's answer: the verdict, what decides it, and the membership's scope.
    pub(super) fn draw_answer(self, answer: &EffectiveAccess) {
        let Some(place) = self.find("[data-effective]") else {
            return;
        };
        place.set_inner_html("");
        let verdict = element("p", None, "");
        let strong = element(
            "strong",
            None,
            if answer.allowed {
                "Allowed."
            } else {
                "Not allowed."
            },
        );
        if let (Some(verdict), Some(strong)) = (verdict, strong) {
            let _ = verdict.append_child(&strong);
            let _ = verdict.append_with_str_1(&format!(" {}", answer.reason));
            let _ = place.append_child(&verdict);
        }
        append(&place, element("p", Some("muted"), &answer.scope));
    }
}

/// A new element with a class and text.
pub(super) fn element(tag: &str, class: Option<&str>, text: &str) -> Option<Element> {
    let element = document().create_element(tag).ok()?;
    if let Some(class) = class {
        element.set_class_name(class);
    }
    if !text.is_empty() {
        element.set_text_content(Some(text));
    }
    Some(element)
}

fn append(parent: &Element, child: Option<Element>) {
    if let Some(child) = child {
        let _ = parent.append_child(&child);
    }
}
