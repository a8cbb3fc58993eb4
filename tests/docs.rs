//! The shipped documentation stands on its own: it cites no note outside the repository, and
//! the language reference (docs/language.md) describes every key of the schema.

use std::path::{Path, PathBuf};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every file under `dir`, in name order.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            out.extend(files_under(&path));
        } else {
            out.push(path);
        }
    }
    out
}

/// What users read: the README, docs/ (rule pages included: `commspec explain` prints them),
/// the examples' README, the artifact templates and the command line's help texts.
fn shipped_docs() -> Vec<PathBuf> {
    let mut files = vec![repo().join("README.md"), repo().join("examples/README.md")];
    for dir in ["docs", "templates", "src/cli"] {
        files.extend(files_under(&repo().join(dir)));
    }
    files
}

#[test]
fn shipped_docs_cite_nothing_outside_the_repository() {
    let internal = ["../shared", "wecom-facts.md", "domain.md", "spec-language.md", "lint-catalogue.md", "[OFFICIAL]"];
    let mut found = Vec::new();
    let docs = shipped_docs();
    assert!(docs.iter().any(|p| p.ends_with("docs/rules/no-gate.md")), "the rule pages are read");
    for path in &docs {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        for (n, line) in text.lines().enumerate() {
            for word in internal.iter().filter(|w| line.contains(*w)) {
                found.push(format!("{}:{}: {word}", path.strip_prefix(repo()).unwrap().display(), n + 1));
            }
        }
    }
    assert!(found.is_empty(), "cite the public source's URL or the repository's own docs instead: {found:#?}");
}

/// Every property name in a JSON schema, but the rule names that `lints` lists (the rules are
/// documented one page each, in docs/rules).
fn field_names(schema: &serde_json::Value, out: &mut Vec<String>) {
    match schema {
        serde_json::Value::Object(map) => {
            for (key, value) in map {
                if key == "properties" {
                    out.extend(value.as_object().into_iter().flat_map(|p| p.keys().cloned()));
                }
                if key != "Lints" {
                    field_names(value, out);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| field_names(v, out)),
        _ => {}
    }
}

#[test]
fn the_language_reference_describes_every_field_of_the_schema() {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo().join("schemas/commspec.schema.json")).unwrap()).unwrap();
    let reference = std::fs::read_to_string(repo().join("docs/language.md")).unwrap();
    let mut fields = Vec::new();
    field_names(&schema, &mut fields);
    fields.sort();
    fields.dedup();
    let top: Vec<&str> = schema["properties"].as_object().unwrap().keys().map(String::as_str).collect();
    assert!(top.contains(&"community") && top.contains(&"lints"), "{top:?}");
    assert!(fields.iter().any(|f| f == "after_join") && !fields.iter().any(|f| f == "no-gate"), "{fields:?}");
    let missing: Vec<&String> = fields.iter().filter(|f| !reference.contains(&format!("`{f}`"))).collect();
    assert!(missing.is_empty(), "docs/language.md does not describe: {missing:?}");
    let overview = reference.split("## Top level").nth(1).expect("a `## Top level` section");
    for section in top {
        let listed =
            overview.lines().take_while(|l| !l.starts_with("## ")).any(|l| l.starts_with(&format!("{section}:")));
        assert!(listed, "the top level of docs/language.md does not list `{section}:`");
    }
}
