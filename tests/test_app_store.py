"""App Store search ranks: the demo reproduces the reference's 图表11–13; a hand-built panel checks
each definition case by case; a random panel agrees with a plain pandas implementation."""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
from pathlib import Path

import pandas as pd
import pytest
from pydantic import ValidationError

from aimonthly.analytics import make_context
from aimonthly.analytics.app_store import AppStoreConfig, AppStoreFacts, app_store_facts, compute
from aimonthly.core.months import month_before
from aimonthly.analytics.errors import AnalyticsError
from aimonthly.core.house import default_house
from aimonthly.ingest import ingest_file
from aimonthly.narrative import app_store as text
from aimonthly.core.text import clip, display_width
from aimonthly.report.app_store import blocks
from aimonthly.report.blocks import ExhibitSpec
from aimonthly.report.model import Paragraph
from aimonthly.warehouse import Warehouse
from conftest import connect_on

D = dt.date


def cfg(start=None, end=D(2021, 3, 10), **kw) -> AppStoreConfig:
    return AppStoreConfig.resolve(default_house().app_store.replace(keyword="kw", start=start, **kw), end)


@pytest.fixture
def facts_of(backend, spark_folders):
    """facts_of(warehouse file, config): the facts on the backend under test."""

    def run(where, config):
        if not isinstance(where, Path):  # a connection (the module's hand panel)
            return app_store_facts(where, config)
        with Warehouse.open(where, read_only=True) as wh:
            return app_store_facts(connect_on(backend, wh, spark_folders), config)

    return run


def write_panel(path, rows):
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, ["date", "keyword", "app", "developer", "rank", "overall_rank"])
        w.writeheader()
        w.writerows(rows)


# --- the demo: the reference's figures ------------------------------------------------------


@pytest.fixture(scope="module")
def demo(demo_con):
    return compute(demo_con, make_context("2024-04", D(2024, 5, 9), house=default_house()))


def _prefix(s: str) -> str:
    return s.split("...")[0]  # the reference prints cut names as "政务-移动..."


def test_demo_window_and_top_apps(demo, seed):
    s = seed["app_store"]
    assert demo.keyword == s["keyword"] and demo.window == (D(2024, 4, 9), D(2024, 5, 9))
    assert demo.baseline_date == D(2024, 4, 9) and demo.last_date == D(2024, 5, 9) and len(demo.snapshots) == 31
    assert [r["app"] for r in demo.top_apps] == s["top3_apps_in_window"]
    assert all(len(r["ranks"]) == 31 for r in demo.top_apps)
    [kuake] = demo.falling_apps
    assert kuake["app"] == s["falling_app"] and kuake["left_top_date"] == D(2024, 5, 2)
    assert (kuake["baseline_rank"], kuake["current_rank"]) == (4, 29)


def test_demo_new_apps(demo, seed):
    s, n = seed["app_store"], demo.new_apps
    assert (n.count, n.reached_top10, n.reached_top10_any) == (s["n_new_apps"], s["n_new_apps_reached_top10"], 3)
    assert len(n.table) == len(s["new_apps_table"])
    for row, (rank, app, dev, current, first_seen) in zip(n.table, s["new_apps_table"]):
        assert row["rank"] == rank and row["app"].startswith(_prefix(app)) and row["developer"].startswith(_prefix(dev))
        assert (row["current_rank"], row["first_seen"]) == (current, first_seen)
    assert [r["best_rank"] for r in n.table] == [4, 8, 9]


