//! `commspec init`: a starter spec for a community type, every section present and commented.

use std::fs;
use std::io::Write;
use std::path::Path;

use serde::Serialize;

use super::{FAILURE, InitArgs, OK, Problem, error, shown, warning};
use crate::i18n::{Lang, Text, tr};
use crate::spec::CommunityType;

/// What differs between the starters of the community types.
#[derive(Serialize)]
struct Starter {
    #[serde(rename = "type")]
    kind: &'static str,
    label: &'static str,
    id: &'static str,
    name: &'static str,
    short: &'static str,
    goal: &'static str,
    slogan: &'static str,
    theme: &'static str,
    audience: &'static str,
    term: &'static str,
    on_end: Option<&'static str>,
    transform_into: Option<&'static str>,
    horizon: Option<&'static str>,
    activation_days: u32,
    right_content: &'static str,
    requirement: &'static str,
    owner_title: &'static str,
    topic: &'static str,
    end_notice: Option<&'static str>,
    offer: &'static str,
}

fn starter(kind: CommunityType) -> Starter {
    let base = Starter {
        kind: kind.value(),
        label: kind.label(),
        id: "my-community",
        name: "我的社群",
        short: "社群",
        goal: "retention",
        slogan: "一群人，一起走得更远",
        theme: "成长交流",
        audience: "想一起成长的朋友",
        term: "ongoing",
        on_end: None,
        transform_into: None,
        horizon: Some("4w"),
        activation_days: 7,
        right_content: "每周精选内容",
        requirement: "已关注公众号的用户",
        owner_title: "群主小王",
        topic: "本周收获",
        end_notice: None,
        offer: "入门体验包",
    };
    match kind {
        CommunityType::Lead => Starter {
            id: "math-trial",
            name: "三年级数学体验营",
            short: "数学体验",
            goal: "sales",
            slogan: "每天15分钟，数学稳步提分",
            theme: "三年级数学",
            audience: "孩子读三年级、关心数学成绩的家长",
            term: "14d",
            on_end: Some("transform"),
            transform_into: Some("三年级数学提分交流群"),
            horizon: None,
            activation_days: 3,
            right_content: "每天一节15分钟微课",
            requirement: "三年级学生家长",
            owner_title: "班主任王老师",
            topic: "今天的口算题",
            end_notice: Some("体验营明天结束，本群将转为数学提分交流群，想继续的家长请留在群里。"),
            offer: "春季数学系统班",
            ..base
        },
        CommunityType::Welfare => Starter {
            id: "store-perks",
            name: "门店福利群",
            short: "门店福利",
            goal: "sales",
            slogan: "群友专享价，每周上新",
            theme: "门店福利",
            audience: "门店三公里内的老顾客",
            requirement: "门店消费过的顾客",
            owner_title: "店长小王",
            topic: "本周新品",
            offer: "周三会员日套餐",
            ..base
        },
        CommunityType::Flash => Starter {
            id: "weekend-sale",
            name: "周末闪购群",
            short: "周末闪购",
            goal: "sales",
            slogan: "只开3天，全年最低价",
            theme: "周末闪购",
            audience: "关注品牌的老客",
            term: "3d",
            on_end: Some("dissolve"),
            horizon: None,
            activation_days: 1,
            right_content: "群专属优惠券",
            requirement: "品牌老客",
            owner_title: "福利官小王",
            topic: "今天想买什么",
            end_notice: Some("本群明晚解散，售后问题请私聊助理小李。"),
            offer: "闪购套装",
            ..base
        },
        CommunityType::Course => Starter {
            id: "reading-camp",
            name: "21天晨读营",
            short: "晨读营",
            goal: "sales",
            slogan: "21天，每天开口读英语",
            theme: "英语晨读",
            audience: "想提升英语口语的上班族",
            term: "21d",
            on_end: Some("transform"),
            transform_into: Some("晨读营校友群"),
            horizon: None,
            activation_days: 3,
            right_content: "每日晨读音频",
            requirement: "已报名晨读营的学员",
            owner_title: "班主任Amy",
            topic: "今天的打卡",
            end_notice: Some("晨读营明天结营，本群将转为校友群，继续一起读！"),
            offer: "进阶口语课",
            ..base
        },
        CommunityType::Member => Starter {
            id: "member-club",
            name: "会员俱乐部",
            short: "会员俱乐部",
            slogan: "会员专属，只为懂行的你",
            theme: "会员服务",
            audience: "年费会员",
            term: "1y",
            on_end: Some("renew"),
            horizon: None,
            right_content: "会员专属活动",
            requirement: "年费会员",
            owner_title: "会员管家小王",
            topic: "本周会员活动",
            // A renewing membership reminds members before it ends (`no-renewal-notice`).
            end_notice: Some("会员明天到期，续费请私聊会员管家，老会员续费享专属优惠。"),
            offer: "年费会员",
            ..base
        },
        CommunityType::Content => Starter {
            id: "reading-club",
            name: "读书分享群",
            short: "读书分享",
            goal: "awareness",
            slogan: "每月一本好书，一起读完",
            theme: "读书分享",
            audience: "喜欢阅读的上班族",
            right_content: "每月书单",
            requirement: "书店会员",
            owner_title: "领读人小王",
            topic: "今天读到的一句话",
            offer: "共读营",
            ..base
        },
        CommunityType::Resource => Starter {
            id: "design-assets",
            name: "设计资源群",
            short: "设计资源",
            slogan: "每天一份好素材",
            theme: "设计素材",
            audience: "UI 和平面设计师",
            right_content: "每日素材包",
            requirement: "设计从业者",
            owner_title: "资源官小王",
            topic: "今日素材",
            offer: "素材年卡",
            ..base
        },
        CommunityType::Service => Starter {
            id: "after-sales",
            name: "售后服务群",
            short: "售后服务",
            goal: "service",
            slogan: "有问题，群里找我们",
            theme: "售后服务",
            audience: "已购买产品的客户",
            right_content: "使用教程",
            requirement: "已购买产品的客户",
            owner_title: "客服主管小王",
            topic: "使用小技巧",
            offer: "延保服务",
            ..base
        },
    }
}

