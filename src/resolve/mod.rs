/*!
Resolution: stages that choose among candidates and fill claims with the whole document in
view.
*/

pub mod claim;
pub mod place;

pub use claim::{add_stages, ClaimFieldStage, EventClaimStage};
