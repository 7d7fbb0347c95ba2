//! Which catalogue codes apply to a configuration. Each check is a small function named
//! after what it looks at; [`diagnose`] runs them all in the order the form shows fields.

use crate::access::{can_read_pages, reads_a_named_page, Landing, READ};
use crate::derive::{derive, has_auth_suffix, without_auth, Derived, MAX_REALM_LEN};
use crate::diagnostics::Severity;
use crate::host::{cleaned_url, host_of, parse_base, parse_typed_url, BaseUrl, UrlProblem};
use crate::keycloak_client::{logout_return, LogoutReturn};
use crate::paste::{split_keycloak_url, SplitUrl};
use crate::settings::{
    Context, Endpoint, Field, GroupInfo, Layout, LayoutChoice, Settings, GUEST_GROUP,
};

use super::{
    Code, Diagnostic, FixAction, OLD_WIKI_LOGOUT, OLD_WIKI_LOGOUT_FIX, SITE_AMONG_REDIRECTS,
    SITE_AMONG_REDIRECTS_FIX,
};

/// The specifics of a realm with white space around it, which the field's note tells apart
/// (`Diagnostic::field_note`): the value reads as a valid name.
pub(crate) const REALM_WHITE_SPACE: &str = "Realm starts or ends with white space.";

/// What joins an address's name to what is wrong with it ("Host is not usable: it has a
/// fragment (#…)."), which the field's note keeps (`Diagnostic::field_note`).
pub(crate) const NOT_USABLE: &str = " is not usable: ";

/// Characters Keycloak refuses in realm names (`ReservedCharValidator`).
const REALM_RESERVED: &[char] = &[
    ':', '/', '?', '#', '@', '!', '$', '&', '(', ')', '*', '+', ',', ';', '=', '[', ']', '\\',
];

/// Every finding for `settings`, most severe first, in field order within a severity.
pub fn diagnose(settings: &Settings, context: &Context) -> Vec<Diagnostic> {
    let derived = derive(settings);
    diagnose_derived(settings, context, &derived)
}

/// [`diagnose`] for callers that already hold the derivation.
pub fn diagnose_derived(
    settings: &Settings,
    context: &Context,
    derived: &Derived,
) -> Vec<Diagnostic> {
    run_checks(settings, context, derived, |out| {
        let mut side = Vec::new();
        crate::keycloak_export::checks::check_export(settings, context, derived, &mut side);
        supersede(out, &side);
        out.extend(side);
    })
}

/// Every finding but the pasted export's (`kc-*`), most severe first: what the page computes
/// on each keystroke. The export's findings come from its `tools` part, so the Keycloak-side
/// check is not in the page's first load; [`with_keycloak_side`] adds them.
pub fn diagnose_form(settings: &Settings, context: &Context, derived: &Derived) -> Vec<Diagnostic> {
    run_checks(settings, context, derived, |_| {})
}

/// Every check in the order the form shows fields, `export`'s findings before the Keycloak
/// steps, then a stable sort by severity. A closure, not a flag: the page's `diagnose_form`
/// then links no export check into its module.
fn run_checks(
    settings: &Settings,
    context: &Context,
    derived: &Derived,
    export: impl FnOnce(&mut Vec<Diagnostic>),
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    check_site_url(settings, context, derived, &mut out);
    check_host(settings, context, derived, &mut out);
    check_internal_base(settings, context, derived, &mut out);
    check_realm(settings, &mut out);
    check_client(settings, &mut out);
    check_endpoints(settings, derived, &mut out);
    check_layout(settings, context, derived, &mut out);
    check_logout(settings, context, derived, &mut out);
    check_registration(settings, context, &mut out);
    check_login_order(settings, &mut out);
    export(&mut out);
    keycloak_steps(settings, context, derived, &mut out);
    crate::sort_small_by_key(&mut out, |d| d.severity);
    out
}

/// The form's findings ([`diagnose_form`]) with the export's added, in the order
/// [`diagnose_derived`] gives: by severity, and within one the form's checks, the export's
/// findings, then the Keycloak steps ([`keycloak_steps`]). A form finding the export
/// restates ([`supersede`]) gives way to the export's.
pub fn with_keycloak_side(mut form: Vec<Diagnostic>, side: &[Diagnostic]) -> Vec<Diagnostic> {
    supersede(&mut form, side);
    for d in side.iter().cloned() {
        let at = form
            .iter()
            .position(|f| {
                f.severity > d.severity || (f.severity == d.severity && is_keycloak_step(f.code))
            })
            .unwrap_or(form.len());
        form.insert(at, d);
    }
    form
}

/// Drop the form's findings that the export restates with what it shows: a form code among
/// the export's findings (`split-host-issuer` stood down by the realm's Frontend URL) is the
/// export's answer to the form's question, so the form's own is not said as well.
fn supersede(form: &mut Vec<Diagnostic>, side: &[Diagnostic]) {
    let restated = |code: Code| !code.is_keycloak_side() && side.iter().any(|d| d.code == code);
    form.retain(|d| !restated(d.code));
}

/// The codes only [`keycloak_steps`] gives.
fn is_keycloak_step(code: Code) -> bool {
    code.is_checklist_step() || code == Code::BackchannelProbe
}

fn check_site_url(
    settings: &Settings,
    context: &Context,
    derived: &Derived,
    out: &mut Vec<Diagnostic>,
) {
    let site = settings.site_url.trim();
    if site.chars().count() < 8 {
        out.push(Diagnostic::new(Code::SiteUrlMissing, &[Field::SiteUrl]));
        return;
    }
    // Long enough but not an http(s) URL (`javascript:…`, markup): `derive` made no callback
    // URL from it; parse again only then, for the reason.
    if derived.post_logout_redirect.is_some() {
        // usable: nothing to say here
    } else if let Err(problem) = parse_typed_url(site.strip_suffix('/').unwrap_or(site)) {
        out.push(
            Diagnostic::new(Code::SiteUrlMissing, &[Field::SiteUrl]).detail(format!(
                "The Site URL cannot be used: {}.",
                problem.reason()
            )),
        );
        return;
    }
    let (Some(page), Some(site_base)) = (
        &context.page_origin,
        derived.post_logout_redirect.as_deref().and_then(host_of),
    ) else {
        return;
    };
    if !site_base
        .origin
        .eq_ignore_ascii_case(page.trim_end_matches('/'))
    {
        out.push(
            Diagnostic::new(Code::SiteUrlOriginMismatch, &[Field::SiteUrl])
                .detail(format!(
                    "The Site URL is on {} but this page is on {page}.",
                    site_base.origin
                ))
                // Only a guess: the admin may be on a tunnel or an internal address.
                .value(format!(
                    "This page's address, if users open the wiki there: {page}"
                )),
        );
    }
}

