"""Counts agree with their nouns in every message: "1 problem", "2 problems", never "(1 problems)" or
"problem(s)". Every f-string in the package is read: a value followed by a plural noun must go
through ``plural()`` (aimonthly.core.errors)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from aimonthly.core.errors import plural

SRC = Path(__file__).resolve().parents[1] / "src" / "aimonthly"
PLURAL_AFTER_VALUE = re.compile(r"^ (?:more |other |new )?([a-z]+s)\b")
NOT_PLURALS = {"is", "as", "has", "was", "does", "exists", "starts", "takes", "disagrees", "holds", "needs", "says"}


def findings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant)}
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings \
                and re.search(r"[a-z]\(s\)", node.value):
            out.append(f"{path.name}:{node.lineno}: {node.value.strip()[:50]!r}: use plural()")
        if isinstance(node, ast.JoinedStr):
            for a, b in zip(node.values, node.values[1:]):
                if isinstance(a, ast.FormattedValue) and isinstance(b, ast.Constant) \
                        and (m := PLURAL_AFTER_VALUE.match(b.value)) and m[1] not in NOT_PLURALS:
                    out.append(f"{path.name}:{node.lineno}: {{{ast.unparse(a.value)}}}{b.value[:20]!r}: use plural()")
    return out


@pytest.mark.parametrize("path", sorted(SRC.rglob("*.py")), ids=lambda p: str(p.relative_to(SRC)))
def test_no_count_before_a_fixed_plural(path):
    assert findings(path) == []


def test_the_scan_catches_the_old_wording(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text('n = 1\nA = f"rejected ({n} problems)"\nB = "3 check(s) failed"\nC = f"{n} is fine"\n')
    assert len(findings(bad)) == 2


@pytest.mark.parametrize("n, noun, text", [(1, "problem", "1 problem"), (2, "problem", "2 problems"),
                                           (0, "row", "0 rows"), (1234, "row", "1,234 rows")])
def test_plural(n, noun, text):
    assert plural(n, noun) == text
    assert plural(1, "batch", "batches") == "1 batch" and plural(3, "batch", "batches") == "3 batches"
