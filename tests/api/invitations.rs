//! Invitations from Create User to accept: the token, its one use, its expiry, Resend and Cancel,
//! who may invite whom with what, bulk addresses, and the race of many accepts on one link.

use crate::agency::{account, agency, member, person, resource, sql, staff, Person};
use crate::helpers::{new_client, TestApp, PASSWORD};
use serde_json::{json, Value};
use switchboard::domain::{
    AppError, CreatedUser, CurrentUser, EmailCheck, InvitationLink, Listing, PendingInvite, Place,
};
use uuid::Uuid;

pub fn client_form(
    emails: &[&str],
    account: Uuid,
    resources: Option<Vec<Uuid>>,
    permissions: &[&str],
    send_email: bool,
) -> Value {
    json!({ "form": {
        "kind": "Client",
        "emails": emails,
        "send_email": send_email,
        "accounts": [{ "account_id": account, "resources": resources }],
        "permissions": permissions,
        "role": null,
        "assigned": [],
    }})
}

fn staff_form(emails: &[&str], role: &str) -> Value {
    json!({ "form": {
        "kind": "Staff",
        "emails": emails,
        "send_email": true,
        "accounts": [],
        "permissions": [],
        "role": role,
        "assigned": [],
    }})
}

pub async fn scalar_i64(app: &TestApp, query: &str) -> i64 {
    sqlx::query_scalar(sqlx::AssertSqlSafe(query.to_owned()))
        .fetch_one(&mut *app.db().connection().await.unwrap())
        .await
        .unwrap()
}

/// The link's token from the newest invitation email to `email`.
pub async fn token_from_outbox(app: &TestApp, email: &str) -> String {
    let bodies: Vec<String> = sqlx::query_scalar(
        "SELECT body FROM outbox WHERE recipient = $1 AND body IS NOT NULL \
         ORDER BY created_at DESC, id",
    )
    .bind(email)
    .fetch_all(&mut *app.db().connection().await.unwrap())
    .await
    .unwrap();
    let body = bodies.first().expect("an email to the address");
    let start = body.find("/invite/").expect("a link in the email") + "/invite/".len();
    body[start..].split_whitespace().next().unwrap().to_owned()
}

/// The owner invites `email` into `account` with the Default switches and all resources.
pub async fn invite(app: &TestApp, owner: &Person, email: &str, account: Uuid) -> String {
    let default = default_keys();
    let created: Vec<CreatedUser> = owner
        .call_json(
            app,
            "create_users",
            &client_form(&[email], account, None, &default, true),
        )
        .await
        .unwrap();
    assert_eq!(created.len(), 1);
    token_from_outbox(app, email).await
}

fn default_keys() -> Vec<&'static str> {
    let catalog = switchboard::domain::catalog::catalog();
    catalog.keys_of(&catalog.default_set())
}

/// Register from the link, as the invitation page's Register form sends it.
async fn register(
    app: &TestApp,
    client: &reqwest::Client,
    token: &str,
    email: &str,
    terms: bool,
) -> reqwest::Response {
    let mut form = vec![
        ("token", token),
        ("first_name", "Ivy"),
        ("last_name", "Invitee"),
        ("email", email),
        ("password", PASSWORD),
    ];
    if terms {
        form.push(("terms", "on"));
    }
    app.post(client, "register_and_accept", &form).await
}

async fn log_in_and_accept(
    app: &TestApp,
    client: &reqwest::Client,
    token: &str,
    email: &str,
) -> Result<CurrentUser, AppError> {
    let form = [("token", token), ("email", email), ("password", PASSWORD)];
    crate::helpers::decode(
        "log_in_and_accept",
        app.post(client, "log_in_and_accept", &form).await,
    )
    .await
}

async fn register_and_accept(
    app: &TestApp,
    client: &reqwest::Client,
    token: &str,
    email: &str,
) -> Result<CurrentUser, AppError> {
    crate::helpers::decode(
        "register_and_accept",
        register(app, client, token, email, true).await,
    )
    .await
}

