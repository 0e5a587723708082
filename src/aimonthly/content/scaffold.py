"""``aimonthly new``: next month's Markdown file, scaffolded from the latest one."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from aimonthly.core.months import add_months, check_month, months_apart
from aimonthly.content.errors import ContentError

MONTH_FILE = re.compile(r"^(\d{4}-\d{2})\.md$")


def default_origin() -> Path:
    """The file a desk's first month is scaffolded from when it has no earlier month: the bundled one."""
    from aimonthly.demo import DEMO_MONTH, content_dir

    return content_dir() / f"{DEMO_MONTH}.md"


def scaffold_month(
    content_dir: Path, month: str, *, fallback: Path | None = None, force: bool = False
) -> tuple[Path, str]:
    """Write ``content_dir/<month>.md`` from the latest earlier month's file, dates moved on; with
    no earlier month, from ``fallback`` (a ``YYYY-MM.md`` file; default: ``default_origin()``)."""
    month = check_month(month)  # "2024-5" -> "2024-05"
    content_dir = Path(content_dir)
    target = content_dir / f"{month}.md"
    if target.exists() and not force:
        raise ContentError(f"{target} exists", hint="edit it, or pass --force to overwrite it")
    earlier = (
        sorted(p for p in content_dir.glob("*.md") if (m := MONTH_FILE.match(p.name)) and m.group(1) < month)
        if content_dir.is_dir()
        else []
    )
    origin = earlier[-1] if earlier else Path(fallback or default_origin())
    base_month = check_month(origin.stem)
    text = origin.read_text(encoding="utf-8")
    shift = months_apart(base_month, month)

    def move(m: re.Match) -> str:
        try:
            d = dt.date.fromisoformat(m.group(2))
        except ValueError:
            return m.group(0)
        return f"{m.group(1)}{add_months(d, shift).isoformat()}"

    text = re.sub(r"(?m)^((?:date|data_date):\s*)(\d{4}-\d{2}-\d{2})", move, text)
    # Say so in the file: its paragraphs are last month's until edited (aimonthly check finds the rest).
    text = re.sub(r"(?m)^# COPIED FROM .*\n", "", text)
    if text.startswith("---\n"):
        text = (
            f"---\n# COPIED FROM {Path(origin).name} by aimonthly new: the authored paragraphs are {base_month}'s until "
            f"you update them; aimonthly check {month} names those that cite products or figures not in {month}'s "
            f"data. Delete this line when done.\n" + text[4:]
        )
    # Exclusions name last month's glitches: they would match nothing (or the wrong thing) in the new month.
    end = text.find("\n---", 3) + 1
    if end > 0:
        text = re.sub(r"(?m)^exclude:.*\n(?:[ \t]+\S.*\n)*", "", text[:end]) + text[end:]
    # Pins and drops name last month's item ids: they would match nothing in the new month.
    text = re.sub(r"(?m)^(\s+(?:pin|drop):\s*)\[[^\]]*\].*$", r"\1[]", text)
    content_dir.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target, str(origin)
