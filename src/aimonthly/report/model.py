"""The report as one immutable document tree, built once and rendered by every renderer.

Blocks: Heading-led ``Section``s holding ``Paragraph``s (of ``Run``s), ``BulletList``s and
``Exhibit``s. An exhibit is a numbered 图表 (a chart or a table) with a caption, a source line and
the data behind it (for the Excel pack). Numbering, the 内容目录 and the 图表目录 are derived here,
so renderers only lay out what they are given.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Union

from aimonthly.core.chart import Chart, ChartSpec
from aimonthly.core.claims import Claim, Sentence


# "note": small, e.g. a missing-data notice; "lead": the cover summary; "item-title": a news item's
# bold title, kept on the page of the paragraph after it.
ParagraphKind = Literal["body", "note", "lead", "item-title"]
Align = Literal["l", "c", "r"]


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False


@dataclass(frozen=True)
class Paragraph:
    runs: tuple[Run, ...]
    kind: ParagraphKind = "body"
    sentences: tuple[Sentence, ...] = ()  # a computed paragraph's sentences and their claims (the verifier's)

    @classmethod
    def of(cls, text: str, *, bold_prefix: str | None = None, kind: ParagraphKind = "body") -> Paragraph:
        runs = (Run(bold_prefix, bold=True), Run(text)) if bold_prefix else (Run(text),)
        return cls(runs, kind)

    @classmethod
    def said(cls, *sentences: Sentence, kind: ParagraphKind = "body") -> Paragraph:
        """A computed paragraph: its sentences' text, with their claims kept beside it."""
        return cls((Run("".join(s.text for s in sentences)),), kind, tuple(sentences))

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True)
class BulletList:
    items: tuple[Paragraph, ...]


@dataclass(frozen=True)
class DataTable:
    """Raw values (numbers as numbers) behind an exhibit, for data.xlsx."""

    columns: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]


@dataclass(frozen=True)
class TableBody:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]  # display strings, already formatted
    align: tuple[Align, ...] = ()  # per column; default left
    widths: tuple[float, ...] = ()  # relative column widths; default equal
    wrap: tuple[bool, ...] = ()  # per column: long text that wraps (kept whole everywhere)


@dataclass(frozen=True)
class Exhibit:
    number: int  # 图表N, in document order
    key: str  # stable name, e.g. "traffic.global.top_visits"; also the Excel sheet's origin
    title: str
    source: str  # the full source line, e.g. "来源：SimilarWeb，非凡产研，示例证券研究所"
    body: Union[
        Chart, ChartSpec, TableBody
    ]  # a ChartSpec until drawn (report/drawing.py) for the renderers that need it
    data: DataTable
    claims: tuple[Claim, ...] = ()  # what its title and labels state (the period, the Top N, the values)

    @property
    def caption(self) -> str:
        return f"图表{self.number}：{self.title}"

    @property
    def anchor(self) -> str:
        return f"fig-{self.number}"

    def printed(self) -> str:
        return printed(self.title, self.body)

    @property
    def alt_text(self) -> str:
        """What a screen reader says for a chart: the caption and the source (Word alt text, SVG title)."""
        return f"{self.caption}。{self.source}"


@dataclass(frozen=True)
class DataSheet:
    """Data behind text that has no exhibit (e.g. every news item of the month, grouped): it is
    not printed and takes no 图表 number; data.xlsx gives it a sheet after the exhibits'."""

    key: str
    title: str
    source: str
    data: DataTable

    @property
    def caption(self) -> str:
        return self.title


def printed(title: str, body: object) -> str:
    """Everything an exhibit prints as text: its title, and its cells or its chart's labels (a drawn chart's
    labels are in its picture only)."""
    parts = [title]
    if isinstance(body, TableBody):
        parts += [*body.header, *(c for row in body.rows for c in row)]
    elif isinstance(body, ChartSpec):
        parts += list(_strings(body.args))
    return "\n".join(parts)


def _strings(value: object):
    if isinstance(value, str):
        yield value
    elif isinstance(value, tuple):
        for v in value:
            yield from _strings(v)


Block = Union[Paragraph, BulletList, Exhibit, "Section"]


