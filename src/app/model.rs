//! The page's state: a handful of signals, shared by every component as one `Copy` value.
//!
//! `settings` is the only thing the form edits; the core's view of it is computed once per
//! change (`analysis`, its findings also in a memo of their own). Everything else is what
//! the backend said and where the save stands.

use std::sync::Arc;

use leptos::prelude::*;

use super::analysis::{Analysis, Findings};
use super::ids::Ids;
use super::lazy_part::{Lazy, LazyResult};
use super::options::AppOptions;
use crate::backend::Backend;
use crate::parts::keycloak_side::{self, KeycloakSide, Paste};
use crate::parts::Facts;
use wkc_core::draft::Draft;
use wkc_core::wikijs::response::Loaded;
use wkc_core::wikijs::StrategyInput;
use wkc_core::{Context, Derived, Field, Settings};

/// Where loading the backend stands.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadState {
    Loading,
    Ready,
    /// The message says what happened; the form still works offline.
    Failed(String),
}

/// Where saving stands. The `data-save-status` attribute carries [`SaveState::as_str`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SaveState {
    Idle,
    Saving,
    /// `verified`: the list was read back and Wiki.js holds exactly what was sent, and
    /// "Bypass Login Screen" took effect when it was to change.
    Saved {
        message: String,
        verified: bool,
    },
    Failed(String),
    /// Someone changed the strategies since the page loaded: nothing was written.
    Conflict(Vec<String>),
}

impl SaveState {
    pub fn as_str(&self) -> &'static str {
        match self {
            SaveState::Idle => "idle",
            SaveState::Saving => "saving",
            SaveState::Saved { .. } => "saved",
            SaveState::Failed(_) => "failed",
            SaveState::Conflict(_) => "conflict",
        }
    }
}

/// The backend a mounted page talks to, with the options it was mounted with.
#[derive(Clone)]
pub struct Connection {
    pub backend: Backend,
    pub options: AppOptions,
}

