//! The one place where every diagnostic's severity, message and fix are worded.
//!
//! Codes are stable: docs link to them, tests assert on them, embedders filter on them.
//! `../shared/spec/diagnostics.md` is the specification; a test checks that this table and
//! the spec list the same codes with the same severities.

use serde::{Serialize, Serializer};

/// How bad a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Saving would store a strategy that cannot work: Save is blocked.
    Error,
    /// Very likely to fail for real users, or unsafe.
    Warning,
    /// A step outside this form the admin must not forget.
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

macro_rules! catalogue {
    ($( $variant:ident = $code:literal, $severity:ident,
        message: $message:literal,
        fix: $fix:literal; )*) => {
        /// Every diagnostic code the configurator can report.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code { $( $variant, )* }

        impl Code {
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            /// The stable kebab-case code.
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $code, )* }
            }

            pub fn severity(self) -> Severity {
                match self { $( Code::$variant => Severity::$severity, )* }
            }

            /// What will go wrong for the admin's users, in one sentence.
            pub fn message(self) -> &'static str {
                match self { $( Code::$variant => $message, )* }
            }

            /// What the admin can do about it.
            pub fn fix(self) -> &'static str {
                match self { $( Code::$variant => $fix, )* }
            }

            pub fn parse(code: &str) -> Option<Code> {
                match code { $( $code => Some(Code::$variant), )* _ => None }
            }
        }
    };
}

impl Code {
    /// A finding about the Keycloak side, read from a pasted export (`kc-*`).
    pub fn is_keycloak_side(self) -> bool {
        self.as_str().starts_with("kc-")
    }

    /// Whether the live check found it (not the form's own check that stopped it running).
    pub fn is_live(self) -> bool {
        self.as_str().starts_with("live-")
    }

