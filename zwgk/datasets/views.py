"""Pages of 数据公开: the public list, a dataset's table (filters, search, sort, paging, totals, chart), a project's
stage timeline and the masked downloads; the workspace list, import, a dataset's staff page and its source file.

Every public view starts from `Dataset.objects.public()` / `DatasetRow.objects.public()`.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_safe

from zwgk.accounts.permissions import can, require
from zwgk.agencies.selection import current_agency
from zwgk.core import formuploads
from zwgk.core.actionviews import refusal_text
from zwgk.core.errors import Refused
from zwgk.core.exports import xlsx_response
from zwgk.core.files import (
    content_disposition,
    protect_headers,
    serve_generated_file,
    serve_generated_headers,
    serve_protected_file,
)
from zwgk.core.paging import paginate
from zwgk.datasets import actions, services
from zwgk.datasets.forms import ImportForm, ReplaceForm
from zwgk.datasets.models import Dataset, DatasetRow, DatasetRowQuerySet
from zwgk.datasets.schema import MASK_RULES
from zwgk.datasets.table import CheckedTable, TableError, suspect_message
from zwgk.datasets.templates import BY_CODE, TEMPLATES
from zwgk.documents.caching import public_cache
from zwgk.documents.models import Status
from zwgk.documents.publicity import publicity_state

MAX_DOWNLOAD_ROWS = 200_000


def _public_dataset(pk: int) -> Dataset:
    return get_object_or_404(
        Dataset.objects.public().select_related("record", "record__agency"), record__id=pk
    )


def _table_context(
    request: HttpRequest, dataset: Dataset, base: DatasetRowQuerySet, *, per_page: int = services.PAGE_SIZE
) -> dict[str, Any]:
    """What the public and the staff table share: the selected rows of one page, filters, sort links, totals."""
    query = services.parse_query(dataset, request.GET)
    selected = services.select_rows(dataset, query, base)
    page = paginate(request, selected, per_page)
    columns = dataset.columns
    headers = []
    for column in columns:
        params = query.params(without="sort")
        ascending = query.sort == column.key and not query.desc
        params["sort"] = ("-" if ascending else "") + column.key
        state = "" if query.sort != column.key else ("descending" if query.desc else "ascending")
        headers.append({"column": column, "url": "?" + urlencode(params), "state": state})
    return {
        "dataset": dataset,
        "record": dataset.record,
        "template": dataset.spec,
        "columns": columns,
        "headers": headers,
        "page": page,
        "rows": [(row, services.cells(dataset, row)) for row in page],
        "query": urlencode(query.params()),
        "download_query": urlencode({k: v for k, v in query.params().items() if k != "sort"}),
        "row_query": query,
        "facets": [(c, values, query.filters.get(c.key, "")) for c, values in services.facets(dataset, base)],
        "totals": services.totals(dataset, query, selected),
        "masked_columns": [(c, MASK_RULES[c.type]) for c in columns if c.personal],
    }


# --- public --------------------------------------------------------------------------------------------------


@public_cache
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    datasets = (
        Dataset.objects.public().select_related("record", "record__agency").order_by("-record__published_at")
    )
    code = request.GET.get("t", "")
    if code in BY_CODE:
        datasets = datasets.filter(template=code)
    return render(
        request,
        "datasets/public/index.html",
        {
            "page": paginate(request, datasets),
            "templates": TEMPLATES,
            "chosen": code,
            "query": urlencode({"t": code}),
        },
    )


@public_cache
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    dataset = _public_dataset(pk)
    base = DatasetRow.objects.public()
    context = _table_context(request, dataset, base)
    context["chart"] = services.chart_view(dataset, base)
    context["projects"] = services.chain_projects(dataset, base) if dataset.spec.chain else []
    return render(request, "datasets/public/detail.html", context)


@public_cache
@require_GET
def chain(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    dataset = _public_dataset(pk)
    view = services.chain_view(dataset, key, DatasetRow.objects.public())
    if view is None:
        raise Http404("没有这个项目")
    return render(
        request, "datasets/public/chain.html", {"dataset": dataset, "record": dataset.record, "chain": view}
    )


@require_safe  # HEAD too: the link check asks whether a download is there
def download(request: HttpRequest, pk: int, fmt: str) -> HttpResponseBase:
    """The masked rows (all, or those the filters and search select) as .csv or .xlsx."""
    dataset = _public_dataset(pk)
    return _download(request, dataset, fmt, DatasetRow.objects.public(), private=False)


def _download(
    request: HttpRequest, dataset: Dataset, fmt: str, base: DatasetRowQuerySet, *, private: bool
) -> HttpResponseBase:
    name = f"{dataset.record.title}（已脱敏）.{fmt}"
    if fmt not in ("csv", "xlsx"):
        raise Http404("不支持的格式")
    if request.method == "HEAD":
        return serve_generated_headers(filename=name, private=private)
    query = services.parse_query(dataset, request.GET)
    rows = services.select_rows(dataset, query, base)[:MAX_DOWNLOAD_ROWS].iterator(chunk_size=2000)
    if fmt == "csv":
        response = StreamingHttpResponse(
            services.csv_lines(dataset, rows), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = content_disposition(name, inline=False)
        return protect_headers(response, private=private)
    return serve_generated_file(services.xlsx_bytes(dataset, rows), filename=name, private=private)


# --- workspace -----------------------------------------------------------------------------------------------


def _staff_dataset(request: HttpRequest, pk: int) -> Dataset:
    """The access helper: a dataset of a record the user may see (404 otherwise), with datasets.view (403)."""
    dataset = get_object_or_404(
        Dataset.objects.visible_to(request.user).select_related("record", "record__agency"), record__id=pk
    )
    require(request.user, "datasets.view", dataset)
    return dataset


@login_required
def ws_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "datasets.view")
    datasets = (
        Dataset.objects.visible_to(request.user)
        .select_related("record", "record__agency")
        .order_by("-imported_at")
    )
    public_ids = set(Dataset.objects.public().values_list("pk", flat=True))
    if request.GET.get("export") == "xlsx":
        return xlsx_response(
            "数据集.xlsx",
            ["标题", "模板", "单位", "行数", "状态", "公开", "导入时间"],
            [
                [
                    d.record.title,
                    d.spec.name,
                    d.record.agency.short_name or d.record.agency.name,
                    d.row_count,
                    d.record.get_status_display(),
                    "是" if d.pk in public_ids else "否",
                    d.imported_at.strftime("%Y-%m-%d %H:%M"),
                ]
                for d in datasets
            ],
            title="数据集",
        )
    return render(
        request,
        "datasets/workspace/list.html",
        {
            "page": paginate(request, datasets),
            "public_ids": public_ids,
            "can_import": can(request.user, "datasets.import"),
        },
    )


def _report(checked: CheckedTable) -> dict[str, Any]:
    return {
        "checked": checked,
        "suspects": [(s, suspect_message(s)[0]) for s in checked.suspects],
        "suggested": "\n".join(f"{s.header}={s.suggested}" for s in checked.suspects),
    }


@login_required
def ws_import(request: HttpRequest) -> HttpResponse:
    require(request.user, "datasets.import")
    agency = current_agency(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form, "agency": agency}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if agency is None or not can(request.user, "datasets.import", agency):
            raise PermissionDenied("您不能为当前单位导入数据集。")
        data = upload.read()
        template = BY_CODE[form.cleaned_data["template"]]
        try:
            result = actions.import_dataset(
                agency,
                template,
                data,
                upload.name,
                by=request.user,
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                declared=form.cleaned_data["declarations"],
                dry_run=request.POST.get("action") != "import",
                publicity_days=form.cleaned_data["publicity_days"],
            )
        except TableError as exc:
            form.add_error("file", exc.zh)
        except Refused as exc:
            form.add_error(None, refusal_text(exc))
        else:
            if result.dataset is not None:
                formuploads.discard(request.POST.get("file_staged"))
                return redirect("datasets:ws_detail", result.dataset.pk)
            context.update(_report(result.checked))
        form.keep_upload()
    elif request.method == "POST":
        form.keep_upload()
    return render(request, "datasets/workspace/import.html", context)


@login_required
def ws_detail(request: HttpRequest, pk: int) -> HttpResponse:
    dataset = _staff_dataset(request, pk)
    record = dataset.record
    can_replace = record.status == Status.DRAFT and can(request.user, "datasets.import", dataset)
    form = ReplaceForm(request.POST or None, request.FILES or None) if can_replace else None
    context = _table_context(request, dataset, DatasetRow.objects.all())
    context.update(
        {
            "is_public": dataset.is_public,
            "publicity": publicity_state(record),
            "can_source": can(request.user, "datasets.view_source", dataset),
            "form": form,
        }
    )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("只能替换草稿状态数据集的数据。")
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                result = actions.replace_rows(
                    dataset,
                    upload.read(),
                    upload.name,
                    by=request.user,
                    declared=form.cleaned_data["declarations"],
                )
            except TableError as exc:
                form.add_error("file", exc.zh)
            except Refused as exc:
                form.add_error(None, refusal_text(exc))
            else:
                if result.dataset is not None:
                    formuploads.discard(request.POST.get("file_staged"))
                    return redirect("datasets:ws_detail", dataset.pk)
                context.update(_report(result.checked))
            form.keep_upload()
    return render(request, "datasets/workspace/detail.html", context)


@login_required
def ws_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponseBase:
    """The masked rows for staff (also after a 公示 has ended: kept for villagers to consult at the 村委会)."""
    dataset = _staff_dataset(request, pk)
    return _download(request, dataset, fmt, DatasetRow.objects.all(), private=True)


@login_required
def ws_source(request: HttpRequest, pk: int) -> FileResponse:
    """The uploaded file with the personal data in full: staff who prepare and review it only, audited."""
    dataset = _staff_dataset(request, pk)
    require(request.user, "datasets.view_source", dataset)
    actions.note_source_download(dataset, by=request.user)
    return serve_protected_file(dataset.source_file, filename=dataset.source_name, private=True)
