"""Row checks in SQL over a staged table, for ingest: DuckDB is spoken only in the warehouse package.

Ingest validates each file before anything is written; where a check is a hash over whole rows (the
duplicate-key check of every dataset) DuckDB's parallel aggregation beats a pass in Arrow. The
results are row indices; ingest turns them into its messages (file, row, column).
"""

from __future__ import annotations

import functools
from typing import Sequence

import duckdb
import numpy as np
import pyarrow as pa


@functools.cache
def _database() -> duckdb.DuckDBPyConnection:
    """One in-memory DuckDB for the checks of this process; each call works on a cursor of its own
    (cursors may be used from several threads, e.g. ingest's parse thread)."""
    return duckdb.connect(":memory:")


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def duplicate_keys(table: pa.Table, key: Sequence[str], limit: int) -> list[list[int]]:
    """For each value of ``key`` held by more than one row of ``table``: the indices of its rows, ascending;
    at most ``limit`` keys, in the order of their first row. NULLs compare equal, as in GROUP BY.

    First one cheap pass (a row hash, counted distinct): equal keys have equal hashes, so as many
    distinct hashes as rows proves every key unique. Only otherwise are the rows grouped exactly."""
    cols = ", ".join(_ident(k) for k in key)
    con = _database().cursor()  # a cursor of one in-memory database: a new database costs ~30 ms a file
    try:
        con.register("staged", table.select(list(key)))
        [(rows, distinct)] = con.execute(f"SELECT count(*), count(DISTINCT hash({cols})) FROM staged").fetchall()
        if rows == distinct:
            return []
        keyed = table.select(list(key)).append_column("__row", pa.array(np.arange(table.num_rows, dtype=np.int64)))
        con.register("keyed", keyed)
        found = con.execute(
            f"SELECT list(__row ORDER BY __row) FROM keyed GROUP BY {cols} HAVING count(*) > 1 "
            f"ORDER BY min(__row) LIMIT {int(limit)}"
        ).fetchall()
        return [list(r[0]) for r in found]
    finally:
        con.close()
