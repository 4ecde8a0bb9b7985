//! Beyond single switches: the Freelancer plan's limits, templates, Clone, and effective access.

use crate::agency::{account, agency, assign, member, person, staff, Person};
use crate::helpers::TestApp;
use crate::permissions::{default_without, editor, save, world};
use switchboard::domain::catalog::catalog;
use switchboard::domain::AppError;
use uuid::Uuid;

async fn why(
    app: &TestApp,
    by: &Person,
    account: Uuid,
    user: &Person,
    key: &str,
) -> Result<switchboard::domain::EffectiveAccess, AppError> {
    by.call(
        app,
        "effective_access",
        &[
            ("account_id", account.to_string()),
            ("user_id", user.id.to_string()),
            ("key", key.to_owned()),
        ],
    )
    .await
}

#[tokio::test]
async fn effective_access_says_which_switch_or_membership_decides() {
    let w = world().await;
    let clicks = "integrations.google_ads.metrics.clicks";
    assert!(
        why(&w.app, &w.owner, w.globex, &w.cleo, clicks)
            .await
            .unwrap()
            .allowed
    );

    save(
        &w.app,
        &w.owner,
        w.globex,
        &w.cleo,
        &default_without(&["integrations.google_ads"]),
    )
    .await
    .unwrap();
    let answer = why(&w.app, &w.owner, w.globex, &w.cleo, clicks)
        .await
        .unwrap();
    assert!(!answer.allowed);
    assert!(answer.reason.contains("Google Ads"), "{}", answer.reason);
    assert!(answer.scope.contains("All current and future resources"));

    let off = why(&w.app, &w.owner, w.globex, &w.cleo, "messages.send")
        .await
        .unwrap();
    assert!(
        !off.allowed && off.reason.contains("Send messages"),
        "{}",
        off.reason
    );

    // People may ask about themselves; about others only with Manage account users.
    assert!(
        why(&w.app, &w.cleo, w.globex, &w.cleo, "domains.view")
            .await
            .unwrap()
            .allowed
    );
    save(
        &w.app,
        &w.owner,
        w.globex,
        &w.manager,
        &default_without(&["general.users"]),
    )
    .await
    .unwrap();
    assert!(matches!(
        why(&w.app, &w.manager, w.globex, &w.cleo, clicks).await,
        Err(AppError::Forbidden(_))
    ));
    let unknown = why(&w.app, &w.owner, w.globex, &w.cleo, "no.such.key").await;
    assert!(unknown.unwrap_err().message_for("key").is_some());
}

#[tokio::test]
async fn effective_access_of_an_ended_membership_says_so() {
    let w = world().await;
    let nora = person(&w.app, "nora@globex.test").await;
    member(&w.app, &nora, w.globex, None, Some(1)).await;

    let answer = why(&w.app, &w.owner, w.globex, &nora, "domains.view")
        .await
        .unwrap();

    assert!(!answer.allowed);
    assert!(answer.reason.contains("ended"), "{}", answer.reason);
}

#[tokio::test]
async fn the_freelancer_plan_offers_default_and_all_permissions_only() {
    let w = world().await;
    crate::agency::sql(
        &w.app,
        format!(
            "UPDATE agencies SET plan = 'freelancer' WHERE id = '{}'",
            w.acme
        ),
    )
    .await;

    let editor = editor(&w.app, &w.owner, w.globex, &w.cleo).await.unwrap();
    assert!(!editor.customizable);
    let custom = save(
        &w.app,
        &w.owner,
        w.globex,
        &w.cleo,
        &default_without(&["domains.view"]),
    )
    .await;
    assert!(
        matches!(custom, Err(AppError::Forbidden(ref m)) if m.contains("Freelancer")),
        "{custom:?}"
    );
    let all: Vec<&str> = catalog().keys_of(&catalog().all());
    save(&w.app, &w.owner, w.globex, &w.cleo, &all)
        .await
        .unwrap();
    save(&w.app, &w.owner, w.globex, &w.cleo, &default_without(&[]))
        .await
        .unwrap();
    let templates = w
        .owner
        .call::<Vec<switchboard::domain::PermissionTemplate>>(&w.app, "permission_templates", &())
        .await;
    assert!(matches!(templates, Err(AppError::Forbidden(_))));
}

