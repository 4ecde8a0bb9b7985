//! Security headers on every response, error pages and static files included.
//!
//! Pages get a Content-Security-Policy naming the nonce of their inline scripts; every other
//! response gets a policy that allows nothing. The nonce is minted here, before the page renders,
//! and the page takes it from the request (`provide_request_nonce`): when the page set the policy
//! itself while rendering, about one load in a few hundred came without it, and its scripts
//! were then blocked (no WASM, no hydration). `Referrer-Policy: same-origin` keeps tokens in URLs
//! (invitation links) from leaking to other sites, and still tells our own server which page a form
//! was posted from: a form sent before the page hydrated is answered with a redirect back to it,
//! carrying its errors.

use super::state::AppState;
use axum::extract::{Request, State};
use axum::http::header::{
    CONTENT_SECURITY_POLICY, CONTENT_TYPE, REFERRER_POLICY, STRICT_TRANSPORT_SECURITY,
    X_CONTENT_TYPE_OPTIONS,
};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use leptos::nonce::Nonce;

/// For responses that are not pages (server functions, files, health): nothing may run or embed them.
const LOCKED_DOWN_CSP: &str =
    "default-src 'none'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

/// The policy of an HTML page whose inline scripts carry `nonce`. `'wasm-unsafe-eval'` lets the
/// browser compile our WASM; `'strict-dynamic'` lets the nonce'd loader import the app's JS.
pub fn page_csp(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'nonce-{nonce}' 'strict-dynamic' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; \
         base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    )
}

/// Gives the page being rendered the nonce minted for its request, for Leptos to put on its inline
/// scripts. Part of the context of every page (and of the error pages).
pub fn provide_request_nonce() {
    use leptos::prelude::{provide_context, with_context};
    // `with_context`: the request's parts are borrowed, not cloned with all their headers.
    let nonce = with_context::<axum::http::request::Parts, _>(|parts| {
        parts.extensions.get::<Nonce>().cloned()
    })
    .flatten();
    if let Some(nonce) = nonce {
        provide_context(nonce);
    }
}

pub async fn security_headers(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let nonce = Nonce::new();
    request.extensions_mut().insert(nonce.clone());
    let mut response = next.run(request).await;
    let page = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("text/html"));
    let policy = page
        .then(|| HeaderValue::from_str(&page_csp(&nonce.to_string())).ok())
        .flatten()
        .unwrap_or(HeaderValue::from_static(LOCKED_DOWN_CSP));
    let headers = response.headers_mut();
    headers.insert(CONTENT_SECURITY_POLICY, policy);
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    if state.cookies.secure {
        headers.insert(
            STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000; includeSubDomains"),
        );
    }
    response
}
