"""Documentation is part of the product: a command, option, setting or format column that is not
documented fails here (the sqlite-utils habit)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

import gen_docs

from aimonthly.config import SETTINGS
from aimonthly.core.house import HouseSettings
from aimonthly.core.house.base import _model_of, _values_model
from aimonthly.core.datasets import DATASETS

COMMANDS = list(gen_docs.commands())


def test_every_command_and_option_has_help():
    assert COMMANDS
    for path, cmd in COMMANDS:
        assert (cmd.help or "").strip(), f"aimonthly {' '.join(path)} has no help text"
        for p in cmd.params:
            if getattr(p, "hidden", False):
                continue
            assert (getattr(p, "help", None) or "").strip(), f"aimonthly {' '.join(path)}: {p.name} has no help text"


def test_cli_reference_is_current():
    assert (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") == gen_docs.cli_markdown(), (
        "docs/cli.md is stale: run .venv/bin/python tools/gen_docs.py"
    )


def test_settings_reference_is_current():
    text = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    assert text == gen_docs.settings_markdown(), "docs/settings.md is stale: run .venv/bin/python tools/gen_docs.py"
    for name in SETTINGS:
        assert f"`{name}`" in text


def test_settings_reference_lists_every_house_key_with_its_help():
    text = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    todo, seen = [(HouseSettings, "house")], 0
    while todo:
        cls, table = todo.pop()
        section = (
            text.split(f"### [{table}]")[1].split("\n### ")[0]
            if f"### [{table}]" in text
            else text.split(f"### [[{table}]]")[1].split("\n### ")[0]
        )
        for key, field in cls.model_fields.items():
            assert (field.description or "").strip(), f"{cls.__name__}.{key} has no help"
            sub = _model_of(field.annotation)
            if sub is not None:
                todo.append((sub, f"{table}.{key}"))
                continue
            if (named := _values_model(field.annotation)) is not None:  # [table.key.<name>], one per name
                todo.append((named, f"{table}.{key}.<name>"))
            assert f"| `{key}` |" in section, f"docs/settings.md [{table}] does not list {key}"
            seen += 1
    assert seen > 80


def test_readme_names_every_top_level_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for path, _ in COMMANDS:
        if len(path) == 1:
            assert f"aimonthly {path[0]}" in readme, f"README does not mention aimonthly {path[0]}"


@pytest.mark.parametrize("name", list(DATASETS))
def test_formats_doc_lists_every_column(name):
    text = (ROOT / "docs" / "formats.md").read_text(encoding="utf-8")
    section = text.split(f"### {name}")[1].split("\n### ")[0]
    for col in DATASETS[name].names:
        if col != "synthetic":
            assert f"`{col}`" in section, f"docs/formats.md: {name}.{col} is undocumented"


def test_readme_test_command_is_what_ci_runs():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in readme and "make test" in ci and "make demo" in readme
