"""The query engine behind the analytics: DuckDB on the warehouse file (default), or Spark.

Analytics only ever see an Ibis connection whose tables are the datasets' current rows, so the
same expressions run on either. Spark reads Parquet copies of the current rows, written by the
warehouse (refreshed when a batch was added since the last copy). Report rendering stays local;
only the queries move.
"""

from __future__ import annotations

import contextlib
import json
import re
from pathlib import Path
from typing import Iterator

from aimonthly.core.datasets import DATASETS
from aimonthly.warehouse.errors import WarehouseError
from aimonthly.warehouse.store import Warehouse

BACKENDS = ("duckdb", "spark")
_MARKER = "_aimonthly_export.json"
URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")  # s3a://, hdfs://, abfss://, gs://, file://


def parquet_folder(warehouse_path: Path, spark_data: str | Path | None) -> str:
    """Where Spark reads the datasets: ``spark_data`` (a local folder, or a URI kept as written), or
    ``<warehouse>.parquet`` beside the warehouse."""
    return str(spark_data) if spark_data else str(warehouse_path) + ".parquet"


def dataset_location(folder: str, name: str) -> str:
    """``<folder>/<name>.parquet``, joined as text: a URI must not go through pathlib (s3a:// -> s3a:/)."""
    return f"{folder.rstrip('/')}/{name}.parquet" if URI.match(folder) else str(Path(folder) / f"{name}.parquet")


def refresh_parquet(warehouse_path: Path, folder: Path) -> bool:
    """Export the warehouse's current rows unless the copy is already up to date. True if written."""
    folder = Path(folder)
    with Warehouse.open(warehouse_path, read_only=True) as wh:
        stamp = {
            "warehouse": str(Path(warehouse_path).resolve()),
            "last_batch": wh.last_batch_id(),
            "batches": wh.con.execute("SELECT count(*) FROM batches").fetchone()[0],
        }  # an undo changes the count
        marker = folder / _MARKER
        if (
            marker.is_file()
            and json.loads(marker.read_text()) == stamp
            and all((folder / f"{d}.parquet").is_file() for d in DATASETS)
        ):
            return False
        wh.export_parquet(folder)
    marker.write_text(json.dumps(stamp))
    return True


def spark_session(master: str):
    try:
        from pyspark.sql import SparkSession
    except ImportError as e:
        raise WarehouseError(
            "backend = spark needs the Spark extra", hint="pip install 'aimonthly[spark]' (and Java 17+)"
        ) from e
    try:
        session = (
            SparkSession.builder.master(master)
            .appName("aimonthly")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.shuffle.partitions", "4")
            .getOrCreate()
        )
        session.sparkContext.setLogLevel("ERROR")
        return session
    except Exception as e:  # Py4J/Java failures have no common base class
        raise WarehouseError(
            f"cannot start Spark at {master}: {str(e).splitlines()[0]}",
            hint="check JAVA_HOME and the spark_master setting",
        ) from e


@contextlib.contextmanager
def analytics_connection(
    warehouse_path: Path,
    backend: str = "duckdb",
    *,
    spark_master: str = "local[2]",
    spark_data: str | Path | None = None,
) -> Iterator:
    """An Ibis connection on the warehouse's current rows, for the configured backend."""
    if backend == "duckdb":
        with Warehouse.open(warehouse_path, read_only=True) as wh:
            yield wh.ibis()
        return
    if backend != "spark":
        from aimonthly.core.names import suggestion

        raise WarehouseError(
            f"unknown backend {backend!r}{suggestion(backend, BACKENDS)}; one of {', '.join(BACKENDS)}"
        )
    folder = parquet_folder(warehouse_path, spark_data)
    remote = bool(URI.match(folder))
    if not remote and Path(warehouse_path).exists():  # a URI is the user's copy: not written here (docs/spark.md)
        refresh_parquet(Path(warehouse_path), Path(folder))
    if not remote:
        for name in DATASETS:
            if not Path(dataset_location(folder, name)).exists():
                raise WarehouseError(
                    f"no Parquet copy of {name} at {dataset_location(folder, name)}",
                    hint="ingest into the warehouse first, or set spark_data",
                )
    yield spark_connection(folder, spark_master)


def spark_connection(folder: str, master: str = "local[2]"):
    """An Ibis connection on Spark with each dataset's Parquet copy in ``folder`` as a table. Each
    connection gets its own Spark session (its own tables) on the process's one SparkContext, so
    connections never see each other's tables and the JVM starts once."""
    import ibis

    con = ibis.pyspark.connect(spark_session(master).newSession())
    for name in DATASETS:
        con.read_parquet(dataset_location(folder, name), table_name=name)
    return con
