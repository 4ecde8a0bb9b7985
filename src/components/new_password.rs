//! The input for choosing a password: a strength meter as you type and a Generate button that
//! fills in a strong password and shows it.

use crate::domain::password_strength::{estimate, generate};
use leptos::prelude::*;

#[component]
pub fn NewPasswordField(
    #[prop(default = "password")] name: &'static str,
    #[prop(default = "Password")] label: &'static str,
    /// The server's message about the password.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// Empties the field (and its meter) whenever this changes, e.g. after the form was saved.
    #[prop(optional, into)]
    clear: Option<Signal<usize>>,
) -> impl IntoView {
    let (hint_id, strength_id, error_id) = (
        format!("{name}-hint"),
        format!("{name}-strength"),
        format!("{name}-error"),
    );
    let value = RwSignal::new(String::new());
    let shown = RwSignal::new(false);
    let strength = Memo::new(move |_| estimate(&value.get()));
    if let Some(clear) = clear {
        Effect::new(move |previous: Option<usize>| {
            let now = clear.get();
            if previous.is_some_and(|previous| previous != now) {
                value.set(String::new());
                shown.set(false);
            }
            now
        });
    }
    let described_by = {
        let (hint_id, strength_id, error_id) =
            (hint_id.clone(), strength_id.clone(), error_id.clone());
        move || {
            let mut ids = format!("{hint_id} {strength_id}");
            if error.get().is_some() {
                ids = format!("{ids} {error_id}");
            }
            ids
        }
    };
    let fill_generated = move |_| match generate() {
        Ok(password) => {
            value.set(password);
            shown.set(true);
        }
        Err(_) => shown.set(false),
    };

    view! {
        <div class="field">
            <label for=name>{label}</label>
            <div class="password-row">
                <input
                    id=name
                    name=name
                    type=move || if shown.get() { "text" } else { "password" }
                    autocomplete="new-password"
                    spellcheck="false"
                    prop:value=value
                    on:input=move |ev| value.set(event_target_value(&ev))
                    aria-invalid=move || error.get().is_some().then_some("true")
                    aria-describedby=described_by
                />
                <button type="button" class="button button-quiet" on:click=fill_generated>
                    "Generate"
                </button>
            </div>
            <p id=hint_id class="hint">"At least 8 characters. A few unrelated words make a strong one."</p>
            <div class="strength" data-level=move || strength.get().level().to_string() aria-hidden="true">
                <span></span>
                <span></span>
                <span></span>
                <span></span>
            </div>
            <p id=strength_id class="hint" aria-live="polite">
                {move || (!value.get().is_empty()).then(|| format!("Strength: {}", strength.get().label()))}
            </p>
            {move || error.get().map(|message| view! { <p id=error_id.clone() class="field-error">{message}</p> })}
        </div>
    }
}