/// What a pasted Keycloak URL's finding offers and says. A console's address that names
/// only the realm the admin signed in to (`…/admin/master/console/`, no realm in its
/// fragment) says nothing of the wiki's realm: its split keeps Realm as typed.
struct Pasted {
    action: FixAction,
    /// "the admin console's address, showing realm wiki" (or "signed in to realm master").
    console: String,
    fix: String,
    fields: &'static [Field],
}

fn pasted(split: &SplitUrl, settings: &Settings) -> Pasted {
    let sign_in = split.realm_is_sign_in;
    // Never over one the admin typed.
    let client_id = split
        .client_id
        .clone()
        .filter(|_| settings.client_id.trim().is_empty());
    Pasted {
        action: FixAction::SplitPastedUrl {
            host: split.base.clone(),
            realm: match sign_in {
                true => settings.realm.clone(),
                false => split.realm.clone(),
            },
            layout: LayoutChoice::Automatic,
            client_id: client_id.clone(),
        },
        console: format!(
            "the admin console's address, {} realm {}",
            if sign_in { "signed in to" } else { "showing" },
            split.realm
        ),
        fix: match sign_in {
            true => "Put the base URL in Host, and in Realm the realm the wiki's users sign in \
                to: the console's address names only the one you signed in with."
                .to_owned(),
            false if client_id.is_some() => {
                "Split it: the base URL into Host, the realm into Realm and the client into \
                Client ID."
                    .to_owned()
            }
            false => Code::PastedFullUrl.fix().to_owned(),
        },
        fields: match sign_in {
            true => &[Field::Host],
            false => &[Field::Host, Field::Realm],
        },
    }
}

/// The one finding, with its split, for a Host that holds a Keycloak page's URL. The live
/// check refuses with it too, rather than ask for a nested URL and blame the network.
///
/// A console address keeps the realm in its fragment, and no URL is derived from a Host with
/// one (nor with a login URL's query): Wiki.js would store empty endpoints, so it is
/// `host-invalid`, which blocks Save until the split, and says what `pasted-full-url` would.
/// Where URLs still derive, nested, it is `pasted-full-url`, a warning.
pub(crate) fn pasted_url_finding(
    split: &SplitUrl,
    settings: &Settings,
    derived: &Derived,
) -> Diagnostic {
    let Pasted {
        action,
        console,
        fix,
        fields,
    } = pasted(split, settings);
    let unusable = derived
        .host_base
        .is_none()
        .then(|| parse_base(&settings.host).err())
        .flatten();
    if let Some(problem) = unusable {
        // Said as what was pasted: "a fragment" alone leaves the admin guessing.
        let what = match split.from_console {
            true => console,
            false => format!("a URL of realm {}, and {}", split.realm, problem.reason()),
        };
        let mut card = Diagnostic::new(Code::HostInvalid, &[Field::Host])
            .detail(format!(
                "Host is {what}: no endpoint URL can be built from it."
            ))
            .action(action);
        // The split is the fix, not typing the address anew.
        card.fix = fix;
        return card;
    }
    let mut card = Diagnostic::new(Code::PastedFullUrl, fields).action(action);
    card.message = if split.from_console {
        format!("Host is {console}. {}", card.message)
    } else {
        // What breaks, said at once (not behind "why?"): every URL names the realm twice.
        format!(
            "Host ends in /realms/{}{}, so every URL built from it would nest /realms/ twice.",
            split.realm, split.rest
        )
    };
    card.fix = fix;
    card
}

fn check_host(
    settings: &Settings,
    context: &Context,
    derived: &Derived,
    out: &mut Vec<Diagnostic>,
) {
    if settings.host.is_empty() {
        out.push(Diagnostic::new(Code::Required, &[Field::Host]).detail("Host is empty."));
        return;
    }
    if let Some(split) = split_keycloak_url(&settings.host) {
        out.push(pasted_url_finding(&split, settings, derived));
        return;
    }
    if let Some(base) = without_realms_suffix(&settings.host) {
        out.push(
            Diagnostic::new(Code::PastedFullUrl, &[Field::Host])
                .detail("Host ends in /realms, which every derived URL adds itself.")
                .value(&base)
                .action(FixAction::SetText {
                    field: Field::Host,
                    value: base,
                }),
        );
        return;
    }
    // `derive` read Host already; it is parsed again only to say what is wrong with it.
    match derived
        .host_base
        .as_ref()
        .ok_or_else(|| parse_base(&settings.host).err())
    {
        Err(problem) => out.push(url_problem(
            Code::HostInvalid,
            Field::Host,
            "Host",
            &settings.host,
            &problem.unwrap_or(UrlProblem::Empty),
        )),
        Ok(base) => {
            if let Some(page) = &context.page_origin {
                if page.starts_with("https:") && !base.https {
                    out.push(Diagnostic::new(Code::MixedContent, &[Field::Host]));
                }
            }
            // Said by the admin, for the address the Wiki.js server calls: Host while no
            // usable internal base URL is set (the derivation then calls Host).
            let said = context.private_ca && derived.internal_host_base.is_none();
            if base.https && (said || base.host.is_beyond_public_ca()) {
                out.push(private_ca(
                    Field::Host,
                    said,
                    format!("Keycloak is served over https at {}.", base.host.display()),
                ));
            }
        }
    }
}

fn check_internal_base(
    settings: &Settings,
    context: &Context,
    derived: &Derived,
    out: &mut Vec<Diagnostic>,
) {
    if settings.internal_base_url.is_empty() {
        return;
    }
    // `derive` read it already; it is parsed again only to say what is wrong with it.
    let internal = match derived
        .internal_host_base
        .as_ref()
        .ok_or_else(|| parse_base(&settings.internal_base_url).err())
    {
        Err(problem) => {
            // Read wider than the spec (an override): the derivation skips an unusable
            // internal base, so what is wrong is that the address typed goes unused.
            let mut d = url_problem(
                Code::UrlInvalid,
                Field::InternalBaseUrl,
                "The internal base URL",
                &settings.internal_base_url,
                &problem.unwrap_or(UrlProblem::Empty),
            );
            d.message = d
                .message
                .replace(Code::UrlInvalid.message(), UNUSED_INTERNAL_BASE);
            d.fix = d.fix.replace(
                Code::UrlInvalid.fix(),
                "Type it as a whole URL (such as http://keycloak:8080), or empty it to call Host.",
            );
            out.push(d);
            return;
        }
        Ok(base) => base,
    };
    if let Some((public, internal)) = derived.split_host() {
        let split = split_host_issuer(context, public, internal);
        out.push(match context.issuer_pinned {
            true => {
                let mut note = stood_down(
                    split,
                    format!("You said Keycloak's hostname is pinned to {public}."),
                );
                // Said: nothing is asked any more. What pins it stays, to check against.
                note.fix = format!(
                    "Nothing more to do here. What pins it, to check Keycloak's settings against: {}",
                    pinned_hostname_setting(context.keycloak_version, public)
                );
                note
            }
            false => split,
        });
    }
    if internal.https && (context.private_ca || internal.host.is_beyond_public_ca()) {
        out.push(private_ca(
            Field::InternalBaseUrl,
            context.private_ca,
            format!(
                "The Wiki.js server calls Keycloak over https at {}.",
                internal.host.display()
            ),
        ));
    }
}

