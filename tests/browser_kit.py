"""What the browser tests share: ``aimonthly serve`` started in a folder and stopped (its console must hold
no traceback), Debian's Chromium launched by its path with a fresh profile and the network features off,
and what the browser shows of the pages' Chinese, asked of Chromium itself: whether the carried face is
loaded (``document.fonts.check``) and which font drew each element's text (DevTools'
``CSS.getPlatformFontsForNode``). On a machine without a CJK font of its own, every text must be drawn by
the carried face: a character it lacked would fall to a system font, or to a box."""

from __future__ import annotations

import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ENV = {**os.environ, "COLUMNS": "250", "NO_COLOR": "1"}


@contextmanager
def workbench(folder: Path) -> Iterator[str]:
    """``aimonthly serve --port 0`` in ``folder``: its address while it runs."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "aimonthly", "serve", "--port", "0"],
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
    )
    line = proc.stdout.readline()
    assert "workbench on http://127.0.0.1:" in line, line
    try:
        yield line.split("workbench on ")[1].split("/ ")[0]
    finally:
        proc.terminate()
        try:
            _, err = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, err = proc.communicate()
    assert "Traceback" not in err, err[-3000:]


@contextmanager
def chromium(profile: Path):
    """A Chromium context (a fresh profile in ``profile``), 1280 x 900."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            args=ARGS,
            headless=True,
            viewport={"width": 1280, "height": 900},
        )
        try:
            yield context
        finally:
            context.close()


CARRIED = "aimonthly CJK"
FACE = "Noto Sans CJK SC"  # the carried face's own name, as Chromium reports a web font it drew with

MARK_TEXT = """() => {
  const out = [];
  let n = 0;
  for (const el of document.querySelectorAll("body *")) {
    if (["SCRIPT", "STYLE", "TITLE"].includes(el.tagName.toUpperCase())) continue;
    const own = [...el.childNodes].filter(c => c.nodeType === 3 && c.textContent.trim()).map(c => c.textContent);
    if (!own.length) continue;
    const box = el.getBoundingClientRect();
    if (!box.width && !box.height) continue;  // not drawn (a closed <details>, a hidden row)
    el.setAttribute("data-font-probe", String(n++));
    out.push(own.join(""));
  }
  return out;
}"""


def carried_face_ready(page) -> bool:
    """``document.fonts.check`` of the carried face for the page's own text, once the fonts have settled:
    true when every face that text needs is loaded (so a screenshot shows glyphs, not blanks or boxes)."""
    page.evaluate("document.fonts.ready.then(() => true)")
    return page.evaluate(f"document.fonts.check('16px \"{CARRIED}\"', document.body.innerText.replace(/\\s+/g, ' '))")


def fonts_drawing_text(page) -> list[tuple[str, list[dict]]]:
    """(text, fonts) for every element with text of its own that is drawn: the fonts Chromium used for it."""
    texts = page.evaluate(MARK_TEXT)
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        ids = cdp.send("DOM.querySelectorAll", {"nodeId": root, "selector": "[data-font-probe]"})["nodeIds"]
        out = []
        for node, text in zip(ids, texts):
            fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
            out.append((text, fonts))
        return out
    finally:
        cdp.detach()


def not_carried(page) -> list[tuple[str, list[str]]]:
    """The texts some font other than the carried face drew (a box, or a system font standing in)."""
    bad = []
    for text, fonts in fonts_drawing_text(page):
        others = [f["familyName"] for f in fonts if not (f["isCustomFont"] and f["familyName"] == FACE)]
        if others:
            bad.append((text[:60], others))
    return bad
