//! The network shell: posts the bodies `core::wikijs` builds and hands the answers back to
//! it. It decides nothing about their content; it only orders the requests (load, save) and
//! turns "no answer at all" into a [`BackendError`] like any other failure.
//!
//! Compiles natively and for wasm32; HTTP requests only run in the browser, the in-memory
//! demo wiki runs everywhere (the native tests use it).

// Wasm only: abort controllers exist only in the browser.
#[cfg(target_arch = "wasm32")]
mod deadline;
pub mod live;
mod save;
pub mod timer;
mod transport;

#[cfg(test)]
mod tests;

use std::cell::RefCell;
use std::rc::Rc;

pub use save::{SaveError, SaveReport, SaveRequest};
pub use transport::{RawResponse, Sent, Transport, TransportError, TIMEOUT_SECONDS};

use crate::parts::{Demo, Respond};
use wkc_core::settings::GroupInfo;
use wkc_core::wikijs::{
    active_strategies_body, decode_active, decode_group, decode_load, decode_probe, group_body,
    load_body, probe_body, ActiveStrategy, BackendError, Loaded,
};

/// One Wiki.js (or the demo wiki). Cheap to clone; clones share the token.
#[derive(Clone)]
pub struct Backend(Rc<Transport>);

impl Backend {
    /// The Wiki.js GraphQL endpoint at `endpoint` (`/graphql` on the wiki's origin), with the
    /// admin's session cookie and, when given, a Bearer token (an API key).
    pub fn wiki(endpoint: String, token: Option<String>) -> Self {
        let token = token.filter(|t| !t.trim().is_empty());
        Backend(Rc::new(Transport::Http {
            endpoint,
            token: RefCell::new(token),
        }))
    }

    /// The in-memory demo wiki, freshly set up (in the browser, from the `demo` part,
    /// loaded with the first request).
    pub fn demo() -> Self {
        Backend(Rc::new(Transport::Demo(Demo::part())))
    }

    /// A demo wiki that answers in process (the browser tests: `wkc_demo::DemoWiki`).
    pub fn with_demo(respond: Respond) -> Self {
        Backend(Rc::new(Transport::Demo(Demo::local(respond))))
    }

    pub fn is_demo(&self) -> bool {
        matches!(*self.0, Transport::Demo(_))
    }

    /// The transport, for tests that act on the demo wiki behind the adapter's back.
    pub fn transport(&self) -> &Transport {
        &self.0
    }

    /// POST one body; "no answer" becomes a [`BackendError`] too.
    async fn ask(&self, body: String) -> Result<RawResponse, BackendError> {
        Ok(self.0.post(body).await?)
    }

    /// Active strategies, Keycloak definition, site config and groups.
    pub async fn load(&self) -> Result<Loaded, BackendError> {
        self.loaded(self.send_load()).await
    }

    /// Start the load now (the page sends it before it builds itself); see [`Self::loaded`].
    pub fn send_load(&self) -> Sent {
        self.0.send(load_body())
    }

    /// What the load [`Self::send_load`] started returned.
    pub async fn loaded(&self, sent: Sent) -> Result<Loaded, BackendError> {
        let answer = self.0.answer(sent).await?;
        decode_load(answer.status, &answer.body)
    }

    /// The active strategies alone (the re-read before a save and the read-back after it).
    pub async fn active(&self) -> Result<Vec<ActiveStrategy>, BackendError> {
        let answer = self.ask(active_strategies_body()).await?;
        decode_active(answer.status, &answer.body)
    }

    /// One group with its permissions and page rules; `None` when no group has that id.
    pub async fn group(&self, id: u32) -> Result<Option<GroupInfo>, BackendError> {
        let answer = self.ask(group_body(id)).await?;
        decode_group(answer.status, &answer.body)
    }

    /// The groups among `ids` that Wiki.js could describe, in that order, for the
    /// diagnostics; a group that fails to load is left out (its checks stay silent). The
    /// requests go out together.
    pub async fn groups_info(&self, ids: &[u32]) -> Vec<GroupInfo> {
        let sent: Vec<Sent> = ids.iter().map(|&id| self.0.send(group_body(id))).collect();
        let mut groups = Vec::with_capacity(ids.len());
        for sent in sent {
            let Ok(answer) = self.0.answer(sent).await else {
                continue;
            };
            if let Ok(Some(group)) = decode_group(answer.status, &answer.body) {
                groups.push(group);
            }
        }
        groups
    }

    /// Save one strategy into the wiki's full list: see [`save`] for the steps.
    pub async fn save(&self, request: SaveRequest) -> Result<SaveReport, SaveError> {
        save::save(self, request).await
    }

    /// Whether a Wiki.js answers at the endpoint: any GraphQL answer (even "Forbidden")
    /// means yes; a network error, a 404 or an HTML page means no.
    pub async fn probe(&self) -> Result<(), BackendError> {
        let answer = self.ask(probe_body()).await?;
        decode_probe(answer.status, &answer.body)
    }
}
