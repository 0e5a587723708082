"""One analytics test suite over every backend (the ibis habit): a parametrised fixture."""

from __future__ import annotations

import importlib.util
import shutil

import pytest

BACKEND_PARAMS = [
    pytest.param("duckdb", id="duckdb"),
    pytest.param(
        "spark",
        id="spark",
        marks=[
            pytest.mark.spark,
            pytest.mark.skipif(
                importlib.util.find_spec("pyspark") is None, reason="pyspark is not installed (extra aimonthly[spark])"
            ),
            pytest.mark.skipif(shutil.which("java") is None, reason="Java is not on PATH; Spark needs Java 17+"),
        ],
    ),
]
