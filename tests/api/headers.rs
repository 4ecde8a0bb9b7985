//! Security headers on every kind of response.

use crate::helpers::TestApp;

fn header<'a>(response: &'a reqwest::Response, name: &str) -> &'a str {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_else(|| panic!("{} lacks {name}", response.url()))
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = TestApp::spawn().await;
    let responses = [
        app.get("/").await,
        app.get("/no/such/page").await,
        app.get("/healthz").await,
        app.get("/favicon.svg").await,
        app.client
            .post(format!("{}/api/current_user", app.address))
            .send()
            .await
            .unwrap(),
        app.client
            .post(format!("{}/api/log_out", app.address))
            .header("sec-fetch-site", "cross-site")
            .send()
            .await
            .unwrap(),
        // Refused by the size limit, a layer inside the one that adds the headers.
        app.client
            .post(format!("{}/api/log_in", app.address))
            .body("x".repeat(1024 * 1024 + 1))
            .send()
            .await
            .unwrap(),
    ];
    assert_eq!(responses.last().unwrap().status(), 413);

    for response in &responses {
        assert_eq!(header(response, "x-content-type-options"), "nosniff");
        assert_eq!(header(response, "referrer-policy"), "same-origin");
        let csp = header(response, "content-security-policy");
        for directive in [
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ] {
            assert!(
                csp.contains(directive),
                "{}: {csp} lacks {directive}",
                response.url()
            );
        }
        assert!(
            response
                .headers()
                .get("strict-transport-security")
                .is_none(),
            "no HSTS over plain http"
        );
    }
}

/// The nonce a page's policy names, after checking that its scripts carry that one and no other.
async fn page_nonce(response: reqwest::Response) -> String {
    let csp = header(&response, "content-security-policy").to_owned();
    assert!(csp.contains("'wasm-unsafe-eval'"), "{csp}");
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("the policy names a nonce")
        .to_owned();
    let html = response.text().await.unwrap();
    let carried = html.matches("nonce=\"").count();
    assert!(carried > 0, "the hydration script carries a nonce");
    assert_eq!(
        html.matches(&format!(r#"nonce="{nonce}""#)).count(),
        carried,
        "{html}"
    );
    nonce
}

#[tokio::test]
async fn a_page_allows_exactly_its_own_nonce_and_our_wasm() {
    let app = TestApp::spawn().await;

    let nonce = page_nonce(app.get("/").await).await;
    // The error page, rendered outside the routes, too.
    page_nonce(app.get("/no/such/page").await).await;
    let again = app.get("/").await;
    assert!(
        !header(&again, "content-security-policy").contains(&nonce),
        "a new nonce per page"
    );
}

#[tokio::test]
async fn https_deployments_get_hsts() {
    let app =
        TestApp::spawn_with(|c| c.public_url = Some("https://switchboard.example.com".into()))
            .await;

    let response = app.get("/healthz").await;

    assert_eq!(
        header(&response, "strict-transport-security"),
        "max-age=63072000; includeSubDomains"
    );
}
