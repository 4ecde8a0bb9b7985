//! The input for choosing a password: a strength meter as you type and a Generate button that
//! fills in a strong password and shows it.

use crate::domain::password_strength::{estimate, generate};
use leptos::prelude::*;

#[component]
pub fn NewPasswordField(
    /// The server's message about the password.
    #[prop(into)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let value = RwSignal::new(String::new());
    let shown = RwSignal::new(false);
    let strength = Memo::new(move |_| estimate(&value.get()));
    let described_by = move || {
        let mut ids = String::from("password-hint password-strength");
        if error.get().is_some() {
            ids.push_str(" password-error");
        }
        ids
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
            <label for="password">"Password"</label>
            <div class="password-row">
                <input
                    id="password"
                    name="password"
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
            <p id="password-hint" class="hint">"At least 8 characters. A few unrelated words make a strong one."</p>
            <div class="strength" data-level=move || strength.get().level().to_string() aria-hidden="true">
                <span></span>
                <span></span>
                <span></span>
                <span></span>
            </div>
            <p id="password-strength" class="hint" aria-live="polite">
                {move || (!value.get().is_empty()).then(|| format!("Strength: {}", strength.get().label()))}
            </p>
            {move || error.get().map(|message| view! { <p id="password-error" class="field-error">{message}</p> })}
        </div>
    }
}
