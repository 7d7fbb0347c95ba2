//! The static demo's backend: the in-memory Wiki.js of `wkc-demo`, answering the GraphQL
//! bodies the shell would post to a real one. The shell only ever sees status and text, as
//! from a real Wiki.js, so none of the demo's code is in the page's first module.

use wasm_bindgen::prelude::*;
use wkc_demo::DemoWiki;

/// One demo wiki, freshly set up; its state lives until the shell frees it.
#[wasm_bindgen]
#[derive(Default)]
pub struct DemoServer(DemoWiki);

#[wasm_bindgen]
impl DemoServer {
    #[wasm_bindgen(constructor)]
    pub fn new() -> DemoServer {
        DemoServer(DemoWiki::new())
    }

    /// Answer one POSTed body as Wiki.js would: the HTTP status, one space, the body.
    pub fn respond(&mut self, body: &str) -> String {
        let (status, body) = self.0.respond(body);
        format!("{status} {body}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split_answer(answer: &str) -> Option<(u16, &str)> {
        let (status, body) = answer.split_once(' ')?;
        Some((status.parse().ok()?, body))
    }

    #[test]
    fn answers_carry_the_status_and_the_whole_body() {
        let mut server = DemoServer::new();
        let answer = server.respond("not json");
        let (status, body) = split_answer(&answer).expect("status and body");
        assert_eq!(status, 400, "{answer}");
        assert_eq!(body, server.0.clone().respond("not json").1);
        let body = wkc_core::wikijs::probe_body();
        let (status, text) = split_answer(&server.respond(&body))
            .map(|(s, t)| (s, t.to_owned()))
            .unwrap();
        assert_eq!(status, 200);
        assert!(
            wkc_core::wikijs::decode_probe(status, &text).is_ok(),
            "{text}"
        );
    }
}
