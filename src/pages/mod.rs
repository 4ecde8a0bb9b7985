//! One component per screen.

mod audit_log;
mod client_account;
mod clients;
mod create_user;
mod forgot_password;
mod home;
mod invitation;
mod log_in;
mod not_found;
mod outbox;
mod permission_cards;
pub(crate) mod permissions;
mod profile;
mod register;
mod reset_password;
pub(crate) mod resources;
mod sign_up;
mod user_lists;
mod users;
mod users_query;

pub use audit_log::AuditLogPage;
pub use client_account::ClientAccountPage;
pub use clients::{ClientAccounts, NewClientAccount};
pub use create_user::CreateUserPage;
pub use forgot_password::ForgotPassword;
pub use home::Home;
pub use invitation::InvitationPage;
pub use log_in::LogIn;
pub use not_found::NotFound;
pub use outbox::OutboxPage;
pub use permissions::ManagePermissions;
pub use profile::MyProfile;
pub use register::Register;
pub use reset_password::ResetPasswordPage;
pub use sign_up::SignUp;
pub use users::UsersPage;
