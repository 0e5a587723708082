"""Traffic facts: the demo reproduces the reference's figures; a second, generated data set with
other products, months and numbers agrees with a brute-force reference implementation. Every
facts test runs on each backend (DuckDB and Spark)."""

from __future__ import annotations

import csv
import random

import pandas as pd
import pytest

from aimonthly.analytics import make_context
from aimonthly.analytics.traffic import traffic_facts
from aimonthly.ingest import ingest_file
from aimonthly.narrative import traffic as text
from aimonthly.warehouse import Warehouse
from conftest import connect_on


@pytest.fixture(scope="module")
def demo_traffic(demo_con):
    return traffic_facts(demo_con, "2024-04")


def test_global_seed_figures(demo_traffic, seed):
    s, f = seed["traffic"]["global"], demo_traffic["global"]
    assert [r["product"] for r in f.top_visits[:5]] == s["top_visits_first5"]
    assert f.top5_same_order is s["top_visits_first5_same_as_prev"]
    assert (f.n_visits_over_100m, f.n_visits_over_100m_prev) == (s["n_visits_over_100m"], s["n_visits_over_100m_prev"])
    assert round(f.top20_total_mom, 3) == s["top20_total_mom"]
    assert [(r["product"], round(r["mom"], 4)) for r in f.top_growth[:3]] == [
        (g["product"], g["mom"]) for g in s["top_growth_first3"]
    ]
    shares = {r["category"]: r["share"] for r in f.category_share}
    for category, share in s["category_share_top50"].items():
        assert round(shares[category], 3) == share
    for category in ["娱乐", "写作与文本", "翻译", "图片图像", "教育", "金融"]:
        assert 0.03 <= shares[category] <= 0.05
    assert [(r["product"], r["minutes"]) for r in f.top_duration[:3]] == [
        (d["product"], d["minutes"]) for d in s["top_duration_first3"]
    ]


def test_domestic_seed_figures(demo_traffic, seed):
    s, f = seed["traffic"]["domestic"], demo_traffic["domestic"]
    assert all(r["visits"] >= s["top20_all_over"] for r in f.top_visits)
    assert [(r["product"], r["visits"]) for r in f.top_visits[:3]] == [
        (v["product"], v["visits"]) for v in s["top_visits_first3"]
    ]
    assert round(f.top20_total_mom, 3) == s["top20_total_mom"]
    assert f.n_rising_top50 == s["n_rising_top50"]
    assert [(r["product"], round(r["mom"], 4)) for r in f.top_growth[:3]] == [
        (g["product"], g["mom"]) for g in s["top_growth_first3"]
    ]
    shares = {r["category"]: round(r["share"], 3) for r in f.category_share}
    assert {k: shares[k] for k in s["category_share_top50"]} == s["category_share_top50"]
    assert [(r["product"], r["minutes"]) for r in f.top_duration[:3]] == [
        (d["product"], d["minutes"]) for d in s["top_duration_first3"]
    ]


def test_overseas_seed_figures(demo_traffic, seed):
    s, f = seed["traffic"]["overseas"], demo_traffic["overseas"]
    assert [(r["product"], r["visits"]) for r in f.top_visits[:3]] == [
        (v["product"], v["visits"]) for v in s["top_visits_first3"]
    ]
    assert [(r["product"], r["minutes"]) for r in f.top_duration[:3]] == [
        (d["product"], d["minutes"]) for d in s["top_duration_first3"]
    ]


def test_narrative_states_the_seed_figures_with_huanbi(demo_traffic):
    g, d = demo_traffic["global"], demo_traffic["domestic"]
    overview = text.overview(g, "SimilarWeb与非凡产研").text
    assert "1 亿次以上的有 9 款" in overview and "持平" in overview and "环比增长 2.7%" in overview
    assert "排序与上月相同" in overview
    assert "60.60%、42.55%、35.70%" in text.growth(g).text
    assert "35.3%" in text.categories(g).text and "24.9%" in text.categories(g).text
    assert "20.66 分钟、17.82 分钟、16.40 分钟" in text.duration(g).text
    dom = text.overview(d, "SimilarWeb与非凡产研").text
    assert "1,957 万次、1,684 万次、1,009 万次" in dom and "环比下降 3.0%" in dom and "100 万次" in dom
    assert "有 25 款访问量环比上升" in text.growth(d).text and "120.30%、98.73%、65.90%" in text.growth(d).text
    for paragraph in [overview, dom, text.growth(g).text, text.growth(d).text]:
        assert "同比" not in paragraph


# --- a second data set, generated: nothing in the code may be tied to the demo ---------------

MONTHS = ("2019-11", "2019-12")


