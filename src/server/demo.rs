//! `switchboard demo`: fills a database with a demo agency to try Switchboard with, and optionally
//! with thousands of extra accounts and users to measure it at size.

use super::db::clients;
use super::db::memberships::{self, NewMembership};
use super::db::resources;
use super::db::staff;
use super::db::users::{self, NewUser};
use super::db::Db;
use super::startup::open_database;
use super::{now_ms, password, BoxError, Config};
use crate::domain::catalog::catalog;
use crate::domain::password_strength::generate;
use crate::domain::{AccountDetails, AccountKind, ResourceKind, StaffRole};
use clap::Args;
use sqlx::AnyConnection;
use uuid::Uuid;

pub const OWNER_EMAIL: &str = "owner@northwind.test";

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Password of every demo user [default: generated and printed].
    #[arg(long)]
    password: Option<String>,
    /// Extra client accounts to add to the demo agency, for measuring lists at size.
    #[arg(long, default_value_t = 0)]
    accounts: usize,
    /// Extra client users to add, each a member of one of the extra accounts.
    #[arg(long, default_value_t = 0)]
    users: usize,
}

/// Seeds the demo (once; a second run says so and changes nothing) and returns what to print.
pub async fn run(config: &Config, args: DemoArgs) -> Result<String, BoxError> {
    let db = open_database(config).await?;
    let password = match args.password {
        Some(password) => password,
        None => generate().map_err(|e| format!("no secure randomness: {e}"))?,
    };
    let hash = password::hash(password.clone())
        .await
        .map_err(|e| e.to_string())?;
    let mut tx = db.begin_write().await?;
    // Checked under the write lock: two demo runs at once seed once.
    if users::email_taken(&mut tx, OWNER_EMAIL).await? {
        return Ok(format!(
            "The demo agency is already here: log in as {OWNER_EMAIL}.\n"
        ));
    }
    let agency = seed(&mut tx, &hash).await?;
    tx.commit().await?;
    let extra = bulk(&db, agency, &hash, args.accounts, args.users).await?;
    Ok(format!(
        "Demo agency \"Northwind Digital\" is ready{extra}. Every demo user's password: {password}\n\
         Staff:   {OWNER_EMAIL} (Owner), admin@northwind.test (Admin), \
         sam@northwind.test and sue@northwind.test (Staff)\n\
         Clients: cleo@globex.test (Globex), ivy@initech.test (Initech, chosen resources), \
         max@clients.test (Globex, Initech and Acme Bakery), nora@clients.test (membership ended)\n"
    ))
}

struct Person<'a>(&'a str, &'a str, &'a str);

async fn user(
    conn: &mut AnyConnection,
    person: &Person<'_>,
    hash: &str,
) -> Result<Uuid, sqlx::Error> {
    let id = Uuid::new_v4();
    let Person(email, first_name, last_name) = *person;
    let user = NewUser {
        id,
        email,
        email_normalized: &email.to_lowercase(),
        first_name,
        last_name,
        password_hash: hash,
    };
    users::insert(conn, &user, now_ms()).await?;
    Ok(id)
}

fn company(name: &str, email: &str) -> AccountDetails {
    AccountDetails {
        kind: AccountKind::Company,
        name: name.to_owned(),
        contact_email: email.to_owned(),
        phone: "+1 555 0100".to_owned(),
        address: String::new(),
        billing_contact: String::new(),
    }
}

async fn account(
    conn: &mut AnyConnection,
    agency: Uuid,
    details: &AccountDetails,
) -> Result<Uuid, sqlx::Error> {
    let id = Uuid::new_v4();
    clients::insert_account(conn, id, agency, details, now_ms()).await?;
    Ok(id)
}

async fn member(
    conn: &mut AnyConnection,
    user_id: Uuid,
    account_id: Uuid,
    resources: Option<&[Uuid]>,
    ends_at: Option<i64>,
) -> Result<(), sqlx::Error> {
    let catalog = catalog();
    let permissions = catalog.keys_of(&catalog.default_set());
    let membership = NewMembership {
        user_id,
        account_id,
        resources,
        account_owner: false,
        ends_at,
        permissions: &permissions,
    };
    memberships::insert_membership(conn, &membership, now_ms())
        .await
        .map(|_| ())
}

