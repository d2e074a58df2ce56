//! actorgraph reads news and builds a knowledge graph of who does what to whom.
pub mod model;
pub mod schema;
pub mod text;
pub mod extract;
