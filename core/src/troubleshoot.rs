//! Error text → cause → fix: the admin pastes what their users saw (or a log line) and gets the
//! cause, the fix and the fields to look at, with this configuration's values filled in.
//!
//! [`RULES`] is the one table of recognised texts. Matching is case-insensitive and ignores
//! white space (line breaks included), and the text is first decoded from the usual wrappings:
//! HTML entities (`&quot;`, `&#39;`, …), JSON/JS escapes (`\"`, `\n`, `\/`), URL encoding
//! (`%3A`, `+`) and non-breaking spaces; then secret-shaped values are masked, so no
//! explanation quotes one back. Work is linear in the input, which is capped at
//! [`MAX_INPUT_BYTES`] (its last part is kept: logs end with the newest error).

use serde::Serialize;

use crate::derive::Derived;
use crate::diagnostics::checks::{pinned_hostname_setting, proxy_headers_option};
use crate::diagnostics::presentation::first_editable;
use crate::diagnostics::{
    Code, Target, OLD_WIKI_LOGOUT, OLD_WIKI_LOGOUT_FIX, SITE_AMONG_REDIRECTS_FIX,
};
use crate::host::{host_of, lower_scheme_and_host};
use crate::keycloak_client::{logout_return, sh_quote, ConsoleStep, LogoutReturn};
use crate::node_errors::{
    CERT_HAS_EXPIRED, CERT_NOT_YET_VALID, DEPTH_ZERO_SELF_SIGNED_CERT, EAI_AGAIN, ECONNREFUSED,
    ECONNRESET, EHOSTUNREACH, ENETUNREACH, ENOTFOUND, EPROTO, ERR_SSL_WRONG_VERSION_NUMBER,
    ERR_TLS_CERT_ALTNAME_INVALID, ETIMEDOUT, HPE_INVALID_CONSTANT, NODE_ERRORS,
    SELF_SIGNED_CERT_IN_CHAIN, UNABLE_TO_GET_ISSUER_CERT_LOCALLY, UNABLE_TO_VERIFY_LEAF_SIGNATURE,
};
use crate::paste::split_keycloak_url;
use crate::settings::{Context, Endpoint, Field, Layout, Settings};

/// How much of a pasted text is read (its end, at a character boundary).
pub const MAX_INPUT_BYTES: usize = 4 << 20;

pub(crate) mod masked;

/// What a recognised text means for this configuration.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Explanation {
    /// The text that was recognised, as Wiki.js or Keycloak words it.
    pub pattern: &'static str,
    pub cause: String,
    pub fix: String,
    /// Form fields to look at; the first is the one to focus.
    pub fields: Vec<Field>,
    /// The diagnostic code about the same problem, for a link into the catalogue.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub related: Option<Code>,
    /// The Keycloak checklist step that fixes it, when the fix is a setting of the client
    /// in Keycloak: where "Go to" leads rather than Client ID, which only names the client.
    #[serde(skip)]
    pub step: Option<ConsoleStep>,
}

impl Explanation {
    /// Where its "Go to" leads, as a finding's would: the server test command when that is
    /// the fix or shows it took (a CA the Wiki.js server must trust), its checklist step when Keycloak must list the callback URL, for Host's /auth the Keycloak
    /// version or the live check (what settles it), else the first field to look at that
    /// the admin can edit now.
    pub fn go_to(&self, settings: &Settings, context: &Context) -> Option<Target> {
        if let Some(step) = self.step {
            return Some(Target::ConsoleStep(step));
        }
        match self.related {
            // Fixed on the Wiki.js server: the command that shows whether it took.
            Some(Code::BackchannelProbe | Code::PrivateCa) => return Some(Target::ProbeCommand),
            // Fixed in Keycloak by listing the callback URL: the checklist's step, where it is
            // copied from and said where it goes, once there is one (else the Site URL it
            // needs, below).
            Some(Code::RegisterRedirectUri)
                if !settings.strategy_key.is_empty()
                    && crate::derive::site_url(&settings.site_url).is_some() =>
            {
                return Some(Target::ConsoleStep(ConsoleStep::RedirectUris))
            }
            Some(Code::LegacyPath) => {
                return Some(match context.keycloak_version {
                    Some(_) => Target::LiveCheck,
                    None => Target::KeycloakVersion,
                })
            }
            _ => {}
        }
        first_editable(&self.fields, settings).map(Target::Field)
    }
}

/// Every recognised text in `text`, most specific first; empty when nothing is recognised.
/// Texts that mean the same thing (a Node error code and its message) are reported once.
pub fn troubleshoot(
    text: &str,
    settings: &Settings,
    context: &Context,
    derived: &Derived,
) -> Vec<Explanation> {
    let text = Text::new(text);
    let ctx = Ctx {
        text: &text,
        settings,
        legacy_logout_only: context.legacy_logout_only,
        keycloak_version: context.keycloak_version,
        wiki_holds_form: context.wiki_holds_form,
        derived,
    };
    let mut groups_seen: Vec<&'static str> = Vec::new();
    let mut out = Vec::new();
    for rule in RULES {
        if groups_seen.contains(&rule.group) {
            continue;
        }
        // "Failed to obtain access token" hides the real error; once the paste shows it, its
        // explanation says all ("run the test command to see the real error" would not).
        if rule.group == "token-call" && groups_seen.iter().any(|g| TOKEN_CALL_CAUSES.contains(g)) {
            continue;
        }
        // Likewise a userinfo failure whose cause the paste shows (the missing openid scope):
        // the event or passport's "Failed to fetch user profile" beside it would guess another.
        if rule.group == "user-info" && groups_seen.contains(&"userinfo-scope") {
            continue;
        }
        let Some(hit) = text.find(rule) else { continue };
        let explained = (rule.explain)(&ctx, &hit);
        if explained.is_empty() {
            continue; // matched, but not what the rule is about: a later rule may be
        }
        groups_seen.push(rule.group);
        // Two texts of one cause in one paste (the 401's words and Keycloak's log): once.
        for found in explained {
            if out
                .iter()
                .any(|e: &Explanation| e.cause == found.cause && e.fix == found.fix)
            {
                continue;
            }
            out.push(Explanation {
                pattern: rule.pattern,
                cause: found.cause,
                fix: found.fix,
                fields: found.fields,
                related: found.related,
                step: found.step,
            });
        }
    }
    out
}

/// The groups of the real errors behind "Failed to obtain access token".
const TOKEN_CALL_CAUSES: &[&str] = &[
    "econnrefused",
    "dns",
    "tls-trust",
    "tls-expired",
    "tls-name",
    "timeout",
    "unreachable",
    "tls-plain",
    "reset",
];

/// The texts [`troubleshoot`] recognises, for a "what can be pasted" hint.
pub fn recognised_patterns() -> Vec<&'static str> {
    RULES.iter().map(|r| r.pattern).collect()
}

/// One recognised text.
struct Rule {
    /// Shown as what matched.
    pattern: &'static str,
    /// Fragments that must appear in this order (white space in them is ignored).
    needles: &'static [&'static str],
    /// The (single) needle must not be part of a longer word.
    whole_word: bool,
    /// Rules with the same group mean the same thing: only the first that explains is reported,
    /// so the more specific (an event with its values, a named option) come first.
    group: &'static str,
    explain: fn(&Ctx<'_>, &Hit) -> Vec<Found>,
}

const fn rule(
    pattern: &'static str,
    needles: &'static [&'static str],
    group: &'static str,
    explain: fn(&Ctx<'_>, &Hit) -> Vec<Found>,
) -> Rule {
    Rule {
        pattern,
        needles,
        whole_word: false,
        group,
        explain,
    }
}

/// A rule whose needle is a code or token (`ENOTFOUND`, Keycloak's `error=client_disabled`):
/// matched as a whole word, since matching ignores white space ("Page not found" would spell
/// `enotfound`) and `invalid_code` is not `invalid_code_verifier`.
const fn word_rule(
    pattern: &'static str,
    needles: &'static [&'static str],
    group: &'static str,
    explain: fn(&Ctx<'_>, &Hit) -> Vec<Found>,
) -> Rule {
    Rule {
        whole_word: true,
        ..rule(pattern, needles, group, explain)
    }
}

