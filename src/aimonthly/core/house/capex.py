"""[capex]: the cloud capex tracker (the electronics view)."""

from __future__ import annotations

from pydantic import Field

from aimonthly.core.house.base import Positive, Section


class CapexSettings(Section):
    companies: tuple[str, ...] = Field(
        description="The companies, in this order, as the data names them (or by their names below, in any case); "
        "a company not listed is left out."
    )
    names: dict[str, str] = Field(
        description="Each company's name in the text (data name -> 中文名); a data file may name the company so too."
    )
    group: str = Field(description="How the text names the companies together.")
    chart_quarters: Positive = Field(description="Quarters in the chart, ending with the report's quarter.")

    def name(self, company: str) -> str:
        return self.names.get(company, company)
