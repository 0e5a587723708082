"""Files made to attack the readers (tests/attack_inputs.py) through ingest: the time from the call to
the refusal and the process's peak memory, each in a new process; then the same file with its limit
raised, to show what the limit saves. Also the report over the hostile-strings corpus beside the
same report over harmless strings. Prints Markdown tables for BENCHMARKS.md.

Run: .venv/bin/python benchmarks/bench_hostile_inputs.py [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1] / "tests"
sys.path.insert(0, str(TESTS))
import attack_inputs as A  # noqa: E402

INGEST = textwrap.dedent("""
    import json, resource, sys, time
    from aimonthly.ingest import IngestError, Limits, parse_file
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    limits = Limits(**json.loads(sys.argv[3]))
    out, t = {}, time.perf_counter()
    try:
        out["result"] = f"read, {parse_file(sys.argv[1], sys.argv[2], limits=limits).table.num_rows} rows"
    except IngestError as e:
        out["result"] = "refused: " + e.problems[0].reason[:70]
    except RecursionError as e:
        out["result"] = "RecursionError"
    out["seconds"] = time.perf_counter() - t
    out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out["import_rss_mb"] = base
    print(json.dumps(out, ensure_ascii=False))
""")

BUILD = textwrap.dedent("""
    import json, resource, sys, time, warnings
    warnings.simplefilter("ignore")
    sys.path.insert(0, sys.argv[1])
    from pathlib import Path
    from hostile import CLEAN, CORPUS, plant
    from aimonthly.pipeline import build_report
    hs = plant(Path(sys.argv[2]), CORPUS if sys.argv[3] == "hostile" else CLEAN)
    t = time.perf_counter()
    r = build_report(hs.settings, hs.month)
    print(json.dumps({"seconds": time.perf_counter() - t, "stages": dict(r.timings),
                      "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      "pdf_pages": __import__("pypdf").PdfReader(r.files["pdf"]).get_num_pages()}))
""")


def run(code: str, *args: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def cases(tmp: Path) -> list[tuple[str, str, Path, dict, dict]]:
    """(label, dataset, file, the default limits' case, the raised limit)."""
    (tmp / "laughs.rss").write_text(A.BILLION_LAUGHS, encoding="utf-8")
    (tmp / "secret.txt").write_text("secret", encoding="utf-8")
    (tmp / "xxe.atom").write_text(A.xxe_feed((tmp / "secret.txt").as_uri()), encoding="utf-8")
    (tmp / "deep.jsonl").write_text(A.deep_jsonl(10_000), encoding="utf-8")
    return [
        (
            "XLSX zip bomb: 0.2 MB file, 200 MB unzipped",
            "index_prices",
            A.zip_bomb(tmp / "bomb.xlsx", 200),
            {},
            {"max_xlsx_ratio": 100_000},
        ),
        (
            "XLSX zip bomb: 2 MB file, 2,000 MB unzipped",
            "index_prices",
            A.zip_bomb(tmp / "bomb2.xlsx", 2000),
            {},
            {"max_xlsx_ratio": 100_000, "max_xlsx_unzipped_mb": 100_000},
        ),
        ("RSS with entity expansion (billion laughs)", "news", tmp / "laughs.rss", {}, None),
        ("Atom with an external entity (a local file)", "news", tmp / "xxe.atom", {}, None),
        ("CSV with one 200 MB line", "news", A.long_line_csv(tmp / "long.csv", 200), {}, {"max_row_mb": 1024}),
        ("JSONL nested 10,000 deep", "news", tmp / "deep.jsonl", {}, {"max_json_depth": 100_000}),
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="aimonthly-attacks-") as d:
        tmp = Path(d)
        print(
            "| input | with the default limits | time to refusal (s) | peak RSS (MB) | with the limit raised | "
            "time (s) | peak RSS (MB) |"
        )
        print("| --- | --- | --- | --- | --- | --- | --- |")
        for label, dataset, path, limits, raised in cases(tmp):
            got = [run(INGEST, dataset, str(path), json.dumps(limits)) for _ in range(args.runs)]
            secs = statistics.median(g["seconds"] for g in got)
            row = f"| {label} | {got[0]['result']} | {secs:.2f} | {max(g['rss_mb'] for g in got):.0f} |"
            if raised is None:
                row += " (no limit to raise: refused whatever the settings) | | |"
            else:
                r = run(INGEST, dataset, str(path), json.dumps(raised))
                row += f" {r['result']} | {r['seconds']:.2f} | {r['rss_mb']:.0f} |"
            print(row)
        print(f"\n(an interpreter with aimonthly.ingest imported: {got[0]['import_rss_mb']:.0f} MB)\n")
        print("| report over | build (s) | model stage (s) | pdf (s) | PDF pages | peak RSS (MB) |")
        print("| --- | --- | --- | --- | --- | --- |")
        for kind in ("hostile", "clean"):
            got = [run(BUILD, str(TESTS), str(tmp / f"{kind}{i}"), kind) for i in range(args.runs)]
            g = sorted(got, key=lambda x: x["seconds"])[len(got) // 2]
            print(
                f"| {kind} strings | {g['seconds']:.2f} | {g['stages']['model']:.2f} | {g['stages']['pdf']:.2f} | "
                f"{g['pdf_pages']} | {max(x['rss_mb'] for x in got):.0f} |"
            )


if __name__ == "__main__":
    main()
