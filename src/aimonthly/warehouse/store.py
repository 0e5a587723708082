"""The DuckDB warehouse: the only module that speaks to DuckDB directly.

Each dataset has a rows table ``<name>_rows`` holding every row ever ingested, with the batch
that brought it and the batch that replaced it (NULL while current); the view ``<name>`` shows the
current rows and is what analytics read through Ibis. ``batches`` records each ingest.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Literal

import duckdb

from aimonthly.core.datasets import DATASETS, KIND_SQL, ParsedFile
from aimonthly.core.filenames import shown_name
from aimonthly.warehouse.access import locked_error
from aimonthly.warehouse.errors import WarehouseError

if TYPE_CHECKING:  # pyarrow is not imported to open a warehouse (aimonthly status stays light)
    import pyarrow as pa

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class IngestResult:
    dataset: str
    file: str
    status: Literal["added", "replaced", "unchanged"]
    batch_id: int | None
    rows: int
    replaced_rows: int
    format: str
    encoding: str | None
    mapped: dict[str, str]
    ignored: list[str]
    absent: list[str]
    units: dict[str, str] = field(default_factory=dict)  # canonical column -> the header's unit, applied
    skipped: int = 0  # title lines above the header, left out


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _first_line(e: Exception) -> str:
    return (str(e).splitlines() or [""])[0]


def _io_hint(message: str) -> str | None:
    m = message.lower()
    if "no space" in m or "disk full" in m:
        return "free some disk space, then run this again"
    if "read-only" in m or "permission denied" in m:
        return "make the warehouse's folder writable, or point --warehouse (setting: warehouse) at a writable place"
    return None


class Warehouse:
    """One DuckDB file. Open it with ``Warehouse.open(path)``; use as a context manager."""

    def __init__(self, path: Path, con: duckdb.DuckDBPyConnection, read_only: bool):
        self.path = path
        self.con = con
        self.read_only = read_only

    @classmethod
    def open(
        cls, path: Path | str, *, read_only: bool = False, create: bool = True, wait: float | None = None
    ) -> Warehouse:
        """``create=False``: a missing file is an error, as for reading. A writer takes the write intent
        first (aimonthly.warehouse.access) and waits up to ``wait`` seconds (default WRITER_WAIT) for
        readers that have the file open."""
        from aimonthly.warehouse.access import WRITER_WAIT, drop_intent, take_intent

        path = Path(path)
        if (read_only or not create) and not path.exists():
            raise WarehouseError(
                f"no warehouse at {path}", hint="ingest data first (aimonthly ingest …) or run aimonthly demo"
            )
        intent = None
        if not read_only:
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise WarehouseError(f"cannot create {path}: {e.strerror}", hint=_io_hint(str(e))) from e
            intent = take_intent(path)
        try:
            con = cls._connect(path, read_only, WRITER_WAIT if wait is None else wait)
            wh = cls(path, con, read_only)
            wh._intent = intent
            if not read_only:
                try:
                    wh._create_schema()
                except duckdb.Error as e:
                    con.close()
                    raise WarehouseError(f"cannot write to {path}: {_first_line(e)}", hint=_io_hint(str(e))) from e
        except BaseException:
            drop_intent(intent)
            raise
        return wh

    @staticmethod
    def _connect(path: Path, read_only: bool, wait: float) -> duckdb.DuckDBPyConnection:
        """A writer retries while DuckDB's own lock is held (by readers: another writer holds the intent)."""
        deadline = time.monotonic() + (0 if read_only else wait)
        while True:
            try:
                return duckdb.connect(str(path), read_only=read_only)
            except OSError as e:
                raise WarehouseError(f"cannot create {path}: {e.strerror}", hint=_io_hint(str(e))) from e
            except duckdb.IOException as e:
                if "lock" not in str(e).lower():
                    raise WarehouseError(f"cannot open {path}: {_first_line(e)}", hint=_io_hint(str(e))) from e
                if time.monotonic() < deadline:
                    time.sleep(0.05)
                    continue
                # DuckDB names the holder: 'Conflicting lock is held in /usr/bin/python3 (PID 123)'.
                m = re.search(r"held in (.*?) \(PID (\d+)\)", str(e))
                holder = f"PID {m[2]}, {Path(m[1]).name}" if m else None
                err = locked_error(path, f" ({holder})" if holder else "")
                err.holder = holder
                raise err from e
            except duckdb.Error as e:
                raise WarehouseError(f"{path} is not a DuckDB warehouse: {e}") from e

    _intent: str | None = None

    def close(self) -> None:
        from aimonthly.warehouse.access import drop_intent

        try:
            self.con.close()
        finally:
            drop_intent(self._intent)
            self._intent = None

    def __enter__(self) -> Warehouse:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- schema -------------------------------------------------------------------------------
    def _schema_statements(self) -> list[str]:
        out = [
            "CREATE SEQUENCE IF NOT EXISTS batch_ids START 1",
            "CREATE TABLE IF NOT EXISTS batches (batch_id BIGINT PRIMARY KEY, dataset VARCHAR NOT NULL, "
            "file_name VARCHAR NOT NULL, sha256 VARCHAR NOT NULL, rows BIGINT NOT NULL, "
            "ingested_at TIMESTAMP NOT NULL, format VARCHAR, encoding VARCHAR, options VARCHAR, replaced_rows BIGINT, "
            "source VARCHAR)",
        ]
        for ds in DATASETS.values():
            cols = ", ".join(f"{_ident(col.name)} {KIND_SQL[col.kind]}" for col in ds.columns)
            out.append(
                f"CREATE TABLE IF NOT EXISTS {ds.name}_rows ({cols}, batch_id BIGINT NOT NULL, replaced_by BIGINT)"
            )
            names = ", ".join(_ident(n) for n in ds.names)
            out.append(
                f"CREATE OR REPLACE VIEW {ds.name} AS SELECT {names}, batch_id FROM {ds.name}_rows "
                f"WHERE replaced_by IS NULL"
            )
        # The ratings each report gives (aimonthly.warehouse.ratings): one row per month and subject, replaced on rebuild.
        out.append(
            "CREATE TABLE IF NOT EXISTS ratings (month VARCHAR NOT NULL, rating_date DATE NOT NULL, "
            "kind VARCHAR NOT NULL, subject VARCHAR NOT NULL, code VARCHAR, rating VARCHAR NOT NULL, "
            "action VARCHAR, recorded_at TIMESTAMP NOT NULL, PRIMARY KEY (month, kind, subject))"
        )
        return out

    def _create_schema(self) -> None:
        """The tables and views, unless the warehouse already has this very schema (its statements' digest is
        in meta): the statements cost ~0.1 s, paid by every read-write open (each build records itself)."""
        c = self.con
        statements = self._schema_statements()
        digest = hashlib.sha256("\n".join(statements).encode()).hexdigest()
        c.execute("CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
        if c.execute("SELECT value FROM meta WHERE key = 'schema_digest'").fetchall() == [(digest,)]:
            return
        c.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)])
        self._add_new_columns()
        for sql in statements:
            c.execute(sql)
        c.execute("INSERT OR REPLACE INTO meta VALUES ('schema_digest', ?)", [digest])

    # Columns of ``batches`` added since the first schema, by name (a batch's lineage grows: issue 30 adds more).
    BATCH_COLUMNS_ADDED = {"source": "VARCHAR"}

    def _add_new_columns(self) -> None:
        """Optional columns added since the warehouse was made (products.description, batches.source), before
        the views name them."""
        c = self.con
        have: dict[str, set[str]] = {}
        for table, column in c.execute("SELECT table_name, column_name FROM information_schema.columns").fetchall():
            have.setdefault(table, set()).add(column)
        for column, kind in self.BATCH_COLUMNS_ADDED.items():
            if "batches" in have and column not in have["batches"]:
                c.execute(f"ALTER TABLE batches ADD COLUMN {_ident(column)} {kind}")
        for ds in DATASETS.values():
            table = f"{ds.name}_rows"
            for col in ds.columns:
                if table in have and col.name not in have[table]:
                    c.execute(f"ALTER TABLE {table} ADD COLUMN {_ident(col.name)} {KIND_SQL[col.kind]}")

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield self.con
        except BaseException:
            try:
                self.con.execute("ROLLBACK")
            except duckdb.Error:  # a failed write (disk full) may have ended the transaction already
                pass
            raise
        else:
            self.con.execute("COMMIT")

    # -- ingest -------------------------------------------------------------------------------
    def ingest(self, parsed: ParsedFile) -> IngestResult:
        """Add one validated file as one batch, replacing the current rows in its scope."""
        if self.read_only:
            raise WarehouseError(f"{self.path} is open read-only")
        ds = parsed.dataset
        result: dict[str, Any] = dict(
            dataset=ds.name,
            file=shown_name(parsed.path.name),  # bytes that are not UTF-8, controls: escaped, as stored
            format=parsed.format,
            encoding=parsed.encoding,
            mapped=parsed.mapped,
            ignored=parsed.ignored,
            absent=parsed.absent,
            units=parsed.units,
            skipped=parsed.skipped,
        )
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
        try:
            batch_id, replaced = self._add_batch(parsed, scope, names)
        except duckdb.Error as e:
            raise WarehouseError(
                f"{shown_name(parsed.path.name)}: the warehouse could not be written ({_first_line(e)}); "
                f"the transaction was rolled back, nothing was written",
                hint=_io_hint(str(e)) or "run aimonthly doctor, then this command again",
            ) from e
        return IngestResult(
            status="replaced" if replaced else "added",
            batch_id=batch_id,
            rows=incoming.num_rows,
            replaced_rows=replaced,
            **result,
        )

    def _add_batch(self, parsed: ParsedFile, scope: str, names: str) -> tuple[int, int]:
        """One transaction: mark the scope's current rows replaced, insert the new rows and the batch."""
        ds, incoming = parsed.dataset, parsed.table
        with self.transaction() as c:
            c.register("incoming", incoming)
            try:
                batch_id = c.execute("SELECT nextval('batch_ids')").fetchone()[0]
                # No scope (the product registry): the file is the whole dataset and replaces every current row.
                in_scope = f" AND ({scope}) IN (SELECT DISTINCT {scope} FROM incoming)" if scope else ""
                replaced = c.execute(
                    f"UPDATE {ds.name}_rows SET replaced_by = ? WHERE replaced_by IS NULL{in_scope}", [batch_id]
                ).fetchone()[0]
                c.execute(
                    f"INSERT INTO {ds.name}_rows ({names}, batch_id, replaced_by) SELECT {names}, ?, NULL FROM incoming",
                    [batch_id],
                )  # by name: a column added later sits at the table's end
                c.execute(  # by name: columns added later (batches.source) sit at the table's end
                    "INSERT INTO batches (batch_id, dataset, file_name, sha256, rows, ingested_at, format, encoding, "
                    "options, replaced_rows, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [
                        batch_id,
                        ds.name,
                        shown_name(parsed.path.name),
                        parsed.sha256,
                        incoming.num_rows,
                        dt.datetime.now().replace(microsecond=0),
                        parsed.format,
                        parsed.encoding,
                        json.dumps(parsed.options, ensure_ascii=False),
                        replaced,
                        parsed.source,
                    ],
                )
            finally:
                try:
                    c.unregister("incoming")
                except duckdb.Error:  # the transaction is aborted; keep the error that aborted it
                    pass
        return batch_id, replaced

    # -- ratings ------------------------------------------------------------------------------
    RATING_COLUMNS = ("month", "rating_date", "kind", "subject", "code", "rating", "action")

    def record_ratings(self, month: str, rows: list[dict]) -> int:
        """Replace the month's recorded ratings with ``rows`` (dicts of RATING_COLUMNS but month)."""
        if self.read_only:
            raise WarehouseError(f"{self.path} is open read-only")
        now = dt.datetime.now().replace(microsecond=0)
        with self.transaction() as c:
            c.execute("DELETE FROM ratings WHERE month = ?", [month])
            c.executemany(
                "INSERT INTO ratings VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [[month, *(r[k] for k in self.RATING_COLUMNS[1:]), now] for r in rows],
            )
        return len(rows)

    def ratings(self, month: str | None = None) -> list[dict]:
        """Recorded ratings, oldest first; none when the warehouse predates the ratings table."""
        if not self.con.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'ratings'"
        ).fetchone()[0]:
            return []
        where, args = ("WHERE month = ?", [month]) if month else ("", [])
        cur = self.con.execute(
            f"SELECT {', '.join(self.RATING_COLUMNS)}, recorded_at FROM ratings {where} "
            "ORDER BY rating_date, month, kind, subject",
            args,
        )
        names = [d[0] for d in cur.description]
        return [dict(zip(names, row)) for row in cur.fetchall()]

    # -- reading ------------------------------------------------------------------------------
    def batches(self, dataset: str | None = None) -> pa.Table:
        where = "WHERE dataset = ?" if dataset else ""
        rel = self.con.sql(
            f"SELECT batch_id, dataset, file_name, sha256, rows, ingested_at, replaced_rows, source FROM batches {where} "
            "ORDER BY batch_id",
            params=[dataset] if dataset else None,
        )
        return rel.to_arrow_table() if hasattr(rel, "to_arrow_table") else rel.arrow()  # DuckDB 2.x / 1.x

    def summary(self) -> list[dict]:
        """Per dataset: current rows, batches, and the span of its time column."""
        out = []
        for ds in DATASETS.values():
            time_col = next((c for c in ("month", "date", "quarter", "as_of") if c in ds.names), None)
            span = f"min({time_col}), max({time_col})" if time_col else "NULL, NULL"
            rows, lo, hi = self.con.execute(f"SELECT count(*), {span} FROM {ds.name}").fetchone()
            batches = self.con.execute("SELECT count(*) FROM batches WHERE dataset = ?", [ds.name]).fetchone()[0]
            synthetic = self.con.execute(f"SELECT count(*) FILTER (WHERE synthetic) FROM {ds.name}").fetchone()[0]
            out.append(
                {
                    "dataset": ds.name,
                    "rows": rows,
                    "synthetic_rows": synthetic,
                    "batches": batches,
                    "from": None if lo is None else str(lo),
                    "to": None if hi is None else str(hi),
                }
            )
        return out

    def content_digest(self) -> str:
        """A digest of every table's content, to prove that a rejected ingest changed nothing."""
        h = hashlib.sha256()
        for (name,) in self.con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' ORDER BY 1"
        ).fetchall():
            rows = self.con.execute(f"SELECT * FROM {_ident(name)} ORDER BY ALL").fetchall()
            h.update(name.encode())
            h.update(repr(rows).encode())
        return h.hexdigest()

    def last_batch_id(self) -> int:
        return self.con.execute("SELECT coalesce(max(batch_id), 0) FROM batches").fetchone()[0]

    def export_parquet(self, folder: Path) -> list[Path]:
        """Write each dataset's current rows to ``folder/<dataset>.parquet`` (for the Spark backend)."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        out = []
        for ds in DATASETS.values():
            path = folder / f"{ds.name}.parquet"
            tmp = folder / f".{ds.name}.parquet.tmp"
            names = ", ".join(_ident(n) for n in ds.names)
            self.con.execute(f"COPY (SELECT {names} FROM {ds.name}) TO '{tmp.as_posix()}' (FORMAT parquet)")
            tmp.replace(path)
            out.append(path)
        return out

    def ibis(self):
        """An Ibis connection on this warehouse's file, for analytics."""
        import ibis

        return ibis.duckdb.from_connection(self.con)
