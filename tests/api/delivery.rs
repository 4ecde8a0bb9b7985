//! How responses travel: the precompressed files a release build writes, compression of pages and
//! server-function answers, cache headers on the site's files, and the server's time per answer.

use crate::agency::agency;
use crate::helpers::TestApp;
use reqwest::header::{CACHE_CONTROL, CONTENT_ENCODING};

/// A site folder holding `pkg/app.js` and the `.br` and `.gz` files a release build writes beside
/// it (bytes that tell which one was served, not real compressed data).
fn site_with_precompressed_files() -> String {
    let root = std::env::temp_dir().join(format!("switchboard-site-{}", uuid::Uuid::new_v4()));
    let package = root.join("pkg");
    std::fs::create_dir_all(&package).unwrap();
    std::fs::write(package.join("app.js"), "plain").unwrap();
    std::fs::write(package.join("app.js.br"), "brotli").unwrap();
    std::fs::write(package.join("app.js.gz"), "gzip").unwrap();
    root.to_string_lossy().into_owned()
}

async fn get(app: &TestApp, path: &str, accept_encoding: &str) -> reqwest::Response {
    let mut request = app.client.get(format!("{}{path}", app.address));
    if !accept_encoding.is_empty() {
        request = request.header("accept-encoding", accept_encoding);
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn site_files_go_out_precompressed_in_the_encoding_the_browser_accepts() {
    let root = site_with_precompressed_files();
    let app = TestApp::spawn_with(|config| config.site_root = Some(root.clone())).await;
    for (accepted, encoding, body) in [
        ("gzip, deflate, br, zstd", Some("br"), "brotli"),
        ("gzip", Some("gzip"), "gzip"),
        ("", None, "plain"),
    ] {
        let response = get(&app, "/pkg/app.js", accepted).await;
        assert_eq!(response.status(), 200);
        assert_eq!(
            response
                .headers()
                .get(CONTENT_ENCODING)
                .map(|v| v.to_str().unwrap()),
            encoding,
            "{accepted}"
        );
        // File names are not hashed here (LEPTOS_HASH_FILES is off), so the browser revalidates.
        assert_eq!(response.headers()[CACHE_CONTROL], "no-cache");
        assert_eq!(response.text().await.unwrap(), body);
    }
    assert_eq!(get(&app, "/pkg/missing.js", "br").await.status(), 404);
    std::fs::remove_dir_all(root).unwrap();
}

#[tokio::test]
async fn pages_are_compressed_and_every_answer_says_how_long_the_server_took() {
    let app = TestApp::spawn().await;
    let page = get(&app, "/login", "gzip, deflate, br").await;
    assert_eq!(page.status(), 200);
    assert_eq!(page.headers()[CONTENT_ENCODING], "br");
    let timing = page.headers()["server-timing"].to_str().unwrap().to_owned();
    let millis: f64 = timing
        .strip_prefix("app;dur=")
        .unwrap_or_else(|| panic!("{timing}"))
        .parse()
        .unwrap();
    assert!(millis > 0.0, "{timing}");
    // Without Accept-Encoding, the page as it is.
    let plain = get(&app, "/login", "").await;
    assert!(plain.headers().get(CONTENT_ENCODING).is_none());
    assert!(plain.text().await.unwrap().contains("<!DOCTYPE html>"));
    // Every answer carries the timing, not only pages.
    let health = get(&app, "/healthz", "br").await;
    assert!(health.headers().contains_key("server-timing"));
}

#[tokio::test]
async fn a_compressed_audit_export_streams_to_its_end() {
    let app = TestApp::spawn().await;
    let (owner, _) = agency(&app, "owner@acme.test", "Acme").await;
    for encoding in ["br", "gzip"] {
        let response = owner
            .client
            .get(format!("{}/audit.csv", app.address))
            .header("accept-encoding", encoding)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()[CONTENT_ENCODING], encoding);
        // The whole body arrives: the stream ends cleanly under the encoder (it once panicked).
        assert!(!response.bytes().await.unwrap().is_empty());
    }
    assert_eq!(get(&app, "/healthz", "").await.status(), 200);
}
