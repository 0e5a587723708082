#!/usr/bin/env python3
"""Deterministic generator of three bundled demo datasets: app_ranks, index_prices, stock_prices.

Writes UTF-8 CSV files (canonical English headers, a ``synthetic`` column on every row) and one
``<dataset>.notes.md`` per dataset into ``src/aimonthly/demo/data/``.

The figures the reference report (shared/reference/seed-report-2024-04.txt beside the repository, 图表11-17)
states are reproduced exactly; everything else is made up with fixed random seeds, so running the
script twice gives byte-identical files.

    python tools/demo_data/make_apps_market.py [--reference DIR] [--csi300 PATH] [--out DIR]
"""

from __future__ import annotations

import argparse
import heapq
import math
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUT = ROOT / "src" / "aimonthly" / "demo" / "data"
REFERENCE = ROOT.parent / "shared" / "reference"  # the reference folder beside the repository (--reference)

# ----------------------------------------------------------------------------------------------
# app_ranks
# ----------------------------------------------------------------------------------------------

KEYWORD = "ai应用"
DATES = pd.date_range("2024-04-09", "2024-05-09").strftime("%Y-%m-%d").tolist()
ND = len(DATES)  # 31
N_BASELINE = 893  # apps in the 2024-04-09 snapshot; + 107 new apps = 1,000 distinct apps
N_NEW = 107
N_RISING = 462
N_RISING_TOP10 = 37  # 35 listed on 2024-05-09 + 2 (WPS Office, 爱奇艺-哈...) absent that day


def d(date: str) -> int:
    return DATES.index(date)


# Top of the chart.
MJ = ("MJ中文极速版", "Hangzhou Mojie Network Technology Co., Ltd.")
ZJ = ("AI照见未来", "深圳照见未来科技有限公司")
UD = ("AI绘画Unidream", "Shanghai Unidream Information Technology Co., Ltd.")
KK = ("夸克", "Guangzhou Shenma Mobile Information Technology Co., Ltd.")
REGULARS = [
    ("豆包", "北京春田知韵科技有限公司"),
    ("Kimi智能助手", "北京月之暗面科技有限公司"),
    ("文心一言", "Beijing Baidu Netcom Science & Technology Co., Ltd."),
    ("通义千问", "Alibaba Cloud Computing Co., Ltd."),
    ("讯飞星火", "iFLYTEK CO.,LTD"),
    ("智谱清言", "北京智谱华章科技有限公司"),
]

# The reference's 图表13 (risers that reached the Top 10): full names invented from the printed
# prefixes. (app, developer, baseline rank, best rank, date best first reached, rank on 05-09 or
# None, first absent day or None)
TABLE_RISERS = [
    ("政务-移动办事通", "Guangzhou Miracle Tech Co., Ltd.", 148, 7, "2024-04-21", 110, None),
    ("AI绘画-筑梦AI绘画生成器", "APYJ Co.,Ltd", 146, 10, "2024-05-02", 95, None),
    ("Canary Mail", "Mailr Tech LLP", 139, 8, "2024-04-12", 55, None),
    ("脸猫-AI绘画头像生成", "Chongqing Fengyun Network Technology Co., Ltd.", 131, 10, "2024-04-29", 205, None),
    ("WPS Office", "金山办公软件", 116, 6, "2024-04-30", None, "2024-05-08"),
    ("姜笔思画", "ibis inc.", 118, 9, "2024-05-02", 37, None),
    ("AIA Connect", "AIA International Limited", 114, 7, "2024-04-15", 162, None),
    ("爱奇艺-哈哈AI版", "IQIYI", 105, 5, "2024-04-24", None, "2024-05-05"),
    ("AI绘画师-AI画图生成器", "ZFERRY GROUP LTD.", 105, 6, "2024-05-05", 7, None),
    ("嗨弄键盘-AI聊天输入法", "志亮 黎", 80, 7, "2024-04-16", 30, None),
]

# The reference's 图表12 (new apps that reached the Top 10): exact rank on every day present.
_N1 = [None] * d("2024-04-26") + [48, 22, 12, 4, 5, 6, 7, 8, 6, 9, 8, 7, 8, 7]
_N2 = [None] * d("2024-04-25") + [63, 30, 14, 8, 12, 19, 27, 41, 58, 77] + [None] * 5
_N3 = [None] * d("2024-04-25") + [88, 45, 25, 16, 11, 9, 10, 12, 14, 12, 17, 16, 19, 18, 15]
TABLE_NEW = [
    ("AI绘画师-二次元动漫头像生成", "ZFERRY GROUP LTD.", _N1),
    ("知晓通-AI绘画写作助手", "成都贝园科技有限公司", _N2),
    ("捏Ta AI画编程创作社区", "Kanjian Gainian (Shanghai) Technology Co., Ltd.", _N3),
]
# Prefixes the reference prints; no invented filler app may start with one of them.
PROTECTED_PREFIXES = [
    "政务-移动",
    "AI绘画-筑",
    "脸猫-AI绘",
    "WPS Offic",
    "AIA Conne",
    "爱奇艺-哈",
    "AI绘画师-",
    "嗨弄键盘-",
    "知晓通-AI绘画",
    "捏Ta AI画编程",
    "姜笔思画",
    "Canary Mail",
    "MJ中文",
    "AI照见未来",
    "AI绘画Unidream",
    "夸克",
]

# 夸克: top 5 through April, sliding from May.
KK_RANKS = {i: 4 for i in range(d("2024-04-30") + 1)}
KK_RANKS.update({d("2024-04-14"): 3, d("2024-04-20"): 3, d("2024-04-29"): 5})
KK_RANKS.update(dict(zip(range(d("2024-05-01"), ND), [5, 8, 11, 13, 16, 19, 23, 26, 29])))

OVERALL = {  # apps whose overall-chart rank is filled in: (low, high)
    "夸克": (16, 34),
    "WPS Office": (55, 110),
    "豆包": (24, 58),
    "文心一言": (45, 95),
    "Kimi智能助手": (40, 120),
    "通义千问": (90, 170),
    "讯飞星火": (110, 220),
    "百度": (8, 19),
    "美图秀秀": (30, 62),
    "醒图": (48, 96),
}

