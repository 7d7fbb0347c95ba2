//! Troubleshooting and the Keycloak exports, from the `tools` part. Settings cross as the
//! JSON they serialize to (never with the client secret: that crosses apart, only to the
//! exports the admin asked to include it in).

use super::{Facts, PartError};
use wkc_core::diagnostics::Target;
use wkc_core::Settings;

/// The settings as the part reads them (the secret is skipped by `Settings`' serializer).
fn json(settings: &Settings) -> String {
    serde_json::to_string(settings).unwrap_or_default()
}

/// One recognised text: what `core::troubleshoot::Explanation` says, as the page shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explanation {
    pub pattern: String,
    pub cause: String,
    pub fix: String,
    /// The related finding's code, or "".
    pub code: String,
    /// Where its "Go to" leads (`core::troubleshoot::Explanation::go_to`).
    pub go_to: Option<Target>,
}

/// `core::troubleshoot` for `text` against these settings and the context's facts, and
/// whether Wiki.js holds exactly these settings (`Context::wiki_holds_form`).
pub async fn troubleshoot(
    text: &str,
    settings: &Settings,
    facts: Facts,
    wiki_holds_form: bool,
) -> Result<Vec<Explanation>, PartError> {
    let has_secret = !settings.client_secret.is_empty();
    let flat = imp::troubleshoot(text, &json(settings), has_secret, facts, wiki_holds_form).await?;
    Ok(flat
        .chunks_exact(5)
        .map(|five| Explanation {
            pattern: five[0].clone(),
            cause: five[1].clone(),
            fix: five[2].clone(),
            code: five[3].clone(),
            go_to: Target::parse(&five[4]),
        })
        .collect())
}

/// The two ways to create the client in Keycloak, which the part takes the same arguments for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClientExport {
    /// The client JSON for Keycloak's "Import client".
    Json,
    /// The `kcadm.sh` commands that create the client.
    Kcadm,
}

/// One of the client exports, for the context's facts (where the Site URL goes after logout
/// depends on both).
pub async fn client_export(
    which: ClientExport,
    settings: &Settings,
    include_secret: bool,
    facts: Facts,
) -> Result<String, PartError> {
    let secret = secret_for(settings, include_secret);
    imp::client_export(which, &json(settings), secret, include_secret, facts).await
}

/// The back-channel probe: (plain, docker).
pub async fn probe_commands(settings: &Settings) -> Result<(String, String), PartError> {
    let mut both = imp::probe_commands(&json(settings)).await?.into_iter();
    Ok((
        both.next().unwrap_or_default(),
        both.next().unwrap_or_default(),
    ))
}

/// The secret goes along only when the admin asked to include it.
fn secret_for(settings: &Settings, include_secret: bool) -> &str {
    if include_secret {
        settings.client_secret.expose()
    } else {
        ""
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod imp {
    use super::{ClientExport, Facts, PartError};

    pub async fn troubleshoot(
        text: &str,
        settings: &str,
        has_secret: bool,
        facts: Facts,
        held: bool,
    ) -> Result<Vec<String>, PartError> {
        let (legacy, version) = facts.args();
        Ok(wkc_parts::troubleshoot(
            text, settings, has_secret, legacy, version, held,
        ))
    }
    pub async fn client_export(
        which: ClientExport,
        s: &str,
        secret: &str,
        include: bool,
        facts: Facts,
    ) -> Result<String, PartError> {
        let export = match which {
            ClientExport::Json => wkc_parts::client_json,
            ClientExport::Kcadm => wkc_parts::kcadm_commands,
        };
        let (legacy, version) = facts.args();
        Ok(export(s, secret, include, legacy, version))
    }
    pub async fn probe_commands(s: &str) -> Result<Vec<String>, PartError> {
        Ok(wkc_parts::probe_commands(s))
    }
}

#[cfg(target_arch = "wasm32")]
mod imp {
    use wasm_bindgen::JsValue;

    use super::super::{web, Facts, Part, PartError};
    use super::ClientExport;

    async fn call(name: &str, args: &[JsValue]) -> Result<JsValue, PartError> {
        let module = web::load(Part::Tools).await?;
        web::call(Part::Tools, &module, name, args)
    }

    pub async fn troubleshoot(
        text: &str,
        settings: &str,
        has_secret: bool,
        facts: Facts,
        held: bool,
    ) -> Result<Vec<String>, PartError> {
        let (legacy, version) = facts.args();
        let args = [
            text.into(),
            settings.into(),
            has_secret.into(),
            legacy.into(),
            version.into(),
            held.into(),
        ];
        Ok(web::strings(&call("troubleshoot", &args).await?))
    }
    pub async fn client_export(
        which: ClientExport,
        s: &str,
        secret: &str,
        include: bool,
        facts: Facts,
    ) -> Result<String, PartError> {
        let name = match which {
            ClientExport::Json => "clientJson",
            ClientExport::Kcadm => "kcadmCommands",
        };
        let (legacy, version) = facts.args();
        let args = [
            s.into(),
            secret.into(),
            include.into(),
            legacy.into(),
            version.into(),
        ];
        Ok(call(name, &args).await?.as_string().unwrap_or_default())
    }
    pub async fn probe_commands(s: &str) -> Result<Vec<String>, PartError> {
        Ok(web::strings(&call("probeCommands", &[s.into()]).await?))
    }
}
