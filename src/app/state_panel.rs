//! The state at a glance, beside the form where there is room: the counts, the findings with
//! their fixes, what to set in Keycloak and the export check. In one column it comes first,
//! collapsed to its counts, so the form stays near the top of a phone's screen; a resize into
//! the other layout folds or opens it as that layout would.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::adopted_sheet::{adopt_sheet, drop_sheet};
use super::diagnostics_panel::{counts, DiagnosticsPanel};
use super::keycloak_export_section::KeycloakExportSection;
use super::keycloak_setup::KeycloakSetup;
use super::model::{open_enclosing_details, Model};
use super::section::Deferred;
use crate::backend::timer::Timer;
use wkc_core::Field;

#[component]
pub fn StatePanel(model: Model) -> impl IntoView {
    let details = NodeRef::<leptos::html::Details>::new();
    // Open beside the form; collapsed to the counts when the page is one column. Decided at
    // mount, and again only when a resize crosses into the other layout: the admin's own
    // toggle stands while the layout does.
    let columns = StoredValue::new(None::<bool>);
    let follow_layout = move || {
        let Some(details) = details.get_untracked() else {
            return;
        };
        let element: &web_sys::HtmlDetailsElement = details.unchecked_ref();
        let two = two_columns(element);
        if columns.get_value() != Some(two) {
            columns.set_value(Some(two));
            element.set_open(two);
        }
    };
    Effect::new(move |_| {
        if details.get().is_some() {
            follow_layout();
        }
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| follow_layout());
    on_cleanup(move || resize.remove());
    view! {
        // Outside the block: folded, what it holds is hidden, and a live region with it.
        <Deferred model>
            <CountsSaid model/>
        </Deferred>
        <details class="wkc-state" id=model.ids.id("state") node_ref=details open data-state>
            <summary class="wkc-state-summary">
                <span class="wkc-state-counts" data-findings-summary>{move || counts(model)}</span>
                // Folded (one column), the counts alone would hide that the steps are in here.
                <span class="wkc-state-inside">"Findings, the Keycloak steps and the export check"</span>
            </summary>
            // The block comes first in the page's order (first on screen in one column): a
            // keyboard user can go straight to the form.
            <SkipToForm model/>
            <DiagnosticsPanel model/>
            // Below the findings: under the first screen beside the form, and inside the
            // collapsed block in one column. Built in the task after the page (`Deferred`).
            <Deferred model>
                <KeycloakSetup model/>
                <KeycloakExportSection model/>
                <FitBelowHeader details/>
            </Deferred>
        </details>
    }
}

/// "Skip to the form", shown when focused: first in the page's order, and again at the top of
/// the state block, which comes before the form in that order (first on screen in one
/// column, beside the form in two).
#[component]
pub fn SkipToForm(model: Model) -> impl IntoView {
    view! {
        <button type="button" class="wkc-button wkc-button-small wkc-skip" data-action="skip-to-form"
            on:click=move |_| model.focus(Field::Host)>
            "Skip to the form"
        </button>
    }
}

/// How long the counts must stay the same before a screen reader is told them.
const COUNTS_QUIET_MS: u32 = 1_000;

/// The counts, said to a screen reader once they have stopped changing: they change as the
/// admin types (a URL's first characters are an error, its next ones a warning), and a live
/// region on the counts themselves was read out at each of those keystrokes. Empty at first:
/// the counts the page opens with are in the block's summary, not news. It computes the
/// counts itself (a few µs a change) rather than sharing a memo with the summary: built at
/// the start, that memo cost 8 more functions compiled before the first screen.
#[component]
fn CountsSaid(model: Model) -> impl IntoView {
    let said = RwSignal::new(String::new());
    let last = StoredValue::new(counts(model));
    let say = move || {
        let now = counts(model);
        if last.get_value() != now {
            last.set_value(now.clone());
            said.set(now);
        }
    };
    let timer = StoredValue::new_local(Timer::new(say).ok());
    Effect::new(move |_| {
        // Back to what was said last: nothing new to say.
        let changed = last.with_value(|said| *said != counts(model));
        timer.with_value(|timer| {
            timer.iter().for_each(|timer| match changed {
                true => timer.arm(COUNTS_QUIET_MS),
                false => timer.clear(),
            })
        });
    });
    view! { <span class="wkc-visually-hidden" role="status" data-counts-said>{said}</span> }
}

/// Beside the form the column sticks 1rem from the top and reaches down to the save bar; until
/// the page has scrolled the header away it starts lower and would end below the screen, its
/// last lines and its scrollbar's end out of reach but by scrolling the page. So its row's
/// top is kept in `--wkc-columns-top` (style/main.css takes it from the height), in a
/// stylesheet of the column's own adopted by its root (the document, or a widget's shadow
/// root): an element's `style` would be inline style, which the page never has (strict CSP).
/// Kept once a frame while the page scrolls or resizes; built after the first screen
/// (`Deferred`), so time to interactive does not wait on it.
#[component]
fn FitBelowHeader(details: NodeRef<leptos::html::Details>) -> impl IntoView {
    let Some((root, id)) = details.get_untracked().map(|d| (d.get_root_node(), d.id())) else {
        return;
    };
    let Some(sheet) = adopt_sheet(&root) else {
        return;
    };
    let frame_asked = StoredValue::new_local(false);
    let fit = {
        let sheet = sheet.clone();
        move || {
            if frame_asked.get_value() {
                return;
            }
            frame_asked.set_value(true);
            let (sheet, id) = (sheet.clone(), id.clone());
            request_animation_frame(move || {
                // Given back: the page is gone.
                if frame_asked.try_set_value(false).is_some() {
                    return;
                }
                let Some(row) = details.get_untracked().and_then(|d| d.parent_element()) else {
                    return;
                };
                let top = row.get_bounding_client_rect().top();
                let _ = sheet.replace_sync(&format!("#{id} {{ --wkc-columns-top: {top:.0}px; }}"));
            });
        }
    };
    fit();
    let scroll = window_event_listener(leptos::ev::scroll, {
        let fit = fit.clone();
        move |_| fit()
    });
    let resize = window_event_listener(leptos::ev::resize, move |_| fit());
    on_cleanup(move || {
        scroll.remove();
        resize.remove();
        drop_sheet(&root, &sheet);
    });
}

/// Links to what is below the findings in the state block, which beside the form scrolls
/// on its own (the Keycloak steps were easily missed there) and in one column is folded:
/// outside it, in the header, so they are always on the first screen. Going to a heading
/// opens the block around it.
#[component]
pub fn StateLinks(model: Model) -> impl IntoView {
    view! {
        // One listener for both: each button names its section.
        <p class="wkc-state-nav" on:click=move |ev| {
            let to = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|e| e.closest("[data-to]").ok().flatten())
                .and_then(|button| button.get_attribute("data-to"));
            if let Some(to) = to {
                let heading = model.ids.id(&format!("{to}-title"));
                let selector = format!("#{heading}");
                // Beside the form the state column scrolls on its own: the heading goes to its
                // top first, so focusing it scrolls the page only where the column's end needs
                // it (focus alone left it low in the column and took the header out of view).
                if let Some(h) = model.find(&selector) {
                    // The block folded in one column: open first, or there is nothing to scroll to.
                    open_enclosing_details(&h);
                    open_first_fold(&h);
                    to_top(&h);
                }
                model.focus_id(&heading);
                // Often only the column moved: the move alone may go unseen.
                model.flash_at(&selector);
            }
        }>
            <button type="button" class="wkc-button wkc-button-small wkc-button-quiet" data-to="keycloak-setup">
                "The Keycloak steps"
            </button>
            <button type="button" class="wkc-button wkc-button-small wkc-button-quiet" data-to="keycloak-export">
                "Check the client"
            </button>
        </p>
    }
}

