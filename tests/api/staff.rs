//! Staff roles: only Owners and Admins change them, only Owners touch ownership, and an agency
//! always keeps an owner.

use crate::agency::{account, agency, staff, Person};
use crate::helpers::TestApp;
use switchboard::domain::{AccountSummary, AppError, Page, StaffList, StaffRole};
use uuid::Uuid;

async fn set_role(app: &TestApp, by: &Person, who: &Person, role: &str) -> Result<(), AppError> {
    by.call(
        app,
        "change_staff_role",
        &[("user_id", who.id.to_string()), ("role", role.into())],
    )
    .await
}

async fn roles(app: &TestApp, by: &Person) -> Vec<(String, StaffRole)> {
    let list: StaffList = by
        .call(app, "staff_members", &[("after", "")])
        .await
        .unwrap();
    list.members
        .iter()
        .map(|m| (m.email.clone(), m.role))
        .collect()
}

#[tokio::test]
async fn staff_cannot_promote_anyone_and_admins_cannot_make_owners() {
    let app = TestApp::spawn().await;
    let (owner, acme) = agency(&app, "owner@acme.test", "Acme").await;
    let sam = staff(&app, acme, "sam@acme.test", "staff").await;
    let sue = staff(&app, acme, "sue@acme.test", "staff").await;
    let ada = staff(&app, acme, "ada@acme.test", "admin").await;

    assert!(matches!(
        set_role(&app, &sam, &sue, "admin").await,
        Err(AppError::Forbidden(_))
    ));
    assert!(matches!(
        set_role(&app, &sam, &sam, "admin").await,
        Err(AppError::Forbidden(_))
    ));
    assert!(matches!(
        set_role(&app, &ada, &sue, "owner").await,
        Err(AppError::Forbidden(_))
    ));
    assert!(matches!(
        set_role(&app, &ada, &owner, "staff").await,
        Err(AppError::Forbidden(_))
    ));
    assert!(matches!(
        sam.call::<StaffList>(&app, "staff_members", &[("after", "")])
            .await,
        Err(AppError::Forbidden(_))
    ));

    set_role(&app, &ada, &sue, "admin").await.unwrap();
    let roles = roles(&app, &owner).await;
    assert!(roles.contains(&("sue@acme.test".into(), StaffRole::Admin)));
    assert!(roles.contains(&("sam@acme.test".into(), StaffRole::Staff)));
    assert_eq!(
        roles[0],
        ("owner@acme.test".into(), StaffRole::Owner),
        "owners first"
    );
}

#[tokio::test]
async fn the_last_owner_can_neither_be_demoted_nor_leave() {
    let app = TestApp::spawn().await;
    let (owner, acme) = agency(&app, "owner@acme.test", "Acme").await;
    let ada = staff(&app, acme, "ada@acme.test", "admin").await;

    let leave = owner
        .call::<()>(
            &app,
            "remove_staff_member",
            &[("user_id", owner.id.to_string())],
        )
        .await;
    assert!(matches!(leave, Err(AppError::Forbidden(_))), "{leave:?}");

    // With a second owner, the first may step down.
    set_role(&app, &owner, &ada, "owner").await.unwrap();
    let demote_self_via_other = set_role(&app, &ada, &owner, "admin").await;
    assert_eq!(demote_self_via_other, Ok(()));
    let last = set_role(&app, &owner, &ada, "staff").await;
    assert!(
        matches!(last, Err(AppError::Forbidden(_))),
        "an admin cannot demote the owner"
    );
    let alone = ada
        .call::<()>(
            &app,
            "remove_staff_member",
            &[("user_id", ada.id.to_string())],
        )
        .await;
    assert!(
        matches!(alone, Err(AppError::Forbidden(_))),
        "the last owner cannot leave"
    );
}

