//! Create an agency and its first owner.

use crate::api::SignUp as SignUpFn;
use crate::components::{
    continue_when_signed_in, form_errors, provide_screen_context, Field, NewPasswordField,
    PageTitle, PostForm,
};
use leptos::prelude::*;

#[island(lazy)]
pub fn SignUp() -> impl IntoView {
    provide_screen_context();
    let action = ServerAction::<SignUpFn>::new();
    continue_when_signed_in(action.value(), || "/".to_owned());
    let (field_error, form_error) = form_errors(action.value());

    view! {
        <PageTitle text="Create your agency" />
        <section class="card form-card">
            <h1>"Create your agency"</h1>
            <p class="muted">"You will be its owner. You can invite your staff and clients next."</p>
            // Our own messages, beside each field, replace the browser's bubbles.
            <PostForm
                action
                read=|fields| SignUpFn {
                    agency_name: fields.text("agency_name"),
                    first_name: fields.text("first_name"),
                    last_name: fields.text("last_name"),
                    email: fields.text("email"),
                    password: fields.text("password"),
                }
                attr:novalidate=true
            >
                <Field label="Agency name" name="agency_name" autocomplete="organization" error=field_error("agency_name") />
                <Field label="First name" name="first_name" autocomplete="given-name" error=field_error("first_name") />
                <Field label="Last name" name="last_name" autocomplete="family-name" error=field_error("last_name") />
                <Field label="Email address" name="email" kind="email" autocomplete="email" error=field_error("email") />
                <NewPasswordField error=field_error("password") />
                <p class="form-error" role="alert">{form_error}</p>
                <button type="submit" class="button" disabled=move || action.pending().get()>"Create agency"</button>
            </PostForm>
            <p>"Already have an account? " <a href="/login">"Log in"</a></p>
        </section>
    }
}
