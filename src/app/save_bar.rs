//! Save, on one line: blocked while an error stands, what will change (every setting, the
//! site-wide "Bypass Login Screen" included) with the exact list that will be posted (secrets
//! masked) next to what the backend holds, and a clear state for saving, saved and failed.
//! In the demo, the page's one note that nothing is saved sits here, next to Save.

use leptos::prelude::*;

use super::analysis::Cards;
use super::controller;
use super::diagnostics_panel::{still_to_fix, GoTo};
use super::model::{LoadState, Model, SaveState};
use super::section::Deferred;
use web_sys::ScrollLogicalPosition;
use wkc_core::diagnostics::Target;
use wkc_core::wikijs::changes::planned_changes;
use wkc_core::wikijs::outcome::{to_fix_list, with_still_to_fix, StillListed};
use wkc_core::wikijs::plan::{current_list, masked_json, planned_list};
use wkc_core::Settings;

#[component]
pub fn SaveBar(model: Model) -> impl IntoView {
    // Nothing loaded is said before the form's errors: an empty form's "required" is not
    // what stops the save. Errors come with where the first is fixed.
    let blocked = Memo::new(move |_| {
        let loaded = model.baseline.with(Option::is_some);
        let reason = |text: &str| {
            Some(Blocked {
                text: text.to_owned(),
                go_to: None,
            })
        };
        if model.load.with(|l| matches!(l, LoadState::Failed(_))) {
            reason("Not connected to the wiki: saving needs its current strategies, which could not be loaded (above).")
        } else if !loaded && model.load.with(|l| *l == LoadState::Loading) {
            reason("Loading the wiki's strategies before saving…")
        } else if model.findings.with(|f| f.has_errors()) {
            Some(blocked_by_errors(model))
        } else if model.load.with(|l| *l == LoadState::Loading) {
            // Filled in, the form waits only for the group reads its checks need.
            reason("Reading the wiki's groups before saving…")
        } else {
            None
        }
    });
    // Before a save, what stands (the form's warnings, the Keycloak side's, the live
    // check's): Save does not wait for them, but they are likely to fail for users, and on a
    // phone the findings are folded far above. Read only with something to send and nothing
    // blocking it.
    let warned = Memo::new(move |_| {
        (blocked.with(Option::is_none) && model.is_dirty())
            .then(|| first_warning(model))
            .flatten()
    });
    // The Go to beside the bar's sentence (on a phone the findings are folded away at the
    // top of the page): the first error's whatever the last save did, as why Save waits is
    // said then too (it is Save's description); else, before a save, the first warning's.
    let first_to_fix_at = move || {
        let saving = model.save.with(|s| *s == SaveState::Saving);
        let idle = model.save.with(|s| *s == SaveState::Idle);
        let blocked_at = blocked.with(|b| b.as_ref().and_then(|b| b.go_to));
        blocked_at.filter(|_| !saving).or_else(|| {
            warned
                .with(|w| w.as_ref().and_then(|w| w.go_to))
                .filter(|_| idle)
        })
    };
    forget_outcome_on_edit(model);
    let saving = move || model.save.with(|s| *s == SaveState::Saving);
    // In a conflict the safe next step is loading the wiki's list: Save again would only
    // conflict again, so it waits (aria-disabled: the focus moves on to that button).
    let conflict = move || model.save.with(|s| matches!(s, SaveState::Conflict(_)));
    let reload_id = model.ids.id("reload-list");
    // Nothing to send (just saved, or opened as the wiki holds it): aria-disabled only, so
    // the focus on Save after a save stays where it is.
    let idle = move || saving() || conflict() || nothing_to_send(model);
    let status_id = model.ids.id("save-status");
    let focus_status = move || model.focus_id(&model.ids.id("save-status"));
    let bar = NodeRef::<leptos::html::Div>::new();
    let preview = NodeRef::<leptos::html::Div>::new();
    let preview_open = RwSignal::new(false);
    let preview_id = model.ids.id("preview");
    let preview_title = model.ids.id("preview-title");
    // On a phone an outcome takes the bar out of its sticky place, down to the page's end
    // (style/main.css): follow it there once it has moved, so what Save did is seen. A
    // conflict then leads on to its safe next step.
    Effect::new(move |_| {
        let outcome = model
            .save
            .with(|s| !matches!(s, SaveState::Idle | SaveState::Saving));
        let conflict = conflict();
        if let Some(bar) = bar.get_untracked().filter(|_| outcome) {
            request_animation_frame(move || {
                let still_there = still_in(&bar);
                follow_to_bar(&bar);
                if conflict && still_there {
                    model.focus_id(&model.ids.id("reload-list"));
                }
            });
        }
    });
    // Beside the findings (two columns) a warning's Go to would say twice what its card says.
    let warned_only = move || warned.with(Option::is_some);
    view! {
        <div class="wkc-savebar" class:wkc-savebar-warned=warned_only node_ref=bar>
            <div class="wkc-actions">
                // Never `disabled`, only aria-disabled: a disabled button drops keyboard focus
                // and is no Tab stop, so a keyboard user would neither find Save nor hear why
                // it waits (its description, the status beside it).
                <button type="button" class="wkc-button" class:wkc-button-primary=move || !conflict() data-action="save"
                    aria-describedby=status_id.clone()
                    aria-disabled=move || (idle() || blocked.with(Option::is_some)).to_string()
                    on:click=move |_| if !idle() && blocked.with(Option::is_none) { controller::save(model) }>
                    {move || if saving() { "Saving…" } else { "Save" }}
                </button>
                <Show when=move || model.unconfirmed_post.with(Option::is_some)>
                    <button type="button" class="wkc-button" data-action="check-saved"
                        on:click=move |_| { focus_status(); controller::check_saved(model) }>
                        "Read the wiki's list again to check the save"
                    </button>
                </Show>
                <Show when=conflict>
                    <button type="button" class="wkc-button wkc-button-primary" data-action="reload-list" id=reload_id.clone()
                        on:click=move |_| { focus_status(); controller::reload_keeping_edits(model) }>
                        "Load the wiki's current list (keeps your edits)"
                    </button>
                </Show>
            </div>
            // tabindex -1: where focus goes when the button used hides itself (these two do
            // once they have done their work), and where their outcome is said.
            <p class="wkc-save-status" id=status_id.clone() tabindex="-1"
                data-save-status=move || model.save.with(|s| s.as_str())>
                // Said as it comes: what Save did. What stands meanwhile (why Save waits,
                // unsaved changes) changes as the admin types, so it is not announced: it is
                // read with Save, whose description it is.
                <span role="status">
                    {move || outcome_text(model)}
                    // Stored is not working: what still stands, as it stands now, set apart.
                    // Counted only once saved: no keystroke before a save pays for it.
                    {move || still_standing(model).map(|still| view! { <span class="wkc-save-still">{still}</span> })}
                </span>
                {move || blocked.with(|b| warned.with(|w| {
                    idle_text(model, text_of(b), text_of(w))
                }))}
            </p>
            {move || first_to_fix_at().map(|target| view! { <GoTo model target/> })}
            // Beside the status, not in it: the status's text is the outcome alone. On a phone
            // the findings are folded at the top of the page.
            // Also before a save when what stands is only the Keycloak side's or the live
            // check's: no field to go to, but their list.
            {move || (still_standing(model).is_some()
                || model.save.with(|s| *s == SaveState::Idle) && warned.with(|w| w.as_ref().is_some_and(|w| w.go_to.is_none())))
                .then(|| still_to_fix(model).listed()).flatten().map(|listed| {
                // The export's own findings, below its paste box; else a section's heading.
                let (to, label) = match listed {
                    StillListed::Findings => ("findings-title", "Go to Findings"),
                    StillListed::ExportCheck => ("keycloak-export-findings", "Go to the export check"),
                    StillListed::LiveCheck => ("live-check-title", "Go to the live check"),
                };
                view! {
                    <button type="button" class="wkc-button wkc-button-small wkc-button-quiet" data-action="go-to-findings"
                        on:click=move |_| model.focus_id(&model.ids.id(to))>
                        {label}
                    </button>
                }
            })}
            <Show when=move || model.demo.get()>
                <p class="wkc-demo-note" data-demo-note>"Demo: no real wiki; saves last until reload."</p>
            </Show>
            <button type="button" class="wkc-disclosure" data-action="preview"
                aria-expanded=move || preview_open.get().to_string() aria-controls=preview_id.clone()
                on:click=move |_| {
                    // Open but scrolled out of sight (the admin went back up to edit): the
                    // click asks to see it, so it is brought back instead of closed unseen,
                    // and focused, so a screen reader says where the click went.
                    let open = preview_open.get_untracked();
                    if open && in_sight(preview) {
                        preview_open.set(false);
                    } else {
                        preview_open.set(true);
                        // Once its content is built (in this click's reactions), so it shows.
                        request_animation_frame(move || {
                            show_preview(bar, preview);
                            if open {
                                model.focus_id(&model.ids.id("preview"));
                            }
                        });
                    }
                }>
                "What will be sent"
            </button>
        </div>
        // After the bar, not in it: the bar stays one sticky line with Save in reach, and the
        // preview goes with the page instead of covering it.
        <div class="wkc-preview" id=preview_id data-preview node_ref=preview hidden=move || !preview_open.get()
            role="region" aria-labelledby=preview_title.clone() tabindex="-1">
            // Its headings' parent in a screen reader's list of headings (else they sat under
            // the form's last section); the toggle just above says it to the eye.
            <h2 class="wkc-visually-hidden" id=preview_title.clone()>"What will be sent"</h2>
            <SentPreview model open=preview_open/>
        </div>
    }
}

