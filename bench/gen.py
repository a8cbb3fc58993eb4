#!/usr/bin/env python3
"""Deterministic generator of realistic commspec specs for the benchmark harness.

    python3 bench/gen.py specs DIR -n 1000 [--seed 2027]     # DIR/spec-00001.yaml …
    python3 bench/gen.py matrix FILE --groups 1000 [--pool 20] [--seed 2027]

Every spec is valid: it passes `commspec check` with no errors and no warnings, and it
validates against `schemas/commspec.schema.json` with check-jsonschema and ajv-cli.

- Deterministic: spec number i comes from its own generator seeded with `SEED:i`, so it is
  the same bytes whatever N is (the first 100 files of a 10,000-file run are the 100-file
  run) and on every machine (Python's `random` is seeded from a string through SHA-512).
- Realistic: Chinese content across twelve industries and all eight community types;
  sizes vary (about 1/3 small, 1/2 medium, 1/6 large: roughly 3 KB to 40 KB); every
  section of the language appears, about a third of the specs expand a `groups.matrix`,
  some write enum values as Chinese labels, some use block style and some flow style.
- Fair to YAML 1.1 readers: every date (`lifecycle.start`, `when.date`) and every time of
  day is quoted, so js-yaml (used by ajv-cli) reads a string, as commspec and
  check-jsonschema do, instead of a Date object that fails `type: string`.

Only the standard library is used.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import re
import sys
from random import Random

DEFAULT_SEED = 2027

# ── Enum labels (the language accepts each Chinese label as input) ─────────────────────

LABELS = {
    "type": {"lead": "引流群", "welfare": "福利群", "flash": "快闪群", "course": "课程群",
             "member": "会员群", "content": "内容群", "resource": "资源群", "service": "服务群"},
    "goal": {"awareness": "品牌曝光", "sales": "销售转化", "retention": "用户粘性", "service": "客户服务"},
    "on_end": {"dissolve": "解散", "transform": "转型", "renew": "续期"},
    "gate": {"price": "付费门槛", "identity": "身份门槛", "action": "动作门槛", "invite": "邀请制",
             "referral": "推荐制"},
    "method": {"invite": "邀请", "referral": "推荐", "activity": "活动", "paid": "付费", "qrcode": "扫码"},
    "role": {"lead": "总负责", "owner": "群主", "admin": "管理员", "kol": "KOL", "atmosphere": "气氛组",
             "expert": "隐藏大佬", "core": "骨干精英", "mascot": "团宠"},
    "forbid": {"ads": "广告", "abuse": "辱骂", "flooding": "刷屏", "off_topic": "无关话题", "links": "链接",
               "qrcode": "二维码", "red_packet": "红包", "competitors": "竞品"},
    "penalty": {"warn": "警告", "remove_message": "撤回", "kick": "移出群聊", "blacklist": "拉黑"},
    "channel": {"group": "群消息", "private": "私聊", "moments": "朋友圈", "announcement": "群公告"},
    "purpose": {"activation": "促活", "conversion": "转化", "brand": "品宣", "service": "服务"},
    "tier": {"entry": "引流品", "core": "主力品", "premium": "高端品"},
    "model": {"product": "产品", "content": "内容", "service": "服务"},
    "verify": {"survey": "问卷", "order": "订单", "manual": "人工审核", "tag": "标签"},
    "every": {"day": "每天", "weekday": "工作日", "weekend": "周末", "mon": "周一", "tue": "周二",
              "wed": "周三", "thu": "周四", "fri": "周五", "sat": "周六", "sun": "周日"},
    "gender": {"any": "不限", "female": "女", "male": "男"},
    "format": {"text": "文字", "image": "图片", "video": "视频", "audio": "音频", "live": "直播",
               "link": "链接", "miniprogram": "小程序"},
}
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

# ── Vocabulary ─────────────────────────────────────────────────────────────────────────

CITIES = ["北京", "上海", "广州", "深圳", "杭州", "成都", "重庆", "武汉", "西安", "南京", "苏州", "长沙",
          "郑州", "青岛", "厦门", "宁波", "合肥", "福州", "济南", "昆明", "天津", "沈阳", "大连", "无锡",
          "佛山", "东莞", "南昌", "贵阳", "南宁", "太原", "石家庄", "哈尔滨", "长春", "兰州", "海口"]
SURNAMES = ["wang", "li", "zhang", "liu", "chen", "yang", "zhao", "huang", "zhou", "wu", "xu", "sun",
            "hu", "zhu", "gao", "lin", "he", "guo", "ma", "luo", "liang", "song", "zheng", "xie", "han",
            "tang", "feng", "yu", "dong", "xiao", "cheng", "cao", "yuan", "deng", "fu", "shen", "peng"]
GIVEN = ["li", "na", "jing", "wei", "min", "fang", "lei", "qiang", "yan", "jun", "yang", "jie", "tao",
         "ming", "chao", "xiu", "xia", "ping", "gang", "hui", "dan", "ting", "yu", "xin", "hao", "kai"]
CN_SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高", "林",
               "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "萧"]

# Twelve industries. `dims` are candidate matrix dimensions; `acts` activities for SOP steps.
VERTICALS = [
    dict(key="math", brands=["启明数学", "思维星球", "小树数学", "数感乐园", "明理思维"], subject="小学数学",
         unit="数学", audience="关心孩子数学成绩、愿意为思维培养付费的小学家长", age="30-42",
         gender="female", occupations=["企业职员", "公务员", "教师", "个体经营者"],
         interests=["亲子教育", "升学规划", "学习方法"], channels=["抖音亲子号", "微信公众号", "家长群", "校门口地推"],
         dims={"grade": ["一年级", "二年级", "三年级", "四年级", "五年级", "六年级"], "city": CITIES},
         acts=["每日一题", "口算打卡", "思维直播课", "错题讲解", "作业点评", "摸底小测", "家长答疑", "应用题专练"],
         rights_content=["5 节名师直播思维课", "《易错题 50 道》电子版", "摸底小测和学情报告", "每周思维训练卡"],
         rights_social=["同年级家长经验交流", "线下数学游园会"], rights_service=["每晚作业逐一点评", "班主任一对一学习规划"],
         offers=[("思维训练手册 + 学情报告", 9.9), ("春季思维正价班（16 课时）", 2380), ("1 对 1 精品课（20 课时）", 6800)],
         identity="在读小学生的家长", tags={"年级": ["一年级", "二年级", "三年级", "四年级", "五年级", "六年级"],
                                         "学情": ["计算薄弱", "应用题薄弱", "几何薄弱"]},
         keywords=["代写作业", "刷单", "兼职"]),
    dict(key="english", brands=["晨读英语", "趣口语", "蓝鲸英语", "小狮子英语", "朗朗外教"], subject="英语口语",
         unit="英语", audience="想提升口语、准备面试或日常需要英文沟通的年轻上班族", age="23-35",
         gender="any", occupations=["外企职员", "互联网从业者", "应届毕业生"],
         interests=["英语学习", "职场成长", "自律打卡"], channels=["小红书", "微信公众号", "老学员朋友圈"],
         dims={"level": ["入门班", "进阶班", "高阶班"], "city": CITIES, "batch": ["第1期", "第2期", "第3期", "第4期"]},
         acts=["晨读打卡", "外教直播", "口语点评", "单词挑战", "情景对话", "周末配音", "面试模拟"],
         rights_content=["21 天晨读音频", "外教每周 2 次直播", "职场英语表达手册"],
         rights_social=["打卡搭子互相监督", "线下英语角"], rights_service=["助教每日语音点评", "学习顾问一对一规划"],
         offers=[("晨读体验营", 9.9), ("90 天进阶营", 999), ("外教 1 对 1 年卡", 8800)],
         identity="报名晨读营的学员", tags={"水平": ["零基础", "四级", "六级", "雅思"], "打卡": ["全勤", "断签"]},
         keywords=["代考", "包过", "代写论文"]),
    dict(key="skincare", brands=["植研社", "素肌实验室", "青禾本草", "敏研所", "水光日记"], subject="护肤",
         unit="护肤", audience="买过产品的老客和直播间新粉，敏感肌、熬夜党居多", age="22-35",
         gender="female", occupations=["白领", "大学生", "自由职业"],
         interests=["护肤成分", "彩妆", "省钱攻略"], channels=["朋友圈", "视频号直播间", "小红书"],
         dims={"skin": ["干皮", "油皮", "混合皮", "敏感肌"], "city": CITIES},
         acts=["成分答疑", "晒单抽奖", "红包雨", "新品试用", "护肤打卡", "凑单攻略", "限时秒杀"],
         rights_content=["群专属价，比直播间再低 10%", "新品小样优先试用"], rights_social=["和姐妹交流用后感"],
         rights_service=["护肤顾问一对一搭配清单", "过敏无忧退换"],
         offers=[("修护精华小样装", 9.9), ("修护精华囤货装", 299), ("抗老修护礼盒", 899)],
         identity="买过品牌产品的顾客", tags={"肤质": ["干皮", "油皮", "混合皮", "敏感肌"], "复购": ["首单", "复购", "高频复购"]},
         keywords=["代购", "正品代发", "低价出"]),
    dict(key="baby", brands=["贝贝乐", "小海豚母婴", "暖暖妈咪", "萌宝成长记", "童年树"], subject="母婴育儿",
         unit="育儿", audience="0–3 岁宝宝的新手爸妈，关注喂养、睡眠和早教", age="25-38",
         gender="female", occupations=["全职妈妈", "上班族", "自由职业"],
         interests=["科学育儿", "辅食", "早教游戏"], channels=["门店收银台", "妇幼医院讲座", "小红书母婴博主"],
         dims={"age_group": ["0-6月", "6-12月", "1-2岁", "2-3岁"], "city": CITIES, "store": ["万达店", "龙湖店", "银泰店", "大悦城店"]},
         acts=["育儿答疑", "辅食食谱", "早教小游戏", "睡眠训练", "宝宝成长打卡", "育儿直播", "新品试用"],
         rights_content=["每周一节育儿专家直播", "分月龄辅食食谱"], rights_social=["同月龄宝妈交流", "线下亲子活动"],
         rights_service=["育婴师一对一咨询", "门店优先取货"],
         offers=[("新客试用装", 19.9), ("有机米粉 6 罐装", 368), ("年度早教会员", 2980)],
         identity="0–3 岁宝宝的家长", tags={"月龄": ["0-6月", "6-12月", "1-2岁", "2-3岁"], "需求": ["喂养", "睡眠", "早教"]},
         keywords=["微商", "代购奶粉", "加微信"]),
    dict(key="fresh", brands=["鲜到家", "菜篮子", "邻里鲜", "果然好", "每日一鲜"], subject="社区生鲜",
         unit="生鲜", audience="小区周边 3 公里的家庭主厨和上班族", age="28-55",
         gender="any", occupations=["上班族", "退休人员", "全职主妇"],
         interests=["家常菜", "健康饮食", "省钱"], channels=["小区门口地推", "外卖订单卡片", "业主群"],
         dims={"estate": ["阳光小区", "翠苑小区", "金色家园", "滨江花园", "望京西园", "锦绣江南"], "city": CITIES},
         acts=["早市接龙", "今日特价", "团购开团", "晒菜谱", "新鲜到货", "周末秒杀", "晚市清仓"],
         rights_content=["每天 10 点特价菜接龙", "会员专享价"], rights_social=["邻居分享家常菜谱"],
         rights_service=["坏果包赔", "次日达、小区自提"],
         offers=[("新人 1 分钱鸡蛋", 0.01), ("精品水果周卡", 99), ("年度家庭会员", 699)],
         identity="小区住户", tags={"小区": ["阳光小区", "翠苑小区", "金色家园"], "偏好": ["水果", "蔬菜", "肉禽"]},
         keywords=["外卖代下", "刷单", "微商"]),
    dict(key="fitness", brands=["燃动健身", "轻体营", "超燃工作室", "型动派", "减脂小站"], subject="减脂健身",
         unit="健身", audience="想减脂塑形、工作忙但愿意每天运动 20 分钟的上班族", age="22-40",
         gender="any", occupations=["上班族", "程序员", "销售"],
         interests=["减脂", "跑步", "健康饮食"], channels=["Keep", "小红书", "健身房前台"],
         dims={"level": ["新手营", "进阶营"], "city": CITIES, "batch": ["1月营", "3月营", "5月营", "9月营"]},
         acts=["晨练打卡", "饮食点评", "直播跟练", "体重周报", "平板支撑挑战", "减脂食谱", "跑步打卡"],
         rights_content=["21 天跟练视频", "每周 2 次直播跟练"], rights_social=["减脂搭子互相监督"],
         rights_service=["教练每日饮食点评", "体测报告解读"],
         offers=[("7 天体验营", 19.9), ("28 天减脂营", 399), ("私教 12 节", 3600)],
         identity="报名减脂营的学员", tags={"目标": ["减脂", "增肌", "塑形"], "打卡": ["全勤", "断签"]},
         keywords=["减肥药", "代餐微商", "加微信"]),
    dict(key="reading", brands=["半山书局", "青灯读书会", "拾光书房", "慢读社", "纸上行"], subject="人文共读",
         unit="共读", audience="爱读书但常常读不完、希望有人一起讨论的城市青年", age="22-40",
         gender="any", occupations=["白领", "教师", "研究生", "自由职业者"],
         interests=["文学", "历史", "哲学", "播客"], channels=["豆瓣读书", "小红书书单", "书店线下沙龙"],
         dims={"track": ["小说", "历史", "哲学"], "city": CITIES, "season": ["春季", "夏季", "秋季", "冬季"]},
         acts=["共读片段", "讨论题", "领读直播", "读后感分享", "书单推荐", "周末沙龙", "金句摘抄"],
         rights_content=["每月 2 本精选书 + 导读笔记", "每周日领读人直播"], rights_social=["每月一次线下读书沙龙"],
         rights_service=["书友购书 9 折、包邮到家"],
         offers=[("共读季卡", 99), ("年度书友会员", 365), ("作家私享沙龙", 1280)],
         identity="书店会员", tags={"偏好": ["小说", "历史", "哲学", "诗歌"], "活跃": ["领读人", "潜水"]},
         keywords=["卖书代购", "盗版电子书", "加微信"]),
    dict(key="hiking", brands=["山野计划", "走山社", "徒步者联盟", "向野而行", "大山里"], subject="户外徒步",
         unit="徒步", audience="平时久坐、周末想走出城市的白领和中产家庭", age="28-45",
         gender="any", occupations=["互联网从业者", "金融从业者", "医生", "企业管理者"],
         interests=["徒步", "露营", "户外摄影"], channels=["小红书户外话题", "两步路", "朋友推荐"],
         dims={"city": CITIES, "tier": ["银卡", "金卡", "黑卡"]},
         acts=["周末活动接龙", "早安山野", "路线分享", "装备团购", "摄影点评", "安全提示", "长线报名"],
         rights_content=["每月 4 次会员专属徒步", "户外急救线上课"], rights_social=["年度会员露营夜"],
         rights_service=["活动含领队与户外保险", "免费租借帐篷"],
         offers=[("银卡年度会员", 599), ("金卡年度会员", 1999), ("黑卡私享长线", 16800)],
         identity="俱乐部付费会员", tags={"体能": ["入门", "进阶", "资深"], "会员状态": ["活跃", "沉默", "待续费"]},
         keywords=["收费带队", "野线", "装备代购"]),
    dict(key="pet", brands=["毛孩子之家", "喵汪乐园", "宠爱有家", "萌宠研究所", "爪爪星球"], subject="科学养宠",
         unit="养宠", audience="城市里养猫养狗的年轻人，关心喂养、健康和行为训练", age="20-35",
         gender="any", occupations=["白领", "学生", "设计师"],
         interests=["猫", "狗", "宠物摄影"], channels=["宠物医院", "小红书", "B站宠物区"],
         dims={"pet": ["猫咪", "狗狗"], "city": CITIES, "store": ["一号店", "二号店", "三号店"]},
         acts=["晒宠大赛", "兽医答疑", "喂养科普", "新品试吃", "驱虫提醒", "洗护预约", "训练打卡"],
         rights_content=["每周兽医直播答疑", "科学喂养手册"], rights_social=["同城宠友遛弯局"],
         rights_service=["洗护预约优先", "驱虫疫苗提醒"],
         offers=[("主粮试吃装", 9.9), ("主粮季度装", 459), ("年度体检套餐", 1299)],
         identity="养宠家庭", tags={"宠物": ["猫", "狗", "异宠"], "年龄": ["幼年", "成年", "老年"]},
         keywords=["卖猫", "繁育", "微商"]),
    dict(key="tea", brands=["一叶茶舍", "山间茶事", "云岭茶仓", "茶语时光", "闲云茶社"], subject="品茶",
         unit="茶", audience="喜欢喝茶、想系统了解六大茶类的中青年", age="28-55",
         gender="any", occupations=["企业主", "白领", "教师"],
         interests=["品茶", "茶器", "传统文化"], channels=["门店茶会", "抖音直播", "老客推荐"],
         dims={"tea": ["绿茶", "白茶", "乌龙", "红茶", "普洱"], "city": CITIES},
         acts=["茶知识", "品鉴直播", "新茶预售", "茶会报名", "冲泡教学", "晒茶席", "拼团"],
         rights_content=["每月一次品鉴直播", "六大茶类入门课"], rights_social=["门店线下茶会"],
         rights_service=["茶艺师一对一选茶", "存茶服务"],
         offers=[("品鉴小样 6 泡", 29.9), ("明前龙井 250g", 680), ("十年老白茶饼", 2680)],
         identity="门店会员", tags={"偏好": ["绿茶", "白茶", "乌龙", "红茶", "普洱"], "消费": ["自饮", "送礼"]},
         keywords=["假茶", "代购", "加微信"]),
    dict(key="saas", brands=["云账通", "快签宝", "易排班", "智店通", "云客服"], subject="SaaS 客户服务",
         unit="系统", audience="已签约中小企业的老板、管理员和业务人员", age="28-50",
         gender="any", occupations=["企业主", "财务主管", "行政", "店长"],
         interests=["降本增效", "数字化"], channels=["销售签约", "官网试用", "渠道商推荐"],
         dims={"plan": ["专业版", "旗舰版", "企业版"], "region": ["华东", "华南", "华北", "西南"]},
         acts=["上线辅导", "值班答疑", "版本更新", "使用技巧", "工单进度", "政策直播", "健康度报告"],
         rights_content=["新功能抢先体验"], rights_social=["同行客户交流会"],
         rights_service=["工作日群内 5 分钟响应", "专属客户成功经理", "每月线上培训"],
         offers=[("增值模块", 980), ("旗舰版年费", 6800), ("私有化部署", 58000)],
         identity="已签约客户的员工", tags={"来源": ["新签约", "试用转付费", "续约"], "健康度": ["健康", "预警", "流失风险"]},
         keywords=["代理记账", "破解版", "低价软件"]),
    dict(key="bakery", brands=["麦香时光", "小麦日记", "烘焙坊", "暖炉面包", "甜心工坊"], subject="烘焙福利",
         unit="烘焙", audience="门店 3 公里内的上班族和宝妈，早餐和下午茶刚需", age="25-45",
         gender="any", occupations=["上班族", "全职妈妈", "学生"],
         interests=["早餐", "甜品", "低糖饮食"], channels=["门店收银台", "外卖订单", "小红书探店"],
         dims={"store": ["文三路店", "武林店", "滨江店", "城西店", "钱江店"], "city": CITIES},
         acts=["出炉播报", "会员秒杀", "团购接龙", "晒单有礼", "新品品鉴", "生日福利", "周末下午茶"],
         rights_content=["每天第一炉出炉播报", "会员日 8 折"], rights_social=["烘焙 DIY 亲子课"],
         rights_service=["提前预订、到店即取", "生日蛋糕免费配送"],
         offers=[("新人 9.9 元面包券", 9.9), ("月度早餐卡", 199), ("定制生日蛋糕", 398)],
         identity="门店小程序会员", tags={"门店": ["文三路店", "武林店", "滨江店"], "偏好": ["面包", "蛋糕", "咖啡"]},
         keywords=["代购", "刷单", "二手转卖"]),
]

TYPE_GOALS = {"lead": ["sales"], "welfare": ["sales", "retention"], "flash": ["sales"],
              "course": ["sales", "retention"], "member": ["retention"], "content": ["awareness"],
              "resource": ["awareness", "retention"], "service": ["service"]}

CHANNEL_POOL = [("douyin-ad", "抖音信息流投放", "抖音投放"), ("wechat-article", "公众号推文", "公众号"),
                ("xhs-note", "小红书种草笔记", "小红书"), ("offline-store", "门店收银台桌牌码", "门店"),
                ("sms-recall", "老客短信召回", "老客短信"), ("live-room", "视频号直播间福袋", "视频号直播"),
                ("poster-share", "朋友圈裂变海报", "裂变海报"), ("partner", "异业合作伙伴", "异业合作"),
                ("school-gate", "校门口地推", "地推"), ("referral-card", "老客推荐卡", "老客推荐")]
PHASES = [("acquisition", "获客期", "完成入群、改昵称、填问卷"), ("activation", "激活期", "每天有人发言、完成首次打卡"),
          ("retention", "留存期", "稳定参与活动，培养骨干"), ("monetization", "变现期", "说明会和限时报名，完成转化"),
          ("referral", "传播期", "老带新，晒成果，续期")]
TIMES = ["07:00", "07:30", "08:00", "08:30", "09:00", "09:30", "10:00", "11:00", "12:00", "12:30", "14:00",
         "15:00", "16:00", "17:30", "18:00", "19:00", "19:30", "20:00", "20:30", "21:00", "21:30", "22:00"]
GREET = ["早上好", "各位家人们好", "大家好", "晚上好", "亲爱的群友们", "叮咚", "午安"]
CTA = ["完成后在群里回复“已完成”", "有问题随时@我", "点下方小程序报名", "名额有限，先到先得", "记得设好提醒",
       "欢迎把心得发到群里", "今晚 22:00 截止", "完成的朋友可以领一份小礼物"]
CLOSING = ["感谢大家的支持！", "我们明天见👋", "一起加油💪", "有任何建议都可以私聊我。", "期待你的分享～"]
CONDUCT_POOL = [("no-ads", "禁止广告和私下拉人", ["ads", "qrcode", "links", "competitors"]),
                ("be-kind", "文明交流，不攻击他人", ["abuse"]),
                ("no-flood", "不刷屏、不拉票砍价", ["flooding", "red_packet", "off_topic"]),
                ("on-topic", "围绕主题交流，少发无关内容", ["off_topic", "links"]),
                ("no-packets", "禁止发红包拉票", ["red_packet", "flooding"])]
ABUSE_WORDS = ["智障", "脑残", "滚", "骗子"]
FLOOD_WORDS = ["帮砍一刀", "助力", "投票", "点赞互助"]
SURVEY_POOL = ["你是从哪里知道我们的？", "最希望在群里获得什么？", "你所在的城市是？", "之前参加过类似的社群吗？",
               "每天大约什么时间有空看群消息？", "你最关心的三个问题是？", "愿意参加线下活动吗？"]
SEGMENTS = [("loyal", "近三个月参与或复购 ≥ 2 次", "邀请担任骨干，优先体验新品，专属福利"),
            ("bargain", "只领券、只在优惠时发言", "推拼团和满减，不投入一对一资源"),
            ("need", "问卷显示需求明确、咨询多", "顾问一对一沟通，给出专属方案"),
            ("low_need", "入群后很少打开群消息", "私聊送一次福利，保留标签，下期再邀约"),
            ("new-member", "入群 7 天内的新成员", "新人礼 + 引导完成第一次互动"),
            ("vip", "累计消费前 10% 的客户", "专属客服、生日礼和线下活动邀请")]
TZ = ["Asia/Shanghai"] * 8 + ["Asia/Hong_Kong", "Asia/Singapore"]


# ── YAML text helpers ─────────────────────────────────────────────────────────────────

_UNSAFE = re.compile(r"""[:#{}\[\],&*!|>'"%@`\\]""")
_LOOKS_TYPED = re.compile(
    r"^(?:[-+]?[0-9][0-9_.:eE+-]*|~|null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|Yes|no|No|"
    r"on|On|off|Off|y|Y|n|N|\.inf|\.nan|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}.*)$")


def q(s) -> str:
    """A YAML scalar for s: plain when unambiguous (also in flow context), else double-quoted."""
    if isinstance(s, bool):
        return "true" if s else "false"
    if isinstance(s, (int, float)):
        return repr(s) if isinstance(s, float) else str(s)
    if (s and not _UNSAFE.search(s) and not _LOOKS_TYPED.match(s) and s[0] not in "-?"
            and s == s.strip() and "\n" not in s):
        return s
    return json.dumps(s, ensure_ascii=False)


def qq(s: str) -> str:
    """Always double-quoted (dates, times, targets: what YAML 1.1 readers might retype)."""
    return json.dumps(s, ensure_ascii=False)


def flow_list(items) -> str:
    return "[" + ", ".join(q(x) for x in items) + "]"


def flow_map(pairs) -> str:
    return "{" + ", ".join(f"{k}: {v}" for k, v in pairs) + "}"


def block(text: str, indent: str) -> list[str]:
    return [indent + line if line else "" for line in text.rstrip("\n").split("\n")]


# ── The spec model ─────────────────────────────────────────────────────────────────────

# A pillar frequency, times a week (as commspec reads it).
PER_WEEK = {"daily": 7, "每天": 7, "5/week": 5, "2/week": 2, "weekly": 1, "3/month": 0.7, "monthly": 0.23,
            "2/month": 0.47, **{f"{n}/week": n for n in range(7)}}


class Schedule:
    """Group-channel messages per day, to stay within the daily budget (message-flood)."""

    BUDGET = 3

    def __init__(self, days: int, start: dt.date):
        self.days = days
        self.start = start
        self.used = [0] * (days + 2)

    def weekday(self, day: int) -> str:
        return WEEKDAYS[(self.start + dt.timedelta(days=day - 1)).weekday()]

    def every_days(self, kind, lo: int, hi: int) -> list[int]:
        out = []
        for d in range(lo, hi + 1):
            wd = self.weekday(d)
            if (kind == "day" or (kind == "weekday" and wd not in ("sat", "sun"))
                    or (kind == "weekend" and wd in ("sat", "sun")) or kind == wd
                    or (isinstance(kind, list) and wd in kind)):
                out.append(d)
        return out

    def fits(self, days) -> bool:
        return all(self.used[d] < self.BUDGET for d in days)

    def take(self, days):
        for d in days:
            self.used[d] += 1


def parse_days(text: str) -> int:
    m = re.match(r"^([0-9]+) ?(d|w|mo|y|天|周|个月|年)$", text)
    n, unit = int(m.group(1)), m.group(2)
    return n * {"d": 1, "天": 1, "w": 7, "周": 7, "mo": 30, "个月": 30, "y": 365, "年": 365}[unit]


class Gen:
    def __init__(self, rng: Random, index: int, size: str, labels: bool, force: dict | None = None):
        self.r = rng
        self.i = index
        self.size = size
        self.use_labels = labels
        self.force = force or {}
        self.flow = rng.random() < 0.7  # flow-style `when:` and attachments

    # small helpers
    def lab(self, kind: str, value):
        if self.use_labels and kind in LABELS and value in LABELS[kind]:
            return LABELS[kind][value]
        return value

    def pick(self, xs):
        return self.r.choice(xs)

    def sample(self, xs, k):
        return self.r.sample(xs, min(k, len(xs)))

    def between(self, a, b):
        return self.r.randint(a, b)

    def n_for(self, small, medium, large):
        return self.between(*{"small": small, "medium": medium, "large": large}[self.size])

    # ── decisions ──
    def plan(self):
        r = self.r
        f = self.force
        self.v = f.get("vertical") or self.pick(VERTICALS)
        v = self.v
        self.ctype = f.get("type") or self.pick(list(TYPE_GOALS))
        self.goal = self.pick(TYPE_GOALS[self.ctype])
        self.brand = self.pick(v["brands"])
        year = 2027
        self.start = dt.date(year, 1, 4) + dt.timedelta(days=self.between(0, 330))
        ct = self.ctype
        zh = self.use_labels
        if ct == "flash":
            days = self.between(3, 7)
            self.term = f"{days}天" if zh else f"{days}d"
        elif ct == "lead":
            days = self.pick([7, 10, 14])
            self.term = f"{days}天" if zh else f"{days}d"
        elif ct == "course":
            self.term = self.pick(["14d", "21d", "3w", "4w", "30d"])
        elif ct == "member":
            self.term = self.pick(["1y", "6mo", "3mo"])
        elif ct in ("welfare", "resource", "service"):
            self.term = self.pick(["ongoing", "ongoing", "3mo"]) if ct != "service" else self.pick(["ongoing", "1y"])
        else:  # content
            self.term = self.pick(["3mo", "ongoing", "8w"])
        if "term" in f:
            self.term = f["term"]
        self.ongoing = self.term in ("ongoing", "长期")
        if self.ongoing:
            self.horizon = self.pick([None, "4w", "8w", "12w", "6周", "60d"])
            self.days = parse_days(self.horizon) if self.horizon else 28
            self.on_end = None
        else:
            self.horizon = None
            self.days = parse_days(self.term)
            self.on_end = {"lead": "dissolve", "flash": "dissolve", "course": "transform",
                           "member": "renew"}.get(ct) or self.pick(["renew", "transform", "dissolve"])
        self.sched = Schedule(self.days, self.start)
        # phases: finite terms, most of the time
        self.phases = []
        if not self.ongoing and self.days >= 6 and r.random() < 0.65:
            k = self.between(2, min(5, self.days // 3))
            cuts = sorted(self.sample(list(range(2, self.days + 1)), k - 1))
            bounds = [1] + cuts + [self.days + 1]
            craft = r.random() < 0.75
            chosen = sorted(self.sample(range(len(PHASES)), k)) if craft else list(range(k))
            for j in range(k):
                lo, hi = bounds[j], bounds[j + 1] - 1
                if craft:
                    pid, name, goal = PHASES[chosen[j]]
                else:
                    pid, name, goal = f"stage-{j + 1}", f"第{j + 1}阶段", self.pick(
                        [p[2] for p in PHASES])
                self.phases.append(dict(id=pid, name=name, from_day=lo, to_day=hi, goal=goal))
        # groups
        methods = self.sample(["invite", "referral", "activity", "paid", "qrcode"], self.between(1, 3))
        if self.ctype in ("lead", "flash", "welfare") and "qrcode" not in methods and r.random() < 0.7:
            methods.append("qrcode")
        self.methods = methods
        cap_hi = 200 if "qrcode" in methods else 500
        self.capacity = f.get("capacity") or self.pick([c for c in (40, 80, 100, 150, 200, 300, 400, 500) if c <= cap_hi])
        self.active = max(2, round(self.capacity * self.pick([0.08, 0.1, 0.12, 0.15])))
        self.matrix = {}
        if "matrix" in f:
            self.matrix = f["matrix"]
        elif r.random() < 0.33:
            dims = list(v["dims"])
            for key in self.sample(dims, self.pick([1, 1, 2])):
                vals = v["dims"][key]
                self.matrix[key] = self.sample(vals, self.between(2, min(len(vals), 5)))
            if r.random() < 0.15 and "grade" not in self.matrix:  # integer matrix values
                self.matrix["grade"] = sorted(self.sample([1, 2, 3, 4, 5, 6], self.between(2, 3)))
        self.count = f.get("count") or (self.pick([1, 1, 2, 3]) if self.matrix else self.pick([1, 1, 2, 3, 5]))
        self.n_groups = self.count * math.prod(len(x) for x in self.matrix.values())

    # ── sections ──
    def header(self, out):
        v, ct = self.v, self.ctype
        out.append("# yaml-language-server: $schema=../schemas/commspec.schema.json")
        out.append("commspec: 1")
        out.append("")
        out.append("# " + "-" * 75)
        out.append(f"# {LABELS['type'][ct]}（{ct}）：{self.brand}·{v['subject']}")
        out.append(f"# 场景：{v['audience']}。")
        out.append(f"# 共 {self.n_groups} 个群，服务期限 {self.term}，"
                   f"{'按 ' + str(self.days) + ' 天排 SOP' if self.ongoing else '到期' + LABELS['on_end'][self.on_end]}。")
        out.append(f"# 由 bench/gen.py 生成（第 {self.i} 号，{self.size}）。")
        out.append("# " + "-" * 75)
        out.append("")
        tz = self.pick(TZ + [None, None])
        if tz:
            out.append(f"timezone: {tz}")
            out.append("")

    def community(self, out):
        v, r = self.v, self.r
        self.cid = f"{self.v['key']}-{self.ctype}-{self.i:05d}"
        label = LABELS["type"][self.ctype]
        self.cname = f"{self.brand}{v['subject']}{label}" if r.random() < 0.5 else f"{self.brand}·{v['unit']}{label}"
        self.slogan = self.pick([f"每天进步一点点，{v['unit']}变成好习惯", f"和一群同频的人，一起把{v['unit']}这件事做好",
                                 f"{self.brand}，陪你更懂{v['unit']}", f"少走弯路，{v['unit']}有人带",
                                 f"用心做好每一次{v['unit']}服务"])
        out.append("community:")
        out.append(f"  id: {self.cid}")
        out.append(f"  name: {q(self.cname)}")
        out.append(f"  type: {self.lab('type', self.ctype)}" + (f"            # {label}" if r.random() < 0.4 else ""))
        out.append(f"  goal: {self.lab('goal', self.goal)}")
        out.append(f"  slogan: {q(self.slogan)}")
        if self.size != "small" or r.random() < 0.5:
            out.append(f"  vision: {q('让' + v['audience'] + '，在这里找到可靠的方法和同伴，' + self.brand + '长期陪伴。')}")
        out.append(f"  theme: {q(v['subject'] + self.pick(['', '提升', '交流', '福利', '进阶']))}")
        if self.size != "small" or r.random() < 0.5:
            out.append("  audience:")
            out.append(f"    description: {q(v['audience'])}")
            out.append(f"    age: {qq(v['age'])}")
            out.append(f"    gender: {self.lab('gender', v['gender'])}")
            cities = self.matrix.get("city") or self.sample(CITIES, self.between(1, 4))
            out.append(f"    cities: {flow_list(cities)}")
            out.append(f"    occupations: {flow_list(v['occupations'])}")
            out.append(f"    interests: {flow_list(v['interests'])}")
            if r.random() < 0.5:
                out.append(f"    income: {q(self.pick(['月收入 6000 以上', '家庭月收入 1.5 万以上', '年收入 30 万以上']))}")
            if r.random() < 0.5:
                out.append(f"    education: {self.pick(['大专及以上', '本科及以上'])}")
            out.append(f"    channels: {flow_list(v['channels'])}")
        out.append("")

    def lifecycle(self, out):
        out.append("lifecycle:")
        out.append(f"  start: {qq(self.start.isoformat())}     # 第 1 天 (day 1)")
        out.append(f"  term: {q(self.term)}")
        if self.horizon:
            out.append(f"  horizon: {q(self.horizon)}")
        if self.on_end:
            out.append(f"  on_end: {self.lab('on_end', self.on_end)}")
            if self.on_end == "transform":
                self.transform_into = f"{self.brand}{self.v['unit']}长期交流群"
                out.append(f"  transform_into: {q(self.transform_into)}")
        if self.phases:
            out.append("  phases:")
            for p in self.phases:
                out.append(f"    - id: {p['id']}")
                out.append(f"      name: {q(p['name'])}")
                out.append(f"      from_day: {p['from_day']}")
                out.append(f"      to_day: {p['to_day']}")
                out.append(f"      goal: {q(p['goal'])}")
        out.append("")

    def groups(self, out):
        keys = list(self.matrix)
        parts = []
        for k in keys:
            parts.append("{{ " + k + " }}" + ("年级" if k == "grade" and isinstance(self.matrix[k][0], int) else ""))
        n = "{{ n }}" if self.count > 1 else ""
        self.group_name_tmpl = f"{self.brand}·{''.join(parts)}{self.v['unit']}{n}群"
        out.append("groups:")
        out.append(f"  capacity: {self.capacity}")
        out.append(f"  active_target: {self.active}      # {round(100 * self.active / self.capacity)}%")
        out.append(f"  name: {qq(self.group_name_tmpl)}")
        if self.count > 1 or self.r.random() < 0.3:
            out.append(f"  count: {self.count}")
        if self.matrix:
            if self.r.random() < 0.5 and sum(len(x) for x in self.matrix.values()) < 12:
                out.append("  matrix: " + flow_map((k, flow_list(vs)) for k, vs in self.matrix.items())
                           + f"   # {self.n_groups} 个群")
            else:
                out.append("  matrix:")
                for k, vs in self.matrix.items():
                    out.append(f"    {k}: {flow_list(vs)}")
        out.append("")

    def rights(self, out):
        v = self.v
        out.append("rights:")
        k = self.n_for((1, 2), (1, 3), (2, 3))
        out.append("  content:")
        for x in self.sample(v["rights_content"], k):
            out.append(f"    - {q(x)}")
        if self.size != "small" or self.r.random() < 0.5:
            out.append("  social:")
            for x in self.sample(v["rights_social"], k):
                out.append(f"    - {q(x)}")
        out.append(f"  service: {flow_list(self.sample(v['rights_service'], k))}")
        out.append("")

    def roles(self):
        """Decide roles first: SOP steps, gates and templates refer to them."""
        r, g = self.r, self.n_groups
        owner_id = self.pick(["owner", "headteacher", "host", "manager", "head-teacher", "csm"])
        admin_id = self.pick(["assistant", "butler", "helper", "admin", "support", "cs-team"])
        roles = []
        # owner
        m = self.pick([1, 2, 3, 4])
        roles.append(dict(id=owner_id, type="owner", title=f"{self.pick(['班主任', '群主', '福利官', '主理人', '客户经理'])}"
                                                          f"{self.pick(CN_SURNAMES)}老师",
                          staff=self.staff_ids(math.ceil(g / m) + self.between(0, 1)), max_groups=m,
                          duties=["开群破冰、每天带动群内氛围", "处理违规，发布群公告", "到期前做好总结和告别"]))
        per = self.pick([1, 1, 2])
        m2 = self.pick([2, 3, 4, 6])
        roles.append(dict(id=admin_id, type="admin", title=self.pick(["助教", "管家", "小助手", "运营", "客服"]) + self.pick(["小启", "小鹿", "阿May", "小满", "豆豆"]),
                          per_group=per if per > 1 else None,
                          staff=self.staff_ids(math.ceil(g * per / m2)), max_groups=m2,
                          duties=["审核入群门槛、提醒改昵称", "每日内容发布、答疑", "整理群数据日报"]))
        extras = [("director", "lead", "运营负责人", ["统筹投放、排期和转化目标", "每周复盘数据"]),
                  ("lecturer", "kol", "主讲老师", ["直播分享、答疑", "为群成员做专业点评"]),
                  ("cheer", "atmosphere", None, ["带头打卡、晒单", "直播时带头提问"]),
                  ("guru", "expert", "隐藏大佬", ["在关键话题下给出专业回答"]),
                  ("captain", "core", "骨干成员", ["组织线下小聚", "带新人熟悉群规"]),
                  ("mascot", "mascot", "团宠小萌", ["扮演新手提问，引出老成员分享", "每晚发表情包收尾"])]
        k = self.n_for((0, 1), (1, 3), (3, 6))
        for rid, rtype, title, duties in self.sample(extras, k):
            role = dict(id=rid, type=rtype, title=(title + self.pick(CN_SURNAMES) + "老师") if rtype == "kol" else title,
                        duties=duties)
            if rtype == "atmosphere":
                role["per_group"] = self.pick([2, 3])
                # Planted accounts are the team's: named (without a random draw, so the rest
                # of the spec stays as it was), four groups each.
                role["staff"] = [f"cheer.{i + 1}" for i in range(math.ceil(g * role["per_group"] / 4))]
                role["max_groups"] = 4
            elif rtype == "mascot":
                role["staff"] = [f"mascot.{i + 1}" for i in range(math.ceil(g / 4))]
                role["max_groups"] = 4
            elif rtype in ("lead", "kol"):
                role["staff"] = self.staff_ids(self.between(1, 2))
            roles.append(role)
        # A fixed pool: the same named staff whatever the number of groups (each carries its
        # share, no `max_groups`), so what a group's files say does not grow with the groups.
        pool = self.force.get("pool")
        for role in roles if pool else []:
            if role.get("staff"):
                role["staff"] = role["staff"][:pool]
                role.pop("max_groups", None)
        self.role_list = roles
        self.owner, self.admin = roles[0], roles[1]

    def staff_ids(self, n):
        seen, out = set(), []
        while len(out) < n:
            s = f"{self.pick(SURNAMES)}.{self.pick(GIVEN)}"
            if s in seen:
                s = f"{s}{len(out)}"
            seen.add(s)
            out.append(s)
        return out

    def role_ref(self, role) -> str:
        rid = role["id"]
        return f"roles.{rid}.title" if "-" not in rid else f'roles["{rid}"].title'

    def emit_roles(self, out):
        out.append("roles:")
        for role in self.role_list:
            out.append(f"  - id: {role['id']}")
            out.append(f"    type: {self.lab('role', role['type'])}")
            if role.get("title"):
                out.append(f"    title: {q(role['title'])}")
            if role.get("per_group"):
                out.append(f"    per_group: {role['per_group']}")
            if role.get("staff"):
                out.append(f"    staff: {flow_list(role['staff'])}")
            if role.get("max_groups"):
                cap = len(role.get('staff', [])) * role['max_groups']
                out.append(f"    max_groups: {role['max_groups']}" + (f"        # {len(role['staff'])} 人 × {role['max_groups']} = {cap} ≥ {self.n_groups * (role.get('per_group') or 1)} 个席位" if self.r.random() < 0.5 else ""))
            out.append("    duties:")
            for d in role["duties"]:
                out.append(f"      - {q(d)}")
            out.append("")

    def tags_plan(self):
        v = self.v
        chans = self.sample(CHANNEL_POOL, self.n_for((1, 2), (2, 3), (3, 5)))
        self.channels = chans
        groups = [("渠道", [c[2] for c in chans])]
        for gname, tags in self.sample(list(v["tags"].items()), self.n_for((1, 1), (1, 2), (2, 2))):
            groups.append((gname, tags))
        groups.append(("意向", ["高意向", "观望", "仅领资料"]))
        self.tag_groups = groups
        self.all_tags = [f"{gname}/{t}" for gname, ts in groups for t in ts if gname != "渠道"]

    def gates(self, out):
        v = self.v
        out.append("gates:")
        kinds = self.sample(["identity", "action", "price", "invite", "referral"], self.n_for((1, 1), (1, 2), (2, 3)))
        if kinds == ["action"] and "qrcode" in self.methods:
            kinds = ["identity", "action"]  # someone checks the proof before the code (gate-after-entry)
        for kind in kinds:
            t = self.lab("gate", kind)
            if kind == "identity":
                out.append(f"  - type: {t}")
                out.append(f"    requirement: {q(v['identity'])}")
                # not `survey`: the entry survey comes after joining (gate-after-entry)
                out.append(f"    verify: {self.lab('verify', self.pick(['order', 'manual', 'tag']))}")
            elif kind == "action":
                out.append(f"  - type: {t}")
                out.append(f"    action: {q('把' + self.brand + '海报转发到朋友圈，保留 2 小时')}")
                out.append("    proof: 朋友圈截图发给助教")
            elif kind == "price":
                out.append(f"  - type: {t}")
                out.append(f"    amount: {self.pick([9.9, 19.9, 99, 199, 599])}")
                out.append("    currency: CNY")
                out.append(f"    refund: {q('入群 7 天内不满意可全额退款')}")
            elif kind == "invite":
                out.append(f"  - {flow_map([('type', t), ('by', self.pick([self.owner['id'], 'member']))])}")
            else:
                out.append(f"  - {flow_map([('type', t), ('referrers', self.between(1, 2))])}")
        out.append("")

    def admission(self, out):
        out.append("admission:")
        out.append(f"  methods: {flow_list(self.lab('method', m) for m in self.methods)}")
        out.append("  channels:")
        for cid, name, tag in self.channels:
            if self.flow and self.r.random() < 0.5:
                out.append("    - " + flow_map([("id", cid), ("name", q(name)), ("tag", q('渠道/' + tag)),
                                              ("exposure", str(self.pick([800, 1500, 3000, 8000, 20000])))]))
            else:
                out.append(f"    - id: {cid}")
                out.append(f"      name: {q(name)}")
                out.append(f"      tag: {q('渠道/' + tag)}")
                out.append(f"      exposure: {self.pick([800, 1500, 3000, 8000, 20000])}")
        out.append("  survey:")
        for s in self.sample(SURVEY_POOL, self.n_for((1, 2), (2, 4), (3, 5))):
            out.append(f"    - {q(s)}")
        out.append("")

    def rules(self, out):
        r = self.r
        mvars = list(self.matrix)
        self.nickname = self.pick(["城市-昵称", "城市-年级-孩子名-家长", "肤质-城市-昵称", "公司简称-岗位-姓名", "昵称-擅长"])
        out.append("rules:")
        out.append(f"  nickname: {q(self.nickname)}")
        lines = ["欢迎 {{ nickname }} 加入【{{ group.name }}】🎉",
                 f"我是{{{{ {self.role_ref(self.owner)} }}}}，接下来陪你一起{self.pick(self.v['acts'])}。",
                 "请先完成两件小事：",
                 "1. 修改群昵称：{{ rules.nickname }}",
                 f"2. 私聊{{{{ {self.role_ref(self.admin)} }}}}领取新人礼"]
        if mvars:
            lines.insert(1, f"本群属于{''.join('{{ ' + k + ' }}' for k in mvars[:1])}，信息都会优先在这里发布。")
        out.append("  welcome: |")
        out.extend(block("\n".join(lines), "    "))
        ann = [f"📅 {self.pick(self.v['acts'])}：每周固定时间在群里进行",
               f"🎁 {self.pick(self.v['rights_content'])}",
               "❗ 请勿私加群成员推销，违者移出"]
        if self.size == "large":
            ann.insert(1, f"📝 有问题请@{{{{ {self.role_ref(self.admin)} }}}}")
        out.append("  announcement: |")
        out.extend(block("\n".join(ann[: self.n_for((1, 2), (2, 3), (3, 4))]), "    "))
        out.append("  conduct:")
        rules = self.sample(CONDUCT_POOL, self.n_for((1, 2), (2, 3), (2, 3)))
        for cid, title, forbid in rules:
            kw = self.v["keywords"] if "ads" in forbid else ABUSE_WORDS if "abuse" in forbid else FLOOD_WORDS
            pen = self.pick([["warn", "remove_message", "kick"], ["warn", "kick"],
                             ["warn", "remove_message", "kick", "blacklist"]])
            forbid_l = [self.lab("forbid", x) for x in forbid]
            pen_l = [self.lab("penalty", x) for x in pen]
            if self.flow and r.random() < 0.4:
                out.append("    - " + flow_map([("id", cid), ("title", q(title)), ("forbid", flow_list(forbid_l)),
                                              ("keywords", flow_list(kw)), ("penalty", flow_list(pen_l))]))
            else:
                out.append(f"    - id: {cid}")
                out.append(f"      title: {q(title)}")
                out.append(f"      forbid: {flow_list(forbid_l)}")
                out.append(f"      keywords: {flow_list(kw)}")
                out.append(f"      penalty: {flow_list(pen_l)}")
        out.append("")

    # ── SOP ──
    def message(self, kind: str, dated: bool, step_title: str, purpose: str | None) -> str:
        v = self.v
        mv = list(self.matrix)
        parts = [f"{self.pick(GREET)}！"]
        if dated and self.r.random() < 0.5:
            parts[0] += self.pick(["今天是第 {{ day }} 天。", "今天（{{ date }}）", "第 {{ day }} 天，"])
        act = self.pick(v["acts"])
        body = self.pick([
            f"今天的{act}开始啦，{self.pick(CTA)}。",
            f"{{{{ step.title }}}}时间到：{act}，{self.pick(CTA)}。",
            f"{self.brand}为{{{{ group.name }}}}准备了{act}，{self.pick(CTA)}。",
            f"本周{v['unit']}主题是“{act}”，{self.pick(CTA)}。",
        ])
        parts.append(body)
        if mv and self.r.random() < 0.5:
            k = self.pick(mv)
            parts.append(f"{{{{ {k} }}}}的朋友们，{self.pick(CTA)}。")
        if purpose == "conversion" and self.offers:
            parts.append(f"专享：{{{{ monetization.offers[0].name }}}} 限时优惠，{self.pick(CTA)}。")
        if self.r.random() < 0.3:
            parts.append(f"—— {{{{ {self.role_ref(self.owner)} }}}}")
        if self.size == "large" and self.r.random() < 0.5:
            parts.append(f"{{{{ community.slogan }}}}。{self.pick(CLOSING)}")
        elif self.r.random() < 0.5:
            parts.append(self.pick(CLOSING))
        return "\n".join(parts)

    def attachments(self, channel: str, title: str):
        r = self.r
        slug = self.v["key"]
        appid = "wx" + "".join(r.choice("0123456789abcdef") for _ in range(16))
        if channel == "moments":
            kind = self.pick(["image", "image", "video", "link"])
            if kind == "image":
                return [("image", [("name", q(f"{title}{j + 1}.jpg"))]) for j in range(self.between(1, 9))]
            if kind == "video":
                return [("video", [("name", q(f"{title}.mp4"))])]
            return [("link", [("title", q(f"{self.brand}：{title}")), ("url", qq(f"https://m.{slug}.example.cn/a/{self.between(1000, 99999)}"))])]
        out = []
        for _ in range(self.between(1, 3)):
            kind = self.pick(["image", "miniprogram", "file", "link", "video"])
            if kind == "image":
                out.append(("image", [("name", q(f"{title}海报.png"))]))
            elif kind == "miniprogram":
                out.append(("miniprogram", [("title", q(f"{self.brand}小程序")), ("appid", appid),
                                            ("page", q(f"pages/{self.pick(['index', 'live', 'shop', 'quiz', 'enroll'])}/index"))]))
            elif kind == "file":
                out.append(("file", [("name", q(f"{title}资料包.pdf"))]))
            elif kind == "link":
                out.append(("link", [("title", q(f"{title}｜{self.brand}")), ("url", qq(f"https://m.{slug}.example.cn/p/{self.between(1000, 99999)}"))]))
            else:
                out.append(("video", [("name", q(f"{title}回放.mp4"))]))
        return out

    def make_step(self, sid: str, kind: str, channel: str, forced_day: int | None = None, title=None):
        """Return a step dict, or None when it would not fit the daily budget."""
        r, D = self.r, self.days
        at = self.pick(TIMES)
        when = None
        days: list[int] = []
        if kind == "after_join":
            when = [("after_join", q(self.pick(["5m", "10m", "30m", "1h", "2h", "1d", "3d", "7d", "5分钟", "1天"])))]
        elif kind == "day":
            d = forced_day or self.between(1, D)
            when, days = [("day", str(d)), ("at", qq(at))], [d]
        elif kind == "every":
            ek = self.pick(["day", "day", "weekday", "weekend", "mon", "tue", "wed", "thu", "fri", "sat", "sun", "list"])
            if ek == "list":
                ek = sorted(self.sample(WEEKDAYS, 2), key=WEEKDAYS.index)
            lo = hi = None
            if r.random() < 0.6 or D > 120:
                lo = self.between(1, max(1, D // 2))
                hi = self.between(lo, min(D, lo + self.pick([7, 14, 30, 60])))
            days = self.sched.every_days(ek, lo or 1, hi or D)
            if not days:
                return None
            ev = flow_list([self.lab("every", x) for x in ek]) if isinstance(ek, list) else self.lab("every", ek)
            when = [("every", ev), ("at", qq(at))]
            if lo is not None:
                when += [("from_day", str(lo)), ("to_day", str(hi))]
        elif kind == "before_end":
            if self.ongoing:
                return None
            n = forced_day if forced_day is not None else self.between(0, min(D - 1, 7))
            when, days = [("before_end", q(self.pick([f"{n}d", f"{n}天"]))), ("at", qq(at))], [D - n]
        elif kind == "date":
            d = self.between(1, D)
            when, days = [("date", qq((self.start + dt.timedelta(days=d - 1)).isoformat())), ("at", qq(at))], [d]
        elif kind == "phase":
            if not self.phases:
                return None
            p = self.pick(self.phases)
            n = self.between(1, p["to_day"] - p["from_day"] + 1)
            when, days = [("phase", p["id"]), ("day", str(n)), ("at", qq(at))], [p["from_day"] + n - 1]
        if channel == "group":
            if not self.sched.fits(days):
                return None
            self.sched.take(days)
        purpose = self.pick([None, "activation", "activation", "conversion", "brand", "service"])
        title = title or self.pick(self.v["acts"]) + self.pick(["", "提醒", "预告", "时间", "（第二轮）", "专场"])
        role = self.pick(self.role_list) if r.random() < 0.4 else self.pick([self.owner, self.admin])
        step = dict(id=sid, title=title, when=when, channel=channel, role=role["id"], purpose=purpose,
                    message=self.message(kind, kind != "after_join", title, purpose), days=days)
        if r.random() < (0.9 if channel == "moments" else 0.35):
            step["attachments"] = self.attachments(channel, title)
        if channel in ("private", "moments") and r.random() < 0.6:
            step["to_tags"] = self.sample(self.all_tags, self.between(1, 2))
        return step

    def sop(self):
        r, D = self.r, self.days
        steps = []
        used_ids = set()

        def sid(base):
            s, k = base, 2
            while s in used_ids:
                s, k = f"{base}-{k}", k + 1
            used_ids.add(s)
            return s

        # end notice first: members are told before a group closes or changes (no-end-notice)
        if self.on_end in ("dissolve", "transform"):
            steps.append(self.make_step(sid("end-notice"), "before_end", "announcement", forced_day=1,
                                        title="群公告：到期" + LABELS["on_end"][self.on_end] + "通知"))
            s = self.make_step(sid("farewell"), "day", "group", forced_day=D, title="告别与后续安排")
            if s:
                steps.append(s)
        # a renewing term reminds members to renew before it ends (no-renewal-notice)
        if self.on_end == "renew":
            s = self.make_step(sid("renewal"), "before_end", "private", forced_day=1, title="私聊续费提醒")
            if s:
                steps.append(s)
        steps.append(self.make_step(sid("welcome-gift"), "after_join", "private", title="私聊送新人礼"))
        s = self.make_step(sid("icebreak"), "day", "group", forced_day=1, title="开群破冰")
        if s:
            steps.append(s)
        # a group topic every Monday and Thursday: no more than 3 days without a group message
        # (silent-stretch); built without the random source, so the rest of the spec is as before
        days = self.sched.every_days(["mon", "thu"], 1, D)
        if days and self.sched.fits(days):
            self.sched.take(days)
            steps.append(dict(id=sid("topic-mon-thu"), title="周一周四话题", channel="group", role=self.owner["id"],
                              when=[("every", flow_list([self.lab("every", x) for x in ("mon", "thu")])),
                                    ("at", qq("12:30"))],
                              purpose="activation", message="本周话题时间到，欢迎大家聊聊最近的收获～", days=days))
        target = self.n_for((3, 6), (8, 16), (20, 40))
        if self.n_groups >= 500:
            target = 16
        bases = ["morning", "daily-task", "live", "qa", "recap", "promo", "poster", "reminder", "checkin",
                 "topic", "review", "offer", "story", "survey", "tips", "weekly"]
        tries = 0
        while len(steps) < target and tries < target * 8:
            tries += 1
            kind = self.pick(["day", "day", "every", "every", "after_join", "before_end", "date", "phase"])
            channel = self.pick(["group", "group", "group", "private", "moments", "announcement"])
            if kind == "after_join":
                channel = "private"
            if channel in ("group", "announcement") and sum(
                    x["channel"] in ("group", "announcement") for x in steps) >= 12:
                # the composed announcement lists every group and announcement step: keep it
                # within its 1000-character budget (announcement-too-long)
                channel = self.pick(["private", "moments"])
            if kind == "every" and channel == "announcement":
                channel = "group"
            s = self.make_step(sid(self.pick(bases)), kind, channel)
            if s:
                steps.append(s)
        self.steps = steps

    def promise(self, purpose: str, written: str) -> str | None:
        """`written`, or less when some full week of the SOP schedules fewer steps of `purpose`
        (none when a week has none); a promise under once a week is not compared."""
        full = self.days // 7
        if full == 0 or PER_WEEK[written] < 1:
            return written
        weeks = [0] * full
        for s in self.steps:
            if s["purpose"] == purpose:
                for d in s["days"]:
                    if (d - 1) // 7 < full:
                        weeks[(d - 1) // 7] += 1
        n = min(weeks)
        if n >= PER_WEEK[written]:
            return written
        return "daily" if n >= 7 else (f"{n}/week" if n else None)

    def emit_content(self, out):
        v = self.v
        out.append("content:")
        out.append("  pillars:")
        # activation ≥ conversion ≥ brand (content-frequency-inverted)
        act_f = self.pick(["daily", "每天", "5/week"])
        conv_f = self.pick(["2/week", "weekly", "3/month"])
        brand_f = self.pick(["monthly", "2/month"]) if conv_f != "3/month" else "monthly"
        pillars = [("activation", act_f, ["text", "image"]), ("conversion", conv_f, ["live", "miniprogram"]),
                   ("brand", brand_f, ["video", "image"])]
        if self.goal == "service":
            pillars.insert(0, ("service", "daily", ["text", "image"]))
        kept = pillars[: self.n_for((1, 2), (2, 3), (3, 4))]
        # promise no more a week than the SOP schedules (sop-rhythm-mismatch), keeping the order
        freqs = {p: self.promise(p, f) for p, f, _ in kept}
        for higher, lower in (("activation", "conversion"), ("conversion", "brand")):
            if freqs.get(higher) and freqs.get(lower) and PER_WEEK[freqs[lower]] > PER_WEEK[freqs[higher]]:
                freqs[lower] = freqs[higher]
        for purpose, _, formats in kept:
            freq = freqs[purpose]
            out.append(f"    - purpose: {self.lab('purpose', purpose)}")
            if freq:
                out.append(f"      frequency: {q(freq)}")
            out.append(f"      formats: {flow_list(self.lab('format', x) for x in formats)}")
            out.append(f"      topics: {flow_list(self.sample(v['acts'], 3))}")
        out.append("")
        out.append("  sop:")
        for s in self.steps:
            out.append(f"    - id: {s['id']}")
            out.append(f"      title: {q(s['title'])}")
            if self.flow:
                out.append(f"      when: {flow_map(s['when'])}")
            else:
                out.append("      when:")
                for k, val in s["when"]:
                    out.append(f"        {k}: {val}")
            out.append(f"      channel: {self.lab('channel', s['channel'])}")
            out.append(f"      role: {s['role']}")
            if s["purpose"]:
                out.append(f"      purpose: {self.lab('purpose', s['purpose'])}")
            if s.get("to_tags"):
                out.append(f"      to_tags: {flow_list(s['to_tags'])}")
            out.append("      message: |")
            out.extend(block(s["message"], "        "))
            if s.get("attachments"):
                out.append("      attachments:")
                for kind, fields in s["attachments"]:
                    if self.flow:
                        out.append("        - " + flow_map([("type", kind)] + fields))
                    else:
                        out.append(f"        - type: {kind}")
                        for k, val in fields:
                            out.append(f"          {k}: {val}")
            out.append("")

    def emit_tags(self, out):
        out.append("tags:")
        for gname, ts in self.tag_groups:
            out.append(f"  - group: {q(gname)}")
            out.append(f"    tags: {flow_list(ts)}")
        out.append("")

    def kpis(self, out):
        rate = round(100 * self.active / self.capacity)
        items = [("interaction_rate", f">= {rate}%"), ("daily_active", f">= {self.active}"),
                 ("join_rate", f">= {self.pick([3, 5, 8, 10])}%"), ("leave_rate", f"<= {self.pick([2, 3, 5, 8])}%"),
                 ("retention_rate", f">= {self.pick([60, 70, 80, 85])}%"),
                 ("conversion_rate", f">= {self.pick([5, 10, 15, 25])}%"),
                 ("aov", f">= {self.pick([99, 199, 299, 1200])}"), ("roi", f">= {self.pick([1.2, 1.5, 2, 3])}"),
                 ("messages_per_member", f">= {self.pick([1, 2, 3, 5])}")]
        out.append("kpis:")
        for k, t in items[: self.n_for((2, 3), (4, 6), (7, 9))]:
            out.append(f"  {k}: {qq(t)}" + ("    # 与 active_target 一致" if k == "interaction_rate" and self.r.random() < 0.5 else ""))
        out.append("")

    def monetization(self, out):
        out.append("monetization:")
        out.append(f"  model: {flow_list(self.lab('model', x) for x in self.sample(['product', 'content', 'service'], self.between(1, 3)))}")
        out.append("  offers:")
        for (name, price), tier in zip(self.offers, ["entry", "core", "premium"]):
            out.append(f"    - name: {q(name)}")
            out.append(f"      price: {price}")
            out.append(f"      tier: {self.lab('tier', tier)}")
        out.append("")

    def segments(self, out):
        out.append("segments:")
        for sid, crit, strat in self.sample(SEGMENTS, self.n_for((1, 2), (2, 4), (4, 6))):
            out.append(f"  - id: {sid}")
            out.append(f"    criteria: {q(crit)}")
            out.append(f"    strategy: {q(strat)}")
        out.append("")

    def lints(self, out):
        if self.r.random() < 0.2:
            out.append("lints:")
            for rule, lvl in self.sample([("message-flood", "deny"), ("understaffed", "deny"),
                                          ("group-name-too-long", "deny"), ("no-sop", "deny"),
                                          ("channel-without-tag", "deny")], self.between(1, 3)):
                out.append(f"  {rule}: {lvl}")
            out.append("")

    def render(self) -> str:
        self.plan()
        self.roles()
        self.tags_plan()
        self.offers = self.v["offers"][: self.between(1 if self.goal != "sales" else 2, 3)]
        self.sop()
        out: list[str] = []
        self.header(out)
        self.community(out)
        self.lifecycle(out)
        self.groups(out)
        self.rights(out)
        self.gates(out)
        self.admission(out)
        self.emit_roles(out)
        self.rules(out)
        self.emit_content(out)
        self.emit_tags(out)
        self.kpis(out)
        self.monetization(out)
        self.segments(out)
        self.lints(out)
        while out and out[-1] == "":
            out.pop()
        return "\n".join(out) + "\n"


def spec_text(seed: int, i: int) -> str:
    rng = Random(f"{seed}:{i}")
    size = rng.choices(["small", "medium", "large"], weights=[35, 48, 17])[0]
    labels = rng.random() < 0.15
    return Gen(rng, i, size, labels).render()


def matrix_text(seed: int, groups: int, pool: int | None = None) -> str:
    """A lead playbook whose matrix expands into `groups` groups (city × grade × count); with
    `pool`, each staffed role names at most that many people."""
    rng = Random(f"{seed}:matrix:{groups}")
    grades = VERTICALS[0]["dims"]["grade"][:4]
    per_city = len(grades)
    # 10 groups per city and grade up to 1,400 groups (the bench's 1,000-group spec), 100 beyond.
    count = 1 if groups < 400 else 10 if groups <= len(CITIES) * per_city * 10 else 100
    n_cities = max(1, groups // (per_city * count))
    if n_cities > len(CITIES):
        raise SystemExit(f"at most {len(CITIES) * per_city * count} groups")
    if n_cities * per_city * count != groups:
        raise SystemExit(f"--groups must be a multiple of {per_city * count}")
    force = dict(vertical=VERTICALS[0], type="lead", term="14d", capacity=200, count=count,
                 matrix={"city": CITIES[:n_cities], "grade": grades}, pool=pool)
    return Gen(rng, 0, "medium", False, force).render()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("specs", help="write N specs into DIR")
    a.add_argument("dir")
    a.add_argument("-n", type=int, default=1000)
    a.add_argument("--seed", type=int, default=DEFAULT_SEED)
    b = sub.add_parser("matrix", help="write one spec whose matrix expands into GROUPS groups")
    b.add_argument("file")
    b.add_argument("--groups", type=int, default=1000)
    b.add_argument("--pool", type=int, help="name at most this many people per staffed role (no max_groups)")
    b.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = ap.parse_args(argv)
    if args.cmd == "specs":
        os.makedirs(args.dir, exist_ok=True)
        total = 0
        for i in range(1, args.n + 1):
            text = spec_text(args.seed, i)
            with open(os.path.join(args.dir, f"spec-{i:05d}.yaml"), "w", encoding="utf-8") as f:
                f.write(text)
            total += len(text.encode())
        print(f"gen: wrote {args.n} specs ({total / 1e6:.1f} MB) to {args.dir}", file=sys.stderr)
    else:
        os.makedirs(os.path.dirname(os.path.abspath(args.file)), exist_ok=True)
        with open(args.file, "w", encoding="utf-8") as f:
            f.write(matrix_text(args.seed, args.groups, args.pool))
        print(f"gen: wrote a {args.groups}-group matrix spec to {args.file}", file=sys.stderr)


if __name__ == "__main__":
    main()
