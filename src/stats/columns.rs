//! The columns a statistics file may have: WeCom's own statistic fields
//! (`groupchat/statistic_group_by_day`, https://developer.work.weixin.qq.com/document/path/92133),
//! the figures the seeds' formulas need beyond them, and the Chinese headers WeCom's console and
//! SCRM exports give them. README.md's alias table is this table.

/// Where a row belongs: its day and its group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Key {
    Date,
    Group,
}

/// The keys' headers: English first, then the Chinese aliases.
pub(crate) const KEYS: &[(Key, &[&str])] = &[
    (Key::Date, &["date", "日期", "统计日期"]),
    (Key::Group, &["group", "群名称", "群名", "群聊名称", "客户群", "群"]),
];

/// A figure of one group on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Figure {
    NewMembers,
    Members,
    MembersSpoken,
    Messages,
    NewChats,
    Chats,
    ChatsWithMessages,
    MigratedChats,
    Leaves,
    EffectiveSpeakers,
    Exposure,
    Orders,
    OrderAmount,
    Buyers,
    Cost,
}

/// How a figure adds up over several days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Happens during the day (joins, messages, orders): summed over a period.
    Flow,
    /// A head count at the end of the day (群成员总数): averaged over a period, since the same
    /// members are counted again every day.
    Stock,
}

/// One figure's column: its name (WeCom's field where it has one), its Chinese aliases, how it
/// adds up, and whether it may have decimals (money). README.md says what each means.
pub(crate) struct Column {
    pub(crate) figure: Figure,
    pub(crate) name: &'static str,
    pub(crate) aliases: &'static [&'static str],
    pub(crate) kind: Kind,
    pub(crate) money: bool,
}

const fn column(figure: Figure, name: &'static str, aliases: &'static [&'static str], kind: Kind) -> Column {
    Column { figure, name, aliases, kind, money: false }
}

/// Every figure column, in [`Figure`] order (a figure's index is its place here).
pub(crate) const COLUMNS: &[Column] = &[
    column(
        Figure::NewMembers,
        "new_member_cnt",
        &["新增群成员数", "入群人数", "新增群人数", "新增人数", "客户群新增群人数"],
        Kind::Flow,
    ),
    column(Figure::Members, "member_total", &["群成员总数", "群总人数", "群成员数", "客户群总人数"], Kind::Stock),
    column(
        Figure::MembersSpoken,
        "member_has_msg",
        &["有发言成员数", "发言成员数", "有发过消息的群成员数"],
        Kind::Flow,
    ),
    column(Figure::Messages, "msg_total", &["群消息总数", "消息总数", "客户群消息总数"], Kind::Flow),
    column(Figure::NewChats, "new_chat_cnt", &["新增客户群数量", "新增群聊数"], Kind::Flow),
    column(Figure::Chats, "chat_total", &["客户群总数量", "群聊总数"], Kind::Stock),
    column(Figure::ChatsWithMessages, "chat_has_msg", &["有发过消息的客户群数量", "发过消息的群聊数"], Kind::Flow),
    column(Figure::MigratedChats, "migrate_trainee_chat_cnt", &["新增迁移群数"], Kind::Flow),
    column(Figure::Leaves, "leave_cnt", &["退群人数", "退群数"], Kind::Flow),
    column(Figure::EffectiveSpeakers, "effective_speakers", &["有效发言人数"], Kind::Flow),
    column(Figure::Exposure, "exposure", &["曝光量", "渠道曝光量"], Kind::Flow),
    column(Figure::Orders, "orders", &["订单数"], Kind::Flow),
    Column {
        money: true,
        ..column(Figure::OrderAmount, "order_amount", &["订单金额", "销售额", "订单总额"], Kind::Flow)
    },
    column(Figure::Buyers, "buyers", &["下单人数", "订单人数"], Kind::Flow),
    Column { money: true, ..column(Figure::Cost, "cost", &["成本", "投入"], Kind::Flow) },
];

impl Figure {
    pub(crate) fn column(self) -> &'static Column {
        &COLUMNS[self as usize]
    }
}

/// What a header names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Header {
    Key(Key),
    Figure(Figure),
}

/// The column a header names: an English name in any letter case, or a Chinese alias.
pub(crate) fn header(text: &str) -> Option<Header> {
    let named = |names: &[&str]| names.iter().any(|n| n.eq_ignore_ascii_case(text));
    let key = KEYS.iter().find(|(_, names)| named(names)).map(|(k, _)| Header::Key(*k));
    key.or_else(|| {
        COLUMNS.iter().find(|c| c.name.eq_ignore_ascii_case(text) || named(c.aliases)).map(|c| Header::Figure(c.figure))
    })
}

/// Every header accepted, for "did you mean".
pub(crate) fn headers() -> impl Iterator<Item = &'static str> {
    let keys = KEYS.iter().flat_map(|(_, names)| names.iter().copied());
    keys.chain(COLUMNS.iter().flat_map(|c| std::iter::once(c.name).chain(c.aliases.iter().copied())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_figure_is_at_its_place_and_every_header_names_one_column() {
        for (i, c) in COLUMNS.iter().enumerate() {
            assert_eq!(c.figure as usize, i, "{}", c.name);
        }
        let all: Vec<&str> = headers().collect();
        for (i, h) in all.iter().enumerate() {
            assert!(!all[..i].contains(h), "`{h}` names two columns");
        }
        assert_eq!(header("MSG_TOTAL"), Some(Header::Figure(Figure::Messages)));
        assert_eq!(header("群名称"), Some(Header::Key(Key::Group)));
        assert_eq!(header("销售额"), Some(Header::Figure(Figure::OrderAmount)));
        assert_eq!(header("sales"), None);
    }

    #[test]
    fn the_readme_lists_every_column_with_its_chinese_headers() {
        let readme = include_str!("../../README.md");
        let listed = |name: &str, aliases: &[&str]| {
            let row = format!("| `{name}` | {} |", aliases.join(", "));
            assert!(readme.contains(&row), "README.md lacks the row `{row}`");
        };
        for (key, names) in KEYS {
            let (name, aliases) = names.split_first().unwrap();
            assert_eq!(*name, if *key == Key::Date { "date" } else { "group" });
            listed(name, aliases);
        }
        for c in COLUMNS {
            listed(c.name, c.aliases);
        }
    }
}
