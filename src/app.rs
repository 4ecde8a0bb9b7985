//! The HTML shell, the root component with its header and navigation, and the route table.

use crate::components::{provide_auth, provide_live, use_auth, UserMenu};
use crate::pages::{LogIn, NotFound};
use crate::routes::*;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, HashedStylesheet, MetaTags, Title};
use leptos_router::components::{Route, Router, Routes, A};
use leptos_router::{path, Lazy, SsrMode};

/// The document around the app; rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    crate::server::headers::set_page_csp();
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
                // Hydrates when the browser is idle after the first paint (at most 2 s later), and
                // fetches the WASM at low priority meanwhile: the page's own HTML and CSS, which it
                // is readable and usable with (forms post without it), do not wait behind the WASM.
                <HydrationScripts options defer=true />
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
    provide_live();
    // Effects run only in the browser, so this marks the page as interactive (the specs wait for it).
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    view! {
        <Title formatter=page_title />
        <Router>
            <a class="skip-link" href="#main">"Skip to content"</a>
            <header class="app-header" data-hydrated=move || hydrated.get().to_string()>
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
                        <Route path=path!("/") ssr=SsrMode::Async view={Lazy::<HomeRoute>::new()} />
                        <Route path=path!("/login") ssr=SsrMode::Async view=LogIn />
                        // All but Log in load on demand (see routes.rs). Pages that load data send
                        // visitors to Log in themselves: a resource created inside another Suspense can
                        // stall server rendering (leptos#4866).
                        <Route path=path!("/signup") ssr=SsrMode::Async view={Lazy::<SignUpRoute>::new()} />
                        <Route path=path!("/register") ssr=SsrMode::Async view={Lazy::<RegisterRoute>::new()} />
                        <Route path=path!("/forgot-password") ssr=SsrMode::Async view={Lazy::<ForgotPasswordRoute>::new()} />
                        <Route path=path!("/reset-password") ssr=SsrMode::Async view={Lazy::<ResetPasswordRoute>::new()} />
                        <Route path=path!("/invite/:token") ssr=SsrMode::Async view={Lazy::<InvitationRoute>::new()} />
                        <Route path=path!("/users") ssr=SsrMode::Async view={Lazy::<UsersRoute>::new()} />
                        <Route path=path!("/users/new") ssr=SsrMode::Async view={Lazy::<CreateUserRoute>::new()} />
                        <Route path=path!("/clients") ssr=SsrMode::Async view={Lazy::<ClientAccountsRoute>::new()} />
                        <Route path=path!("/clients/new") ssr=SsrMode::Async view={Lazy::<NewClientAccountRoute>::new()} />
                        <Route path=path!("/clients/:id") ssr=SsrMode::Async view={Lazy::<ClientAccountRoute>::new()} />
                        <Route path=path!("/clients/:id/users/:user/permissions") ssr=SsrMode::Async view={Lazy::<ManagePermissionsRoute>::new()} />
                        <Route path=path!("/audit") ssr=SsrMode::Async view={Lazy::<AuditLogRoute>::new()} />
                        <Route path=path!("/outbox") ssr=SsrMode::Async view={Lazy::<OutboxRoute>::new()} />
                        <Route path=path!("/profile") ssr=SsrMode::Async view={Lazy::<ProfileRoute>::new()} />
                    </Routes>
                </ErrorBoundary>
            </main>
        </Router>
    }
}

/// The document's title for a page's own: "Client account Acme · Switchboard".
fn page_title(page: String) -> String {
    let title = if page.is_empty() {
        "Switchboard".to_owned()
    } else {
        format!("{page} · Switchboard")
    };
    // leptos_meta writes the server's <title> without escaping it, and a page's title can hold a
    // name someone typed ("</title><img …>"); in the browser it is set as text, already safe.
    #[cfg(feature = "ssr")]
    let title = html_escape::encode_text(&title).into_owned();
    title
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
                    <section class="card warning" role="alert" aria-labelledby="choose-password-title">
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