/// The table: most specific first, so a log with both "ECONNREFUSED" and "Failed to obtain
/// access token" leads with the real cause.
const RULES: &[Rule] = &[
    word_rule(
        ECONNREFUSED.code,
        &[ECONNREFUSED.code],
        "econnrefused",
        econnrefused,
    ),
    word_rule(ENOTFOUND.code, &[ENOTFOUND.code], "dns", enotfound),
    word_rule(EAI_AGAIN.code, &[EAI_AGAIN.code], "dns", enotfound),
    word_rule(
        DEPTH_ZERO_SELF_SIGNED_CERT.code,
        &[DEPTH_ZERO_SELF_SIGNED_CERT.code],
        "tls-trust",
        tls_untrusted,
    ),
    word_rule(
        SELF_SIGNED_CERT_IN_CHAIN.code,
        &[SELF_SIGNED_CERT_IN_CHAIN.code],
        "tls-trust",
        tls_untrusted,
    ),
    word_rule(
        UNABLE_TO_VERIFY_LEAF_SIGNATURE.code,
        &[UNABLE_TO_VERIFY_LEAF_SIGNATURE.code],
        "tls-trust",
        tls_untrusted,
    ),
    word_rule(
        UNABLE_TO_GET_ISSUER_CERT_LOCALLY.code,
        &[UNABLE_TO_GET_ISSUER_CERT_LOCALLY.code],
        "tls-trust",
        tls_untrusted,
    ),
    rule(
        "self signed certificate",
        &["self signed certificate"],
        "tls-trust",
        tls_untrusted,
    ),
    rule(
        "self-signed certificate",
        &["self-signed certificate"],
        "tls-trust",
        tls_untrusted,
    ),
    rule(
        "unable to verify the first certificate",
        &["unable to verify the first certificate"],
        "tls-trust",
        tls_untrusted,
    ),
    rule(
        "unable to get local issuer certificate",
        &["unable to get local issuer certificate"],
        "tls-trust",
        tls_untrusted,
    ),
    rule(
        "unable to get issuer certificate",
        &["unable to get issuer certificate"],
        "tls-trust",
        tls_untrusted,
    ),
    word_rule(
        CERT_HAS_EXPIRED.code,
        &[CERT_HAS_EXPIRED.code],
        "tls-expired",
        tls_expired,
    ),
    rule(
        "certificate has expired",
        &["certificate has expired"],
        "tls-expired",
        tls_expired,
    ),
    word_rule(
        CERT_NOT_YET_VALID.code,
        &[CERT_NOT_YET_VALID.code],
        "tls-not-yet-valid",
        network_error,
    ),
    rule(
        "certificate is not yet valid",
        &["certificate is not yet valid"],
        "tls-not-yet-valid",
        not_yet_valid,
    ),
    word_rule(
        ERR_TLS_CERT_ALTNAME_INVALID.code,
        &[ERR_TLS_CERT_ALTNAME_INVALID.code],
        "tls-name",
        tls_name,
    ),
    rule(
        "does not match certificate's altnames",
        &["does not match certificate's altnames"],
        "tls-name",
        tls_name,
    ),
    word_rule(ETIMEDOUT.code, &[ETIMEDOUT.code], "timeout", network_error),
    word_rule(
        EHOSTUNREACH.code,
        &[EHOSTUNREACH.code],
        "unreachable",
        network_error,
    ),
    word_rule(
        ENETUNREACH.code,
        &[ENETUNREACH.code],
        "unreachable",
        network_error,
    ),
    word_rule(
        ERR_SSL_WRONG_VERSION_NUMBER.code,
        &[ERR_SSL_WRONG_VERSION_NUMBER.code],
        "tls-plain",
        network_error,
    ),
    word_rule(EPROTO.code, &[EPROTO.code], "tls-plain", network_error),
    word_rule(ECONNRESET.code, &[ECONNRESET.code], "reset", network_error),
    // Node's text for ECONNRESET, often pasted alone: http spoken to an https port.
    rule("socket hang up", &["socket hang up"], "reset", hang_up),
    word_rule(
        HPE_INVALID_CONSTANT.code,
        &[HPE_INVALID_CONSTANT.code],
        "not-http",
        network_error,
    ),
    rule(
        "Parse Error: Expected HTTP/",
        &["Parse Error: Expected HTTP/"],
        "not-http",
        not_http,
    ),
    rule(
        "Failed to obtain access token",
        &["Failed to obtain access token"],
        "token-call",
        failed_token,
    ),
    // Keycloak's event (`type=LOGIN_ERROR, …, error=invalid_redirect_uri, redirect_uri=…`),
    // before the page's text: it names the URI and the client.
    word_rule(
        "error=invalid_redirect_uri (Keycloak event)",
        &["invalid_redirect_uri"],
        "redirect-uri",
        redirect_uri_event,
    ),
    // Keycloak's own log for the refusal at logout (18 to 25).
    rule(
        "Parameter 'redirect_uri' no longer supported",
        &["Parameter 'redirect_uri' no longer supported"],
        "redirect-uri",
        legacy_logout_refused,
    ),
    rule(
        "Invalid parameter: redirect_uri",
        &["Invalid parameter: redirect_uri"],
        "redirect-uri",
        invalid_redirect_parameter,
    ),
    rule(
        "Invalid parameter: id_token_hint",
        &["Invalid parameter: id_token_hint"],
        "id-token-hint",
        invalid_id_token_hint,
    ),
    rule(
        "Missing parameters: id_token_hint",
        &["Missing parameters: id_token_hint"],
        "id-token-hint",
        missing_id_token_hint,
    ),
    // Keycloak's log for the same refusal.
    rule(
        "Either the parameter 'client_id' or the parameter 'id_token_hint' is required",
        &["or the parameter 'id_token_hint' is required"],
        "id-token-hint",
        missing_id_token_hint,
    ),
    // Keycloak's event for a refused logout: 18 to 25 refusing the legacy parameter.
    word_rule(
        "LOGOUT_ERROR (Keycloak event)",
        &["LOGOUT_ERROR"],
        "redirect-uri",
        logout_error_event,
    ),
    rule(
        "Invalid redirect uri",
        &["Invalid redirect uri"],
        "post-logout-uri",
        invalid_post_logout,
    ),
    rule(
        "Incorrect redirect_uri",
        &["Incorrect redirect_uri"],
        "code-redirect-uri",
        incorrect_redirect,
    ),
    rule(
        "Invalid scopes: openid profile email",
        &["Invalid scopes"],
        "scopes",
        invalid_scopes,
    ),
    rule(
        "invalid_scope",
        &["invalid_scope"],
        "scopes",
        invalid_scopes,
    ),
    // Keycloak's log line for the same refusal.
    rule(
        "Invalid parameter value for: scope",
        &["Invalid parameter value for: scope"],
        "scopes",
        invalid_scopes,
    ),
    // The userinfo call's failure, as the other user-info texts: one cause, said once.
    rule(
        "Invalid token issuer",
        &["Invalid token issuer"],
        "user-info",
        invalid_issuer,
    ),
    rule(
        "Missing openid scope",
        &["Missing openid scope"],
        "userinfo-scope",
        missing_openid_scope,
    ),
    word_rule(
        "insufficient_scope",
        &["insufficient_scope"],
        "userinfo-scope",
        missing_openid_scope,
    ),
    // Wiki.js's log when a strategy fails to start: keycloak-passport's "<option> is
    // required", then "Authentication Strategy … [ FAILED ]".
    rule(
        "… is required",
        &["is required"],
        "provider",
        option_required,
    ),
    rule(
        "Invalid authentication provider.",
        &["Invalid authentication provider"],
        "provider",
        invalid_provider,
    ),
    rule(
        "Authentication Strategy … [ FAILED ]",
        &["Authentication Strategy", "[ FAILED ]"],
        "provider",
        strategy_failed,
    ),
    rule(
        "You are not authorized to register. Your domain is not whitelisted.",
        &["Your domain is not whitelisted"],
        "whitelist",
        not_whitelisted,
    ),
    rule(
        "You are not authorized to register.",
        &["not authorized to register"],
        "whitelist",
        not_whitelisted,
    ),
    rule(
        "You are not authorized to login.",
        &["not authorized to login"],
        "login",
        not_authorized_login,
    ),
    // Users' browsers, not the Wiki.js server: what the console or the tab says.
    rule(
        "blocked by CORS policy",
        &["blocked by CORS policy"],
        "browser-cors",
        browser_cors,
    ),
    rule(
        "Mixed Content",
        &["Mixed Content"],
        "browser-mixed",
        browser_mixed_content,
    ),
    word_rule(
        "DNS_PROBE_FINISHED_NXDOMAIN (browser)",
        &["DNS_PROBE_FINISHED_NXDOMAIN"],
        "browser-dns",
        browser_dns,
    ),
    rule(
        "server IP address could not be found",
        &["server IP address could not be found"],
        "browser-dns",
        browser_dns,
    ),
    word_rule(
        "ERR_CERT_AUTHORITY_INVALID (browser)",
        &["ERR_CERT_AUTHORITY_INVALID"],
        "browser-cert",
        browser_certificate,
    ),
    rule(
        "Your account has been disabled.",
        &["Your account has been disabled"],
        "login",
        account_disabled,
    ),
    rule(
        "502 Bad Gateway",
        &["502 Bad Gateway"],
        "proxy",
        bad_gateway,
    ),
    rule(
        "Missing or invalid email address from profile.",
        &["Missing or invalid email address"],
        "email",
        missing_email,
    ),
    rule(
        "HTTPS required",
        &["HTTPS required"],
        "https",
        https_required,
    ),
    // Before "Cookie not found": Keycloak's restart cookie is another story (a stale page).
    rule(
        "Restart login cookie not found",
        &["Restart login cookie not found"],
        "login-page",
        login_timed_out,
    ),
    rule(
        "Page has expired",
        &["Page has expired"],
        "login-page",
        login_timed_out,
    ),
    rule(
        "Your login attempt timed out",
        &["Your login attempt timed out"],
        "login-page",
        login_timed_out,
    ),
    rule(
        "Cookie not found. Please make sure cookies are enabled in your browser.",
        &["Cookie not found"],
        "login-page",
        login_cookie_lost,
    ),
    // Before the generic `invalid_client`: the token endpoint's JSON for a client that
    // authenticates with a signed JWT, not with the secret Wiki.js sends.
    word_rule(
        "Parameter client_assertion_type is missing",
        &["client_assertion_type"],
        "client-auth",
        signed_jwt_client,
    ),
    rule(
        "Client not allowed to exchange code",
        &["Client not allowed to exchange code"],
        "client-auth",
        standard_flow_off,
    ),
    rule(
        "Invalid method used to get client secret",
        &["Invalid method used to get client secret"],
        "client-auth",
        secret_by_basic_only,
    ),
    rule(
        "Invalid client or Invalid client credentials",
        &["Invalid client credentials"],
        "client-auth",
        client_auth,
    ),
    rule(
        "Invalid client secret",
        &["Invalid client secret"],
        "client-auth",
        client_auth,
    ),
    rule(
        "invalid_client",
        &["invalid_client"],
        "client-auth",
        client_auth,
    ),
    rule(
        "unauthorized_client",
        &["unauthorized_client"],
        "client-auth",
        client_auth,
    ),
    rule(
        "Standard flow is disabled for the client.",
        &["Standard flow is disabled"],
        "client-auth",
        standard_flow_off,
    ),
    word_rule(
        "error=client_not_found (Keycloak event)",
        &["client_not_found"],
        "client-not-found",
        client_not_found,
    ),
    rule(
        "Client not found.",
        &["Client not found"],
        "client-not-found",
        client_not_found,
    ),
    word_rule(
        "error=client_disabled (Keycloak event)",
        &["client_disabled"],
        "client-disabled",
        client_disabled,
    ),
    rule(
        "Client disabled.",
        &["Client disabled"],
        "client-disabled",
        client_disabled,
    ),
    rule(
        "Wrong client protocol.",
        &["Wrong client protocol"],
        "client-protocol",
        wrong_protocol,
    ),
    rule(
        "Bearer-only applications are not allowed to initiate browser login",
        &["Bearer-only"],
        "bearer-only",
        bearer_only,
    ),
    // The whole phrase: the discovery document's `code_challenge_methods_supported` is not it.
    rule(
        "Missing parameter: code_challenge_method",
        &["Missing parameter: code_challenge_method"],
        "pkce",
        pkce_required,
    ),
    word_rule(
        "error=realm_disabled (Keycloak event)",
        &["realm_disabled"],
        "realm-disabled",
        realm_disabled,
    ),
    rule(
        "Realm not enabled",
        &["Realm not enabled"],
        "realm-disabled",
        realm_disabled,
    ),
    word_rule(
        "error=expired_code (Keycloak event)",
        &["expired_code"],
        "code",
        expired_code,
    ),
    word_rule(
        "error=invalid_code (Keycloak event)",
        &["invalid_code"],
        "code",
        code_not_valid,
    ),
    rule(
        "Code not valid",
        &["Code not valid"],
        "code",
        code_not_valid,
    ),
    // The userinfo call failed: Keycloak's event, passport's "Failed to fetch user profile".
    word_rule(
        "USER_INFO_REQUEST_ERROR (Keycloak event)",
        &["USER_INFO_REQUEST_ERROR"],
        "user-info",
        user_info_failed,
    ),
    rule(
        "Failed to fetch user profile",
        &["Failed to fetch user profile"],
        "user-info",
        user_info_failed,
    ),
    // Current Keycloak's answer to an issuer mismatch at userinfo (the issuer only in its
    // log); after the event, which says more.
    rule(
        "Token verification failed",
        &["Token verification failed"],
        "user-info",
        invalid_issuer,
    ),
    rule(
        "RESTEASY003210",
        &["RESTEASY003210"],
        "not-found",
        resteasy_not_found,
    ),
    rule(
        "Unable to find matching target resource method",
        &["Unable to find matching target resource method"],
        "not-found",
        resteasy_not_found,
    ),
    // Keycloak 17+'s page for a path it does not serve ("We are sorry... Page not found"):
    // what an /auth URL on a new server gets.
    // Whole words: not the end of "homepage not found".
    word_rule(
        "Page not found",
        &["Page not found"],
        "not-found",
        resteasy_not_found,
    ),
    rule(
        "Realm does not exist",
        &["Realm does not exist"],
        "realm",
        realm_missing,
    ),
    rule(
        "Cannot delete … as 1 or more users are still using it.",
        &["Cannot delete", "as 1 or more users are still using it"],
        "delete",
        cannot_delete,
    ),
    rule(
        "Keycloak logout URL is not configured!",
        &["Keycloak logout URL is not configured"],
        "logout-url",
        logout_url_missing,
    ),
    rule(
        "Do you want to log out?",
        &["Do you want to log out"],
        "logout-confirm",
        logout_confirmation,
    ),
    // What the confirmation page leads to once confirmed: the same cause, no way back.
    rule(
        "You are logged out",
        &["You are logged out"],
        "logout-confirm",
        logout_confirmation,
    ),
    // The confirmation page's heading, pasted without its question.
    word_rule(
        "Logging out",
        &["Logging out"],
        "logout-confirm",
        logout_heading,
    ),
    rule(
        "Do you grant these access privileges?",
        &["Do you grant these access privileges"],
        "consent",
        consent_screen,
    ),
    rule(
        "Invalid email / username or password.",
        &["Invalid email / username or password"],
        "access-denied",
        access_denied,
    ),
    // Wiki.js's error page says the error's message under this line; read last, so that
    // message is explained by its own rule. Without one, it is the userinfo call.
    rule(
        "Oops, something went wrong...",
        &["Oops, something went wrong"],
        "user-info",
        message_less_error_page,
    ),
    Rule {
        pattern: "Forbidden",
        needles: &["Forbidden"],
        whole_word: true,
        group: "forbidden",
        explain: forbidden,
    },
];

/// What an explainer found (the pattern is added from the rule).
struct Found {
    cause: String,
    fix: String,
    fields: Vec<Field>,
    related: Option<Code>,
    step: Option<ConsoleStep>,
}

fn found(cause: String, fix: String, fields: &[Field], related: Option<Code>) -> Vec<Found> {
    vec![Found {
        cause,
        fix,
        fields: fields.to_vec(),
        related,
        step: None,
    }]
}

/// Where a rule matched, in byte offsets of [`Text::original`].
struct Hit {
    /// The start of each needle and the end of each needle.
    starts: Vec<usize>,
    ends: Vec<usize>,
}

