"""The guard's labelled set: a generated month (2025-09) of its own, with 20 news items, four registry
products and a few facts; true sentences written for it by hand; and sentences with one planted error
each, made from the true ones by six operators (tests/guard_errors.py: a changed digit, 万 for 亿, a percentage for
percentage points, a wrong date, an invented product or company, a number from another item).

Used by tests/test_draft_guard.py (the thresholds) and benchmarks/bench_draft_guard.py (the table in
BENCHMARKS.md and docs/draft.md). Every text here is synthetic.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from aimonthly.analytics.registry import Product
from guard_errors import changed_digit, invented_name, other_item_number, pct_for_pp, wan_for_yi, wrong_date

MONTH = "2025-09"


@dataclass(frozen=True)
class Item:
    id: str
    date: dt.date
    title: str
    body: str
    names: tuple[str, ...]  # the products and companies it names (the operators replace them)
    true: tuple[str, ...]  # sentences that say only what the item says


def _d(day: int) -> dt.date:
    return dt.date(2025, 9, day)


ITEMS = (
    Item(
        "t01",
        _d(3),
        "Nimbus Labs 发布 Aurora 2.5 模型，上下文扩展至 256K",
        "9 月 3 日，Nimbus Labs 发布 Aurora 2.5 大模型，上下文长度由 128K 扩展到 256K，推理速度较上一代提升 40%。"
        "公司称，Aurora 2.5 在 MMLU 上得分 86.4%，比 Aurora 2.0 高 3.2 个百分点。新模型 API 价格下调至每百万 token 1.5 美元。",
        ("Nimbus Labs", "Aurora"),
        (
            "9 月 3 日消息，Nimbus Labs 发布 Aurora 2.5 大模型，上下文长度扩展到 256K。",
            "推理速度较上一代提升 40%，MMLU 得分达到 86.4%。",
            "其 MMLU 得分比 Aurora 2.0 高出 3.2 个百分点。",
            "新模型的 API 价格降至每百万 token 1.5 美元。",
        ),
    ),
    Item(
        "t02",
        _d(5),
        "星河智能完成 12 亿元 B 轮融资",
        "9 月 5 日，星河智能宣布完成 12 亿元 B 轮融资，由红杉中国领投。公司旗下助手产品“星语”月活跃用户已突破 3,500 万，"
        "较年初增长 1.8 倍。本轮资金将用于算力采购和多模态模型研发，公司员工约 600 人。",
        ("星河智能", "星语"),
        (
            "9 月 5 日消息，星河智能宣布完成 12 亿元 B 轮融资，由红杉中国领投。",
            "旗下助手“星语”的月活跃用户突破 3500 万。",
            "星语的月活跃用户较年初增长 1.8 倍。",
            "星河智能员工约 600 人，新资金将用于算力采购与多模态模型研发。",
        ),
    ),
    Item(
        "t03",
        _d(8),
        "Veridian 推出 V-Chip X3 AI 芯片",
        "Veridian 于 9 月 8 日推出 AI 芯片 V-Chip X3，采用 3 纳米工艺，单卡算力 2.4 PFLOPS，功耗 700 瓦。公司预计 2025 年"
        "数据中心业务收入达到 85 亿美元，同比增长 62%。首批产品将于 2025 年四季度交付。",
        ("Veridian", "V-Chip"),
        (
            "9 月 8 日消息，Veridian 推出 AI 芯片 V-Chip X3，采用 3 纳米工艺。",
            "V-Chip X3 单卡算力达 2.4 PFLOPS，功耗为 700 瓦。",
            "Veridian 预计 2025 年数据中心业务收入 85 亿美元，同比增长 62%。",
            "首批产品计划在 2025 年第四季度交付。",
        ),
    ),
    Item(
        "t04",
        _d(10),
        "云启科技发布端侧模型 Mono-3B",
        "9 月 10 日，云启科技发布端侧大模型 Mono-3B，参数规模 30 亿，可在手机上离线运行，首字延迟低于 200 毫秒。云启科技表示，"
        "该模型已与 5 家手机厂商达成合作，预计年内搭载终端超过 2000 万台。",
        ("云启科技", "Mono"),
        (
            "9 月 10 日消息，云启科技发布端侧大模型 Mono-3B，参数规模为 30 亿。",
            "该模型可在手机上离线运行，首字延迟不到 200 毫秒。",
            "云启科技已与五家手机厂商合作，预计年内搭载终端超过 2,000 万台。",
        ),
    ),
    Item(
        "t05",
        _d(12),
        "Quill AI 用户数突破 1 亿",
        "9 月 12 日，写作助手 Quill AI 宣布全球注册用户突破 1 亿，付费用户 420 万，付费转化率 4.2%，较去年提高 1.1 个百分点。"
        "公司年化收入达到 3 亿美元，"
        "较去年同期增长 150%。Quill AI 计划在 2026 年上半年推出企业版。",
        ("Quill AI",),
        (
            "9 月 12 日消息，写作助手 Quill AI 全球注册用户突破 1 亿。",
            "其付费用户为 420 万，付费转化率 4.2%。",
            "Quill AI 付费转化率较去年提高 1.1 个百分点。",
            "Quill AI 年化收入达 3 亿美元，同比增长 150%。",
            "Quill AI 计划于 2026 年上半年推出企业版。",
        ),
    ),
    Item(
        "t06",
        _d(15),
        "北辰集团发布行业大模型“北辰·鉴”",
        "9 月 15 日，北辰集团发布金融行业大模型“北辰·鉴”，训练语料超过 2 万亿 token，覆盖 16 个业务场景。北辰集团称，"
        "试点机构的客服效率提升 35%，人工成本下降 18%。该模型将于 10 月 1 日起向合作银行开放。",
        ("北辰集团", "北辰·鉴"),
        (
            "9 月 15 日消息，北辰集团发布金融行业大模型“北辰·鉴”，训练语料超过 2 万亿 token。",
            "该模型覆盖 16 个业务场景，试点机构客服效率提升 35%。",
            "试点机构人工成本下降 18%，模型将从 10 月 1 日起向合作银行开放。",
        ),
    ),
    Item(
        "t07",
        _d(17),
        "Helio Robotics 获 6.5 亿美元融资，估值达 45 亿美元",
        "Helio Robotics 9 月 17 日宣布完成 6.5 亿美元 C 轮融资，投后估值 45 亿美元。公司的人形机器人 H-7 已在 3 家汽车工厂试用，"
        "单台售价约 9 万美元。公司计划 2026 年产量提升至 1 万台。",
        ("Helio Robotics", "H-7"),
        (
            "9 月 17 日消息，Helio Robotics 完成 6.5 亿美元 C 轮融资，投后估值为 45 亿美元。",
            "其人形机器人 H-7 已在三家汽车工厂试用，单台售价约 9 万美元。",
            "Helio Robotics 完成 650M 美元融资，投后估值达到 4.5B 美元。",
            "公司计划在 2026 年将产量提升至 1 万台。",
        ),
    ),
    Item(
        "t08",
        _d(19),
        "暮光智算中心投产，算力规模 5 EFLOPS",
        "9 月 19 日，位于贵安的暮光智算中心正式投产，一期部署 1.2 万张 AI 加速卡，智能算力规模 5 EFLOPS，国产芯片占比超过 70%。"
        "二期工程预计 2026 年 6 月完工，届时总算力将达到 12 EFLOPS。",
        ("暮光智算",),
        (
            "9 月 19 日消息，暮光智算中心正式投产，一期部署 1.2 万张 AI 加速卡。",
            "该中心智能算力规模为 5 EFLOPS，国产芯片占比超过七成。",
            "二期工程预计于 2026 年 6 月完工，总算力将达 12 EFLOPS。",
            "一期部署约 12,000 张 AI 加速卡。",
        ),
    ),
    Item(
        "t09",
        _d(22),
        "Orchid 发布视频模型 Bloom 1.0，可生成 20 秒 4K 视频",
        "9 月 22 日，Orchid 发布视频生成模型 Bloom 1.0，单次可生成最长 20 秒、分辨率 4K 的视频，生成速度是上一代原型的 3 倍。"
        "Bloom 1.0 首月向 50 万名订阅用户开放，订阅价格为每月 30 美元。",
        ("Orchid", "Bloom"),
        (
            "9 月 22 日消息，Orchid 发布视频生成模型 Bloom 1.0，单次可生成最长 20 秒的 4K 视频。",
            "Bloom 1.0 的生成速度是上一代原型的三倍。",
            "首月向 50 万名订阅用户开放，订阅价格为每月 30 美元。",
        ),
    ),
    Item(
        "t10",
        _d(24),
        "青松科技上半年营收 8.6 亿元，AI 业务占比升至 42%",
        "9 月 24 日，青松科技披露 2025 年上半年业绩：营收 8.6 亿元，同比增长 27.5%；其中 AI 相关业务收入 3.6 亿元，占比由去年同期的"
        " 31% 提升至 42%，提高 11 个百分点。归母净利润 1.05 亿元，同比下降 4.3%。",
        ("青松科技",),
        (
            "9 月 24 日消息，青松科技 2025 年上半年营收 8.6 亿元，同比增长 27.5%。",
            "AI 相关业务收入 3.6 亿元，占比提升至 42%。",
            "AI 业务占比较去年同期提高 11 个百分点。",
            "归母净利润 1.05 亿元，同比下降 4.3%。",
            "青松科技上半年营收同比增长约 28%。",
        ),
    ),
    Item(
        "t11",
        _d(26),
        "Tessel 开源 Weave-70B，采用 MoE 架构",
        "9 月 26 日，Tessel 以 Apache 2.0 许可开源 Weave-70B 模型，总参数 700 亿，每个 token 激活 120 亿参数，共 16 个专家。"
        "Tessel 称其在代码基准 HumanEval 上得分 78.0%，比上一版本高 6.5 个百分点。",
        ("Tessel", "Weave"),
        (
            "9 月 26 日消息，Tessel 以 Apache 2.0 许可开源 Weave-70B 模型。",
            "Weave-70B 总参数 700 亿，每个 token 激活 120 亿参数。",
            "该模型共有 16 个专家，HumanEval 得分为 78%。",
            "Weave-70B 的 HumanEval 得分比上一版本高出 6.5 个百分点。",
        ),
    ),
    Item(
        "t12",
        _d(29),
        "灵犀数据与三所高校共建实验室",
        "9 月 29 日，灵犀数据宣布与三所高校共建大模型联合实验室，首期投入 5000 万元，计划在 3 年内培养 200 名研究生。"
        "灵犀数据成立于 2019 年，目前服务客户超过 1,300 家。",
        ("灵犀数据",),
        (
            "9 月 29 日消息，灵犀数据与三所高校共建大模型联合实验室，首期投入 5000 万元。",
            "联合实验室计划三年内培养 200 名研究生。",
            "灵犀数据成立于 2019 年，服务客户超过 1300 家。",
        ),
    ),
    Item(
        "t13",
        _d(30),
        "Corvid 季度营收 27 亿美元",
        "9 月 30 日，Corvid 公布 2026 财年第一季度业绩：营收 27 亿美元，同比增长 55%，环比增长 12%；毛利率 71.5%，比上一季度提高"
        " 2.3 个百分点。公司给出的下季度营收指引为 29 亿至 30 亿美元。",
        ("Corvid",),
        (
            "9 月 30 日消息，Corvid 第一季度营收 27 亿美元，同比增长 55%。",
            "Corvid 毛利率 71.5%，比上一季度提高 2.3 个百分点。",
            "Corvid 下季度营收指引为 29 亿至 30 亿美元。",
            "Corvid 营收环比增长 12%。",
        ),
    ),
    Item(
        "t14",
        _d(9),
        "简思教育推出 AI 学习机 S9",
        "9 月 9 日，简思教育推出 AI 学习机 S9，售价 4,999 元，内置自研教育大模型“简思 2.0”。简思教育表示，上一代产品累计销量已"
        "超过 80 万台，今年目标销量 120 万台。",
        ("简思教育",),
        (
            "9 月 9 日消息，简思教育推出 AI 学习机 S9，售价 4999 元。",
            "S9 内置自研教育大模型“简思 2.0”。",
            "上一代产品累计销量超过 80 万台，今年目标为 120 万台。",
        ),
    ),
    Item(
        "t15",
        _d(11),
        "Lattice 发布 AI 眼镜 Lumen，续航 8 小时",
        "9 月 11 日，Lattice 发布 AI 眼镜 Lumen，重量 49 克，续航 8 小时，售价 399 美元，将于 10 月 15 日在美国上市。"
        "Lattice 预计首年出货 200 万副。",
        ("Lattice", "Lumen"),
        (
            "9 月 11 日消息，Lattice 发布 AI 眼镜 Lumen，续航 8 小时。",
            "Lumen 重量为 49 克，售价 399 美元。",
            "该眼镜将于 10 月 15 日在美国上市，预计首年出货 200 万副。",
        ),
    ),
    Item(
        "t16",
        _d(16),
        "数智港算力平台上线，首批接入 3 万张 GPU",
        "9 月 16 日，数智港算力调度平台上线，首批接入 3 万张 GPU，覆盖 8 个省份的 14 个数据中心。平台调度效率较人工提升 60%，"
        "算力利用率由 35% 提高到 58%。",
        ("数智港",),
        (
            "9 月 16 日消息，数智港算力调度平台上线，首批接入三万张 GPU。",
            "平台覆盖 8 个省份的 14 个数据中心。",
            "算力利用率从 35% 提高到 58%，调度效率提升 60%。",
            "算力利用率提高了 23 个百分点。",
        ),
    ),
    Item(
        "t17",
        _d(18),
        "Pebble 语音助手日活 800 万",
        "9 月 18 日，Pebble 披露其语音助手日活跃用户达到 800 万，用户日均使用时长 23.5 分钟，较 6 月增长 9%；次日留存率 46%，"
        "环比提升 3.5 个百分点。Pebble 目前支持 32 种语言。",
        ("Pebble",),
        (
            "9 月 18 日消息，Pebble 语音助手日活跃用户达 800 万，日均使用时长 23.5 分钟。",
            "日均使用时长较 6 月增长 9%，目前支持 32 种语言。",
            "Pebble 语音助手日活跃用户为 8M。",
            "次日留存率为 46%，环比提升 3.5 个百分点。",
        ),
    ),
    Item(
        "t18",
        _d(23),
        "澄明医疗影像模型获批",
        "9 月 23 日，澄明医疗的肺结节影像大模型获得国家药监局三类医疗器械注册证，敏感度 96.8%，较上一代提升 2.4 个百分点，"
        "特异度 91.2%。该模型已在 120 家医院"
        "部署，累计阅片 350 万例。",
        ("澄明医疗",),
        (
            "9 月 23 日消息，澄明医疗的肺结节影像大模型获得国家药监局三类医疗器械注册证。",
            "该模型敏感度为 96.8%，特异度为 91.2%。",
            "其敏感度较上一代提升 2.4 个百分点。",
            "模型已在 120 家医院部署，累计阅片 350 万例。",
        ),
    ),
    Item(
        "t19",
        _d(25),
        "Sable 推出代码助手 Forge，定价每月 19 美元",
        "9 月 25 日，Sable 推出代码助手 Forge，支持 40 种编程语言，个人版每月 19 美元，企业版每席位每月 39 美元。内测期间已有 "
        "1.5 万家企业试用，代码采纳率 31%，较公测前提高 4 个百分点。",
        ("Sable", "Forge"),
        (
            "9 月 25 日消息，Sable 推出代码助手 Forge，支持 40 种编程语言。",
            "Forge 个人版每月 19 美元，企业版每席位每月 39 美元。",
            "内测期间已有 15,000 家企业试用，代码采纳率为 31%。",
            "Forge 的代码采纳率较公测前提高 4 个百分点。",
        ),
    ),
    Item(
        "t20",
        _d(27),
        "万象影业 AI 短剧播放量破 10 亿",
        "9 月 27 日，万象影业表示，其 AI 辅助制作的短剧系列上线 45 天播放量突破 10 亿次，制作周期由 60 天缩短至 18 天，单集成本"
        "下降约 40%。",
        ("万象影业",),
        (
            "9 月 27 日消息，万象影业 AI 辅助制作的短剧系列上线 45 天播放量突破 10 亿次。",
            "该系列制作周期由 60 天缩短至 18 天，单集成本下降约四成。",
            "制作周期缩短了 42 天。",
        ),
    ),
)

# True, but derived (58% - 35%, 60 - 18 天): no source states the result, so the guard drops them (its
# known false alarms); no error is planted in them.
DERIVED = ("算力利用率提高了 23 个百分点。", "制作周期缩短了 42 天。")

REGISTRY = (
    Product("Lumo", ("Lumo AI",), "lumo.example", "Brightwave", "图片图像", "overseas"),
    Product("Pebble", (), "pebble.example", "Pebble Inc", "语音", "overseas"),
    Product("星语", ("星语助手",), "xingyu.example", "星河智能", "聊天机器人", "domestic"),
    Product("Quill AI", ("Quill",), "quill.example", "Quill", "写作与文本", "overseas"),
)

FACTS = {
    "month": MONTH,
    "data_date": "2025-10-08",
    "traffic": {
        "global": {
            "list": "global",
            "month": MONTH,
            "top_n": 20,
            "n_visits_over_100m": 7,
            "top20_total_mom": 0.034,
            "top_visits": [
                {"rank": 1, "product": "Quill AI", "company": "Quill", "visits": 412_300_000, "mom": 0.0815}
            ],
            "top_growth": [
                {"rank": 1, "product": "Lumo", "mom": 0.7312, "visits": 18_450_000, "category": "图片图像"},
                {"rank": 2, "product": "Pebble", "mom": 0.4123, "visits": 96_100_000, "category": "语音"},
            ],
        },
        "domestic": {
            "list": "domestic",
            "month": MONTH,
            "top_n": 20,
            "n_visits_over_100m": 2,
            "top20_total_mom": -0.012,
            "top_visits": [{"rank": 1, "product": "星语", "company": "星河智能", "visits": 35_200_000, "mom": 0.5521}],
            "top_growth": [
                {"rank": 1, "product": "星语", "mom": 0.5521, "visits": 35_200_000, "category": "聊天机器人"}
            ],
        },
    },
    "capex": {"quarter": "2025Q2", "unit": "USD", "total": 61_870_000_000, "total_yoy": 0.4412},
}

# product lines: product -> true lines (their source: the registry row, the data line, the product's facts)
PRODUCT_LINES = {
    "Lumo": (
        "Lumo 是 Brightwave 推出的图片图像类应用，9 月访问量环比增长 73.12%。",
        "Lumo 月访问量约 1,845 万次，增速居全球榜第一。",
    ),
    "Pebble": ("Pebble 是 Pebble Inc 推出的语音类 AI 应用。", "Pebble 月访问量 9,610 万次，环比增长 41.23%。"),
    "星语": (
        "星语是星河智能旗下的聊天机器人，月访问量 3,520 万次。",
        "星语访问量环比增长 55.21%，位居国内增速榜第一。",
    ),
}

# cover titles (their source: the digest of FACTS and every fact of the month)
COVER_TITLES = (
    "Lumo 访问量环比增长 73.12%，AI 图像应用领跑",
    "海外云厂商 2025Q2 资本开支合计 618.70 亿美元",
    "全球 AI 应用 Top20 访问量合计环比增长 3.4%",
    "月访问量过亿的 AI 应用达 7 款",
    "资本开支同比增长 44.12%，算力投入持续加码",
    "星语环比增长 55.21%，国内对话助手走强",
)

ERROR_TYPES = {
    "changed digit": changed_digit,
    "万 for 亿": wan_for_yi,
    "% for percentage points": pct_for_pp,  # pp written as %; where a sentence has none, % written as pp
    "wrong date": wrong_date,
    "invented name": None,  # takes the item's names
    "number from another item": other_item_number,
}
PER_TYPE = 16  # planted sentences of each type, at most ...
OTHER_KINDS = 5  # ... of which this many from product lines and cover titles, where they apply


@dataclass(frozen=True)
class Case:
    kind: str  # news, product or cover
    key: str  # the item id, the product, or "cover"
    text: str
    label: str  # "true", or the planted error's type


def cases() -> list[Case]:
    """Every labelled sentence: the true ones, then up to PER_TYPE planted ones per error type, taken in
    turn across the items so that each type spreads over many of them."""
    out: list[Case] = []
    true: list[tuple[str, str, str, str, tuple[str, ...]]] = []  # kind, key, text, source text, names
    for it in ITEMS:
        for s in it.true:
            true.append(("news", it.id, s, f"{it.title} {it.body}", it.names))
    for product, lines in PRODUCT_LINES.items():
        reg = next(p for p in REGISTRY if p.product == product)
        for s in lines:
            true.append(("product", product, s, f"{product} {reg.company}", (product, reg.company or "")))
    for s in COVER_TITLES:
        true.append(("cover", "cover", s, "", ("Lumo", "星语")))
    out += [Case(kind, key, text, "true") for kind, key, text, _, _ in true]
    for etype, op in ERROR_TYPES.items():
        made: list[Case] = []
        # product lines and cover titles first; for dates, dates inside sentences before openings ("9 月 3 日消息")
        order = sorted(
            enumerate(true),
            key=lambda x: (
                x[1][0] == "news",
                etype == "wrong date" and "日消息" in x[1][2],
                etype.startswith("%") and "个百分点" not in x[1][2],
            ),
        )
        for k, (kind, key, text, source, names) in order:
            if len(made) >= PER_TYPE:
                break
            if text in DERIVED or kind != "news" and sum(c.kind != "news" for c in made) >= OTHER_KINDS:
                continue
            planted = invented_name(text, names, k) if op is None else op(text, source, k)
            if planted and planted != text:
                made.append(Case(kind, key, planted, etype))
        out += made
    return out


# --- the sources each sentence is checked against, made by aimonthly.draft's own code ------------


def sources() -> tuple[dict[str, object], object]:
    """(key -> the guard's Source, the NameBook): news items through draft.tasks.news_tasks, products
    through product_tasks, the cover through cover_task, as `aimonthly draft` makes them."""
    from types import SimpleNamespace

    import pyarrow as pa

    from aimonthly.analytics.news import NewsFacts, NewsItem
    from aimonthly.analytics.registry import COLUMNS, Registry
    from aimonthly.core.house import default_house
    from aimonthly.draft.names import NameBook
    from aimonthly.draft.tasks import cover_task, news_tasks, product_tasks
    from aimonthly.narrative.figures import FactIndex

    house = default_house()
    items = [
        NewsItem(
            it.id,
            it.date,
            "domestic",
            False,
            "given",
            "测试源",
            it.title,
            it.body,
            None,
            "g-" + it.id,
            1,
            0.0,
            "printed",
        )
        for it in ITEMS
    ]
    news = NewsFacts((_d(1), _d(30)), {"domestic": items}, {"domestic": items})
    rows = [{c: (", ".join(getattr(p, c)) if c == "aliases" else getattr(p, c)) for c in COLUMNS} for p in REGISTRY]
    table = pa.table(
        {
            c: pa.array([r[c] for r in rows], pa.bool_() if c == "override" else pa.string())
            for c in COLUMNS
            if c != "launched"
        }
    )
    registry = Registry(table.append_column("launched", pa.array([None] * len(rows), pa.string())))
    traffic = SimpleNamespace(
        lists={lst: SimpleNamespace(month=MONTH, top_growth=v["top_growth"]) for lst, v in FACTS["traffic"].items()}
    )
    index = FactIndex(FACTS)
    out: dict[str, object] = {t.item.id: t.source for t in news_tasks(news, house) if t.item}
    out |= {
        t.label: t.source for t in product_tasks(traffic, FACTS, registry, news, house, ("global", "domestic"), index)
    }
    out["cover"] = cover_task(FACTS, news, house, index).source
    return out, NameBook.for_month(REGISTRY, FACTS, house)
