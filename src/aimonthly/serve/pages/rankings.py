"""``/rankings/LIST/MONTH``: the list's whole ranking for the month, sortable by every column,
filterable by category and text, paged; each row with a 12-month sparkline and a link to the product.

The whole table is computed once per data version (analytics.ranking_table) and kept; sorting,
filtering and paging are Arrow operations on it, and the sparklines are one query for the page's rows.
"""

from __future__ import annotations

import math

import pyarrow.compute as pc

from starlette.requests import Request
from starlette.responses import Response

from aimonthly.analytics.ranking_table import SORTABLE, ranking_table, view, visits_history
from aimonthly.analytics.traffic_rows import LISTS
from aimonthly.core.months import previous_month
from aimonthly.serve.responses import NotFound, page, words
from aimonthly.serve.svg import sparkline
from aimonthly.serve.workbench import MONTH

PAGE_SIZES = (25, 50, 100, 200)
SPARK_MONTHS = 12
DESCENDING_FIRST = {"visits", "mom"}  # a first click on these sorts largest first
COLUMNS = ["rank", "product", "company", "category", "visits", "mom"]  # headings: the catalogue's col.<key>


def months_back(month: str, n: int) -> list[str]:
    out = [month]
    while len(out) < n:
        out.append(previous_month(out[-1]))
    return out[::-1]


def _list_months(wb, lst: str) -> list[str]:
    inventory, _ = wb.inventory()
    return [m for m, data in inventory.items() if "traffic" in data and lst in data["traffic"].parts]


def _int(value: str | None, default: int, lo: int, hi: int) -> int:
    try:
        return min(max(int(value or default), lo), hi)
    except ValueError:
        return default


def rankings(request: Request) -> Response:
    wb = request.app.state.wb
    t = words(request)
    lst, month = request.path_params["lst"], request.path_params["month"]
    if lst not in LISTS:
        raise NotFound(
            t.plain("notfound.list", list=repr(lst), lists=t.plain("sep.list").join(LISTS)),
            [(f"{t.name('list', x)} {m}", f"/rankings/{x}/{m}") for x in LISTS for m in _list_months(wb, x)[:1]],
            t.plain("notfound.latest"),
        )
    months = _list_months(wb, lst)
    name = t.name("list", lst)
    if not MONTH.match(month) or month not in months:
        raise NotFound(
            t.plain("notfound.list_month", list=name, month=repr(month))
            if months
            else t.plain("notfound.list_empty", list=name),
            [(m, f"/rankings/{lst}/{m}") for m in months[:36]],
            t.plain("notfound.list_months", list=name),
            t.plain("notfound.earlier", n=len(months) - 36) if len(months) > 36 else "",
        )

    def compute():
        with wb.read() as wh:
            con = wh.ibis()
            return ranking_table(con, lst, month, registry=wb.registry(con), taxonomy=wb.taxonomy)

    table = wb.cached("ranking", (lst, month), compute, cache=wb.rankings)

    q = request.query_params
    sort = str(q.get("sort")) if q.get("sort") in SORTABLE else "rank"
    order = q.get("order") if q.get("order") in ("asc", "desc") else ("desc" if sort in DESCENDING_FIRST else "asc")
    category = q.get("category") or None
    text = (q.get("q") or "").strip()[:200] or None
    per = _int(q.get("per"), 50, 1, 200)
    per = per if per in PAGE_SIZES else 50
    categories = wb.cached(
        "ranking-categories",
        (lst, month),
        lambda: sorted(c for c in pc.unique(table["category"]).to_pylist() if c is not None),
    )
    shown = wb.cached(
        "ranking-view",
        (lst, month, sort, order, category, text),
        lambda: view(table, sort, order == "desc", category, text),
    )  # positions in the table
    pages = max(1, math.ceil(len(shown) / per))
    at = _int(q.get("page"), 1, 1, pages)
    rows = table.take(shown.slice((at - 1) * per, per)).to_pylist()

    spark_months = months_back(month, SPARK_MONTHS)

    def history():
        with wb.read() as wh:
            con = wh.ibis()
            return visits_history(con, lst, spark_months, rows, registry=wb.registry(con))

    spark = wb.cached("spark", (lst, month, tuple(r["identity"] for r in rows)), history) if rows else {}
    for r in rows:
        r["spark"] = sparkline(
            spark.get(r["identity"], [None] * len(spark_months)), spark_months, empty=t.plain("spark.none")
        )
    return page(
        request,
        "rankings.html",
        lst=lst,
        month=month,
        rows=rows,
        total=table.num_rows,
        matched=len(shown),
        sort=sort,
        order=order,
        category=category,
        text=text or "",
        per=per,
        page_no=at,
        pages=pages,
        categories=categories,
        columns=COLUMNS,
        descending_first=DESCENDING_FIRST,
        page_sizes=PAGE_SIZES,
        months=months,
        lists=LISTS,
        first=(at - 1) * per + 1,
        title=t.plain("rankings.title", list=name, month=month),
    )
