//! `commspec rules` and `commspec explain`.

use super::{FAILURE, OK};
use crate::diagnostics::did_you_mean;
use crate::i18n::{self, Lang};
use crate::lint::{self, ERRORS, LINTS};

pub(super) fn list(lang: Lang) -> u8 {
    let zh = lang == Lang::Zh;
    let mut out = String::from(if zh {
        "规则（可在 spec 的 `lints:` 中或用 -A/-W/-D RULE 调整级别）：\n\n"
    } else {
        "Lint rules (set per spec under `lints:`, or with -A/-W/-D RULE):\n\n"
    });
    for r in LINTS {
        out.push_str(&format!("  {:<28} {:<5} {}\n", r.name, r.default.value(), i18n::text_in(r.summary, lang)));
    }
    out.push_str(if zh {
        "\n错误类（总是错误，不能关闭）：\n\n"
    } else {
        "\nError classes (always errors; cannot be allowed):\n\n"
    });
    for r in ERRORS {
        out.push_str(&format!("  {:<28} {:<5} {}\n", r.name, "error", i18n::text_in(r.summary, lang)));
    }
    out.push_str(if zh {
        "\n运行 `commspec explain RULE` 查看规则检查什么、为什么、以及如何修改。\n"
    } else {
        "\nRun `commspec explain RULE` for what a rule checks, why, and how to fix it.\n"
    });
    super::emit(&out);
    OK
}

pub(super) fn explain(name: &str, lang: Lang) -> u8 {
    match lint::find(name) {
        Some(r) => {
            let zh = lang == Lang::Zh;
            let level = match (r.configurable, zh) {
                (true, false) => format!("default level: {}", r.default.value()),
                (true, true) => format!("默认级别：{}", r.default.value()),
                (false, false) => "always an error".to_string(),
                (false, true) => "总是错误".to_string(),
            };
            let docs = match (zh, i18n::docs(r.name)) {
                (true, Some(d)) => d.trim().to_string(),
                _ => lint::docs_text(r),
            };
            let (open, close) = if zh { ("（", "）") } else { (" (", ")") };
            super::emit(&format!("# {}\n\n{}{open}{level}{close}\n\n{docs}\n", r.name, i18n::text_in(r.summary, lang)));
            OK
        }
        None => {
            let names = LINTS.iter().chain(ERRORS).map(|r| r.name);
            let hint = did_you_mean(name, names).map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default();
            errln!("error: unknown rule `{}`{hint}; `commspec rules` lists them", super::shown(name));
            FAILURE
        }
    }
}