@dataclass(frozen=True)
class Section:
    number: str  # "1", "1.1", "2.2.1"; "" for unnumbered (risk section on the cover, appendices)
    title: str
    blocks: tuple[Block, ...] = ()
    in_toc: bool = True

    @property
    def level(self) -> int:
        return self.number.count(".") + 1 if self.number else 1

    @property
    def heading(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title

    @property
    def anchor(self) -> str:
        return "sec-" + (self.number.replace(".", "-") if self.number else self.title)


@dataclass(frozen=True)
class Analyst:
    name: str
    licence: str  # 执业证书编号, e.g. S0000000000001
    email: str


@dataclass(frozen=True)
class Cover:
    title: str  # the report's headline
    sector: str  # e.g. 信息技术产业行业研究
    rating: str  # e.g. 买入
    rating_action: str  # e.g. 维持评级 / 首次评级 / 上调评级
    report_type: str  # e.g. 行业月报
    date: str  # publication date, YYYY-MM-DD
    analysts: tuple[Analyst, ...]
    summary: tuple[Section, ...]  # 投资逻辑 and 风险提示 as shown on the cover


CONTACT_LABELS = {"phone": "电话", "email": "邮箱", "postcode": "邮编", "address": "地址"}


@dataclass(frozen=True)
class Contact:
    city: str
    fields: tuple[tuple[str, str], ...]  # (label, value) in CONTACT_LABELS order, the ones given

    @classmethod
    def of(cls, city: str, **values: str | None) -> Contact:
        return cls(city, tuple((label, str(values[k])) for k, label in CONTACT_LABELS.items() if values.get(k)))


@dataclass(frozen=True)
class House:
    firm_name: str
    institute: str
    report_kind: str  # 证券研究报告
    primary_color: str
    accent_color: str
    disclaimer_title: str  # the back-matter section the running footer points to
    contacts: tuple[Contact, ...] = ()

    def contact_table(self) -> TableBody:
        """The contacts side by side: one column per city, one row per kind of detail any of them has."""
        labels = [
            lb for lb in dict.fromkeys(CONTACT_LABELS.values()) if any(lb in dict(c.fields) for c in self.contacts)
        ]
        rows = tuple(tuple(f"{lb}：{dict(c.fields).get(lb, '')}" for c in self.contacts) for lb in labels)
        return TableBody(tuple(c.city for c in self.contacts), rows)


@dataclass(frozen=True)
class Document:
    month: str  # the data month, YYYY-MM
    cover: Cover
    body: tuple[Section, ...]  # the numbered sections (内容目录 lists these)
    back: tuple[Section, ...]  # rating definitions, disclaimer: after the body, unnumbered (built once, here)
    house: House
    notes: tuple[str, ...] = field(default=())  # warnings for the command line (missing data, …)
    data_sheets: tuple[DataSheet, ...] = field(default=())  # data-pack-only tables, in placement order

    def sections(self) -> list[Section]:
        """Every section in order, depth first."""
        out: list[Section] = []

        def walk(s: Section) -> None:
            out.append(s)
            for b in s.blocks:
                if isinstance(b, Section):
                    walk(b)

        for s in self.body:
            walk(s)
        return out

    def sentences(self) -> list[tuple[Section | None, Sentence]]:
        """Every computed sentence with the section it stands in (None: on the cover), in order; an
        exhibit states its claims as a sentence whose text is its caption and labels."""
        out: list[tuple[Section | None, Sentence]] = []

        def walk(section: Section | None, blocks: tuple[Block, ...]) -> None:
            for b in blocks:
                if isinstance(b, Section):
                    walk(b, b.blocks)
                elif isinstance(b, Paragraph):
                    out.extend((section, s) for s in b.sentences)
                elif isinstance(b, BulletList):
                    out.extend((section, s) for p in b.items for s in p.sentences)
                elif isinstance(b, Exhibit) and b.claims:
                    out.append((section, Sentence(b.key, b.printed(), b.claims)))

        for s in self.cover.summary:
            walk(None, s.blocks)
        for s in self.body:
            walk(s, s.blocks)
        return out

    def claims(self) -> dict[str, list[dict]]:
        """facts.json ``claims``: each computed sentence's id -> its claims with their fact paths."""
        out: dict[str, list[dict]] = {}
        for _, s in self.sentences():
            out.setdefault(s.id, []).extend(c.to_dict() for c in s.claims)
        return out

    def toc(self) -> list[Section]:
        return [s for s in self.sections() if s.in_toc]

    def exhibits(self) -> list[Exhibit]:
        out: list[Exhibit] = []

        def walk(blocks: tuple[Block, ...]) -> None:
            for b in blocks:
                if isinstance(b, Exhibit):
                    out.append(b)
                elif isinstance(b, Section):
                    walk(b.blocks)

        for s in self.body:
            walk(s.blocks)
        return out

    @property
    def title(self) -> str:
        return self.cover.title