def test_demo_rising_apps(demo, seed):
    s, r = seed["app_store"], demo.rising_apps
    assert (r.count, r.reached_top10, r.reached_top10_any) == (s["n_rising_apps"], s["n_rising_apps_reached_top10"], 37)
    assert len(r.table) == 10
    for row, seed_row in zip(r.table, s["rising_apps_table"]):
        if len(seed_row) == 8:  # YAML splits the unquoted "APYJ Co.,Ltd" in two
            seed_row = [*seed_row[:2], ",".join(seed_row[2:4]), *seed_row[4:]]
        rank, app, dev, rise, current, best, best_date = seed_row
        assert row["rank"] == rank and row["app"].startswith(_prefix(app)) and row["developer"].startswith(_prefix(dev))
        assert (row["rise"], row["current_rank"], row["best_rank"], row["best_date"]) == (
            rise,
            current,
            best,
            best_date,
        )
        assert row["baseline_rank"] == rise + best


def test_demo_facts_json_contract(demo):
    d = json.loads(json.dumps(demo.to_dict()))  # plain JSON: dates as ISO strings
    assert d["window"] == ["2024-04-09", "2024-05-09"]
    assert {"keyword", "window", "top_apps", "new_apps", "rising_apps", "falling_apps"} <= set(d)
    for key in ("new_apps", "rising_apps"):
        assert set(d[key]) == {"count", "reached_top10", "reached_top10_any", "table"}
    assert set(d["rising_apps"]["table"][0]) >= {
        "rank",
        "app",
        "developer",
        "rise",
        "current_rank",
        "best_rank",
        "best_date",
    }
    assert (
        d["new_apps"]["table"][1]["current_rank"] is None and d["rising_apps"]["table"][0]["best_date"] == "2024-04-21"
    )
    assert demo.missing == []


def test_demo_narrative(demo):
    o, m = text.overview(demo, "七麦数据"), text.movers(demo)
    assert "MJ中文极速版、AI照见未来、AI绘画Unidream" in o and "31、31、29 天" in o
    assert "夸克" in o and "5 月 2 日起跌出前五" in o and "第 29 位" in o
    assert "107 款" in m and "其中 2 款进入过前 10 名" in m and "另有 1 款" in m
    assert "462 款" in m and "其中 35 款" in m and "另有 2 款" in m
    assert "政务-移动办事通" in m and "第 148 位" in m and "上升 141 位" in m
    assert "同比" not in o + m


def test_demo_blocks_cut_names_only_in_cells(demo):
    b = blocks(demo, default_house(), None)
    new, rising, chart = b["app_store.new_apps"](), b["app_store.rising_apps"](), b["app_store.top_apps"]()
    assert all(isinstance(x, ExhibitSpec) for x in (new, rising, chart))
    assert new.source == rising.source == chart.source == "来源：七麦数据，示例证券研究所"
    assert new.body.rows[0][1].endswith("…") and new.body.rows[0][1].startswith("AI绘画师-二次")
    assert new.body.rows[1][4] == "-"  # no current rank
    assert new.data.rows[0][1] == "AI绘画师-二次元动漫头像生成"  # whole in the data
    assert all(display_width(c) <= 22 for row in rising.body.rows for c in row[1:3])
    assert [r[1] for r in rising.data.rows] == [r["app"] for r in demo.rising_apps.table]
    assert chart.data.columns == ("date", "MJ中文极速版", "AI照见未来", "AI绘画Unidream", "夸克")
    from aimonthly import charts

    assert "<svg" in charts.draw(chart.body, ["svg"]).svg


@pytest.mark.slow
def test_demo_document_places_the_exhibits_at_the_end_of_1_2(demo_settings):
    from aimonthly.pipeline import content_path, make_document, month_facts
    from aimonthly.content.month import load_content

    content = load_content(content_path(demo_settings, "2024-04"))
    doc = make_document(demo_settings, "2024-04", month_facts(demo_settings, "2024-04", content), content)
    sec = next(s for s in doc.sections() if s.number == "1.2")
    keys = [getattr(b, "key", None) for b in sec.blocks]
    assert keys[-4:] == ["app_store.top_apps", None, "app_store.new_apps", "app_store.rising_apps"]
    ex = [e for e in doc.exhibits() if e.key.startswith("app_store.")]
    assert [e.number for e in ex] == [ex[0].number, ex[0].number + 1, ex[0].number + 2]
    assert doc.exhibits()[ex[0].number - 2].key.startswith("traffic.")  # right after the traffic exhibits


