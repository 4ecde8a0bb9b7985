//! Enforcement of the switches: on the next request, within the editor's own access, never one's own.

use crate::agency::{account, agency, assign, member, person, resource, staff, Person};
use crate::helpers::TestApp;
use switchboard::domain::catalog::catalog;
use switchboard::domain::{AppError, ClientAccount, PermissionEditor, ResourceKind};
use uuid::Uuid;

/// The form a browser sends: `keys[0]=…&keys[1]=…`.
fn form(account: Uuid, user: Uuid, keys: &[&str]) -> Vec<(String, String)> {
    let mut form = vec![
        ("account_id".to_owned(), account.to_string()),
        ("user_id".to_owned(), user.to_string()),
    ];
    for (n, key) in keys.iter().enumerate() {
        form.push((format!("keys[{n}]"), (*key).to_owned()));
    }
    form
}

pub async fn editor(
    app: &TestApp,
    by: &Person,
    account: Uuid,
    user: &Person,
) -> Result<PermissionEditor, AppError> {
    by.call(
        app,
        "member_permissions",
        &[
            ("account_id", account.to_string()),
            ("user_id", user.id.to_string()),
        ],
    )
    .await
}

pub async fn save(
    app: &TestApp,
    by: &Person,
    account: Uuid,
    user: &Person,
    keys: &[&str],
) -> Result<(), AppError> {
    by.call(
        app,
        "save_member_permissions",
        &form(account, user.id, keys),
    )
    .await
}

pub fn default_without(off: &[&str]) -> Vec<&'static str> {
    let catalog = catalog();
    catalog
        .keys_of(&catalog.default_set())
        .into_iter()
        .filter(|key| !off.contains(key))
        .collect()
}

async fn kinds_seen(app: &TestApp, who: &Person, account: Uuid) -> Vec<ResourceKind> {
    let seen: ClientAccount = who
        .call(app, "client_account", &[("id", account.to_string())])
        .await
        .unwrap();
    seen.resources.iter().map(|r| r.kind).collect()
}

pub struct World {
    pub app: TestApp,
    pub owner: Person,
    pub acme: Uuid,
    pub globex: Uuid,
    pub manager: Person,
    pub cleo: Person,
}

pub async fn world() -> World {
    let app = TestApp::spawn().await;
    let (owner, acme) = agency(&app, "owner@acme.test", "Acme").await;
    let globex = account(&app, &owner, "Globex").await;
    resource(&app, &owner, globex, "campaign", "Spring").await;
    resource(&app, &owner, globex, "domain", "globex.test").await;
    let manager = person(&app, "kim@globex.test").await;
    let cleo = person(&app, "cleo@globex.test").await;
    member(&app, &manager, globex, None, None).await;
    member(&app, &cleo, globex, None, None).await;
    World {
        app,
        owner,
        acme,
        globex,
        manager,
        cleo,
    }
}

#[tokio::test]
async fn a_change_takes_effect_on_the_very_next_request() {
    let w = world().await;
    assert!(kinds_seen(&w.app, &w.cleo, w.globex)
        .await
        .contains(&ResourceKind::Domain));

    save(
        &w.app,
        &w.manager,
        w.globex,
        &w.cleo,
        &default_without(&["domains.view"]),
    )
    .await
    .unwrap();
    assert!(!kinds_seen(&w.app, &w.cleo, w.globex)
        .await
        .contains(&ResourceKind::Domain));

    // A parent off hides its subtree; turning it back on restores what the children had.
    save(
        &w.app,
        &w.owner,
        w.globex,
        &w.cleo,
        &default_without(&["domains"]),
    )
    .await
    .unwrap();
    assert!(!kinds_seen(&w.app, &w.cleo, w.globex)
        .await
        .contains(&ResourceKind::Domain));
    save(&w.app, &w.owner, w.globex, &w.cleo, &default_without(&[]))
        .await
        .unwrap();
    assert!(kinds_seen(&w.app, &w.cleo, w.globex)
        .await
        .contains(&ResourceKind::Domain));
}

