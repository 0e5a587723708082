"""Regenerate the bad-input corpus in this folder: `python tests/bad_inputs/make_corpus.py`.

Every file here is wrong in exactly one way; manifest.yaml names the error each must give. The
files are committed (the tests read them, not this script) so that a change to this script shows
up as a change to the corpus. The 100 MB file is made by tests/test_bad_inputs.py in a temporary
folder instead.
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))
import attack_inputs  # noqa: E402  (tests/attack_inputs.py: the attacks on the readers, big and small)

TRAFFIC = ["month", "list", "product", "visits"]
GOOD = [["2024-04", "global", "ChatGPT", "1,823,000,000"], ["2024-04", "global", "文心一言", "1684万"]]


def text(header: list[str], rows: list[list[str]], sep: str = ",") -> str:
    out = io.StringIO()
    w = csv.writer(out, delimiter=sep, lineterminator="\n")
    w.writerow(header)
    w.writerows(rows)
    return out.getvalue()


def traffic(*rows: list[str], header: list[str] = TRAFFIC) -> str:
    return text(header, [*GOOD, *rows])


def xlsx(name: str, rows: list[list], merge: list[str] = (), sheet: str = "Sheet") -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for r in rows:
        ws.append(r)
    for ref in merge:
        ws.merge_cells(ref)
    wb.save(HERE / name)


def parquet(name: str, columns: dict) -> bytes:
    buf = io.BytesIO()
    pq.write_table(pa.table(columns), buf)
    return buf.getvalue()


def files() -> dict[str, bytes | str]:
    gbk_rows = "2024-04,domestic,文心一言,1684万\n2024-04,domestic,通义千问,1000万\n"
    good_parquet = parquet(
        "p",
        {
            "date": ["2024-04-01", "2024-04-02"],
            "code": ["000300.SH"] * 2,
            "name": ["沪深300"] * 2,
            "close": [3537.48, 3554.5],
        },
    )
    return {
        # encodings and bytes
        "wrong_encoding_latin1.csv": traffic(["2024-04", "global", "Café Copilot", "12"]).encode("latin-1", "replace"),
        "utf16_no_bom.csv": traffic().encode("utf-16-le"),
        "mixed_utf8_then_gbk.csv": traffic().encode() + gbk_rows.encode("gbk"),
        "mixed_gbk_then_utf8.csv": (",".join(TRAFFIC) + "\n" + gbk_rows).encode("gbk")
        + "2024-04,domestic,豆包,800万\n".encode(),
        "bom_utf8_with_gbk_body.csv": b"\xef\xbb\xbf" + (",".join(TRAFFIC) + "\n" + gbk_rows).encode("gbk"),
        "bom_two_exports_joined.csv": b"\xef\xbb\xbf" + traffic().encode() + b"\xef\xbb\xbf" + traffic().encode(),
        "bom_only.csv": b"\xef\xbb\xbf",
        "nul_byte.csv": traffic(["2024-04", "global", "Kimi\x00", "12"]).encode(),
        "xlsx_named_csv.csv": (HERE / "_tmp.xlsx").read_bytes(),
        # truncated and malformed text
        "truncated_quote.csv": traffic(["2024-04", "global", "Kimi", "2,000,000"]).replace('"2,000,000"\n', '"2,000,'),
        "truncated_multibyte.csv": traffic(["2024-04", "global", "通义千问", "1"]).encode()[:-4],
        "truncated_row.csv": traffic() + "2024-04,global\n",
        "unquoted_thousands.csv": traffic() + "2024-04,global,Kimi,2,000\n",
        "empty.csv": b"",
        "headers_only.csv": ",".join(TRAFFIC) + "\n",
        "blank_lines_only.csv": "\n\n\n",
        "unknown_type.xls": traffic(),
        # columns
        "missing_required_column.csv": text(["month", "list", "product"], [["2024-04", "global", "ChatGPT"]]),
        "column_named_twice.csv": text([*TRAFFIC, "visits"], [["2024-04", "global", "ChatGPT", "1", "2"]]),
        "column_named_twice_alias.csv": text([*TRAFFIC, "访问量"], [["2024-04", "global", "ChatGPT", "1", "2"]]),
        "map_unknown_header.csv": text(
            ["month", "list", "product", "每月访问量"], [["2024-04", "global", "ChatGPT", "1"]]
        ),
        "fill_not_applicable.csv": text(
            ["date", "code", "name", "close"], [["2024-04-01", "000300.SH", "沪深300", "3537.48"]]
        ),
        "fill_bad_value.csv": text(["month", "product", "visits"], [["2024-04", "ChatGPT", "1"]]),
        "fill_future_month.csv": text(["list", "product", "visits"], [["global", "ChatGPT", "1"]]),
        "header_unit_unknown.csv": text(
            ["month", "list", "product", "访问量(百人)"], [["2024-04", "global", "ChatGPT", "12"]]
        ),
        "title_row_with_cells.csv": "数据来源：SimilarWeb,2024 年 4 月,,\n" + traffic(),
        # values
        "bad_month.csv": traffic(["2024-13", "global", "Kimi", "12"]),
        "bad_month_words.csv": traffic(["April", "global", "Kimi", "12"]),
        "future_month.csv": traffic(["2099-01", "global", "Kimi", "12"]),
        "month_disagrees.csv": traffic(),
        "negative_visits.csv": traffic(["2024-04", "global", "Kimi", "-12"]),
        "non_numeric_visits.csv": traffic(["2024-04", "global", "Kimi", "many"]),
        "unit_approx.csv": traffic(["2024-04", "global", "Kimi", "约 2000 万"]),
        "unit_double_dot.csv": traffic(["2024-04", "global", "Kimi", "1.2.3M"]),
        "huge_number.csv": traffic(["2024-04", "global", "Kimi", "1e30"]),
        "percent_huge.csv": text(
            [*TRAFFIC, "bounce_rate"], [[*GOOD[0], "35%"], ["2024-04", "global", "Kimi", "12", "150000%"]]
        ),
        "bad_duration.csv": text(
            [*TRAFFIC, "avg_visit_duration"], [[*GOOD[0], "12:30"], ["2024-04", "global", "Kimi", "12", "about 5 min"]]
        ),
        "bad_list.csv": traffic(["2024-04", "moon", "Kimi", "12"]),
        "empty_required_cell.csv": traffic(["2024-04", "global", "", "12"]),
        "duplicate_rows.csv": traffic(["2024-04", "global", "ChatGPT", "1,823,000,000"]),
        "bad_date.csv": text(
            ["date", "keyword", "app", "developer", "rank"],
            [["2024-02-28", "AI", "豆包", "字节跳动", "1"], ["2024-02-30", "AI", "Kimi", "月之暗面", "2"]],
        ),
        "excel_serial_date.csv": text(
            ["date", "code", "name", "close"], [["45383", "000300.SH", "沪深300", "3537.48"]]
        ),
        "rank_zero.csv": text(
            ["date", "keyword", "app", "developer", "rank"],
            [["2024-04-09", "AI", "豆包", "字节跳动", "1"], ["2024-04-09", "AI", "Kimi", "月之暗面", "0"]],
        ),
        "future_date.csv": text(
            ["date", "code", "name", "close"],
            [["2024-04-01", "000300.SH", "沪深300", "3537.48"], ["2099-01-05", "000300.SH", "沪深300", "3600"]],
        ),
        "zero_close.csv": text(["date", "code", "name", "close"], [["2024-04-01", "000300.SH", "沪深300", "0"]]),
        "bad_quarter.csv": text(
            ["company", "quarter", "capex"], [["Google", "2024Q1", "120亿"], ["Meta", "2024Q5", "67亿"]]
        ),
        "negative_capex.csv": text(["company", "quarter", "capex"], [["Google", "2024Q1", "-120亿"]]),
        "bad_region.csv": text(
            ["date", "region", "title", "source"], [["2024-04-18", "火星", "Llama 3 发布", "量子位"]]
        ),
        # JSONL, Parquet, feeds
        "bad_json_line.jsonl": '{"date": "2024-04-18", "title": "A", "source": "量子位"}\n'
        '{"date": "2024-04-19", "title": "B", "source": "量子位"\n',
        "json_not_object.jsonl": '{"date": "2024-04-18", "title": "A", "source": "量子位"}\n["2024-04-19", "B"]\n',
        "truncated.parquet": good_parquet[: len(good_parquet) // 2],
        "nan_close.parquet": parquet(
            "n", {"date": ["2024-04-01"], "code": ["000300.SH"], "name": ["沪深300"], "close": [float("nan")]}
        ),
        "not_a_feed.rss": "<html><body>Rate limit exceeded</body>",
        # attacks on the readers (the big ones are made by tests/test_hostile_inputs.py in a temporary folder)
        "billion_laughs.rss": attack_inputs.BILLION_LAUGHS,
        "external_entity.atom": attack_inputs.xxe_feed("file:///etc/passwd"),
        "deep_nesting.jsonl": attack_inputs.deep_jsonl(10_000),
        "lone_surrogate.jsonl": '{"date": "2024-04-18", "title": "A\\ud800B", "source": "量子位"}\n',
        "lone_surrogate.rss": '<rss version="2.0"><channel><title>c</title><item><title>A&#55296;B</title>'
        "<pubDate>Thu, 18 Apr 2024 08:00:00 GMT</pubDate></item></channel></rss>",
        # workbooks
        "csv_named_xlsx.xlsx": traffic(),
        "old_xls_named_xlsx.xlsx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504,
    }


def workbooks() -> None:
    header = ["产品", "访问量", None]
    xlsx(
        "merged_header.xlsx",
        [header, [None, "2024-03", "2024-04"], ["ChatGPT", 1_800_000_000, 1_823_000_000]],
        merge=["B1:C1", "A1:A2"],
    )
    xlsx(
        "merged_data_cells.xlsx",
        [
            ["month", "list", "product", "visits"],
            ["2024-04", "global", "ChatGPT", 1823000000],
            [None, "global", "Gemini", 316000000],
            [None, "global", "Kimi", 20000000],
        ],
        merge=["A2:A4"],
    )
    xlsx(
        "formula_cells.xlsx",
        [
            ["month", "list", "product", "visits"],
            ["2024-04", "global", "ChatGPT", 1823000000],
            ["2024-04", "global", "Gemini", "=B2/10"],
        ],
    )
    xlsx("sheet_missing.xlsx", [TRAFFIC, GOOD[0]], sheet="Export")
    xlsx("no_header_row.xlsx", [["AI 产品访问量"], ["ChatGPT"], ["Gemini"]])
    xlsx("_tmp.xlsx", [TRAFFIC, GOOD[0]])
    attack_inputs.xlsx_with_entities(HERE / "entity_expansion.xlsx")


def main() -> None:
    workbooks()
    for name, data in files().items():
        p = HERE / name
        p.write_bytes(data) if isinstance(data, bytes) else p.write_text(data, encoding="utf-8", newline="")
    (HERE / "_tmp.xlsx").unlink()
    print(f"wrote {len(list(HERE.glob('*'))) - 2} files into {HERE}")


if __name__ == "__main__":
    main()
