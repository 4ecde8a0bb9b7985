//! The audit trail: every change records its event, and only its event, in its own transaction.

use crate::agency::{agency, person, resource, staff, Person};
use crate::helpers::{decode, new_client, TestApp, PASSWORD};
use crate::invitations::{client_form, invite, token_from_outbox};
use crate::smtp::FakeSmtp;
use std::collections::BTreeMap;
use switchboard::domain::{ClientAccount, CreatedUser, CurrentUser, Listing, PendingInvite};
use switchboard::server::mail::Mailer;
use switchboard::server::outbox::deliver_due;
use uuid::Uuid;

/// How many events of each action there are.
async fn counts(app: &TestApp) -> BTreeMap<String, i64> {
    let rows: Vec<(String, i64)> =
        sqlx::query_as("SELECT action, COUNT(*) FROM audit_events GROUP BY action")
            .fetch_all(&mut *app.db().connection().await.unwrap())
            .await
            .unwrap();
    rows.into_iter().collect()
}

/// Runs `step` and checks that it recorded exactly one event, of `action`, with an actor, a time
/// and (for requests) the client's address.
async fn records<F: std::future::Future<Output = ()>>(app: &TestApp, action: &str, step: F) {
    let before = counts(app).await;
    step.await;
    let after = counts(app).await;
    let mut added: Vec<(String, i64)> = after
        .iter()
        .map(|(a, n)| (a.clone(), n - before.get(a).copied().unwrap_or(0)))
        .filter(|(_, n)| *n != 0)
        .collect();
    added.sort();
    assert_eq!(added, [(action.to_owned(), 1)], "{action}");
    if !action.starts_with("email.") {
        let ip: Option<String> = sqlx::query_scalar(
            "SELECT ip FROM audit_events WHERE action = $1 ORDER BY at DESC LIMIT 1",
        )
        .bind(action)
        .fetch_one(&mut *app.db().connection().await.unwrap())
        .await
        .unwrap();
        assert_eq!(
            ip.as_deref(),
            Some("127.0.0.1"),
            "{action} names the client"
        );
    }
}

fn details(kind: &str, name: &str) -> Vec<(&'static str, String)> {
    vec![
        ("kind", kind.to_owned()),
        ("name", name.to_owned()),
        ("contact_email", String::new()),
        ("phone", String::new()),
        ("address", String::new()),
        ("billing_contact", String::new()),
    ]
}

async fn ok<T: serde::de::DeserializeOwned>(
    app: &TestApp,
    who: &Person,
    endpoint: &str,
    form: &[(&str, String)],
) -> T {
    who.call(app, endpoint, &form)
        .await
        .unwrap_or_else(|e| panic!("{endpoint}: {e:?}"))
}

