//! The screens that load on demand. In a build with `cargo leptos build --split` each is a WASM chunk
//! of its own, fetched the first time someone opens it, so the first load of the log-in page carries
//! none of them. Only Log in stays in the main bundle: a visit without a session begins there. The
//! start page is a chunk too: a client's account view on it uses the resource list and the account's
//! people, code the log-in page never needs.

use crate::components::RequireUser;
use crate::pages::{
    AuditLogPage, ClientAccountPage, ClientAccounts, CreateUserPage, ForgotPassword, Home,
    InvitationPage, ManagePermissions, MyProfile, NewClientAccount, OutboxPage, Register,
    ResetPasswordPage, SignUp, UsersPage,
};
use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

/// A route whose view is its own chunk. The chunk is named after the route type, so each differs.
macro_rules! on_demand {
    ($($route:ident => $view:expr;)*) => {$(
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                Self
            }

            fn view(_this: Self) -> AnyView {
                $view.into_any()
            }
        }
    )*};
}

on_demand! {
    HomeRoute => view! { <Home /> };
    SignUpRoute => view! { <SignUp /> };
    RegisterRoute => view! { <Register /> };
    ForgotPasswordRoute => view! { <ForgotPassword /> };
    ResetPasswordRoute => view! { <ResetPasswordPage /> };
    InvitationRoute => view! { <InvitationPage /> };
    UsersRoute => view! { <UsersPage /> };
    CreateUserRoute => view! { <CreateUserPage /> };
    ClientAccountsRoute => view! { <ClientAccounts /> };
    NewClientAccountRoute => view! { <RequireUser><NewClientAccount /></RequireUser> };
    ClientAccountRoute => view! { <ClientAccountPage /> };
    ManagePermissionsRoute => view! { <ManagePermissions /> };
    AuditLogRoute => view! { <AuditLogPage /> };
    OutboxRoute => view! { <OutboxPage /> };
    ProfileRoute => view! { <MyProfile /> };
}
