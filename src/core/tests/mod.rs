//! Native tests of the core, one file per concept, each a table of one-line cases.

mod boundary;
mod catalogue;
mod checks;
mod derive;
mod host;
mod paste;
mod properties;
mod wikijs;
mod backchannel_probe;
mod keycloak_client;
mod live;
mod troubleshoot;
