"""The desk's workbench: ``aimonthly serve``, a local web application over the warehouse, the month's
checks and the reports (docs/serve.md).

Pages: ``/`` (months, data, reports, checks), ``/months/MONTH``, ``/rankings/LIST/MONTH``,
``/products/NAME``, ``/reports`` and its files, ``/preview/MONTH`` (the report rebuilt on each save).
Read-only: each request opens the warehouse read-only and closes it, so that an ingest can run while
the server is up (aimonthly.warehouse.access). Binds 127.0.0.1 unless told otherwise; refuses requests
for other host names; every page is a Jinja2 template with every value escaped.
"""

from aimonthly.serve.app import create_app

__all__ = ["create_app"]
