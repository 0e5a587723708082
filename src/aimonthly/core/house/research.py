"""[mapping], [exposure] and [scorecard]: the research layer (映射标的, the AI-traffic exposure index and the
adoption scorecard); definitions in analytics/mapping.py, exposure.py and scorecard.py."""

from __future__ import annotations

from pydantic import Field, model_validator

from aimonthly.core.house.base import Positive, Section, Weight


class MappingSettings(Section):
    hot_per_list: Positive = Field(
        description="Hot products per list: the Top N by 环比 among the list's Top pool (top_pool); the month's "
        "front matter may add mapping: {pin: [...], drop: [...]}."
    )


class ExposureSettings(Section):
    months: Positive = Field(description="Months of the index's history, ending with the report's month.")
    table_rows: Positive = Field(description="Companies in the table: those whose index changed most this month.")
    chart_companies: Positive = Field(description="Companies drawn in the chart, the table's first ones.")


class Criteria(Section):
    """One value per criterion of the scorecard, by its key."""

    tech_route: Weight = Field(description="技术路线: 生成式 before 多模态 before 具身智能.")
    customer: Weight = Field(description="客户类型: C 端 and market-driven B 端 before government-type big B.")
    productisation: Weight = Field(description="产品化程度.")
    competition: Weight = Field(description="竞争格局.")
    revenue_mix: Weight = Field(description="海内外收入结构.")
    tolerance: Weight = Field(description="场景容错度: how much error the use case tolerates.")


class CriterionLabels(Section):
    tech_route: str = Field(description="The table's and heatmap's label of tech_route.")
    customer: str = Field(description="Label of customer.")
    productisation: str = Field(description="Label of productisation.")
    competition: str = Field(description="Label of competition.")
    revenue_mix: str = Field(description="Label of revenue_mix.")
    tolerance: str = Field(description="Label of tolerance.")


class ScorecardSettings(Section):
    weights: Criteria = Field(
        description="Each criterion's weight in the composite (a weighted mean over the "
        "criteria scored); equal by default."
    )
    labels: CriterionLabels = Field(description="How the report names each criterion.")
    rows: Positive = Field(description="Subjects in the table and the heatmap, by rank (the data pack has them all).")

    @model_validator(mode="after")
    def _some_weight(self) -> ScorecardSettings:
        if not any(self.weights.model_dump().values()):
            raise ValueError("weights: at least one criterion must weigh more than 0")
        return self
