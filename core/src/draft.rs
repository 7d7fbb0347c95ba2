//! Unsaved edits kept across a reload or a backend crash, without the secret.
//!
//! The shell stores [`encode`]d settings in the browser whenever the form differs from what
//! the backend holds ([`action`]), and after the next load offers a [`decode`]d draft back
//! ([`worth_offering`]) to restore or discard. The client secret is never in it: `Settings`
//! does not serialize its secret, and [`decode`] drops one written there by anyone else.

use super::secret::Secret;
use super::settings::{Field, Settings};

/// Where a draft lives in `localStorage`: one per backend and strategy, so two wikis (or two
/// strategies) never restore each other's edits.
pub fn storage_key(scope: &str) -> String {
    format!("wikijs-keycloak:draft:{scope}")
}

/// A draft read back: the settings (secret empty) and when they were typed.
#[derive(Clone, Debug, PartialEq)]
pub struct Draft {
    pub settings: Settings,
    /// Milliseconds since the Unix epoch (the browser's `Date.now()`).
    pub saved_at_ms: u64,
}

/// Stored as `v1 <milliseconds>` on the first line and the settings' JSON after it: the
/// settings go through the same serde code the widget's events and JS API use, so a draft
/// adds no second JSON decoder to the wasm.
const MAGIC: &str = "v1 ";

/// The largest draft kept. Real settings are under 2 KB; a megabyte pasted into a field is
/// not worth writing to storage on every keystroke (and would soon fill its quota).
pub const MAX_DRAFT_BYTES: usize = 64 * 1024;

/// The text to store for `settings` typed at `now_ms`, or `None` when it would exceed
/// [`MAX_DRAFT_BYTES`]. Never contains the secret.
pub fn encode(settings: &Settings, now_ms: u64) -> Option<String> {
    let json = serde_json::to_string(settings).ok()?;
    (json.len() <= MAX_DRAFT_BYTES).then(|| format!("{MAGIC}{now_ms}\n{json}"))
}

/// A stored draft, or `None` for anything unreadable, from another version, or empty.
pub fn decode(text: &str) -> Option<Draft> {
    let (head, json) = text.strip_prefix(MAGIC)?.split_once('\n')?;
    // Whole milliseconds: core's float parsing and printing would add kilobytes to the wasm.
    let saved_at_ms: u64 = head.parse().ok()?;
    let value: serde_json::Value = serde_json::from_str(json).ok()?;
    if !value.is_object() {
        return None;
    }
    let mut settings: Settings = serde_json::from_value(value).ok()?;
    settings.client_secret = Secret::default();
    Some(Draft {
        settings,
        saved_at_ms,
    })
}

/// What to do with the stored draft after a change to the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DraftAction {
    /// Store the form as the draft.
    Write,
    /// The form is as the backend holds it: no draft needed.
    Remove,
    /// Leave storage as it is (a draft is being offered and nothing was typed yet).
    Keep,
}

/// `current` is the form, `reference` what the backend holds (or the empty form when the
/// load failed). A draft on offer is kept until the admin restores, discards or types.
pub fn action(current: &Settings, reference: &Settings, offer_pending: bool) -> DraftAction {
    if !differs(current, reference) {
        if offer_pending {
            DraftAction::Keep
        } else {
            DraftAction::Remove
        }
    } else {
        DraftAction::Write
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
    let same_strategy =
        drafted == shown || !(existing.contains(&drafted) || existing.contains(&shown));
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
    merged
}

/// Set `field` of `to` to `from`'s value; the fields [`changed_fields`] compares.
fn copy_field(field: Field, from: &Settings, to: &mut Settings) {
    let (f, t) = (from, to);
    match field {
        Field::SiteUrl => t.site_url.clone_from(&f.site_url),
        Field::DisplayName => t.display_name.clone_from(&f.display_name),
        Field::IsEnabled => t.is_enabled = f.is_enabled,
        Field::Order => t.order = f.order,
        Field::BypassLoginScreen => t.bypass_login_screen = f.bypass_login_screen,
        Field::Host => t.host.clone_from(&f.host),
        Field::InternalBaseUrl => t.internal_base_url.clone_from(&f.internal_base_url),
        Field::Realm => t.realm.clone_from(&f.realm),
        Field::ClientId => t.client_id.clone_from(&f.client_id),
        Field::Layout => t.layout = f.layout,
        Field::AuthorizationUrl => t
            .overrides
            .authorization
            .clone_from(&f.overrides.authorization),
        Field::TokenUrl => t.overrides.token.clone_from(&f.overrides.token),
        Field::UserInfoUrl => t.overrides.user_info.clone_from(&f.overrides.user_info),
        Field::LogoutUrl => t.overrides.logout.clone_from(&f.overrides.logout),
        Field::LogoutUpstream => t.logout_upstream = f.logout_upstream,
        Field::LogoutLegacyRedirect => t.logout_legacy_redirect = f.logout_legacy_redirect,
        Field::SelfRegistration => t.self_registration = f.self_registration,
        Field::DomainWhitelist => t.domain_whitelist.clone_from(&f.domain_whitelist),
        Field::AutoEnrollGroups => t.auto_enroll_groups.clone_from(&f.auto_enroll_groups),
        // Not kept in a draft (the secret) or not an edit (the rest).
        _ => {}
    }
}

/// The fields whose values differ, in form order, ignoring the secret: what a draft changes.
pub fn changed_fields(a: &Settings, b: &Settings) -> Vec<Field> {
    let pairs = [
        (Field::SiteUrl, a.site_url == b.site_url),
        (Field::DisplayName, a.display_name == b.display_name),
        (Field::IsEnabled, a.is_enabled == b.is_enabled),
        (Field::Order, a.order == b.order),
        (
            Field::BypassLoginScreen,
            a.bypass_login_screen == b.bypass_login_screen,
        ),
        (Field::Host, a.host == b.host),
        (
            Field::InternalBaseUrl,
            a.internal_base_url == b.internal_base_url,
        ),
        (Field::Realm, a.realm == b.realm),
        (Field::ClientId, a.client_id == b.client_id),
        (Field::Layout, a.layout == b.layout),
        (
            Field::AuthorizationUrl,
            a.overrides.authorization == b.overrides.authorization,
        ),
        (Field::TokenUrl, a.overrides.token == b.overrides.token),
        (
            Field::UserInfoUrl,
            a.overrides.user_info == b.overrides.user_info,
        ),
        (Field::LogoutUrl, a.overrides.logout == b.overrides.logout),
        (
            Field::LogoutUpstream,
            a.logout_upstream == b.logout_upstream,
        ),
        (
            Field::LogoutLegacyRedirect,
            a.logout_legacy_redirect == b.logout_legacy_redirect,
        ),
        (
            Field::SelfRegistration,
            a.self_registration == b.self_registration,
        ),
        (
            Field::DomainWhitelist,
            a.domain_whitelist == b.domain_whitelist,
        ),
        (
            Field::AutoEnrollGroups,
            a.auto_enroll_groups == b.auto_enroll_groups,
        ),
    ];
    pairs
        .into_iter()
        .filter(|(_, same)| !same)
        .map(|(field, _)| field)
        .collect()
}

/// Different in any field the admin edits (the secret aside: a draft never holds it).
fn differs(a: &Settings, b: &Settings) -> bool {
    !changed_fields(a, b).is_empty()
}
