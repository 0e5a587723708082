"""aimonthly: a month of AI-industry data in, a finished industry monthly out.

The library's front door is ``aimonthly.Desk`` (docs/api.md); the errors it raises are exported here
too. Each is imported on first use, so that ``import aimonthly`` stays cheap (the CLI's ``--help``)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from aimonthly.core.errors import AimonthlyError, ConfigError, StageFailed

if TYPE_CHECKING:
    from aimonthly.analytics.errors import MissingData
    from aimonthly.check.findings import CheckFailed
    from aimonthly.desk import Desk
    from aimonthly.ingest.errors import IngestError
    from aimonthly.render.errors import RenderError
    from aimonthly.content.errors import ContentError
    from aimonthly.warehouse.errors import WarehouseError, WarehouseLocked

__version__ = "0.1.0"

# name -> the module that defines it, imported when the name is first read
_LAZY = {
    "Desk": "aimonthly.desk",
    "IngestError": "aimonthly.ingest.errors",
    "WarehouseError": "aimonthly.warehouse.errors",
    "WarehouseLocked": "aimonthly.warehouse.errors",
    "MissingData": "aimonthly.analytics.errors",
    "ContentError": "aimonthly.content.errors",
    "CheckFailed": "aimonthly.check.findings",
    "RenderError": "aimonthly.render.errors",
}
__all__ = [
    "AimonthlyError",
    "CheckFailed",
    "ConfigError",
    "ContentError",
    "Desk",
    "IngestError",
    "MissingData",
    "RenderError",
    "StageFailed",
    "WarehouseError",
    "WarehouseLocked",
    "__version__",
]


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'aimonthly' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