/// Opened, the preview is at the page's end: bring it into view with the bar just above it
/// (its `scroll-margin-top`: Save first, so the click shows what it opened), while the
/// admin is still in the bar.
fn show_preview(bar: NodeRef<leptos::html::Div>, preview: NodeRef<leptos::html::Div>) {
    let (Some(bar), Some(preview)) = (bar.get_untracked(), preview.get_untracked()) else {
        return;
    };
    if still_in(&bar) {
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(ScrollLogicalPosition::Start);
        preview.scroll_into_view_with_scroll_into_view_options(&options);
        // A bar taller than that margin (wrapped, or with a second button) went above the
        // screen: not stuck there, it scrolls like the page, so Save first.
        if bar.get_bounding_client_rect().top() < 0.0 {
            bar.scroll_into_view_with_scroll_into_view_options(&options);
        }
    }
}

/// Whether a line of the open preview is on screen: after the bar in the page, it is out of
/// sight once the admin scrolled back up. One line, not more: a short preview at the page's
/// end, scrolled as far as it goes, is in sight.
fn in_sight(preview: NodeRef<leptos::html::Div>) -> bool {
    const LINE_PX: f64 = 48.0;
    let Some(preview) = preview.get_untracked() else {
        return false;
    };
    let height = window()
        .inner_height()
        .ok()
        .and_then(|h| h.as_f64())
        .unwrap_or(0.0);
    let rect = preview.get_bounding_client_rect();
    rect.top() <= height - LINE_PX && rect.bottom() > 0.0
}

