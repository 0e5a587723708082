"""Issue 26's check rules (copied, collapse, zero, a stable leader's outlier, the unresolved summary,
mapped_by), each on small desks generated here against an oracle computed from the raw rows, and on the
real-shaped directory scrape of tests/directory_scrape.py."""

from __future__ import annotations

import csv
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aimonthly.config import load_settings
from aimonthly.ingest import ingest_file
from aimonthly.pipeline import analyse
from aimonthly.warehouse import Warehouse

import directory_scrape as scrape

MONTHS = ("2024-01", "2024-02", "2024-03")


def desk(root, visits: dict[str, dict[str, int]], *, tags: dict[str, str] | None = None, registry=(), lst="global"):
    """A warehouse of one list: product -> {month: visits}; the check and facts of the last month."""
    root.mkdir(parents=True, exist_ok=True)
    path = root / "traffic.csv"
    months = sorted({m for v in visits.values() for m in v})
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["month", "list", "product", "visits", "category"])
        for p, by in visits.items():
            for m, v in by.items():
                w.writerow([m, lst, p, v, (tags or {}).get(p, "AI Chatbot")])
    wh = root / "w.duckdb"
    with Warehouse.open(wh) as w_:
        ingest_file(w_, "traffic", path)
        if registry:
            reg = root / "products.csv"
            reg.write_text("product\n" + "\n".join(registry) + "\n", encoding="utf-8")
            ingest_file(w_, "products", reg)
    s = load_settings({"warehouse": str(wh), "content_dir": str(root / "c"), "output_dir": str(root / "o")}, env={})
    facts, report = analyse(s, months[-1])
    return SimpleNamespace(
        facts=facts, report=report, found=lambda rule: [f for f in report.findings if f.rule == rule]
    )


def flat(n: int, v: int = 10_000_000, step: int = 100_003) -> dict[str, dict[str, int]]:
    """n products of steady, distinct full-precision figures (no two alike by chance)."""
    return {f"P{i:02d}": {m: v - i * step + j * 7_919 for j, m in enumerate(MONTHS)} for i in range(n)}


# -- copied ---------------------------------------------------------------------------------------------


def test_a_listing_with_its_parents_figures_then_its_own_is_named(tmp_path):
    v = flat(30)
    v["Parent"] = {m: 88_123_457 + j for j, m in enumerate(MONTHS)}
    v["Child"] = {MONTHS[0]: 88_123_457, MONTHS[1]: 88_123_458, MONTHS[2]: 7_050_000}  # the copy ends: -92%
    d = desk(tmp_path, v)
    (f,) = d.found("copied")
    assert (f.severity, f.product, f.values["copy_of"], f.values["months"]) == (
        "error",
        "Child",
        "Parent",
        list(MONTHS[:2]),
    )
    (c,) = [f for f in d.found("collapse") if f.product == "Child"]
    assert c.severity == "error"  # alone it moves the Top-20 total's change by far more than 2 points


def test_rounded_figures_met_once_are_no_copy(tmp_path):
    """Two listings at "82 万" once are chance; at 9 significant digits once, or 3 digits in three months, not."""
    v = flat(30)
    v["A"] = {MONTHS[0]: 800_000, MONTHS[1]: 810_000, MONTHS[2]: 820_000}
    v["B"] = {MONTHS[0]: 790_000, MONTHS[1]: 805_000, MONTHS[2]: 820_000}
    assert desk(tmp_path / "once", v).found("copied") == []
    v["A"] = {MONTHS[0]: 8_110_000, MONTHS[1]: 8_120_000, MONTHS[2]: 8_130_000}
    v["B"] = dict(v["A"])  # 811 / 812 / 813 万 in three months: 3 + 3 + 3 digits
    assert [f.product for f in desk(tmp_path / "thrice", v).found("copied")] in (["A"], ["B"])


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_copied_agrees_with_an_oracle_on_random_desks(tmp_path_factory, data):
    """Random lists with planted copies and vendor-rounded figures: the pairs named are exactly the pairs
    of this or last month's Top 50 whose identical figures carry at least 6 significant digits in all."""
    n = data.draw(st.integers(12, 40))
    round_to = data.draw(st.sampled_from([0, 3, 5]))
    visits = {
        f"T{i:02d}": {m: round(data.draw(st.integers(1_000_000, 90_000_000)), -round_to) for m in MONTHS}
        for i in range(n)
    }
    for _ in range(data.draw(st.integers(0, 2))):  # planted copies over one to three months
        a, b = data.draw(st.sampled_from(sorted(visits))), data.draw(st.sampled_from(sorted(visits)))
        for m in MONTHS[: data.draw(st.integers(1, 3))]:
            visits[b][m] = visits[a][m]
    d = desk(tmp_path_factory.mktemp("copied"), visits)

    def digits(x: int) -> int:
        return len(str(x).rstrip("0"))

    want = set()
    names = sorted(visits)
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            same = [m for m in MONTHS if visits[a][m] == visits[b][m]]
            if a != b and sum(digits(visits[a][m]) for m in same) >= 6:
                want.add(frozenset((a, b)))
            elif visits[a][MONTHS[2]] in (visits[b][MONTHS[1]],) and digits(visits[a][MONTHS[2]]) >= 6:
                want.add(frozenset((a, b)))
            elif visits[b][MONTHS[2]] == visits[a][MONTHS[1]] and digits(visits[b][MONTHS[2]]) >= 6:
                want.add(frozenset((a, b)))
    got = {frozenset((f.product, f.values["copy_of"])) for f in d.found("copied")}
    assert got == want


