//! Cross-site request forgery: a request that changes state must come from our own pages.
//!
//! Browsers say where a request comes from: `Sec-Fetch-Site` (all current browsers) and `Origin`
//! (on every POST). A request with neither is not from a browser, and so cannot carry a victim's
//! cookies by accident; it passes. GET and HEAD never change state here, so they always pass.

use super::state::AppState;
use axum::extract::Request;
use axum::http::header::{HOST, ORIGIN};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};

/// The refusal of a cross-site request that could change state; none for every other request.
pub fn refusal(state: &AppState, request: &Request) -> Option<Response> {
    if matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) || is_same_origin(state, request)
    {
        return None;
    }
    tracing::warn!(uri = %request.uri(), "refused a cross-site request");
    let refused = (
        StatusCode::FORBIDDEN,
        "Cross-site requests are not allowed.\n",
    );
    Some(refused.into_response())
}

fn is_same_origin(state: &AppState, request: &Request) -> bool {
    let header = |name| request.headers().get(name).and_then(|v| v.to_str().ok());
    if let Some(site) = header("sec-fetch-site") {
        return site == "same-origin";
    }
    let Some(origin) = header(ORIGIN.as_str()) else {
        return true;
    };
    match &state.public_origin {
        Some(public) => origin == public,
        // No public URL configured (local use): the origin must name the host the request was sent to.
        None => header(HOST.as_str()).is_some_and(|host| {
            let named = origin
                .strip_prefix("http://")
                .or_else(|| origin.strip_prefix("https://"));
            named == Some(host)
        }),
    }
}

/// `https://example.com:8443` from `https://example.com:8443/some/path`: what browsers send as Origin.
pub fn origin_of(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    (!authority.is_empty()).then(|| {
        format!(
            "{}://{}",
            scheme.to_ascii_lowercase(),
            authority.to_ascii_lowercase()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::origin_of;

    #[test]
    fn the_origin_of_a_url_is_its_scheme_and_authority() {
        assert_eq!(
            origin_of("https://Switchboard.example.com/").as_deref(),
            Some("https://switchboard.example.com")
        );
        assert_eq!(
            origin_of("http://127.0.0.1:3000").as_deref(),
            Some("http://127.0.0.1:3000")
        );
        assert_eq!(origin_of("not a url"), None);
    }
}