/// All the page's signals. `Copy`, so every component can take it by value.
#[derive(Clone, Copy)]
pub struct Model {
    pub ids: Ids,
    /// The page's root element: controls are found through it, in a document or in a
    /// widget's shadow root alike.
    pub root: NodeRef<leptos::html::Div>,
    /// Set once the backend is chosen. `Backend` holds `Rc`s, so it is stored locally, and
    /// it is disposed with the page like every signal here.
    pub connection: StoredValue<Option<Connection>, LocalStorage>,
    pub settings: RwSignal<Settings>,
    pub context: RwSignal<Context>,
    /// The core's view of the settings, computed once per change: read what it derives
    /// through [`Model::with_derived`], what it finds through `findings`.
    analysis: Memo<Analysis>,
    /// What the core finds in them, apart from what it derives: most keystrokes leave it as
    /// it was, so what reads only the findings (each field's messages, the lists, the
    /// counts) does not run again on them.
    pub findings: Memo<Arc<Findings>>,
    /// The settings as the backend holds them (after load or save): the form is "dirty"
    /// while it differs.
    pub baseline: RwSignal<Option<Settings>>,
    /// What the backend returned at load (every strategy, groups, site config).
    pub loaded: RwSignal<Option<Loaded>>,
    /// The list the last save posted, while its read-back failed: the next save takes the
    /// wiki holding exactly this for this page's own change, not someone else's. In memory
    /// only (it holds the secret), cleared by the next read of the list.
    pub unconfirmed_post: RwSignal<Option<Vec<StrategyInput>>>,
    /// The list a save posted whose own answer was lost (it may or may not have landed):
    /// for the retry's re-read alone, which takes the wiki holding it for this page's own
    /// change. Nothing on the page claims it was saved. In memory only, like the above.
    pub lost_post: StoredValue<Option<Vec<StrategyInput>>>,
    pub load: RwSignal<LoadState>,
    /// Whether the page is built: once the wiki answered (so it appears filled in), or after
    /// a short wait while the wiki is slow (`App`).
    pub shown: RwSignal<bool>,
    /// Whether the page has been built and marked interactive: what closed folds hold is
    /// built from then on (`section::Deferred`), not with the page.
    pub settled: RwSignal<bool>,
    pub save: RwSignal<SaveState>,
    /// True when running against the in-browser demo backend (saves nowhere real).
    pub demo: RwSignal<bool>,
    /// The wiki holds the strategy opened without endpoint URLs the form fills in
    /// (`wikijs::plan::lacks_urls`): Save has them to send while the form reads as loaded.
    pub lacks_urls: RwSignal<bool>,
    /// Fields the admin has typed into or left: only these show "required" under them, so
    /// an empty form does not open covered in red (the findings panel lists everything).
    pub touched: RwSignal<Vec<Field>>,
    /// Which draft this instance keeps (backend and strategy), once the backend is chosen.
    pub draft_scope: RwSignal<Option<String>>,
    /// A draft from an earlier visit, on offer until restored or discarded.
    pub draft: RwSignal<Option<Draft>>,
    /// The storage key the draft on offer was read from, until the form's own draft takes
    /// its place (another than the form's own: the scope's old single slot, say).
    pub draft_read_from: StoredValue<Option<String>>,
    /// While nothing is loaded, whether the fields not typed are the empty form's (so a draft
    /// written now is marked as typed over it, `Draft::over_empty_form`): until a draft of a
    /// loaded form is restored, whose emptied fields are edits.
    pub form_over_empty: StoredValue<bool>,
    /// While nothing is loaded after a draft was restored: what the wiki held when that draft
    /// was typed (`Draft::base`), kept as the base of the drafts written from the form now.
    pub restored_base: StoredValue<Option<Settings>>,
    /// The form before any load: what a draft's edits are measured against when the wiki
    /// could not be read, and what tells the fields typed in a draft kept while nothing was
    /// loaded (this page's, so as its options make it: the Site URL, say).
    pub empty_form: StoredValue<Settings>,
    /// The Keycloak export as pasted, for its box. In memory only (it may hold the client
    /// secret): never in drafts, the URL or events; the `tools` part holds its parse.
    pub keycloak_export_text: RwSignal<String>,
    /// The export pasted (or the dropped file refused), as the `tools` part holds it.
    pub keycloak_paste: RwSignal<Option<Paste>>,
    /// What the `tools` part says of it for the current settings: the `kc-*` findings and
    /// a form finding it restates (the analysis merges them), the client IDs to offer,
    /// whether it is readable.
    pub keycloak_side: LazyResult<KeycloakSide>,
    /// The last finished live check's own findings to fix (not notes), while it still
    /// matches the form: the state's counts name them beside the form's, and each is said
    /// under its field too.
    pub live_found: RwSignal<Vec<wkc_core::Diagnostic>>,
    /// Whether a finished live check that reached Keycloak matches the form: until one does,
    /// the findings say the form is not yet checked against the running Keycloak.
    pub live_checked: RwSignal<bool>,
    /// What the last one-click fix changed, shown where it was clicked.
    pub fix_report: RwSignal<Option<super::fix_button::FixReport>>,
    /// Where the diagnostics reference is published (`AppOptions::docs_url`), or empty.
    pub docs_url: RwSignal<String>,
    /// Notified when another tab or window of this browser writes or removes one of this
    /// page's drafts: what reads them untracked (the picker's marks) reads them again.
    pub drafts_elsewhere: Trigger,
}

impl Model {
    /// Read what the core derives from the settings (the URLs, the layout), tracked: it
    /// follows most keystrokes, so a memo of its own would only copy it.
    pub fn with_derived<T>(self, read: impl FnOnce(&Derived) -> T) -> T {
        self.analysis.with(|a| read(&a.derived))
    }

