//! The Chinese catalogue: each English sentence pattern (`{}` marks a value) and its Chinese
//! form (`{0}`, `{1}`… refer to the values in order). Values in backticks are names and stay
//! as written. `tests/i18n.rs` checks that every diagnostic the fixtures produce is covered.

pub const MESSAGES: &[(&str, &str)] = &[
    // schema
    ("unknown key `{}` in `{}`", "`{1}` 中有未知的键 `{0}`"),
    ("unknown key `{}` at the top level", "顶层有未知的键 `{0}`"),
    ("unknown key", "未知的键"),
    ("did you mean `{}`", "是不是想写 `{0}`"),
];
