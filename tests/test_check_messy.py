"""Issue 11 on a messy data set of its own (tests/messy_data.py): the check finds exactly the planted
glitches; the registry keeps a renamed product's 环比 and fills companies; the category mix holds
house categories only; after the analyst's exclusions every figure equals a reference computed
here in pandas, and the report says what was excluded."""

from __future__ import annotations

import json
import shutil
from types import SimpleNamespace

import pandas as pd
import yaml
import pytest
from typer.testing import CliRunner

from aimonthly.cli import app
from aimonthly.config import load_settings
from aimonthly.core.house import default_house
from aimonthly.ingest import ingest_file
from aimonthly.pipeline import analyse, build_report
from aimonthly.content.scaffold import scaffold_month
from aimonthly.warehouse import Warehouse
from messy_data import (
    COMPANY,
    DOMESTIC,
    DUPLICATE,
    GLITCH,
    HOUSE,
    MONTH,
    PREV,
    RENAMED_FROM,
    global_rows,
    write_exports,
    write_prev_content,
)

EXCLUDE = f"""exclude:
  traffic:
    - {{product: "{GLITCH}", list: global, reason: 访问量数据异常}}
    - {{product: {DUPLICATE[0]}, list: global, reason: 与 Delta Write 重复计数}}
"""


def build(root, *, exclude: bool = False, fixed: bool = False, backend: str = "duckdb"):
    files = write_exports(root / "exports")
    wh = root / "w.duckdb"
    with Warehouse.open(wh) as w:
        ingest_file(w, "products", files["products"])
        for m in (PREV, MONTH):
            ingest_file(w, "traffic", files[f"global-{m}"], fill={"month": m, "list": "global"})
            ingest_file(w, "traffic", files[f"domestic-{m}"])
        if fixed:
            ingest_file(w, "traffic", files["domestic-fixed"])
    content = root / "content"
    write_prev_content(content)
    path, _ = scaffold_month(
        content, MONTH, fallback=content / f"{PREV}.md"
    )  # the copied paragraph, as `aimonthly new` writes it
    if exclude:
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("analysts:", EXCLUDE + "analysts:", 1), encoding="utf-8")
    settings = load_settings(
        {
            "warehouse": str(wh),
            "content_dir": str(content),
            "output_dir": str(root / "out"),
            "backend": backend,
            "spark_data": str(root / "parquet"),
        },
        env={},
    )
    facts, report = analyse(settings, MONTH)
    line = next(i for i, t in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if t.startswith("Omega"))
    return SimpleNamespace(settings=settings, facts=facts, report=report, content=path, line=line, wh=wh)


@pytest.fixture(scope="module")
def messy(tmp_path_factory):
    return build(tmp_path_factory.mktemp("messy"))


@pytest.fixture(scope="module")
def excluded(tmp_path_factory):
    return build(tmp_path_factory.mktemp("excluded"), exclude=True)


def keyed(report) -> set[tuple]:
    return {(f.rule, f.severity, f.dataset, f.list, f.product) for f in report.findings}


def planted(line: int) -> set[tuple]:
    return {
        ("outlier", "error", "traffic", "global", GLITCH),
        ("list_jump", "warning", "traffic", "global", None),
        ("duplicate", "error", "traffic", "global", "Delta Write"),
        ("stale", "error", "traffic", "domestic", None),
        ("gaps", "warning", "traffic", "global", "Zeta Voice"),
        ("unresolved", "warning", "traffic", "global", GLITCH),
        ("unmapped", "warning", "traffic", "global", None),
        ("authored_text", "warning", "content", None, "Omega Slides"),
        ("authored_text", "warning", "content", None, None),
    }


def test_the_check_finds_exactly_the_planted_glitches(messy):
    assert keyed(messy.report) == planted(messy.line)
    assert len(messy.report.findings) == len(planted(messy.line))
    by = {(f.rule, f.product): f for f in messy.report.findings}
    glitch = by[("outlier", GLITCH)]
    assert glitch.values["next_ratio"] == 8.0 and glitch.values["prev_visits"] is None
    assert glitch.values["next_product"] == "Alpha Chat" and "new at #1" in glitch.message
    assert by[("duplicate", "Delta Write")].values["names"] == {"Delta Write": 60_000_000, DUPLICATE[0]: DUPLICATE[1]}
    assert by[("unmapped", None)].values["tag"] == "Quantum Horoscope"
    stale = by[("stale", None)]
    assert stale.values == {"equal": 20, "compared": 20, "share": 1.0}
    figure = next(f for f in messy.report.findings if f.rule == "authored_text" and f.product is None)
    assert figure.values["figure"] == "35.70%" and figure.values["line"] == messy.line
    assert by[("authored_text", "Omega Slides")].values["line"] == messy.line
    assert messy.report.summary() == f"check {MONTH}: 3 errors, 6 warnings, 0 notes"


def house_category(product: str) -> str:
    if product in HOUSE:
        return HOUSE[product]
    return "聊天机器人" if "ABCDEFGHIJKLMNOPQRSTUVWXYZ".index(product[-1]) % 2 else "智慧搜索"  # the fillers' tags


