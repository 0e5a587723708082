"""``/products/NAME``: one product across months and lists: visits and rank history (charts), its
registry entry, its app-store ranks where its app names resolve to it, its mapped listed companies
with their price charts, and the news that names it."""

from __future__ import annotations

import pyarrow.compute as pc
from starlette.requests import Request
from starlette.responses import Response

from aimonthly.analytics.product_page import known_names, product_page
from aimonthly.analytics.traffic_rows import LISTS
from aimonthly.core.names import closest
from aimonthly.serve.responses import NotFound, page, product_url, words
from aimonthly.serve.svg import Series, line_chart, plain

SUGGESTED = 20


def _suggestions(registry, name: str) -> list[tuple[str, str]]:
    """Registry products near the name asked for: the closest spellings (a registry of a few
    thousand), then those containing it or its first word, case aside."""
    names = registry.table["product"].combine_chunks()
    if not len(names) or not name.strip():
        return []
    near = closest(name, names.to_pylist(), n=5) if len(names) <= 20_000 else []
    low = pc.utf8_lower(names)
    for needle in (name.strip().lower(), name.strip().lower().split()[0][:4]):
        hit = names.filter(pc.fill_null(pc.match_substring(low, needle), False))
        if len(hit):
            near += sorted(hit.slice(0, 200).to_pylist())
            break
    return [(n, product_url(n)) for n in dict.fromkeys(near)][:SUGGESTED]


def product(request: Request) -> Response:
    wb = request.app.state.wb
    t = words(request)
    name = request.path_params["name"]

    def compute():
        with wb.read() as wh:
            con = wh.ibis()
            registry = wb.registry(con)
            if not known_names(con, name, registry):
                return None
            return product_page(con, name, registry)

    data = wb.cached("product", (name,), compute)
    if data is None:
        with wb.read() as wh:
            registry = wb.registry(wh.ibis())
        raise NotFound(
            t.plain("notfound.product", name=repr(name), held=t.count("count.product", len(registry))),
            _suggestions(registry, name),
            t.plain("notfound.similar"),
            t.plain("notfound.rankings_link"),
        )
    months = sorted({h["month"] for h in data.history})
    by = {(h["month"], h["list"]): h for h in data.history}
    lists = [lst for lst in LISTS if any(h["list"] == lst for h in data.history)]

    def series(key: str) -> list[Series]:
        return [
            Series(t.name("list", lst), [by[(m, lst)][key] if (m, lst) in by else None for m in months], key=lst)
            for lst in lists
        ]

    visits = line_chart(
        months, series("visits"), title=t.plain("product.visits_chart", name=name), chart_id="visits-chart"
    )
    ranks = line_chart(
        months,
        series("rank"),
        title=t.plain("product.rank_chart", name=name),
        invert=True,
        fmt=plain,
        chart_id="rank-chart",
        integer=True,
    )
    apps = {
        k: line_chart(
            [r["date"].isoformat() for r in rows],
            [Series(k, [r["rank"] for r in rows])],
            title=t.plain("product.app_chart", keyword=k),
            invert=True,
            fmt=plain,
            chart_id=f"app-chart-{i}",
            height=180,
            integer=True,
        )
        for i, (k, rows) in enumerate(data.apps.items())
    }
    prices = [
        line_chart(
            [d.isoformat() for d, _ in s["prices"]],
            [Series(s["code"], [c for _, c in s["prices"]])],
            title=t.plain("product.price_chart", code=s["code"]),
            fmt=lambda v: plain(v, 2),
            chart_id=f"price-chart-{i}",
            height=180,
        )
        if s["prices"]
        else None
        for i, s in enumerate(data.stocks)
    ]
    return page(
        request,
        "product.html",
        p=data,
        name=name,
        history=data.history[::-1],
        visits_chart=visits,
        rank_chart=ranks,
        app_charts=apps,
        price_charts=prices,
        list_names=t.plain("sep.list").join(t.name("list", lst) for lst in lists),
        title=name,
    )
