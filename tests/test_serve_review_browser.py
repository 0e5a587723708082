"""The month's review done in a real browser (Debian's Chromium driven by Playwright, as
tests/test_serve_browser.py), over a generated desk with a vendor glitch (tests/serve_kit.py: Glitch-AI,
new at the top of the global list with 15x the next product's visits) served by ``aimonthly serve``:

the finding is on the month page; the analyst excludes it with a reason; the check runs again and shows it
excluded; the open preview reloads by itself and its lead paragraph no longer names the glitch; a form on
another site that posts to the workbench is refused (403) and writes nothing. The month page before and
after and every text on it are drawn by the CJK face the workbench carries (screenshots in
test-screenshots/review-before.png and review-after.png)."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import serve_kit as kit
from browser_kit import CHROMIUM, carried_face_ready, chromium, not_carried, workbench

pytestmark = [pytest.mark.slow, pytest.mark.browser]  # a server, a browser, a preview build (about 30 s)

SHOTS = Path(__file__).resolve().parents[1] / "test-screenshots"
if not CHROMIUM.exists():
    pytest.skip("Debian's chromium is not installed (make test installs it)", allow_module_level=True)
playwright_api = pytest.importorskip("playwright.sync_api")

REASON = "供应商数据异常：较次席高约 15 倍，且上月无数据"
LEAD = "全球榜访问量 Top"  # the global section's lead paragraph: the list's Top N, then its leaders


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    return kit.plant(tmp_path_factory.mktemp("review-desk"), glitch=True, content=True)


@pytest.fixture(scope="module")
def server(desk):
    with workbench(desk.root) as base:
        yield base


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with chromium(tmp_path_factory.mktemp("chromium-profile")) as context:
        yield context


def lead(page) -> str | None:
    return next((t for t in page.locator("p").all_inner_texts() if LEAD in t), None)


def shot(page, name: str) -> None:
    assert carried_face_ready(page)  # before the screenshot: the glyphs are there, not blanks
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    assert not_carried(page) == []  # no text drawn by anything but the carried face: no box


def test_the_review_of_a_glitch_in_the_browser(browser, server, desk):
    month_file = desk.root / "content" / f"{kit.MONTH}.md"
    preview = browser.new_page()
    preview.goto(f"{server}/preview/{kit.MONTH}", wait_until="load")
    before_lead = lead(preview)
    assert before_lead and kit.GLITCH in before_lead
    preview.evaluate("window.__before_review = true")

    page = browser.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{server}/months/{kit.MONTH}", wait_until="load")
    row = page.locator(f'tr[data-rule="outlier"][data-subject="{kit.GLITCH}"]')
    assert row.count() == 1 and "error" in (row.get_attribute("class") or "")
    shot(page, "review-before")

    row.locator("details.exclude summary").click()
    assert row.locator("select[name=list]").input_value() == "global"  # this list only, as the finding says
    row.locator("details.exclude input[name=reason]").fill(REASON)
    with page.expect_navigation(wait_until="load"):
        row.locator("details.exclude button[type=submit]").click()
    assert "done=exclude" in page.url
    assert page.locator(f'tr[data-rule="outlier"][data-subject="{kit.GLITCH}"]').count() == 0
    assert page.locator(f'tr[data-rule="exclusion"][data-subject="{kit.GLITCH}"]').count() == 1
    assert REASON in page.inner_text("#exclusion-table") and "已写入" in page.inner_text("p.done")
    shot(page, "review-after")
    assert f"{{product: {kit.GLITCH}, list: global, reason: {REASON}}}" in month_file.read_text(encoding="utf-8")

    # the preview, open all along, reloads itself and its lead paragraph changes
    start, after_lead = time.monotonic(), before_lead
    while after_lead == before_lead and time.monotonic() - start < 60:  # bounded
        time.sleep(0.2)
        try:
            if preview.evaluate("window.__before_review === undefined"):
                after_lead = lead(preview)
        except playwright_api.Error:  # the page is being replaced
            pass
    assert after_lead and after_lead != before_lead and kit.GLITCH not in after_lead and "Prod-000" in after_lead
    assert errors == []


class AttackSite(BaseHTTPRequestHandler):
    """Another site's page, with a form that posts to the workbench (as a page a reviewer might visit)."""

    target = ""

    def do_GET(self):
        body = (
            '<!DOCTYPE html><html><body><form method="post" action="' + self.target + '">'
            '<input name="dataset" value="traffic"><input name="product" value="Prod-001">'
            '<input name="reason" value="伪造"><input name="digest" value="x"><input name="csrf" value="y">'
            "<button>go</button></form></body></html>"
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_a_form_on_another_site_is_refused_and_writes_nothing(browser, server, desk):
    month_file = desk.root / "content" / f"{kit.MONTH}.md"
    page = browser.new_page()
    page.goto(f"{server}/months/{kit.MONTH}", wait_until="load")  # this browser has a session with the workbench
    saved = month_file.read_bytes()
    AttackSite.target = f"{server}/months/{kit.MONTH}/exclude"
    site = ThreadingHTTPServer(("127.0.0.1", 0), AttackSite)
    thread = threading.Thread(target=site.serve_forever, daemon=True)
    thread.start()
    try:
        page.goto(f"http://127.0.0.1:{site.server_address[1]}/", wait_until="load")
        with page.expect_navigation(wait_until="load") as nav:
            page.click("button")
        assert nav.value.status == 403 and "拒绝" in page.inner_text("body")
        # the same post from a script with this session's cookie but no token: refused too
        forged = page.request.post(
            f"{server}/months/{kit.MONTH}/exclude",
            form={"dataset": "traffic", "product": "Prod-001", "reason": "伪造"},
            headers={"Origin": server},
        )
        assert forged.status == 403
    finally:
        site.shutdown()
        thread.join(timeout=10)
    assert month_file.read_bytes() == saved
