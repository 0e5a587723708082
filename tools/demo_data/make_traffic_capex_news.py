#!/usr/bin/env python3
"""Generate the bundled demo data: traffic, capex, announcements and news.

Deterministic (no randomness, no network). Writes into src/aimonthly/demo/data/:
  traffic.csv, capex.csv, announcements.csv, news.jsonl and one <dataset>.notes.md each.

The figures stated in the reference report (seed-report-2024-04.txt, listed in seed-facts.yaml)
are kept exactly; every other value is synthetic. A few "balancing" values are solved here so the
reference's aggregates (category shares, Top-20 month-over-month totals) come out exactly.
Run: python3 tools/demo_data/make_traffic_capex_news.py   (stdlib only)
Check: tools/demo_data/check_traffic_capex.py
"""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "src" / "aimonthly" / "demo" / "data"

MONTH, PREV = "2024-04", "2024-03"
PLUG = "PLUG"
NEW = None  # no row in the previous month (new entrant)


def m(x: float) -> int:
    """Millions (given with at most 3 decimals) to an integer count."""
    return int(round(x * 1_000_000))


# --------------------------------------------------------------------------------------------
# traffic
# Each row: product, company, category, April visits (millions, or PLUG), April month-over-month
# (fraction, NEW, or PLUG), April avg duration (minutes), domain.
# PLUG visits: solved so the category's share of the Top-50 total is exact.
# PLUG mom: solved so the Top-20 total month-over-month is exact.
# --------------------------------------------------------------------------------------------

GLOBAL_TOTAL = 7_200_000_000
GLOBAL_SHARES = {  # share of the Top-50's visits; the first three (and the 3%~5% band) are the reference's
    "聊天机器人": Decimal("0.353"),
    "智慧搜索": Decimal("0.249"),
    "设计工具": Decimal("0.087"),
    "翻译": Decimal("0.044"),
    "写作与文本": Decimal("0.038"),
    "娱乐": Decimal("0.036"),
    "图片图像": Decimal("0.040"),
    "教育": Decimal("0.035"),
    "金融": Decimal("0.032"),
    "音乐": Decimal("0.010"),
    "视频": Decimal("0.022"),
    "开发者工具": Decimal("0.020"),
    "办公效率": Decimal("0.022"),
    "语音": Decimal("0.012"),
}
GLOBAL_APR = [
    # 聊天机器人
    ("ChatGPT", "OpenAI", "聊天机器人", 1800.0, PLUG, 13.52, "chat.openai.com"),
    ("Gemini", "Google", "聊天机器人", 318.4, 0.062, 7.85, "gemini.google.com"),
    ("Character.AI", "Character Technologies", "聊天机器人", 180.0, -0.031, 15.87, "character.ai"),
    ("JanitorAI", "JanitorAI", "聊天机器人", 94.3, 0.4255, 16.40, "janitorai.com"),
    ("Claude", "Anthropic", "聊天机器人", PLUG, 0.118, 6.73, "claude.ai"),
    ("Poe", "Quora", "聊天机器人", 36.7, -0.052, 8.14, "poe.com"),
    ("SpicyChat.AI", "SpicyChat", "聊天机器人", 27.5, 0.214, 17.82, "spicychat.ai"),
    ("Meta AI", "Meta", "聊天机器人", 24.3, NEW, 5.21, "meta.ai"),
    ("Kimi.ai", "月之暗面 (Moonshot AI)", "聊天机器人", 21.052, 0.6060, 7.96, "kimi.moonshot.cn"),
    # 智慧搜索
    ("Bing", "Microsoft", "智慧搜索", 1485.0, 0.018, 7.02, "bing.com"),
    ("Copilot", "Microsoft", "智慧搜索", 168.5, 0.087, 6.14, "copilot.microsoft.com"),
    ("Perplexity", "Perplexity AI", "智慧搜索", PLUG, 0.192, 9.37, "perplexity.ai"),
    ("You.com", "You.com", "智慧搜索", 34.6, -0.074, 5.26, "you.com"),
    ("Phind", "Phind", "智慧搜索", 22.4, 0.035, 8.92, "phind.com"),
    # 设计工具
    ("Canva", "Canva", "设计工具", PLUG, 0.024, 10.84, "canva.com"),
    ("Framer", "Framer", "设计工具", 26.3, 0.057, 9.63, "framer.com"),
    ("Microsoft Designer", "Microsoft", "设计工具", 19.6, 0.163, 5.48, "designer.microsoft.com"),
    # 翻译
    ("DeepL", "DeepL SE", "翻译", PLUG, 0.013, 6.85, "deepl.com"),
    ("Immersive Translate", "沉浸式翻译 (Immersive Translate)", "翻译", 22.1, 0.147, 4.12, "immersivetranslate.com"),
    # 写作与文本
    ("QuillBot", "Learneo", "写作与文本", 152.6, -0.021, 9.16, "quillbot.com"),
    ("Scribbr", "Scribbr", "写作与文本", 58.3, -0.043, 5.38, "scribbr.com"),
    ("GPTZero", "GPTZero", "写作与文本", PLUG, 0.071, 4.67, "gptzero.me"),
    # 娱乐
    ("Perchance", "Perchance", "娱乐", 99.6, 0.047, 12.83, "perchance.org"),
    ("Chai", "Chai Research", "娱乐", 48.1, -0.062, 13.21, "chai-research.com"),
    ("yodayo", "Yodayo", "娱乐", 44.2, 0.128, 20.66, "yodayo.com"),
    ("NovelAI", "Anlatan", "娱乐", PLUG, 0.026, 14.42, "novelai.net"),
    # 图片图像
    ("Civitai", "Civitai", "图片图像", 71.8, 0.094, 11.87, "civitai.com"),
    ("remove.bg", "Kaleido AI (Canva)", "图片图像", 63.2, -0.036, 3.41, "remove.bg"),
    ("Leonardo.ai", "Leonardo Interactive", "图片图像", 52.5, 0.083, 10.26, "leonardo.ai"),
    ("Photoroom", "Photoroom", "图片图像", 44.7, 0.052, 6.12, "photoroom.com"),
    ("Midjourney", "Midjourney", "图片图像", PLUG, -0.058, 9.84, "midjourney.com"),
    # 教育
    ("Brainly", "Brainly", "教育", 96.8, 0.021, 4.86, "brainly.com"),
    ("Quizlet", "Quizlet", "教育", 71.4, -0.088, 7.73, "quizlet.com"),
    ("Course Hero", "Learneo", "教育", PLUG, -0.065, 6.29, "coursehero.com"),
    # 金融
    ("InvestingPro", "Investing.com", "金融", 171.5, 0.031, 8.47, "investing.com"),
    ("TipRanks", "TipRanks", "金融", PLUG, 0.044, 5.93, "tipranks.com"),
    # 音乐
    ("Suno", "Suno", "音乐", PLUG, 0.3570, 7.34, "suno.com"),
    ("Udio", "Udio", "音乐", 21.7, NEW, 6.58, "udio.com"),
    # 视频
    ("HeyGen", "HeyGen", "视频", 42.3, 0.112, 6.91, "heygen.com"),
    ("Runway", "Runway AI", "视频", 38.6, -0.027, 7.18, "runwayml.com"),
    ("Invideo", "InVideo", "视频", 33.2, 0.064, 5.77, "invideo.io"),
    ("Pika", "Pika Labs", "视频", PLUG, -0.112, 4.36, "pika.art"),
    # 开发者工具
    ("Hugging Face", "Hugging Face", "开发者工具", 52.6, 0.038, 6.54, "huggingface.co"),
    ("Blackbox AI", "Blackbox", "开发者工具", 41.9, 0.176, 7.62, "blackbox.ai"),
    ("Replit", "Replit", "开发者工具", PLUG, 0.022, 11.38, "replit.com"),
    # 办公效率
    ("Gamma", "Gamma Tech", "办公效率", 61.3, 0.138, 8.77, "gamma.app"),
    ("ChatPDF", "ChatPDF", "办公效率", 38.7, -0.018, 6.03, "chatpdf.com"),
    ("Liner", "Liner", "办公效率", PLUG, 0.057, 5.44, "getliner.com"),
    # 语音
    ("ElevenLabs", "ElevenLabs", "语音", 49.1, 0.096, 7.29, "elevenlabs.io"),
    ("Speechify", "Speechify", "语音", PLUG, 0.031, 10.07, "speechify.com"),
]
# In March's Top 50 but not April's (dropped out): product, company, category, March visits (M), duration, domain
GLOBAL_MAR_ONLY = [
    ("Tome", "Magical Tome", "办公效率", 24.8, 7.06, "tome.app"),
    ("Writesonic", "Writesonic", "写作与文本", 23.4, 5.12, "writesonic.com"),
]
GLOBAL_TOP20_MOM = Decimal("0.0270")
GLOBAL_MOM_PLUG = "ChatGPT"

