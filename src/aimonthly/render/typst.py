"""The PDF: the document as Typst source, compiled with the ``typst`` package.

``render_typst`` is pure and deterministic (golden-tested): the layout lives in
``templates/report.typ`` and is inlined after a ``house`` dictionary; the document follows as
calls of the template's functions. All text goes into Typst *string literals*, so nothing in it
(``#``, ``$``, ``*``, ``_``, ``@``, ``<``, ``[``, ``\\``, ``//``, ``https://``, …) is read as markup.
``write_pdf`` compiles in a temporary folder and replaces the target file atomically.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from importlib.resources import files as resource_files
from pathlib import Path

from aimonthly.core.fonts import cjk_font
from aimonthly.core.files import write_atomic
from aimonthly.render.errors import RenderError, not_drawn
from aimonthly.core.safe import printable
from aimonthly.report.model import (
    BulletList,
    Chart,
    ChartSpec,
    Contact,
    Document,
    Exhibit,
    Paragraph,
    Section,
    TableBody,
)

# Typst takes the first family it has; the package font first, then common system CJK fonts.
FONTS = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "PingFang SC", "Microsoft YaHei")
CONTENTS_TITLE, EXHIBITS_TITLE = "内容目录", "图表目录"
_TEMPLATE_DIR = resource_files("aimonthly.render") / "templates"


@dataclass(frozen=True)
class TypstSource:
    source: str  # main.typ
    files: dict[str, bytes] = field(default_factory=dict)  # relative path -> bytes, referenced by the source


def _s(text: str) -> str:
    """A Typst string literal: shown verbatim, whatever it holds (less what ``printable`` removes)."""
    out = printable(text).replace("\\", "\\\\").replace('"', '\\"')
    return '"' + out.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t") + '"'


def _arr(items) -> str:
    """A Typst array of already-rendered expressions (the trailing comma keeps 1-tuples arrays)."""
    items = list(items)
    return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"


def _num(x: float) -> str:
    return f"{float(x):g}"


def _runs(p: Paragraph) -> str:
    """A paragraph's runs as one content expression."""
    if len(p.runs) == 1 and not p.runs[0].bold:
        return _s(p.runs[0].text)
    return "[" + "".join(f"#strong({_s(r.text)})" if r.bold else f"#{_s(r.text)}" for r in p.runs) + "]"


def _heading(s: Section) -> str:
    text = (f"{s.number}. {s.title}" if s.level == 1 else s.heading) if s.number else s.title
    outlined = "true" if s.in_toc and s.number else "false"
    return f"#section-heading({s.level}, {outlined}, {_s(text)})"


def _exhibit(e: Exhibit, files: dict[str, bytes]) -> str:
    b = e.body
    if isinstance(b, Chart):
        if b.svg is None:
            raise not_drawn(e.number, "svg")
        name = f"{e.anchor}.svg"
        files[name] = b.svg.encode("utf-8")
        body = f"chart({_s(name)}, {_num(b.width_cm)}cm)"
    elif isinstance(b, TableBody):
        n = len(b.header)
        align = tuple(b.align) + ("l",) * (n - len(b.align))
        widths = tuple(b.widths) + (1.0,) * (n - len(b.widths))
        wrap = tuple(b.wrap) + (False,) * (n - len(b.wrap))
        rows = "\n    ".join(_arr(_s(c) for c in row) + "," for row in b.rows)
        body = (
            f"data-table(\n    {_arr(_s(h) for h in b.header)},\n    (\n    {rows}\n    ),\n"
            f"    align: {_arr(_s(a) for a in align[:n])}, widths: {_arr(_num(w) for w in widths[:n])},"
            f" wrap: {_arr('true' if w else 'false' for w in wrap[:n])},\n  )"
        )
    elif isinstance(b, ChartSpec):
        raise not_drawn(e.number, "svg")
    else:  # pragma: no cover - the model has no other body
        raise RenderError(f"图表{e.number}: unknown exhibit body {type(b).__name__}")
    return f"#exhibit({e.number}, {_s(e.title)}, {_s(e.source)}, {body})"


def _blocks(blocks, files: dict[str, bytes], *, cover: bool = False) -> list[str]:
    out: list[str] = []
    for b in blocks:
        if isinstance(b, Section):
            out.append(f"#cover-title({_s(b.title)})" if cover else _heading(b))
            out += _blocks(b.blocks, files, cover=cover)
        elif isinstance(b, Paragraph):
            out.append(f"#para({_s(b.kind)}, {_runs(b)})")
        elif isinstance(b, BulletList):
            out.append("#list(" + ", ".join(_runs(p) for p in b.items) + ")")
        elif isinstance(b, Exhibit):
            out.append(_exhibit(b, files))
        else:  # pragma: no cover
            raise RenderError(f"unknown block {type(b).__name__}")
    return out


