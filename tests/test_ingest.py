"""Ingest: every format and alias, encodings, mapping, all-or-nothing, idempotence and history."""

from __future__ import annotations

import csv
import datetime as dt
import json

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from aimonthly.ingest import DATASETS, IngestError, ingest_file, parse_file

ROWS = [
    # month, list, product, visits (as the canonical number), company, category, seconds
    ("2024-06", "global", "Alpha", 123_450_000, "Acme", "聊天机器人", 600.0),
    ("2024-06", "global", "Beta", 9_870_000, "Bolt", "设计工具", 75.0),
]


def write_csv(path, header, rows, encoding="utf-8"):
    with open(path, "w", newline="", encoding=encoding) as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)
    return path


def canonical(parsed):
    return [
        (r["month"], r["list"], r["product"], r["visits"], r["company"], r["category"], r["avg_visit_duration"])
        for r in parsed.table.to_pylist()
    ]


def test_gbk_chinese_headers_and_xlsx_with_map_give_the_same_rows(tmp_path):
    gbk = write_csv(
        tmp_path / "export.csv",
        ["月份", "榜单", "产品", "访问量", "公司", "类别", "单次访问时长"],
        [
            ["2024年6月", "全球", "Alpha", "1.2345亿", "Acme", "聊天机器人", "10:00"],
            ["2024年6月", "全球", "Beta", "987万", "Bolt", "设计工具", "1.25 min"],
        ],
        encoding="gbk",
    )
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["AI 工具月度榜"])  # a title row above the header, as exports have
    ws.append(["工具名稱", "每月訪問量", "所屬公司", "賽道", "單次訪問時長"])
    ws.append(["Alpha", "123,450,000", "Acme", "聊天机器人", 600])
    ws.append(["Beta", 9870000, "Bolt", "设计工具", "00:01:15"])
    xlsx = tmp_path / "vendor.xlsx"
    wb.save(xlsx)
    a = parse_file("traffic", gbk)
    b = parse_file(
        "traffic",
        xlsx,
        fill={"month": "2024-06", "list": "global"},
        mapping={"product": "工具名稱", "visits": "每月訪問量"},
    )
    assert a.encoding == "gb18030"
    assert canonical(a) == canonical(b) == [tuple(r) for r in ROWS]
    assert b.mapped["month"] == "--month"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_encodings_detected(tmp_path, encoding):
    f = write_csv(
        tmp_path / "t.csv", ["月份", "榜單", "產品", "訪問量"], [["2024-06", "國內", "文心一言", "1,684万"]], encoding
    )
    row = parse_file("traffic", f).table.to_pylist()[0]
    assert (row["list"], row["product"], row["visits"]) == ("domestic", "文心一言", 16_840_000)


@pytest.mark.parametrize(
    "headers",
    [
        ["month", "list", "product", "visits"],
        ["Month", "List", "Product", "Monthly Visits"],
        ["月份", "榜单", "产品名称", "月访问量(次)"],
        ["統計月份", "榜單", "產品名稱", "月訪問量"],
    ],
)
def test_header_aliases(tmp_path, headers):
    f = write_csv(tmp_path / "t.csv", headers, [["2024-06", "global", "Alpha", "12"]])
    assert parse_file("traffic", f).table.column("visits").to_pylist() == [12]


def test_every_format_reads_the_same(tmp_path):
    header = ["date", "code", "name", "close"]
    rows = [["2024-04-01", "000300.SH", "沪深300", "3537.48"], ["2024-04-02", "000300.SH", "沪深300", "3554.5"]]
    paths = [write_csv(tmp_path / "p.csv", header, rows)]
    (tmp_path / "p.tsv").write_text(
        "\t".join(header) + "\n" + "\n".join("\t".join(r) for r in rows) + "\n", encoding="utf-8"
    )
    paths.append(tmp_path / "p.tsv")
    wb = openpyxl.Workbook()
    wb.active.append(header)
    for r in rows:
        wb.active.append([dt.date.fromisoformat(r[0]), r[1], r[2], float(r[3])])
    wb.save(tmp_path / "p.xlsx")
    paths.append(tmp_path / "p.xlsx")
    pq.write_table(
        pa.table(
            {
                "date": pa.array([dt.date(2024, 4, 1), dt.date(2024, 4, 2)]),
                "code": ["000300.SH"] * 2,
                "name": ["沪深300"] * 2,
                "close": [3537.48, 3554.5],
            }
        ),
        tmp_path / "p.parquet",
    )
    paths.append(tmp_path / "p.parquet")
    (tmp_path / "p.jsonl").write_text(
        "\n".join(json.dumps(dict(zip(header, r)), ensure_ascii=False) for r in rows), encoding="utf-8"
    )
    paths.append(tmp_path / "p.jsonl")
    tables = [parse_file("index_prices", p).table.to_pylist() for p in paths]
    assert all(t == tables[0] for t in tables)
    assert tables[0][0]["close"] == 3537.48 and tables[0][0]["date"] == dt.date(2024, 4, 1)