#[tokio::test]
async fn an_invitation_is_stored_as_a_hash_with_its_email_and_audit_record() {
    let app = TestApp::spawn().await;
    let (owner, _) = agency(&app, "owner@acme.test", "Acme").await;
    let globex = account(&app, &owner, "Globex").await;
    let token = invite(&app, &owner, "Ivy@Client.test", globex).await;

    // 256 random bits, URL-safe base64 without padding.
    assert_eq!(token.len(), 43, "{token}");
    assert!(token
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'));
    let stored: String = sqlx::query_scalar("SELECT token_hash FROM invitations")
        .fetch_one(&mut *app.db().connection().await.unwrap())
        .await
        .unwrap();
    assert_eq!(stored.len(), 64, "a SHA-256 in hex");
    assert_ne!(stored, token);
    let html: String = sqlx::query_scalar("SELECT html_body FROM outbox")
        .fetch_one(&mut *app.db().connection().await.unwrap())
        .await
        .unwrap();
    assert!(html.contains(&format!("/invite/{token}")));
    assert_eq!(
        scalar_i64(
            &app,
            "SELECT COUNT(*) FROM audit_events WHERE action = 'invitation.sent'"
        )
        .await,
        1
    );
    // Valid 7 days by default.
    let window = scalar_i64(&app, "SELECT expires_at - sent_at FROM invitations").await;
    assert_eq!(window, 7 * 24 * 60 * 60 * 1000);
}

#[tokio::test]
async fn registering_from_the_link_lands_in_the_account_with_the_chosen_resources_only() {
    let app = TestApp::spawn().await;
    let (owner, _) = agency(&app, "owner@acme.test", "Acme").await;
    let globex = account(&app, &owner, "Globex").await;
    let spring = resource(&app, &owner, globex, "campaign", "Spring sale").await;
    resource(&app, &owner, globex, "campaign", "Autumn sale").await;
    let form = client_form(
        &["ivy@client.test"],
        globex,
        Some(vec![spring]),
        &["reports", "integrations"],
        true,
    );
    owner
        .call_json::<Vec<CreatedUser>>(&app, "create_users", &form)
        .await
        .unwrap();
    let token = token_from_outbox(&app, "ivy@client.test").await;

    let visitor = new_client();
    let link: InvitationLink = crate::helpers::decode(
        "invitation",
        app.post(&visitor, "invitation", &[("token", token.as_str())])
            .await,
    )
    .await
    .unwrap();
    let InvitationLink::Open(offer) = link else {
        panic!("an open invitation, got {link:?}");
    };
    assert_eq!(offer.target_name, "Globex");
    assert_eq!(offer.inviter_name, "Owen Er");
    assert_eq!(offer.resources, Some(vec!["Spring sale".to_owned()]));
    assert_eq!(offer.switches.len(), 2, "{:?}", offer.switches);
    assert!(
        offer.switches[0].starts_with("Reports: 1 of "),
        "{:?}",
        offer.switches
    );
    assert!(
        offer.switches[1].starts_with("Integrations: 1 of "),
        "{:?}",
        offer.switches
    );

    // Nothing is granted before the explicit accept, and the terms must be agreed to.
    let no_terms = crate::helpers::decode::<CurrentUser>(
        "register_and_accept",
        register(&app, &visitor, &token, "ivy@client.test", false).await,
    )
    .await
    .unwrap_err();
    assert!(no_terms.message_for("terms").is_some(), "{no_terms:?}");
    assert_eq!(
        scalar_i64(&app, "SELECT COUNT(*) FROM memberships").await,
        0
    );

    let user = register_and_accept(&app, &visitor, &token, "ivy@client.test")
        .await
        .unwrap();
    assert!(matches!(&user.place, Some(Place::Account(p)) if p.id == globex));
    let shown: switchboard::domain::ClientAccount = crate::helpers::decode(
        "client_account",
        app.post(&visitor, "client_account", &[("id", globex.to_string())])
            .await,
    )
    .await
    .unwrap();
    let names: Vec<_> = shown.resources.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["Spring sale"]);

    // Single use: a second visitor gets 410 and nothing is created.
    let late = new_client();
    let response = register(&app, &late, &token, "max@client.test", true).await;
    assert_eq!(response.status(), 410);
    assert_eq!(
        scalar_i64(
            &app,
            "SELECT COUNT(*) FROM users WHERE email_normalized = 'max@client.test'"
        )
        .await,
        0
    );
}