def reference(exclude: set[str]) -> dict:
    """The global list's figures, the plain pandas way, from the generator's rows."""
    alias = {RENAMED_FROM: "Kimi", DUPLICATE[0]: "Delta Write"}

    def frame(month):
        f = pd.DataFrame(global_rows(month), columns=["raw", "visits", "tags"])
        f = f[~f.raw.isin(exclude)]
        f["product"] = f.raw.map(lambda r: alias.get(r, r))
        return f.sort_values(["visits", "product"], ascending=[False, True]).reset_index(drop=True)

    cur, prev = frame(MONTH), frame(PREV)
    prev_visits = prev.groupby("product").visits.max()
    cur["mom"] = cur.visits / cur["product"].map(prev_visits) - 1
    cur["category"] = cur["product"].map(house_category)
    share = cur.groupby("category").visits.sum() / cur.visits.sum()
    return {
        "top": list(zip(cur["product"].head(20), cur.visits.head(20))),
        "mom": {p: m for p, m in zip(cur["product"], cur["mom"]) if m == m},
        "total_mom": cur.visits.head(20).sum() / prev.visits.head(20).sum() - 1,
        "share": share.round(6).to_dict(),
        "n": len(cur),
        "categories": dict(zip(cur["product"], cur["category"])),
    }


def test_rename_keeps_its_huanbi_and_companies_are_filled(messy):
    g = messy.facts.traffic.lists["global"]
    kimi = next(r for r in g.top_visits if r["product"] == "Kimi")
    assert kimi["mom"] == pytest.approx(260 / 200 - 1)
    companies = {r["product"]: r["company"] for r in g.top_visits}
    for product, company in companies.items():
        assert company == COMPANY.get(product, "Filler Group" if product.startswith("Filler") else None), product
    assert companies["Kimi"] == "月之暗面"


def test_category_mix_holds_house_categories_only(messy):
    house = set(default_house().taxonomy.categories["global"]) | {"其他"}
    g = messy.facts.traffic.lists["global"]
    assert {r["category"] for r in g.category_share} <= house
    assert {r["category"] for r in g.top_visits} <= house
    want = reference(set())["share"]
    assert {r["category"]: r["share"] for r in g.category_share} == pytest.approx(want)
    assert not any("," in (r["category"] or "") for r in g.category_share)


def test_after_exclusion_the_check_keeps_only_what_was_not_excluded(excluded):
    assert keyed(excluded.report) == {
        ("stale", "error", "traffic", "domestic", None),
        ("gaps", "warning", "traffic", "global", "Zeta Voice"),
        ("unmapped", "warning", "traffic", "global", None),
        ("authored_text", "warning", "content", None, "Omega Slides"),
        ("authored_text", "warning", "content", None, None),
        ("exclusion", "info", "traffic", "global", GLITCH),
        ("exclusion", "info", "traffic", "global", DUPLICATE[0]),
    }


def test_after_exclusion_the_figures_equal_the_reference(excluded):
    want = reference({GLITCH, DUPLICATE[0]})
    g = excluded.facts.traffic.lists["global"]
    assert [(r["product"], r["visits"]) for r in g.top_visits] == want["top"]
    assert {r["product"]: r["mom"] for r in g.top_visits if r["mom"] is not None} == pytest.approx(
        {p: m for p, m in want["mom"].items() if p in {r["product"] for r in g.top_visits}}, abs=1e-6
    )
    assert g.top20_total_mom == pytest.approx(want["total_mom"], abs=1e-6)
    assert {r["category"]: r["share"] for r in g.category_share} == pytest.approx(want["share"])
    assert g.n_products == want["n"]
    assert {r["product"]: r["category"] for r in g.top_visits} == {p: want["categories"][p] for p, _ in want["top"]}
    gone = {e["product"]: e for e in g.excluded}
    assert gone[GLITCH]["rank"] == 1 and gone[GLITCH]["exhibits"] == ["top_visits", "category_share"]
    assert gone[DUPLICATE[0]]["reason"] == "与 Delta Write 重复计数"
    assert excluded.facts.to_dict()["exclusions"] == [
        {"dataset": "traffic", "list": "global", "product": GLITCH, "reason": "访问量数据异常"},
        {"dataset": "traffic", "list": "global", "product": DUPLICATE[0], "reason": "与 Delta Write 重复计数"},
    ]


def test_a_report_after_the_fixes_has_no_errors_and_says_what_was_excluded(tmp_path):
    m = build(tmp_path, exclude=True, fixed=True)
    assert not m.report.errors
    r = build_report(m.settings, MONTH, formats=["html", "json"])
    html = r.files["html"].read_text(encoding="utf-8")
    assert f"注：已剔除 {GLITCH}（访问量数据异常）" in html
    assert "注：类别占比计算中已剔除" in html
    assert GLITCH not in json.dumps(
        json.loads(r.files["json"].read_text(encoding="utf-8"))["traffic"]["global"]["top_visits"]
    )
    assert r.check.summary() == f"check {MONTH}: 0 errors, 4 warnings, 2 notes"


