//! `GET /` answers "hello": axum with nothing else, on the same runtime settings as Switchboard
//! (tokio's multi-threaded runtime, one worker per core). Usage: bench-hello ADDR
use axum::routing::get;
use axum::Router;

#[tokio::main]
async fn main() {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:3999".to_owned());
    let app = Router::new().route("/", get(|| async { "hello" }));
    let listener = tokio::net::TcpListener::bind(&addr)
        .await
        .unwrap_or_else(|e| panic!("cannot listen on {addr}: {e}"));
    axum::serve(listener, app).await.expect("serving");
}