DOMESTIC_TOTAL = 112_000_000
DOMESTIC_SHARES = {"个人聊天与助手": Decimal("0.475"), "智慧搜索": Decimal("0.128"), "翻译": Decimal("0.101")}
DOMESTIC_OTHER_PLUG = "讯飞听见"  # absorbs the rest so the total is exact
DOMESTIC_APR = [
    # 个人聊天与助手
    ("Kimi", "月之暗面", "个人聊天与助手", 19.57, 0.095, 8.12, "kimi.moonshot.cn"),
    ("文心一言", "百度", "个人聊天与助手", 16.84, PLUG, 7.46, "yiyan.baidu.com"),
    ("通义千问", "阿里巴巴", "个人聊天与助手", 6.42, -0.087, 6.93, "tongyi.aliyun.com"),
    ("智谱清言", "智谱AI", "个人聊天与助手", 3.86, -0.052, 7.21, "chatglm.cn"),
    ("讯飞星火", "科大讯飞", "个人聊天与助手", 2.31, -0.112, 6.47, "xinghuo.xfyun.cn"),
    ("豆包", "字节跳动", "个人聊天与助手", PLUG, 0.276, 5.84, "doubao.com"),
    ("百川大模型", "百川智能", "个人聊天与助手", 0.78, 0.062, 4.96, "baichuan-ai.com"),
    ("海螺问问", "MiniMax", "个人聊天与助手", 0.52, 0.093, 5.12, "hailuoai.com"),
    ("腾讯混元助手", "腾讯", "个人聊天与助手", 0.47, 0.038, 4.58, "hunyuan.tencent.com"),
    ("商量SenseChat", "商汤科技", "个人聊天与助手", 0.33, -0.117, 4.21, "chat.sensetime.com"),
    # 智慧搜索
    ("秘塔AI搜索", "秘塔科技", "智慧搜索", 10.09, -0.046, 5.73, "metaso.cn"),
    ("天工AI", "昆仑万维", "智慧搜索", PLUG, 1.2030, 6.38, "tiangong.cn"),
    ("360AI搜索", "360集团", "智慧搜索", 0.86, 0.214, 4.27, "so.com"),
    ("开搜AI", "开搜", "智慧搜索", 0.43, NEW, 3.86, "kaisouai.com"),
    # 翻译
    ("有道翻译", "网易有道", "翻译", PLUG, -0.038, 4.73, "fanyi.youdao.com"),
    ("沉浸式翻译", "沉浸式翻译", "翻译", 3.12, -0.036, 3.95, "immersivetranslate.com"),
    ("彩云小译", "彩云科技", "翻译", 0.94, 0.029, 3.58, "fanyi.caiyunapp.com"),
    ("腾讯翻译君", "腾讯", "翻译", 0.71, 0.041, 2.94, "fanyi.qq.com"),
    # others
    ("liblib.art", "奇点星宇 (LiblibAI)", "图片图像", 3.41, 0.127, 11.01, "liblib.art"),
    ("WPS AI", "金山办公", "办公效率", 3.12, -0.061, 7.86, "ai.wps.cn"),
    ("魔搭社区", "阿里巴巴", "AI开发平台", 2.46, -0.044, 6.72, "modelscope.cn"),
    ("稿定AI", "稿定科技", "设计工具", 2.23, -0.029, 5.31, "gaoding.com"),
    ("扣子", "字节跳动", "AI开发平台", 1.96, 0.347, 8.84, "coze.cn"),
    ("吐司", "吐司 (Tensor)", "图片图像", 1.82, 0.185, 8.27, "tusi.cn"),
    ("AiPPT", "爱设计", "办公效率", 1.71, -0.052, 6.15, "aippt.cn"),
    ("即时设计", "即时设计", "设计工具", 1.52, -0.018, 7.64, "js.design"),
    ("百度千帆", "百度", "AI开发平台", 1.38, -0.038, 6.88, "qianfan.cloud.baidu.com"),
    ("讯飞听见", "科大讯飞", "办公效率", PLUG, -0.023, 5.58, "iflyrec.com"),
    ("美图设计室", "美图", "设计工具", 0.96, -0.034, 5.05, "designkit.com"),
    ("Vega ai", "右脑科技", "图片图像", 0.92, 0.6590, 7.12, "vegaai.net"),
    ("秘塔写作猫", "秘塔科技", "写作与文本", 0.84, 0.057, 5.47, "xiezuocat.com"),
    ("文心一格", "百度", "图片图像", 0.68, -0.108, 5.76, "yige.baidu.com"),
    ("讯飞配音", "科大讯飞", "音频音乐", 0.60, -0.039, 4.87, "peiyin.xunfei.cn"),
    ("通义万相", "阿里巴巴", "图片图像", 0.58, 0.026, 5.39, "tongyi.aliyun.com/wanxiang"),
    ("笔灵AI", "笔灵", "写作与文本", 0.55, 0.116, 5.86, "ibiling.cn"),
    ("acestudio.ai", "时域科技", "音频音乐", 0.48, 0.9873, 6.95, "acestudio.ai"),
    ("TreeMind树图", "树图网络", "办公效率", 0.45, -0.026, 6.47, "shutu.cn"),
    ("无界AI", "无界AI", "图片图像", 0.41, -0.046, 7.37, "wujieai.com"),
    ("一帧秒创", "新片场", "视频", 0.39, 0.052, 5.66, "aigc.yizhentv.com"),
    ("堆友AI", "阿里巴巴", "设计工具", 0.39, NEW, 6.11, "d.design"),
    ("MasterGo AI", "磨刀刻石 (MasterGo)", "设计工具", 0.36, 0.083, 15.26, "mastergo.com"),
    ("讯飞智文", "科大讯飞", "办公效率", 0.35, 0.062, 6.31, "zhiwen.xfyun.cn"),
    ("通义灵码", "阿里巴巴", "编程", 0.31, 0.228, 5.93, "lingma.aliyun.com"),
    ("ChatExcel", "酷表", "办公效率", 0.30, -0.071, 5.02, "chatexcel.com"),
    ("度加剪辑", "百度", "视频", 0.30, -0.081, 4.49, "aigc.baidu.com"),
    ("火山写作", "字节跳动", "写作与文本", 0.27, -0.133, 4.18, "writingo.net"),
    ("Hi Echo", "网易有道", "教育", 0.26, 0.142, 7.04, "hiecho.youdao.com"),
    ("秒画", "商汤科技", "图片图像", 0.25, 0.034, 4.77, "miaohua.sensetime.com"),
    ("CodeGeeX", "智谱AI", "编程", 0.24, 0.047, 5.21, "codegeex.cn"),
    ("网易天音", "网易", "音频音乐", 0.22, 0.087, 6.02, "tianyin.163.com"),
]
DOMESTIC_MAR_ONLY = [
    ("Dreamina国内版", "字节跳动", "图片图像", 0.31, 5.44, "jimeng.jianying.com"),
    ("Get笔记", "得到", "办公效率", 0.27, 4.92, "biji.com"),
]
DOMESTIC_TOP20_MOM = Decimal("-0.0300")
DOMESTIC_MOM_PLUG = "文心一言"