def _date(iso: str) -> str:
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", iso)
    return f"datetime(year: {int(m[1])}, month: {int(m[2])}, day: {int(m[3])})" if m else "none"


def render_typst(doc: Document) -> TypstSource:
    h, c = doc.house, doc.cover
    files: dict[str, bytes] = {}
    house = "\n".join(
        [
            "#let house = (",
            f"  firm: {_s(h.firm_name)}, institute: {_s(h.institute)}, kind: {_s(h.report_kind)},",
            f"  report-type: {_s(c.report_type)}, title: {_s(c.title)}, date: {_date(c.date)},",
            f"  primary: {_s(h.primary_color)}, accent: {_s(h.accent_color)},",
            f"  pointer: {_s('敬请参阅最后一页' + h.disclaimer_title)},",
            f"  fonts: {_arr(_s(f) for f in FONTS)},",
            ")",
        ]
    )
    template = (_TEMPLATE_DIR / "report.typ").read_text(encoding="utf-8")
    analysts = _arr(f"(name: {_s(a.name)}, licence: {_s(a.licence)}, email: {_s(a.email)})" for a in c.analysts)
    summary = "\n\n".join(_blocks(c.summary, files, cover=True))
    parts = [
        "// Generated by aimonthly.render.typst: do not edit.",
        house,
        template.rstrip(),
        "// ---- cover ----",
        f"#cover((sector: {_s(c.sector)}, rating: {_s(c.rating)}, action: {_s(c.rating_action)},"
        f" report-type: {_s(c.report_type)}, date: {_s(c.date)}, title: {_s(c.title)},"
        f" analysts: {analysts}),\n[\n{summary}\n])",
        "#pagebreak()",
        "// ---- contents ----",
        f"#contents-title({_s(CONTENTS_TITLE)})",
        "#outline(title: none, target: heading.where(outlined: true))",
        "#v(1.5em)",
        f"#contents-title({_s(EXHIBITS_TITLE)})",
        '#{ show outline.entry: exhibit-entry; outline(title: none, target: figure.where(kind: "exhibit")) }',
        "#pagebreak()",
        "// ---- body ----",
        *_blocks(doc.body, files),
        "// ---- back matter ----",
        "#pagebreak()",
        *_blocks(doc.back, files),
    ]
    if h.contacts:
        parts.append(_contacts(h.contacts))
    return TypstSource("\n\n".join(parts) + "\n", files)


def _contacts(contacts: tuple[Contact, ...]) -> str:
    cells = []
    for ct in contacts:
        lines = [f"#strong({_s(ct.city)})"] + [f"#{_s(f'{label}：{value}')}" for label, value in ct.fields]
        cells.append("[" + " \\ ".join(lines) + "]")
    return (
        f"#block(above: 2em, breakable: false, {{ line(length: 100%, stroke: 0.6pt + primary); set text(size: 8.5pt);"
        f" set par(justify: false); grid(columns: (1fr,) * {min(3, len(contacts))}, column-gutter: 12pt,"
        f" row-gutter: 10pt, {', '.join(cells)}) }})"
    )


def _font_paths() -> list[str]:
    f = cjk_font()
    return [str(f.path.parent)] if f.path is not None else []


def compile_pdf(src: TypstSource) -> bytes:
    """Typst source -> PDF bytes; RenderError with Typst's message on failure."""
    import typst

    with tempfile.TemporaryDirectory(prefix="aimonthly-typst-") as tmp:
        root = Path(tmp)
        (root / "main.typ").write_text(src.source, encoding="utf-8")
        for name, data in src.files.items():
            (root / name).write_bytes(data)
        try:
            return typst.compile(str(root / "main.typ"), root=str(root), font_paths=_font_paths())
        except Exception as e:  # typst.TypstError and friends
            raise RenderError(f"Typst could not compile the report: {e}") from e


def write_pdf(doc: Document, path: Path) -> Path:
    """Render and compile ``doc``; write the PDF to ``path`` atomically (temp file + os.replace)."""
    path = Path(path)
    if not path.parent.is_dir():  # before the compile: fail fast
        raise RenderError(f"output folder does not exist: {path.parent}")
    return write_atomic(path, compile_pdf(render_typst(doc)), error=RenderError)