    pub fn new(settings: Settings, context: Context) -> Model {
        let empty_form = StoredValue::new(settings.clone());
        let settings = RwSignal::new(settings);
        let context = RwSignal::new(context);
        let keycloak_paste = RwSignal::new(None::<Paste>);
        let keycloak_side = LazyResult::new(
            move || {
                let paste = keycloak_paste.get()?;
                Some((paste, settings.get(), context.with(Facts::of)))
            },
            |(paste, settings, facts)| async move {
                keycloak_side::check(&paste, &settings, facts).await
            },
        );
        // The part drops the page's export with the page.
        on_cleanup(move || {
            if let Some(Some(paste)) = keycloak_paste.try_get_untracked() {
                keycloak_side::forget(&paste);
            }
        });
        let analysis = Memo::new(move |earlier: Option<&Analysis>| {
            settings.with(|s| {
                context.with(|c| {
                    let current = keycloak_paste.with(|p| p.as_ref().map(Paste::id));
                    keycloak_side.state.with(|k| {
                        let found = k.ready().filter(|k| Some(k.paste) == current);
                        // An answer for other values (a newer one is on its way) still
                        // shows its kc-* findings, but restates no form finding.
                        let current =
                            found.is_some_and(|k| k.settings == *s && k.facts == Facts::of(c));
                        let analysis = Analysis::of(
                            s,
                            c,
                            found.map(|k| k.findings.as_slice()).unwrap_or_default(),
                            current,
                        );
                        match earlier {
                            Some(earlier) => analysis.sharing_findings_with(earlier),
                            None => analysis,
                        }
                    })
                })
            })
        });
        Model {
            ids: Ids::next(),
            root: NodeRef::new(),
            connection: StoredValue::new_local(None),
            settings,
            context,
            analysis,
            findings: Memo::new(move |_| analysis.with(|a| Arc::clone(&a.findings))),
            baseline: RwSignal::new(None),
            loaded: RwSignal::new(None),
            unconfirmed_post: RwSignal::new(None),
            lost_post: StoredValue::new(None),
            load: RwSignal::new(LoadState::Loading),
            shown: RwSignal::new(false),
            settled: RwSignal::new(false),
            save: RwSignal::new(SaveState::Idle),
            demo: RwSignal::new(false),
            lacks_urls: RwSignal::new(false),
            touched: RwSignal::new(Vec::new()),
            draft_scope: RwSignal::new(None),
            draft: RwSignal::new(None),
            draft_read_from: StoredValue::new(None),
            form_over_empty: StoredValue::new(true),
            restored_base: StoredValue::new(None),
            empty_form,
            keycloak_export_text: RwSignal::new(String::new()),
            keycloak_paste,
            keycloak_side,
            live_found: RwSignal::new(Vec::new()),
            live_checked: RwSignal::new(false),
            fix_report: RwSignal::new(None),
            docs_url: RwSignal::new(String::new()),
            drafts_elsewhere: Trigger::new(),
        }
    }

    /// Build the page, once: setting `shown` again would build it anew.
    pub fn show(self) {
        if self.shown.try_get_untracked() == Some(false) {
            self.shown.set(true);
        }
    }

    /// Paste a Keycloak export: keep its text for the box; the `tools` part parses it once,
    /// not on every keystroke in the form.
    pub fn paste_keycloak_export(self, text: String) {
        let paste = Paste::text(&text);
        self.keycloak_export_text.set(text);
        self.replace_paste(paste);
    }

    /// A dropped file over the size an export may be: refused without reading it.
    pub fn refuse_keycloak_export(self, bytes: u64) {
        self.keycloak_export_text.set(String::new());
        self.replace_paste(Some(Paste::too_large(bytes)));
    }

    fn replace_paste(self, paste: Option<Paste>) {
        if let Some(old) = self.keycloak_paste.get_untracked() {
            keycloak_side::forget(&old);
        }
        self.keycloak_paste.set(paste);
    }

