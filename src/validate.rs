//! Semantic checks that make a spec meaningful or not (never lints; they cannot be allowed):
//! duplicate ids, unknown references, and what a trigger's form needs of the rest of the
//! spec. Which fields go with which trigger form, gate or attachment type is the schema's.

use std::collections::HashMap;
use std::ops::Range;

use serde_json::Value as Json;

use crate::diagnostics::{Diagnostic, Message, Rule, Said, did_you_mean, display_path, escaped, visible};
use crate::i18n::{Lang, tr};
use crate::limits::COMMUNITY_ID_MAX_CHARS;
use crate::spec::{Channel, Every, EveryKind, Inviter, Spec, Term, Trigger, Wanted};
use crate::yaml::SpanIndex;

/// Names a matrix variable may not take, because templates already see them.
const RESERVED_VARIABLES: &[&str] = &[
    "n",
    "group",
    "community",
    "lifecycle",
    "groups",
    "rights",
    "gates",
    "admission",
    "roles",
    "rules",
    "content",
    "tags",
    "kpis",
    "monetization",
    "segments",
    "step",
    "date",
    "day",
    "nickname",
    "timezone",
    "lints",
];

/// What the semantic checks find.
enum Found<'a> {
    /// The community id is longer than a folder name may be.
    IdTooLong { id: String },
    /// The community id is a device name on Windows.
    DeviceName { id: String },
    /// An id used twice in one list.
    Duplicate { list: List, id: String },
    /// A reference to nothing declared, with the names it could have meant.
    Unknown { wanted: Wanted, name: String, known: &'a [String] },
    /// `to_tags` or `segment` (`key`) on a step whose channel has no recipients to select.
    RecipientsUnused { key: &'static str, channel: Channel },
    /// A `date` trigger without a start date.
    DateWithoutStart,
    /// Weekdays to repeat on, without a start date.
    WeekdaysWithoutStart,
    /// Days of the month to repeat on, without a start date.
    MonthDaysWithoutStart,
    /// `every: month` without the day of the month.
    MonthWithoutOn,
    /// `on` (a day of the month) with a repeat that is not monthly.
    OnWithoutMonth,
    /// An `every` trigger whose last day comes before its first; `from` None is the default.
    NeverRuns { to: i32, from: Option<i32> },
    /// `before_end` in a community that never ends.
    NoEnd,
    /// `groups.stagger` without `lifecycle.start`.
    StaggerWithoutStart,
    /// A stagger that is not a whole number of days of at least one (`0d`, `12h`).
    StaggerNotWholeDays { stagger: String },
    /// A phase that ends before it starts.
    PhaseBackwards { id: String, from: i32, to: i32 },
    /// A `{phase, day}` trigger past its phase.
    OutsidePhase { id: String, from: i32, to: i32, day: i32 },
    /// A matrix variable named like something templates already see.
    ReservedVariable { name: String },
    /// A community id an earlier file has.
    CommunityIdTaken { id: String, first: String },
    /// A text with a control character; `multi_line` for the texts sent to members.
    ControlCharacter { path: String, c: char, multi_line: bool },
    /// A staff user id that is not of WeCom's form, or cannot name its `people/` folder.
    UserId { id: String },
    /// A staff user id equal to an earlier one but for letter case.
    UserIdCase { id: String, first: String },
}

/// The lists whose ids must be unique.
#[derive(Debug, Clone, Copy)]
enum List {
    Roles,
    Steps,
    Phases,
    ConductRules,
    Channels,
    Segments,
    TagGroups,
    Tags,
    /// Tags of different groups written alike as `组/标签` (`a` + `b/c`, `a/b` + `c`).
    TagNames,
}

impl Message for Found<'_> {
    fn rule(&self) -> Rule {
        match self {
            Found::Duplicate { .. } | Found::CommunityIdTaken { .. } | Found::UserIdCase { .. } => Rule::DuplicateId,
            Found::Unknown { .. } => Rule::UnknownReference,
            Found::DateWithoutStart
            | Found::WeekdaysWithoutStart
            | Found::MonthDaysWithoutStart
            | Found::StaggerWithoutStart
            | Found::MonthWithoutOn => Rule::MissingField,
            Found::IdTooLong { .. }
            | Found::DeviceName { .. }
            | Found::RecipientsUnused { .. }
            | Found::NeverRuns { .. }
            | Found::OnWithoutMonth
            | Found::NoEnd
            | Found::StaggerNotWholeDays { .. }
            | Found::PhaseBackwards { .. }
            | Found::OutsidePhase { .. }
            | Found::ReservedVariable { .. }
            | Found::ControlCharacter { .. }
            | Found::UserId { .. } => Rule::InvalidValue,
        }
    }

    fn said(&self) -> Said {
        match self {
            Found::IdTooLong { id } => {
                let (chars, max) = (id.chars().count(), COMMUNITY_ID_MAX_CHARS);
                Said {
                    message: tr!(
                        "community id `{id}` has {chars} characters, more than {max}",
                        "社群 id `{id}` 有 {chars} 个字符，超过了 {max} 个"
                    ),
                    label: tr!("too long for a folder name", "用作文件夹名太长"),
                    help: tr!(
                        "the id names the community's output folder: shorten it to {max} characters or fewer",
                        "id 就是社群输出文件夹的名字：请缩短到 {max} 个字符以内"
                    ),
                }
            }
            Found::DeviceName { id } => Said {
                message: tr!("invalid id `{id}` at `community.id`", "`community.id` 处的 id `{id}` 无效"),
                label: tr!("a device name on Windows", "Windows 上的设备名"),
                help: tr!(
                    "the id names the output folder, and Windows reserves `{id}` for a device (as it does con, prn, aux, nul, com0–com9 and lpt0–lpt9); choose another id, such as `{id}-group`",
                    "id 用作输出文件夹名，而 Windows 把 `{id}` 保留为设备名（con、prn、aux、nul、com0–com9、lpt0–lpt9 都是）；请换一个 id，如 `{id}-group`"
                ),
            },
            Found::Duplicate { list, id } => list.duplicate(id),
            Found::UserId { id } => Said {
                message: tr!("invalid staff user id `{id}`", "无效的成员账号 `{id}`"),
                label: tr!("not a WeCom user id", "不是企业微信账号"),
                help: tr!(
                    "a WeCom user id is 1–64 letters, digits, `_`, `-`, `@` and `.`, starting with a letter or digit; it also names the person's folder `people/<id>/`, so it may not end in `.` or be a Windows device name (con, prn, aux, nul, com0–com9, lpt0–lpt9); write the account as WeCom shows it",
                    "企业微信账号由 1–64 个字母、数字、`_`、`-`、`@`、`.` 组成，以字母或数字开头；它还用作个人文件夹 `people/<账号>/` 的名字，所以不能以 `.` 结尾，也不能是 Windows 设备名（con、prn、aux、nul、com0–com9、lpt0–lpt9）；请照企业微信后台显示的账号填写"
                ),
            },
            Found::UserIdCase { id, first } => Said {
                message: tr!(
                    "staff user id `{id}` differs from `{first}` only in letter case",
                    "成员账号 `{id}` 与 `{first}` 只有大小写不同"
                ),
                label: tr!("the same account as `{first}`", "与 `{first}` 是同一个账号"),
                help: tr!(
                    "WeCom user ids ignore case, and both would write the folder `people/{first}/` on macOS and Windows; write the account `{first}` everywhere, or name another person",
                    "企业微信账号不区分大小写，两者在 macOS 和 Windows 上也会写入同一个文件夹 `people/{first}/`；请处处写成 `{first}`，或换成另一个人"
                ),
            },
            Found::Unknown { wanted, name, known } => unknown(*wanted, name, known),
            Found::RecipientsUnused { key, channel } => Said {
                message: tr!(
                    "`{key}` selects recipients of `private` and `moments` steps only",
                    "`{key}` 只用于选择 `private` 和 `moments` 步骤的接收人"
                ),
                label: tr!("not used on this channel", "这个渠道用不到它"),
                help: tr!(
                    "remove `{key}`, or change `channel` (now `{channel}`) to `private` or `moments`",
                    "删除 `{key}`，或把 `channel`（现在是 `{channel}`）改为 `private` 或 `moments`"
                ),
            },
            Found::DateWithoutStart => Said {
                message: tr!("a `date` trigger needs `lifecycle.start`", "`date` 触发条件需要 `lifecycle.start`"),
                label: tr!("cannot be placed on the plan", "无法排进计划"),
                help: tr!(
                    "set `lifecycle.start` (day 1), or use a `day` trigger",
                    "设置 `lifecycle.start`（第 1 天），或改用 `day` 触发条件"
                ),
            },
            Found::WeekdaysWithoutStart | Found::MonthDaysWithoutStart => {
                let (message, label) = match self {
                    Found::WeekdaysWithoutStart => (
                        tr!("repeating on weekdays needs `lifecycle.start`", "按星期重复需要 `lifecycle.start`"),
                        tr!("weekdays are unknown without a start date", "没有开始日期就不知道星期几"),
                    ),
                    _ => (
                        tr!(
                            "repeating on a day of the month needs `lifecycle.start`",
                            "按每月几号重复需要 `lifecycle.start`"
                        ),
                        tr!("months are unknown without a start date", "没有开始日期就不知道是几月几号"),
                    ),
                };
                let help = tr!(
                    "set `lifecycle.start` (day 1), or use `every: day`",
                    "设置 `lifecycle.start`（第 1 天），或改用 `every: day`"
                );
                Said { message, label, help }
            }
            Found::MonthWithoutOn => Said {
                message: tr!("`every: month` does not say which day of the month", "`every: month` 没有说明每月几号"),
                label: tr!("which day of the month?", "每月几号？"),
                help: tr!(
                    "add `on:` with a day from 1 to 31, or `last` for the month's last day",
                    "添加 `on:`，写 1 到 31 之间的日子，或写 `last` 表示每月最后一天"
                ),
            },
            Found::OnWithoutMonth => Said {
                message: tr!(
                    "`on` names a day of the month, but the step does not repeat monthly",
                    "`on` 指定的是每月几号，但这个步骤不是按月重复"
                ),
                label: tr!("goes with `every: month` only", "只能和 `every: month` 一起用"),
                help: tr!(
                    "write `every: month` to repeat on that day of every month, or remove `on`",
                    "改为 `every: month`，在每月的这一天重复；或删除 `on`"
                ),
            },
            Found::NeverRuns { to, from } => Said {
                message: match from {
                    Some(from) => tr!(
                        "`to_day` {to} is before `from_day` {from}: the step never runs",
                        "`to_day`（{to}）早于 `from_day`（{from}）：这个步骤永远不会执行"
                    ),
                    None => tr!(
                        "`to_day` {to} is before `from_day` 1 (the default): the step never runs",
                        "`to_day`（{to}）早于 `from_day`（默认为 1）：这个步骤永远不会执行"
                    ),
                },
                label: tr!("before `from_day`", "早于 `from_day`"),
                help: tr!(
                    "make `to_day` at least `from_day`, or leave it out to repeat to the last day",
                    "让 `to_day` 不小于 `from_day`，或省略它，一直重复到最后一天"
                ),
            },
            Found::NoEnd => Said {
                message: tr!(
                    "`before_end` needs a finite term, but `term` is `ongoing`",
                    "`before_end` 需要有期限的服务期限，但 `term` 是 `ongoing`"
                ),
                label: tr!("an ongoing community has no end", "长期运营的社群没有结束日"),
                help: tr!(
                    "use a `day` or `every` trigger, or give `lifecycle.term` a duration",
                    "改用 `day` 或 `every` 触发条件，或给 `lifecycle.term` 设一个时长"
                ),
            },
            Found::StaggerWithoutStart => Said {
                message: tr!(
                    "staggered cohorts (`groups.stagger`) need `lifecycle.start`",
                    "分批开群（`groups.stagger`）需要 `lifecycle.start`"
                ),
                label: tr!("cohorts start on dates", "每批群按日期开群"),
                help: tr!(
                    "set `lifecycle.start` (the first cohort's day 1), or remove `stagger`",
                    "设置 `lifecycle.start`（第 1 批群的第 1 天），或删除 `stagger`"
                ),
            },
            Found::StaggerNotWholeDays { stagger } => Said {
                message: tr!(
                    "`stagger: {stagger}` is not a whole number of days of at least one",
                    "`stagger: {stagger}` 不是至少 1 天的整天数"
                ),
                label: tr!("cohorts start whole days apart", "每批群相隔整天开群"),
                help: tr!(
                    "write the days between two cohorts' starts, e.g. `7d` or `1w`",
                    "写两批群开群之间相隔的天数，如 `7d` 或 `1w`"
                ),
            },
            Found::PhaseBackwards { id, from, to } => Said {
                message: tr!(
                    "phase `{id}` ends (day {to}) before it starts (day {from})",
                    "阶段 `{id}` 的结束日（第 {to} 天）早于开始日（第 {from} 天）"
                ),
                label: tr!("before `from_day`", "早于 `from_day`"),
                help: tr!("make `to_day` at least `from_day`", "让 `to_day` 不小于 `from_day`"),
            },
            Found::OutsidePhase { id, from, to, day } => {
                let length = to - from + 1;
                Said {
                    message: tr!(
                        "phase `{id}` has {length} days (days {from}–{to}), so it has no day {day}",
                        "阶段 `{id}` 共 {length} 天（第 {from}–{to} 天），没有第 {day} 天"
                    ),
                    label: tr!("outside the phase", "超出阶段范围"),
                    help: tr!(
                        "use a day from 1 to {length}, counted from the phase's first day",
                        "使用 1 到 {length} 之间的天数，从阶段的第一天算起"
                    ),
                }
            }
            Found::ReservedVariable { name } => Said {
                message: tr!(
                    "matrix variable `{name}` clashes with a name templates already see",
                    "矩阵变量 `{name}` 与模板中已有的名称冲突"
                ),
                label: tr!("reserved name", "保留名称"),
                help: tr!(
                    "rename the variable, e.g. `city`, `grade`, `subject`",
                    "请重命名这个变量，例如 `city`、`grade`、`subject`"
                ),
            },
            Found::CommunityIdTaken { id, first } => Said {
                message: tr!("community id `{id}` is already used by `{first}`", "社群 id `{id}` 已被 `{first}` 使用"),
                label: tr!("used by another spec", "已被另一个 spec 使用"),
                help: tr!(
                    "each community id names its output folder: give each spec its own id",
                    "社群 id 就是输出文件夹的名字：每个 spec 要有自己的 id"
                ),
            },
            Found::ControlCharacter { path, c, multi_line } => {
                let c = visible(&c.to_string()).into_owned();
                Said {
                    message: tr!("`{path}` contains the control character `{c}`", "`{path}` 含有控制字符 `{c}`"),
                    label: tr!("control character", "控制字符"),
                    help: if *multi_line {
                        tr!(
                            "remove it: messages may hold line breaks and tabs, but no other control characters",
                            "请删除它：消息中可以有换行和制表符，但不能有其他控制字符"
                        )
                    } else {
                        tr!(
                            "write it on one line, without control characters: names, titles, ids and tags end up in headings, table cells, CSV fields and calendar entries",
                            "请写成一行，不含控制字符：名称、标题、id 和标签会出现在 Markdown 标题、表格单元格、CSV 字段和日历条目中"
                        )
                    },
                }
            }
        }
    }
}