/// A save's outcome describes the form as it was saved: the first edit after it takes the
/// status back to idle ("Unsaved changes."), so it never says "saved" of values the wiki
/// does not hold. Only a save read back as sent: one the wiki stored otherwise keeps saying
/// so, since the form then equals what was sent, not what the wiki holds. The snapshot is
/// taken anew with each outcome (a check of the save may move the form's position).
fn forget_outcome_on_edit(model: Model) {
    Effect::new(move |at_outcome: Option<Option<(SaveState, Settings)>>| {
        let state = model.save.get();
        if !matches!(state, SaveState::Saved { verified: true, .. }) {
            return None;
        }
        let now = model.settings.get();
        match at_outcome.flatten() {
            Some((was, then)) if was == state && then != now => {
                model.save.set(SaveState::Idle);
                None
            }
            Some((was, then)) if was == state => Some((was, then)),
            _ => Some((state, now)),
        }
    });
}

/// After a save, what still stands ("Still to fix: 2 warnings in Findings."), as it stands
/// now; nothing before a save, so no keystroke before one pays for it.
fn still_standing(model: Model) -> Option<String> {
    let saved = model.save.with(|s| matches!(s, SaveState::Saved { .. }));
    saved
        .then(|| with_still_to_fix(String::new(), still_to_fix(model)))
        .filter(|s| !s.is_empty())
}

