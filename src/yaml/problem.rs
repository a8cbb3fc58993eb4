//! What the input stages find before the schema (the file, its YAML, the document as a
//! whole), typed, and said in English and Chinese side by side.

use std::ops::Range;

use serde_json::Value as Json;

use crate::diagnostics::{Message, Rule, Said};
use crate::i18n::{Text, tr};
use crate::limits::{MAX_ALIAS_NODES, MAX_ALIASES, MAX_ANCHORED_NODES, MAX_DEPTH, MAX_FILE_BYTES};

/// A located problem of the YAML itself: one that stops the parse, or a value JSON cannot
/// hold (see [`super::Document::problems`]).
#[derive(Debug)]
pub(crate) struct Error {
    pub(crate) problem: Problem,
    pub(crate) span: Range<usize>,
    /// A second place the problem involves, labelled by [`Problem::related`].
    pub(crate) related: Option<Range<usize>>,
}

pub(super) fn error(problem: Problem, span: Range<usize>) -> Error {
    Error { problem, span, related: None }
}

/// What is wrong with an input before the schema sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Problem {
    /// More bytes than [`MAX_FILE_BYTES`].
    FileTooLarge,
    /// Bytes that are not UTF-8, the first bad one at `offset`.
    NotUtf8 {
        offset: usize,
    },
    /// Nothing but comments and white space.
    Empty,
    /// A document marker (`---`) with nothing in it.
    NoContent,
    /// A document that is not a mapping of sections.
    NotAMapping {
        found: Kind,
    },
    /// The parser's refusal, in its own words (`detail`), when the text shows none of the
    /// usual causes that follow (a quote, indentation, a tab, a bracket).
    Syntax {
        detail: String,
    },
    /// A `"` or `'` that does not close on its line: the parser ran on past the line.
    UnclosedQuote {
        quote: char,
        line: usize,
    },
    /// A key indented deeper than the key on the line above, which has a value there: YAML
    /// reads the key as more of that value. `column` is the one the key above starts in.
    IndentedDeeper {
        key: String,
        above: String,
        line: usize,
        column: usize,
    },
    /// A line starting in column `found` that lines up with no entry above it: indented less
    /// than the entry `with` on `line` (starting in `column`), more than the one holding both.
    NotLinedUp {
        this: Entry,
        with: Entry,
        line: usize,
        found: usize,
        column: usize,
    },
    /// A tab in the indentation of `line`.
    TabIndent {
        line: usize,
    },
    /// A tab between a key's `:` and its value on `line` (YAML allows it; the parser does not).
    TabAfterColon {
        line: usize,
    },
    /// A `[` or `{` that is never closed; the structure resumed on `line`.
    UnclosedFlow {
        open: char,
        line: usize,
    },
    TooDeep {
        max: usize,
    },
    TooManyAliases {
        max: usize,
    },
    /// Aliases that would copy too many nodes when expanded (an alias bomb); `*name` alone
    /// copies `size`.
    AliasExpansion {
        name: String,
        size: u64,
    },
    /// Anchored nodes, each copied once for its aliases, holding too many nodes in all.
    AnchoredNodes,
    /// An alias inside the node it refers to (`&a [*a]`): infinite when expanded.
    RecursiveAlias {
        name: String,
    },
    MultipleDocuments,
    DuplicateKey {
        name: String,
    },
    /// A list or mapping used as a mapping key (`? [a]`), which no spec field can be.
    ComplexKey {
        found: Kind,
    },
    NullKey,
    AliasKey,
    /// A tag other than the core schema's (`!!str`, `!!int`…), as written.
    Tag {
        written: String,
    },
    /// A value its core tag does not allow (`!!int x`).
    TaggedValue {
        value: String,
        core: String,
    },
    /// An integer beyond 64 bits.
    TooLarge {
        number: String,
    },
    /// `.inf`, `.nan`, as serde_yaml shows them.
    NotFinite {
        shown: String,
    },
    /// A `<<` whose value is not a mapping or a list of mappings.
    Merge(Merge),
}

