"""Figures in Chinese text, and what each states: one module for ``aimonthly check`` (the analyst's
paragraphs against the month's facts) and ``aimonthly draft`` (a drafted sentence against the
facts and its source text). ``extract`` reads, ``match`` compares."""

from aimonthly.narrative.figures.extract import FIGURE_KINDS, Figure, Kind, extract, figures
from aimonthly.narrative.figures.match import (
    DateIndex,
    FactIndex,
    SourceFigure,
    TextIndex,
    latin_keys,
    latin_words,
    name_token,
    same_quantity,
    states,
)

__all__ = [
    "FIGURE_KINDS",
    "DateIndex",
    "FactIndex",
    "Figure",
    "Kind",
    "SourceFigure",
    "TextIndex",
    "extract",
    "figures",
    "latin_keys",
    "latin_words",
    "name_token",
    "same_quantity",
    "states",
]
