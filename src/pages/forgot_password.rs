//! Forgot password: ask for a link to choose a new one.

use crate::api::RequestPasswordReset;
use crate::components::{form_errors, provide_screen_context, Field, PageTitle, PostForm};
use crate::domain::RESET_LINK_VALID_MINUTES;
use leptos::prelude::*;

#[island(lazy)]
pub fn ForgotPassword() -> impl IntoView {
    provide_screen_context();
    let action = ServerAction::<RequestPasswordReset>::new();
    let (field_error, form_error) = form_errors(action.value());
    let sent = move || matches!(action.value().get(), Some(Ok(())));

    view! {
        <PageTitle text="Forgot password" />
        <section class="card form-card">
            <h1>"Forgot password"</h1>
            <p class="muted">"Enter the email address you log in with, and we will send it a link to choose a new password."</p>
            <PostForm
                action
                read=|fields| RequestPasswordReset { email: fields.text("email") }
                attr:novalidate=true
            >
                <Field label="Email address" name="email" kind="email" autocomplete="username" error=field_error("email") />
                <p class="form-error" role="alert">{form_error}</p>
                <div class="form-success" role="status">
                    {move || sent().then(|| view! {
                        <p>{format!("If an account uses this address, a link is on its way. It works for {RESET_LINK_VALID_MINUTES} minutes, once.")}</p>
                        <p>"No email after a few minutes? Check your spam folder, or ask your agency's owner: when Switchboard has no email server, they find your message on its Outbox page."</p>
                    })}
                </div>
                <button type="submit" class="button" disabled=move || action.pending().get()>"Send reset link"</button>
            </PostForm>
            <p><a href="/login">"Back to Log in"</a></p>
        </section>
    }
}
