"""The workbench's pages over a generated data set (tests/serve_kit.py), through Starlette's test client:
rankings (sort, filter, pages, sparklines), the product page's history, the month and report pages,
404s that say what exists, and the guard (Host header, paths out of the served folders, headers)."""

from __future__ import annotations

import re
import shutil
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import quote

import html5lib
import pytest
from starlette.testclient import TestClient

import serve_kit as kit
from aimonthly.serve import create_app
from aimonthly.serve.responses import product_url


@pytest.fixture(scope="module")
def planted(tmp_path_factory):
    return kit.plant(tmp_path_factory.mktemp("serve"))


@pytest.fixture(scope="module")
def client(planted):
    with TestClient(create_app(planted.settings), base_url="http://127.0.0.1:8765") as c:
        yield c


SVG = "{http://www.w3.org/2000/svg}"


def tree(response):
    """The page as a browser parses it; SVG elements keep their namespace (``SVG + "circle"``)."""
    return html5lib.parse(response.text, namespaceHTMLElements=False)


def charts(page) -> dict:
    return {svg.get("id"): svg for svg in page.iter(SVG + "svg")}


def text_of(el) -> str:
    return " ".join("".join(el.itertext()).split())


def table_rows(response, table_id: str = "ranking") -> list[list[str]]:
    t = next(el for el in tree(response).iter("table") if el.get("id") == table_id)
    return [[text_of(td) for td in tr.iter("td")] for tr in t.find("tbody").iter("tr")]


def half_up(x: Decimal, places: str) -> Decimal:
    return x.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def pct(x) -> str:
    """环比 as the report prints a change: signed, one place, half up (from the float's shortest repr)."""
    if x is None:
        return "–"
    d = half_up(Decimal(repr(x)) * 100, "0.1")
    return "0.0%" if d == 0 else f"{'+' if d > 0 else ''}{d}%"


def visits_cell(v: int) -> str:
    """访问量 in 万 (one place) or 亿 (two), half up; below 1万 as it is."""
    if v >= 10**8:
        return f"{half_up(Decimal(v) / 10**8, '0.01')}亿"
    return f"{half_up(Decimal(v) / 10**4, '0.1'):,}万" if v >= 10**4 else f"{v:,}"


# -- rankings ------------------------------------------------------------------------------------


def test_the_ranking_shows_every_product_by_rank_with_its_mom(client):
    want = kit.ranking("global", kit.MONTH)
    r = client.get(f"/rankings/global/{kit.MONTH}?per=200")
    assert r.status_code == 200
    rows = table_rows(r)
    assert len(rows) == len(want) == 122
    for got, w in zip(rows, want):
        assert got[0] == str(w["rank"]) and got[1].startswith(w["product"]), (got, w)
        assert got[4] == visits_cell(w["visits"]) and got[5] == pct(w["mom"])
    cells = [td.get("data-value") for td in tree(r).iter("td") if td.get("data-value") is not None]
    assert cells == [str(w["visits"]) for w in want]  # the exact figure, for machines and sorting
    tie = [g[1] for g in rows if g[4] == "500.0万"]
    assert tie == ["Prod-040", "Prod-041"]  # a tie: the name decides
    seven = next(g for g in rows if g[1].startswith("Prod-007"))
    assert seven[5] != "–"  # 环比 across the rename? not this month (renamed in 2024-01): it is Prod-007 both months


def test_the_ranking_sorts_by_every_column(client):
    want = kit.ranking("global", kit.MONTH)
    by_mom = sorted(want, key=lambda w: (w["mom"] is None, -(w["mom"] or 0), w["rank"]))
    rows = table_rows(client.get(f"/rankings/global/{kit.MONTH}?sort=mom&order=desc&per=200"))
    assert [g[0] for g in rows] == [str(w["rank"]) for w in by_mom]
    rows = table_rows(client.get(f"/rankings/global/{kit.MONTH}?sort=visits&order=asc&per=25"))
    assert [g[0] for g in rows] == [str(w["rank"]) for w in sorted(want, key=lambda w: (w["visits"], w["rank"]))][:25]
    rows = table_rows(client.get(f"/rankings/global/{kit.MONTH}?sort=product&order=desc&per=200"))
    assert [g[1] for g in rows] == sorted((w["product"] for w in want), reverse=True)
    for col in ("company", "category"):
        rows = table_rows(client.get(f"/rankings/global/{kit.MONTH}?sort={col}&order=asc&per=200"))
        k = {"company": 2, "category": 3}[col]
        assert [g[k] for g in rows] == sorted(w[col] for w in want)