/// What a `<<` merge key found where mappings belong (worded as serde_yaml words it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Merge {
    /// The value of `<<` is a scalar.
    Scalar,
    /// An item of its list is a scalar.
    ScalarItem,
    /// An item of its list is a list.
    ListItem,
}

/// What a line holds, for saying which lines do not line up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Entry {
    Key(String),
    /// A list item's `-`.
    Item,
}

/// The kind of a YAML node, as JSON holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Null,
    Boolean,
    Number,
    Integer,
    Text,
    List,
    Mapping,
}

impl Kind {
    pub(crate) fn of(json: &Json) -> Kind {
        match json {
            Json::Null => Kind::Null,
            Json::Bool(_) => Kind::Boolean,
            Json::Number(n) if n.is_f64() => Kind::Number,
            Json::Number(_) => Kind::Integer,
            Json::String(_) => Kind::Text,
            Json::Array(_) => Kind::List,
            Json::Object(_) => Kind::Mapping,
        }
    }

    /// The kind in words, in English and Chinese, to go inside a sentence of each.
    fn words(self) -> [&'static str; 2] {
        match self {
            Kind::Null => ["nothing (null)", "空值（null）"],
            Kind::Boolean => ["a boolean", "布尔值"],
            Kind::Number => ["a number", "数字"],
            Kind::Integer => ["an integer", "整数"],
            Kind::Text => ["text", "文本"],
            Kind::List => ["a list", "列表"],
            Kind::Mapping => ["a mapping", "映射"],
        }
    }
}

impl Message for Problem {
    fn rule(&self) -> Rule {
        use Problem as P;
        match self {
            P::FileTooLarge
            | P::TooDeep { .. }
            | P::TooManyAliases { .. }
            | P::AliasExpansion { .. }
            | P::AnchoredNodes => Rule::InputLimit,
            P::NotUtf8 { .. }
            | P::Syntax { .. }
            | P::UnclosedQuote { .. }
            | P::IndentedDeeper { .. }
            | P::NotLinedUp { .. }
            | P::TabIndent { .. }
            | P::TabAfterColon { .. }
            | P::UnclosedFlow { .. } => Rule::YamlSyntax,
            P::Empty | P::NoContent => Rule::MissingField,
            P::NotAMapping { .. } => Rule::WrongType,
            P::RecursiveAlias { .. }
            | P::MultipleDocuments
            | P::DuplicateKey { .. }
            | P::ComplexKey { .. }
            | P::NullKey
            | P::AliasKey
            | P::Tag { .. }
            | P::Merge(_) => Rule::YamlStructure,
            P::TaggedValue { .. } | P::TooLarge { .. } | P::NotFinite { .. } => Rule::InvalidValue,
        }
    }