#[tokio::test]
async fn ownership_is_transferred_in_one_step() {
    let app = TestApp::spawn().await;
    let (owner, acme) = agency(&app, "owner@acme.test", "Acme").await;
    let ada = staff(&app, acme, "ada@acme.test", "admin").await;

    assert!(matches!(
        ada.call::<()>(
            &app,
            "transfer_ownership",
            &[("user_id", ada.id.to_string())]
        )
        .await,
        Err(AppError::Forbidden(_))
    ));
    owner
        .call::<()>(
            &app,
            "transfer_ownership",
            &[("user_id", ada.id.to_string())],
        )
        .await
        .unwrap();

    let roles = roles(&app, &ada).await;
    assert!(roles.contains(&("ada@acme.test".into(), StaffRole::Owner)));
    assert!(roles.contains(&("owner@acme.test".into(), StaffRole::Admin)));
}

async fn assign(
    app: &TestApp,
    by: &Person,
    to: &Person,
    account: Uuid,
    assigned: &str,
) -> Result<(), AppError> {
    by.call(
        app,
        "assign_client_account",
        &[
            ("user_id", to.id.to_string()),
            ("account_id", account.to_string()),
            ("assigned", assigned.to_owned()),
        ],
    )
    .await
}

#[tokio::test]
async fn assigning_an_account_to_staff_shows_it_to_them_on_their_next_request() {
    let app = TestApp::spawn().await;
    let (owner, acme) = agency(&app, "owner@acme.test", "Acme").await;
    let globex = account(&app, &owner, "Globex").await;
    let sam = staff(&app, acme, "sam@acme.test", "staff").await;
    let list = |who: &Person| {
        let who_client = who.client.clone();
        let address = app.address.clone();
        async move {
            let response = who_client
                .post(format!("{address}/api/client_accounts"))
                .header("accept", "application/json")
                .form(&[("search", ""), ("archived", "false"), ("after", "")])
                .send()
                .await
                .unwrap();
            response
                .json::<Page<AccountSummary>>()
                .await
                .unwrap()
                .items
                .len()
        }
    };
    assert_eq!(list(&sam).await, 0);

    assign(&app, &owner, &sam, globex, "true").await.unwrap();
    assert_eq!(list(&sam).await, 1);
    assign(&app, &owner, &sam, globex, "false").await.unwrap();
    assert_eq!(list(&sam).await, 0);

    let by_staff = sam
        .call::<()>(
            &app,
            "assign_client_account",
            &[
                ("user_id", sam.id.to_string()),
                ("account_id", globex.to_string()),
                ("assigned", "true".into()),
            ],
        )
        .await;
    assert!(matches!(by_staff, Err(AppError::Forbidden(_))));
    let unknown = owner
        .call::<()>(
            &app,
            "assign_client_account",
            &[
                ("user_id", Uuid::new_v4().to_string()),
                ("account_id", globex.to_string()),
                ("assigned", "true".into()),
            ],
        )
        .await;
    assert_eq!(unknown, Err(AppError::NotFound));
}

#[tokio::test]
async fn the_staff_list_pages_by_keyset_owners_first() {
    let app = TestApp::spawn().await;
    let (owner, acme) = agency(&app, "owner@acme.test", "Acme").await;
    for n in 0..60 {
        staff(
            &app,
            acme,
            &format!("s{n:02}@acme.test"),
            if n % 10 == 0 { "admin" } else { "staff" },
        )
        .await;
    }

    let mut seen = Vec::new();
    let mut after = String::new();
    loop {
        let page: StaffList = owner
            .call(&app, "staff_members", &[("after", after.as_str())])
            .await
            .unwrap();
        assert!(page.members.len() <= switchboard::domain::PAGE_SIZE);
        seen.extend(page.members.iter().map(|m| (m.role, m.user_id)));
        match page.next {
            Some(next) => after = next,
            None => break,
        }
    }

    assert_eq!(seen.len(), 61, "everyone once");
    let mut ids: Vec<_> = seen.iter().map(|(_, id)| *id).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 61);
    let ranks: Vec<_> = seen.iter().map(|(role, _)| *role as u8).collect();
    assert!(
        ranks.windows(2).all(|w| w[0] <= w[1]),
        "owners, then admins, then staff"
    );
    let bad = owner
        .call::<StaffList>(&app, "staff_members", &[("after", "garbage")])
        .await;
    assert!(bad.unwrap_err().message_for("after").is_some());
}
