//! A small agency for tests of client accounts: its owner, other people by role, and accounts.
//! Staff roles and memberships are written directly (invitations, which create them in the product,
//! come later); everything under test goes through the server functions.

use crate::helpers::{decode, new_client, TestApp, PASSWORD};
use serde::de::DeserializeOwned;
use serde::Serialize;
use switchboard::domain::catalog::catalog;
use switchboard::domain::{AppError, CurrentUser};
use switchboard::server::db::memberships::{insert_membership, NewMembership};
use uuid::Uuid;

/// Someone signed in on a browser of their own.
pub struct Person {
    pub client: reqwest::Client,
    pub id: Uuid,
}

impl Person {
    /// A page as this person's browser gets it (after any redirect), which must answer 200.
    pub async fn page(&self, app: &TestApp, path: &str) -> String {
        let response = self
            .client
            .get(format!("{}{path}", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 200, "{path}");
        response.text().await.unwrap()
    }

    pub async fn call<T: DeserializeOwned>(
        &self,
        app: &TestApp,
        endpoint: &str,
        arguments: &impl Serialize,
    ) -> Result<T, AppError> {
        decode(endpoint, app.post(&self.client, endpoint, arguments).await).await
    }

    /// Calls a server function that reads with GET, its arguments in the address.
    pub async fn read<T: DeserializeOwned>(
        &self,
        app: &TestApp,
        endpoint: &str,
        arguments: &[(&str, &str)],
    ) -> Result<T, AppError> {
        let query = form_urlencoded::Serializer::new(String::new())
            .extend_pairs(arguments)
            .finish();
        let response = self
            .client
            .get(format!("{}/api/{endpoint}?{query}", app.address))
            .header("accept", "application/json")
            .send()
            .await
            .expect("the server function answers");
        decode(endpoint, response).await
    }

    /// Calls a server function that takes JSON (the Create User wizard's).
    pub async fn call_json<T: DeserializeOwned>(
        &self,
        app: &TestApp,
        endpoint: &str,
        arguments: &impl Serialize,
    ) -> Result<T, AppError> {
        let response = self
            .client
            .post(format!("{}/api/{endpoint}", app.address))
            .header("accept", "application/json")
            .json(arguments)
            .send()
            .await
            .expect("the server function answers");
        decode(endpoint, response).await
    }

    pub async fn me(&self, app: &TestApp) -> CurrentUser {
        self.call::<Option<CurrentUser>>(app, "current_user", &())
            .await
            .unwrap()
            .expect("signed in")
    }
}

/// A new agency; its owner is signed in.
pub async fn agency(app: &TestApp, owner_email: &str, name: &str) -> (Person, Uuid) {
    let client = new_client();
    let user: CurrentUser = decode(
        "sign_up",
        app.post(
            &client,
            "sign_up",
            &[
                ("agency_name", name),
                ("first_name", "Owen"),
                ("last_name", "Er"),
                ("email", owner_email),
                ("password", PASSWORD),
            ],
        )
        .await,
    )
    .await
    .unwrap();
    let agency_id = user.agency().unwrap().id;
    (
        Person {
            client,
            id: user.id,
        },
        agency_id,
    )
}

/// A registered person with no access yet, signed in.
pub async fn person(app: &TestApp, email: &str) -> Person {
    let client = new_client();
    let user: CurrentUser = decode(
        "register",
        app.post(
            &client,
            "register",
            &[
                ("first_name", "Pat"),
                ("last_name", "Doe"),
                ("email", email),
                ("password", PASSWORD),
            ],
        )
        .await,
    )
    .await
    .unwrap();
    Person {
        client,
        id: user.id,
    }
}

pub async fn sql(app: &TestApp, statement: String) {
    let mut tx = app.db().begin_write().await.unwrap();
    sqlx::query(sqlx::AssertSqlSafe(statement))
        .execute(&mut *tx)
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

/// A person who works in `agency_id` with `role` ('admin' or 'staff').
pub async fn staff(app: &TestApp, agency_id: Uuid, email: &str, role: &str) -> Person {
    let person = person(app, email).await;
    sql(
        app,
        format!(
            "INSERT INTO staff_members (agency_id, user_id, role, created_at) \
             VALUES ('{agency_id}', '{}', '{role}', 1)",
            person.id
        ),
    )
    .await;
    person
}

pub async fn assign(app: &TestApp, agency_id: Uuid, staff: &Person, account: Uuid) {
    sql(
        app,
        format!(
            "INSERT INTO staff_assignments (agency_id, user_id, client_account_id, created_at) \
             VALUES ('{agency_id}', '{}', '{account}', 1)",
            staff.id
        ),
    )
    .await;
}

/// Makes `person` a member of `account` with the Default switches: all resources (`None`) or the
/// chosen ones.
pub async fn member(
    app: &TestApp,
    person: &Person,
    account: Uuid,
    resources: Option<&[Uuid]>,
    ends_at: Option<i64>,
) {
    let mut tx = app.db().begin_write().await.unwrap();
    let catalog = catalog();
    let permissions = catalog.keys_of(&catalog.default_set());
    let membership = NewMembership {
        user_id: person.id,
        account_id: account,
        resources,
        account_owner: false,
        ends_at,
        permissions: &permissions,
    };
    insert_membership(&mut tx, &membership, 1).await.unwrap();
    tx.commit().await.unwrap();
}

/// Creates a client account as `by` and returns its id.
pub async fn account(app: &TestApp, by: &Person, name: &str) -> Uuid {
    by.call(
        app,
        "create_client_account",
        &[
            ("kind", "company"),
            ("name", name),
            ("contact_email", ""),
            ("phone", ""),
            ("address", ""),
            ("billing_contact", ""),
        ],
    )
    .await
    .unwrap()
}

pub async fn resource(app: &TestApp, by: &Person, account: Uuid, kind: &str, name: &str) -> Uuid {
    by.call(
        app,
        "add_resource",
        &[
            ("account_id", account.to_string().as_str()),
            ("kind", kind),
            ("name", name),
        ],
    )
    .await
    .unwrap()
}
