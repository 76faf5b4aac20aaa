/*!
Resolution: stages that choose among candidates with the whole document in view.
*/

pub mod place;
