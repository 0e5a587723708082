"""The month's review in the workbench, over a generated desk with a vendor glitch (tests/serve_kit.py:
Glitch-AI, new on the global list at 15x the next product): the finding's forms write the month file's
front matter (ruamel.yaml, the analyst's comments and quoting kept, nothing else changed), the check runs
again and the page shows the new state; a file changed since the page was loaded is not written; every
write without this session's token or from another origin is refused (403) and writes nothing; under
``--read-only`` no write route exists; hostile strings in a reason or a product stay literal in the file
and on the page."""

from __future__ import annotations

import difflib
import re

import html5lib
import pytest
import yaml
from starlette.testclient import TestClient

import serve_kit as kit
from aimonthly.core.safe import printable
from aimonthly.serve import create_app
from aimonthly.content.review import MAX_REASON, file_digest
from hostile import CLEAN, CORPUS
from hostile import plant as plant_hostile

ORIGIN = "http://127.0.0.1:8765"
MONTH_PAGE = f"/months/{kit.MONTH}"


@pytest.fixture()
def desk(tmp_path):
    return kit.plant(tmp_path / "desk", glitch=True, content=True)


@pytest.fixture()
def client(desk):
    with TestClient(create_app(desk.settings), base_url=ORIGIN) as c:
        yield c


def parse(text: str):
    return html5lib.parse(text, namespaceHTMLElements=False)


def text_of(el) -> str:
    return " ".join("".join(el.itertext()).split())


def month_file(desk):
    return desk.root / "content" / f"{kit.MONTH}.md"


def front_matter(desk) -> dict:
    text = month_file(desk).read_text(encoding="utf-8")
    return yaml.safe_load(text[3 : text.find("\n---", 3)])


def finding_row(page, rule: str, subject: str):
    rows = [tr for tr in page.iter("tr") if tr.get("data-rule") == rule and tr.get("data-subject") == subject]
    return rows[0] if rows else None


def form_fields(row, action: str) -> dict[str, str]:
    form = next(f for f in row.iter("form") if f.get("action", "").endswith(f"/{action}"))
    fields = {i.get("name"): i.get("value", "") for i in form.iter("input") if i.get("name")}
    for sel in form.iter("select"):
        fields[sel.get("name")] = next(o.get("value") for o in sel.iter("option"))  # the first: this list only
    return fields


def post(client, action: str, fields: dict, **headers):
    return client.post(
        f"/months/{kit.MONTH}/{action}", data=fields, headers={"Origin": ORIGIN, **headers}, follow_redirects=False
    )


def test_excluding_the_glitch_writes_the_front_matter_and_the_check_runs_again(client, desk):
    before_text = month_file(desk).read_text(encoding="utf-8")
    page = parse(client.get(MONTH_PAGE).text)
    row = finding_row(page, "outlier", kit.GLITCH)
    assert row is not None and "error" in row.get("class")  # the finding, an error
    fields = form_fields(row, "exclude")
    assert fields["product"] == kit.GLITCH and fields["list"] == "global" and fields["dataset"] == "traffic"
    r = post(client, "exclude", {**fields, "reason": "供应商数据异常：较次席高 15 倍"})
    assert r.status_code == 303 and r.headers["location"].startswith(MONTH_PAGE)
    # the file: the analyst's text as it was, one entry added at the end of the front matter
    after_text = month_file(desk).read_text(encoding="utf-8")
    added = [d for d in difflib.ndiff(before_text.splitlines(), after_text.splitlines()) if d[:2] in ("- ", "+ ")]
    assert added == [
        "+ exclude:",
        "+   traffic:",
        "+     - {product: Glitch-AI, list: global, reason: 供应商数据异常：较次席高 15 倍}",
    ]
    assert "# 分析师的注释：封面标题待定 'quoted' \"too\"" in after_text  # a comment of the analyst's, kept
    assert front_matter(desk)["exclude"] == {
        "traffic": [{"product": kit.GLITCH, "list": "global", "reason": "供应商数据异常：较次席高 15 倍"}]
    }
    # the page: the check ran again on the new file
    after = parse(client.get(r.headers["location"]).text)
    assert finding_row(after, "outlier", kit.GLITCH) is None
    assert finding_row(after, "exclusion", kit.GLITCH) is not None  # the check's note of the exclusion
    excluded = text_of(next(t for t in after.iter("table") if t.get("id") == "exclusion-table"))
    assert kit.GLITCH in excluded and "供应商数据异常" in excluded
    assert "已写入" in text_of(after.find(".//p[@class='done']"))


