//! How a finding is shown on a page that must fit one screen: a one-line headline with the
//! explanation on demand, a short note under the field it is about (the full text is in the
//! findings list beside it, and no sentence is shown twice), and where "Go to" leads.

use std::borrow::Cow;

use super::checks::{NOT_USABLE, REALM_WHITE_SPACE};
use super::{Code, Diagnostic, FixAction, Severity};
use crate::host::parse_base;
use crate::keycloak_client::ConsoleStep;
use crate::settings::{Context, Endpoint, Field, LayoutChoice, Settings};

/// Where a finding's "Go to" leads: the control that fixes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// A field the admin can edit now (never a read-only derived URL).
    Field(Field),
    /// The command that tests the Wiki.js server's own connection (in the Keycloak setup).
    ProbeCommand,
    /// The Keycloak version the admin says (kept in the browser: Wiki.js has no field for
    /// it), where only the admin knows what the server is.
    KeycloakVersion,
    /// Whether Keycloak's hostname is pinned, which the admin says (kept in the browser).
    IssuerPinned,
    /// The live check's "Check Keycloak", where what Keycloak answers settles it.
    LiveCheck,
    /// A step of the Keycloak checklist, where the fix is a client setting in Keycloak.
    ConsoleStep(ConsoleStep),
}

impl Target {
    /// A name for it where it crosses as text (a lazily loaded part's answer).
    pub fn id(self) -> &'static str {
        match self {
            Target::Field(field) => field.id(),
            Target::ProbeCommand => "probe-command",
            Target::KeycloakVersion => "keycloak-version",
            Target::IssuerPinned => "issuer-pinned",
            Target::LiveCheck => "live-check",
            Target::ConsoleStep(step) => step.id(),
        }
    }

    /// The target whose [`Target::id`] is `id`.
    pub fn parse(id: &str) -> Option<Target> {
        match id {
            "probe-command" => Some(Target::ProbeCommand),
            "keycloak-version" => Some(Target::KeycloakVersion),
            "issuer-pinned" => Some(Target::IssuerPinned),
            "live-check" => Some(Target::LiveCheck),
            _ => ConsoleStep::parse(id)
                .map(Target::ConsoleStep)
                .or_else(|| Field::parse(id).map(Target::Field)),
        }
    }
}

impl Diagnostic {
    /// The few words under its field: the code's note, or what is invisible in the value
    /// (white space around a realm that reads as `wiki`), or, for an address that cannot be
    /// used, what is wrong with it ("Not usable: it has a query string (?…).", not only
    /// that it is: in two columns its fix is in the list beside the form, not under it).
    pub fn field_note(&self) -> Cow<'_, str> {
        match self.code {
            Code::RealmInvalid if self.headline() == REALM_WHITE_SPACE => {
                "White space around the realm name.".into()
            }
            Code::HostInvalid | Code::UrlInvalid => match self.headline().split_once(NOT_USABLE) {
                Some((_, reason)) => format!("Not usable: {reason}").into(),
                // A Keycloak page's URL that cannot be split as it is: what the split says.
                None if matches!(self.action, Some(FixAction::SplitPastedUrl { .. })) => {
                    Code::PastedFullUrl.field_note().unwrap_or_default().into()
                }
                None => self.code.field_note().unwrap_or_default().into(),
            },
            Code::LiveUnreachable => match self.explanation() {
                Some(super::live::MASTER_ANSWERED) => {
                    "Live check: the realm did not answer in time."
                }
                Some(super::live::ANSWERED_UNLIKE_KEYCLOAK) => {
                    "Live check: what answered is not Keycloak."
                }
                _ => self.code.field_note().unwrap_or_default(),
            }
            .into(),
            code => code.field_note().unwrap_or_else(|| self.headline()).into(),
        }
    }

    /// What is wrong here: the specifics when the check named them ("The Token Endpoint URL
    /// points at localhost: …"), else the catalogue's message.
    pub fn headline(&self) -> &str {
        match self.explanation() {
            Some(why) => self.message[..self.message.len() - why.len()].trim_end(),
            None => &self.message,
        }
    }

    /// Why it fails (the catalogue's message), when the headline is the specifics: shown on
    /// demand ("why?").
    pub fn explanation(&self) -> Option<&str> {
        let others: &[&'static str] = match self.code {
            Code::UrlInvalid => &super::checks::URL_INVALID_WHYS,
            Code::LiveEndpointDiffers => &[super::live::REDIRECT_NOT_FOLLOWED],
            Code::LiveUnreachable => &[
                super::live::ANSWERED_UNLIKE_KEYCLOAK,
                super::live::MASTER_ANSWERED,
            ],
            Code::GroupWithoutRead => &[super::checks::LANDING_UNREADABLE],
            _ => &[],
        };
        std::iter::once(self.code.message())
            .chain(others.iter().copied())
            .find(|why| self.message.len() > why.len() && self.message.ends_with(why))
    }

    /// The control that fixes it: the first of its fields the admin can edit now (an
    /// endpoint URL only while overridden), the probe command, for Host's `/auth` the
    /// Keycloak version (not said) or the live check (17+: it tells whether `/auth` is
    /// wrong), and for a split host whether the hostname is pinned (the fix: pin it, then say
    /// so).
    pub fn go_to(&self, settings: &Settings, context: &Context) -> Option<Target> {
        match self.code {
            Code::BackchannelProbe => return Some(Target::ProbeCommand),
            // /auth proven right: nothing to go to.
            Code::LegacyPath if self.severity == Severity::Info => return None,
            // Whether Host's /auth is wrong: the version settles it, and on 17+ the live check.
            Code::LegacyPath if self.fields.contains(&Field::Host) => {
                return Some(match context.keycloak_version {
                    Some(_) => Target::LiveCheck,
                    None => Target::KeycloakVersion,
                })
            }
            // Pinned by the realm's Frontend URL (the export said so): nothing to go to.
            Code::SplitHostIssuer if self.fields.contains(&Field::KeycloakExport) => return None,
            Code::SplitHostIssuer => return Some(Target::IssuerPinned),
            // The Site URL right, the client lacking this callback: the Keycloak step.
            Code::KcRedirectUriMissing if !self.fields.contains(&Field::SiteUrl) => {
                return Some(Target::ConsoleStep(ConsoleStep::RedirectUris))
            }
            // The Site URL missing where Keycloak looks after logout: added there, at the step
            // that lists it (the form's logout toggle only avoids the logout).
            Code::KcPostLogoutUriMissing => {
                let among_redirects =
                    crate::keycloak_export::checks::site_among_redirects(settings, context);
                return Some(Target::ConsoleStep(match among_redirects {
                    true => ConsoleStep::RedirectUris,
                    false => ConsoleStep::PostLogoutUris,
                }));
            }
            // Which logout this Keycloak takes: the version settles it.
            Code::LogoutModernOnLegacyKeycloak | Code::LogoutLegacyOnNewKeycloak
                if context.keycloak_version.is_none() && !context.legacy_logout_only =>
            {
                return Some(Target::KeycloakVersion)
            }
            _ => {}
        }
        first_editable(&self.fields, settings).map(Target::Field)
    }
}