BRANDS = (
    "灵犀 妙笔 星语 墨言 智绘 青梧 云雀 知了 悟空 百变 轻颜 秒画 次元 光影 灵感 万象 小蓝 繁星 拾光 鹿鸣 "
    "青柠 橙子 芒果 蜜桃 猫咪 熊猫 小鹿 海豚 鲸鱼 火花 闪电 极光 星河 银河 天问 问问 答答 知音 知否 元气 "
    "魔方 魔镜 神笔 画眉 画匠 画境 笔尖 言语 说说 聊聊 暖暖 甜甜 豆豆 团团 小艺 小智 小爱 阿狸 布丁 "
    "奇点 未来 梦境 幻影 幻想 绘梦 绘声 云画 云笔 云梦 千寻 千面 百灵 松果 橘子 柚子 椰子 西柚 "
    "琥珀 水母 飞鱼 蓝鲸 白鹭 青鸟 雪豹 星球 宇宙 原力 灵动 灵境 智语 智言 智能 慧眼 慧读 妙语 妙手 "
    "创想 创意 趣画 趣拍 趣写 口袋 掌上 随身 一键 秒懂 秒答 秒写 速写 速记 闪记 念念 悠悠 朵朵"
).split()
FUNCS = (
    "AI绘画 AI写作 AI聊天 AI助手 智能写作 AI换脸 AI证件照 AI修图 AI翻译 AI作图 AI头像 AI问答 AI配音 "
    "AI视频 AI音乐 AI学习 AI办公 智能对话 AI抠图 AI绘本 AIPPT AI简历 AI文案 AI作文 AI拍照 AI识图 "
    "AI画图 AI生图 AI陪伴 AI记账 AI日记 AI笔记 AI搜索 AI老照片修复 AI漫画 AI壁纸 AI键盘 AI输入法 "
    "AI扫描 AI字幕 AI变声 AI口语 AI编程 AI设计 AI写真 AI相机 AI作曲 AI朗读 AI改写 AI总结 AI对话"
).split()
SUFFIXES = "神器 大师 助手 工具 生成器 专家 精灵 助理 宝 通 版 Pro 星球 工坊 社区".split()
ENG = (
    "Nova Genie Muse Pixel Dream Spark Echo Luna Aura Zen Mind Chatty Draw Sketch Vivid Magic Lens "
    "Wonder Bloom Orbit Atlas Fable Quill Prism Mosaic Canvas Lumi Neon Pulse Sage Nimbus Vega Astra "
    "Tidal Solace Kite Maple Cobalt Ember Halo Iris Juno Koala Lyric Mochi Noble Onyx"
).split()
ENG_FUNC = (
    "Chat Assistant|Art Generator|Photo Editor|AI Writer|AI Keyboard|Translator|Avatar Maker|"
    "Video Maker|Homework Helper|Voice Changer|Ask Anything|Image Creator|Note Taker|"
    "PDF Assistant|Story Maker|Face Swap|Headshot AI|Music Maker|Tutor|Scanner"
).split("|")
CITIES = "北京 上海 深圳 杭州 广州 成都 武汉 南京 厦门 西安 长沙 苏州 重庆 合肥 天津 郑州 福州 济南 珠海 东莞".split()
CITY_PY = (
    "Beijing Shanghai Shenzhen Hangzhou Guangzhou Chengdu Wuhan Nanjing Xiamen Xi'an Changsha "
    "Suzhou Chongqing Hefei Tianjin Zhengzhou Fuzhou Jinan Zhuhai Dongguan"
).split()
WORD_PY = (
    "Lingxi Miaobi Xingyu Moyan Zhihui Qingwu Yunque Zhiliao Wukong Baibian Qingyan Ciyuan "
    "Guangying Linggan Wanxiang Fanxing Shiguang Luming Qingning Jiguang Xinghe Yinhe Tianwen "
    "Zhiyin Yuanqi Mofang Shenbi Huajiang Qidian Weilai Mengjing Huanying Qianxun Bailing Songguo "
    "Hupo Feiyu Lanjing Qingniao Xuebao Yuanli Lingdong Huiyan Chuangxiang Koudai"
).split()
GIVEN = "志强 伟 静 敏 磊 洋 艳 勇 军 杰 娟 涛 明 超 秀兰 霞 平 刚 桂英 子轩 浩然 雨涵 梓涵 一诺 俊杰 晓东 海峰 建华".split()
FAMILY = "王 李 张 刘 陈 杨 黄 赵 吴 周 徐 孙 马 朱 胡 郭 何 高 林 罗 郑 梁 谢 宋 唐 许 韩 冯 邓 曹".split()
FILLER_REAL = [
    ("百度", "Beijing Baidu Netcom Science & Technology Co., Ltd."),
    ("美图秀秀", "厦门美图网科技有限公司"),
    ("醒图", "Beijing Yanxuan Technology Co., Ltd."),
]


def _developers(rng: np.random.Generator, n: int) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    while len(out) < n:
        k = rng.random()
        if k < 0.40:
            s = (
                f"{rng.choice(CITIES)}{rng.choice(BRANDS)}{rng.choice(['网络', '信息', '智能', '数字', '软件', ''])}"
                "科技有限公司"
            )
        elif k < 0.70:
            s = (
                f"{rng.choice(CITY_PY)} {rng.choice(WORD_PY)} "
                f"{rng.choice(['Network Technology', 'Information Technology', 'Technology', 'Software'])} Co., Ltd."
            )
        elif k < 0.85:
            s = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
        else:
            s = f"{rng.choice(ENG)} {rng.choice(['Labs LLC', 'Inc.', 'Limited', 'Pte. Ltd.', 'Studio Ltd.'])}"
        if s not in seen:
            seen.add(s)
            out.append(s)
    return out


def _app_names(rng: np.random.Generator, n: int, taken: set[str]) -> list[str]:
    out: list[str] = []
    seen = set(taken)
    while len(out) < n:
        k = rng.random()
        b, f, s = rng.choice(BRANDS), rng.choice(FUNCS), rng.choice(SUFFIXES)
        if k < 0.25:
            name = f"{b}{f}"
        elif k < 0.50:
            name = f"{b}-{f}{s}"
        elif k < 0.62:
            name = f"{f}{s}-{b}"
        elif k < 0.72:
            name = f"{b}AI"
        elif k < 0.80:
            name = f"{f}{s}"
        elif k < 0.90:
            name = f"{rng.choice(ENG)} AI - {rng.choice(ENG_FUNC)}"
        else:
            name = f"{rng.choice(ENG)}: {rng.choice(ENG_FUNC)}"
        if name in seen or any(name.startswith(p) for p in PROTECTED_PREFIXES):
            continue
        seen.add(name)
        out.append(name)
    return out


