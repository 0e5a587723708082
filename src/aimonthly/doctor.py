"""`aimonthly doctor`: is the warehouse intact, and is the installation complete?

Warehouse checks read the rows tables and ``batches`` through Ibis (the store's own invariants:
every row belongs to a batch of its dataset, each batch still holds the rows it recorded, history
points only at later batches, the current rows have unique keys) and list the months a dataset
skips. A failed check means the warehouse is not what the ingests made it; a warning means
something worth a look (a gap in the data, an optional extra not installed).
"""

from __future__ import annotations

import importlib
import importlib.metadata
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from aimonthly.core.datasets import DATASETS, Dataset
from aimonthly.core.errors import plural
from aimonthly.core.months import month_index, month_name
from aimonthly.core.quarters import quarter_index, quarter_name

Severity = Literal["ok", "warn", "fail", "off"]  # off: optional and absent
OK: Severity = "ok"
WARN: Severity = "warn"
FAIL: Severity = "fail"
OFF: Severity = "off"
MAX_LISTED = 5
EXTRAS = (  # module, what it is for, how to install it
    ("feedparser", "RSS/Atom news feeds", "pip install feedparser (a core dependency)"),
    ("defusedxml", "refusing XML entity attacks in feeds and workbooks", "pip install defusedxml (a core dependency)"),
    ("akshare", "live market data (extra: live)", "pip install 'aimonthly[live]'"),
    ("pyspark", "the Spark backend (extra: spark)", "pip install 'aimonthly[spark]'"),
    ("openai", "aimonthly draft, with llm_base_url (extra: llm)", "pip install 'aimonthly[llm]'"),
)


@dataclass(frozen=True)
class Check:
    area: Literal["warehouse", "data", "install", "output"]
    name: str
    status: Severity
    detail: str


def failed(checks: list[Check]) -> list[Check]:
    return [c for c in checks if c.status == FAIL]


def _listed(items: list[str]) -> str:
    more = f" and {len(items) - MAX_LISTED} more" if len(items) > MAX_LISTED else ""
    return "; ".join(items[:MAX_LISTED]) + more


# -- warehouse ------------------------------------------------------------------------------------


def warehouse_checks(con) -> list[Check]:
    """Integrity of the warehouse behind the Ibis connection ``con``."""
    batches = con.table("batches").select("batch_id", "dataset", "rows", "replaced_rows").to_pyarrow().to_pylist()
    by_id = {b["batch_id"]: b for b in batches}
    counts, orphans, dangling, backwards, replaced_counts, dupes = [], [], [], [], [], []
    total_rows = 0
    for ds in DATASETS.values():
        rows = con.table(f"{ds.name}_rows")
        per_batch = {
            r["batch_id"]: r["n"] for r in rows.group_by("batch_id").aggregate(n=rows.count()).to_pyarrow().to_pylist()
        }
        total_rows += sum(per_batch.values())
        for bid, b in by_id.items():
            if b["dataset"] == ds.name and per_batch.get(bid, 0) != b["rows"]:
                counts.append(
                    f"{ds.name} batch {bid}: {plural(b['rows'], 'row')} recorded, {per_batch.get(bid, 0):,} present"
                )
        for bid, n in per_batch.items():
            if by_id.get(bid, {}).get("dataset") != ds.name:
                orphans.append(
                    f"{ds.name}: {plural(n, 'row')} of batch {bid}, which "
                    + ("is missing" if bid not in by_id else f"belongs to {by_id[bid]['dataset']}")
                )
        old = rows.filter(rows.replaced_by.notnull())
        replaced = old.group_by("replaced_by").aggregate(
            n=old.count(), backwards=(old.replaced_by <= old.batch_id).sum()
        )
        replaced = {r["replaced_by"]: r for r in replaced.to_pyarrow().to_pylist()}
        for bid, r in replaced.items():
            if bid not in by_id:
                dangling.append(f"{ds.name}: {plural(r['n'], 'row')} replaced by batch {bid}, which is missing")
            if r["backwards"]:
                backwards.append(
                    f"{ds.name}: {plural(r['backwards'], 'row')} replaced by batch {bid}, not a later batch"
                )
        for bid, b in by_id.items():
            if b["dataset"] == ds.name and (b["replaced_rows"] or 0) != replaced.get(bid, {}).get("n", 0):
                replaced_counts.append(
                    f"{ds.name} batch {bid}: replaced {plural(b['replaced_rows'] or 0, 'row')} by its "
                    f"record, {replaced.get(bid, {}).get('n', 0):,} by the rows"
                )
        current = con.table(ds.name)
        keys = current.group_by(list(ds.key)).aggregate(n=current.count())
        n_dupes = keys.filter(keys.n > 1).count().to_pyarrow().as_py()
        if n_dupes:
            dupes.append(f"{ds.name}: {plural(n_dupes, 'key')} ({', '.join(ds.key)}) with more than one current row")
    summary = f"{plural(len(batches), 'batch', 'batches')}, {plural(total_rows, 'row')} (history included)"
    return [
        _check("batches vs rows", counts, summary),
        _check("orphan rows", orphans, "every row belongs to a batch of its dataset"),
        _check("history", dangling + backwards + replaced_counts, "replaced rows point at later, existing batches"),
        _check("current keys", dupes, "one current row per key in every dataset"),
    ]


def _check(name: str, problems: list[str], ok_detail: str) -> Check:
    return Check("warehouse", name, FAIL if problems else OK, _listed(problems) if problems else ok_detail)


def _period_index(period: str) -> int:
    """'2024-04' or '2024Q2' as a running number, to find the ones missing between two."""
    return quarter_index(period) if "Q" in period else month_index(period[:7])


