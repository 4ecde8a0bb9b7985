//! How responses travel: the release build's precompressed files with caching decided by their
//! names, compression for everything made per request, and the server's own time on each answer.

use axum::extract::Request;
use axum::http::header::CACHE_CONTROL;
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use leptos::config::LeptosOptions;
use std::path::Path;
use std::time::Instant;
use tower_http::compression::predicate::{And, DefaultPredicate, NotForContentType, Predicate};
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeader;

/// `/pkg` (JS, WASM, CSS): the `.br` or `.gz` file the release build wrote beside each one when the
/// browser accepts it, else the file itself.
pub fn site_package(options: &LeptosOptions) -> SetResponseHeader<ServeDir, HeaderValue> {
    let dir = Path::new(&*options.site_root).join(&*options.site_pkg_dir);
    let files = ServeDir::new(dir).precompressed_br().precompressed_gzip();
    // A hashed file's name changes with its content, so a browser may keep it for good; unhashed
    // names (debug builds) stay the same across builds, so the browser asks each time.
    let cache = HeaderValue::from_static(if options.hash_files {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    });
    SetResponseHeader::overriding(files, CACHE_CONTROL, cache)
}

/// Compresses pages and server-function answers on the fly. Quality 5 costs a fraction of
/// brotli's maximum for nearly its ratio on small dynamic bodies. WASM is left alone: a release
/// build's is precompressed, and compressing a debug build's tens of megabytes per load is waste.
pub fn compression() -> CompressionLayer<And<DefaultPredicate, NotForContentType>> {
    CompressionLayer::new()
        .quality(CompressionLevel::Precise(5))
        .compress_when(
            DefaultPredicate::new().and(NotForContentType::const_new("application/wasm")),
        )
}

/// `Server-Timing: app;dur=…`: milliseconds from the request reaching the app to its response's
/// headers, readable in the browser's developer tools and by the benchmarks under `bench/`.
pub async fn server_timing(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let mut response = next.run(request).await;
    let millis = started.elapsed().as_secs_f64() * 1000.0;
    if let Ok(value) = HeaderValue::from_str(&format!("app;dur={millis:.2}")) {
        response
            .headers_mut()
            .insert(HeaderName::from_static("server-timing"), value);
    }
    response
}