OVERSEAS_APR = [
    ("CrushOn.AI", "CrushOn AI", "聊天陪伴", 16.83, 0.087, 15.62, "crushon.ai"),
    ("Cutout Pro", "Cutout.Pro (杭州)", "图片编辑", 16.08, 0.034, 4.86, "cutout.pro"),
    ("Fotor", "恒图科技 (Everimaging)", "图片编辑", 14.77, -0.021, 6.27, "fotor.com"),
    ("PixAI", "Mewtant", "图像生成", 12.64, 0.115, 8.93, "pixai.art"),
    ("SeaArt.AI", "SeaArt (海艺)", "图像生成", 11.92, 0.196, 10.35, "seaart.ai"),
    ("Tensor.Art", "吐司 (Tensor)", "图像生成", 9.86, 0.142, 8.61, "tensor.art"),
    ("Talkie", "MiniMax", "聊天陪伴", 8.74, 0.238, 7.84, "talkie-ai.com"),
    ("Media.io", "万兴科技", "音视频编辑", 7.93, -0.035, 4.27, "media.io"),
    ("PicWish", "网旭科技 (Apowersoft)", "图片编辑", 7.41, 0.018, 3.92, "picwish.com"),
    ("Monica", "蝴蝶效应 (Butterfly Effect)", "AI助手", 6.98, 0.093, 6.54, "monica.im"),
    ("Gauth", "字节跳动", "教育", 6.72, -0.082, 5.73, "gauthmath.com"),
    ("Vidnoz", "Vidnoz", "视频生成", 6.15, 0.127, 5.18, "vidnoz.com"),
    ("HitPaw", "HitPaw", "图片编辑", 5.83, -0.046, 4.45, "hitpaw.com"),
    ("LightPDF", "网旭科技 (Apowersoft)", "办公效率", 5.47, 0.022, 5.36, "lightpdf.com"),
    ("PixVerse", "爱诗科技", "视频生成", 5.12, 0.311, 6.88, "pixverse.ai"),
    ("Artflow.ai", "Artflow", "视频生成", 4.86, 0.074, 9.15, "artflow.ai"),
    ("Question.AI", "作业帮", "教育", 4.53, 0.063, 5.91, "questionai.com"),
    ("VanceAI", "VanceAI", "图片编辑", 4.27, -0.058, 4.12, "vanceai.com"),
    ("Sider", "Vidline", "AI助手", 4.08, 0.101, 5.27, "sider.ai"),
    ("Coze", "字节跳动", "AI开发平台", 3.92, 0.186, 8.42, "coze.com"),
    ("Dzine", "Dzine (Stylar)", "图像生成", 3.64, 0.154, 7.96, "dzine.ai"),
    ("AirBrush", "美图", "图片编辑", 3.41, -0.027, 4.63, "airbrush.com"),
    ("Vmake", "美图", "图片编辑", 3.18, 0.088, 5.02, "vmake.ai"),
    ("PopAi", "PopAi", "办公效率", 3.02, 0.173, 6.71, "popai.pro"),
    ("Dreamina", "字节跳动", "图像生成", 2.98, 0.247, 6.22, "dreamina.capcut.com"),
    ("MyShell", "MyShell", "聊天陪伴", 2.87, -0.064, 7.43, "myshell.ai"),
    ("Pic Copilot", "阿里巴巴", "图片编辑", 2.69, 0.212, 4.38, "piccopilot.com"),
    ("Tenorshare AI", "Tenorshare", "办公效率", 2.54, 0.041, 3.87, "tenorshare.ai"),
    ("ZMO.AI", "ZMO", "图像生成", 2.41, -0.073, 5.64, "zmo.ai"),
    ("Kreado AI", "Kreado", "视频生成", 2.26, 0.126, 4.96, "kreadoai.com"),
    ("insMind", "insMind", "图片编辑", 2.13, NEW, 4.21, "insmind.com"),
    ("VoxBox", "iMyFone", "音频", 1.98, 0.033, 4.57, "imyfone.com"),
    ("HIX.AI", "HIX.AI", "写作", 1.93, -0.052, 4.69, "hix.ai"),
    ("Glarity", "Glarity", "AI助手", 1.87, 0.067, 3.84, "glarity.app"),
    ("Wink", "美图", "音视频编辑", 1.76, 0.145, 4.71, "wink.ai"),
    ("Mootion", "Mootion", "视频生成", 1.64, 0.208, 5.36, "mootion.com"),
    ("Vozo", "Vozo", "视频生成", 1.52, NEW, 5.12, "vozo.ai"),
    ("DreamFace", "LinkTo", "图片编辑", 1.47, -0.041, 4.33, "dreamfaceapp.com"),
    ("Remaker AI", "Remaker", "图片编辑", 1.39, 0.118, 4.06, "remaker.ai"),
    ("Tiamat", "Tiamat", "图像生成", 1.28, 0.092, 5.78, "tiamat.world"),
    ("Linky AI", "Linky", "聊天陪伴", 1.21, 0.264, 8.76, "linkyai.com"),
    ("Poly.AI", "Cloud Whale", "聊天陪伴", 1.16, 0.183, 8.94, "polyai.app"),
    ("FlexClip", "PearlMountain", "音视频编辑", 1.09, -0.037, 4.88, "flexclip.com"),
    ("TopMediai", "TopMediai", "音频", 1.03, 0.056, 4.24, "topmediai.com"),
    ("Zeemo", "Zeemo", "音视频编辑", 0.98, 0.071, 5.02, "zeemo.ai"),
    ("LensGo", "LensGo", "视频生成", 0.94, 0.139, 4.91, "lensgo.ai"),
    ("GoEnhance", "GoEnhance", "视频生成", 0.89, 0.163, 5.57, "goenhance.ai"),
    ("Fotor GoArt", "恒图科技 (Everimaging)", "图像生成", 0.86, -0.068, 4.02, "goart.fotor.com"),
    ("Hama", "Hama", "图片编辑", 0.83, 0.048, 3.71, "hama.app"),
    ("AnyVoice", "AnyVoice", "音频", 0.81, 0.027, 4.15, "anyvoice.net"),
]
OVERSEAS_MAR_ONLY = [
    ("AI Mirror", "AI Mirror", "图像生成", 0.84, 4.36, "aimirror.fun"),
    ("BeautyPlus", "美图", "图片编辑", 0.82, 3.98, "beautyplus.com"),
]


def _dur_prev(d: float, i: int) -> float:
    """A deterministic March duration close to April's (−4%..+4%)."""
    return round(d * (1 + ((i * 7) % 9 - 4) / 100), 2)


def _fmt_dur(minutes: float) -> str:
    return f"{minutes:.2f} min"


def build_list(name, apr_rows, mar_only, shares=None, total=None, other_plug=None, top20_mom=None, mom_plug=None):
    """Resolve plugs and return (april_rows, march_rows) as dicts."""
    rows = [
        dict(product=p, company=c, category=cat, visits=None if v == PLUG else m(v), mom=mom, dur=d, domain=dom)
        for p, c, cat, v, mom, d, dom in apr_rows
    ]
    assert len(rows) == 50 and len({r["product"] for r in rows}) == 50, name
    # 1. visits plugs: each constrained category sums to share * total; `other_plug` absorbs the rest
    if shares:
        for cat, share in shares.items():
            target = int(share * total)
            assert target == share * total
            members = [r for r in rows if r["category"] == cat]
            plugs = [r for r in members if r["visits"] is None and r["product"] != other_plug]
            if not plugs:
                continue
            assert len(plugs) == 1, (name, cat)
            plugs[0]["visits"] = target - sum(r["visits"] for r in members if r is not plugs[0])
        if other_plug:
            r0 = next(r for r in rows if r["product"] == other_plug)
            r0["visits"] = total - sum(r["visits"] for r in rows if r is not r0)
    assert all(r["visits"] and r["visits"] > 0 for r in rows), name
    # 2. previous-month visits from the month-over-month growth
    for r in rows:
        if r["mom"] is NEW or r["mom"] == PLUG:
            r["prev"] = None
        else:
            r["prev"] = int(round(r["visits"] / (1 + r["mom"])))
    mar = [dict(product=p, company=c, category=cat, prev=m(v), dur=d, domain=dom) for p, c, cat, v, d, dom in mar_only]
    # 3. the mom plug: the previous month's Top-20 total must equal this month's / (1 + top20_mom)
    if mom_plug:
        plug = next(r for r in rows if r["product"] == mom_plug)
        top20_apr = sum(sorted((r["visits"] for r in rows), reverse=True)[:20])
        target = int(round(Decimal(top20_apr) / (1 + top20_mom)))
        others = sorted(
            [r["prev"] for r in rows if r["prev"] is not None and r is not plug] + [x["prev"] for x in mar],
            reverse=True,
        )[:19]
        plug["prev"] = target - sum(others)
        assert plug["prev"] > others[0] or mom_plug != "ChatGPT"
        assert plug["prev"] >= others[18], (name, plug["prev"])
    april = [
        dict(
            month=MONTH,
            list=name,
            product=r["product"],
            company=r["company"],
            category=r["category"],
            visits=r["visits"],
            avg_visit_duration=_fmt_dur(r["dur"]),
            domain=r["domain"],
        )
        for r in rows
    ]
    march = []
    for i, r in enumerate(rows):
        if r["prev"] is not None:
            march.append(
                dict(
                    month=PREV,
                    list=name,
                    product=r["product"],
                    company=r["company"],
                    category=r["category"],
                    visits=r["prev"],
                    avg_visit_duration=_fmt_dur(_dur_prev(r["dur"], i)),
                    domain=r["domain"],
                )
            )
    for x in mar:
        march.append(
            dict(
                month=PREV,
                list=name,
                product=x["product"],
                company=x["company"],
                category=x["category"],
                visits=x["prev"],
                avg_visit_duration=_fmt_dur(x["dur"]),
                domain=x["domain"],
            )
        )
    assert len(march) == 50, (name, len(march))
    april.sort(key=lambda r: (-r["visits"], r["product"]))
    march.sort(key=lambda r: (-r["visits"], r["product"]))
    return march, april


def traffic_rows():
    out = []
    for args in (
        ("global", GLOBAL_APR, GLOBAL_MAR_ONLY, GLOBAL_SHARES, GLOBAL_TOTAL, None, GLOBAL_TOP20_MOM, GLOBAL_MOM_PLUG),
        (
            "domestic",
            DOMESTIC_APR,
            DOMESTIC_MAR_ONLY,
            DOMESTIC_SHARES,
            DOMESTIC_TOTAL,
            DOMESTIC_OTHER_PLUG,
            DOMESTIC_TOP20_MOM,
            DOMESTIC_MOM_PLUG,
        ),
        ("overseas", OVERSEAS_APR, OVERSEAS_MAR_ONLY),
    ):
        march, april = build_list(*args)
        out += march + april
    for r in out:
        r["synthetic"] = "true"  # every row mixes reference figures with synthetic companies/domains/etc.
    return out


