/*!
Resolution: stages that work over a document's claims with the whole document in view.
*/

pub mod claim;

pub use claim::{add_stages, ClaimFieldStage, EventClaimStage};
