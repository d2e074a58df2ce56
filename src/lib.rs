//! actorgraph reads news and builds a knowledge graph of who does what to whom.
pub mod atomic;
pub mod model;
pub mod schema;
pub mod text;
pub mod extract;
pub mod graph;
pub mod query;
pub mod export;

pub use graph::KnowledgeGraph;