# --- a hand-built panel: one case per definition ----------------------------------------------

DAYS = [D(2021, 3, d) for d in range(1, 11) if d != 6]  # 03-06 has no snapshot at all


def hand_rows() -> list[dict]:
    ranks: dict[str, dict[dt.date, int]] = {}

    def put(app, pairs):
        ranks.setdefault(app, {}).update(pairs)

    d = {i + 1: day for i, day in enumerate(DAYS)}  # d[1] = 03-01 … d[9] = 03-10
    put("A", {x: 1 for x in DAYS})
    put("B", {x: 2 for x in DAYS})
    put("C", {x: 3 for x in DAYS if x != D(2021, 3, 8)})  # misses one day
    put("F", {d[1]: 4, d[2]: 4, d[3]: 4, d[4]: 5, d[5]: 8, d[6]: 12, d[7]: 15, d[8]: 18, d[9]: 20})  # faller
    put("G", {**{x: 5 for x in DAYS}, d[9]: 6})  # slips one place: not a faller
    put("E", {d[3]: 2, d[4]: 9})  # enters (tied with B at 2) and leaves
    put("L", {d[9]: 7})  # only on the last day
    put("N2", {d[2]: 30, d[9]: 7})  # new; tied with L at 7 on the last day
    put("T2", {d[2]: 7, d[3]: 11, d[9]: 14})
    put("T1", {d[4]: 7, d[9]: 16})
    put("R1", {**{x: 40 - 2 * i for i, x in enumerate(DAYS)}, d[7]: 3, d[8]: 9, d[9]: 12})
    put("R1", {d[6]: 3})  # best rank 3 reached first on d[6], again on d[7]
    put("R2", {d[1]: 50, d[4]: 10, d[9]: 13})
    put("R3", {d[1]: 30, d[3]: 9})  # rises into the Top 10, gone by the last day
    put("R4", {d[1]: 60, d[5]: 20, d[9]: 21})  # rises 40 but never in the Top 10
    put("R5", {d[1]: 45, d[6]: 5, d[9]: 11})  # rises 40 too, best 5
    put("W", {d[1]: 15, d[2]: 18, d[9]: 17})  # only worse than at the baseline
    put("X", {d[1]: 3})  # in the baseline only, tied with C at 3
    rows = [
        {
            "date": day,
            "keyword": "kw",
            "app": app,
            "developer": f"{app} Ltd.",
            "rank": r,
            "overall_rank": 88 if app == "L" else "",
        }
        for app, by in ranks.items()
        for day, r in by.items()
    ]
    rows += [
        {"date": D(2021, 3, 11), "keyword": "kw", "app": "Late", "developer": "", "rank": 1, "overall_rank": ""},
        {"date": d[5], "keyword": "other", "app": "Other", "developer": "", "rank": 1, "overall_rank": ""},
    ]
    return rows


@pytest.fixture(scope="module")
def hand(tmp_path_factory, backend, spark_folders):
    """The hand-built panel, as a connection on the backend under test (built once per backend)."""
    path = tmp_path_factory.mktemp("hand")
    write_panel(path / "ranks.csv", hand_rows())
    with Warehouse.open(path / "w.duckdb") as wh:
        ingest_file(wh, "app_ranks", path / "ranks.csv")
    with Warehouse.open(path / "w.duckdb", read_only=True) as wh:
        yield connect_on(backend, wh, spark_folders)


def test_hand_window_snapshots_and_keyword(hand, facts_of):
    f = facts_of(hand, cfg(start=D(2021, 3, 1)))
    assert f.snapshots == DAYS and f.baseline_date == D(2021, 3, 1) and f.last_date == D(2021, 3, 10)
    names = {r["app"] for r in f.new_apps.table} | {r["app"] for r in f.rising_apps.table}
    assert "Late" not in names and "Other" not in names  # after the window; another keyword


