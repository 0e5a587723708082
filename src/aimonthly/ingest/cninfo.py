"""Live fetch of company announcements from cninfo (巨潮资讯) through akshare: extra ``aimonthly[live]``.

The rows come out in the ``announcements`` format (date, code, company, content) and are written
to a CSV that is then ingested like any other file, so the warehouse keeps one path in. cninfo
lists titles, not texts: ``content`` is the announcement's title (edit the CSV to summarise it)
and the link to the document goes in an extra ``url`` column, which ingest ignores.

Kinds: ``relation`` (信息披露调研: investor-relations records, where the reference's table comes
from) or ``report`` (信息披露公告: every filing, optionally filtered by a title keyword).
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any, Iterable

from aimonthly.core.codes import normalise_code
from aimonthly.core.names import suggestion
from aimonthly.ingest.errors import LiveFetchError
from aimonthly.ingest.live import akshare

KINDS = {"relation": "stock_zh_a_disclosure_relation_cninfo", "report": "stock_zh_a_disclosure_report_cninfo"}
COLUMNS = ("代码", "简称", "公告标题", "公告时间")  # akshare's columns for both kinds (plus 公告链接)


def _date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp
        return value.to_pydatetime().date()
    if isinstance(value, (int, float)):  # epoch milliseconds, as cninfo's JSON gives them
        return dt.datetime.fromtimestamp(value / 1000, dt.timezone(dt.timedelta(hours=8))).date()
    return dt.date.fromisoformat(str(value).strip()[:10])


def fetch_announcements(
    codes: Iterable[str], start: dt.date, end: dt.date, *, kind: str = "relation", keyword: str = "", ak=None
) -> list[dict]:
    """One row per announcement of the given companies dated start..end, oldest first."""
    if kind not in KINDS:
        raise LiveFetchError(f"unknown kind {kind!r}{suggestion(kind, KINDS)}; one of {', '.join(KINDS)}")
    ak = ak or akshare()
    fetch = getattr(ak, KINDS[kind])
    rows: dict[tuple, dict] = {}
    for code in codes:
        norm = normalise_code(code)
        symbol, _, exchange = norm.partition(".")
        kwargs = dict(
            symbol=symbol,
            market="港股" if exchange == "HK" else "沪深京",
            start_date=start.strftime("%Y%m%d"),
            end_date=end.strftime("%Y%m%d"),
        )
        if kind == "report":
            kwargs.update(keyword=keyword, category="")
        try:
            frame = fetch(**kwargs)
        except Exception as e:  # akshare raises whatever requests or pandas raised
            raise LiveFetchError(
                f"cninfo via akshare failed for {norm}: {type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}",
                hint="check the network and the code; akshare's interfaces change, try upgrading it",
            ) from e
        missing = [c for c in COLUMNS if c not in getattr(frame, "columns", [])]
        if missing:
            raise LiveFetchError(
                f"cninfo answered for {norm} without the columns {', '.join(missing)}",
                hint="akshare's output changed; upgrade aimonthly or akshare",
            )
        for rec in frame.to_dict("records"):
            d = _date(rec["公告时间"])
            if not start <= d <= end:
                continue
            got = str(rec["代码"]).strip()
            # the code asked for, unless the answer names another (a spreadsheet round trip may drop zeros)
            code = norm if got.lstrip("0") == symbol.lstrip("0") else normalise_code(got)
            row = {
                "date": d.isoformat(),
                "code": code,
                "company": str(rec["简称"]).strip(),
                "content": str(rec["公告标题"]).strip(),
                "url": rec.get("公告链接") or "",
            }
            rows[(row["date"], row["code"], row["content"])] = row
    return sorted(rows.values(), key=lambda r: (r["date"], r["code"], r["content"]))


def write_csv(rows: list[dict], path: Path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["date", "code", "company", "content", "url"])
        w.writeheader()
        w.writerows(rows)
    return path