#[tokio::test]
async fn a_signed_in_user_accepts_with_another_address_unless_the_agency_requires_the_invited_one()
{
    let app = TestApp::spawn().await;
    let (owner, _) = agency(&app, "owner@acme.test", "Acme").await;
    let globex = account(&app, &owner, "Globex").await;
    let initech = account(&app, &owner, "Initech").await;
    let pat = person(&app, "pat@elsewhere.test").await;

    let token = invite(&app, &owner, "pat@client.test", globex).await;
    let user: CurrentUser = pat
        .call(&app, "accept_invitation", &[("token", token.as_str())])
        .await
        .unwrap();
    assert!(matches!(&user.place, Some(Place::Account(p)) if p.id == globex));

    let saved: Result<(), AppError> = owner
        .call(
            &app,
            "save_invitation_settings",
            &[("valid_days", "3"), ("require_invited_email", "on")],
        )
        .await;
    saved.unwrap();
    let token = invite(&app, &owner, "pat@client.test", initech).await;
    let window = scalar_i64(
        &app,
        "SELECT expires_at - sent_at FROM invitations WHERE status = 'pending'",
    )
    .await;
    assert_eq!(window, 3 * 24 * 60 * 60 * 1000);
    let refused = pat
        .call::<CurrentUser>(&app, "accept_invitation", &[("token", token.as_str())])
        .await
        .unwrap_err();
    let AppError::Forbidden(message) = refused else {
        panic!("refused with a message, got {refused:?}");
    };
    assert!(
        message.contains("pat@client.test") && message.contains("pat@elsewhere.test"),
        "{message}"
    );
    let still_open: InvitationLink = pat
        .call(&app, "invitation", &[("token", token.as_str())])
        .await
        .unwrap();
    assert!(matches!(still_open, InvitationLink::Open(_)));
}

#[tokio::test]
async fn staff_invitations_always_need_the_invited_address_and_logging_in_accepts() {
    let app = TestApp::spawn().await;
    let (owner, agency_id) = agency(&app, "owner@acme.test", "Acme").await;
    person(&app, "sue@acme.test").await;
    owner
        .call_json::<Vec<CreatedUser>>(
            &app,
            "create_users",
            &staff_form(&["sue@acme.test"], "Admin"),
        )
        .await
        .unwrap();
    let token = token_from_outbox(&app, "sue@acme.test").await;
    // Someone else, logging in with their own account, is refused and not signed in.
    person(&app, "mallory@acme.test").await;
    let mallory = new_client();
    let refused = log_in_and_accept(&app, &mallory, &token, "mallory@acme.test")
        .await
        .unwrap_err();
    assert!(matches!(refused, AppError::Forbidden(_)), "{refused:?}");
    assert!(crate::helpers::me(&app, &mallory).await.is_none());

    let sue = new_client();
    let user: CurrentUser = log_in_and_accept(&app, &sue, &token, "SUE@acme.test")
        .await
        .unwrap();
    let agency = user.agency().expect("working in the agency now");
    assert_eq!(agency.id, agency_id);
    assert_eq!(agency.role, switchboard::domain::StaffRole::Admin);
}

