"""The language model: any OpenAI-compatible chat-completions endpoint (hosted APIs, DeepSeek,
DashScope's compatible mode, vLLM, Ollama) through the ``openai`` package (the extra ``aimonthly[llm]``).

Temperature 0, and every answer cached on disk (``draft.cache``): a rebuild is deterministic and
free. The client's own retries do the backing off: up to ``max_retries`` more tries on a timeout, a
dropped connection, 408/409/429 and 5xx, waiting 0.5 s, 1 s, 2 s … (at most 8 s, less a random
quarter) or what the server's Retry-After says. The key goes to the endpoint and nowhere else: errors
name the endpoint by ``endpoint_label``, answers and log records have it blanked (``redact``).
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aimonthly.core.errors import plural
from aimonthly.draft.cache import ResponseCache, default_cache_dir, request_key
from aimonthly.draft.errors import DraftError, EndpointUnreachable, endpoint_label

MAX_RETRIES = 3
_LOGGERS = ("openai", "httpx", "httpx2", "httpcore")


class RequestFailed(DraftError):
    """One request failed for good (after the retries): its item falls back, the others go on."""


def redact(text: str, secrets: tuple[str, ...]) -> str:
    for s in secrets:
        if s:
            text = text.replace(s, "[redacted]")
    return text


class _Redactor(logging.Filter):
    """Blanks the key in every record of the HTTP libraries' loggers (they log headers at DEBUG)."""

    secrets: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        if self.secrets:
            try:
                message = record.getMessage()
            except Exception:  # a record whose arguments do not fit its format: blank what is there
                message = f"{record.msg} {record.args}"
            clean = redact(message, tuple(self.secrets))
            if clean != message:
                record.msg, record.args = clean, ()
        return True


_REDACTOR = _Redactor()


@dataclass(frozen=True)
class Endpoint:
    """Where drafts come from; the key is kept out of ``repr``."""

    base_url: str
    model: str
    api_key: str = field(default="", repr=False)
    timeout: float = 60.0
    max_concurrency: int = 4
    cache_dir: Path = field(default_factory=default_cache_dir)
    max_retries: int = MAX_RETRIES

    @property
    def label(self) -> str:
        return endpoint_label(self.base_url)

    @classmethod
    def from_settings(cls, s: Any) -> Endpoint:
        if not s.llm_base_url:
            raise DraftError(
                "drafting is off: no llm_base_url is set",
                hint="set AIMONTHLY_LLM_BASE_URL (or llm_base_url in aimonthly.toml) to an OpenAI-compatible "
                "endpoint, and llm_model; docs/draft.md",
            )
        if not s.llm_model:
            raise DraftError(
                f"no llm_model is set for the endpoint {endpoint_label(s.llm_base_url)}",
                hint="set AIMONTHLY_LLM_MODEL (or llm_model in aimonthly.toml): the model it serves",
            )
        key = s.llm_api_key.get_secret_value() if s.llm_api_key is not None else ""
        cache = s.path("llm_cache_dir") if s.llm_cache_dir else default_cache_dir()
        return cls(s.llm_base_url, s.llm_model, key, s.llm_timeout, s.llm_max_concurrency, cache)


@dataclass
class Answer:
    text: str
    cached: bool


class LLMClient:
    """``complete(messages)``: the answer's text, from the cache or the endpoint."""

    def __init__(self, endpoint: Endpoint):
        try:
            import openai
        except ImportError as e:
            raise DraftError("drafting needs the openai package", hint="pip install 'aimonthly[llm]'") from e
        self.endpoint = endpoint
        self.cache = ResponseCache(endpoint.cache_dir)
        self.requests = 0  # made to the endpoint (cache hits aside)
        self._lock = threading.Lock()
        self._secrets = tuple(s for s in (endpoint.api_key, _password(endpoint.base_url)) if s)
        _REDACTOR.secrets.update(self._secrets)
        for name in _LOGGERS:
            if _REDACTOR not in logging.getLogger(name).filters:
                logging.getLogger(name).addFilter(_REDACTOR)
        # Local servers (Ollama, vLLM) take any key; the client insists on one.
        self._client = openai.OpenAI(
            base_url=endpoint.base_url,
            api_key=endpoint.api_key or "no-key",
            timeout=endpoint.timeout,
            max_retries=endpoint.max_retries,
        )
        self._openai = openai

    def request(self, messages: list[dict], max_tokens: int) -> dict[str, Any]:
        """What the cache key is made of: endpoint, model, messages and parameters (never the key)."""
        return {
            "endpoint": self.endpoint.label,
            "model": self.endpoint.model,
            "messages": messages,
            "params": {"temperature": 0, "max_tokens": max_tokens},
        }

    def complete(self, messages: list[dict], max_tokens: int) -> Answer:
        req = self.request(messages, max_tokens)
        key = request_key(req)
        if (hit := self.cache.get(key)) is not None:
            return Answer(hit, True)
        text = redact(self._ask(messages, max_tokens), self._secrets)
        self.cache.put(key, req, text)
        return Answer(text, False)

    def _ask(self, messages: list[dict], max_tokens: int) -> str:
        oa, ep = self._openai, self.endpoint
        tries = plural(ep.max_retries + 1, "try", "tries")
        with self._lock:
            self.requests += 1
        try:
            response = self._client.chat.completions.create(
                model=ep.model,
                messages=messages,  # type: ignore[arg-type]
                temperature=0,
                max_tokens=max_tokens,
            )
        except oa.APITimeoutError:
            raise RequestFailed(f"{ep.label} did not answer within llm_timeout = {ep.timeout:g} s ({tries})") from None
        except oa.APIConnectionError as e:
            cause = redact(str(e.__cause__ or e), self._secrets)
            raise EndpointUnreachable(
                f"cannot reach the LLM endpoint {ep.label}: {cause}",
                hint="check llm_base_url and that the server is running",
            ) from None
        except (oa.AuthenticationError, oa.PermissionDeniedError) as e:
            raise DraftError(
                f"the LLM endpoint {ep.label} refused the key (HTTP {e.status_code})",
                hint="check llm_api_key (AIMONTHLY_LLM_API_KEY)",
            ) from None
        except oa.NotFoundError:
            raise DraftError(
                f"the LLM endpoint {ep.label} answered 404 for model {ep.model!r}",
                hint="check llm_base_url (it usually ends in /v1) and llm_model",
            ) from None
        except oa.APIStatusError as e:
            retried = e.status_code in (408, 409, 429) or e.status_code >= 500
            raise RequestFailed(
                f"{ep.label} answered HTTP {e.status_code}" + (f" ({tries})" if retried else "")
            ) from None
        except (json.JSONDecodeError, oa.APIResponseValidationError):
            raise RequestFailed(f"{ep.label} answered with something other than chat-completions JSON") from None
        if not response.choices:
            raise RequestFailed(f"{ep.label} answered with no choices")
        content = response.choices[0].message.content
        if not content or not content.strip():
            raise RequestFailed(f"{ep.label} answered with an empty message")
        return content


def _password(url: str) -> str:
    import urllib.parse

    return urllib.parse.urlsplit(url).password or ""