# --------------------------------------------------------------------------------------------
# capex (US dollars, written in 亿 = 1e8)
# --------------------------------------------------------------------------------------------
QUARTERS = ["2023Q1", "2023Q2", "2023Q3", "2023Q4", "2024Q1"]
CAPEX = {  # 亿美元
    "Microsoft": ["66.34", "89.43", "99.17", "97.78", "110"],
    "Amazon": ["141.9", "114.55", "125.79", "145.88", "149"],
    "Meta": ["68.33", "61.34", "65.43", "79.22", "63.89"],
    "Google": ["62.89", "68.88", "80.55", "110.09", "120"],
}
GUIDANCE = {("Meta", "2023Q4"): ("300", "350"), ("Meta", "2024Q1"): ("350", "400")}
# rows whose every value is the reference's (Meta 2024Q1 = 442.89 - 110 - 149 - 120, guidance 350-400)
CAPEX_REFERENCE = {("Microsoft", "2024Q1"), ("Amazon", "2024Q1"), ("Google", "2024Q1"), ("Meta", "2024Q1")}


def capex_rows():
    rows = []
    for comp, vals in CAPEX.items():
        for q, v in zip(QUARTERS, vals):
            lo, hi = GUIDANCE.get((comp, q), ("", ""))
            synthetic = "false" if (comp, q) in CAPEX_REFERENCE else "true"
            rows.append(
                dict(
                    company=comp,
                    quarter=q,
                    capex=f"{v}亿",
                    guidance_low=f"{lo}亿" if lo else "",
                    guidance_high=f"{hi}亿" if hi else "",
                    synthetic=synthetic,
                )
            )
    return rows


# --------------------------------------------------------------------------------------------
# announcements: the reference's six (facts kept, wording ours) + synthetic ones
# --------------------------------------------------------------------------------------------
ANNOUNCEMENTS = [
    (
        "2024-05-07",
        "300781",
        "因赛集团",
        "公司在投资者调研中介绍，InsightGPT 已开展多方面的商业化探索：一方面，借助视频智剪功能，"
        "协助业务团队向国内一家头部游戏公司交付了一批效果广告视频；另一方面，“爆款视频”解决方案近期已完成对 3C "
        "数码领域一家知名客户的交付。公司还在为汽车、大消费、大健康领域的一些知名品牌参加 AIGC 营销项目的比稿和竞标，"
        "并为部分出海营销服务商生成文案、图片、视频等投放素材，帮助出海伙伴提升精准营销和效果转化能力。公司预计 "
        "InsightGPT 的商业化落地将进一步提速。按目前规划，商业化路径有两条：面向知名品牌等大 B 客户，以“AIGC "
        "生成 + 人工辅助”或开放接口调用的方式交付，既帮客户降本增效，也借此树立标杆案例；面向中小企业等小 B 客户，提供标准化"
        "应用产品并收取订阅费。",
        False,
    ),
    (
        "2024-04-22",
        "300058.SZ",
        "蓝色光标",
        "公司在投资者调研中表示，从目前观察到的案例看，由 AI 驱动的业务平均毛利率都很高，大致在 50%-90% 之间，"
        "但营销闭环尚未打通：如果只是在洞察或内容生产等单个环节把人工成本和时间消耗大幅压低，单一节点的利润看起来"
        "较高，收入要做出规模却会遇到挑战。公司当前最重要的追求，是让真正由 AI 原生驱动的收入尽快达到 10 亿的体量，"
        "之后再向 50 亿乃至 100 亿的规模迈进，实现 AI 收入的规模化。",
        False,
    ),
    (
        "2024-05-07",
        "002558",
        "巨人网络",
        "公司在投资者调研中介绍了 AI 在研发各环节的应用。绘画方面，公司搭建的 AI 绘画平台 iImagine 在内部提效明显，"
        "角色与场景原画的生产效率提升 50%-70%，UI（用户界面）和 icon（应用图标）的生产效率提升超过 80%，部分项目的 "
        "UI 和 icon 已全部由 AI 出图。语音方面，AI 语音生成平台“百灵”已在游戏制作配音、AI NPC 和宣发配音等环节"
        "广泛使用。代码方面，公司上线了代码大模型 CodeBrain，支持实时生成代码，并提供代码的翻译、解释、纠错与重构功能，"
        "部分项目的代码研发效率提高 30%-40%。此外，公司基于开源模型自主训练了生成式大模型 GiantGPT，落地了本地化翻译"
        "模型和智能问答客服：翻译模型已完全替代第三方供应商的初翻，节省了大量外包费用；智能客服的问题解决率超过 90%，"
        "显著减轻了人工客服的压力。",
        False,
    ),
    (
        "2024-05-09",
        "300182.SZ",
        "捷成股份",
        "公司在投资者调研中表示，公司是国内数字版权分销的头部企业，多年来积累了海量的影视剧、动画片、动漫、纪录片、"
        "综艺等高质量视频素材，利用潜力很大：这些素材经过清洗、标注和加工后可形成数据集，成为 AI 模型训练的优质语料。"
        "目前已有部分内容完成标注，可直接用于大模型训练。相关数据除用于训练公司自研的垂直模型外，公司也在与部分大模型"
        "厂商洽谈合作，但尚未形成正式的商业订单。",
        False,
    ),
    (
        "2024-04-26",
        "000681.SZ",
        "视觉中国",
        "公司在投资者调研中介绍了今年的三项重点工作：一是建立多模态生成模型，自建或合作均在考虑之中；二是推进产品"
        "计划，在公司三个主要网站上线更多产品并持续迭代；三是建设开放平台，对外输出内容和技术。开放平台中包含 AI "
        "智能体交互，目前已初步交付智能配图功能；智能推荐、智能审核以及一键成片等图像编辑与辅助创作功能仍在开发，"
        "尚未完全做到交互层面。借助开放平台，公司的能力可以嵌入到他人的工作流程之中。",
        False,
    ),
    (
        "2024-05-07",
        "300785.SZ",
        "值得买",
        "公司在投资者问答中表示，除在自有产品“什么值得买”的相关场景中接入 Kimi 外，公司还与 Kimi 在两个层面展开"
        "合作：第一，把脱敏后的消费内容和消费数据以 API 形式开放给 Kimi，提升其在消费类问答中的表现，用户在 Kimi 中"
        "询问消费相关问题时，回答可能基于公司内容生成或直接引用公司内容；第二，在 Kimi 的官方应用商店上线“什么值得买”"
        "官方应用，用户可借助该应用咨询消费类问题。这两种合作都能给“什么值得买”带来增量流量。双方于 3 月开始探讨合作，"
        "4 月正式对接；到 4 月 30 日 Kimi+ 上线之际，“什么值得买”在 Kimi 中的官方应用同步对用户开放。",
        False,
    ),
    # synthetic, inside the window 2024-04-01 .. 2024-05-09
    (
        "2024-04-18",
        "300418.SZ",
        "昆仑万维",
        "公司在投资者关系活动中介绍，天工 3.0 基座大模型与天工 SkyMusic 音乐大模型已于 4 月 17 日开启公测，其中天工 "
        "3.0 采用 4000 亿参数的 MoE 架构。公司表示将继续围绕 AI 搜索、AI 音乐、AI 游戏和 AI 短剧等方向推进应用落地，"
        "并加大海外市场的产品投放力度。",
        True,
    ),
    (
        "2024-04-29",
        "688111",
        "金山办公",
        "公司在业绩说明会上表示，WPS AI 已面向个人用户全面开放，并陆续接入文字、表格、演示和 PDF 等主要组件。公司将"
        "以会员权益的方式推进 AI 能力的商业化，同时面向政企客户推出私有化部署方案，后续会持续跟进国内主流大模型的能力"
        "升级。",
        True,
    ),
    (
        "2024-04-25",
        "002230.SZ",
        "科大讯飞",
        "公司在投资者交流中介绍，讯飞星火大模型将于 4 月 26 日举行 V3.5 春季升级发布会，重点展示长文本、长图文和长"
        "语音能力。公司表示，星火大模型在教育、医疗、办公等场景的商业化正在推进，学习机、办公本等硬件产品已全面接入"
        "星火能力。",
        True,
    ),
    (
        "2024-05-06",
        "300364",
        "中文在线",
        "公司在投资者关系活动中表示，自研的中文逍遥大模型已应用于网文创作辅助、有声内容生产和 AI 短剧制作等环节，"
        "明显缩短了内容生产周期。公司拥有的海量数字内容版权可为模型训练提供语料，相关语料合作正在与多家机构洽谈。",
        True,
    ),
    # synthetic, outside the window
    (
        "2024-03-20",
        "300624.SZ",
        "万兴科技",
        "公司在投资者关系活动中介绍，万兴“天幕”音视频多媒体大模型的能力正陆续接入旗下视频创意、绘图创意和文档创意"
        "等产品线，海外用户对 AI 功能的使用率持续提升。",
        True,
    ),
    (
        "2024-03-27",
        "603444",
        "吉比特",
        "公司在投资者交流中表示，已在美术资源制作、文案本地化和测试等环节引入生成式 AI 工具，整体研发效率有所提升；"
        "公司将谨慎评估 AI 在玩法设计中的应用，优先保证产品品质。",
        True,
    ),
]


