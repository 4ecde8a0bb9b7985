//! What a switch tree shows, worked out once for its two forms: the reactive `SwitchBrowser` of the
//! Create User wizard, and Manage permissions, whose rows the server renders and its island updates
//! (`permission_editor`). Both draw a row's state, the rows in view and the changes from here. The
//! wizard's reactive browser and Clone card live here too.

use crate::api::CloneSources;
use crate::components::{form_errors, PostForm};
use crate::domain::catalog::{catalog, PermissionSet};
use leptos::prelude::*;
use uuid::Uuid;

/// `aria-checked` of a row: off, on, or on with some of what is below it not granted.
pub(crate) fn checked(set: &PermissionSet, index: usize) -> &'static str {
    let total = catalog().descendants(index).len();
    match (set.is_on(index), total) {
        (false, _) => "false",
        (true, 0) => "true",
        (true, _) if granted_below(set, index) < total => "mixed",
        (true, _) => "true",
    }
}

/// How many switches below a row are granted (on, with everything above them).
pub(crate) fn granted_below(set: &PermissionSet, index: usize) -> usize {
    let catalog = catalog();
    catalog
        .descendants(index)
        .into_iter()
        .filter(|&i| catalog.granted(set, i))
        .count()
}

/// "3 of 5 on", for a row with switches below it.
pub(crate) fn count_text(set: &PermissionSet, index: usize) -> Option<String> {
    let total = catalog().descendants(index).len();
    (total > 0).then(|| format!("{} of {total} on", granted_below(set, index)))
}

/// Whether everything above a row is granted; if not, the row shows as disabled.
pub(crate) fn ancestors_on(set: &PermissionSet, index: usize) -> bool {
    let catalog = catalog();
    catalog.nodes[index]
        .parent
        .is_none_or(|parent| catalog.granted(set, parent))
}

