//! The demo wiki behind `backend::Transport::Demo`. In the browser it is the `demo` part's
//! `DemoServer`, created on the first request (so none of the demo's code is in the page's
//! first module); natively it is the same `wkc_parts::DemoServer`, in process. A page can
//! also be given a wiki that answers in process ([`Respond`], the browser tests).

use std::cell::RefCell;

use super::PartError;

/// Answers one posted body: (HTTP status, body).
pub type Respond = Box<dyn FnMut(&str) -> (u16, String)>;

/// The demo wiki one backend talks to.
pub struct Demo(Inner);

enum Inner {
    /// The demo part's server, created on first use.
    #[cfg(target_arch = "wasm32")]
    Part(RefCell<Option<wasm_bindgen::JsValue>>),
    #[cfg(not(target_arch = "wasm32"))]
    Part(RefCell<wkc_parts::DemoServer>),
    Local(RefCell<Respond>),
}

impl Demo {
    /// A freshly set-up demo wiki from the demo part.
    pub fn part() -> Self {
        #[cfg(target_arch = "wasm32")]
        return Demo(Inner::Part(RefCell::new(None)));
        #[cfg(not(target_arch = "wasm32"))]
        return Demo(Inner::Part(RefCell::new(wkc_parts::DemoServer::new())));
    }

    /// A wiki that answers in process.
    pub fn local(respond: Respond) -> Self {
        Demo(Inner::Local(RefCell::new(respond)))
    }

    /// Answer one body as Wiki.js would.
    pub async fn respond(&self, body: &str) -> Result<(u16, String), PartError> {
        match &self.0 {
            Inner::Local(respond) => Ok((respond.borrow_mut())(body)),
            #[cfg(not(target_arch = "wasm32"))]
            Inner::Part(server) => Ok(split(&server.borrow_mut().respond(body))),
            #[cfg(target_arch = "wasm32")]
            Inner::Part(server) => {
                use super::{web, Part};
                let existing = server.borrow().clone();
                let server_object = match existing {
                    Some(s) => s,
                    None => {
                        let module = web::load(Part::Demo).await?;
                        // Another request may have created it meanwhile: keep the first.
                        let created = web::construct(Part::Demo, &module, "DemoServer")?;
                        server.borrow_mut().get_or_insert(created).clone()
                    }
                };
                let answer = web::call(Part::Demo, &server_object, "respond", &[body.into()])?;
                Ok(split(&answer.as_string().unwrap_or_default()))
            }
        }
    }
}

#[cfg(target_arch = "wasm32")]
impl Drop for Demo {
    /// Free the part's wiki with the backend (its state lives in the part's memory).
    fn drop(&mut self) {
        if let Inner::Part(server) = &self.0 {
            if let Some(server) = server.borrow_mut().take() {
                let _ = super::web::call(super::Part::Demo, &server, "free", &[]);
            }
        }
    }
}

/// `DemoServer.respond`'s answer: the status, one space, the body.
fn split(answer: &str) -> (u16, String) {
    answer
        .split_once(' ')
        .and_then(|(status, body)| Some((status.parse().ok()?, body.to_owned())))
        .unwrap_or((500, answer.to_owned()))
}