impl List {
    fn duplicate(self, id: &str) -> Said {
        let (message, help) = match self {
            List::Roles => (
                tr!("duplicate role id `{id}`", "重复的角色 id `{id}`"),
                tr!(
                    "ids must be unique within their list: rename one of the two roles",
                    "id 在所在列表中必须唯一：请重命名这两个角色中的一个"
                ),
            ),
            List::Steps => (
                tr!("duplicate SOP step id `{id}`", "重复的 SOP 步骤 id `{id}`"),
                tr!(
                    "ids must be unique within their list: rename one of the two SOP steps",
                    "id 在所在列表中必须唯一：请重命名这两个 SOP 步骤中的一个"
                ),
            ),
            List::Phases => (
                tr!("duplicate phase id `{id}`", "重复的阶段 id `{id}`"),
                tr!(
                    "ids must be unique within their list: rename one of the two phases",
                    "id 在所在列表中必须唯一：请重命名这两个阶段中的一个"
                ),
            ),
            List::ConductRules => (
                tr!("duplicate conduct rule id `{id}`", "重复的群规 id `{id}`"),
                tr!(
                    "ids must be unique within their list: rename one of the two conduct rules",
                    "id 在所在列表中必须唯一：请重命名这两条群规中的一条"
                ),
            ),
            List::Channels => (
                tr!("duplicate channel id `{id}`", "重复的渠道 id `{id}`"),
                tr!(
                    "ids must be unique within their list: rename one of the two channels",
                    "id 在所在列表中必须唯一：请重命名这两个渠道中的一个"
                ),
            ),
            List::Segments => (
                tr!("duplicate segment id `{id}`", "重复的分层 id `{id}`"),
                tr!(
                    "ids must be unique within their list: rename one of the two segments",
                    "id 在所在列表中必须唯一：请重命名这两个分层中的一个"
                ),
            ),
            List::TagGroups => (
                tr!("duplicate tag group id `{id}`", "重复的标签组 `{id}`"),
                tr!(
                    "ids must be unique within their list: rename one of the two tag groups",
                    "标签组名必须唯一：请重命名这两个标签组中的一个"
                ),
            ),
            List::Tags => (
                tr!("duplicate tag id `{id}`", "重复的标签 `{id}`"),
                tr!(
                    "ids must be unique within their list: rename one of the two tags",
                    "同一组内的标签必须唯一：请重命名这两个标签中的一个"
                ),
            ),
            List::TagNames => (
                tr!(
                    "tag `{id}` is declared twice: two tag groups spell it alike",
                    "标签 `{id}` 声明了两次：两个标签组拼出了同一个名字"
                ),
                tr!(
                    "a reference written `组/标签` could mean either: rename one of the two tags or tag groups",
                    "写作 `组/标签` 的引用分不清是哪一个：请重命名其中一个标签或标签组"
                ),
            ),
        };
        Said { message, label: tr!("defined again here", "在这里再次定义"), help }
    }
}

