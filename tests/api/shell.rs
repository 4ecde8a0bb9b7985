use crate::helpers::TestApp;

#[tokio::test]
async fn the_start_page_is_rendered_on_the_server_with_the_shell_and_a_status_report() {
    let app = TestApp::spawn().await;

    let response = app.get("/").await;

    assert_eq!(response.status(), 200);
    let html = response.text().await.unwrap();
    assert!(html.contains(r#"<html lang="en""#), "{html}");
    assert!(
        html.contains("Switchboard</a>"),
        "the header names the product"
    );
    for screen in [
        "Users",
        "Client accounts",
        "Audit log",
        "Outbox",
        "My profile",
    ] {
        assert!(
            html.contains(&format!(">{screen}</a>")),
            "navigation lacks {screen}"
        );
    }
    assert!(html.contains("System status"));
    assert!(
        html.contains("/pkg/switchboard.wasm") || html.contains("/pkg/switchboard"),
        "hydration scripts"
    );
}

#[tokio::test]
async fn an_unknown_address_answers_404_with_the_not_found_page() {
    let app = TestApp::spawn().await;

    let response = app.get("/no/such/page").await;

    assert_eq!(response.status(), 404);
    assert!(response.text().await.unwrap().contains("Page not found"));
}

#[tokio::test]
async fn a_navigation_screen_answers_a_signed_in_user_with_its_own_title() {
    let app = TestApp::spawn().await;
    app.sign_up("ann@acme.test").await;

    let response = app.get("/clients").await;

    assert_eq!(response.status(), 200);
    assert!(response
        .text()
        .await
        .unwrap()
        .contains("<h1>Client accounts</h1>"));
}

#[tokio::test]
async fn a_navigation_screen_shows_nothing_of_itself_to_a_signed_out_visitor() {
    let app = TestApp::spawn().await;

    let response = app.get("/clients").await;

    assert!(!response
        .text()
        .await
        .unwrap()
        .contains("<h1>Client accounts</h1>"));
}