def test_accepting_a_finding_writes_its_entry_in_the_accept_schema(client, desk):
    page = parse(client.get(MONTH_PAGE).text)
    row = finding_row(page, "list_jump", "global")  # a finding of a list: its subject is the list
    fields = form_fields(row, "accept")
    assert fields["rule"] == "list_jump" and fields["subject"] == "global"
    assert post(client, "accept", {**fields, "reason": "榜单口径调整，已核实"}).status_code == 303
    assert front_matter(desk)["accept"] == [
        {"rule": "list_jump", "subject": "global", "reason": "榜单口径调整，已核实"}
    ]
    after = parse(client.get(MONTH_PAGE).text)
    assert "已接受" in text_of(finding_row(after, "list_jump", "global"))
    accepted = text_of(next(t for t in after.iter("table") if t.get("id") == "accepted-table"))
    assert "list_jump" in accepted and "榜单口径调整，已核实" in accepted


def test_a_finding_that_quotes_the_text_opens_its_paragraph(client, desk):
    page = parse(client.get(MONTH_PAGE).text)
    lines = month_file(desk).read_text(encoding="utf-8").splitlines()
    line = lines.index(kit.AUTHORED) + 1
    row = finding_row(page, "authored_text", "content")
    link = next(a.get("href") for a in row.iter("a") if a.get("class") == "open")
    assert link == f"/months/{kit.MONTH}/text?line={line}#L{line}"
    shown = parse(client.get(link).text)
    marked = [li for li in shown.iter("li") if li.get("class") == "marked"]
    assert [li.get("id") for li in marked] == [f"L{line}"] and text_of(marked[0]) == kit.AUTHORED


def test_a_file_changed_since_the_page_was_loaded_is_not_written(client, desk):
    page = parse(client.get(MONTH_PAGE).text)
    fields = form_fields(finding_row(page, "outlier", kit.GLITCH), "exclude")
    month_file(desk).write_text(month_file(desk).read_text(encoding="utf-8") + "\n分析师刚刚保存的一句话。\n", "utf-8")
    saved = month_file(desk).read_bytes()
    r = post(client, "exclude", {**fields, "reason": "数据异常"})
    assert r.status_code == 409 and "已被修改" in r.text and month_file(desk).read_bytes() == saved


@pytest.mark.parametrize(
    "change",
    [
        "no token",
        "wrong token",
        "another session's token",
        "another origin",
        "null origin",
        "no origin, no referer",
        "referer of another site",
        "a JSON body",
    ],
)
def test_a_forged_write_is_refused_and_writes_nothing(client, desk, change):
    page = parse(client.get(MONTH_PAGE).text)
    fields = {**form_fields(finding_row(page, "outlier", kit.GLITCH), "exclude"), "reason": "伪造"}
    saved = month_file(desk).read_bytes()
    headers = {"Origin": ORIGIN}
    data: dict | None = fields
    if change == "no token":
        data = {k: v for k, v in fields.items() if k != "csrf"}
    elif change == "wrong token":
        data = {**fields, "csrf": "0" * 64}
    elif change == "another session's token":
        with TestClient(create_app(desk.settings), base_url=ORIGIN) as other:  # its own cookie and key
            other_page = parse(other.get(MONTH_PAGE).text)
            data = {**fields, "csrf": form_fields(finding_row(other_page, "outlier", kit.GLITCH), "exclude")["csrf"]}
    elif change == "another origin":
        headers = {"Origin": "http://evil.example"}
    elif change == "null origin":
        headers = {"Origin": "null"}
    elif change == "no origin, no referer":
        headers = {}
    elif change == "referer of another site":
        headers = {"Referer": "http://127.0.0.1:8765.evil.example/months"}
    url = f"/months/{kit.MONTH}/exclude"
    if change == "a JSON body":
        r = client.post(url, json=fields, headers=headers, follow_redirects=False)
    else:
        client.headers.pop("origin", None)
        r = client.post(url, data=data, headers=headers, follow_redirects=False)
    assert r.status_code == 403 and "拒绝" in r.text
    assert month_file(desk).read_bytes() == saved


