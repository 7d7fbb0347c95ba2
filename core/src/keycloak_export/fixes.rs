//! The fixes for the lot: `kcadm.sh` commands that change exactly the needed fields of the
//! existing client, and the corrected client JSON for Import client (a client that does not
//! exist yet: Import refuses an existing client ID).
//!
//! The export's secret is never written; the form's only when the admin asks. Every value in
//! a command is single-quoted ([`sh_quote`]) or travels in a quoted heredoc, so the script is
//! safe under sh, bash and dash whatever the export holds; comments carry no value.

use serde_json::{Map, Value};

use crate::derive::Derived;
use crate::keycloak_client::{
    client_json, kcadm_realm, sh_quote, where_kcadm_is, SERVER_PLACEHOLDER,
};
use crate::settings::{Context, Endpoint, Settings};

use super::checks::{
    allows_after_logout, allows_among_redirects, keycloak_origin, missing_scopes, resolution,
    sends_post_logout, site_among_redirects, MIN_REDACTED,
};
use super::redirect::{match_redirect, RedirectMatch};
use super::{
    ExportedClient, ExportedRealm, ExportedSecret, PastedExport, ATTR_PKCE, ATTR_POST_LOGOUT,
    ATTR_SECRET_METHOD,
};

/// What must change in Keycloak for Wiki.js's sign-in to work.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Corrections {
    /// Top-level client fields to set.
    pub fields: Map<String, Value>,
    /// Client attributes to set; an empty value clears one.
    pub attributes: Vec<(&'static str, String)>,
    /// Client scopes to assign as Default.
    pub default_scopes: Vec<&'static str>,
    /// The realm is disabled.
    pub enable_realm: bool,
    /// The secret in the form is not (or cannot be shown to be) the client's.
    pub read_secret: bool,
}

impl Corrections {
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
            && self.attributes.is_empty()
            && self.default_scopes.is_empty()
            && !self.enable_realm
            && !self.read_secret
    }
}

/// The realm and client the checks read, when the export holds the form's client.
fn matched<'a>(
    settings: &Settings,
    context: &'a Context,
) -> Option<(&'a ExportedRealm, &'a ExportedClient)> {
    match context.keycloak_export.as_deref()? {
        PastedExport::Readable(export) => export.client_for(&settings.realm, &settings.client_id),
        PastedExport::Unreadable(_) => None,
    }
}

/// Everything to change for the form's client; `None` when the export does not hold it.
pub fn corrections(
    settings: &Settings,
    context: &Context,
    derived: &Derived,
) -> Option<Corrections> {
    let (realm, client) = matched(settings, context)?;
    let mut c = Corrections::default();
    let mut set = |key: &str, value: Value| {
        c.fields.insert(key.to_owned(), value);
    };
    if !client.is_enabled() {
        set("enabled", Value::Bool(true));
    }
    if client.bearer_only == Some(true) {
        set("bearerOnly", Value::Bool(false));
    }
    if client
        .protocol
        .as_deref()
        .is_some_and(|p| p != "openid-connect")
    {
        set("protocol", Value::from("openid-connect"));
    }
    if !client.is_standard_flow_enabled() {
        set("standardFlowEnabled", Value::Bool(true));
    }
    if client.public_client == Some(true) {
        set("publicClient", Value::Bool(false));
    }
    if client.consent_required == Some(true) {
        set("consentRequired", Value::Bool(false));
    }
    if client
        .client_authenticator_type
        .as_deref()
        .is_some_and(|t| t != "client-secret")
    {
        set("clientAuthenticatorType", Value::from("client-secret"));
    }
    let mut redirects = corrected_redirects(derived, client);
    if let Some(site) = derived.post_logout_redirect.as_deref().filter(|site| {
        site_among_redirects(settings, context)
            && !allows_among_redirects(
                site,
                (settings, context, derived),
                realm,
                client,
                &redirects,
            )
    }) {
        redirects.push(site.to_owned());
    }
    if redirects != client.redirect_uris {
        set("redirectUris", Value::from(redirects.clone()));
    }
    if client.attribute(ATTR_PKCE).is_some_and(|m| !m.is_empty()) {
        c.attributes.push((ATTR_PKCE, String::new()));
    }
    if client.attribute(ATTR_SECRET_METHOD) == Some("client_secret_basic") {
        c.attributes
            .push((ATTR_SECRET_METHOD, "client_secret_post".to_owned()));
    }
    if let Some(value) = corrected_post_logout(settings, context, derived, client, &redirects) {
        c.attributes.push((ATTR_POST_LOGOUT, value));
    }
    c.default_scopes = missing_scopes(client);
    c.enable_realm =
        realm.enabled == Some(false) && realm.name.as_deref() == Some(settings.realm.as_str());
    c.read_secret = match &client.secret {
        ExportedSecret::Clear(s) => s.expose() != settings.client_secret.expose(),
        _ => true,
    };
    Some(c)
}

