"""House settings, typed: one class per ``[section]`` of house.toml, validated when settings load.

The packaged ``aimonthly/house.toml`` holds every default (the one home of default values); a
``house_file`` and the project's ``[house]`` table override it key by key. The merged table is
checked against ``HouseSettings``: an unknown key is an error naming the file and the table it
sits in, with a "did you mean"; a wrong value names its key and what it must be. Stages read
attributes (``house.news.count.overseas``), never dict keys. docs/settings.md is generated from
the classes' field descriptions and house.toml's values (tools/gen_docs.py; drift-tested).

Adding a section, e.g. ``[taxonomy]``:

1. write ``core/house/taxonomy.py`` with ``class TaxonomySettings(Section)``: one field per key,
   each with its type (``Literal[...]`` for a fixed set of choices, ``Positive``, ``tuple[str, ...]``,
   a nested ``Section`` for a sub-table, ``tuple[Item, ...]`` for an array of tables) and
   ``Field(description=...)``; a default only for an optional key (``None``: "absent");
2. add ``taxonomy: TaxonomySettings = Field(description=...)`` to ``HouseSettings`` below;
3. put the section with its default values in ``aimonthly/house.toml``;
4. read it as ``ctx.house.taxonomy.<key>`` and run ``tools/gen_docs.py``.
"""

from __future__ import annotations

import functools
import tomllib
from pathlib import Path
from typing import Any, Mapping

from pydantic import Field

from aimonthly.core.house.app_store import AppStoreSettings
from aimonthly.core.house.base import Layer, Section, validate
from aimonthly.core.house.capex import CapexSettings
from aimonthly.core.house.check import CheckSettings
from aimonthly.core.house.coverage import CoverageSettings
from aimonthly.core.house.cycle import FetchSettings, InboxProfile, InboxSettings
from aimonthly.core.house.draft import DraftSettings
from aimonthly.core.house.firm import Colors, Contact, Disclaimer, RatingBand, RatingScale, Sources
from aimonthly.core.house.market import Industry, MarketSettings, Theme
from aimonthly.core.house.news import AnnouncementsSettings, NewsSettings
from aimonthly.core.house.research import ExposureSettings, MappingSettings, ScorecardSettings
from aimonthly.core.house.taxonomy import TaxonomyRule, TaxonomySettings
from aimonthly.core.house.word import WordSettings

__all__ = [
    "AnnouncementsSettings",
    "AppStoreSettings",
    "CapexSettings",
    "CheckSettings",
    "Colors",
    "Contact",
    "CoverageSettings",
    "DEFAULTS_FILE",
    "Disclaimer",
    "DraftSettings",
    "ExposureSettings",
    "FetchSettings",
    "HouseSettings",
    "InboxProfile",
    "InboxSettings",
    "Industry",
    "Layer",
    "MappingSettings",
    "MarketSettings",
    "NewsSettings",
    "RatingBand",
    "RatingScale",
    "ScorecardSettings",
    "Section",
    "Sources",
    "TaxonomyRule",
    "TaxonomySettings",
    "Theme",
    "WordSettings",
    "default_house",
    "house_from_layers",
    "merge",
]

DEFAULTS_FILE = Path(__file__).resolve().parents[2] / "house.toml"


class HouseSettings(Section):
    """Everything about the firm that publishes the report, and each section's options."""

    firm_name: str = Field(description="The firm's short name: running header, document author.")
    firm_full_name: str = Field(description="The firm's full legal name.")
    institute: str = Field(description="The research institute, appended to every source line.")
    report_kind: str = Field(description="The document's kind on the cover (证券研究报告).")
    colors: Colors = Field(description="The house colours.")
    word: WordSettings = Field(description="The Word edition: its fonts and the template it starts from.")
    sources: Sources = Field(description="Source lines, one per kind of data.")
    app_store: AppStoreSettings = Field(description="App Store keyword search ranks.")
    taxonomy: TaxonomySettings = Field(description="The house's traffic categories, and how vendor tags map to them.")
    check: CheckSettings = Field(description="The thresholds of `aimonthly check` (run by every report too).")
    market: MarketSettings = Field(description="Secondary-market review.")
    capex: CapexSettings = Field(description="Cloud capex tracker.")
    coverage: CoverageSettings = Field(description="Allowances before a section's data counts as stopping early.")
    news: NewsSettings = Field(description="Industry news digests.")
    announcements: AnnouncementsSettings = Field(description="Key company announcements table.")
    mapping: MappingSettings = Field(description="映射标的: the month's hot products and their listed companies.")
    exposure: ExposureSettings = Field(description="The AI-traffic exposure index per listed company.")
    scorecard: ScorecardSettings = Field(description="The adoption scorecard (投资建议): criterion weights and labels.")
    draft: DraftSettings = Field(
        description="Drafting with a language model (`aimonthly draft`), and its guard's name rules."
    )
    inbox: InboxSettings = Field(
        description="The inbox `aimonthly run` ingests from: how a file's dataset is recognised."
    )
    fetch: FetchSettings = Field(
        description="The live fetchers `aimonthly run` calls (the news feeds are [news.feeds])."
    )
    rating_scale: RatingScale = Field(description="The rating scale: definitions in the back matter and the backtest.")
    disclaimer: Disclaimer = Field(description="The disclaimer, in the back matter.")
    contacts: tuple[Contact, ...] = Field(description="The offices listed after the disclaimer ([[contacts]]).")

    def source_line(self, kind: str, vendors: tuple[str, ...] | list[str] = ()) -> str:
        """'来源：SimilarWeb，非凡产研，示例证券研究所': the vendors the data's batches recorded, else the
        house's default for the kind (``traffic.global`` falls back to ``traffic``)."""
        return f"来源：{self.vendor(kind, vendors)}，{self.institute}"

    def vendor(self, kind: str, vendors: tuple[str, ...] | list[str] = ()) -> str:
        """Who the data of ``kind`` came from, as a source line names it."""
        return "，".join(vendors) if vendors else getattr(self.sources, kind.split(".")[0])


def merge(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """``over`` on ``base``, table by table (an array or a value replaces the one below)."""
    out = dict(base)
    for k, v in over.items():
        out[k] = merge(out[k], v) if isinstance(v, Mapping) and isinstance(out.get(k), Mapping) else v
    return out


def defaults_layer() -> Layer:
    return Layer(str(DEFAULTS_FILE), "", tomllib.loads(DEFAULTS_FILE.read_text(encoding="utf-8")))


def house_from_layers(layers: list[Layer]) -> HouseSettings:
    """The packaged defaults, then each layer over them, validated (ConfigError naming file and table)."""
    every = [defaults_layer(), *layers]
    merged: dict[str, Any] = {}
    for layer in every:
        merged = merge(merged, layer.data)
    return validate(HouseSettings, every, merged)


@functools.cache
def default_house() -> HouseSettings:
    """The packaged house settings (immutable, so shared)."""
    return house_from_layers([])