def test_hand_top_apps_ties_and_missing_day(hand, facts_of):
    f = facts_of(hand, cfg(start=D(2021, 3, 1)))
    assert [(r["app"], r["days_top"]) for r in f.top_apps] == [("A", 9), ("B", 9), ("C", 8)]
    c = f.top_apps[2]["ranks"]
    assert c[DAYS.index(D(2021, 3, 8))] is None and c.count(3) == 8
    f4 = facts_of(hand, cfg(start=D(2021, 3, 1), top_apps=4))
    assert (f4.top_apps[3]["app"], f4.top_apps[3]["days_top"]) == ("F", 3)  # "top" is now ranks 1-4


def test_hand_fallers(hand, facts_of):
    f = facts_of(hand, cfg(start=D(2021, 3, 1)))
    assert [(r["app"], r["baseline_rank"], r["current_rank"], r["left_top_date"]) for r in f.falling_apps] == [
        ("X", 3, None, D(2021, 3, 2)),
        ("F", 4, 20, D(2021, 3, 5)),
    ]  # G: 5 -> 6 stays within falling_below
    assert "F在 3 月 1 日排第 4 位，3 月 5 日起跌出前五，3 月 10 日降至第 20 位" in text.overview(f, "某数据")
    gone = facts_of(hand, cfg(start=D(2021, 3, 1), falling_top=3, falling_below=2))
    assert ("X", None) in [(r["app"], r["current_rank"]) for r in gone.falling_apps]  # tied at 3, then unlisted


def test_hand_new_apps(hand, facts_of):
    f = facts_of(hand, cfg(start=D(2021, 3, 1)))
    n = f.new_apps
    assert n.count == 5  # E, L, N2, T1, T2
    assert (n.reached_top10, n.reached_top10_any) == (4, 5)  # E reached it and left
    assert [(r["app"], r["best_rank"], r["current_rank"], r["first_seen"]) for r in n.table] == [
        ("E", 2, None, D(2021, 3, 3)),
        ("N2", 7, 7, D(2021, 3, 2)),
        ("T2", 7, 14, D(2021, 3, 2)),  # same best rank and first day: by name
        ("T1", 7, 16, D(2021, 3, 4)),
        ("L", 7, 7, D(2021, 3, 10)),
    ]
    assert n.table[-1]["overall_rank"] == 88


def test_hand_rising_apps(hand, facts_of):
    f = facts_of(hand, cfg(start=D(2021, 3, 1)))
    r = f.rising_apps
    rows = [
        (x["app"], x["rise"], x["baseline_rank"], x["best_rank"], x["best_date"], x["current_rank"]) for x in r.table
    ]
    assert rows == [
        ("R5", 40, 45, 5, D(2021, 3, 7), 11),  # ties R2 on rise: the better best rank first
        ("R2", 40, 50, 10, D(2021, 3, 4), 13),
        ("R1", 37, 40, 3, D(2021, 3, 7), 12),  # best rank 3 reached first on 03-07
        ("R3", 21, 30, 9, D(2021, 3, 3), None),
    ]
    # R4 rose 40 but never reached the Top 10; W and G never beat their baseline rank
    assert (r.count, r.reached_top10, r.reached_top10_any) == (5, 3, 4)
    assert "R4" not in [x[0] for x in rows]
    assert facts_of(hand, cfg(start=D(2021, 3, 1), table_rows=2)).rising_apps.table[-1]["app"] == "R2"


