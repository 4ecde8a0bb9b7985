//! The Users page's list of client users: pages of 50 counted in people (not memberships), each
//! with the accounts the viewer covers.

use crate::agency::{account, agency, assign, sql, staff, Person};
use crate::helpers::TestApp;
use switchboard::domain::{ClientUser, Listing, PAGE_SIZE};
use uuid::Uuid;

/// Every page of the list as `viewer`: (email, account names) per user, in order.
async fn every_page(app: &TestApp, viewer: &Person) -> (usize, Vec<(String, Vec<String>)>) {
    let (mut pages, mut seen, mut after) = (0, Vec::new(), String::new());
    loop {
        let page: Listing<ClientUser> = viewer
            .call(app, "client_users", &[("search", ""), ("after", &after)])
            .await
            .unwrap();
        assert!(page.items.len() <= PAGE_SIZE);
        pages += 1;
        seen.extend(page.items.iter().cloned().map(|user| {
            let accounts = user.accounts.into_iter().map(|a| a.name).collect();
            (user.email, accounts)
        }));
        match page.next {
            Some(next) => after = next,
            None => return (pages, seen),
        }
    }
}

#[tokio::test]
async fn the_list_pages_by_name_counting_people_and_shows_only_the_accounts_the_viewer_covers() {
    let app = TestApp::spawn().await;
    let (owner, agency_id) = agency(&app, "owner@acme.test", "Acme").await;
    let globex = account(&app, &owner, "Globex").await;
    let initech = account(&app, &owner, "Initech").await;
    // 60 client users, written directly: this test is about reading them. Each is in Globex; the
    // odd ones in Initech too, so a page of 50 people holds more than 50 memberships.
    let (mut users, mut memberships) = (Vec::new(), Vec::new());
    for n in 0..60 {
        let id = Uuid::new_v4();
        users.push(format!(
            "('{id}', 'user{n:02}@client.test', 'user{n:02}@client.test', 'Pat', 'User {n:02}', 'x', 1, 1)"
        ));
        let mut accounts = vec![globex];
        if n % 2 == 1 {
            accounts.push(initech);
        }
        for account in accounts {
            memberships.push(format!("('{}', '{id}', '{account}', 1, 1)", Uuid::new_v4()));
        }
    }
    sql(
        &app,
        format!(
            "INSERT INTO users (id, email, email_normalized, first_name, last_name, password_hash, \
             created_at, updated_at) VALUES {}",
            users.join(", ")
        ),
    )
    .await;
    sql(
        &app,
        format!(
            "INSERT INTO memberships (id, user_id, client_account_id, all_resources, created_at) \
             VALUES {}",
            memberships.join(", ")
        ),
    )
    .await;

    let (pages, seen) = every_page(&app, &owner).await;
    assert_eq!(pages, 2, "50 people, then 10");
    let expected: Vec<_> = (0..60)
        .map(|n| {
            let accounts: &[&str] = if n % 2 == 1 {
                &["Globex", "Initech"]
            } else {
                &["Globex"]
            };
            let accounts = accounts.iter().map(|name| name.to_string()).collect();
            (format!("user{n:02}@client.test"), accounts)
        })
        .collect();
    assert_eq!(
        seen, expected,
        "each person once, in name order, with their accounts"
    );

    // Staff assigned to Initech see its members only, and only Initech beside them.
    let sam = staff(&app, agency_id, "sam@acme.test", "staff").await;
    assign(&app, agency_id, &sam, initech).await;
    let (_, seen) = every_page(&app, &sam).await;
    let expected: Vec<_> = (0..60)
        .filter(|n| n % 2 == 1)
        .map(|n| {
            (
                format!("user{n:02}@client.test"),
                vec!["Initech".to_owned()],
            )
        })
        .collect();
    assert_eq!(seen, expected);
}
