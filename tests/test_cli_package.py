"""The cli package has no circle: each command module imports alone (without the app or the other
groups), registers its commands on an app it is given, and no module of the package imports one that
imports it back."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from typer.main import get_group

CLI = Path(__file__).resolve().parents[1] / "src" / "aimonthly" / "cli"
GROUPS = {
    "ingest": {"ingest", "fetch-announcements"},
    "warehouse": {"status", "export", "batches", "undo"},
    "desk": {"doctor", "config"},
    "report": {"report", "facts", "new", "demo"},
    "ratings": {"ratings"},
    "cycle": {"run", "fetch-news"},
    "quality": {"check", "products"},
    "serve": {"serve"},
    "draft": {"draft"},
}


def cli_imports(path: Path) -> set[str]:
    """The aimonthly.cli modules ``path`` imports, at any level (a function's imports included)."""
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            out |= {node.module} | {f"{node.module}.{a.name}" for a in node.names}
    return {m.removeprefix("aimonthly.cli.") for m in out if m.startswith("aimonthly.cli.")}


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One cycle of ``graph`` as a path (empty when there is none): a depth-first search."""
    state: dict[str, str] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str]:
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                return stack[stack.index(nxt) :] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = "done"
        return []

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return []


def package_graph() -> dict[str, set[str]]:
    modules = {p.stem for p in CLI.glob("*.py")}
    return {p.stem: cli_imports(p) & modules for p in CLI.glob("*.py")}


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) == []


def test_no_module_of_the_cli_package_imports_one_that_imports_it_back():
    graph = package_graph()
    assert set(GROUPS) <= set(graph), "a command group's module is missing"
    assert find_cycle(graph) == []


def test_command_modules_import_only_the_shared_module():
    """A command group reaches the others' helpers through common.py, never through each other or the app."""
    graph = package_graph()
    for group in GROUPS:
        assert graph[group] <= {"common", "watch"}, f"cli/{group}.py imports {graph[group]}"
    assert graph["common"] == set()


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_a_command_module_imports_alone_and_registers_on_the_app_it_is_given(group):
    """In a new interpreter, importing one group's module loads neither the app nor another group."""
    code = (
        f"import sys, aimonthly.cli.{group} as m\n"
        "print(sorted(k for k in sys.modules if k.startswith('aimonthly.cli.')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    loaded = set(eval(out)) - {f"aimonthly.cli.{group}", "aimonthly.cli.common"}
    assert loaded <= {"aimonthly.cli.watch"}, loaded

    import importlib

    app = typer.Typer()
    importlib.import_module(f"aimonthly.cli.{group}").register(app)

    @app.callback()
    def _root() -> None:  # a group of one command still lists it as a subcommand
        pass

    assert set(get_group(app).commands) == GROUPS[group]


def test_the_app_has_every_group_s_commands_once():
    from aimonthly.cli import app

    names = list(get_group(app).commands)
    assert sorted(names) == sorted(c for cs in GROUPS.values() for c in cs)
