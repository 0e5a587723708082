"""The same analytics on every backend: on the demo data the facts are identical."""

from __future__ import annotations

import json

import pytest

from aimonthly.analytics import compute_facts, make_context
from aimonthly.analytics.traffic import traffic_facts
from aimonthly.warehouse.backends import analytics_connection
from aimonthly.warehouse.errors import WarehouseError


@pytest.fixture(scope="module")
def duckdb_facts(demo_warehouse):
    ctx = make_context("2024-04", __import__("datetime").date(2024, 5, 9))
    with analytics_connection(demo_warehouse, "duckdb") as con:
        return json.loads(json.dumps(compute_facts(con, ctx).to_dict(), default=str))


def test_demo_facts_identical_on_every_backend(demo_con, duckdb_facts):
    ctx = make_context("2024-04", __import__("datetime").date(2024, 5, 9))
    facts = json.loads(json.dumps(compute_facts(demo_con, ctx).to_dict(), default=str))
    for section in duckdb_facts:
        assert facts[section] == duckdb_facts[section], section


def test_traffic_seed_figures_on_every_backend(demo_con, seed):
    f = traffic_facts(demo_con, "2024-04")
    assert [r["product"] for r in f["global"].top_visits[:5]] == seed["traffic"]["global"]["top_visits_first5"]
    assert f["domestic"].n_rising_top50 == seed["traffic"]["domestic"]["n_rising_top50"]


def test_unknown_backend_is_named(demo_warehouse):
    with pytest.raises(WarehouseError, match="unknown backend 'oracle'"):
        with analytics_connection(demo_warehouse, "oracle"):
            pass


def test_export_writes_parquet_once_per_change(demo_warehouse, tmp_path):
    from aimonthly.warehouse.backends import refresh_parquet

    assert refresh_parquet(demo_warehouse, tmp_path / "pq") is True
    assert {p.name for p in (tmp_path / "pq").glob("*.parquet")} >= {
        "traffic.parquet",
        "app_ranks.parquet",
        "news.parquet",
    }
    assert refresh_parquet(demo_warehouse, tmp_path / "pq") is False  # nothing ingested since: left as is
    import pyarrow.parquet as pq

    assert (
        pq.read_table(tmp_path / "pq" / "traffic.parquet").num_rows == 300 + 104
    )  # traffic.csv and traffic_history.csv