/// `private-ca` on `field`; `said`: the admin said the certificate is their own CA's.
fn private_ca(field: Field, said: bool, detail: String) -> Diagnostic {
    let why = if said {
        format!("You said Keycloak's certificate comes from your own CA. {detail}")
    } else {
        detail
    };
    Diagnostic::new(Code::PrivateCa, &[field]).detail(why)
}

fn check_realm(settings: &Settings, out: &mut Vec<Diagnostic>) {
    let realm = settings.realm.as_str();
    if realm.is_empty() {
        out.push(Diagnostic::new(Code::Required, &[Field::Realm]).detail("Realm is empty."));
        return;
    }
    let length = realm.chars().count();
    if length > MAX_REALM_LEN {
        out.push(
            Diagnostic::new(Code::RealmInvalid, &[Field::Realm]).detail(format!(
                "Realm is {length} characters long; Keycloak keeps at most {MAX_REALM_LEN}."
            )),
        );
        return;
    }
    let trimmed = realm.trim();
    if trimmed != realm {
        out.push(
            Diagnostic::new(Code::RealmInvalid, &[Field::Realm])
                .detail(REALM_WHITE_SPACE)
                .action(FixAction::SetText {
                    field: Field::Realm,
                    value: trimmed.to_owned(),
                }),
        );
        return;
    }
    if let Some(bad) = realm
        .chars()
        .find(|c| REALM_RESERVED.contains(c) || c.is_control())
    {
        let cleaned: String = realm
            .chars()
            .filter(|c| !REALM_RESERVED.contains(c) && !c.is_control())
            .collect();
        let mut d = Diagnostic::new(Code::RealmInvalid, &[Field::Realm]).detail(format!(
            "Realm contains {}.",
            if bad.is_control() {
                "a control character".to_owned()
            } else {
                format!("the character `{bad}`")
            }
        ));
        if !cleaned.trim().is_empty() {
            d = d.action(FixAction::SetText {
                field: Field::Realm,
                value: cleaned.trim().to_owned(),
            });
        }
        out.push(d);
        return;
    }
    if realm == "." || realm == ".." {
        out.push(
            Diagnostic::new(Code::RealmInvalid, &[Field::Realm])
                .detail("A realm named `.` or `..` cannot appear in a URL path."),
        );
        return;
    }
    if realm
        .chars()
        .any(|c| c.is_whitespace() || c == '%' || !c.is_ascii())
    {
        out.push(
            Diagnostic::new(Code::RealmNeedsEncoding, &[Field::Realm]).detail(format!(
                "The realm appears as `{}` in every URL.",
                crate::derive::encode_realm(realm)
            )),
        );
    }
    if realm == "master" {
        out.push(Diagnostic::new(Code::MasterRealm, &[Field::Realm]));
    }
}

fn check_client(settings: &Settings, out: &mut Vec<Diagnostic>) {
    if settings.client_id.is_empty() {
        out.push(Diagnostic::new(Code::Required, &[Field::ClientId]).detail("Client ID is empty."));
    } else if settings.client_id.chars().any(char::is_whitespace) {
        // Trimmed, as the spec says: a space inside may be the client's own (Keycloak takes
        // one), and taking it out in one click would name another client.
        let trimmed = settings.client_id.trim();
        let mut d = Diagnostic::new(Code::ClientIdWhitespace, &[Field::ClientId]);
        if trimmed != settings.client_id {
            d = d.action(FixAction::SetText {
                field: Field::ClientId,
                value: trimmed.to_owned(),
            });
        } else {
            d = d.detail(
                "The space is inside Client ID: Keycloak's client must be named exactly so.",
            );
        }
        out.push(d);
    }
    let secret = settings.client_secret.expose();
    if secret.is_empty() {
        out.push(
            Diagnostic::new(Code::Required, &[Field::ClientSecret])
                .detail("Client Secret is empty."),
        );
        return;
    }
    let reason = if secret.chars().any(char::is_whitespace) {
        Some("The secret contains white space.")
    } else if secret
        .chars()
        .all(|c| matches!(c, '*' | '•' | '●' | '·' | 'x' | 'X'))
    {
        Some("The secret looks like a mask, not the secret itself.")
    } else if secret.chars().count() < 16 {
        Some("The secret is shorter than 16 characters; Keycloak generates 32.")
    } else {
        None
    };
    if let Some(reason) = reason {
        let mut d = Diagnostic::new(Code::SecretSuspicious, &[Field::ClientSecret]).detail(reason);
        let trimmed = secret.trim();
        if trimmed != secret && !trimmed.is_empty() && !trimmed.chars().any(char::is_whitespace) {
            d = d.action(FixAction::SetText {
                field: Field::ClientSecret,
                value: trimmed.to_owned(),
            });
        }
        out.push(d);
    }
}

/// `required` for the logout URL: Wiki.js loads the strategy without it, and logs out locally.
const EMPTY_LOGOUT_URL: &str = "Logout Endpoint URL is empty: with Logout from Keycloak on Logout on, Wiki.js then only signs users out of the wiki (its log says \"Keycloak logout URL is not configured!\") and the Keycloak session stays.";

