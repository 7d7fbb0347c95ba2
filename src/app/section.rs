//! A titled section of the page, labelled by its heading.

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
    let labelled_by = heading.clone();
    view! {
        <section class="wkc-section" data-section=id aria-labelledby=labelled_by>
            <h2 class="wkc-section-title" id=heading>{title}</h2>
            {children()}
        </section>
    }
}
