//! What the first screen does not need: troubleshooting and the Keycloak exports. Each takes
//! the settings as the JSON they serialize to (the secret apart, where an export asks for it)
//! and derives again here: deriving is microseconds, and the main module then needs no
//! decoder for `Derived`.

use wasm_bindgen::prelude::*;
use wkc_core::backchannel_probe;
use wkc_core::derive;
use wkc_core::diagnostics::Target;
use wkc_core::keycloak_client;

use crate::{context_of, settings_from};

/// What stands in for a secret the form holds: never quoted by an explanation.
const SECRET_SET: &str = "(set in the form)";

/// Every recognised text in `text` for these settings: five strings per explanation
/// (pattern, cause, fix, the related finding's code or "", where its "Go to" leads as
/// `Target::id` or ""), most specific first; empty when
/// nothing is recognised. The context's two facts as [`crate::context_of`] reads them, and
/// whether Wiki.js holds exactly these settings (`Context::wiki_holds_form`). The secret
/// never crosses: `has_secret` says whether the form holds one, which is all the
/// explanations ask of it.
#[wasm_bindgen]
pub fn troubleshoot(
    text: &str,
    settings: &str,
    has_secret: bool,
    legacy_logout_only: bool,
    keycloak_version: u32,
    wiki_holds_form: bool,
) -> Vec<String> {
    let settings = settings_from(settings, if has_secret { SECRET_SET } else { "" });
    let context = wkc_core::Context {
        wiki_holds_form,
        ..context_of(legacy_logout_only, keycloak_version)
    };
    let derived = derive(&settings);
    wkc_core::troubleshoot::troubleshoot(text, &settings, &context, &derived)
        .into_iter()
        .flat_map(|e| {
            let code = e.related.map(|c| c.as_str().to_owned()).unwrap_or_default();
            let go_to = e.go_to(&settings, &context).map_or("", Target::id);
            [e.pattern.to_owned(), e.cause, e.fix, code, go_to.to_owned()]
        })
        .collect()
}

/// The client JSON for Keycloak's "Import client" (`core::keycloak_client::client_json`).
#[wasm_bindgen(js_name = clientJson)]
pub fn client_json(
    settings: &str,
    secret: &str,
    include_secret: bool,
    legacy_logout_only: bool,
    keycloak_version: u32,
) -> String {
    let facts = (legacy_logout_only, keycloak_version);
    new_client(
        keycloak_client::client_json,
        settings,
        secret,
        include_secret,
        facts,
    )
}

/// The `kcadm.sh` commands that create the same client (`core::keycloak_client`).
#[wasm_bindgen(js_name = kcadmCommands)]
pub fn kcadm_commands(
    settings: &str,
    secret: &str,
    include_secret: bool,
    legacy_logout_only: bool,
    keycloak_version: u32,
) -> String {
    let facts = (legacy_logout_only, keycloak_version);
    new_client(
        keycloak_client::kcadm_commands,
        settings,
        secret,
        include_secret,
        facts,
    )
}

/// One way of creating the client, for the settings as the page sends them and the context's
/// two facts ([`crate::context_of`]).
fn new_client(
    export: fn(&wkc_core::Settings, &wkc_core::Derived, bool, &wkc_core::Context) -> String,
    settings: &str,
    secret: &str,
    include_secret: bool,
    (legacy_logout_only, keycloak_version): (bool, u32),
) -> String {
    let settings = settings_from(settings, secret);
    let context = context_of(legacy_logout_only, keycloak_version);
    export(&settings, &derive(&settings), include_secret, &context)
}

/// The back-channel probe: `[plain, docker]` (`core::backchannel_probe::probe_commands`).
#[wasm_bindgen(js_name = probeCommands)]
pub fn probe_commands(settings: &str) -> Vec<String> {
    let settings = settings_from(settings, "");
    let commands = backchannel_probe::probe_commands(&settings, &derive(&settings));
    vec![commands.plain, commands.docker]
}

#[cfg(test)]
mod tests {
    use super::*;
    use wkc_core::samples;

    fn sample() -> (wkc_core::Settings, String) {
        let settings = samples::clean_settings();
        let json = serde_json::to_string(&settings).unwrap();
        (settings, json)
    }

    #[test]
    fn the_exports_are_the_cores_for_the_same_settings() {
        let (settings, json) = sample();
        let secret = settings.client_secret.expose().to_owned();
        let derived = derive(&settings);
        for (include, legacy, version) in [(false, false, 0), (true, false, 18), (false, true, 26)]
        {
            let context = context_of(legacy, version);
            assert_eq!(
                client_json(&json, &secret, include, legacy, version),
                keycloak_client::client_json(&settings, &derived, include, &context)
            );
            assert_eq!(
                kcadm_commands(&json, &secret, include, legacy, version),
                keycloak_client::kcadm_commands(&settings, &derived, include, &context)
            );
        }
        let probe = backchannel_probe::probe_commands(&settings, &derived);
        assert_eq!(probe_commands(&json), vec![probe.plain, probe.docker]);
    }

    #[test]
    fn troubleshooting_gives_four_strings_per_explanation() {
        let (settings, json) = sample();
        let text = "Failed to obtain access token\nECONNREFUSED";
        let context = wkc_core::Context::default();
        let expected =
            wkc_core::troubleshoot::troubleshoot(text, &settings, &context, &derive(&settings));
        let flat = troubleshoot(text, &json, true, false, 0, false);
        assert!(!expected.is_empty());
        assert_eq!(flat.len(), expected.len() * 5);
        for (e, five) in expected.iter().zip(flat.chunks(5)) {
            assert_eq!(five[0], e.pattern);
            assert_eq!(five[1], e.cause);
            assert_eq!(five[2], e.fix);
            assert_eq!(five[3], e.related.map(|c| c.as_str()).unwrap_or_default());
            assert_eq!(five[4], e.go_to(&settings, &context).map_or("", Target::id));
        }
        assert!(troubleshoot("nothing known here", &json, true, false, 0, false).is_empty());
    }

    /// The secret stays in the page; whether the form holds one reaches the part, so the
    /// explanations that ask it answer as the core does with the secret itself.
    #[test]
    #[rustfmt::skip]
    fn troubleshooting_knows_whether_a_secret_is_set_without_seeing_it() {
        let texts = ["Invalid authentication provider.", "Error: clientSecret is required"];
        let (with_secret, json) = sample();
        let mut without_secret = with_secret.clone();
        without_secret.client_secret = wkc_core::secret::Secret::default();
        let context = wkc_core::Context::default();
        for text in texts {
            for (settings, has_secret) in [(&with_secret, true), (&without_secret, false)] {
                let expected: Vec<String> = wkc_core::troubleshoot::troubleshoot(text, settings, &context, &derive(settings))
                    .into_iter().map(|e| e.cause).collect();
                let causes: Vec<String> = troubleshoot(text, &json, has_secret, false, 0, false).chunks(5).map(|five| five[1].clone()).collect();
                assert!(!expected.is_empty(), "{text}");
                assert_eq!(causes, expected, "{text}, secret set: {has_secret}");
            }
        }
    }
}
