//! What each screen's island sets up. The server renders the whole page inside one reactive tree,
//! but the browser hydrates every island on its own, without the app around it: what a screen
//! reads from context it provides itself, on both sides, so that the resources line up.

use super::auth::provide_auth;
use super::live::provide_live;
use leptos::prelude::*;
use leptos_meta::Title;

/// Who is signed in and the live-update counters, for the screen inside this island; and, once it
/// has hydrated, `data-hydrated="true"` on the body (the specs wait for it).
pub fn provide_screen_context() {
    // In the browser only: on the server the page's own context holds the titles it sends, and the
    // router provides the error of a form posted without the WASM.
    #[cfg(feature = "hydrate")]
    {
        leptos_meta::provide_meta_context();
        provide_posted_form_error();
    }
    provide_auth();
    provide_live();
    mark_hydrated();
}

/// Once the island has hydrated (an effect runs only then, in the browser), `data-hydrated="true"`
/// on the body: the specs and the page-weight bench wait for it.
pub fn mark_hydrated() {
    Effect::new(move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
}

/// A form posted before the page hydrated comes back with its error in the address (`__err`, for
/// the server function at `__path`). The server read it into the form's action as it rendered the
/// page; the island's action must start with it too, or hydration finds other HTML.
#[cfg(feature = "hydrate")]
fn provide_posted_form_error() {
    let Ok(url) = web_sys::Url::new(&window().location().href().unwrap_or_default()) else {
        return;
    };
    let query = url.search_params();
    if let (Some(err), Some(path)) = (query.get("__err"), query.get("__path")) {
        provide_context(leptos::server::ServerActionError::new(&path, &err));
    }
}

/// The document's title, "Users · Switchboard": the formatter comes with every title, as an island
/// in the browser does not see the app's.
#[component]
pub fn PageTitle(#[prop(into)] text: TextProp) -> impl IntoView {
    view! { <Title formatter=page_title text /> }
}

/// "Client account Acme · Switchboard", or "Switchboard" for an empty title.
pub fn page_title(page: String) -> String {
    let title = if page.is_empty() {
        "Switchboard".to_owned()
    } else {
        format!("{page} · Switchboard")
    };
    // leptos_meta writes the server's <title> without escaping it, and a page's title can hold a
    // name someone typed ("</title><img …>"); in the browser it is set as text, already safe.
    #[cfg(feature = "ssr")]
    let title = html_escape::encode_text(&title).into_owned();
    title
}