/// An unknown reference: what it names, and how to name something declared instead.
fn unknown(wanted: Wanted, name: &str, known: &[String]) -> Said {
    let (message, label) = match wanted {
        Wanted::Role | Wanted::Inviter => {
            (tr!("unknown role `{name}`", "未知的角色 `{name}`"), tr!("no role with this name", "没有叫这个名字的角色"))
        }
        Wanted::Phase => (
            tr!("unknown phase `{name}`", "未知的阶段 `{name}`"),
            tr!("no phase with this name", "没有叫这个名字的阶段"),
        ),
        Wanted::Tag => {
            (tr!("unknown tag `{name}`", "未知的标签 `{name}`"), tr!("no tag with this name", "没有叫这个名字的标签"))
        }
        Wanted::Segment => (
            tr!("unknown segment `{name}`", "未知的用户分层 `{name}`"),
            tr!("no segment with this id", "没有这个 id 的用户分层"),
        ),
    };
    let declare = match wanted {
        // An inviter's known names already list `member`.
        Wanted::Role | Wanted::Inviter => tr!("declare it under `roles`", "在 `roles` 下声明它"),
        Wanted::Phase => tr!("declare it under `lifecycle.phases`", "在 `lifecycle.phases` 下声明它"),
        Wanted::Tag => tr!("declare it under `tags`, written `组/标签`", "在 `tags` 下声明它，写作 `组/标签`"),
        Wanted::Segment => tr!("declare it under `segments`", "在 `segments` 下声明它"),
    };
    let (declare, declare_zh) = (declare.en(), declare.get(Lang::Zh));
    let help = match did_you_mean(name, known.iter().map(String::as_str)) {
        Some(s) => tr!("did you mean `{s}`? Or {declare}", "是不是想写 `{s}`？或者{declare_zh}"),
        None if known.is_empty() => tr!("none is declared yet: {declare}", "目前还没有声明任何一个：{declare_zh}"),
        None => {
            // A duplicate id (reported on its own) would otherwise be listed twice.
            let mut names: Vec<&str> = Vec::new();
            for k in known {
                if !names.contains(&k.as_str()) {
                    names.push(k);
                }
            }
            let (names, names_zh) = (names.join(", "), names.join("、"));
            tr!("known: {names}; or {declare}", "已声明的有：{names_zh}；或者{declare_zh}")
        }
    };
    Said { message, label, help }
}