fn check_endpoints(settings: &Settings, derived: &Derived, out: &mut Vec<Diagnostic>) {
    let public = derived.host_base.as_ref();
    // The wiki's own address, from the Site URL (as `check_site_url` reads it).
    let wiki = derived.post_logout_redirect.as_deref().and_then(host_of);
    for endpoint in Endpoint::ALL {
        let field = endpoint.field();
        let url = derived.endpoints.get(endpoint);
        let needed = endpoint != Endpoint::Logout || settings.logout_upstream;
        if url.overridden && url.value.is_empty() {
            if needed {
                let mut d = Diagnostic::new(Code::Required, &[field])
                    .detail(format!("{} is empty.", field.title()))
                    .action(FixAction::ResetOverride { endpoint });
                if endpoint == Endpoint::Logout {
                    // Not one of the options Wiki.js needs to load the strategy (facts).
                    d.message = EMPTY_LOGOUT_URL.to_owned();
                }
                out.push(d);
            }
            continue;
        }
        if url.value.is_empty() {
            continue; // nothing derived yet: Host or Realm already reports why
        }
        if url.overridden {
            // A query is kept by passport-oauth2 (`?kc_idp_hint=github` sends users straight
            // to that identity provider); only the logout URL, to which Wiki.js appends its
            // own `?`, cannot have one.
            let without_query = match endpoint {
                Endpoint::Logout => url.value.as_str(),
                _ => url
                    .value
                    .split_once('?')
                    .map_or(url.value.as_str(), |(u, _)| u),
            };
            if let Err(problem) = parse_typed_url(without_query) {
                let mut d =
                    url_problem(Code::UrlInvalid, field, field.title(), &url.value, &problem)
                        .action(FixAction::ResetOverride { endpoint });
                if endpoint == Endpoint::Logout {
                    // The catalogue's "at login" is the three sign-in URLs'.
                    d.message = d
                        .message
                        .replace(Code::UrlInvalid.message(), BROKEN_LOGOUT_URL);
                }
                out.push(d);
                continue;
            }
            check_override_shape(endpoint, without_query, url.derived.as_deref(), out);
        }
        // A derived URL is on the base it was built from: no need to parse it again.
        let read;
        let base = if url.overridden {
            read = host_of(&url.value);
            read.as_ref()
        } else if endpoint.is_backchannel() {
            derived.internal_host_base.as_ref().or(public)
        } else {
            public
        };
        let Some(base) = base else {
            continue;
        };
        let built_from = if url.overridden {
            BuiltFrom::Itself
        } else if endpoint.is_backchannel() && derived.internal_host_base.is_some() {
            BuiltFrom::InternalBase
        } else {
            BuiltFrom::Host
        };
        check_endpoint_host(
            settings,
            endpoint,
            base,
            built_from,
            [public, derived.internal_host_base.as_ref()],
            wiki.as_ref(),
            out,
        );
    }
}

/// An overridden URL: does it still point where Host and Realm say, with the usual path?
fn check_override_shape(
    endpoint: Endpoint,
    value: &str,
    derived: Option<&str>,
    out: &mut Vec<Diagnostic>,
) {
    let field = endpoint.field();
    let expected_suffix = format!("/protocol/openid-connect/{}", endpoint.path_suffix());
    let split = split_keycloak_url(value);
    if split.as_ref().is_none_or(|s| s.rest != expected_suffix) {
        let path = value.split(['?', '#']).next().unwrap_or(value);
        let detail = if path.ends_with(&expected_suffix) {
            format!(
                "{} ends in {expected_suffix}, but not after /realms/<realm>, where Keycloak serves it.",
                field.title()
            )
        } else {
            format!("{} should end in {expected_suffix}.", field.title())
        };
        out.push(
            Diagnostic::new(Code::EndpointPathUnusual, &[field])
                .detail(detail)
                .action(FixAction::ResetOverride { endpoint }),
        );
    }
    let Some(derived) = derived.and_then(split_keycloak_url) else {
        return;
    };
    // What the override uses instead of what Host and Realm give.
    let mismatch = |differences: &str| {
        Diagnostic::new(
            Code::EndpointOverriddenMismatch,
            &[field, Field::Host, Field::Realm],
        )
        .detail(format!("{} uses {differences}.", field.title()))
        .action(FixAction::ResetOverride { endpoint })
    };
    // Not a Keycloak realm URL: its host can still be another than Host's.
    let Some(split) = split else {
        let origin = |url: &str| host_of(url).map(|b| b.origin);
        if let Some(host) = origin(value).filter(|o| Some(o) != origin(&derived.base).as_ref()) {
            out.push(mismatch(&format!(
                "host {host} instead of {}",
                derived.base
            )));
        }
        return;
    };
    let mut differences = Vec::new();
    if !split.base.eq_ignore_ascii_case(&derived.base)
        && split.base.trim_end_matches("/auth") != derived.base.trim_end_matches("/auth")
    {
        differences.push(format!("host {} instead of {}", split.base, derived.base));
    } else if split.layout != derived.layout {
        differences.push(format!("the {} layout", split.layout.label()));
    }
    if split.realm != derived.realm {
        differences.push(format!(
            "realm {} instead of {}",
            split.realm, derived.realm
        ));
    }
    if !differences.is_empty() {
        out.push(mismatch(&differences.join(" and ")));
    }
}

/// `url-invalid`'s why for the logout URL (the catalogue's "at login" is the sign-in URLs').
const BROKEN_LOGOUT_URL: &str = "Wiki.js will send users to this broken URL at logout.";
/// `url-invalid`'s why for the internal base URL, which no URL is built from while unusable.
const UNUSED_INTERNAL_BASE: &str =
    "Until it is, the token and userinfo URLs the Wiki.js server calls are built from Host instead.";
/// The whys `url-invalid` says instead of the catalogue's, so a card still shows them apart.
pub(crate) const URL_INVALID_WHYS: [&str; 2] = [BROKEN_LOGOUT_URL, UNUSED_INTERNAL_BASE];

/// What an endpoint URL was built from, so where a finding on its address is fixed.
#[derive(Clone, Copy, PartialEq)]
enum BuiltFrom {
    /// Host: what Host says is what this URL says (a one-click fix to Host fixes it).
    Host,
    /// The internal base URL (the server's calls).
    InternalBase,
    /// Nothing: the admin overrode it.
    Itself,
}