/// `text` without the frames of a stack trace (Node's `at f (file:1:2)`, Java's
/// `at org.x.Y.f(Y.java:12)`): they name functions and files, never a cause, and a word in
/// them ("Forbidden" in a name) is not one (spec: the line naming the cause wins).
fn without_frames(text: &str) -> String {
    // `at f (file:1:2)`, `at f (native)`, `at x.Y.f(Y.java:12)`, or a bare `at /app/x.js:1:2`.
    let is_frame = |line: &str| {
        let Some(rest) = line.trim().strip_prefix("at ") else {
            return false;
        };
        let place = match rest.strip_suffix(')').and_then(|r| r.rsplit_once('(')) {
            Some((_, inside)) => inside,
            None if !rest.contains(char::is_whitespace) => rest,
            None => return false,
        };
        matches!(place, "native" | "Unknown Source")
            || (place.contains(':') && place.ends_with(|c: char| c.is_ascii_digit()))
    };
    if !text.lines().any(is_frame) {
        return text.to_owned();
    }
    text.lines()
        .filter(|line| !is_frame(line))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The pasted text, decoded and its secret-shaped values masked ([`masked`]), three ways:
/// with its case (for quoting names back), in lower case (same byte offsets), and in lower
/// case without white space (where rules match).
struct Text {
    original: String,
    lower: String,
    squeezed: String,
}

impl Text {
    fn new(input: &str) -> Text {
        let mut start = input.len().saturating_sub(MAX_INPUT_BYTES);
        while !input.is_char_boundary(start) {
            start += 1;
        }
        let original = masked::masked(&decode(&without_frames(&masked::masked(&input[start..]))));
        let lower = original.to_ascii_lowercase();
        let squeezed = lower.chars().filter(|c| !c.is_whitespace()).collect();
        Text {
            original,
            lower,
            squeezed,
        }
    }

    /// Move `cursor` forward to the character at byte `index` of `squeezed` and return that
    /// character's offset in `lower` (`lower.len()` past the end). Successive calls with growing
    /// indexes walk the text once.
    fn seek(&self, cursor: &mut Cursor, index: usize) -> usize {
        let rest = self.lower.get(cursor.lower..).unwrap_or("");
        for (offset, c) in rest.char_indices() {
            if c.is_whitespace() {
                continue;
            }
            if cursor.squeezed + c.len_utf8() > index {
                cursor.lower += offset;
                return cursor.lower;
            }
            cursor.squeezed += c.len_utf8();
        }
        cursor.lower = self.lower.len();
        cursor.lower
    }

    fn find(&self, rule: &Rule) -> Option<Hit> {
        let mut from = 0;
        let mut cursor = Cursor {
            squeezed: 0,
            lower: 0,
        };
        let mut hit = Hit {
            starts: Vec::new(),
            ends: Vec::new(),
        };
        for needle in rule.needles {
            let needle = squeeze(needle);
            if needle.is_empty() {
                continue;
            }
            loop {
                let at = from + self.squeezed.get(from..)?.find(&needle)?;
                let end = at + needle.len();
                from = end;
                let start_l = self.seek(&mut cursor, at);
                let end_l = self.seek(&mut cursor, end - 1) + 1;
                if rule.whole_word && !(self.boundary_before(start_l) && self.boundary_after(end_l))
                {
                    continue;
                }
                hit.starts.push(start_l);
                hit.ends.push(end_l);
                break;
            }
        }
        Some(hit)
    }

    fn boundary_before(&self, offset: usize) -> bool {
        self.lower[..offset]
            .chars()
            .next_back()
            .is_none_or(|c| !is_word_char(c))
    }

    fn boundary_after(&self, offset: usize) -> bool {
        self.lower
            .get(offset..)
            .and_then(|s| s.chars().next())
            .is_none_or(|c| !is_word_char(c))
    }

    /// The word right after `offset` in the original text (an address, a host name, a URL).
    fn word_after(&self, offset: usize) -> Option<String> {
        // A `: ` after the code is punctuation; `::1` is an IPv6 address and stays whole.
        let rest = self.original.get(offset..)?.trim_start_matches(' ');
        let rest = match rest.strip_prefix(':') {
            Some(after) if !after.starts_with(':') => after.trim_start_matches(' '),
            _ => rest,
        };
        let word: String = rest
            .chars()
            .take_while(|c| {
                !c.is_whitespace() && !matches!(c, ',' | ')' | '(' | '"' | '\'' | '<' | '>' | ';')
            })
            .take(200)
            .collect();
        let word = word.trim_end_matches(['.', ':']).to_owned();
        // A masked value is not the address or name a rule looks for (`client_secret=•••`
        // after ECONNREFUSED); a URL with a masked part still is.
        let masked = word.contains(crate::secret::MASK) && !word.contains("://");
        (!word.is_empty() && !masked).then_some(word)
    }

    /// The address a Node network error names, where its code starts at `start`: the word
    /// after the code at any of its occurrences (`connect ECONNREFUSED 127.0.0.1:8080`,
    /// `getaddrinfo ENOTFOUND keycloak`; an `AggregateError [ECONNREFUSED]` names it further
    /// on), else the host and port of the URL written before the code (the test command's
    /// `[token] POST http://…` line above its `ECONNREFUSED: <meaning>`, a FetchError's
    /// `request to http://… failed`). With `with_port` false, the host alone.
    fn network_address(&self, start: usize, with_port: bool) -> Option<String> {
        let code: String = self
            .lower
            .get(start..)?
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        let mut from = start;
        while let Some(i) = self.lower.get(from..).and_then(|rest| rest.find(&code)) {
            let end = from + i + code.len();
            if let Some(word) = self.address_word_after(end) {
                return Some(if with_port {
                    word
                } else {
                    host_of(&address_url(&word)).map_or(word, |b| b.host.display())
                });
            }
            from = end;
        }
        // A Node error serialised as JSON (`JSON.stringify(err)` has no message line): its
        // `hostname`, or `address` and `port`.
        let address = self.json_value("hostname").or_else(|| {
            let address = self.json_value("address")?;
            Some(match self.json_value("port").filter(|_| with_port) {
                Some(port) if address.contains(':') => format!("[{address}]:{port}"),
                Some(port) => format!("{address}:{port}"),
                None => address,
            })
        });
        if address.is_some() {
            return address;
        }
        let base = host_of(&self.url_before(start)?)?;
        Some(if with_port {
            base.origin
                .split_once("://")
                .map_or(base.origin.clone(), |(_, a)| a.to_owned())
        } else {
            base.host.display()
        })
    }

    /// The address right after a network error's code: after a space, a host name, an IP
    /// address, `[v6]` or `::1`; after `: `, only what has a dot, a colon or a digit first (the test
    /// command writes `ECONNREFUSED: nothing accepts…`, its meaning, not an address).
    fn address_word_after(&self, end: usize) -> Option<String> {
        let rest = self.original.get(end..)?;
        let after_colon = rest.starts_with(':') && !rest.starts_with("::");
        let word = self.word_after(end)?;
        let first = word.chars().next()?;
        let shaped = first.is_ascii_alphanumeric() || first == '[' || word.starts_with("::");
        let address_like = word.contains(['.', ':']) || first.is_ascii_digit() || first == '[';
        (shaped && (!after_colon || address_like)).then_some(word)
    }

    /// The last `http(s)://` URL that ends before `offset`.
    fn url_before(&self, offset: usize) -> Option<String> {
        let before = self.lower.get(..offset)?;
        let at = before
            .rfind("http://")
            .into_iter()
            .chain(before.rfind("https://"))
            .max()?;
        self.word_after(at)
    }

    /// What stands between `label` (lower case, ending in a quote) and the next `'`:
    /// `Expected 'X'`, `fetch at 'X'`.
    fn quoted_after(&self, label: &str) -> Option<String> {
        let at = self.lower.find(label)? + label.len();
        let rest = self.original.get(at..)?;
        rest.find('\'').map(|end| rest[..end].to_owned())
    }

    /// The host of the first `https://` URL in the text, as the error names it.
    fn https_host(&self) -> Option<String> {
        let at = self.lower.find("https://")?;
        host_of(&self.word_after(at)?).map(|b| b.host.display())
    }

    /// The value of `"key": "value"` or `"key": 123` (the first), as text.
    fn json_value(&self, key: &str) -> Option<String> {
        let needle = format!("\"{}\"", key.to_ascii_lowercase());
        let after = self.lower.find(&needle)? + needle.len();
        let rest = self
            .original
            .get(after..)?
            .trim_start()
            .strip_prefix(':')?
            .trim_start();
        let value: String = match rest.strip_prefix('"') {
            Some(quoted) => quoted.chars().take_while(|&c| c != '"').collect(),
            None => rest.chars().take_while(char::is_ascii_digit).collect(),
        };
        (!value.is_empty() && value.len() <= 255).then_some(value)
    }

    /// The value after `key=` in a Keycloak event line (`redirect_uri=https://…`,
    /// `clientId="wiki"`), the key matched as a whole word in any letter case.
    fn value_of(&self, key: &str) -> Option<String> {
        let needle = format!("{}=", key.to_ascii_lowercase());
        let at = self
            .lower
            .match_indices(&needle)
            .map(|(i, _)| i)
            .find(|&i| {
                self.lower[..i]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_ascii_alphanumeric() && c != '_')
            })?
            + needle.len();
        let quoted = self.original.get(at..)?.starts_with(['"', '\'']);
        self.word_after(at + usize::from(quoted))
    }
}

/// A position in both `squeezed` and `lower`: `lower` is at or before the character that sits
/// at `squeezed`.
struct Cursor {
    squeezed: usize,
    lower: usize,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn squeeze(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// A typographic quote as a straight one; `None` for a zero-width character, which goes.
fn plain(c: char) -> Option<char> {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' => Some('\''),
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{2033}' => Some('"'),
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' => None,
        c => Some(c),
    }
}

/// `&#N;` or `&#xH;` at the start of `rest`: the character (a control one as a space) and
/// the entity's length.
fn numeric_entity(rest: &str) -> Option<(char, usize)> {
    let body = rest.strip_prefix("&#")?;
    let (digits, radix, skip) = match body.strip_prefix(['x', 'X']) {
        Some(hex) => (hex, 16, 3),
        None => (body, 10, 2),
    };
    let len = digits.find(';').filter(|&n| (1..=7).contains(&n))?;
    let value = u32::from_str_radix(&digits[..len], radix).ok()?;
    let c = char::from_u32(value)?;
    Some((if c.is_control() { ' ' } else { c }, skip + len + 1))
}

/// Undo the wrappings error text arrives in; white space runs become one space. Typographic
/// quotes (a page or a chat program's copy of `'redirect_uri'`) become straight ones and
/// zero-width characters go, so the rules' texts still match. Sequences are replaced by ASCII,
/// so the result stays valid UTF-8.
fn decode(input: &str) -> String {
    // Named ones; numeric ones (`&#39;`, `&#x2F;`) are read by `numeric_entity`.
    const ENTITIES: &[(&str, char)] = &[
        ("&quot;", '"'),
        ("&apos;", '\''),
        ("&amp;", '&'),
        ("&lt;", '<'),
        ("&gt;", '>'),
        ("&nbsp;", ' '),
        ("&lsquo;", '\''),
        ("&rsquo;", '\''),
        ("&ldquo;", '"'),
        ("&rdquo;", '"'),
    ];
    let bytes = input.as_bytes();
    let mut out = String::with_capacity(input.len());
    let mut last_space = true;
    let mut push = |out: &mut String, c: char| {
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
            }
            last_space = true;
        } else {
            out.push(c);
            last_space = false;
        }
    };
    let mut i = 0;
    while i < input.len() {
        let rest = &input[i..];
        let b = bytes[i];
        if b == b'&' {
            if let Some((entity, c)) = ENTITIES.iter().find(|(e, _)| {
                rest.len() >= e.len()
                    && rest.as_bytes()[..e.len()].eq_ignore_ascii_case(e.as_bytes())
            }) {
                push(&mut out, *c);
                i += entity.len();
                continue;
            }
            if let Some((c, len)) = numeric_entity(rest) {
                if let Some(c) = plain(c) {
                    push(&mut out, c);
                }
                i += len;
                continue;
            }
        } else if b == b'\\' && rest.len() > 1 {
            let decoded = match bytes[i + 1] {
                b'n' | b'r' | b't' => Some(' '),
                b'"' => Some('"'),
                b'\'' => Some('\''),
                b'/' => Some('/'),
                b'\\' => Some('\\'),
                _ => None,
            };
            if let Some(c) = decoded {
                push(&mut out, c);
                i += 2;
                continue;
            }
        } else if b == b'%' && rest.len() > 2 {
            let hex = |x: u8| (x as char).to_digit(16);
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                let value = (h * 16 + l) as u8;
                if value.is_ascii() {
                    push(&mut out, value as char);
                    i += 3;
                    continue;
                }
            }
        } else if b == b'+' {
            push(&mut out, ' ');
            i += 1;
            continue;
        }
        let Some(c) = rest.chars().next() else { break };
        i += c.len_utf8();
        if let Some(c) = plain(c) {
            push(&mut out, c);
        }
    }
    out
}

/// What the explainers look at.
struct Ctx<'a> {
    text: &'a Text,
    settings: &'a Settings,
    /// The wiki always sends the legacy logout `redirect_uri` (before 2.5.300).
    legacy_logout_only: bool,
    /// The Keycloak major version the admin chose, for settings that differ by version.
    keycloak_version: Option<u32>,
    /// Wiki.js holds exactly this form (`Context::wiki_holds_form`): no "save this form".
    wiki_holds_form: bool,
    derived: &'a Derived,
}

impl Ctx<'_> {
    /// `text` (a cause that is a configuration Wiki.js holds other than this form), unless
    /// Wiki.js holds exactly this form.
    fn unless_held(&self, text: &'static str) -> &'static str {
        if self.wiki_holds_form {
            ""
        } else {
            text
        }
    }

    /// Where Keycloak checks the Site URL after logout, for this form and wiki.
    fn logout_return(&self) -> Option<LogoutReturn> {
        let context = Context {
            legacy_logout_only: self.legacy_logout_only,
            keycloak_version: self.keycloak_version,
            ..Context::default()
        };
        logout_return(self.settings, &context)
    }

    fn mentions(&self, word: &str) -> bool {
        self.text.squeezed.contains(&squeeze(word))
    }

    /// `word` as a whole word, in any letter case (`403`, not the `403` of `14030`).
    fn mentions_word(&self, word: &str) -> bool {
        let word = word.to_ascii_lowercase();
        self.text.lower.match_indices(&word).any(|(at, _)| {
            self.text.boundary_before(at) && self.text.boundary_after(at + word.len())
        })
    }

    fn client_id(&self) -> String {
        if self.settings.client_id.is_empty() {
            "the client".to_owned()
        } else {
            format!("client `{}`", self.settings.client_id)
        }
    }

    fn realm(&self) -> String {
        if self.settings.realm.is_empty() {
            "the realm".to_owned()
        } else {
            format!("realm `{}`", self.settings.realm)
        }
    }

    fn token_url(&self) -> Option<&str> {
        let url = self.derived.endpoints.token.value.as_str();
        (!url.is_empty()).then_some(url)
    }

    fn token_host(&self) -> Option<String> {
        self.token_url().and_then(host_of).map(|b| b.host.display())
    }

    /// The host a certificate error is about: the https URL the text names, else the token
    /// URL's host when that is https (an http token URL involves no certificate).
    fn tls_host(&self) -> Option<String> {
        self.text.https_host().or_else(|| {
            self.token_url()
                .and_then(host_of)
                .filter(|b| b.https)
                .map(|b| b.host.display())
        })
    }

    /// Said where the form's token URL is http yet the text is a certificate error.
    fn http_token_note(&self) -> &'static str {
        match self.token_url().and_then(host_of) {
            Some(b) if !b.https && self.wiki_holds_form => " This form's token URL, which Wiki.js holds, uses http, where no certificate is involved: the error came from an https URL, from before it was saved.",
            Some(b) if !b.https => " This form's token URL uses http, where no certificate is involved: the error came from an https URL (the strategy saved in Wiki.js, or an earlier configuration).",
            _ => "",
        }
    }

    /// The first server-side URL whose host is this machine: `(field, url)`.
    fn loopback_backchannel(&self) -> Option<(Field, &str)> {
        [
            (Field::TokenUrl, self.derived.endpoints.token.value.as_str()),
            (
                Field::UserInfoUrl,
                self.derived.endpoints.user_info.value.as_str(),
            ),
        ]
        .into_iter()
        .find(|(_, url)| host_of(url).is_some_and(|b| b.host.is_loopback()))
    }
}

fn loopback_sentence(field: Field, url: &str) -> String {
    format!(
        " The {} is {url}: Wiki.js calls it from its own server, where localhost is the server (in a container, the container) itself, not Keycloak.",
        field.title()
    )
}

/// When a back-channel URL points at loopback, that is the cause: add it and its fix
/// (`Ok`); otherwise hand the cause back for the caller's own fix (`Err`).
fn loopback_cause(ctx: &Ctx<'_>, mut cause: String) -> Result<Vec<Found>, String> {
    let Some((field, url)) = ctx.loopback_backchannel() else {
        return Err(cause);
    };
    cause.push_str(&loopback_sentence(field, url));
    Ok(found(
        cause,
        Code::BackchannelLoopback.fix().to_owned(),
        &[field, Field::InternalBaseUrl, Field::Host],
        Some(Code::BackchannelLoopback),
    ))
}

/// Node's `host:port` as a URL: an IPv6 address (`::1:8443`) goes in brackets.
fn address_url(address: &str) -> String {
    match address.rsplit_once(':') {
        Some((host, port)) if host.contains(':') && !host.starts_with('[') => {
            format!("http://[{host}]:{port}")
        }
        _ => format!("http://{address}"),
    }
}

fn econnrefused(ctx: &Ctx<'_>, hit: &Hit) -> Vec<Found> {
    let address = hit
        .starts
        .first()
        .and_then(|&s| ctx.text.network_address(s, true));
    let at = address
        .as_deref()
        .map(|a| format!(" at {a}"))
        .unwrap_or_default();
    let cause = format!("The Wiki.js server could not connect to Keycloak{at}: nothing accepted the connection at that host and port.");
    let mut cause = match loopback_cause(ctx, cause) {
        Ok(explained) => return explained,
        Err(cause) => cause,
    };
    // The address in the text is enough, even with nothing typed yet.
    let named_loopback = address
        .and_then(|a| host_of(&address_url(&a)))
        .is_some_and(|base| base.host.is_loopback());
    if named_loopback {
        cause.push_str(" That is a loopback address: on the Wiki.js server it is the server (in a container, the container) itself, not Keycloak.");
        return found(
            cause,
            Code::BackchannelLoopback.fix().to_owned(),
            &[Field::Host, Field::InternalBaseUrl],
            Some(Code::BackchannelLoopback),
        );
    }
    found(
        cause,
        format!(
            "Check that Keycloak runs and listens there, and that the Wiki.js server can reach {}. {}",
            ctx.token_host().unwrap_or_else(|| "the token URL's host".to_owned()),
            Code::BackchannelProbe.fix()
        ),
        &[Field::TokenUrl, Field::UserInfoUrl, Field::InternalBaseUrl],
        Some(Code::BackchannelProbe),
    )
}

