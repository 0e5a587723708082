"""The drafting guard on its labelled set (tests/guard_set.py): confusion counts by error type and by
the kind of text, the true sentences it drops, and the time it takes a sentence. Prints Markdown for
BENCHMARKS.md and docs/draft.md; tests/test_draft_guard.py asserts the thresholds.

Run: .venv/bin/python benchmarks/bench_draft_guard.py
"""

from __future__ import annotations

import collections
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import guard_set as G  # noqa: E402

from aimonthly.draft.guard import check_sentence  # noqa: E402


def main() -> None:
    sources, book = G.sources()
    cases = G.cases()
    verdicts, times = [], []
    for c in cases:
        t = time.perf_counter()
        verdicts.append(check_sentence(c.text, sources[c.key], book))
        times.append(time.perf_counter() - t)
    by_label: dict[str, list[bool]] = collections.defaultdict(list)
    by_kind: dict[tuple[str, bool], list[bool]] = collections.defaultdict(list)
    for c, v in zip(cases, verdicts):
        by_label[c.label].append(v.kept)
        by_kind[(c.kind, c.label == "true")].append(v.kept)
    print(
        f"{len(cases)} sentences: {len(by_label['true'])} true, {len(cases) - len(by_label['true'])} with one planted "
        f"error each\n"
    )
    print("| sentences | n | dropped | kept | |")
    print("| --- | --- | --- | --- | --- |")
    planted = [k for label, ks in by_label.items() if label != "true" for k in ks]
    for label in G.ERROR_TYPES:
        ks = by_label[label]
        print(
            f"| planted: {label} | {len(ks)} | {len(ks) - sum(ks)} | {sum(ks)} | recall {1 - sum(ks) / len(ks):.0%} |"
        )
    print(
        f"| **planted, all** | **{len(planted)}** | **{len(planted) - sum(planted)}** | **{sum(planted)}** | "
        f"**recall {1 - sum(planted) / len(planted):.1%}** |"
    )
    true = by_label["true"]
    print(
        f"| **true** | **{len(true)}** | **{len(true) - sum(true)}** | **{sum(true)}** | "
        f"**kept {sum(true) / len(true):.1%}** |\n"
    )
    print("| text | true: kept / n | planted: dropped / n |")
    print("| --- | --- | --- |")
    for kind in ("news", "product", "cover"):
        t, p = by_kind[(kind, True)], by_kind[(kind, False)]
        print(f"| {kind} | {sum(t)} / {len(t)} | {len(p) - sum(p)} / {len(p)} |")
    print("\nTrue sentences dropped:")
    for c, v in zip(cases, verdicts):
        if c.label == "true" and not v.kept:
            print(f"- {c.text} ({'; '.join(v.reasons)})")
    print(f"\nguard time per sentence: median {statistics.median(times) * 1e3:.2f} ms, max {max(times) * 1e3:.2f} ms")


if __name__ == "__main__":
    main()