fn check_endpoint_host(
    settings: &Settings,
    endpoint: Endpoint,
    base: &BaseUrl,
    built_from: BuiltFrom,
    // Host's and the internal base URL's: `private-ca` is said for their addresses there.
    bases: [Option<&BaseUrl>; 2],
    wiki: Option<&BaseUrl>,
    out: &mut Vec<Diagnostic>,
) {
    let field = endpoint.field();
    let host = base.host.display();
    if endpoint.is_backchannel() && base.host.is_loopback() {
        let fields = if settings.internal_base_url.is_empty() {
            vec![field, Field::InternalBaseUrl, Field::Host]
        } else {
            vec![field, Field::InternalBaseUrl]
        };
        let fails = if endpoint == Endpoint::UserInfo {
            "the userinfo call fails, and users see Wiki.js's error page with no message."
        } else {
            "the token call fails, and users see \"Failed to obtain access token\"."
        };
        let title = field.title();
        // The wiki on loopback too: one machine, where the call works unless Wiki.js runs in
        // a container. Said as the condition it is, not as a certain failure.
        let detail = match wiki.is_some_and(|w| w.host.is_loopback()) {
            true => {
                format!("The {title} points at {host}: if Wiki.js runs in a container, {fails}")
            }
            false => format!("The {title} points at {host}: {fails}"),
        };
        out.push(Diagnostic::new(Code::BackchannelLoopback, &fields).detail(detail));
    }
    let logout_used = endpoint != Endpoint::Logout || settings.logout_upstream;
    // Read wider than the spec's names: loopback in a URL browsers open is each user's own
    // machine, unless the wiki itself is on loopback too (a trial on one machine).
    let loopback_for_users = base.host.is_loopback() && wiki.is_some_and(|w| !w.host.is_loopback());
    if !endpoint.is_backchannel()
        && logout_used
        && (base.host.is_internal_name() || loopback_for_users)
    {
        let detail = match wiki {
            Some(wiki) if loopback_for_users => format!(
                "The {} points at {host}, which is each user's own machine, while the wiki is on {}.",
                field.title(),
                wiki.origin
            ),
            _ => format!("The {} points at {host}.", field.title()),
        };
        out.push(Diagnostic::new(Code::FrontchannelInternal, &[field, Field::Host]).detail(detail));
    }
    if !base.https && !base.host.is_on_private_network() && logout_used {
        let to_https = (built_from == BuiltFrom::Host)
            .then(|| https_host(&settings.host))
            .flatten();
        // Where it is fixed: Host (where a merged card says so of every URL built from it),
        // the internal base URL, or the overridden URL itself.
        let fields = match built_from {
            BuiltFrom::Host => vec![field, Field::Host],
            BuiltFrom::InternalBase => vec![field, Field::InternalBaseUrl],
            BuiltFrom::Itself => vec![field],
        };
        out.push(
            Diagnostic::new(Code::InsecureHttp, &fields)
                .detail(format!("The {} uses http on {host}.", field.title()))
                .action(to_https.map(|value| FixAction::SetText {
                    field: Field::Host,
                    value,
                })),
        );
    }
    // A URL built from Host or the internal base, or overridden on either's address, is said
    // there, once, not again for each URL.
    if base.https
        && built_from == BuiltFrom::Itself
        && bases.iter().flatten().all(|b| b.origin != base.origin)
        && bases[0].is_some()
        && base.host.is_beyond_public_ca()
    {
        out.push(
            Diagnostic::new(Code::PrivateCa, &[field])
                .detail(format!("The {} is https on {host}.", field.title())),
        );
    }
}

/// Host with https for http, where it names no port: http on 8080 says nothing of the port
/// https is served on, so that one is left to the admin.
fn https_host(host: &str) -> Option<String> {
    let host = host.trim();
    let rest = host
        .get(..7)
        .filter(|scheme| scheme.eq_ignore_ascii_case("http://"))
        .map(|_| &host[7..])?;
    let authority = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    (!authority.contains(':')).then(|| format!("https://{rest}"))
}

/// The layout the findings reason from: the live check's, else the one Host gives (for a
/// pasted full URL, its base's: `derive::resolve_layout`), but not legacy while Host is a
/// pasted URL: `pasted-full-url` offers the split, and `legacy-path` waits for it.
fn layout_in_force(settings: &Settings, context: &Context, derived: &Derived) -> Option<Layout> {
    if context.live_layout.is_some() {
        return context.live_layout;
    }
    let pasted = || split_keycloak_url(&settings.host).is_some();
    derived
        .layout
        .filter(|&layout| layout != Layout::Legacy || !pasted())
}

fn check_layout(
    settings: &Settings,
    context: &Context,
    derived: &Derived,
    out: &mut Vec<Diagnostic>,
) {
    let layout = layout_in_force(settings, context, derived);
    check_internal_auth(settings, context, layout, out);
    // /auth is right for Keycloak 16 and older: nothing to say once the admin says so.
    if layout != Some(Layout::Legacy) || context.keycloak_version.is_some_and(|v| v <= 16) {
        return;
    }
    let found = context.live_layout == Some(Layout::Legacy);
    // The layout chosen legacy on a plain Host: the choice, not Host, holds the /auth.
    let chosen = settings.layout == LayoutChoice::Legacy
        && !has_auth_suffix(settings.host.trim().trim_end_matches('/'));
    let mut d = Diagnostic::new(Code::LegacyPath, &[Field::Layout, Field::Host]).detail(if found {
        "The live check found Keycloak under /auth."
    } else if chosen {
        "The layout is set to legacy /auth."
    } else {
        "Host ends in /auth, so the legacy layout is used."
    });
    match context.keycloak_version {
        // Read more narrowly than the spec's trigger (ARCHITECTURE.md): a Keycloak 17+ found
        // answering under /auth runs with http-relative-path=/auth, so the 404 cannot happen.
        Some(v) if found => {
            d.severity = Severity::Info;
            d.message = format!("The live check found Keycloak under /auth: on Keycloak 17 and newer that means {}, so /auth is right.", auth_kept_by(v));
            d.fix = match derived.layout {
                // Found under /auth while the form's URLs have none: the live finding switches.
                Some(Layout::Legacy) if chosen => KEEP_LEGACY_LAYOUT,
                Some(Layout::Legacy) => KEEP_AUTH_IN_HOST,
                _ => USE_THE_AUTH_LAYOUT,
            }
            .to_owned();
        }
        // Taking /auth off breaks a 17+ started with http-relative-path=/auth (no fix that
        // breaks the server in use): the live check tells, and its `live-layout-mismatch`
        // then switches in one click.
        Some(v) => {
            let what = if chosen {
                "Set the layout to Automatic"
            } else {
                "Take /auth off Host"
            };
            d.fix = format!("{what}, unless Keycloak {}: Check Keycloak tells which, and offers the switch in one click when /auth is wrong.", auth_kept_by(v));
            // Where the browser cannot reach Keycloak, the check cannot tell: the address
            // to open by hand can.
            if let Some(url) = derived.discovery_url.as_deref() {
                d.fix.push_str(&format!(
                    " To tell without it, open {}: the realm's JSON there (starting {{\"issuer\":) means /auth is wrong, a page not found that /auth is right.",
                    url.replacen("/auth/realms/", "/realms/", 1)
                ));
            }
        }
        // Not known: "Go to" asks for the version. /auth alone does not prove Keycloak
        // before 18, yet it presets the legacy logout.
        None => {
            if settings.logout_upstream
                && settings.logout_legacy_redirect
                && !context.legacy_logout_only
            {
                d.fix.push_str(" On Keycloak 18 or newer kept under /auth, also turn Legacy Logout Redirect off: Keycloak 18 to 25 refuse it at logout, and 26 ignores it and leaves users on its confirmation page.");
            }
        }
    }
    out.push(d);
}

const KEEP_AUTH_IN_HOST: &str = "Nothing to change: keep /auth in Host.";
const KEEP_LEGACY_LAYOUT: &str = "Nothing to change: keep the legacy /auth layout.";
const USE_THE_AUTH_LAYOUT: &str =
    "Use the /auth layout: the live check's finding switches to it in one click.";

