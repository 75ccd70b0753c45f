"""Reads and background work of 网站健康检查: the in-process fetcher, crawl seeds and page owners, column freshness,
the home page's last update, interaction response, availability probes and statistics.

State changes of tasks and self-checks are in actions.py; this module only reads and writes system rows (probes,
external-link occurrences).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, cast
from urllib.parse import urlsplit

from django.conf import settings
from django.db.models import Max
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import timezone

from zwgk.columns.freshness import column_freshness as configured
from zwgk.sitehealth import checks, crawler
from zwgk.sitehealth.checks import ColumnFreshness, Rule, Status
from zwgk.sitehealth.models import INPROCESS_BASE

# Never crawled: staff pages, forms that create things, query-code lookups, feeds of the same content.
SKIP_PREFIXES = (
    "/workspace/",
    "/django-admin/",
    "/accounts/",
    "/display/",
    "/interaction/new/",
    "/interaction/status/",
)


# Links to these are asked with HEAD by the in-process crawl (GET when a view does not answer HEAD).
FILE_SUFFIXES = (".pdf", ".docx", ".doc", ".xlsx", ".xls", ".ofd", ".wps", ".zip", ".rar", ".csv", ".txt")


# --- fetching -------------------------------------------------------------------------------------------------


def _inprocess_host() -> str:
    site = urlsplit(settings.SITE_URL).hostname or ""
    allowed = [h for h in settings.ALLOWED_HOSTS if h and not h.startswith(".") and h != "*"]
    if site and (site in allowed or "*" in settings.ALLOWED_HOSTS or settings.TESTING):
        return site
    return allowed[0] if allowed else "127.0.0.1"


def inprocess_fetcher() -> crawler.Fetcher:
    """Requests answered by Django in this process, as an anonymous visitor (no network, no proxy): the crawl
    sees exactly what the public sees, and a 500 is a broken page, not an exception."""
    from django.test import Client

    client = Client(raise_request_exception=False, HTTP_USER_AGENT=crawler.USER_AGENT)
    host = _inprocess_host()

    def fetch(url: str, timeout: float) -> crawler.Response:
        parts = urlsplit(url)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        started = time.monotonic()
        try:
            resp = None
            if parts.path.lower().endswith(FILE_SUFFIXES):
                # A document is checked for being there, not rendered (an annual report's .docx takes 0.4 s).
                resp = client.head(path, HTTP_HOST=host, secure=parts.scheme == "https")
            if resp is None or resp.status_code == 405:
                resp = client.get(path, HTTP_HOST=host, secure=parts.scheme == "https")
        except Exception as exc:  # noqa: BLE001 — a view crashing outside the handler (streaming) is a broken page too
            return crawler.Response(url, 500, error=type(exc).__name__)
        body = b""
        content_type = resp.get("Content-Type", "")
        if "html" in content_type and not resp.streaming:
            body = resp.content
        elif resp.streaming:
            for _ in resp.streaming_content:  # type: ignore[attr-defined]
                pass
        location = resp.get("Location", "")
        if location.startswith("/"):
            location = f"{parts.scheme}://{parts.netloc}{location}"
        return crawler.Response(
            url, resp.status_code, location, content_type, body, "", int((time.monotonic() - started) * 1000)
        )

    return fetch


def crawl_base() -> str:
    return (settings.SITEHEALTH_CRAWL_BASE_URL or INPROCESS_BASE).rstrip("/")


def internal_hosts() -> set[str]:
    hosts = {crawler.netloc_of(crawl_base()), crawler.netloc_of(settings.SITE_URL)}
    return {h for h in hosts if h}


def fetcher() -> crawler.Fetcher:
    if settings.SITEHEALTH_CRAWL_BASE_URL:
        return lambda url, timeout: crawler.http_fetch(url, timeout)
    return inprocess_fetcher()


def internal_url(url: str) -> str:
    """An absolute URL on the site (SITE_URL host) rewritten to the crawl base."""
    parts = urlsplit(url)
    if parts.hostname and crawler.netloc_of(url) in internal_hosts():
        return crawl_base() + parts.path + (f"?{parts.query}" if parts.query else "")
    return url


def seeds() -> list[str]:
    """The home page and every page sitemap.xml lists (each section starts from `.public()`), so that a record
    deep in a paginated list is still visited."""
    from zwgk.core import registry

    base = crawl_base()
    out = [base + "/"]
    for sitemap_class in registry.sitemaps().values():
        sitemap = sitemap_class()
        try:
            for item in sitemap.items():
                location = sitemap.location(item) if hasattr(sitemap, "location") else item.get_absolute_url()
                out.append(base + location)
        except NoReverseMatch:
            continue
    return out


def content_links() -> list[tuple[str, str]]:
    """(address, page) for every web address written in published texts: record bodies and summaries,
    interpretation texts and video addresses. Internal addresses are rewritten to the crawl base."""
    from zwgk.documents.models import Interpretation, Record

    base = crawl_base()
    out: list[tuple[str, str]] = []
    for pk, summary, body in (
        Record.objects.public().values_list("pk", "summary", "body").iterator(chunk_size=500)
    ):
        page = base + reverse("documents:record", args=[pk])
        out.extend((internal_url(u), page) for u in crawler.text_urls(f"{summary}\n{body}"))
    for pk, body, video in Interpretation.objects.public().values_list("pk", "body", "video_url"):
        page = base + reverse("documents:interpretation", args=[pk])
        urls = crawler.text_urls(body) + ([video] if video else [])
        out.extend((internal_url(u), page) for u in urls)
    return out


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


@dataclass(frozen=True)
class Owner:
    agency_id: int | None
    record_id: int | None
    editor_id: int | None


NO_OWNER = Owner(None, None, None)


def owner_of(page_url: str) -> Owner:
    """Who answers for a page: a record page → the record's agency and the staff member who wrote it; an
    interpretation → its agency and author; an agency column → that agency; anything else → the 公开办 (None)."""
    from zwgk.agencies.models import Agency
    from zwgk.documents.models import Interpretation, Record

    try:
        match = resolve(urlsplit(page_url).path)
    except Resolver404:
        return NO_OWNER
    name = f"{match.namespace}:{match.url_name}" if match.namespace else (match.url_name or "")
    if name == "documents:record":
        row = (
            Record.objects.filter(pk=int(match.kwargs["pk"]))
            .values("agency_id", "created_by_id", "submitted_by_id")
            .first()
        )
        if row:
            return Owner(row["agency_id"], match.kwargs["pk"], row["created_by_id"] or row["submitted_by_id"])
    if name == "documents:interpretation":
        irow = (
            Interpretation.objects.filter(pk=int(match.kwargs["pk"]))
            .values("agency_id", "created_by_id")
            .first()
        )
        if irow:
            return Owner(irow["agency_id"], None, irow["created_by_id"])
    if name in ("documents:agency_records", "documents:guide", "documents:guide_revision", "agencies:detail"):
        agency_id = Agency.objects.filter(code=match.kwargs.get("code")).values_list("pk", flat=True).first()
        return Owner(agency_id, None, None)
    return NO_OWNER


def home_page_url() -> str:
    return crawl_base() + "/"


# --- freshness ------------------------------------------------------------------------------------------------


def _day(value: datetime | date | None) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return timezone.localdate(value)
    return value


def _row(
    column: str, url_name: str, args: list[Any], agency_id: int | None, rule: Rule, last: Any, today: date
) -> ColumnFreshness:
    day = _day(last)
    return ColumnFreshness(
        column, reverse(url_name, args=args), agency_id, rule, day, checks.column_status(rule, day, today)
    )


# Rules of the 法定主动公开内容 categories: information that changes with events ("notice": 6 months, like 通知公告 /
# 政策文件 first-level columns) or information that is replaced only when it changes ("static"). Inference from the
# nature of each Art 20/21 category; the 公开办 may disagree per category in the column structure (issue 18).
STATIC_CATEGORIES = {"art20_02", "art20_03", "art20_08"}


def column_freshness(today: date) -> list[ColumnFreshness]:
    """Today's sections of 政府信息公开 and the record categories, with each one's rule, last update and status —
    and every configurable column and 专题 (zwgk.columns.freshness)."""
    from zwgk.agencies.models import Agency, AgencyKind
    from zwgk.documents.grounds import STATUTORY_CATEGORIES
    from zwgk.documents.models import GuideRevision, Interpretation, Kind, Record

    public = Record.objects.public()
    rows = [
        _row(
            "政策文件",
            "documents:policies",
            [],
            None,
            "notice",
            public.filter(kind=Kind.POLICY).aggregate(m=Max("published_at"))["m"],
            today,
        ),
        _row(
            "行政规范性文件",
            "documents:normative",
            [],
            None,
            "notice",
            public.normative().aggregate(m=Max("published_at"))["m"],
            today,
        ),
        _row(
            "政策解读",
            "documents:interpretations",
            [],
            None,
            "notice",
            Interpretation.objects.public().aggregate(m=Max("published_at"))["m"],
            today,
        ),
        _row(
            "政府信息公开制度",
            "documents:system",
            [],
            None,
            "static",
            public.filter(kind=Kind.DISCLOSURE_RULE).aggregate(m=Max("published_at"))["m"],
            today,
        ),
        _row(
            "政府信息公开指南",
            "documents:guide_index",
            [],
            None,
            "static",
            GuideRevision.objects.aggregate(m=Max("revised_on"))["m"],
            today,
        ),
    ]
    try:
        from zwgk.reports.models import AnnualReport

        last_report = AnnualReport.objects.public().aggregate(m=Max("first_published_at"))["m"]
        rows.append(
            _row(
                "政府信息公开工作年度报告", "documents:annual_reports", [], None, "static", last_report, today
            )
        )
    except (ImportError, NoReverseMatch):
        pass
    by_category = dict(
        public.exclude(statutory_category="")
        .values_list("statutory_category")
        .annotate(m=Max("published_at"))
        .order_by()
    )
    for code, label in STATUTORY_CATEGORIES.items():
        rule: Rule = "static" if code in STATIC_CATEGORIES else "notice"
        rows.append(
            _row(label, "documents:statutory_category", [code], None, rule, by_category.get(code), today)
        )
    by_agency = dict(public.values_list("agency_id").annotate(m=Max("published_at")).order_by())
    agencies = (
        Agency.objects.active()
        .of_kind(AgencyKind.GOVERNMENT, AgencyKind.DEPARTMENT, AgencyKind.STREET, AgencyKind.PARK)
        .in_display_order()
    )
    for agency in agencies:
        rows.append(
            _row(
                f"{agency.short_name or agency.name} · 法定主动公开内容",
                "documents:agency_records",
                [agency.code],
                agency.pk,
                "notice",
                by_agency.get(agency.pk),
                today,
            )
        )
    # The configurable columns and 专题 of the portal and the sub-sites (zwgk.columns): every column the public
    # sees, in the same shape; a column that links to one of the sections above is counted once.
    seen = {row.url for row in rows}
    for c in configured(today):
        if c.url not in seen:
            seen.add(c.url)
            rule = cast(Rule, c.rule)  # zwgk.columns uses the same three rule and status codes
            rows.append(
                ColumnFreshness(c.column, c.url, c.agency_id, rule, c.last_update, cast(Status, c.status))
            )
    return rows


def home_last_update() -> date | None:
    """The newest dated item shown on the public home page (its panels read only public content)."""
    from zwgk.core import registry

    days = [link.day for _, links in registry.home_panels() for link in links if link.day is not None]
    return max(days) if days else None


# --- interaction ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class InteractionFigures:
    overdue: list[Any]  # open messages received more than N months ago within the last year
    replied: int
    on_time: int
    channels: int  # active 政务咨询/建议 channels

    @property
    def on_time_share(self) -> float | None:
        return None if not self.replied else self.on_time / self.replied


def interaction_figures(today: date) -> InteractionFigures:
    from zwgk.interaction import services as interaction_services
    from zwgk.interaction.models import Message, MessageKind

    year_ago = checks.months_before(today, 12)
    overdue = list(
        Message.objects.unanswered_longer_than(today, settings.INTERACTION_UNANSWERED_MONTHS)
        .filter(received_on__gte=year_ago)
        .select_related("agency", "kind", "handler")
        .order_by("received_on")
    )
    on_time, replied = interaction_services.on_time_share(Message.objects.filter(received_on__gte=year_ago))
    return InteractionFigures(overdue, replied, on_time, MessageKind.objects.filter(active=True).count())


# --- availability ---------------------------------------------------------------------------------------------


def probe_urls() -> list[str]:
    base = settings.SITEHEALTH_PROBE_BASE_URL.rstrip("/")
    return [base + (p if p.startswith("/") else "/" + p) for p in settings.SITEHEALTH_PROBE_PATHS]


def probe(fetch: crawler.Fetcher | None = None, *, now: datetime | None = None) -> list[Any]:
    """One round: each key page once, with the CHK2019 15 s limit; redirects within the site are followed."""
    from zwgk.sitehealth.models import Probe

    get = fetch or (lambda url, timeout: crawler.http_fetch(url, timeout, read_body=False))
    at = now or timezone.now()
    rows = []
    for url in probe_urls():
        started = time.monotonic()
        outcome = crawler.check(url, get, timeout=checks.PROBE_TIMEOUT_SECONDS)
        ms = int((time.monotonic() - started) * 1000)
        ok = outcome.problem in ("", "offsite_redirect") and ms < checks.PROBE_TIMEOUT_SECONDS * 1000
        rows.append(
            Probe(
                at=at,
                url=url,
                ok=ok,
                status=outcome.status,
                ms=ms,
                error="" if ok else outcome.status_text[:200],
            )
        )
    Probe.objects.bulk_create(rows)
    Probe.objects.filter(at__lt=at - timedelta(days=settings.SITEHEALTH_PROBE_KEEP_DAYS)).delete()
    return rows


@dataclass(frozen=True)
class DayAvailability:
    day: date
    visits: int
    failures: int
    average_ms: int | None

    @property
    def share(self) -> float | None:
        return checks.failure_share(self.failures, self.visits)


def availability_by_day(first: date, last: date) -> list[DayAvailability]:
    from zwgk.sitehealth.models import Probe

    tz = timezone.get_current_timezone()
    start = datetime.combine(first, datetime.min.time(), tzinfo=tz)
    end = datetime.combine(last + timedelta(days=1), datetime.min.time(), tzinfo=tz)
    buckets: dict[date, list[tuple[bool, int | None]]] = {}
    for at, ok, ms in Probe.objects.filter(at__gte=start, at__lt=end).values_list("at", "ok", "ms"):
        buckets.setdefault(timezone.localdate(at), []).append((ok, ms))
    out = []
    day = first
    while day <= last:
        items = buckets.get(day, [])
        times = [ms for _, ms in items if ms is not None]
        out.append(
            DayAvailability(
                day,
                len(items),
                sum(1 for ok, _ in items if not ok),
                int(sum(times) / len(times)) if times else None,
            )
        )
        day += timedelta(days=1)
    return out


def availability_window(today: date) -> tuple[int, int]:
    """(visits, failures) over the CHK2019 monitoring week ending yesterday (today is incomplete)."""
    days = availability_by_day(
        today - timedelta(days=checks.AVAILABILITY_WINDOW_DAYS), today - timedelta(days=1)
    )
    return sum(d.visits for d in days), sum(d.failures for d in days)


def failing_probes(today: date) -> Any:
    from zwgk.sitehealth.models import Probe

    tz = timezone.get_current_timezone()
    start = datetime.combine(
        today - timedelta(days=checks.AVAILABILITY_WINDOW_DAYS), datetime.min.time(), tzinfo=tz
    )
    return Probe.objects.filter(at__gte=start, ok=False).order_by("-at")


def open_tasks() -> Any:
    from zwgk.sitehealth.models import LinkTask

    return LinkTask.objects.open().select_related("agency", "editor", "record")


def agency_names(ids: set[int]) -> dict[int, str]:
    from zwgk.agencies.models import Agency

    return {a.pk: (a.short_name or a.name) for a in Agency.objects.filter(pk__in=ids)}


def owner_label(agency: Any) -> str:
    return (agency.short_name or agency.name) if agency is not None else "区政府办（公开办）"