def test_hand_baseline_before_the_window(hand, facts_of):
    # The window starts on 03-06, a day without a snapshot: the baseline is 03-05.
    f = facts_of(hand, cfg(start=D(2021, 3, 6)))
    assert f.baseline_date == D(2021, 3, 5) and f.snapshots == [d for d in DAYS if d > D(2021, 3, 6)]
    # R5 and R2 are "new": not listed on 03-05; E left before the window and is nowhere
    assert [(r["app"], r["best_rank"], r["first_seen"]) for r in f.new_apps.table] == [
        ("R5", 5, D(2021, 3, 7)),
        ("L", 7, D(2021, 3, 10)),
        ("N2", 7, D(2021, 3, 10)),
    ]
    assert [(r["app"], r["baseline_rank"], r["rise"]) for r in f.rising_apps.table] == [("R1", 32, 29)]
    assert f.new_apps.count == 7  # + R2, T1, T2, W


def test_hand_app_on_the_last_day_only(hand, facts_of):
    f = facts_of(hand, cfg(start=D(2021, 3, 1)))
    [last] = [r for r in f.new_apps.table if r["app"] == "L"]
    assert last["first_seen"] == f.snapshots[-1]
    assert last["current_rank"] == last["best_rank"] == 7
    only = facts_of(hand, cfg(start=D(2021, 3, 10)))  # one snapshot: it is its own baseline
    assert only.snapshots == [D(2021, 3, 10)] and only.baseline_date == D(2021, 3, 10)
    assert only.new_apps.count == only.rising_apps.count == 0


def test_hand_ties_and_an_earlier_end(hand, facts_of):
    f = facts_of(hand, cfg(start=D(2021, 3, 1)))
    cur = {r["app"]: r["current_rank"] for r in f.new_apps.table}
    assert cur["L"] == cur["N2"] == 7  # tied on the last day
    early = facts_of(hand, cfg(start=D(2021, 3, 1), end=D(2021, 3, 4)))
    assert early.last_date == D(2021, 3, 4)  # current ranks are read on the window's last snapshot
    assert [(r["app"], r["current_rank"], r["best_rank"]) for r in early.new_apps.table][:1] == [("E", 9, 2)]


def test_no_data_for_the_keyword(warehouse, connect):
    f = app_store_facts(connect(warehouse), cfg())
    assert f.missing == ["app_ranks"] and f.to_dict()["new_apps"]["count"] == 0
    b = blocks(f, default_house(), None)
    for value in (fn() for fn in b.values()):
        assert isinstance(value, Paragraph) and value.kind == "note" and "缺少“kw”" in value.text


def test_empty_tables_become_notes(hand, facts_of):
    f = facts_of(hand, cfg(start=D(2021, 3, 10), top_rank=1))
    b = blocks(f, default_house(), None)
    assert isinstance(b["app_store.new_apps"](), Paragraph) and isinstance(b["app_store.rising_apps"](), Paragraph)
    assert "没有新进应用进入过前 1 名" in b["app_store.new_apps"]().text


# --- configuration ------------------------------------------------------------------------------


def test_window_configuration():
    end, s = D(2024, 5, 9), default_house().app_store
    assert AppStoreConfig.resolve(s, end).start == D(2024, 4, 9)
    assert AppStoreConfig.resolve(s.replace(window_days=7), end).start == D(2024, 5, 2)
    c = AppStoreConfig.resolve(s.replace(start="2024-04-01", end=D(2024, 4, 30)), end)
    assert (c.start, c.end) == (D(2024, 4, 1), D(2024, 4, 30))
    assert month_before(D(2024, 3, 31)) == D(2024, 2, 29) and month_before(D(2024, 1, 15)) == D(2023, 12, 15)
    with pytest.raises(AnalyticsError, match="starts"):
        AppStoreConfig.resolve(s.replace(start="2024-06-01"), end)
    with pytest.raises(ValidationError, match="keywrod"):
        s.replace(keywrod="x")
    with pytest.raises(ValidationError, match="date"):
        s.replace(start="April")


def test_window_label():
    f = AppStoreFacts("kw", (D(2024, 4, 1), D(2024, 5, 9)))
    assert text.window_label(f) == "4 月 1 日至 5 月 9 日"


