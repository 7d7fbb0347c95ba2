//! The Keycloak side of the contract, read from what Keycloak exports: a single client
//! (Clients › client › Action › Export), a realm (Realm settings › Action › Partial export, or
//! a `kc.sh export` file) or the array `kcadm.sh get clients -r <realm>` prints.
//!
//! [`parse`] reads the untrusted text once (at most [`MAX_EXPORT_BYTES`]; a realm's users are
//! skipped, never kept; the client secret is kept only as a [`Secret`] to compare);
//! [`checks`] turns the client whose `clientId` is the form's Client ID into `kc-*` findings;
//! [`redirect`] matches URIs the way Keycloak does; [`fixes`] writes the `kcadm.sh` commands
//! and the corrected client JSON; [`live`] compares the export with the live check's issuer.
//!
//! **Invariant:** nothing here writes the export's secret anywhere: it is compared with the
//! form's and dropped. Findings and fixes run through [`checks::redact`] so that no value
//! copied from the export can carry either secret by accident.

pub mod checklist;
pub mod checks;
pub mod fixes;
pub mod live;
pub mod parse;
pub mod redirect;

use serde_json::{Map, Value};

use crate::secret::Secret;

pub use checklist::{checklist, silent_steps, Checklist, ItemState};
pub use parse::{parse_export, too_large, MAX_EXPORT_BYTES};

/// What was pasted: a readable export, or why it is not one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PastedExport {
    Readable(KeycloakExport),
    /// Why the text is not an export Keycloak wrote, in a few words for the finding.
    Unreadable(String),
}

/// How the export was made: it decides which findings can be told (a client export has no
/// realm facts) and the wording of "where did this come from".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExportShape {
    /// Clients › client › Action › Export (no `id`).
    Client,
    /// `kcadm.sh get clients -r <realm>`: a JSON array of clients.
    ClientList,
    /// Realm settings › Action › Partial export, or a `kc.sh export` file.
    Realm,
    /// A `kc.sh export` file of several realms: a JSON array of realms.
    RealmList,
}

/// A readable export: its shape and its realms (a client export has one realm, unnamed).
#[derive(Clone, PartialEq, Eq)]
pub struct KeycloakExport {
    pub shape: ExportShape,
    pub realms: Vec<ExportedRealm>,
}

/// Only the shape and the counts: a debug print of the context (in a log, a panic message)
/// must not carry what the export holds, which may quote a secret anywhere.
impl std::fmt::Debug for KeycloakExport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeycloakExport")
            .field("shape", &self.shape)
            .field("realms", &self.realms.len())
            .field(
                "clients",
                &self.realms.iter().map(|r| r.clients.len()).sum::<usize>(),
            )
            .finish()
    }
}

/// The realm facts the checks need, and the realm's clients.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExportedRealm {
    /// `realm`; `None` for client exports, which do not say.
    pub name: Option<String>,
    pub enabled: Option<bool>,
    /// `sslRequired` as written (`external`, `all`, `none`).
    pub ssl_required: Option<String>,
    /// `attributes.frontendUrl`, when set and not empty.
    pub frontend_url: Option<String>,
    pub clients: Vec<ExportedClient>,
}

/// One client, as Keycloak's `ClientRepresentation` holds it. Booleans are `None` when the
/// export leaves them out (Keycloak then takes its default; see the accessors).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExportedClient {
    pub client_id: String,
    pub enabled: Option<bool>,
    pub protocol: Option<String>,
    pub public_client: Option<bool>,
    pub bearer_only: Option<bool>,
    pub standard_flow_enabled: Option<bool>,
    pub implicit_flow_enabled: Option<bool>,
    pub consent_required: Option<bool>,
    pub client_authenticator_type: Option<String>,
    pub secret: ExportedSecret,
    pub root_url: Option<String>,
    pub redirect_uris: Vec<String>,
    /// `None` when the key is absent: the realm's defaults apply.
    pub default_client_scopes: Option<Vec<String>>,
    pub optional_client_scopes: Option<Vec<String>>,
    /// `attributes`, string values only (as Keycloak writes them).
    pub attributes: Vec<(String, String)>,
    /// The client as exported, without `id`, `secret`, registration tokens or any
    /// secret-bearing attribute: the start of the corrected JSON for Import client.
    pub representation: Map<String, Value>,
}

/// The `secret` of an exported client: only ever compared.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum ExportedSecret {
    #[default]
    Absent,
    /// `"**********"` (a partial export, or an admin with only `view-clients`).
    Masked,
    Clear(Secret),
}

/// Where each export is made: (what, new admin console, old admin console before 19–21, or
/// "" where both are the same).
pub const WHERE_TO_EXPORT: &[(&str, &str, &str)] = &[
    (
        "One client",
        "Clients › your client › Action (top right) › Export",
        "Clients › your client › Export (top right)",
    ),
    (
        "The realm with its clients (secrets masked)",
        "Realm settings › Action (top right) › Partial export, with Include clients on",
        "Manage › Export, with Export clients on",
    ),
    (
        "The whole realm, secrets included",
        "On the server: kc.sh export --realm <realm> --users skip --file realm.json",
        "On the server: standalone.sh -Dkeycloak.migration.action=export -Dkeycloak.migration.realmName=<realm> -Dkeycloak.migration.usersExportStrategy=SKIP -Dkeycloak.migration.provider=singleFile -Dkeycloak.migration.file=realm.json",
    ),
    (
        "Every client of a realm",
        "kcadm.sh get clients -r <realm>",
        "",
    ),
];

