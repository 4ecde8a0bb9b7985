//! The screens that load on demand, by area. In a build with `cargo leptos build --split` each area is
//! a WASM chunk of its own, fetched the first time someone opens one of its screens, so the first load
//! of the log-in page carries none of them. Only Log in stays in the main bundle: a visit without a
//! session begins there.
//!
//! One chunk per area rather than per screen: the splitter puts code that several chunks share into a
//! further chunk for each set of them, so sixteen screens made about two hundred files, and the Users
//! page fetched over a hundred of them. An area's screens are the ones a person moves between. A
//! screen's bytes do not change with how the others are grouped (it loads all the code it reaches),
//! only the number of files they come in.

use crate::components::RequireUser;
use crate::pages::{
    AuditLogPage, ClientAccountPage, ClientAccounts, CreateUserPage, ForgotPassword, Home,
    InvitationPage, ManagePermissions, MyProfile, NewClientAccount, OutboxPage, Register,
    ResetPasswordPage, SignUp, UsersPage,
};
use leptos::prelude::*;
use leptos_router::LazyRoute;

/// An area: an enum of its screens, a module whose lazy function draws them (the chunk), and for each
/// screen a route type whose view asks that function.
macro_rules! area {
    ($(#[$doc:meta])* $area:ident($screens:ident) { $($route:ident => $view:expr;)* }) => {
        $(#[$doc])*
        #[derive(Clone, Copy)]
        pub enum $screens {
            $($route,)*
        }

        mod $area {
            use super::*;

            // Named after the area: the chunk's name, which must differ between areas.
            #[lazy($area)]
            pub fn draw(screen: $screens) -> AnyView {
                match screen {
                    $($screens::$route => $view.into_any(),)*
                }
            }
        }

        $(
            pub struct $route;

            impl LazyRoute for $route {
                fn data() -> Self {
                    Self
                }

                async fn view(_this: Self) -> AnyView {
                    $area::draw($screens::$route).await
                }

                // The router loads the chunk before it renders or hydrates the route; a view that
                // is still loading when hydration reaches it breaks hydration.
                async fn preload() {
                    #[cfg(feature = "hydrate")]
                    $area::__preload_draw().await;
                }
            }
        )*
    };
}

area! {
    /// The start page: a client's account, or where staff go next.
    start(Start) {
        HomeRoute => view! { <Home /> };
    }
}

area! {
    /// What a visitor opens without a session: creating an agency, registering, a forgotten password,
    /// an invitation.
    visitors(Visitors) {
        SignUpRoute => view! { <SignUp /> };
        RegisterRoute => view! { <Register /> };
        ForgotPasswordRoute => view! { <ForgotPassword /> };
        ResetPasswordRoute => view! { <ResetPasswordPage /> };
        InvitationRoute => view! { <InvitationPage /> };
    }
}

// The Users page, Create User and the switch tree are the heaviest screens, and the Users page is the
// one staff open most: each is an area of its own, so none carries the others' code.
area! {
    /// The Users page: client users and staff, with search and Remove.
    users(Users) {
        UsersRoute => view! { <UsersPage /> };
    }
}

area! {
    /// Creating a user or inviting one.
    new_user(NewUser) {
        CreateUserRoute => view! { <CreateUserPage /> };
    }
}

area! {
    /// A user's switch tree in one client account.
    switches(Switches) {
        ManagePermissionsRoute => view! { <ManagePermissions /> };
    }
}

// Client accounts and the records are one area, as only staff open them: the splitter makes a chunk
// for each set of areas that share code, so fewer areas make fewer, larger chunks for every screen.
area! {
    /// Staff's other screens: client accounts (the list, opening one, one account with its resources
    /// and people), the audit log and the outbox of emails.
    agency(Agency) {
        ClientAccountsRoute => view! { <ClientAccounts /> };
        NewClientAccountRoute => view! { <RequireUser><NewClientAccount /></RequireUser> };
        ClientAccountRoute => view! { <ClientAccountPage /> };
        AuditLogRoute => view! { <AuditLogPage /> };
        OutboxRoute => view! { <OutboxPage /> };
    }
}

area! {
    /// Everyone's own profile and password.
    profile(Profile) {
        ProfileRoute => view! { <MyProfile /> };
    }
}