/// Runs every semantic check; all problems are returned, in document order.
pub(crate) fn validate(spec: &Spec, index: &SpanIndex) -> Vec<Diagnostic> {
    let mut v = Validator { index, out: Vec::new() };
    v.community_id(spec);
    v.duplicates(spec);
    v.references(spec);
    v.recipients(spec);
    v.triggers(spec);
    v.stagger(spec);
    v.phases(spec);
    v.matrix(spec);
    v.staff_ids(spec);
    v.out.sort_by_key(|d| (d.span.start, d.span.end));
    v.out
}

struct Validator<'a> {
    index: &'a SpanIndex,
    out: Vec<Diagnostic>,
}

impl Validator<'_> {
    fn value(&self, ptr: &str) -> Range<usize> {
        self.index.lookup(ptr).map_or(0..0, |n| n.value.clone())
    }

    fn key(&self, ptr: &str) -> Range<usize> {
        self.index.lookup(ptr).map_or(0..0, |n| n.key.clone().unwrap_or_else(|| n.value.clone()))
    }

    fn push(&mut self, span: Range<usize>, found: &Found<'_>) {
        self.out.push(Diagnostic::of(span, found));
    }

    /// The id names the output folder: `build` refuses what no folder name can be, and what
    /// Windows cannot open.
    fn community_id(&mut self, spec: &Spec) {
        let id = spec.community.id.to_string();
        if id.chars().count() > COMMUNITY_ID_MAX_CHARS {
            self.push(self.value("/community/id"), &Found::IdTooLong { id: id.clone() });
        }
        if crate::limits::is_reserved_name(&id) {
            self.push(self.value("/community/id"), &Found::DeviceName { id });
        }
    }

    fn duplicates(&mut self, spec: &Spec) {
        let lists: [(&str, List, Vec<&str>); 6] = [
            ("/roles", List::Roles, spec.roles.iter().map(|r| r.id.as_str()).collect()),
            ("/content/sop", List::Steps, spec.content.sop.iter().map(|s| s.id.as_str()).collect()),
            ("/lifecycle/phases", List::Phases, spec.lifecycle.phases.iter().map(|p| p.id.as_str()).collect()),
            ("/rules/conduct", List::ConductRules, spec.rules.conduct.iter().map(|c| c.id.as_str()).collect()),
            ("/admission/channels", List::Channels, spec.admission.channels.iter().map(|c| c.id.as_str()).collect()),
            ("/segments", List::Segments, spec.segments.iter().map(|s| s.id.as_str()).collect()),
        ];
        for (list, what, ids) in lists {
            self.unique(&ids, |i| format!("{list}/{i}/id"), what);
        }
        let groups: Vec<&str> = spec.tags.iter().map(|t| t.group.as_str()).collect();
        self.unique(&groups, |i| format!("/tags/{i}/group"), List::TagGroups);
        for (g, group) in spec.tags.iter().enumerate() {
            let tags: Vec<&str> = group.tags.iter().map(String::as_str).collect();
            self.unique(&tags, |i| format!("/tags/{g}/tags/{i}"), List::Tags);
        }
        // A group name may hold a `/`, so two groups can spell one `组/标签`; within a group
        // the check above has said it.
        let mut seen: HashMap<String, (usize, usize)> = HashMap::new();
        for (g, group) in spec.tags.iter().enumerate() {
            for (t, tag) in group.tags.iter().enumerate() {
                let name = format!("{}/{tag}", group.group);
                match seen.get(&name) {
                    Some(&(first_group, first_tag)) if first_group != g => {
                        let (here, first) =
                            (format!("/tags/{g}/tags/{t}"), format!("/tags/{first_group}/tags/{first_tag}"));
                        let found = Found::Duplicate { list: List::TagNames, id: name };
                        let first_defined = tr!("first defined here", "首次定义在这里");
                        self.out.push(
                            Diagnostic::of(self.value(&here), &found).with_related(self.value(&first), first_defined),
                        );
                    }
                    Some(_) => {}
                    None => {
                        seen.insert(name, (g, t));
                    }
                }
            }
        }
    }

    fn unique(&mut self, ids: &[&str], ptr: impl Fn(usize) -> String, list: List) {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, id) in ids.iter().enumerate() {
            if let Some(&first) = seen.get(id) {
                let found = Found::Duplicate { list, id: id.to_string() };
                let first_defined = tr!("first defined here", "首次定义在这里");
                self.out.push(
                    Diagnostic::of(self.value(&ptr(i)), &found).with_related(self.value(&ptr(first)), first_defined),
                );
            } else {
                seen.insert(id, i);
            }
        }
    }

    /// Every reference that resolves to nothing, with the names it could have meant.
    fn references(&mut self, spec: &Spec) {
        let roles: Vec<String> = spec.roles.iter().map(|r| r.id.to_string()).collect();
        let inviters: Vec<String> = roles.iter().cloned().chain([Inviter::MEMBER.to_string()]).collect();
        let phases: Vec<String> = spec.lifecycle.phases.iter().map(|p| p.id.to_string()).collect();
        let tags: Vec<String> =
            spec.tags.iter().flat_map(|g| g.tags.iter().map(move |t| format!("{}/{t}", g.group))).collect();
        let segments: Vec<String> = spec.segments.iter().map(|s| s.id.clone()).collect();
        for u in &spec.refs().unresolved {
            let known = match u.wanted {
                Wanted::Role => &roles,
                Wanted::Inviter => &inviters,
                Wanted::Phase => &phases,
                Wanted::Tag => &tags,
                Wanted::Segment => &segments,
            };
            self.push(self.value(&u.ptr), &Found::Unknown { wanted: u.wanted, name: u.name.clone(), known });
        }
    }

    /// `to_tags` and `segment` select whom a private chat or a Moments post reaches; other
    /// channels (a group message, the announcement) reach the whole group.
    fn recipients(&mut self, spec: &Spec) {
        for (i, step) in spec.content.sop.iter().enumerate() {
            if matches!(step.channel, Channel::Private | Channel::Moments) {
                continue;
            }
            for (key, written) in [("to_tags", !step.to_tags.is_empty()), ("segment", step.segment.is_some())] {
                if written {
                    let found = Found::RecipientsUnused { key, channel: step.channel };
                    self.push(self.key(&format!("/content/sop/{i}/{key}")), &found);
                }
            }
        }
    }

    /// What a trigger's form needs of the rest of the spec: a start date for dates and
    /// weekdays, a finite term for `before_end`, and a day range that is not empty.
    fn triggers(&mut self, spec: &Spec) {
        let start = spec.lifecycle.start;
        for (i, step) in spec.content.sop.iter().enumerate() {
            let at = |key: &str| format!("/content/sop/{i}/when/{key}");
            match &step.when {
                Trigger::Date { .. } if start.is_none() => self.push(self.value(&at("date")), &Found::DateWithoutStart),
                Trigger::Every { every: Every::One(EveryKind::Month), on: None, .. } => {
                    self.push(self.value(&at("every")), &Found::MonthWithoutOn);
                }
                Trigger::Every { every, on: Some(_), .. } if *every != Every::One(EveryKind::Month) => {
                    self.push(self.value(&at("on")), &Found::OnWithoutMonth);
                }
                Trigger::Every { every: Every::One(EveryKind::Month), .. } if start.is_none() => {
                    self.push(self.value(&at("every")), &Found::MonthDaysWithoutStart);
                }
                Trigger::Every { every, .. } if start.is_none() && *every != Every::One(EveryKind::Day) => {
                    self.push(self.value(&at("every")), &Found::WeekdaysWithoutStart);
                }
                Trigger::Every { from_day, to_day: Some(to), .. } if *to < from_day.unwrap_or(1) => {
                    self.push(self.value(&at("to_day")), &Found::NeverRuns { to: *to, from: *from_day });
                }
                Trigger::BeforeEnd { .. } if spec.lifecycle.term == Term::Ongoing => {
                    self.push(self.key(&at("before_end")), &Found::NoEnd);
                }
                _ => {}
            }
        }
    }

    /// Cohorts start whole days apart, counted from a start date.
    fn stagger(&mut self, spec: &Spec) {
        let Some(stagger) = &spec.groups.stagger else { return };
        if stagger.minutes == 0 || stagger.minutes % 1440 != 0 {
            let found = Found::StaggerNotWholeDays { stagger: stagger.to_string() };
            self.push(self.value("/groups/stagger"), &found);
        } else if spec.lifecycle.start.is_none() {
            self.push(self.key("/groups/stagger"), &Found::StaggerWithoutStart);
        }
    }

    fn phases(&mut self, spec: &Spec) {
        for (i, p) in spec.lifecycle.phases.iter().enumerate() {
            if p.from_day > p.to_day {
                let found = Found::PhaseBackwards { id: p.id.to_string(), from: p.from_day, to: p.to_day };
                self.push(self.value(&format!("/lifecycle/phases/{i}/to_day")), &found);
            }
        }
        // `{phase, day}` and a phase-scoped repeat's `from_day` and `to_day` count within the
        // phase: day N must exist in it.
        for (i, step) in spec.content.sop.iter().enumerate() {
            let Some(p) = spec.step_phase(i) else { continue };
            let days = match &step.when {
                Trigger::Phase { day, .. } => vec![("day", *day)],
                Trigger::Every { from_day, to_day, .. } => [("from_day", *from_day), ("to_day", *to_day)]
                    .into_iter()
                    .filter_map(|(k, d)| Some((k, d?)))
                    .collect(),
                _ => Vec::new(),
            };
            let length = p.to_day - p.from_day + 1;
            for (key, day) in days.into_iter().filter(|(_, day)| length > 0 && (*day < 1 || *day > length)) {
                let found = Found::OutsidePhase { id: p.id.to_string(), from: p.from_day, to: p.to_day, day };
                self.push(self.value(&format!("/content/sop/{i}/when/{key}")), &found);
            }
        }
    }

    fn matrix(&mut self, spec: &Spec) {
        for (name, _) in &spec.groups.matrix.0 {
            if RESERVED_VARIABLES.contains(&name.as_str()) {
                let found = Found::ReservedVariable { name: name.clone() };
                self.push(self.key(&format!("/groups/matrix/{name}")), &found);
            }
        }
    }
}

