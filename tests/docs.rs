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

/// Marks the generated table of docs/language.md's "Chinese values" section.
const VALUES_START: &str =
    "<!-- chinese-values: generated from the schema; UPDATE_SNAPSHOTS=1 cargo test --test docs -->\n";
const VALUES_END: &str = "<!-- end chinese-values -->\n";

/// Every labelled enum of the schema (an `anyOf` of `const`s, its English values titled with
/// their labels), as table rows: the field's description, each value, its label and its
/// synonyms, enums sorted by description.
fn chinese_values(schema: &serde_json::Value) -> String {
    use serde_json::Value;
    fn walk(node: &Value, out: &mut std::collections::BTreeMap<String, Vec<String>>) {
        match node {
            Value::Object(map) => {
                let branches =
                    map.get("anyOf").and_then(Value::as_array).filter(|b| b.iter().all(|b| b.get("const").is_some()));
                if let (Some(branches), Some(what)) = (branches, map.get("description").and_then(Value::as_str)) {
                    // The field's name and Chinese term: its description up to the term.
                    let what = what.split_whitespace().collect::<Vec<_>>().join(" ");
                    let what = what.find(')').map_or(&what[..], |end| &what[..=end]);
                    let rows = branches.iter().filter_map(|b| {
                        let (value, label) = (b["const"].as_str()?, b.get("title")?.as_str()?);
                        let prefix = format!("Synonym of `{value}` ");
                        let synonyms: Vec<String> = branches
                            .iter()
                            .filter(|s| s["description"].as_str().is_some_and(|d| d.starts_with(&prefix)))
                            .filter_map(|s| s["const"].as_str().map(str::to_string))
                            .collect();
                        Some(format!(
                            "| {} | `{value}` | {label} | {} |",
                            what.trim_end_matches('.'),
                            synonyms.join(", ")
                        ))
                    });
                    out.entry(what.to_string()).or_insert_with(|| rows.collect());
                }
                map.values().for_each(|v| walk(v, out));
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut enums = std::collections::BTreeMap::new();
    walk(schema, &mut enums);
    let rows: Vec<String> = enums.into_values().flatten().collect();
    format!("| field | value | label (标签) | synonyms (同义词) |\n|---|---|---|---|\n{}\n", rows.join("\n"))
}

#[test]
fn the_language_reference_lists_every_chinese_value_the_schema_accepts() {
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(repo().join("schemas/commspec.schema.json")).unwrap()).unwrap();
    let table = chinese_values(&schema);
    assert!(table.contains("| Community type (社群类型) | `course` | 课程群 | 训练营, 学习群 |"), "{table}");
    assert!(table.contains("| Role type (角色类型) | `core` | 骨干精英 | KOC, koc, 骨干 |"), "{table}");
    let path = repo().join("docs/language.md");
    let doc = std::fs::read_to_string(&path).unwrap();
    let (before, rest) = doc.split_once(VALUES_START).expect("docs/language.md has the generated table's start mark");
    let (written, after) = rest.split_once(VALUES_END).expect("docs/language.md has the generated table's end mark");
    if written != table && std::env::var_os("UPDATE_SNAPSHOTS").is_some_and(|v| v == "1") {
        std::fs::write(&path, format!("{before}{VALUES_START}{table}{VALUES_END}{after}")).unwrap();
        return;
    }
    assert!(written == table, "docs/language.md's Chinese values differ from the schema; run with UPDATE_SNAPSHOTS=1");
}
