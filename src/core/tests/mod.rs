//! Native tests of the core, one file per concept, each a table of one-line cases.

mod boundary;