#[tokio::test]
async fn resend_rotates_the_token_and_cancel_kills_the_link() {
    let app = TestApp::spawn().await;
    let (owner, _) = agency(&app, "owner@acme.test", "Acme").await;
    let globex = account(&app, &owner, "Globex").await;
    let old = invite(&app, &owner, "ivy@client.test", globex).await;
    let pending: Listing<PendingInvite> = owner.call(&app, "pending_invites", &()).await.unwrap();
    assert_eq!(pending.items.len(), 1);
    let id = pending.items[0].id;
    assert_eq!(pending.items[0].target, "Globex");

    owner
        .call::<()>(&app, "resend_invite", &[("id", id.to_string())])
        .await
        .unwrap();
    let new = token_from_outbox(&app, "ivy@client.test").await;
    assert_ne!(old, new);
    let visitor = new_client();
    let old_link: InvitationLink = crate::helpers::decode(
        "invitation",
        app.post(&visitor, "invitation", &[("token", old.as_str())])
            .await,
    )
    .await
    .unwrap();
    assert_eq!(old_link, InvitationLink::Unknown);
    assert_eq!(
        register_and_accept(&app, &visitor, &old, "ivy@client.test")
            .await
            .unwrap_err(),
        AppError::NotFound
    );

    owner
        .call::<()>(&app, "cancel_invite", &[("id", id.to_string())])
        .await
        .unwrap();
    let response = register(&app, &visitor, &new, "ivy@client.test", true).await;
    assert_eq!(response.status(), 410);
    let link: InvitationLink = owner
        .call(&app, "invitation", &[("token", new.as_str())])
        .await
        .unwrap();
    assert!(matches!(link, InvitationLink::Cancelled { .. }));
    let pending: Listing<PendingInvite> = owner.call(&app, "pending_invites", &()).await.unwrap();
    assert!(pending.items.is_empty());
    // Cancelled is final: neither Resend nor Cancel again.
    let again = owner
        .call::<()>(&app, "resend_invite", &[("id", id.to_string())])
        .await
        .unwrap_err();
    assert!(matches!(again, AppError::Gone(_)), "{again:?}");
    let actions = scalar_i64(
        &app,
        "SELECT COUNT(*) FROM audit_events WHERE action IN ('invitation.resent', 'invitation.cancelled')",
    )
    .await;
    assert_eq!(actions, 2);
}

#[tokio::test]
async fn expiry_is_checked_at_accept_time_and_the_invitee_can_ask_for_a_new_link_once() {
    let app = TestApp::spawn().await;
    let (owner, _) = agency(&app, "owner@acme.test", "Acme").await;
    let globex = account(&app, &owner, "Globex").await;
    let token = invite(&app, &owner, "ivy@client.test", globex).await;
    // The clock moves on: the link's validity ends (through the database, not by sleeping).
    sql(
        &app,
        "UPDATE invitations SET expires_at = sent_at - 1".to_owned(),
    )
    .await;

    let visitor = new_client();
    let link: InvitationLink = crate::helpers::decode(
        "invitation",
        app.post(&visitor, "invitation", &[("token", token.as_str())])
            .await,
    )
    .await
    .unwrap();
    assert_eq!(
        link,
        InvitationLink::Expired {
            target_name: "Globex".into()
        }
    );
    let refused = register_and_accept(&app, &visitor, &token, "ivy@client.test")
        .await
        .unwrap_err();
    assert!(matches!(refused, AppError::Gone(_)), "{refused:?}");
    assert_eq!(
        scalar_i64(&app, "SELECT COUNT(*) FROM users").await,
        1,
        "no user was created"
    );

    for _ in 0..3 {
        crate::helpers::decode::<()>(
            "ask_for_new_invitation",
            app.post(
                &visitor,
                "ask_for_new_invitation",
                &[("token", token.as_str())],
            )
            .await,
        )
        .await
        .unwrap();
    }
    let notes = scalar_i64(
        &app,
        "SELECT COUNT(*) FROM outbox WHERE recipient = 'owner@acme.test'",
    )
    .await;
    assert_eq!(notes, 1, "the inviter is told once");
    let pending: Listing<PendingInvite> = owner.call(&app, "pending_invites", &()).await.unwrap();
    assert!(pending.items[0].renewal_asked);
    // Resend gives a fresh window; the new link works.
    owner
        .call::<()>(
            &app,
            "resend_invite",
            &[("id", pending.items[0].id.to_string())],
        )
        .await
        .unwrap();
    let fresh = token_from_outbox(&app, "ivy@client.test").await;
    register_and_accept(&app, &visitor, &fresh, "ivy@client.test")
        .await
        .unwrap();
}

