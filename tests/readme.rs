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