fn enotfound(ctx: &Ctx<'_>, hit: &Hit) -> Vec<Found> {
    let named = hit
        .starts
        .first()
        .and_then(|&s| ctx.text.network_address(s, false));
    let name = named.clone().or_else(|| ctx.token_host());
    let quoted = name
        .as_deref()
        .map(|n| format!(" `{n}`"))
        .unwrap_or_default();
    let mut cause =
        format!("The Wiki.js server cannot resolve Keycloak's host name{quoted} (DNS).");
    let public = ctx
        .derived
        .public_base
        .as_deref()
        .and_then(host_of)
        .map(|b| b.host.display());
    let internal = name
        .as_deref()
        .and_then(|n| host_of(&format!("http://{n}")))
        .is_some_and(|b| b.host.is_internal_name());
    if named.is_some() && named == public {
        cause.push_str(" That is the public name users open: the server's own DNS (in a container or a cluster) does not know it.");
    } else if internal {
        cause.push_str(" It is an internal name, which only resolves where that network (Docker, Kubernetes, mDNS) is visible.");
    }
    found(
        cause,
        format!(
            "Use a host name the Wiki.js server's DNS resolves for the token and userinfo URLs: set the internal base URL to one (the Docker service name on a shared network, or the Kubernetes Service's name, such as keycloak.<namespace>.svc.cluster.local), or map the name (Docker extra_hosts, Kubernetes hostAliases). {}",
            Code::BackchannelProbe.fix()
        ),
        &[Field::TokenUrl, Field::UserInfoUrl, Field::InternalBaseUrl],
        Some(Code::BackchannelProbe),
    )
}

fn tls_untrusted(ctx: &Ctx<'_>, _hit: &Hit) -> Vec<Found> {
    let host = ctx
        .tls_host()
        .map(|h| format!(" at {h}"))
        .unwrap_or_default();
    let leaf = ctx.mentions(UNABLE_TO_VERIFY_LEAF_SIGNATURE.code)
        || ctx.mentions("unable to verify the first certificate");
    let mut fix = format!(
        "{} Mount the CA certificate (PEM) into the Wiki.js container and restart it; the Helm chart's nodeExtraCaCerts value does this.",
        Code::PrivateCa.fix()
    );
    if leaf {
        fix.push_str(" If the certificate is from a public CA, the server is missing its intermediate certificate: serve the full chain.");
    }
    found(
        format!("Node on the Wiki.js server does not trust Keycloak's certificate{host} (self-signed, or issued by a private CA), so the token call fails and users see \"Failed to obtain access token\".{}", ctx.http_token_note()),
        fix,
        &[Field::TokenUrl, Field::Host, Field::InternalBaseUrl],
        Some(Code::PrivateCa),
    )
}

fn tls_expired(ctx: &Ctx<'_>, _hit: &Hit) -> Vec<Found> {
    let host = ctx
        .tls_host()
        .map(|h| format!(" at {h}"))
        .unwrap_or_default();
    found(
        format!("The certificate Keycloak serves{host} has expired, so the Wiki.js server refuses the connection."),
        "Renew the certificate Keycloak (or the proxy in front of it) serves.".to_owned(),
        &[Field::Host, Field::TokenUrl],
        None,
    )
}

fn tls_name(ctx: &Ctx<'_>, _hit: &Hit) -> Vec<Found> {
    // Node's text names both: "Host: keycloak. is not in the cert's altnames: DNS:kc.example.com".
    let after = |label: &str| {
        let at = ctx.text.lower.find(&label.to_ascii_lowercase())? + label.len();
        ctx.text.word_after(at)
    };
    let called = after("Host:")
        .or_else(|| after("IP:"))
        .map(|h| h.trim_end_matches('.').to_owned());
    let listed = ctx
        .text
        .lower
        .rfind("altnames:")
        .and_then(|at| ctx.text.word_after(at + "altnames:".len()))
        .map(|n| {
            n.trim_start_matches("DNS:")
                .trim_start_matches("IP Address:")
                .to_owned()
        });
    let host = called
        .or_else(|| ctx.tls_host())
        .unwrap_or_else(|| "the host Wiki.js calls".to_owned());
    let lists = listed
        .map(|n| format!(" (it lists {n})"))
        .unwrap_or_default();
    found(
        format!("Keycloak's certificate does not list {host}, the name the Wiki.js server calls it by{lists}."),
        format!("Call Keycloak by a name its certificate lists (the internal base URL, if the server calls another name than users open), or issue a certificate that includes {host}."),
        &[Field::InternalBaseUrl, Field::TokenUrl, Field::Host],
        None,
    )
}

/// A network error the Node table explains well enough, with the address the text names
/// (`connect EHOSTUNREACH 10.0.0.5:8443`), else the token URL's host.
fn network_error(ctx: &Ctx<'_>, hit: &Hit) -> Vec<Found> {
    let code = match (hit.starts.first(), hit.ends.first()) {
        (Some(&start), Some(&end)) => ctx.text.original.get(start..end).unwrap_or_default(),
        _ => "",
    };
    let meaning = NODE_ERRORS
        .iter()
        .find(|e| e.code.eq_ignore_ascii_case(code))
        .map_or("", |e| e.meaning);
    failed_call(ctx, hit, meaning)
}

/// Node's own words for a code, pasted without it: explained as the code is.
fn hang_up(ctx: &Ctx<'_>, hit: &Hit) -> Vec<Found> {
    failed_call(ctx, hit, ECONNRESET.meaning)
}

fn not_http(ctx: &Ctx<'_>, hit: &Hit) -> Vec<Found> {
    failed_call(ctx, hit, HPE_INVALID_CONSTANT.meaning)
}

fn not_yet_valid(ctx: &Ctx<'_>, hit: &Hit) -> Vec<Found> {
    failed_call(ctx, hit, CERT_NOT_YET_VALID.meaning)
}

/// The Wiki.js server's call failed for `meaning`, at the address the text names.
fn failed_call(ctx: &Ctx<'_>, hit: &Hit, meaning: &str) -> Vec<Found> {
    let address = hit
        .starts
        .first()
        .and_then(|&s| ctx.text.network_address(s, true))
        .filter(|a| host_of(&address_url(a)).is_some())
        .or_else(|| ctx.token_host())
        .map(|a| format!(" ({a})"))
        .unwrap_or_default();
    found(
        format!("The Wiki.js server's call to Keycloak{address} failed: {meaning}"),
        format!("Check the address and port the Wiki.js server calls (the Token and User Info Endpoint URLs, or the internal base URL) and what lies between. {}", Code::BackchannelProbe.fix()),
        &[Field::TokenUrl, Field::UserInfoUrl, Field::InternalBaseUrl],
        Some(Code::BackchannelProbe),
    )
}

fn failed_token(ctx: &Ctx<'_>, hit: &Hit) -> Vec<Found> {
    let url = ctx
        .token_url()
        .map(|u| format!(" ({u})"))
        .unwrap_or_default();
    let cause = format!(
        "The Wiki.js server's call to the token URL{url} failed at the network or TLS level (connection refused, DNS, an untrusted certificate), or Keycloak's answer was not an OAuth error. Wiki.js hides the real error, even from its logs."
    );
    let cause = match loopback_cause(ctx, cause) {
        Ok(explained) => return explained,
        Err(cause) => cause,
    };
    let probe = found(
        cause,
        Code::BackchannelProbe.fix().to_owned(),
        &[Field::TokenUrl, Field::InternalBaseUrl],
        Some(Code::BackchannelProbe),
    );
    // https on an IP address or an internal name: public CAs do not certify those, so the
    // certificate is the likely cause, named first.
    let private_tls = ctx
        .token_url()
        .and_then(host_of)
        .is_some_and(|base| base.https && (base.host.is_ip_literal() || base.host.is_non_public()));
    if private_tls {
        let mut out = tls_untrusted(ctx, hit);
        out.extend(probe);
        return out;
    }
    probe
}

fn invalid_redirect_parameter(ctx: &Ctx<'_>, _hit: &Hit) -> Vec<Found> {
    // Words an admin wrote or a page shows, not its markup (`class="login-pf"`) or the title
    // every Keycloak page has (`<title>Sign in to <realm></title>`).
    let visible = visible_text(&without_title(&ctx.text.lower));
    let says = |word: &str| visible.contains(word);
    let logout = says("logout") || says("log out") || says("logging out") || says("sign out");
    let login = ctx.mentions("/protocol/openid-connect/auth")
        || says("login")
        || says("log in")
        || says("sign in");
    // Keycloak 26 ignores the legacy parameter, and 17 and older take it: a text that does not
    // say where it was met is the login's on those; one that says logout is read as the
    // logout's all the same, with a word on the version chosen.
    let refuses_legacy = ctx.keycloak_version.is_none_or(|v| (18..=25).contains(&v));
    let at_logout = logout || (!login && refuses_legacy);
    let mut out = Vec::new();
    if login || !logout {
        let callback = match &ctx.derived.callback_url {
            Some(c) => format!("This configuration's callback URL is {c}."),
            None => "Set the Site URL to see the callback URL.".to_owned(),
        };
        // 20 to 21 showed this page for an unknown client_id too (facts: keycloak-client.md §5);
        // the page's choice "19 to 24" may be one of them, and so may a version not chosen.
        let unknown_client = if ctx.keycloak_version.is_none_or(|v| (20..=24).contains(&v)) {
            format!(
                " Keycloak 20 and 21 also show this page when they do not know {} in {} at all.",
                ctx.client_id(),
                ctx.realm()
            )
        } else {
            String::new()
        };
        out.extend(found(
            format!(
                "At login, Keycloak does not know the callback URL Wiki.js sent as redirect_uri: it must be in the client's Valid redirect URIs exactly (case-sensitive; scheme, host, port and path all count). {callback} Wiki.js builds it from the Site URL, whatever address users opened: a Site URL other than the one registered gives another callback.{unknown_client}"
            ),
            match &ctx.derived.callback_url {
                Some(c) => format!("{} {c}", Code::RegisterRedirectUri.fix()),
                None => Code::RegisterRedirectUri.fix().to_owned(),
            },
            &[Field::SiteUrl],
            Some(Code::RegisterRedirectUri),
        ));
    }
    if at_logout {
        out.extend(legacy_refused_at_logout(ctx));
    }
    out
}

/// Keycloak 18 to 25 refusing the legacy `redirect_uri` at logout. A text that can only come
/// from such a Keycloak (its log line, its event) is explained whatever version is chosen
/// here, and says when the choice looks wrong.
fn legacy_refused_at_logout(ctx: &Ctx<'_>) -> Vec<Found> {
    let version_note = if ctx
        .keycloak_version
        .is_some_and(|v| !(18..=25).contains(&v))
    {
        " Only Keycloak 18 to 25 answer this way: check the Keycloak version chosen here."
    } else {
        ""
    };
    if ctx.legacy_logout_only {
        return found(
            format!("At logout, Wiki.js sent the legacy redirect_uri parameter, which Keycloak 18 to 25 refuses. {OLD_WIKI_LOGOUT}{version_note}"),
            OLD_WIKI_LOGOUT_FIX.to_owned(),
            &[Field::LogoutUpstream],
            Some(Code::LogoutLegacyOnNewKeycloak),
        );
    }
    let mut cause = if ctx.settings.logout_legacy_redirect {
        "At logout, Wiki.js sent the legacy redirect_uri parameter (Legacy Logout Redirect is on), which Keycloak 18 to 25 refuses.".to_owned()
    } else if ctx.wiki_holds_form {
        "At logout, Wiki.js sent the legacy redirect_uri parameter, which Keycloak 18 to 25 refuses. Wiki.js holds Legacy Logout Redirect off, as this form does: this logout happened before that was saved.".to_owned()
    } else {
        "At logout, Wiki.js sent the legacy redirect_uri parameter, which Keycloak 18 to 25 refuses. This form has Legacy Logout Redirect off: the strategy saved in Wiki.js may still have it on.".to_owned()
    };
    cause.push_str(version_note);
    // Off here already: saving is what turns it off in Wiki.js.
    let fix = if ctx.settings.logout_legacy_redirect {
        Code::LogoutLegacyOnNewKeycloak.fix()
    } else if ctx.wiki_holds_form {
        "Nothing to change here: sign in and log out again, with Legacy Logout Redirect kept off."
    } else {
        "Save this form if the strategy in Wiki.js still has it on: Wiki.js then stores it off."
    };
    found(
        cause,
        format!("{fix} Only Keycloak 17 and older need it."),
        &[Field::LogoutLegacyRedirect],
        Some(Code::LogoutLegacyOnNewKeycloak),
    )
}

