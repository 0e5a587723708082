"""A rating as the project records it: a report gives it (the front matter's ``ratings:``), the warehouse
keeps it, the backtest evaluates it. A subject is an industry (priced by its index from house.toml
[market]) or a stock (its code); ``code`` is the price series."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal, Mapping

RatingKind = Literal["industry", "stock"]
KINDS: tuple[RatingKind, ...] = ("industry", "stock")


@dataclass(frozen=True)
class Rating:
    month: str  # the report's data month
    rating_date: dt.date  # the report's publication date
    kind: RatingKind
    subject: str  # 计算机, or a stock code
    code: str | None  # the price series: the industry's index or the stock's code
    rating: str  # a name of the rating scale, e.g. 买入
    action: str | None  # 维持 / 首次 / 上调 / 下调

    @property
    def maintained(self) -> bool:
        return self.action == "维持"

    def row(self) -> dict:
        return {
            "rating_date": self.rating_date,
            "kind": self.kind,
            "subject": self.subject,
            "code": self.code,
            "rating": self.rating,
            "action": self.action,
        }

    @classmethod
    def from_row(cls, r: Mapping[str, Any]) -> Rating:
        return cls(r["month"], r["rating_date"], r["kind"], r["subject"], r["code"], r["rating"], r["action"])
