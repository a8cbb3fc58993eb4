//! Every limit commspec checks against, in one place: the platform's (each with its source in
//! WeCom's public developer documentation) and commspec's own guards against hostile input.

// ── Platform limits (WeCom) ────────────────────────────────────────────────

/// Members in one external (customer) group. https://developer.work.weixin.qq.com/document/path/98429.
pub(crate) const GROUP_MEMBER_LIMIT: u32 = 500;

/// Customer groups one 「加入群聊」 join code (群活码) serves: `chat_id_list` holds at most 5.
/// https://developer.work.weixin.qq.com/document/path/92229.
pub(crate) const JOIN_WAY_GROUPS_MAX: usize = 5;

/// Joining by group QR code reportedly stops at 200 members (auto-new-group). [BLOG] only,
/// unconfirmed by WeCom: used for a warning, never an error.
pub(crate) const QRCODE_JOIN_LIMIT: u32 = 200;

/// Group welcome template `text.content`, in UTF-8 bytes. https://developer.work.weixin.qq.com/document/path/92366.
pub(crate) const WELCOME_MAX_BYTES: usize = 3000;

/// The welcome template's nickname placeholder, case-sensitive. https://developer.work.weixin.qq.com/document/path/92366.
pub(crate) const NICKNAME_PLACEHOLDER: &str = "%NICKNAME%";

/// Mass message / SOP text to customers or groups (`add_msg_template` `text.content`), in
/// UTF-8 bytes. https://developer.work.weixin.qq.com/document/path/92135.
pub(crate) const MESSAGE_MAX_BYTES: usize = 4000;

/// Moments text (`add_moment_task` `text.content`), in characters. https://developer.work.weixin.qq.com/document/path/95094.
pub(crate) const MOMENTS_MAX_CHARS: usize = 2000;

/// Attachments per message. https://developer.work.weixin.qq.com/document/path/92135.
pub(crate) const ATTACHMENTS_MAX: usize = 9;

/// Moments attachments: 9 images, or 1 video, or 1 link, never mixed. https://developer.work.weixin.qq.com/document/path/95094.
pub(crate) const MOMENTS_IMAGES_MAX: usize = 9;

/// Link attachment title, in bytes. https://developer.work.weixin.qq.com/document/path/92135.
pub(crate) const LINK_TITLE_MAX_BYTES: usize = 128;

/// Link attachment url, in bytes. https://developer.work.weixin.qq.com/document/path/92135.
pub(crate) const LINK_URL_MAX_BYTES: usize = 2048;

/// Mini-program attachment title, in bytes. https://developer.work.weixin.qq.com/document/path/92135.
pub(crate) const MINIPROGRAM_TITLE_MAX_BYTES: usize = 64;

/// Corp tag group name and tag name, in characters. https://developer.work.weixin.qq.com/document/path/92117.
pub(crate) const TAG_NAME_MAX_CHARS: usize = 30;

/// Join-way `state` (our channel id), in characters. https://developer.work.weixin.qq.com/document/path/92229.
pub(crate) const CHANNEL_STATE_MAX_CHARS: usize = 30;

/// Auto-created group name prefix (`room_base_name`), in characters: the only documented
/// group-name limit. https://developer.work.weixin.qq.com/document/path/92229.
pub(crate) const GROUP_NAME_MAX_CHARS: usize = 40;

// ── Craft budgets (configurable defaults, not platform limits) ────────────

/// Announcement readability budget, in characters: announcements are read on a phone.
/// WeCom publishes no limit for announcements.
pub(crate) const ANNOUNCEMENT_MAX_CHARS: usize = 1000;

/// Dated tasks one person can do in a day (the `overloaded` lint's default): a task is a
/// prepared message to check, send and follow up, about 10 minutes with the replies it
/// draws, so 30 tasks fill about 5 hours, and the rest of a working day goes to answering
/// members, screening newcomers and handling complaints.
pub(crate) const DAILY_TASK_BUDGET: u64 = 30;

/// Group-channel SOP messages per group per day before members feel flooded.
pub(crate) const DAILY_MESSAGE_BUDGET: usize = 3;

