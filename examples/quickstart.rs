//! Embedding actorgraph: text in → triples → graph → DOT out.
//! Run with `cargo run --example quickstart`.
use actorgraph::export::{to_dot, DotStyle};
use actorgraph::{extract::Extractor, schema::Schema, text::Document, KnowledgeGraph};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let schema = Schema::embedded()?; // the default schema, compiled in
    let extractor = Extractor::new(&schema)?;
    let doc = Document::new(
        "wire-0612",
        "Pyongyang has sent artillery shells to Moscow, U.S. officials said. \
         Seoul warned the Kremlin it could begin supplying weapons to Kyiv.",
    );
    let triples = extractor.extract(&doc);
    for t in &triples {
        println!("{} —{}→ {} ({}, rule {})", t.subject.id, t.relation, t.object.id, t.modality, t.rule);
    }
    let graph = KnowledgeGraph::from_triples(triples);
    println!("{}", to_dot(&graph, &DotStyle::from_schema(&schema)));
    Ok(())
}
