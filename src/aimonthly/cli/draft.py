"""``aimonthly draft MONTH``: drafts with a language model, behind the guard (the library is
aimonthly.draft, docs/draft.md)."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Optional

import typer

from aimonthly.cli.common import ContentOpt, MonthArg, WarehouseOpt, _settings, console, err, handle_errors, text
from aimonthly.core.errors import plural

GROWTH_LISTS = ("global", "domestic")  # the growth exhibits when there is no month file to read them from


def register(app: typer.Typer) -> None:
    app.command()(draft)


def growth_lists(content) -> tuple[str, ...]:
    """The lists whose growth exhibit the month's file places ({{ traffic.<list>.top_growth }})."""
    if content is None:
        return GROWTH_LISTS
    from aimonthly.content.month import Directive

    names = [i.name for i in content.items if isinstance(i, Directive)]
    return tuple(n.split(".")[1] for n in names if n.startswith("traffic.") and n.endswith(".top_growth"))


def write_whole(path: Path, data: str) -> None:
    """Write ``data`` to ``path`` whole or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".draft-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@handle_errors
def draft(
    month: str = MonthArg,
    out: Optional[Path] = typer.Option(None, "--out", help="The draft file (default: <content_dir>/<month>.draft.md)."),
    as_json: bool = typer.Option(
        False,
        "--json",
        help="Print every drafted sentence as JSON: its text, whether it was "
        "kept, what each number and name matched, why it was dropped.",
    ),
    content: Optional[Path] = ContentOpt,
    warehouse: Optional[Path] = WarehouseOpt,
) -> None:
    """Draft news summaries, product lines and cover titles with a language model (settings llm_*),
    each number and name checked against the month's facts and the item's own text (docs/draft.md)."""
    from rich.progress import Progress

    from aimonthly.analytics.registry import Registry
    from aimonthly.core.months import check_month
    from aimonthly.draft.llm import Endpoint, LLMClient
    from aimonthly.draft.output import draft_json, draft_markdown
    from aimonthly.draft.run import draft_month, month_tasks
    from aimonthly.pipeline import connection, content_path, month_facts, stage_errors
    from aimonthly.content.month import load_content

    s = _settings(warehouse=warehouse)
    month = check_month(month)
    client = LLMClient(Endpoint.from_settings(s))  # drafting off or the extra missing: fail before any work
    path = content or content_path(s, month)
    written = load_content(path) if content or path.is_file() else None
    facts = month_facts(s, month, written)
    with connection(s) as con:
        registry = Registry.load(con, every_column=True)
    lists = growth_lists(written)
    tasks = month_tasks(facts, registry, s.house, lists)
    with Progress(console=err, transient=True) as progress, stage_errors("draft"):
        bar = progress.add_task(f"drafting with {text(client.endpoint.model)}", total=len(tasks))
        result = draft_month(
            facts, registry, s.house, client, lists, on_done=lambda _: progress.advance(bar), tasks=tasks
        )
    target = out or s.path("content_dir") / f"{month}.draft.md"
    write_whole(target, draft_markdown(result, str(path)))
    if as_json:
        sys.stdout.write(draft_json(result))
        return
    news, products, cover = result.of("news"), result.of("product"), result.of("cover")
    failed = [o for o in result.outcomes if o.answer is None]
    console.print(
        f"news: {plural(sum(o.offered for o in news), 'summary', 'summaries')} kept of {len(news)} "
        f"(the rest keep the extractive summary); products: {sum(o.offered for o in products)} of "
        f"{plural(len(products), 'line')} kept; cover: {plural(len(cover[0].kept) if cover else 0, 'title')}",
        highlight=False,
    )
    for o in failed[:5]:
        err.print(f"[yellow]warning:[/] {text(o.task.label)}: {text(o.problems[0])}", highlight=False)
    console.print(
        f"{plural(result.requests, 'request')} to {text(result.endpoint)}, {result.cached} from the cache "
        f"→ {text(target)}",
        highlight=False,
    )
