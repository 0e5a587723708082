"""[word]: the Word edition's fonts and template (docs/word.md)."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from aimonthly.core.house.base import Section

FontName = Annotated[str, Field(min_length=1)]


class WordSettings(Section):
    font: FontName = Field(
        description="Every text of the Word file, Chinese and Latin: a font the reader's Office has "
        "(Word names fonts, it does not embed them)."
    )
    fallbacks: tuple[FontName, ...] = Field(
        description="Other names Word looks for when `font` is missing (font table)."
    )
    template: str = Field(
        description='The .docx every report starts from, relative to the project folder; "": the house '
        "template shipped with aimonthly (render/docx/house-template.docx)."
    )
