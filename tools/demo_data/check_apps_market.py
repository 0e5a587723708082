#!/usr/bin/env python3
"""Independent check of the demo app_ranks, index_prices and stock_prices files.

Recomputes, from the CSV files alone, every figure the reference report states (see
shared/reference/seed-facts.yaml beside the repository) and asserts it. Exit status 0 when
everything holds.

    python tools/demo_data/check_apps_market.py [--data DIR] [--reference DIR] [--csi300 PATH]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "src" / "aimonthly" / "demo" / "data"
REFERENCE = ROOT.parent / "shared" / "reference"  # the reference folder beside the repository (--reference)

WINDOW = ("2024-04-09", "2024-05-09")
NEW_TABLE = [  # printed prefix, developer prefix, current rank, first seen
    ("AI绘画师-二次", "ZFERRY GROUP LTD.", 7, "2024-04-26"),
    ("知晓通-AI绘画", "成都贝园科技有限公司", None, "2024-04-25"),
    ("捏Ta AI画编程", "Kanjian Gainian (Shang", 15, "2024-04-25"),
]
RISE_TABLE = [  # printed prefix, developer prefix, rise, current rank, best rank, first date of best
    ("政务-移动", "Guangzhou Mira", 141, 110, 7, "2024-04-21"),
    ("AI绘画-筑", "APYJ Co.,Ltd", 136, 95, 10, "2024-05-02"),
    ("Canary Mail", "Mailr Tech LLP", 131, 55, 8, "2024-04-12"),
    ("脸猫-AI绘", "Chongqing Feng", 121, 205, 10, "2024-04-29"),
    ("WPS Offic", "金山办公软件", 110, None, 6, "2024-04-30"),
    ("姜笔思画", "ibis inc.", 109, 37, 9, "2024-05-02"),
    ("AIA Conne", "AIA International", 107, 162, 7, "2024-04-15"),
    ("爱奇艺-哈", "IQIYI", 100, None, 5, "2024-04-24"),
    ("AI绘画师-", "ZFERRY GROU", 99, 7, 6, "2024-05-05"),
    ("嗨弄键盘-", "志亮 黎", 73, 30, 7, "2024-04-16"),
]
INDEX_RETURNS = {"计算机行业指数": -0.072, "AI50指数": -0.065, "传媒行业指数": -0.093}
MOVERS = {
    "计算机": (
        ["商汤-W", "吉大正元", "同为股份", "品茗股份", "万国数据-SW"],
        ["*ST银江", "*ST左江", "*ST博信", "中科江南", "*ST高升"],
    ),
    "传媒": (
        ["新华都", "思美传媒", "姚记科技", "博纳影业", "恺英网络"],
        ["*ST美盛", "紫天科技", "*ST文投", "龙韵股份", "冰川网络"],
    ),
}
PERIOD_START, PERIOD_END = "2024-04-01", "2024-05-09"

results: list[str] = []


def ok(cond: bool, what: str) -> None:
    results.append(("PASS " if cond else "FAIL ") + what)
    if not cond:
        print("\n".join(results))
        raise SystemExit(f"check failed: {what}")


def none_if_na(x):
    return None if pd.isna(x) else int(x)


def check_common(df: pd.DataFrame, name: str, cols: list[str]) -> None:
    ok(list(df.columns) == cols, f"{name}: header {cols}")
    ok(
        df["synthetic"].astype(str).str.lower().isin(["true", "false"]).all(),
        f"{name}: synthetic is true/false on every row",
    )


def check_apps(path: Path) -> None:
    df = pd.read_csv(path, dtype={"date": str})
    check_common(df, "app_ranks", ["date", "keyword", "app", "developer", "rank", "overall_rank", "synthetic"])
    ok((df["keyword"] == "ai应用").all(), "app_ranks: keyword ai应用")
    dates = sorted(df["date"].unique())
    ok(
        dates == pd.date_range(*WINDOW).strftime("%Y-%m-%d").tolist(),
        "app_ranks: 31 daily snapshots 2024-04-09..2024-05-09",
    )
    ok(not df.duplicated(["date", "app"]).any(), "app_ranks: one row per date x app")
    n_apps = df["app"].nunique()
    ok(950 <= n_apps <= 1050, f"app_ranks: about 1,000 distinct apps ({n_apps})")
    ties = df.groupby(["date", "rank"]).size()
    ok((ties > 1).sum() <= 3, f"app_ranks: ties rare ({int((ties > 1).sum())})")
    ok(
        df["overall_rank"].notna().mean() < 0.05 and df["overall_rank"].notna().any(),
        "app_ranks: overall_rank mostly empty",
    )

    start, end = WINDOW
    base_date = max(x for x in dates if x <= start)
    base = df[df["date"] == base_date].set_index("app")["rank"]
    cur = df[df["date"] == end].set_index("app")["rank"]
    win = df[(df["date"] >= start) & (df["date"] <= end)]
    best = win.groupby("app")["rank"].min()
    first_seen = win.groupby("app")["date"].min()
    dev = df.groupby("app")["developer"].first()

    def best_date(a):
        s = win[win["app"] == a]
        return s.loc[s["rank"] == best[a], "date"].min()

    # top-3 apps: held ranks 1-3 most often
    top3 = win[win["rank"] <= 3].groupby("app").size().sort_values(ascending=False)
    ok(
        list(top3.index[:3]) == ["MJ中文极速版", "AI照见未来", "AI绘画Unidream"]
        or set(top3.index[:3]) == {"MJ中文极速版", "AI照见未来", "AI绘画Unidream"},
        f"app_ranks: top-3 apps {dict(top3.head(4))}",
    )
    ok(top3.iloc[2] >= 2 * (top3.iloc[3] if len(top3) > 3 else 0), "app_ranks: top-3 clearly ahead of the 4th")
    kk = win[win["app"] == "夸克"].set_index("date")["rank"]
    apr = kk[kk.index < "2024-05-01"]
    ok((apr <= 5).mean() >= 0.8, f"app_ranks: 夸克 in the top 5 in April ({(apr <= 5).mean():.2f} of days)")
    ok(
        15 <= kk[end] <= 40 and kk[end] > kk[kk.index < "2024-05-01"].max() + 10,
        f"app_ranks: 夸克 falling in May (05-09 rank {kk[end]})",
    )
    may = kk[kk.index >= "2024-05-01"]
    ok(may.is_monotonic_increasing, "app_ranks: 夸克 slides day by day from 05-01")

    # new apps
    new = sorted(set(win["app"]) - set(base.index))
    ok(len(new) == 107, f"app_ranks: 107 new apps ({len(new)})")
    new_top = sorted([a for a in new if best[a] <= 10], key=lambda a: (best[a], first_seen[a], a))
    ok(len(new_top) == 3, f"app_ranks: 3 new apps reached the Top 10 ({len(new_top)})")
    listed = [a for a in new_top if a in cur.index]
    ok(len(listed) == 2, f"app_ranks: reached_top10 (still listed on {end}) = 2 ({len(listed)})")
    for i, (a, (pre, dpre, c, fs)) in enumerate(zip(new_top, NEW_TABLE), 1):
        row = (a, dev[a], int(best[a]), none_if_na(cur.get(a)), first_seen[a])
        ok(
            a.startswith(pre) and dev[a].startswith(dpre) and none_if_na(cur.get(a)) == c and first_seen[a] == fs,
            f"app_ranks: new-app table row {i} {row}",
        )

    # rising apps
    rise = base - best.reindex(base.index)
    risers = rise[rise > 0]
    ok(len(risers) == 462, f"app_ranks: 462 rising apps ({len(risers)})")
    rt = [a for a in risers.index if best[a] <= 10]
    rt_listed = [a for a in rt if a in cur.index]
    ok(len(rt_listed) == 35, f"app_ranks: 35 risers reached the Top 10 and are listed on {end} ({len(rt_listed)})")
    absent = sorted(set(rt) - set(rt_listed))
    ok(
        len(rt) == 37 and len(absent) == 2 and absent[0].startswith("WPS Offic") and absent[1].startswith("爱奇艺-哈"),
        f"app_ranks: + 2 absent on {end}: {absent}",
    )
    table = sorted(rt, key=lambda a: (-risers[a], a))
    for i, (a, (pre, dpre, r, c, b, bd)) in enumerate(zip(table[:10], RISE_TABLE), 1):
        row = (a, dev[a], int(risers[a]), none_if_na(cur.get(a)), int(best[a]), best_date(a))
        ok(
            a.startswith(pre) and dev[a].startswith(dpre) and row[2:] == (r, c, b, bd),
            f"app_ranks: riser table row {i} {row}",
        )
    ok(
        risers[table[10]] < 73 and len(set(risers[a] for a in table[:11])) == 11,
        f"app_ranks: other Top-10 risers rose < 73 (next {int(risers[table[10]])})",
    )
    zf = [a for a in df["app"].unique() if a.startswith("AI绘画师-")]
    ok(len(zf) == 2 and all(cur.get(a) == 7 for a in zf), f"app_ranks: two ZFERRY apps, both rank 7 on {end}: {zf}")


def period_return(df: pd.DataFrame) -> pd.Series:
    """close on the period's last day over the close on the last trading day before it starts."""
    before = df[df["date"] < PERIOD_START]
    start_day = before["date"].max()
    s0 = df[df["date"] == start_day].set_index("code")["close"]
    s1 = df[df["date"] == PERIOD_END].set_index("code")["close"]
    return (s1 / s0 - 1).dropna(), start_day


