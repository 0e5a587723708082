"""The report-model stage: the month's content and computed blocks into one immutable Document.

Each section module here offers ``blocks(facts, house, ctx) -> Blocks`` (named paragraphs and
exhibits that the month's Markdown places with ``{{ name }}``).
"""

# Section name (as in aimonthly.analytics.SECTION_NAMES) -> module with blocks(facts, house, ctx).
BLOCK_MODULES: dict[str, str] = {
    "traffic": "aimonthly.report.traffic",
    "app_store": "aimonthly.report.app_store",
    "market": "aimonthly.report.market",
    "capex": "aimonthly.report.capex",
    "news": "aimonthly.report.news",
    "announcements": "aimonthly.report.announcements",
    "mapping": "aimonthly.report.mapping",
    "exposure": "aimonthly.report.exposure",
    "scorecard": "aimonthly.report.scorecard",
}
