//! Integration tests: the real app on a free port with a fresh database per test.
//! SQLite always; PostgreSQL when `TEST_DATABASE_URL` points at a server (see `helpers`).

mod agency;
mod audit;
mod auth;
mod binary;
mod clients;
mod database;
mod delivery;
mod headers;
mod health;
mod helpers;
mod invitations;
mod isolation;
mod live;
mod memberships;
mod outbox;
mod password_reset;
mod permission_tools;
mod permissions;
mod permissions_page;
mod profile;
mod protection;
mod read_cache;
mod real_smtp;
mod sessions;
mod shell;
mod smtp;
mod staff;
mod status;
mod throttle;
mod users_page;