    fn said(&self) -> Said {
        let text_key = || tr!("write keys as plain words, like `name:`", "请把键写成普通文字，如 `name:`");
        let starter = || {
            tr!(
                "a spec needs at least `commspec: 1`, `community`, `lifecycle` and `roles`; `commspec init` writes a starter",
                "spec 至少需要 `commspec: 1`、`community`、`lifecycle` 和 `roles`；`commspec init` 可以生成一个起步模板"
            )
        };
        match self {
            Problem::FileTooLarge => {
                let mib = MAX_FILE_BYTES >> 20;
                Said {
                    message: tr!("file is larger than {mib} MiB", "文件大于 {mib} MiB"),
                    label: Text::default(), // at the start of the file, which has nothing to show
                    help: tr!(
                        "a spec is a few kilobytes; split the file or check that it is the right file",
                        "spec 通常只有几 KB；请拆分文件，或确认是否选对了文件"
                    ),
                }
            }
            Problem::NotUtf8 { offset } => Said {
                message: tr!(
                    "file is not valid UTF-8: invalid byte at offset {offset}",
                    "文件不是有效的 UTF-8：偏移 {offset} 处有无效字节"
                ),
                label: tr!("invalid UTF-8 starts here", "无效的 UTF-8 从这里开始"),
                help: tr!(
                    "save the file as UTF-8 (without a byte-order mark for UTF-16)",
                    "请把文件另存为 UTF-8 编码（不要用带字节序标记的 UTF-16）"
                ),
            },
            Problem::Empty => {
                Said { message: tr!("the file is empty", "文件是空的"), label: Text::default(), help: starter() }
            }
            Problem::NoContent => Said {
                message: tr!("the file has no content", "文件没有内容"),
                label: Text::default(),
                help: starter(),
            },
            Problem::NotAMapping { found } => {
                let [en, zh] = found.words();
                Said {
                    message: tr!(
                        "a spec is a mapping of sections, found {en}",
                        "spec 应为由各部分组成的映射，实际是{zh}"
                    ),
                    label: tr!("expected a mapping", "应为映射"),
                    help: tr!(
                        "start the file with `commspec: 1`, then the sections `community`, `lifecycle`, `roles`…",
                        "文件以 `commspec: 1` 开头，然后是 `community`、`lifecycle`、`roles` 等部分"
                    ),
                }
            }
            Problem::Syntax { detail } => Said {
                message: tr!(
                    "this is not valid YAML: the parser says \"{detail}\"",
                    "这里不是有效的 YAML：解析器报告 \"{detail}\""
                ),
                label: tr!("here", "这里"),
                help: tr!(
                    "check the indentation and that every quote and bracket is closed",
                    "请检查缩进，以及每个引号和括号是否都已闭合"
                ),
            },
            Problem::UnclosedQuote { quote, line } => Said {
                message: tr!(
                    "a quoted value is not closed: the `{quote}` on line {line} has no closing `{quote}`",
                    "引号没有闭合：第 {line} 行的 `{quote}` 没有对应的结束引号"
                ),
                label: tr!("opened here", "引号从这里开始"),
                help: tr!(
                    "end the value with `{quote}` on the same line; to go on over more lines, indent them deeper than its key",
                    "在同一行用 `{quote}` 结束这个值；如果要写成多行，后面的行要比它的键缩进得更深"
                ),
            },
            Problem::IndentedDeeper { key, above, line, column } => Said {
                message: tr!(
                    "`{key}` is indented deeper than `{above}` on line {line}, so YAML reads it as more of `{above}`'s value",
                    "`{key}` 比第 {line} 行的 `{above}` 缩进得更深，所以 YAML 把它读成了 `{above}` 的值的一部分"
                ),
                label: tr!("indented too deep", "缩进太深"),
                help: tr!(
                    "line `{key}` up with `{above}`: start it in column {column}",
                    "让 `{key}` 与 `{above}` 对齐：从第 {column} 列开始写"
                ),
            },
            Problem::NotLinedUp { this, with, line, found, column } => {
                let (this_en, this_zh) = match this {
                    Entry::Key(k) => (format!("`{k}`"), format!("`{k}` ")),
                    Entry::Item => ("this list item".to_string(), "这个列表项".to_string()),
                };
                let (with_en, with_zh) = match with {
                    Entry::Key(k) => (format!("`{k}`"), format!("`{k}`")),
                    Entry::Item => ("the `-`".to_string(), "`-`".to_string()),
                };
                Said {
                    message: tr!(
                        "{this_en} is not lined up with {with_en} on line {line}: it starts in column {found}, {with_en} in column {column}",
                        "{this_zh}没有和第 {line} 行的 {with_zh} 对齐：它从第 {found} 列开始，{with_zh} 从第 {column} 列开始"
                    ),
                    label: tr!("not lined up", "没有对齐"),
                    help: tr!(
                        "YAML nests by indentation: start it in column {column} like {with_en}, or in the column of the entry it belongs beside",
                        "YAML 按缩进决定层级：把它移到第 {column} 列与 {with_zh} 对齐，或与它所属的那一级对齐"
                    ),
                }
            }
            Problem::TabIndent { line } => Said {
                message: tr!(
                    "line {line} is indented with a tab; YAML indents with spaces only",
                    "第 {line} 行用制表符缩进；YAML 只能用空格缩进"
                ),
                label: tr!("tab", "制表符"),
                help: tr!(
                    "replace the tab with spaces, as many as the lines around it use",
                    "请把制表符换成空格，与上下行的缩进一致"
                ),
            },
            Problem::TabAfterColon { line } => Said {
                message: tr!(
                    "a tab follows the `:` on line {line}; YAML needs a space between a key and its value",
                    "第 {line} 行的 `:` 后面是制表符；YAML 要求键和值之间用空格分隔"
                ),
                label: tr!("tab", "制表符"),
                help: tr!("replace the tab with a space", "请把制表符换成空格"),
            },
            Problem::UnclosedFlow { open, line } => {
                let close = closing(*open);
                Said {
                    message: tr!(
                        "`{open}` is not closed: no `{close}` before line {line}",
                        "`{open}` 没有闭合：第 {line} 行之前没有 `{close}`"
                    ),
                    label: tr!("unclosed", "没有闭合"),
                    help: tr!(
                        "close it where the list or mapping ends, or write it in block style",
                        "在列表或映射结束的地方把它闭合，或改用块格式书写"
                    ),
                }
            }
            Problem::TooDeep { max } => Said {
                message: tr!("nesting deeper than {max} levels", "嵌套超过 {max} 层"),
                label: tr!("too deep", "嵌套太深"),
                help: tr!(
                    "a spec needs a few levels of nesting; {MAX_DEPTH} is the limit",
                    "spec 只需要几层嵌套；上限是 {MAX_DEPTH} 层"
                ),
            },
            Problem::TooManyAliases { max } => Said {
                message: tr!("more than {max} aliases", "别名超过 {max} 个"),
                label: tr!("one alias too many", "别名太多"),
                help: tr!(
                    "at most {MAX_ALIASES} aliases are allowed in one file",
                    "一个文件最多只能有 {MAX_ALIASES} 个别名"
                ),
            },
            Problem::AliasExpansion { name, size } => Said {
                message: tr!(
                    "aliases expand into more than {MAX_ALIAS_NODES} copied nodes; `*{name}` alone copies {size}",
                    "别名展开后复制的节点超过 {MAX_ALIAS_NODES} 个；仅 `*{name}` 一个就复制了 {size} 个"
                ),
                label: tr!("this alias crosses the limit", "这个别名超出了上限"),
                help: tr!(
                    "aliases that copy aliases multiply (an \"alias bomb\"); alias small parts only",
                    "别名引用别名会成倍展开（即「别名炸弹」）；请只对小片段使用别名"
                ),
            },
            Problem::AnchoredNodes => Said {
                message: tr!(
                    "anchored nodes hold more than {MAX_ANCHORED_NODES} nodes in all",
                    "带锚点的节点合计超过 {MAX_ANCHORED_NODES} 个节点"
                ),
                label: tr!("this anchor crosses the limit", "这个锚点超出了上限"),
                help: tr!(
                    "anchor small parts only, and do not nest anchors in anchored nodes",
                    "请只对小片段设置锚点，不要在带锚点的节点里再嵌套锚点"
                ),
            },
            Problem::RecursiveAlias { name } => Said {
                message: tr!(
                    "alias `*{name}` is inside the node it refers to, so it never ends",
                    "别名 `*{name}` 位于它所引用的节点内部，展开永远不会结束"
                ),
                label: tr!("refers to its own container", "引用了包含它自己的节点"),
                help: tr!(
                    "an alias must refer to a node defined before and outside it",
                    "别名只能引用在它之前、并且在它之外定义的节点"
                ),
            },
            Problem::MultipleDocuments => Said {
                message: tr!(
                    "a second YAML document; a file must hold exactly one",
                    "出现了第二个 YAML 文档；一个文件只能有一个文档"
                ),
                label: tr!("second document", "第二个文档"),
                help: tr!(
                    "one file holds one spec: move the other document to a file of its own",
                    "一个文件只放一个 spec：请把另一个文档移到单独的文件中"
                ),
            },
            Problem::DuplicateKey { name } => Said {
                message: tr!("duplicate key `{name}`", "重复的键 `{name}`"),
                label: tr!("duplicate key", "重复的键"),
                help: tr!("remove one of the two, or merge their contents", "删除其中一个，或合并两者的内容"),
            },
            Problem::ComplexKey { found } => {
                let [en, zh] = found.words();
                Said {
                    message: tr!("a mapping key must be text, found {en}", "映射的键必须是文本，实际是{zh}"),
                    label: tr!("not a text key", "键不是文本"),
                    help: text_key(),
                }
            }
            Problem::NullKey => Said {
                message: tr!("a mapping key must be text", "映射的键必须是文本"),
                label: tr!("a null key", "空键"),
                help: text_key(),
            },
            Problem::AliasKey => Said {
                message: tr!("a mapping key must be text", "映射的键必须是文本"),
                label: tr!("an alias as a key", "用别名作键"),
                help: text_key(),
            },
            Problem::Tag { written } => Said {
                message: tr!("YAML tags like `{written}` are not supported", "不支持 `{written}` 这样的 YAML 标签"),
                label: tr!("tagged value", "带标签的值"),
                help: tr!("remove the tag; write the value plainly", "删除标签，直接写值"),
            },
            Problem::TaggedValue { value, core } => Said {
                message: tr!("`{value}` is not a valid `!!{core}`", "`{value}` 不是有效的 `!!{core}`"),
                label: tr!("invalid value", "无效的值"),
                help: tr!("remove the tag, or write a value of that type", "去掉这个标签，或写一个该类型的值"),
            },
            Problem::TooLarge { number } => Said {
                message: tr!("the number `{number}` is too large", "数字 `{number}` 太大"),
                label: tr!("too large", "太大"),
                help: tr!(
                    "numbers must fit in 64 bits; if this is text (an id, a phone number), quote it",
                    "数字必须能用 64 位表示；如果这是文本（如 id、电话号码），请加上引号"
                ),
            },
            Problem::NotFinite { shown } => Said {
                message: tr!("`{shown}` is not a finite number", "`{shown}` 不是有限数"),
                label: tr!("not a finite number", "不是有限数"),
                help: tr!(
                    "write a number, or quote the value if it is text",
                    "请写一个数字；如果是文本，请给值加上引号"
                ),
            },
            Problem::Merge(found) => Said {
                message: match found {
                    Merge::Scalar => tr!(
                        "merge key `<<` could not be applied: expected a mapping or list of mappings for merging, but found scalar",
                        "无法应用合并键 `<<`：合并需要映射或映射列表，实际是标量"
                    ),
                    Merge::ScalarItem => tr!(
                        "merge key `<<` could not be applied: expected a mapping for merging, but found scalar",
                        "无法应用合并键 `<<`：合并需要映射，实际是标量"
                    ),
                    Merge::ListItem => tr!(
                        "merge key `<<` could not be applied: expected a mapping for merging, but found sequence",
                        "无法应用合并键 `<<`：合并需要映射，实际是列表"
                    ),
                },
                label: tr!("not a mapping", "不是映射"),
                help: tr!(
                    "`<<` takes an alias of a mapping, or a list of such aliases",
                    "`<<` 的值应为指向映射的别名，或由这类别名组成的列表"
                ),
            },
        }
    }
}

impl Problem {
    /// The label of the second place an [`Error`] points at, for the problems that have one.
    pub(crate) fn related(&self) -> Option<Text> {
        match self {
            Problem::DuplicateKey { .. } => Some(tr!("first defined here", "首次定义在这里")),
            Problem::UnclosedFlow { open, .. } => {
                let close = closing(*open);
                Some(tr!("expected `{close}` before this", "在这之前应有 `{close}`"))
            }
            Problem::IndentedDeeper { .. } | Problem::NotLinedUp { .. } => {
                Some(tr!("line it up with this", "应与这里对齐"))
            }
            _ => None,
        }
    }
}

/// The bracket that closes `open`.
fn closing(open: char) -> char {
    if open == '[' { ']' } else { '}' }
}
