"""The bundled demo data: 2024-03 and 2024-04 (with the history charts need) for every dataset.

Figures stated by the reference report are kept exactly; every other value is synthetic, and each
row says which in its ``synthetic`` column. See ``data/PROVENANCE.md``.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

DEMO_MONTH = "2024-04"
# The demo folder's aimonthly.toml, so that every command run there reads the demo's warehouse.
DEMO_PROJECT = """# Written by `aimonthly demo`: every command run in this folder uses the demo's warehouse,
# e.g. `aimonthly check 2024-04`, `aimonthly report 2024-04 --formats pdf`, `aimonthly products`.
warehouse = "warehouse.duckdb"
content_dir = "content"
output_dir = "reports"
"""
# (dataset, file inside demo/data), in load order
DEMO_FILES: tuple[tuple[str, str], ...] = (
    ("products", "products.yaml"),  # the registry first: a desk keeps it before the month's exports
    ("product_stocks", "product_stocks.csv"),
    ("traffic", "traffic_history.csv"),  # the mapped products' earlier months (the exposure index's history)
    ("traffic", "traffic.csv"),
    ("app_ranks", "app_ranks.csv"),
    ("index_prices", "index_prices.csv"),
    ("stock_prices", "stock_prices.csv"),
    ("capex", "capex.csv"),
    ("announcements", "announcements.csv"),
    ("news", "news.jsonl"),
    ("scorecard", "scorecard.csv"),
)


def data_dir() -> Path:
    return Path(str(resources.files("aimonthly.demo") / "data"))


def content_dir() -> Path:
    return Path(str(resources.files("aimonthly.demo") / "content"))


def demo_files() -> list[tuple[str, Path]]:
    d = data_dir()
    return [(ds, d / name) for ds, name in DEMO_FILES]