class Board:
    """Ranks per app per day, and how many apps hold each rank on each day."""

    def __init__(self) -> None:
        self.ranks: dict[str, list[int | None]] = {}
        self.dev: dict[str, str] = {}
        self.taken = np.zeros((ND, 4000), dtype=np.int16)

    def add(self, app: str, dev: str) -> None:
        assert app not in self.ranks, app
        self.ranks[app] = [None] * ND
        self.dev[app] = dev

    def put(self, app: str, day: int, rank: int, allow_tie: bool = False) -> None:
        assert self.ranks[app][day] is None, (app, DATES[day])
        if self.taken[day, rank] and not allow_tie:
            raise AssertionError(f"rank {rank} taken on {DATES[day]} ({app})")
        self.ranks[app][day] = int(rank)
        self.taken[day, rank] += 1

    def free(self, day: int, r: int) -> bool:
        return not self.taken[day, r]

    def nearest_free(self, day: int, want: float, lo: int, hi: int = 3999) -> int | None:
        want = int(round(min(max(want, lo), hi)))
        for k in range(0, 4000):
            if want - k < lo and want + k > hi:
                return None
            for r in (want - k, want + k):
                if lo <= r <= hi and not self.taken[day, r]:
                    return r
        return None


def _interp_log(anchors: list[tuple[int, float]], t: int, rng: np.random.Generator, noise: float) -> float:
    xs = [a[0] for a in anchors]
    v = float(np.interp(t, xs, [math.log(a[1]) for a in anchors]))
    if t not in xs:
        v += rng.normal(0, noise)
    return math.exp(v)


def _build_top(k_climbers: int, pool: list[str], seed: int) -> tuple[Board, dict]:
    """Ranks 1-10 of every day: the trio, 夸克, the reference's apps, regulars and climbers."""
    rng = np.random.default_rng(seed)
    B = Board()
    last = ND - 1
    for app, dev in [MJ, ZJ, UD, KK, *REGULARS]:
        B.add(app, dev)
    for app, dev, *_ in TABLE_RISERS:
        B.add(app, dev)
    for app, dev, _ in TABLE_NEW:
        B.add(app, dev)
    climbers = pool[:k_climbers]

    top3_orders = [(MJ, ZJ, UD), (ZJ, MJ, UD), (MJ, UD, ZJ), (UD, MJ, ZJ), (ZJ, UD, MJ)]
    weights = np.array([0.5, 0.2, 0.15, 0.1, 0.05])
    for t in range(ND):
        order = top3_orders[0] if t == 0 else top3_orders[rng.choice(len(top3_orders), p=weights)]
        if KK_RANKS[t] == 3:  # 夸克 takes third place; the trio's third goes to fourth
            for app, r in zip([order[0][0], order[1][0], KK[0], order[2][0]], [1, 2, 3, 4]):
                B.put(app, t, r)
        else:
            for i, (app, _) in enumerate(order):
                B.put(app, t, i + 1)
            B.put(KK[0], t, KK_RANKS[t])
    for app, _, path in TABLE_NEW:
        for t, r in enumerate(path):
            if r is not None and r <= 10:
                B.put(app, t, r, allow_tie=(t == last))
    for app, _, r0, best, bdate, cur, gone in TABLE_RISERS:
        B.put(app, d(bdate), best)
        if cur is not None and cur <= 10:
            # AI绘画师-AI画图生成器 and the new AI绘画师-二次元... both rank 7 on 05-09
            B.put(app, last, cur, allow_tie=True)

    crng = np.random.default_rng(seed + 1)
    r0s = sorted(int(x) for x in crng.choice(np.arange(12, 61), size=k_climbers, replace=False))
    sched: dict[str, set[int]] = {}
    for c in climbers:
        B.add(c, "")
        start = int(crng.integers(1, ND - 1))
        sched[c] = set(range(start, min(ND - 1, start + int(crng.integers(1, 4)))))
    for i, (a, _) in enumerate(REGULARS):
        B.put(a, 0, 5 + i)
    strength = {a: 6.0 - 0.5 * i for i, (a, _) in enumerate(REGULARS)}
    for t in range(1, ND):
        free = [r for r in range(1, 11) if B.free(t, r)]
        cands = [(strength[a] + rng.normal(0, 1.5), a) for a, _ in REGULARS]
        cands += [(float(rng.uniform(-1, 4)), c) for c in climbers if t in sched[c]]
        cands.sort(key=lambda x: -x[0])
        for (_, a), r in zip(cands, free):
            B.put(a, t, r)
    for c in climbers:  # a climber squeezed out of the Top 10 every scheduled day gets one more try
        if all(r is None or r > 10 for r in B.ranks[c]):
            for t in range(ND - 2, 0, -1):
                regs = [(B.ranks[a][t], a) for a, _ in REGULARS if B.ranks[a][t] and B.ranks[a][t] <= 10]
                if regs:
                    r, a = max(regs)
                    B.ranks[a][t] = None
                    B.ranks[c][t] = r
                    break
    for t in range(ND):
        assert all(B.taken[t, r] >= 1 for r in range(1, 11)), f"Top 10 not full on {DATES[t]}"
    core = [ZJ[0], UD[0], KK[0], *[a for a, _ in REGULARS]]
    base = {a: B.ranks[a][0] for a in core}
    n_core_risers = sum(min(r for r in B.ranks[a] if r is not None) < base[a] for a in core)
    return B, dict(climbers=climbers, r0s=r0s, n_core_risers=n_core_risers)


