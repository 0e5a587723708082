"""Test kit for the monthly cycle: a generated inbox for 2024-05, loopback feeds and an akshare stub.

The inbox continues the demo warehouse's 2024-04 (same products, apps, codes) with values drawn
from a seeded generator, never the demo's values, each dataset in another shape: GBK CSV, XLSX
(with a title row, or without the month and list columns so that its name decides), Parquet,
UTF-8 CSV with a BOM, JSONL. Beside them: a file of no dataset, a file of no data type, and a bad
file. ``expected`` says what each must become.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import random
import threading
import types
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from aimonthly.warehouse import Warehouse

MONTH = "2024-05"
TODAY = dt.date(2024, 6, 10)  # the run's day: the window is 2024-05-01 .. 2024-06-09
START, END = dt.date(2024, 5, 1), dt.date(2024, 6, 9)
FEEDS = Path(__file__).parent / "data" / "feeds"


def weekdays(lo: dt.date, hi: dt.date) -> list[dt.date]:
    return [lo + dt.timedelta(d) for d in range((hi - lo).days + 1) if (lo + dt.timedelta(d)).weekday() < 5]


def _demo(warehouse: Path, sql_table: str, **where) -> pd.DataFrame:
    with Warehouse.open(warehouse, read_only=True) as wh:
        t = wh.ibis().table(sql_table)
        for k, v in where.items():
            t = t.filter(t[k] == v)
        return t.to_pandas()


def _xlsx(path: Path, rows: list[list], title: str | None = None) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    if title:
        ws.append([title])
    for r in rows:
        ws.append(r)
    wb.save(path)


@dataclass
class Inbox:
    folder: Path
    expected: dict[str, str] = field(default_factory=dict)  # file -> dataset, "rejected:<dataset>" or "unrecognised"
    rows: dict[str, int] = field(default_factory=dict)  # file -> rows it holds
    news: list[dict] = field(default_factory=list)


def make_inbox(folder: Path, demo_warehouse: Path, seed: int = 18) -> Inbox:
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    box = Inbox(folder)

    def put(name: str, dataset: str, rows: int) -> None:
        box.expected[name], box.rows[name] = dataset, rows

    # traffic, global and overseas lists: GBK CSV with Chinese headers, recognised by its header
    lines = ["月份,榜单,产品,公司,类别,访问量,单次访问时长"]
    for listed, label in (("global", "全球"), ("overseas", "出海")):
        for r in _demo(demo_warehouse, "traffic", month="2024-04", list=listed).itertuples():
            v = int(r.visits * rng.uniform(0.8, 1.3))
            secs = rng.randint(60, 1500)
            lines.append(
                f"2024-05,{label},{r.product},{r.company or ''},{r.category or ''},{v},{secs // 60:02d}:{secs % 60:02d}"
            )
    (folder / "similarweb_202405.csv").write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))
    put("similarweb_202405.csv", "traffic", len(lines) - 1)

    # traffic, domestic list: XLSX with a title row and no month or list column: its name decides
    prev = _demo(demo_warehouse, "traffic", month="2024-04", list="domestic")
    body = [[r.product, r.company, f"{r.visits * rng.uniform(0.7, 1.4) / 1e4:.1f}万"] for r in prev.itertuples()]
    _xlsx(
        folder / "traffic-2024-05-domestic.xlsx",
        [["产品名称", "所属公司", "访问量"], *body],
        title="国内 AI 产品榜（2024 年 5 月）",
    )
    put("traffic-2024-05-domestic.xlsx", "traffic", len(body))

    # app ranks: XLSX, title row, 2024-05-10 .. 2024-06-09, the demo's apps reshuffled each day
    ranks = _demo(demo_warehouse, "app_ranks")
    apps = list(
        dict.fromkeys(
            zip(
                ranks[ranks.date == ranks.date.max()].sort_values("rank").app,
                ranks[ranks.date == ranks.date.max()].sort_values("rank").developer,
            )
        )
    )[:40]
    body = []
    for d in range(31):
        day = dt.date(2024, 5, 10) + dt.timedelta(d)
        order = sorted(apps, key=lambda a: apps.index(a) + rng.gauss(0, 6))  # yesterday's order, shaken
        for rank, (app, developer) in enumerate(order[:25], start=1):
            body.append([day.isoformat(), "ai应用", app, developer, rank])
    _xlsx(
        folder / "七麦_ai应用_搜索排名.xlsx",
        [["日期", "关键词", "应用名称", "开发者", "搜索排名"], *body],
        title="七麦数据导出",
    )
    put("七麦_ai应用_搜索排名.xlsx", "app_ranks", len(body))

    # index closes: Parquet with typed columns, random walks from the demo's last close
    days = weekdays(dt.date(2024, 5, 10), dt.date(2024, 6, 7))
    idx = _demo(demo_warehouse, "index_prices").sort_values("date").groupby("code").last()
    cols = {"date": [], "code": [], "name": [], "close": []}
    for code, r in idx.iterrows():
        close = float(r["close"])
        for day in days:
            close *= 1 + rng.gauss(0, 0.012)
            (
                cols["date"].append(day),
                cols["code"].append(code),
                cols["name"].append(r["name"]),
                cols["close"].append(round(close, 2)),
            )
    pq.write_table(pa.table({**cols, "date": pa.array(cols["date"], pa.date32())}), folder / "index_closes.parquet")
    put("index_closes.parquet", "index_prices", len(cols["date"]))

    # stock closes: UTF-8 CSV with a BOM and Chinese headers
    stocks = _demo(demo_warehouse, "stock_prices").sort_values("date").groupby("code").last()
    lines = ["交易日期,证券代码,证券简称,收盘价,所属行业"]
    for code, r in stocks.iterrows():
        close = float(r["close"])
        for day in days:
            close *= 1 + rng.gauss(0, 0.025)
            lines.append(f"{day},{code},{r['name']},{close:.2f},{r['industry']}")
    (folder / "stock_closes_may.csv").write_text("\ufeff" + "\n".join(lines) + "\n", encoding="utf-8")
    put("stock_closes_may.csv", "stock_prices", len(lines) - 1)

    # capex: XLSX, revised 2024Q1 with guidance
    body = [
        [
            c,
            "2024Q1",
            f"{rng.uniform(60, 160):.2f}亿",
            f"{rng.uniform(500, 550):.0f}亿",
            f"{rng.uniform(560, 600):.0f}亿",
        ]
        for c in ("Microsoft", "Amazon", "Meta", "Google")
    ]
    _xlsx(folder / "云厂商资本开支.xlsx", [["公司", "季度", "资本开支", "指引下限", "指引上限"], *body])
    put("云厂商资本开支.xlsx", "capex", len(body))

    # announcements: GBK CSV
    ann = [
        ("2024-05-13", "300418", "昆仑万维", "公司在业绩说明会上介绍天工大模型 3.0 的开源计划与商业化进展。"),
        ("2024-05-21", "002230", "科大讯飞", "公司在投资者交流中表示，星火大模型在教育与医疗场景的调用量持续增长。"),
        ("2024-06-03", "688111", "金山办公", "公司在机构调研中介绍 WPS AI 的企业版付费转化情况。"),
    ]
    lines = ["公告日期,证券代码,公司名称,公告内容", *(",".join(a) for a in ann)]
    (folder / "重点公司公告_5月.csv").write_bytes(("\n".join(lines) + "\n").encode("gbk"))
    put("重点公司公告_5月.csv", "announcements", len(ann))

    # news: JSONL
    box.news = [
        {
            "date": "2024-05-14",
            "region": "overseas",
            "title": "OpenAI 发布 GPT-4o，实时语音交互延迟大幅降低",
            "body": "OpenAI 推出 GPT-4o 模型，支持文本、音频与图像的实时推理。",
            "source": "财联社",
            "url": "https://example.com/n/1",
        },
        {
            "date": "2024-05-22",
            "region": "domestic",
            "title": "国产大模型厂商密集下调 API 价格",
            "body": "多家国内大模型厂商宣布下调推理接口价格，部分轻量模型免费开放。",
            "source": "科技日报",
            "url": "https://example.com/n/2",
        },
        {
            "date": "2024-05-28",
            "region": "domestic",
            "title": "工信部发布算力基础设施建设指引",
            "body": "工信部就智算中心布局与能效提出指引。",
            "source": "新华社",
            "url": "https://example.com/n/3",
        },
    ]
    (folder / "news_may.jsonl").write_text(
        "\n".join(json.dumps(n, ensure_ascii=False) for n in box.news) + "\n", encoding="utf-8"
    )
    put("news_may.jsonl", "news", len(box.news))

    # a file of no dataset, a file of no data type, and a bad stock file (recognised, then rejected)
    (folder / "notes.csv").write_text("负责人,备注\n张三,五月数据已到齐\n", encoding="utf-8")
    box.expected["notes.csv"] = "unrecognised"
    (folder / "README.md").write_text("把厂商导出文件放在这里。\n", encoding="utf-8")
    box.expected["README.md"] = "unrecognised"
    (folder / "stock_closes_late.csv").write_text(
        "日期,代码,名称,收盘价,行业\n2024-06-07,300418.SZ,昆仑万维,n/a,计算机\n"
        "2024-06-31,002230.SZ,科大讯飞,45.10,计算机\n",
        encoding="utf-8",
    )
    box.expected["stock_closes_late.csv"] = "rejected:stock_prices"
    return box


# -- loopback feeds -------------------------------------------------------------------------------


class FeedServer:
    """Recorded feeds on 127.0.0.1 (an ephemeral port), each path with its own behaviour:

    /tech.xml       RSS 2.0, no validators: always 200
    /overseas.atom  Atom with an ETag: 304 when asked If-None-Match with it
    /dup.xml        RSS with Last-Modified (304 on If-Modified-Since); one item the inbox brings too
    /slow.xml       answers only after the client's timeout (waits at most `hold` seconds)
    /broken.xml     XML cut short
    /trickle.xml    headers at once, then one byte every 50 ms
    /to-file        a redirect to a file: URL (and /to-ftp to an ftp: one)
    /header-trickle.xml   the status line and headers one byte every 50 ms (the body never comes in time)
    /hop/N          a redirect to /hop/N-1 after ``hop_delay`` seconds; /hop/0 is tech.xml
    /to-elsewhere   a redirect to ``elsewhere`` (another server's URL, set by the test)
    ``bodies``      further paths and the RSS each answers, set by the test
    """

    ETAG = '"overseas-v1"'
    LAST_MODIFIED = "Sun, 09 Jun 2024 10:00:00 GMT"

    def __init__(self, hold: float = 5.0):
        self.requests: list[tuple[str, dict]] = []
        self.release = threading.Event()
        self.hold = hold
        self.hop_delay = 0.0
        self.elsewhere = ""
        self.bodies: dict[str, bytes] = {}
        kit = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                kit.requests.append((self.path, dict(self.headers.items())))
                kit.answer(self)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def answer(self, h: BaseHTTPRequestHandler) -> None:
        path = h.path
        if path == "/slow.xml":
            self.release.wait(self.hold)
            return self._send(h, 200, (FEEDS / "tech.xml").read_bytes())
        if path == "/overseas.atom":
            if h.headers.get("If-None-Match") == self.ETAG:
                return self._send(h, 304, b"", {"ETag": self.ETAG})
            return self._send(
                h, 200, (FEEDS / "overseas.atom").read_bytes(), {"ETag": self.ETAG}, "application/atom+xml"
            )
        if path == "/dup.xml":
            if h.headers.get("If-Modified-Since") == self.LAST_MODIFIED:
                return self._send(h, 304, b"", {"Last-Modified": self.LAST_MODIFIED})
            return self._send(h, 200, (FEEDS / "dup.xml").read_bytes(), {"Last-Modified": self.LAST_MODIFIED})
        if path == "/trickle.xml":  # headers at once, then a byte at a time: each wait is short, the whole is not
            body = (FEEDS / "tech.xml").read_bytes()
            try:
                h.send_response(200)
                h.send_header("Content-Length", str(len(body)))
                h.end_headers()
                for i in range(len(body)):
                    if self.release.wait(0.05):
                        return
                    h.wfile.write(body[i : i + 1])
                    h.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):
                pass
            return
        if path == "/header-trickle.xml":  # each byte in 50 ms, far inside any timeout: only a deadline ends it
            head = b"HTTP/1.0 200 OK\r\nContent-Type: application/rss+xml\r\nX-Padding: " + b"." * 400 + b"\r\n\r\n"
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                for i in range(len(head)):
                    if self.release.wait(0.05):
                        return
                    h.wfile.write(head[i : i + 1])
                    h.wfile.flush()
            return
        if path.startswith("/hop/"):
            n = int(path.rsplit("/", 1)[1])
            self.release.wait(self.hop_delay)
            return self._send(h, 302, b"", {"Location": f"/hop/{n - 1}" if n else "/tech.xml"})
        if path == "/to-elsewhere":
            return self._send(h, 302, b"", {"Location": self.elsewhere})
        if path in self.bodies:
            return self._send(h, 200, self.bodies[path])
        if path == "/to-file":
            return self._send(h, 302, b"", {"Location": "file:///etc/passwd"})
        if path == "/to-ftp":
            return self._send(h, 302, b"", {"Location": "ftp://127.0.0.1/feed.xml"})
        name = path.lstrip("/")
        if name in ("tech.xml", "broken.xml"):
            return self._send(h, 200, (FEEDS / name).read_bytes())
        self._send(h, 404, b"not found", ctype="text/plain")

    @staticmethod
    def _send(h, status: int, body: bytes, headers: dict | None = None, ctype: str = "application/rss+xml") -> None:
        try:
            h.send_response(status)
            for k, v in (headers or {}).items():
                h.send_header(k, v)
            if status != 304:
                h.send_header("Content-Type", ctype)
                h.send_header("Content-Length", str(len(body)))
            h.end_headers()
            if status != 304:
                h.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (the timeout case)
            pass

    def paths(self) -> list[str]:
        return [p for p, _ in self.requests]

    def __enter__(self) -> "FeedServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(5)


def feeds_toml(server: FeedServer, *, slow_timeout: float = 0.5, failing: bool = True) -> str:
    feeds = {
        "tech": dict(url=server.url("/tech.xml"), source="科技日报", region="domestic"),
        "overseas": dict(url=server.url("/overseas.atom"), region="overseas"),
        "dup": dict(url=server.url("/dup.xml"), source="财联社"),
    }
    if failing:
        feeds["slow"] = dict(url=server.url("/slow.xml"), timeout=slow_timeout)
        feeds["broken"] = dict(url=server.url("/broken.xml"))
    out = []
    for name, f in feeds.items():
        out.append(f"[house.news.feeds.{name}]")
        out += [f"{k} = {json.dumps(v, ensure_ascii=False)}" for k, v in f.items()]
    return "\n".join(out) + "\n"


# -- akshare stub (cninfo announcements and market data) -----------------------------------------


def stub_akshare(announcements: dict[str, list[tuple]], calls: list | None = None) -> types.ModuleType:
    """An ``akshare`` module whose cninfo call answers ``{symbol: [(date, name, title), …]}``."""
    mod = types.ModuleType("akshare")
    calls = [] if calls is None else calls

    def relation(symbol, market, start_date, end_date):
        calls.append(("stock_zh_a_disclosure_relation_cninfo", symbol, start_date, end_date))
        rows = [
            {
                "代码": symbol,
                "简称": name,
                "公告标题": title,
                "公告时间": day,
                "公告链接": f"https://example.com/a/{symbol}/{i}",
            }
            for i, (day, name, title) in enumerate(announcements.get(symbol, []))
        ]
        return pd.DataFrame(rows, columns=["代码", "简称", "公告标题", "公告时间", "公告链接"])

    mod.stock_zh_a_disclosure_relation_cninfo = relation
    mod.calls = calls
    return mod


@contextlib.contextmanager
def project(folder: Path, toml: str):
    """A project folder with aimonthly.toml; yields its settings."""
    from aimonthly.config import load_settings

    (folder / "aimonthly.toml").write_text(toml, encoding="utf-8")
    yield load_settings(env={}, start=folder)


# -- the inbox on its own ------------------------------------------------------------------------


def inbox_conf(settle_seconds: float = 0.0, **limits):
    """The default house's inbox settings with a settle time of ``settle_seconds`` (tests: small) and
    the ingest ``limits`` given (default: the settings' defaults)."""
    from aimonthly.core.house import default_house
    from aimonthly.cycle.config import inbox_config
    from aimonthly.ingest import Limits

    house = default_house()
    house = house.model_copy(update={"inbox": house.inbox.model_copy(update={"settle_seconds": settle_seconds})})
    return inbox_config(house, Limits(**limits)) if limits else inbox_config(house)


# A vendor sync writing a traffic CSV row by row, either holding it open or reopening it for each row;
# it touches FK_READY once a quarter of the rows are written, and keeps writing.
SLOW_WRITER = """
import sys, time
path, rows, reopen = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "reopen"
def line(i):
    return f"2024-05,global,p{i},{1000 + i}\\n"
if reopen:
    with open(path, "w") as f:
        f.write("month,list,product,visits\\n")
    for i in range(rows):
        with open(path, "a") as f:
            f.write(line(i))
        if i == rows // 10:
            ready()
        time.sleep(0.005)
else:
    with open(path, "w") as f:
        f.write("month,list,product,visits\\n")
        for i in range(rows):
            f.write(line(i))
            f.flush()
            if i == rows // 10:
                ready()
            time.sleep(0.005)
"""