# -- collapse ------------------------------------------------------------------------------------------


def test_a_fall_of_more_than_half_is_a_warning_and_its_effect_on_the_total_is_recomputed(tmp_path):
    v = flat(30)
    v["P25"][MONTHS[2]] = int(v["P25"][MONTHS[1]] * 0.17)  # -83%, outside the Top 20
    v["P03"][MONTHS[2]] = int(v["P03"][MONTHS[1]] * 0.40)  # -60% inside it
    v["P05"][MONTHS[2]] = int(v["P05"][MONTHS[1]] * 0.55)  # -45%: not a collapse
    d = desk(tmp_path, v)
    got = {f.product: f for f in d.found("collapse")}
    assert set(got) == {"P25", "P03"}

    def top20_change(without=None):
        totals = []
        for m in (MONTHS[2], MONTHS[1]):
            ranked = sorted((x[m] for p, x in v.items() if p != without), reverse=True)
            totals.append(sum(ranked[:20]))
        return totals[0] / totals[1] - 1

    assert got["P03"].values["top_change"] == pytest.approx(top20_change(), abs=1e-6)
    assert got["P03"].values["top_change_without"] == pytest.approx(top20_change("P03"), abs=1e-6)
    moves = abs(top20_change() - top20_change("P03")) > 0.02
    assert got["P03"].severity == ("error" if moves else "warning")
    assert got["P25"].severity == "warning"
    assert d.facts.traffic.lists["global"].top20_total_mom == pytest.approx(top20_change(), abs=1e-6)


# -- zero ----------------------------------------------------------------------------------------------


def test_zero_is_no_estimate_never_data(tmp_path):
    v = flat(30)
    v["P04"][MONTHS[2]] = 0  # in last month's pool: gone from the ranking, not fallen to nothing
    v["P06"][MONTHS[1]] = 0  # in this month's pool with 0 last month: no 环比
    for i in range(7):
        v[f"Tail{i}"] = {m: 0 for m in MONTHS}
    d = desk(tmp_path, v)
    (f,) = d.found("zero")
    assert f.severity == "warning"
    assert f.values["zero_rows"] == 8 and f.values["zero_rows_prev"] == 8
    assert [r["product"] for r in f.values["removed"]] == ["P04"]
    assert [r["product"] for r in f.values["no_growth"]] == ["P06"]
    lf = d.facts.traffic.lists["global"]
    assert lf.n_products == sum(1 for x in v.values() if x[MONTHS[2]] > 0) and lf.n_zero_visits == 8
    assert "P04" not in [r["product"] for r in lf.top_visits]
    assert "P06" not in [r["product"] for r in lf.top_growth]
    assert all(r["visits"] > 0 for r in lf.top_visits)


# -- outlier, unresolved, mapped_by --------------------------------------------------------------------


def test_a_stable_leader_is_no_outlier_and_a_new_lead_is(tmp_path):
    v = flat(20)
    v["Leader"] = {m: 8 * 10_000_000 + j for j, m in enumerate(MONTHS)}  # 8× the next, every month
    assert desk(tmp_path / "stable", v).found("outlier") == []
    v["Leader"][MONTHS[1]] = 2 * 10_000_000  # 2× last month, 8× now
    (f,) = desk(tmp_path / "new", v).found("outlier")
    assert f.product == "Leader" and f.values["prev_next_ratio"] == pytest.approx(2.0, abs=0.05)


