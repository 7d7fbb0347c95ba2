//! Unsaved edits kept across a reload or a backend crash, without the secret.
//!
//! The shell stores [`encode`]d settings in the browser whenever the form differs from what
//! the backend holds ([`action`]), and after the next load offers a [`decode`]d draft back
//! ([`worth_offering`]) to restore or discard. The client secret is never in it: `Settings`
//! does not serialize its secret, and [`decode`] drops one written there by anyone else.

use super::secret::Secret;
use super::settings::{Field, Settings};

/// Where the draft of `strategy` lives in `localStorage`: one per backend (`scope`) and
/// strategy, so two wikis never restore each other's edits, and typing in one strategy never
/// overwrites another's draft still waiting to be answered. A form with no strategy yet
/// (the wiki could not be read) keeps its draft in the scope's own slot, where every draft
/// lived before they were kept per strategy; one written there then is still read.
pub fn storage_key(scope: &str, strategy: &str) -> String {
    match strategy {
        "" => format!("wikijs-keycloak:draft:{scope}"),
        _ => format!("wikijs-keycloak:draft:{scope}#{strategy}"),
    }
}

/// Whether `key` holds a draft of `scope` (of any strategy).
pub fn is_key_of(scope: &str, key: &str) -> bool {
    let slot = storage_key(scope, "");
    key.strip_prefix(slot.as_str())
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('#'))
}

/// Of the drafts kept for a scope (with their keys), the one to offer in a form showing
/// `reference`, as edits of it ([`as_edits_of`]; `empty` is the form before any load): the
/// form's own strategy's first, else one [`worth_offering`] there (a new strategy's under an
/// older key, or one from the scope's own slot).
pub fn to_offer(
    kept: &[(String, Draft)],
    own_key: &str,
    reference: &Settings,
    existing: &[&str],
    empty: &Settings,
) -> Option<(String, Draft)> {
    kept.iter()
        .map(|(key, draft)| (key, as_edits_of(draft, empty, reference)))
        .filter(|(_, draft)| worth_offering(draft, reference, existing))
        .max_by_key(|(key, draft)| (*key == own_key, draft.saved_at_ms))
        .map(|(key, draft)| (key.clone(), draft))
}

/// `draft` as edits of `reference` (what the wiki holds now): only the fields the admin
/// changed from what the form showed when the draft was written (its [`Draft::base`], or
/// the empty form for one typed while nothing was loaded) are edits; every other field is
/// `reference`'s. So restoring a draft never takes back what the wiki changed since (another
/// admin's realm, the Site URL fixed in Wiki.js) nor blanks what it holds. A draft written
/// before drafts kept their base, one whose base is `reference`, or any while nothing is
/// loaded, comes back as it is.
pub fn as_edits_of(draft: &Draft, empty: &Settings, reference: &Settings) -> Draft {
    let base = match (&draft.base, draft.over_empty_form) {
        (_, true) => empty,
        (Some(base), false) => base,
        (None, false) => return draft.clone(),
    };
    // Nothing loaded still (`reference` is the empty form): the draft is all there is.
    if !differs(reference, base) || !differs(reference, empty) {
        return draft.clone();
    }
    let mut settings = with_typed(reference, &draft.settings, base);
    settings
        .strategy_key
        .clone_from(&draft.settings.strategy_key);
    settings.client_secret = Secret::default();
    Draft {
        settings,
        saved_at_ms: draft.saved_at_ms,
        over_empty_form: false,
        base: Some(reference.clone()),
    }
}

/// The strategy the newest kept draft edits: what a page opens when none is asked for, so
/// that draft is offered (another strategy opened would not offer it).
pub fn newest_strategy(kept: &[(String, Draft)]) -> Option<&str> {
    kept.iter()
        .map(|(_, draft)| draft)
        .filter(|draft| !draft.settings.strategy_key.is_empty())
        .max_by_key(|draft| draft.saved_at_ms)
        .map(|draft| draft.settings.strategy_key.as_str())
}

/// A draft read back: the settings (secret empty) and when they were typed.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    pub settings: Settings,
    /// Milliseconds since the Unix epoch (the browser's `Date.now()`).
    pub saved_at_ms: u64,
    /// Typed while nothing was loaded (the wiki down, say): a field not typed holds the
    /// empty form's value, which is not an edit ([`as_edits_of`]).
    pub over_empty_form: bool,
    /// What the wiki held when it was typed (secret aside): the fields that differ from it
    /// are the edits ([`as_edits_of`]).
    pub base: Option<Settings>,
}

