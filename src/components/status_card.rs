//! A card that asks the server which database answers and how quickly.
//!
//! Rendered on the server with a first report; once hydrated, "Check again" calls the `check_status`
//! server function, so the card proves SSR, hydration and a server-function round trip together.

use crate::api::check_status;
use crate::domain::{clock_time_utc, relative_time, StatusReport};
use leptos::prelude::*;

#[component]
pub fn StatusCard() -> impl IntoView {
    let checks = RwSignal::new(0_u32);
    let report = Resource::new(move || checks.get(), |_| check_status());
    // Effects run only in the browser: until this one has, the button could not work.
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let pending = RwSignal::new(false);

    view! {
        <section class="card status-card" aria-labelledby="status-title">
            <h2 id="status-title">"System status"</h2>
            <div aria-live="polite">
                <Transition fallback=|| view! { <p>"Checking…"</p> } set_pending=pending.write_only()>
                    <ErrorBoundary fallback=|errors| {
                        view! {
                            <p class="error" role="alert">
                                {move || errors.get().into_iter().next().map(|(_, e)| e.to_string())}
                            </p>
                        }
                    }>
                        {move || Suspend::new(async move { report.await.map(|r| view! { <Report report=r /> }) })}
                    </ErrorBoundary>
                </Transition>
            </div>
            <button
                type="button"
                class="button"
                disabled=move || !hydrated.get() || pending.get()
                on:click=move |_| checks.update(|n| *n += 1)
            >
                "Check again"
            </button>
        </section>
    }
}

#[component]
fn Report(report: StatusReport) -> impl IntoView {
    let installed = relative_time(report.installed_at_ms, report.checked_at_ms);
    let round_trip_ms = format!("{:.2} ms", report.db_round_trip_us as f64 / 1000.0);
    view! {
        <dl class="facts">
            <dt>"Database"</dt>
            <dd data-testid="backend">{report.backend.to_string()}</dd>
            <dt>"Answered in"</dt>
            <dd data-testid="round-trip">{round_trip_ms}</dd>
            <dt>"Schema version"</dt>
            <dd>{report.schema_version}</dd>
            <dt>"Installed"</dt>
            <dd>{installed}</dd>
            <dt>"Checked at"</dt>
            <dd data-testid="checked-at">{clock_time_utc(report.checked_at_ms)}</dd>
        </dl>
    }
}
