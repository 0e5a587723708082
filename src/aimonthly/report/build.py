"""Build the one Document from the month's content and the computed blocks.

Headings are numbered here (1, 1.1, 1.1.1), exhibits get 图表 numbers in the order the content
places them, and the back matter (rating definitions, disclaimer) comes from the house settings.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from aimonthly.core.house import HouseSettings, RatingScale
from aimonthly.core.names import suggestion
from aimonthly.report.blocks import Blocks, ExhibitSpec
from aimonthly.content.month import Directive, Heading, MonthContent
from aimonthly.content.errors import ContentError
from aimonthly.report.model import (
    Analyst,
    BulletList,
    Contact,
    Cover,
    DataSheet,
    Document,
    Exhibit,
    House,
    Paragraph,
    Section,
)


@dataclass
class _Open:
    number: str
    title: str
    level: int
    in_toc: bool
    cover: bool
    blocks: list = field(default_factory=list)

    def close(self) -> Section:
        return Section(self.number, self.title, tuple(self.blocks), in_toc=self.in_toc)


def _house(house: HouseSettings) -> House:
    return House(
        firm_name=house.firm_name,
        institute=house.institute,
        report_kind=house.report_kind,
        primary_color=house.colors.primary,
        accent_color=house.colors.accent,
        disclaimer_title=house.disclaimer.title,
        contacts=tuple(
            Contact.of(c.city, phone=c.phone, email=c.email, postcode=c.postcode, address=c.address)
            for c in house.contacts
        ),
    )


def disclaimer(house: HouseSettings) -> Section:
    d = house.disclaimer
    return Section("", d.title, tuple(Paragraph.of(t) for t in d.paragraphs), in_toc=False)


def _band_text(lo: float | None, hi: float | None) -> str:
    if hi is None:
        return f"超额收益在 {lo * 100:g}% 以上" if lo is not None else "超额收益不限"
    if lo is None:
        return (
            f"超额收益在 {hi * 100:g}% 以下（即跑输 {abs(hi) * 100:g}% 以上）"
            if hi < 0
            else f"超额收益低于 {hi * 100:g}%"
        )
    return f"超额收益在 {lo * 100:g}%—{hi * 100:g}% 之间"


def rating_definitions(scale: RatingScale) -> Section:
    """行业投资评级的说明, generated from the configured scale."""
    items = []
    for r in scale.ratings:
        band = _band_text(r.low, r.high)
        items.append(Paragraph.of(f"{r.name}：预期{scale.horizon}内该{scale.subject}相对{scale.benchmark}的{band}；"))
    return Section("", f"{scale.subject}投资评级的说明", (BulletList(tuple(items)),), in_toc=False)


def build_document(
    content: MonthContent, blocks: Blocks, house: HouseSettings, month: str, *, notes: tuple[str, ...] = ()
) -> Document:
    placed_names: list[str] = []
    for item in content.items:
        if isinstance(item, Directive):
            if item.name not in blocks:  # the closest names first; every known one in the hint
                raise ContentError(
                    f"{content.path}:{item.line}: unknown block {{{{ {item.name} }}}}{suggestion(item.name, blocks)}",
                    hint=f"known blocks ({len(blocks)}): {', '.join(sorted(blocks))}",
                )
            if item.name in placed_names:
                raise ContentError(f"{content.path}:{item.line}: block {item.name} is placed twice")
            placed_names.append(item.name)
    values = {n: blocks[n]() for n in placed_names}  # cheap: charts are specs, drawn later (report/drawing.py)
    counters = [0, 0, 0, 0]
    stack: list[_Open] = []
    body: list[Section] = []
    cover_sections: list[Section] = []
    exhibit_no = 0
    sheets: list[DataSheet] = []

    def close_to(level: int) -> None:
        while stack and stack[-1].level >= level:
            done = stack.pop()
            section = done.close()
            if stack:
                stack[-1].blocks.append(section)
            elif done.cover:
                cover_sections.append(section)
            else:
                body.append(section)

    for item in content.items:
        if isinstance(item, Heading):
            close_to(item.level)
            on_cover = "cover" in item.classes
            numbered = not on_cover and "unnumbered" not in item.classes
            if numbered:
                counters[item.level - 1] += 1
                for k in range(item.level, len(counters)):
                    counters[k] = 0
                if any(c == 0 for c in counters[: item.level]):
                    raise ContentError(
                        f"{content.path}:{item.line}: heading level {item.level} "
                        f"({item.title!r}) has no parent heading above it"
                    )
                number = ".".join(str(c) for c in counters[: item.level])
            else:
                number = ""
            stack.append(_Open(number, item.title, item.level, numbered, on_cover))
            continue
        if not stack:
            raise ContentError(
                f"{content.path}:{getattr(item, 'line', '?')}: text before the first heading; "
                "put it under a heading (e.g. '# 投资逻辑 {.cover}')"
            )
        if isinstance(item, Directive):
            given = values[item.name]
            for value in given if isinstance(given, tuple) else (given,):  # a block may give several
                if isinstance(value, DataSheet):
                    sheets.append(value)
                    continue
                if isinstance(value, ExhibitSpec):
                    exhibit_no += 1
                    stack[-1].blocks.append(
                        Exhibit(exhibit_no, value.key, value.title, value.source, value.body, value.data)
                    )
                    continue
                if isinstance(value, Paragraph) and value.kind == "note" and value in stack[-1].blocks:
                    continue  # the blocks of a part with no data all give its notice: say it once a section
                stack[-1].blocks.append(value)
        else:
            stack[-1].blocks.append(item)
    close_to(1)

    meta = content.meta
    cover = Cover(
        title=str(meta["title"]),
        sector=str(meta["sector"]),
        rating=str(meta["rating"]),
        rating_action=str(meta.get("rating_action", "维持评级")),
        report_type=str(meta["report_type"]),
        date=meta["date"].isoformat(),
        analysts=tuple(
            Analyst(str(a["name"]), str(a.get("licence", "")), str(a.get("email", ""))) for a in meta["analysts"]
        ),
        summary=tuple(cover_sections),
    )
    back = (rating_definitions(house.rating_scale), disclaimer(house))
    return Document(
        month=month,
        cover=cover,
        body=tuple(body),
        back=back,
        house=_house(house),
        notes=notes,
        data_sheets=tuple(sheets),
    )
