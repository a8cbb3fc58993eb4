//! `commspec explain` pages in Chinese, one per rule and error class, under the same headings
//! as the English docs: 检查什么 / 为什么 / 示例 / 改为 (and 配置 where a rule has settings).
//! Each translates the rule's doc comment in `src/lint/*.rs`; change both together.

pub(crate) const DOCS: &[(&str, &str)] = &[
    // ---------------------------------------------------------------------------------------
    // Lint rules.
    (
        "active-target-unrealistic",
        r##"
## 检查什么
当 `groups.active_target` 高于 `groups.capacity` 的 30% 或低于 5% 时发出警告。

## 为什么
行业经验是 200 人的群每天约有 20–30 人活跃。远离这个范围的目标，
要么是在按死群规划，要么只是一个愿望。

## 示例
```yaml
groups: { capacity: 200, active_target: 150 }
```

改为：
```yaml
groups: { capacity: 200, active_target: 30 }
```
"##,
    ),
    (
        "announcement-too-long",
        r##"
## 检查什么
当任何一个群合成后的群公告——口号、权益、门槛、带处罚的群规、日程要点和
`rules.announcement`——超过 1000 字时发出警告。

## 为什么
群公告是在手机上读的；超过一两屏，就没人会读到最后的群规。这是一个可读性预算：
企业微信并没有公布群公告的字数上限，也没有写群公告的接口，
群主只能手动粘贴。

## 示例
一段把权益和整个课程表又重复一遍的 `rules.announcement`。

改为：`rules.announcement` 只写合成部分里还没有的内容。

## 配置
`rules.announcement_max_chars` 设置这个预算（默认 1000）。
"##,
    ),
    (
        "attachment-field-too-long",
        r##"
## 检查什么
禁止超过 128 字节的链接标题、超过 2048 字节的链接 url，以及超过 64 字节的小程序标题。

## 为什么
平台会拒绝它们（https://developer.work.weixin.qq.com/document/path/92135）。64 字节大约是 21 个汉字。

## 示例
```yaml
    - { type: miniprogram, title: 点击这里立即报名参加三年级数学暑期培优提分冲刺训练营, appid: wx123, page: pages/i }
```

改为：
```yaml
    - { type: miniprogram, title: 数学提分营报名, appid: wx123, page: pages/i }
```
"##,
    ),
    (
        "capacity-over-limit",
        r##"
## 检查什么
禁止 `groups.capacity` 超过 500。

## 为什么
500 人是企业微信外部群（客户群）的硬性上限（https://developer.work.weixin.qq.com/document/path/98429）：
群里装不下更多人。

## 示例
```yaml
groups: { capacity: 800 }
```

改为：建更多的群，每个群最多 500 人。
```yaml
groups: { capacity: 400, count: 2 }
```
"##,
    ),
    (
        "capacity-over-qrcode-limit",
        r##"
## 检查什么
当 `groups.capacity` 超过 200，且 `admission.methods` 包含 `qrcode` 时发出警告。

## 为什么
据报道（来自博客，企业微信官方未确认），扫群二维码入群到 200 人就会停止，
之后活码会切换到新群。超过 200 人的成员只能手动邀请。

## 示例
```yaml
groups: { capacity: 300 }
admission: { methods: [qrcode] }
```

改为：
```yaml
groups: { capacity: 200 }
```
"##,
    ),
    (
        "channel-id-too-long",
        r##"
## 检查什么
禁止长度超过 30 个字符的入群渠道 `id`。

## 为什么
渠道 id 会成为渠道活码的 `state` 参数，最多 30 个字符（https://developer.work.weixin.qq.com/document/path/92229）；
更长的会被平台拒绝。

## 示例
```yaml
  channels: [{ id: spring-2027-offline-parent-meeting-poster, tag: 来源/家长会 }]
```

改为：
```yaml
  channels: [{ id: spring27-meeting, tag: 来源/家长会 }]
```
"##,
    ),
    (
        "channel-without-tag",
        r##"
## 检查什么
当入群渠道没有 `tag` 时发出警告。

## 为什么
渠道活码的用处，就是给每位新成员打上来源标签，这样才能统计每个渠道的入群率，
并对成员分层。

## 示例
```yaml
admission:
  channels: [{ id: poster-0301, name: 海报 }]
```

改为：
```yaml
tags: [{ group: 来源, tags: [海报] }]
admission:
  channels: [{ id: poster-0301, name: 海报, tag: 来源/海报 }]
```
"##,
    ),
    (
        "conduct-without-penalty",
        r##"
## 检查什么
当某条群规没有 `penalty` 时发出警告。

## 为什么
群规需要明确的处罚：没有处罚，管理员只能临场发挥，
成员也会发现这条规则并不执行。

## 示例
```yaml
    - { id: no-ads, title: 禁止发广告, forbid: [ads] }
```

改为：
```yaml
    - { id: no-ads, title: 禁止发广告, forbid: [ads], penalty: [warn, kick] }
```
"##,
    ),
    (
        "content-frequency-inverted",
        r##"
## 检查什么
当 `conversion`（转化）内容支柱比 `activation`（促活）内容支柱更频繁，
或 `brand`（品宣）内容支柱比 `conversion` 内容支柱更频繁时发出警告。

## 为什么
行业的节奏是促活高频、转化中频、品宣低频：
被推销的次数多于被互动的次数，成员就会离开。

## 示例
```yaml
pillars:
  - { purpose: activation, frequency: weekly }
  - { purpose: conversion, frequency: daily }
```

改为：
```yaml
  - { purpose: activation, frequency: daily }
  - { purpose: conversion, frequency: 2/week }
```
"##,
    ),
    (
        "flash-too-long",
        r##"
## 检查什么
当 `flash`（快闪群）社群的服务期限超过 7 天（或为 `ongoing`）时发出警告。

## 为什么
快闪群在很短的窗口内完成转化——一节体验课、一次大促。
拖得更久，紧迫感就会消失，群也会冷下来。

## 示例
```yaml
community: { type: flash, … }
lifecycle: { term: 1mo, on_end: dissolve }
```

改为：
```yaml
lifecycle: { term: 3d, on_end: dissolve }
```
"##,
    ),
    (
        "group-name-collision",
        r##"
## 检查什么
禁止矩阵展开后有两个群渲染出相同的群名。

## 为什么
运营人员、SCRM 后台和构建输出都靠群名区分群；两个同名的群会拿到彼此的 SOP。

## 示例
```yaml
groups: { name: "{{ city }}数学群", count: 2, matrix: { city: [成都, 重庆] } }
```

改为：把每个会变化的部分都写进群名。
```yaml
groups: { name: "{{ city }}数学{{ n }}群", count: 2, matrix: { city: [成都, 重庆] } }
```
"##,
    ),
    (
        "group-name-too-long",
        r##"
## 检查什么
当渲染后的群名超过 40 个字符时发出警告。

## 为什么
唯一有文档的上限，是渠道活码自动建群时群名前缀最多 40 个字符（`room_base_name`，
https://developer.work.weixin.qq.com/document/path/92229）；而且过长的群名在手机的聊天列表里也会被截断。

## 示例
```yaml
groups: { name: "{{ city }}三年级数学暑期培优提分冲刺训练营·家长交流与老师答疑服务{{ n }}群（2027春季班）" }
```

改为：
```yaml
groups: { name: "{{ city }}三年级数学提分{{ n }}群" }
```
"##,
    ),
    (
        "kpi-inconsistent",
        r##"
## 检查什么
当 `interaction_rate` 目标与 `groups.active_target ÷ groups.capacity` 相差超过后者的一半时
发出警告。

## 为什么
互动率就是每天发言人数 ÷ 成员数，和日活目标是同一个规划。两者不一致时，
团队会按其中一个考核，却按另一个配人手。

## 示例
```yaml
groups: { capacity: 200, active_target: 40 }   # 20%
kpis: { interaction_rate: ">= 50%" }
```

改为：
```yaml
kpis: { interaction_rate: ">= 20%" }
```
"##,
    ),
    (
        "kpi-out-of-range",
        r##"
## 检查什么
禁止超出 0–100% 的比率类数据指标目标：`join_rate`、`leave_rate`、`interaction_rate`、
`retention_rate` 或 `conversion_rate`。不带 % 的数字按小数理解（`0.2` = 20%）。

## 为什么
这样的目标不可能达到，通常是笔误：`">= 20"` 本来想写 `">= 20%"`。

## 示例
```yaml
kpis: { interaction_rate: ">= 20" }
```

改为：
```yaml
kpis: { interaction_rate: ">= 20%" }
```
"##,
    ),
    (
        "message-flood",
        r##"
## 检查什么
当某个群某一天的 `group` 渠道 SOP 消息超过每日上限（3 条）时发出警告；
`every` 步骤的每次重复都计入。

## 为什么
刷屏会把成员赶走，而且平台本身也限制向客户群群发消息的次数
（默认每位发送成员每天一次，https://developer.work.weixin.qq.com/document/path/93572）。

## 示例
```yaml
    - { id: morning, when: { every: day, at: "08:00" }, channel: group, … }
    - { id: noon,    when: { every: day, at: "12:00" }, channel: group, … }
    - { id: evening, when: { every: day, at: "20:00" }, channel: group, … }
    - { id: kickoff, when: { day: 1, at: "21:00" },     channel: group, … }
```

改为：把其中一条移到别的日子，或改用 `announcement` 或 `private` 发送。

## 配置
`content.daily_message_budget` 设置每日上限（默认 3）。
"##,
    ),
    (
        "message-too-long",
        r##"
## 检查什么
禁止渲染后超出平台上限的 SOP 消息：`group` 和 `private` 渠道 4000 字节，
`moments`（朋友圈）2000 个字符。

## 为什么
`add_msg_template` 会拒绝超过 4000 字节的 `text.content`（https://developer.work.weixin.qq.com/document/path/92135），
`add_moment_task` 会拒绝超过 2000 个字符的内容（https://developer.work.weixin.qq.com/document/path/95094）。

## 示例
一条把整篇文章都贴进去的群消息。

改为：只发要点，把文章作为 `link` 附件。
"##,
    ),
    (
        "missing-admin",
        r##"
## 检查什么
当没有任何 `admin` 类型的角色时发出警告。

## 为什么
管理员（大管家）才是真正的组织者：拉新、审核、监督、答疑、发公告。
只靠群主一个人运营的群，群主一忙就停摆。

## 示例
```yaml
roles:
  - { id: owner, type: owner }
```

改为：
```yaml
roles:
  - { id: owner, type: owner }
  - { id: butler, type: admin, duties: [审核入群, 答疑, 发布公告] }
```
"##,
    ),
    (
        "missing-owner",
        r##"
## 检查什么
禁止 spec 中没有 `owner` 类型的角色。

## 为什么
每个企业微信客户群都有且只有一个群主，群主掌握群的实际权限，
也是接收 SCRM 工具 SOP 提醒的人。

## 示例
```yaml
roles:
  - { id: helper, type: admin, duties: [答疑] }
```

改为：
```yaml
roles:
  - { id: owner, type: owner, title: 班主任王老师, duties: [开营, 结营] }
  - { id: helper, type: admin, duties: [答疑] }
```
"##,
    ),
    (
        "moments-attachments-mixed",
        r##"
## 检查什么
禁止 `moments`（朋友圈）步骤的附件混用多种类型、图片超过 9 张，或视频、链接超过 1 个。

## 为什么
一条朋友圈只能带 9 张图片，或 1 个视频，或 1 个链接——不能混用
（https://developer.work.weixin.qq.com/document/path/95094：`invalid attachments msgtype`）。

## 示例
```yaml
    channel: moments
    attachments: [{ type: image, name: 海报.png }, { type: link, title: 报名, url: "https://…" }]
```

改为：
```yaml
    attachments: [{ type: link, title: 报名, url: "https://…" }]
```
"##,
    ),
    (
        "multiple-themes",
        r##"
## 检查什么
当 `community.theme` 是包含多个主题的列表时发出警告。

## 为什么
一个群只做一个主题：主题一多，群就被稀释，
成员也不再清楚这个群是干什么的。

## 示例
```yaml
theme: [数学, 英语, 亲子旅行]
```

改为：每个主题各建一个社群。
```yaml
theme: 三年级数学
```
"##,
    ),
    (
        "no-conduct-rules",
        r##"
## 检查什么
当 `rules.conduct` 缺失或为空时发出警告。

## 为什么
捣乱的人（反动派）会发广告和竞品链接。群规——不发广告、不辱骂、
不刷屏、不聊无关话题——是管理员执行的依据，其中的关键词也会填进管理后台的防骚扰设置。

## 示例
```yaml
rules: { welcome: 欢迎！ }
```

改为：
```yaml
rules:
  conduct:
    - id: no-ads
      title: 禁止发广告
      forbid: [ads, links, qrcode]
      keywords: [加微信, 代购, 兼职]
      penalty: [warn, remove_message, kick]
```
"##,
    ),
    (
        "no-end-notice",
        r##"
## 检查什么
当 `on_end` 为 `dissolve` 或 `transform`，而服务期限的最后 3 天里没有任何 `group`
或 `announcement` 步骤时发出警告。

## 为什么
群解散或转型之前，成员应该提前得到通知；一夜之间消失的群，
会把整个服务期限积累的好感一并带走。

## 示例
```yaml
lifecycle: { term: 21d, on_end: dissolve }
content: { sop: [ … 第 18 天之后没有任何步骤 … ] }
```

改为：
```yaml
    - id: farewell
      title: 结营通知
      when: { before_end: 1d, at: "20:00" }
      channel: group
      role: owner
```
"##,
    ),
    (
        "no-end-plan",
        r##"
## 检查什么
禁止有期限的 `lifecycle.term` 没有 `on_end`。

## 为什么
短期群必须按时解散，或转型为新的用途；
放任不管，它就会变成广告群（死群）。

## 示例
```yaml
lifecycle: { start: 2027-03-01, term: 21d }
```

改为：
```yaml
lifecycle: { start: 2027-03-01, term: 21d, on_end: dissolve }
```
"##,
    ),
    (
        "no-gate",
        r##"
## 检查什么
当 `gates` 缺失或为空时发出警告：任何人都能进入社群。

## 为什么
「社群最忌讳没有门槛」：没有门槛，非目标用户就会涌进来，
群里充斥广告，成员也不再珍惜这个群。付费、身份、动作、邀请或推荐门槛能把他们挡在外面，
并提高成员的投入度。

## 示例
```yaml
gates: []
```

改为：
```yaml
gates:
  - type: identity
    requirement: 三年级学生家长
    verify: survey
```
"##,
    ),
    (
        "no-rights",
        r##"
## 检查什么
当 `rights` 没有列出任何内容权益、社交权益或服务权益时发出警告。

## 为什么
成员需要一个加入并留下的理由：专属价格或体验课、人脉，
或者答疑和售后。什么都不承诺的群，一周之内就会被设成免打扰。

## 示例
```yaml
rights: {}
```

改为：
```yaml
rights:
  content: [每周2节直播课, 专属练习题]
  service: [老师每日答疑]
```
"##,
    ),
    (
        "no-slogan",
        r##"
## 检查什么
当缺少 `community.slogan` 时发出警告。

## 为什么
一句话的愿景是让人想加入的原因，commspec 也会把它放在群公告的最上方。

## 示例
```yaml
community: { id: math, name: 三年级数学提分营, type: course, goal: sales }
```

改为：
```yaml
community: { id: math, name: 三年级数学提分营, type: course, goal: sales, slogan: 每天15分钟，数学稳步提分 }
```
"##,
    ),
    (
        "no-sop",
        r##"
## 检查什么
当 `content.sop` 缺失或为空时发出警告。

## 为什么
群SOP 是日常运营的指引：没有它，群的运转全靠谁还记得，
几天之内就会冷下来。

## 示例
```yaml
content: { pillars: [ … ] }
```

改为：
```yaml
content:
  sop:
    - { id: kickoff, title: 开营仪式, when: { day: 1, at: "20:00" }, channel: group, role: owner }
```
"##,
    ),
    (
        "owner-per-group",
        r##"
## 检查什么
禁止 `owner` 角色的 `per_group` 不是 1。

## 为什么
平台规定每个群只有一个群主；第二个「群主」其实是管理员。

## 示例
```yaml
roles:
  - { id: owner, type: owner, per_group: 2 }
```

改为：
```yaml
roles:
  - { id: owner, type: owner }
  - { id: co-host, type: admin, duties: [答疑] }
```
"##,
    ),
    (
        "sales-without-offers",
        r##"
## 检查什么
当 `community.goal` 为 `sales`，但 `monetization.offers` 为空时发出警告。

## 为什么
以销售为目标的社群需要有东西可卖：用引流品带出主力品和高端品。
没有产品，SOP 就没有转化的目标。

## 示例
```yaml
community: { goal: sales, … }
monetization: { model: [product] }
```

改为：
```yaml
monetization:
  model: [product]
  offers:
    - { name: 9.9元体验课, price: 9.9, tier: entry }
    - { name: 春季系统班, price: 1999, tier: core }
```
"##,
    ),
    (
        "sop-outside-term",
        r##"
## 检查什么
禁止定时的 SOP 步骤（`day`、`every`、`date`、`before_end`、`phase`）落在第 1 天之前，
或有期限的服务期限的最后一天之后。

## 为什么
这样的步骤永远不会执行：那时群还不存在，或者已经结束了。

## 示例
```yaml
lifecycle: { term: 7d, on_end: dissolve }
content:
  sop:
    - { id: review, title: 复盘, when: { day: 10, at: "20:00" }, channel: group, role: owner }
```

改为：把步骤移到服务期限之内，或延长服务期限。
```yaml
    - { id: review, title: 复盘, when: { day: 7, at: "20:00" }, channel: group, role: owner }
```
"##,
    ),
    (
        "tag-name-too-long",
        r##"
## 检查什么
禁止超过 30 个字符的标签组名或标签名。

## 为什么
企业微信的企业标签组名和标签名最多 30 个字符（https://developer.work.weixin.qq.com/document/path/92117）。

## 示例
```yaml
tags: [{ group: 年级, tags: [三年级上学期期中数学考试成绩在九十分以上并坚持打卡的学生家长们] }]
```

改为：
```yaml
tags: [{ group: 年级, tags: [三年级, 数学90+] }]
```
"##,
    ),
    (
        "too-many-attachments",
        r##"
## 检查什么
禁止一个步骤带超过 9 个附件。

## 为什么
平台每条消息最多带 9 个附件（https://developer.work.weixin.qq.com/document/path/92135）。

## 示例
一个带了十个 `image` 附件的步骤。

改为：最多 9 个，或把这个步骤拆成两个。
"##,
    ),
    (
        "transform-without-target",
        r##"
## 检查什么
禁止 `on_end: transform` 却没有 `transform_into`。

## 为什么
转型需要一个大家都认可的目标（比如驾考群转成自驾游群，）；
结营清单会把它告诉成员。

## 示例
```yaml
lifecycle: { term: 21d, on_end: transform }
```

改为：
```yaml
lifecycle: { term: 21d, on_end: transform, transform_into: 四年级数学预习群 }
```
"##,
    ),
    (
        "understaffed",
        r##"
## 检查什么
当一个写了 `staff` 和 `max_groups` 的角色覆盖不了它的席位时发出警告：
群数 × `per_group` 超过了 `staff` 人数 × `max_groups`。

## 为什么
计划需要的人比它列出的多；总会有人带的群超出能力范围，SOP 就会走样。

## 示例
```yaml
groups: { count: 10 }
roles:
  - { id: owner, type: owner, staff: [wang], max_groups: 5 }
```

改为：
```yaml
  - { id: owner, type: owner, staff: [wang, li], max_groups: 5 }
```
"##,
    ),
    (
        "unused-role",
        r##"
## 检查什么
当某个角色没有 `duties`，也没有任何 SOP 步骤用到它时发出警告。

## 为什么
没人知道这个角色是做什么的，人员配置表里也会算上一些没有工作的人。

## 示例
```yaml
roles:
  - { id: kol, type: kol }
```

改为：
```yaml
  - { id: kol, type: kol, duties: [每周分享一次学习方法] }
```
"##,
    ),
    (
        "unused-suppression",
        r##"
## 检查什么
当行内抑制注释（`# commspec: allow RULE`）没有抑制任何问题时发出警告：这条规则在那里
已经不再触发、规则名拼错了，或者写的是错误类（错误类不能被抑制）。

## 为什么
过时的抑制注释会掩盖这一行上的下一个真问题，也会误导审阅的人。

## 示例
```yaml
community:
  slogan: 每天15分钟，数学稳步提分  # commspec: allow no-slogan
```

改为：删除这条注释；口号已经写了，`no-slogan` 不可能触发。
```yaml
  slogan: 每天15分钟，数学稳步提分
```
"##,
    ),
    (
        "welcome-too-long",
        r##"
## 检查什么
禁止任何一个群的入群欢迎语（`rules.welcome`）渲染后超过 3000 字节。
`{{ nickname }}` 按 `%NICKNAME%` 计算。

## 为什么
入群欢迎语素材接口（`group_welcome_template`，https://developer.work.weixin.qq.com/document/path/92366）会拒绝超过
3000 个 UTF-8 字节的 `text.content`——大约 1000 个汉字。

## 示例
一段把所有课程、价格和群规都完整列出来的入群欢迎语。

改为：打个招呼，说清下一步做什么，再引导大家看群公告。
```yaml
rules:
  welcome: "欢迎{{ nickname }}加入{{ group.name }}！请先看群公告，按「城市-年级-昵称」改群昵称。"
```
"##,
    ),
    // ---------------------------------------------------------------------------------------
    // Error classes.
    (
        "duplicate-id",
        r##"
## 检查什么
报告在按 id 引用的列表里重复出现的名字：角色、SOP 步骤、阶段、群规、入群渠道、
用户分层、标签组，以及同一组内的标签。一起检查或构建的两个 spec 文件用了同一个社群 id
时，也会在后一个文件的 `community.id` 处报告。

## 为什么
像 `role: owner` 这样的引用只能指向一个东西。社群 id 就是社群输出文件夹的名字，两个
spec 用同一个 id 会写进同一个文件夹。

## 示例
```yaml
roles:
  - { id: owner, type: owner }
  - { id: owner, type: admin }
```

改为：
```yaml
  - { id: owner, type: owner }
  - { id: butler, type: admin }
```
"##,
    ),
    (
        "input-limit",
        r##"
## 检查什么
报告超出 commspec 输入上限的文件，这些上限保证任何文件都不能把它拖垮：文件大小
（4 MiB）、嵌套深度（64 层）、别名（1000 个）、矩阵展开的群数（10,000 个）、
规划天数（3660 天）和每个群的定时任务（100,000 个）。SOP 消息加起来超过一个群的 SOP
文件（64 MiB）或一次构建（1 GiB）能容纳的量时也会报告，因为 build 会拒绝。

## 为什么
真实的 spec 离每个上限都很远；超出上限的文件要么是写错了，要么是攻击
（「十亿笑声」式的别名炸弹、按天规划 100 年的 horizon）。

## 示例
```yaml
groups: { count: 50000 }
```

改为：把社群拆成多个 spec。
"##,
    ),
    (
        "invalid-value",
        r##"
## 检查什么
报告类型正确、但取值不被允许的值：未知的枚举值（附「是不是想写」提示）、格式不对的
时长、时间、日期、目标值或 id、超出范围的数字、格式不对的触发条件，或不支持的语言版本。
也报告含有控制字符（ESC、NUL、DEL、C1 控制字符、双向文字覆盖符）的文字：消息（`rules.welcome`、
`rules.announcement`、SOP 的 `message`）中可以有换行和制表符，其他文字都只能是一行，不能有。

## 为什么
commspec 无法知道你本来想写什么。

## 示例
```yaml
community: { type: flsh }
lifecycle: { term: 7x }
```

改为：
```yaml
community: { type: flash }
lifecycle: { term: 7d }
```
"##,
    ),
    (
        "missing-field",
        r##"
## 检查什么
报告缺少的必填字段：顶层的 `commspec`、`community`、`lifecycle`、`roles`；列表中每一项的
id；门槛、附件或触发条件所需的字段（付费门槛的 `amount`，定时触发条件的 `at`）。

## 为什么
缺了它，spec 就无法排出计划。

## 示例
```yaml
gates: [{ type: price }]
```

改为：
```yaml
gates: [{ type: price, amount: 99 }]
```
"##,
    ),
    (
        "resource-limit",
        r##"
## 检查什么
报告被 commspec 停下的 spec：检查或构建它用掉的处理器时间超过了 60 秒（系统不提供处理器时间时按
实际经过的时间算），或处理它时进程占用的内存超过了 3 GiB。消息会写明碰到的是哪个上限，以及 spec
和它的计划有多大；位置指向正在渲染的模板，不知道时指向文件开头。在它之前检查过的文件照常报告。

## 为什么
有些工作没有运行额度能计量：模板可以用几步造出一个按指数增长的值，再用一步把它遍历一遍。这些上限
让 CI 任务不会卡住，也不会耗尽内存。两个上限都可以调低（`COMMSPEC_SPEC_SECONDS_MAX`、
`COMMSPEC_MEMORY_MIB_MAX`），不能调高。

## 示例
```yaml
message: "{% set ns = namespace(a=[1]) %}{% for i in range(40) %}{% set ns.a = [ns.a, ns.a] %}{% endfor %}{{ ns.a ~ '' }}"
```

改为：普通文字，加上几个 `{{ … }}` 值；减少群的数量或规划的天数。
"##,
    ),
    (
        "template-error",
        r##"
## 检查什么
报告渲染时失败的模板字段（`groups.name`、`rules.welcome`、`rules.announcement`、SOP 的
`message`）：运行额度用完（无限循环或超大循环）、递归太深、输出的文字太多或产生了
控制字符，或执行了无效的操作。也报告用了 `*` 的模板：`*` 除了做乘法还能重复列表
（`[x] * 100000000`），一步就可能耗尽内存，所以 commspec 的模板不用它。

## 为什么
文字生成不出来，群里就什么也收不到。

## 示例
```yaml
message: "{% for i in range(100000) %}{% for j in range(100000) %}.{% endfor %}{% endfor %}"
```

改为：普通文字，加上几个 `{{ … }}` 值。
"##,
    ),
    (
        "template-syntax",
        r##"
## 检查什么
报告有语法错误的模板，并定位到模板内出错的那一行。也报告嵌套超过 32 层（块、括号、连续的 `-`
或 `not`）或一个 `{{ … }}`、`{% … %}` 里运算符超过 100 个的模板：模板引擎递归地解析和编译
这些结构，更深的曾让它崩溃。

## 为什么
模板根本无法渲染。

## 示例
```yaml
welcome: "欢迎{{ nickname }！"
```

改为：
```yaml
welcome: "欢迎{{ nickname }}！"
```
"##,
    ),
    (
        "template-undefined",
        r##"
## 检查什么
报告使用了上下文中没有的名称的模板。模板能用的有：spec 的各个部分（`community`、
`lifecycle`、`rights`、`gates`、`admission`、`rules`、`content`、`tags`、`kpis`、
`monetization`、`segments`）、按 id 索引的 `roles`、`group` 以及矩阵变量；SOP 消息还能用
`step`，定时步骤还有 `date` 和 `day`；入群欢迎语还能用 `nickname`。spec 没有设置的可选字段
是未定义的。

## 为什么
发出去的文字会缺一块；commspec 以严格模式为每个群渲染每个模板，所以 `check` 会先发现它。

## 示例
```yaml
welcome: "欢迎加入{{ comunity.name }}"
```

改为：
```yaml
welcome: "欢迎加入{{ community.name }}"
```
"##,
    ),
    (
        "unknown-key",
        r##"
## 检查什么
报告语言中没有定义的键，定位在键上，并附「是不是想写」提示。也报告不适用于门槛或附件
`type` 的字段。

## 为什么
大多数工具会悄悄忽略拼错的键，键所带的设置也就丢了。

## 示例
```yaml
groups: { capacty: 200 }
```

改为：
```yaml
groups: { capacity: 200 }
```
"##,
    ),
    (
        "unknown-reference",
        r##"
## 检查什么
报告引用了未声明的东西：步骤的 `role`、门槛的 `by`、触发条件的 `phase`、渠道的 `tag`，
或步骤的 `to_tags`（写作 `组/标签`）。

## 为什么
这个步骤会没有人执行，或者找不到发送对象。

## 示例
```yaml
content:
  sop: [{ id: hi, title: 问好, when: { day: 1, at: "09:00" }, channel: group, role: teacher }]
```

改为：在 `roles` 下声明 `teacher`，或使用已声明的角色 id。
"##,
    ),
    (
        "wrong-type",
        r##"
## 检查什么
报告类型不对的值：该写数字的地方写了文本，该写列表的地方只写了一个值，
该写文本的地方写了映射。

## 为什么
spec 的意思和写出来的不一样。YAML 会把 `at: 0930` 读成数字，把 `name: yes` 读成文本；
必须是文本的值请加上引号。

## 示例
```yaml
groups: { capacity: 二百 }
```

改为：
```yaml
groups: { capacity: 200 }
```
"##,
    ),
    (
        "yaml-structure",
        r##"
## 检查什么
报告在结构上不可能是 spec 的 YAML：一个文件里有多个文档、映射中有重复的键、
YAML 标签、不是文本的键，或无法应用的 `<<` 合并。

## 为什么
有重复的键时，两个值中的一个会被悄悄丢掉；其他几种在这门语言里都没有意义。

## 示例
```yaml
community:
  name: 数学营
  name: 英语营
```

改为：一个键只写一个值。
"##,
    ),
    (
        "yaml-syntax",
        r##"
## 检查什么
报告不是有效 YAML 的文本（引号或括号没有闭合、缩进错误、用制表符缩进），
或不是有效的 UTF-8。

## 为什么
文件能解析之前，其他什么都检查不了。

## 示例
```yaml
roles: [owner, admin
```

改为：
```yaml
roles: [owner, admin]
```
"##,
    ),
];
