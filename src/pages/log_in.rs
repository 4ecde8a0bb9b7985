//! Log in with an email address and a password.

use crate::api::LogIn as LogInFn;
use crate::components::{continue_when_signed_in, form_errors, Field, PostForm};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LogIn() -> impl IntoView {
    let action = ServerAction::<LogInFn>::new();
    let query = use_query_map();
    // Back to the page that sent the visitor here; only paths on this site, never "//other.host".
    let next = move || {
        query
            .read()
            .get("next")
            .filter(|path| path.starts_with('/') && !path.starts_with("//"))
            .unwrap_or_else(|| "/".to_owned())
    };
    continue_when_signed_in(action.value(), next);
    let (field_error, form_error) = form_errors(action.value());

    view! {
        <Title text="Log in" />
        <section class="card form-card">
            <h1>"Log in"</h1>
            // Our own messages, beside each field, replace the browser's bubbles.
            <PostForm
                action
                read=|fields| LogInFn { email: fields.text("email"), password: fields.text("password") }
                attr:novalidate=true
            >
                <Field label="Email address" name="email" kind="email" autocomplete="username" error=field_error("email") />
                <Field label="Password" name="password" kind="password" autocomplete="current-password" error=field_error("password") />
                <p class="hint"><A href="/forgot-password">"Forgot password?"</A></p>
                <p class="form-error" role="alert">{form_error}</p>
                <button type="submit" class="button" disabled=move || action.pending().get()>"Log in"</button>
            </PostForm>
            <p>"New to Switchboard? " <A href="/signup">"Create an agency"</A> " or " <A href="/register">"register"</A> "."</p>
        </section>
    }
}