#[tokio::test]
async fn a_client_without_manage_account_users_can_neither_see_nor_change_switches() {
    let w = world().await;
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
        editor(&w.app, &w.manager, w.globex, &w.cleo).await,
        Err(AppError::Forbidden(_))
    ));
    let denied = save(
        &w.app,
        &w.manager,
        w.globex,
        &w.cleo,
        &default_without(&["domains.view"]),
    )
    .await;
    assert!(matches!(denied, Err(AppError::Forbidden(_))));
    let cleo = editor(&w.app, &w.owner, w.globex, &w.cleo).await.unwrap();
    assert!(
        cleo.on.iter().any(|k| k == "domains.view"),
        "nothing changed"
    );
}

#[tokio::test]
async fn a_manager_grants_at_most_what_they_hold_even_in_a_crafted_request() {
    let w = world().await;
    let view = editor(&w.app, &w.manager, w.globex, &w.cleo).await.unwrap();
    let changeable = view.changeable.expect("a client manager has limits");
    assert!(
        !changeable.iter().any(|k| k == "messages.send"),
        "locked: the manager lacks it"
    );
    assert!(changeable.iter().any(|k| k == "domains.dns"));

    let mut with_send = default_without(&[]);
    with_send.push("messages.send");
    let grant = save(&w.app, &w.manager, w.globex, &w.cleo, &with_send).await;
    assert!(matches!(grant, Err(AppError::Forbidden(_))), "{grant:?}");

    // The owner grants Send messages; the manager, who lacks it, cannot take it away either.
    save(&w.app, &w.owner, w.globex, &w.cleo, &with_send)
        .await
        .unwrap();
    let revoke = save(&w.app, &w.manager, w.globex, &w.cleo, &default_without(&[])).await;
    assert!(matches!(revoke, Err(AppError::Forbidden(_))));

    // Within their own access they may change anything.
    let mut fewer = with_send.clone();
    fewer.retain(|k| *k != "domains.dns");
    save(&w.app, &w.manager, w.globex, &w.cleo, &fewer)
        .await
        .unwrap();
}

#[tokio::test]
async fn nobody_edits_their_own_switches() {
    let w = world().await;
    let own = save(
        &w.app,
        &w.manager,
        w.globex,
        &w.manager,
        &default_without(&[]),
    )
    .await;
    assert!(matches!(own, Err(AppError::Forbidden(_))));
    assert!(matches!(
        editor(&w.app, &w.manager, w.globex, &w.manager).await,
        Err(AppError::Forbidden(_))
    ));
}

#[tokio::test]
async fn staff_who_manage_the_account_edit_everything_and_others_find_nothing() {
    let w = world().await;
    let sam = staff(&w.app, w.acme, "sam@acme.test", "staff").await;
    let sue = staff(&w.app, w.acme, "sue@acme.test", "staff").await;
    assign(&w.app, w.acme, &sam, w.globex).await;

    let view = editor(&w.app, &sam, w.globex, &w.cleo).await.unwrap();
    assert_eq!(view.changeable, None, "no limits");
    let everything: Vec<&str> = catalog().keys_of(&catalog().all());
    save(&w.app, &sam, w.globex, &w.cleo, &everything)
        .await
        .unwrap();
    assert_eq!(
        editor(&w.app, &w.owner, w.globex, &w.cleo)
            .await
            .unwrap()
            .on
            .len(),
        catalog().len()
    );

    assert_eq!(
        editor(&w.app, &sue, w.globex, &w.cleo).await,
        Err(AppError::NotFound)
    );
}

#[tokio::test]
async fn unknown_keys_are_refused_and_smuggled_fields_change_nothing_else() {
    let w = world().await;
    let unknown = save(
        &w.app,
        &w.owner,
        w.globex,
        &w.cleo,
        &["general", "root.everything"],
    )
    .await;
    assert!(unknown.unwrap_err().message_for("keys").is_some());

    let mut smuggled = form(w.globex, w.cleo.id, &["general"]);
    smuggled.push(("role".into(), "owner".into()));
    smuggled.push(("account_owner".into(), "true".into()));
    let _ = w
        .manager
        .call::<()>(&w.app, "save_member_permissions", &smuggled)
        .await;
    let me = w.cleo.me(&w.app).await;
    assert!(me.agency().is_none(), "no staff role appeared");
    let people: switchboard::domain::AccountPeople = w
        .owner
        .call(
            &w.app,
            "client_account_people",
            &[("id", w.globex.to_string())],
        )
        .await
        .unwrap();
    assert!(
        people.members.iter().all(|m| !m.account_owner),
        "no account owner appeared"
    );
}