/// Days before the end in which members must be told the group closes or changes.
pub(crate) const END_NOTICE_DAYS: i64 = 3;

/// Days before the end of a renewing term in which a `purpose: conversion` step counts as the
/// renewal reminder (`no-renewal-notice`): a week, the usual 到期前7天 reminder.
pub(crate) const RENEWAL_NOTICE_DAYS: i64 = 7;

/// Flash groups convert in a short window: terms longer than this are a smell.
pub(crate) const FLASH_MAX_DAYS: u64 = 7;

/// The craft's benchmark (S0): about 200 in a group, 20–30 of them active a day (10–15%), "不必所有人都活跃";
/// outside 5%–15% is unrealistic.
pub(crate) const ACTIVE_SHARE_MIN: f64 = 0.05;
pub(crate) const ACTIVE_SHARE_MAX: f64 = 0.15;
/// The craft's size of a group (S0: "一个社群的合理人数在200左右"), well under the platform's limit.
pub(crate) const GROUP_SIZE_ADVISED: u32 = 200;
/// How far the channels' expected joins may pass the planned seats before `funnel-overfills`
/// warns: 1.5 = half again as many newcomers as seats. Join rates are guesses, so some slack is
/// planning, not waste; past it, newcomers find full groups.
pub(crate) const FUNNEL_OVERFILL_MARGIN: f64 = 1.5;

/// Default planning horizon of an `ongoing` community, in days (`4w`).
pub(crate) const DEFAULT_HORIZON_DAYS: i64 = 28;

// ── Input guards (commspec's own) ─────────────────────────────────────────

/// Largest spec file read, in bytes. Real specs are a few kilobytes.
pub(crate) const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;

/// Largest statistics file `report --stats` reads, in bytes: a year of daily rows for 1,000
/// groups is about 30 MiB.
pub(crate) const MAX_STATS_FILE_BYTES: usize = 64 * 1024 * 1024;

/// Cells in one row of a statistics file: there are 19 columns, so more is not statistics
/// (a file of commas would otherwise be held as millions of cells).
pub(crate) const MAX_STATS_CELLS: usize = 256;

/// Problems kept from statistics files; the rest are counted (each bad row is one, and a
/// 64 MiB file can hold millions).
pub(crate) const MAX_STATS_PROBLEMS: usize = 1000;

/// Deepest YAML nesting accepted; the language needs about 6 levels.
pub(crate) const MAX_DEPTH: usize = 64;

/// Most alias references in one file (guards against alias bombs).
pub(crate) const MAX_ALIASES: usize = 1000;

/// Most nodes aliases may copy in one file, counted as if expanded (guards against alias
/// bombs that nest a few aliases deep: 9 levels of 9 aliases copy 9^9 nodes).
pub(crate) const MAX_ALIAS_NODES: u64 = 100_000;

/// Most nodes anchored values may hold in all (each anchored node is copied once when it
/// ends, for its aliases): bounds anchors nested in anchored nodes, which copy the same nodes
/// once per level.
pub(crate) const MAX_ANCHORED_NODES: u64 = 1_000_000;

/// Longest community id, in characters: the id names the community's output folder (and,
/// with about 25 more characters, its temporary folders beside it), so it stays far below the
/// 255 bytes a file name may have. `check` and `build` both enforce it.
pub(crate) const COMMUNITY_ID_MAX_CHARS: usize = 64;

/// Longest staff user id, in bytes: WeCom's limit for a member's UserID (1–64 bytes).
pub(crate) const USER_ID_MAX_BYTES: usize = 64;

/// Most bytes of a group key taken by its matrix values (escaped, joined); `-n` follows. The
/// key names the group's folder, so it stays far below the 255 bytes a file name may have.
pub(crate) const GROUP_KEY_VALUES_MAX_BYTES: usize = 96;

/// The years a date may have: ISO 8601, iCalendar (RFC 5545 `date-fullyear`) and
/// spreadsheets write a year in four digits, and there is no year 0. Every date a plan
/// names (its days, its phases) must fall in these years.
pub(crate) const DATE_FIRST_YEAR: i32 = 1;
pub(crate) const DATE_LAST_YEAR: i32 = 9999;

