//! `commspec rules` and `commspec explain`.

use super::{OK, Problem};
use crate::diagnostics::{Rule, did_you_mean};
use crate::i18n::{Lang, tr};

pub(super) fn list(lang: Lang) -> u8 {
    let mut out = String::new();
    let heading = tr!(
        "Lint rules (set per spec under `lints:`, or with -A/-W/-D RULE):",
        "规则（可在 spec 的 `lints:` 中或用 -A/-W/-D RULE 调整级别）："
    );
    out.push_str(&format!("{}\n\n", heading.get(lang)));
    for r in Rule::lints() {
        out.push_str(&format!("  {:<28} {:<5} {}\n", r.name(), r.default_level().value(), r.summary(lang)));
    }
    let heading = tr!("Error classes (always errors; cannot be allowed):", "错误类（总是错误，不能关闭）：");
    out.push_str(&format!("\n{}\n\n", heading.get(lang)));
    for r in Rule::errors() {
        out.push_str(&format!("  {:<28} {:<5} {}\n", r.name(), "error", r.summary(lang)));
    }
    let footer = tr!(
        "Run `commspec explain RULE` for what a rule checks, why, and how to fix it.",
        "运行 `commspec explain RULE` 查看规则检查什么、为什么、以及如何修改。"
    );
    out.push_str(&format!("\n{}\n", footer.get(lang)));
    super::emit(&out);
    OK
}

pub(super) fn explain(name: &str, lang: Lang) -> u8 {
    match Rule::find(name) {
        Some(r) => {
            let level = r.default_level().value();
            let level = match r.configurable() {
                true => tr!(" (default level: {level})", "（默认级别：{level}）"),
                false => tr!(" (always an error)", "（总是错误）"),
            };
            let (summary, docs) = (r.summary(lang), r.docs(lang));
            super::emit(&format!("# {}\n\n{summary}{}\n\n{docs}\n", r.name(), level.get(lang)));
            OK
        }
        None => {
            let like = did_you_mean(name, Rule::ALL.iter().map(|r| r.name()));
            super::usage(lang, &Problem::UnknownRule { name, like }.text())
        }
    }
}