def _fill_day(
    B: Board, t: int, want: dict[str, float], r0_of: dict[str, int], risers: set[str], dip: dict[str, int]
) -> None:
    """Give the filler apps of day t dense ranks from 11 on, around their wanted ranks.

    Non-rising baseline apps never rank better than their baseline rank (lower bound); a rising
    app ranks better than its baseline rank on its dip day (upper bound). Ranks are handed out
    slot by slot: an app whose upper bound is the current slot goes first, otherwise the
    available app with the best wanted rank. Non-risers whose baseline rank lies below the end
    of the day's list drop out of that day's list.
    """
    n_ctrl = int((B.taken[t] > 0).sum())
    apps = dict(want)
    while True:
        n = n_ctrl + len(apps)
        drop = [a for a in apps if a in r0_of and a not in risers and r0_of[a] > n - 3]
        if not drop:
            break
        for a in drop:
            del apps[a]
    lo = {a: (r0_of[a] if a in r0_of and a not in risers else 11) for a in apps}
    hi = {a: (r0_of[a] - 1 if dip.get(a) == t else 10**6) for a in apps}
    by_lo = sorted(apps, key=lambda a: (lo[a], apps[a], a))
    i = 0
    avail: list[tuple[float, str]] = []
    dead: list[tuple[int, float, str]] = []
    done: set[str] = set()
    free_upto = np.cumsum(B.taken[t] == 0)  # free ranks <= r
    k = 10
    while len(done) < len(apps):
        k += 1
        if B.taken[t, k]:
            continue
        while i < len(by_lo) and lo[by_lo[i]] <= k:
            a = by_lo[i]
            heapq.heappush(avail, (apps[a], a))
            if hi[a] < 10**6:
                heapq.heappush(dead, (hi[a], apps[a], a))
            i += 1
        pending = sorted((h, a) for h, _, a in dead if a not in done)
        tight = any(
            free_upto[min(h, len(free_upto) - 1)] - free_upto[k - 1] <= j + 1 for j, (h, _) in enumerate(pending)
        )
        if tight:
            h, a = pending[0]
            assert h >= k, f"{a} cannot rank better than its baseline on {DATES[t]}"
        else:
            while avail and avail[0][1] in done:
                heapq.heappop(avail)
            if not avail:
                continue  # a gap: nothing may take this rank
            _, a = heapq.heappop(avail)
        B.put(a, t, k)
        done.add(a)


def build_app_ranks(seed: int = 20240509) -> pd.DataFrame:
    nrng = np.random.default_rng(seed + 7)
    controlled = {a for a, _ in [MJ, ZJ, UD, KK, *REGULARS]} | {x[0] for x in TABLE_RISERS} | {x[0] for x in TABLE_NEW}
    n_fill = N_BASELINE + N_NEW - len(controlled)  # 977
    pool = _app_names(nrng, n_fill - len(FILLER_REAL), controlled | {a for a, _ in FILLER_REAL})
    devs = _developers(nrng, 760)
    dev_of = {a: devs[int(i)] for a, i in zip(pool, nrng.integers(0, len(devs), len(pool)))}
    dev_of.update(dict(FILLER_REAL))

    for k in range(8, 28):
        B, info = _build_top(k, pool, seed)
        if info["n_core_risers"] + k == N_RISING_TOP10 - len(TABLE_RISERS):
            break
    else:
        raise AssertionError("no climber count fits")
    climbers, r0s = info["climbers"], info["r0s"]
    for c in climbers:
        B.dev[c] = dev_of[c]
    rng = np.random.default_rng(seed + 2)
    last = ND - 1

    # ---- exact ranks outside the Top 10 ------------------------------------------------------
    for app, _, path in TABLE_NEW:
        for t, r in enumerate(path):
            if r is not None and r > 10:
                B.put(app, t, r)
    for app, _, r0, best, bdate, cur, gone in TABLE_RISERS:
        B.put(app, 0, r0, allow_tie=True)  # 爱奇艺-哈哈AI版 and AI绘画师-AI画图生成器 both 105 on 04-09
        if cur is not None and cur > 10:
            B.put(app, last, cur)
    for c, r0 in zip(climbers, r0s):
        B.put(c, 0, r0)

    # ---- soft ranks of the controlled apps ---------------------------------------------------
    for app, _, r0, best, bdate, cur, gone in TABLE_RISERS:
        bd = d(bdate)
        end = d(gone) if gone else ND
        end_rank = cur if cur is not None else float(rng.uniform(35, 70))
        anchors = [(0, r0), (bd, best), (end - 1, end_rank)]
        if bd > 1:  # the climb gathers pace shortly before the best day
            anchors.insert(1, (bd - 1, float(rng.uniform(11, 16))))
        if end - 1 - bd > 2:
            anchors.insert(-1, (bd + 1, float(rng.uniform(12, 24))))
        anchors = sorted(dict(anchors).items())
        for t in range(1, end):
            if B.ranks[app][t] is not None:
                continue
            want = _interp_log(anchors, t, rng, 0.12)
            B.put(app, t, B.nearest_free(t, want, max(11, best + 1)))
    for app, _ in REGULARS:
        for t in range(ND):
            if B.ranks[app][t] is None:
                B.put(app, t, B.nearest_free(t, float(rng.uniform(11, 22)), 11))
    for c, r0 in zip(climbers, r0s):
        tops = [(t, r) for t, r in enumerate(B.ranks[c]) if t > 0 and r is not None]
        anchors = sorted(dict([(0, r0), *tops, (last, float(rng.uniform(14, 90)))]).items())
        for t in range(1, ND):
            if B.ranks[c][t] is None:
                B.put(c, t, B.nearest_free(t, _interp_log(anchors, t, rng, 0.10), 11))

    # ---- filler apps -------------------------------------------------------------------------
    rest = pool[len(climbers) :] + [a for a, _ in FILLER_REAL]
    order = nrng.permutation(len(rest))
    rest = [rest[i] for i in order]
    n_base_free = N_BASELINE - sum(1 for a in B.ranks if B.ranks[a][0] is not None)
    base_apps, new_apps = rest[:n_base_free], rest[n_base_free:]
    assert len(new_apps) == N_NEW - len(TABLE_NEW), len(new_apps)
    for a in rest:
        B.add(a, dev_of[a])
    r = 11
    r0_of: dict[str, int] = {}
    for a in base_apps:
        while not B.free(0, r):
            r += 1
        B.put(a, 0, r)
        r0_of[a] = r
    n_rise_needed = N_RISING - N_RISING_TOP10
    eligible = [a for a in base_apps if r0_of[a] >= 40]
    risers = set(rng.choice(eligible, size=n_rise_needed, replace=False).tolist())

    want: dict[str, list[float | None]] = {}
    dip: dict[str, int] = {}
    sig = 0.07
    for a in base_apps:
        r0 = r0_of[a]
        present = rng.random(ND) > 0.025
        present[0] = True
        if a in risers:
            while True:
                w = np.cumsum(rng.normal(-0.004, sig, ND - 1))
                path = np.r_[r0, r0 * np.exp(w)]
                ok = [t for t in range(1, ND) if present[t] and path[t] < r0 - 0.5 and path[t] >= 11]
                if ok:
                    break
            tdip = min(ok, key=lambda t: path[t])
            dip[a] = tdip
            if rng.random() < 0.08 and tdip < ND - 1:
                present[int(rng.integers(tdip + 1, ND)) :] = False
            present[tdip] = True
        else:
            w = np.cumsum(rng.normal(0.0, 0.045, ND - 1))
            path = np.r_[r0, r0 * np.exp(np.abs(w))]
            if rng.random() < 0.15:
                present[int(rng.integers(1, ND)) :] = False
        want[a] = [
            float(path[t]) if present[t] and (t == 0 or path[t] <= 980 or t == dip.get(a)) else None for t in range(ND)
        ]
    first_seen: dict[str, int] = {}
    for a in new_apps:
        f = int(rng.integers(1, ND))
        entry = float(rng.uniform(300, 900)) if rng.random() < 0.6 else float(rng.uniform(40, 300))
        w = np.r_[0, np.cumsum(rng.normal(-0.01, sig, ND - 1 - f))]
        present = rng.random(ND - f) > 0.025
        present[0] = True
        if rng.random() < 0.3 and ND - f > 2:
            present[int(rng.integers(1, ND - f)) :] = False
        want[a] = [None] * f + [float(entry * math.exp(w[i])) if present[i] else None for i in range(ND - f)]
        first_seen[a] = f
    for t in range(1, ND):
        _fill_day(B, t, {a: w[t] for a, w in want.items() if w[t] is not None}, r0_of, risers, dip)

    # ---- to rows -----------------------------------------------------------------------------
    orng = np.random.default_rng(seed + 3)
    rows = []
    for a, rs in B.ranks.items():
        lo_hi = OVERALL.get(a)
        ov = None
        if lo_hi:
            lo, hi = lo_hi
            ov = (
                np.clip(np.exp(np.log((lo + hi) / 2) + np.cumsum(orng.normal(0, 0.06, ND))), lo, hi).round().astype(int)
            )
        for t, r in enumerate(rs):
            if r is None:
                continue
            rows.append((DATES[t], KEYWORD, a, B.dev[a], r, int(ov[t]) if ov is not None else None))
    df = pd.DataFrame(rows, columns=["date", "keyword", "app", "developer", "rank", "overall_rank"])
    df["overall_rank"] = df["overall_rank"].astype("Int64")
    df["synthetic"] = "true"
    return df.sort_values(["date", "rank", "app"], kind="stable").reset_index(drop=True)


