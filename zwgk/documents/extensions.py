"""Extension points of the catalogue that other apps fill from their hooks.py (the catalogue never imports them):

- `register_focus_provider(fn)`: fn(policy: Record) -> list[FocusPoint] — the 解读重点 offered when an
  interpretation of the policy is drafted (work plan item 十: the public's concerns collected while the draft was
  open for comment). participation registers the themes with the most comments of the policy's consultations.
- `register_record_links(fn)`: fn(record: Record) -> list[RecordLink] — related public pages shown on a record's
  public page (its 征求意见 and 意见采纳情况, its 重大行政决策). Only public pages: the record page is walked by
  the leak test.

A failing provider is logged and left out: another app's bug must not take a record page down. A provider that
links few records starts with `may_link(...)`: then a record page of any other record costs it no query.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from zwgk.core.pagecache import per_token

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FocusPoint:
    title: str  # the theme (意见归纳)
    comments: int  # how many comments it groups
    decision: str = ""  # 采纳 / 部分采纳 / 未采纳
    reason: str = ""
    source: str = ""  # where it comes from, e.g. the consultation's title
    url: str = ""  # a workspace link to the source


@dataclass(frozen=True)
class RecordLink:
    label: str  # e.g. 征求意见
    title: str
    url: str
    note: str = ""


FOCUS_PROVIDERS: list[Callable[[Any], list[FocusPoint]]] = []
LINK_PROVIDERS: list[Callable[[Any], list[RecordLink]]] = []


def may_link(name: str, record_ids: Callable[[], Iterable[int]], record: Any) -> bool:
    """Whether `record` is among the ids `record_ids()` gives — every record the provider could link, public or
    not — as a set cached per validity token (like a public count). Only a gate before the provider's own
    `.public()` query: the set itself is never shown, and a record missing from a stale set only loses its link
    until the next public change, or for at most the page cache's seconds (`per_token`'s timeout) if linking it
    announced none — as long as the cached record page itself (issue 22: three providers' queries on every page)."""
    return record.pk in per_token(f"record-links:{name}", lambda: frozenset(record_ids()))


def register_focus_provider(fn: Callable[[Any], list[FocusPoint]]) -> None:
    if fn not in FOCUS_PROVIDERS:
        FOCUS_PROVIDERS.append(fn)


def register_record_links(fn: Callable[[Any], list[RecordLink]]) -> None:
    if fn not in LINK_PROVIDERS:
        LINK_PROVIDERS.append(fn)


def _collect(providers: list[Callable[[Any], list[Any]]], record: Any) -> list[Any]:
    out: list[Any] = []
    for fn in providers:
        try:
            out.extend(fn(record))
        except Exception:
            logger.exception(
                "record extension %s failed for record %s", getattr(fn, "__name__", fn), record.pk
            )
    return out


def focus_points(policy: Any) -> list[FocusPoint]:
    """The 解读重点 for an interpretation of `policy`, most comments first."""
    return sorted(_collect(FOCUS_PROVIDERS, policy), key=lambda p: -p.comments)


def record_links(record: Any) -> list[RecordLink]:
    return _collect(LINK_PROVIDERS, record)
