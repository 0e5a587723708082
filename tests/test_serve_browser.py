"""The workbench in a real browser: Debian's Chromium driven by Playwright (launched by its executable
path; Playwright's own browser download is never used), over the demo as a newcomer gets it
(``aimonthly demo``, then ``aimonthly status`` and ``aimonthly serve`` in its folder).

Every page loads with no console error and no request leaving the machine; the rankings sort, filter
and page; a product page's chart has the product's points; the preview reloads after the Markdown is
saved; the keyboard reaches every link. Each page's screenshot is saved in test-screenshots/ (not
committed) for a person to look at."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest

from aimonthly.demo import DEMO_MONTH, demo_files
from aimonthly.serve.responses import product_url
from browser_kit import CHROMIUM, ENV, carried_face_ready, chromium, not_carried, workbench

pytestmark = [pytest.mark.slow, pytest.mark.browser]  # the demo build, a server and a browser (about a minute)

SHOTS = Path(__file__).resolve().parents[1] / "test-screenshots"

if not CHROMIUM.exists():
    pytest.skip(
        "Debian's chromium is not installed (make test installs it: tools/system-deps.sh)", allow_module_level=True
    )
playwright_api = pytest.importorskip("playwright.sync_api")


def aimonthly(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "aimonthly", *args], cwd=cwd, capture_output=True, text=True, env=ENV, timeout=600
    )


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    """The newcomer's path: aimonthly demo, then aimonthly status in its folder finds its warehouse."""
    root = tmp_path_factory.mktemp("newcomer")
    r = aimonthly("demo", cwd=root)
    assert r.returncode == 0, r.stderr
    folder = root / "aimonthly-demo"
    status = aimonthly("status", cwd=folder)
    assert status.returncode == 0 and re.search(r"traffic\s+│\s+[1-9]", status.stdout), status.stderr  # rows there
    return folder


@pytest.fixture(scope="module")
def server(demo):
    with workbench(demo) as base:
        yield base


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with chromium(tmp_path_factory.mktemp("chromium-profile")) as context:  # a fresh profile each run
        yield context


class Watched:
    """A page whose console errors, page errors and requests are recorded."""

    def __init__(self, context, base: str):
        self.page = context.new_page()
        self.base = base
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))

    def open(self, path: str, shot: str | None = None):
        response = self.page.goto(self.base + path, wait_until="load")  # the preview polls: never idle
        if shot:
            assert carried_face_ready(self.page), path  # the carried CJK face is loaded for the page's text
            SHOTS.mkdir(exist_ok=True)
            self.page.screenshot(path=str(SHOTS / f"{shot}.png"), full_page=True)
        return response

    def assert_clean(self):
        assert self.errors == [], self.errors
        here = urlparse(self.base)
        away = [
            u
            for u in self.requests
            if urlparse(u).scheme not in ("data", "about")
            and (urlparse(u).hostname, urlparse(u).port) != (here.hostname, here.port)
        ]
        assert away == [], away


def top_product(demo: Path) -> tuple[str, dict[str, int]]:
    """The global list's first product in the demo month and its visits by month, read from the demo's
    traffic CSVs (the month's file and the year of history before it)."""
    ours = []
    for ds, path in demo_files():
        if ds != "traffic":
            continue
        with open(path, encoding="utf-8-sig") as fh:
            rows = list(csv.DictReader(fh))
        month_col = next(k for k in rows[0] if k.lower() == "month")
        ours += [{**r, "month": r[month_col]} for r in rows if r.get("list") == "global"]
    first = max((r for r in ours if r["month"] == DEMO_MONTH), key=lambda r: int(r["visits"]))
    return first["product"], {r["month"]: int(r["visits"]) for r in ours if r["product"] == first["product"]}


PAGES = {
    "home": "/",
    "month": f"/months/{DEMO_MONTH}",
    "rankings": f"/rankings/global/{DEMO_MONTH}",
    "reports": "/reports",
    "report": f"/reports/{DEMO_MONTH}/report.html",
    "preview": f"/preview/{DEMO_MONTH}",
}


def test_every_page_loads_clean_and_is_saved_as_a_screenshot(browser, server, demo):
    """Each page: no console error, nothing from the network, and on this machine (no CJK font of its own
    when the tests run in CI) every text drawn by the face the workbench carries: no box anywhere."""
    name, _ = top_product(demo)
    pages = {**PAGES, "product": product_url(name), "search": "/search?q=ai"}
    w = Watched(browser, server)
    for shot, path in pages.items():
        response = w.open(path, shot)
        assert response.status == 200 and w.page.title(), path
        assert not_carried(w.page) == [], path
    w.assert_clean()
    missing = Watched(browser, server)  # a 404 page: the browser logs the document's own status, nothing else
    assert missing.open("/months/1999-01", "not-found").status == 404
    assert len(missing.errors) == 1 and "404" in missing.errors[0]
    missing.errors.clear()
    missing.assert_clean()
    assert {p.stem for p in SHOTS.glob("*.png")} >= set(pages) | {"not-found"}


def cells(page, col: int) -> list[str]:
    return page.locator(f"#ranking tbody tr td:nth-child({col})").all_inner_texts()


def values(page) -> list[int]:
    """The visits column's exact figures (the cells show them in 万/亿; data-value holds the count)."""
    return [
        int(v) for v in page.eval_on_selector_all("#ranking tbody td[data-value]", "ts => ts.map(t => t.dataset.value)")
    ]