# ----------------------------------------------------------------------------------------------
# app_ranks: the statistics the system computes (used here as a self-check)
# ----------------------------------------------------------------------------------------------


def app_stats(df: pd.DataFrame) -> dict:
    dates = sorted(df["date"].unique())
    first, lastd = dates[0], dates[-1]
    base = df[df["date"] == first].set_index("app")["rank"]
    cur = df[df["date"] == lastd].set_index("app")["rank"]
    g = df.groupby("app")
    best = g["rank"].min()
    fs = g["date"].min()
    new = sorted(set(df["app"]) - set(base.index))
    new_top = [a for a in new if best[a] <= 10]
    rise = base - best[base.index]
    risers = rise[rise > 0]
    rt = [a for a in risers.index if best[a] <= 10]

    def best_date(a):
        s = df[(df["app"] == a)]
        return s[s["rank"] == best[a]]["date"].min()

    table = sorted(rt, key=lambda a: (-risers[a], a))[:10]
    top3 = df[df["rank"] <= 3].groupby("app").size().sort_values(ascending=False)
    return dict(
        n_new=len(new),
        new_top=sorted(new_top, key=lambda a: (best[a], fs[a], a)),
        new_top_rows=[(a, best[a], cur.get(a), fs[a]) for a in sorted(new_top, key=lambda a: (best[a], fs[a], a))],
        n_rising=len(risers),
        n_rising_top10=len(rt),
        n_rising_top10_listed=sum(a in cur.index for a in rt),
        rise_table=[(a, int(risers[a]), cur.get(a), int(best[a]), best_date(a)) for a in table],
        next_rise=max([int(risers[a]) for a in rt if a not in table], default=None),
        top3_counts=top3.head(6).to_dict(),
    )


# ----------------------------------------------------------------------------------------------
# index_prices and stock_prices
# ----------------------------------------------------------------------------------------------

START, END, BASE_DAY = "2022-01-04", "2024-05-09", "2024-03-29"

INDICES = [  # code, name, target period return, start level, beta, idio sd, drift segments (from, annual drift)
    (
        "801750.SI",
        "计算机行业指数",
        -0.0720,
        5650.0,
        1.25,
        0.011,
        [
            ("2022-01-04", -0.5),
            ("2022-04-27", 0.35),
            ("2022-08-20", -0.45),
            ("2022-11-01", 0.25),
            ("2023-01-01", 1.35),
            ("2023-06-21", -0.55),
            ("2024-01-01", -2.2),
            ("2024-02-06", 1.6),
        ],
    ),
    (
        "801760.SI",
        "传媒行业指数",
        -0.0930,
        620.0,
        1.05,
        0.012,
        [
            ("2022-01-04", -0.35),
            ("2022-04-27", 0.2),
            ("2022-08-20", -0.35),
            ("2022-11-01", 0.45),
            ("2023-01-01", 1.6),
            ("2023-05-10", -0.5),
            ("2024-01-01", -2.0),
            ("2024-02-06", 1.4),
        ],
    ),
    (
        "931441.CSI",
        "AI50指数",
        -0.0650,
        1480.0,
        1.35,
        0.013,
        [
            ("2022-01-04", -0.45),
            ("2022-04-27", 0.4),
            ("2022-08-20", -0.5),
            ("2022-11-01", 0.3),
            ("2023-01-01", 1.7),
            ("2023-06-21", -0.6),
            ("2024-01-01", -2.3),
            ("2024-02-06", 1.7),
        ],
    ),
]