/// The demo agency: four staff, five client accounts, a dozen client users.
async fn seed(conn: &mut AnyConnection, hash: &str) -> Result<Uuid, sqlx::Error> {
    let now = now_ms();
    let agency = Uuid::new_v4();
    users::insert_agency(conn, agency, "Northwind Digital", now).await?;
    let mut staff = Vec::new();
    for (person, role) in [
        (Person(OWNER_EMAIL, "Olivia", "Owens"), StaffRole::Owner),
        (
            Person("admin@northwind.test", "Adam", "Admas"),
            StaffRole::Admin,
        ),
        (
            Person("sam@northwind.test", "Sam", "Stone"),
            StaffRole::Staff,
        ),
        (
            Person("sue@northwind.test", "Sue", "Sparks"),
            StaffRole::Staff,
        ),
    ] {
        let id = user(conn, &person, hash).await?;
        users::insert_staff_member(conn, agency, id, role, now).await?;
        staff.push(id);
    }

    let globex = account(conn, agency, &company("Globex", "marketing@globex.test")).await?;
    for n in 1..=51 {
        resources::insert_resource(
            conn,
            globex,
            ResourceKind::Campaign,
            &format!("Campaign {n:02}"),
            now,
        )
        .await?;
    }
    let initech = account(conn, agency, &company("Initech", "it@initech.test")).await?;
    let portal = resources::insert_resource(
        conn,
        initech,
        ResourceKind::Application,
        "Customer portal",
        now,
    )
    .await?;
    for (environment, host) in [
        ("production", "portal.initech.test"),
        ("staging", "staging.portal.initech.test"),
    ] {
        if let Some(environment) =
            resources::insert_environment(conn, portal, environment, now).await?
        {
            resources::insert_environment_domain(conn, environment, host, now).await?;
        }
    }
    let site = resources::insert_resource(
        conn,
        initech,
        ResourceKind::Application,
        "Marketing site",
        now,
    )
    .await?;
    resources::insert_environment(conn, site, "production", now).await?;
    let initech_domain =
        resources::insert_resource(conn, initech, ResourceKind::Domain, "initech.test", now)
            .await?;
    let bakery = account(
        conn,
        agency,
        &AccountDetails {
            kind: AccountKind::Individual,
            ..company("Acme Bakery", "baker@acme-bakery.test")
        },
    )
    .await?;
    resources::insert_resource(conn, bakery, ResourceKind::Campaign, "Bread week", now).await?;
    resources::insert_resource(conn, bakery, ResourceKind::Domain, "acme-bakery.test", now).await?;
    let umbrella = account(
        conn,
        agency,
        &company("Umbrella Clinic", "office@umbrella.test"),
    )
    .await?;
    resources::insert_resource(conn, umbrella, ResourceKind::Domain, "umbrella.test", now).await?;
    let stark = account(conn, agency, &company("Stark Solar", "hello@stark.test")).await?;
    resources::insert_resource(conn, stark, ResourceKind::Campaign, "Summer panels", now).await?;

    // Sam manages Globex and Initech; Sue manages the bakery.
    for (staff_id, account_id) in [(staff[2], globex), (staff[2], initech), (staff[3], bakery)] {
        staff::assign(conn, agency, staff_id, account_id, now).await?;
    }

    let scope_all: Option<&[Uuid]> = None;
    let ivy_scope = [portal, initech_domain];
    let clients_of = [
        (
            Person("cleo@globex.test", "Cleo", "Garcia"),
            vec![(globex, scope_all)],
        ),
        (
            Person("gus@globex.test", "Gus", "Grant"),
            vec![(globex, scope_all)],
        ),
        (
            Person("ivy@initech.test", "Ivy", "Ito"),
            vec![(initech, Some(&ivy_scope[..]))],
        ),
        (
            Person("ian@initech.test", "Ian", "Ives"),
            vec![(initech, scope_all)],
        ),
        (
            Person("ben@acme-bakery.test", "Ben", "Baker"),
            vec![(bakery, scope_all)],
        ),
        (
            Person("una@umbrella.test", "Una", "Umber"),
            vec![(umbrella, scope_all)],
        ),
        (
            Person("uli@umbrella.test", "Uli", "Umber"),
            vec![(umbrella, scope_all)],
        ),
        (
            Person("tony@stark.test", "Tony", "Stark"),
            vec![(stark, scope_all)],
        ),
        (
            Person("pepper@stark.test", "Pepper", "Potts"),
            vec![(stark, scope_all)],
        ),
        (
            Person("max@clients.test", "Max", "Multi"),
            vec![
                (globex, scope_all),
                (initech, scope_all),
                (bakery, scope_all),
            ],
        ),
        (
            Person("kim@clients.test", "Kim", "Keys"),
            vec![(globex, scope_all), (stark, scope_all)],
        ),
    ];
    for (person, memberships) in clients_of {
        let id = user(conn, &person, hash).await?;
        for (account_id, scope) in memberships {
            member(conn, id, account_id, scope, None).await?;
        }
    }
    let nora = user(conn, &Person("nora@clients.test", "Nora", "Ended"), hash).await?;
    member(conn, nora, globex, None, Some(now - 24 * 60 * 60 * 1000)).await?;
    Ok(agency)
}

/// Extra accounts and users in batches of one transaction each, so a large demo neither holds the
/// write lock for long nor leaves half a batch behind.
async fn bulk(
    db: &Db,
    agency: Uuid,
    hash: &str,
    accounts: usize,
    people: usize,
) -> Result<String, BoxError> {
    if accounts == 0 && people == 0 {
        return Ok(String::new());
    }
    let mut account_ids = Vec::with_capacity(accounts);
    for batch in (0..accounts).collect::<Vec<_>>().chunks(500) {
        let mut tx = db.begin_write().await?;
        for n in batch {
            let id = account(&mut tx, agency, &company(&format!("Client {n:05}"), "")).await?;
            account_ids.push(id);
        }
        tx.commit().await?;
    }
    if people > 0 && account_ids.is_empty() {
        return Err(
            "--users needs --accounts: each extra user joins one of the extra accounts".into(),
        );
    }
    for batch in (0..people).collect::<Vec<_>>().chunks(500) {
        let mut tx = db.begin_write().await?;
        for n in batch {
            let email = format!("user{n:06}@bulk.test");
            let id = user(
                &mut tx,
                &Person(&email, "Bulk", &format!("User {n:06}")),
                hash,
            )
            .await?;
            member(&mut tx, id, account_ids[n % account_ids.len()], None, None).await?;
        }
        tx.commit().await?;
    }
    db.analyze().await?;
    Ok(format!(
        " (with {accounts} extra client accounts and {people} extra users)"
    ))
}
