"""Names as a desk meets them (issue 26): a company's spellings resolve to one company (capex, the
announcements' watch list); traditional-Chinese company names print simplified; `products unresolved
--paste` prints rows that ingest as printed, and `--limit` says how many names there are in all."""

from __future__ import annotations

import csv
import datetime as dt

import pytest
import yaml
from typer.testing import CliRunner

from aimonthly.analytics.announcements import announcements_facts
from aimonthly.analytics.capex import capex_facts
from aimonthly.cli import app
from aimonthly.core.companies import CompanyNames, company_key
from aimonthly.core.house import default_house
from aimonthly.ingest import ingest_file
from aimonthly.warehouse import Warehouse

runner = CliRunner()


@pytest.mark.parametrize(
    "a, b",
    [
        ("Microsoft", "Microsoft Corp."),
        ("Meta", "Meta Platforms, Inc."),
        ("Alphabet Inc.", "alphabet"),
        ("亞馬遜", "亚马逊"),
        ("字節跳動", "字节跳动有限公司"),
        ("科大讯飞股份有限公司", "科大訊飛"),
    ],
)
def test_spellings_of_one_company_share_a_key(a, b):
    assert company_key(a) == company_key(b)


def test_configured_companies_resolve_from_their_names_and_aliases():
    names = CompanyNames(default_house().capex.spellings())
    got = {s: names.resolve(s) for s in ("微软", "MSFT", "Alphabet Inc.", "谷歌", "亞馬遜", "Meta Platforms", "脸书")}
    assert got == {
        "微软": "Microsoft",
        "MSFT": "Microsoft",
        "Alphabet Inc.": "Google",
        "谷歌": "Google",
        "亞馬遜": "Amazon",
        "Meta Platforms": "Meta",
        "脸书": "Meta",
    }
    assert names.resolve("Oracle") is None


def _capex_warehouse(tmp_path, rows):
    f = tmp_path / "capex.csv"
    with open(f, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["company", "quarter", "capex"])
        w.writerows(rows)
    wh = tmp_path / "w.duckdb"
    with Warehouse.open(wh) as w_:
        ingest_file(w_, "capex", f)
    return wh


def test_capex_reads_every_spelling_of_the_configured_companies(tmp_path):
    rows = [
        ("微软", "2024Q1", 14.0e9),
        ("Alphabet Inc.", "2024Q1", 12.0e9),
        ("亞馬遜", "2024Q1", 14.9e9),
        ("Meta Platforms", "2024Q1", 6.7e9),
        ("Oracle", "2024Q1", 1.0e9),
        ("Microsoft", "2023Q1", 7.8e9),
    ]
    with Warehouse.open(_capex_warehouse(tmp_path, rows), read_only=True) as wh:
        f = capex_facts(wh.ibis(), dt.date(2024, 5, 31), default_house().capex, lag_days=45)
    assert [(c["company"], c["capex"]) for c in f.companies] == [
        ("Microsoft", 14.0e9),
        ("Amazon", 14.9e9),
        ("Meta", 6.7e9),
        ("Google", 12.0e9),
    ]
    assert f.total == pytest.approx(sum(r[2] for r in rows[:4]))  # the oracle: the four companies' rows
    assert f.companies[0]["yoy"] == pytest.approx(14.0 / 7.8 - 1)  # two spellings of one company, one series


def test_the_watch_list_finds_a_company_in_any_script():
    conf = default_house().announcements
    rows = [
        {"date": dt.date(2024, 6, 3), "code": "002230.SZ", "company": "科大訊飛", "content": "关于大模型的公告"},
        {"date": dt.date(2024, 6, 3), "code": "000001.SZ", "company": "iFlytek Co., Ltd.", "content": "公告"},
        {"date": dt.date(2024, 6, 3), "code": "000002.SZ", "company": "某公司", "content": "公告"},
    ]
    f = announcements_facts(
        rows, (dt.date(2024, 6, 1), dt.date(2024, 6, 30)), conf, aliases=default_house().news.aliases
    )
    scores = {a.code: (a.company, a.score) for a in f.rows}
    assert scores["002230.SZ"][0] == "科大讯飞"  # printed simplified
    assert scores["000001.SZ"][1] > scores["000002.SZ"][1]  # iFlytek is 科大讯飞 of the watch list


# -- products unresolved --paste -------------------------------------------------------------------------


@pytest.fixture
def unresolved_desk(tmp_path):
    traffic = tmp_path / "traffic.csv"
    rows = [
        ("Kimi", "kimi.ai", 9_000_000, "字節跳動"),
        ("kimi ", "kimi.ai", 8_000_000, None),
        ('Tool: "A"', "tool-a.com", 7_000_000, None),
        ("Yes", "tool-a.com", 6_000_000, None),
    ]
    rows += [(f"Name {i}", f"n{i}.ai", 5_000_000 - i, None) for i in range(10)]
    with open(traffic, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["month", "list", "product", "domain", "visits", "company"])
        w.writerows([("2024-05", "global", *r) for r in rows])
    apps = tmp_path / "app_ranks.csv"
    apps.write_text("date,keyword,app,rank\n2024-05-20,ai应用,Kimi,1\n2024-05-20,ai应用,豆包,2\n", "utf-8")
    reg = tmp_path / "products.csv"
    reg.write_text("product,domain\nChatGPT,chat.openai.com\n", "utf-8")
    wh = tmp_path / "w.duckdb"
    with Warehouse.open(wh) as w_:
        for ds, f in (("traffic", traffic), ("app_ranks", apps), ("products", reg)):
            ingest_file(w_, ds, f)
    return tmp_path, wh


@pytest.mark.parametrize("as_csv", [False, True])
def test_pasted_rows_ingest_as_printed(unresolved_desk, as_csv):
    root, wh = unresolved_desk
    r = runner.invoke(
        app, ["products", "unresolved", "2024-05", "--paste", "-w", str(wh)] + (["--csv"] if as_csv else [])
    )
    assert r.exit_code == 0, r.output
    pasted = r.stdout
    reg = root / ("pasted.csv" if as_csv else "pasted.yaml")
    if as_csv:
        reg.write_text(pasted, "utf-8")
        names = [row["product"] for row in csv.DictReader(pasted.splitlines())]
    else:
        reg.write_text("- {product: ChatGPT, domain: chat.openai.com}\n" + pasted, "utf-8")
        names = [row["product"] for row in yaml.safe_load(pasted)]
    with Warehouse.open(wh) as w_:
        ingest_file(w_, "products", reg)  # raises if a name or a domain were given twice
    assert names.count("Kimi") == 1 and "kimi " not in names and "豆包" in names  # a site and an app: one row
    assert 'Tool: "A"' in names and "Yes" in names  # quoted as YAML needs
    assert "字节跳动" in pasted and "字節跳動" not in pasted


def test_limit_reports_the_true_count(unresolved_desk):
    _, wh = unresolved_desk
    r = runner.invoke(app, ["products", "unresolved", "2024-05", "--limit", "3", "-w", str(wh)], env={"COLUMNS": "200"})
    assert "14 unresolved names in 2024-05 (the 3 largest shown" in r.output