/// Stored as `v1 <milliseconds>` on the first line (followed by [`OVER_EMPTY_FORM`] for such
/// a draft), the settings' JSON on the next and their base's on a third: the settings go
/// through the same serde code the widget's events and JS API use, so a draft adds no
/// second JSON decoder to the wasm. (A version before the base reads no draft with one.)
const MAGIC: &str = "v1 ";

/// Marks a draft typed while nothing was loaded, after its time. A version before it reads
/// no time there, so it ignores such a draft instead of restoring its empty fields.
const OVER_EMPTY_FORM: &str = " unloaded";

/// The largest draft kept. Real settings are under 2 KB; a megabyte pasted into a field is
/// not worth writing to storage on every keystroke (and would soon fill its quota).
pub const MAX_DRAFT_BYTES: usize = 64 * 1024;

/// The text to store for `settings` typed at `now_ms` over the empty form (when nothing was
/// loaded: [`Draft::over_empty_form`]) or over `base`, what the wiki held then (`None`: a
/// snapshot, all of it edits), or `None` when it would exceed [`MAX_DRAFT_BYTES`]. Never
/// contains the secret.
pub fn encode(
    settings: &Settings,
    now_ms: u64,
    over_empty_form: bool,
    base: Option<&Settings>,
) -> Option<String> {
    let json = serde_json::to_string(settings).ok()?;
    let mark = if over_empty_form { OVER_EMPTY_FORM } else { "" };
    let base = match base.filter(|_| !over_empty_form) {
        Some(base) => format!("\n{}", serde_json::to_string(base).ok()?),
        None => String::new(),
    };
    // Too large with its base: kept without it (a snapshot) rather than not at all.
    let base = if json.len() + base.len() <= MAX_DRAFT_BYTES {
        base
    } else {
        String::new()
    };
    (json.len() <= MAX_DRAFT_BYTES).then(|| format!("{MAGIC}{now_ms}{mark}\n{json}{base}"))
}

/// A stored draft, or `None` for anything unreadable, from another version, or empty.
pub fn decode(text: &str) -> Option<Draft> {
    let (head, json) = text.strip_prefix(MAGIC)?.split_once('\n')?;
    let (time, over_empty_form) = match head.strip_suffix(OVER_EMPTY_FORM) {
        Some(time) => (time, true),
        None => (head, false),
    };
    // Whole milliseconds: core's float parsing and printing would add kilobytes to the wasm.
    let saved_at_ms: u64 = time.parse().ok()?;
    let (json, base) = match json.split_once('\n') {
        Some((json, base)) => (json, Some(settings_of(base)?)),
        None => (json, None),
    };
    let settings = settings_of(json)?;
    // A draft of no strategy was always typed while nothing was loaded (`worth_offering`),
    // marked or not (written before the mark was).
    let over_empty_form = over_empty_form || settings.strategy_key.is_empty();
    Some(Draft {
        settings,
        saved_at_ms,
        over_empty_form,
        base,
    })
}

/// Settings stored as a JSON object, the secret dropped (one written there by anyone else).
fn settings_of(json: &str) -> Option<Settings> {
    let value: serde_json::Value = serde_json::from_str(json).ok()?;
    if !value.is_object() {
        return None;
    }
    let mut settings: Settings = serde_json::from_value(value).ok()?;
    settings.client_secret = Secret::default();
    Some(settings)
}

/// What to do with the stored draft after a change to the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DraftAction {
    /// Store the form as the draft (while a draft is on offer: that draft with what was
    /// typed since on top, [`with_typed`]).
    Write,
    /// The form is as the backend holds it: no draft needed.
    Remove,
}

/// `current` is the form, `reference` what the backend holds (or the empty form when the
/// load failed). A draft on offer stays stored until the admin restores or discards it,
/// with whatever is typed meanwhile (and only that: typing undone is undone there too).
pub fn action(current: &Settings, reference: &Settings, offer_pending: bool) -> DraftAction {
    if offer_pending || differs(current, reference) {
        DraftAction::Write
    } else {
        DraftAction::Remove
    }
}

