"""``Storefront``: the generated client with keys, retries, errors and paging taken care of."""

from __future__ import annotations

import inspect
import uuid
from collections.abc import Iterator
from types import ModuleType
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
from storefront_api.client import AuthenticatedClient
from storefront_api.models.error import Error
from storefront_api.types import Unset

from .retry import RetryTransport


def new_idempotency_key() -> str:
    return str(uuid.uuid4())


class StorefrontError(Exception):
    """An error answer of the API: ``status``, its stable ``code`` (e.g. ``insufficient_points``),
    the translated ``detail`` and the messages per field (``fields``)."""

    def __init__(self, status: int, code: str, detail: str, fields: dict[str, Any]) -> None:
        super().__init__(f"{status} {code}: {detail}")
        self.status = status
        self.code = code
        self.detail = detail
        self.fields = fields


class Storefront:
    """One integration's access to the API, with its key (``Authorization: Bearer``)."""

    def __init__(
        self,
        base_url: str,
        *,
        api_key: str,
        max_retries: int = 3,
        timeout: float = 30.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.client = AuthenticatedClient(
            base_url=base_url.rstrip("/"),
            token=api_key,
            timeout=httpx.Timeout(timeout),
            raise_on_unexpected_status=False,
            httpx_args={"transport": RetryTransport(transport, max_retries=max_retries)},
        )

    def call(self, operation: ModuleType, /, **arguments: Any) -> Any:
        """Run a generated operation (a module of ``storefront_api.api``) and return its parsed
        answer. Writes get a fresh ``Idempotency-Key`` unless ``idempotency_key`` is given (give
        your own to repeat a request safely after a timeout). Raises ``StorefrontError``."""
        parameters = inspect.signature(operation.sync_detailed).parameters
        if "idempotency_key" in parameters and not arguments.get("idempotency_key"):
            arguments["idempotency_key"] = new_idempotency_key()
        response = operation.sync_detailed(client=self.client, **arguments)
        status = int(response.status_code)
        if status >= 400 or isinstance(response.parsed, Error):
            raise _error(status, response.parsed, response.content)
        return response.parsed

    def paginate(self, operation: ModuleType, /, **arguments: Any) -> Iterator[Any]:
        """Every item of a list operation, page after page (numbered or cursor pages alike:
        the next page's parameters are read from the answer's ``next`` link)."""
        while True:
            page = self.call(operation, **arguments)
            yield from page.results
            following = page.next_ if not isinstance(page.next_, Unset) else None
            if not following:
                return
            query = parse_qs(urlsplit(following).query)
            for name in ("page", "cursor"):
                if name in query:
                    value = query[name][0]
                    arguments[name] = int(value) if name == "page" else value


def _error(status: int, parsed: Any, content: bytes) -> StorefrontError:
    if isinstance(parsed, Error):
        fields = parsed.fields.to_dict() if not isinstance(parsed.fields, Unset) else {}
        return StorefrontError(status, parsed.code, parsed.detail, fields)
    text = content.decode("utf-8", "replace")[:200]
    return StorefrontError(status, "unexpected_status", text, {})