/// The first of `fields` the admin can edit now: where "Go to" leads, for a finding and for
/// a pasted error's explanation alike.
pub fn first_editable(fields: &[Field], settings: &Settings) -> Option<Field> {
    fields
        .iter()
        .copied()
        .find(|&field| is_editable(settings, field))
}

/// The field a finding's few words are shown under: its first field, unless that is a
/// value derived from what the admin typed (an endpoint URL not overridden, the path layout
/// left automatic), when they go under what it was derived from, if the finding names it:
/// Host, or for a server-side URL the internal base URL when one is set. `localhost` typed
/// into Host is said under Host, not only in the closed list of endpoints.
pub fn note_field(diagnostic: &Diagnostic, settings: &Settings) -> Option<Field> {
    let first = *diagnostic.fields.first()?;
    let derived_from = if first == Field::Layout {
        (settings.layout == LayoutChoice::Automatic).then_some(Field::Host)
    } else {
        Endpoint::ALL
            .into_iter()
            .find(|e| e.field() == first && settings.overrides.get(*e).is_none())
            .map(|e| {
                // As `derive` reads it: only an internal base URL that parses is used.
                if e.is_backchannel() && parse_base(&settings.internal_base_url).is_ok() {
                    Field::InternalBaseUrl
                } else {
                    Field::Host
                }
            })
    };
    Some(
        derived_from
            .filter(|f| diagnostic.fields.contains(f))
            .unwrap_or(first),
    )
}

impl Diagnostic {
    /// Every "Go to" of the card: one per empty field for the merged "required" finding
    /// ([`merge_repeats`]), else [`Diagnostic::go_to`].
    pub fn go_to_all(&self, settings: &Settings, context: &Context) -> Vec<Target> {
        if self.code == Code::Required {
            return self.fields.iter().map(|&f| Target::Field(f)).collect();
        }
        self.go_to(settings, context).into_iter().collect()
    }
}

/// Derived endpoint URLs are read-only until the admin overrides one; the pasted export is
/// what the Keycloak side's findings were read from, not where they are fixed.
fn is_editable(settings: &Settings, field: Field) -> bool {
    field != Field::KeycloakExport
        && Endpoint::ALL
            .into_iter()
            .find(|e| e.field() == field)
            .is_none_or(|endpoint| settings.overrides.get(endpoint).is_some())
}