#[tokio::test]
async fn one_pending_invitation_per_address_and_target() {
    let app = TestApp::spawn().await;
    let (owner, _) = agency(&app, "owner@acme.test", "Acme").await;
    let globex = account(&app, &owner, "Globex").await;
    let initech = account(&app, &owner, "Initech").await;
    invite(&app, &owner, "ivy@client.test", globex).await;
    let default = default_keys();
    let again = owner
        .call_json::<Vec<CreatedUser>>(
            &app,
            "create_users",
            &client_form(&["IVY@client.test"], globex, None, &default, true),
        )
        .await
        .unwrap_err();
    let message = again
        .message_for("emails[0]")
        .expect("told next to the address");
    assert!(message.contains("Already invited to Globex"), "{message}");
    // Another account is another target.
    invite(&app, &owner, "ivy@client.test", initech).await;
    // The partial unique index holds even against a write that skips the check.
    let duplicate = sqlx::query(
        "INSERT INTO invitations (id, agency_id, client_account_id, target, email, email_normalized, \
                                  token_hash, created_at, sent_at, expires_at) \
         SELECT 'x', agency_id, client_account_id, target, email, email_normalized, 'other', 1, 1, \
                expires_at FROM invitations WHERE client_account_id = $1",
    )
    .bind(globex.to_string())
    .execute(&mut *app.db().connection().await.unwrap())
    .await;
    assert!(duplicate.is_err(), "a second pending invitation was stored");
}

#[tokio::test]
async fn bad_addresses_in_a_bulk_invite_are_reported_one_by_one() {
    let app = TestApp::spawn().await;
    let (owner, _) = agency(&app, "owner@acme.test", "Acme").await;
    let globex = account(&app, &owner, "Globex").await;
    let ann = person(&app, "ann@client.test").await;
    member(&app, &ann, globex, None, None).await;
    let default = default_keys();
    let emails = [
        "bob@client.test",
        "not an address",
        "BOB@client.test",
        "ann@client.test",
        "cy@client.test",
    ];
    let checks: Vec<EmailCheck> = owner
        .call_json(
            &app,
            "check_new_users",
            &client_form(&emails, globex, None, &default, true),
        )
        .await
        .unwrap();
    let problems: Vec<bool> = checks.iter().map(|c| c.problem.is_some()).collect();
    assert_eq!(problems, [false, true, true, true, false], "{checks:?}");
    assert_eq!(
        checks[3].problem.as_deref(),
        Some("Already a member of Globex.")
    );

    // Sent as typed, nothing is created and each bad address is named.
    let refused = owner
        .call_json::<Vec<CreatedUser>>(
            &app,
            "create_users",
            &client_form(&emails, globex, None, &default, true),
        )
        .await
        .unwrap_err();
    let AppError::Invalid(fields) = refused else {
        panic!("field errors expected");
    };
    let named: Vec<_> = fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(named, ["emails[1]", "emails[2]"]);
    assert_eq!(
        scalar_i64(&app, "SELECT COUNT(*) FROM invitations").await,
        0
    );

    // After confirming, the valid ones go ahead.
    let created: Vec<CreatedUser> = owner
        .call_json(
            &app,
            "create_users",
            &client_form(
                &["bob@client.test", "cy@client.test"],
                globex,
                None,
                &default,
                true,
            ),
        )
        .await
        .unwrap();
    assert_eq!(created.len(), 2);
    assert_eq!(scalar_i64(&app, "SELECT COUNT(*) FROM outbox").await, 2);
}