/// Most groups a matrix may expand into.
pub(crate) const MAX_GROUPS: usize = 10_000;

/// Longest planned span of days (term or horizon) for dated steps: about 10 years.
pub(crate) const MAX_PLAN_DAYS: i64 = 3660;

/// Most dated tasks one spec may plan (across all steps, for one group).
pub(crate) const MAX_DATED_TASKS: usize = 100_000;

/// Dated tasks of all staggered cohorts together (`groups.stagger`): each cohort's schedule
/// is held and written to `plan.json`, so their sum is bounded like one schedule's, with room
/// for a year of weekly cohorts of a busy 21-day course.
pub(crate) const MAX_COHORT_TASKS: usize = 200_000;

/// Template fuel: instructions one template render may run before it is stopped.
pub(crate) const TEMPLATE_FUEL: u64 = 200_000;

/// Fuel all of one spec's template renders may use together, beyond
/// [`TEMPLATE_FUEL_PER_RENDER`] for each render: a template that loops in each of 10,000
/// groups stops here instead of running for minutes, while a plan of any size whose
/// templates are plain text (tens of steps a render) never comes near it.
pub(crate) const SPEC_TEMPLATE_FUEL: u64 = 10_000_000;

/// Fuel each render adds to a spec's shared budget.
pub(crate) const TEMPLATE_FUEL_PER_RENDER: u64 = 2_000;

/// Template recursion depth (nested macros, includes).
pub(crate) const TEMPLATE_RECURSION: usize = 32;

/// Longest template line, in characters: minijinja counts columns in 16 bits, and one of its
/// syntax errors past column 65,535 overflowed (found by fuzzing). Messages are at most 4,000
/// bytes, so no real template comes near.
pub(crate) const TEMPLATE_LINE_MAX_CHARS: usize = 60_000;

/// Most tokens (words, numbers, symbols) in one template: minijinja counts call arguments in
/// 16 bits, and a call with 65,536 of them fails an assertion. A message template has a few
/// hundred; the largest built-in artifact template about two thousand.
pub(crate) const TEMPLATE_TOKENS_MAX: usize = 50_000;

/// Deepest nesting in one template of blocks (`{% if %}`, `{% for %}`…), brackets, runs of
/// prefix operators (`-`, `not`) and `else` chains, together. minijinja's parser recurses once
/// per level, with no limit on `-`, `not` and `else`, and a bracket level takes up to 18 KB
/// of stack in a debug build: 5,000 `-` overflowed the 8 MiB main thread (the process
/// aborted), 120 nested `a[` a 2 MiB thread (threads that check several files at once, and
/// test threads, have 2 MiB). The deepest allowed template compiles in 768 KB of stack (debug
/// build); the built-in templates nest at most 6 levels.
pub const TEMPLATE_NESTING_MAX: usize = 32;

/// Most operators (`+`, `~`, `and`, `.`, `|`, `(`, `[`…) in one template tag (`{{ … }}` or
/// `{% … %}`). Chains like `a ~ b ~ c` are parsed into trees as deep as they are long, which
/// minijinja compiles recursively (overflowing the stack past about 1,000 in a debug build)
/// and constant-folds again at every level, in time quadratic in the length: one chain of
/// 25,000 `~` took 7 s to compile (release build). At this bound the costliest template
/// ([`TEMPLATE_TOKENS_MAX`] tokens, all in chains of 100 `~`) checks in 0.04 s, a 4 MiB spec
/// of them in 1.5 s. The built-in templates use at most 15 operators in a tag.
pub const TEMPLATE_OPERATORS_MAX: usize = 100;

/// Largest artifact template file read from `--templates DIR`, in bytes: the largest built-in
/// one is 7 KB. A file past it (or a link to `/dev/zero`) is refused after reading this much.
pub const TEMPLATE_FILE_MAX_BYTES: usize = 1024 * 1024;

/// Largest text one template field render may produce, in bytes.
pub(crate) const TEMPLATE_OUTPUT_MAX_BYTES: usize = 256 * 1024;

/// Fuel of one artifact template render (a year of daily SOP in one calendar is a few
/// million instructions; a runaway user template stops here).
pub(crate) const ARTIFACT_FUEL: u64 = 100_000_000;

