"""aimonthly: a month of AI-industry data in, a finished industry monthly out."""

from aimonthly.core.errors import AimonthlyError

__version__ = "0.1.0"
__all__ = ["AimonthlyError", "__version__"]
