"""The command line (``aimonthly``): a thin layer over the library. One module per command group, each
with ``register(app)``; aimonthly.cli.main builds the app. ``app`` is built on first use, so that importing
one command module (aimonthly.cli.report …) does not import the others."""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    if name == "app":
        from aimonthly.cli.main import app

        return app
    raise AttributeError(f"module 'aimonthly.cli' has no attribute {name!r}")
