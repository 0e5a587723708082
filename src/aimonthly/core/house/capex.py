"""[capex]: the cloud capex tracker (the electronics view)."""

from __future__ import annotations

from pydantic import Field

from aimonthly.core.house.base import Positive, Section


class CapexSettings(Section):
    companies: tuple[str, ...] = Field(
        description="The companies, in this order, as the data names them; a company not listed is left out."
    )
    names: dict[str, str] = Field(description="Each company's name in the text (data name -> 中文名).")
    aliases: dict[str, tuple[str, ...]] = Field(
        description="Other spellings of each company in the data (Alphabet, GOOGL -> Google); its key and its "
        "name in the text are spellings too, compared any case, in simplified Chinese, without Inc./Corp."
    )
    group: str = Field(description="How the text names the companies together.")
    chart_quarters: Positive = Field(description="Quarters in the chart, ending with the report's quarter.")

    def name(self, company: str) -> str:
        return self.names.get(company, company)

    def spellings(self) -> dict[str, tuple[str, ...]]:
        """Each company's spellings: its name in the text and its aliases."""
        return {c: (self.names.get(c, c), *self.aliases.get(c, ())) for c in self.companies}
