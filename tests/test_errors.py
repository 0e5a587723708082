"""The project's errors: each names its stage, keeps the error it was raised from, and survives
pickling (errors cross process boundaries in the chart pool)."""

from __future__ import annotations

import importlib
import pickle
import pkgutil

import pytest

import aimonthly
from aimonthly.core.errors import AimonthlyError, StageFailed
from aimonthly.ingest.errors import IngestError, Problem
from aimonthly.warehouse import Warehouse, WarehouseError


def every_error_class() -> list[type[AimonthlyError]]:
    for m in pkgutil.walk_packages(aimonthly.__path__, "aimonthly."):
        if m.name.endswith("__main__"):
            continue
        importlib.import_module(m.name)
    out, todo = [], [AimonthlyError]
    while todo:
        cls = todo.pop()
        out.append(cls)
        todo += cls.__subclasses__()
    return sorted(set(out), key=lambda c: c.__qualname__)


def make(cls: type[AimonthlyError]) -> AimonthlyError:
    if cls is IngestError:
        return IngestError("traffic.csv", [Problem(4, "visits", "'x' is not a number", hint="write numbers")])
    if cls is StageFailed:
        return StageFailed("facts", ZeroDivisionError("division by zero"))
    return cls("something went wrong", hint="do this")


@pytest.mark.parametrize("cls", every_error_class(), ids=lambda c: c.__qualname__)
def test_every_error_survives_pickling(cls):
    e = make(cls)
    back = pickle.loads(pickle.dumps(e))
    assert type(back) is cls and str(back) == str(e) and back.hint == e.hint and back.stage == e.stage
    if cls is IngestError:
        assert back.problems == e.problems and back.file == "traffic.csv" and back.lines() == e.lines()


@pytest.mark.parametrize(
    "module, name, stage",
    [
        ("aimonthly.ingest.errors", "IngestError", "ingest"),
        ("aimonthly.warehouse.errors", "WarehouseLocked", "warehouse"),
        ("aimonthly.analytics.errors", "MissingData", "analytics"),
        ("aimonthly.content.errors", "ContentError", "content"),
        ("aimonthly.render.errors", "RenderError", "render"),
        ("aimonthly.core.errors", "ConfigError", "settings"),
    ],
)
def test_each_stage_names_itself(module, name, stage):
    assert getattr(importlib.import_module(module), name).stage == stage


def test_the_cause_is_kept(tmp_path):
    """--debug shows DuckDB's own error under ours: raised `from e`, not `from None`."""
    bad = tmp_path / "not-a-warehouse.duckdb"
    bad.write_bytes(b"this is not a database file" * 100)
    with pytest.raises(WarehouseError) as caught:
        Warehouse.open(bad, read_only=True)
    assert caught.value.__cause__ is not None and "duckdb" in type(caught.value.__cause__).__module__
    assert not caught.value.__suppress_context__ or caught.value.__cause__ is not None


def test_an_unexpected_failure_names_its_stage(demo_settings, monkeypatch):
    from aimonthly import pipeline

    def broken(con, ctx):
        return 1 / 0

    monkeypatch.setattr("aimonthly.pipeline.compute_facts", broken)
    with pytest.raises(StageFailed, match=r"the facts stage failed: ZeroDivisionError") as caught:
        pipeline.month_facts(demo_settings, "2024-04")
    assert isinstance(caught.value.__cause__, ZeroDivisionError) and caught.value.stage == "facts"


def test_counts_agree_with_their_nouns():
    one = IngestError("a.csv", [Problem(2, "month", "bad")])
    two = IngestError("a.csv", [Problem(2, "month", "bad"), Problem(3, "month", "bad")])
    assert "rejected, 1 problem:" in str(one) and "(1 problem)" in one.lines()[0]
    assert "rejected, 2 problems:" in str(two) and "(2 problems)" in two.lines()[0]