# --------------------------------------------------------------------------------------------
# news: the reference's items (facts kept, titles and bodies rewritten) + synthetic items
# (date, region, title, body, source, synthetic)
# --------------------------------------------------------------------------------------------
NEWS = [
    # ---- reference 2.1, overseas ----
    (
        "2024-04-15",
        "overseas",
        "xAI 推出多模态模型 Grok-1.5 Vision，文字与图像都能读懂",
        "马斯克旗下的 xAI 于 4 月 15 日公布了多模态模型 Grok-1.5 Vision。除了文本，它还能理解文档、图表、截图和照片"
        "等各类视觉信息。在 xAI 新推出的真实物理空间基准 RealWorldQA 上，该模型的成绩超过了 GPT-4V 等所有参测模型；"
        "在不使用思维链提示的条件下，它在多个数据集的对比测试中同样表现亮眼。xAI 还给出了示例代码：模型可以把一张流程图"
        "转写成 Python 代码，并运行一个简单的猜数字游戏，为开发者提供了参考。",
        "新智元",
        False,
    ),
    (
        "2024-04-15",
        "overseas",
        "Archetype AI 推出理解物理世界的基础模型 Newton",
        "4 月 15 日，Archetype AI 介绍了其人工智能平台 Newton，定位是理解和推理真实物理世界的基础模型。与只分析文字"
        "和图片的传统 AI 模型不同，Newton 将实时传感器数据与自然语言处理结合在一起。用户可以围绕身边环境提出开放式问题，"
        "并依据模型的回答作出更有依据的决策。",
        "机器之心",
        False,
    ),
    (
        "2024-04-16",
        "overseas",
        "DeepMind 掌门人：谷歌在 AI 上的投入将超过 1000 亿美元",
        "Demis Hassabis（谷歌 DeepMind CEO）4 月 16 日称，谷歌今后投向人工智能技术研发的资金将超过 1000 亿美元。"
        "他称谷歌掌握的算力强于竞争对手，这也是 DeepMind 在 2014 年选择与谷歌合作的原因之一。",
        "财联社",
        False,
    ),
    (
        "2024-04-18",
        "overseas",
        "Llama 3 正式亮相并接入 Meta 全线产品，4000 亿参数版本在路上",
        "4 月 18 日，Meta 正式推出 Llama 3，并称之为迄今最强的开源大模型。首批开放 8B（80 亿参数）和 70B（700 亿参数）"
        "两个版本，相比 Llama 2 进步明显，在同等参数规模的模型中刷新了性能纪录；按照团队制定的人工评估标准，70B 指令"
        "微调版在真实应用场景中优于同量级的竞争模型。研发上，团队采用标准的仅解码器 Transformer 架构，预训练数据覆盖 "
        "30 多种语言、其中超过 5% 为高质量非英语数据，同时扩大了预训练规模并改进了指令微调方法。接下来几个月，Meta 计划"
        "陆续推出支持多模态、多语言对话和更长上下文窗口的新模型，以及 400B 参数规模的版本。Llama 3 已集成进 Meta AI "
        "助手，可实现边聊天边画图等功能。",
        "量子位",
        False,
    ),
    (
        "2024-04-25",
        "overseas",
        "Open-Sora 开源升级：单段视频最长 16 秒，分辨率最高 720p",
        "4 月 25 日，开源项目 Open-Sora 发布更新：单镜头可生成最长 16 秒的视频，分辨率最高 720p，并能在任意宽高比下"
        "完成文生图、文生视频、图生视频、视频生视频以及无限长视频生成。团队对 Open-Sora 1.0 的 STDiT 架构做了关键改进，"
        "以提升训练稳定性和整体性能。借鉴大语言模型的做法，时序注意力中的正弦位置编码被替换为效率更高的旋转位置编码"
        "（RoPE）。训练采用多阶段方案，每个阶段都在前一阶段权重的基础上继续训练，分步引入数据，比单阶段训练更高效地"
        "获得高质量视频。",
        "机器之心",
        False,
    ),
    (
        "2024-04-18",
        "overseas",
        "台积电：今年 AI 处理器收入占比有望翻倍，未来年复合增速约 50%",
        "台积电 4 月 18 日公布 2024 年一季度业绩：营收 5926.4 亿新台币（约 188.73 亿美元），以新台币计环比下降 5.3%、"
        "同比增长 16.5%；毛利率 53.1%，高于 53% 的指引上限；净利润 2254.9 亿新台币（约 71.72 亿美元），以新台币计环比"
        "下降 5.5%、同比增长 8.9%。公司在法说会上表示，预计今年 AI 处理器相关营收占比翻倍至 13%，未来有望保持 50% 的"
        "年复合增速，到 2028 年占比将达到 20%。",
        "财联社",
        False,
    ),
    (
        "2024-04-22",
        "overseas",
        "云厂商积极采购 GB200，广达相关服务器计划 9 月量产出货",
        "台系服务器代工厂广达认为市场对 GB200 服务器需求很大，计划今年 9 月量产出货。公司判断下半年芯片缺料有望缓解，"
        "今年整体服务器出货将逐季走高，并维持全年双位数增长的目标。在各大云服务商积极布建 AI 的带动下，今年 AI 服务器"
        "占其整体服务器的比重有望从去年的两成多进一步提升，成为主要部分。搭载英伟达 GB200 的服务器仍在开发中，四大云"
        "厂商均有需求，订单规模不小。",
        "工商时报",
        False,
    ),
    (
        "2024-04-30",
        "overseas",
        "AMD 将全年 AI 芯片收入预期上调至 40 亿美元",
        "AMD 于 4 月 30 日发布一季度业绩，并把全年 AI 芯片收入指引从上季度给出的 35 亿美元上调至 40 亿美元。Instinct "
        "MI300 系列于 2023 年四季度开始交付，首批客户于 2024 年 1 月中旬拿到计算 GPU。AMD 表示该系列销售额已超过 10 亿"
        "美元，是公司用时最短达到 10 亿美元销售额的数据中心 GPU 产品。",
        "华尔街见闻",
        False,
    ),
    (
        "2024-05-06",
        "overseas",
        "TrendForce：2025 年 HBM 价格预计上调约 5%~10%，占 DRAM 产值比重将超三成",
        "据 TrendForce 集邦咨询，HBM 的销售单价是传统 DRAM 的数倍，约为 DDR5 的五倍；AI 芯片迭代又推高了单机搭载的 "
        "HBM 容量，使 2023~2025 年 HBM 在 DRAM 产能和产值中的占比大幅上升。产能方面，HBM 占 DRAM 总产能的比例 2023 年"
        "为 2%、2024 年为 5%，2025 年预计超过 10%；产值方面，2024 年起占比预计超过 20%，2025 年有望超过三成。展望 2025 年，"
        "主要 AI 方案供应商的需求将大幅转向 HBM3e，12hi 产品也会增多，带动单颗芯片的 HBM 容量提升。TrendForce 预估 "
        "2024 年 HBM 需求位元年增长率接近 200%，2025 年有望再翻一倍。",
        "TrendForce集邦咨询",
        False,
    ),
    (
        "2024-05-07",
        "overseas",
        "苹果新款 iPad Pro 直接用上 M4 芯片，神经网络引擎强于任何 AI PC",
        "北京时间 5 月 7 日，苹果在春季发布会上对 iPad 产品线做了多项更新。新款 iPad Pro 是苹果史上最薄的产品，采用双层 "
        "OLED 屏幕，并跨代搭载 M4 芯片（上一代为 M2）。苹果称 M4 的神经网络引擎每秒可执行高达 38 万亿次运算，比当下任何 "
        "AI PC 的神经处理单元都更强。新款 iPad Pro 因此成为苹果在本轮 AI 浪潮中推出的第一款 AI 产品。",
        "IT之家",
        False,
    ),
    (
        "2024-05-07",
        "overseas",
        "外媒：微软自研约 5000 亿参数大模型，内部代号 MAI-1",
        "据《The Information》5 月 7 日报道，微软正在开发一个参数规模约 5000 亿的大语言模型，内部代号 MAI-1。这是微软"
        "向 OpenAI 投资超过 100 亿美元、获得其模型使用权以来，首次自研如此体量的模型。报道称 MAI-1 最早可能在本月亮相。",
        "36氪",
        False,
    ),
    (
        "2024-05-03",
        "overseas",
        "导演 Paul Trillo 用 Sora 拍出首支官方 MV",
        "五一假期期间，获得 OpenAI Sora 早期使用资格的编剧兼导演 Paul Trillo 发布了首支用 Sora 制作的官方 MV。这支约 "
        "4 分钟的视频是为独立音乐人 Washed Out（本名 Ernest Weatherly Greene Jr.）的新单曲《The Hardest Part》量身制作的。",
        "新智元",
        False,
    ),
    (
        "2024-04-19",
        "overseas",
        "Meta 发布 Llama3，同步推出 AI 助手 Meta AI",
        "据外媒 4 月 19 日报道，Meta 于当地时间周四放出 Llama 3 早期版本——其新一代大语言模型，同时上线以它为基础的 AI "
        "助手 Meta AI。Llama 3 依旧主打免费开放使用，目前提供 80 亿参数和 700 亿参数两个版本，两者都已开放在 Meta 官网下载。"
        "公司表示这只是早期版本，参数规模达 4000 亿的 Llama 3 模型仍在训练之中。",
        "新浪科技",
        False,
    ),
    # ---- reference 2.2.2, domestic ----
    (
        "2024-04-11",
        "domestic",
        "公共安全大模型算法“天擎”通过备案，为国内该领域首个",
        "4 月 11 日，国家互联网信息办公室公布第五批深度合成服务算法备案信息，国投智能研发的“天擎公共安全大模型算法”"
        "位列其中。这是国内首个通过深度合成服务算法备案的公共安全领域大模型算法，可支持案情推理等应用。",
        "证券时报",
        False,
    ),
    (
        "2024-04-15",
        "domestic",
        "360 智脑 7B 开源，最长可处理约 50 万字输入",
        "4 月 15 日，360 将自研的 70 亿参数大模型 360 智脑 7B 发布到开源社区，除基础模型外，还提供 4K、32K 和 360K 三种"
        "上下文长度的版本。其中 360K 版本最长可处理约 50 万字的文本，使其成为目前开源模型中支持文本长度最长的模型之一。",
        "IT之家",
        False,
    ),
    (
        "2024-04-17",
        "domestic",
        "昆仑万维天工 3.0 与天工 SkyMusic 开启公测",
        "4 月 17 日，昆仑万维发布两款大模型并开放公测。天工 3.0 参数规模达 4000 亿，是全球最大的开源 MoE 大模型，在逻辑"
        "推理、语义理解、通用与泛化能力、对不确定性知识的处理以及学习能力上都有突破性提升。天工 SkyMusic 是国内首个音乐 SOTA "
        "模型，可端到端一体生成乐器、人声和旋律，并支持多种方言，效果超过海外顶尖的 Suno V3，成为全球 AI 音乐领域的 "
        "SOTA 模型。",
        "36氪",
        False,
    ),
    (
        "2024-04-18",
        "domestic",
        "联想一次发布 5 款 AI PC，内置“联想小天”智能体",
        "4 月 18 日的联想 TechWorld 2024 大会上，联想推出 5 款 AI PC，均搭载 AI 智能体“联想小天”，并把 AI 解读为 "
        "Augmented Intelligence（增强智能）。新机可以用自然语言交互、跨设备生成素材，还能总结文档，联想希望它们成为"
        "“AI Personalized Computer”。在基础设施侧，联想发布了万全异构智算平台，并推出“一擎三箭”智能体方案与服务体系，推动 "
        "AI 在 PC 和企业级场景中落地。",
        "界面新闻",
        False,
    ),
    (
        "2024-04-22",
        "domestic",
        "蚂蚁集团联合浙江大学开源大模型知识抽取框架 OneKE",
        "蚂蚁集团与浙江大学合作研发的大模型知识抽取框架 OneKE 宣布开源。该框架可用于抽取信息、把文本数据整理成结构化"
        "数据以及搭建知识图谱，给研发人员多了一件趁手的工具。",
        "机器之心",
        False,
    ),
    (
        "2024-04-24",
        "domestic",
        "商汤发布日日新 5.0，称全面超越 GPT-4，手机端一秒生图",
        "4 月 24 日，商汤发布日日新 5.0 大模型。从发布会内容看，商汤的业务沿两条主线推进：一条是遵循 Scaling Law，"
        "持续扩充基础模型的能力；另一条是以强大的基础模型为底座，把模型能力尽可能落地到每一个能提升效率、创造价值的场景中。",
        "量子位",
        False,
    ),
    (
        "2024-04-26",
        "domestic",
        "讯飞星火推出首个长文本、长图文、长语音“三长”齐备的大模型",
        "4 月 26 日，科大讯飞董事长刘庆峰介绍，星火 APP 安卓端下载量已超过 9600 万次，在国内同类工具型通用大模型 APP 里"
        "位列第一；1 月 30 日星火 V3.5 发布后，新增实名认证开发者 55 万，其中一半以上来自企业。讯飞此次首发星火图文识别大模型，"
        "可快速学习多类型海量知识，让行业场景中的回答更专业、更精准；同时上线星火合同助手（审核风险、提炼要素、一键起草），"
        "升级星火智能评标助手，首发“多情感超拟人合成”和“一句话声音复刻”，并全新发布星火智能体平台，帮助企业打通大模型"
        "落地的最后一公里。讯飞 AI 学习机、星火智慧黑板和星火科研助手也同步升级。",
        "证券时报",
        False,
    ),
    (
        "2024-04-28",
        "domestic",
        "中国移动呼和浩特智算中心投产，智能算力达 6.7 EFLOPS",
        "4 月 28 日，中国移动宣布其智算中心（呼和浩特）已投产使用，是全球运营商中规模最大的单体智算中心。该中心采用 GPU "
        "扣卡模组、高速无损网络、冷板液冷等技术，可支撑 2 万张 AI 加速卡联合做并行训练，所用 AI 芯片的国产化率在 85% 以上，智能算力"
        "规模 6.7 EFLOPS，相当于每秒可完成 670 亿亿次浮点运算。中国移动同时推出被称为“国家级自主可控高性能算力底座”的移动云 "
        "COCA 2.0 异构计算架构，以及新一代“一机多芯”磐石服务器，兼容国产信创与 Intel 双平台生态，支持鲲鹏、海光处理器，"
        "并通过磐石 DPU 与移动云软件栈深度融合。",
        "C114通信网",
        False,
    ),
    (
        "2024-04-28",
        "domestic",
        "国资委王宏志：央企应加快推进“AI+”专项行动",
        "4 月 28 日，国务院国资委副主任王宏志表示，中央企业和地方大型国有企业，特别是行业龙头，要加快落实“AI+”专项"
        "行动。他提出，国企应发挥应用场景多的优势，抢先把握 AI 改造传统产业的机会，主动对外开放应用场景，合作打造能够融入"
        "企业生产经营体系的行业大模型，以应用带动技术，加快技术迭代和增长动能转换。",
        "新华社",
        False,
    ),
    (
        "2024-04-27",
        "domestic",
        "生数科技联合清华发布视频大模型 Vidu，一键生成 16 秒 1080P 视频",
        "生数科技与清华大学 4 月 27 日在中关村论坛的未来人工智能先锋论坛上联合发布视频大模型 Vidu，称其为国内首个长时长、"
        "高一致性、高动态性的视频大模型。Vidu 采用团队原创、融合 Diffusion 与 Transformer 的 U-ViT 架构，一键即可生成"
        "最长 16 秒、分辨率最高 1080P 的高清视频。模型既能模拟真实物理世界，也富有想象力，支持多镜头生成，时空一致性高。"
        "团队表示，Vidu 是 Sora 发布后全球率先取得重大突破的视频大模型，性能对标国际顶尖水平，并在加速迭代。",
        "澎湃新闻",
        False,
    ),
    (
        "2024-05-07",
        "domestic",
        "月之暗面推出 Kimi+，一批专精技能的 Kimi 分身上线",
        "5 月 7 日，月之暗面（Moonshot AI）宣布更新智能助手 Kimi，并推出专业 AI 助手 Kimi+。官方介绍，Kimi+ 是拥有特定"
        "技能、更专业的 Kimi 分身，可以解决具体问题，也能串联成 AI 生产线，目前支持研报生成、提示词和文案生成、200 万字"
        "无损上下文阅读与分析、智能导购、美好生活指南（吃喝玩乐推荐）和学术辅助等能力。生成研报时，Kimi+ 会自动查找并阅读"
        "参考资料后成文；智能导购可按用户预算推荐商品，什么值得买的官方联名 BOT 也属于 Kimi+；学术辅助可帮助学生撰写论文，"
        "并提供资料参考和论文总结。公司透露，Kimi+ 塔罗全书、留学顾问、PPT 等更多 Kimi+ 将陆续上线，个人创建 Kimi+ 的"
        "能力也在开发之中。",
        "每日经济新闻",
        False,
    ),
    # ---- synthetic extras ----
    (
        "2024-04-18",
        "overseas",
        "Meta releases Llama 3, its most capable openly available model",
        "Meta on Thursday released Llama 3 in 8-billion and 70-billion parameter versions and said the models lead "
        "their size classes on common benchmarks. The company is still training a version with more than 400 billion "
        "parameters. Llama 3 now powers the Meta AI assistant across Facebook, Instagram, WhatsApp and Messenger.",
        "The Verge",
        True,
    ),
    (
        "2024-04-19",
        "overseas",
        "Llama 3 上线：8B 与 70B 两个版本开放下载，400B 模型仍在训练",
        "Meta 本周发布 Llama 3，首批开放 80 亿和 700 亿参数两个版本，开发者可直接下载使用。Meta AI 助手已切换到 Llama 3。"
        "Meta 称参数超过 4000 亿的更大版本仍在训练，后续将支持多模态与更长上下文。",
        "IT之家",
        True,
    ),
    (
        "2024-04-09",
        "overseas",
        "谷歌 Cloud Next 大会：Gemini 1.5 Pro 开放公开预览",
        "谷歌在 Cloud Next 2024 大会上宣布 Gemini 1.5 Pro 通过 Vertex AI 开放公开预览，支持最长 100 万 token 的上下文，"
        "并新增音频理解能力。谷歌同时介绍了自研 Arm 架构数据中心处理器 Axion。",
        "机器之心",
        True,
    ),
    (
        "2024-04-09",
        "overseas",
        "Intel unveils Gaudi 3 AI accelerator",
        "Intel introduced its Gaudi 3 AI accelerator at its Vision 2024 event, positioning it against Nvidia's H100 for "
        "training and inference of large language models. Systems from major server makers are expected later this year.",
        "Reuters",
        True,
    ),
    (
        "2024-04-23",
        "overseas",
        "微软发布小模型 Phi-3，3.8B 版本可在手机端运行",
        "微软推出 Phi-3 系列小语言模型，首个开放的 Phi-3-mini 仅有 38 亿参数，可在手机等端侧设备本地运行，部分基准成绩"
        "接近更大规模的模型。",
        "IT之家",
        True,
    ),
    (
        "2024-03-29",
        "overseas",
        "xAI 发布 Grok-1.5，上下文长度提升至 128K",
        "xAI 公布 Grok-1.5 大模型，推理、数学和代码能力较上一代明显提升，可处理的上下文长度扩展到 128K token，"
        "将先向早期测试者和 X 平台现有用户开放。",
        "量子位",
        True,
    ),
    (
        "2024-03-18",
        "overseas",
        "英伟达 GTC 大会发布 Blackwell 架构 GPU B200",
        "英伟达在 GTC 2024 上发布新一代 Blackwell 架构 GPU B200 以及 GB200 超级芯片，面向万亿参数级大模型的训练和推理。",
        "财联社",
        True,
    ),
    (
        "2024-04-10",
        "",
        "Mistral AI 开源 Mixtral 8x22B 混合专家模型",
        "法国大模型公司 Mistral AI 以磁力链接方式发布 Mixtral 8x22B，这是一款稀疏混合专家模型，采用 Apache 2.0 许可"
        "开源，开发者可免费商用。",
        "新智元",
        True,
    ),
    (
        "2024-04-15",
        "",
        "OpenAI 在东京设立亚洲首个办公室",
        "OpenAI 宣布在日本东京开设亚洲首个办公室，并推出针对日语优化的 GPT-4 定制模型，面向当地企业客户提供服务。",
        "日经中文网",
        True,
    ),
    (
        "2024-04-16",
        "domestic",
        "百度：文心一言用户规模突破 2 亿",
        "在 Create 2024 百度 AI 开发者大会上，百度表示文心一言用户数已突破 2 亿，API 日均调用量也达到 2 亿次；百度同时"
        "发布了智能体开发工具 AgentBuilder、AI 原生应用开发工具 AppBuilder 和模型定制工具 ModelBuilder。",
        "财联社",
        True,
    ),
    (
        "2024-04-26",
        "domestic",
        "讯飞星火 V3.5 春季上新：长文本、长图文、长语音能力齐发",
        "科大讯飞 4 月 26 日举行星火大模型 V3.5 春季升级发布会，推出长文本、长图文和长语音能力，并发布星火智能体平台。"
        "讯飞称星火 APP 安卓端下载量已超 9600 万次。",
        "财联社",
        True,
    ),
    (
        "2024-04-27",
        "domestic",
        "国产视频大模型 Vidu 亮相中关村论坛",
        "清华系创业公司生数科技在中关村论坛上展示视频大模型 Vidu，可生成 16 秒、1080P 的视频片段，被视为国内对标 Sora 的"
        "代表性成果。",
        "量子位",
        True,
    ),
    (
        "2024-05-06",
        "domestic",
        "DeepSeek 发布第二代 MoE 大模型 DeepSeek-V2",
        "深度求索开源 DeepSeek-V2，总参数 2360 亿、每个 token 激活 210 亿参数，支持 128K 上下文；API 定价为每百万输入 "
        "token 1 元，显著拉低了大模型使用成本。",
        "机器之心",
        True,
    ),
    (
        "2024-05-09",
        "domestic",
        "阿里云发布通义千问 2.5，中文能力对标 GPT-4 Turbo",
        "阿里云发布通义千问 2.5，称其在中文理解、文本生成和知识问答等能力上追平 GPT-4 Turbo，通义 App 与官网已同步"
        "升级到新版本。",
        "36氪",
        True,
    ),
    (
        "2024-03-18",
        "domestic",
        "Kimi 智能助手启动 200 万字上下文内测",
        "月之暗面宣布 Kimi 智能助手的上下文处理能力提升至 200 万字，并开启内测，长文本赛道竞争升温。",
        "界面新闻",
        True,
    ),
    (
        "2024-05-07",
        "overseas",
        "Apple unveils thinner iPad Pro with new M4 chip",
        "Apple introduced a new iPad Pro powered by its M4 chip, which the company said has its fastest neural engine yet "
        "and is capable of 38 trillion operations per second. The device is Apple's thinnest product to date.",
        "Reuters",
        True,
    ),
]


