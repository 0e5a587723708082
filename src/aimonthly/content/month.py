"""The analysts' words: one Markdown file per month.

Front matter (YAML) holds the cover: title, sector, rating and action, report type, date,
data date and analysts. The body is Markdown with headings (numbered automatically; ``{.cover}``
puts a section on the cover, ``{.unnumbered}`` leaves it unnumbered) and, on lines of their own,
computed blocks placed by name: ``{{ traffic.global.overview }}``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from markdown_it import MarkdownIt

from aimonthly.content.errors import ContentError
from aimonthly.report.model import BulletList, Paragraph, Run

DIRECTIVE = re.compile(r"^\{\{\s*([A-Za-z0-9_.:\-]+)\s*\}\}$")
ATTRS = re.compile(r"\s*\{\s*((?:\.[\w-]+\s*)+)\}\s*$")
REQUIRED = ("title", "sector", "rating", "report_type", "date", "analysts")


@dataclass(frozen=True)
class Heading:
    level: int
    title: str
    classes: frozenset[str]
    line: int


@dataclass(frozen=True)
class Directive:
    name: str
    line: int


Item = Heading | Directive | Paragraph | BulletList


@dataclass(frozen=True)
class MonthContent:
    path: Path
    meta: dict
    items: tuple[Item, ...]
    body_offset: int  # lines before the body (front matter), so errors cite the file's own lines


def split_front_matter(text: str, path: Path) -> tuple[dict, str, int]:
    if not text.startswith("---"):
        raise ContentError(f"{path}: must start with front matter between '---' lines (title, rating, analysts, …)")
    end = text.find("\n---", 3)
    if end < 0:
        raise ContentError(f"{path}: the front matter has no closing '---' line")
    try:
        meta = yaml.safe_load(text[3:end]) or {}
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" line {mark.line + 2}" if mark else ""
        raise ContentError(f"{path}:{where}: front matter is not valid YAML: {getattr(e, 'problem', e)}") from e
    if not isinstance(meta, dict):
        raise ContentError(f"{path}: front matter must be key: value pairs")
    body_start = text.find("\n", end + 4) + 1 if text.find("\n", end + 4) >= 0 else len(text)
    return meta, text[body_start:], text[:body_start].count("\n")


def _check_meta(meta: dict, path: Path) -> dict:
    missing = [k for k in REQUIRED if not meta.get(k)]
    if missing:
        raise ContentError(f"{path}: front matter lacks {', '.join(missing)}")
    for key in ("date", "data_date"):
        if key in meta and not isinstance(meta[key], dt.date):
            try:
                meta[key] = dt.date.fromisoformat(str(meta[key]))
            except ValueError as e:
                raise ContentError(f"{path}: front matter {key}: {meta[key]!r} is not a date (YYYY-MM-DD)") from e
    if not isinstance(meta["analysts"], list) or not all(
        isinstance(a, dict) and a.get("name") for a in meta["analysts"]
    ):
        raise ContentError(f"{path}: front matter analysts must be a list of {{name, licence, email}}")
    return meta


def _runs(inline) -> tuple[Run, ...]:
    runs: list[Run] = []
    bold = False
    for tok in inline.children or []:
        if tok.type == "strong_open":
            bold = True
        elif tok.type == "strong_close":
            bold = False
        elif tok.type in ("text", "code_inline", "html_inline"):
            content = tok.content
            if runs and runs[-1].bold and not bold:
                content = content.lstrip()  # "**计算机：** 正文": the space only lets Markdown see the bold
            if runs and runs[-1].bold == bold:
                runs[-1] = Run(runs[-1].text + content, bold)
            else:
                runs.append(Run(content, bold))
        elif tok.type in ("softbreak", "hardbreak"):
            continue
    return tuple(r for r in runs if r.text)


def parse_content(text: str, path: Path) -> MonthContent:
    meta, body, offset = split_front_matter(text, path)
    meta = _check_meta(meta, path)
    tokens = MarkdownIt("commonmark").parse(body)
    items: list[Item] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        line = (tok.map[0] + 1 + offset) if tok.map else 0
        if tok.type == "heading_open":
            title = tokens[i + 1].content.strip()
            classes: frozenset[str] = frozenset()
            if m := ATTRS.search(title):
                classes = frozenset(c.strip(". ") for c in m.group(1).split())
                title = title[: m.start()].strip()
            items.append(Heading(int(tok.tag[1]), title, classes, line))
            i += 3
        elif tok.type == "paragraph_open":
            inline = tokens[i + 1]
            if m := DIRECTIVE.match(inline.content.strip()):
                items.append(Directive(m.group(1), line))
            elif "{{" in inline.content:
                raise ContentError(
                    f"{path}:{line}: a computed block must stand alone on its line, "
                    f"as {{{{ name }}}}; found {inline.content.strip()[:60]!r}"
                )
            else:
                items.append(Paragraph(_runs(inline)))
            i += 3
        elif tok.type in ("bullet_list_open", "ordered_list_open"):
            close = tok.type.replace("_open", "_close")
            depth, j, paras = 1, i + 1, []
            while depth:
                t = tokens[j]
                depth += (t.type == tok.type) - (t.type == close)
                if t.type == "inline" and depth == 1:
                    paras.append(Paragraph(_runs(t)))
                j += 1
            items.append(BulletList(tuple(paras)))
            i = j
        else:
            i += 1
    return MonthContent(path, meta, tuple(items), offset)


def load_content(path: Path) -> MonthContent:
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError as e:
        raise ContentError(f"no content file {path}", hint=f"create it with: aimonthly new {Path(path).stem}") from e
    except UnicodeDecodeError as e:
        raise ContentError(f"{path}: not UTF-8 text") from e
    return parse_content(text, Path(path))