#[tokio::test]
async fn every_change_records_its_event_and_only_its_event() {
    let app = TestApp::spawn().await;
    let browser = new_client();
    let sign_up = [
        ("agency_name", "Acme"),
        ("first_name", "Ann"),
        ("last_name", "Lee"),
        ("email", "ann@acme.test"),
        ("password", PASSWORD),
    ];
    records(&app, "user.signed_up", async {
        decode::<CurrentUser>("sign_up", app.post(&browser, "sign_up", &sign_up).await)
            .await
            .unwrap();
    })
    .await;
    let log_in = |password: &'static str| {
        let browser = browser.clone();
        let app = &app;
        async move {
            let form = [("email", "ann@acme.test"), ("password", password)];
            let _ =
                decode::<CurrentUser>("log_in", app.post(&browser, "log_in", &form).await).await;
        }
    };
    records(&app, "user.login_failed", log_in("wrong password")).await;
    records(&app, "user.logged_in", log_in(PASSWORD)).await;
    let owner_id = crate::helpers::me(&app, &browser).await.unwrap().id;
    let owner = Person {
        client: browser.clone(),
        id: owner_id,
    };
    records(&app, "user.password_changed", async {
        ok::<()>(
            &app,
            &owner,
            "change_password",
            &[
                ("current_password", PASSWORD.into()),
                ("new_password", "another good password".into()),
            ],
        )
        .await;
    })
    .await;
    records(&app, "user.logged_out", async {
        ok::<()>(&app, &owner, "log_out", &[]).await;
    })
    .await;
    let (owner, agency_id) = agency(&app, "owner@acme.test", "Acme").await;

    // Client accounts and what is in them.
    let mut globex = Uuid::nil();
    records(&app, "account.created", async {
        globex = ok(
            &app,
            &owner,
            "create_client_account",
            &details("company", "Globex"),
        )
        .await;
    })
    .await;
    records(&app, "account.edited", async {
        let mut form = details("company", "Globex Corp");
        form.push(("id", globex.to_string()));
        ok::<()>(&app, &owner, "update_client_account", &form).await;
    })
    .await;
    for (archived, action) in [("true", "account.archived"), ("false", "account.restored")] {
        records(&app, action, async {
            let form = [("id", globex.to_string()), ("archived", archived.into())];
            ok::<()>(&app, &owner, "archive_client_account", &form).await;
        })
        .await;
    }
    let mut shop = Uuid::nil();
    records(&app, "resource.added", async {
        shop = resource(&app, &owner, globex, "application", "Shop").await;
    })
    .await;
    records(&app, "environment.added", async {
        let form = [
            ("application_id", shop.to_string()),
            ("name", "staging".into()),
        ];
        ok::<()>(&app, &owner, "add_environment", &form).await;
    })
    .await;
    let account: ClientAccount = ok(
        &app,
        &owner,
        "client_account",
        &[("id", globex.to_string())],
    )
    .await;
    let production = account.resources[0].environments[0].id;
    records(&app, "domain.added", async {
        let form = [
            ("environment_id", production.to_string()),
            ("hostname", "shop.globex.test".into()),
        ];
        ok::<()>(&app, &owner, "add_environment_domain", &form).await;
    })
    .await;
    records(&app, "resource.removed", async {
        ok::<()>(
            &app,
            &owner,
            "remove_resource",
            &[("resource_id", shop.to_string())],
        )
        .await;
    })
    .await;

    // Staff roles.
    let sam = staff(&app, agency_id, "sam@acme.test", "staff").await;
    records(&app, "staff.assigned", async {
        let form = [
            ("user_id", sam.id.to_string()),
            ("account_id", globex.to_string()),
            ("assigned", "true".into()),
        ];
        ok::<()>(&app, &owner, "assign_client_account", &form).await;
    })
    .await;
    records(&app, "staff.unassigned", async {
        let form = [
            ("user_id", sam.id.to_string()),
            ("account_id", globex.to_string()),
            ("assigned", "false".into()),
        ];
        ok::<()>(&app, &owner, "assign_client_account", &form).await;
    })
    .await;
    records(&app, "staff.role_changed", async {
        let form = [("user_id", sam.id.to_string()), ("role", "admin".into())];
        ok::<()>(&app, &owner, "change_staff_role", &form).await;
    })
    .await;
    records(&app, "staff.ownership_transferred", async {
        ok::<()>(
            &app,
            &owner,
            "transfer_ownership",
            &[("user_id", sam.id.to_string())],
        )
        .await;
    })
    .await;
    records(&app, "staff.removed", async {
        ok::<()>(
            &app,
            &sam,
            "remove_staff_member",
            &[("user_id", owner.id.to_string())],
        )
        .await;
    })
    .await;
    let owner = sam; // Sam owns the agency now.

    // Invitations and memberships.
    let default = {
        let catalog = switchboard::domain::catalog::catalog();
        catalog.keys_of(&catalog.default_set())
    };
    records(&app, "invitation.sent", async {
        invite(&app, &owner, "ivy@client.test", globex).await;
    })
    .await;
    let pending: Listing<PendingInvite> = ok(&app, &owner, "pending_invites", &[]).await;
    let invitation = pending.items[0].id;
    records(&app, "invitation.resent", async {
        ok::<()>(
            &app,
            &owner,
            "resend_invite",
            &[("id", invitation.to_string())],
        )
        .await;
    })
    .await;
    let token = token_from_outbox(&app, "ivy@client.test").await;
    let ivy = person(&app, "ivy@client.test").await;
    records(&app, "invitation.accepted", async {
        ok::<CurrentUser>(&app, &ivy, "accept_invitation", &[("token", token.clone())]).await;
    })
    .await;
    invite(&app, &owner, "late@client.test", globex).await;
    let pending: Listing<PendingInvite> = ok(&app, &owner, "pending_invites", &[]).await;
    let late = pending.items[0].id;
    records(&app, "invitation.cancelled", async {
        ok::<()>(&app, &owner, "cancel_invite", &[("id", late.to_string())]).await;
    })
    .await;
    let late_token = token_from_outbox(&app, "late@client.test").await;
    records(&app, "invitation.renewal_requested", async {
        let visitor = new_client();
        decode::<()>(
            "ask_for_new_invitation",
            app.post(
                &visitor,
                "ask_for_new_invitation",
                &[("token", late_token.as_str())],
            )
            .await,
        )
        .await
        .unwrap();
    })
    .await;
    let pat = person(&app, "pat@client.test").await;
    records(&app, "membership.added", async {
        let form = client_form(&["pat@client.test"], globex, None, &default, false);
        owner
            .call_json::<Vec<CreatedUser>>(&app, "create_users", &form)
            .await
            .unwrap();
    })
    .await;
    records(&app, "permissions.changed", async {
        let form = [
            ("account_id", globex.to_string()),
            ("user_id", pat.id.to_string()),
            ("keys[0]", "reports".into()),
        ];
        ok::<()>(&app, &owner, "save_member_permissions", &form).await;
    })
    .await;
    records(&app, "template.saved", async {
        let form = [
            ("name", "Reports only".to_owned()),
            ("keys[0]", "reports".into()),
        ];
        ok::<()>(&app, &owner, "save_permission_template", &form).await;
    })
    .await;
    records(&app, "permissions.template_applied", async {
        let form = [
            ("account_id", globex.to_string()),
            ("user_id", ivy.id.to_string()),
            ("keys[0]", "reports".into()),
            ("template", "Reports only".into()),
        ];
        ok::<()>(&app, &owner, "save_member_permissions", &form).await;
    })
    .await;
    records(&app, "membership.removed", async {
        let form = [
            ("user_id", pat.id.to_string()),
            ("accounts[0]", globex.to_string()),
        ];
        ok::<()>(&app, &owner, "remove_client_user", &form).await;
    })
    .await;
    records(&app, "agency.settings_changed", async {
        let form = [("valid_days", "10".to_owned())];
        ok::<()>(&app, &owner, "save_invitation_settings", &form).await;
    })
    .await;

    // Email, from the sender (no request, no actor).
    let smtp = FakeSmtp::start().await;
    let mailer = Mailer::new(&smtp.url(), "a@test.example").unwrap();
    let before = counts(&app).await.get("email.sent").copied().unwrap_or(0);
    let pass = deliver_due(app.db(), &mailer, switchboard::server::now_ms())
        .await
        .unwrap();
    let after = counts(&app).await.get("email.sent").copied().unwrap_or(0);
    assert_eq!(after - before, i64::try_from(pass.sent).unwrap());
    assert!(pass.sent > 0);
    let refusing = FakeSmtp::start_refusing().await;
    let mailer = Mailer::new(&refusing.url(), "a@test.example").unwrap();
    records(&app, "email.failed", async {
        invite_silently(&app, &owner, globex).await;
        deliver_due(app.db(), &mailer, switchboard::server::now_ms())
            .await
            .unwrap();
    })
    .await;
}

