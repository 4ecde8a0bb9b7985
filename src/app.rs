//! The HTML shell, the root component with its header and navigation, and the route table.

use crate::components::frame::PASSWORD_REMINDER;
use crate::components::{page_title, provide_auth, use_auth, UserMenu};
use crate::pages::{
    AuditLogPage, ClientAccounts, ForgotPassword, Home, MyProfile, NotFound, OutboxPage, Register,
    SignUp, UsersPage,
};
use crate::routes::*;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::{path, SsrMode};

/// The document around the app; rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light dark" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <meta name="description" content="Switchboard gives agency clients and staff access to exactly what they should see." />
                <AutoReload options=options.clone() />
                <HashedStylesheet options=options.clone() id="leptos" />
                // Loads the WASM when the browser is idle after the first paint and hydrates the
                // page's islands; the rest of the page is the server's HTML, readable and usable
                // (its forms post) without it.
                <HydrationScripts options islands=true />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// An entry of the main navigation.
struct Screen {
    href: &'static str,
    title: &'static str,
}

const USERS: Screen = Screen {
    href: "/users",
    title: "Users",
};
const CLIENTS: Screen = Screen {
    href: "/clients",
    title: "Client accounts",
};
const AUDIT: Screen = Screen {
    href: "/audit",
    title: "Audit log",
};
const OUTBOX: Screen = Screen {
    href: "/outbox",
    title: "Outbox",
};
const PROFILE: Screen = Screen {
    href: "/profile",
    title: "My profile",
};
const NAVIGATION: [Screen; 5] = [USERS, CLIENTS, AUDIT, OUTBOX, PROFILE];

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    provide_auth();
    view! {
        <Title formatter=page_title />
        <Router>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <header class="app-header">
                <A href="/" attr:class="brand">"Switchboard"</A>
                <nav aria-label="Main">
                    <ul class="nav-list">
                        {NAVIGATION
                            .iter()
                            .map(|screen| {
                                view! {
                                    <li>
                                        <A href=screen.href>{screen.title}</A>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </nav>
                <UserMenu />
            </header>
            <main id="main" tabindex="-1">
                <PasswordReminder />
                <ErrorBoundary fallback=|errors| view! { <ErrorPage errors /> }>
                    // Each page is sent whole once its data is read (SsrMode::Async), rather than
                    // streamed with placeholders that scripts fill in: the header's user menu no
                    // longer pops in and shifts the page, and without JavaScript it is there at all.
                    <Routes fallback=NotFound>
                        <Route path=path!("/") ssr=SsrMode::Async view=Home />
                        // Pages that load data send visitors to Log in themselves: a resource created
                        // inside another Suspense can stall server rendering (leptos#4866).
                        <Route path=path!("/login") ssr=SsrMode::Async view=LogInRoute />
                        <Route path=path!("/signup") ssr=SsrMode::Async view=SignUp />
                        <Route path=path!("/register") ssr=SsrMode::Async view=Register />
                        <Route path=path!("/forgot-password") ssr=SsrMode::Async view=ForgotPassword />
                        <Route path=path!("/reset-password") ssr=SsrMode::Async view=ResetPasswordRoute />
                        <Route path=path!("/invite/:token") ssr=SsrMode::Async view=InvitationRoute />
                        <Route path=path!("/users") ssr=SsrMode::Async view=UsersPage />
                        <Route path=path!("/users/new") ssr=SsrMode::Async view=CreateUserRoute />
                        <Route path=path!("/clients") ssr=SsrMode::Async view=ClientAccounts />
                        <Route path=path!("/clients/new") ssr=SsrMode::Async view=NewClientAccountRoute />
                        <Route path=path!("/clients/:id") ssr=SsrMode::Async view=ClientAccountRoute />
                        <Route path=path!("/clients/:id/users/:user/permissions") ssr=SsrMode::Async view=ManagePermissionsRoute />
                        <Route path=path!("/audit") ssr=SsrMode::Async view=AuditLogPage />
                        <Route path=path!("/outbox") ssr=SsrMode::Async view=OutboxPage />
                        <Route path=path!("/profile") ssr=SsrMode::Async view=MyProfile />
                    </Routes>
                </ErrorBoundary>
            </main>
        </Router>
    }
}

/// Someone signed in with an initial password a staff member set: they are asked to choose their own.
#[component]
fn PasswordReminder() -> impl IntoView {
    let auth = use_auth();
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let must = auth.user.await.ok().flatten().is_some_and(|user| user.must_change_password);
                must.then(|| view! {
                    <section id=PASSWORD_REMINDER class="card warning" role="alert" aria-labelledby="choose-password-title">
                        <h2 id="choose-password-title">"Choose your own password"</h2>
                        <p>"You signed in with an initial password someone set for you. Choose your own now."</p>
                        <A href="/profile">"Change your password on My profile"</A>
                    </section>
                })
            })}
        </Transition>
    }
}

/// What a screen shows when something inside it failed, instead of a blank page.
#[component]
fn ErrorPage(errors: ArcRwSignal<Errors>) -> impl IntoView {
    view! {
        <section class="card error-page" role="alert">
            <h1>"Something went wrong"</h1>
            <ul>
                {move || {
                    errors
                        .get()
                        .into_iter()
                        .map(|(_, error)| view! { <li>{error.to_string()}</li> })
                        .collect_view()
                }}
            </ul>
            <p>"Reload the page to try again."</p>
        </section>
    }
}
