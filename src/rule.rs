//! Every rule and error class, declared once in [`rules!`]: its name, family and default
//! level here, its documentation in both languages beside it in `docs/rules/NAME.md` (read at
//! compile time, and by anyone browsing the repository).

use crate::i18n::Lang;
use crate::spec::Level;

/// Which stage finds a rule's problems, and whether they can be allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    /// YAML syntax and structure (an error class).
    Yaml,
    /// The JSON Schema: fields, types, values (an error class).
    Schema,
    /// Ids and references between sections (an error class).
    Reference,
    /// Templates (an error class).
    Template,
    /// commspec's own safety bounds on input, time and memory (an error class).
    Limit,
    /// Lints: who the community is for (定位).
    Positioning,
    /// Lints: term and end (生命周期).
    Lifecycle,
    /// Lints: group size and names (建群).
    Groups,
    /// Lints: roles and staffing (角色).
    Staffing,
    /// Lints: group rules (群规).
    Rules,
    /// Lints: content and the SOP (内容与SOP).
    Content,
    /// Lints: tags, channels and KPIs (标签与指标).
    Tags,
    /// Lints: `# commspec: allow(...)` comments.
    Suppression,
}

impl Family {
    /// Whether the family's rules are lints, whose level `lints:` and `-A/-W/-D` may change.
    pub fn is_lint(self) -> bool {
        !matches!(self, Family::Yaml | Family::Schema | Family::Reference | Family::Template | Family::Limit)
    }
}

/// Declares the [`Rule`] enum from one table: `Variant = "name", Family, DefaultLevel;`.
macro_rules! rules {
    ($($variant:ident = $name:literal, $family:ident, $level:ident;)*) => {
        /// A rule or error class.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule {
            $(#[doc = concat!("`", $name, "`")] $variant,)*
        }

        impl Rule {
            /// Every rule: the lints sorted by name, then the error classes sorted by name.
            pub const ALL: &[Rule] = &[$(Rule::$variant,)*];

            /// kebab-case name, used in `lints:` maps, CLI flags and reports.
            pub fn name(self) -> &'static str {
                match self { $(Rule::$variant => $name,)* }
            }

            pub fn family(self) -> Family {
                match self { $(Rule::$variant => Family::$family,)* }
            }

            /// The level before `lints:` and the command line; error classes are always `deny`.
            pub fn default_level(self) -> Level {
                match self { $(Rule::$variant => Level::$level,)* }
            }

            /// `docs/rules/NAME.md`: an English page, then a Chinese one.
            fn page(self) -> &'static str {
                match self {
                    $(Rule::$variant => include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules/", $name, ".md")),)*
                }
            }
        }
    };
}

rules! {
    ActiveTargetUnrealistic = "active-target-unrealistic", Groups, Warn;
    AnnouncementTooLong = "announcement-too-long", Rules, Warn;
    AttachmentFieldTooLong = "attachment-field-too-long", Content, Deny;
    CapacityOverLimit = "capacity-over-limit", Groups, Deny;
    CapacityOverQrcodeLimit = "capacity-over-qrcode-limit", Groups, Warn;
    ChannelIdTooLong = "channel-id-too-long", Tags, Deny;
    ChannelWithoutTag = "channel-without-tag", Tags, Warn;
    ConductWithoutPenalty = "conduct-without-penalty", Rules, Warn;
    ContentFrequencyInverted = "content-frequency-inverted", Content, Warn;
    FissionTooCostly = "fission-too-costly", Tags, Warn;
    FlashTooLong = "flash-too-long", Lifecycle, Warn;
    FunnelOverfills = "funnel-overfills", Tags, Warn;
    FunnelUnderfills = "funnel-underfills", Tags, Warn;
    GateAfterEntry = "gate-after-entry", Positioning, Warn;
    GroupNameCollision = "group-name-collision", Groups, Deny;
    GroupNameTooLong = "group-name-too-long", Groups, Warn;
    KpiInconsistent = "kpi-inconsistent", Tags, Warn;
    KpiOutOfRange = "kpi-out-of-range", Tags, Deny;
    MessageFlood = "message-flood", Content, Warn;
    MessageTooLong = "message-too-long", Content, Deny;
    MissingAdmin = "missing-admin", Staffing, Warn;
    MissingOwner = "missing-owner", Staffing, Deny;
    MomentsAttachmentsMixed = "moments-attachments-mixed", Content, Deny;
    MultipleThemes = "multiple-themes", Positioning, Warn;
    NoConductRules = "no-conduct-rules", Rules, Warn;
    NoEndNotice = "no-end-notice", Lifecycle, Warn;
    NoEndPlan = "no-end-plan", Lifecycle, Deny;
    NoGate = "no-gate", Positioning, Deny;
    NoRenewalNotice = "no-renewal-notice", Lifecycle, Warn;
    NoRights = "no-rights", Positioning, Warn;
    NoSlogan = "no-slogan", Positioning, Warn;
    NoSop = "no-sop", Content, Warn;
    NoSourceDimension = "no-source-dimension", Tags, Warn;
    Overloaded = "overloaded", Staffing, Warn;
    OwnerPerGroup = "owner-per-group", Staffing, Deny;
    PinMatchesNoGroup = "pin-matches-no-group", Staffing, Deny;
    PinOverMaxGroups = "pin-over-max-groups", Staffing, Deny;
    SalesWithoutOffers = "sales-without-offers", Positioning, Warn;
    SilentStretch = "silent-stretch", Content, Warn;
    SopOutsideTerm = "sop-outside-term", Lifecycle, Deny;
    SopRhythmMismatch = "sop-rhythm-mismatch", Content, Warn;
    StepNeverRuns = "step-never-runs", Lifecycle, Warn;
    SurveyTagsNobody = "survey-tags-nobody", Tags, Warn;
    TagNameTooLong = "tag-name-too-long", Tags, Deny;
    TooManyAttachments = "too-many-attachments", Content, Deny;
    TransformWithoutTarget = "transform-without-target", Lifecycle, Deny;
    Understaffed = "understaffed", Staffing, Warn;
    UnnamedStaff = "unnamed-staff", Staffing, Warn;
    UnusedRole = "unused-role", Staffing, Warn;
    UnusedSuppression = "unused-suppression", Suppression, Warn;
    UnusedTag = "unused-tag", Tags, Warn;
    WelcomeTooLong = "welcome-too-long", Rules, Deny;
    DuplicateId = "duplicate-id", Reference, Deny;
    InputLimit = "input-limit", Limit, Deny;
    InvalidValue = "invalid-value", Schema, Deny;
    MissingField = "missing-field", Schema, Deny;
    ResourceLimit = "resource-limit", Limit, Deny;
    TemplateError = "template-error", Template, Deny;
    TemplateSyntax = "template-syntax", Template, Deny;
    TemplateUndefined = "template-undefined", Template, Deny;
    UnknownKey = "unknown-key", Schema, Deny;
    UnknownReference = "unknown-reference", Reference, Deny;
    WrongType = "wrong-type", Schema, Deny;
    YamlStructure = "yaml-structure", Yaml, Deny;
    YamlSyntax = "yaml-syntax", Yaml, Deny;
}