/// The redirect URIs with the callback added, and any wildcard it matched through removed.
fn corrected_redirects(derived: &Derived, client: &ExportedClient) -> Vec<String> {
    let Some(callback) = derived.callback_url.as_deref() else {
        return client.redirect_uris.clone();
    };
    let origin = keycloak_origin(derived, Endpoint::Authorization);
    let resolution = resolution(derived, client, origin.as_deref());
    match match_redirect(callback, &client.redirect_uris, &resolution) {
        RedirectMatch::Exact => client.redirect_uris.clone(),
        RedirectMatch::NoMatch => {
            let mut out = client.redirect_uris.clone();
            out.push(callback.to_owned());
            out
        }
        RedirectMatch::Wildcard(_) => {
            let mut out: Vec<String> = client
                .redirect_uris
                .iter()
                .filter(|e| {
                    !match_redirect(callback, std::slice::from_ref(e), &resolution).matches()
                })
                .cloned()
                .collect();
            out.push(callback.to_owned());
            out
        }
    }
}

/// The post-logout attribute with the Site URL added, when Wiki.js sends it and the list
/// (with the corrected redirect URIs) does not allow it.
fn corrected_post_logout(
    settings: &Settings,
    context: &Context,
    derived: &Derived,
    client: &ExportedClient,
    redirects: &[String],
) -> Option<String> {
    if !sends_post_logout(settings, context) {
        return None;
    }
    let site = derived.post_logout_redirect.as_deref()?;
    if allows_after_logout(site, (derived, context), client, redirects) {
        return None;
    }
    Some(
        match client.attribute(ATTR_POST_LOGOUT).filter(|a| !a.is_empty()) {
            None => format!("+##{site}"),
            Some(a) if a.split("##").next() == Some("-") => site.to_owned(),
            Some(a) => format!("{a}##{site}"),
        },
    )
}

/// The heredoc delimiter; pretty JSON never has a line that is exactly this.
const HEREDOC: &str = "WIKIJS_KEYCLOAK_CLIENT_FIX";

/// A POSIX shell script that looks the client up by its client ID and changes exactly the
/// fields the findings name; `None` when the export does not hold the form's client.
pub fn kcadm_fix_commands(
    settings: &Settings,
    context: &Context,
    derived: &Derived,
) -> Option<String> {
    let (realm, client) = matched(settings, context)?;
    let c = corrections(settings, context, derived)?;
    let server = sh_quote(derived.public_base.as_deref().unwrap_or(SERVER_PLACEHOLDER));
    // As kcadm.sh takes it (encoded; the placeholder when neither names one).
    let kc_realm = kcadm_realm(realm.name.as_deref().unwrap_or(&settings.realm));
    let r = sh_quote(&kc_realm);
    let mut s = where_kcadm_is(context);
    if c.is_empty() {
        s.push_str("# Nothing to change: the exported client is what Wiki.js needs.\n");
        return Some(s);
    }
    // Steps numbered as they are written: some are there only when needed.
    let mut step = 0;
    let mut title = |text: &str| {
        step += 1;
        format!("# {step}. {text}\n")
    };
    s.push_str(&title(
        "Log in to the admin API; kcadm.sh asks for the admin password.",
    ));
    s.push_str(&format!(
        "kcadm.sh config credentials --server {server} --realm master --user admin\n"
    ));
    if c.enable_realm {
        s.push_str(&title("Enable the realm."));
        s.push_str(&format!(
            "kcadm.sh update {} -s enabled=true\n",
            sh_quote(&format!("realms/{kc_realm}"))
        ));
    }
    s.push_str(&title(
        "Find the client by its client ID (an export carries no internal id).",
    ));
    s.push_str(&format!(
        "CID=$(kcadm.sh get clients -r {r} -q {} --fields id --format csv --noquotes)\n",
        sh_quote(&format!("clientId={}", client.client_id))
    ));
    s.push_str("if [ -z \"$CID\" ]; then echo 'No such client in this realm.' >&2; else\n");
    if !c.fields.is_empty() || !c.attributes.is_empty() {
        // --merge: with -f alone kcadm.sh sends the partial client as the whole one, and
        // Keycloak turns off what it lacks (Authorization Services, with their policies).
        s.push_str(&title(
            "Change exactly these fields (--merge: the rest of the client stays as it is).",
        ));
        s.push_str(&format!(
            "kcadm.sh update \"clients/$CID\" -r {r} --merge -f - <<'{HEREDOC}'\n"
        ));
        s.push_str(&serde_json::to_string_pretty(&update_body(&c)).unwrap_or_default());
        s.push_str(&format!("\n{HEREDOC}\n"));
    }
    if !c.default_scopes.is_empty() {
        s.push_str(&title("Assign the missing client scopes as Default."));
        s.push_str(&format!(
            "for SCOPE in {}; do\n",
            c.default_scopes.join(" ")
        ));
        s.push_str(&format!(
            "  SID=$(kcadm.sh get client-scopes -r {r} --fields id,name --format csv --noquotes | awk -F, -v n=\"$SCOPE\" '$2 == n {{ print $1 }}')\n"
        ));
        // A realm whose scope was deleted or renamed gives no id: say so rather than send
        // `default-client-scopes/` with none.
        s.push_str(
            "  if [ -z \"$SID\" ]; then echo \"No client scope named $SCOPE in this realm: create it under Client scopes, then run this again.\" >&2; else\n",
        );
        s.push_str(&format!(
            "  kcadm.sh update \"clients/$CID/default-client-scopes/$SID\" -r {r}\n"
        ));
        s.push_str("  fi\ndone\n");
    }
    if c.read_secret {
        s.push_str(&title(
            "Print the client secret: paste its \"value\" into Client Secret in Wiki.js.",
        ));
        s.push_str(&format!(
            "kcadm.sh get \"clients/$CID/client-secret\" -r {r}\n"
        ));
    }
    s.push_str("fi\n");
    Some(mask_secrets(s, settings, client, false))
}

