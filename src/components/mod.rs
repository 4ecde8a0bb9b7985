//! Reusable UI pieces.

mod auth;
mod changed;
mod field;
mod live;
mod new_password;
mod pager;
mod place_switcher;
mod post_form;
mod require_user;
mod status_card;

pub use auth::{continue_when_signed_in, provide_auth, use_auth, Auth, UserMenu};
pub use changed::Changed;
pub use field::{form_errors, Field};
pub use live::{provide_live, use_live, Live};
pub use new_password::NewPasswordField;
pub use pager::{Keyset, Pager};
pub use place_switcher::PlaceSwitcher;
pub use post_form::{Fields, PostForm};
pub use require_user::RequireUser;
pub use status_card::StatusCard;
