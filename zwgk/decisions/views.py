"""Pages of 重大行政决策: the public catalogue (filters, .xlsx), one decision's stage timeline, the API; the staff
catalogue and stage recording."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from zwgk.accounts.permissions import can, require
from zwgk.agencies.selection import current_agency
from zwgk.core.actionviews import refusal_text, run_action
from zwgk.core.errors import Refused
from zwgk.core.exports import xlsx_response
from zwgk.decisions import actions, stages
from zwgk.decisions.forms import CatalogueForm, DecisionForm
from zwgk.decisions.models import Catalogue, Decision
from zwgk.documents.caching import public_cache
from zwgk.documents.models import Record
from zwgk.participation.models import Consultation


def timeline(decision: Decision) -> list[dict[str, Any]]:
    """Each stage with its status and only its public documents (the one place the public timeline is built)."""
    rows = {s.stage: s for s in decision.stages.all()}
    public_ids = set(
        Record.objects.public()
        .filter(pk__in=[d.record_id for s in rows.values() for d in s.documents.all()])
        .values_list("pk", flat=True)
    )
    out = []
    for key, label, article in stages.STAGES:
        row = rows.get(key)
        docs = [d for d in row.documents.all() if d.record_id in public_ids] if row else []
        out.append(
            {
                "stage": key,
                "label": label,
                "article": article,
                "status": row.status if row else stages.PLANNED,
                "status_label": stages.STATUS_LABELS[row.status if row else stages.PLANNED],
                "started_on": row.started_on if row else None,
                "finished_on": row.finished_on if row else None,
                "note": row.note if row else "",
                "documents": [
                    {"role": dict(stages.DOCUMENT_ROLES)[d.role], "record": d.record} for d in docs
                ],
            }
        )
    return out


def _public_consultation(decision: Decision) -> Consultation | None:
    if decision.consultation_id is None:
        return None
    return Consultation.objects.public().filter(pk=decision.consultation_id).first()


HEADERS = ["年度", "决策机关", "序号", "决策事项", "承办单位", "决策依据", "计划完成时间", "当前进度"]


@require_GET
@public_cache
def index(request: HttpRequest) -> HttpResponse:
    qs = (
        Decision.objects.public()
        .select_related("catalogue__agency", "lead_agency")
        .prefetch_related("stages")
    )
    year = request.GET.get("year", "")
    if year.isdigit():
        qs = qs.filter(catalogue__year=int(year))
    agency = request.GET.get("agency", "")[:20]
    if agency:
        qs = qs.filter(lead_agency__code=agency)
    if request.GET.get("export") == "xlsx":
        rows = [
            [
                d.catalogue.year,
                d.catalogue.agency.name,
                d.number,
                d.title,
                d.lead_agency.name,
                d.legal_basis,
                d.planned,
                d.current_stage_label,
            ]
            for d in qs
        ]
        return xlsx_response("重大行政决策事项目录.xlsx", HEADERS, rows, title="决策事项目录")
    catalogues = Catalogue.objects.public().select_related("agency", "record")
    return render(
        request,
        "decisions/public/index.html",
        {
            "active_nav": "xxgk",
            "decisions": qs,
            "catalogues": catalogues,
            "years": sorted({c.year for c in catalogues}, reverse=True),
            "year": year,
            "query": request.GET.urlencode(),
        },
    )


@require_GET
@public_cache
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_object_or_404(
        Decision.objects.public().select_related("catalogue__agency", "lead_agency"), pk=pk
    )
    return render(
        request,
        "decisions/public/detail.html",
        {
            "active_nav": "xxgk",
            "d": decision,
            "timeline": timeline(decision),
            "consultation": _public_consultation(decision),
        },
    )


@require_GET
def api_list(request: HttpRequest) -> JsonResponse:
    results = []
    qs = (
        Decision.objects.public()
        .select_related("catalogue__agency", "lead_agency")
        .prefetch_related("stages__documents")
    )
    for d in qs:
        results.append(
            {
                "id": d.pk,
                "year": d.catalogue.year,
                "title": d.title,
                "lead_agency": {"code": d.lead_agency.code, "name": d.lead_agency.name},
                "legal_basis": d.legal_basis,
                "planned": d.planned,
                "url": request.build_absolute_uri(f"/decisions/{d.pk}/"),
                "stages": [
                    {
                        "stage": row["stage"],
                        "label": row["label"],
                        "status": row["status"],
                        "documents": [
                            {"role": doc["role"], "id": doc["record"].pk, "title": doc["record"].title}
                            for doc in row["documents"]
                        ],
                    }
                    for row in timeline(d)
                ],
            }
        )
    return JsonResponse(
        {"count": len(results), "results": results}, json_dumps_params={"ensure_ascii": False}
    )


def openapi_fragment() -> dict[str, Any]:
    stage_item = {
        "type": "object",
        "properties": {
            "stage": {"type": "string", "enum": stages.ORDER},
            "label": {"type": "string"},
            "status": {"type": "string", "enum": list(stages.STATUS_LABELS)},
            "documents": {"type": "array", "items": {"type": "object"}},
        },
    }
    return {
        "paths": {
            "/api/v1/decisions/": {
                "get": {
                    "summary": "重大行政决策事项目录（已公布的目录中的决策事项及各阶段公开的文件）",
                    "operationId": "listDecisions",
                    "responses": {
                        "200": {
                            "description": "列表",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/DecisionList"}}
                            },
                        }
                    },
                }
            }
        },
        "schemas": {
            "DecisionList": {
                "type": "object",
                "properties": {
                    "count": {"type": "integer"},
                    "results": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {
                                "id": {"type": "integer"},
                                "year": {"type": "integer"},
                                "title": {"type": "string"},
                                "lead_agency": {"type": "object"},
                                "legal_basis": {"type": "string"},
                                "planned": {"type": "string"},
                                "url": {"type": "string", "format": "uri"},
                                "stages": {"type": "array", "items": stage_item},
                            },
                        },
                    },
                },
            }
        },
    }


# --- workspace ----------------------------------------------------------------------------------------


@login_required
def staff_index(request: HttpRequest) -> HttpResponse:
    if not can(request.user, "decisions.view"):
        raise PermissionDenied
    catalogues = (
        Catalogue.objects.visible_to(request.user)
        .select_related("agency", "record")
        .prefetch_related("decisions__lead_agency")
    )
    agency = current_agency(request)
    rows = list(catalogues)
    for c in rows:
        c.can_edit = can(request.user, "decisions.edit_catalogue", c.agency)  # type: ignore[attr-defined]
    return render(
        request,
        "decisions/workspace/index.html",
        {
            "catalogues": rows,
            "can_create": agency is not None and can(request.user, "decisions.edit_catalogue", agency),
        },
    )


@login_required
def staff_catalogue(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """A new catalogue (for the agency chosen in the workspace) or an existing one's year, title and record."""
    catalogue = get_object_or_404(Catalogue.objects.select_related("agency"), pk=pk) if pk else None
    agency = catalogue.agency if catalogue else current_agency(request)
    if agency is None or not can(request.user, "decisions.edit_catalogue", agency):
        raise PermissionDenied
    form = CatalogueForm(request.POST or None, instance=catalogue, agency=agency)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_catalogue(catalogue, {**form.cleaned_data, "agency": agency}, by=request.user)
        except Refused as exc:
            form.add_error(None, refusal_text(exc))
        else:
            return redirect("decisions:staff_index")
    return render(
        request,
        "decisions/workspace/form.html",
        {"form": form, "heading": catalogue.title if catalogue else "新建重大行政决策事项目录"},
    )


