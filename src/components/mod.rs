//! Reusable UI pieces.

mod auth;
mod field;
mod status_card;

pub use auth::{provide_auth, use_auth, Auth, UserMenu};
pub use field::Field;
pub use status_card::StatusCard;