/// The rows in view, in catalog order: with a filter, its matches and their ancestors, so each
/// match keeps its context; else the children of the row in focus, or the sections.
pub(crate) fn shown(focus: Option<usize>, filter: &str) -> Vec<usize> {
    let catalog = catalog();
    let text = filter.trim().to_lowercase();
    if !text.is_empty() {
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
    match focus {
        None => catalog.sections().collect(),
        Some(parent) => catalog.nodes[parent].children.clone(),
    }
}

/// The breadcrumb's way down to the row in focus, outermost first.
pub(crate) fn crumbs(focus: Option<usize>) -> Vec<usize> {
    let catalog = catalog();
    let mut path = Vec::new();
    let mut at = focus;
    while let Some(i) = at {
        path.push(i);
        at = catalog.nodes[i].parent;
    }
    path.reverse();
    path
}

/// A row's name: its label, or while filtering its whole path ("integrations › google_ads").
pub(crate) fn row_name(index: usize, filtering: bool) -> String {
    let node = &catalog().nodes[index];
    if filtering {
        node.key.replace('.', " › ")
    } else {
        node.label.to_owned()
    }
}

/// The id of a row's label, which its switch is labelled by.
pub(crate) fn label_id(index: usize) -> String {
    format!("switch-{}", catalog().nodes[index].key.replace('.', "-"))
}

/// What saving `after` over `before` would do: "Will turn on: …" and "Will turn off: …", each only
/// when it names something.
pub(crate) fn change_lines(before: &PermissionSet, after: &PermissionSet) -> Vec<String> {
    let catalog = catalog();
    let labels = |turned: &dyn Fn(usize) -> bool| {
        (0..catalog.len())
            .filter(|&i| turned(i))
            .map(|i| catalog.nodes[i].label)
            .collect::<Vec<_>>()
            .join(", ")
    };
    let on = labels(&|i| after.is_on(i) && !before.is_on(i));
    let off = labels(&|i| !after.is_on(i) && before.is_on(i));
    [("Will turn on", on), ("Will turn off", off)]
        .into_iter()
        .filter(|(_, labels)| !labels.is_empty())
        .map(|(what, labels)| format!("{what}: {labels}"))
        .collect()
}

/// `set`, with the switches `changeable` lets this editor change taken from `preset`.
pub(crate) fn with_preset(
    set: &PermissionSet,
    preset: &PermissionSet,
    changeable: &PermissionSet,
) -> PermissionSet {
    let mut result = *set;
    for index in 0..catalog().len() {
        if changeable.is_on(index) {
            result.set(index, preset.is_on(index));
        }
    }
    result
}

/// The switches of a set, to browse and flip: a filter, a breadcrumb, and the tree of the section
/// in focus. Switches outside `changeable` are locked. The Create User wizard's.
#[component]
pub(crate) fn SwitchBrowser(
    on: RwSignal<PermissionSet>,
    changeable: PermissionSet,
    label: String,
) -> impl IntoView {
    let catalog = catalog();
    let focus = RwSignal::new(None::<usize>);
    let filter = RwSignal::new(String::new());
    view! {
        <div class="field">
            <label for="switch-filter">"Filter switches"</label>
            <input id="switch-filter" type="search" prop:value=filter on:input=move |ev| filter.set(event_target_value(&ev)) />
        </div>
        <nav aria-label="Breadcrumb" class="breadcrumb">
            <ol>
                <li><button type="button" class="link-button" on:click=move |_| focus.set(None)>"All sections"</button></li>
                {move || crumbs(focus.get()).into_iter().map(|i| view! {
                    <li><button type="button" class="link-button" on:click=move |_| focus.set(Some(i))>{catalog.nodes[i].label}</button></li>
                }).collect_view()}
            </ol>
        </nav>
        <ul role="tree" aria-label=label class="switch-tree" on:keydown=move |ev| tree_keys(ev, focus)>
            <For each=move || shown(focus.get(), &filter.get()) key=|index| *index let:index>
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
    let node = &catalog().nodes[index];
    // Memos: a toggle elsewhere re-runs these, but redraws this row only if its own answer changed.
    let state = Memo::new(move |_| on.with(|set| checked(set, index)));
    let count = Memo::new(move |_| on.with(|set| count_text(set, index)));
    let enabled = Memo::new(move |_| on.with(|set| ancestors_on(set, index)));
    let locked = !changeable.is_on(index);
    let label = node.label;
    view! {
        <li role="treeitem" attr:aria-level=node.depth.to_string() class="switch-row" class:disabled=move || !enabled.get()>
            <button
                type="button"
                role="switch"
                class="switch"
                aria-checked=move || state.get()
                aria-labelledby=label_id(index)
                disabled=locked
                on:click=move |_| on.update(|set| set.set(index, !set.is_on(index)))
            ></button>
            <span class="switch-text">
                <span id=label_id(index) class="switch-label">{move || row_name(index, filtering.get())}</span>
                <span class="muted">{node.description}</span>
                {move || count.get().map(|count| view! { <span class="muted">{count}</span> })}
                {locked.then(|| view! { <span class="muted">"Locked: beyond your own access"</span> })}
            </span>
            {(!node.children.is_empty()).then(|| view! {
                <button type="button" class="button button-quiet open" on:click=move |_| focus.set(Some(index)) aria-label=format!("Open {label}")>"Open"</button>
            })}
        </li>
    }
}

/// Keyboard operation of a tree: Up and Down move between the switches in view, Home and End to
/// the first and last, Enter or Right opens a section, Left goes back up one level. Space toggles
/// (a native button).
pub(crate) fn tree_keys(ev: leptos::ev::KeyboardEvent, focus: RwSignal<Option<usize>>) {
    use leptos::wasm_bindgen::JsCast;
    use leptos::web_sys::{Element, HtmlElement};
    let Some(target) = ev.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
        return;
    };
    let Some(row) = target.closest("[role=treeitem]").ok().flatten() else {
        return;
    };
    let switch_of = |row: Option<Element>| {
        row.and_then(|row| row.query_selector(".switch").ok().flatten())
            .and_then(|switch| switch.dyn_into::<HtmlElement>().ok())
    };
    // Rows out of view stay in the document, hidden, where the server rendered them all.
    let in_view = |row: &Element| !row.has_attribute("hidden");
    let step = |from: &Element, next: fn(&Element) -> Option<Element>| {
        let mut at = next(from);
        while let Some(row) = at {
            if in_view(&row) {
                return Some(row);
            }
            at = next(&row);
        }
        None
    };
    let tree = row.parent_element();
    let moved = match ev.key().as_str() {
        "ArrowDown" => switch_of(step(&row, Element::next_element_sibling)),
        "ArrowUp" => switch_of(step(&row, Element::previous_element_sibling)),
        "Home" => switch_of(first_in_view(tree.as_ref())),
        "End" => switch_of(tree.as_ref().and_then(|tree| {
            let last = tree.last_element_child()?;
            if in_view(&last) {
                Some(last)
            } else {
                step(&last, Element::previous_element_sibling)
            }
        })),
        "Enter" | "ArrowRight" => {
            let open = row.query_selector(".open").ok().flatten();
            let Some(open) = open.and_then(|open| open.dyn_into::<HtmlElement>().ok()) else {
                return;
            };
            open.click();
            focus_first_switch_later(tree);
            ev.prevent_default();
            return;
        }
        "ArrowLeft" => {
            let catalog = catalog();
            focus.update(|at| *at = at.and_then(|i| catalog.nodes[i].parent));
            focus_first_switch_later(tree);
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

/// The first row of `tree` in view.
fn first_in_view(tree: Option<&leptos::web_sys::Element>) -> Option<leptos::web_sys::Element> {
    tree?.query_selector("li:not([hidden])").ok().flatten()
}

/// After the tree shows another level, puts the focus on its first switch.
fn focus_first_switch_later(tree: Option<leptos::web_sys::Element>) {
    use leptos::wasm_bindgen::JsCast;
    request_animation_frame(move || {
        let first = first_in_view(tree.as_ref())
            .and_then(|row| row.query_selector(".switch").ok().flatten())
            .and_then(|switch| switch.dyn_into::<leptos::web_sys::HtmlElement>().ok());
        if let Some(first) = first {
            let _ = first.focus();
        }
    });
}

/// Clone, in the wizard: find another client user of the agency and copy their switches in one of
/// their accounts.
#[component]
pub(crate) fn CloneCard(
    account_id: Uuid,
    user_id: Uuid,
    apply: Callback<PermissionSet>,
) -> impl IntoView {
    let search = ServerAction::<CloneSources>::new();
    let (field_error, error) = form_errors(search.value());
    let query_error = field_error("query");
    view! {
        <section class="card" aria-labelledby="clone-title">
            <h2 id="clone-title">"Clone"</h2>
            <p class="muted">"Copy the switches another client user of your agency has in one of their accounts."</p>
            <PostForm
                action=search
                read=move |fields| CloneSources { account_id, user_id, query: fields.text("query") }
                attr:class="inline-form"
            >
                <input type="hidden" name="account_id" value=account_id.to_string() />
                <input type="hidden" name="user_id" value=user_id.to_string() />
                <label for="clone-query">"Name or email"</label>
                <input id="clone-query" name="query" aria-describedby="clone-query-error" />
                <button type="submit" class="button button-quiet">"Find"</button>
                <p id="clone-query-error" class="field-error" role="alert">{move || query_error.get().or_else(error)}</p>
            </PostForm>
            <ul class="members">
                {move || search.value().get().and_then(Result::ok).map(|sources| {
                    if sources.is_empty() {
                        return view! { <li class="muted">"Nobody matches."</li> }.into_any();
                    }
                    sources.into_iter().map(|source| {
                        let set = catalog().set_of(source.keys.iter().map(String::as_str));
                        let label = format!("Copy from {} in {}", source.user_name, source.account_name);
                        view! {
                            <li>
                                {format!("{} ({}) in {}: {} switches on", source.user_name, source.email, source.account_name, source.keys.len())}
                                " "
                                <button type="button" class="button button-quiet" on:click=move |_| apply.run(set)>{label}</button>
                            </li>
                        }
                    }).collect_view().into_any()
                })}
            </ul>
        </section>
    }
}
