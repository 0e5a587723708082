"""The monthly cycle: the inbox, the live fetchers and ``aimonthly run`` (docs/cycle.md)."""

from aimonthly.cycle.news import NewsFetchResult, fetch_news
from aimonthly.cycle.run import EXIT_BUILT, EXIT_CHECK_WARNINGS, EXIT_FAILED, RunResult, run_month
from aimonthly.cycle.steps import StepResult

__all__ = [
    "EXIT_BUILT",
    "EXIT_CHECK_WARNINGS",
    "EXIT_FAILED",
    "NewsFetchResult",
    "RunResult",
    "StepResult",
    "fetch_news",
    "run_month",
]