    /// Whether the finding blocks Save: errors do, except the Keycloak side's, which are
    /// fixed in Keycloak (the wiki's side may be saved first).
    pub fn blocks_save(self) -> bool {
        self.severity() == Severity::Error && !self.is_keycloak_side()
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

catalogue! {
    // ---- errors ----
    Required = "required", Error,
        message: "Wiki.js saves an empty value, then silently fails to load the strategy: every login says \"Invalid authentication provider.\"",
        fix: "Fill in the field.";
    HostInvalid = "host-invalid", Error,
        message: "This value cannot work as a Keycloak base URL, so every derived URL is broken.",
        fix: "Type the address users open Keycloak at, such as https://keycloak.example.com; a pasted Keycloak URL is split into Host and Realm in one click.";
    RealmInvalid = "realm-invalid", Error,
        message: "Keycloak refuses realm names with this character, so no such realm can exist.",
        fix: "Type the realm name exactly as Keycloak shows it in the realm selector.";
    UrlInvalid = "url-invalid", Error,
        message: "Wiki.js will call this broken URL at login and fail.",
        fix: "Revert to the derived URL.";
    SiteUrlMissing = "site-url-missing", Error,
        message: "Without a Site URL there is no callback URL to register in Keycloak, and Wiki.js builds a broken one.",
        fix: "Set it in Wiki.js under Administration › General › Site URL (for example https://wiki.example.com).";
    StrategyWouldBeDropped = "strategy-would-be-dropped", Error,
        message: "The list about to be saved lacks a strategy the wiki has: Wiki.js would delete it, or fail half-way because saves are not transactional.",
        fix: "Nothing was sent. Reload the page and try again; please report this, it is a bug.";

    // ---- warnings ----
    BackchannelLoopback = "backchannel-loopback", Warning,
        message: "Wiki.js calls this URL from its own server; in a container `localhost` is the container itself, so the call gets ECONNREFUSED and sign-in fails.",
        fix: "Use a host name both browsers and the Wiki.js server resolve (the host's IP or DNS name), or set the internal base URL to the Docker service name, such as http://keycloak:8080.";
    FrontchannelInternal = "frontchannel-internal", Warning,
        message: "Users' browsers are sent to this URL: a Docker, Kubernetes or mDNS name usually does not resolve for them, and localhost is each user's own machine.",
        fix: "Use the public name in Host; keep the internal name only in the internal base URL.";
    SplitHostIssuer = "split-host-issuer", Warning,
        message: "Keycloak checks the token's issuer at the userinfo call: unless its hostname is pinned to the public URL, that call fails (current versions: 401 \"Token verification failed\", the issuer only in Keycloak's log; old ones: \"Invalid token issuer\") and Wiki.js shows its error page (\"Oops, something went wrong\") with no message.",
        fix: "Pin the public hostname in the form your Keycloak version takes, then say so here:";
    InsecureHttp = "insecure-http", Warning,
        message: "The client secret, codes and tokens cross the network in clear text, and Keycloak's default sslRequired=external answers \"HTTPS required\" to callers on a public address (users' browsers, or the Wiki.js server).",
        fix: "Use https for Keycloak.";
    MixedContent = "mixed-content", Warning,
        message: "This page is served over https and Keycloak over http: browsers block the live check, and users are sent from a secure page to an insecure one.",
        fix: "Use https for Keycloak.";
    PastedFullUrl = "pasted-full-url", Warning,
        message: "Host holds a full Keycloak URL, so every derived URL would nest /realms/ twice.",
        fix: "Split it: the base URL into Host and the realm into Realm.";
    LegacyPath = "legacy-path", Warning,
        message: "Keycloak 17 and newer answer 404 \"RESTEASY003210: Could not find resource\" on /auth/… paths unless started with http-relative-path=/auth.",
        fix: "Keep the /auth layout only for Keycloak 16 and older, or servers started with that option.";
    RealmNeedsEncoding = "realm-needs-encoding", Warning,
        message: "This realm name is percent-encoded in every URL, and Keycloak's own consoles misbehave with such names.",
        fix: "Prefer a plain realm name (letters, digits, - and _); use the realm's display name for people.";
    MasterRealm = "master-realm", Warning,
        message: "The master realm is for managing Keycloak itself; its users are Keycloak administrators.",
        fix: "Create a dedicated realm for the wiki.";
    LogoutLegacyOnNewKeycloak = "logout-legacy-on-new-keycloak", Warning,
        message: "Keycloak 18–25 answers \"Invalid parameter: redirect_uri\" on logout; Keycloak 26+ ignores it and strands users on a confirmation page.",
        fix: "Turn Legacy Logout Redirect off.";
    LogoutModernOnLegacyKeycloak = "logout-modern-on-legacy-keycloak", Warning,
        message: "Keycloak before 18 does not know post_logout_redirect_uri, so users are not sent back to the wiki after logout.",
        fix: "Turn Legacy Logout Redirect on.";
    NoAutoEnrollGroup = "no-auto-enroll-group", Warning,
        message: "New users can sign in but belong to no group, so they cannot read anything.",
        fix: "Pick a group with read access in Assign to group.";
    GroupWithoutRead = "group-without-read", Warning,
        message: "No selected group grants read:pages with an allowing page rule, so new users land on \"unauthorized\" for every page.",
        fix: "Pick another group, or give this one read:pages and a page rule that allows it.";
    GroupGrantsAdmin = "group-grants-admin", Warning,
        message: "This group has manage:system: every Keycloak user of the realm becomes a wiki administrator.",
        fix: "Pick a less powerful group.";
    SelfRegistrationOff = "self-registration-off", Warning,
        message: "Only users pre-created in Wiki.js for this provider with the same email can sign in; everyone else gets \"You are not authorized to login.\"",
        fix: "Turn Allow self-registration on, or pre-create the users in Wiki.js.";
    DomainWhitelistInvalid = "domain-whitelist-invalid", Warning,
        message: "Wiki.js compares each entry with the part of the email after @, so this entry never matches and those users cannot register.",
        fix: "Keep just the domain, such as example.com.";
    EndpointOverriddenMismatch = "endpoint-overridden-mismatch", Warning,
        message: "This overridden URL points to another host, realm or layout than Host and Realm: one of them is stale.",
        fix: "Re-derive the URL, or fix Host and Realm.";
    EndpointPathUnusual = "endpoint-path-unusual", Warning,
        message: "This URL does not end in the path Keycloak serves for it; a typo like /user for /userinfo only fails at login.",
        fix: "Re-derive the URL.";
    BypassNotFirst = "bypass-not-first", Warning,
        message: "Bypass Login Screen sends everyone to the first strategy in the list, which is not this one.",
        fix: "Move Keycloak to the top of the list.";
    StrategyDisabledButFirst = "strategy-disabled-but-first", Warning,
        message: "This strategy is disabled but first in the list while Bypass Login Screen is on: /login redirects into \"Invalid authentication provider.\"",
        fix: "Enable it, or move it down.";
    ClientIdWhitespace = "client-id-whitespace", Warning,
        message: "Keycloak client IDs never match with stray white space: logins fail with \"Client not found\".",
        fix: "Remove the white space.";
    SecretSuspicious = "secret-suspicious", Warning,
        message: "This does not look like a Keycloak client secret: token calls will fail with \"Invalid client or Invalid client credentials\".",
        fix: "Paste the secret from Keycloak › Clients › your client › Credentials.";
    SiteUrlOriginMismatch = "site-url-origin-mismatch", Warning,
        message: "Wiki.js builds the callback URL from the Site URL; browsers that use this page's address break the login flow.",
        fix: "Set the Site URL under Administration › General to the address users open the wiki at.";

    // ---- info: steps outside this form ----
    RegisterRedirectUri = "register-redirect-uri", Info,
        message: "Keycloak only sends users back to redirect URIs it knows (exact match, case-sensitive).",
        fix: "In Keycloak › Clients › your client › Valid redirect URIs, add exactly the callback URL.";
    RegisterPostLogoutUri = "register-post-logout-uri", Info,
        message: "Wiki.js sends the bare Site URL as post_logout_redirect_uri; Keycloak refuses it with \"Invalid redirect uri\" unless it is allowed.",
        fix: "In Keycloak › Clients › your client › Valid post logout redirect URIs, add exactly the Site URL.";
    ConfidentialClient = "confidential-client", Info,
        message: "Wiki.js exchanges the code with a client secret, which only a confidential client has.",
        fix: "In Keycloak › Clients › your client: Client authentication ON, Standard flow ON.";
    ClientScopes = "client-scopes", Info,
        message: "Wiki.js always asks for \"openid profile email\"; Keycloak answers \"Invalid scopes: openid profile email\" when the client lacks one of them.",
        fix: "In Keycloak › Clients › your client › Client scopes, make sure profile and email are assigned.";
    PrivateCa = "private-ca", Info,
        message: "If this certificate comes from a private CA, the Wiki.js server (Node) does not trust it and users see \"Failed to obtain access token\".",
        fix: "Give the Wiki.js server the CA with NODE_EXTRA_CA_CERTS=/path/ca.pem; never use NODE_TLS_REJECT_UNAUTHORIZED=0.";
    BackchannelProbe = "backchannel-probe", Info,
        message: "The browser cannot test what the Wiki.js server reaches, and Wiki.js hides the real error behind \"Failed to obtain access token\".",
        fix: "Run this command where Wiki.js runs: it calls the discovery and token URLs with the server's own Node and prints the real error.";

    // ---- live check ----
    LiveOk = "live-ok", Info,
        message: "Keycloak answered: the realm exists and its discovery document was read.",
        fix: "Compare the discovered issuer and endpoints with the ones here.";
    LiveUnreachable = "live-unreachable", Warning,
        message: "Neither the realm nor the master realm answered from this browser.",
        fix: "Check the host and port, that Keycloak runs there, and over https that this browser trusts its certificate.";
    LiveRealmNotFound = "live-realm-not-found", Error,
        message: "Keycloak answers, but not for this realm: every login would end on Keycloak's \"Realm does not exist\" page.",
        fix: "Type the realm name exactly as Keycloak shows it (names are case-sensitive).";
    LiveLayoutMismatch = "live-layout-mismatch", Warning,
        message: "Keycloak answers only under the other path layout, so the derived URLs return 404.",
        fix: "Switch the layout.";
    LiveHttpsRequired = "live-https-required", Warning,
        message: "Keycloak answered 403 \"HTTPS required\": the realm refuses plain http from this network.",
        fix: "Use https for Keycloak (or, for a lab only, set the realm's Require SSL to none).";
    LiveIssuerMismatch = "live-issuer-mismatch", Warning,
        message: "Keycloak's issuer differs from the one derived here: its hostname is pinned elsewhere or Host is not the public address, and userinfo calls may fail with \"Invalid token issuer\".",
        fix: "Use the issuer's base as Host, or pin KC_HOSTNAME to the address users open.";
    LiveEndpointDiffers = "live-endpoint-differs", Warning,
        message: "Keycloak advertises another URL for this endpoint than the one that will be saved.",
        fix: "Adopt the discovered endpoint, or check why they differ.";
    LiveMixedContent = "live-mixed-content", Warning,
        message: "The check was not attempted: this page is https and Keycloak is http, which browsers block.",
        fix: "Use https for Keycloak, or run the check from an http page.";

    // ---- Keycloak side (from the client's export): never block Save ----
    KcExportUnreadable = "kc-export-unreadable", Warning,
        message: "Nothing in the pasted export can be checked: it is not JSON, or not a client or realm export as Keycloak writes it.",
        fix: "Paste the export as Keycloak wrote it: Clients › your client › Action › Export (old console: Clients › your client › Export), or Realm settings › Action › Partial export with Include clients on (old console: Manage › Export).";
    KcClientIdMismatch = "kc-client-id-mismatch", Error,
        message: "Keycloak has no client with this Client ID in the export: users get \"Client not found.\" (Keycloak 20–21: \"Invalid parameter: redirect_uri\").",
        fix: "Use the client's ID as Clients › Client ID shows it (the same column in the old console), or export the right client.";
    KcRealmMismatch = "kc-realm-mismatch", Error,
        message: "The export is of another realm than Realm: the derived URLs point at a realm this client is not in.",
        fix: "Set Realm to the realm the client is in (the realm selector at the top left, in both consoles).";
    KcRealmDisabled = "kc-realm-disabled", Error,
        message: "This realm is disabled: every sign-in ends on \"Realm not enabled\".",
        fix: "Realm settings › General › Enabled ON (old console: Realm Settings › General › Enabled ON).";
    KcClientDisabled = "kc-client-disabled", Error,
        message: "This client is disabled: users see \"Client disabled.\" and the token call fails.",
        fix: "Clients › your client: the Enabled switch at the top right ON (old console: Clients › your client › Settings › Enabled ON).";
    KcWrongProtocol = "kc-wrong-protocol", Error,
        message: "This is not an OpenID Connect client: users see \"Wrong client protocol.\"",
        fix: "Use an OpenID Connect client: Clients › Create client › Client type OpenID Connect (old console: Clients › Create › Client Protocol openid-connect), or import the corrected JSON below.";
    KcBearerOnly = "kc-bearer-only", Error,
        message: "This client is bearer-only: users see \"Bearer-only applications are not allowed to initiate browser login\".",
        fix: "Old console: Clients › your client › Settings › Access Type confidential. New console (which no longer shows bearer-only): make it a normal client with the kcadm.sh commands below (bearerOnly false), with Capability config › Client authentication ON.";
    KcStandardFlowOff = "kc-standard-flow-off", Error,
        message: "Standard flow is off: after sign-in users land on \"Client is not allowed to initiate browser login with given response_type. Standard flow is disabled for the client.\"",
        fix: "Clients › your client › Settings › Capability config › Standard flow ON (old console: Settings › Standard Flow Enabled ON).";
    KcRedirectUriMissing = "kc-redirect-uri-missing", Error,
        message: "No Valid redirect URI of this client matches the callback URL: Keycloak shows \"Invalid parameter: redirect_uri\" instead of its login page.",
        fix: "Clients › your client › Settings › Access settings › Valid redirect URIs (old console: Settings › Valid Redirect URIs): add exactly";
    KcScopeMissing = "kc-scope-missing", Error,
        message: "The client lacks the profile or email client scope: after sign-in users land on \"Invalid scopes: openid profile email\".",
        fix: "Clients › your client › Client scopes › Add client scope: profile and email, as Default (old console: Clients › your client › Client Scopes › Default Client Scopes: add profile and email).";
    KcClientAuthenticator = "kc-client-authenticator", Error,
        message: "Wiki.js sends the client secret in the token request's body, which this client does not accept: users see Keycloak's refusal, such as \"Parameter client_assertion_type is missing\" or \"Invalid method used to get client secret\".",
        fix: "Clients › your client › Credentials › Client Authenticator: Client Id and Secret, not restricted to client_secret_basic (old console: Credentials › Client Authenticator: Client Id and Secret).";
    KcPkceRequired = "kc-pkce-required", Error,
        message: "The client requires PKCE, which Wiki.js 2.5 does not send: after sign-in users land on \"Missing parameter: code_challenge_method\".",
        fix: "Clients › your client › Advanced › Advanced settings › Proof Key for Code Exchange Code Challenge Method: empty (old console: Settings › Advanced Settings › Proof Key for Code Exchange Code Challenge Method: empty).";
    KcSecretMismatch = "kc-secret-mismatch", Error,
        message: "Client Secret here is not this client's secret: users see Keycloak's refusal, \"Invalid client or Invalid client credentials\" (before Keycloak 20: \"Invalid client secret\").",
        fix: "Copy the secret from Clients › your client › Credentials › Client secret (the same tab in the old console) into Client Secret.";
    KcPublicClient = "kc-public-client", Warning,
        message: "This is a public client: sign-in works, but Keycloak ignores the secret, so anyone holding a code can redeem it.",
        fix: "Clients › your client › Settings › Capability config › Client authentication ON (old console: Settings › Access Type confidential), then copy the secret from Credentials.";
    KcRedirectUriBroad = "kc-redirect-uri-broad", Warning,
        message: "The callback URL matches only through a wildcard: Keycloak sends codes to any URL under that prefix, an open redirect surface.",
        fix: "In Valid redirect URIs (old console: Valid Redirect URIs), replace the wildcard with exactly";
    KcPostLogoutUriMissing = "kc-post-logout-uri-missing", Warning,
        message: "The Site URL is not an allowed post logout redirect URI of this client: every sign-out ends on \"Invalid redirect uri\".",
        fix: "Clients › your client › Settings › Access settings › Valid post logout redirect URIs (old console, Keycloak 19–20: Settings › Valid Post Logout Redirect URIs): add exactly";
    KcRealmSslRequired = "kc-realm-ssl-required", Warning,
        message: "The realm requires https for these requests, and an endpoint uses http: users or the Wiki.js server get \"HTTPS required\" when they reach Keycloak from an address the setting covers (with external requests, a public one).",
        fix: "Use https for Keycloak, or lower the realm's Require SSL: Realm settings › General › Require SSL (old console: Realm Settings › Login › Require SSL).";
    KcRealmFrontendUrl = "kc-realm-frontend-url", Warning,
        message: "The realm's Frontend URL differs from Host: browsers are sent to the Frontend URL and tokens carry its issuer, so the userinfo call fails with \"Invalid token issuer\".",
        fix: "Make Host the Frontend URL, or clear it in Realm settings › General › Frontend URL (old console: Realm Settings › General › Frontend URL).";
    KcConsentRequired = "kc-consent-required", Info,
        message: "Consent is required: every user meets \"Grant Access to …\" on their first sign-in.",
        fix: "Clients › your client › Settings › Login settings › Consent required OFF, unless wanted (old console: Settings › Consent Required OFF).";
    KcSecretMasked = "kc-secret-masked", Info,
        message: "The export does not carry the client secret, so it cannot be compared with Client Secret.",
        fix: "Export the single client (Clients › your client › Action › Export; old console: Clients › your client › Export) as an admin who may manage clients, or trust the secret typed here.";
}

/// `logout-legacy-on-new-keycloak` on a wiki without the legacy toggle (before 2.5.300):
/// the specifics before the message, and the fix in place of the catalogue's.
pub const OLD_WIKI_LOGOUT: &str = "This Wiki.js is older than 2.5.300: it has no Legacy Logout Redirect setting and always sends redirect_uri.";
pub const OLD_WIKI_LOGOUT_FIX: &str = "Upgrade Wiki.js to 2.5.300 or newer (before 2.5.291 it also asks for no scope, so Keycloak 19.0.2 and newer refuse its userinfo call at every sign-in), then turn Legacy Logout Redirect off. Until then, turn Logout from Keycloak on Logout off (users stay signed in to Keycloak).";

/// `register-post-logout-uri` while Keycloak checks the Site URL against the redirect URIs
/// (`keycloak_client::LogoutReturn::RedirectUris`).
pub const SITE_AMONG_REDIRECTS: &str = "After logout, Wiki.js sends the bare Site URL, which this Keycloak checks against the Valid redirect URIs: the legacy redirect_uri (before 18, or 18 to 25 with its legacy logout option), and Keycloak 18's post_logout_redirect_uri (a list of its own came with 19).";
pub const SITE_AMONG_REDIRECTS_FIX: &str =
    "In Keycloak › Clients › your client › Valid redirect URIs, add exactly the Site URL too.";
