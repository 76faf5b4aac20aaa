/*!
sitrep reads armed-conflict news and writes a structured, source-attributed record of
claims: who fought whom, where, when, how many were killed, wounded or arrested — as
claimed, and by whom.

The main types:
- [`doc::Document`] owns an article's cleaned text and every annotation on it, each a
  [`doc::Span`] of byte offsets into that text.
- [`pipeline::Pipeline`] runs an ordered list of [`pipeline::Stage`]s over a document;
  [`batch::standard_pipeline`] builds the default one.
- [`claim::Claim`] is one assertion of one document; [`wire`] turns it into JSON.

See ARCHITECTURE.md for how a claim flows from bytes to JSON.
*/
#![deny(missing_docs)]

pub mod assemble;
pub mod batch;
pub mod claim;
pub mod doc;
pub mod eval;
pub mod evaluate;
pub mod export;
pub mod gazetteer;
pub mod geoparse;
pub mod ingest;
pub mod link;
pub mod pipeline;
pub mod recognise;
pub mod resolve;
pub mod segment;
pub mod store;
pub mod wire;