/// What keeps /auth on a Keycloak 17+ of version `v`: the relative path option, and up to 19
/// the WildFly builds (RH-SSO 7.x, the `-legacy` images; facts/keycloak.md §1).
fn auth_kept_by(v: u32) -> &'static str {
    if v <= 24 {
        "runs with http-relative-path=/auth (KC_HTTP_RELATIVE_PATH) or is a WildFly build (RH-SSO 7.x, the -legacy images of 17 to 19)"
    } else {
        "runs with http-relative-path=/auth (KC_HTTP_RELATIVE_PATH)"
    }
}

/// `legacy-path`, read more widely than the spec's trigger (ARCHITECTURE.md): the internal
/// base URL keeps an `/auth` typed on it (`derive`), so the switch of Host's layout leaves
/// the server's token and userinfo calls under `/auth`. Said once Keycloak is known to be
/// 17+ (the version chosen, or the live check finding Host's server without `/auth`) and
/// Host's layout is the 17+ one: under the legacy layout the derivation adds `/auth` anyway,
/// and Host's own finding comes first.
fn check_internal_auth(
    settings: &Settings,
    context: &Context,
    layout: Option<Layout>,
    out: &mut Vec<Diagnostic>,
) {
    let new_keycloak = match context.keycloak_version {
        Some(version) => version >= 17,
        None => context.live_layout == Some(Layout::Quarkus),
    };
    if !new_keycloak || layout != Some(Layout::Quarkus) {
        return;
    }
    // The parsed path's `/auth` (a service named `auth` has none), taken off the typed value.
    let typed_auth =
        parse_base(&settings.internal_base_url).is_ok_and(|b| has_auth_suffix(&b.path));
    let Some(stripped) = without_auth(&settings.internal_base_url).filter(|_| typed_auth) else {
        return;
    };
    out.push(
        Diagnostic::new(Code::LegacyPath, &[Field::InternalBaseUrl])
            .detail("The internal base URL ends in /auth, so the Wiki.js server calls the token and userinfo URLs under /auth.")
            .action(FixAction::SetText {
                field: Field::InternalBaseUrl,
                value: stripped,
            }),
    );
}

fn check_logout(
    settings: &Settings,
    context: &Context,
    derived: &Derived,
    out: &mut Vec<Diagnostic>,
) {
    if !settings.logout_upstream {
        return;
    }
    let layout = layout_in_force(settings, context, derived);
    if context.legacy_logout_only {
        // The toggle is not there to turn: the fix is upgrading the wiki, or not logging out
        // of Keycloak. Keycloak before 18 takes `redirect_uri`, so only 17+ is a finding.
        if context.new_logout(layout) == Some(true) {
            let mut d = Diagnostic::new(Code::LogoutLegacyOnNewKeycloak, &[Field::LogoutUpstream])
                .action(FixAction::SetLogoutUpstream { on: false });
            d.message = format!("{OLD_WIKI_LOGOUT} {}", legacy_logout_outcome(context));
            d.fix = OLD_WIKI_LOGOUT_FIX.to_owned();
            out.push(d);
        }
        return;
    }
    match (settings.logout_legacy_redirect, context.new_logout(layout)) {
        (true, Some(true)) => {
            let mut d = Diagnostic::new(
                Code::LogoutLegacyOnNewKeycloak,
                &[Field::LogoutLegacyRedirect],
            );
            d.message = legacy_logout_outcome(context).to_owned();
            // The layout or the live check says 17+, which 17 is too: it takes only the
            // legacy logout. One click once the version says 18+.
            if context.keycloak_version.is_some() {
                d = d.action(FixAction::SetLegacyLogout { on: false });
            } else {
                d.fix = LEGACY_LOGOUT_UNKNOWN_VERSION_FIX.to_owned();
            }
            out.push(d);
        }
        (false, Some(false)) => {
            let mut d = Diagnostic::new(
                Code::LogoutModernOnLegacyKeycloak,
                &[Field::LogoutLegacyRedirect],
            );
            // /auth alone does not prove Keycloak before 18 (a 17+ may keep it), and turning
            // the legacy logout on breaks logout on 18+: one click once the version says so.
            if context.keycloak_version.is_some() {
                d = d.action(FixAction::SetLegacyLogout { on: true });
            } else {
                d.fix = MODERN_LOGOUT_UNDER_AUTH_FIX.to_owned();
            }
            out.push(d);
        }
        _ => {}
    }
}

/// What users meet when the legacy logout reaches a Keycloak 18+: the chosen version's
/// outcome, or the catalogue's two.
fn legacy_logout_outcome(context: &Context) -> &'static str {
    match context.keycloak_version {
        Some(v) if v >= 26 => LEGACY_LOGOUT_IGNORED,
        Some(_) => LEGACY_LOGOUT_REFUSED,
        None => Code::LogoutLegacyOnNewKeycloak.message(),
    }
}

const LEGACY_LOGOUT_REFUSED: &str =
    "Keycloak 18 to 25 answer \"Invalid parameter: redirect_uri\" on logout.";
const LEGACY_LOGOUT_IGNORED: &str = "Keycloak 26 and newer ignore redirect_uri and leave users on their \"Do you want to log out?\" page, with no way back to the wiki.";
/// `logout-legacy-on-new-keycloak`'s fix while the version is not known (17 keeps the toggle).
const LEGACY_LOGOUT_UNKNOWN_VERSION_FIX: &str = "On Keycloak 18 and newer, turn Legacy Logout Redirect off; on Keycloak 17, leave it on. Set the Keycloak version to settle it.";
const MODERN_LOGOUT_UNDER_AUTH_FIX: &str = "On Keycloak 17 and older, turn Legacy Logout Redirect on; on a newer Keycloak kept under /auth (http-relative-path=/auth), leave it off. Set the Keycloak version to settle it.";