impl Code {
    /// The Keycloak setup checklist shows these steps with their values: the findings list
    /// does not repeat them.
    pub fn is_checklist_step(self) -> bool {
        matches!(
            self,
            Code::RegisterRedirectUri
                | Code::RegisterPostLogoutUri
                | Code::ConfidentialClient
                | Code::ClientScopes
        )
    }

    /// Whether the finding is shown under its field (the form's errors and warnings; the
    /// Keycloak side and the live check have sections of their own).
    pub fn shows_under_field(self) -> bool {
        self.severity() != Severity::Info
            && !self.is_keycloak_side()
            && !self.as_str().starts_with("live-")
    }

    /// The few words shown under the field: the finding itself is in the list beside it.
    pub fn field_note(self) -> Option<&'static str> {
        Some(match self {
            Code::Required => "Required.",
            Code::HostInvalid => "Not a usable Keycloak address.",
            Code::RealmInvalid => "Not a possible realm name.",
            Code::UrlInvalid => "Not a usable URL.",
            Code::SiteUrlMissing => "Needed for the callback URL.",
            Code::StrategyWouldBeDropped => "Another strategy would be lost.",
            Code::BackchannelLoopback => "Loopback: the Wiki.js server may not reach it.",
            Code::FrontchannelInternal => "An address users' browsers cannot open.",
            Code::SplitHostIssuer => "Two addresses: pin Keycloak's hostname.",
            Code::InsecureHttp => "Plain http: secrets in clear text.",
            Code::MixedContent => "http from an https page.",
            Code::PastedFullUrl => "A full URL: split it.",
            Code::LegacyPath => "/auth: Keycloak 16 or older, or a relative path.",
            Code::RealmNeedsEncoding => "Characters Keycloak's consoles mishandle.",
            Code::MasterRealm => "The master realm is Keycloak's own.",
            Code::LogoutLegacyOnNewKeycloak => "Breaks logout on Keycloak 18 and newer.",
            Code::LogoutModernOnLegacyKeycloak => "On Keycloak 17 or older, turn it on.",
            Code::NoAutoEnrollGroup => "New users get no group.",
            Code::GroupWithoutRead => "New users cannot read pages.",
            Code::GroupGrantsAdmin => "Makes every new user an administrator.",
            Code::SelfRegistrationOff => "Only pre-created users can sign in.",
            Code::DomainWhitelistInvalid => "An entry that never matches.",
            Code::EndpointOverriddenMismatch => "Differs from Host and Realm.",
            Code::EndpointPathUnusual => "Not the path Keycloak serves.",
            Code::BypassNotFirst => "Keycloak is not first in the list.",
            Code::StrategyDisabledButFirst => "Inactive, yet first in the list.",
            Code::ClientIdWhitespace => "Stray white space.",
            Code::SecretSuspicious => "Does not look like a client secret.",
            Code::SiteUrlOriginMismatch => "Not the address of this page.",
            // Said under the field too: the live check's section is far below it on a phone.
            // Not its refusal of an http Keycloak from an https page: the form's own
            // `mixed-content` says that under Host.
            Code::LiveUnreachable => "Live check: no answer from Keycloak.",
            Code::LiveRealmNotFound => "Live check: no such realm (case-sensitive).",
            Code::LiveLayoutMismatch => "Live check: found under the other layout.",
            Code::LiveHttpsRequired => "Live check: Keycloak requires https.",
            Code::LiveIssuerMismatch => "Live check: Keycloak's issuer differs.",
            Code::LiveEndpointDiffers => "Live check: Keycloak advertises another URL.",
            _ => return None,
        })
    }
}

/// A one-click fix offered once: a finding whose action an earlier (as sorted, more severe)
/// finding already offers keeps its text but not the button, since two buttons doing one
/// thing would read as two fixes; unless the two are one card ([`merge_repeats`]: the same
/// URL's fix found on each URL built from Host), whose one button it is. The Keycloak side's
/// findings are shown apart (the export check), so they neither take nor lose one.
pub fn offer_each_fix_once(diagnostics: &mut [Diagnostic]) {
    // Each action's first finding, by index.
    let mut offered: Vec<usize> = Vec::new();
    for i in 0..diagnostics.len() {
        let (earlier, rest) = diagnostics.split_at_mut(i);
        let d = &mut rest[0];
        if d.code.is_keycloak_side() || d.action.is_none() {
            continue;
        }
        match offered
            .iter()
            .map(|&j| &earlier[j])
            .find(|e| e.action == d.action)
        {
            None => offered.push(i),
            Some(first) if one_card(first, d) => {}
            Some(_) => d.action = None,
        }
    }
}

/// Whether two findings are shown as one card ([`merge_repeats`]).
fn one_card(a: &Diagnostic, b: &Diagnostic) -> bool {
    a.code == b.code && a.severity == b.severity && a.fix == b.fix && a.action == b.action
}

