#!/usr/bin/env python3
"""Independent check of the demo traffic / capex data against the reference's seed figures.

Reads src/aimonthly/demo/data/{traffic,capex}.csv with pandas, parses "20.66 min" and "120亿" itself,
applies the definitions from the brief, and asserts every seed figure (plus light structural checks of
announcements.csv and news.jsonl). Run: python check_traffic_capex.py   (needs pandas)
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pandas as pd

DATA = Path(__file__).resolve().parents[2] / "src" / "aimonthly" / "demo" / "data"
MONTH, PREV = "2024-04", "2024-03"
failures: list[str] = []


def check(cond: bool, label: str, got) -> None:
    print(f"[{'ok' if cond else 'FAIL'}] {label}: {got}")
    if not cond:
        failures.append(label)


def minutes(s: str) -> float:
    mm = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*min\s*", s)
    assert mm, s
    return float(mm.group(1))


def yi(s) -> Decimal | None:
    if pd.isna(s) or s == "":
        return None
    mm = re.fullmatch(r"\s*(\d+(?:\.\d+)?)亿\s*", str(s))
    assert mm, s
    return Decimal(mm.group(1)) * 100_000_000


# ------------------------------------------------------------------ traffic
t = pd.read_csv(DATA / "traffic.csv", dtype={"visits": "int64"}, keep_default_na=False)
t["minutes"] = t["avg_visit_duration"].map(minutes)
assert set(t["synthetic"].astype(str).str.lower()) <= {"true", "false"}
check(not t.duplicated(["month", "list", "product"]).any(), "traffic: unique (month, list, product)", True)


def month_list(lst: str, month: str) -> pd.DataFrame:
    return t[(t["list"] == lst) & (t["month"] == month)]


def top50(df):
    return df.sort_values(["visits", "product"], ascending=[False, True]).head(50)


def top20(df):
    return df.sort_values(["visits", "product"], ascending=[False, True]).head(20)


def with_mom(lst: str) -> pd.DataFrame:
    cur, prev = month_list(lst, MONTH), month_list(lst, PREV)
    d = cur.merge(prev[["product", "visits"]].rename(columns={"visits": "prev"}), on="product", how="left")
    d["mom"] = d["visits"] / d["prev"] - 1
    return d


def top_growth(lst: str) -> pd.DataFrame:
    d = top50(with_mom(lst))
    return d[d["mom"].notna()].sort_values(["mom", "product"], ascending=[False, True]).head(20)


def top_duration(lst: str) -> pd.DataFrame:
    return top50(month_list(lst, MONTH)).sort_values(["minutes", "product"], ascending=[False, True]).head(20)


def category_share(lst: str) -> pd.Series:
    d = top50(month_list(lst, MONTH))
    return d.groupby("category")["visits"].sum() / d["visits"].sum()


def top20_total_mom(lst: str) -> float:
    return top20(month_list(lst, MONTH))["visits"].sum() / top20(month_list(lst, PREV))["visits"].sum() - 1


for lst in ("global", "domestic", "overseas"):
    for mo in (PREV, MONTH):
        check(len(month_list(lst, mo)) == 50, f"{lst} {mo}: 50 rows", len(month_list(lst, mo)))
    new = with_mom(lst)
    print(f"       {lst}: new entrants in {MONTH}: {sorted(new.loc[new['prev'].isna(), 'product'])}")

# global
g_cur, g_prev = month_list("global", MONTH), month_list("global", PREV)
first5 = list(top20(g_cur)["product"].head(5))
check(first5 == ["ChatGPT", "Bing", "Canva", "Gemini", "DeepL"], "global top_visits first5", first5)
check(
    first5 == list(top20(g_prev)["product"].head(5)),
    "global first5 same order as prev",
    list(top20(g_prev)["product"].head(5)),
)
n100 = int((g_cur["visits"] >= 100_000_000).sum())
n100p = int((g_prev["visits"] >= 100_000_000).sum())
check(n100 == 9, "global n_visits_over_100m", n100)
check(n100p == 9, "global n_visits_over_100m_prev", n100p)
v = top20_total_mom("global")
check(round(v, 4) == 0.0270 and round(v, 3) == 0.027, "global top20_total_mom", f"{v:.6f}")
tg = top_growth("global")
got = [(p, round(float(x), 4)) for p, x in zip(tg["product"].head(3), tg["mom"].head(3))]
check(got == [("Kimi.ai", 0.6060), ("JanitorAI", 0.4255), ("Suno", 0.3570)], "global top_growth first3", got)
cs = category_share("global")
got = {k: round(float(cs[k]), 3) for k in ("聊天机器人", "智慧搜索", "设计工具")}
check(got == {"聊天机器人": 0.353, "智慧搜索": 0.249, "设计工具": 0.087}, "global category_share", got)
mids = {k: round(float(cs[k]), 4) for k in ("娱乐", "写作与文本", "翻译", "图片图像", "教育", "金融")}
check(all(0.03 < cs[k] < 0.05 for k in mids), "global 3%<share<5% categories", mids)
others = {k: round(float(x), 4) for k, x in cs.items() if k not in got and k not in mids}
check(all(x < 0.03 for x in others.values()), "global remaining categories small (<3%)", others)
td = top_duration("global")
got = [(p, round(float(x), 2)) for p, x in zip(td["product"].head(3), td["minutes"].head(3))]
check(got == [("yodayo", 20.66), ("SpicyChat.AI", 17.82), ("JanitorAI", 16.40)], "global top_duration first3", got)
chatgpt = int(g_cur.loc[g_cur["product"] == "ChatGPT", "visits"].iloc[0])
check(abs(chatgpt - 1.8e9) < 0.05e9, "global ChatGPT ≈ 1.8B", chatgpt)

# domestic
d_cur = month_list("domestic", MONTH)
t20 = top20(d_cur)
check(bool((t20["visits"] >= 1_000_000).all()), "domestic top20 all >= 1,000,000", int(t20["visits"].min()))
got = [(p, int(x)) for p, x in zip(t20["product"].head(3), t20["visits"].head(3))]
check(
    got == [("Kimi", 19_570_000), ("文心一言", 16_840_000), ("秘塔AI搜索", 10_090_000)],
    "domestic top_visits first3",
    got,
)
v = top20_total_mom("domestic")
check(round(v, 4) == -0.0300 and round(v, 3) == -0.030, "domestic top20_total_mom", f"{v:.6f}")
dm = top50(with_mom("domestic"))
n_rising = int((dm["mom"] > 0).sum())
check(n_rising == 25, "domestic n_rising_top50", n_rising)
tg = top_growth("domestic")
got = [(p, round(float(x), 4)) for p, x in zip(tg["product"].head(3), tg["mom"].head(3))]
check(got == [("天工AI", 1.2030), ("acestudio.ai", 0.9873), ("Vega ai", 0.6590)], "domestic top_growth first3", got)
cs = category_share("domestic")
got = {k: round(float(cs[k]), 3) for k in ("个人聊天与助手", "智慧搜索", "翻译")}
check(got == {"个人聊天与助手": 0.475, "智慧搜索": 0.128, "翻译": 0.101}, "domestic category_share", got)
td = top_duration("domestic")
got = [(p, round(float(x), 2)) for p, x in zip(td["product"].head(3), td["minutes"].head(3))]
check(got == [("MasterGo AI", 15.26), ("liblib.art", 11.01), ("扣子", 8.84)], "domestic top_duration first3", got)

# overseas
o_cur = month_list("overseas", MONTH)
got = [(p, int(x)) for p, x in zip(top20(o_cur)["product"].head(3), top20(o_cur)["visits"].head(3))]
check(
    got == [("CrushOn.AI", 16_830_000), ("Cutout Pro", 16_080_000), ("Fotor", 14_770_000)],
    "overseas top_visits first3",
    got,
)
td = top_duration("overseas")
got = [(p, round(float(x), 2)) for p, x in zip(td["product"].head(3), td["minutes"].head(3))]
check(got == [("CrushOn.AI", 15.62), ("SeaArt.AI", 10.35), ("Artflow.ai", 9.15)], "overseas top_duration first3", got)

# ------------------------------------------------------------------ capex
c = pd.read_csv(DATA / "capex.csv", dtype=str, keep_default_na=False)
c["usd"] = c["capex"].map(yi)
cap = {(r.company, r.quarter): r.usd for r in c.itertuples()}
E8 = Decimal(100_000_000)
total = sum(cap[(k, "2024Q1")] for k in ("Microsoft", "Amazon", "Meta", "Google"))
total_prev = sum(cap[(k, "2023Q1")] for k in ("Microsoft", "Amazon", "Meta", "Google"))
check(total / E8 == Decimal("442.89"), "capex total 2024Q1 (亿美元)", total / E8)
yoy = float(total / total_prev - 1)
check(round(yoy, 4) == 0.3047, "capex total yoy", f"{yoy:.6f}")


def g(comp, q, q0):
    return float(cap[(comp, q)] / cap[(comp, q0)] - 1)


check(cap[("Google", "2024Q1")] / E8 == 120, "Google 2024Q1", cap[("Google", "2024Q1")] / E8)
check(round(g("Google", "2024Q1", "2023Q1"), 2) == 0.91, "Google yoy", f"{g('Google', '2024Q1', '2023Q1'):.4f}")
check(round(g("Google", "2024Q1", "2023Q4"), 3) == 0.090, "Google qoq", f"{g('Google', '2024Q1', '2023Q4'):.4f}")
check(cap[("Microsoft", "2024Q1")] / E8 == 110, "Microsoft 2024Q1", cap[("Microsoft", "2024Q1")] / E8)
check(
    round(g("Microsoft", "2024Q1", "2023Q1"), 3) == 0.658, "Microsoft yoy", f"{g('Microsoft', '2024Q1', '2023Q1'):.4f}"
)
check(
    round(g("Microsoft", "2024Q1", "2023Q4"), 3) == 0.125, "Microsoft qoq", f"{g('Microsoft', '2024Q1', '2023Q4'):.4f}"
)
check(cap[("Amazon", "2024Q1")] / E8 == 149, "Amazon 2024Q1", cap[("Amazon", "2024Q1")] / E8)
check(round(g("Amazon", "2024Q1", "2023Q1"), 2) == 0.05, "Amazon yoy", f"{g('Amazon', '2024Q1', '2023Q1'):.4f}")
guid = {
    (r.company, r.quarter): (yi(r.guidance_low), yi(r.guidance_high))
    for r in c.itertuples()
    if r.guidance_low or r.guidance_high
}
check(
    guid == {("Meta", "2023Q4"): (300 * E8, 350 * E8), ("Meta", "2024Q1"): (350 * E8, 400 * E8)},
    "Meta guidance rows",
    {k: (lo / E8, hi / E8) for k, (lo, hi) in guid.items()},
)
check(len(c) == 20 and set(c["quarter"]) == {"2023Q1", "2023Q2", "2023Q3", "2023Q4", "2024Q1"}, "capex rows", len(c))

# ------------------------------------------------------------------ announcements / news (structure)
a = pd.read_csv(DATA / "announcements.csv", dtype=str, keep_default_na=False)
ref = {
    ("300781", "2024-05-07"),
    ("300058", "2024-04-22"),
    ("002558", "2024-05-07"),
    ("300182", "2024-05-09"),
    ("000681", "2024-04-26"),
    ("300785", "2024-05-07"),
}
have = {(code.split(".")[0], d) for code, d in zip(a["code"], a["date"])}
check(ref <= have, "announcements: the reference's six present", len(ref & have))
inwin = a[(a["date"] >= "2024-04-01") & (a["date"] <= "2024-05-09")]
check(len(inwin) >= 9 and len(a) > len(inwin), "announcements: in window / total", f"{len(inwin)}/{len(a)}")
check(
    bool((a[a["synthetic"] == "false"]["content"].str.len() >= 150).all()),
    "announcements: reference contents long",
    int(a[a["synthetic"] == "false"]["content"].str.len().min()),
)
news = [json.loads(line) for line in (DATA / "news.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]
keys_ok = all({"date", "region", "title", "body", "source", "synthetic"} <= set(n) for n in news)
check(keys_ok, "news: required keys", len(news))
nref = sum(1 for n in news if n["synthetic"] is False)
check(nref == 24, "news: reference items (13 overseas + 11 domestic)", nref)
llama = [n for n in news if n["synthetic"] is False and "Llama" in n["title"]]
check(
    len(llama) == 2
    and len({n["source"] for n in llama}) == 2
    and {n["date"] for n in llama} == {"2024-04-18", "2024-04-19"},
    "news: two reference Llama 3 items, different sources/dates",
    [(n["date"], n["source"]) for n in llama],
)

print()
if failures:
    raise SystemExit(f"FAILED: {failures}")
print("ALL CHECKS PASSED")