/// Marks where each language's part of a rule page starts.
const EN: &str = "<!-- en -->\n";
const ZH: &str = "<!-- zh -->\n";

impl Rule {
    /// Finds a rule or error class by name.
    pub fn find(name: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.name() == name)
    }

    /// The lint rules (whose level can change), sorted by name.
    pub fn lints() -> impl Iterator<Item = Rule> {
        Rule::ALL.iter().copied().filter(|r| r.family().is_lint())
    }

    /// The error classes (always errors), sorted by name.
    pub fn errors() -> impl Iterator<Item = Rule> {
        Rule::ALL.iter().copied().filter(|r| !r.family().is_lint())
    }

    /// Whether `lints:` and `-A/-W/-D` may change the rule's level.
    pub fn configurable(self) -> bool {
        self.family().is_lint()
    }

    /// The rule's page in `lang`: its summary line and its documentation (Markdown:
    /// what it does, why, an example and what to write instead).
    fn part(self, lang: Lang) -> (&'static str, &'static str) {
        let page = self.page();
        let (en, zh) = page.split_once(ZH).unwrap_or((page, ""));
        let part = match lang {
            Lang::En => en.split_once(EN).map_or(en, |(_, en)| en),
            Lang::Zh => zh,
        };
        let part = part.trim();
        part.split_once("\n\n").map_or((part, ""), |(summary, docs)| (summary.trim(), docs.trim()))
    }

    /// One line, for `commspec rules` and schema descriptions.
    pub fn summary(self, lang: Lang) -> &'static str {
        self.part(lang).0
    }

    /// The documentation `commspec explain` prints.
    pub fn docs(self, lang: Lang) -> &'static str {
        self.part(lang).1
    }
}

impl serde::Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_a_page_in_both_languages() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules");
        for r in Rule::ALL {
            for lang in [Lang::En, Lang::Zh] {
                assert!(!r.summary(lang).is_empty(), "{r}: no summary in {lang:?}");
                assert!(!r.summary(lang).contains('\n'), "{r}: the summary is not one line in {lang:?}");
                assert!(r.docs(lang).starts_with("## "), "{r}: no documentation in {lang:?}");
            }
            assert!(r.page().starts_with(&format!("# `{r}`\n\n{EN}")), "{r}: page does not open with its name");
            assert!(r.docs(Lang::En).contains("## What it does"), "{r}");
            assert!(r.docs(Lang::Zh).contains("## 检查什么"), "{r}");
        }
        // No page without a rule: a renamed rule leaves none behind.
        for entry in std::fs::read_dir(dir).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            let name = name.strip_suffix(".md").unwrap_or(&name);
            assert!(Rule::find(name).is_some(), "docs/rules/{name}.md names no rule");
        }
    }

    #[test]
    fn names_are_unique_and_sorted_within_lints_and_errors() {
        let lints: Vec<&str> = Rule::lints().map(Rule::name).collect();
        let errors: Vec<&str> = Rule::errors().map(Rule::name).collect();
        assert!(lints.is_sorted() && errors.is_sorted());
        assert_eq!(lints.len() + errors.len(), Rule::ALL.len());
        assert!(Rule::errors().all(|r| r.default_level() == Level::Deny));
        assert_eq!(Rule::find("no-gate"), Some(Rule::NoGate));
        assert_eq!(Rule::find("nope"), None);
    }
}