# (code, name, target period return or None, price on 2024-03-29)
COMPUTER = [
    ("0020.HK", "商汤-W", 0.6150, 1.12),
    ("003029.SZ", "吉大正元", 0.4270, 14.6),
    ("002835.SZ", "同为股份", 0.3380, 17.9),
    ("688109.SH", "品茗股份", 0.2860, 41.3),
    ("9698.HK", "万国数据-SW", 0.2310, 11.9),
    ("300020.SZ", "*ST银江", -0.6420, 2.35),
    ("300799.SZ", "*ST左江", -0.5570, 48.2),
    ("600083.SH", "*ST博信", -0.4830, 5.96),
    ("301153.SZ", "中科江南", -0.4090, 19.8),
    ("000971.SZ", "*ST高升", -0.3460, 1.58),
    ("002230.SZ", "科大讯飞", None, 46.1),
    ("688111.SH", "金山办公", None, 302.0),
    ("600588.SH", "用友网络", None, 11.2),
    ("600570.SH", "恒生电子", None, 24.6),
    ("603019.SH", "中科曙光", None, 38.5),
    ("000977.SZ", "浪潮信息", None, 35.9),
    ("002415.SZ", "海康威视", None, 32.4),
    ("600845.SH", "宝信软件", None, 43.7),
    ("300454.SZ", "深信服", None, 61.2),
    ("002410.SZ", "广联达", None, 10.3),
    ("300033.SZ", "同花顺", None, 131.0),
    ("601360.SH", "三六零", None, 8.9),
    ("300229.SZ", "拓尔思", None, 19.7),
    ("300624.SZ", "万兴科技", None, 64.8),
    ("000938.SZ", "紫光股份", None, 21.4),
    ("600536.SH", "中国软件", None, 31.2),
    ("002368.SZ", "太极股份", None, 24.9),
    ("000034.SZ", "神州数码", None, 27.3),
    ("002439.SZ", "启明星辰", None, 20.1),
    ("688561.SH", "奇安信-U", None, 33.6),
    ("301236.SZ", "软通动力", None, 45.2),
    ("300339.SZ", "润和软件", None, 18.4),
    ("002362.SZ", "汉王科技", None, 22.7),
    ("688327.SH", "云从科技-UW", None, 13.5),
    ("688787.SH", "海天瑞声", None, 78.3),
    ("603859.SH", "能科科技", None, 29.6),
    ("300253.SZ", "卫宁健康", None, 6.4),
    ("300496.SZ", "中科创达", None, 52.7),
    ("002405.SZ", "四维图新", None, 8.2),
    ("688088.SH", "虹软科技", None, 30.4),
]
MEDIA = [
    ("002264.SZ", "新华都", 0.5480, 5.12),
    ("002712.SZ", "思美传媒", 0.4190, 6.05),
    ("002605.SZ", "姚记科技", 0.3270, 19.3),
    ("001330.SZ", "博纳影业", 0.2590, 5.48),
    ("002517.SZ", "恺英网络", 0.2080, 12.4),
    ("002699.SZ", "*ST美盛", -0.6780, 2.21),
    ("300280.SZ", "紫天科技", -0.5020, 36.5),
    ("600715.SH", "*ST文投", -0.4470, 1.41),
    ("603729.SH", "龙韵股份", -0.3810, 16.2),
    ("300533.SZ", "冰川网络", -0.3240, 21.8),
    ("300413.SZ", "芒果超媒", None, 23.9),
    ("002027.SZ", "分众传媒", None, 6.6),
    ("002555.SZ", "三七互娱", None, 16.8),
    ("002624.SZ", "完美世界", None, 10.9),
    ("002602.SZ", "世纪华通", None, 4.1),
    ("300418.SZ", "昆仑万维", None, 41.5),
    ("002739.SZ", "万达电影", None, 12.7),
    ("300251.SZ", "光线传媒", None, 8.3),
    ("300364.SZ", "中文在线", None, 21.6),
    ("300058.SZ", "蓝色光标", None, 8.8),
    ("600633.SH", "浙数文化", None, 9.4),
    ("603533.SH", "掌阅科技", None, 19.5),
    ("300781.SZ", "因赛集团", None, 35.7),
    ("000681.SZ", "视觉中国", None, 12.1),
    ("300785.SZ", "值得买", None, 25.3),
    ("300182.SZ", "捷成股份", None, 4.3),
    ("002558.SZ", "巨人网络", None, 10.6),
    ("603444.SH", "吉比特", None, 198.0),
    ("601928.SH", "凤凰传媒", None, 9.7),
    ("601098.SH", "中南传媒", None, 13.4),
    ("603000.SH", "人民网", None, 24.8),
    ("603888.SH", "新华网", None, 27.6),
    ("601595.SH", "上海电影", None, 23.1),
    ("300133.SZ", "华策影视", None, 6.9),
    ("600556.SH", "天下秀", None, 6.2),
    ("002400.SZ", "省广集团", None, 5.9),
    ("603258.SH", "电魂网络", None, 17.4),
    ("300031.SZ", "宝通科技", None, 13.6),
]
# Universe edge cases, fictional names and placeholder codes: one suspended over the end of the
# period (last row 2024-04-18), one listed after 2024-03-29 (first row 2024-04-11).
EDGE = {
    "计算机": [("301691.SZ", "衡云数智", "suspended", 16.8), ("301692.SZ", "启元智算", "listed", 28.5)],
    "传媒": [("301693.SZ", "星汉文娱", "suspended", 9.2), ("301694.SZ", "青禾互动", "listed", 22.4)],
}
START_PRICE = {"0020.HK": 4.62, "9698.HK": 44.9}  # rough levels in January 2022
SUSPEND_LAST, LIST_FIRST = "2024-04-18", "2024-04-11"


def _calendar(csi: pd.DataFrame) -> pd.DataFrame:
    c = csi[(csi["date"] >= START) & (csi["date"] <= END)].reset_index(drop=True)
    assert c["date"].iloc[0] == START and c["date"].iloc[-1] == END
    return c


def _drift(dates: pd.Series, segs) -> np.ndarray:
    out = np.zeros(len(dates))
    for i, (start, ann) in enumerate(segs):
        stop = segs[i + 1][0] if i + 1 < len(segs) else "9999"
        out[(dates >= start).values & (dates < stop).values] = ann / 244
    return out


def _fit_period(lr: np.ndarray, dates: pd.Series, target: float) -> np.ndarray:
    """Shift the daily log returns after BASE_DAY so that the period return equals target."""
    lr = lr.copy()
    p = (dates > BASE_DAY).values
    lr[p] += (math.log1p(target) - lr[p].sum()) / p.sum()
    return lr


def _closes(lr: np.ndarray, dates: pd.Series, base_level: float, target: float | None, nd: int = 2) -> np.ndarray:
    lvl = np.exp(np.cumsum(lr))
    b = int(np.flatnonzero((dates == BASE_DAY).values)[0])
    c = lvl / lvl[b] * base_level
    c = np.round(c, nd)
    if target is not None:  # exact on the last day, to the price's own precision
        c[-1] = round(c[b] * (1 + target), nd)
    return c