def write_csv(path: Path, fields, rows):
    with path.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({k: r[k] for k in fields})


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    traffic = traffic_rows()
    write_csv(
        OUT / "traffic.csv",
        ["month", "list", "product", "company", "category", "visits", "avg_visit_duration", "domain", "synthetic"],
        traffic,
    )
    capex = capex_rows()
    write_csv(OUT / "capex.csv", ["company", "quarter", "capex", "guidance_low", "guidance_high", "synthetic"], capex)
    ann = [
        dict(date=d, code=c, company=n, content=t, synthetic="true" if s else "false")
        for d, c, n, t, s in ANNOUNCEMENTS
    ]
    ann.sort(key=lambda r: (r["date"], r["code"]))
    write_csv(OUT / "announcements.csv", ["date", "code", "company", "content", "synthetic"], ann)
    news = sorted(NEWS, key=lambda n: n[0])
    with (OUT / "news.jsonl").open("w", encoding="utf-8") as f:
        for d, region, title, body, source, s in news:
            f.write(
                json.dumps(
                    dict(date=d, region=region, title=title, body=body, source=source, synthetic=s), ensure_ascii=False
                )
                + "\n"
            )
    for name, text in NOTES_TEXT.items():
        (OUT / f"{name}.notes.md").write_text(text.strip() + "\n", encoding="utf-8")
    print(f"traffic {len(traffic)} rows, capex {len(capex)}, announcements {len(ann)}, news {len(news)} -> {OUT}")


