//! Keyset pages: where the current page starts, the pages before it, and Previous/Next buttons.

use leptos::prelude::*;

/// The position of the current page (the `after` of the server's list functions) and those of the
/// pages before it, so Previous can go back without the server keeping any state.
#[derive(Clone, Copy)]
pub struct Keyset {
    after: RwSignal<String>,
    earlier: RwSignal<Vec<String>>,
}

impl Keyset {
    pub fn new() -> Self {
        Keyset {
            after: RwSignal::new(String::new()),
            earlier: RwSignal::new(Vec::new()),
        }
    }

    /// The current page's position (tracked: a resource keyed on it loads the page).
    pub fn after(self) -> String {
        self.after.get()
    }

    /// Back to the first page, e.g. after the search changed.
    pub fn start_over(self) {
        self.after.set(String::new());
        self.earlier.set(Vec::new());
    }
}

impl Default for Keyset {
    fn default() -> Self {
        Self::new()
    }
}

#[component]
pub fn Pager(keyset: Keyset, next: Option<String>, label: &'static str) -> impl IntoView {
    let Keyset { after, earlier } = keyset;
    let has_earlier = !earlier.get_untracked().is_empty();
    view! {
        <nav class="pager" aria-label=label>
            <button
                type="button"
                class="button button-quiet"
                disabled=!has_earlier
                on:click=move |_| {
                    let mut stack = earlier.get_untracked();
                    after.set(stack.pop().unwrap_or_default());
                    earlier.set(stack);
                }
            >
                "Previous page"
            </button>
            <button
                type="button"
                class="button button-quiet"
                disabled=next.is_none()
                on:click=move |_| {
                    if let Some(next) = next.clone() {
                        earlier.update(|stack| stack.push(after.get_untracked()));
                        after.set(next);
                    }
                }
            >
                "Next page"
            </button>
        </nav>
    }
}
