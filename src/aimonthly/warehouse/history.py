"""The batches' history: what each batch covers (its month or date span, its list or codes), whether
its rows are still current, and undoing a batch (its rows out, the rows it replaced back)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import duckdb

from aimonthly.core.datasets import DATASETS
from aimonthly.core.errors import plural
from aimonthly.warehouse.errors import WarehouseError

if TYPE_CHECKING:
    from aimonthly.warehouse.store import Warehouse

UNDONE_DDL = (
    "CREATE TABLE IF NOT EXISTS undone_batches (batch_id BIGINT PRIMARY KEY, dataset VARCHAR NOT NULL, "
    "file_name VARCHAR NOT NULL, sha256 VARCHAR NOT NULL, rows BIGINT NOT NULL, ingested_at TIMESTAMP NOT NULL, "
    "span VARCHAR, scope VARCHAR, restored_rows BIGINT NOT NULL, undone_at TIMESTAMP NOT NULL)"
)
# The column a batch's scope is told by, besides its time column, and what to call several of them.
SCOPE_COLUMN = {
    "traffic": ("list", "lists"),
    "app_ranks": ("keyword", "keywords"),
    "index_prices": ("code", "codes"),
    "stock_prices": ("code", "codes"),
    "capex": ("company", "companies"),
    "announcements": ("code", "codes"),
    "news": ("source", "sources"),
    "products": ("product", "products"),
    "product_stocks": ("product", "products"),
    "scorecard": ("subject", "subjects"),
}


def time_column(dataset: str) -> str | None:
    return next((c for c in ("month", "date", "quarter", "as_of") if c in DATASETS[dataset].names), None)


@dataclass(frozen=True)
class BatchScope:
    span: str  # "2024-05", "2024-05-10 … 2024-06-07"
    scope: str  # "global", "ai应用", "82 codes"
    replaced_by: tuple[int, ...]  # the later batches that replaced some of its rows
    replaced_count: int  # how many of its rows they replaced
    rows: int


def _span(lo, hi) -> str:
    if lo is None:
        return "-"
    lo, hi = (v.isoformat() if isinstance(v, dt.date) else str(v) for v in (lo, hi))
    return lo if lo == hi else f"{lo} … {hi}"


def batch_scopes(wh: Warehouse, dataset: str) -> dict[int, BatchScope]:
    """Per batch of ``dataset``: its span, its scope and whether later batches replaced its rows."""
    t, (col, many) = time_column(dataset), SCOPE_COLUMN[dataset]
    lo_hi = f"min({t}), max({t})" if t else "NULL, NULL"
    rows = wh.con.execute(
        f"SELECT batch_id, {lo_hi}, count(DISTINCT {col}), min({col}), "
        f"list(DISTINCT replaced_by) FILTER (WHERE replaced_by IS NOT NULL), count(replaced_by), count(*) "
        f"FROM {dataset}_rows GROUP BY batch_id"
    ).fetchall()
    out = {}
    for bid, lo, hi, n, first, later, n_replaced, n_rows in rows:
        scope = "-" if not n else str(first) if n == 1 else f"{n} {many}"
        out[bid] = BatchScope(_span(lo, hi), scope, tuple(sorted(later or [])), n_replaced, n_rows)
    return out


def batch_history(wh: Warehouse, dataset: str | None = None) -> list[dict]:
    """Every batch (undone ones too), oldest first, with span, scope and status."""
    if dataset is not None and dataset not in DATASETS:
        from aimonthly.core.names import unknown

        raise unknown("dataset", dataset, DATASETS, error=WarehouseError)
    where, args = ("WHERE dataset = ?", [dataset]) if dataset else ("", [])
    cur = wh.con.execute(
        f"SELECT batch_id, dataset, file_name, sha256, rows, ingested_at, replaced_rows FROM batches "
        f"{where} ORDER BY batch_id",
        args,
    )
    names = [d[0] for d in cur.description]
    batches = [dict(zip(names, r)) for r in cur.fetchall()]
    scopes = {ds: batch_scopes(wh, ds) for ds in ({dataset} if dataset else {b["dataset"] for b in batches})}
    out = []
    for b in batches:
        s = scopes[b["dataset"]].get(b["batch_id"])
        status = "current"
        if s and s.replaced_by:
            later = ", ".join(map(str, s.replaced_by))
            status = f"replaced by {later}" if s.replaced_count == s.rows else f"partly replaced by {later}"
        out.append({**b, "span": s.span if s else "-", "scope": s.scope if s else "-", "status": status})
    if wh.con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'undone_batches'").fetchone()[
        0
    ]:
        cur = wh.con.execute(
            f"SELECT batch_id, dataset, file_name, sha256, rows, ingested_at, span, scope, undone_at "
            f"FROM undone_batches {where}",
            args,
        )
        for bid, ds, file, sha, n, at, span, scope, undone_at in cur.fetchall():
            out.append(
                {
                    "batch_id": bid,
                    "dataset": ds,
                    "file_name": file,
                    "sha256": sha,
                    "rows": n,
                    "ingested_at": at,
                    "replaced_rows": None,
                    "span": span,
                    "scope": scope,
                    "status": f"undone {undone_at:%Y-%m-%d %H:%M}",
                }
            )
    return sorted(out, key=lambda b: b["batch_id"])


@dataclass(frozen=True)
class UndoResult:
    batch_id: int
    dataset: str
    file: str
    removed_rows: int
    restored_rows: int
    restored_from: tuple[int, ...]  # the batches whose rows are current again


def undo_batch(wh: Warehouse, batch_id: int) -> UndoResult:
    """Take a batch out, as one transaction: its rows are deleted and the rows it replaced are current
    again, so the warehouse is as it was before the batch. Only a batch whose rows are all still
    current can be undone (undo the later batches first)."""
    if wh.read_only:
        raise WarehouseError(f"{wh.path} is open read-only")
    b = wh.con.execute(
        "SELECT dataset, file_name, sha256, rows, ingested_at FROM batches WHERE batch_id = ?", [batch_id]
    ).fetchone()
    if b is None:
        last = wh.last_batch_id()
        raise WarehouseError(
            f"no batch {batch_id} in {wh.path}" + (f" (batches run from 1 to {last})" if last else ""),
            hint="aimonthly batches lists every batch with its month and file",
        )
    ds, file, sha, n_rows, ingested_at = b
    scope = batch_scopes(wh, ds).get(batch_id)
    if scope and scope.replaced_by:
        later = ", ".join(map(str, scope.replaced_by))
        raise WarehouseError(
            f"batch {batch_id} ({file}) cannot be undone: batch {later} replaced {scope.replaced_count} of its rows",
            hint=f"undo batch {later} first, then this one",
        )
    key = ", ".join(f'"{k}"' for k in DATASETS[ds].key)
    try:
        with wh.transaction() as c:
            c.execute(UNDONE_DDL)
            restored_from = tuple(
                r[0]
                for r in c.execute(
                    f"SELECT DISTINCT batch_id FROM {ds}_rows WHERE replaced_by = ? ORDER BY 1", [batch_id]
                ).fetchall()
            )
            restored = c.execute(
                f"UPDATE {ds}_rows SET replaced_by = NULL WHERE replaced_by = ?", [batch_id]
            ).fetchone()[0]
            removed = c.execute(f"DELETE FROM {ds}_rows WHERE batch_id = ?", [batch_id]).fetchone()[0]
            c.execute("DELETE FROM batches WHERE batch_id = ?", [batch_id])
            c.execute(
                "INSERT INTO undone_batches VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    batch_id,
                    ds,
                    file,
                    sha,
                    n_rows,
                    ingested_at,
                    scope.span if scope else None,
                    scope.scope if scope else None,
                    restored,
                    dt.datetime.now().replace(microsecond=0),
                ],
            )
            dupes = c.execute(
                f"SELECT count(*) FROM (SELECT {key} FROM {ds} GROUP BY ALL HAVING count(*) > 1)"
            ).fetchone()[0]
            if dupes:  # cannot happen while replacement is by scope; never leave two current rows for one key
                raise WarehouseError(
                    f"undoing batch {batch_id} would leave {plural(dupes, 'key')} with two current rows; "
                    "nothing was changed",
                    hint="run aimonthly doctor",
                )
    except duckdb.Error as e:
        raise WarehouseError(
            f"batch {batch_id} could not be undone ({str(e).splitlines()[0]}); nothing was changed",
            hint="run aimonthly doctor, then this command again",
        ) from e
    return UndoResult(batch_id, ds, file, removed, restored, restored_from)


def batch_sources(wh: Warehouse) -> dict[int, str]:
    """batch_id -> the vendor it recorded (batches.source: ingest --source, a vendor profile's source)."""
    has = wh.con.execute(
        "SELECT count(*) FROM information_schema.columns WHERE table_name = 'batches' AND column_name = 'source'"
    ).fetchone()[0]
    if not has:  # a warehouse opened read-only before its first write since batches.source was added
        return {}
    rows = wh.con.execute("SELECT batch_id, source FROM batches WHERE source IS NOT NULL").fetchall()
    return {int(b): str(s) for b, s in rows}


def warehouse_vendors(path) -> dict[int, str]:
    """``batch_sources`` of the warehouse file at ``path`` (none when there is no file yet)."""
    from pathlib import Path

    from aimonthly.warehouse.store import Warehouse

    if not Path(path).is_file():
        return {}
    with Warehouse.open(path, read_only=True) as wh:
        return batch_sources(wh)