@pytest.mark.parametrize(
    "dataset, header, row",
    [
        (
            "app_ranks",
            ["日期", "关键词", "应用名称", "开发者", "搜索排名"],
            ["2024/4/9", "ai应用", "夸克", "阿里巴巴", "3"],
        ),
        (
            "stock_prices",
            ["交易日期", "证券代码", "证券简称", "收盘价", "所属行业"],
            ["20240409", "002558.SZ", "巨人网络", "12.3", "传媒"],
        ),
        ("capex", ["Company", "Quarter", "Capital Expenditure", "指引下限"], ["Google", "1Q24", "120亿", ""]),
        (
            "announcements",
            ["公告日期", "股票代码", "公司名称", "公告内容"],
            ["2024/5/7", "300781.SZ", "因赛集团", "商业化交付"],
        ),
        ("news", ["日期", "地区", "标题", "正文", "来源"], ["2024-04-18", "海外", "Llama 3 发布", "正文", "量子位"]),
    ],
)
def test_each_dataset_accepts_chinese_headers(tmp_path, dataset, header, row):
    t = parse_file(dataset, write_csv(tmp_path / "f.csv", header, [row])).table
    assert t.num_rows == 1 and t.schema == DATASETS[dataset].schema()


def test_codes_keep_leading_zeros(tmp_path):
    f = write_csv(
        tmp_path / "s.csv",
        ["date", "code", "name", "close", "industry"],
        [["2024-04-09", "002558", "巨人网络", "1", "传媒"]],
    )
    assert parse_file("stock_prices", f).table.column("code").to_pylist() == ["002558"]


def test_ignored_and_absent_columns_are_named(tmp_path):
    f = write_csv(
        tmp_path / "t.csv",
        ["month", "list", "product", "visits", "排名变化", "备注"],
        [["2024-06", "global", "A", "1", "+1", "x"]],
    )
    p = parse_file("traffic", f)
    assert p.ignored == ["排名变化", "备注"]
    assert "avg_visit_duration" in p.absent and "category" in p.absent


def test_invalid_rows_named_by_file_row_and_column(tmp_path):
    f = write_csv(
        tmp_path / "bad.csv",
        ["month", "list", "product", "访问量"],
        [["2024-06", "global", "A", "12"], ["2024-06", "global", "B", "abc"], ["2024-13", "moon", "C", "-1"]],
    )
    with pytest.raises(IngestError) as e:
        parse_file("traffic", f)
    text = str(e.value)
    assert text.startswith("bad.csv: rejected, 4 problems")
    assert "row 3, column 访问量 (visits): 'abc' is not a number" in text
    assert "row 4, column month: '2024-13' is not a month" in text
    assert "row 4, column list: 'moon' is not a list" in text


def test_only_first_twenty_problems_listed(tmp_path):
    f = write_csv(
        tmp_path / "bad.csv",
        ["month", "list", "product", "visits"],
        [["2024-06", "global", f"P{i}", "x"] for i in range(45)],
    )
    with pytest.raises(IngestError) as e:
        parse_file("traffic", f)
    assert len(e.value.problems) == 45
    assert "and 25 more problems" in str(e.value)
    assert str(e.value).count("is not a number") == 20


def test_missing_required_column_lists_headers(tmp_path):
    f = write_csv(tmp_path / "t.csv", ["month", "list", "name_of_tool", "visits"], [["2024-06", "global", "A", "1"]])
    with pytest.raises(
        IngestError,
        match=r"column product: required column is missing; the file's headers are: month, list, name_of_tool, visits \(use --map product=HEADER\)",
    ):
        parse_file("traffic", f)


def test_fill_disagreeing_with_the_file_is_an_error(tmp_path):
    f = write_csv(tmp_path / "t.csv", ["month", "list", "product", "visits"], [["2024-05", "global", "A", "1"]])
    with pytest.raises(IngestError, match="disagrees with --month 2024-06"):
        parse_file("traffic", f, fill={"month": "2024-06"})


def test_duplicate_key_rows_rejected(tmp_path):
    f = write_csv(
        tmp_path / "t.csv",
        ["month", "list", "product", "visits"],
        [["2024-06", "global", "A", "1"], ["2024-06", "global", "A", "2"]],
    )
    with pytest.raises(IngestError, match="row 3: duplicate row for month=2024-06, list=global, product=A"):
        parse_file("traffic", f)


def traffic_file(tmp_path, name, visits, month="2024-06"):
    return write_csv(
        tmp_path / name,
        ["month", "list", "product", "visits"],
        [[month, "global", "A", str(visits)], [month, "global", "B", "5"]],
    )