def check_market(idx_path: Path, stk_path: Path, csi_path: Path) -> None:
    idx = pd.read_csv(idx_path, dtype={"date": str, "code": str})
    check_common(idx, "index_prices", ["date", "code", "name", "close", "synthetic"])
    csi_ref = pd.read_csv(csi_path, dtype={"date": str, "code": str})
    cal = csi_ref[(csi_ref["date"] >= "2022-01-04") & (csi_ref["date"] <= PERIOD_END)]
    csi = idx[idx["code"] == "000300.SH"]
    ok(
        csi["date"].tolist() == cal["date"].tolist() and (csi["close"].to_numpy() == cal["close"].to_numpy()).all(),
        f"index_prices: CSI 300 rows copied exactly ({len(csi)} days)",
    )
    ok(
        (csi["synthetic"].astype(str).str.lower() == "false").all() and (csi["name"] == "沪深300").all(),
        "index_prices: CSI 300 synthetic=false, name 沪深300",
    )
    c = csi.set_index("date")["close"]
    ok(
        c["2024-03-29"] == 3537.48 and c["2024-05-09"] == 3664.56,
        "index_prices: CSI 300 3537.48 on 03-29, 3664.56 on 05-09",
    )
    codes = {"计算机行业指数": "801750.SI", "传媒行业指数": "801760.SI", "AI50指数": "931441.CSI"}
    for name, code in codes.items():
        s = idx[idx["code"] == code]
        ok(
            (s["name"] == name).all()
            and s["date"].tolist() == cal["date"].tolist()
            and (s["synthetic"].astype(str).str.lower() == "true").all(),
            f"index_prices: {name} {code} synthetic, same calendar",
        )
    rets, start_day = period_return(idx)
    ok(start_day == "2024-03-29", f"index_prices: period base day {start_day}")
    for name, target in INDEX_RETURNS.items():
        r = rets[codes[name]]
        ok(
            round(r, 3) == target and round(r, 4) == round(target, 4),
            f"index_prices: {name} return {r:.5f} (target {target})",
        )

    stk = pd.read_csv(stk_path, dtype={"date": str, "code": str})
    check_common(stk, "stock_prices", ["date", "code", "name", "close", "industry", "synthetic"])
    ok(set(stk["date"]) <= set(cal["date"]), "stock_prices: dates on the trading calendar")
    ok(stk["code"].str.match(r"^\d{4,6}\.(SZ|SH|HK)$").all(), "stock_prices: .SZ/.SH/.HK codes")
    for code in ["0020.HK", "9698.HK"]:
        ok(
            (stk.loc[stk["code"] == code, "industry"] == "计算机").all() and (stk["code"] == code).any(),
            f"stock_prices: {code} in 计算机",
        )
    for ind, (gainers, losers) in MOVERS.items():
        u = stk[stk["industry"] == ind]
        n = u["code"].nunique()
        ok(35 <= n <= 50, f"stock_prices: {ind} universe {n} stocks")
        rets, start_day = period_return(u)
        names = u.groupby("code")["name"].first()
        excluded = sorted(set(u["code"]) - set(rets.index))
        has_start = set(u.loc[u["date"] == start_day, "code"])
        has_end = set(u.loc[u["date"] == PERIOD_END, "code"])
        susp = [c for c in excluded if c in has_start and u.loc[u["code"] == c, "date"].max() < "2024-04-20"]
        listed = [c for c in excluded if c in has_end and u.loc[u["code"] == c, "date"].min() > start_day]
        ok(
            len(excluded) == 2 and len(susp) == 1 and len(listed) == 1,
            f"stock_prices: {ind} one suspended ({names[susp[0]]}) and one newly listed ({names[listed[0]]}) left out",
        )
        r = rets.round(4).sort_values(ascending=False)
        top = [names[c] for c in r.index[:5]]
        bottom = [names[c] for c in r.index[::-1][:5]]
        ok(top == gainers, f"stock_prices: {ind} gainers {top} {r.iloc[:6].tolist()}")
        ok(bottom == losers, f"stock_prices: {ind} losers {bottom} {r.iloc[::-1][:6].tolist()}")
        ok(
            r.iloc[:6].diff().abs().iloc[1:].min() >= 0.01 and r.iloc[::-1][:6].diff().abs().iloc[1:].min() >= 0.01,
            f"stock_prices: {ind} clear gaps among the top/bottom six",
        )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--reference", type=Path, default=REFERENCE, help="the reference folder (default: %(default)s)")
    ap.add_argument("--csi300", type=Path, help="the CSI 300 closes (default: REFERENCE/market/csi300-daily.csv)")
    a = ap.parse_args()
    a.csi300 = a.csi300 or a.reference / "market" / "csi300-daily.csv"
    if not a.csi300.is_file():
        ap.error(
            f"no CSI 300 file at {a.csi300}: name the reference folder with --reference DIR (or the file with --csi300)"
        )
    for f in ["app_ranks", "index_prices", "stock_prices"]:
        ok((a.data / f"{f}.csv").exists() and (a.data / f"{f}.notes.md").exists(), f"{f}.csv and {f}.notes.md present")
    check_apps(a.data / "app_ranks.csv")
    check_market(a.data / "index_prices.csv", a.data / "stock_prices.csv", a.csi300)
    print("\n".join(results))
    print(f"all {len(results)} checks passed")


if __name__ == "__main__":
    main()
