//! Forms the browser posts itself (a page rendered on the server only, or one whose WASM has not
//! loaded yet). It asks for HTML, and leptos answers a server function's success with a redirect
//! back to the page; [`back_with`] adds what happened, so that the page can say so.

use axum::http::{header, request::Parts, Uri};
use leptos::prelude::use_context;

/// Back to the page the form was on, with `done=<what>` for its status line, and without a
/// confirmation it answered. Only for a form the browser posted: a call from the WASM gets its
/// answer as data and is left alone.
pub fn back_with(done: &str) {
    let Some(parts) = use_context::<Parts>() else {
        return;
    };
    let header = |name| parts.headers.get(name).and_then(|v| v.to_str().ok());
    let accepts_html = header(header::ACCEPT).is_some_and(|v| v.contains("text/html"));
    // Referrer-Policy is same-origin, so this is one of our pages; only its path is kept.
    let page = header(header::REFERER).and_then(|r| r.parse::<Uri>().ok());
    let (true, Some(page)) = (accepts_html, page) else {
        return;
    };
    let kept = form_urlencoded::parse(page.query().unwrap_or_default().as_bytes())
        .filter(|(key, _)| !matches!(key.as_ref(), "done" | "remove" | "__err" | "__path"));
    let query = form_urlencoded::Serializer::new(String::new())
        .extend_pairs(kept)
        .append_pair("done", done)
        .finish();
    leptos_axum::redirect(&format!("{}?{query}", page.path()));
}