    /// What the part said of the pasted export, once it has answered for it: `None` while
    /// nothing is pasted, before its first answer, or when the part did not load.
    pub fn with_keycloak_side<R>(self, f: impl FnOnce(Option<&KeycloakSide>) -> R) -> R {
        let current = self.keycloak_paste.with(|p| p.as_ref().map(Paste::id));
        self.keycloak_side
            .state
            .with(|k| f(k.ready().filter(|k| Some(k.paste) == current)))
    }

    /// With an export pasted, whether the part's `kc-*` findings for the current settings
    /// are still on their way (the widget's change event waits for them, so a keystroke
    /// makes one event, not one with the previous findings and another a moment later). A
    /// part that failed is not pending: nothing more will come.
    pub fn keycloak_side_pending(self) -> bool {
        let Some(current) = self.keycloak_paste.with(|p| p.as_ref().map(Paste::id)) else {
            return false;
        };
        self.settings.with(|settings| {
            self.context.with(|context| {
                self.keycloak_side.state.with(|state| match state {
                    Lazy::Loading => true,
                    Lazy::Ready(side) => {
                        side.paste != current
                            || side.settings != *settings
                            || side.facts != Facts::of(context)
                    }
                    Lazy::Idle | Lazy::Failed(_) => false,
                })
            })
        })
    }

    pub fn touch(self, field: Field) {
        if !self.touched.with_untracked(|t| t.contains(&field)) {
            self.touched.update(|t| t.push(field));
        }
    }

    /// Whether a finding is shown under its field now.
    pub fn shows_under_field(self, diagnostic: &wkc_core::Diagnostic, field: Field) -> bool {
        // The runtime severity too: a finding the admin marked done stands down to a note.
        diagnostic.severity != wkc_core::Severity::Info
            && diagnostic.code.shows_under_field()
            && (diagnostic.code != wkc_core::Code::Required
                || self.touched.with(|t| t.contains(&field)))
            && !self.nothing_to_check()
    }

    /// The element id of a field's control.
    pub fn field_id(self, field: Field) -> String {
        self.ids.id(field.id())
    }

    /// The id of the element listing a field's findings (its `aria-describedby`).
    pub fn messages_id(self, field: Field) -> String {
        self.ids.id(&format!("{}-messages", field.id()))
    }

    /// The wiki's values did not load and nothing has been typed in their place: the
    /// findings would only restate that they are missing. Reads the form only after a failed
    /// load, so a keystroke on a loaded page does not run it.
    pub fn nothing_to_check(self) -> bool {
        self.load.with(|l| matches!(l, LoadState::Failed(_)))
            && self.settings.with(Settings::is_blank)
    }

    /// Unsaved edits: the form differs from what the backend holds.
    pub fn is_dirty(self) -> bool {
        self.baseline
            .with(|b| b.as_ref().is_some_and(|b| self.settings.with(|s| s != b)))
    }

    /// Move keyboard focus to a field's control (from a finding's "go to field").
    pub fn focus(self, field: Field) {
        self.focus_id(&self.field_id(field));
    }

    /// Take the admin to what fixes a finding: a field, the server test command, a step of the
    /// Keycloak checklist….
    pub fn go_to(self, target: wkc_core::diagnostics::Target) {
        use wkc_core::diagnostics::Target;
        let id = match target {
            Target::Field(field) => self.field_id(field),
            Target::ProbeCommand => self.ids.id(PROBE_COMMAND),
            Target::KeycloakVersion => self.ids.id(KEYCLOAK_VERSION),
            Target::IssuerPinned => self.ids.id(ISSUER_PINNED),
            Target::LiveCheck => self.ids.id(LIVE_CHECK),
            // The step's "where?", opened by being focused (`keycloak_setup`).
            Target::ConsoleStep(step) => self.ids.id(step.id()),
        };
        self.focus_id(&id);
        let Some(element) = self.find(&format!("#{id}")) else {
            return;
        };
        // In the middle of the screen, with what follows it in view (the test command's
        // Copy below its long command), not at an edge as focusing leaves it.
        let options = web_sys::ScrollIntoViewOptions::new();
        options.set_block(web_sys::ScrollLogicalPosition::Center);
        element.scroll_into_view_with_scroll_into_view_options(&options);
        // Marked too, with what labels it: a control focused by a click shows no ring.
        let marked = element.closest(GONE_TO).ok().flatten();
        self.flash_element(marked.unwrap_or(element));
    }