/// An invitation whose own event is taken away again, so only what the sender records counts.
async fn invite_silently(app: &TestApp, owner: &Person, account: Uuid) {
    invite(app, owner, "mail@client.test", account).await;
    crate::agency::sql(
        app,
        "DELETE FROM audit_events WHERE action = 'invitation.sent' \
         AND detail LIKE '%mail@client.test%'"
            .to_owned(),
    )
    .await;
}

async fn page(
    app: &TestApp,
    who: &Person,
    form: &[(&str, String)],
) -> Result<Listing<switchboard::domain::AuditEntry>, switchboard::domain::AppError> {
    who.call(app, "audit_events", &form).await
}

#[tokio::test]
async fn the_audit_log_is_filtered_paged_and_shown_only_to_those_who_may_read_it() {
    let app = TestApp::spawn().await;
    let (owner, agency_id) = agency(&app, "owner@acme.test", "Acme").await;
    let globex: Uuid = ok(
        &app,
        &owner,
        "create_client_account",
        &details("company", "Globex"),
    )
    .await;
    let initech: Uuid = ok(
        &app,
        &owner,
        "create_client_account",
        &details("company", "Initech"),
    )
    .await;
    for n in 0..55 {
        resource(&app, &owner, globex, "campaign", &format!("Campaign {n}")).await;
    }
    resource(&app, &owner, initech, "campaign", "Elsewhere").await;

    // Newest first, 50 a page, then the rest.
    let first = page(&app, &owner, &[]).await.unwrap();
    assert_eq!(first.items.len(), 50);
    assert!(first.items.windows(2).all(|w| w[0].at >= w[1].at));
    assert_eq!(first.items[0].action, "resource.added");
    assert_eq!(first.items[0].actor, "Owen Er <owner@acme.test>");
    let second = page(&app, &owner, &[("after", first.next.clone().unwrap())])
        .await
        .unwrap();
    assert!(second.items.iter().any(|e| e.action == "user.signed_up"));
    let seen: std::collections::HashSet<_> = first
        .items
        .iter()
        .chain(second.items.iter())
        .map(|e| e.id)
        .collect();
    assert_eq!(
        seen.len(),
        first.items.len() + second.items.len(),
        "no event twice"
    );

    // Filters: account, action, actor, dates.
    let of_initech = page(&app, &owner, &[("account_id", initech.to_string())])
        .await
        .unwrap();
    let actions: Vec<_> = of_initech.items.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["resource.added", "account.created"]);
    let created = page(&app, &owner, &[("action", "account.created".into())])
        .await
        .unwrap();
    assert_eq!(created.items.len(), 2);
    let nobody = page(&app, &owner, &[("actor", "someone else".into())])
        .await
        .unwrap();
    assert!(nobody.items.is_empty());
    let by_owner = page(
        &app,
        &owner,
        &[
            ("actor", "OWNER@".into()),
            ("action", "account.created".into()),
        ],
    )
    .await
    .unwrap();
    assert_eq!(by_owner.items.len(), 2);
    let long_ago = page(&app, &owner, &[("to", "2020-01-01".into())])
        .await
        .unwrap();
    assert!(long_ago.items.is_empty());
    let bad = page(&app, &owner, &[("from", "soon".into())])
        .await
        .unwrap_err();
    assert!(bad.message_for("from").is_some());

    // Staff members do not read it; a client manager reads their account's only.
    let sam = staff(&app, agency_id, "sam@acme.test", "staff").await;
    assert!(matches!(
        page(&app, &sam, &[]).await,
        Err(switchboard::domain::AppError::Forbidden(_))
    ));
    let mia = person(&app, "mia@globex.test").await;
    crate::agency::member(&app, &mia, globex, None, None).await;
    let theirs = page(&app, &mia, &[]).await.unwrap();
    assert!(!theirs.items.is_empty());
    assert!(theirs
        .items
        .iter()
        .all(|e| e.account.as_deref() == Some("Globex")));
    let elsewhere = page(&app, &mia, &[("account_id", initech.to_string())])
        .await
        .unwrap();
    assert!(elsewhere
        .items
        .iter()
        .all(|e| e.account.as_deref() == Some("Globex")));
    let (other_owner, _) = agency(&app, "owner@other.test", "Other").await;
    let refused = page(&app, &other_owner, &[("account_id", globex.to_string())]).await;
    assert_eq!(
        refused.unwrap_err(),
        switchboard::domain::AppError::NotFound
    );
}

