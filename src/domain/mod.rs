//! Types shared by the server and the browser.

mod audit;
mod auth;
pub mod catalog;
mod clients;
mod encoding;
mod error;
mod invitations;
mod listing;
mod live;
mod outbox;
mod password_reset;
pub mod password_strength;
mod permissions;
mod profile;
mod status;
mod time;

pub use self::time::{clock_time_utc, date_time_utc, relative_time};
pub use audit::{action_label, AuditEntry, AuditFilter, AuditPeriod, AUDIT_ACTIONS};
pub(crate) use auth::check_name as auth_check_name;
pub use auth::{
    check_new_password, local_path, parse_person_name, AccountPlace, AgencyMembership, CurrentUser,
    Email, PersonForm, Place, SignUpForm, StaffList, StaffMember, StaffRole,
};
pub use clients::{
    parse_environment_name, parse_hostname, parse_resource, AccountDetails, AccountKind,
    AccountMember, AccountPeople, AccountSummary, AssignableStaff, ClientAccount, ClientResource,
    Environment, EnvironmentDomain, Page, ResourceKind, PAGE_SIZE,
};
pub use encoding::{JsonAnswer, JsonText};
pub use error::{AppError, FieldError};
pub use invitations::{
    check_emails, parse_emails, split_emails, AccountChoice, AccountRef, ClientUser,
    CompletedProfile, CreatedUser, EmailCheck, InvitationLink, InvitationOffer, InvitationSettings,
    NewUsers, PendingInvite, UserKind, WizardOptions, DEFAULT_INVITE_VALID_DAYS,
    MAX_EMAILS_AT_ONCE,
};
pub use listing::{Items, Listing};
pub use live::{LiveChange, Topic};
pub use outbox::{Delivery, MessageStatus, OutboxListing, OutboxMessage};
pub use password_reset::{ResetLink, RESET_LINK_VALID_MINUTES};
pub use permissions::{
    parse_template_name, CloneSource, EffectiveAccess, PermissionEditor, PermissionTemplate,
    FREELANCER_PRESETS_ONLY,
};
pub use profile::{Profile, SessionInfo, Sessions};
pub use status::{DbBackend, StatusReport};
