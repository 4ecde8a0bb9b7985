//! Tenant isolation, table-driven: every server function that takes an id is called by people who
//! must not reach the thing it names. Each must get exactly the answer a random id gets, and the
//! database must not change. A new server function that takes an id joins `probes`.

use crate::agency::{account, agency, assign, member, person, resource, staff, Person};
use crate::helpers::TestApp;
use switchboard::domain::{AppError, ClientAccount, Listing, PendingInvite};
use uuid::Uuid;

/// The ids of one client account's things.
struct Target {
    account: Uuid,
    application: Uuid,
    environment: Uuid,
    /// A Staff member of the target's agency.
    staff: Uuid,
    /// A client member of the account.
    member: Uuid,
    /// A pending invitation into the account.
    invitation: Uuid,
}

/// The probed server functions that read with GET; the others take a POST.
const READ_WITH_GET: &[&str] = &["client_users"];

/// (server function, its arguments for a target).
type Probe = (&'static str, fn(&Target) -> Vec<(&'static str, String)>);

fn probes() -> Vec<Probe> {
    vec![
        ("client_account", |t| vec![("id", t.account.to_string())]),
        ("member_permissions", |t| {
            vec![
                ("account_id", t.account.to_string()),
                ("user_id", t.member.to_string()),
            ]
        }),
        ("save_member_permissions", |t| {
            vec![
                ("account_id", t.account.to_string()),
                ("user_id", t.member.to_string()),
                ("keys[0]", "general".into()),
            ]
        }),
        ("effective_access", |t| {
            vec![
                ("account_id", t.account.to_string()),
                ("user_id", t.member.to_string()),
                ("key", "general".into()),
            ]
        }),
        ("client_account_people", |t| {
            vec![("id", t.account.to_string())]
        }),
        ("update_client_account", |t| {
            vec![
                ("id", t.account.to_string()),
                ("kind", "company".into()),
                ("name", "Taken over".into()),
                ("contact_email", String::new()),
                ("phone", String::new()),
                ("address", String::new()),
                ("billing_contact", String::new()),
            ]
        }),
        ("archive_client_account", |t| {
            vec![("id", t.account.to_string()), ("archived", "true".into())]
        }),
        ("add_resource", |t| {
            vec![
                ("account_id", t.account.to_string()),
                ("kind", "campaign".into()),
                ("name", "Injected".into()),
            ]
        }),
        ("remove_resource", |t| {
            vec![("resource_id", t.application.to_string())]
        }),
        ("add_environment", |t| {
            vec![
                ("application_id", t.application.to_string()),
                ("name", "evil".into()),
            ]
        }),
        ("add_environment_domain", |t| {
            vec![
                ("environment_id", t.environment.to_string()),
                ("hostname", "evil.test".into()),
            ]
        }),
        ("switch_place", |t| {
            vec![("place", format!("account:{}", t.account))]
        }),
        ("assign_client_account", |t| {
            vec![
                ("user_id", t.staff.to_string()),
                ("account_id", t.account.to_string()),
                ("assigned", "true".into()),
            ]
        }),
        ("change_staff_role", |t| {
            vec![("user_id", t.staff.to_string()), ("role", "admin".into())]
        }),
        ("remove_staff_member", |t| {
            vec![("user_id", t.staff.to_string())]
        }),
        ("transfer_ownership", |t| {
            vec![("user_id", t.staff.to_string())]
        }),
        ("client_users", |t| {
            vec![("account_id", t.account.to_string())]
        }),
        ("pending_invites", |t| {
            vec![("account_id", t.account.to_string())]
        }),
        ("resend_invite", |t| vec![("id", t.invitation.to_string())]),
        ("cancel_invite", |t| vec![("id", t.invitation.to_string())]),
        ("remove_client_user", |t| {
            vec![
                ("user_id", t.member.to_string()),
                ("accounts[0]", t.account.to_string()),
            ]
        }),
    ]
}