fn invalid_post_logout(ctx: &Ctx<'_>, _hit: &Hit) -> Vec<Found> {
    let site = ctx.derived.post_logout_redirect.clone();
    // Keycloak 26 ignores the legacy parameter this form sends: the page came from another
    // configuration, or another Keycloak than the one chosen.
    let legacy = ctx.settings.logout_legacy_redirect || ctx.legacy_logout_only;
    if legacy && ctx.logout_return().is_none() {
        let why = if ctx.legacy_logout_only {
            "This Wiki.js always sends the legacy redirect_uri, which Keycloak 26 ignores, so it cannot have met this page there: check the Keycloak version chosen here."
        } else if ctx.wiki_holds_form {
            "Wiki.js holds this form, which sends the legacy redirect_uri (Legacy Logout Redirect on), and Keycloak 26 ignores it: the Keycloak version chosen here is not the server's, or the logout was before this form was saved."
        } else {
            "This form sends the legacy redirect_uri (Legacy Logout Redirect on), which Keycloak 26 ignores: the strategy saved in Wiki.js has it off, or the Keycloak version chosen here is not the server's."
        };
        let fix = if ctx.wiki_holds_form {
            "Set the Keycloak version the server runs; then register the Site URL as the findings say for that version."
        } else {
            "Save this form, or set the Keycloak version the server runs; then register the Site URL as the findings say for that version."
        };
        return found(
            format!("Keycloak refused the Site URL it was sent at logout. {why}"),
            fix.to_owned(),
            &[Field::LogoutLegacyRedirect, Field::LogoutUpstream],
            None,
        );
    }
    if ctx.logout_return() == Some(LogoutReturn::RedirectUris) {
        let why = if ctx.legacy_logout_only {
            "as the legacy redirect_uri: this Wiki.js is older than 2.5.300"
        } else if ctx.settings.logout_legacy_redirect {
            "as the legacy redirect_uri: Legacy Logout Redirect is on"
        } else if ctx.keycloak_version.is_some_and(|v| v < 18) {
            "to a Keycloak before 18, which checks it as the legacy redirect_uri"
        } else {
            "to Keycloak 18, which has no post logout list yet"
        };
        return found(
            format!(
                "At logout, Wiki.js sends the Site URL{} ({why}), which Keycloak checks against the Valid redirect URIs, and none allows it.",
                site.as_deref().map(|s| format!(" ({s})")).unwrap_or_default(),
            ),
            match site {
                Some(s) => format!("{SITE_AMONG_REDIRECTS_FIX} {s}"),
                None => SITE_AMONG_REDIRECTS_FIX.to_owned(),
            },
            &[Field::LogoutUpstream, Field::SiteUrl],
            Some(Code::RegisterPostLogoutUri),
        );
    }
    found(
        format!(
            "At logout, Wiki.js sends the Site URL{} as post_logout_redirect_uri, and Keycloak does not allow it for {}.",
            site.as_deref().map(|s| format!(" ({s})")).unwrap_or_default(),
            ctx.client_id()
        ),
        match site {
            Some(s) => format!("{} {s}", Code::RegisterPostLogoutUri.fix()),
            None => Code::RegisterPostLogoutUri.fix().to_owned(),
        },
        &[Field::LogoutUpstream, Field::SiteUrl],
        Some(Code::RegisterPostLogoutUri),
    )
}

fn incorrect_redirect(ctx: &Ctx<'_>, _hit: &Hit) -> Vec<Found> {
    let site = ctx
        .derived
        .post_logout_redirect
        .as_deref()
        .map(|s| format!(" ({s})"))
        .unwrap_or_default();
    found(
        "The redirect_uri of the token call differs from the one the login started with. Wiki.js sends the same callback URL, built from its Site URL, in both: the Site URL or the strategy changed between them (saved while users signed in, or several Wiki.js instances with different settings behind one address).".to_owned(),
        format!("Give every Wiki.js instance the same Site URL{site}, exactly the address users open, and have users sign in again."),
        &[Field::SiteUrl],
        Some(Code::SiteUrlOriginMismatch),
    )
}

fn invalid_scopes(ctx: &Ctx<'_>, _hit: &Hit) -> Vec<Found> {
    client_setting(
        ctx,
        "lacks the profile or email client scope, and Wiki.js always asks for \"openid profile email\" (common when an import, Terraform or an operator set defaultClientScopes without them).",
        Code::ClientScopes,
    )
}

fn invalid_issuer(ctx: &Ctx<'_>, _hit: &Hit) -> Vec<Found> {
    let public = ctx.derived.public_base.clone();
    // Keycloak's log names both: "Expected 'X', but was 'Y'".
    let quoted = |label| ctx.text.quoted_after(label);
    if let (Some(expected), Some(was)) = (quoted("expected '"), quoted("but was '")) {
        let called = host_of(&expected).map(|b| b.origin);
        let known = [&ctx.derived.internal_base, &public]
            .into_iter()
            .flatten()
            .filter_map(|b| host_of(b).map(|b| b.origin))
            .any(|o| Some(&o) == called.as_ref());
        let elsewhere = if known {
            ""
        } else if ctx.wiki_holds_form {
            " This form, which Wiki.js holds, calls neither: the log is from before it was saved, or from another wiki."
        } else {
            " This form calls neither: the strategy saved in Wiki.js calls that address; set it as the internal base URL here, or save this form."
        };
        return found(
            format!("Keycloak refused the userinfo call: it expected the issuer {expected}, for the address the Wiki.js server called, and the token carries {was}, the address users signed in at; its hostname is not pinned.{elsewhere}"),
            match &public {
                Some(p) => format!("Pin Keycloak's hostname to the address users open: {}", pinned_hostname_setting(ctx.keycloak_version, p)),
                None => "Pin Keycloak's hostname to the address users open.".to_owned(),
            },
            &[Field::InternalBaseUrl, Field::Host, Field::UserInfoUrl],
            Some(Code::SplitHostIssuer),
        );
    }
    // Current Keycloak logs only "Expected 'X'": X is the address the Wiki.js server called.
    let expected = quoted("expected '");
    let called = expected.as_deref().and_then(host_of);
    let public_origin = public.as_deref().and_then(host_of).map(|b| b.origin);
    if let (Some(expected), Some(called), Some(public)) = (&expected, &called, &public) {
        if Some(&called.origin) != public_origin.as_ref() {
            // What this form has the server call: the userinfo URL (overridden or derived).
            let calls = host_of(&ctx.derived.endpoints.user_info.value)
                .is_some_and(|b| b.origin == called.origin);
            let elsewhere = match calls {
                true => "",
                _ if ctx.wiki_holds_form => " This form, which Wiki.js holds, does not call it: the log is from before it was saved, or from another wiki.",
                _ => " This form does not call it: the strategy saved in Wiki.js does; set it as the internal base URL here, or save this form.",
            };
            return found(
                format!("Keycloak refused the userinfo call: the Wiki.js server called {} (Keycloak expected the issuer {expected} there), while users sign in at {public}, and Keycloak's hostname is not pinned, so the token's issuer is the other address.{elsewhere}", called.origin),
                format!(
                    "Pin Keycloak's hostname to the address users open: {} Then say so here: \"Keycloak's hostname is pinned to the public URL\".",
                    pinned_hostname_setting(ctx.keycloak_version, public)
                ),
                &[Field::InternalBaseUrl, Field::Host, Field::UserInfoUrl],
                Some(Code::SplitHostIssuer),
            );
        }
    }
    let cause = match (&ctx.derived.internal_base, &public) {
        (Some(internal), Some(public)) if internal != public => format!(
            "Keycloak refused the userinfo call: users sign in at {public} but Wiki.js calls {internal}, and Keycloak's hostname is not pinned, so it expects an issuer for the internal address."
        ),
        _ => format!("Keycloak refused the userinfo call: the token was issued for one address and checked at another, and its hostname is not pinned. Where the browser and the Wiki.js server use the same address, the two differ on the way: a reverse proxy that does not pass the original host and scheme on (Keycloak then reads them from the request; nginx: proxy_set_header Host and X-Forwarded-Proto, and Keycloak's {}), the Wiki.js server reaching that name another way (an extra_hosts entry straight to Keycloak's port){}.", proxy_headers_option(ctx.keycloak_version), ctx.unless_held(", or a strategy saved in Wiki.js that differs from this form")),
    };
    let split = matches!((&ctx.derived.internal_base, &public), (Some(i), Some(p)) if i != p);
    let fix = match &public {
        Some(p) => format!(
            "Pin Keycloak's hostname to the address users open: {} Or use one host name for all four URLs.{}",
            pinned_hostname_setting(ctx.keycloak_version, p),
            if split { " Then say so here: \"Keycloak's hostname is pinned to the public URL\"." } else { "" }
        ),
        None if ctx.keycloak_version.is_some_and(|v| v <= 16) => "Set the realm's Frontend URL to the address users open, or use one host name for all four URLs.".to_owned(),
        None => "Pin Keycloak's hostname to the address users open (KC_HOSTNAME; Keycloak 16 and older: the realm's Frontend URL), or use one host name for all four URLs.".to_owned(),
    };
    found(
        cause,
        fix,
        &[Field::InternalBaseUrl, Field::Host, Field::UserInfoUrl],
        Some(Code::SplitHostIssuer),
    )
}

/// Wiki.js's start-up line for a strategy it could not load (`Authentication Strategy
/// <name> (<key>): [ FAILED ]`): another strategy's when every such line names another key
/// than this form's; else (this form's key, none named, or a line not read) this form's.
/// A line's name and mark belong together: a log lists each strategy with its own mark
/// (`[ OK ]` between them is another's).
fn strategy_failed(ctx: &Ctx<'_>, hit: &Hit) -> Vec<Found> {
    let lower = &ctx.text.lower;
    let keys: Vec<Option<&str>> = lower
        .match_indices("[ failed ]")
        .filter_map(|(at, _)| {
            let start = lower[..at].rfind("authentication strategy")?;
            (!lower[start..at].contains('[')).then(|| &ctx.text.original[start..at])
        })
        .map(|line| {
            line.rfind(')').and_then(|end| {
                line[..end]
                    .rfind('(')
                    .map(|start| line[start + 1..end].trim())
            })
        })
        .collect();
    let form = ctx.settings.strategy_key.as_str();
    let others =
        !form.is_empty() && !keys.is_empty() && keys.iter().all(|k| k.is_some_and(|k| k != form));
    if !others {
        return invalid_provider(ctx, hit);
    }
    let named: Vec<&str> = keys.into_iter().flatten().collect();
    found(
        format!(
            "Wiki.js could not start the strategy with the key {}, which is not the one this form configures ({form}).",
            named.join(", ")
        ),
        "Open that strategy (Administration › Authentication, or the strategy picker here) and check its settings; this one is not concerned.".to_owned(),
        &[],
        None,
    )
}

fn invalid_provider(ctx: &Ctx<'_>, _hit: &Hit) -> Vec<Found> {
    let s = ctx.settings;
    let mut missing: Vec<Field> = Vec::new();
    for (field, empty) in [
        (Field::Host, s.host.trim().is_empty()),
        (Field::Realm, s.realm.trim().is_empty()),
        (Field::ClientId, s.client_id.trim().is_empty()),
        (Field::ClientSecret, s.client_secret.is_empty()),
        (
            Field::AuthorizationUrl,
            ctx.derived.endpoints.authorization.value.is_empty(),
        ),
        (
            Field::TokenUrl,
            ctx.derived.endpoints.token.value.is_empty(),
        ),
        (
            Field::UserInfoUrl,
            ctx.derived.endpoints.user_info.value.is_empty(),
        ),
    ] {
        if empty {
            missing.push(field);
        }
    }
    let mut cause = "Wiki.js has no working strategy under the key in the /login/… URL: the key is unknown (deleted, or not applied yet), the strategy is disabled, or it failed to load because a required value is empty (Wiki.js saves it anyway and only logs \"[ FAILED ]\").".to_owned();
    if !missing.is_empty() {
        let titles: Vec<&str> = missing.iter().map(|f| f.title()).collect();
        cause.push_str(&format!(" Empty here: {}.", titles.join(", ")));
        return found(
            cause,
            "Fill in every required field, save (Save below, or Apply in Wiki.js), and try /login again."
                .to_owned(),
            &missing,
            Some(Code::Required),
        );
    }
    if !s.is_enabled {
        cause.push_str(" This strategy is disabled.");
        return found(
            cause,
            "Turn Active on and save; with Bypass Login Screen on, the first strategy in the list must be enabled.".to_owned(),
            &[Field::IsEnabled, Field::Order],
            (s.bypass_login_screen && s.order == 0).then_some(Code::StrategyDisabledButFirst),
        );
    }
    found(
        cause,
        "Save the strategy (Save below, or Apply in Wiki.js) so it and its key exist, check its log for \"[ FAILED ]\", and sign in through the button on the login page.".to_owned(),
        &[Field::IsEnabled],
        None,
    )
}

fn not_whitelisted(ctx: &Ctx<'_>, _hit: &Hit) -> Vec<Found> {
    let list = &ctx.settings.domain_whitelist;
    let listed = if list.is_empty() && ctx.wiki_holds_form {
        "empty in this form, which Wiki.js holds, so every domain may register: the error is from before it was saved".to_owned()
    } else if list.is_empty() {
        "empty in this form; the saved strategy may differ".to_owned()
    } else {
        list.join(", ")
    };
    let invalid = list
        .iter()
        .any(|d| d.contains(['@', '/', ':']) || d.chars().any(char::is_whitespace));
    found(
        format!("The user's email domain is not in Limit to specific email domains ({listed}); Wiki.js compares it with the part of the email after @, exactly."),
        "Add the domain, just example.com (no @, scheme or path), or clear the list to allow every domain.".to_owned(),
        &[Field::DomainWhitelist],
        invalid.then_some(Code::DomainWhitelistInvalid),
    )
}

/// A fetch from a page refused for lack of CORS headers: Keycloak sends them on the
/// discovery document and for a realm that exists (facts/keycloak.md §2).
fn browser_cors(ctx: &Ctx<'_>, _hit: &Hit) -> Vec<Found> {
    let url = ctx
        .text
        .quoted_after("fetch at '")
        .map(|u| format!(" ({u})"))
        .unwrap_or_default();
    found(
        format!("The browser refused Keycloak's answer{url} for lack of CORS headers. Keycloak sends them for a realm that exists, so: the realm in the URL does not exist (names are case-sensitive, and Keycloak's 404 for an unknown realm carries none), something else answers at that address, or a proxy strips the headers."),
        "Check Realm and Host, then run Check Keycloak here: it also asks the other path layout and the master realm, which tells these apart.".to_owned(),
        &[Field::Realm, Field::Host],
        None,
    )
}

fn browser_mixed_content(_ctx: &Ctx<'_>, _hit: &Hit) -> Vec<Found> {
    found(
        "An https page asked Keycloak over http, which browsers block.".to_owned(),
        Code::MixedContent.fix().to_owned(),
        &[Field::Host],
        Some(Code::MixedContent),
    )
}

/// Users' browsers sent to a name only the server's network resolves.
fn browser_dns(_ctx: &Ctx<'_>, _hit: &Hit) -> Vec<Found> {
    found(
        "Users' browsers cannot resolve the host they were sent to: the authorization or logout URL names a host only the server's network knows (a Docker service name, a *.internal or *.svc name).".to_owned(),
        Code::FrontchannelInternal.fix().to_owned(),
        &[Field::Host],
        Some(Code::FrontchannelInternal),
    )
}

/// The browser's own trust, apart from the Wiki.js server's.
fn browser_certificate(_ctx: &Ctx<'_>, _hit: &Hit) -> Vec<Found> {
    found(
        "Users' browsers do not trust the certificate of the address they were sent to (self-signed, or from a private CA they lack), so they meet this warning at sign-in. That is the browser's trust, apart from the Wiki.js server's (NODE_EXTRA_CA_CERTS).".to_owned(),
        "Serve Keycloak with a certificate users' browsers trust: one from a public CA, or install the private CA on their devices.".to_owned(),
        &[Field::Host],
        None,
    )
}

