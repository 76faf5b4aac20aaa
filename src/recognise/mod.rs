/*!
Recognisers: stages that find mentions in sentences and write one layer each.
*/

pub mod actor;
pub mod casualty;
pub mod claimant;
pub mod date;
pub mod event;
pub mod framing;
pub mod materiel;
pub mod place;
pub mod profile;
pub mod quantity;
#[cfg(test)]
pub(crate) mod testutil;
pub mod words;