/// Everything a probe could change, in a comparable form.
async fn snapshot(app: &TestApp) -> Vec<String> {
    let mut tx = app.db().begin_write().await.unwrap();
    let mut rows = Vec::new();
    for query in [
        "SELECT id || name || COALESCE(CAST(archived_at AS TEXT), '') FROM client_accounts ORDER BY id",
        "SELECT id || name FROM resources ORDER BY id",
        "SELECT id || name FROM environments ORDER BY id",
        "SELECT id || hostname FROM environment_domains ORDER BY id",
        "SELECT id || COALESCE(current_place, '') FROM users ORDER BY id",
        "SELECT agency_id || user_id || role FROM staff_members ORDER BY agency_id, user_id",
        "SELECT user_id || client_account_id FROM staff_assignments ORDER BY user_id, client_account_id",
        "SELECT membership_id || node_key FROM membership_permissions ORDER BY membership_id, node_key",
        "SELECT id FROM audit_events ORDER BY id",
        "SELECT id || status || token_hash FROM invitations ORDER BY id",
        "SELECT id || user_id || client_account_id FROM memberships ORDER BY id",
        "SELECT id FROM outbox ORDER BY id",
    ] {
        let found: Vec<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(query))
            .fetch_all(&mut *tx)
            .await
            .unwrap();
        rows.extend(found);
    }
    rows
}

async fn answer(
    app: &TestApp,
    who: &Person,
    endpoint: &str,
    form: &[(&str, String)],
) -> Result<(), AppError> {
    // Only the error matters: any success is a failure of isolation.
    if READ_WITH_GET.contains(&endpoint) {
        let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        return who
            .read::<serde_json::Value>(app, endpoint, &pairs)
            .await
            .map(|_| ());
    }
    who.call::<serde_json::Value>(app, endpoint, &form)
        .await
        .map(|_| ())
}

#[tokio::test]
async fn nobody_reaches_another_tenants_things_and_unknown_and_forbidden_look_alike() {
    let app = TestApp::spawn().await;
    // Acme, with two client accounts; Globex is the target.
    let (acme_owner, acme) = agency(&app, "owner@acme.test", "Acme").await;
    let globex = account(&app, &acme_owner, "Globex").await;
    let initech = account(&app, &acme_owner, "Initech").await;
    let application = resource(&app, &acme_owner, globex, "application", "Shop").await;
    let shop: ClientAccount = acme_owner
        .call(&app, "client_account", &[("id", globex.to_string())])
        .await
        .unwrap();
    let environment = shop.resources[0].environments[0].id;
    let acme_staff = staff(&app, acme, "sid@acme.test", "staff").await;
    let globex_client = person(&app, "gil@globex.test").await;
    member(&app, &globex_client, globex, None, None).await;
    crate::invitations::invite(&app, &acme_owner, "ivy@globex.test", globex).await;
    let pending: Listing<PendingInvite> =
        acme_owner.call(&app, "pending_invites", &()).await.unwrap();
    let target = Target {
        account: globex,
        application,
        environment,
        staff: acme_staff.id,
        member: globex_client.id,
        invitation: pending.items[0].id,
    };
    let random = Target {
        account: Uuid::new_v4(),
        application: Uuid::new_v4(),
        environment: Uuid::new_v4(),
        staff: Uuid::new_v4(),
        member: Uuid::new_v4(),
        invitation: Uuid::new_v4(),
    };

    // Outsiders: another agency's owner, a client of another account, unassigned staff.
    let (other_owner, _) = agency(&app, "owner@other.test", "Other").await;
    let initech_client = person(&app, "ivy@initech.test").await;
    member(&app, &initech_client, initech, None, None).await;
    let unassigned = staff(&app, acme, "sam@acme.test", "staff").await;
    assign(&app, acme, &unassigned, initech).await;
    let outsiders = [
        ("owner of another agency", &other_owner),
        ("client of another account", &initech_client),
        ("staff not assigned to it", &unassigned),
    ];

    let before = snapshot(&app).await;
    for (endpoint, arguments) in probes() {
        for (who, caller) in &outsiders {
            let forbidden = answer(&app, caller, endpoint, &arguments(&target)).await;
            let unknown = answer(&app, caller, endpoint, &arguments(&random)).await;
            assert!(forbidden.is_err(), "{endpoint} as {who} succeeded");
            assert_eq!(
                forbidden, unknown,
                "{endpoint} as {who}: the real id is told apart from a random one"
            );
        }
    }
    assert_eq!(snapshot(&app).await, before, "nothing changed");
}
