//! The Keycloak side from the `tools` part: the pasted export is parsed, held and checked
//! there, so the page's first load carries no export parser and no `kc-*` check. The page
//! keeps the text for its box; the part holds the parse under the paste's id, which every
//! call names (and pastes again first, when the part does not hold it yet).

use std::cell::RefCell;
use std::sync::Arc;

use super::{Facts, PartError};
use wkc_core::diagnostics::wire::unflatten;
use wkc_core::keycloak_client::ConsoleStep;
use wkc_core::{Diagnostic, Settings};

/// One export pasted (or a dropped file refused by its size): its id in the part.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Paste {
    id: u32,
    content: Content,
}

#[derive(Clone, PartialEq, Eq)]
enum Content {
    Text(Arc<str>),
    TooLarge(u64),
}

/// The length only: the text may quote a secret anywhere.
impl std::fmt::Debug for Content {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Content::Text(text) => write!(f, "Text({} bytes)", text.len()),
            Content::TooLarge(bytes) => write!(f, "TooLarge({bytes})"),
        }
    }
}

/// What the part said of a paste before any check.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Summary {
    readable: bool,
    candidates: Vec<Candidate>,
}

/// A client of the export to offer while Client ID is empty, and the realm it is in (`None`
/// in a client export).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub client_id: String,
    pub realm: Option<String>,
}

/// The part's `[id, realm, id, realm…]` ("" for no realm) as candidates.
fn candidates(mut said: impl Iterator<Item = String>) -> Vec<Candidate> {
    let mut out = Vec::new();
    while let Some(client_id) = said.next() {
        let realm = said.next().filter(|r| !r.is_empty());
        out.push(Candidate { client_id, realm });
    }
    out
}

/// What the page shows of the pasted export for the current settings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct KeycloakSide {
    /// The paste it answers for ([`Paste::id`]): an answer for an earlier paste is not shown.
    pub paste: u32,
    /// The text is an export Keycloak wrote (the checklist turns into checks).
    pub readable: bool,
    /// Clients of the export to offer while Client ID is empty (at most 20).
    pub candidates: Vec<Candidate>,
    /// The `kc-*` findings.
    pub findings: Vec<Diagnostic>,
    /// The console steps the client's export says nothing about (the checklist ticks none).
    pub silent: Vec<ConsoleStep>,
    /// The settings and the facts of the context it answered for: while they are not the
    /// current ones, a newer answer is on its way.
    pub settings: Settings,
    pub facts: Facts,
}

thread_local! {
    static NEXT_ID: std::cell::Cell<u32> = const { std::cell::Cell::new(1) };
    /// The pastes a page still has (not forgotten).
    static LIVE: RefCell<Vec<u32>> = const { RefCell::new(Vec::new()) };
    /// The pastes the part holds, with its summary of each.
    static HELD: RefCell<Vec<(u32, Summary)>> = const { RefCell::new(Vec::new()) };
}

impl Paste {
    fn new(content: Content) -> Paste {
        let id = NEXT_ID.with(|n| n.replace(n.get().wrapping_add(1)));
        LIVE.with(|l| l.borrow_mut().push(id));
        Paste { id, content }
    }

    pub fn id(&self) -> u32 {
        self.id
    }

    /// `None` for blank text: nothing is pasted.
    pub fn text(text: &str) -> Option<Paste> {
        (!text.trim().is_empty()).then(|| Paste::new(Content::Text(text.into())))
    }

    /// A dropped file over the size an export may be, refused without reading it.
    pub fn too_large(bytes: u64) -> Paste {
        Paste::new(Content::TooLarge(bytes))
    }
}

/// The settings as the part reads them (the secret crosses apart).
fn json(settings: &Settings) -> String {
    serde_json::to_string(settings).unwrap_or_default()
}