def build_indices(csi: pd.DataFrame, seed: int = 20240401) -> tuple[pd.DataFrame, dict]:
    rng = np.random.default_rng(seed)
    cal = _calendar(csi)
    dates = cal["date"]
    csi_lr = np.r_[0.0, np.diff(np.log(cal["close"].to_numpy()))]
    frames = [cal.assign(synthetic="false")[["date", "code", "name", "close", "synthetic"]]]
    lrs = {}
    for code, name, target, start, beta, sd, segs in INDICES:
        lr = beta * csi_lr + _drift(dates, segs) + rng.normal(0, sd, len(dates))
        lr[0] = 0.0
        lr = _fit_period(lr, dates, target)
        lvl = start * np.exp(np.cumsum(lr))
        b = int(np.flatnonzero((dates == BASE_DAY).values)[0])
        close = _closes(lr, dates, round(float(lvl[b]), 2), target)
        lrs[name] = np.r_[0.0, np.diff(np.log(close))]
        frames.append(pd.DataFrame({"date": dates, "code": code, "name": name, "close": close, "synthetic": "true"}))
    return pd.concat(frames, ignore_index=True), lrs


def _others_targets(rng, n: int, mean: float, lo: float, hi: float) -> list[float]:
    out: list[float] = []
    while len(out) < n:
        x = round(float(rng.normal(mean, 0.075)), 4)
        if lo <= x <= hi and all(abs(x - y) >= 0.0005 for y in out):
            out.append(x)
    return out


def build_stocks(cal_dates: pd.Series, ind_lr: dict, seed: int = 20240402) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    frames = []
    universes = [
        ("计算机", COMPUTER, ind_lr["计算机行业指数"], -0.075, -0.25, 0.16),
        ("传媒", MEDIA, ind_lr["传媒行业指数"], -0.095, -0.28, 0.15),
    ]
    for industry, stocks, factor, mean, lo, hi in universes:
        n_others = sum(1 for s in stocks if s[2] is None)
        others = iter(_others_targets(rng, n_others, mean, lo, hi))
        entries = [(c, n, t if t is not None else next(others), p, "normal") for c, n, t, p in stocks]
        entries += [(c, n, float(rng.uniform(-0.12, 0.04)), p, kind) for c, n, kind, p in EDGE[industry]]
        for code, name, target, price, kind in entries:
            beta = float(rng.uniform(0.7, 1.3))
            sd = float(rng.uniform(0.012, 0.024))
            if code.endswith(".HK"):
                beta *= 0.6
            x = np.zeros(len(cal_dates))  # idiosyncratic part: mean-reverting around a trend
            eps = rng.normal(0, sd, len(cal_dates))
            for j in range(1, len(x)):
                x[j] = 0.985 * x[j - 1] + eps[j]
            trend = float(rng.normal(0, 0.25)) / len(cal_dates)
            lr = beta * factor + np.r_[0.0, np.diff(x)] + trend
            lr[0] = 0.0
            if code in START_PRICE:  # bridge to a start level near the real one
                pre = (cal_dates <= BASE_DAY).to_numpy().copy()
                pre[0] = False
                lr[pre] += (math.log(price / START_PRICE[code]) - lr[pre].sum()) / pre.sum()
            lr = _fit_period(lr, cal_dates, target)
            close = _closes(lr, cal_dates, price, target)
            df = pd.DataFrame(
                {
                    "date": cal_dates,
                    "code": code,
                    "name": name,
                    "close": close,
                    "industry": industry,
                    "synthetic": "true",
                }
            )
            if kind == "suspended":
                df = df[df["date"] <= SUSPEND_LAST]
            elif kind == "listed":
                df = df[df["date"] >= LIST_FIRST]
            frames.append(df)
    return pd.concat(frames, ignore_index=True)


# ----------------------------------------------------------------------------------------------
# notes
# ----------------------------------------------------------------------------------------------

NOTES_APP_RANKS = """# app_ranks (demo) — notes

Every row is **synthetic** (`synthetic=true`): no real 七麦数据 export is bundled. The panel is
built so that the system's definitions reproduce what the reference report (图表11–13, data as of
2024-05-09 22:00, keyword "ai应用") states.

## From the reference
- Keyword `ai应用`; window 2024-04-09 .. 2024-05-09 (31 daily snapshots); the baseline is the
  2024-04-09 snapshot (the last snapshot on or before the window's start).
- Top-3 apps of the month: MJ中文极速版, AI照见未来, AI绘画Unidream (they hold ranks 1–3 on
  nearly every day); 夸克 sits around rank 4 in April and slides from 2024-05-01 to rank 29 on
  2024-05-09.
- 107 new apps (absent from the baseline, present later); 462 rising apps (in the baseline, best
  rank in the window better than the baseline rank); 35 risers reached the Top 10 and are still
  listed on 2024-05-09.
- 图表12 (3 rows: app, developer, rank on 2024-05-09, first seen) and 图表13 (10 rows: app,
  developer, rise, rank on 2024-05-09, best rank, first date of the best rank) exactly.
  Baseline ranks follow as rise + best rank (e.g. 141 + 7 = 148).

## Invented
- Full app and developer names behind the report's truncated ones (each starts with the printed
  prefix): 政务-移动办事通 / Guangzhou Miracle Tech Co., Ltd.; AI绘画-筑梦AI绘画生成器;
  脸猫-AI绘画头像生成 / Chongqing Fengyun Network Technology Co., Ltd.; AIA Connect / AIA
  International Limited; 爱奇艺-哈哈AI版; AI绘画师-AI画图生成器 / ZFERRY GROUP LTD. (riser);
  AI绘画师-二次元动漫头像生成 (new app, same developer, a different app); 嗨弄键盘-AI聊天输入法;
  知晓通-AI绘画写作助手; 捏Ta AI画编程创作社区 / Kanjian Gainian (Shanghai) Technology Co., Ltd.
- Every other app, developer and rank, and all `overall_rank` values (filled only for a handful of
  well-known apps such as 夸克, WPS Office, 豆包, 百度; empty otherwise). Some real app names (豆包,
  Kimi智能助手, 文心一言, 通义千问, 讯飞星火, 智谱清言, 百度, 美图秀秀, 醒图) appear with made-up ranks.
- Snapshot size: the baseline snapshot lists 893 apps (1,000 distinct apps in all = 893 + 107 new);
  later snapshots list 745–863 (apps drop off the bottom, a few skip a day, new apps come in). A
  snapshot of only a few hundred apps is impossible: all 462 rising apps must be in the baseline
  snapshot. Within a day, ranks run 1..n without gaps; the only ties are the two below.
- Snapshot times (the report's "22:00") are not modelled: one snapshot per date.

## Discrepancies
- **Top-10 new apps: 2 or 3.** The report's text says 2 new apps reached the Top 10, but its
  table (图表12) lists 3, one of which (知晓通-AI绘画…) has no current rank. The data reads it
  this way: `reached_top10` counts the new apps that reached the Top 10 *and are still listed on the
  window's last day* (2: AI绘画师-二次元… and 捏Ta AI画编程…); the table lists all 3 that reached the
  Top 10, the dropped one with an empty current rank. Best ranks 4, 8 and 9 give the table's order
  (best rank ascending, then first seen, then app).
- **Top-10 risers: 35 + 2.** Likewise 35 is the count of risers that reached the Top 10 and are
  listed on 2024-05-09; WPS Office and 爱奇艺-哈… also reached it (table rows 5 and 8, empty current
  rank), 37 in all. All other Top-10 risers rose by less than 73.
- **Ties.** The report's figures force two ties, which the data keeps: AI绘画师-AI画图生成器 and
  AI绘画师-二次元动漫头像生成 both rank 7 on 2024-05-09 (current rank 7 in both tables), and
  爱奇艺-哈哈AI版 and AI绘画师-AI画图生成器 both rank 105 on 2024-04-09 (100 + 5 = 99 + 6 = 105).
- The report gives the best-rank date but not which rank an app held on other days; the daily
  paths around the reported points are invented.
"""

