"""``/search?q=TEXT``: products by name or alias across every list and month (the box on every page).
The spellings of the traffic are indexed once per data version (aimonthly.analytics.product_search)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from aimonthly.analytics.product_search import Hit, search, spelling_index
from aimonthly.serve.responses import page, words

SHOWN = 100


def search_page(request: Request) -> Response:
    wb = request.app.state.wb
    text = (request.query_params.get("q") or "").strip()[:200]
    hits: list[Hit] = []
    total = 0
    if text:

        def index():
            with wb.read() as wh:
                con = wh.ibis()
                registry = wb.registry(con)
                return spelling_index(con, registry), registry

        spellings, registry = wb.cached("spellings", (), index)
        hits, total = search(spellings, registry, text, SHOWN)
    return page(
        request,
        "search.html",
        search_text=text,
        hits=hits,
        total=total,
        title=words(request).plain("search.title"),
    )