/// Wiki.js's `isActive` check for an existing user (facts/wikijs-2.5.md).
fn account_disabled(_ctx: &Ctx<'_>, _hit: &Hit) -> Vec<Found> {
    found(
        "Keycloak signed the user in, but Wiki.js has this user deactivated, and it checks that at every sign-in of an existing user.".to_owned(),
        "In Wiki.js, Administration › Users: open the user and activate the account.".to_owned(),
        &[],
        None,
    )
}

/// A reverse proxy's page, not Keycloak's nor Wiki.js's: what is behind it did not answer.
fn bad_gateway(_ctx: &Ctx<'_>, _hit: &Hit) -> Vec<Found> {
    found(
        "A reverse proxy (nginx, Traefik, …) got no usable answer from the server behind it: Keycloak or Wiki.js is stopped or still starting, the proxy points at the wrong address or port, or, with nginx in front of Keycloak (often right after the login form), Keycloak's response headers are larger than nginx's buffer (its error log says \"upstream sent too big header\").".to_owned(),
        "Open the URL that failed to see which server is behind it; check that it runs and the proxy's upstream address and port. For nginx's \"too big header\", raise proxy_buffer_size (and proxy_buffers) where it proxies Keycloak.".to_owned(),
        &[],
        None,
    )
}

fn not_authorized_login(ctx: &Ctx<'_>, _hit: &Hit) -> Vec<Found> {
    let mut cause = "No Wiki.js user matches this Keycloak account and self-registration is off: only users pre-created in Wiki.js for this provider with the same email can sign in.".to_owned();
    if ctx.settings.self_registration && ctx.wiki_holds_form {
        cause.push_str(" Wiki.js holds this form, which has self-registration on: the error is from before it was saved.");
    } else if ctx.settings.self_registration {
        cause.push_str(" This form has self-registration on: the strategy saved in Wiki.js may differ, or the pre-created user's email differs from the one in Keycloak.");
    }
    found(
        cause,
        Code::SelfRegistrationOff.fix().to_owned(),
        &[Field::SelfRegistration],
        Some(Code::SelfRegistrationOff),
    )
}

fn missing_email(ctx: &Ctx<'_>, _hit: &Hit) -> Vec<Found> {
    found(
        format!(
            "Keycloak's userinfo answer had no usable email for this user (Wiki.js needs more than 5 characters): the account has no email in Keycloak, or the email mapper of {}'s scopes does not add it to userinfo.",
            ctx.client_id()
        ),
        "Give the user an email in Keycloak (Users › the user › Email); in Client scopes › email › Mappers › email, turn \"Add to userinfo\" on.".to_owned(),
        &[Field::ClientId],
        Some(Code::ClientScopes),
    )
    .into_iter()
    // Fixed in Keycloak, by the client's scopes: "Go to" leads to that step, not Client ID.
    .map(|f| Found {
        step: Some(ConsoleStep::ClientScopes),
        ..f
    })
    .collect()
}

/// Keycloak's login page did not get its own cookies back with the form it showed.
fn login_cookie_lost(ctx: &Ctx<'_>, _hit: &Hit) -> Vec<Found> {
    // Keycloak 24 made its login cookies Secure: before it, plain http kept them.
    let secure_cookies = ctx.keycloak_version.is_none_or(|v| v >= 24);
    let plain_http = ctx.derived.public_base.as_deref().filter(|base| {
        secure_cookies
            && base.starts_with("http:")
            && !host_of(base).is_some_and(|b| b.host.is_loopback())
    });
    match plain_http {
        Some(base) => found(
            format!("Keycloak's login page did not get its own cookies back, and Keycloak is used over plain http ({base}): Keycloak 24 and newer mark their login cookies Secure, and browsers keep Secure cookies only over https (or on localhost)."),
            "Use https for Keycloak.".to_owned(),
            &[Field::Host],
            Some(Code::InsecureHttp),
        ),
        None => found(
            "Keycloak's login page did not get its own cookies back: the browser blocks cookies for Keycloak's address, or a proxy in front of Keycloak serves it under another host or path than the one Keycloak sets its cookies for.".to_owned(),
            "Allow cookies for Keycloak's address. Behind a proxy, serve Keycloak under the path it runs at (or set its hostname and http-relative-path to the proxy's) and pass the Cookie header on.".to_owned(),
            &[Field::Host],
            None,
        ),
    }
}

/// Keycloak no longer knows a sign-in its login page was showing.
fn login_timed_out(_ctx: &Ctx<'_>, _hit: &Hit) -> Vec<Found> {
    found(
        "Keycloak's login page was left open longer than the realm's login timeout (30 minutes by default), or opened again from a bookmark or the back button: Keycloak no longer knows that sign-in. Nothing in this configuration causes it.".to_owned(),
        "Open the wiki and click its Keycloak button again. Bookmark the wiki, not Keycloak's login page.".to_owned(),
        &[],
        None,
    )
}

fn https_required(ctx: &Ctx<'_>, _hit: &Hit) -> Vec<Found> {
    let http_host = ctx
        .derived
        .public_base
        .as_deref()
        .filter(|b| b.starts_with("http:"));
    match http_host {
        Some(base) => found(
            format!("The realm's Require SSL setting (default: external requests) refuses plain http from a non-private address, and Keycloak is used over http ({base})."),
            Code::LiveHttpsRequired.fix().to_owned(),
            &[Field::Host],
            Some(Code::InsecureHttp),
        ),
        None => found(
            "The realm's Require SSL setting (default: external requests) refused a request Keycloak saw as plain http. Behind a proxy that ends TLS, Keycloak must be told the original scheme.".to_owned(),
            format!("{} Behind a proxy, start Keycloak with {} and have the proxy send the forwarded headers.", Code::LiveHttpsRequired.fix(), proxy_headers_option(ctx.keycloak_version)),
            &[Field::Host],
            Some(Code::LiveHttpsRequired),
        ),
    }
}

fn client_auth(ctx: &Ctx<'_>, hit: &Hit) -> Vec<Found> {
    if ctx.mentions("standard flow") {
        return standard_flow_off(ctx, hit);
    }
    if ctx.mentions("bearer-only") {
        return bearer_only(ctx, hit);
    }
    // From Keycloak 20 the error code tells them apart (keycloak-client.md §4): unauthorized_client
    // is a known client whose secret failed, invalid_client an unknown or disabled one.
    // Keycloak's own event log names a refused secret in every version
    // (error="invalid_client_credentials"), which also reads as `invalid_client`.
    let secret_refused = ctx.mentions("invalid_client_credentials");
    let from_20 = secret_refused || ctx.keycloak_version.is_none_or(|v| v >= 20);
    let unauthorized = secret_refused || ctx.mentions("unauthorized_client");
    let unknown = ctx.mentions("invalid_client") && !unauthorized;
    let cause = match (from_20, unauthorized, unknown) {
        (true, true, _) => format!(
            "Keycloak knows {} in {} but refused its secret at the token endpoint ({}): the Client Secret does not match (or it expired under a rotation policy).{}",
            ctx.client_id(),
            ctx.realm(),
            if secret_refused { "invalid_client_credentials" } else { "unauthorized_client" },
            if ctx.keycloak_version.is_none() && !secret_refused { " (Before Keycloak 20 this code also meant a disabled client.)" } else { "" }
        ),
        (true, _, true) => format!(
            "Keycloak refused the client at the token endpoint (invalid_client): {} is unknown in {}, or the client is disabled.",
            ctx.client_id(),
            ctx.realm()
        ),
        _ => format!(
            "Keycloak refused the client at the token endpoint: the Client Secret does not match {}'s secret in {} (or it expired under a rotation policy), the Client ID is unknown there, or the client is disabled.",
            ctx.client_id(),
            ctx.realm()
        ),
    };
    // An unknown or disabled client is not fixed by its secret: that advice would come first.
    let fix = if from_20 && unknown {
        "Check that Client ID is the client's, exactly (IDs are case-sensitive), in this realm, and that the client is enabled in Keycloak.".to_owned()
    } else {
        format!(
            "{} Check the Client ID, and that the client is enabled.",
            Code::SecretSuspicious.fix()
        )
    };
    found(
        cause,
        fix,
        if from_20 && unknown {
            &[Field::ClientId, Field::ClientSecret]
        } else {
            &[Field::ClientSecret, Field::ClientId]
        },
        Some(Code::SecretSuspicious),
    )
}

fn client_not_found(ctx: &Ctx<'_>, _hit: &Hit) -> Vec<Found> {
    let spaces = ctx.settings.client_id.chars().any(char::is_whitespace);
    let mut cause = format!("{} has no client with the ID Wiki.js sends", ctx.realm());
    if !ctx.settings.client_id.is_empty() {
        cause.push_str(&format!(" (`{}`)", ctx.settings.client_id));
    }
    cause.push_str("; client IDs are case-sensitive.");
    if let Some(sent) = ctx.text.value_of("clientId") {
        cause.push_str(&format!(" Keycloak's event names client `{sent}`."));
    }
    if spaces {
        cause.push_str(" The Client ID here contains white space.");
    }
    found(
        capitalize(cause),
        "Type the Client ID exactly as Keycloak › Clients lists it, or create the client in this realm.".to_owned(),
        &[Field::ClientId, Field::Realm],
        spaces.then_some(Code::ClientIdWhitespace),
    )
}

fn code_not_valid(ctx: &Ctx<'_>, _hit: &Hit) -> Vec<Found> {
    let mut cause = "Keycloak refused the login code: it was used already or expired (a refreshed or re-sent callback page, the back button, a very slow login), or it was exchanged at another realm or Keycloak than the one that issued it.".to_owned();
    let auth = split_keycloak_url(&ctx.derived.endpoints.authorization.value);
    let token = split_keycloak_url(&ctx.derived.endpoints.token.value);
    let mismatch = match (&auth, &token) {
        (Some(a), Some(t)) => a.realm != t.realm,
        _ => false,
    };
    if let (true, Some(a), Some(t)) = (mismatch, &auth, &token) {
        cause.push_str(&format!(
            " Here the Authorization Endpoint URL uses realm `{}` but the Token Endpoint URL realm `{}`.",
            a.realm, t.realm
        ));
    }
    found(
        cause,
        "Start the login again from /login. If it always fails, make the token URL use the same realm and Keycloak as the authorization URL (re-derive both), and check that all Keycloak nodes share their caches.".to_owned(),
        &[Field::TokenUrl, Field::AuthorizationUrl],
        mismatch.then_some(Code::EndpointOverriddenMismatch),
    )
}

fn resteasy_not_found(ctx: &Ctx<'_>, hit: &Hit) -> Vec<Found> {
    // Go's plain-text 404 (Traefik, Caddy's upstreams, any Go server), not Keycloak's page:
    // the proxy in front routes nothing there.
    if ctx.mentions("404 page not found") && !ctx.mentions("We are sorry") {
        return found(
            "Not Keycloak but a proxy in front of it answered (\"404 page not found\" is how Traefik and other Go servers say it): it routes nothing at the path or host that was called.".to_owned(),
            "Compare Host and its path prefix (such as /auth) with the proxy's rules for Keycloak: the host name it routes and the path it passes on.".to_owned(),
            &[Field::Host],
            None,
        );
    }
    let lower = &ctx.text.lower;
    let from = hit.ends.first().copied().unwrap_or(0);
    let path = lower
        .get(from..)
        .and_then(|rest| rest.find("full path").map(|i| from + i + "full path".len()))
        .and_then(|at| ctx.text.word_after(at));
    let called = path
        .as_deref()
        .map(|p| format!(" ({p})"))
        .unwrap_or_default();
    let legacy_called = path
        .as_deref()
        .map(|p| p.to_ascii_lowercase().contains("/auth/"));
    let form_auth = ctx.derived.layout == Some(Layout::Legacy);
    let legacy = legacy_called.unwrap_or(form_auth);
    // A URL under /auth that this form no longer has: what Wiki.js still holds.
    if legacy_called == Some(true) && !form_auth && ctx.wiki_holds_form {
        return found(
            format!("Keycloak has nothing at the path that was called{called}, which is under /auth. Wiki.js holds this form's URLs, which have none: the error is from before they were saved."),
            "Sign in again; if it fails, paste the new error.".to_owned(),
            &[Field::Host],
            Some(Code::LegacyPath),
        );
    }
    if legacy_called == Some(true) && !form_auth {
        return found(
            format!("Keycloak has nothing at the path that was called{called}, which is under /auth, while this form's URLs have none: Wiki.js still holds an older configuration."),
            "Save this configuration, so Wiki.js calls the URLs shown here.".to_owned(),
            &[Field::Host],
            Some(Code::LegacyPath),
        );
    }
    // Keycloak 16 and older, as chosen, serve everything under /auth, which the form lacks.
    if !legacy && ctx.keycloak_version.is_some_and(|v| v <= 16) {
        return found(
            format!("Keycloak has nothing at the path that was called{called}: Keycloak 16 and older serve everything under /auth, which this path does not have."),
            "Switch to the legacy /auth layout (Keycloak 16 and older need it), then save.".to_owned(),
            &[Field::Layout, Field::Host],
            Some(Code::LiveLayoutMismatch),
        );
    }
    // Keycloak 17+ answered at a path without /auth: its own page ("We are sorry... Page not
    // found"), or RESTEasy, which a WildFly Keycloak (16 and older) runs only under /auth.
    if !legacy && legacy_called == Some(false) && form_auth {
        return found(
            format!("Keycloak 17 or newer answered at a path without /auth{called}, so it serves no /auth prefix: this form's URLs, under /auth, would not be found either, and the path that failed has another part wrong (the realm, an endpoint path)."),
            "Take /auth off (the Keycloak 17+ layout), then compare the URL that failed with the endpoint URLs here.".to_owned(),
            &[Field::Layout, Field::Host],
            Some(Code::LegacyPath),
        );
    }
    if !legacy && (legacy_called.is_some() || ctx.wiki_holds_form) {
        return found(
            match ctx.wiki_holds_form {
                true => format!("Keycloak 17 or newer answered, and has nothing at the path that was called{called}. Wiki.js holds this form's URLs: a part of the path is mistyped (the realm, an endpoint path), or the error is from before they were saved."),
                false => format!("Keycloak 17 or newer answered, and has nothing at the path that was called{called}: a part of the path is mistyped (the realm, an endpoint path), or Wiki.js holds another configuration than this page."),
            },
            format!("Compare the URL that failed with the endpoint URLs here{}.", ctx.unless_held(", and save this page's configuration if they differ")),
            &[Field::Host, Field::Realm],
            None,
        );
    }
    if !legacy {
        return found(
            "Keycloak 17 or newer answered, and has nothing at the path that was called: usually one under the legacy /auth, which this form's URLs do not have, so Wiki.js likely still holds an older configuration; else a part of the path is mistyped (the realm, an endpoint path).".to_owned(),
            "Save this configuration, so Wiki.js calls the URLs shown here; if the page stays, compare the URL that failed with them.".to_owned(),
            &[Field::Host, Field::Realm],
            Some(Code::LegacyPath),
        );
    }
    if ctx.keycloak_version.is_some_and(|v| v <= 16) {
        // /auth is right there: what failed is elsewhere in the path.
        found(
            format!("Keycloak has nothing at the path that was called{called}. On Keycloak 16 and older /auth is right, so another part of the path is wrong: a mistyped realm or endpoint path{}.", ctx.unless_held(", or Wiki.js holds another configuration than this page")),
            format!("Compare the URL that failed with the endpoint URLs here{}.", ctx.unless_held(", and save this page's configuration if they differ")),
            &[Field::Realm, Field::Host],
            None,
        )
    } else {
        found(
            format!("Keycloak has nothing at the path that was called{called}: Keycloak 17 and newer serve no /auth prefix unless started with http-relative-path=/auth, and this path uses the legacy /auth layout."),
            format!("Take /auth off (the Keycloak 17+ layout), unless Keycloak runs with http-relative-path=/auth or is a WildFly build (RH-SSO 7.x, the -legacy images of 17 to 19): Check Keycloak tells which. If it finds Keycloak under /auth, /auth is right, and the URL that failed has another part wrong{}.", ctx.unless_held(", or Wiki.js holds another configuration than this page (save it)")),
            &[Field::Layout, Field::Host],
            Some(Code::LegacyPath),
        )
    }
}

