"""JSON API of 数据公开 (described in /api/v1/openapi.json). Only public datasets, only masked values.

- GET /api/v1/datasets/ → the public datasets with their schema (`?template=subsidy`, paged);
- GET /api/v1/datasets/{id}/rows/?filter=village:赤土村&q=…&sort=-amount&page=2 → masked rows, the schema and the
  money totals of the selection; `f_<key>=value` filters too. Unknown filters and sort keys are ignored.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from zwgk.datasets import services
from zwgk.datasets.models import Dataset, DatasetRow
from zwgk.datasets.templates import BY_CODE


def _json(data: Any, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _size(request: HttpRequest) -> int:
    try:
        return max(1, min(services.MAX_PAGE_SIZE, int(request.GET.get("page_size", services.PAGE_SIZE))))
    except ValueError:
        return services.PAGE_SIZE


def schema_json(dataset: Dataset) -> list[dict[str, Any]]:
    return [
        {**c.to_json(), "type_label": c.type_label, "masked": c.personal, "mask_rule": c.mask_rule}
        for c in dataset.columns
    ]


def dataset_json(request: HttpRequest, dataset: Dataset) -> dict[str, Any]:
    record = dataset.record
    return {
        "id": dataset.pk,
        "title": record.title,
        "template": dataset.template,
        "template_name": dataset.spec.name,
        "agency": {"code": record.agency.code, "name": record.agency.name},
        "index_no": record.index_no or "",
        "published_at": record.published_at.isoformat() if record.published_at else None,
        "row_count": dataset.row_count,
        "schema": schema_json(dataset),
        "url": request.build_absolute_uri(reverse("datasets:detail", args=[dataset.pk])),
        "rows_url": request.build_absolute_uri(reverse("datasets:api_rows", args=[dataset.pk])),
    }


@require_GET
def datasets(request: HttpRequest) -> JsonResponse:
    qs = (
        Dataset.objects.public()
        .select_related("record", "record__agency")
        .order_by("-record__published_at", "-pk")
    )
    template = request.GET.get("template", "")
    if template in BY_CODE:
        qs = qs.filter(template=template)
    size = _size(request)
    page = Paginator(qs, size).get_page(request.GET.get("page"))
    return _json(
        {
            "count": page.paginator.count,
            "page": page.number,
            "page_size": size,
            "results": [dataset_json(request, d) for d in page],
        }
    )


@require_GET
def rows(request: HttpRequest, pk: int) -> JsonResponse:
    dataset = (
        Dataset.objects.public().select_related("record", "record__agency").filter(record__id=pk).first()
    )  # record__id: an out-of-range id is "none", never an OverflowError
    if dataset is None:
        raise Http404("数据集不存在或未公开")
    base = DatasetRow.objects.public()
    query = services.parse_query(dataset, request.GET)
    selected = services.select_rows(dataset, query, base)
    size = _size(request)
    page = Paginator(selected, size).get_page(request.GET.get("page"))
    return _json(
        {
            "dataset": dataset_json(request, dataset),
            "schema": schema_json(dataset),
            "filters": query.filters,
            "q": query.q,
            "count": page.paginator.count,
            "page": page.number,
            "page_size": size,
            "totals": {c.key: value for c, value in services.totals(dataset, query, selected)},
            "results": [services.row_json(dataset, row) for row in page],
        }
    )


def openapi_fragment() -> dict[str, Any]:
    """The datasets part of /api/v1/openapi.json (static: reads no database)."""
    page_params = [
        {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
        {
            "name": "page_size",
            "in": "query",
            "schema": {"type": "integer", "minimum": 1, "maximum": services.MAX_PAGE_SIZE},
        },
    ]
    return {
        "paths": {
            "/api/v1/datasets/": {
                "get": {
                    "summary": "公开的数据集（含字段说明）",
                    "operationId": "listDatasets",
                    "parameters": [
                        {
                            "name": "template",
                            "in": "query",
                            "schema": {"type": "string", "enum": sorted(BY_CODE)},
                            "description": "模板代码",
                        },
                        *page_params,
                    ],
                    "responses": {
                        "200": {
                            "description": "分页列表",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/DatasetPage"}}
                            },
                        }
                    },
                }
            },
            "/api/v1/datasets/{id}/rows/": {
                "get": {
                    "summary": "数据集的数据行（个人信息已脱敏）",
                    "operationId": "listDatasetRows",
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}},
                        {
                            "name": "filter",
                            "in": "query",
                            "schema": {"type": "string"},
                            "description": "按分类列筛选：列代码:取值，多个用逗号分隔，如 village:赤土村",
                        },
                        {"name": "q", "in": "query", "schema": {"type": "string", "maxLength": 100}},
                        {
                            "name": "sort",
                            "in": "query",
                            "schema": {"type": "string"},
                            "description": "排序列代码，前加 - 为降序",
                        },
                        *page_params,
                    ],
                    "responses": {
                        "200": {
                            "description": "数据行",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/DatasetRows"}}
                            },
                        },
                        "404": {"description": "数据集不存在或未公开"},
                    },
                }
            },
        },
        "schemas": {
            "DatasetColumn": {
                "type": "object",
                "required": ["key", "label", "type"],
                "properties": {
                    "key": {"type": "string"},
                    "label": {"type": "string"},
                    "type": {
                        "type": "string",
                        "enum": [
                            "text",
                            "integer",
                            "decimal",
                            "date",
                            "category",
                            "person_name",
                            "id_number",
                            "phone",
                            "address",
                            "money",
                            "link",
                        ],
                    },
                    "type_label": {"type": "string"},
                    "required": {"type": "boolean"},
                    "choices": {"type": "array", "items": {"type": "string"}},
                    "scale": {"type": "integer"},
                    "masked": {"type": "boolean", "description": "个人信息列：值已脱敏"},
                    "mask_rule": {"type": "string"},
                },
            },
            "Dataset": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer"},
                    "title": {"type": "string"},
                    "template": {"type": "string"},
                    "template_name": {"type": "string"},
                    "agency": {"type": "object"},
                    "index_no": {"type": "string"},
                    "published_at": {"type": ["string", "null"], "format": "date-time"},
                    "row_count": {"type": "integer"},
                    "schema": {"type": "array", "items": {"$ref": "#/components/schemas/DatasetColumn"}},
                    "url": {"type": "string", "format": "uri"},
                    "rows_url": {"type": "string", "format": "uri"},
                },
            },
            "DatasetPage": {
                "type": "object",
                "properties": {
                    "count": {"type": "integer"},
                    "page": {"type": "integer"},
                    "page_size": {"type": "integer"},
                    "results": {"type": "array", "items": {"$ref": "#/components/schemas/Dataset"}},
                },
            },
            "DatasetRows": {
                "type": "object",
                "properties": {
                    "dataset": {"$ref": "#/components/schemas/Dataset"},
                    "schema": {"type": "array", "items": {"$ref": "#/components/schemas/DatasetColumn"}},
                    "filters": {"type": "object", "additionalProperties": {"type": "string"}},
                    "q": {"type": "string"},
                    "count": {"type": "integer"},
                    "page": {"type": "integer"},
                    "page_size": {"type": "integer"},
                    "totals": {
                        "type": "object",
                        "additionalProperties": {"type": "string"},
                        "description": "金额列的合计（元，两位小数）",
                    },
                    "results": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "description": "列代码 → 值（金额为元的字符串）；n 为序号",
                        },
                    },
                },
            },
        },
    }
