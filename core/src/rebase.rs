//! The form moved onto a newer read of the wiki: what the admin changed stays, everything
//! else takes the wiki's current value.
//!
//! After a conflict the page loads the wiki's list again but keeps the admin's edits. Keeping
//! the whole form would keep stale values too (a secret rotated, a position changed by
//! someone else) and the next save would quietly put them back.

use super::settings::Settings;

/// `form` rebased from `old` (what the wiki held when the form was filled) onto `new` (what
/// it holds now): each field the admin left as it was takes `new`'s value; each field they
/// changed keeps theirs. The strategy key is the form's.
pub fn rebase(form: &Settings, old: &Settings, new: &Settings) -> Settings {
    fn pick<T: PartialEq + Clone>(form: &T, old: &T, new: &T) -> T {
        if form == old { new } else { form }.clone()
    }
    let (f, o, n) = (form, old, new);
    let overrides = &f.overrides;
    Settings {
        site_url: pick(&f.site_url, &o.site_url, &n.site_url),
        strategy_key: f.strategy_key.clone(),
        display_name: pick(&f.display_name, &o.display_name, &n.display_name),
        is_enabled: pick(&f.is_enabled, &o.is_enabled, &n.is_enabled),
        order: pick(&f.order, &o.order, &n.order),
        bypass_login_screen: pick(
            &f.bypass_login_screen,
            &o.bypass_login_screen,
            &n.bypass_login_screen,
        ),
        host: pick(&f.host, &o.host, &n.host),
        internal_base_url: pick(
            &f.internal_base_url,
            &o.internal_base_url,
            &n.internal_base_url,
        ),
        realm: pick(&f.realm, &o.realm, &n.realm),
        client_id: pick(&f.client_id, &o.client_id, &n.client_id),
        client_secret: pick(&f.client_secret, &o.client_secret, &n.client_secret),
        layout: pick(&f.layout, &o.layout, &n.layout),
        overrides: crate::settings::PerEndpoint::from_fn(|e| {
            pick(overrides.get(e), o.overrides.get(e), n.overrides.get(e))
        }),
        logout_upstream: pick(&f.logout_upstream, &o.logout_upstream, &n.logout_upstream),
        logout_legacy_redirect: pick(
            &f.logout_legacy_redirect,
            &o.logout_legacy_redirect,
            &n.logout_legacy_redirect,
        ),
        self_registration: pick(
            &f.self_registration,
            &o.self_registration,
            &n.self_registration,
        ),
        domain_whitelist: pick(
            &f.domain_whitelist,
            &o.domain_whitelist,
            &n.domain_whitelist,
        ),
        auto_enroll_groups: pick(
            &f.auto_enroll_groups,
            &o.auto_enroll_groups,
            &n.auto_enroll_groups,
        ),
    }
}