def test_the_ranking_filters_by_category_and_text_and_pages(client):
    want = [w for w in kit.ranking("global", kit.MONTH) if w["category"] == "图片图像" and "-1" in w["product"]]
    r = client.get(f"/rankings/global/{kit.MONTH}", params={"category": "图片图像", "q": "prod-1", "per": 25})
    rows = table_rows(r)
    assert [g[0] for g in rows] == [str(w["rank"]) for w in want][:25]
    assert f"筛选后显示 {len(want):,} 款" in text_of(tree(r).find("body"))
    page3 = table_rows(client.get(f"/rankings/global/{kit.MONTH}?per=25&page=3"))
    assert [g[0] for g in page3] == [str(k) for k in range(51, 76)]
    last = client.get(f"/rankings/global/{kit.MONTH}?per=25&page=999")  # past the end: the last page
    assert [g[0] for g in table_rows(last)] == [str(k) for k in range(101, 123)]


def test_each_row_has_a_twelve_month_sparkline_across_a_rename(client):
    r = client.get(f"/rankings/global/{kit.MONTH}?q=Prod-007")
    svg = next(tr for tr in tree(r).iter("tr") if "Prod-007" in text_of(tr)).find(f".//{SVG}svg")
    said = svg.find(SVG + "title").text
    hist = kit.history("Prod-007")
    for m in kit.MONTHS[-12:]:
        assert m in said  # every month of the twelve, OldSeven's included
    from aimonthly.serve.svg import compact

    assert f"{kit.MONTHS[-12]} {compact(hist[kit.MONTHS[-12]][0])}" in said
    assert len(svg.find(SVG + "path").get("d").split()) == 12


def test_links_lead_to_each_product(client):
    r = client.get(f"/rankings/global/{kit.MONTH}?per=200")
    hrefs = {a.get("href") for a in tree(r).iter("a")}
    assert product_url("Prod-000") in hrefs and product_url(kit.LOOSE) in hrefs


# -- the product page ----------------------------------------------------------------------------


def test_the_product_page_charts_visits_and_rank_across_the_rename(client):
    r = client.get(product_url("Prod-007"))
    assert r.status_code == 200
    page = tree(r)
    hist = kit.history("Prod-007")
    svgs = charts(page)
    global_series = next(g for g in svgs["visits-chart"].iter(SVG + "g") if g.get("data-series") == "global")
    visits = {c.get("data-x"): int(c.get("data-y")) for c in global_series.iter(SVG + "circle")}
    assert visits == {m: v for m, (v, _) in hist.items()}
    rank_series = next(g for g in svgs["rank-chart"].iter(SVG + "g") if g.get("data-series") == "global")
    assert {c.get("data-x"): int(float(c.get("data-y"))) for c in rank_series.iter(SVG + "circle")} == {
        m: rk for m, (_, rk) in hist.items()
    }
    body = text_of(page.find("body"))
    assert "OldSeven" in body and "新版本发布" in body  # the alias, and the news that names it by it


def test_the_product_page_shows_app_ranks_listed_company_and_prices(client):
    page = tree(client.get(product_url("Prod-001")))
    svgs = charts(page)
    app = [int(float(c.get("data-y"))) for c in svgs["app-chart-0"].iter(SVG + "circle")]
    assert app == [3 + d % 4 for d in range(10)]  # "prod-001" resolves to Prod-001 (case aside)
    closes = [float(c.get("data-y")) for c in svgs["price-chart-0"].iter(SVG + "circle")]
    assert closes == [20.0 + 0.5 * k for k in range(len(kit.PRICE_DAYS))]
    assert "300001.SZ" in text_of(page.find("body"))


def test_an_unregistered_name_has_a_page_too(client):
    r = client.get(product_url(kit.LOOSE))
    assert r.status_code == 200 and "不在产品库中" in r.text


# -- months, reports, 404s --------------------------------------------------------------------------


def test_home_lists_each_month_with_its_rows(client):
    r = client.get("/")
    assert r.status_code == 200
    rows = {tr.find("th").findtext("a"): text_of(tr) for tr in tree(r).find(".//tbody").iter("tr")}
    assert set(kit.MONTHS) <= set(rows)
    n = sum(1 for x in kit.traffic_rows() if x["month"] == kit.MONTH)
    assert f"{n:,}" in rows[kit.MONTH]


def test_the_month_page_lists_its_batches_and_runs_the_check(client):
    r = client.get(f"/months/{kit.MONTH}")
    assert r.status_code == 200
    body = text_of(tree(r).find("body"))
    assert "traffic.parquet" in body and f"{kit.MONTH} 核对：" in body and "个错误" in body


@pytest.mark.parametrize(
    "path, says",
    [
        ("/months/1999-01", "2024-04"),
        ("/months/2024-13", "2024-04"),
        ("/rankings/nolist/2024-04", "全球"),
        ("/rankings/global/1999-01", "2024-03"),
        (product_url("Prod-99x"), "Prod-099"),
        ("/no/such/page", "/reports"),
        ("/preview/2024-04", "Markdown"),
        ("/reports/2024-04/report.html", "没有这份报告"),
    ],
)
def test_unknown_things_give_a_404_that_says_what_exists(client, path, says):
    r = client.get(path)
    assert r.status_code == 404 and says in r.text and "Traceback" not in r.text