#[tokio::test]
async fn staff_cannot_invite_staff_and_a_manager_grants_at_most_what_they_hold() {
    let app = TestApp::spawn().await;
    let (owner, agency_id) = agency(&app, "owner@acme.test", "Acme").await;
    let globex = account(&app, &owner, "Globex").await;
    let initech = account(&app, &owner, "Initech").await;
    let spring = resource(&app, &owner, globex, "campaign", "Spring").await;
    let autumn = resource(&app, &owner, globex, "campaign", "Autumn").await;
    let sam = staff(&app, agency_id, "sam@acme.test", "staff").await;
    let refused = sam
        .call_json::<Vec<CreatedUser>>(&app, "create_users", &staff_form(&["x@acme.test"], "Staff"))
        .await
        .unwrap_err();
    assert!(matches!(refused, AppError::Forbidden(_)), "{refused:?}");
    let admin = staff(&app, agency_id, "ada@acme.test", "admin").await;
    let refused = admin
        .call_json::<Vec<CreatedUser>>(&app, "create_users", &staff_form(&["x@acme.test"], "Admin"))
        .await
        .unwrap_err();
    assert!(
        matches!(refused, AppError::Forbidden(_)),
        "only owners make admins: {refused:?}"
    );

    // A client manager: Default switches (with Manage account users) and one resource of Globex.
    let mia = person(&app, "mia@globex.test").await;
    member(&app, &mia, globex, Some(&[spring]), None).await;
    let default = default_keys();
    let within: Vec<CreatedUser> = mia
        .call_json(
            &app,
            "create_users",
            &client_form(
                &["a@globex.test"],
                globex,
                Some(vec![spring]),
                &default,
                true,
            ),
        )
        .await
        .unwrap();
    assert_eq!(within.len(), 1);
    for (form, what) in [
        (
            client_form(&["b@globex.test"], initech, Some(vec![]), &default, true),
            "another account",
        ),
        (
            client_form(
                &["b@globex.test"],
                globex,
                Some(vec![autumn]),
                &default,
                true,
            ),
            "a resource beyond theirs",
        ),
        (
            client_form(&["b@globex.test"], globex, None, &default, true),
            "all resources",
        ),
        (
            client_form(
                &["b@globex.test"],
                globex,
                Some(vec![spring]),
                &["messages.send"],
                true,
            ),
            "a switch they lack",
        ),
    ] {
        let refused = mia
            .call_json::<Vec<CreatedUser>>(&app, "create_users", &form)
            .await
            .unwrap_err();
        assert!(
            matches!(refused, AppError::Forbidden(_) | AppError::NotFound),
            "{what}: {refused:?}"
        );
    }
    assert_eq!(
        scalar_i64(&app, "SELECT COUNT(*) FROM invitations").await,
        1
    );
}

#[tokio::test]
async fn without_email_existing_users_get_access_at_once_and_new_ones_a_profile_to_complete() {
    let app = TestApp::spawn().await;
    let (owner, _) = agency(&app, "owner@acme.test", "Acme").await;
    let globex = account(&app, &owner, "Globex").await;
    let pat = person(&app, "pat@client.test").await;
    let default = default_keys();
    let created: Vec<CreatedUser> = owner
        .call_json(
            &app,
            "create_users",
            &client_form(
                &["pat@client.test", "new@client.test"],
                globex,
                None,
                &default,
                false,
            ),
        )
        .await
        .unwrap();
    assert!(matches!(&created[0], CreatedUser::Added { email, .. } if email == "pat@client.test"));
    let CreatedUser::ProfileToComplete { user_id, .. } = created[1].clone() else {
        panic!("a profile to complete: {created:?}");
    };
    assert_eq!(
        scalar_i64(&app, "SELECT COUNT(*) FROM outbox").await,
        0,
        "no email"
    );
    let me = pat.me(&app).await;
    assert!(me
        .places
        .iter()
        .any(|p| matches!(p, Place::Account(a) if a.id == globex)));

    let form = [
        ("user_id", user_id.to_string()),
        ("first_name", "Nia".to_owned()),
        ("last_name", "New".to_owned()),
    ];
    let complete =
        || owner.call::<switchboard::domain::CompletedProfile>(&app, "complete_profile", &form);
    let done = complete().await.unwrap();
    // Shown once: completing again is refused.
    assert_eq!(complete().await.unwrap_err(), AppError::NotFound);
    let nia = new_client();
    let user: CurrentUser = crate::helpers::decode(
        "log_in",
        app.post(
            &nia,
            "log_in",
            &[
                ("email", "new@client.test"),
                ("password", done.initial_password.as_str()),
            ],
        )
        .await,
    )
    .await
    .unwrap();
    assert!(user.must_change_password);
    crate::helpers::decode::<()>(
        "change_password",
        app.post(
            &nia,
            "change_password",
            &[
                ("current_password", done.initial_password.as_str()),
                ("new_password", "my own good password"),
            ],
        )
        .await,
    )
    .await
    .unwrap();
    assert!(
        !crate::helpers::me(&app, &nia)
            .await
            .unwrap()
            .must_change_password
    );
}

