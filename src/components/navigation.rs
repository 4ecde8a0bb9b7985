//! Moving to another page. Each page is a document of its own, rendered by the server (its screen
//! is an island, and there is no router in the browser): the server redirects while it renders,
//! and the browser loads the new address.

use leptos::prelude::*;

/// Opens `path`: a page load of the server's rendering of it.
pub fn go_to(path: &str) {
    #[cfg(feature = "hydrate")]
    {
        let _ = window().location().set_href(path);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = path;
}

/// Sends the visitor to `path`: a redirect in the server's answer or, when data a screen loads
/// again in the browser says so (the session ended meanwhile), a page load there.
#[component]
pub fn Redirect(#[prop(into)] path: String) -> impl IntoView {
    #[cfg(feature = "ssr")]
    leptos_axum::redirect(&path);
    #[cfg(not(feature = "ssr"))]
    Effect::new(move |_| go_to(&path));
}
