"""Regenerate docs/cli.md and docs/settings.md from the code (tests/test_docs.py checks for drift).

Run: .venv/bin/python tools/gen_docs.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer.main
from typer.testing import CliRunner

from aimonthly.cli import app
from aimonthly.config import ENV_PREFIX, PROJECT_FILE, SETTINGS

ROOT = Path(__file__).resolve().parents[1]


def commands(group=None, path: tuple[str, ...] = ()):
    """(path, command) for every command and sub-command, in name order."""
    group = group or typer.main.get_command(app)
    for name in sorted(group.commands):
        cmd = group.commands[name]
        if getattr(cmd, "hidden", False):
            continue
        yield (*path, name), cmd
        if hasattr(cmd, "commands"):
            yield from commands(cmd, (*path, name))


def help_text(path: tuple[str, ...]) -> str:
    result = CliRunner().invoke(app, [*path, "--help"], prog_name="aimonthly", env={"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"})
    return "\n".join(line.rstrip() for line in result.output.rstrip().splitlines())


def cli_markdown() -> str:
    out = ["# Command reference", "", "Generated from the code by `tools/gen_docs.py`; do not edit by hand.", "",
           "## aimonthly", "", "```", help_text(()), "```", ""]
    for path, _ in commands():
        out += [f"## aimonthly {' '.join(path)}", "", "```", help_text(path), "```", ""]
    return "\n".join(out)


def settings_markdown() -> str:
    out = ["# Settings", "", "Generated from `aimonthly.config.SETTINGS` by `tools/gen_docs.py`; do not edit by hand.", "",
           f"Each setting is resolved from its default, then the project file (`{PROJECT_FILE}` in the working folder, "
           f"or the file named by `{ENV_PREFIX}CONFIG`), then the environment variable, then a command-line flag where "
           "the command has one; each overrides the one before. `aimonthly config` shows each value and where it came from. "
           "House settings (firm, source lines, colours, disclaimer, rating scale and each section's options) are the "
           "`[house]` table of the project file, over `src/aimonthly/house.toml`'s defaults.", "",
           "| setting | environment variable | default | meaning |", "| --- | --- | --- | --- |"]
    for s in SETTINGS:
        default = f"`{s.default}`" if s.default != "" else "(none)"
        out.append(f"| `{s.name}` | `{ENV_PREFIX}{s.name.upper()}` | {default} | {s.help} |")
    return "\n".join(out) + "\n"


def main() -> int:
    (ROOT / "docs" / "cli.md").write_text(cli_markdown(), encoding="utf-8")
    (ROOT / "docs" / "settings.md").write_text(settings_markdown(), encoding="utf-8")
    print("wrote docs/cli.md and docs/settings.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