/// `text` with the export's secret masked, and the form's unless it was asked for: a value
/// copied from a hostile export may hold either.
fn mask_secrets(
    text: String,
    settings: &Settings,
    client: &ExportedClient,
    include_secret: bool,
) -> String {
    let typed = &settings.client_secret;
    let mut text = text;
    if let ExportedSecret::Clear(s) = &client.secret {
        let asked_for = include_secret && s.expose() == typed.expose();
        if !asked_for && s.expose().chars().count() >= MIN_REDACTED {
            text = s.redact(&text);
        }
    }
    if !include_secret && typed.expose().chars().count() >= MIN_REDACTED {
        text = typed.redact(&text);
    }
    text
}

/// The partial client `kcadm.sh update` merges: the changed fields and attributes only.
fn update_body(c: &Corrections) -> Value {
    let mut body = c.fields.clone();
    if !c.attributes.is_empty() {
        let attributes: Map<String, Value> = c
            .attributes
            .iter()
            .map(|(k, v)| ((*k).to_owned(), Value::from(v.as_str())))
            .collect();
        body.insert("attributes".to_owned(), Value::Object(attributes));
    }
    Value::Object(body)
}

/// The exported client with every correction applied, as pretty JSON for Import client; the
/// configurator's own client JSON when the export does not hold the form's client. The
/// secret is the form's, and only with `include_secret`.
pub fn corrected_client_json(
    settings: &Settings,
    context: &Context,
    derived: &Derived,
    include_secret: bool,
) -> String {
    let (Some((_, client)), Some(c)) = (
        matched(settings, context),
        corrections(settings, context, derived),
    ) else {
        return client_json(settings, derived, include_secret, context);
    };
    let mut rep = client.representation.clone();
    for (k, v) in &c.fields {
        rep.insert(k.clone(), v.clone());
    }
    if !c.attributes.is_empty() {
        let attributes = rep
            .entry("attributes")
            .or_insert_with(|| Value::Object(Map::new()));
        if !attributes.is_object() {
            *attributes = Value::Object(Map::new());
        }
        if let Value::Object(a) = attributes {
            for (k, v) in &c.attributes {
                if v.is_empty() {
                    a.remove(*k);
                } else {
                    a.insert((*k).to_owned(), Value::from(v.as_str()));
                }
            }
        }
    }
    if !c.default_scopes.is_empty() {
        let mut scopes = client.default_client_scopes.clone().unwrap_or_default();
        scopes.extend(c.default_scopes.iter().map(|s| (*s).to_owned()));
        rep.insert("defaultClientScopes".to_owned(), Value::from(scopes));
    }
    let secret = settings.client_secret.expose();
    if include_secret && !secret.is_empty() {
        rep.insert("secret".to_owned(), Value::from(secret));
    }
    let text = serde_json::to_string_pretty(&Value::Object(rep)).unwrap_or_default();
    mask_secrets(text, settings, client, include_secret)
}
