"""What a check reports: findings and their severities (the thresholds are house settings ``[check]``,
typed in core/house/check.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

from aimonthly.core.errors import AimonthlyError, plural

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
JSON_KEYS = ("rule", "severity", "dataset", "list", "product", "message", "values")
_BREAKS = re.compile("[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+")  # what str.splitlines() splits at


class CheckFailed(AimonthlyError):
    """``--strict``: the month's data has findings of severity error."""


@dataclass(frozen=True)
class Finding:
    rule: str  # outlier, list_jump, duplicate, stale, unresolved, unmapped, gaps, authored_text, exclusion, registry
    severity: Severity
    dataset: str  # traffic, app_ranks, products, content, …
    list: str | None  # the traffic list (or the app-store keyword); None when not list-bound
    product: str | None
    message: str  # what was found and what to do
    values: dict = field(default_factory=dict)  # the figures that triggered it

    def to_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in JSON_KEYS}

    def __str__(self) -> str:
        """One line: 'rule dataset/list product: message' (the severity is the reader's to show)."""
        where = self.dataset + (f"/{self.list}" if self.list else "")
        return _BREAKS.sub(" ", f"{self.rule} {where}{' ' + self.product if self.product else ''}: {self.message}")


@dataclass(frozen=True)
class CheckReport:
    month: str
    findings: tuple[Finding, ...]

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    def summary(self) -> str:
        """'check 2024-05: 1 error, 3 warnings, 2 notes' (what every report build prints)."""
        nouns = {"error": "error", "warning": "warning", "info": "note"}
        return f"check {self.month}: " + ", ".join(plural(self.count(s), nouns[s]) for s in SEVERITIES)

    def to_list(self) -> list[dict]:
        return [f.to_dict() for f in self.findings]