impl Validator<'_> {
    /// Staff ids are WeCom user ids and name the folders under `people/`: each must be of
    /// WeCom's form (so no `/`, `\\`, `..` or leading `.` can leave `people/`), no device
    /// name, and one spelling per account, since WeCom and case-insensitive file systems
    /// ignore case. Ids with control characters are reported by the text check alone.
    fn staff_ids(&mut self, spec: &Spec) {
        let mut first: HashMap<String, &str> = HashMap::new();
        for (r, role) in spec.roles.iter().enumerate() {
            for (k, member) in role.staff.iter().enumerate() {
                let id = member.id();
                let ptr = match member.pin() {
                    Some(_) => format!("/roles/{r}/staff/{k}/id"),
                    None => format!("/roles/{r}/staff/{k}"),
                };
                if control_character(id, false).is_some() {
                    continue;
                }
                if !is_user_id(id) {
                    self.push(self.value(&ptr), &Found::UserId { id: id.to_string() });
                    continue;
                }
                match first.entry(id.to_ascii_lowercase()) {
                    std::collections::hash_map::Entry::Vacant(e) => _ = e.insert(id),
                    std::collections::hash_map::Entry::Occupied(e) if *e.get() != id => {
                        let found = Found::UserIdCase { id: id.to_string(), first: e.get().to_string() };
                        self.push(self.value(&ptr), &found);
                    }
                    std::collections::hash_map::Entry::Occupied(_) => {}
                }
            }
        }
    }
}

