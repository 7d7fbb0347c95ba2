//! The `demo_respond` fuzz target: any bytes, as a request body, to a fresh demo wiki, which
//! must answer as Wiki.js does and still answer its load afterwards.

use wkc_core::wikijs::{decode_data, decode_load, load_body, BackendError};

use crate::DemoWiki;

pub fn demo_respond(data: &[u8]) {
    let body = String::from_utf8_lossy(data);
    let mut demo = DemoWiki::new();
    let (status, answer) = demo.respond(&body);
    let _ = decode_data(status, &answer);
    // Whatever the request stored, the demo answers its load as Wiki.js does: 200 with `data`.
    // Group ids and domains are stored as posted (a null, a negative id: a real Wiki.js keeps
    // those too), and the decoder calls such a list the wrong shape; nothing else may fail.
    let (status, answer) = demo.respond(&load_body());
    match decode_load(status, &answer) {
        Ok(_) | Err(BackendError::UnexpectedShape { .. }) => {}
        Err(e) => panic!("the demo's load answer is not Wiki.js's: {}", e.message()),
    }
}
