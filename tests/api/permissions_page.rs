//! Manage permissions as the server renders it: every switch of the catalog in the HTML with its
//! state, the sections in view and the rest hidden until opened, locks where the viewer's own access
//! ends, and the same refusal as the server functions for someone who may not see the switches.

use crate::agency::Person;
use crate::helpers::TestApp;
use crate::permissions::world;
use switchboard::domain::catalog::catalog;
use uuid::Uuid;

/// Manage permissions of `user` in `account`, as `viewer` gets it.
async fn page(app: &TestApp, viewer: &Person, account: Uuid, user: &Person) -> String {
    viewer
        .page(
            app,
            &format!("/clients/{account}/users/{}/permissions", user.id),
        )
        .await
}

/// The markup of the tree row for catalog `key`: from its `<li` to its `</li>`.
fn row<'a>(html: &'a str, key: &str) -> &'a str {
    let index = catalog().index(key).expect("a catalog key");
    let start = html
        .find(&format!(r#"data-row="{index}""#))
        .and_then(|at| html[..at].rfind("<li"))
        .unwrap_or_else(|| panic!("no row for {key}"));
    let end = start + html[start..].find("</li>").unwrap();
    &html[start..end]
}

fn is_hidden(row: &str) -> bool {
    row[..row.find('>').unwrap()].contains(" hidden")
}

#[tokio::test]
async fn every_switch_is_in_the_page_with_its_state_and_only_the_sections_in_view() {
    let w = world().await;
    let html = page(&w.app, &w.owner, w.globex, &w.cleo).await;
    assert!(html.contains("Permissions of "), "{html}");
    assert_eq!(html.matches("data-row=").count(), catalog().len());
    for (index, node) in catalog().nodes.iter().enumerate() {
        let row = row(&html, node.key);
        assert_eq!(is_hidden(row), node.parent.is_some(), "{}: {row}", node.key);
        assert!(!row.contains("Locked"), "staff change everything: {row}");
        assert!(row.contains(&format!(r#"data-switch="{index}""#)));
    }
    // The default set leaves Send messages off: its section is on but mixed, the switch off.
    assert!(row(&html, "messages").contains(r#"aria-checked="mixed""#));
    assert!(row(&html, "messages.send").contains(r#"aria-checked="false""#));
    assert!(row(&html, "domains").contains(r#"aria-checked="true""#));
    // The island gets the state it starts from, and nothing else of the page is hydrated.
    assert_eq!(html.matches("<leptos-island").count(), 1, "{html}");
    assert!(html.contains("PermissionEditor"), "{html}");
}

#[tokio::test]
async fn a_client_manager_finds_the_switches_beyond_their_own_locked() {
    let w = world().await;
    let html = page(&w.app, &w.manager, w.globex, &w.cleo).await;
    assert!(html.contains("Switches beyond your own access are locked."));
    let send = row(&html, "messages.send");
    assert!(
        send.contains("disabled") && send.contains("Locked: beyond your own access"),
        "{send}"
    );
    let dns = row(&html, "domains.dns");
    assert!(!dns.contains("Locked"), "{dns}");
    // Templates and Clone are agency staff's.
    assert!(!html.contains("Save as template") && !html.contains("Name or email"));
    assert!(html.contains("Effective access"));
}

#[tokio::test]
async fn a_refused_editor_gets_the_reason_and_no_switches() {
    let w = world().await;
    // Nobody edits their own switches.
    let html = page(&w.app, &w.manager, w.globex, &w.manager).await;
    assert!(
        html.contains("Nobody edits their own permissions"),
        "{html}"
    );
    assert!(!html.contains("data-row=") && !html.contains("<leptos-island"));
}
