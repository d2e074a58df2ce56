//! actorgraph reads news and builds a knowledge graph of who does what to whom.
//!
//! Rules kept as data (`schema/*.ron`, embedded in the crate) turn sentences
//! into actor–relation–actor [`Triple`](model::Triple)s — "North Korea
//! supplies Russia" — each with its modality and the sentence it came from.
//! The triples merge into a [`KnowledgeGraph`] that can be queried and
//! drawn.
//!
//! ```
//! use actorgraph::{export::{to_dot, DotStyle}, extract::Extractor, schema::Schema, text::Document, KnowledgeGraph};
//!
//! let schema = Schema::embedded()?;
//! let extractor = Extractor::new(&schema)?;
//! let doc = Document::new("note", "Pyongyang has sent artillery shells to Moscow. \
//!                                  Seoul warned the Kremlin on Monday.");
//! let triples = extractor.extract(&doc);
//! assert_eq!(triples[0].subject.id.as_str(), "North Korea");
//! assert_eq!(triples[0].relation.as_str(), "supply");
//!
//! let graph = KnowledgeGraph::from_triples(triples);
//! let dot = to_dot(&graph, &DotStyle::from_schema(&schema));
//! assert!(dot.contains("\"South Korea\""));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The pipeline, one module per stage, each depending only on those before it:
//!
//! | stage | module |
//! |---|---|
//! | shared types: actors, relations, modality, triples, evidence | [`model`] |
//! | the schema: actors, relation classes, rules, lexicon (RON, validated) | [`schema`] |
//! | documents, sentences, tokens and UD words with byte spans | [`text`] |
//! | part-of-speech tags, lemmas, dependency parse (model trained on UD English, in the crate) | [`syntax`] |
//! | gazetteer, mentions, rule matching, modality → triples | [`extract`] |
//! | many documents on several threads, results in input order; triples as JSON lines, JSON, TSV | [`pipeline`] |
//! | the graph over petgraph, merged by actor, with evidence; files | [`graph`] |
//! | filters, neighbours and ego networks, paths, rankings, pattern queries, name resolution | [`query`] |
//! | DOT, SVG/PNG/PDF, JSON, RON, GraphML, GEXF, node-link JSON, Neo4j CSV, Cypher, Mermaid | [`export`] |
//!
//! Every file the crate writes goes through [`atomic`]: a temp file in the
//! same directory, renamed into place.
#![warn(missing_docs)]

pub mod atomic;
pub mod model;
pub mod schema;
pub mod text;
pub mod syntax;
pub mod extract;
pub mod pipeline;
pub mod graph;
pub mod query;
pub mod export;
pub mod import;

pub use graph::KnowledgeGraph;
