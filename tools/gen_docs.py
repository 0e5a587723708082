"""Regenerate docs/cli.md and docs/settings.md from the code (tests/test_docs.py checks for drift).

Run: .venv/bin/python tools/gen_docs.py
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import types
import typing
from pathlib import Path

import typer.main
from typer.testing import CliRunner

from aimonthly.cli import app
from aimonthly.config import ENV_PREFIX, PROJECT_FILE, SettingValues
from aimonthly.core.errors import plural
from aimonthly.core.house import HouseSettings, default_house
from aimonthly.core.house.base import _model_of, _values_model

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
    result = CliRunner().invoke(
        app, [*path, "--help"], prog_name="aimonthly", env={"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}
    )
    return "\n".join(line.rstrip() for line in result.output.rstrip().splitlines())


def cli_markdown() -> str:
    out = [
        "# Command reference",
        "",
        "Generated from the code by `tools/gen_docs.py`; do not edit by hand.",
        "",
        "## aimonthly",
        "",
        "```",
        help_text(()),
        "```",
        "",
    ]
    for path, _ in commands():
        out += [f"## aimonthly {' '.join(path)}", "", "```", help_text(path), "```", ""]
    return "\n".join(out)


def _type(annotation, metadata=()) -> str:
    """A field's type in a reader's words."""
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is typing.Annotated or metadata:
        base, *meta = args if origin is typing.Annotated else (annotation, *metadata)
        meta = [x for m in meta for x in (getattr(m, "metadata", None) or [m])]  # Field(...) holds its constraints
        gt = next((m.gt for m in meta if getattr(m, "gt", None) is not None), None)
        ge = next((m.ge for m in meta if getattr(m, "ge", None) is not None), None)
        return (
            _type(base)
            + (" > 0" if gt == 0 else f" ≥ {ge:g}" if ge is not None else "")
            + (" (#RRGGBB)" if any(getattr(m, "pattern", None) for m in meta) else "")
        )
    if origin is typing.Literal:
        return "one of " + ", ".join(f"`{a}`" for a in args)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return _type(inner[0]) + ", optional" if len(inner) == 1 else " or ".join(_type(a) for a in inner)
    if origin is tuple:
        return "list of " + _type(args[0])
    if origin is dict:
        return f"table of {_type(args[1])}"
    return {
        str: "text",
        int: "whole number",
        float: "number",
        bool: "true or false",
        dt.date: "date",
        Path: "path",
    }.get(annotation, getattr(annotation, "__name__", str(annotation)))


def _default(value) -> str:
    if value is None:
        return "(absent)"
    if isinstance(value, (list, tuple, dict)) and len(json.dumps(value, ensure_ascii=False)) > 160:
        return f"{plural(len(value), 'item')} (see house.toml)"
    if isinstance(value, (list, tuple)) and len(value) > 4:
        return f"`{json.dumps(list(value[:3]), ensure_ascii=False)[:-1]}, …]` ({len(value)})"
    if isinstance(value, dict) and len(value) > 4:
        head = json.dumps(dict(list(value.items())[:3]), ensure_ascii=False)[:-1]
        return f"`{head}, …}}` ({len(value)})"
    text = json.dumps(value, ensure_ascii=False)
    return "(none)" if text == '""' else f"`{text}`"


def _house_tables(model, value, name: str, out: list[str], array: bool = False) -> None:
    """One table per [house…] section, nested sections after it; arrays of tables list their keys."""
    rows, nested = [], []
    for key, field in type(model).model_fields.items() if model is not None else value.model_fields.items():
        sub = _model_of(field.annotation)
        current = getattr(model, key) if model is not None else None
        if (named := _values_model(field.annotation)) is not None:  # tables by name: [x.key.<name>]
            n = plural(len(current), "entry", "entries") if current is not None else "(per entry)"
            rows.append(f"| `{key}` | tables, one per name | {n} | {field.description} |")
            nested.append((None, named, f"{name}.{key}.<name>", False))
        elif sub is not None and typing.get_origin(field.annotation) is tuple:  # an array of tables
            n = plural(len(current), "entry", "entries") if current is not None else "(per entry)"
            rows.append(f"| `{key}` | array of tables | {n} | {field.description} |")
            nested.append((None, sub, f"{name}.{key}", True))
        elif sub is not None:
            nested.append((current, sub, f"{name}.{key}", False))
        else:
            shown = (
                _default(
                    current.model_dump(mode="json")
                    if hasattr(current, "model_dump")
                    else json.loads(json.dumps(current, default=str))
                )
                if model is not None
                else "(per entry)"
            )
            rows.append(f"| `{key}` | {_type(field.annotation, field.metadata)} | {shown} | {field.description} |")
    title = f"[[{name}]]" if array else f"[{name}]"
    if rows:
        out += [f"### {title}", "", "| key | type | default | meaning |", "| --- | --- | --- | --- |", *rows, ""]
    else:  # a table of tables only
        out += [f"### {title}", "", "Its tables follow.", ""]
    for current, sub, sub_name, sub_array in nested:
        _house_tables(current, sub, sub_name, out, sub_array)


def settings_markdown() -> str:
    out = [
        "# Settings",
        "",
        "Generated from `aimonthly.config.SettingValues` and `aimonthly.core.house` by `tools/gen_docs.py`; "
        "do not edit by hand.",
        "",
        f"Each setting is resolved from its default, then the project file (`{PROJECT_FILE}` in the working folder, "
        f"or the file named by `{ENV_PREFIX}CONFIG`), then the environment variable, then a command-line flag where "
        "the command has one; each overrides the one before. `aimonthly config` shows each value and where it came from. "
        "Every value is checked when the settings load: an unknown key is an error that names the file and table it "
        "was found in and suggests the nearest known key; a value of the wrong kind names its key and what it must be.",
        "",
        "Location settings (`warehouse`, `spark_data`, `output_dir`, `content_dir`, `house_file`) resolve a relative path "
        "against the project file's folder. `spark_data` also takes a URI (`s3a://`, `hdfs://`, `abfss://`, `gs://`, "
        "`file://`), passed to Spark as written (see [spark.md](spark.md)).",
        "",
        "| setting | environment variable | default | meaning |",
        "| --- | --- | --- | --- |",
    ]
    for name, field in SettingValues.model_fields.items():
        default = field.default
        shown = ",".join(default) if isinstance(default, tuple) else default
        shown = f"`{shown}`" if shown != "" else "(none)"
        out.append(f"| `{name}` | `{ENV_PREFIX}{name.upper()}` | {shown} | {field.description} |")
    out += [
        "",
        "## House settings",
        "",
        "Everything about the firm that publishes the report, and each section's options: the `[house]` table of the "
        "project file (`[house.news]`, `[house.news.count]`, …), over the file named by `house_file`, over the packaged "
        "`src/aimonthly/house.toml`, which holds every default. A table overrides key by key; an array of tables "
        "(`[[house.market.industries]]`) replaces the packaged one whole. The defaults below are house.toml's; "
        "long lists and tables are shortened (their length in brackets).",
        "",
    ]
    _house_tables(default_house(), HouseSettings, "house", out)
    return "\n".join(out).rstrip() + "\n"


def main() -> int:
    (ROOT / "docs" / "cli.md").write_text(cli_markdown(), encoding="utf-8")
    (ROOT / "docs" / "settings.md").write_text(settings_markdown(), encoding="utf-8")
    print("wrote docs/cli.md and docs/settings.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