def test_reports_are_listed_and_served(planted, client, tmp_path):
    folder = planted.root / "out" / "2024-03"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "report.html").write_text(
        "<html><head><title>r</title></head><body>报告正文</body></html>", encoding="utf-8"
    )
    (folder / "data.xlsx").write_bytes(b"PK\x03\x04 not really")
    try:
        r = client.get("/reports")
        assert r.status_code == 200 and "/reports/2024-03/report.html" in r.text
        html = client.get("/reports/2024-03/report.html")
        assert html.status_code == 200 and "报告正文" in html.text and "/static/fonts.css" in html.text
        assert "script-src" not in html.headers["content-security-policy"]  # the report runs no script
        raw = client.get("/reports/2024-03/report.html?download")
        assert (
            raw.content == (folder / "report.html").read_bytes() and "attachment" in raw.headers["content-disposition"]
        )
        assert client.get("/reports/2024-03/data.xlsx").headers["content-disposition"].startswith("attachment")
        assert client.get("/reports/2024-03/report.pdf").status_code == 404  # not built
    finally:
        shutil.rmtree(folder)


# -- the guard -----------------------------------------------------------------------------------

SECRET = "secret 4f1c: a file outside the served folders"


@pytest.mark.parametrize(
    "path",
    [
        "/reports/..%2f..%2fsecret.txt",
        "/reports/..%2F..%2Fsecret.txt",
        "/reports/%2e%2e/secret.txt",
        "/reports/2024-03/..%2f..%2fsecret.txt",
        "/reports/2024-03/%2e%2e%2f%2e%2e%2fsecret.txt",
        "/reports/..%252f..%252fsecret.txt",
        "/reports/2024-03/....%2f%2fsecret.txt",
        "/reports/%2e%2e%5c%2e%2e%5csecret.txt",
        "/static/..%2f..%2fsecret.txt",
        "/static/%2e%2e%2fapp.py",
        "/reports/2024-03/%00report.html",
        "/preview/..%2f..%2fsecret",
        "/months/..%2f..%2fsecret.txt",
    ],
)
def test_no_path_outside_the_served_folders(planted, client, path):
    (planted.root / "secret.txt").write_text(SECRET, encoding="utf-8")
    folder = planted.root / "out" / "2024-03"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "report.html").write_text("<html><head></head><body>r</body></html>", encoding="utf-8")
    try:
        r = client.get(path)
        assert r.status_code == 404 and SECRET not in r.text and "Traceback" not in r.text
    finally:
        shutil.rmtree(folder)


@pytest.mark.parametrize(
    "host, ok",
    [
        ("127.0.0.1:8765", True),
        ("localhost:8765", True),
        ("[::1]:8765", True),
        ("localhost", True),
        ("evil.example", False),
        ("evil.example:8765", False),
        ("127.0.0.1.evil.example", False),
        ("", False),
        ("localhost:80@evil.com", False),  # host[:port] only (issue 28): userinfo, paths, spaces are not a host
        ("localhost@evil.com", False),
        ("[::1]evil.example", False),
        ("localhost:8765/x", False),
        ("localhost :8765", False),
        ("localhost:99999", False),
        ("LOCALHOST:8765", True),
    ],
)
def test_requests_for_another_host_are_refused(client, host, ok):
    r = client.get("/", headers={"Host": host})
    assert (r.status_code == 200) == ok and (ok or r.status_code == 421)


def test_the_view_cache_is_bounded_by_bytes_not_only_by_entries(planted):
    import pyarrow as pa

    from aimonthly.serve.workbench import Cache, Workbench

    cache = Cache(256, max_bytes=4 << 20)
    for i in range(384):  # one filter each: 0.65 MB of row positions, as on an 80,000-product list
        cache.get(("ranking-view", i), lambda: pa.array(range(81_000), pa.int64()))
    assert cache.bytes <= 4 << 20 and cache.entries == 6  # the newest six
    assert cache.get(("ranking-view", 383), lambda: None) is not None
    assert cache.get(("ranking-view", 0), lambda: "computed again") == "computed again"
    wb = Workbench(planted.settings)
    assert wb.small.max_bytes and wb.small.max_bytes <= 256 << 20


def test_the_bound_host_is_allowed_when_named(planted):
    with TestClient(create_app(planted.settings, hosts={"desk.internal"}), base_url="http://desk.internal") as c:
        assert c.get("/reports").status_code == 200


def test_every_page_keeps_to_itself(client):
    r = client.get("/")
    csp = r.headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff" and r.headers["referrer-policy"] == "same-origin"
    refs = re.findall(r'(?:src|href)="([^"]*)"', r.text)
    assert refs and all(u.startswith("/") and not u.startswith("//") for u in refs)  # nothing from elsewhere


def test_the_product_url_escapes_what_would_change_the_path():
    assert product_url("a/b?c#d") == "/products/" + quote("a/b?c#d", safe="")
    assert product_url("..") == "/products/%2E%2E"
