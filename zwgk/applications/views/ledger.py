"""The staff ledger of applications: filters, .xlsx export, the chart."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from zwgk.accounts.permissions import agency_scope, can, require
from zwgk.agencies.models import Agency
from zwgk.agencies.selection import current_agency
from zwgk.applications.ledger import (
    LEDGER_HEADERS,
    is_overdue,
    ledger_queryset,
    ledger_rows,
)
from zwgk.applications.models import (
    Application,
    Status,
)
from zwgk.applications.outcomes import APPLICANT_COLUMNS, OUTCOME_BY_KEY, OUTCOME_GROUPS, OUTCOMES
from zwgk.applications.rules import VIEW_ROLES
from zwgk.core.exports import xlsx_response
from zwgk.core.paging import paginate, querystring_without_page

# --- staff: ledger -----------------------------------------------------------------------------------


def _filtered(request: HttpRequest) -> tuple[Any, dict[str, Any]]:
    qs = Application.objects.visible_to(request.user)
    params = request.GET
    today = timezone.localdate()
    scope = agency_scope(request.user, VIEW_ROLES)
    filters: dict[str, Any] = {
        k: params.get(k, "")
        for k in ("status", "outcome", "agency", "year", "due", "q", "type", "mine", "from", "to")
    }
    if filters["agency"]:
        qs = qs.filter(agency__code=filters["agency"])
    if filters["status"] in Status.values:
        qs = qs.filter(status=filters["status"])
    elif filters["status"] == "open":
        qs = qs.open()
    if filters["outcome"] in OUTCOME_BY_KEY:
        qs = qs.filter(outcome=filters["outcome"])
    elif filters["outcome"] in OUTCOME_GROUPS:
        qs = qs.filter(outcome__in=[o.key for o in OUTCOMES if o.group == filters["outcome"]])
    if filters["year"].isdigit():
        qs = qs.filter(received_on__year=int(filters["year"]))
    for key, lookup in (("from", "received_on__gte"), ("to", "received_on__lte")):
        try:
            if filters[key]:
                qs = qs.filter(**{lookup: date.fromisoformat(filters[key])})
        except ValueError:
            filters[key] = ""
    if filters["due"] == "overdue":
        qs = qs.overdue(today)
    elif filters["due"] == "soon":
        qs = qs.due_between(today, today + timedelta(days=7))
    if filters["type"] in APPLICANT_COLUMNS:
        qs = qs.filter(applicant_type=filters["type"])
    if filters["mine"]:
        qs = qs.filter(handler_id=request.user.pk)
    if filters["q"]:
        q = filters["q"].strip()
        qs = qs.filter(Q(number__icontains=q) | Q(description__icontains=q) | Q(external_ref__icontains=q))
    agencies = Agency.objects.handling_applications().in_display_order()
    if scope is not None:
        agencies = agencies.filter(pk__in=scope)
    return qs, {"filters": filters, "agencies": agencies, "district_wide": scope is None or len(scope) > 1}


@login_required
def ledger(request: HttpRequest) -> HttpResponse:
    require(request.user, "applications.view")
    qs, ctx = _filtered(request)
    today = timezone.localdate()
    qs = ledger_queryset(qs.order_by("-received_on", "-id"))
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            f"依申请公开台账-{today}.xlsx",
            LEDGER_HEADERS,
            ledger_rows(qs.iterator(chunk_size=500), today),
            title="台账",
        )
    page = paginate(request, qs, 30)
    rows = [{"app": a, "overdue": is_overdue(a, today)} for a in page.object_list]
    agency = current_agency(request)
    return render(
        request,
        "applications/ledger.html",
        {
            **ctx,
            "page": page,
            "rows": rows,
            "query": querystring_without_page(request),
            "statuses": Status.choices,
            "outcome_groups": OUTCOME_GROUPS,
            "outcomes": OUTCOMES,
            "types": APPLICANT_COLUMNS,
            "chart": _chart(Application.objects.visible_to(request.user), today.year),
            "can_register": agency is not None and can(request.user, "applications.register", agency),
            "today": today,
        },
    )


def _chart(qs: Any, year: int) -> dict[str, Any]:
    """Monthly received vs concluded in `year`, drawn as inline SVG by the template."""
    received = Counter(qs.filter(received_on__year=year).values_list("received_on__month", flat=True))
    concluded = Counter(qs.filter(concluded_on__year=year).values_list("concluded_on__month", flat=True))
    peak = max([1, *received.values(), *concluded.values()])
    bars = []
    for month in range(1, 13):
        r, c = received.get(month, 0), concluded.get(month, 0)
        x = 40 + (month - 1) * 45
        bars.append(
            {
                "month": month,
                "received": r,
                "concluded": c,
                "x": x,
                "rh": round(r / peak * 120),
                "ch": round(c / peak * 120),
                "ry": 150 - round(r / peak * 120),
                "cy": 150 - round(c / peak * 120),
                "x2": x + 16,
                "tx": x + 16,
            }
        )
    return {
        "year": year,
        "bars": bars,
        "peak": peak,
        "total_received": sum(received.values()),
        "total_concluded": sum(concluded.values()),
    }