/// The form is what the wiki holds (as loaded or as last saved and read back), and no save
/// waits to be checked: a post would change nothing. A new strategy always has something
/// to send.
pub fn nothing_to_send(model: Model) -> bool {
    !model.is_dirty()
        && model.unconfirmed_post.with(Option::is_none)
        && !controller::is_new_strategy(model)
        && !model.lacks_urls.get()
}

/// A sentence for the bar and where what it names is fixed: why Save waits, or the warning
/// that stands before a save.
#[derive(Clone, PartialEq)]
struct Blocked {
    text: String,
    go_to: Option<Target>,
}

/// What blocks Save while the form has errors: the first by its headline, so the bar says
/// what to fix where the findings are out of sight, and where it is fixed.
fn blocked_by_errors(model: Model) -> Blocked {
    first_of(
        model,
        |c| &c.errors,
        |n, first| match n {
            1 => format!("Saving is blocked: {first}"),
            n => format!("{n} errors block saving. The first: {first}"),
        },
    )
    .unwrap_or_else(|| Blocked {
        text: "Fix the errors above to save.".to_owned(),
        go_to: None,
    })
}

/// What stands before a save that Save does not wait for, counted as the summary counts it
/// (the form's warnings, the Keycloak side's, the live check's) so the two agree. Beside the
/// findings the bar stays one line; in one column its Go to leads to the first warning's field.
fn first_warning(model: Model) -> Option<Blocked> {
    let list = to_fix_list(still_to_fix(model))?;
    Some(Blocked {
        text: format!("To fix: {list}."),
        go_to: first_of(model, |c| &c.warnings, |_, _| String::new()).and_then(|w| w.go_to),
    })
}

/// The first of a list of the form's findings, said with how many there are, and where it
/// is fixed.
fn first_of(
    model: Model,
    list: impl Fn(&Cards) -> &Vec<wkc_core::Diagnostic>,
    says: impl Fn(usize, &str) -> String,
) -> Option<Blocked> {
    model.findings.with(|a| {
        let found = list(&a.cards);
        let first = found.first()?;
        let go_to = model
            .settings
            .with(|s| model.context.with(|c| first.go_to(s, c)));
        Some(Blocked {
            text: says(found.len(), first.headline()),
            go_to,
        })
    })
}

/// The sentence alone, where there is one.
fn text_of(said: &Option<Blocked>) -> Option<&str> {
    said.as_ref().map(|b| b.text.as_str())
}

/// The status while no save is under way or answered: why Save waits, or what there is to
/// send and the warnings that stand with it.
fn idle_text(model: Model, blocked: Option<&str>, warned: Option<&str>) -> String {
    let (idle, saving) = model
        .save
        .with(|s| (*s == SaveState::Idle, *s == SaveState::Saving));
    if saving {
        return String::new();
    }
    if !idle {
        // Why Save waits, whatever the last save did (it is Save's description), after
        // what that save said.
        return blocked
            .map(|reason| format!(" {reason}"))
            .unwrap_or_default();
    }
    match (blocked, model.is_dirty()) {
        (Some(reason), _) => reason.to_owned(),
        (None, true) => match warned {
            Some(warned) => format!("Unsaved changes. {warned}"),
            None => "Unsaved changes.".to_owned(),
        },
        // Not "the wiki holds these values" alone: that reads as if kept edits were gone.
        (None, false) if nothing_to_send(model) && model.draft.with(Option::is_some) => {
            "Nothing to save yet: restore your kept edits above, or discard them.".to_owned()
        }
        (None, false) if nothing_to_send(model) => {
            "Nothing to save: the wiki holds these values.".to_owned()
        }
        (None, false) if model.lacks_urls.get() => {
            "The wiki holds this strategy without its endpoint URLs, so it cannot load it: Save sends the ones shown.".to_owned()
        }
        (None, false) => String::new(),
    }
}