def test_a_partial_registry_is_one_warning_with_the_pool_names_first(tmp_path):
    v = flat(30)
    d = desk(tmp_path / "partial", v, registry=["P00", "P01"])
    (f,) = d.found("unresolved")
    top = sorted(v, key=lambda p: -v[p][MONTHS[2]])
    assert f.values["count"] == 28 and f.values["names"] == [p for p in top if p not in ("P00", "P01")]
    assert f.message.startswith("28 of the Top 30 names")
    few = desk(tmp_path / "few", v, registry=[p for p in v if p not in ("P07", "P09")])
    assert sorted(f.product for f in few.found("unresolved")) == ["P07", "P09"]


def test_mapped_by_names_the_categories_a_later_tag_decided(tmp_path):
    v = flat(12)
    tags = {"P01": "Research, AI Writing", "P02": "AI search engine, Chatbot", "P03": "Horoscope"}
    d = desk(tmp_path, v, tags=tags)
    (f,) = d.found("mapped_by")
    assert f.severity == "info"
    assert f.values["products"] == [{"product": "P01", "category": "写作与文本", "tag": "AI Writing", "position": 2}]
    assert [x.values["tag"] for x in d.found("unmapped")] == ["Horoscope"]


# -- the real-shaped directory scrape ------------------------------------------------------------------


@pytest.fixture(scope="module")
def scraped(tmp_path_factory):
    root = tmp_path_factory.mktemp("scrape")
    with Warehouse.open(root / "w.duckdb") as wh:
        scrape.ingest_all(wh, root / "exports")
    s = load_settings({"warehouse": str(root / "w.duckdb"), "content_dir": str(root / "c")}, env={})
    facts, report = analyse(s, scrape.MONTH)
    return SimpleNamespace(facts=facts, report=report, rows=scrape.listings())


def test_the_scrape_check_names_the_copy_the_collapse_and_the_zero_rows(scraped):
    by = {(f.rule, f.product): f for f in scraped.report.findings}
    copied = by[("copied", scrape.COPIED)]
    assert copied.severity == "error" and copied.values["copy_of"] == scrape.PARENT
    assert copied.values["months"] == list(scrape.MONTHS[:-1])  # five months, then its own figure
    assert by[("collapse", scrape.COPIED)].severity == "error"
    assert by[("collapse", scrape.COLLAPSED)].severity == "warning"
    zero = by[("zero", None)]
    assert zero.values["zero_rows"] == scrape.ZEROS
    assert [r["product"] for r in zero.values["removed"]] == [scrape.ZERO_NOW]
    assert [r["product"] for r in zero.values["no_growth"]] == [scrape.ZERO_BEFORE]
    assert ("outlier", scrape.LEADER) not in by  # 8× the next, as every month
    assert [f.rule for f in scraped.report.findings if f.rule == "unresolved"] == ["unresolved"]
    assert not scraped.report.count("warning") - 3  # the collapse, the zero rows, the partial registry


def test_the_scrape_figures_read_zero_as_missing(scraped):
    """Oracle from the generator's rows: the Top-20 total change and the list's size without the 0 rows."""
    rows = scraped.rows
    cur = sorted((scrape.exported(e["visits"][scrape.MONTH]) for e in rows.values()), reverse=True)
    prev = sorted((scrape.exported(e["visits"][scrape.PREV]) for e in rows.values()), reverse=True)
    lf = scraped.facts.traffic.lists["global"]
    assert lf.top20_total_mom == pytest.approx(sum(cur[:20]) / sum(prev[:20]) - 1, abs=1e-6)
    assert (lf.n_products, lf.n_zero_visits) == (scrape.LISTINGS - scrape.ZEROS, scrape.ZEROS)


def test_the_scrape_categories_follow_the_first_mappable_tag(scraped):
    lf = scraped.facts.traffic.lists["global"]
    got = {r["product"]: r["category"] for r in lf.top_visits}
    assert {p: got[p] for p in scrape.CATEGORIES if p in got} == {
        p: c for p, c in scrape.CATEGORIES.items() if p in got
    }
    (note,) = [f for f in scraped.report.findings if f.rule == "mapped_by"]
    assert {x["product"]: x["tag"] for x in note.values["products"]}["OpenAI"] == "API"