#[tokio::test]
async fn the_invitation_its_email_and_its_audit_record_are_written_together_or_not_at_all() {
    let app = TestApp::spawn().await;
    let (owner, _) = agency(&app, "owner@acme.test", "Acme").await;
    let globex = account(&app, &owner, "Globex").await;
    // The last write of the three fails, as a crash would stop it.
    let trigger = match app.db().backend() {
        switchboard::domain::DbBackend::Sqlite => vec![
            "CREATE TRIGGER no_audit BEFORE INSERT ON audit_events BEGIN SELECT RAISE(ABORT, 'down'); END",
        ],
        switchboard::domain::DbBackend::Postgres => vec![
            "CREATE FUNCTION no_audit() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'down'; END $$ LANGUAGE plpgsql",
            "CREATE TRIGGER no_audit BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION no_audit()",
        ],
    };
    for statement in trigger {
        sql(&app, statement.to_owned()).await;
    }
    let default = default_keys();
    let failed = owner
        .call_json::<Vec<CreatedUser>>(
            &app,
            "create_users",
            &client_form(&["ivy@client.test"], globex, None, &default, true),
        )
        .await
        .unwrap_err();
    assert_eq!(failed, AppError::Internal);
    assert_eq!(
        scalar_i64(&app, "SELECT COUNT(*) FROM invitations").await,
        0
    );
    assert_eq!(scalar_i64(&app, "SELECT COUNT(*) FROM outbox").await, 0);
}

/// Many accepts of one link at once, each by another signed-in user, spread over `apps`.
async fn race(apps: &[&TestApp], owner: &Person, account: Uuid) {
    let app = apps[0];
    let token = invite(app, owner, "race@client.test", account).await;
    let mut people = Vec::new();
    for n in 0..50 {
        people.push(person(app, &format!("racer{n}@client.test")).await);
    }
    // Each request owns what it needs, so all can run at once on the runtime's threads.
    let calls = people.iter().enumerate().map(|(n, racer)| {
        let url = format!("{}/api/accept_invitation", apps[n % apps.len()].address);
        let (client, token) = (racer.client.clone(), token.clone());
        async move {
            client
                .post(url)
                .header("accept", "application/json")
                .form(&[("token", token)])
                .send()
                .await
                .expect("answered")
                .status()
                .as_u16()
        }
    });
    let statuses = futures_join_all(calls).await;
    let won = statuses.iter().filter(|s| **s == 200).count();
    let lost = statuses.iter().filter(|s| matches!(**s, 409 | 410)).count();
    assert_eq!((won, lost), (1, 49), "{statuses:?}");
    assert_eq!(scalar_i64(app, "SELECT COUNT(*) FROM memberships").await, 1);
}

async fn futures_join_all<F: std::future::Future<Output = u16> + Send + 'static>(
    calls: impl Iterator<Item = F>,
) -> Vec<u16> {
    let handles: Vec<_> = calls.map(tokio::spawn).collect();
    let mut statuses = Vec::new();
    for handle in handles {
        statuses.push(handle.await.unwrap());
    }
    statuses
}

#[tokio::test]
async fn fifty_parallel_accepts_of_one_link_make_exactly_one_membership() {
    let app = TestApp::spawn().await;
    let (owner, _) = agency(&app, "owner@acme.test", "Acme").await;
    let globex = account(&app, &owner, "Globex").await;
    // Two instances on one database where the backend allows several (PostgreSQL); SQLite has one.
    match app.db().backend() {
        switchboard::domain::DbBackend::Postgres => {
            let second = app.second_instance().await;
            race(&[&app, &second], &owner, globex).await;
        }
        switchboard::domain::DbBackend::Sqlite => race(&[&app], &owner, globex).await,
    }
}