/// Keycloak's own clients in every realm: never the wiki's, so not offered for Client ID.
pub const BUILT_IN_CLIENTS: &[&str] = &[
    "account",
    "account-console",
    "admin-cli",
    "broker",
    "realm-management",
    "security-admin-console",
];

/// Attribute keys Keycloak reads for this flow.
pub const ATTR_POST_LOGOUT: &str = "post.logout.redirect.uris";
pub const ATTR_PKCE: &str = "pkce.code.challenge.method";
pub const ATTR_SECRET_METHOD: &str = "client.secret.authentication.allowed.method";

impl ExportedClient {
    pub fn attribute(&self, key: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    pub fn is_enabled(&self) -> bool {
        self.enabled.unwrap_or(true)
    }

    pub fn is_standard_flow_enabled(&self) -> bool {
        self.standard_flow_enabled.unwrap_or(true)
    }

    /// Whether Keycloak reads this client's redirect URIs for a logout that names no client
    /// (`RedirectUtils.getValidateRedirectUris`): enabled, OpenID Connect, not bearer-only,
    /// with a browser flow (standard or implicit).
    pub fn takes_unnamed_logout(&self) -> bool {
        self.is_enabled()
            && self
                .protocol
                .as_deref()
                .is_none_or(|p| p == "openid-connect")
            && self.bearer_only != Some(true)
            && (self.is_standard_flow_enabled() || self.implicit_flow_enabled == Some(true))
    }
}

impl PastedExport {
    pub fn is_readable(&self) -> bool {
        matches!(self, PastedExport::Readable(_))
    }
}

/// A client the page offers for an empty Client ID, with the realm it is in (`None` in a
/// client export, which names none): picking it sets that realm too, where the client is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CandidateClient<'a> {
    pub client_id: &'a str,
    pub realm: Option<&'a str>,
}

impl KeycloakExport {
    /// Every client ID in the export, Keycloak's built-in clients left out, in export order.
    pub fn candidate_client_ids(&self) -> Vec<&str> {
        client_ids_in(self.realms.iter())
    }

    /// What the page offers for an empty Client ID: every client of the export, Keycloak's
    /// built-in ones left out, once per realm it is in, in export order.
    pub fn candidate_clients(&self) -> Vec<CandidateClient<'_>> {
        let mut out: Vec<CandidateClient> = Vec::new();
        for realm in &self.realms {
            for client in &realm.clients {
                let candidate = CandidateClient {
                    client_id: client.client_id.as_str(),
                    realm: realm.name.as_deref(),
                };
                if !BUILT_IN_CLIENTS.contains(&candidate.client_id) && !out.contains(&candidate) {
                    out.push(candidate);
                }
            }
        }
        out
    }

    /// The candidates among the realms [`Self::client_for`] looks in for `realm`: a fill
    /// from elsewhere would not find its client either.
    pub fn candidate_client_ids_for(&self, realm: &str) -> Vec<&str> {
        client_ids_in(self.realms_for(realm).into_iter())
    }

    /// The realms the client checks look in for `realm`: the one named so (or the only
    /// one), else all of them.
    pub fn realms_for(&self, realm: &str) -> Vec<&ExportedRealm> {
        match self.realm_for(realm) {
            Some(r) => vec![r],
            None => self.realms.iter().collect(),
        }
    }

    /// The realm the checks read: the only one, or the one named `realm`.
    pub fn realm_for(&self, realm: &str) -> Option<&ExportedRealm> {
        match self.realms.as_slice() {
            [only] => Some(only),
            many => many.iter().find(|r| r.name.as_deref() == Some(realm)),
        }
    }

    /// The client named `client_id` (exactly, as Keycloak compares), in the realm the checks
    /// read, or in any realm when none is named `realm`.
    pub fn client_for(
        &self,
        realm: &str,
        client_id: &str,
    ) -> Option<(&ExportedRealm, &ExportedClient)> {
        fn find<'a>(
            r: &'a ExportedRealm,
            id: &str,
        ) -> Option<(&'a ExportedRealm, &'a ExportedClient)> {
            r.clients.iter().find(|c| c.client_id == id).map(|c| (r, c))
        }
        self.realms_for(realm)
            .into_iter()
            .find_map(|r| find(r, client_id))
    }

    /// Whether the export says which realm it is of (client exports do not).
    pub fn names_realms(&self) -> bool {
        matches!(self.shape, ExportShape::Realm | ExportShape::RealmList)
    }
}

/// The client IDs of `realms` an admin may mean, Keycloak's built-in clients left out, each once.
fn client_ids_in<'a>(realms: impl Iterator<Item = &'a ExportedRealm>) -> Vec<&'a str> {
    let mut ids: Vec<&str> = Vec::new();
    for client in realms.flat_map(|r| &r.clients) {
        let id = client.client_id.as_str();
        if !BUILT_IN_CLIENTS.contains(&id) && !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids
}