/// The starter text for a type; `file` and `schema` are shown in its header.
pub(crate) fn starter_text(kind: CommunityType, file: &str, schema: &str) -> Result<String, minijinja::Error> {
    let mut env = minijinja::Environment::new();
    env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    env.set_syntax(
        minijinja::syntax::SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true)
            .build()?,
    );
    let tmpl = env.template_from_str(include_str!("../../templates/init.yaml.j2"))?;
    tmpl.render(minijinja::context! { s => minijinja::value::Serde(starter(kind)), file => file, schema => schema })
}

/// What `init` says.
enum Msg<'a> {
    UnknownType {
        name: &'a str,
    },
    Exists {
        path: &'a Path,
    },
    /// `--force` on a folder, pipe or device.
    NotAFile {
        path: &'a Path,
    },
    StarterFailed {
        error: minijinja::Error,
    },
    Wrote {
        path: &'a Path,
        kind: CommunityType,
    },
    WroteSchema {
        path: &'a Path,
    },
    SchemaNotWritten {
        path: &'a Path,
        error: std::io::Error,
    },
}

impl Msg<'_> {
    fn text(&self) -> Text {
        match self {
            Msg::UnknownType { name } => {
                let known = CommunityType::choices();
                let (name, en, zh) = (shown(name), known.en(), known.get(Lang::Zh));
                tr!("unknown community type `{name}`; one of: {en}", "没有社群类型 `{name}`；可选的有：{zh}")
            }
            Msg::Exists { path } => {
                let path = shown(path.display());
                tr!("{path} already exists; pass --force to overwrite it", "{path} 已存在；加上 --force 可以覆盖它")
            }
            Msg::NotAFile { path } => {
                let path = shown(path.display());
                tr!(
                    "{path} is not a regular file; choose a file name for the spec",
                    "{path} 不是普通文件；请给 spec 另选一个文件名"
                )
            }
            Msg::StarterFailed { error } => {
                let error = shown(error);
                tr!("starter template failed: {error}", "初始 spec 的模板渲染失败：{error}")
            }
            Msg::Wrote { path, kind } => {
                let (path, label) = (shown(path.display()), kind.label());
                tr!("wrote {path} ({label} starter)", "已写入 {path}（{label}的初始 spec）")
            }
            Msg::WroteSchema { path } => {
                let path = shown(path.display());
                tr!("wrote {path} (for editor completion and hover)", "已写入 {path}（供编辑器补全和悬停提示使用）")
            }
            Msg::SchemaNotWritten { path, error } => {
                let (path, error) = (shown(path.display()), shown(error));
                tr!("could not write {path}: {error}", "无法写入 {path}：{error}")
            }
        }
    }
}

