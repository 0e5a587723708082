from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).parent))  # sample_document, datasets

# pytest-xdist's workers (make test-fast) start with COLUMNS=80, which a Rich console created at import time
# would keep for good; the CLI tests give their own width to each invocation (CliRunner's env), as in one process.
if os.environ.get("PYTEST_XDIST_WORKER"):
    os.environ.pop("COLUMNS", None)

from aimonthly.config import load_settings
from aimonthly.demo import DEMO_MONTH, content_dir, demo_files
from aimonthly.ingest import ingest_file
from aimonthly.warehouse import Warehouse

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "reference"


@pytest.fixture(scope="session", autouse=True)
def chart_cache_of_this_run(tmp_path_factory):
    """The chart cache's default folder ($XDG_CACHE_HOME/aimonthly/charts) inside this run's temporary
    folder: tests never read or fill the user's own cache (subprocesses inherit the variable)."""
    import os

    saved = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
    yield
    if saved is None:
        os.environ.pop("XDG_CACHE_HOME", None)
    else:
        os.environ["XDG_CACHE_HOME"] = saved


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
    return load_settings(
        {"warehouse": str(demo_warehouse), "content_dir": str(content_dir()), "output_dir": str(out)}, env={}
    )


@pytest.fixture(scope="session")
def demo_report(demo_settings):
    from aimonthly.pipeline import build_report

    return build_report(demo_settings, DEMO_MONTH)


@pytest.fixture(scope="session", params=__import__("backends").BACKEND_PARAMS)
def backend(request) -> str:
    return request.param


@pytest.fixture(scope="session")
def demo_con(backend, demo_warehouse, tmp_path_factory):
    """An Ibis connection on the demo data, for each backend (Spark reads Parquet copies). It reads a
    copy of the demo warehouse, held open for the session, so that report builds can write the original."""
    import shutil

    from aimonthly.warehouse.backends import analytics_connection

    copy = tmp_path_factory.mktemp("demo-read") / "warehouse.duckdb"
    shutil.copy(demo_warehouse, copy)
    with analytics_connection(copy, backend, spark_data=tmp_path_factory.mktemp("parquet")) as con:
        yield con


@pytest.fixture(scope="session")
def spark_folders(tmp_path_factory):
    return tmp_path_factory.mktemp("spark-parquet")


def connect_on(backend: str, wh: Warehouse, folders: Path):
    """An Ibis connection on the open warehouse ``wh``'s current rows, on ``backend``. Spark reads a
    Parquet copy through a fresh session of the run's one SparkContext (its own tables)."""
    if backend == "duckdb":
        return wh.ibis()
    from aimonthly.warehouse.backends import spark_connection

    folder = folders / str(len(list(folders.iterdir())))
    wh.export_parquet(folder)
    return spark_connection(str(folder))


@pytest.fixture
def connect(backend, spark_folders):
    """``connect(wh)``: a connection on an open warehouse for the backend under test; a test that
    takes it runs once per backend (the ibis habit: one suite, every engine)."""
    return lambda wh: connect_on(backend, wh, spark_folders)


def pytest_collection_modifyitems(config, items):
    """``@pytest.mark.gap(backend, raises=…, reason=…)``: a known gap of one backend, as a strict xfail."""
    for item in items:
        callspec = getattr(item, "callspec", None)
        for mark in item.iter_markers("gap"):
            if callspec is not None and callspec.params.get("backend") == mark.args[0]:
                item.add_marker(
                    pytest.mark.xfail(raises=mark.kwargs["raises"], reason=mark.kwargs["reason"], strict=True)
                )


@pytest.fixture
def warehouse(tmp_path):
    with Warehouse.open(tmp_path / "w.duckdb") as wh:
        yield wh