/// Open the fold right under `heading`, where its section starts with one ("Paste the
/// client's export to check it"): "Check the client" leads to what checks it, not to one
/// more click.
fn open_first_fold(heading: &web_sys::Element) {
    let fold = heading
        .closest("section")
        .ok()
        .flatten()
        .and_then(|section| {
            section
                .query_selector(":scope > h2 + details")
                .ok()
                .flatten()
        })
        .and_then(|fold| fold.dyn_into::<web_sys::HtmlDetailsElement>().ok());
    if let Some(fold) = fold {
        fold.set_open(true);
    }
}

/// Scroll the state column, where it scrolls on its own (beside the form), so `heading` is at
/// its top or as near as the column's end allows. In one column the page scrolls so the
/// heading is at the screen's top: what follows it (the paste box under "Check the client")
/// is then above the sticky save bar, where focusing the heading alone left it under.
fn to_top(heading: &web_sys::Element) {
    let Some(column) = heading.closest(".wkc-state").ok().flatten() else {
        return;
    };
    let beside_the_form = column
        .dyn_ref::<web_sys::HtmlDetailsElement>()
        .is_some_and(two_columns);
    if !beside_the_form {
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Start);
        heading.scroll_into_view_with_scroll_into_view_options(&options);
        return;
    }
    let below_top =
        heading.get_bounding_client_rect().top() - column.get_bounding_client_rect().top();
    column.set_scroll_top(column.scroll_top() + below_top as i32 - HEADING_MARGIN_PX);
}

/// Room left above a heading brought to the column's top, for its focus ring and flash.
const HEADING_MARGIN_PX: i32 = 12;

/// Whether the stylesheet lays the page out in two columns. The admin page asks the media
/// query its `.wkc-app` widens at (no layout forced while the page starts); a widget, whose
/// width is its host's, asks the grid the container query chose.
fn two_columns(details: &web_sys::HtmlDetailsElement) -> bool {
    let in_shadow_root = details
        .get_root_node()
        .dyn_into::<web_sys::ShadowRoot>()
        .is_ok();
    if !in_shadow_root {
        return window()
            .match_media("(min-width: 68.75rem)")
            .ok()
            .flatten()
            .is_some_and(|query| query.matches());
    }
    details
        .parent_element()
        .and_then(|columns| window().get_computed_style(&columns).ok().flatten())
        .and_then(|style| style.get_property_value("display").ok())
        .is_some_and(|display| display == "grid")
}