fn check_registration(settings: &Settings, context: &Context, out: &mut Vec<Diagnostic>) {
    let groups = context.groups.as_deref();
    let assign_readable = || {
        groups
            .and_then(|groups| readable_group(groups, &settings.auto_enroll_groups))
            .map(|g| FixAction::AddAutoEnrollGroup {
                id: g.id,
                name: g.name.clone(),
            })
    };
    if !settings.self_registration {
        out.push(Diagnostic::new(
            Code::SelfRegistrationOff,
            &[Field::SelfRegistration],
        ));
    } else if settings.auto_enroll_groups.is_empty() {
        out.push(
            Diagnostic::new(Code::NoAutoEnrollGroup, &[Field::AutoEnrollGroups])
                .value(EXISTING_USERS)
                .action(assign_readable()),
        );
    }
    check_whitelist(settings, out);
    let Some(groups) = groups else {
        return;
    };
    let selected: Vec<_> = groups
        .iter()
        .filter(|g| settings.auto_enroll_groups.contains(&g.id))
        .collect();
    // Ids of groups deleted since they were picked (Wiki.js keeps them in the strategy):
    // none of them grants anything.
    let gone: Vec<String> = settings
        .auto_enroll_groups
        .iter()
        .filter(|id| !groups.iter().any(|g| g.id == **id))
        .map(|id| format!("#{id}"))
        .collect();
    // Silent where a regular expression this page cannot run decides it.
    let cannot_read = !selected.is_empty() && can_read_pages(&selected) == Some(false);
    if !gone.is_empty() && (selected.is_empty() || cannot_read) {
        let (these, are) = match gone.len() {
            1 => ("group", "is"),
            _ => ("groups", "are"),
        };
        out.push(
            Diagnostic::new(Code::GroupWithoutRead, &[Field::AutoEnrollGroups])
                .detail(format!(
                    "The {these} {} {are} no longer in the wiki (deleted since chosen).",
                    gone.join(", ")
                ))
                .value(EXISTING_USERS)
                .action(assign_readable()),
        );
    } else if cannot_read {
        out.push(
            group_without_read(&selected)
                .value(EXISTING_USERS)
                .action(assign_readable()),
        );
    }
    for group in selected.iter().filter(|g| g.is_admin()) {
        out.push(
            Diagnostic::new(Code::GroupGrantsAdmin, &[Field::AutoEnrollGroups])
                .detail(format!("{} has manage:system.", group.name))
                .action(FixAction::RemoveAutoEnrollGroup {
                    id: group.id,
                    name: group.name.clone(),
                }),
        );
    }
}

/// `group-without-read` for groups that cannot read where new users land: said as "cannot
/// read pages" only where no rule of theirs lets them read any page; else the landing page
/// (the home page, or a group's Redirect on Login) is what they miss.
fn group_without_read(selected: &[&GroupInfo]) -> Diagnostic {
    let names = selected
        .iter()
        .map(|g| g.name.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let read = |roles: &[String]| roles.iter().any(|r| r == READ);
    let allows = selected
        .iter()
        .flat_map(|g| &g.page_rules)
        .any(|r| !r.deny && read(&r.roles));
    if !selected.iter().any(|g| read(&g.permissions)) || !allows {
        return Diagnostic::new(Code::GroupWithoutRead, &[Field::AutoEnrollGroups])
            .detail(format!("{names} cannot read pages."));
    }
    let landings = Landing::all(selected).unwrap_or_default();
    let redirects: Vec<&str> = landings
        .iter()
        .filter_map(|l| l.redirect.as_deref())
        .collect();
    let landing = match redirects.as_slice() {
        [] => "the home page new users open first".to_owned(),
        redirects => format!(
            "{}, where new users land (Redirect on Login)",
            redirects.join(" or ")
        ),
    };
    let detail = if reads_a_named_page(selected) {
        format!("{names} may read some pages, but not {landing}.")
    } else {
        format!("{names} cannot read {landing}.")
    };
    let mut finding = Diagnostic::new(Code::GroupWithoutRead, &[Field::AutoEnrollGroups]);
    finding.message = format!("{detail} {LANDING_UNREADABLE}");
    finding
}

/// `group-without-read`'s why where the groups may read other pages than where they land.
pub(crate) const LANDING_UNREADABLE: &str =
    "Wiki.js shows new users \"unauthorized\" where they land after signing in.";

/// `split-host-issuer`: Wiki.js calls Keycloak at `internal`, users' browsers at `public`
/// ([`Derived::split_host`]).
pub(crate) fn split_host_issuer(context: &Context, public: &str, internal: &str) -> Diagnostic {
    Diagnostic::new(
        Code::SplitHostIssuer,
        &[Field::InternalBaseUrl, Field::Host],
    )
    .detail(format!(
        "Wiki.js will call {internal} while users sign in at {public}."
    ))
    .value(pinned_hostname_setting(context.keycloak_version, public))
}

/// A warning stood down to a note, `why` (what says it is handled) first.
pub(crate) fn stood_down(mut d: Diagnostic, why: String) -> Diagnostic {
    d.severity = Severity::Info;
    d.message = format!("{why} {}", d.message);
    d
}

/// How to pin Keycloak's hostname to `public`, in the form the version takes (all three
/// while it is not known: the `/auth` layout does not tell).
pub(crate) fn pinned_hostname_setting(version: Option<u32>, public: &str) -> String {
    let name = public
        .split_once("://")
        .map_or(public, |(_, rest)| rest)
        .split(['/', ':'])
        .next()
        .unwrap_or(public);
    let modern =
        format!("Keycloak 25+: KC_HOSTNAME={public} and KC_HOSTNAME_BACKCHANNEL_DYNAMIC=true.");
    let middle = format!("Keycloak 17–24: KC_HOSTNAME={name} (KC_HOSTNAME_URL={public} for a full URL) and KC_HOSTNAME_STRICT_BACKCHANNEL=false; a WildFly build (RH-SSO 7.x, the -legacy images of 17 to 19): the realm's Frontend URL, {public}.");
    let old = format!("Keycloak 16 and older: set the realm's Frontend URL to {public}.");
    match version {
        Some(v) if v >= 25 => modern,
        Some(v) if v >= 17 => middle,
        Some(_) => old,
        None => format!("{modern} {middle} {old}"),
    }
}

/// How Keycloak is told to read the proxy's forwarded headers (facts/keycloak.md §6: the
/// `proxy` option was replaced by `proxy-headers`, and removed in 26).
pub(crate) fn proxy_headers_option(version: Option<u32>) -> &'static str {
    match version {
        Some(v) if v >= 26 => "proxy-headers=xforwarded",
        Some(v) if v <= 16 => "proxy-address-forwarding=true on WildFly's HTTP listener",
        _ => "proxy-headers=xforwarded, or proxy=edge before 25",
    }
}

/// Auto-enroll groups apply when a user is created: who signed in before the fix keeps none.
const EXISTING_USERS: &str = "Users who already signed in keep the groups they got: add them to a readable group under Administration › Users.";

/// The group a one-click fix puts new users in: one that can read pages and is not an
/// administrators' group, preferring a group of its own over Guests (what visitors who are
/// not signed in get), then the fewest permissions (least privilege), then the oldest.
fn readable_group<'a>(groups: &'a [GroupInfo], selected: &[u32]) -> Option<&'a GroupInfo> {
    let chosen: Vec<&GroupInfo> = groups.iter().filter(|g| selected.contains(&g.id)).collect();
    // Read with the groups already chosen: their rules and Redirect on Login stay.
    let reads_with = |g: &GroupInfo| {
        let mut together = chosen.clone();
        together.push(g);
        can_read_pages(&together) == Some(true)
    };
    groups
        .iter()
        .filter(|g| !selected.contains(&g.id) && !g.is_admin() && reads_with(g))
        .min_by_key(|g| (g.id == GUEST_GROUP, g.permissions.len(), g.id))
}

