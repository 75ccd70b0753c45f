"""The leak walk: every public URL pattern, with records in every state, shows only public ones.

Walks every URL pattern that is not under /workspace/, /django-admin/ or /accounts/ — including patterns other
apps add later — filling path parameters with every id, agency code, category code and file name in the
database, and list pages with filter/paging query strings. Two checks:

1. no marker of a non-public record, interpretation or attachment appears in any response, and no response
   is the bytes of a non-public attachment;
2. deleting every non-public row changes nothing: each URL answers with the same status and the same bytes.
   This catches leaks a marker cannot — counts, paging totals, links, feed and sitemap entries.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from datetime import date, datetime
from urllib.parse import quote
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter
from django.utils.html import escape

from zwgk.core import registry
from zwgk.core.pdf import PdfDocument
from zwgk.documents import actions
from zwgk.documents.grounds import STATUTORY_CATEGORIES
from zwgk.documents.models import Attachment, GuideRevision, Interpretation, PeriodicReview, Record
from zwgk.documents.tests.helpers import approve_interpretation, draft, interpretation, publish, to_signoff

pytestmark = pytest.mark.django_db

NOW = "2025-06-10 10:00:00+08:00"
EXCLUDED_PREFIXES = ("workspace/", "django-admin/", "accounts/")
# Every download format a public route offers, and one that none does.
FORMATS = ["pdf", "docx", "xlsx", "csv", "x"]
QUERY_VARIANTS = [
    "",
    "?page=2",
    "?page_size=100",
    "?validity=repealed",
    "?validity=current",
    "?year=2025",
    "?category=art20_01",
    "?q=不应公开",
    "?form=text",
    "?kind=policy",
    "?converted=1",
    # Keyset pages (zwgk.core.paging): a cursor past every row, and one before every row.
    "?page=2&after=2099-01-01T00:00:00~999999",
    "?page=2&before=2000-01-01T00:00:00~1",
]


def _pdf(text: str) -> bytes:
    return PdfDocument("附件").paragraph(text).render()


def build_world(agency_a, agency_b, drafter_a, reviewer_a, signer_a, gkb) -> dict[str, list[str]]:
    """Records in every state; non-public ones carry LEAK markers, public ones PUBLIC markers."""
    people = (drafter_a, reviewer_a, signer_a)
    n = itertools.count(1)

    def leak(**kw):
        i = next(n)
        kw.setdefault("title", f"LEAK{i:03d} 不应公开的文件")
        kw.setdefault("doc_number", f"泄测发〔2025〕{i}号")
        kw.setdefault("summary", f"LEAK{i:03d} 概述")
        kw.setdefault("body", f"LEAK{i:03d} 正文")
        return draft(agency_a, drafter_a, **kw)

    def pub(**kw):
        i = next(n)
        kw.setdefault("title", f"PUBLIC{i:03d} 公开的文件")
        kw.setdefault("doc_number", f"公测发〔2025〕{i}号")
        kw.setdefault("body", f"PUBLIC{i:03d} 正文")
        return draft(agency_a, drafter_a, **kw)

    def attach(owner, marker):
        return actions.add_attachment(owner, _pdf(f"{marker} 附件正文"), f"{marker}附件.pdf", by=drafter_a)

    # Public: a normative policy with an attachment and a published interpretation (and unpublished ones).
    p1 = pub(normative_kind="normative", statutory_category="art20_01", needs_interpretation=True)
    attach(p1, "PUBLIC-ATT1")
    i1 = interpretation(p1, drafter_a, title="PUBLIC-I1 解读")
    approve_interpretation(i1, *people)
    publish(p1, *people)
    interpretation(p1, drafter_a, title="LEAK-I-DRAFT 解读草稿")
    in_review = interpretation(p1, drafter_a, title="LEAK-I-REVIEW 审查中的解读")
    actions.submit(in_review, by=drafter_a)
    withdrawn_interp = interpretation(p1, drafter_a, title="LEAK-I-WITHDRAWN 撤回的解读")
    approve_interpretation(withdrawn_interp, *people)
    actions.withdraw(withdrawn_interp, by=signer_a, reason="表述不准确")

    # Draft, in review, awaiting sign-off (normative: counts must not include it).
    d = leak(statutory_category="art20_01", normative_kind="normative")
    attach(d, "LEAK-ATT-DRAFT")
    r = leak()
    attach(r, "LEAK-ATT-REVIEW")
    actions.submit(r, by=drafter_a)
    s = leak(needs_interpretation=True)
    to_signoff(s, drafter_a, reviewer_a)
    approve_interpretation(interpretation(s, drafter_a, title="LEAK-I-APPROVED 待同步发布的解读"), *people)

    # Scheduled for later (already 已发布 in the workflow, not yet public), with a synchronised interpretation.
    sch = leak(normative_kind="normative", needs_interpretation=True, statutory_category="art20_01")
    attach(sch, "LEAK-ATT-SCHEDULED")
    approve_interpretation(interpretation(sch, drafter_a, title="LEAK-I-SCHEDULED 定时解读"), *people)
    publish(sch, *people, publish_at=datetime(2025, 7, 1, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")))

    # Withdrawn after publication, with its published interpretation and attachment.
    w = leak(normative_kind="normative", statutory_category="art20_01")
    attach(w, "LEAK-ATT-WITHDRAWN")
    wi = interpretation(w, drafter_a, title="LEAK-I-OF-WITHDRAWN 撤回文件的解读")
    approve_interpretation(wi, *people)
    publish(w, *people)
    actions.withdraw(w, by=signer_a, reason="发布错误")

    # Non-public: 依申请公开 and 不予公开, one joint with agency B, one under periodic review.
    f1 = leak(
        openness="on_request",
        legal_ground="outside_proactive_scope",
        openness_reason="仅涉及特定对象",
        statutory_category="",
    )
    publish(f1, *people)
    f2 = leak(
        openness="withheld",
        legal_ground="internal_affairs",
        openness_reason="内部人事管理",
        statutory_category="",
    )
    attach(f2, "LEAK-ATT-WITHHELD")
    f2.co_agencies.add(agency_b)
    publish(f2, *people)
    f3 = leak(
        openness="withheld",
        legal_ground="process_info",
        openness_reason="会议讨论记录",
        statutory_category="",
    )
    publish(f3, *people)
    with time_machine.travel("2026-06-11 03:00:00+08:00", tick=False):
        actions.open_due_reviews(date(2026, 6, 11))

    # 公开方式 (issue 17): a 公示 of 5 working days published on 2 June 2025 (a holiday: days 3, 4, 5, 6 and 9 June),
    # so ended before NOW, with an attachment and an interpretation; and a 特定范围公开 record. Both are signed off
    # and 已发布, neither is public. The sweeper has not run: `public()` alone must hide the ended 公示.
    with time_machine.travel("2025-06-02 10:00:00+08:00", tick=False):
        ended = leak(
            disclosure_modes=["internet", "publicity"], publicity_days=5, statutory_category="art20_01"
        )
        attach(ended, "LEAK-ATT-PUBLICITY")
        approve_interpretation(interpretation(ended, drafter_a, title="LEAK-I-PUBLICITY 公示的解读"), *people)
        ended = publish(ended, *people)
    assert ended.publicity_ends == date(2025, 6, 9) and ended.publicity_ended_at is None
    limited = leak(disclosure_modes=["limited", "notice_board"], statutory_category="art20_01")
    attach(limited, "LEAK-ATT-LIMITED")
    publish(limited, *people)

    # Public records that are repealed: one replaced by a public record, one "replaced" by a withdrawn one,
    # and one amended by a record still in review.
    p2 = pub(statutory_category="art20_01", normative_kind="normative")
    publish(p2, *people)
    actions.change_validity(p2, by=signer_a, validity="repealed", changed_on=date(2025, 6, 10), related=w)
    p3 = pub()
    publish(p3, *people)
    actions.change_validity(p3, by=signer_a, validity="repealed", changed_on=date(2025, 6, 10), related=p1)
    p4 = pub(kind="information", statutory_category="art20_07")
    publish(p4, *people)
    actions.change_validity(p4, by=signer_a, validity="amended", changed_on=date(2025, 6, 10), related=r)
    p5 = pub(kind="disclosure_rule", statutory_category="art20_15")
    publish(p5, *people)

    actions.publish_guide(agency_a, body="PUBLIC 指南正文", revised_on=date(2025, 1, 2), note="初版", by=gkb)
    leak_titles = list(Record.objects.filter(title__startswith="LEAK").values_list("title", flat=True))
    leak_titles += list(
        Interpretation.objects.filter(title__startswith="LEAK").values_list("title", flat=True)
    )
    return {"leak_titles": leak_titles}


def _route_params(resolver: URLResolver, prefix: str = "", converters: dict | None = None):
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        merged = {**(converters or {}), **getattr(entry.pattern, "converters", {})}
        if isinstance(entry, URLResolver):
            yield from _route_params(entry, route, merged)
        elif isinstance(entry, URLPattern):
            yield route, merged


def public_routes():
    routes = []
    for route, converters in _route_params(get_resolver()):
        plain = route.lstrip("^")
        if plain.startswith(EXCLUDED_PREFIXES):
            continue
        routes.append((plain, converters))
    return routes


def candidate_urls() -> list[str]:
    # Every id in use and the next one (a missing object). Not range(1, max): PostgreSQL sequences do not roll
    # back with a test's transaction, so ids there start wherever earlier tests of the worker left them.
    ids = {
        pk
        for m in (Record, Interpretation, Attachment, PeriodicReview)
        for pk in m.objects.values_list("pk", flat=True)
    }
    ints = [str(i) for i in sorted(ids | {i + 1 for i in ids} | {1})]
    strings = sorted(
        {
            *Record.objects.values_list("agency__code", flat=True),
            *STATUTORY_CATEGORIES,
            *registry.sitemaps(),  # every sitemap section any app registered
            "x",
        }
    )
    names = sorted({a.download_name for a in Attachment.objects.all()} | {"x"})
    agency_codes = [*sorted(set(Record.objects.values_list("agency__code", flat=True))), "x"]
    # Years the records were written or published in, the walk's year around them and one with nothing: ids
    # as years would only ever reach 404 pages.
    this_year = date.fromisoformat(NOW[:10]).year
    written = Record.objects.exclude(written_on=None).values_list("written_on__year", flat=True)
    published = Record.objects.exclude(published_at=None).values_list("published_at__year", flat=True)
    years = [str(y) for y in sorted({*written, *published, this_year - 1, this_year, this_year + 1, 1999})]
    urls: list[str] = []
    for route, converters in public_routes():
        if "(?P<" in route or "$" in route:
            continue  # regex patterns (none outside the excluded prefixes today)
        # The catalogue's own routes get every filter and every value; other apps' routes (which may show
        # records, counts or search results) get a plain request, a search and every record/agency id — enough
        # to show a non-public record there, without multiplying the walk by every category code.
        own = route.startswith(("xxgk/", "api/v1/", "sitemap"))
        params = [p.split(":")[-1] for p in _placeholders(route)]
        if not params:
            variants = QUERY_VARIANTS if own else ["", "?q=不应公开", "?page=2"]
            urls.extend("/" + route + q for q in variants)
            continue
        pools = []
        for name in params:
            conv = converters.get(name)
            if name == "name":
                pools.append(names)
            elif name in ("version", "number") and isinstance(conv, IntConverter):
                pools.append(["1", "2", "3"])
            elif name == "year":
                pools.append(years)
            elif name == "fmt":
                pools.append(FORMATS)
            elif isinstance(conv, IntConverter):
                pools.append(ints)
            else:
                pools.append(strings if own else agency_codes)
        for values in itertools.product(*pools):
            url = route
            for placeholder, value in zip(_placeholders(route), values, strict=True):
                url = url.replace(f"<{placeholder}>", value, 1)
            urls.append("/" + url)
    return urls


def _placeholders(route: str) -> list[str]:
    out, rest = [], route
    while "<" in rest:
        start = rest.index("<")
        end = rest.index(">", start)
        out.append(rest[start + 1 : end])
        rest = rest[end + 1 :]
    return out


_PER_REQUEST = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')


def walk(urls: list[str]) -> dict[str, tuple[int, bytes]]:
    client = Client()
    results = {}
    for url in urls:
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        # Forms of other apps carry a fresh CSRF token on every request; it says nothing about records.
        results[url] = (response.status_code, _PER_REQUEST.sub(rb"\1-\2", body))
    return results


@pytest.fixture(params=["caches off", pytest.param("every cache on", marks=pytest.mark.slow)])
def caches(request, settings):
    """Issue 22: the walk again with the public page cache, the per-token figures and the held validity token
    on — the second walk is then answered from the cache and must still show nothing non-public."""
    from django.core.cache import cache

    from zwgk.core import pagecache

    if request.param == "every cache on":
        settings.DOCUMENTS_PUBLIC_CACHE_SECONDS = 300
        settings.PUBLIC_TOKEN_HOLD_MS = 60_000
    cache.clear()
    pagecache.forget_held()
    yield request.param
    cache.clear()
    pagecache.forget_held()


@time_machine.travel(NOW, tick=False)
def test_only_public_records_appear_on_any_public_url(
    agency_a, agency_b, drafter_a, reviewer_a, signer_a, gkb, caches
):
    world = build_world(agency_a, agency_b, drafter_a, reviewer_a, signer_a, gkb)
    public_ids = set(Record.objects.public().values_list("pk", flat=True))
    assert len(public_ids) == 5
    secret_hashes = set()
    for attachment in Attachment.objects.exclude(pk__in=Attachment.objects.public()):
        secret_hashes |= {attachment.sha256, attachment.public_sha256}
    assert len(secret_hashes) >= 10

    urls = candidate_urls()
    first = walk(urls)
    ok = [u for u, (status, _) in first.items() if status == 200]
    assert len(ok) > 50, "the walk must actually reach pages"
    for url, (_status, body) in first.items():
        text = body.decode("utf-8", errors="ignore")
        # Pages echo their own address (the display-mode switch returns to it): that is the walker's input.
        for echo in (url, quote(url, safe="/?=&:"), escape(quote(url, safe="/?=&:")), escape(url)):
            text = text.replace(echo, "")
        assert "LEAK" not in text, f"non-public marker on {url}"
        assert "泄测发" not in text, f"non-public 文号 on {url}"
        assert hashlib.sha256(body).hexdigest() not in secret_hashes, f"non-public attachment served at {url}"
    everything = b"".join(body for _, body in first.values()).decode("utf-8", errors="ignore")
    for title in Record.objects.public().values_list("title", flat=True):
        assert title in everything
    assert "PUBLIC-I1 解读" in everything
    assert world["leak_titles"]

    # Delete every non-public row: no public URL may answer differently.
    Interpretation.objects.exclude(pk__in=Interpretation.objects.public()).delete()
    Record.objects.exclude(pk__in=public_ids).delete()
    assert GuideRevision.objects.count() == 1
    second = walk(urls)
    changed = [url for url in urls if first[url] != second[url]]
    assert changed == [], f"public output depends on non-public records: {changed[:10]}"