/// Most bytes one `build` may write in all (every community, every file).
pub(crate) const MAX_BUILD_OUTPUT_BYTES: u64 = 1024 * 1024 * 1024;

/// File names Windows reserves for devices, in any case and with any extension (`con.txt`):
/// a folder of such a name cannot be created, opened or removed there, so neither a
/// community id nor a group folder may be one. Source: Microsoft, "Naming Files, Paths, and
/// Namespaces" (learn.microsoft.com/windows/win32/fileio/naming-a-file).
pub(crate) const WINDOWS_RESERVED_NAMES: &[&str] = &[
    "con", "prn", "aux", "nul", "com0", "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9", "com¹",
    "com²", "com³", "lpt0", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9", "lpt¹", "lpt²",
    "lpt³",
];

/// Whether Windows reserves `name` for a device, in any case and with any extension
/// (`CON`, `nul.txt`, `com1`): a folder of that name cannot be used there.
pub(crate) fn is_reserved_name(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or_default().trim_end_matches(' ');
    WINDOWS_RESERVED_NAMES.iter().any(|r| r.eq_ignore_ascii_case(stem))
}

/// Files a build keeps open while writing them in pieces (plan.json, the community's sop.csv,
/// every person's calendar): a community can name thousands of people, and a process may open
/// only so many files (1,024 by default on Linux, 256 on macOS).
pub(crate) const PIECES_OPEN_MAX: usize = 64;

/// Largest artifact one template render may produce, in bytes.
pub(crate) const ARTIFACT_OUTPUT_MAX_BYTES: usize = 64 * 1024 * 1024;

/// Most processor time one spec file may take to check or build, in seconds, for each started
/// [`TASKS_PER_TIME_BOUND`] tasks of its plan; enforced by a watchdog (`watchdog.rs`) for work
/// no fuel counts. A 10,000-group spec with 20 tasks per group checks in a few seconds.
pub(crate) const SPEC_SECONDS_MAX: u64 = 60;

/// How many tasks across a spec's groups (groups × (dated tasks per group + 1): each group's
/// own files count as one more) one [`SPEC_SECONDS_MAX`] is for. The time bound grows with the
/// plan, so legitimate work is never stopped: a release build spends well under a millisecond
/// per task (RESULTS.md), this allows 0.6 ms, and a slower machine or a debug build still fits.
pub(crate) const TASKS_PER_TIME_BOUND: u64 = 100_000;

/// Most resident memory the process may hold, in MiB; enforced by the same watchdog. A build
/// holds one group's output at a time (it writes each group's files as they are made).
pub(crate) const MEMORY_MIB_MAX: u64 = 3 * 1024;

/// Longest source line a human report shows, in characters: a longer line is cut to a window
/// around the problem, marked `…`. miette pads to a label's column with Rust's format width,
/// which is 16 bits, and panicked past column 65,535; and a line of megabytes would have been
/// printed whole. YAML lines are rarely wider than a screen.
pub(crate) const SNIPPET_LINE_MAX_CHARS: usize = 300;

/// Days in a row a group may go without a group message before `silent-stretch` warns. The
/// seeds give no figure: they say a group left without content turns into a 死群 (S3, S4) and
/// that activation content runs at a high frequency (S2); three days is the longest a group
/// that promises high-frequency activation goes quiet over a weekend plus one day.
pub(crate) const SILENT_DAYS_MAX: i64 = 3;

/// Longest pair of texts (old and new, in characters together) `commspec diff` compares
/// character by character; longer ones are shown as replaced whole. The character diff's
/// work grows with the product of the lengths where they differ: a rewritten 10,000-character
/// announcement would take seconds, and no reviewer reads a character diff that long. The
/// longest text of the examples (an announcement) is about 1,500 characters.
pub(crate) const MAX_DIFF_TEXT_CHARS: usize = 8000;

/// Most items `commspec diff` lists in one list (groups added, people reassigned, findings…)
/// and most variants of one text change; the rest are counted (`… and 12 more`). The JSON
/// lists everything.
pub(crate) const DIFF_LIST_MAX: usize = 10;