def test_clip():
    assert clip("Canary Mail", 22) == "Canary Mail"
    assert clip("政务-移动办事通政务-移动办事通", 12) == "政务-移动…"
    assert display_width(clip("AI绘画师-二次元动漫头像生成", 16)) <= 16


# --- a random panel against a plain pandas implementation ---------------------------------------


def reference(df: pd.DataFrame, start, end, top_rank=10, rows=10) -> dict:
    """The definitions of issue 4, the plain pandas way (apps keyed by name and developer)."""
    df = df[df.date <= end]
    dates = sorted(df.date.unique())
    base_date = max([d for d in dates if d <= start], default=min(d for d in dates if d >= start))
    key = ["app", "developer"]
    win = df[df.date >= start]
    last = win.date.max()
    g = win.groupby(key)
    a = pd.DataFrame({"best": g["rank"].min(), "first_seen": g.date.min()})
    a["best_date"] = [grp.loc[grp["rank"] == grp["rank"].min(), "date"].min() for _, grp in g]
    base = df[df.date == base_date].set_index(key)["rank"]
    cur = win[win.date == last].set_index(key)["rank"]
    a["base"], a["cur"] = base.reindex(a.index), cur.reindex(a.index)
    a = a.reset_index()
    new, up = a[a.base.isna()], a[a.base - a.best > 0].assign(rise=lambda x: x.base - x.best)
    new_t = new[new.best <= top_rank].sort_values(["best", "first_seen", "app", "developer"]).head(rows)
    up_t = (
        up[up.best <= top_rank]
        .sort_values(["rise", "best", "best_date", "app", "developer"], ascending=[False, True, True, True, True])
        .head(rows)
    )
    return {
        "counts": (
            len(new),
            int(((new.best <= top_rank) & new.cur.notna()).sum()),
            int((new.best <= top_rank).sum()),
            len(up),
            int(((up.best <= top_rank) & up.cur.notna()).sum()),
            int((up.best <= top_rank).sum()),
        ),
        "new": [(r.app, r.best, None if pd.isna(r.cur) else int(r.cur), r.first_seen) for r in new_t.itertuples()],
        "up": [(r.app, int(r.rise), r.best, r.best_date) for r in up_t.itertuples()],
    }


@pytest.mark.parametrize("seed_", [1, 2, 3])
def test_random_panel_matches_the_reference(tmp_path, seed_, facts_of):
    rng = random.Random(seed_)
    days = [D(2020, 12, 20) + dt.timedelta(days=i) for i in range(30) if rng.random() > 0.1]
    rows = []
    for day in days:
        listed = [i for i in range(120) if rng.random() < (0.9 if i < 80 else 0.3)]
        rng.shuffle(listed)
        for r, i in enumerate(listed, 1):
            r = r - 1 if r > 1 and rng.random() < 0.03 else r  # occasional ties
            rows.append(
                {
                    "date": day,
                    "keyword": "kw",
                    "app": f"App{i:03d}",
                    "developer": f"Dev{i % 7}",
                    "rank": r,
                    "overall_rank": "",
                }
            )
    write_panel(tmp_path / "r.csv", rows)
    with Warehouse.open(tmp_path / "w.duckdb") as wh:
        ingest_file(wh, "app_ranks", tmp_path / "r.csv")
    start, end = days[3] + dt.timedelta(days=1), days[-2]
    f = facts_of(tmp_path / "w.duckdb", cfg(start=start, end=end))
    want = reference(pd.DataFrame(rows), start, end)
    got = (
        f.new_apps.count,
        f.new_apps.reached_top10,
        f.new_apps.reached_top10_any,
        f.rising_apps.count,
        f.rising_apps.reached_top10,
        f.rising_apps.reached_top10_any,
    )
    assert got == want["counts"]
    assert [(r["app"], r["best_rank"], r["current_rank"], r["first_seen"]) for r in f.new_apps.table] == want["new"]
    assert [(r["app"], r["rise"], r["best_rank"], r["best_date"]) for r in f.rising_apps.table] == want["up"]
