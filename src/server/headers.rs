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

use axum::extract::Request;
use axum::http::header::{
    CONTENT_SECURITY_POLICY, CONTENT_TYPE, REFERRER_POLICY, STRICT_TRANSPORT_SECURITY,
    X_CONTENT_TYPE_OPTIONS,
};
use axum::http::HeaderValue;
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

/// Server functions are served under this path and never render a page.
const SERVER_FUNCTIONS: &str = "/api/";

/// The nonce of the page this request may render, kept in its extensions for
/// [`provide_request_nonce`]; none for a server function, which saves a random draw per call.
pub fn mint_nonce(request: &mut Request) -> Option<Nonce> {
    if request.uri().path().starts_with(SERVER_FUNCTIONS) {
        return None;
    }
    let nonce = Nonce::new();
    request.extensions_mut().insert(nonce.clone());
    Some(nonce)
}

/// The headers every response carries: a page gets the policy naming its `nonce`, anything else
/// one that allows nothing; HSTS when the public address is https.
pub fn add_security_headers(response: &mut Response, nonce: Option<&Nonce>, https: bool) {
    let page = response
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("text/html"));
    let policy = nonce
        .filter(|_| page)
        .and_then(|nonce| HeaderValue::from_str(&page_csp(&nonce.to_string())).ok())
        .unwrap_or(HeaderValue::from_static(LOCKED_DOWN_CSP));
    let headers = response.headers_mut();
    headers.insert(CONTENT_SECURITY_POLICY, policy);
    headers.insert(X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    if https {
        headers.insert(
            STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000; includeSubDomains"),
        );
    }
}
