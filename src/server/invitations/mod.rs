//! Create User: who may offer what to whom, then invitations by email (or access at once), and
//! the pending invitations with Resend and Cancel.
//!
//! Staff users are offered by Owners and Admins only (an Admin role by Owners only). Client users
//! are offered by staff who manage the account, or by a client with "Manage account users" there,
//! who grants at most the switches and resources they hold themselves.

mod create;
mod offer;
mod pending;
mod settings;

pub(super) use create::apply;
pub use create::{check, create};
pub use offer::wizard_options;
pub(super) use offer::Grant;
pub use pending::{cancel, pending, resend};
pub(super) use pending::{expire_due, invitation_scope};
pub use settings::{save_settings, settings};

const DAY_MS: i64 = 24 * 60 * 60 * 1000;
