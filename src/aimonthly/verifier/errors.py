"""The verifier's error: a sentence the facts do not bear out fails the build."""

from __future__ import annotations

from aimonthly.core.errors import AimonthlyError, StageFailed

HINT = "this is a template's blind spot: see every problem with `aimonthly check MONTH` (rule claims)"


class UntrueSentence(StageFailed):
    """A computed sentence states what the facts do not hold: named by section, sentence and claim."""

    def __init__(self, message: str, *, hint: str | None = None):
        AimonthlyError.__init__(self, f"the verify stage failed: {message}", hint=hint or HINT)
        self.stage = "verify"
