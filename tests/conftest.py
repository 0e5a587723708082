from __future__ import annotations

import sys
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).parent))  # sample_document, datasets

from aimonthly.config import load_settings  # noqa: E402
from aimonthly.demo import DEMO_MONTH, content_dir, demo_files  # noqa: E402
from aimonthly.ingest import ingest_file  # noqa: E402
from aimonthly.warehouse import Warehouse  # noqa: E402

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "reference"


@pytest.fixture(scope="session")
def seed() -> dict:
    path = SHARED / "seed-facts.yaml"
    if not path.is_file():  # CI lays shared/ beside the clone; a bare clone carries a copy
        path = Path(__file__).parent / "data" / "seed-facts.yaml"
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def demo_warehouse(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "warehouse.duckdb"
    with Warehouse.open(path) as wh:
        for dataset, f in demo_files():
            ingest_file(wh, dataset, f)
    return path


@pytest.fixture(scope="session")
def demo_settings(demo_warehouse, tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    return load_settings({"warehouse": str(demo_warehouse), "content_dir": str(content_dir()), "output_dir": str(out)}, env={})


@pytest.fixture(scope="session")
def demo_report(demo_settings):
    from aimonthly.pipeline import build_report

    return build_report(demo_settings, DEMO_MONTH)


@pytest.fixture(scope="session", params=__import__("backends").BACKEND_PARAMS)
def backend(request) -> str:
    return request.param


@pytest.fixture(scope="session")
def demo_con(backend, demo_warehouse, tmp_path_factory):
    """An Ibis connection on the demo warehouse, for each backend (Spark reads Parquet copies)."""
    from aimonthly.warehouse.backends import analytics_connection

    with analytics_connection(demo_warehouse, backend, spark_data=tmp_path_factory.mktemp("parquet")) as con:
        yield con


@pytest.fixture
def warehouse(tmp_path):
    with Warehouse.open(tmp_path / "w.duckdb") as wh:
        yield wh