/// The findings list as shown: findings that differ only in their specifics (the token and
/// the userinfo URL both at localhost) are one card with both specifics, and one "required"
/// finding names every empty field; four cards saying the same fix would push everything
/// else off the screen.
pub fn merge_repeats<'a>(diagnostics: impl IntoIterator<Item = &'a Diagnostic>) -> Vec<Diagnostic> {
    let mut groups: Vec<Vec<&Diagnostic>> = Vec::new();
    for d in diagnostics {
        match groups.iter_mut().find(|g| one_card(g[0], d)) {
            Some(group) => group.push(d),
            None => groups.push(vec![d]),
        }
    }
    groups.into_iter().map(|group| merge(&group)).collect()
}

/// One sentence for findings that say the same of different URLs ("The Token Endpoint URL
/// points at localhost: …" and the same of the User Info one): "The Token Endpoint URL and
/// the User Info Endpoint URL point at localhost: …", where each headline is "The {its
/// first field's title} points at …" or "… uses …" with the same rest. Two more readings:
/// - http on every URL built from Host is said of Host, where it is fixed ("Host uses http
///   on …, and so do the Authorization, Token, … Endpoint URLs built from it.");
/// - a server call at loopback says what the admin's users meet: the token call comes
///   first, and where it fails sign-in stops there, so its consequence is said of both.
fn same_said_of_several(group: &[&Diagnostic]) -> Option<String> {
    let said: Vec<(&str, &str, &str)> = group
        .iter()
        .map(|d| said_of_one(d))
        .collect::<Option<_>>()?;
    let (_, verb, mut rest) = said[0];
    // Where each points ("at localhost"), and for the server calls only that: what follows
    // is each call's consequence.
    let loopback = group[0].code == Code::BackchannelLoopback;
    let same = |&(_, v, r): &(&str, &str, &str)| match loopback {
        true => v == verb && before_colon(r) == before_colon(rest),
        false => (v, r) == (verb, rest),
    };
    if !said.iter().all(same) {
        return None;
    }
    if loopback {
        let token = group
            .iter()
            .position(|d| d.fields.first() == Some(&Field::TokenUrl));
        rest = token.map_or(rest, |i| said[i].2);
    }
    let titles: Vec<&str> = said.iter().map(|&(title, ..)| title).collect();
    let (last, others) = titles.split_last()?;
    let built_from_host = || group.iter().all(|d| d.fields.contains(&Field::Host));
    if group[0].code == Code::InsecureHttp && built_from_host() {
        let names: Vec<&str> = others
            .iter()
            .map(|t| t.strip_suffix(" Endpoint URL").unwrap_or(t))
            .collect();
        return Some(format!(
            "Host {verb} {}, and so do the {} and {last}s built from it.",
            rest.strip_suffix('.').unwrap_or(rest),
            names.join(", "),
        ));
    }
    let verb = match verb {
        "points" => "point",
        "uses" => "use",
        _ => return None,
    };
    Some(format!(
        "The {} and the {last} {verb} {rest}",
        others.join(", the ")
    ))
}

fn before_colon(said: &str) -> &str {
    said.split_once(':').map_or(said, |(before, _)| before)
}

/// A finding on one URL as "The {its first field's title} {verb} {rest}".
fn said_of_one(d: &Diagnostic) -> Option<(&'static str, &str, &str)> {
    let title = d.fields.first()?.title();
    let said = d.headline().strip_prefix("The ")?.strip_prefix(title)?;
    let (verb, rest) = said.strip_prefix(' ')?.split_once(' ')?;
    Some((title, verb, rest))
}

fn merge(group: &[&Diagnostic]) -> Diagnostic {
    let first = group[0];
    if group.len() == 1 {
        return first.clone();
    }
    let mut fields: Vec<Field> = Vec::new();
    for field in group.iter().flat_map(|d| d.fields.iter().copied()) {
        if !fields.contains(&field) {
            fields.push(field);
        }
    }
    let headline = if first.code == Code::Required {
        let titles: Vec<&str> = fields.iter().map(|f| f.title()).collect();
        let (last, rest) = titles.split_last().unwrap_or((&"", &[]));
        format!("{} and {last} are empty.", rest.join(", "))
    } else {
        let headlines: Vec<&str> = group.iter().map(|d| d.headline()).collect();
        same_said_of_several(group).unwrap_or_else(|| headlines.join(" "))
    };
    // The catalogue's "Fill in the field." under a list of several.
    let fix = if first.code == Code::Required {
        "Fill in each of them.".to_owned()
    } else {
        first.fix.clone()
    };
    Diagnostic {
        fields,
        message: match first.explanation() {
            Some(why) => format!("{headline} {why}"),
            None => headline,
        },
        fix,
        ..first.clone()
    }
}
