"""Paging that never errors on a bad page number, with keyset ("seek") pages for long lists.

A list ordered by `(-field, -id)` or `(field, id)` (or by the id alone) can be paged by keyset: the 下一页 link
carries the last shown row's key (`after=<field value>~<id>`) and 上一页 the first's (`before=…`), so any page
reached by following links is read with `WHERE (field, id) < (…) LIMIT n` instead of `OFFSET (page-1)·n` — the
same cost on page 5,000 of 100,000 records as on page 2 (issue 22 item 3). The page number and total shown stay
the same; a page asked for by number alone (a typed or old link) is still read by offset; a cursor that does not
parse is ignored (the page is then read by offset), never an error.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from zwgk.core.pagecache import PublicCountPaginator

AFTER, BEFORE = "after", "before"
_SEP = "~"


def paginate(
    request: HttpRequest,
    items: Any,
    per_page: int = 20,
    *,
    public: bool = False,
    keyset: str | None = None,
) -> Page:
    """public=True: `items` is a `.public()` queryset filtered only by this request's path and query, so its
    total is cached per validity token under them.

    keyset="published_at" (or "id"): `items` is ordered by that field and then the id, both descending or both
    ascending, and the field is never NULL in `items`; the page then carries `next_cursor` / `previous_cursor`
    for core/_pager.html and a request with a cursor is read by keyset."""
    if public:
        key = f"{request.path}?{querystring_without_page(request)}"
        paginator: Paginator = PublicCountPaginator(items, per_page, key=key)
    else:
        paginator = Paginator(items, per_page)
    seek = _Seek.of(items, keyset) if keyset else None
    page = seek.page(paginator, request) if seek else None
    if page is None:
        page = paginator.get_page(request.GET.get("page"))
    if seek is not None:
        rows = list(page.object_list)
        page.object_list = rows
        page.next_cursor = seek.cursor(rows[-1]) if rows and page.has_next() else ""  # type: ignore[attr-defined]
        page.previous_cursor = (  # type: ignore[attr-defined]
            seek.cursor(rows[0]) if rows and page.has_previous() else ""
        )
    return page


def querystring_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    for name in ("page", AFTER, BEFORE):
        params.pop(name, None)
    return params.urlencode()


class _Seek:
    """How one ordered queryset is paged by keyset."""

    def __init__(self, items: QuerySet[Any], field: str, descending: bool) -> None:
        self.items = items
        self.field = field
        self.descending = descending
        self.model_field = items.model._meta.get_field(field)

    @classmethod
    def of(cls, items: Any, field: str) -> _Seek | None:
        if not isinstance(items, QuerySet):
            return None
        pk = items.model._meta.pk.name
        field = pk if field in ("id", "pk") else field
        query = items.query
        order = [
            str(o) for o in (query.order_by or (items.model._meta.ordering if query.default_ordering else []))
        ]
        if field == pk:
            if order in (["-id"], ["-pk"], [f"-{pk}"]):
                return cls(items, pk, True)
            return cls(items, pk, False) if order in (["id"], ["pk"], [pk]) else None
        if order in ([f"-{field}", "-id"], [f"-{field}", "-pk"]):
            return cls(items, field, True)
        if order in ([field, "id"], [field, "pk"]):
            return cls(items, field, False)
        return None

    def cursor(self, row: Any) -> str:
        if self.field == self.items.model._meta.pk.name:
            return str(row.pk)
        value = getattr(row, self.field)
        shown = value.isoformat() if hasattr(value, "isoformat") else str(value)
        return f"{shown}{_SEP}{row.pk}"

    def _parse(self, raw: str) -> tuple[Any, int] | None:
        if self.field == self.items.model._meta.pk.name:
            return (None, int(raw)) if raw.isdigit() else None
        shown, sep, pk = raw.rpartition(_SEP)
        if not sep or not pk.isdigit():
            return None
        try:
            value = self.model_field.to_python(shown)
        except (ValidationError, ValueError, TypeError):
            return None
        if isinstance(value, datetime) and timezone.is_naive(value):
            value = timezone.make_aware(value)  # a hand-written cursor: read in the site's time zone
        return None if value is None else (value, int(pk))

    def _beyond(self, key: tuple[Any, int], forward: bool) -> Q:
        """Rows after `key` in the list's order (forward) or before it."""
        value, pk = key
        later = self.descending == forward  # descending and forward: smaller keys come next
        op = "lt" if later else "gt"
        if value is None:
            return Q(**{f"pk__{op}": pk})
        return Q(**{f"{self.field}__{op}": value}) | Q(**{self.field: value, f"pk__{op}": pk})

    def page(self, paginator: Paginator, request: HttpRequest) -> Page | None:
        raw_number = request.GET.get("page", "")
        after, before = request.GET.get(AFTER, ""), request.GET.get(BEFORE, "")
        if not raw_number.isdigit() or not (after or before):
            return None
        number = int(raw_number)
        if number < 2 or number > paginator.num_pages:
            return None
        key = self._parse((after or before)[:80])
        if key is None:
            return None
        size = paginator.per_page
        if after:
            rows = list(self.items.filter(self._beyond(key, forward=True))[:size])
        else:
            reverse = [f"{'' if self.descending else '-'}{f}" for f in (self.field, "pk")]
            rows = list(self.items.filter(self._beyond(key, forward=False)).order_by(*reverse)[:size])[::-1]
        if not rows:
            return None
        return Page(rows, number, paginator)
