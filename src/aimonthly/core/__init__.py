"""The stage-neutral core: what every stage may import, and nothing that belongs to one stage.

The pipeline is ``ingest -> warehouse -> analytics -> report model (narrative, charts) -> render``;
each stage is its own package and imports only itself, this core, and the stages it reads the
results of (``tests/test_imports.py`` holds the table and walks every module's imports):

- ``errors``: ``AimonthlyError`` (named stage, a hint, survives pickling) and ``ConfigError``;
- ``datasets``: the canonical datasets (columns, keys, scopes) and ``ParsedFile``, what ingest
  hands the warehouse;
- ``months``: month arithmetic (``previous_month``, ``month_end``, ``add_months``, …);
- ``codes``: stock-code normalisation (300781 -> 300781.SZ);
- ``chart``: ``ChartSpec`` (a chart's kind and data, what the report model holds until drawing) and
  ``Chart`` (the drawn picture: SVG and/or PNG, what the renderers embed);
- ``names``: "did you mean" for unknown names (datasets, blocks, settings keys, …);
- ``safe``: text from data in every output (``printable``; ``write_cell``: a workbook cell is text,
  never a formula); ``text``: display widths (CJK = 2) and cutting names to a width;
- ``limits``: the ingest limits (top-level settings declared here so that ingest can read them);
- ``files``: the atomic writer every output goes through; ``fonts``: the CJK font;
- ``house``: the typed house settings (one class per ``[section]``), validated on load.

Nothing here imports a stage, and ``aimonthly.core`` itself imports nothing, so that
``aimonthly --help`` stays fast.
"""
