"""What a check reports: findings, their severities, and the thresholds (house settings ``[check]``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Mapping

from aimonthly.errors import AimonthlyError

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
JSON_KEYS = ("rule", "severity", "dataset", "list", "product", "message", "values")


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


@dataclass(frozen=True)
class CheckConfig:
    outlier_next: float = 5.0
    outlier_prev: float = 5.0
    new_top: int = 5
    list_jump: float = 0.5
    stale_share: float = 0.8
    min_shared: int = 5

    @classmethod
    def from_house(cls, table: Mapping[str, Any] | None) -> "CheckConfig":
        from dataclasses import fields

        from aimonthly.errors import ConfigError

        known = {f.name: f for f in fields(cls)}
        unknown = set(table or {}) - set(known)
        if unknown:
            raise ConfigError(f"unknown key(s) in house [check]: {', '.join(sorted(unknown))}; known: {', '.join(known)}")
        values = {}
        for k, v in (table or {}).items():
            try:
                values[k] = int(v) if known[k].type in ("int", int) else float(v)
            except (TypeError, ValueError):
                raise ConfigError(f"house [check] {k} = {v!r} must be a number") from None
            if values[k] <= 0:
                raise ConfigError(f"house [check] {k} = {v!r} must be above zero")
        return cls(**values)


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
        n = {s: self.count(s) for s in SEVERITIES}
        parts = [f"{n['error']} error{'s' * (n['error'] != 1)}", f"{n['warning']} warning{'s' * (n['warning'] != 1)}",
                 f"{n['info']} note{'s' * (n['info'] != 1)}"]
        return f"check {self.month}: " + ", ".join(parts)

    def to_list(self) -> list[dict]:
        return [f.to_dict() for f in self.findings]