def test_rejected_file_leaves_the_warehouse_unchanged(tmp_path, warehouse):
    ingest_file(warehouse, "traffic", traffic_file(tmp_path, "good.csv", 10))
    before = warehouse.content_digest()
    bad = write_csv(
        tmp_path / "bad.csv",
        ["month", "list", "product", "visits"],
        [["2024-06", "global", "A", "11"], ["2024-06", "global", "B", "?"]],
    )
    with pytest.raises(IngestError):
        ingest_file(warehouse, "traffic", bad)
    assert warehouse.content_digest() == before


def test_identical_file_again_changes_nothing(tmp_path, warehouse):
    f = traffic_file(tmp_path, "t.csv", 10)
    first = ingest_file(warehouse, "traffic", f)
    digest = warehouse.content_digest()
    again = ingest_file(warehouse, "traffic", f)
    assert (first.status, again.status, again.batch_id) == ("added", "unchanged", first.batch_id)
    assert warehouse.content_digest() == digest


def test_changed_file_replaces_rows_and_keeps_history(tmp_path, warehouse):
    first = ingest_file(warehouse, "traffic", traffic_file(tmp_path, "v1.csv", 10))
    other = ingest_file(warehouse, "traffic", traffic_file(tmp_path, "may.csv", 7, month="2024-05"))
    second = ingest_file(warehouse, "traffic", traffic_file(tmp_path, "v2.csv", 20))
    assert (second.status, second.replaced_rows) == ("replaced", 2)
    con = warehouse.con
    current = con.execute("SELECT month, product, visits FROM traffic ORDER BY month, product").fetchall()
    assert current == [("2024-05", "A", 7), ("2024-05", "B", 5), ("2024-06", "A", 20), ("2024-06", "B", 5)]
    history = con.execute(
        "SELECT visits, replaced_by FROM traffic_rows WHERE batch_id = ? ORDER BY product", [first.batch_id]
    ).fetchall()
    assert history == [(10, second.batch_id), (5, second.batch_id)]
    assert other.status == "added"
    batches = warehouse.batches("traffic").to_pylist()
    assert [b["file_name"] for b in batches] == ["v1.csv", "may.csv", "v2.csv"]
    # the first version comes back: it becomes current again as a new batch
    third = ingest_file(warehouse, "traffic", traffic_file(tmp_path, "v1.csv", 10))
    assert third.status == "replaced" and third.batch_id != first.batch_id


def test_empty_and_header_only_files(tmp_path):
    (tmp_path / "empty.csv").write_bytes(b"")
    with pytest.raises(IngestError, match="empty"):
        parse_file("traffic", tmp_path / "empty.csv")
    (tmp_path / "head.csv").write_text("month,list,product,visits\n", encoding="utf-8")
    with pytest.raises(IngestError, match="no data rows"):
        parse_file("traffic", tmp_path / "head.csv")


def test_ingest_files_keeps_order_and_per_file_atomicity(tmp_path, warehouse):
    from aimonthly.ingest import ingest_files

    good1 = traffic_file(tmp_path, "a.csv", 10, month="2024-04")
    bad = write_csv(tmp_path / "bad.csv", ["month", "list", "product", "visits"], [["2024-05", "global", "A", "x"]])
    good2 = traffic_file(tmp_path, "c.csv", 30, month="2024-06")
    results = []
    with pytest.raises(IngestError, match="bad.csv"):
        for r in ingest_files(warehouse, [("traffic", good1), ("traffic", bad), ("traffic", good2)]):
            results.append(r.file)
    assert results == ["a.csv"]  # the file before the bad one landed; nothing after it did
    months = warehouse.con.execute("SELECT DISTINCT month FROM traffic").fetchall()
    assert months == [("2024-04",)]


def test_a_read_write_open_skips_the_schema_statements_it_already_ran(tmp_path):
    """Every build opens the warehouse read-write to record itself: the schema's statements run only when
    the warehouse's schema differs from this version's (its digest in meta), e.g. after an upgrade."""
    from aimonthly.warehouse import Warehouse

    path = tmp_path / "w.duckdb"
    Warehouse.open(path).close()
    with Warehouse.open(path) as wh:
        wh.con.execute("DROP VIEW news")
    with Warehouse.open(path) as wh:  # the same schema: nothing re-created
        assert not wh.con.execute("SELECT count(*) FROM duckdb_views() WHERE view_name = 'news'").fetchall()[0][0]
        wh.con.execute("UPDATE meta SET value = 'an older schema' WHERE key = 'schema_digest'")
    with Warehouse.open(path) as wh:  # another version's schema: the statements run again
        assert wh.con.execute("SELECT count(*) FROM duckdb_views() WHERE view_name = 'news'").fetchall()[0][0] == 1
