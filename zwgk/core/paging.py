"""Paging that never errors on a bad page number."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

from zwgk.core.pagecache import PublicCountPaginator


def paginate(request: HttpRequest, items: Any, per_page: int = 20, *, public: bool = False) -> Page:
    """public=True: `items` is a `.public()` queryset filtered only by this request's path and query, so its
    total is cached per validity token under them."""
    if public:
        key = f"{request.path}?{querystring_without_page(request)}"
        paginator: Paginator = PublicCountPaginator(items, per_page, key=key)
    else:
        paginator = Paginator(items, per_page)
    return paginator.get_page(request.GET.get("page"))


def querystring_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
