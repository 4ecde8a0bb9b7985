//! Live updates: a change reaches, within a second, every browser that may see it — across
//! instances with PostgreSQL — and no other.

use crate::agency::{account, agency, member, person, Person};
use crate::helpers::{new_client, TestApp};
use crate::invitations::invite;
use std::time::{Duration, Instant};
use switchboard::domain::{CurrentUser, DbBackend, LiveChange, Topic};

/// An open event stream of one browser.
struct Stream {
    response: reqwest::Response,
    buffer: String,
}

impl Stream {
    async fn open(app: &TestApp, who: &Person) -> Stream {
        let response = who
            .client
            .get(format!("{}/live", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200);
        assert!(response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/event-stream"));
        Stream {
            response,
            buffer: String::new(),
        }
    }

    /// The next change within `within`, if one comes.
    async fn next(&mut self, within: Duration) -> Option<LiveChange> {
        let deadline = Instant::now() + within;
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let event: String = self.buffer.drain(..end + 2).collect();
                if event.lines().any(|line| line == "event: change") {
                    let data = event.lines().find_map(|l| l.strip_prefix("data: "))?;
                    return Some(serde_json::from_str(data).unwrap());
                }
                continue; // keep-alive comments
            }
            let left = deadline.checked_duration_since(Instant::now())?;
            match tokio::time::timeout(left, self.response.chunk()).await {
                Ok(Ok(Some(bytes))) => self.buffer.push_str(&String::from_utf8_lossy(&bytes)),
                _ => return None,
            }
        }
    }
}

#[tokio::test]
async fn an_acceptance_on_one_instance_reaches_a_browser_on_another_within_a_second() {
    let app = TestApp::spawn().await;
    // With PostgreSQL, the invitation is accepted through a second instance.
    let second = match app.db().backend() {
        DbBackend::Postgres => Some(app.second_instance().await),
        DbBackend::Sqlite => None,
    };
    let elsewhere = second.as_ref().unwrap_or(&app);
    let (owner, agency_id) = agency(&app, "owner@acme.test", "Acme").await;
    let globex = account(&app, &owner, "Globex").await;
    let token = invite(&app, &owner, "ivy@client.test", globex).await;
    let mut admins_page = Stream::open(&app, &owner).await;

    let ivy = person(elsewhere, "ivy@client.test").await;
    let accepted_at = Instant::now();
    ivy.call::<CurrentUser>(elsewhere, "accept_invitation", &[("token", token.as_str())])
        .await
        .unwrap();
    let mut seen = Vec::new();
    while let Some(change) = admins_page.next(Duration::from_secs(1)).await {
        seen.push(change.topic);
        if change.topic == Topic::Users {
            assert_eq!(change.agency_id, agency_id);
            assert_eq!(change.account_id, Some(globex));
            break;
        }
    }
    assert!(seen.contains(&Topic::Users), "{seen:?}");
    let took = accepted_at.elapsed();
    eprintln!("live: an acceptance reached another browser in {took:.2?}");
    assert!(took < Duration::from_secs(1));
}

#[tokio::test]
async fn a_browser_gets_only_the_changes_it_may_see() {
    let app = TestApp::spawn().await;
    let (owner, _) = agency(&app, "owner@acme.test", "Acme").await;
    let globex = account(&app, &owner, "Globex").await;
    let initech = account(&app, &owner, "Initech").await;
    let cleo = person(&app, "cleo@globex.test").await;
    member(&app, &cleo, globex, None, None).await;
    let (other_owner, _) = agency(&app, "owner@other.test", "Other").await;

    let mut outsider = Stream::open(&app, &other_owner).await;
    let mut cleos = Stream::open(&app, &cleo).await;
    // Initech is not Cleo's; another agency is nobody's here.
    invite(&app, &owner, "ian@initech.test", initech).await;
    assert_eq!(outsider.next(Duration::from_millis(500)).await, None);
    assert_eq!(cleos.next(Duration::from_millis(100)).await, None);

    // Cleo's own switches: her browser hears of it (her navigation follows).
    let form = [
        ("account_id", globex.to_string()),
        ("user_id", cleo.id.to_string()),
        ("keys[0]", "reports".to_owned()),
    ];
    owner
        .call::<()>(&app, "save_member_permissions", &form)
        .await
        .unwrap();
    let change = cleos
        .next(Duration::from_secs(1))
        .await
        .expect("her change");
    assert_eq!(change.topic, Topic::Permissions);
    assert_eq!(change.user_id, Some(cleo.id));
    assert_eq!(outsider.next(Duration::from_millis(300)).await, None);

    // No session, no stream.
    let anonymous = new_client()
        .get(format!("{}/live", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), 401);
}