/// WeCom's user id form (1–64 bytes of ASCII letters, digits, `_`, `-`, `@`, `.`, starting with
/// a letter or digit), and a safe folder name: not ending in `.`, no device name.
fn is_user_id(id: &str) -> bool {
    let mut chars = id.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || "_-@.".contains(c))
        && id.len() <= crate::limits::USER_ID_MAX_BYTES
        && !id.ends_with('.')
        && !crate::limits::is_reserved_name(id)
}

/// The community ids met so far in one run of `check` or `build`, each with the first file
/// that has it. Only ids and file names are kept, so memory stays flat.
#[derive(Default)]
pub(crate) struct CommunityIds(HashMap<String, String>);

impl CommunityIds {
    /// Notes the community id of `file` (as shown), at `span`; `duplicate-id` when an earlier
    /// file has it: both would write the same output folder.
    pub(crate) fn note(&mut self, file: &str, id: &str, span: Range<usize>) -> Option<Diagnostic> {
        let Some(first) = self.0.get(id) else {
            self.0.insert(id.to_string(), file.to_string());
            return None;
        };
        Some(Diagnostic::of(span, &Found::CommunityIdTaken { id: id.to_string(), first: first.clone() }))
    }
}

/// Whether the text at `ptr` may hold several lines: the texts sent to members (the welcome,
/// the announcement's extra text, SOP messages). Every other text (names, titles, ids, tags,
/// keywords, descriptions) is one line: it becomes a Markdown heading or table cell, a CSV
/// field, a calendar summary.
pub(crate) fn multi_line(ptr: &str) -> bool {
    let segs: Vec<&str> = ptr.split('/').collect();
    matches!(segs[..], ["", "rules", "welcome" | "announcement"] | ["", "content", "sop", _, "message"])
}