/// The emails of the client users a search finds.
async fn found(app: &TestApp, owner: &Person, search: &str) -> Vec<String> {
    let listing: Listing<switchboard::domain::ClientUser> = owner
        .read(app, "client_users", &[("search", search)])
        .await
        .unwrap();
    listing
        .items
        .iter()
        .map(|user| user.email.clone())
        .collect()
}

#[tokio::test]
async fn a_search_finds_any_part_of_a_name_or_address_and_follows_renames() {
    let app = TestApp::spawn().await;
    let (owner, _) = agency(&app, "owner@acme.test", "Acme").await;
    let globex = account(&app, &owner, "Globex").await;
    let max = person(&app, "max@client.test").await;
    member(&app, &max, globex, None, None).await;
    let zoe = person(&app, "zoe@other.test").await;
    member(&app, &zoe, globex, None, None).await;
    // A registered person outside the agency is never found.
    person(&app, "max@outside.test").await;

    // The middle of an address, any case (the trigram index: three characters or more).
    assert_eq!(found(&app, &owner, "CLIENT.te").await, ["max@client.test"]);
    // Shorter text is looked for row by row, with the same meaning.
    assert_eq!(found(&app, &owner, "x@").await, ["max@client.test"]);
    assert_eq!(found(&app, &owner, "pat doe").await.len(), 2);
    // Characters that mean something to LIKE or to FTS5 match only themselves.
    for literal in ["%", "a\"b", "_oe", "*", "NEAR(", "x\"@"] {
        assert!(found(&app, &owner, literal).await.is_empty(), "{literal}");
    }

    max.call::<()>(
        &app,
        "update_name",
        &[("first_name", "Maxime"), ("last_name", "Zola")],
    )
    .await
    .unwrap();
    assert_eq!(found(&app, &owner, "maxime z").await, ["max@client.test"]);
    assert_eq!(found(&app, &owner, "pat doe").await, ["zoe@other.test"]);
}

#[tokio::test]
async fn the_users_page_lists_client_users_with_their_accounts_and_remove_ends_access() {
    let app = TestApp::spawn().await;
    let (owner, _) = agency(&app, "owner@acme.test", "Acme").await;
    let globex = account(&app, &owner, "Globex").await;
    let initech = account(&app, &owner, "Initech").await;
    let max = person(&app, "max@client.test").await;
    member(&app, &max, globex, None, None).await;
    member(&app, &max, initech, None, None).await;
    let zoe = person(&app, "zoe@other.test").await;
    member(&app, &zoe, globex, None, None).await;

    let all: Listing<switchboard::domain::ClientUser> =
        owner.read(&app, "client_users", &[]).await.unwrap();
    assert_eq!(all.items.len(), 2);
    let found: Listing<switchboard::domain::ClientUser> = owner
        .read(&app, "client_users", &[("search", "MAX@")])
        .await
        .unwrap();
    assert_eq!(found.items.len(), 1);
    let names: Vec<_> = found.items[0]
        .accounts
        .iter()
        .map(|a| a.name.as_str())
        .collect();
    assert_eq!(names, ["Globex", "Initech"]);

    owner
        .call::<()>(
            &app,
            "remove_client_user",
            &[
                ("user_id", max.id.to_string()),
                ("accounts[0]", globex.to_string()),
            ],
        )
        .await
        .unwrap();
    let of_globex: Listing<switchboard::domain::ClientUser> = owner
        .read(&app, "client_users", &[("account_id", &globex.to_string())])
        .await
        .unwrap();
    assert_eq!(of_globex.items.len(), 1);
    assert_eq!(of_globex.items[0].email, "zoe@other.test");
    // A client without "Manage account users" sees neither list.
    let refused = zoe
        .read::<Listing<switchboard::domain::ClientUser>>(
            &app,
            "client_users",
            &[("account_id", &globex.to_string())],
        )
        .await;
    assert!(
        refused.is_ok(),
        "zoe has the Default switches, which manage users"
    );
}
