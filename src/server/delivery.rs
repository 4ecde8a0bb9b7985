//! How responses travel: the release build's precompressed files with caching decided by their
//! names, compression for everything made per request, and the server's own time on each answer.

use axum::body::Body;
use axum::extract::Request;
use axum::http::header::{ACCEPT_ENCODING, CACHE_CONTROL};
use axum::http::{HeaderName, HeaderValue};
use axum::response::{IntoResponse, Response};
use futures_util::future::{Either, MapOk};
use futures_util::TryFutureExt;
use leptos::config::LeptosOptions;
use std::path::Path;
use std::task::{Context, Poll};
use std::time::Instant;
use tower::layer::layer_fn;
use tower::{Layer, Service};
use tower_http::compression::predicate::{And, DefaultPredicate, NotForContentType, Predicate};
use tower_http::compression::{
    Compression, CompressionBody, CompressionLayer, CompressionLevel, ResponseFuture,
};
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

/// When tower-http's compression may compress: pages and server-function answers, not WASM.
type CompressWhen = And<DefaultPredicate, NotForContentType>;

/// Compresses pages and server-function answers on the fly for clients that accept an encoding
/// (browsers all do). Quality 5 costs a fraction of brotli's maximum for nearly its ratio on small
/// dynamic bodies. WASM is left alone: a release build's is precompressed, and compressing a debug
/// build's tens of megabytes per load is waste.
pub fn compression<S>() -> impl Layer<S, Service = Compress<S>> + Clone {
    layer_fn(|inner| {
        Compress(
            CompressionLayer::new()
                .quality(CompressionLevel::Precise(5))
                .compress_when(
                    DefaultPredicate::new().and(NotForContentType::const_new("application/wasm")),
                )
                .layer(inner),
        )
    })
}

/// [`compression`]'s service. A request without `Accept-Encoding` goes past tower-http's
/// compression, whose response body holds its encoders' state inline (5.8 KB) and was copied
/// about eight times on each answer's way out: a tenth of an uncompressed read's instructions.
#[derive(Clone)]
pub struct Compress<S>(Compression<S, CompressWhen>);

type Compressed<F> =
    MapOk<ResponseFuture<F, CompressWhen>, fn(Response<CompressionBody<Body>>) -> Response>;

impl<S> Service<Request> for Compress<S>
where
    S: Service<Request, Response = Response>,
{
    type Response = Response;
    type Error = S::Error;
    type Future = Either<S::Future, Compressed<S::Future>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.0.poll_ready(cx)
    }

    fn call(&mut self, request: Request) -> Self::Future {
        if request.headers().contains_key(ACCEPT_ENCODING) {
            // Boxed into axum's body at once, rather than moved on whole.
            let boxed: fn(Response<CompressionBody<Body>>) -> Response =
                IntoResponse::into_response;
            Either::Right(self.0.call(request).map_ok(boxed))
        } else {
            Either::Left(self.0.get_mut().call(request))
        }
    }
}

/// `Server-Timing: app;dur=…`: milliseconds from `started` (the request reaching the app) to its
/// response's headers, readable in the browser's developer tools and by the benchmarks under `bench/`.
pub fn add_server_timing(response: &mut Response, started: Instant) {
    let millis = started.elapsed().as_secs_f64() * 1000.0;
    if let Ok(value) = HeaderValue::from_str(&format!("app;dur={millis:.2}")) {
        response
            .headers_mut()
            .insert(HeaderName::from_static("server-timing"), value);
    }
}
