"""``python -m aimonthly.cli``: the command line, as the ``aimonthly`` script runs it."""

from aimonthly.cli.main import app

app()
