//! Criterion benchmarks, one group per stage of the pipeline:
//! segmentation, actor matching, rule matching (whole extraction), graph
//! merge, queries and export. The input is the project's own texts
//! (`../shared/corpus/seeds`, `../shared/corpus/dev`, `examples/news`).
//!
//! ```sh
//! cargo bench --bench stages            # all stages
//! cargo bench --bench stages -- segment # one stage
//! ```
//!
//! `queries on 100k actors` times neighbour and links-between queries on
//! a synthetic graph of 100,000 actors and about 900,000 edges
//! (`cargo bench --bench stages -- 100k`).
//!
//! For end-to-end throughput of the binary (MB/s, threads, peak memory),
//! run `cargo run --release --example bench`.

use std::fs;
use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use actorgraph::export::{export, DotStyle, ExportFormat};
use actorgraph::extract::Extractor;
use actorgraph::graph::{KnowledgeGraph, DEFAULT_MAX_EVIDENCE};
use actorgraph::model::{ActorId, ActorKind, ActorRef, Modality, Relation, Triple};
use actorgraph::query::{between, neighbours, Direction};
use actorgraph::schema::Schema;
use actorgraph::text::{read_documents, Document};

fn corpus() -> Vec<Document> {
    let mut docs = Vec::new();
    for dir in ["../shared/corpus/seeds", "../shared/corpus/dev", "examples/news"] {
        let Ok(entries) = fs::read_dir(dir) else { continue };
        let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        paths.sort();
        for p in paths {
            if let Ok(mut d) = read_documents(&p) {
                docs.append(&mut d);
            }
        }
    }
    assert!(!docs.is_empty(), "no documents: run from the crate's folder");
    docs
}

fn bytes(docs: &[Document]) -> u64 {
    docs.iter().map(|d| d.text.len() as u64).sum()
}

fn stages(c: &mut Criterion) {
    let schema = Schema::embedded().expect("schema");
    let extractor = Extractor::new(&schema).expect("extractor");
    let docs = corpus();
    let size = bytes(&docs);

    let mut g = c.benchmark_group("segment");
    g.throughput(Throughput::Bytes(size));
    g.bench_function("split and tokenize", |b| {
        b.iter(|| docs.iter().map(|d| d.sentences(extractor.splitter()).len()).sum::<usize>())
    });
    g.finish();

    let sentences: Vec<(&Document, Vec<_>)> = docs.iter().map(|d| (d, d.sentences(extractor.splitter()))).collect();
    let mut g = c.benchmark_group("actors");
    g.throughput(Throughput::Bytes(size));
    g.bench_function("gazetteer", |b| {
        b.iter(|| {
            let mut hits = 0;
            for (d, ss) in &sentences {
                for s in ss {
                    hits += extractor.gazetteer().find(&d.text, &s.tokens).len();
                }
            }
            hits
        })
    });
    g.finish();

    let mut g = c.benchmark_group("extract");
    g.throughput(Throughput::Bytes(size));
    g.bench_function("rules (whole extraction)", |b| b.iter(|| docs.iter().map(|d| extractor.extract(d).len()).sum::<usize>()));
    g.finish();

    let triples: Vec<Triple> = docs.iter().flat_map(|d| extractor.extract(d)).collect();
    let mut g = c.benchmark_group("graph");
    g.throughput(Throughput::Elements(triples.len() as u64));
    g.bench_function("from triples", |b| b.iter(|| KnowledgeGraph::from_triples(triples.iter().cloned()).edge_count()));
    let graph = KnowledgeGraph::from_triples(triples.iter().cloned());
    // Two graphs of separate documents: the reduce step of a corpus read in parts.
    let (left, right) = docs.split_at(docs.len() / 2);
    let half = |docs: &[Document]| KnowledgeGraph::from_triples(docs.iter().flat_map(|d| extractor.extract(d)));
    let (left, right) = (half(left), half(right));
    g.bench_function("merge", |b| {
        b.iter(|| {
            let mut a = left.clone();
            a.merge(&right).expect("separate documents merge");
            a.edge_count()
        })
    });
    g.finish();

    let mut g = c.benchmark_group("query");
    let russia = ActorId::new("Russia");
    let ukraine = ActorId::new("Ukraine");
    g.bench_function("neighbours", |b| b.iter(|| neighbours(&graph, black_box(&russia), Direction::Both).len()));
    g.bench_function("between", |b| b.iter(|| between(&graph, black_box(&russia), black_box(&ukraine)).len()));
    g.finish();

    let style = DotStyle::from_schema(&schema);
    let mut g = c.benchmark_group("export");
    for format in [ExportFormat::Json, ExportFormat::Dot, ExportFormat::GraphMl] {
        g.bench_function(format.name(), |b| b.iter(|| export(&graph, format, &style).map(|v| v.len()).unwrap_or(0)));
    }
    g.finish();
}

/// A graph of `actors` actors, each the subject of `per_actor` triples to
/// actors nearby (so that every actor has some twenty links), built as
/// `build` builds (evidence capped at the default).
fn synthetic_graph(actors: usize, per_actor: usize) -> KnowledgeGraph {
    const RELATIONS: [&str; 4] = ["meet", "support", "attack", "supply"];
    let name = |i: usize| format!("Actor {i}");
    let mut graph = KnowledgeGraph::new().with_max_evidence(DEFAULT_MAX_EVIDENCE);
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state as usize
    };
    for s in 0..actors {
        for k in 0..per_actor {
            let o = (s + 1 + next() % 10) % actors;
            let relation = RELATIONS[next() % RELATIONS.len()];
            graph.add_triple(&Triple {
                doc: format!("d{}", (s * per_actor + k) / 10),
                subject: ActorRef::new(name(s), name(s), ActorKind::State),
                relation: Relation::new(relation),
                object: ActorRef::new(name(o), name(o), ActorKind::State),
                predicate: relation.into(),
                modality: Modality::Asserted,
                nominal: false,
                sentence: k,
                span: (0, 40),
                rule: format!("{relation}.verb"),
                text: format!("{} {relation} {}.", name(s), name(o)),
                date: Some(format!("2024-{:02}-{:02}", k % 12 + 1, s % 28 + 1)),
            });
        }
    }
    graph
}

fn queries_100k(c: &mut Criterion) {
    let graph = synthetic_graph(100_000, 10);
    assert_eq!(graph.actor_count(), 100_000);
    let actor = ActorId::new("Actor 50000");
    let other = neighbours(&graph, &actor, Direction::Out)[0].object.clone();
    let mut g = c.benchmark_group("queries on 100k actors");
    g.bench_function("neighbours", |b| b.iter(|| neighbours(&graph, black_box(&actor), Direction::Both).len()));
    g.bench_function("between", |b| b.iter(|| between(&graph, black_box(&actor), black_box(&other)).len()));
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = stages, queries_100k
}
criterion_main!(benches);
