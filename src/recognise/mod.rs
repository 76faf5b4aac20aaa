/*!
Recognisers: stages that find mentions in sentences and write one layer each.
*/

pub mod casualty;
pub mod place;
pub mod profile;
pub mod quantity;
