//! The graph loader on arbitrary text, as JSON and as RON: an error or a
//! graph, never a panic; a graph that loads saves and loads back equal.
#![no_main]

use actorgraph::graph::KnowledgeGraph;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    for graph in [KnowledgeGraph::from_json_str(text), KnowledgeGraph::from_ron_str(text)].into_iter().flatten() {
        let back = KnowledgeGraph::from_json_str(&graph.to_json_string()).expect("a saved graph loads");
        assert_eq!(back, graph);
    }
});
