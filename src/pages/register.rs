//! Register as a person: an account that belongs nowhere until an agency grants access.

use crate::api::Register as RegisterFn;
use crate::components::{
    continue_when_signed_in, form_errors, provide_screen_context, Field, NewPasswordField,
    PageTitle, PostForm,
};
use leptos::prelude::*;

#[island(lazy)]
pub fn Register() -> impl IntoView {
    provide_screen_context();
    let action = ServerAction::<RegisterFn>::new();
    continue_when_signed_in(action.value(), || "/".to_owned());
    let (field_error, form_error) = form_errors(action.value());

    view! {
        <PageTitle text="Register" />
        <section class="card form-card">
            <h1>"Register"</h1>
            <p class="muted">"For people an agency will give access to. Agencies start with "<a href="/signup">"Create your agency"</a>"."</p>
            // Our own messages, beside each field, replace the browser's bubbles.
            <PostForm
                action
                read=|fields| RegisterFn {
                    first_name: fields.text("first_name"),
                    last_name: fields.text("last_name"),
                    email: fields.text("email"),
                    password: fields.text("password"),
                }
                attr:novalidate=true
            >
                <Field label="First name" name="first_name" autocomplete="given-name" error=field_error("first_name") />
                <Field label="Last name" name="last_name" autocomplete="family-name" error=field_error("last_name") />
                <Field label="Email address" name="email" kind="email" autocomplete="email" error=field_error("email") />
                <NewPasswordField error=field_error("password") />
                <p class="form-error" role="alert">{form_error}</p>
                <button type="submit" class="button" disabled=move || action.pending().get()>"Register"</button>
            </PostForm>
            <p>"Already have an account? " <a href="/login">"Log in"</a></p>
        </section>
    }
}
