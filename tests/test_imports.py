"""The stage rules, enforced: each stage's modules import only their own package, the core, and the
stages whose results they read (one table, below). Every ``import`` in every module is read from
its syntax tree, function-level imports and ``TYPE_CHECKING`` blocks included."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "aimonthly"

# stage -> the other stages it may import (besides itself and aimonthly.core). The data flows
# ingest -> warehouse -> analytics -> report (text from narrative, figures from charts) -> render;
# the check reads the facts (and the month's text) before anything is published;
# the orchestration modules wire the stages together, and only they are exempt: the cli package (one module
# per command group), desk (aimonthly.Desk, the library's front door), pipeline (one month's report end to
# end), cycle (`aimonthly run`), watch (`report --watch` and the workbench's preview), serve (the workbench)
# and the package's __init__ / __main__.
ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "ingest": {
        "warehouse.checks"
    },  # row checks in SQL (duplicate keys): DuckDB is spoken in the warehouse package only
    "warehouse": set(),
    "analytics": set(),
    "charts": set(),
    "narrative": {"analytics"},  # sentences from the facts
    "config": set(),  # the settings: their types and the house settings live in core
    "demo": set(),  # the bundled data and the demo month's Markdown, no code of any stage
    "content": {"report.model", "demo"},  # the month's Markdown, read into the model's runs; a first month's origin
    "prior": {"analytics.context", "content", "warehouse"},  # the earlier reports a build reads: files and records
    "doctor": {"warehouse"},  # the warehouse's integrity and the installation
    "report": {"analytics", "narrative", "charts", "content"},  # the document from facts, sentences, figures and text
    "render": {"report.model"},  # renderers read the finished document only
    "check": {"analytics", "narrative", "content"},  # rules over the facts, their rows and the month's text
    "draft": {"analytics", "narrative"},  # drafted text, checked against the facts and the items' own text
}
ORCHESTRATION = {
    "cli",
    "desk",
    "cycle",
    "pipeline",
    "watch",
    "serve",
    "__init__",
    "__main__",
}


def imports(path: Path) -> list[tuple[int, str]]:
    """(line, module) for every import of an aimonthly module in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out += [(node.lineno, a.name) for a in node.names if a.name.startswith("aimonthly")]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("aimonthly"):
            mod = node.module or ""
            # "from aimonthly import charts" imports the stage aimonthly.charts
            out += [(node.lineno, f"{mod}.{a.name}" if mod == "aimonthly" else mod) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level:
            raise AssertionError(f"{path}:{node.lineno}: relative import; write the absolute aimonthly.… path")
    return out


def stage_of(path: Path) -> str:
    rel = path.relative_to(SRC)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def violations(path: Path) -> list[str]:
    stage = stage_of(path)
    if stage in ORCHESTRATION:
        return []
    assert stage in ALLOWED, f"{path}: a new top-level module or package; add it to ALLOWED or ORCHESTRATION"
    allowed = {stage, "core", *ALLOWED[stage]}
    bad = []
    for line, module in imports(path):
        target = module.removeprefix("aimonthly.").removeprefix("aimonthly")
        if target == "__version__":  # the package's version number belongs to no stage
            continue
        if not any(target == a or target.startswith(a + ".") for a in allowed):
            bad.append(f"{path.relative_to(SRC.parent)}:{line}: {stage} imports {module}")
    return bad


MODULES = sorted(p for p in SRC.rglob("*.py") if "__pycache__" not in p.parts)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_stage_imports_follow_the_rules(path):
    assert violations(path) == []


def test_the_rule_catches_what_it_should(tmp_path):
    """The checker itself: a warehouse module importing ingest, and a chart importing the model, fail."""
    bad = tmp_path / "aimonthly"
    (bad / "warehouse").mkdir(parents=True)
    (bad / "charts").mkdir()
    (bad / "warehouse" / "x.py").write_text("from aimonthly.ingest.parse import parse_file\n")
    (bad / "charts" / "y.py").write_text("def f():\n    from aimonthly.report.model import Chart\n")
    (bad / "render.py").write_text("from aimonthly.core.files import write_atomic\n")
    global SRC
    saved, SRC = SRC, bad
    try:
        assert violations(bad / "warehouse" / "x.py") == [
            "aimonthly/warehouse/x.py:1: warehouse imports aimonthly.ingest.parse"
        ]
        assert violations(bad / "charts" / "y.py") == ["aimonthly/charts/y.py:2: charts imports aimonthly.report.model"]
    finally:
        SRC = saved


def test_core_imports_no_third_party_module_at_package_level():
    """``import aimonthly.core`` must stay free (the CLI's --help imports errors from it)."""
    tree = ast.parse((SRC / "core" / "__init__.py").read_text(encoding="utf-8"))
    assert not [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def module_level_imports() -> dict[str, set[str]]:
    """module -> the aimonthly modules it imports when it is imported (its top-level statements, a
    TYPE_CHECKING block aside): the graph in which a cycle would break ``import``."""
    names = {module_name(p): p for p in MODULES}

    def resolve(name: str) -> str:
        while name and name not in names:
            name = name.rpartition(".")[0]
        return name

    graph: dict[str, set[str]] = {}
    for name, path in names.items():
        found: set[str] = set()
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Import):
                found |= {resolve(a.name) for a in node.names if a.name.startswith("aimonthly")}
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("aimonthly"):
                mod = node.module or ""
                found |= {f"{mod}.{a.name}" if f"{mod}.{a.name}" in names else resolve(mod) for a in node.names}
        graph[name] = found - {name, ""}
    return graph


def test_no_module_imports_one_that_imports_it_back():
    """No import cycle among the modules' top-level imports (a package's __init__ may import its own modules)."""
    graph = module_level_imports()
    assert "aimonthly.desk" in graph and "aimonthly.cli.main" in graph
    cycles = []
    for start in graph:
        stack, seen = [(start, (start,))], set()
        while stack:
            node, path = stack.pop()
            for nxt in graph[node]:
                if nxt == start:
                    cycles.append(" -> ".join((*path, nxt)))
                elif nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, (*path, nxt)))
    assert cycles == []
