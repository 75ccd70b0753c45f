"""The public pages the browser suite visits: every kind of public page, found from the demo's own links."""

from __future__ import annotations

import re
import urllib.request

STATIC_PAGES = [
    "/",
    "/xxgk/",
    "/xxgk/policies/",
    "/xxgk/normative/",
    "/xxgk/interpretations/",
    "/xxgk/guide/",
    "/xxgk/statutory/",
    "/xxgk/system/",
    "/xxgk/annual-reports/",
    "/agencies/",
    "/annual-reports/",
    "/apply/",
    "/apply/new/",
    "/apply/status/",
    "/search/?q=%E5%B0%B1%E4%B8%9A",
    "/qa/",
    "/site-map/",
    "/privacy/",
    "/report-error/",
    "/accounts/login/",
    "/interaction/",
    "/interaction/new/zhaocuo/",
    "/interaction/new/yingshang/",
    "/interaction/replies/",
    "/interaction/status/",
    "/participation/",
    "/decisions/",
    "/policies/match/",
    # issue 18 (b18): the column tree, 专题 and a public institution's sub-site
    "/columns/",
    "/columns/yqfk/",
    "/columns/zs2026/",
    "/sites/120110303/",
    "/sites/120110303/szgg/",
    "/newmedia/",
    "/datasets/",
]
# (page that lists them, pattern of a detail link): one detail page of each kind
DETAIL_LINKS = [
    ("/xxgk/policies/", r'href="(/xxgk/records/\d+/)"'),
    ("/xxgk/interpretations/", r'href="(/xxgk/interpretations/\d+/)"'),
    ("/xxgk/guide/", r'href="(/xxgk/guide/[^"/]+/)"'),
    ("/xxgk/statutory/", r'href="(/xxgk/statutory/[^"/]+/)"'),
    ("/agencies/", r'href="(/agencies/[^"/]+/)"'),
    ("/annual-reports/", r'href="(/annual-reports/[^"/]+/\d{4}/)"'),
    ("/qa/", r'href="(/qa/faq/\d+/)"'),
    ("/xxgk/statutory/", r'href="(/xxgk/agency/[^"/]+/)"'),
    ("/interaction/replies/", r'href="(/interaction/replies/LY[^"/]+/)"'),
    ("/participation/", r'href="(/participation/\d+/)"'),
    ("/decisions/", r'href="(/decisions/\d+/)"'),
    ("/columns/zs2026/", r'href="(/columns/zs2026-[a-z]+/)"'),
    ("/datasets/", r'href="(/datasets/\d+/)"'),
]


def public_pages(base_url: str) -> list[str]:
    pages = list(STATIC_PAGES)
    for listing, pattern in DETAIL_LINKS:
        with urllib.request.urlopen(base_url + listing, timeout=30) as response:  # noqa: S310 (loopback)
            html = response.read().decode()
        match = re.search(pattern, html)
        assert match, f"no link like {pattern} on {listing}: the demo district should have one"
        pages.append(match.group(1))
    return pages
