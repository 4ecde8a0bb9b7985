//! Log in with an email address and a password.

use crate::api::LogIn as LogInFn;
use crate::components::{
    continue_when_signed_in, form_errors, provide_screen_context, Field, PageTitle, PostForm,
};
use leptos::prelude::*;

// Not lazy, unlike every other screen: its code is in the main WASM file, which then holds most of
// what all islands share. A visit without a session begins here, and one file of 147 KB loads and
// compiles sooner than the 56 chunks of 202 KB the lazy island came in; the other screens' chunks
// get fewer too (the switch tree's from 148 to 117), at 60 KB more for the Users page.
#[island]
pub fn LogIn(
    /// Where to go once signed in: the page that sent the visitor here.
    next: String,
) -> impl IntoView {
    provide_screen_context();
    let action = ServerAction::<LogInFn>::new();
    continue_when_signed_in(action.value(), move || next.clone());
    let (field_error, form_error) = form_errors(action.value());

    view! {
        <PageTitle text="Log in" />
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
                <p class="hint"><a href="/forgot-password">"Forgot password?"</a></p>
                <p class="form-error" role="alert">{form_error}</p>
                <button type="submit" class="button" disabled=move || action.pending().get()>"Log in"</button>
            </PostForm>
            <p>"New to Switchboard? " <a href="/signup">"Create an agency"</a> " or " <a href="/register">"register"</a> "."</p>
        </section>
    }
}
