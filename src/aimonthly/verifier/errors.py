"""The verifier's error: a sentence the facts do not bear out fails the build."""

from __future__ import annotations

from aimonthly.core.errors import StageFailed


class UntrueSentence(StageFailed):
    """A computed sentence states what the facts do not hold: named by section, sentence and claim."""

    def __init__(self, first: str, count: int):
        super().__init__("verify", ValueError(first))
        more = f" (and {count - 1} more)" if count > 1 else ""
        self.args = (f"the verify stage failed: {first}{more}",)
        self.hint = "this is a template's blind spot: see every problem with `aimonthly check MONTH` (rule claims)"