def test_a_write_from_a_page_without_origin_but_with_its_referer_is_taken(client, desk):
    page = parse(client.get(MONTH_PAGE).text)
    fields = {**form_fields(finding_row(page, "outlier", kit.GLITCH), "exclude"), "reason": "数据异常"}
    r = client.post(
        f"/months/{kit.MONTH}/exclude", data=fields, headers={"Referer": ORIGIN + MONTH_PAGE}, follow_redirects=False
    )
    assert r.status_code == 303


def test_writes_are_posts_only(client):
    assert client.get(f"/months/{kit.MONTH}/exclude").status_code == 405


def test_read_only_has_no_write_route_and_no_form(desk):
    with TestClient(create_app(desk.settings, read_only=True), base_url=ORIGIN) as c:
        page = c.get(MONTH_PAGE)
        assert '<form method="post"' not in page.text and "只读模式" in page.text
        saved = month_file(desk).read_bytes()
        for action in ("exclude", "accept"):
            r = c.post(f"/months/{kit.MONTH}/{action}", data={"reason": "x"}, headers={"Origin": ORIGIN})
            assert r.status_code in (404, 405)
        assert month_file(desk).read_bytes() == saved


STRINGS = [s for _, s in CORPUS]


def shown_structure(text: str) -> tuple[set, set]:
    tree = parse(text)
    tags = {el.tag for el in tree.iter() if isinstance(el.tag, str)}
    attrs = {(el.tag, a) for el in tree.iter() if isinstance(el.tag, str) for a in el.attrib}
    return tags, attrs


def reason(s: str) -> str:
    return f"原因 {s}"[:MAX_REASON]


@pytest.mark.slow  # two hostile data sets planted (about 15 s)
def test_hostile_reasons_and_names_stay_literal_in_the_file_and_on_the_page(tmp_path):
    """Every string of the corpus (tests/hostile.py: each is a product on the lists there) excluded through the
    form, with itself in the reason: the front matter reads back as the strings (a reason on one line), the
    check runs on it, and the month page shows each as text, with the same elements and attributes as the
    same page over harmless strings."""
    pages = {}
    for name, corpus in (("hostile", CORPUS), ("clean", CLEAN)):
        hs = plant_hostile(tmp_path / name, corpus)
        strings = [s for _, s in corpus]
        path = hs.root / "content" / f"{hs.month}.md"
        with TestClient(create_app(hs.settings), base_url=ORIGIN) as c:
            page = parse(c.get(f"/months/{hs.month}").text)
            token = next(i.get("value") for i in page.iter("input") if i.get("name") == "csrf")
            for s in strings:  # the form's digest is the file's: as the page would give it after each write
                fields = {"csrf": token, "digest": file_digest(path), "dataset": "traffic", "product": s}
                r = c.post(
                    f"/months/{hs.month}/exclude",
                    data={**fields, "reason": reason(s)},
                    headers={"Origin": ORIGIN},
                    follow_redirects=False,
                )
                assert r.status_code == 303, (s[:40], r.status_code, r.text[:300])
            text = path.read_text(encoding="utf-8")
            entries = yaml.safe_load(text[3 : text.find("\n---", 3)])["exclude"]["traffic"]
            assert [e["product"] for e in entries] == [s.strip() for s in strings]
            assert [e["reason"] for e in entries] == [" ".join(reason(s).split()) for s in strings]
            pages[name] = c.get(f"/months/{hs.month}")
            assert pages[name].status_code == 200 and "核对无法运行" not in pages[name].text
    assert shown_structure(pages["hostile"].text) == shown_structure(pages["clean"].text)
    table = next(t for t in parse(pages["hostile"].text).iter("table") if t.get("id") == "exclusion-table")
    shown = re.sub(r"\s+", "", "".join(table.itertext()))
    for s in STRINGS:
        assert re.sub(r"\s+", "", printable(s.strip())) in shown, s[:40]
