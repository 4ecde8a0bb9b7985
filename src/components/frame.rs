//! The parts of every page around its screen: the header's signed-in person and the reminder to
//! choose a password. The server renders them, outside any island; a screen that changes what they
//! show (My profile) updates them in place.

use crate::domain::CurrentUser;

/// The id of the header's name of the signed-in person.
pub const SIGNED_IN_NAME: &str = "signed-in-name";
/// The id of the reminder to choose one's own password.
pub const PASSWORD_REMINDER: &str = "password-reminder";

/// Shows `user` as they are now: their name in the header, and the reminder only while they still
/// must choose a password.
pub fn show_user(user: &CurrentUser) {
    #[cfg(feature = "hydrate")]
    {
        let document = leptos::prelude::document();
        if let Some(name) = document.get_element_by_id(SIGNED_IN_NAME) {
            name.set_text_content(Some(&format!("{} {}", user.first_name, user.last_name)));
        }
        if !user.must_change_password {
            if let Some(reminder) = document.get_element_by_id(PASSWORD_REMINDER) {
                reminder.remove();
            }
        }
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = user;
}
