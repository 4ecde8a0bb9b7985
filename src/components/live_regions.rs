//! Keeps the parts of a page rendered on the server only that follow changes made elsewhere
//! current: elements marked `data-live`, each with an id. When a change of one of the island's
//! topics arrives, it reads the page again, as it is addressed now, and swaps those parts' HTML
//! for the new; the rest of the page (a search being typed, a form being filled) stays as it is.

use super::island::mark_hydrated;
use crate::domain::Topic;
use leptos::prelude::*;

#[island(lazy)]
pub fn LiveRegions(topics: Vec<Topic>) -> impl IntoView {
    mark_hydrated();
    #[cfg(feature = "hydrate")]
    leptos::task::spawn_local(refresh_on_changes(topics));
    #[cfg(not(feature = "hydrate"))]
    let _ = topics;
}

/// Whether the page is being read again, and whether a change arrived meanwhile (one more read
/// then covers all that arrived).
#[cfg(feature = "hydrate")]
#[derive(Clone, Copy, PartialEq, Eq)]
enum Refresh {
    Idle,
    Running,
    Again,
}

#[cfg(feature = "hydrate")]
async fn refresh_on_changes(topics: Vec<Topic>) {
    use std::{cell::Cell, rc::Rc};
    let state = Rc::new(Cell::new(Refresh::Idle));
    let on_change = move |change: Option<crate::domain::LiveChange>| {
        if change.is_some_and(|change| !topics.contains(&change.topic)) {
            return;
        }
        match state.get() {
            Refresh::Idle => {
                state.set(Refresh::Running);
                let state = state.clone();
                leptos::task::spawn_local(async move {
                    loop {
                        if let Err(error) = swap_live_regions().await {
                            leptos::logging::warn!("could not refresh the page: {error:?}");
                        }
                        if state.get() == Refresh::Again {
                            state.set(Refresh::Running);
                        } else {
                            state.set(Refresh::Idle);
                            break;
                        }
                    }
                });
            }
            Refresh::Running | Refresh::Again => state.set(Refresh::Again),
        }
    };
    // The island lives as long as the page: it follows the stream until the page goes.
    super::live::follow_changes(|| true, on_change).await;
}

/// Reads this page again and puts each `data-live` part's new HTML in place. Focus inside a part
/// that was redrawn goes back to the element with the same id.
#[cfg(feature = "hydrate")]
async fn swap_live_regions() -> Result<(), wasm_bindgen::JsValue> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let response: web_sys::Response =
        JsFuture::from(window().fetch_with_str(&window().location().href()?))
            .await?
            .dyn_into()?;
    if !response.ok() {
        return Ok(());
    }
    let html = JsFuture::from(response.text()?)
        .await?
        .as_string()
        .unwrap_or_default();
    let fresh =
        web_sys::DomParser::new()?.parse_from_string(&html, web_sys::SupportedType::TextHtml)?;
    let document = document();
    let focused = document.active_element();
    let regions = document.query_selector_all("[data-live]")?;
    for index in 0..regions.length() {
        let Some(region) = regions
            .item(index)
            .and_then(|node| node.dyn_into::<web_sys::Element>().ok())
        else {
            continue;
        };
        if let Some(new) = fresh.get_element_by_id(&region.id()) {
            region.set_inner_html(&new.inner_html());
        }
    }
    if let Some(focused) =
        focused.filter(|element| !element.is_connected() && !element.id().is_empty())
    {
        if let Some(again) = document
            .get_element_by_id(&focused.id())
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        {
            again.focus()?;
        }
    }
    Ok(())
}