fn check_whitelist(settings: &Settings, out: &mut Vec<Diagnostic>) {
    let bad: Vec<&String> = settings
        .domain_whitelist
        .iter()
        .filter(|e| !is_plain_domain(e))
        .collect();
    if bad.is_empty() {
        return;
    }
    let mut cleaned: Vec<String> = Vec::new();
    for domain in settings
        .domain_whitelist
        .iter()
        .flat_map(|e| clean_domains(e))
    {
        if !cleaned.contains(&domain) {
            cleaned.push(domain);
        }
    }
    let listed: Vec<String> = bad.iter().map(|e| format!("`{}`", elide(e))).collect();
    let mut d = Diagnostic::new(Code::DomainWhitelistInvalid, &[Field::DomainWhitelist])
        .detail(format!("{} is not a bare domain.", listed.join(", ")));
    if !cleaned.is_empty() && cleaned.iter().all(|c| is_plain_domain(c)) {
        d = d.action(FixAction::SetDomainWhitelist { domains: cleaned });
    }
    out.push(d);
}

/// `https://sso.example.com/realms/` → `https://sso.example.com`: a Host pasted from a realm
/// list URL, which would derive `/realms/realms/…`; `None` for any other value.
fn without_realms_suffix(host: &str) -> Option<String> {
    let trimmed = host.trim().trim_end_matches('/');
    let cut = trimmed.len().checked_sub("/realms".len())?;
    let (base, tail) = (trimmed.get(..cut)?, trimmed.get(cut..)?);
    (tail.eq_ignore_ascii_case("/realms") && parse_base(base).is_ok()).then(|| base.to_owned())
}

/// A domain name is at most 253 characters (RFC 1035); a comma or semicolon means two
/// domains on one line, which Wiki.js compares as one that no address has, and a capital
/// never matches the email's domain, which Wiki.js lower-cases first (ASCII: a domain is
/// punycode, and `char::is_uppercase`'s Unicode tables cost the first load 0.5 KB).
fn is_plain_domain(entry: &str) -> bool {
    !entry.is_empty()
        && entry.len() <= 253
        && !entry.contains(['@', '/', ':', ',', ';'])
        && !entry
            .chars()
            .any(|c| c.is_whitespace() || c.is_ascii_uppercase())
}

/// A value as quoted in a message: whole when short, else its start and end around `…`, so
/// a pasted megabyte does not become a megabyte of message.
fn elide(value: &str) -> String {
    const KEEP: usize = 40;
    if value.chars().count() <= 2 * KEEP {
        return value.to_owned();
    }
    let start: String = value.chars().take(KEEP).collect();
    let end: String = value
        .chars()
        .skip(value.chars().count() - KEEP / 4)
        .collect();
    format!("{start}…{end}")
}

/// `https://mail.example.com/x` or ` @example.com ` → `example.com`-like bare domains; one
/// per domain of a line that lists several (`example.com, example.org`, or with spaces
/// between whole domains), while a stray space inside one (`example .com`) is dropped.
fn clean_domains(entry: &str) -> Vec<String> {
    if entry.len() > 1024 {
        return Vec::new(); // no bare domain hides in it
    }
    let bare = |piece: &str| {
        let mut e = piece;
        if let Some((_, rest)) = e.split_once("://") {
            e = rest;
        }
        if let Some((_, rest)) = e.rsplit_once('@') {
            e = rest;
        }
        e.split(['/', ':'])
            .next()
            .unwrap_or("")
            .to_ascii_lowercase()
    };
    let whole = |word: &&str| {
        let d = bare(word);
        d.contains('.') && !d.starts_with('.') && !d.ends_with('.')
    };
    let mut out = Vec::new();
    for piece in entry.split([',', ';']) {
        let words: Vec<&str> = piece.split_whitespace().collect();
        if words.len() > 1 && words.iter().all(whole) {
            out.extend(words.iter().map(|w| bare(w)));
        } else {
            out.push(bare(&words.concat()));
        }
    }
    out.retain(|d| !d.is_empty());
    out
}

fn check_login_order(settings: &Settings, out: &mut Vec<Diagnostic>) {
    if !settings.bypass_login_screen {
        return;
    }
    if settings.order != 0 {
        out.push(
            Diagnostic::new(
                Code::BypassNotFirst,
                &[Field::Order, Field::BypassLoginScreen],
            )
            .action(FixAction::MoveToTop),
        );
    } else if !settings.is_enabled {
        out.push(
            Diagnostic::new(
                Code::StrategyDisabledButFirst,
                &[Field::IsEnabled, Field::Order],
            )
            .action(FixAction::Enable),
        );
    }
}

/// The always-on reminders of what to set in Keycloak, with the values filled in. They
/// point at no field of this form: nothing here fixes them (the Keycloak setup does).
fn keycloak_steps(
    settings: &Settings,
    context: &Context,
    derived: &Derived,
    out: &mut Vec<Diagnostic>,
) {
    let mut redirect = Diagnostic::new(Code::RegisterRedirectUri, &[]);
    if let Some(callback) = &derived.callback_url {
        redirect = redirect.value(callback);
    }
    out.push(redirect);
    if settings.logout_upstream {
        let mut post_logout = Diagnostic::new(Code::RegisterPostLogoutUri, &[]);
        // The spec's trigger, its advice read for where Keycloak checks it (ARCHITECTURE.md).
        if logout_return(settings, context) == Some(LogoutReturn::RedirectUris) {
            post_logout.message = SITE_AMONG_REDIRECTS.to_owned();
            post_logout.fix = SITE_AMONG_REDIRECTS_FIX.to_owned();
        }
        if let Some(site) = &derived.post_logout_redirect {
            post_logout = post_logout.value(site);
        }
        out.push(post_logout);
    }
    out.push(Diagnostic::new(Code::ConfidentialClient, &[]));
    out.push(Diagnostic::new(Code::ClientScopes, &[]));
    out.push(Diagnostic::new(Code::BackchannelProbe, &[]));
}

/// An invalid URL finding that names the reason and, where cleaning helps, offers the clean value.
fn url_problem(
    code: Code,
    field: Field,
    what: &str,
    value: &str,
    problem: &UrlProblem,
) -> Diagnostic {
    let mut d =
        Diagnostic::new(code, &[field]).detail(format!("{what}{NOT_USABLE}{}.", problem.reason()));
    if let Some(clean) = cleaned_url(value) {
        d = d
            .value(format!("Suggested: {clean}"))
            .action(FixAction::SetText {
                field,
                value: clean,
            });
    }
    d
}
