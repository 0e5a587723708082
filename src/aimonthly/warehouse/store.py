"""The DuckDB warehouse: the only module that speaks to DuckDB directly.

Each dataset has a rows table ``<name>_rows`` holding every row ever ingested, with the batch
that brought it and the batch that replaced it (NULL while current); the view ``<name>`` shows the
current rows and is what analytics read through Ibis. ``batches`` records each ingest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import duckdb
import pyarrow as pa

from aimonthly.ingest.formats import DATASETS, Dataset
from aimonthly.ingest.parse import ParsedFile
from aimonthly.warehouse.errors import WarehouseError, WarehouseLocked

SCHEMA_VERSION = 1
_SQL_TYPES = {pa.string(): "VARCHAR", pa.int64(): "BIGINT", pa.float64(): "DOUBLE", pa.date32(): "DATE", pa.bool_(): "BOOLEAN"}


@dataclass(frozen=True)
class IngestResult:
    dataset: str
    file: str
    status: str  # "added", "replaced" or "unchanged"
    batch_id: int | None
    rows: int
    replaced_rows: int
    format: str
    encoding: str | None
    mapped: dict[str, str]
    ignored: list[str]
    absent: list[str]


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class Warehouse:
    """One DuckDB file. Open it with ``Warehouse.open(path)``; use as a context manager."""

    def __init__(self, path: Path, con: duckdb.DuckDBPyConnection, read_only: bool):
        self.path = path
        self.con = con
        self.read_only = read_only

    @classmethod
    def open(cls, path: Path | str, *, read_only: bool = False) -> "Warehouse":
        path = Path(path)
        if read_only and not path.exists():
            raise WarehouseError(f"no warehouse at {path}", hint="ingest data first (aimonthly ingest …) or run aimonthly demo")
        if not read_only:
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            con = duckdb.connect(str(path), read_only=read_only)
        except duckdb.IOException as e:
            if "lock" in str(e).lower():
                raise WarehouseLocked(f"{path} is in use by another process",
                                      hint="wait for the other aimonthly command to finish, then run this again") from None
            raise WarehouseError(f"cannot open {path}: {e}") from None
        except duckdb.Error as e:
            raise WarehouseError(f"{path} is not a DuckDB warehouse: {e}") from None
        wh = cls(path, con, read_only)
        if not read_only:
            wh._create_schema()
        return wh

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> "Warehouse":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- schema -------------------------------------------------------------------------------
    def _create_schema(self) -> None:
        c = self.con
        c.execute("CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
        c.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
        c.execute("CREATE SEQUENCE IF NOT EXISTS batch_ids START 1")
        c.execute(
            "CREATE TABLE IF NOT EXISTS batches (batch_id BIGINT PRIMARY KEY, dataset VARCHAR NOT NULL, "
            "file_name VARCHAR NOT NULL, sha256 VARCHAR NOT NULL, rows BIGINT NOT NULL, "
            "ingested_at TIMESTAMP NOT NULL, format VARCHAR, encoding VARCHAR, options VARCHAR, replaced_rows BIGINT)"
        )
        for ds in DATASETS.values():
            cols = ", ".join(f"{_ident(f.name)} {_SQL_TYPES[f.type]}" for f in ds.schema())
            c.execute(f"CREATE TABLE IF NOT EXISTS {ds.name}_rows ({cols}, batch_id BIGINT NOT NULL, replaced_by BIGINT)")
            names = ", ".join(_ident(n) for n in ds.names)
            c.execute(f"CREATE OR REPLACE VIEW {ds.name} AS SELECT {names}, batch_id FROM {ds.name}_rows WHERE replaced_by IS NULL")

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield self.con
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        else:
            self.con.execute("COMMIT")

    # -- ingest -------------------------------------------------------------------------------
    def ingest(self, parsed: ParsedFile) -> IngestResult:
        """Add one validated file as one batch, replacing the current rows in its scope."""
        if self.read_only:
            raise WarehouseError(f"{self.path} is open read-only")
        ds = parsed.dataset
        result = dict(dataset=ds.name, file=parsed.path.name, format=parsed.format, encoding=parsed.encoding,
                      mapped=parsed.mapped, ignored=parsed.ignored, absent=parsed.absent)
        same = self.con.execute(
            f"SELECT b.batch_id, b.rows FROM batches b WHERE b.dataset = ? AND b.sha256 = ? AND NOT EXISTS "
            f"(SELECT 1 FROM {ds.name}_rows r WHERE r.batch_id = b.batch_id AND r.replaced_by IS NOT NULL) "
            f"AND EXISTS (SELECT 1 FROM {ds.name}_rows r WHERE r.batch_id = b.batch_id)",
            [ds.name, parsed.sha256],
        ).fetchone()
        if same:
            return IngestResult(status="unchanged", batch_id=same[0], rows=same[1], replaced_rows=0, **result)
        incoming = parsed.table
        scope = ", ".join(_ident(k) for k in ds.scope)
        names = ", ".join(_ident(n) for n in ds.names)
        with self.transaction() as c:
            c.register("incoming", incoming)
            try:
                batch_id = c.execute("SELECT nextval('batch_ids')").fetchone()[0]
                replaced = c.execute(
                    f"UPDATE {ds.name}_rows SET replaced_by = ? WHERE replaced_by IS NULL AND ({scope}) IN "
                    f"(SELECT DISTINCT {scope} FROM incoming)", [batch_id]
                ).fetchone()[0]
                c.execute(f"INSERT INTO {ds.name}_rows SELECT {names}, ? AS batch_id, NULL FROM incoming", [batch_id])
                c.execute(
                    "INSERT INTO batches VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [batch_id, ds.name, parsed.path.name, parsed.sha256, incoming.num_rows,
                     dt.datetime.now().replace(microsecond=0), parsed.format, parsed.encoding,
                     json.dumps(parsed.options, ensure_ascii=False), replaced],
                )
            finally:
                c.unregister("incoming")
        return IngestResult(status="replaced" if replaced else "added", batch_id=batch_id, rows=incoming.num_rows,
                            replaced_rows=replaced, **result)

    # -- reading ------------------------------------------------------------------------------
    def batches(self, dataset: str | None = None) -> pa.Table:
        where = "WHERE dataset = ?" if dataset else ""
        return self.con.execute(
            f"SELECT batch_id, dataset, file_name, sha256, rows, ingested_at, replaced_rows FROM batches {where} ORDER BY batch_id",
            [dataset] if dataset else [],
        ).to_arrow_table() if hasattr(duckdb.DuckDBPyConnection, "to_arrow_table") else self.con.fetch_arrow_table()

    def summary(self) -> list[dict]:
        """Per dataset: current rows, batches, and the span of its time column."""
        out = []
        for ds in DATASETS.values():
            time_col = next((c for c in ("month", "date", "quarter") if c in ds.names), None)
            span = f"min({time_col}), max({time_col})" if time_col else "NULL, NULL"
            rows, lo, hi = self.con.execute(f"SELECT count(*), {span} FROM {ds.name}").fetchone()
            batches = self.con.execute("SELECT count(*) FROM batches WHERE dataset = ?", [ds.name]).fetchone()[0]
            synthetic = self.con.execute(f"SELECT count(*) FILTER (WHERE synthetic) FROM {ds.name}").fetchone()[0]
            out.append({"dataset": ds.name, "rows": rows, "synthetic_rows": synthetic, "batches": batches,
                        "from": None if lo is None else str(lo), "to": None if hi is None else str(hi)})
        return out

    def content_digest(self) -> str:
        """A digest of every table's content, to prove that a rejected ingest changed nothing."""
        h = hashlib.sha256()
        for (name,) in self.con.execute("SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' ORDER BY 1").fetchall():
            rows = self.con.execute(f"SELECT * FROM {_ident(name)} ORDER BY ALL").fetchall()
            h.update(name.encode())
            h.update(repr(rows).encode())
        return h.hexdigest()

    def ibis(self):
        """An Ibis connection on this warehouse's file, for analytics."""
        import ibis

        return ibis.duckdb.from_connection(self.con)
