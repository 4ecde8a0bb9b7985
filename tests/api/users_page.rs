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
            .read(
                app,
                "client_users",
                &[("search", ""), ("after", after.as_str())],
            )
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

/// 60 client users, written directly (the tests are about reading them). Each is in `globex`; the
/// odd ones in `initech` too, so a page of 50 people holds more than 50 memberships.
async fn client_users(app: &TestApp, globex: Uuid, initech: Uuid) {
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
        app,
        format!(
            "INSERT INTO users (id, email, email_normalized, first_name, last_name, password_hash, \
             created_at, updated_at) VALUES {}",
            users.join(", ")
        ),
    )
    .await;
    sql(
        app,
        format!(
            "INSERT INTO memberships (id, user_id, client_account_id, all_resources, created_at) \
             VALUES {}",
            memberships.join(", ")
        ),
    )
    .await;
}

/// An agency with Globex and Initech and their 60 client users: its owner, its id and Initech's.
async fn agency_with_client_users(app: &TestApp) -> (Person, Uuid, Uuid) {
    let (owner, agency_id) = agency(app, "owner@acme.test", "Acme").await;
    let globex = account(app, &owner, "Globex").await;
    let initech = account(app, &owner, "Initech").await;
    client_users(app, globex, initech).await;
    (owner, agency_id, initech)
}

#[tokio::test]
async fn the_list_pages_by_name_counting_people_and_shows_only_the_accounts_the_viewer_covers() {
    let app = TestApp::spawn().await;
    let (owner, agency_id, initech) = agency_with_client_users(&app).await;

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

/// Where the link `text` inside the navigation `label` of `html` leads; `None` when it is disabled.
fn pager_link(html: &str, label: &str, text: &str) -> Option<String> {
    let nav = &html[html.find(&format!(r#"aria-label="{label}""#))?..];
    let nav = &nav[..nav.find("</nav>")?];
    let end = nav.find(&format!(">{text}</a>"))?;
    let tag = &nav[nav[..end].rfind("<a")?..end];
    let href = &tag[tag.find(r#"href=""#)? + 6..];
    Some(href[..href.find('"')?].replace("&amp;", "&"))
}

#[tokio::test]
async fn the_page_is_rendered_on_the_server_and_pages_and_searches_by_its_address() {
    let app = TestApp::spawn().await;
    let (owner, _, _) = agency_with_client_users(&app).await;
    const CLIENTS: &str = "Pages of client users";

    let first = owner.page(&app, "/users").await;
    assert!(first.contains("user00@client.test") && !first.contains("user55@client.test"));
    assert_eq!(pager_link(&first, CLIENTS, "Previous page"), None);
    let next = pager_link(&first, CLIENTS, "Next page").expect("a second page");
    let second = owner.page(&app, &next).await;
    assert!(second.contains("user55@client.test") && !second.contains("user00@client.test"));
    assert_eq!(pager_link(&second, CLIENTS, "Next page"), None);
    let back = pager_link(&second, CLIENTS, "Previous page").expect("back to the first");
    assert!(owner.page(&app, &back).await.contains("user00@client.test"));

    let found = owner.page(&app, "/users?q=user07").await;
    assert!(found.contains("user07@client.test") && !found.contains("user08@client.test"));
    assert!(
        found.contains(r#"value="user07""#),
        "the search box keeps the search"
    );
}

#[tokio::test]
async fn a_form_the_browser_posts_comes_back_to_its_page_with_what_it_did_or_why_not() {
    let app = TestApp::spawn().await;
    let (owner, _) = agency(&app, "owner@acme.test", "Acme").await;
    let post = |valid_days: &'static str| {
        owner
            .client
            .post(format!("{}/api/save_invitation_settings", app.address))
            .header("accept", "text/html")
            .header(
                "referer",
                format!("{}/users?q=x&done=old&remove={}", app.address, Uuid::nil()),
            )
            .form(&[("valid_days", valid_days)])
            .send()
    };

    let saved = post("14").await.unwrap();
    assert_eq!(saved.status(), 302);
    assert_eq!(saved.headers()["location"], "/users?q=x&done=settings");
    assert!(owner
        .page(&app, "/users?q=x&done=settings")
        .await
        .contains("Saved."));

    let refused = post("45").await.unwrap();
    assert_eq!(refused.status(), 302);
    let back = refused.headers()["location"].to_str().unwrap().to_owned();
    assert!(back.contains("__err="), "{back}");
    let path = back.trim_start_matches(&app.address);
    let html = owner.page(&app, path).await;
    assert!(
        html.contains("Choose a number of days from 1 to 30."),
        "{html}"
    );
    assert!(
        html.contains(r#"value="14""#),
        "the setting saved before stays"
    );
}
