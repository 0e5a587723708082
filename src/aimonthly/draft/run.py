"""A month's draft: ask for every task at once (``llm_max_concurrency`` in flight), then hold each
answer to the guard. ``judge`` is the pure half (answer in, verdicts out), tested without a server.

A news summary is offered only when every sentence is kept, it opens with the item's date and its
length is the house's; otherwise the item keeps the extractive summary the digest prints today. A
product's line is offered only when every sentence is kept; a cover title only when it is kept.
Nothing is rewritten: spacing between Chinese and Latin or digits is the house's (``spaced``), the
words are the model's.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable

from aimonthly.core.errors import plural
from aimonthly.core.house import HouseSettings
from aimonthly.core.house.draft import DraftSettings
from aimonthly.core.safe import printable
from aimonthly.draft import prompts
from aimonthly.draft.guard import Verdict, check_sentence
from aimonthly.draft.llm import LLMClient, RequestFailed
from aimonthly.draft.names import NameBook
from aimonthly.draft.tasks import Task, cover_task, news_tasks, product_tasks
from aimonthly.core import numbers as N
from aimonthly.narrative.figures import FactIndex

# after 。！？ (and any closing quote or bracket), or . ! ? before a space: every character lands in a sentence
_SENTENCE_END = re.compile(r"(?<=[。！？])(?![。！？”’」』）)])|(?<=[.!?])(?=\s)")


@dataclass
class Outcome:
    task: Task
    answer: str | None = None  # the model's text, as answered (None: no answer)
    cached: bool = False
    verdicts: list[Verdict] = field(default_factory=list)  # one per sentence (cover: per title)
    problems: list[str] = field(default_factory=list)  # why the draft as a whole is not offered
    kept: list[str] = field(default_factory=list)  # what the draft file offers: the summary, the line, the titles

    @property
    def offered(self) -> bool:
        return bool(self.kept)

    def to_dict(self) -> dict:
        t = self.task
        return {
            "kind": t.kind,
            "key": t.key,
            "label": t.label,
            "region": t.region,
            "id": t.item.id if t.item else None,
            "lists": list(t.lists),
            "answer": self.answer,
            "cached": self.cached,
            "offered": self.offered,
            "problems": list(self.problems),
            "fallback": t.fallback if t.kind == "news" and not self.offered else None,
            "sentences": [v.to_dict() for v in self.verdicts],
        }


@dataclass
class DraftResult:
    month: str
    endpoint: str
    model: str
    outcomes: list[Outcome]
    requests: int = 0  # made to the endpoint (answers from the cache aside)

    @property
    def cached(self) -> int:
        return sum(o.cached for o in self.outcomes)

    def of(self, kind: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.task.kind == kind]

    def to_dict(self) -> dict:
        return {
            "month": self.month,
            "endpoint": self.endpoint,
            "model": self.model,
            "requests": self.requests,
            "cached": self.cached,
            "items": [o.to_dict() for o in self.outcomes],
        }


def chars(text: str) -> int:
    """A length as the house counts it: characters, spaces not counted."""
    return len(re.sub(r"\s", "", text))


def sentences(text: str) -> list[str]:
    """The sentences of ``text``, whole: joined, they are the text (spaces between them aside)."""
    return [part.strip() for part in _SENTENCE_END.split(text) if part.strip()]


def _clean(answer: str) -> str:
    return N.spaced(re.sub(r"\s*\n\s*", "", printable(answer)).strip())


def judge(task: Task, answer: str, names: NameBook, conf: DraftSettings) -> Outcome:
    out = Outcome(task, answer)
    if task.kind == "cover":
        for title in prompts.title_lines(printable(answer), conf.titles):
            title = N.spaced(title)
            v = check_sentence(title, task.source, names)
            if chars(title) > conf.title_max_chars:
                v = Verdict(
                    v.text,
                    False,
                    v.numbers,
                    v.names,
                    (*v.reasons, f"longer than {plural(conf.title_max_chars, 'character')}"),
                )
            out.verdicts.append(v)
            if v.kept:
                out.kept.append(title)
        if not out.kept:
            out.problems.append("no title was kept")
        return out
    text = _clean(answer)
    out.verdicts = [check_sentence(s, task.source, names) for s in sentences(text)]
    if dropped := sum(not v.kept for v in out.verdicts):
        out.problems.append(f"{dropped} of {plural(len(out.verdicts), 'sentence')} dropped by the guard")
    n = chars(text)
    if task.kind == "news" and task.item is not None:
        lead = f"{task.item.date.month}月{task.item.date.day}日消息"
        if not re.sub(r"\s", "", text).startswith(lead):
            out.problems.append(f"does not open with {task.item.date.month} 月 {task.item.date.day} 日消息")
        if not conf.summary_min_chars <= n <= conf.summary_max_chars:
            out.problems.append(
                f"{plural(n, 'character')}; the house's summaries run {conf.summary_min_chars}–{conf.summary_max_chars}"
            )
    elif n > conf.line_max_chars:
        out.problems.append(f"{plural(n, 'character')}; a product's line runs to {conf.line_max_chars}")
    if not out.problems:
        out.kept.append(text)
    return out


def draft(
    tasks: list[Task],
    client: LLMClient,
    house: HouseSettings,
    names: NameBook,
    on_done: Callable[[Outcome], None] | None = None,
) -> list[Outcome]:
    """Every task's outcome, in the tasks' order. An unreachable endpoint or a refused key stops it
    all (raised); a request that fails for good (after the retries) leaves its item to the fallback."""
    conf = house.draft

    def one(task: Task) -> Outcome:
        try:
            answer = client.complete(task.messages, conf.max_tokens)
        except RequestFailed as e:
            return Outcome(task, problems=[f"no draft: {e}"])
        out = judge(task, answer.text, names, conf)
        out.cached = answer.cached
        return out

    outcomes: list[Outcome] = []
    with ThreadPoolExecutor(max_workers=client.endpoint.max_concurrency) as pool:
        futures = [pool.submit(one, t) for t in tasks]
        try:
            for f in futures:
                outcomes.append(f.result())
                if on_done:
                    on_done(outcomes[-1])
        except BaseException:
            for f in futures:
                f.cancel()
            raise
    return outcomes


def month_tasks(facts: Any, registry: Any, house: HouseSettings, lists: tuple[str, ...]) -> list[Task]:
    """``facts``: the month's ``MonthFacts``; ``registry``: its registry read with every column;
    ``lists``: the traffic lists whose growth exhibit the report prints."""
    d = facts.to_dict()
    index = FactIndex(d)
    news, traffic = facts.sections.get("news"), facts.sections.get("traffic")
    return [
        *news_tasks(news, house),
        *product_tasks(traffic, d, registry, news, house, lists, index),
        cover_task(d, news, house, index),
    ]


def draft_month(
    facts: Any,
    registry: Any,
    house: HouseSettings,
    client: LLMClient,
    lists: tuple[str, ...],
    on_done: Callable[[Outcome], None] | None = None,
    tasks: list[Task] | None = None,
) -> DraftResult:
    """``tasks``: ``month_tasks(facts, registry, house, lists)`` when the caller has made them already."""
    tasks = tasks if tasks is not None else month_tasks(facts, registry, house, lists)
    names = NameBook.for_month(registry.products() if registry is not None else [], facts.to_dict(), house)
    outcomes = draft(tasks, client, house, names, on_done)
    return DraftResult(facts.month, client.endpoint.label, client.endpoint.model, outcomes, client.requests)
