//! A counter bumped after every change on a page, so the page's lists load again.

use crate::domain::AppError;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct Changed(RwSignal<usize>);

impl Changed {
    pub fn new() -> Self {
        Changed(RwSignal::new(0))
    }

    /// The count (tracked: a resource keyed on it loads again after each change).
    pub fn get(self) -> usize {
        self.0.get()
    }

    pub fn bump(self) {
        self.0.update(|n| *n += 1);
    }

    /// Bumps whenever `action` succeeds.
    pub fn after<T>(self, action: ServerAction<T>)
    where
        T: leptos::server_fn::ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
        T::Output: Send + Sync + Clone + 'static,
    {
        Effect::new(move |_| {
            if let Some(Ok(_)) = action.value().get() {
                self.bump();
            }
        });
    }
}

impl Default for Changed {
    fn default() -> Self {
        Self::new()
    }
}
