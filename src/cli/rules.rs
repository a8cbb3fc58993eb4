//! `commspec rules` and `commspec explain`.

use super::{FAILURE, OK};
use crate::diagnostics::did_you_mean;
use crate::lint::{self, ERRORS, LINTS};

pub(super) fn list() -> u8 {
    let mut out = String::from("Lint rules (set per spec under `lints:`, or with -A/-W/-D RULE):\n\n");
    for r in LINTS {
        out.push_str(&format!("  {:<28} {:<5} {}\n", r.name, r.default.value(), r.summary));
    }
    out.push_str("\nError classes (always errors; cannot be allowed):\n\n");
    for r in ERRORS {
        out.push_str(&format!("  {:<28} {:<5} {}\n", r.name, "error", r.summary));
    }
    out.push_str("\nRun `commspec explain RULE` for what a rule checks, why, and how to fix it.\n");
    print!("{out}");
    OK
}

pub(super) fn explain(name: &str) -> u8 {
    match lint::find(name) {
        Some(r) => {
            let level = if r.configurable {
                format!("default level: {}", r.default.value())
            } else {
                "always an error".to_string()
            };
            println!("# {}\n\n{} ({level})\n\n{}", r.name, r.summary, lint::docs_text(r));
            OK
        }
        None => {
            let names = LINTS.iter().chain(ERRORS).map(|r| r.name);
            let hint = did_you_mean(name, names).map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default();
            eprintln!("error: unknown rule `{name}`{hint}; `commspec rules` lists them");
            FAILURE
        }
    }
}