@pytest.fixture(scope="module")
def second(tmp_path_factory):
    rng = random.Random(7)
    rows = []
    for month in MONTHS:
        for lst, n in (("global", 70), ("overseas", 35)):
            for i in range(n):
                if month == MONTHS[0] and i % 9 == 4:
                    continue  # new entrants in the later month: mom is null
                visits = rng.choice([rng.randint(10**4, 9 * 10**5), rng.randint(10**6, 4 * 10**8)])
                rows.append(
                    {
                        "month": month,
                        "list": lst,
                        "product": f"Zeta-{lst[:2]}-{i:02d}",
                        "company": f"Co{i % 11}",
                        "category": rng.choice(["音频", "代码", "视频", "办公"]),
                        "visits": visits,
                        "avg_visit_duration": f"{rng.randint(30, 1500) / 60:.2f} min",
                    }
                )
    rows.append({**rows[0], "product": "Zeta-tie", "visits": rows[0]["visits"]})  # a tie in visits
    path = tmp_path_factory.mktemp("second") / "traffic.csv"
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, rows[0].keys())
        w.writeheader()
        w.writerows(rows)
    wh_path = path.parent / "w.duckdb"
    with Warehouse.open(wh_path) as wh:
        ingest_file(wh, "traffic", path)
    frame = pd.DataFrame(rows)
    frame["seconds"] = frame["avg_visit_duration"].str.replace(" min", "").astype(float) * 60
    return wh_path, frame


@pytest.fixture(scope="module")
def second_con(second, backend, spark_folders):
    with Warehouse.open(second[0], read_only=True) as wh:
        yield connect_on(backend, wh, spark_folders)


def reference(frame: pd.DataFrame, lst: str, top_n: int, pool: int) -> dict:
    """The definitions of issue 3, written the plain pandas way."""

    def ranked(month):
        m = frame[(frame.month == month) & (frame.list == lst)].sort_values(
            ["visits", "product"], ascending=[False, True]
        )
        return m.reset_index(drop=True)

    cur, prev = ranked(MONTHS[1]), ranked(MONTHS[0])
    cur = cur.merge(prev[["product", "visits"]].rename(columns={"visits": "prev"}), on="product", how="left")
    cur["mom"] = cur.visits / cur.prev - 1
    top50 = cur.head(pool)
    growth = top50.dropna(subset=["mom"]).sort_values(["mom", "product"], ascending=[False, True]).head(top_n)
    duration = top50.sort_values(["seconds", "product"], ascending=[False, True]).head(top_n)
    share = top50.groupby("category").visits.sum() / top50.visits.sum()
    return {
        "top_visits": list(cur.head(top_n)["product"]),
        "top_growth": list(growth["product"]),
        "top_duration": [(p, round(s / 60, 2)) for p, s in zip(duration["product"], duration.seconds)],
        "category_share": share.sort_values(ascending=False).round(6).to_dict(),
        "n_over": int((cur.visits >= 10**8).sum()),
        "n_over_prev": int((prev.visits >= 10**8).sum()),
        "top_mom": cur.head(top_n).visits.sum() / prev.head(top_n).visits.sum() - 1,
        "rising": int((top50.mom > 0).sum()),
        "same5": list(cur.head(5)["product"]) == list(prev.head(5)["product"]),
    }


@pytest.mark.parametrize("lst", ["global", "overseas"])
@pytest.mark.parametrize("top_n, pool", [(20, 50), (10, 30)])
def test_second_data_set_matches_the_reference_implementation(second, second_con, lst, top_n, pool):
    frame = second[1]
    facts = traffic_facts(second_con, MONTHS[1], top_n=top_n, pool=pool)
    assert set(facts) == {"global", "overseas"}  # no domestic rows: the list is simply absent
    f, want = facts[lst], reference(frame, lst, top_n, pool)
    assert [r["product"] for r in f.top_visits] == want["top_visits"]
    assert [r["product"] for r in f.top_growth] == want["top_growth"]
    assert [(r["product"], r["minutes"]) for r in f.top_duration] == want["top_duration"]
    assert {r["category"]: r["share"] for r in f.category_share} == pytest.approx(want["category_share"])
    assert (f.n_visits_over_100m, f.n_visits_over_100m_prev) == (want["n_over"], want["n_over_prev"])
    assert f.top20_total_mom == pytest.approx(want["top_mom"], abs=1e-6)
    assert f.n_rising_top50 == want["rising"]
    assert f.top5_same_order == want["same5"]


def test_first_month_has_no_comparisons(second_con):
    f = traffic_facts(second_con, MONTHS[0])["global"]
    assert f.top20_total_mom is None and f.n_rising_top50 is None and f.top_growth == []
    assert all(r["mom"] is None for r in f.top_visits)
    assert "缺少上月可比数据" in text.growth(f).text
    assert "环比" not in text.overview(f, "X").text


def test_context_month_end():
    assert make_context("2031-02").data_date.isoformat() == "2031-02-28"
