"""[draft]: what ``aimonthly draft`` asks a language model for, and the guard's name rules (docs/draft.md)."""

from __future__ import annotations

from pydantic import Field

from aimonthly.core.house.base import Positive, Section


class DraftSettings(Section):
    """The drafts' lengths, and the words the guard's name rule treats as no name."""

    summary_min_chars: Positive = Field(
        description="A news summary's least length, in characters (spaces not counted)."
    )
    summary_max_chars: Positive = Field(
        description="A news summary's greatest length, in characters (spaces not counted)."
    )
    line_max_chars: Positive = Field(description="A product's one line, at most this many characters.")
    titles: Positive = Field(description="Cover-title suggestions asked for.")
    title_max_chars: Positive = Field(description="A cover title, at most this many characters.")
    max_tokens: Positive = Field(description="The longest answer asked of the model, in tokens.")
    common_terms: tuple[str, ...] = Field(
        description="Latin words that name no product or company (AI, GPU, token, …): "
        "a sentence may use them though its sources do not."
    )
    name_suffixes: tuple[str, ...] = Field(
        description="Words that end a Chinese company or product name (公司, 集团, "
        "科技, 大模型, …): the two characters before one must be in the "
        "sources or the data."
    )
    generic_words: tuple[str, ...] = Field(
        description="Words that make no name when they come right before a name suffix (该公司, 上市公司, 开源大模型)."
    )