@login_required
def staff_decision_edit(request: HttpRequest, catalogue_pk: int, pk: int | None = None) -> HttpResponse:
    """Add a decision item to a catalogue, or edit one (number, title, 承办单位, basis, planned date)."""
    catalogue = get_object_or_404(Catalogue.objects.select_related("agency"), pk=catalogue_pk)
    require(request.user, "decisions.edit_catalogue", catalogue.agency)
    decision = get_object_or_404(catalogue.decisions, pk=pk) if pk else None
    form = DecisionForm(request.POST or None, instance=decision, catalogue=catalogue, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            saved = actions.save_decision(catalogue, decision, form.cleaned_data, by=request.user)
        except Refused as exc:
            form.add_error(None, refusal_text(exc))
        else:
            return redirect("decisions:staff_decision", pk=saved.pk)
    return render(
        request,
        "decisions/workspace/form.html",
        {"form": form, "heading": decision.title if decision else f"{catalogue.title}：新增决策事项"},
    )


@login_required
def staff_decision(request: HttpRequest, pk: int) -> HttpResponse:
    decision = get_object_or_404(Decision.objects.select_related("catalogue__agency", "lead_agency"), pk=pk)
    require(request.user, "decisions.view", decision)
    url = f"/workspace/decisions/{decision.pk}/"
    if request.method == "POST":

        def move(r: HttpRequest) -> str:
            actions.move_stage(
                decision,
                r.POST.get("stage", ""),
                r.POST.get("to", ""),
                note=r.POST.get("note", ""),
                by=r.user,
            )
            return "已更新决策阶段。"

        def attach(r: HttpRequest) -> str:
            record = get_object_or_404(Record, pk=r.POST.get("record") or 0)
            actions.attach_document(
                decision, r.POST.get("stage", ""), r.POST.get("role", ""), record, by=r.user
            )
            return "已关联文件。"

        return run_action(request, {"move": move, "attach": attach}, redirect_to=url)
    candidates = Record.objects.filter(agency_id__in=decision.permission_agency_ids()).order_by("-id")[:100]
    return render(
        request,
        "decisions/workspace/decision.html",
        {
            "d": decision,
            "rows": [(row, decision.stages.filter(stage=row["stage"]).first()) for row in timeline(decision)],
            "all_documents": [
                (s.stage, doc)
                for s in decision.stages.prefetch_related("documents__record")
                for doc in s.documents.all()
            ],
            "stages": stages.STAGES,
            "roles": stages.DOCUMENT_ROLES,
            "candidates": candidates,
            "can_record": can(request.user, "decisions.record_stage", decision),
            "can_edit": can(request.user, "decisions.edit_catalogue", decision.catalogue.agency),
        },
    )