/// The status once Save is pressed: under way, saved, failed or in conflict.
fn outcome_text(model: Model) -> String {
    match model.save.get() {
        SaveState::Idle => String::new(),
        SaveState::Saving => "Saving to Wiki.js…".to_owned(),
        SaveState::Saved { message, .. } | SaveState::Failed(message) => message,
        // Each change is a sentence of its own.
        SaveState::Conflict(changes) => format!(
            "Not saved: the wiki's strategies changed since this page loaded. {} Nothing was overwritten.",
            changes.join(" ")
        ),
    }
}

/// What "What will be sent" shows: each change in words, how the list goes out, and the
/// masked list next to what the wiki holds.
#[derive(Clone, PartialEq)]
struct Preview {
    changes: Vec<String>,
    sent_as: String,
    planned: String,
    current: String,
}

/// "What will be sent": computed only while open.
#[component]
fn SentPreview(model: Model, open: RwSignal<bool>) -> impl IntoView {
    let preview = Memo::new(move |_| {
        if !open.get() {
            return None;
        }
        model.loaded.with(|loaded| {
            let loaded = loaded.as_ref()?;
            model.settings.with(|s| {
                model.with_derived(|derived| {
                    let changes = planned_changes(loaded, s, derived);
                    Some(Preview {
                        changes: changes.lines(),
                        sent_as: changes.sent_as(),
                        planned: masked_json(&planned_list(loaded, s, derived)),
                        current: masked_json(&current_list(loaded)),
                    })
                })
            })
        })
    });
    // Closed as the page is built: its content waits for the task after (`Deferred`).
    view! {
        <Deferred model open=open>{move || match preview.get() {
            None => view! { <p class="wkc-hint">"Available once the wiki's strategies are loaded."</p> }.into_any(),
            Some(Preview { changes, sent_as, planned, current }) => view! {
                <h3 class="wkc-group-title">"What changes"</h3>
                <ul class="wkc-changes" data-preview="changes">
                    {changes.into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
                </ul>
                <p class="wkc-hint">{sent_as}</p>
                <div class="wkc-compare">
                    <div>
                        <h3 class="wkc-group-title">"Will be sent (updateStrategies)"</h3>
                        <pre class="wkc-pre" tabindex="0" role="group" aria-label="Will be sent" data-preview="planned"><code>{planned}</code></pre>
                    </div>
                    <div>
                        <h3 class="wkc-group-title">"Wiki.js holds now"</h3>
                        <pre class="wkc-pre" tabindex="0" role="group" aria-label="Wiki.js holds now" data-preview="current"><code>{current}</code></pre>
                    </div>
                </div>
            }.into_any(),
        }}</Deferred>
    }
}

/// On a phone an outcome takes the bar out of its sticky place, down to the page's end:
/// bring it into view there. Only while the admin is still in the bar: focus gone elsewhere
/// keeps the page where it went.
fn follow_to_bar(bar: &web_sys::Element) {
    if still_in(bar) {
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(ScrollLogicalPosition::Nearest);
        bar.scroll_into_view_with_scroll_into_view_options(&options);
    }
}

/// Whether the admin is still at `bar`: focus in it, or nowhere (Safari and Firefox on macOS
/// do not focus a button they click); not moved on elsewhere since the click.
fn still_in(bar: &web_sys::Element) -> bool {
    bar.matches(":focus-within").unwrap_or(false)
        || document()
            .active_element()
            .is_none_or(|focused| focused.tag_name() == "BODY")
}
