//! A titled section of the page. Not a landmark (no accessible name): the page itself is the
//! one `<main>` of `index.html`, and two widgets in one host page would otherwise repeat
//! every landmark (axe: landmark-unique). The `<h2>` gives screen readers the outline.

use leptos::prelude::*;

use super::model::Model;

#[component]
pub fn Section(
    model: Model,
    /// Stable name, also used in the heading's id.
    id: &'static str,
    title: &'static str,
    children: Children,
) -> impl IntoView {
    let heading = model.ids.id(&format!("{id}-title"));
    view! {
        <section class="wkc-section" data-section=id>
            // Focusable by script: where a link to the section takes the focus.
            <h2 class="wkc-section-title" id=heading tabindex="-1">{title}</h2>
            {children()}
        </section>
    }
}

/// Whether a fold is open: true from the first time `when` holds, never false again by
/// itself. Re-applied on every change, it would shut on the admin who opened it to type, or
/// who cleared what opened it.
pub fn opens_once(when: impl Fn() -> bool + Send + Sync + 'static) -> Memo<bool> {
    Memo::new(move |was: Option<&bool>| was.copied().unwrap_or(false) || when())
}

/// A section folded to one line under its title until opened: what the admin rarely needs
/// (the four derived URLs). `open` opens it when it matters (an override, a finding about
/// it); it never closes by itself. The title stays a heading, outside the summary.
#[component]
pub fn FoldingSection(
    model: Model,
    id: &'static str,
    title: &'static str,
    /// What the folded section holds, after the title.
    note: &'static str,
    open: Signal<bool>,
    children: ChildrenFn,
) -> impl IntoView {
    let heading = model.ids.id(&format!("{id}-title"));
    let opened = opens_once(move || open.get());
    view! {
        <section class="wkc-section wkc-section-folding" data-section=id>
            // Focusable by script: where a link to the section takes the focus.
            <h2 class="wkc-section-title" id=heading tabindex="-1">{title}</h2>
            <details class="wkc-fold" prop:open=opened>
                <summary class="wkc-fold-summary">{note}</summary>
                <Deferred model open=opened>{children()}</Deferred>
            </details>
        </section>
    }
}

/// What a fold holds while it is closed as the page is built: built right after the page
/// (`Model::settled`) instead of with it, so the first build, which time to interactive
/// waits for, skips what no one sees yet. Built with the page when `open` holds then.
#[component]
pub fn Deferred(
    model: Model,
    #[prop(into, default = Signal::stored(false))] open: Signal<bool>,
    children: ChildrenFn,
) -> impl IntoView {
    let ready = opens_once(move || open.get() || model.settled.get());
    move || ready.get().then(|| children())
}