/// The part's summary of `paste`, pasting it into the part first when it does not hold it.
async fn held(paste: &Paste) -> Result<Summary, PartError> {
    let known = HELD.with(|h| {
        h.borrow()
            .iter()
            .find(|(id, _)| *id == paste.id)
            .map(|(_, s)| s.clone())
    });
    if let Some(summary) = known {
        return Ok(summary);
    }
    let summary = match &paste.content {
        Content::Text(text) => {
            let mut said = imp::paste_export(paste.id, text).await?.into_iter();
            Summary {
                readable: said.next().as_deref() == Some("readable"),
                candidates: candidates(said),
            }
        }
        Content::TooLarge(bytes) => {
            imp::refuse_export(paste.id, *bytes as f64).await?;
            Summary::default()
        }
    };
    // Forgotten while the part parsed it (the box changed, the page went away): drop it
    // there too, or the part would keep it for as long as the page's wasm lives.
    if !LIVE.with(|l| l.borrow().contains(&paste.id)) {
        imp::forget_export(paste.id).await?;
        return Ok(summary);
    }
    HELD.with(|h| {
        let mut h = h.borrow_mut();
        if !h.iter().any(|(id, _)| *id == paste.id) {
            h.push((paste.id, summary.clone()));
        }
    });
    Ok(summary)
}

/// Let the part drop `paste` (the box was cleared or replaced, or the page went away).
pub fn forget(paste: &Paste) {
    LIVE.with(|l| l.borrow_mut().retain(|id| *id != paste.id));
    let was_held = HELD.with(|h| {
        let mut h = h.borrow_mut();
        let before = h.len();
        h.retain(|(id, _)| *id != paste.id);
        h.len() != before
    });
    if was_held {
        let id = paste.id;
        leptos::task::spawn_local(async move {
            let _ = imp::forget_export(id).await;
        });
    }
}

/// The Keycloak side of `paste` for these settings.
pub async fn check(
    paste: &Paste,
    settings: &Settings,
    facts: Facts,
) -> Result<KeycloakSide, PartError> {
    let summary = held(paste).await?;
    let secret = settings.client_secret.expose();
    // The silent steps' ids first, then the findings (`checkExport`).
    let said = imp::check_export(paste.id, &json(settings), secret, facts).await?;
    let (silent, flat) = said
        .split_first()
        .map_or(("", &[][..]), |(s, f)| (s.as_str(), f));
    Ok(KeycloakSide {
        paste: paste.id,
        readable: summary.readable,
        candidates: summary.candidates,
        findings: unflatten(flat),
        silent: silent.split(' ').filter_map(ConsoleStep::parse).collect(),
        settings: settings.clone(),
        facts,
    })
}

/// The `kcadm.sh` script that fixes the exported client ("" when it is not in the export).
pub async fn fix_commands(
    paste: &Paste,
    settings: &Settings,
    facts: Facts,
) -> Result<String, PartError> {
    held(paste).await?;
    let secret = settings.client_secret.expose();
    imp::export_fix_commands(paste.id, &json(settings), secret, facts).await
}

/// The exported client corrected, for Import client.
pub async fn corrected_client_json(
    paste: &Paste,
    settings: &Settings,
    facts: Facts,
    include_secret: bool,
) -> Result<String, PartError> {
    held(paste).await?;
    let secret = settings.client_secret.expose();
    let settings = json(settings);
    imp::corrected_client_json(paste.id, &settings, secret, facts, include_secret).await
}

