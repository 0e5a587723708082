"""Renderers: one pure renderer per output format (Typst PDF, Word, HTML, Excel, facts.json)."""
