"""Drafting with a language model, behind a numeric and entity guard (docs/draft.md)."""