def test_report_strict_fails_on_the_glitch(messy, tmp_path):
    """The messy month has traffic only: --strict names the missing sections first, and the check's errors with them."""
    from aimonthly.analytics.errors import MissingData

    with pytest.raises(MissingData, match=rf"no data for traffic.overseas, .*; and check {MONTH}: 3 errors"):
        build_report(messy.settings, MONTH, formats=["json"], out_dir=tmp_path, strict=True)


def test_report_strict_fails_on_check_errors_alone_and_reuses_given_analysis(messy, tmp_path):
    """With every section present (here: the facts handed in, as `aimonthly run` hands its check step's),
    --strict fails on the check's first error; the build computes neither the facts nor the check again."""
    import dataclasses

    from aimonthly.check import CheckFailed

    whole = dataclasses.replace(messy.facts, missing=[], coverage_gaps=[])
    with pytest.raises(CheckFailed, match=rf"check {MONTH}: 3 errors.*; first: outlier traffic/global {GLITCH}"):
        build_report(
            messy.settings, MONTH, formats=["json"], out_dir=tmp_path / "a", strict=True, analysed=(whole, messy.report)
        )
    r = build_report(messy.settings, MONTH, formats=["json"], out_dir=tmp_path / "b", analysed=(whole, messy.report))
    assert r.check is messy.report and "facts" not in dict(r.timings)


def test_check_command_text_json_and_strict(messy):
    runner = CliRunner()
    args = ["check", MONTH, "-w", str(messy.wh), "--content", str(messy.content)]
    r = runner.invoke(app, args, env={"COLUMNS": "200"})
    assert r.exit_code == 0, r.output
    assert f"check {MONTH}: 3 errors, 6 warnings, 0 notes" in r.output and "outlier" in r.output
    r = runner.invoke(app, [*args, "--json"])
    findings = json.loads(r.output)
    assert len(findings) == 9
    assert all(list(f) == ["rule", "severity", "dataset", "list", "product", "message", "values"] for f in findings)
    r = runner.invoke(app, [*args, "--strict"])
    assert r.exit_code == 1 and "--strict fails on errors" in r.output


def test_check_is_the_same_on_every_backend(backend, tmp_path, messy):
    m = build(tmp_path, backend=backend)
    assert keyed(m.report) == keyed(messy.report)
    assert m.facts.to_dict()["traffic"] == messy.facts.to_dict()["traffic"]


def test_unknown_exclusions_are_named_with_their_line(tmp_path):
    from aimonthly.analytics.errors import AnalyticsError

    m = build(tmp_path)
    text = m.content.read_text(encoding="utf-8")
    bad = "exclude:\n  trafic:\n    - {product: X, reason: y}\n"
    m.content.write_text(text.replace("analysts:", bad + "analysts:", 1), encoding="utf-8")
    line = next(i for i, t in enumerate(m.content.read_text(encoding="utf-8").splitlines(), 1) if "trafic" in t)
    with pytest.raises(
        AnalyticsError, match=rf"{MONTH}.md:{line}: exclude: unknown dataset 'trafic'; did you mean 'traffic'"
    ):
        analyse(m.settings, MONTH)
    m.content.write_text(
        text.replace("analysts:", EXCLUDE.replace(GLITCH, "AI Clips New Gen") + "analysts:", 1), encoding="utf-8"
    )
    with pytest.raises(
        AnalyticsError,
        match=r"'AI Clips New Gen' is on the global list nowhere in 2022-10; "
        r"did you mean 'AI Clips - New Gen'",
    ):
        analyse(m.settings, MONTH)


def test_domestic_fixed_export_clears_the_stale_error(tmp_path):
    m = build(tmp_path, fixed=True)
    assert ("stale", "error", "traffic", "domestic", None) not in keyed(m.report)
    d = m.facts.traffic.lists["domestic"]
    assert d.top20_total_mom == pytest.approx(0.05, abs=1e-6)
    assert len(DOMESTIC) == d.n_products


def test_products_unresolved_suggests_and_prints_a_row(messy):
    runner = CliRunner()
    r = runner.invoke(app, ["products", "unresolved", MONTH, "-w", str(messy.wh)], env={"COLUMNS": "200"})
    assert r.exit_code == 0, r.output
    row = next(line.strip() for line in r.output.splitlines() if line.strip().startswith("- {"))
    assert yaml.safe_load(row) == [{"product": GLITCH, "category": "视频"}]  # its tags, mapped to a house category
    assert "maybe Theta Clip" not in r.output  # nothing close enough is offered
    r = runner.invoke(app, ["products", "-w", str(messy.wh)], env={"COLUMNS": "200"})
    assert r.exit_code == 0 and "Kimi Chat" in r.output and f"{10 + 26 + 20} products" in r.output
    shutil.rmtree(messy.settings.path("output_dir"), ignore_errors=True)
