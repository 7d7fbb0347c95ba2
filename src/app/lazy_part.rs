//! A result that comes from a lazily loaded part (`crate::parts`): computed off the
//! keystroke, said in place while the part loads ("Loading…"), and, when the part fails to
//! load, what failed with a button that tries again. Typing never waits for it.

use std::future::Future;

use leptos::prelude::*;

use crate::parts::{Part, PartError};

/// Where a part's result stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lazy<T> {
    /// Nothing asked yet (the section is closed, the box empty).
    Idle,
    /// The part is loading (shown only until its first answer: later changes keep the last
    /// answer on screen until the next one is in).
    Loading,
    Ready(T),
    /// The part did not load: the sentence to show.
    Failed(String),
}

impl<T> Lazy<T> {
    pub fn ready(&self) -> Option<&T> {
        match self {
            Lazy::Ready(value) => Some(value),
            _ => None,
        }
    }
}

/// A part's result for `input` (`None`: nothing to ask), recomputed whenever `input`
/// changes, and a retry for a failed load. A part that did not load is not asked again by
/// a change of `input` (each keystroke would fetch it again and announce the failure anew),
/// only by this retry, or as soon as another place's load of it succeeds, or once `input`
/// has been empty.
pub struct LazyResult<T: Send + Sync + 'static> {
    pub state: ReadSignal<Lazy<T>>,
    retry: Trigger,
    /// The part whose load failed, until it loads or the retry asks it again.
    not_loaded: RwSignal<Option<Part>>,
}

impl<T: Send + Sync + 'static> Clone for LazyResult<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for LazyResult<T> {}

impl<T: Clone + Send + Sync + 'static> LazyResult<T> {
    pub fn new<I, F, Fut>(input: impl Fn() -> Option<I> + 'static, compute: F) -> Self
    where
        I: 'static,
        F: Fn(I) -> Fut + 'static,
        Fut: Future<Output = Result<T, PartError>> + 'static,
    {
        let (state, set_state) = signal(Lazy::Idle);
        let retry = Trigger::new();
        let not_loaded = RwSignal::new(None::<Part>);
        // Answers can come back out of order: only the latest request's is kept.
        let generation = StoredValue::new(0u64);
        Effect::new(move |_| {
            retry.track();
            let Some(input) = input() else {
                generation.update_value(|g| *g += 1);
                not_loaded.update_untracked(|p| *p = None);
                set_state.set(Lazy::Idle);
                return;
            };
            // Tracked: a failed load sets it, and this effect then waits for the part to
            // load (by a retry here or anywhere else) instead of asking again.
            if let Some(part) = not_loaded.get() {
                if !crate::parts::loaded(part) {
                    crate::parts::track_loading();
                    return;
                }
                not_loaded.update_untracked(|p| *p = None);
            }
            generation.update_value(|g| *g += 1);
            let asked = generation.get_value();
            if !matches!(state.get_untracked(), Lazy::Ready(_)) {
                set_state.set(Lazy::Loading);
            }
            let answer = compute(input);
            leptos::task::spawn_local(async move {
                let answer = answer.await;
                // Unmounted meanwhile, or a newer request was made.
                if generation.try_get_value() != Some(asked) {
                    return;
                }
                set_state.set(match answer {
                    Ok(value) => Lazy::Ready(value),
                    Err(error) => {
                        // A function of a loaded part that failed may answer the next input.
                        if !crate::parts::loaded(error.part) {
                            not_loaded.set(Some(error.part));
                        }
                        Lazy::Failed(error.message())
                    }
                });
            });
        });
        LazyResult {
            state,
            retry,
            not_loaded,
        }
    }

    /// Ask the part again (the "Try again" of a failed load).
    pub fn retry(&self) {
        self.not_loaded.update_untracked(|p| *p = None);
        self.retry.notify();
    }

    /// The value once there is one.
    pub fn value(&self) -> Option<T> {
        self.state.with(|s| s.ready().cloned())
    }
}

/// "Loading…" while the part loads; what failed and "Try again" when it did not load.
#[component]
pub fn LazyStatus<T: Clone + Send + Sync + 'static>(result: LazyResult<T>) -> impl IntoView {
    move || match result.state.get() {
        Lazy::Loading => part_loading(),
        Lazy::Failed(message) => part_failed(message, move || result.retry()),
        Lazy::Idle | Lazy::Ready(_) => ().into_any(),
    }
}

/// Where a part's content will be, while the part loads.
pub fn part_loading() -> AnyView {
    view! { <p class="wkc-hint" role="status" data-part-state="loading">"Loading…"</p> }.into_any()
}

/// A part that did not load: what failed, and a button that tries again.
pub fn part_failed(message: String, retry: impl Fn() + 'static) -> AnyView {
    view! {
        <div role="alert" data-part-state="failed">
            <p class="wkc-hint">{message}</p>
            <button type="button" class="wkc-button wkc-button-small" data-action="retry-part"
                on:click=move |_| retry()>
                "Try again"
            </button>
        </div>
    }
    .into_any()
}
