use crate::helpers::TestApp;

#[tokio::test]
async fn healthz_answers_200_when_the_database_answers() {
    let app = TestApp::spawn().await;

    let response = app.get("/healthz").await;

    assert_eq!(response.status(), 200);
    assert_eq!(response.text().await.unwrap(), "ok\n");
}

#[tokio::test]
async fn healthz_answers_503_when_the_database_does_not() {
    let app = TestApp::spawn().await;
    app.running().db.close().await;

    let response = app.get("/healthz").await;

    assert_eq!(response.status(), 503);
}