pub(super) fn run(args: &InitArgs, lang: Lang) -> u8 {
    let Some(kind) = CommunityType::parse(&args.kind) else {
        error(lang, &Msg::UnknownType { name: &args.kind }.text());
        return FAILURE;
    };
    let path = &args.path;
    // Whatever is at the path counts, a dangling symlink too: writing through it would create
    // its target, anywhere.
    let existing = fs::symlink_metadata(path).ok();
    if existing.is_some() && !args.force {
        error(lang, &Msg::Exists { path }.text());
        return FAILURE;
    }
    // --force replaces a file or a link, never a folder, pipe or device: opening a FIFO blocks
    // for ever, and writing "into" /dev/null would put the schema beside it in /dev.
    if existing.as_ref().is_some_and(|m| !m.is_file() && !m.file_type().is_symlink()) {
        error(lang, &Msg::NotAFile { path }.text());
        return FAILURE;
    }
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let schema_path = dir.join("commspec.schema.json");
    let file = path.file_name().map_or_else(|| "community.yaml".into(), |f| f.to_string_lossy().into_owned());
    let text = match starter_text(kind, &file, "commspec.schema.json") {
        Ok(t) => t,
        Err(e) => {
            error(lang, &Msg::StarterFailed { error: e }.text());
            return FAILURE;
        }
    };
    // --force replaces a symlink itself, never the file it points to.
    let link = existing.is_some_and(|m| m.file_type().is_symlink());
    let written = fs::create_dir_all(dir)
        .and_then(|()| if link { fs::remove_file(path) } else { Ok(()) })
        .and_then(|()| write_file(path, &text, args.force));
    if let Err(e) = written {
        error(lang, &Problem::CannotWrite { path, error: &e }.text());
        return FAILURE;
    }
    outln!("{}", Msg::Wrote { path, kind }.text().get(lang));
    // Editors find the schema through the spec's first line; keep a copy beside it, unless
    // something (even a dangling symlink) is there already.
    if fs::symlink_metadata(&schema_path).is_err() {
        let path = &schema_path;
        match write_file(path, crate::schema::SCHEMA_JSON, false) {
            Ok(()) => outln!("{}", Msg::WroteSchema { path }.text().get(lang)),
            Err(error) => warning(lang, &Msg::SchemaNotWritten { path, error }.text()),
        }
    }
    OK
}

/// Writes a file that must not exist yet (create_new never follows a symlink), or, with
/// `replace`, a regular file that may.
fn write_file(path: &Path, text: &str, replace: bool) -> std::io::Result<()> {
    let mut file =
        fs::OpenOptions::new().write(true).create_new(!replace).create(replace).truncate(replace).open(path)?;
    file.write_all(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::{Options, check};

    #[test]
    fn every_starter_checks_clean() {
        for kind in CommunityType::ALL {
            let text = starter_text(*kind, "community.yaml", "commspec.schema.json").unwrap();
            assert!(text.starts_with("# yaml-language-server: $schema=commspec.schema.json\n"));
            let outcome = check(&text, &Options::default());
            let found: Vec<String> =
                outcome.diagnostics.iter().map(|d| format!("{}: {}", d.rule, d.message.en())).collect();
            assert!(found.is_empty(), "{} starter: {found:#?}\n{text}", kind.value());
            // Every top-level section of the language is present.
            for section in [
                "timezone:",
                "community:",
                "lifecycle:",
                "groups:",
                "rights:",
                "gates:",
                "admission:",
                "roles:",
                "rules:",
                "content:",
                "tags:",
                "kpis:",
                "monetization:",
                "segments:",
                "lints:",
            ] {
                assert!(text.lines().any(|l| l.starts_with(section)), "{} starter lacks {section}", kind.value());
            }
        }
    }
}