/// The peak resident memory of a process so far, in KiB (Linux).
fn peak_rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

#[tokio::test]
async fn the_export_streams_a_hundred_thousand_events_in_flat_memory() {
    let app = TestApp::spawn().await;
    let (owner, agency_id) = agency(&app, "owner@acme.test", "Acme").await;
    // Ids are UUIDs: the twelve last digits count.
    let padded = match app.db().backend() {
        switchboard::domain::DbBackend::Sqlite => "substr('000000000000' || i, -12)",
        switchboard::domain::DbBackend::Postgres => "right('000000000000' || i, 12)",
    };
    crate::agency::sql(
        &app,
        format!(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000) \
             INSERT INTO audit_events (id, at, actor_id, action, target, agency_id, ip, detail) \
             SELECT '00000000-0000-4000-8000-' || {padded}, 1000000 + i, '{}', 'resource.added', \
                    'resource:' || i, '{agency_id}', '10.0.0.1', \
                    '{{\"name\":\"Campaign, \"\"quoted\"\"\"}}' FROM n",
            owner.id
        ),
    )
    .await;
    // As PostgreSQL's autovacuum would after a bulk write: plans for the table's real size.
    app.db().analyze().await.unwrap();

    // The export runs in a server process of its own, so its memory is measured alone.
    let folder = crate::binary::temp_folder();
    let (server, address) =
        crate::binary::start_in(&folder, &[("DATABASE_URL", app.database.url())]).await;
    let pid = server.id().expect("the server runs");
    let before = peak_rss_kib(pid);
    let started = std::time::Instant::now();
    let mut response = owner
        .client
        .get(format!("{address}/audit.csv?action=resource.added"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    assert!(response.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let (mut lines, mut bytes, mut last) = (0_usize, 0_usize, Vec::new());
    while let Some(chunk) = response.chunk().await.unwrap() {
        bytes += chunk.len();
        lines += chunk.iter().filter(|b| **b == b'\n').count();
        last = chunk.to_vec();
    }
    let peak = peak_rss_kib(pid);
    let grown_mib = peak.saturating_sub(before) / 1024;
    eprintln!(
        "audit export: {lines} lines, {} MiB in {:.2?}; server peak RSS {} MiB before, {} MiB after",
        bytes / (1024 * 1024),
        started.elapsed(),
        before / 1024,
        peak / 1024,
    );
    assert_eq!(lines, 100_001, "a header and every event");
    assert!(String::from_utf8_lossy(&last)
        .contains("\"{\"\"name\"\":\"\"Campaign, \"\"\"\"quoted\"\"\"\"\"\"}\""));
    assert!(grown_mib < 32, "the export held {grown_mib} MiB");
    drop(server);
    let _ = std::fs::remove_dir_all(folder);

    // Not for everyone: a visitor without a session, and a Staff member.
    let anonymous = new_client()
        .get(format!("{}/audit.csv", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
    let sam = staff(&app, agency_id, "sam@acme.test", "staff").await;
    let refused = sam
        .client
        .get(format!("{}/audit.csv", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 403);
}

#[tokio::test]
async fn time_expires_invitations_and_retention_deletes_only_older_events() {
    use switchboard::server::housekeeping::run_once;
    let app = TestApp::spawn().await;
    let (owner, _) = agency(&app, "owner@acme.test", "Acme").await;
    let globex: Uuid = ok(
        &app,
        &owner,
        "create_client_account",
        &details("company", "Globex"),
    )
    .await;
    invite(&app, &owner, "ivy@client.test", globex).await;
    let now = switchboard::server::now_ms();
    let sweep = run_once(app.db(), Some(30), now).await.unwrap();
    assert_eq!((sweep.invitations_expired, sweep.events_deleted), (0, 0));

    // A membership past its end date is recorded as ended, once.
    let nora = person(&app, "nora@client.test").await;
    crate::agency::member(&app, &nora, globex, None, Some(now - 1)).await;
    assert_eq!(
        run_once(app.db(), Some(30), now)
            .await
            .unwrap()
            .memberships_ended,
        1
    );
    assert_eq!(
        run_once(app.db(), Some(30), now)
            .await
            .unwrap()
            .memberships_ended,
        0
    );
    assert_eq!(counts(&app).await.get("membership.ended"), Some(&1));

    // The link runs out: the job marks it, by nobody, once.
    crate::agency::sql(
        &app,
        "UPDATE invitations SET expires_at = sent_at - 1".to_owned(),
    )
    .await;
    let sweep = run_once(app.db(), Some(30), now).await.unwrap();
    assert_eq!(sweep.invitations_expired, 1);
    assert_eq!(
        run_once(app.db(), Some(30), now)
            .await
            .unwrap()
            .invitations_expired,
        0
    );
    let expired: Listing<switchboard::domain::AuditEntry> = ok(
        &app,
        &owner,
        "audit_events",
        &[("action", "invitation.expired".into())],
    )
    .await;
    assert_eq!(expired.items.len(), 1);
    assert_eq!(expired.items[0].actor, "System");
    // Still listed, and Resend brings it back.
    let pending: Listing<PendingInvite> = ok(&app, &owner, "pending_invites", &[]).await;
    ok::<()>(
        &app,
        &owner,
        "resend_invite",
        &[("id", pending.items[0].id.to_string())],
    )
    .await;
    let token = token_from_outbox(&app, "ivy@client.test").await;
    let ivy = person(&app, "ivy@client.test").await;
    ok::<CurrentUser>(&app, &ivy, "accept_invitation", &[("token", token)]).await;

    // Retention: only events older than it go; without a setting, none.
    crate::agency::sql(
        &app,
        format!(
            "UPDATE audit_events SET at = at - {} WHERE action = 'user.signed_up'",
            31_i64 * 24 * 60 * 60 * 1000
        ),
    )
    .await;
    assert_eq!(
        run_once(app.db(), None, now).await.unwrap().events_deleted,
        0
    );
    let sweep = run_once(app.db(), Some(30), now).await.unwrap();
    assert_eq!(sweep.events_deleted, 1);
    assert!(!counts(&app).await.contains_key("user.signed_up"));
    assert!(counts(&app).await.contains_key("invitation.accepted"));
}
