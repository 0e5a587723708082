"""The canonical datasets: their columns, keys and replacement scopes (docs/formats.md), and
``ParsedFile``, one validated file as ingest hands it to the warehouse."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyarrow as pa

# Each kind names a parser in values.py, the Arrow type it produces (``KIND_TYPES``, built on first use so
# that commands which read no file, e.g. ``aimonthly status``, never import pyarrow) and its SQL type.
KIND_ARROW: dict[str, str] = {
    "text": "string",
    "count": "int64",
    "number": "float64",
    "fraction": "float64",
    "duration": "float64",  # seconds
    "month": "string",  # YYYY-MM
    "date": "date32",
    "quarter": "string",  # YYYYQn
    "list": "string",
    "region": "string",
    "bool": "bool_",
    "relation": "string",  # 母公司 / 投资方 / 合作方 / 供应商 / 其他
    "criterion": "string",  # a scorecard criterion's key (CRITERIA)
    "score": "float64",  # 1..5
}
KIND_SQL: dict[str, str] = {
    k: {"string": "VARCHAR", "int64": "BIGINT", "float64": "DOUBLE", "date32": "DATE", "bool_": "BOOLEAN"}[t]
    for k, t in KIND_ARROW.items()
}


def __getattr__(name: str) -> Any:
    if name == "KIND_TYPES":  # kind -> pyarrow DataType
        import pyarrow as pa

        globals()["KIND_TYPES"] = types = {k: getattr(pa, t)() for k, t in KIND_ARROW.items()}
        return types
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# The adoption scorecard's criteria (判断应用落地先后), in the order the report prints them.
CRITERIA = ("tech_route", "customer", "productisation", "competition", "revenue_mix", "tolerance")


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    required: bool = True
    minimum: float | None = None  # inclusive lower bound, for counts and numbers
    positive: bool = False  # strictly above zero


@dataclass(frozen=True)
class Dataset:
    name: str
    title: str
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # unique within a file
    scope: tuple[str, ...]  # a new file replaces the current rows sharing these values; () = all current rows
    fill: tuple[str, ...] = ()  # columns a CLI option may fill when the file lacks them

    def column(self, name: str) -> Column:
        return next(c for c in self.columns if c.name == name)

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    def schema(self) -> pa.Schema:
        import pyarrow as pa

        from aimonthly.core.datasets import KIND_TYPES

        return pa.schema([(c.name, KIND_TYPES[c.kind]) for c in self.columns])


SYNTHETIC = Column("synthetic", "bool", required=False)
DEMO_ONLY_COLUMNS = ("synthetic",)  # only the demo's files have them: their absence is not worth a mention

DATASETS: dict[str, Dataset] = {
    d.name: d
    for d in [
        Dataset(
            "traffic",
            "AI product traffic",
            (
                Column("month", "month"),
                Column("list", "list"),
                Column("product", "text"),
                Column("visits", "count"),
                Column("company", "text", False),
                Column("category", "text", False),
                Column("avg_visit_duration", "duration", False),
                Column("domain", "text", False),
                Column("unique_visitors", "count", False),
                Column("pages_per_visit", "number", False, minimum=0),
                Column("bounce_rate", "fraction", False, minimum=0),
                SYNTHETIC,
            ),
            key=("month", "list", "product"),
            scope=("month", "list"),
            fill=("month", "list"),
        ),
        Dataset(
            "app_ranks",
            "App Store keyword search ranks",
            (
                Column("date", "date"),
                Column("keyword", "text"),
                Column("app", "text"),
                Column("developer", "text", False),
                Column("rank", "count", minimum=1),
                Column("overall_rank", "count", False, minimum=1),
                SYNTHETIC,
            ),
            key=("date", "keyword", "app", "developer"),
            scope=("date", "keyword"),
            fill=("keyword",),
        ),
        Dataset(
            "index_prices",
            "Index closes",
            (
                Column("date", "date"),
                Column("code", "text"),
                Column("name", "text"),
                Column("close", "number", positive=True),
                SYNTHETIC,
            ),
            key=("date", "code"),
            scope=("date", "code"),
        ),
        Dataset(
            "stock_prices",
            "Stock closes (adjusted)",
            (
                Column("date", "date"),
                Column("code", "text"),
                Column("name", "text"),
                Column("close", "number", positive=True),
                Column("industry", "text"),
                SYNTHETIC,
            ),
            key=("date", "code"),
            scope=("date", "code"),
        ),
        Dataset(
            "capex",
            "Cloud capital expenditure",
            (
                Column("company", "text"),
                Column("quarter", "quarter"),
                Column("capex", "number", minimum=0),
                Column("guidance_low", "number", False, minimum=0),
                Column("guidance_high", "number", False, minimum=0),
                SYNTHETIC,
            ),
            key=("company", "quarter"),
            scope=("company", "quarter"),
        ),
        Dataset(
            "announcements",
            "Company announcements",
            (
                Column("date", "date"),
                Column("code", "text"),
                Column("company", "text"),
                Column("content", "text"),
                SYNTHETIC,
            ),
            key=("date", "code", "content"),
            scope=("date", "code"),
        ),
        Dataset(
            "news",
            "Industry news",
            (
                Column("date", "date"),
                Column("region", "region", False),
                Column("title", "text"),
                Column("body", "text", False),
                Column("source", "text"),
                Column("url", "text", False),
                SYNTHETIC,
            ),
            key=("date", "source", "title"),
            scope=("date", "source"),
        ),
        # The product registry (master data, docs/registry.md): a registry file is the whole registry,
        # so a new file replaces every current row (scope ()). Names are resolved at query time.
        Dataset(
            "products",
            "Product registry",
            (
                Column("product", "text"),
                Column("aliases", "text", False),
                Column("domain", "text", False),
                Column("company", "text", False),
                Column("category", "text", False),
                Column("region", "region", False),
                Column("launched", "date", False),
                Column("note", "text", False),
                Column("override", "bool", False),
                Column("description", "text", False),
                SYNTHETIC,
            ),
            key=("product",),
            scope=(),
        ),
        Dataset(
            "product_stocks",
            "Listed companies a product maps to (映射标的)",
            (
                Column("product", "text"),
                Column("code", "text"),
                Column("name", "text", False),
                Column("relation", "relation", False),
                Column("weight", "number", False, minimum=0),
                SYNTHETIC,
            ),
            key=("product", "code"),
            scope=(),
        ),
        # The analysts' adoption scorecard (docs/formats.md#scorecard): one file per scoring date
        # replaces that date's rows; earlier scorings stay, so a subject's change can be computed.
        Dataset(
            "scorecard",
            "Adoption scorecard",
            (
                Column("subject", "text"),
                Column("criterion", "criterion"),
                Column("score", "score"),
                Column("note", "text", False),
                Column("as_of", "date"),
                Column("name", "text", False),
                SYNTHETIC,
            ),
            key=("subject", "criterion", "as_of"),
            scope=("as_of",),
        ),
    ]
}


@dataclass(frozen=True)
class ParsedFile:
    """One file, validated and in its dataset's canonical schema: what the warehouse stores as a batch."""

    dataset: Dataset
    path: Path
    table: pa.Table  # the dataset's canonical schema
    sha256: str  # of the file's bytes and the options that shaped its rows
    format: str
    encoding: str | None
    mapped: dict[str, str]  # canonical column -> the file's header (or "--option")
    ignored: list[str]  # headers outside the format
    absent: list[str]  # optional columns the file does not have
    options: dict = field(default_factory=dict)
    units: dict[str, str] = field(default_factory=dict)  # canonical column -> the unit its header gave (applied)
    skipped: int = 0  # title lines above the header, left out
    source: str | None = None  # the vendor (ingest --source, or a vendor profile's), kept with the batch
