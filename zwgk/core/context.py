"""Per-request context (request id, client IP, user) available to code deep below the view.

The audit helper reads it so that every event records who, from where and in which request,
without threading the request object through every action function.
"""

from __future__ import annotations

import contextvars
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RequestContext:
    request_id: str = ""
    ip: str | None = None
    user: Any = None


_current: contextvars.ContextVar[RequestContext] = contextvars.ContextVar(
    "zwgk_request",
    default=RequestContext(),  # noqa: B039  (frozen dataclass, immutable)
)


def current() -> RequestContext:
    return _current.get()


def set_current(ctx: RequestContext) -> contextvars.Token[RequestContext]:
    return _current.set(ctx)


def reset(token: contextvars.Token[RequestContext]) -> None:
    _current.reset(token)
