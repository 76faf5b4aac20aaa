//! sitrep's integration tests: one binary, one module per topic.

mod util;

mod bad_input;
mod claims;
mod docs;
mod places;
mod seeds;
mod store;