/// `live-issuer-mismatch`, when the live issuer is not the one the export's Frontend URL gives.
pub async fn issuer_against_export(
    paste: &Paste,
    issuer: &str,
    realm: &str,
) -> Result<Option<Diagnostic>, PartError> {
    held(paste).await?;
    let flat = imp::issuer_against_export(paste.id, issuer, realm).await?;
    Ok(unflatten(&flat).into_iter().next())
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    use super::{Facts, PartError};

    pub async fn paste_export(id: u32, text: &str) -> Result<Vec<String>, PartError> {
        Ok(wkc_parts::paste_export(id, text))
    }
    pub async fn refuse_export(id: u32, bytes: f64) -> Result<(), PartError> {
        wkc_parts::refuse_export(id, bytes);
        Ok(())
    }
    pub async fn forget_export(id: u32) -> Result<(), PartError> {
        wkc_parts::forget_export(id);
        Ok(())
    }
    pub async fn check_export(
        id: u32,
        settings: &str,
        secret: &str,
        facts: Facts,
    ) -> Result<Vec<String>, PartError> {
        let (legacy, version) = facts.args();
        Ok(wkc_parts::check_export(
            id, settings, secret, legacy, version,
        ))
    }
    pub async fn export_fix_commands(
        id: u32,
        settings: &str,
        secret: &str,
        facts: Facts,
    ) -> Result<String, PartError> {
        let (legacy, version) = facts.args();
        Ok(wkc_parts::export_fix_commands(
            id, settings, secret, legacy, version,
        ))
    }
    pub async fn corrected_client_json(
        id: u32,
        settings: &str,
        secret: &str,
        facts: Facts,
        include: bool,
    ) -> Result<String, PartError> {
        let (legacy, version) = facts.args();
        Ok(wkc_parts::corrected_client_json(
            id, settings, secret, legacy, version, include,
        ))
    }
    pub async fn issuer_against_export(
        id: u32,
        issuer: &str,
        realm: &str,
    ) -> Result<Vec<String>, PartError> {
        Ok(wkc_parts::issuer_against_export(id, issuer, realm))
    }
}

#[cfg(target_arch = "wasm32")]
mod imp {
    use wasm_bindgen::JsValue;

    use super::super::{web, Facts, Part, PartError};

    async fn call(name: &str, args: &[JsValue]) -> Result<JsValue, PartError> {
        let module = web::load(Part::Tools).await?;
        web::call(Part::Tools, &module, name, args)
    }

    async fn text(name: &str, args: &[JsValue]) -> Result<String, PartError> {
        Ok(call(name, args).await?.as_string().unwrap_or_default())
    }

    pub async fn paste_export(id: u32, text: &str) -> Result<Vec<String>, PartError> {
        Ok(web::strings(
            &call("pasteExport", &[id.into(), text.into()]).await?,
        ))
    }
    pub async fn refuse_export(id: u32, bytes: f64) -> Result<(), PartError> {
        call("refuseExport", &[id.into(), bytes.into()]).await?;
        Ok(())
    }
    pub async fn forget_export(id: u32) -> Result<(), PartError> {
        call("forgetExport", &[id.into()]).await?;
        Ok(())
    }
    /// The arguments every call about a held export starts with.
    fn about(id: u32, settings: &str, secret: &str, facts: Facts) -> [JsValue; 5] {
        let (legacy, version) = facts.args();
        [
            id.into(),
            settings.into(),
            secret.into(),
            legacy.into(),
            version.into(),
        ]
    }
    pub async fn check_export(
        id: u32,
        settings: &str,
        secret: &str,
        facts: Facts,
    ) -> Result<Vec<String>, PartError> {
        let args = about(id, settings, secret, facts);
        Ok(web::strings(&call("checkExport", &args).await?))
    }
    pub async fn export_fix_commands(
        id: u32,
        settings: &str,
        secret: &str,
        facts: Facts,
    ) -> Result<String, PartError> {
        text("exportFixCommands", &about(id, settings, secret, facts)).await
    }
    pub async fn corrected_client_json(
        id: u32,
        settings: &str,
        secret: &str,
        facts: Facts,
        include: bool,
    ) -> Result<String, PartError> {
        let [a, b, c, d, e] = about(id, settings, secret, facts);
        let args = [a, b, c, d, e, include.into()];
        text("correctedClientJson", &args).await
    }
    pub async fn issuer_against_export(
        id: u32,
        issuer: &str,
        realm: &str,
    ) -> Result<Vec<String>, PartError> {
        let args = [id.into(), issuer.into(), realm.into()];
        Ok(web::strings(&call("issuerAgainstExport", &args).await?))
    }
}