#[tokio::test]
async fn an_agency_saves_templates_by_name_for_its_staff_only() {
    let w = world().await;
    let mut form = vec![("name".to_owned(), " Read only ".to_owned())];
    for (n, key) in ["reports", "reports.view", "dashboards", "dashboards.view"]
        .iter()
        .enumerate()
    {
        form.push((format!("keys[{n}]"), (*key).to_owned()));
    }
    w.owner
        .call::<()>(&w.app, "save_permission_template", &form)
        .await
        .unwrap();
    form.truncate(2);
    w.owner
        .call::<()>(&w.app, "save_permission_template", &form)
        .await
        .unwrap();

    let templates: Vec<switchboard::domain::PermissionTemplate> = w
        .owner
        .call(&w.app, "permission_templates", &())
        .await
        .unwrap();
    assert_eq!(templates.len(), 1, "the same name replaces");
    assert_eq!(templates[0].name, "Read only");
    assert_eq!(templates[0].keys, ["reports"]);

    let blank = w
        .owner
        .call::<()>(&w.app, "save_permission_template", &[("name", " ")])
        .await;
    assert!(blank.unwrap_err().message_for("name").is_some());
    let by_client = w
        .cleo
        .call::<Vec<switchboard::domain::PermissionTemplate>>(&w.app, "permission_templates", &())
        .await;
    assert!(matches!(by_client, Err(AppError::Forbidden(_))));
    let (other_owner, _) = agency(&w.app, "owner@other.test", "Other").await;
    let theirs: Vec<switchboard::domain::PermissionTemplate> = other_owner
        .call(&w.app, "permission_templates", &())
        .await
        .unwrap();
    assert!(theirs.is_empty(), "templates never cross agencies");
}

async fn clone_from(
    app: &TestApp,
    by: &Person,
    account: Uuid,
    user: &Person,
    query: &str,
) -> Result<Vec<switchboard::domain::CloneSource>, AppError> {
    by.call(
        app,
        "clone_sources",
        &[
            ("account_id", account.to_string()),
            ("user_id", user.id.to_string()),
            ("query", query.to_owned()),
        ],
    )
    .await
}

#[tokio::test]
async fn clone_finds_other_client_users_of_the_agency_by_name_or_email() {
    let w = world().await;
    let initech = account(&w.app, &w.owner, "Initech").await;
    let max = person(&w.app, "max@clients.test").await;
    member(&w.app, &max, w.globex, None, None).await;
    member(&w.app, &max, initech, None, None).await;
    save(
        &w.app,
        &w.owner,
        initech,
        &max,
        &["general", "general.users"],
    )
    .await
    .unwrap();

    let found = clone_from(&w.app, &w.owner, w.globex, &w.cleo, "MAX@")
        .await
        .unwrap();
    let accounts: Vec<_> = found.iter().map(|s| s.account_name.as_str()).collect();
    assert_eq!(accounts, ["Globex", "Initech"]);
    assert_eq!(found[1].keys, ["general", "general.users"]);
    assert!(
        clone_from(&w.app, &w.owner, w.globex, &w.cleo, "cleo")
            .await
            .unwrap()
            .is_empty(),
        "not oneself"
    );
    assert!(clone_from(&w.app, &w.owner, w.globex, &w.cleo, " ")
        .await
        .unwrap_err()
        .message_for("query")
        .is_some());

    // Staff see only the accounts they manage; clients cannot clone at all.
    let sam = staff(&w.app, w.acme, "sam@acme.test", "staff").await;
    assign(&w.app, w.acme, &sam, w.globex).await;
    let by_sam = clone_from(&w.app, &sam, w.globex, &w.cleo, "max")
        .await
        .unwrap();
    assert_eq!(
        by_sam
            .iter()
            .map(|s| s.account_name.as_str())
            .collect::<Vec<_>>(),
        ["Globex"]
    );
    assert!(matches!(
        clone_from(&w.app, &w.manager, w.globex, &w.cleo, "max").await,
        Err(AppError::Forbidden(_))
    ));
}
