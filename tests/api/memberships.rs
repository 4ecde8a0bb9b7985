//! Memberships from the client's side: the resources in scope, no access, and the account switcher.

use crate::agency::{account, agency, member, person, resource, sql};
use crate::clients::{count, get};
use crate::helpers::TestApp;
use switchboard::domain::{AppError, CurrentUser, Place};
use uuid::Uuid;

#[tokio::test]
async fn a_client_member_sees_only_the_resources_in_scope_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let (owner, _) = agency(&app, "owner@acme.test", "Acme").await;
    let globex = account(&app, &owner, "Globex").await;
    let spring = resource(&app, &owner, globex, "campaign", "Spring").await;
    resource(&app, &owner, globex, "campaign", "Autumn").await;
    let cleo = person(&app, "cleo@globex.test").await;
    member(&app, &cleo, globex, Some(&[spring]), None).await;

    let seen = get(&app, &cleo, globex).await.unwrap();
    let names: Vec<_> = seen.resources.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["Spring"]);
    assert!(!seen.editable);
    let me = cleo.me(&app).await;
    assert!(
        matches!(me.place, Some(Place::Account(ref a)) if a.id == globex && a.agency_name == "Acme")
    );
    let edit = cleo
        .call::<Uuid>(
            &app,
            "add_resource",
            &[
                ("account_id", globex.to_string().as_str()),
                ("kind", "campaign"),
                ("name", "Mine"),
            ],
        )
        .await;
    assert!(matches!(edit, Err(AppError::Forbidden(_))));
    assert_eq!(count(&app, "resources").await, 2);
}

#[tokio::test]
async fn an_ended_or_empty_membership_gives_no_access() {
    let app = TestApp::spawn().await;
    let (owner, _) = agency(&app, "owner@acme.test", "Acme").await;
    let globex = account(&app, &owner, "Globex").await;
    let initech = account(&app, &owner, "Initech").await;
    let cleo = person(&app, "cleo@globex.test").await;
    member(&app, &cleo, globex, None, Some(1)).await; // ended long ago
    member(&app, &cleo, initech, Some(&[]), None).await; // no resources chosen

    let me = cleo.me(&app).await;

    assert_eq!(me.place, None, "No access yet");
    assert!(me.places.is_empty());
    assert_eq!(get(&app, &cleo, globex).await, Err(AppError::NotFound));
    assert_eq!(get(&app, &cleo, initech).await, Err(AppError::NotFound));
}

#[tokio::test]
async fn the_switcher_lists_agencies_in_the_order_joined_then_accounts_by_name() {
    let app = TestApp::spawn().await;
    let (owner, acme) = agency(&app, "owner@acme.test", "Acme").await;
    let (_, umbrella) = agency(&app, "owner@umbrella.test", "Umbrella").await;
    let zeta = account(&app, &owner, "Zeta").await;
    let alpha = account(&app, &owner, "alpha").await;
    let pat = person(&app, "pat@example.test").await;
    for (agency_id, joined) in [(umbrella, 1), (acme, 2)] {
        sql(
            &app,
            format!(
                "INSERT INTO staff_members (agency_id, user_id, role, created_at) \
                 VALUES ('{agency_id}', '{}', 'staff', {joined})",
                pat.id
            ),
        )
        .await;
    }
    member(&app, &pat, zeta, None, None).await;
    member(&app, &pat, alpha, None, None).await;

    let me = pat.me(&app).await;
    let names: Vec<_> = me.places.iter().map(|p| p.name().to_owned()).collect();
    assert_eq!(names, ["Umbrella", "Acme", "alpha", "Zeta"]);
    assert_eq!(me.place.as_ref().map(Place::name), Some("Umbrella"));
}

#[tokio::test]
async fn the_account_switcher_moves_between_places_and_remembers_the_choice() {
    let app = TestApp::spawn().await;
    let (owner, _) = agency(&app, "owner@acme.test", "Acme").await;
    let globex = account(&app, &owner, "Globex").await;
    let initech = account(&app, &owner, "Initech").await;
    let archived = account(&app, &owner, "Archived Co").await;
    let cleo = person(&app, "cleo@globex.test").await;
    for id in [globex, initech, archived] {
        member(&app, &cleo, id, None, None).await;
    }
    owner
        .call::<()>(
            &app,
            "archive_client_account",
            &[("id", archived.to_string().as_str()), ("archived", "true")],
        )
        .await
        .unwrap();

    let me = cleo.me(&app).await;
    let names: Vec<_> = me.places.iter().map(|p| p.name().to_owned()).collect();
    assert_eq!(
        names,
        ["Globex", "Initech"],
        "archived accounts leave the switcher"
    );
    assert_eq!(me.place.as_ref().map(Place::name), Some("Globex"));

    let moved: CurrentUser = cleo
        .call(
            &app,
            "switch_place",
            &[("place", format!("account:{initech}"))],
        )
        .await
        .unwrap();
    assert_eq!(moved.place.as_ref().map(Place::name), Some("Initech"));
    assert_eq!(
        cleo.me(&app).await.place.as_ref().map(Place::name),
        Some("Initech"),
        "remembered"
    );

    for foreign in [
        format!("account:{archived}"),
        format!("account:{}", Uuid::new_v4()),
        "agency:x".into(),
    ] {
        let refused = cleo
            .call::<CurrentUser>(&app, "switch_place", &[("place", foreign)])
            .await;
        assert_eq!(refused, Err(AppError::NotFound));
    }
}
