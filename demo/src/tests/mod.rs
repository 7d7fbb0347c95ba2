//! Native tests of the demo wiki, one file per concept.

mod fuzz_corpus;
mod recordings;
mod scenarios;
