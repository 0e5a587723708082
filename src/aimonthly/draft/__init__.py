"""Drafting with a language model, behind a numeric and entity guard (docs/draft.md).

``month_tasks`` says what a month's draft asks for and what each sentence may draw on; ``draft_month``
asks an ``LLMClient`` (an OpenAI-compatible endpoint, ``Endpoint.from_settings``) and holds every
answer to the guard (``check_sentence``); ``draft_markdown`` and ``draft_json`` write the result.
"""

from aimonthly.draft.errors import DraftError, EndpointUnreachable
from aimonthly.draft.guard import Source, Verdict, check_sentence
from aimonthly.draft.llm import Endpoint, LLMClient, RequestFailed
from aimonthly.draft.names import NameBook
from aimonthly.draft.output import draft_json, draft_markdown
from aimonthly.draft.run import DraftResult, Outcome, draft_month, judge, month_tasks

__all__ = [
    "DraftError",
    "DraftResult",
    "Endpoint",
    "EndpointUnreachable",
    "LLMClient",
    "NameBook",
    "Outcome",
    "RequestFailed",
    "Source",
    "Verdict",
    "check_sentence",
    "draft_json",
    "draft_markdown",
    "draft_month",
    "judge",
    "month_tasks",
]