def _period_name(index: int, quarterly: bool) -> str:
    return quarter_name(index) if quarterly else month_name(index)


def gaps(periods: list[str]) -> list[str]:
    """The months (or quarters) missing between the first and the last of ``periods``."""
    if not periods:
        return []
    quarterly = "Q" in periods[0]
    have = {_period_index(p) for p in periods}
    return [_period_name(i, quarterly) for i in range(min(have), max(have) + 1) if i not in have]


def _group(ds: Dataset) -> str | None:
    return "list" if ds.name == "traffic" else None  # each traffic list is its own series


def coverage_checks(con) -> list[Check]:
    """Per dataset: the span of its current rows and any month (quarter) with none inside it."""
    out = []
    for ds in DATASETS.values():
        t = con.table(ds.name)
        col = next((c for c in ("month", "date", "quarter") if c in ds.names), None)
        if col is None:  # the product registry: a whole, undated table
            n = t.count().to_pyarrow().as_py()
            out.append(Check("data", ds.name, OK if n else WARN, plural(n, "row") if n else "no rows yet"))
            continue
        period = t[col].strftime("%Y-%m") if col == "date" else t[col]
        group = _group(ds)
        cols = {"period": period, **({"group": t[group]} if group else {})}
        rows = t.select(**cols).distinct().to_pyarrow().to_pylist()
        if not rows:
            out.append(Check("data", ds.name, WARN, "no rows yet"))
            continue
        series: dict[str, list[str]] = {}
        for r in rows:
            series.setdefault(r.get("group") or "", []).append(r["period"])
        missing = [f"{g + ': ' if g else ''}{p}" for g, ps in sorted(series.items()) for p in gaps(ps)]
        everything = sorted(p for ps in series.values() for p in ps)
        span = f"{everything[0]} to {everything[-1]}"
        out.append(
            Check(
                "data",
                ds.name,
                WARN if missing else OK,
                f"{span}; no rows for {_listed(missing)}" if missing else f"{span}, no gaps",
            )
        )
    return out


# -- installation ---------------------------------------------------------------------------------


def install_checks(backend: str = "duckdb", llm: bool = False) -> list[Check]:
    """``llm``: an endpoint is set (llm_base_url), so the llm extra is needed."""
    from aimonthly.core.fonts import cjk_font

    out = []
    font = cjk_font()
    out.append(
        Check(
            "install",
            "CJK font",
            FAIL if font.path is None else OK,
            "none found: Chinese text would show as boxes (pip install noto-cjk-sans-otc)"
            if font.path is None
            else f"{font.family} ({font.origin}: {font.path})",
        )
    )
    out.append(_typst_check(font))
    for module, purpose, how in EXTRAS:
        try:
            importlib.import_module(module)
        except ImportError:
            needed = (
                module in ("feedparser", "defusedxml")
                or (module == "pyspark" and backend == "spark")
                or (module == "openai" and llm)
            )
            out.append(Check("install", module, FAIL if needed else OFF, f"not installed; for {purpose}: {how}"))
        except Exception as e:  # installed but broken
            out.append(Check("install", module, FAIL, f"installed but fails to import: {e.__class__.__name__}: {e}"))
        else:
            out.append(Check("install", module, OK, f"{_version(module)}; for {purpose}"))
    return out


def _version(module: str) -> str:
    try:
        return importlib.metadata.version(module)
    except importlib.metadata.PackageNotFoundError:
        return "installed"


def _typst_check(font) -> Check:
    import tempfile

    try:
        import typst
    except ImportError:
        return Check("install", "Typst", FAIL, "the typst package is not installed: pip install typst")
    with tempfile.TemporaryDirectory(prefix="aimonthly-doctor-") as tmp:
        src = Path(tmp) / "check.typ"
        src.write_text(f'#set text(font: "{font.family}")\n行业月报 doctor\n', encoding="utf-8")
        try:
            pdf = typst.compile(str(src), font_paths=[str(font.path.parent)] if font.path else [])
        except Exception as e:  # typst.TypstError and friends
            return Check("install", "Typst", FAIL, f"cannot compile a one-line document: {e}")
    ok = isinstance(pdf, bytes) and pdf.startswith(b"%PDF")
    return Check(
        "install",
        "Typst",
        OK if ok else FAIL,
        f"{_version('typst')}; compiles a one-line Chinese document" if ok else "compiled, but not into a PDF",
    )


# -- output ---------------------------------------------------------------------------------------


def output_checks(output_dir: Path) -> list[Check]:
    """Staging folders left in report folders by builds that were killed (the reports are whole)."""
    left = sorted(output_dir.glob("*/.building-*")) if output_dir.is_dir() else []
    if not left:
        return [Check("output", "interrupted builds", OK, f"none under {output_dir}")]
    return [
        Check(
            "output",
            "interrupted builds",
            WARN,
            f"{plural(len(left), 'staging folder')} left by killed builds, safe to "
            f"delete: {_listed([str(p) for p in left])}",
        )
    ]


def run_checks(settings) -> list[Check]:
    """Every check, for the warehouse, output folder and backend that ``settings`` name."""
    from aimonthly.warehouse import Warehouse

    path = settings.path("warehouse")
    checks: list[Check] = []
    if not path.exists():
        checks.append(
            Check("warehouse", "file", WARN, f"no warehouse at {path}: ingest data first, or run aimonthly demo")
        )
    else:
        with Warehouse.open(path, read_only=True) as wh:
            con = wh.ibis()
            checks.append(Check("warehouse", "file", OK, str(path)))
            checks += warehouse_checks(con)
            checks += coverage_checks(con)
    checks += install_checks(settings.backend, bool(settings.llm_base_url))
    checks += output_checks(settings.path("output_dir"))
    return checks
