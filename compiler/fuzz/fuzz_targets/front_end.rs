//! Arbitrary bytes in, nothing out: the front end (decode, parse, check, and for valid specs
//! format twice) must never panic, overflow the stack or hang on any input. Diagnostics are not
//! rendered to text: rendering was most of the time per input, and it is not what is fuzzed here.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let (source, encoding_error) = hbmod::syntax::source_from_bytes("fuzz.hb", bytes);
    if encoding_error.is_some() {
        return;
    }
    let (file, diagnostics) = hbmod::check_source(&source);
    if diagnostics.is_empty() {
        let once = hbmod::syntax::format(&source, &file);
        let again = hbmod::SourceFile::new("fuzz.hb", once.clone());
        let (file, diagnostics) = hbmod::check_source(&again);
        assert!(diagnostics.is_empty(), "formatting produced an invalid spec:\n{once}");
        assert_eq!(hbmod::syntax::format(&again, &file), once, "formatting is not idempotent");
    }
});