fn realm_missing(ctx: &Ctx<'_>, _hit: &Hit) -> Vec<Found> {
    // The realm of a URL in the text, which the one called is (`…/realms/Wiki/…`).
    let called = ctx.text.lower.find("/realms/").and_then(|at| {
        let rest = ctx.text.original.get(at + 8..)?;
        let name: String = rest
            .chars()
            .take_while(|c| !matches!(c, '/' | '?' | '#' | '"' | '\'' | ' ' | '<' | '>'))
            .collect();
        (!name.is_empty() && name.len() <= 255).then_some(name)
    });
    let realm = &ctx.settings.realm;
    found(
        if let Some(called) = called.filter(|c| c != realm) {
            let form = if realm.eq_ignore_ascii_case(&called) {
                format!(", and this form says `{realm}`: realm names are case-sensitive")
            } else if realm.is_empty() {
                String::new()
            } else {
                format!(", not the realm `{realm}` of this form")
            };
            format!("Keycloak has no realm `{called}`, the one in the URL that was called{form}.")
        } else if ctx.settings.realm.is_empty() {
            "Keycloak has no realm of the name in the URL that was called (realm names are case-sensitive).".to_owned()
        } else {
            format!(
                "Keycloak has no realm `{}` (realm names are case-sensitive).",
                ctx.settings.realm
            )
        },
        Code::LiveRealmNotFound.fix().to_owned(),
        &[Field::Realm],
        Some(Code::LiveRealmNotFound),
    )
}

fn cannot_delete(ctx: &Ctx<'_>, hit: &Hit) -> Vec<Found> {
    let name = match (hit.ends.first(), hit.starts.get(1)) {
        (Some(&from), Some(&to)) if from <= to => ctx
            .text
            .original
            .get(from..to)
            .map(str::trim)
            .filter(|n| !n.is_empty() && n.len() <= 200),
        _ => None,
    };
    let name = name.map(|n| format!(" \"{n}\"")).unwrap_or_default();
    found(
        format!("Wiki.js refused to save: the list sent lacked the strategy{name}, which Wiki.js then tries to delete, and users still sign in with it. Saves are not transactional, so changes made before the failure may already be stored."),
        "Reload the authentication page to see what is stored. Keep strategies that have users in the list (disable one instead of deleting it), or move its users to another provider first.".to_owned(),
        &[],
        Some(Code::StrategyWouldBeDropped),
    )
}

/// What alone sets a URL Keycloak refused apart from this configuration's, when one thing
/// does, and where that comes from: the admin sees at once what to compare.
fn only_difference(sent: &str, ours: &str) -> Option<&'static str> {
    fn after_scheme(u: &str) -> Option<&str> {
        u.split_once("://").map(|(_, rest)| rest)
    }
    if sent == ours {
        None
    } else if after_scheme(sent).is_some() && after_scheme(sent) == after_scheme(ours) {
        Some("its scheme: Wiki.js builds it from the Site URL, so that sign-in used a Site URL on the other scheme (set so then, or another wiki's)")
    } else if sent.replacen("//login/", "/login/", 1) == ours.replacen("//login/", "/login/", 1) {
        Some("the slash before /login: Wiki.js builds it from the Site URL, and a Site URL ending in / gives //login (one of the two Site URLs did)")
    } else if sent.trim_end_matches('/') == ours.trim_end_matches('/') {
        Some("a trailing slash, which Wiki.js does not add: a proxy or a link changed the URL on its way")
    } else if sent.eq_ignore_ascii_case(ours) {
        Some("letter case, and Keycloak compares exactly: that sign-in used a Site URL written otherwise (set so then, or another wiki's)")
    } else {
        None
    }
}

/// A Keycloak refusal of this client: what the client is (`says`, after its name), and the
/// catalogue's fix for `code`, the client setting behind it.
fn client_setting(ctx: &Ctx<'_>, says: &str, code: Code) -> Vec<Found> {
    let cause = capitalize(format!("{} {says}", ctx.client_id()));
    let mut out = found(cause, code.fix().to_owned(), &[Field::ClientId], Some(code));
    for f in &mut out {
        f.step = ConsoleStep::fixing(code);
    }
    out
}

fn secret_by_basic_only(ctx: &Ctx<'_>, _hit: &Hit) -> Vec<Found> {
    client_setting(
        ctx,
        "accepts its secret only by HTTP Basic (its allowed client secret method is client_secret_basic), and Wiki.js sends it in the request body.",
        Code::KcClientAuthenticator,
    )
}

/// Keycloak 19.0.2+ refuses userinfo for a token without `openid`: what a wiki before 2.5.291
/// gets, which asks for no scope.
fn missing_openid_scope(_ctx: &Ctx<'_>, _hit: &Hit) -> Vec<Found> {
    found(
        "Keycloak refused the userinfo call because the access token lacks the openid scope (Keycloak 19.0.2 and newer): Wiki.js before 2.5.291 asks for no scope, so every sign-in ends on its error page with no message.".to_owned(),
        "Upgrade Wiki.js to 2.5.291 or newer (2.5.300 or newer for the logout too); it asks for \"openid profile email\".".to_owned(),
        &[],
        Some(Code::ClientScopes),
    )
}

/// `LOGOUT_ERROR` with `error=invalid_request`: Keycloak 18 to 25 refusing the legacy
/// `redirect_uri` (with `invalid_redirect_uri`, the event rule before it explains).
fn logout_error_event(ctx: &Ctx<'_>, _hit: &Hit) -> Vec<Found> {
    // Keycloak's `invalid_request` is also the modern logout's missing id_token_hint (its own
    // rule reads that), and 26 no longer refuses the legacy parameter at all.
    let not_legacy = ctx.mentions("id_token_hint") || ctx.keycloak_version.is_some_and(|v| v >= 26);
    match ctx.text.value_of("error").as_deref() {
        Some("invalid_request") | None if !not_legacy => legacy_refused_at_logout(ctx),
        _ => Vec::new(),
    }
}

/// Wiki.js's warning at logout: upstream logout on without a logout URL.
fn logout_url_missing(ctx: &Ctx<'_>, _hit: &Hit) -> Vec<Found> {
    let fix = if ctx.derived.endpoints.logout.value.len() > 5 && ctx.wiki_holds_form {
        "Wiki.js holds this form, which has one: the warning is from before it was saved."
    } else if ctx.derived.endpoints.logout.value.len() > 5 {
        "This form has one: Wiki.js holds an older configuration without it. Save this one."
    } else {
        "Fill the Logout Endpoint URL (Host and Realm give it), then save."
    };
    found(
        "Logout from Keycloak on Logout is on, but the strategy has no Logout Endpoint URL (5 characters or fewer), so Wiki.js only signs users out of the wiki and sends them to its home page.".to_owned(),
        fix.to_owned(),
        &[Field::LogoutUrl, Field::Host],
        Some(Code::Required),
    )
}

/// Keycloak 26's confirmation page by its heading, pasted alone or with its button
/// ("Logging out", "Logout"): in a longer text "logging out" is a word of another message,
/// which its own rule reads.
fn logout_heading(ctx: &Ctx<'_>, hit: &Hit) -> Vec<Found> {
    let letters: String = ctx
        .text
        .lower
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect();
    let rest = letters.replacen("loggingout", "", 1).replace("logout", "");
    if rest.is_empty() {
        logout_confirmation(ctx, hit)
    } else {
        Vec::new()
    }
}

/// Keycloak's logout confirmation instead of a return to the wiki.
fn logout_confirmation(ctx: &Ctx<'_>, _hit: &Hit) -> Vec<Found> {
    // Keycloak 17 and older log out without asking: the server answering is newer.
    if ctx.keycloak_version.is_some_and(|v| v <= 17) {
        return found(
            "Keycloak asks users to confirm the logout, which Keycloak 17 and older never do: the server is 18 or newer.".to_owned(),
            "Check the Keycloak version chosen here (Keycloak's admin console › Server info), then follow what the findings say for it.".to_owned(),
            &[Field::LogoutLegacyRedirect, Field::LogoutUpstream],
            None,
        );
    }
    let legacy = ctx.settings.logout_legacy_redirect || ctx.legacy_logout_only;
    let cause = if legacy {
        "Keycloak asks users to confirm the logout and does not send them back: Wiki.js sends the legacy redirect_uri, which Keycloak 26 ignores (and 18 to 25 answer with this page even with their legacy option)."
    } else {
        "Keycloak asks users to confirm the logout: it did not get the ID token Wiki.js keeps from the sign-in (a session from before the strategy was saved, or Keycloak's session already ended)."
    };
    let fix = match (legacy, ctx.legacy_logout_only) {
        (true, true) => OLD_WIKI_LOGOUT_FIX,
        (true, false) => "Turn Legacy Logout Redirect off: Wiki.js then sends post_logout_redirect_uri with the ID token, and Keycloak returns users to the Site URL without asking.",
        (false, _) => "Sign in again once after saving and log out from that session: sessions from before the save carry no ID token for Keycloak.",
    };
    // A wiki before 2.5.300 has no Legacy Logout Redirect to go to.
    let fields: &[Field] = if ctx.legacy_logout_only {
        &[Field::LogoutUpstream]
    } else {
        &[Field::LogoutLegacyRedirect, Field::LogoutUpstream]
    };
    found(
        cause.to_owned(),
        fix.to_owned(),
        fields,
        Some(Code::LogoutLegacyOnNewKeycloak).filter(|_| legacy),
    )
}

/// Keycloak's consent screen: the client asks each user to grant access once.
fn consent_screen(ctx: &Ctx<'_>, _hit: &Hit) -> Vec<Found> {
    found(
        format!("Keycloak shows its consent screen because {} has Consent required on: every user meets it at the first sign-in, and one who declines is refused.", ctx.client_id()),
        Code::KcConsentRequired.fix().to_owned(),
        &[Field::ClientId],
        Some(Code::KcConsentRequired),
    )
}

/// passport's `fail` for Keycloak's `access_denied`: the user refused, or Keycloak denied.
fn access_denied(ctx: &Ctx<'_>, _hit: &Hit) -> Vec<Found> {
    found(
        format!("After a Keycloak sign-in, Wiki.js says this when Keycloak answered access_denied: the user declined the consent screen, or a Keycloak policy or flow refused the user for {}. (On Wiki.js's own login form it is a wrong password.)", ctx.client_id()),
        "Check Keycloak's events for the user (LOGIN_ERROR with error=access_denied); turn Consent required off for the client if the consent screen is not wanted.".to_owned(),
        &[Field::ClientId],
        None,
    )
}

fn signed_jwt_client(ctx: &Ctx<'_>, _hit: &Hit) -> Vec<Found> {
    client_setting(
        ctx,
        "authenticates with a signed JWT (Client Authenticator \"Signed Jwt\" or \"Signed Jwt with Client Secret\"), so Keycloak asks for a client assertion; Wiki.js sends the client secret in the request body instead.",
        Code::KcClientAuthenticator,
    )
}

fn standard_flow_off(ctx: &Ctx<'_>, _hit: &Hit) -> Vec<Found> {
    client_setting(
        ctx,
        "has Standard flow off, so Keycloak refuses the browser login and its code.",
        Code::KcStandardFlowOff,
    )
}

fn client_disabled(ctx: &Ctx<'_>, _hit: &Hit) -> Vec<Found> {
    client_setting(
        ctx,
        &format!(
            "is disabled in {}: Keycloak refuses every login with it, and the token call too.",
            ctx.realm()
        ),
        Code::KcClientDisabled,
    )
}

fn wrong_protocol(ctx: &Ctx<'_>, _hit: &Hit) -> Vec<Found> {
    let mut out = client_setting(
        ctx,
        &format!(
            "in {} is not an OpenID Connect client (a SAML client with this ID?).",
            ctx.realm()
        ),
        Code::KcWrongProtocol,
    );
    // The catalogue's fix ends "or import the corrected JSON below", which only the export has.
    for f in &mut out {
        f.fix = "Create an OpenID Connect client (Clients › Create client › Client type OpenID Connect; old console: Clients › Create › Client Protocol openid-connect) and put its Client ID here.".to_owned();
    }
    out
}

fn bearer_only(ctx: &Ctx<'_>, _hit: &Hit) -> Vec<Found> {
    let mut out = client_setting(
        ctx,
        "is bearer-only: it may accept tokens but never start a browser login.",
        Code::KcBearerOnly,
    );
    // The catalogue's fix points at "the kcadm.sh commands below", which only the export has.
    let fix = format!(
            "Old console: Clients › your client › Settings › Access Type confidential. The new console shows no bearer-only switch: with kcadm.sh, CID=$(kcadm.sh get clients -r {realm} -q clientId={client} --fields id --format csv --noquotes) && kcadm.sh update clients/$CID -r {realm} -s bearerOnly=false; then Capability config › Client authentication ON.",
            realm = sh_quote(or_placeholder(&ctx.settings.realm, "<realm>")),
            client = sh_quote(or_placeholder(&ctx.settings.client_id, "<client-id>")),
        );
    for f in &mut out {
        f.fix.clone_from(&fix);
    }
    out
}