/// Whether `draft` belongs in a form showing `reference` and would change anything there.
/// `existing` are the strategy keys the wiki holds: a draft of one of them is offered only
/// for that one (drafts are kept per wiki and `strategy` option, and the picker can switch
/// strategies on one page), while a draft of a new strategy, whose key is fresh on every
/// load, is offered to a new strategy.
pub fn worth_offering(draft: &Draft, reference: &Settings, existing: &[&str]) -> bool {
    let (drafted, shown) = (
        draft.settings.strategy_key.as_str(),
        reference.strategy_key.as_str(),
    );
    // A draft of no strategy was typed while nothing was loaded: it belongs to the strategy
    // the page opens once the wiki answers.
    let same_strategy = drafted.is_empty()
        || drafted == shown
        || !(existing.contains(&drafted) || existing.contains(&shown));
    same_strategy && differs(&draft.settings, reference)
}

/// The form after restoring `draft`: its values, with the secret and strategy key the form
/// holds now (a new strategy gets a fresh key on every load; the key is not an edit). A
/// form with no key yet (the wiki could not be loaded) takes the draft's, so the draft it
/// goes on writing still belongs to that strategy once the wiki answers.
pub fn restore(draft: &Draft, current: &Settings) -> Settings {
    let key = if current.strategy_key.is_empty() {
        &draft.settings.strategy_key
    } else {
        &current.strategy_key
    };
    Settings {
        client_secret: current.client_secret.clone(),
        strategy_key: key.clone(),
        ..draft.settings.clone()
    }
}

/// The draft on offer with what the admin typed since the load on top: every field where
/// `current` differs from `reference` (what the wiki holds) is `current`'s. Stored while the
/// offer waits, and what Restore puts in the form, so typing before answering the offer
/// loses neither the old edits nor the new ones.
pub fn with_typed(draft: &Settings, current: &Settings, reference: &Settings) -> Settings {
    let mut merged = draft.clone();
    for field in changed_fields(current, reference) {
        copy_field(field, current, &mut merged);
    }
    // Stored under the form's strategy, it edits that strategy (as `restore` keeps the
    // form's key): a new strategy's draft of an older key would otherwise open that key.
    if !current.strategy_key.is_empty() {
        merged.strategy_key.clone_from(&current.strategy_key);
    }
    merged
}

/// The fields a draft keeps, in form order, each with how two forms compare there and how
/// one takes the other's value: one list, so the two can never disagree.
macro_rules! draft_fields {
    ($($field:ident: $($path:ident).+;)*) => {
        const FIELDS: &[(Field, Same, Take)] = &[$((
            Field::$field,
            |a, b| a.$($path).+ == b.$($path).+,
            |from, to| to.$($path).+.clone_from(&from.$($path).+),
        ),)*];
    };
}

type Same = fn(&Settings, &Settings) -> bool;
type Take = fn(&Settings, &mut Settings);

draft_fields! {
    SiteUrl: site_url;
    DisplayName: display_name;
    IsEnabled: is_enabled;
    Order: order;
    BypassLoginScreen: bypass_login_screen;
    Host: host;
    InternalBaseUrl: internal_base_url;
    Realm: realm;
    ClientId: client_id;
    Layout: layout;
    AuthorizationUrl: overrides.authorization;
    TokenUrl: overrides.token;
    UserInfoUrl: overrides.user_info;
    LogoutUrl: overrides.logout;
    LogoutUpstream: logout_upstream;
    LogoutLegacyRedirect: logout_legacy_redirect;
    SelfRegistration: self_registration;
    DomainWhitelist: domain_whitelist;
    AutoEnrollGroups: auto_enroll_groups;
}

/// Set `field` of `to` to `from`'s value (a field a draft does not keep: nothing).
fn copy_field(field: Field, from: &Settings, to: &mut Settings) {
    if let Some((_, _, take)) = FIELDS.iter().find(|(f, ..)| *f == field) {
        take(from, to);
    }
}

/// The fields whose values differ, in form order, ignoring the secret: what a draft changes.
pub fn changed_fields(a: &Settings, b: &Settings) -> Vec<Field> {
    FIELDS
        .iter()
        .filter(|(_, same, _)| !same(a, b))
        .map(|(field, ..)| *field)
        .collect()
}

/// Different in any field the admin edits (the secret aside: a draft never holds it).
pub fn differs(a: &Settings, b: &Settings) -> bool {
    FIELDS.iter().any(|(_, same, _)| !same(a, b))
}
