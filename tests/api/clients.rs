//! Client accounts and resources: the owner's day, input rules, pages, roles and memberships.

use crate::agency::{account, agency, assign, resource, sql, staff, Person};
use crate::helpers::TestApp;
use switchboard::domain::{AccountSummary, AppError, ClientAccount, Page, ResourceKind, PAGE_SIZE};
use uuid::Uuid;

fn details<'a>(kind: &'a str, name: &'a str, email: &'a str) -> Vec<(&'static str, &'a str)> {
    vec![
        ("kind", kind),
        ("name", name),
        ("contact_email", email),
        ("phone", "+1 555 0100"),
        ("address", "1 Main St\nSpringfield"),
        ("billing_contact", "Accounts payable"),
    ]
}

async fn list(
    app: &TestApp,
    who: &Person,
    search: &str,
    archived: bool,
    after: &str,
) -> Page<AccountSummary> {
    who.call(
        app,
        "client_accounts",
        &[
            ("search", search),
            ("archived", &archived.to_string()),
            ("after", after),
        ],
    )
    .await
    .unwrap()
}

pub async fn get(app: &TestApp, who: &Person, id: Uuid) -> Result<ClientAccount, AppError> {
    who.call(app, "client_account", &[("id", id.to_string())])
        .await
}

pub async fn count(app: &TestApp, table: &str) -> i64 {
    let mut tx = app.db().begin_write().await.unwrap();
    sqlx::query_scalar(sqlx::AssertSqlSafe(format!("SELECT COUNT(*) FROM {table}")))
        .fetch_one(&mut *tx)
        .await
        .unwrap()
}

#[tokio::test]
async fn an_owner_creates_edits_archives_and_restores_a_client_account() {
    let app = TestApp::spawn().await;
    let (owner, _) = agency(&app, "owner@acme.test", "Acme").await;

    let id: Uuid = owner
        .call(
            &app,
            "create_client_account",
            &details("company", "Globex", "it@globex.test"),
        )
        .await
        .unwrap();
    let created = get(&app, &owner, id).await.unwrap();
    assert_eq!(created.details.name, "Globex");
    assert_eq!(created.details.address, "1 Main St\nSpringfield");
    assert!(created.editable);

    let mut form = details("individual", "Globex Inc", "");
    let id_text = id.to_string();
    form.push(("id", &id_text));
    owner
        .call::<()>(&app, "update_client_account", &form)
        .await
        .unwrap();
    let edited = get(&app, &owner, id).await.unwrap();
    assert_eq!(edited.details.name, "Globex Inc");
    assert_eq!(edited.details.contact_email, "");

    owner
        .call::<()>(
            &app,
            "archive_client_account",
            &[("id", id_text.as_str()), ("archived", "true")],
        )
        .await
        .unwrap();
    assert!(list(&app, &owner, "", false, "").await.items.is_empty());
    let archived = list(&app, &owner, "", true, "").await.items;
    assert_eq!(archived.len(), 1);
    assert!(archived[0].archived);
    assert!(get(&app, &owner, id).await.unwrap().archived, "data kept");

    owner
        .call::<()>(
            &app,
            "archive_client_account",
            &[("id", id_text.as_str()), ("archived", "false")],
        )
        .await
        .unwrap();
    assert_eq!(list(&app, &owner, "", false, "").await.items.len(), 1);
}

#[tokio::test]
async fn bad_account_input_is_refused_field_by_field_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let (owner, _) = agency(&app, "owner@acme.test", "Acme").await;
    let long = "x".repeat(10_000);

    for (form, field) in [
        (details("company", "  ", ""), "name"),
        (details("company", &long, ""), "name"),
        (
            details("company", "Globex", "not-an-email"),
            "contact_email",
        ),
        (details("robot", "Globex", ""), "kind"),
    ] {
        let error = owner
            .call::<Uuid>(&app, "create_client_account", &form)
            .await
            .unwrap_err();
        assert!(error.message_for(field).is_some(), "{field}: {error:?}");
    }

    assert_eq!(count(&app, "client_accounts").await, 0);
}