NOTES_INDEX = """# index_prices (demo) — notes

- **Real:** 沪深300 (000300.SH), `synthetic=false`: daily closes copied unchanged from
  `csi300-daily.csv` (public repository LiuZesensengsheng/gupiao, `data/000300.SH.csv`), trading days
  2022-01-04 .. 2024-05-09. Checks: 3537.48 on 2024-03-29, 3664.56 on 2024-05-09. This series also
  defines the trading calendar of every demo market file.
- **Synthetic** (`synthetic=true`): 计算机行业指数 (801750.SI), 传媒行业指数 (801760.SI) and
  AI50指数 (931441.CSI). Each is made of the CSI 300's daily returns times a beta, plus a made-up trend
  (2022 decline, the 2023 AI rally, the January 2024 sell-off and the February rebound) and noise.
  Levels are invented and are not the real index levels.
- **From the reference:** the period returns 2024-04-01 .. 2024-05-09 (close on 2024-05-09 over the
  close on 2024-03-29, the last trading day before the period, minus 1): 计算机 −7.2%, AI50 −6.5%,
  传媒 −9.3%. The data gives −0.0720, −0.0650 and −0.0930 at four decimals.
- Discrepancies: none known beyond the levels and paths being synthetic.
"""

NOTES_STOCKS = """# stock_prices (demo) — notes

- Every close is **synthetic** (`synthetic=true`); names and codes are real A-share/HK listings in the
  computer (计算机, 40 + 2) and media (传媒, 40 + 2) universes, with the names they carried in
  April–May 2024 (e.g. the *ST prefixes) used for the whole series. Closes are made-up "adjusted"
  prices around plausible levels, driven by the synthetic industry index plus noise; they are not the
  real prices. HK listings (商汤-W 0020.HK, 万国数据-SW 9698.HK) use the A-share trading calendar
  (that of the CSI 300 file) for simplicity.
- **From the reference:** the top-5 gainers and losers over 2024-04-01 .. 2024-05-09 (close on
  2024-05-09 over the close on 2024-03-29, minus 1), in order — 计算机: gainers 商汤-W, 吉大正元,
  同为股份, 品茗股份, 万国数据-SW; losers *ST银江, *ST左江, *ST博信, 中科江南, *ST高升. 传媒: gainers
  新华都, 思美传媒, 姚记科技, 博纳影业, 恺英网络; losers *ST美盛, 紫天科技, *ST文投, 龙韵股份, 冰川网络.
  The report gives no return figures for them: the returns here are invented, with clear gaps.
- **Universe edge cases (fictional names, placeholder codes 301691–301694.SZ):** per industry one
  stock suspended over the end of the period (衡云数智, 星汉文娱: last row 2024-04-18, no close on
  2024-05-09) and one listed after 2024-03-29 (启元智算, 青禾互动: first row 2024-04-11, no close at
  the start). The system leaves them out of the ranking and names them in a note; their returns are
  unremarkable.
- Discrepancies: none with the reference; the report does not state the universe size.
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reference", type=Path, default=REFERENCE, help="the reference folder (default: %(default)s)")
    ap.add_argument("--csi300", type=Path, help="the CSI 300 closes (default: REFERENCE/market/csi300-daily.csv)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args()
    args.csi300 = args.csi300 or args.reference / "market" / "csi300-daily.csv"
    if not args.csi300.is_file():
        ap.error(
            f"no CSI 300 file at {args.csi300}: name the reference folder with --reference DIR (or the file with --csi300)"
        )
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)

    apps = build_app_ranks()
    st = app_stats(apps)
    assert st["n_new"] == N_NEW and st["n_rising"] == N_RISING, st
    assert st["n_rising_top10_listed"] == 35 and st["n_rising_top10"] == N_RISING_TOP10, st
    apps.to_csv(out / "app_ranks.csv", index=False, encoding="utf-8")
    (out / "app_ranks.notes.md").write_text(NOTES_APP_RANKS, encoding="utf-8")

    csi = pd.read_csv(args.csi300, dtype={"date": str, "code": str, "name": str, "close": str})
    csi_num = csi.assign(close=csi["close"].astype(float))
    idx, lrs = build_indices(csi_num)
    # real closes copied as printed in the source file
    real = csi[(csi["date"] >= START) & (csi["date"] <= END)]
    idx["close"] = idx["close"].map(lambda x: f"{x:.2f}")
    idx.loc[idx["code"] == "000300.SH", "close"] = real["close"].to_numpy()
    idx.to_csv(out / "index_prices.csv", index=False, encoding="utf-8")
    (out / "index_prices.notes.md").write_text(NOTES_INDEX, encoding="utf-8")

    cal_dates = _calendar(csi_num)["date"]
    stocks = build_stocks(cal_dates, lrs)
    stocks["close"] = stocks["close"].map(lambda x: f"{x:.2f}")
    stocks.to_csv(out / "stock_prices.csv", index=False, encoding="utf-8")
    (out / "stock_prices.notes.md").write_text(NOTES_STOCKS, encoding="utf-8")
    for f in ["app_ranks.csv", "index_prices.csv", "stock_prices.csv"]:
        print(f, (out / f).stat().st_size, "bytes")


if __name__ == "__main__":
    main()
