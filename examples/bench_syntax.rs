//! Benchmarks the built-in tagger and parser on news text: words per
//! second for splitting + tagging + parsing, against a plain read of the
//! same text, and against spaCy's small English model when Python has it,
//! all in one run.
//!
//! ```sh
//! cargo run --release --example bench_syntax -- [--runs 5] [--words 200000] [TEXT_DIR]
//! BENCH_PYTHON=venv/bin/python BENCH_SPACY_MODEL=en_core_web_sm cargo run --release --example bench_syntax
//! ```
//!
//! The text is the `.txt` files of TEXT_DIR (default `../shared/corpus/train`,
//! else `examples/news`), repeated up to `--words` words. Figures are medians
//! of `--runs` runs; the machine's other load shows in the spread, which is
//! printed too.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use actorgraph::syntax::Parser;
use actorgraph::text::{Document, SentenceSplitter};

fn median(mut v: Vec<f64>) -> (f64, f64, f64) {
    v.sort_by(|a, b| a.partial_cmp(b).expect("no NaN"));
    (v[v.len() / 2], v[0], v[v.len() - 1])
}

fn read_texts(dir: &Path) -> String {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir).map(|d| d.filter_map(|e| e.ok()).map(|e| e.path()).collect()).unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "txt"));
    files.sort();
    files.iter().filter_map(|p| std::fs::read_to_string(p).ok()).collect::<Vec<_>>().join("\n\n")
}

fn main() {
    let mut args = std::env::args().skip(1);
    let (mut runs, mut want_words, mut dir) = (5usize, 200_000usize, None);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--runs" => runs = args.next().and_then(|v| v.parse().ok()).expect("--runs N"),
            "--words" => want_words = args.next().and_then(|v| v.parse().ok()).expect("--words N"),
            other => dir = Some(PathBuf::from(other)),
        }
    }
    let dir = dir.unwrap_or_else(|| {
        let shared = PathBuf::from("../shared/corpus/train");
        if shared.is_dir() {
            shared
        } else {
            PathBuf::from("examples/news")
        }
    });
    let base = read_texts(&dir);
    assert!(!base.trim().is_empty(), "no .txt files in {}", dir.display());
    let splitter = SentenceSplitter::default();
    let parser = Parser::embedded();
    let mut parse = parser.new_parse();
    let count = |text: &str, parse: &mut actorgraph::syntax::Parse<'_>| -> usize {
        splitter.split(text).into_iter().map(|(s, e)| {
            parser.parse_text(text, s, e, parse);
            parse.len()
        }).sum()
    };
    let base_words = count(&base, &mut parse);
    let copies = want_words.div_ceil(base_words.max(1)).max(1);
    let text = vec![base.as_str(); copies].join("\n\n");
    let path = std::env::temp_dir().join("actorgraph-bench-syntax.txt");
    std::fs::write(&path, &text).expect("write the bench text");
    let mb = text.len() as f64 / 1e6;
    println!("text: {} ({copies} copies of {}), {:.2} MB", path.display(), dir.display(), mb);

    let mut read = Vec::new();
    let mut ours = Vec::new();
    let mut words = 0;
    for _ in 0..runs {
        let t = Instant::now();
        let bytes = std::fs::read(&path).expect("read");
        std::hint::black_box(bytes.len());
        read.push(mb / t.elapsed().as_secs_f64());
        let t = Instant::now();
        let doc = Document::new("bench", std::fs::read_to_string(&path).expect("read"));
        words = count(&doc.text, &mut parse);
        ours.push(words as f64 / t.elapsed().as_secs_f64());
    }
    let (read_mb, _, _) = median(read);
    let (wps, lo, hi) = median(ours);
    let our_mb = wps * mb / words as f64;
    println!("plain read:              {read_mb:>10.1} MB/s");
    println!("actorgraph split+tag+parse: {:>8.0} words/s ({lo:.0}–{hi:.0}), {our_mb:.2} MB/s, {:.0}× slower than the plain read; {words} words", wps, read_mb / our_mb);

    // spaCy, when this Python has it and its small English model.
    let python = std::env::var("BENCH_PYTHON").unwrap_or_else(|_| "python3".into());
    let spacy_model = std::env::var("BENCH_SPACY_MODEL").unwrap_or_else(|_| "en_core_web_sm".into());
    let script = format!(
        "import sys, time, spacy\nnlp = spacy.load({:?}, exclude=['ner'])\ntext = open({:?}).read()\nchunks = text.split('\\n\\n')\nbest = []\nfor _ in range({}):\n    t = time.time(); n = sum(len(d) for d in nlp.pipe(chunks)); best.append(n / (time.time() - t))\nbest.sort(); print(best[len(best)//2], n)\n",
        spacy_model,
        path.display().to_string(),
        runs.min(3)
    );
    match Command::new(&python).arg("-c").arg(&script).output() {
        Ok(out) if out.status.success() => {
            let line = String::from_utf8_lossy(&out.stdout);
            let mut it = line.split_whitespace();
            let spacy: f64 = it.next().and_then(|v| v.parse().ok()).unwrap_or(0.0);
            let spacy_words: usize = it.next().and_then(|v| v.parse().ok()).unwrap_or(0);
            println!("spaCy {spacy_model} (tok2vec, tagger, parser, lemmatizer; one process): {spacy:.0} words/s ({spacy_words} of its tokens); actorgraph is {:.1}× faster", wps / spacy);
        }
        _ => println!("spaCy: not measured ({python} with spacy and {spacy_model} is not installed; set BENCH_PYTHON and BENCH_SPACY_MODEL)"),
    }
    let _ = std::fs::remove_file(&path);
}