NOTES_TEXT: dict[str, str] = {
    "traffic": """
# traffic.csv — provenance

Generated by `tools/demo_data/make_traffic_capex_news.py` (deterministic); checked by
`tools/demo_data/check_traffic_capex.py`. 300 rows: months 2024-03 and 2024-04 × lists global, domestic,
overseas × exactly 50 products (each month's Top 50). Visits are plain integers; `avg_visit_duration` is
written as `"20.66 min"` strings on purpose (exercises the duration parser).

**`synthetic` is `true` on every row**: each row mixes figures from the reference report
(`seed-report-2024-04.txt`, source SimilarWeb / 非凡产研) with made-up companies, domains, visits or durations.
The individual values that *are* the reference's, kept exactly:

- global (2024-04): Top-5 by visits ChatGPT, Bing, Canva, Gemini, DeepL, same order as 2024-03; 9 products with
  ≥100M visits in both months; Top-20 total +2.70% month-over-month; fastest growth Kimi.ai +60.60%, JanitorAI
  +42.55%, Suno +35.70%; Top-50 visit shares 聊天机器人 35.3%, 智慧搜索 24.9%, 设计工具 8.7%, and 娱乐, 写作与文本,
  翻译, 图片图像, 教育, 金融 each between 3% and 5%; longest visits yodayo 20.66, SpicyChat.AI 17.82,
  JanitorAI 16.40 minutes.
- domestic (2024-04): Kimi 19,570,000, 文心一言 16,840,000, 秘塔AI搜索 10,090,000 visits (1,957万 / 1,684万 /
  1,009万); all Top-20 ≥ 1,000,000; Top-20 total −3.0% month-over-month; 25 of the Top 50 rising; fastest
  growth 天工AI +120.30%, acestudio.ai +98.73%, Vega ai +65.90%; shares 个人聊天与助手 47.5%, 智慧搜索 12.8%,
  翻译 10.1%; longest visits MasterGo AI 15.26, liblib.art 11.01, 扣子 8.84 minutes.
- overseas (2024-04): CrushOn.AI 16,830,000, Cutout Pro 16,080,000, Fotor 14,770,000 visits; longest visits
  CrushOn.AI 15.62, SeaArt.AI 10.35, Artflow.ai 9.15 minutes.
- The product names above, the category names above, and the companies the report names: Microsoft (Bing),
  Google (Gemini), 月之暗面 (Kimi.ai / Kimi), 昆仑万维 (天工AI), 字节跳动 (扣子).

Synthetic (ours): every other product (real AI products of the period, used by name only), every company
except those just listed, every category other than the named ones (global small ones: 音乐, 视频, 开发者工具,
办公效率, 语音; domestic and overseas "other" categories), every domain (best guesses), every other visit
count and duration, all 2024-03 values (derived from chosen month-over-month growth), the new entrants
(2024-04 rows with no 2024-03 row: Meta AI, Udio; 开搜AI, 堆友AI; insMind, Vozo) and the products that
appear in 2024-03 only (Tome, Writesonic; Dreamina国内版, Get笔记; AI Mirror, BeautyPlus). ChatGPT's
1,800,000,000 April visits is an "≈1.8 billion" magnitude target, not a reference figure.

Balancing values solved by the generator so the aggregates come out exact: the global Top-50 total is fixed at
7,200,000,000 and one product per category (Claude, Perplexity, Canva, DeepL, GPTZero, NovelAI, Midjourney,
Course Hero, TipRanks, Suno, Pika, Replit, Liner, Speechify) absorbs its category's share; the domestic
total is 112,000,000 with 豆包, 天工AI, 有道翻译 and 讯飞听见 as the balancing products. ChatGPT's (global) and
文心一言's (domestic) 2024-03 visits are solved so the Top-20 month-over-month totals are exactly +2.70% and
−3.00%.

Discrepancies with the reference:
- The report calls the growth rates of Kimi.ai / JanitorAI / Suno and 天工AI / acestudio.ai / Vega ai
  "同比" (year-over-year); they are month-over-month figures (the report's own chart title says 环比). The data
  holds monthly visits, so they are month-over-month (环比) here.
- The report's sentence can be read as ChatGPT coming "来自微软"; the data gives ChatGPT's company as OpenAI
  (Bing's as Microsoft).
- Kimi.ai (global list, 21,052,000 visits, synthetic) and Kimi (domestic list, 19,570,000, reference) are the
  same service counted on two lists; only the global +60.60% growth is the reference's.
""",
    "capex": """
# capex.csv — provenance

Generated by `tools/demo_data/make_traffic_capex_news.py`. 20 rows: Microsoft, Amazon, Meta, Google ×
2023Q1..2024Q1. `capex`, `guidance_low`, `guidance_high` are US dollars written with the 亿 unit
(`120亿` = 12,000,000,000 USD; the reference states 亿美元).

Reference figures (kept exactly), all from the report's 电子行业 section:
- 2024Q1 capex: Google 120亿, Microsoft 110亿, Amazon 149亿; the four companies' total 442.89亿, hence Meta
  2024Q1 = 442.89 − 110 − 149 − 120 = 63.89亿 (implied by the reference, not stated on its own).
- Growth: total +30.47% year-over-year; Google +91% yoy and +9.0% qoq; Microsoft +65.8% yoy and +12.5% qoq;
  Amazon +5% yoy.
- Meta's full-year 2024 capex guidance: 300亿–350亿 (on the 2023Q4 row, given with Q4 results), raised to
  350亿–400亿 (on the 2024Q1 row, given with Q1 results). Guidance appears on those two rows only.

`synthetic=false` on the four 2024Q1 rows (every value on them is the reference's). All 2023 values are
synthetic (`synthetic=true`; Meta 2023Q4 carries the reference's guidance but a synthetic capex). Those that the
growth rates pin down were chosen to reproduce them at the stated precision: Google 2023Q1 62.89亿 and
2023Q4 110.09亿; Microsoft 2023Q1 66.34亿 and 2023Q4 97.78亿; Amazon 2023Q1 141.9亿; Meta 2023Q1 68.33亿
(so the 2023Q1 total is 339.46亿 and 442.89 / 339.46 − 1 = 30.47%). The remaining quarters are plausible
synthetic values.

Not represented as data (text only in the reference): Google's "every 2024 quarter above 120亿, full year at
least +49%", Microsoft's "capex up sharply next quarter", Amazon's "Q1 is the year's lowest". Meta's 63.89亿
(implied) differs from Meta's own published Q1 figure; the reference's total is what is kept.
""",
    "announcements": """
# announcements.csv — provenance

Generated by `tools/demo_data/make_traffic_capex_news.py`. 12 rows (date, code, company, content, synthetic).

`synthetic=false` — the six announcements of the reference's 图表18 (source iFind / company filings):
300781 因赛集团 2024-05-07, 300058.SZ 蓝色光标 2024-04-22, 002558 巨人网络 2024-05-07, 300182.SZ 捷成股份
2024-05-09, 000681.SZ 视觉中国 2024-04-26, 300785.SZ 值得买 2024-05-07. Dates, codes, companies and every fact
(figures, product and partner names) are the reference's; **the content is rewritten in our own Chinese
words** (not the reference's sentences), at similar length. 300781 and 002558 are written without the `.SZ`
suffix on purpose (exercises code normalisation); the reference writes 300781.SZ and 002558.SZ.

Notes on the reference's text: its 值得买 item says "开放了 Kimi 的部分能力给 Kimi" (garbled); we kept only
the unambiguous part (the official "什么值得买" app in Kimi's app store). It dates Kimi+'s launch 4月30日 while
the news section dates the Kimi+ announcement 5月7日; both are kept as stated. 蓝色光标's "10 亿 / 50 亿 /
100 亿" carry no currency in the reference and none is added.

`synthetic=true` — six made-up announcements of other AI-related listed companies (plausible, not verified):
inside the window 2024-04-01..2024-05-09: 300418.SZ 昆仑万维 2024-04-18, 002230.SZ 科大讯飞 2024-04-25,
688111 金山办公 2024-04-29, 300364 中文在线 2024-05-06; outside it (exercise windowing): 300624.SZ 万兴科技
2024-03-20, 603444 吉比特 2024-03-27. Codes without suffix exercise normalisation.
""",
    "news": """
# news.jsonl — provenance

Generated by `tools/demo_data/make_traffic_capex_news.py`. 40 JSON lines (date, region, title, body, source,
synthetic); `url` is omitted (optional) rather than invented.

`synthetic=false` — the 24 news items of the reference report: 13 from section 2.1 (海外, region `overseas`)
and 11 from 2.2.2 (国内, region `domestic`). Their facts — dates, companies, people, products and figures —
are the reference's; **every title and body is rewritten in our own words** (none of the reference's
sentences is reused). The `source` on these rows is ours (the reference names no media outlet). Dates the
reference does not give were set inside the window: 广达 GB200 2024-04-22, 蚂蚁 OneKE 2024-04-22, TrendForce
HBM 2024-05-06, Sora MV 2024-05-03 (the reference says 五一期间). The two Llama 3 items stay two items, as in
the reference (2024-04-18 "Llama 3 正式亮相并接入 Meta 全线产品，4000 亿参数版本在路上", 量子位; 2024-04-19
"Meta 发布 Llama3，同步推出 AI 助手 Meta AI", 新浪科技) — one event that the system should group.
Small interpretations: the reference's AMD line "最大达成 10 亿美元" is read as "fastest to US$1bn"; the iPad
Pro item also carries the M4's 38 万亿次/秒 from the reference's own summary.

`synthetic=true` — 16 extra items (real events of the period written by us from general knowledge, not from
the reference; not verified against a source): near-duplicates of reference events from other sources
(Llama 3 in English from The Verge and in Chinese from IT之家; 讯飞 from 财联社; Vidu from 量子位; iPad Pro
M4 in English from Reuters), English-language items (The Verge, Reuters ×2), two items with `region` left
empty for inference (Mistral Mixtral 8x22B, OpenAI Tokyo office), and items outside the window 2024-04-01..
2024-05-09 (2024-03-18 ×2, 2024-03-29). Nothing is dated after 2024-05-09, so no
item is "in the future" for a report published 2024-05-10.
""",
}

if __name__ == "__main__":
    main()
