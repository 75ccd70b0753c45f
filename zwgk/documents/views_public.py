"""The public 政府信息公开 column (国办公开办函〔2019〕61号): 指南, 制度, 法定主动公开内容, 年报, and the
政策文件 / 政策解读 / 行政规范性文件 lists, document pages and attachment downloads.

Every query here starts from `.public()`; nothing else is read from the catalogue.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from zwgk.agencies.models import Agency
from zwgk.core.files import serve_protected_file
from zwgk.core.pagecache import per_token
from zwgk.core.paging import paginate, querystring_without_page
from zwgk.documents import access
from zwgk.documents.caching import public_cache
from zwgk.documents.files import CONTENT_TYPES
from zwgk.documents.forms import PublicFilterForm
from zwgk.documents.grounds import STATUTORY_CATEGORIES, category_article
from zwgk.documents.models import (
    GuideRevision,
    Interpretation,
    InterpretationForm,
    Kind,
    NormativeKind,
    Record,
    Theme,
)
from zwgk.documents.reporting import normative_counts

PER_PAGE = 20
LIST_FIELDS = (
    "id",
    "title",
    "doc_number",
    "index_no",
    "written_on",
    "published_at",
    "validity",
    "agency__short_name",
    "agency__name",
    "agency__code",
    "issuer__name",
    "issuer__short_name",
    "normative_kind",
    "converted_at",
)


def _public_records() -> QuerySet[Record]:
    return (
        Record.objects.public()
        .select_related("agency", "issuer")
        .only(*LIST_FIELDS)
        .order_by("-published_at", "-id")
    )


def filter_records(request: HttpRequest, qs: QuerySet[Record]) -> tuple[QuerySet[Record], PublicFilterForm]:
    form = PublicFilterForm(request.GET or None)
    form.is_valid()  # invalid values are simply ignored: a bad link still shows a list
    data = getattr(form, "cleaned_data", {})
    if data.get("q"):
        qs = qs.filter(title__icontains=data["q"])
    if data.get("agency"):
        # Filter on the id (the leading column of record_agency_idx) rather than through a join.
        agency_id = Agency.objects.filter(code=data["agency"]).values_list("pk", flat=True).first()
        qs = qs.filter(agency_id=agency_id or 0)
    if data.get("year"):
        year = int(data["year"])
        tz = timezone.get_current_timezone()
        start = datetime(year, 1, 1, tzinfo=tz)
        qs = qs.filter(published_at__gte=start, published_at__lt=start.replace(year=year + 1))
    if data.get("category"):
        qs = qs.filter(statutory_category=data["category"])
    if data.get("theme"):
        theme = Theme.objects.filter(pk=data["theme"]).first()
        if theme is not None:
            qs = qs.filter(theme__in=[theme.pk, *theme.children.values_list("pk", flat=True)])
    if data.get("validity"):
        qs = qs.filter(validity=data["validity"])
    return qs, form


def filter_fields(form: PublicFilterForm) -> list[dict[str, Any]]:
    """The filter form as plain data: rendering ~200 <option>s through Django's widget templates costs more
    than the database work of the whole page, so the public lists render these with a simple loop."""
    data = getattr(form, "cleaned_data", {})
    fields = []
    for name, field in form.fields.items():
        value = str(data.get(name) or form.data.get(name) or "") if form.is_bound else ""
        entry: dict[str, Any] = {"name": name, "label": field.label, "value": value[:50]}
        choices = getattr(field, "choices", None)
        if choices is not None:
            entry["options"] = [(str(v), label, str(v) == value) for v, label in choices]
        fields.append(entry)
    return fields


def _list_page(
    request: HttpRequest, qs: QuerySet[Record], *, title: str, active: str, intro: str = "", extra: Any = None
) -> HttpResponse:
    qs, form = filter_records(request, qs)
    page = paginate(request, qs, per_page=PER_PAGE, public=True, keyset="published_at")
    context = {
        "title": title,
        "intro": intro,
        "page": page,
        "filters": filter_fields(form),
        "query": querystring_without_page(request),
        "active_nav": active,
    }
    context.update(extra or {})
    return render(request, "documents/public/record_list.html", context)


def annual_report_url() -> str | None:
    """The 年报 column of the annual-report app, when that app is installed."""
    try:
        return reverse("reports:public_index")
    except NoReverseMatch:
        return None


@require_GET
@public_cache
def xxgk(request: HttpRequest) -> HttpResponse:
    categories = per_token("xxgk:categories", _category_counts)
    return render(
        request,
        "documents/public/xxgk.html",
        {
            "active_nav": "xxgk",
            "latest_policies": _public_records().filter(kind=Kind.POLICY)[:8],
            "latest_interpretations": Interpretation.objects.public()
            .select_related("policy")
            .order_by("-published_at", "-id")[:6],
            "categories": [
                (code, category_article(code), label, categories.get(code, 0))
                for code, label in STATUTORY_CATEGORIES.items()
            ],
            "report_url": annual_report_url(),
            "guide_agencies": _guide_agencies()[:12],
        },
    )


def _category_counts() -> dict[str, int]:
    """Public own records per statutory category (cached per validity token: a GROUP BY over every record)."""
    records = Record.objects.public().own()
    return dict(records.values_list("statutory_category").annotate(n=Count("id")).order_by())


def _agency_counts() -> dict[int, int]:
    records = Record.objects.public().own()
    return dict(records.values_list("agency_id").annotate(n=Count("id")).order_by())


def _guide_agencies() -> list[Agency]:
    ids = GuideRevision.objects.values("agency_id")
    return list(Agency.objects.active().filter(pk__in=ids).in_display_order())


@require_GET
@public_cache
def guide_index(request: HttpRequest) -> HttpResponse:
    return render(
        request, "documents/public/guide_index.html", {"agencies": _guide_agencies(), "active_nav": "xxgk"}
    )


@require_GET
@public_cache
def guide(request: HttpRequest, code: str, version: int | None = None) -> HttpResponse:
    agency = get_object_or_404(Agency.objects.active(), code=code)
    revisions = list(GuideRevision.objects.filter(agency=agency).order_by("-version"))
    if not revisions:
        raise Http404("该单位尚未发布政府信息公开指南")
    current = revisions[0]
    shown = current if version is None else next((r for r in revisions if r.version == version), None)
    if shown is None:
        raise Http404("没有该版本的指南")
    return render(
        request,
        "documents/public/guide.html",
        {
            "agency": agency,
            "revision": shown,
            "current": current,
            "revisions": revisions,
            "active_nav": "xxgk",
        },
    )


@require_GET
@public_cache
def system(request: HttpRequest) -> HttpResponse:
    return _list_page(
        request,
        _public_records().filter(kind=Kind.DISCLOSURE_RULE),
        title="政府信息公开制度",
        active="xxgk",
        intro="本区政府信息公开工作的制度规定，包括保密审查、依申请公开办理、信息发布协调等制度。",
    )


@require_GET
@public_cache
def statutory(request: HttpRequest) -> HttpResponse:
    by_category = per_token("xxgk:categories", _category_counts)
    by_agency = per_token("xxgk:agencies", _agency_counts)
    agencies = [
        (a, by_agency[a.pk]) for a in Agency.objects.active().in_display_order() if by_agency.get(a.pk)
    ]
    return render(
        request,
        "documents/public/statutory.html",
        {
            "active_nav": "xxgk",
            "art20": [
                (code, category_article(code), label, by_category.get(code, 0))
                for code, label in STATUTORY_CATEGORIES.items()
                if code.startswith("art20")
            ],
            "art21": [
                (code, category_article(code), label, by_category.get(code, 0))
                for code, label in STATUTORY_CATEGORIES.items()
                if code.startswith("art21")
            ],
            "agencies": agencies,
        },
    )


@require_GET
@public_cache
def statutory_category(request: HttpRequest, code: str) -> HttpResponse:
    if code not in STATUTORY_CATEGORIES:
        raise Http404("没有该类别")
    return _list_page(
        request,
        _public_records().filter(statutory_category=code),
        title=STATUTORY_CATEGORIES[code],
        active="xxgk",
        intro=f"《政府信息公开条例》{category_article(code)}规定应当主动公开的政府信息。",
    )


@require_GET
@public_cache
def agency_records(request: HttpRequest, code: str) -> HttpResponse:
    agency = get_object_or_404(Agency.objects.active(), code=code)
    return _list_page(
        request,
        _public_records().filter(agency=agency),
        title=f"{agency.name} · 法定主动公开内容",
        active="xxgk",
        extra={"agency": agency, "has_guide": GuideRevision.objects.filter(agency=agency).exists()},
    )


@require_GET
@public_cache
def annual_reports(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "documents/public/annual_reports.html",
        {"report_url": annual_report_url(), "active_nav": "xxgk"},
    )


@require_GET
@public_cache
def policies(request: HttpRequest) -> HttpResponse:
    qs = _public_records().filter(kind=Kind.POLICY)
    if request.GET.get("converted") == "1":
        qs = qs.filter(converted_at__isnull=False)
    return _list_page(
        request,
        qs,
        title="政策文件",
        active="policies",
        intro="本区各级行政机关制发的政策文件。经定期审查由依申请公开、不予公开转为主动公开的文件也在本栏目集中发布。",
        extra={"show_converted_filter": True, "converted": request.GET.get("converted") == "1"},
    )


@require_GET
@public_cache
def normative(request: HttpRequest) -> HttpResponse:
    base = Record.objects.public()
    if not request.GET.get("validity"):
        base = base.in_force()
    qs = (
        base.filter(normative_kind=NormativeKind.NORMATIVE)
        .select_related("agency", "issuer")
        .only(*LIST_FIELDS)
        .order_by("-published_at", "-id")
    )
    this_year = timezone.localdate().year
    counts = per_token(f"normative:counts:{this_year}", lambda: _normative_inventory(this_year))
    return _list_page(
        request,
        qs,
        title="行政规范性文件",
        active="policies",
        intro="现行有效的行政规范性文件集中公开；已废止、已失效的文件可通过“有效性”筛选查看。",
        extra={"normative_counts": counts, "normative": True},
    )


def _normative_inventory(this_year: int) -> list[tuple[int, dict[str, int]]]:
    """Issued / repealed / in force per year, the last ten years (about 60 counts: cached per validity token)."""
    first = (
        Record.objects.public()
        .filter(normative_kind=NormativeKind.NORMATIVE)
        .order_by("written_on")
        .values_list("written_on__year", flat=True)
        .first()
    )
    years = list(range(this_year, max(first or this_year, this_year - 9) - 1, -1))
    return [(y, normative_counts(None, y)["行政规范性文件"]) for y in years]


@require_GET
@public_cache
def record_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = access.public_record(pk)
    changes = list(record.validity_changes.all())
    # The records this one replaces or amends: ids through the foreign-key indexes, then every linked record
    # (those, its successor, its amendment, the validity changes' related records) in one `.public()` query.
    linked = list(
        Record.objects.filter(Q(replaced_by_id=record.pk) | Q(amended_by_id=record.pk)).values_list(
            "pk", "replaced_by_id", "amended_by_id"
        )
    )
    candidates = [record.replaced_by_id, record.amended_by_id, *(c.related_id for c in changes)]
    wanted = {pk for pk in candidates if pk is not None} | {row[0] for row in linked}
    shown = (
        list(Record.objects.public().filter(pk__in=wanted).only("id", "title", "doc_number"))
        if wanted
        else []
    )
    public = {r.pk: r for r in shown}
    replaces_ids = {row[0] for row in linked if row[1] == record.pk}
    amends_ids = {row[0] for row in linked if row[2] == record.pk}
    context = {
        "record": record,
        "active_nav": "policies" if record.kind == Kind.POLICY else "xxgk",
        "co_agencies": list(record.co_agencies.all()),
        "attachments": list(record.attachments.all()),
        "interpretations": list(
            Interpretation.objects.public().filter(policy=record).order_by("published_at")
        ),
        "replaced_by": public.get(record.replaced_by_id) if record.replaced_by_id else None,
        "amended_by": public.get(record.amended_by_id) if record.amended_by_id else None,
        "replaces": [r for r in shown if r.pk in replaces_ids],
        "amends": [r for r in shown if r.pk in amends_ids],
        "validity_changes": [
            (change, public.get(change.related_id) if change.related_id else None) for change in changes
        ],
        "openness_changes": list(record.openness_changes.all()),
    }
    return render(request, "documents/public/record_detail.html", context)


@require_GET
@public_cache
def interpretations(request: HttpRequest) -> HttpResponse:
    qs = Interpretation.objects.public().select_related("policy", "agency").order_by("-published_at", "-id")
    form_filter = request.GET.get("form", "")
    if form_filter in InterpretationForm.values:
        qs = qs.filter(form=form_filter)
    q = (request.GET.get("q") or "").strip()[:50]
    if q:
        qs = qs.filter(title__icontains=q)
    page = paginate(request, qs, per_page=PER_PAGE, public=True, keyset="published_at")
    return render(
        request,
        "documents/public/interpretation_list.html",
        {
            "page": page,
            "query": querystring_without_page(request),
            "forms": InterpretationForm.choices,
            "form_filter": form_filter,
            "q": q,
            "active_nav": "interpretations",
        },
    )


@require_GET
@public_cache
def interpretation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = access.public_interpretation(pk)
    others = Interpretation.objects.public().filter(policy=item.policy).exclude(pk=item.pk)
    return render(
        request,
        "documents/public/interpretation_detail.html",
        {
            "item": item,
            "policy": item.policy,
            "attachments": list(item.attachments.all()),
            "others": list(others),
            "active_nav": "interpretations",
        },
    )


def serve_attachment(attachment: Any, *, public_copy: bool, private: bool) -> FileResponse:
    """An attachment's file (the metadata-free public copy, or the original) through the one file helper;
    PDFs and images open in the browser."""
    return serve_protected_file(
        attachment.public_file if public_copy else attachment.file,
        filename=attachment.download_name,
        private=private,
        inline=attachment.kind in ("pdf", "image"),
        content_type=CONTENT_TYPES.get(attachment.suffix, "application/octet-stream"),
    )


@require_GET
def attachment(request: HttpRequest, pk: int, name: str = "") -> FileResponse:
    """The metadata-free copy of an attachment of a public record or interpretation; 404 for anything else."""
    return serve_attachment(access.public_attachment(pk), public_copy=True, private=False)
