"""Tables in the house table style: column widths that keep every header word whole, full names.

Widths start from the model's relative widths; a column too narrow for its header (or, when the
page allows, for its longest short value: a code, a date, a number) is widened at the expense of
the columns with room to spare. Word cells wrap, so names the one-line layouts cut with "…" are
written whole here, taken from the exhibit's data.
"""

from __future__ import annotations

import re
import unicodedata

from aimonthly.render.docx.fields import el, paragraph, run
from aimonthly.render.errors import RenderError
from aimonthly.report.model import Exhibit, TableBody

STYLE = "HouseTable"
JC = {"l": "left", "c": "center", "r": "right"}
FONT_PT = 8.5  # the Table Text style's size
CELL_MARGIN_TW = 2 * 85 + 40  # left + right cell margins of the table style, and a little air
LATIN_RUN = re.compile(r"[!-~]{2,24}")  # a word of Latin letters, digits or signs (longer ones wrap anyway)
WIDE = "%@"  # Latin characters as wide as a CJK one, near enough ("120.30%" must not wrap)
LATIN_EM = 0.6  # average advance of a Latin letter or digit in a CJK sans, in em (bold header text is wider)


def text_twips(text: str, size_pt: float = FONT_PT, bold: bool = False) -> float:
    """An estimate of the width of ``text`` on one line: CJK characters 1 em, others ``LATIN_EM``."""
    em = sum(1.0 if unicodedata.east_asian_width(ch) in "WFA" or ch in WIDE else LATIN_EM for ch in text)
    return em * size_pt * 20 * (1.08 if bold else 1.0)


def _spread(widths: list[float], floors: list[float]) -> list[float]:
    """Raise each column to its floor, taking the width from the columns above theirs (in proportion to their room)."""
    w = list(widths)
    for _ in range(len(w)):
        short = [j for j in range(len(w)) if w[j] < floors[j] - 0.5]
        if not short:
            break
        need = sum(floors[j] - w[j] for j in short)
        for j in short:
            w[j] = floors[j]
        room = {j: w[j] - floors[j] for j in range(len(w)) if w[j] > floors[j]}
        total = sum(room.values())
        if total <= 0:
            break
        take = min(need, total)
        for j, r in room.items():
            w[j] -= take * r / total
    return w


def _unbreakable(t: TableBody, j: int) -> bool:
    """Whether column ``j`` holds only short tokens (codes, numbers, percentages, dates, words of up to three
    characters such as 母公司): a wrap inside one ("21.40 / %") misreads, where a name wrapped reads fine."""
    cells = [r[j] for r in t.rows if r[j]]
    return bool(cells) and all((len(c) <= 16 and c.isascii() and " " not in c) or len(c) <= 3 for c in cells)


def column_widths(t: TableBody, total: int, wraps: list[bool]) -> list[int]:
    """Column widths in twips summing to ``total``."""
    n = len(t.header)
    rel = t.widths if len(t.widths) == n and sum(t.widths) > 0 else (1.0,) * n
    widths = [total * w / sum(rel) for w in rel]
    head = [text_twips(h, bold=True) + CELL_MARGIN_TW for h in t.header]
    values = [
        0.0 if wraps[j] else max((text_twips(r[j]) + CELL_MARGIN_TW for r in t.rows), default=0.0) for j in range(n)
    ]
    whole = [max(h, v) for h, v in zip(head, values)]
    # Too wide for every value on one line: keep codes, numbers and dates whole ("300418.SZ", "-12.98%"),
    # and let the columns of names wrap, down to their headers.
    words = [
        max((text_twips(w) + CELL_MARGIN_TW for r in t.rows for w in LATIN_RUN.findall(r[j])), default=0.0)
        for j in range(n)
    ]  # a Latin word ("liblib.art") wraps only between words
    kept = [max(h, v) if _unbreakable(t, j) else h for j, (h, v) in enumerate(zip(head, values))]
    with_words = [k if _unbreakable(t, j) else max(k, w) for j, (k, w) in enumerate(zip(kept, words))]
    floors = next((f for f in (whole, with_words, kept) if sum(f) <= total), head)
    if floors is kept and sum(with_words) > sum(kept):  # the room left goes to the names' words, in proportion
        share = (total - sum(kept)) / (sum(with_words) - sum(kept))
        floors = [k + (w - k) * share for k, w in zip(kept, with_words)]
    if sum(floors) > total:  # not even the headers fit: shrink them alike
        floors = [f * total / sum(floors) for f in floors]
    out = [round(w) for w in _spread(widths, floors)]
    out[out.index(max(out))] += total - sum(out)
    return out


def full_rows(e: Exhibit) -> tuple[tuple[tuple[str, ...], ...], set[int]]:
    """The body rows with every cell cut with "…" replaced by the one value of its data row that it abbreviates,
    and the columns where that happened (they wrap)."""
    body, data = e.body, e.data
    assert isinstance(body, TableBody), "only a table's rows"
    if len(data.rows) != len(body.rows):
        return body.rows, set()
    rows, whole = [], set()
    for shown, raw in zip(body.rows, data.rows):
        texts = {v for v in raw if isinstance(v, str)}
        row = list(shown)
        for j, cell in enumerate(shown):
            if cell.endswith("…"):
                hits = {s for s in texts if s.startswith(cell[:-1]) and s != cell}
                if len(hits) == 1:
                    row[j] = hits.pop()
                    whole.add(j)
        rows.append(tuple(row))
    return tuple(rows), whole


def table(t: TableBody, total: int, rows=None, wrap_columns: set[int] | frozenset[int] = frozenset()):
    """A ``w:tbl`` in the house table style, ``total`` twips wide; header row repeated on each page."""
    n = len(t.header)
    rows = t.rows if rows is None else rows
    if any(len(r) != n for r in rows):
        raise RenderError(f"表格列数不一致：表头 {n} 列")
    wraps = [j in wrap_columns or (j < len(t.wrap) and t.wrap[j]) for j in range(n)]
    widths = column_widths(TableBody(t.header, rows, t.align, t.widths, t.wrap), total, wraps)
    align = [JC.get(a, "left") for a in (tuple(t.align) + ("l",) * n)[:n]]
    tbl = el("w:tbl")
    pr = el("w:tblPr")
    pr.extend(
        [
            el("w:tblStyle", val=STYLE),
            el("w:tblW", w=str(total), type="dxa"),
            el("w:jc", val="center"),
            el("w:tblLayout", type="fixed"),
            el(
                "w:tblLook",
                val="0420",
                firstRow="1",
                lastRow="0",
                firstColumn="0",
                lastColumn="0",
                noHBand="0",
                noVBand="1",
            ),
        ]
    )
    grid = el("w:tblGrid")
    grid.extend(el("w:gridCol", w=str(w)) for w in widths)
    tbl.extend([pr, grid])
    for i, row in enumerate((t.header, *rows)):
        tr = el("w:tr")
        trpr = el("w:trPr")
        trpr.append(el("w:cantSplit"))  # a long wrapped row stays whole on one page
        if i == 0:
            trpr.append(el("w:tblHeader"))  # repeated at the top of each page the table runs onto
        tr.append(trpr)
        for j, text in enumerate(row):
            tc = el("w:tc")
            tcpr = el("w:tcPr")
            tcpr.append(el("w:tcW", w=str(widths[j]), type="dxa"))
            tc.append(tcpr)
            # long text that wraps is justified, as body text (the PDF does the same)
            p = paragraph("TableText", jc="both" if wraps[j] and align[j] == "left" and i else align[j])
            p.append(run(text))
            tc.append(p)
            tr.append(tc)
        tbl.append(tr)
    return tbl
