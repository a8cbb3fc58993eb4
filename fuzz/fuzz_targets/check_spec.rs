//! Structurally valid specs with arbitrary values (see `commspec_fuzz::generate`), serialised
//! to YAML and checked; specs without errors are built twice and must build identically.
#![no_main]

use commspec_fuzz::generate::GenSpec;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|spec: GenSpec| {
    commspec_fuzz::check_and_build(&spec.yaml);
});
