//! Reusable UI pieces.

mod auth;
mod changed;
mod field;
pub mod frame;
mod island;
mod live;
mod live_regions;
mod navigation;
mod new_password;
mod pager;
mod place_switcher;
mod post_form;
mod require_user;
mod status_card;

pub use auth::{continue_when_signed_in, provide_auth, use_auth, Auth, UserMenu};
pub use changed::Changed;
pub use field::{form_errors, posted_failure, Field};
pub use island::{mark_hydrated, page_title, provide_screen_context, PageTitle};
#[cfg(feature = "hydrate")]
pub(crate) use live::follow_changes;
pub use live::{provide_live, use_live, Live};
pub use live_regions::LiveRegions;
pub use navigation::{go_to, Redirect};
pub use new_password::NewPasswordField;
pub use pager::{Keyset, Pager};
pub use place_switcher::PlaceSwitcher;
pub use post_form::{Fields, PostForm};
pub use require_user::RequireUser;
pub use status_card::StatusCard;
