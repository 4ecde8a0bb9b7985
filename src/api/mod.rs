//! Server functions, one file per area. Each body authenticates and authorizes, then calls into
//! `crate::server`; nothing else lives here.

mod audit;
mod auth;
mod clients;
mod invitations;
mod outbox;
mod password_reset;
mod permissions;
mod profile;
mod staff;
mod status;

pub use audit::*;
pub use auth::*;
pub use clients::*;
pub use invitations::*;
pub use outbox::*;
pub use password_reset::*;
pub use permissions::*;
pub use profile::*;
pub use staff::*;
pub use status::*;
