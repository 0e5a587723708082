"""``aimonthly report MONTH --watch``: the terminal side of aimonthly.watch (one line per rebuild)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Sequence

from aimonthly.cli.common import console, err, text
from aimonthly.core.errors import plural


def watch(
    settings, month: str, *, formats: Sequence[str], out: Path | None, content: Path | None, strict: bool, timings: bool
) -> None:
    """Build now and after every change, printing one line a build, until Ctrl-C."""
    from aimonthly.watch import Built, watch_report

    def on_built(b: Built) -> None:
        clock = time.strftime("%H:%M:%S")
        why = {"start": "built", "content": "text changed, rebuilt", "warehouse": "data changed, rebuilt"}[b.reason]
        if b.error is not None:
            err.print(
                f"[dim]{clock}[/] [bold red]{why.replace('built', 'build')} failed:[/] {text(b.error)}"
                + (f" [dim]({text(b.error.hint)})[/]" if b.error.hint else ""),
                highlight=False,
                soft_wrap=True,
            )
            return
        r = b.result
        assert r is not None
        note = f", {plural(len(r.notes), 'warning')}" if r.notes else ""
        check = f", check: {r.check.summary()}" if r.check is not None and r.check.findings else ""
        console.print(
            f"[dim]{clock}[/] {why} in {b.seconds:.2f} s{' (facts kept)' if b.facts_reused else ''}: "
            f"{plural(r.exhibits, 'exhibit')}{note}{check} → {r.out_dir}",
            highlight=False,
        )
        if timings:
            console.print(
                "  [dim]" + ", ".join(f"{name} {secs:.2f} s" for name, secs in r.timings) + "[/]", highlight=False
            )

    console.print(f"[dim]watching {month}'s Markdown and the warehouse; Ctrl-C stops[/]", highlight=False)
    try:
        watch_report(
            settings,
            month,
            on_built=on_built,
            formats=formats,
            out_dir=out,
            content_file=content,
            strict=strict,
            on_wait=lambda why: err.print(
                f"[dim]{time.strftime('%H:%M:%S')}[/] [yellow]{text(why)}[/]", highlight=False
            ),
        )
    except KeyboardInterrupt:
        console.print("[dim]stopped[/]", highlight=False)