fn pkce_required(ctx: &Ctx<'_>, _hit: &Hit) -> Vec<Found> {
    client_setting(
        ctx,
        "requires PKCE (its advanced settings set a code challenge method), and Wiki.js 2.5 sends none, so Keycloak sends users back to Wiki.js with this error.",
        Code::KcPkceRequired,
    )
}

/// A value for a command, or what to put there while the form has none.
fn or_placeholder<'a>(value: &'a str, placeholder: &'a str) -> &'a str {
    if value.trim().is_empty() {
        placeholder
    } else {
        value
    }
}

fn realm_disabled(ctx: &Ctx<'_>, _hit: &Hit) -> Vec<Found> {
    found(
        capitalize(format!(
            "{} is disabled in Keycloak: every sign-in and token call is refused.",
            ctx.realm()
        )),
        Code::KcRealmDisabled.fix().to_owned(),
        &[Field::Realm],
        Some(Code::KcRealmDisabled),
    )
}

/// A Keycloak event about a redirect URI: the login's is the callback, the logout's the Site
/// URL; the URI and client the event names are quoted back.
fn redirect_uri_event(ctx: &Ctx<'_>, hit: &Hit) -> Vec<Found> {
    // The URI the event names tells the login's (Wiki.js's callback) from the logout's, where a
    // paste may hold events of both.
    let callback = ctx
        .text
        .value_of("redirect_uri")
        .is_some_and(|u| u.trim_end_matches('/').ends_with("/callback"));
    let mut out = if !callback && ctx.mentions("LOGOUT_ERROR") {
        invalid_post_logout(ctx, hit)
    } else {
        invalid_redirect_parameter(ctx, hit)
    };
    if let (Some(first), Some(sent)) = (out.first_mut(), ctx.text.value_of("redirect_uri")) {
        let client = ctx
            .text
            .value_of("clientId")
            .filter(|c| c != "null")
            .map(|c| format!(" for client `{c}`"))
            .unwrap_or_default();
        // The derived URLs have scheme and host lower-cased, as Keycloak reads what it is sent.
        let sent_read = lower_scheme_and_host(&sent);
        let ours = [&ctx.derived.callback_url, &ctx.derived.post_logout_redirect]
            .into_iter()
            .any(|u| u.as_deref() == Some(&*sent_read));
        // A strategy migrated from before 2.5 kept the key `keycloak` (facts/wikijs-2.5.md).
        let migrated = sent
            .trim_end_matches('/')
            .ends_with("/login/keycloak/callback")
            && ctx.settings.strategy_key != "keycloak";
        let near = ctx
            .derived
            .callback_url
            .as_deref()
            .and_then(|cb| Some((cb, only_difference(&sent_read, cb)?)));
        let same = if ours {
            " It is exactly this configuration's URL: register it in Keycloak.".to_owned()
        } else if let Some((callback, difference)) = near {
            format!(" It differs from this configuration's callback URL, {callback}, only in {difference}.")
        } else if migrated {
            " It is not this configuration's URL: it is the callback of a strategy migrated from before Wiki.js 2.5, which kept the key `keycloak`, so users signed in through that strategy, not the one this form edits (pick it under Strategy to configure, or register this URL).".to_owned()
        } else if ctx.wiki_holds_form {
            " It is not the URL of this configuration, which Wiki.js holds: Wiki.js builds it from the Site URL and the strategy's key, so it came from before they were saved, or from another wiki.".to_owned()
        } else {
            " It is not this configuration's URL: Wiki.js builds it from the Site URL and the strategy's key, so the strategy saved in Wiki.js differs from this form, or it came from another wiki.".to_owned()
        };
        first.cause = format!(
            "Keycloak's event: it refused redirect_uri {sent}{client}.{same} {}",
            first.cause
        );
    }
    out
}

/// Keycloak's log for a logout with the legacy `redirect_uri` (18 to 25): the logout half of
/// "Invalid parameter: redirect_uri" alone (the line also says "login protocol").
fn legacy_logout_refused(ctx: &Ctx<'_>, _hit: &Hit) -> Vec<Found> {
    legacy_refused_at_logout(ctx)
}

/// `expired_code`: at login, the login page was left open too long; at the token call, the
/// code came back too late.
fn expired_code(ctx: &Ctx<'_>, hit: &Hit) -> Vec<Found> {
    if !ctx.mentions("LOGIN_ERROR") {
        return code_not_valid(ctx, hit);
    }
    found(
        "Keycloak's login page was left open too long before the user signed in, so its session expired (Keycloak's event error=expired_code). Nothing in the configuration causes it.".to_owned(),
        "Start the login again from /login. If it happens often, lengthen Realm settings › Sessions or Tokens › Login timeout.".to_owned(),
        &[],
        None,
    )
}

/// The userinfo call failed. Keycloak refusing the token's issuer is the usual cause when
/// users and the Wiki.js server reach Keycloak under different names; a loopback URL is the
/// cause when there is one; otherwise the server test tells.
fn user_info_failed(ctx: &Ctx<'_>, hit: &Hit) -> Vec<Found> {
    let split = matches!(
        (&ctx.derived.internal_base, &ctx.derived.public_base),
        (Some(internal), Some(public)) if internal != public
    );
    if split {
        return invalid_issuer(ctx, hit);
    }
    let event = ctx
        .text
        .value_of("error")
        .map(|e| format!(" (Keycloak's event: error={e})"))
        .unwrap_or_default();
    let cause = format!("The Wiki.js server's userinfo call failed{event}: Keycloak refused the access token, most often because the token's issuer is not the address the server calls (a proxy or a hostname setting that differs), or the call itself failed (network, certificate).");
    match loopback_cause(ctx, cause) {
        Ok(found) => found,
        Err(cause) => found(
            cause,
            format!(
                "{} If it answers, pin Keycloak's hostname to the address users open.",
                Code::BackchannelProbe.fix()
            ),
            &[Field::UserInfoUrl, Field::InternalBaseUrl, Field::Host],
            Some(Code::BackchannelProbe),
        ),
    }
}

/// Wiki.js's error page with nothing under its "Oops, something went wrong...": an error
/// without a message, which in the sign-in is a failed userinfo call (keycloak-passport
/// passes Keycloak's answer on as it is, not as an `Error`). With a message under it, the
/// message is the error: not this rule's.
fn message_less_error_page(ctx: &Ctx<'_>, hit: &Hit) -> Vec<Found> {
    let after = hit
        .ends
        .last()
        .and_then(|&end| ctx.text.original.get(end..));
    if after.is_some_and(has_words_outside_tags) {
        return Vec::new();
    }
    const PAGE: &str = "Wiki.js shows its error page with no message when the userinfo call fails: keycloak-passport passes Keycloak's refusal on without one.";
    let old_wiki = if ctx.legacy_logout_only {
        " On a wiki before 2.5.291 with Keycloak 19.0.2 or newer, the access token also lacks the openid scope that userinfo needs: update Wiki.js."
    } else {
        ""
    };
    user_info_failed(ctx, hit)
        .into_iter()
        .map(|f| Found {
            cause: format!("{PAGE} {}{old_wiki}", f.cause),
            fix: format!(
                "{} Keycloak's events name it: USER_INFO_REQUEST_ERROR with its error=.",
                f.fix
            ),
            ..f
        })
        .collect()
}

/// `text` (lower-case) without its `<title>` elements.
fn without_title(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("<title>") {
        out.push_str(&rest[..start]);
        rest = rest[start..]
            .find("</title>")
            .map_or("", |end| &rest[start + end + 8..]);
    }
    out.push_str(rest);
    out
}

/// `text` without its tags (a `<` before a letter, `/` or `!`, to the next `>`), white
/// space runs as one space: "version < 25" keeps its words.
fn visible_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_tag = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '<' if chars
                .peek()
                .is_some_and(|n| n.is_alphabetic() || matches!(n, '/' | '!')) =>
            {
                in_tag = true
            }
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if in_tag => {}
            c if c.is_whitespace() => {
                if !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// Whether `text` has a letter outside `<…>`: the page's markup, pasted with it, says nothing.
fn has_words_outside_tags(text: &str) -> bool {
    let mut in_tag = false;
    text.chars().any(|c| {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ => return !in_tag && c.is_alphabetic(),
        }
        false
    })
}

/// The realms of the authorization and logout URLs, when they differ.
fn logout_realm_differs(ctx: &Ctx<'_>) -> Option<(String, String)> {
    let auth = split_keycloak_url(&ctx.derived.endpoints.authorization.value)?;
    let logout = split_keycloak_url(&ctx.derived.endpoints.logout.value)?;
    (auth.realm != logout.realm || auth.base != logout.base).then(|| {
        (
            format!("{}/realms/{}", auth.base, auth.realm),
            format!("{}/realms/{}", logout.base, logout.realm),
        )
    })
}

fn invalid_id_token_hint(ctx: &Ctx<'_>, _hit: &Hit) -> Vec<Found> {
    let differs = logout_realm_differs(ctx);
    let detail = differs
        .as_ref()
        .map(|(login, logout)| format!(" Here users sign in at {login} but log out at {logout}."))
        .unwrap_or_default();
    found(
        format!("At logout, Keycloak could not verify the ID token Wiki.js sent: it was issued by another realm or Keycloak than the one the Logout Endpoint URL points at, or the realm's signing keys changed since the user signed in.{detail}"),
        "Make the Logout Endpoint URL use the same host and realm as the Authorization Endpoint URL (re-derive it). Users whose session began before a key change sign out and in again.".to_owned(),
        &[Field::LogoutUrl, Field::AuthorizationUrl],
        differs.map(|_| Code::EndpointOverriddenMismatch),
    )
}

fn missing_id_token_hint(ctx: &Ctx<'_>, _hit: &Hit) -> Vec<Found> {
    // Only a query that carries the parameter itself sends it without the hint: Wiki.js
    // appends its own pair after any query.
    let query = ctx
        .derived
        .endpoints
        .logout
        .value
        .split_once('?')
        .is_some_and(|(_, q)| q.to_ascii_lowercase().contains("post_logout_redirect_uri"));
    let mut cause = "At logout, Keycloak got post_logout_redirect_uri without id_token_hint. Wiki.js 2.5 sends the two together, so the parameter came with the Logout Endpoint URL itself, or a proxy in front of Keycloak dropped the hint.".to_owned();
    if query {
        cause.push_str(
            " The Logout Endpoint URL here already carries post_logout_redirect_uri in its query.",
        );
    }
    found(
        cause,
        "Keep the Logout Endpoint URL without a query (re-derive it), and check that no proxy rewrites the logout URL.".to_owned(),
        &[Field::LogoutUrl],
        query.then_some(Code::EndpointPathUnusual),
    )
}

/// keycloak-passport's "<option> is required": which option, and the field behind it.
fn option_required(ctx: &Ctx<'_>, _hit: &Hit) -> Vec<Found> {
    const OPTIONS: [(&str, Field); 8] = [
        ("authorizationURL", Field::AuthorizationUrl),
        ("tokenURL", Field::TokenUrl),
        ("userInfoURL", Field::UserInfoUrl),
        ("clientSecret", Field::ClientSecret),
        ("clientID", Field::ClientId),
        ("callbackURL", Field::SiteUrl),
        ("realm", Field::Realm),
        ("host", Field::Host),
    ];
    let named = OPTIONS
        .into_iter()
        .find(|(option, _)| ctx.mentions(&format!("{option} is required")));
    // Any other "… is required" (a password, Keycloak's id_token_hint) is not a strategy
    // that failed to start: the rules after this one may say what it is.
    let Some((option, field)) = named else {
        return Vec::new();
    };
    let filled = match field {
        Field::ClientSecret => !ctx.settings.client_secret.is_empty(),
        Field::ClientId => !ctx.settings.client_id.is_empty(),
        Field::Realm => !ctx.settings.realm.is_empty(),
        Field::Host => !ctx.settings.host.trim().is_empty(),
        Field::SiteUrl => ctx.derived.callback_url.is_some(),
        _ => Endpoint::ALL
            .into_iter()
            .find(|e| e.field() == field)
            .is_some_and(|e| !ctx.derived.endpoints.get(e).value.is_empty()),
    };
    let fix = if filled && ctx.wiki_holds_form {
        format!("Wiki.js holds this form, where {} is filled: the error is from before it was saved. Try /login again.", field.title())
    } else if filled {
        format!("{} is filled here: Wiki.js holds an older configuration without it. Save this one, and try /login again.", field.title())
    } else {
        format!("Fill in {}, save, and try /login again.", field.title())
    };
    found(
        format!("Wiki.js could not start the strategy: its {option} option is empty ({} here). Wiki.js saved it anyway and logs \"[ FAILED ]\"; every login then says \"Invalid authentication provider.\"", field.title()),
        fix,
        &[field],
        Some(Code::Required),
    )
}

fn forbidden(ctx: &Ctx<'_>, _hit: &Hit) -> Vec<Found> {
    // The Wiki.js API's GraphQL error, not any HTTP 403 (a proxy's or web server's page,
    // however it words it, Keycloak's userinfo).
    let graphql = ctx.mentions("\"message\":\"Forbidden\"") || ctx.mentions("errors");
    let http_403 = ctx.mentions_word("403")
        || ctx.mentions("WWW-Authenticate")
        || ctx.mentions("permission to access")
        || ctx.mentions("Access is denied");
    // The API's message is the capitalised word; "is forbidden" in a sentence is a web
    // server's log ("directory index of … is forbidden").
    let message = ctx
        .text
        .original
        .match_indices("Forbidden")
        .any(|(at, _)| ctx.text.boundary_before(at) && ctx.text.boundary_after(at + 9));
    if !graphql && (http_403 || !message) {
        return Vec::new();
    }
    found(
        "The Wiki.js API refused the request: the signed-in account lacks manage:system (the authentication settings need it), the page is used without being signed in, or the permission was granted after signing in (the login token still lists the old permissions).".to_owned(),
        "Sign in to Wiki.js as an administrator (a member of Administrators), or sign out and in again after getting manage:system, then reload this page.".to_owned(),
        &[],
        None,
    )
}

fn capitalize(s: String) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => s,
    }
}
