//! The README's language-at-a-glance example is a real spec: it must check clean, so the
//! first thing a newcomer copies works.

use commspec::check::{Options, check};

#[test]
fn readme_example_checks_clean() {
    let readme = include_str!("../README.md");
    let start =
        readme.find("```yaml\n# yaml-language-server").expect("README has the example spec") + "```yaml\n".len();
    let end = start + readme[start..].find("```").expect("the example block is closed");
    let spec = &readme[start..end];
    let outcome = check(spec, &Options::default());
    let found: Vec<String> = outcome.diagnostics.iter().map(|d| format!("{}: {}", d.rule, d.message.en())).collect();
    assert!(found.is_empty(), "README example has problems: {found:#?}");
    let (_, analysis) = outcome.checked.expect("the example compiles");
    assert_eq!(analysis.groups.len(), 4, "2 cities × count 2");
    assert_eq!(analysis.groups[0].1, "成都三年级数学1群");
}

/// The README says what its first command prints: the count of example specs it names is the
/// count in `examples/`, so adding an example cannot leave it saying the old number.
#[test]
fn readme_counts_the_examples_it_checks() {
    let readme = include_str!("../README.md");
    let examples = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/examples"))
        .expect("examples folder")
        .filter(|e| e.as_ref().is_ok_and(|e| e.path().extension().is_some_and(|x| x == "yaml")))
        .count();
    let said = format!("The first prints `commspec: checked {examples} files, no problems found`");
    assert!(readme.contains(&said), "README should say: {said}");
    let words =
        ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];
    let word = words.get(examples).copied().unwrap_or("all");
    assert!(
        readme.contains(&format!("checks the {word} example specs")),
        "README should say: the {word} example specs"
    );
}