#[tokio::test]
async fn a_client_manager_lists_the_accounts_users_and_others_cannot() {
    let w = world().await;
    let people: switchboard::domain::AccountPeople = w
        .manager
        .call(
            &w.app,
            "client_account_people",
            &[("id", w.globex.to_string())],
        )
        .await
        .unwrap();
    assert_eq!(people.members.len(), 2);
    assert!(
        people.staff.is_empty(),
        "clients never see the agency's staff"
    );

    save(
        &w.app,
        &w.owner,
        w.globex,
        &w.cleo,
        &default_without(&["general.users"]),
    )
    .await
    .unwrap();
    let refused = w
        .cleo
        .call::<switchboard::domain::AccountPeople>(
            &w.app,
            "client_account_people",
            &[("id", w.globex.to_string())],
        )
        .await;
    assert!(matches!(refused, Err(AppError::Forbidden(_))));
}

#[tokio::test]
async fn every_saved_change_is_recorded_with_who_and_what() {
    let w = world().await;
    save(
        &w.app,
        &w.manager,
        w.globex,
        &w.cleo,
        &default_without(&["domains.dns", "domains.ssl"]),
    )
    .await
    .unwrap();
    save(
        &w.app,
        &w.manager,
        w.globex,
        &w.cleo,
        &default_without(&["domains.dns", "domains.ssl"]),
    )
    .await
    .unwrap();

    let mut tx = w.app.db().begin_write().await.unwrap();
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT actor_id, detail FROM audit_events WHERE action = 'permissions.changed'",
    )
    .fetch_all(&mut *tx)
    .await
    .unwrap();
    assert_eq!(rows.len(), 1, "saving without a change records nothing");
    assert_eq!(rows[0].0, w.manager.id.to_string());
    let detail: serde_json::Value = serde_json::from_str(&rows[0].1).unwrap();
    assert_eq!(detail["turned_on"], "");
    assert_eq!(detail["turned_off"], "domains.dns domains.ssl");
}

#[tokio::test]
async fn a_save_over_someone_elses_newer_save_is_refused_naming_them() {
    let w = world().await;
    // Both open Cleo's switches: the same version.
    let seen_by_owner = editor(&w.app, &w.owner, w.globex, &w.cleo).await.unwrap();
    let seen_by_kim = editor(&w.app, &w.manager, w.globex, &w.cleo).await.unwrap();
    assert_eq!(seen_by_owner.version, seen_by_kim.version);
    let versioned = |keys: &[&str], version: i64| {
        let mut form = form(w.globex, w.cleo.id, keys);
        form.push(("version".into(), version.to_string()));
        form
    };
    let first = versioned(&default_without(&["domains.dns"]), seen_by_owner.version);
    w.owner
        .call::<()>(&w.app, "save_member_permissions", &first)
        .await
        .unwrap();
    let second = versioned(&default_without(&["reports"]), seen_by_kim.version);
    let refused = w
        .manager
        .call::<()>(&w.app, "save_member_permissions", &second)
        .await
        .unwrap_err();
    let AppError::Conflict(message) = refused else {
        panic!("a conflict, got {refused:?}");
    };
    assert!(
        message.contains("changed by Owen Er a moment ago"),
        "{message}"
    );
    // Nothing of the refused save was written; with the fresh version it goes through.
    let now = editor(&w.app, &w.manager, w.globex, &w.cleo).await.unwrap();
    assert!(!now.on.iter().any(|k| k == "domains.dns"));
    assert!(now.on.iter().any(|k| k == "reports"));
    assert_eq!(now.version, seen_by_owner.version + 1);
    let again = versioned(&default_without(&["reports"]), now.version);
    w.manager
        .call::<()>(&w.app, "save_member_permissions", &again)
        .await
        .unwrap();
}