def test_the_rankings_sort_filter_and_page(browser, server):
    w = Watched(browser, server)
    w.open(f"/rankings/global/{DEMO_MONTH}?per=25")
    ranks = [int(x) for x in cells(w.page, 1)]
    assert ranks == list(range(1, 26))
    w.page.click("th a[data-sort=visits]")  # the first click: largest first
    w.page.wait_for_load_state("load")
    visits = values(w.page)
    assert visits == sorted(visits, reverse=True) and all(re.fullmatch(r"[\d,.]+[万亿]?", x) for x in cells(w.page, 5))
    w.page.click("th a[data-sort=visits]")  # again: smallest first
    w.page.wait_for_load_state("load")
    visits = values(w.page)
    assert visits == sorted(visits) and w.page.locator("th[aria-sort=ascending]").count() == 1
    w.page.click("th a[data-sort=product]")
    w.page.wait_for_load_state("load")
    names = cells(w.page, 2)
    assert names == sorted(names)
    categories = w.page.locator("select[name=category] option").all_inner_texts()[1:]
    w.page.select_option("select[name=category]", categories[0])
    w.page.click("form.filters button")
    w.page.wait_for_load_state("load")
    assert set(cells(w.page, 4)) == {categories[0]}
    w.open(f"/rankings/global/{DEMO_MONTH}?per=25")
    w.page.click("a[rel=next]")
    w.page.wait_for_load_state("load")
    assert [int(x) for x in cells(w.page, 1)] == list(range(26, 51))
    w.page.fill("form.filters input[name=q]", "zzz-no-such-product")
    w.page.press("form.filters input[name=q]", "Enter")
    w.page.wait_for_load_state("load")
    assert "没有产品符合筛选条件。" in w.page.inner_text("#ranking")
    w.assert_clean()


def test_the_product_chart_has_the_products_points(browser, server, demo):
    name, by_month = top_product(demo)
    w = Watched(browser, server)
    w.open(product_url(name))
    points = w.page.eval_on_selector_all(
        "#visits-chart g[data-series=global] circle", "cs => cs.map(c => [c.dataset.x, Number(c.dataset.y)])"
    )
    assert dict(points) == by_month
    box = w.page.locator("#visits-chart").bounding_box()
    assert box and box["width"] > 300 and box["height"] > 100  # drawn, not an empty box
    w.assert_clean()


def test_the_preview_reloads_after_the_markdown_is_saved(browser, server, demo):
    content = demo / "content" / f"{DEMO_MONTH}.md"
    original = content.read_text(encoding="utf-8")
    w = Watched(browser, server)
    try:
        w.open(f"/preview/{DEMO_MONTH}")
        w.page.evaluate("window.__before_save = true")
        marker = "保存之后新写的一句话"
        content.write_text(
            original.replace("## 全球市场 AI 应用情况", f"## 全球市场 AI 应用情况\n\n{marker}。", 1), encoding="utf-8"
        )
        saved = time.monotonic()
        shown = False
        while not shown and time.monotonic() - saved < 30:  # bounded; the page's CSP forbids eval'd predicates
            try:
                shown = marker in w.page.inner_text("body", timeout=1000)
            except playwright_api.Error:  # the page is being replaced
                pass
            time.sleep(0.05)
        assert shown
        print(f"preview: reloaded {time.monotonic() - saved:.2f} s after the save")
        assert w.page.evaluate("window.__before_save === undefined")  # a new page, not an edit of the old one
    finally:
        content.write_text(original, encoding="utf-8")
    w.assert_clean()


@pytest.mark.parametrize("path", ["/", f"/rankings/global/{DEMO_MONTH}?per=25", "/reports", "product"])
def test_the_keyboard_reaches_every_link(browser, server, demo, path):
    path = product_url(top_product(demo)[0]) if path == "product" else path
    w = Watched(browser, server)
    w.open(path)
    links = set(w.page.eval_on_selector_all("a[href]", "as => as.map(a => a.href)"))
    reached: set[str] = set()
    for _ in range(len(links) * 3 + 40):  # bounded: each control once, with room for the form's
        w.page.keyboard.press("Tab")
        href = w.page.evaluate("document.activeElement && document.activeElement.href || null")
        if href:
            reached.add(href)
        if reached >= links:
            break
    assert links - reached == set()
    w.assert_clean()


def test_report_html_shows_its_chinese_with_no_network_and_no_font_of_the_machine(browser, demo):
    """The demo's report.html opened as a file: its own WOFF2 cut draws every text, nothing is fetched."""
    report = demo / "reports" / DEMO_MONTH / "report.html"
    w = Watched(browser, "file://")
    w.page.goto(report.as_uri(), wait_until="load")
    assert carried_face_ready(w.page)
    SHOTS.mkdir(exist_ok=True)
    w.page.screenshot(path=str(SHOTS / "report-file.png"))  # the first screen, as a reader opens it
    assert not_carried(w.page) == []
    # Chromium's note on a file's in-page references (each file: URL is its own origin) is not the page's error
    errors = [e for e in w.errors if not e.startswith("Unsafe attempt to load URL file:")]
    assert errors == [] and [u for u in w.requests if not u.startswith(("file:", "data:"))] == []


def test_screenshots_are_not_committed():
    ignored = subprocess.run(["git", "check-ignore", "-q", str(SHOTS / "home.png")], cwd=SHOTS.parent)
    assert ignored.returncode == 0 or shutil.which("git") is None
