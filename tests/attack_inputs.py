"""Files made to attack a reader, generated on demand (the big ones never live in the repository).

Used by tests/test_hostile_inputs.py and benchmarks/bench_hostile_inputs.py; the small ones are
also committed in tests/bad_inputs/ (make_corpus.py writes them from here).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl


def _index_workbook() -> zipfile.ZipFile:
    """A small, valid index_prices workbook, opened as the zip it is."""
    buf = io.BytesIO()
    wb = openpyxl.Workbook()
    wb.active.append(["date", "code", "name", "close"])
    wb.active.append(["2024-04-01", "000300.SH", "沪深300", 3537.48])
    wb.save(buf)
    return zipfile.ZipFile(io.BytesIO(buf.getvalue()))


def zip_bomb(path: Path, unzipped_mb: int = 200) -> Path:
    """A valid-looking XLSX whose first sheet's XML inflates to ``unzipped_mb`` MB: about 1,000
    times the file's size (whitespace between the rows deflates about as far as deflate goes)."""
    with _index_workbook() as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                head, tail = data.split(b"</sheetData>")
                with dst.open(info.filename, "w", force_zip64=True) as f:
                    f.write(head)
                    block = b" " * (1 << 20)
                    for _ in range(unzipped_mb):
                        f.write(block)
                    f.write(b"</sheetData>" + tail)
            else:
                dst.writestr(info.filename, data)
    return path


_SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
_SST_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"


def strings_bomb(path: Path, unzipped_mb: int = 300) -> Path:
    """A valid-looking XLSX whose shared strings (which openpyxl reads whole when it opens a workbook,
    even read-only) are ``unzipped_mb`` MB of one-letter strings: millions of Python strings."""
    with _index_workbook() as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    f'<Override PartName="/xl/sharedStrings.xml" ContentType="{_SST_TYPE}"/></Types>'.encode(),
                )
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    f'<Relationship Id="rIdS" Type="{_SST_REL}" Target="sharedStrings.xml"/></Relationships>'.encode(),
                )
            dst.writestr(info.filename, data)
        with dst.open("xl/sharedStrings.xml", "w", force_zip64=True) as f:
            f.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            block = b"<si><t>a</t></si>" * 61_681  # 1 MB
            for _ in range(unzipped_mb):
                f.write(block)
            f.write(b"</sst>")
    return path


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE rss [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>Laughs</title>
<item><title>&lol9;</title><description>&lol9;</description><pubDate>Thu, 18 Apr 2024 08:00:00 GMT</pubDate></item>
</channel></rss>
"""


def xxe_feed(target: str) -> str:
    """An Atom feed whose entry title is an external entity: the file (or URL) ``target``."""
    return f"""<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE feed [ <!ENTITY xxe SYSTEM "{target}"> ]>
<feed xmlns="http://www.w3.org/2005/Atom"><title>XXE</title>
<entry><title>&xxe;</title><summary>read: &xxe;</summary><updated>2024-04-18T08:00:00Z</updated></entry>
</feed>
"""


def long_line_csv(path: Path, mb: int = 200) -> Path:
    """A news CSV whose second row's body is one ``mb`` MB line (no newline in it)."""
    with open(path, "wb") as f:
        f.write(b"date,title,body,source\n2024-04-18,ok,fine,src\n2024-04-19,long,")
        block = b"x" * (1 << 20)
        for _ in range(mb):
            f.write(block)
        f.write(b",src\n")
    return path


def deep_jsonl(depth: int = 10_000) -> str:
    """A news JSONL whose second record nests a list ``depth`` levels deep."""
    return (
        '{"date": "2024-04-18", "title": "ok", "source": "src"}\n'
        '{"date": "2024-04-19", "title": "deep", "source": "src", "body": ' + "[" * depth + "]" * depth + "}\n"
    )


def xlsx_with_entities(path: Path) -> Path:
    """An XLSX whose sheet XML declares the billion-laughs entities and uses them in a cell."""
    buf = io.BytesIO()
    wb = openpyxl.Workbook()
    wb.active.append(["date", "code", "name", "close"])
    wb.active.append(["2024-04-01", "000300.SH", "沪深300", 3537.48])
    wb.save(buf)
    doctype = BILLION_LAUGHS.split("<rss")[0].split("?>\n", 1)[1].replace("DOCTYPE rss", "DOCTYPE worksheet")
    with zipfile.ZipFile(io.BytesIO(buf.getvalue())) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                head, body = data.split(b"<worksheet", 1)
                data = head + doctype.encode() + b"<worksheet" + body.replace(b"&#27818;&#28145;300", b"&lol9;")
            dst.writestr(info.filename, data)
    return path