#[tokio::test]
async fn resources_campaigns_applications_with_environments_and_domains() {
    let app = TestApp::spawn().await;
    let (owner, _) = agency(&app, "owner@acme.test", "Acme").await;
    let globex = account(&app, &owner, "Globex").await;

    resource(&app, &owner, globex, "campaign", "Spring sale").await;
    let shop = resource(&app, &owner, globex, "application", "Shop").await;
    resource(&app, &owner, globex, "domain", "Globex.TEST").await;
    owner
        .call::<()>(
            &app,
            "add_environment",
            &[
                ("application_id", shop.to_string().as_str()),
                ("name", "staging"),
            ],
        )
        .await
        .unwrap();
    let account = get(&app, &owner, globex).await.unwrap();
    let app_resource = account.resources.iter().find(|r| r.id == shop).unwrap();
    let staging = app_resource
        .environments
        .iter()
        .find(|e| e.name == "staging")
        .unwrap();
    owner
        .call::<()>(
            &app,
            "add_environment_domain",
            &[
                ("environment_id", staging.id.to_string().as_str()),
                ("hostname", "staging.globex.test"),
            ],
        )
        .await
        .unwrap();

    let account = get(&app, &owner, globex).await.unwrap();
    let kinds: Vec<_> = account
        .resources
        .iter()
        .map(|r| (r.kind, r.name.as_str()))
        .collect();
    assert!(kinds.contains(&(ResourceKind::Campaign, "Spring sale")));
    assert!(
        kinds.contains(&(ResourceKind::Domain, "globex.test")),
        "{kinds:?}"
    );
    let shop = account
        .resources
        .iter()
        .find(|r| r.kind == ResourceKind::Application)
        .unwrap();
    let names: Vec<_> = shop.environments.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(
        names,
        ["production", "staging"],
        "every application starts with production"
    );
    let staging = shop
        .environments
        .iter()
        .find(|e| e.name == "staging")
        .unwrap();
    assert_eq!(staging.domains[0].hostname, "staging.globex.test");

    // Wrong input, each next to its field.
    let shop_id = shop.id.to_string();
    let twice = owner
        .call::<()>(
            &app,
            "add_environment",
            &[("application_id", shop_id.as_str()), ("name", "Staging ")],
        )
        .await;
    let unknown = owner
        .call::<Uuid>(
            &app,
            "add_resource",
            &[
                ("account_id", globex.to_string().as_str()),
                ("kind", "spaceship"),
                ("name", "x"),
            ],
        )
        .await;
    let bad_domain = owner
        .call::<Uuid>(
            &app,
            "add_resource",
            &[
                ("account_id", globex.to_string().as_str()),
                ("kind", "domain"),
                ("name", "not a domain"),
            ],
        )
        .await;
    assert!(twice.is_ok() || twice.unwrap_err().message_for("name").is_some());
    assert!(unknown.unwrap_err().message_for("kind").is_some());
    assert!(bad_domain.unwrap_err().message_for("name").is_some());
    let duplicate = owner
        .call::<()>(
            &app,
            "add_environment",
            &[("application_id", shop_id.as_str()), ("name", "staging")],
        )
        .await;
    assert!(duplicate.unwrap_err().message_for("name").is_some());
}

#[tokio::test]
async fn lists_page_by_keyset_fifty_at_a_time_and_search_narrows_them() {
    let app = TestApp::spawn().await;
    let (owner, agency_id) = agency(&app, "owner@acme.test", "Acme").await;
    // 120 accounts, written directly: this test is about reading them.
    let mut values = Vec::new();
    for n in 0..120 {
        values.push(format!(
            "('{}', '{agency_id}', 'company', 'Client {n:03}', 'client {n:03}', 1, 1)",
            Uuid::new_v4()
        ));
    }
    sql(
        &app,
        format!(
            "INSERT INTO client_accounts (id, agency_id, kind, name, name_key, created_at, updated_at) VALUES {}",
            values.join(", ")
        ),
    )
    .await;

    let mut seen = Vec::new();
    let mut after = String::new();
    let mut pages = 0;
    loop {
        let page = list(&app, &owner, "", false, &after).await;
        assert!(page.items.len() <= PAGE_SIZE);
        seen.extend(page.items.into_iter().map(|a| a.name));
        pages += 1;
        match page.next {
            Some(next) => after = next,
            None => break,
        }
    }
    assert_eq!(pages, 3);
    let mut expected: Vec<String> = (0..120).map(|n| format!("Client {n:03}")).collect();
    expected.sort();
    assert_eq!(seen, expected, "every account once, in name order");

    let found = list(&app, &owner, "CLIENT 11", false, "").await.items;
    assert_eq!(found.len(), 10, "Client 110 to 119");
    assert!(
        list(&app, &owner, "%", false, "").await.items.is_empty(),
        "LIKE wildcards are literal"
    );
}

#[tokio::test]
async fn staff_see_only_assigned_accounts_and_cannot_create_any() {
    let app = TestApp::spawn().await;
    let (owner, agency_id) = agency(&app, "owner@acme.test", "Acme").await;
    let assigned = account(&app, &owner, "Assigned").await;
    let other = account(&app, &owner, "Other").await;
    let sam = staff(&app, agency_id, "sam@acme.test", "staff").await;
    let ada = staff(&app, agency_id, "ada@acme.test", "admin").await;
    assign(&app, agency_id, &sam, assigned).await;

    let names: Vec<_> = list(&app, &sam, "", false, "")
        .await
        .items
        .into_iter()
        .map(|a| a.name)
        .collect();
    assert_eq!(names, ["Assigned"]);
    assert!(get(&app, &sam, assigned).await.is_ok());
    assert_eq!(get(&app, &sam, other).await, Err(AppError::NotFound));
    let create = sam
        .call::<Uuid>(
            &app,
            "create_client_account",
            &details("company", "Mine", ""),
        )
        .await;
    assert!(matches!(create, Err(AppError::Forbidden(_))), "{create:?}");
    let archive = sam
        .call::<()>(
            &app,
            "archive_client_account",
            &[("id", assigned.to_string().as_str()), ("archived", "true")],
        )
        .await;
    assert!(matches!(archive, Err(AppError::Forbidden(_))));

    assert_eq!(
        list(&app, &ada, "", false, "").await.items.len(),
        2,
        "an admin sees them all"
    );
    assert!(ada
        .call::<Uuid>(
            &app,
            "create_client_account",
            &details("company", "By admin", "")
        )
        .await
        .is_ok());
}

#[tokio::test]
async fn names_are_rendered_as_text_never_as_markup() {
    let app = TestApp::spawn().await;
    let (owner, _) = agency(&app, "owner@acme.test", "Acme").await;
    let evil = "<img src=x onerror=alert(1)>";
    let id = account(&app, &owner, evil).await;

    let html = owner
        .client
        .get(format!("{}/clients/{id}", app.address))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();

    assert!(
        html.contains("&lt;img src=x onerror=alert(1)&gt;"),
        "the name is shown escaped"
    );
    assert!(!html.contains(evil), "and never as a tag");
}