/// The first character of `text` a terminal or a file format acts on: control characters
/// (C0, DEL, C1; line breaks and tabs too unless `multi_line`), and the bidirectional and
/// line-separator characters that reorder or break the text around them.
pub(crate) fn control_character(text: &str, multi_line: bool) -> Option<char> {
    text.chars().find(|c| escaped(*c) && !(multi_line && matches!(c, '\n' | '\t')))
}

/// Every text of the spec with a control character (see [`control_character`]): it would
/// reach members' chats, the calendar, the spreadsheet and the Markdown files as it is. Keys
/// are texts too (a survey's answers are its keys), each one line.
pub(crate) fn control_characters(json: &Json, index: &SpanIndex) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut todo = vec![(String::new(), json)];
    while let Some((ptr, value)) = todo.pop() {
        match value {
            Json::String(s) => {
                let multi = multi_line(&ptr);
                if let Some(c) = control_character(s, multi) {
                    let span = index.lookup(&ptr).map_or(0..0, |n| n.value.clone());
                    let found = Found::ControlCharacter { path: display_path(&ptr), c, multi_line: multi };
                    out.push(Diagnostic::of(span, &found));
                }
            }
            Json::Array(items) => todo.extend(items.iter().enumerate().map(|(i, v)| (format!("{ptr}/{i}"), v))),
            Json::Object(map) => {
                for (k, v) in map {
                    let child = format!("{ptr}/{}", k.replace('~', "~0").replace('/', "~1"));
                    if let Some(c) = control_character(k, false) {
                        let span = index.lookup(&child).and_then(|n| n.key.clone()).unwrap_or(0..0);
                        let found = Found::ControlCharacter { path: display_path(&child), c, multi_line: false };
                        out.push(Diagnostic::of(span, &found));
                    }
                    todo.push((child, v));
                }
            }
            _ => {}
        }
    }
    out.sort_by_key(|d| (d.span.start, d.span.end));
    out
}