    /// Mark a field the page just changed for a moment (style/main.css `.wkc-flash`).
    pub fn flash(self, field: Field) {
        self.flash_at(&format!("[data-field=\"{}\"]", field.id()));
    }

    /// Mark for a moment what `selector` finds in this page: what the page just changed, or
    /// brought into view where the move alone may go unseen (a column scrolled on its own).
    pub fn flash_at(self, selector: &str) {
        if let Some(element) = self.find(selector) {
            self.flash_element(element);
        }
    }

    fn flash_element(self, element: web_sys::Element) {
        let classes = element.class_list();
        let _ = classes.remove_1("wkc-flash");
        // Read layout so the animation starts again when the same field flashes twice.
        let _ = element.client_width();
        let _ = classes.add_1("wkc-flash");
        // Taken off again: with reduced motion the mark is an outline, not an animation.
        set_timeout(
            move || {
                let _ = element.class_list().remove_1("wkc-flash");
            },
            std::time::Duration::from_millis(1600),
        );
    }

    pub(super) fn find(self, selector: &str) -> Option<web_sys::Element> {
        let root = self.root.try_get_untracked().flatten()?;
        root.query_selector(selector).ok().flatten()
    }

    /// Focus the element with this id inside this page, opening any collapsed section that
    /// holds it: where focus goes when the control the admin used goes away (a button that
    /// hides itself), or what "Go to" leads to.
    pub fn focus_id(self, id: &str) {
        // Ids are the page's own (`wkc-<n>-<name>`): refuse anything a selector would misread.
        let plain = id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if id.is_empty() || !plain || id.starts_with(|c: char| c.is_ascii_digit() || c == '-') {
            return;
        }
        let Some(element) = self.find(&format!("#{id}")) else {
            return;
        };
        open_enclosing_details(&element);
        if let Ok(element) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(element) {
            let _ = element.focus();
        }
    }
}

/// What "Go to" marks around the control it focuses: the field with its label, or the
/// checklist step (else the control itself: the test command, the live check's button).
const GONE_TO: &str = "[data-field], .wkc-step";

/// The id (within a page's [`super::ids::Ids`]) of the server test command, "Go to"'s target
/// for `backchannel-probe`.
pub const PROBE_COMMAND: &str = "probe-command";
/// The Keycloak version's select (`keycloak_facts`), where "Go to" may lead.
pub const KEYCLOAK_VERSION: &str = "keycloak-version";
/// The box that says Keycloak's hostname is pinned (`keycloak_facts`).
pub const ISSUER_PINNED: &str = "issuer-pinned";
/// The box that says Keycloak's certificate comes from the organisation's own CA (`keycloak_facts`).
pub const PRIVATE_CA: &str = "private-ca-said";
/// The live check's "Check Keycloak", where the findings' pointer to that check leads.
pub const LIVE_CHECK: &str = "live-check-run";

/// Open every closed `<details>` around `element`, so focusing it shows it.
pub(super) fn open_enclosing_details(element: &web_sys::Element) {
    let mut next = element.parent_element();
    while let Some(parent) = next {
        if let Ok(details) =
            wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlDetailsElement>(parent.clone())
        {
            if !details.open() {
                details.set_open(true);
            }
        }
        next = parent.parent_element();
    }
}
