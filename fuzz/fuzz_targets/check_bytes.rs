//! Arbitrary bytes through the whole check pipeline (load → validate → compile → render →
//! lint), as `commspec check` would see them: invalid UTF-8 is refused before loading (by
//! `source::read`), so it is replaced here rather than skipped. (Building is left to the
//! `check_spec` and `template` targets: a mutated example builds a year of SOP, which would
//! make this target a hundred times slower.)
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    commspec_fuzz::check_text(&text);
});
