//! Log in with an email address and a password.

use crate::api::LogIn as LogInFn;
use crate::components::{use_auth, Field};
use crate::domain::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_navigate;

#[component]
pub fn LogIn() -> impl IntoView {
    let auth = use_auth();
    let action = ServerAction::<LogInFn>::new();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            auth.refresh();
            navigate("/", Default::default());
        }
    });
    let failure = move || action.value().get().and_then(Result::err);
    let field_error = move |field: &'static str| {
        Signal::derive(move || failure().and_then(|e| e.message_for(field)))
    };
    let form_error = move || {
        failure()
            .filter(|e| !matches!(e, AppError::Invalid(_)))
            .map(|e| e.to_string())
    };

    view! {
        <Title text="Log in" />
        <section class="card form-card">
            <h1>"Log in"</h1>
            // Our own messages, beside each field, replace the browser's bubbles.
            <ActionForm action attr:novalidate=true>
                <Field label="Email address" name="email" kind="email" autocomplete="username" error=field_error("email") />
                <Field label="Password" name="password" kind="password" autocomplete="current-password" error=field_error("password") />
                <p class="form-error" role="alert">{form_error}</p>
                <button type="submit" class="button" disabled=move || action.pending().get()>"Log in"</button>
            </ActionForm>
            <p>"New to Switchboard? " <A href="/signup">"Create an agency"</A></p>
        </section>
    }
}
