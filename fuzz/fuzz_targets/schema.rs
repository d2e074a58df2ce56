//! The schema loader on arbitrary text in each of the four files: an error
//! or a schema, never a panic; and a schema that loads compiles.
#![no_main]

use actorgraph::extract::Extractor;
use actorgraph::schema::{Schema, FILE_NAMES};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&which, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let name = FILE_NAMES[usize::from(which) % FILE_NAMES.len()];
    if let Ok(schema) = Schema::from_sources(&[(name, text)]) {
        let _ = Extractor::new(&schema);
    } else if let Err(err) = Schema::from_sources(&[(name, text)]) {
        // Every error names a file: the one given, or an embedded one it broke.
        let msg = err.to_string();
        assert!(msg.starts_with(name) || msg.starts_with("<embedded>/"), "{msg}");
    }
});
