//! Every rule of the default schema reads its own example sentences.
use actorgraph::extract::{check_examples, Extractor};
use actorgraph::schema::Schema;

#[test]
fn every_rule_reads_its_examples() {
    let schema = Schema::embedded().unwrap();
    let extractor = Extractor::new(&schema).unwrap();
    let failures = check_examples(&schema, &extractor);
    for f in &failures {
        eprintln!("{f}");
    }
    assert!(failures.is_empty(), "{} rule example(s) failed (listed above)", failures.len());
}
