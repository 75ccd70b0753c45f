"""Read-only JSON API of the public catalogue (published records and interpretations) with an OpenAPI 3.1
description at /api/v1/openapi.json. Only `.public()` rows are ever serialised."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from zwgk.core.pagecache import PublicCountPaginator
from zwgk.documents import access
from zwgk.documents.caching import public_cache
from zwgk.documents.grounds import STATUTORY_CATEGORIES, category_article
from zwgk.documents.models import Interpretation, Kind, Record, Theme, Validity
from zwgk.documents.views_public import filter_records

MAX_PAGE_SIZE = 100
JSON_OPTIONS = {"ensure_ascii": False}


def _json(data: Any, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params=JSON_OPTIONS, safe=False)
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def _date(value: Any) -> str | None:
    if value is None:
        return None
    if hasattr(value, "tzinfo"):
        return timezone.localtime(value).isoformat()
    return str(value.isoformat())


def record_summary(request: HttpRequest, record: Record) -> dict[str, Any]:
    return {
        "id": record.pk,
        "index_no": record.index_no,
        "title": record.title,
        "doc_number": record.doc_number or None,
        "agency": {"code": record.agency.code, "name": record.agency.name},
        "written_on": _date(record.written_on),
        "published_at": _date(record.published_at),
        "kind": record.kind,
        "validity": record.validity,
        "validity_label": record.get_validity_display(),
        "url": _absolute(request, reverse("documents:record", args=[record.pk])),
    }


def record_full(request: HttpRequest, record: Record) -> dict[str, Any]:
    public = Record.objects.public()
    data = record_summary(request, record)
    replaced = public.filter(pk=record.replaced_by_id).first() if record.replaced_by_id else None
    amended = public.filter(pk=record.amended_by_id).first() if record.amended_by_id else None
    data.update(
        {
            "co_agencies": [{"code": a.code, "name": a.name} for a in record.co_agencies.all()],
            "theme": record.theme.path if record.theme else None,
            "genre": record.get_genre_display(),
            "statutory_category": (
                {
                    "code": record.statutory_category,
                    "article": category_article(record.statutory_category),
                    "label": STATUTORY_CATEGORIES[record.statutory_category],
                }
                if record.statutory_category
                else None
            ),
            "normative_kind": record.normative_kind or None,
            "summary": record.summary,
            "body": record.body,
            "validity_changed_on": _date(record.validity_changed_on),
            "replaced_by": replaced.pk if replaced else None,
            "amended_by": amended.pk if amended else None,
            "attachments": [
                {
                    "title": a.title,
                    "format": a.suffix,
                    "size": a.size,
                    "url": _absolute(request, reverse("documents:attachment", args=[a.pk, a.download_name])),
                }
                for a in record.attachments.all()
            ],
            "interpretations": [
                {
                    "id": i.pk,
                    "title": i.title,
                    "form": i.form,
                    "url": _absolute(request, reverse("documents:interpretation", args=[i.pk])),
                }
                for i in Interpretation.objects.public().filter(policy=record)
            ],
        }
    )
    return data


def interpretation_data(request: HttpRequest, item: Interpretation, *, full: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": item.pk,
        "title": item.title,
        "form": item.form,
        "form_label": item.get_form_display(),
        "published_at": _date(item.published_at),
        "policy": {
            "id": item.policy_id,
            "title": item.policy.title,
            "doc_number": item.policy.doc_number or None,
        },
        "url": _absolute(request, reverse("documents:interpretation", args=[item.pk])),
    }
    if full:
        data["body"] = item.body
        data["video_url"] = item.video_url or None
        data["qa"] = item.qa or []
    return data


def _page(request: HttpRequest, qs: Any) -> tuple[Any, dict[str, Any]]:
    try:
        size = max(1, min(MAX_PAGE_SIZE, int(request.GET.get("page_size", 20))))
    except ValueError:
        size = 20
    filters = request.GET.copy()
    filters.pop("page", None)
    paginator = PublicCountPaginator(qs, size, key=f"{request.path}?{filters.urlencode()}")
    page = paginator.get_page(request.GET.get("page"))
    params = request.GET.copy()

    def link(number: int) -> str:
        params["page"] = str(number)
        return _absolute(request, f"{request.path}?{params.urlencode()}")

    meta = {
        "count": paginator.count,
        "page": page.number,
        "page_size": size,
        "next": link(page.next_page_number()) if page.has_next() else None,
        "previous": link(page.previous_page_number()) if page.has_previous() else None,
    }
    return page, meta


@require_GET
@public_cache
def records(request: HttpRequest) -> JsonResponse:
    base = Record.objects.public().select_related("agency").order_by("-published_at", "-id")
    kind = request.GET.get("kind")
    if kind in Kind.values:
        base = base.filter(kind=kind)
    filtered, _ = filter_records(request, base)
    page, meta = _page(request, filtered)
    return _json({**meta, "results": [record_summary(request, r) for r in page]})


@require_GET
@public_cache
def record(request: HttpRequest, pk: int) -> JsonResponse:
    return _json(record_full(request, access.public_record(pk)))


@require_GET
@public_cache
def interpretations(request: HttpRequest) -> JsonResponse:
    qs = Interpretation.objects.public().select_related("policy").order_by("-published_at", "-id")
    page, meta = _page(request, qs)
    return _json({**meta, "results": [interpretation_data(request, i, full=False) for i in page]})


@require_GET
@public_cache
def interpretation(request: HttpRequest, pk: int) -> JsonResponse:
    return _json(interpretation_data(request, access.public_interpretation(pk), full=True))


@require_GET
@public_cache
def themes(request: HttpRequest) -> JsonResponse:
    items = Theme.objects.filter(is_active=True).select_related("parent").order_by("sort_order", "id")
    tops = [t for t in items if t.parent_id is None]
    return _json(
        [
            {
                "id": t.pk,
                "name": t.name,
                "children": [{"id": c.pk, "name": c.name} for c in items if c.parent_id == t.pk],
            }
            for t in tops
        ]
    )


@require_GET
@public_cache
def categories(request: HttpRequest) -> JsonResponse:
    return _json(
        [
            {"code": c, "article": category_article(c), "label": label}
            for c, label in STATUTORY_CATEGORIES.items()
        ]
    )


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def openapi_document() -> dict[str, Any]:
    nullable_str = {"type": ["string", "null"]}
    agency = {
        "type": "object",
        "required": ["code", "name"],
        "properties": {"code": {"type": "string"}, "name": {"type": "string"}},
    }
    summary_props = {
        "id": {"type": "integer"},
        "index_no": {"type": "string", "description": "索引号"},
        "title": {"type": "string", "description": "标题"},
        "doc_number": {**nullable_str, "description": "发文字号"},
        "agency": {**_ref("Agency"), "description": "发文机关（牵头）"},
        "written_on": {"type": "string", "format": "date", "description": "成文日期"},
        "published_at": {"type": "string", "format": "date-time", "description": "发布日期"},
        "kind": {"type": "string", "enum": list(Kind.values)},
        "validity": {"type": "string", "enum": list(Validity.values), "description": "有效性"},
        "validity_label": {"type": "string"},
        "url": {"type": "string", "format": "uri"},
    }
    page_props = {
        "count": {"type": "integer"},
        "page": {"type": "integer"},
        "page_size": {"type": "integer"},
        "next": {"type": ["string", "null"], "format": "uri"},
        "previous": {"type": ["string", "null"], "format": "uri"},
    }
    filters = [
        {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
        {
            "name": "page_size",
            "in": "query",
            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
        },
    ]
    record_filters = [
        *filters,
        {"name": "agency", "in": "query", "description": "发文机关单位代码", "schema": {"type": "string"}},
        {"name": "year", "in": "query", "description": "发布年份", "schema": {"type": "integer"}},
        {
            "name": "category",
            "in": "query",
            "description": "法定主动公开内容类别代码",
            "schema": {"type": "string", "enum": list(STATUTORY_CATEGORIES)},
        },
        {"name": "theme", "in": "query", "description": "主题分类编号", "schema": {"type": "integer"}},
        {"name": "validity", "in": "query", "schema": {"type": "string", "enum": list(Validity.values)}},
        {"name": "kind", "in": "query", "schema": {"type": "string", "enum": list(Kind.values)}},
        {
            "name": "q",
            "in": "query",
            "description": "标题关键词",
            "schema": {"type": "string", "maxLength": 50},
        },
    ]
    not_found = {"description": "不存在或未公开"}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": f"{settings.SITE_NAME} 政府信息公开 API",
            "version": "1.0.0",
            "description": "只读接口：已主动公开并发布的政府信息与政策解读。未公开、已撤回或尚未到发布时间的信息不会出现在任何接口中。",
        },
        "servers": [{"url": settings.SITE_URL}],
        "paths": {
            "/api/v1/records/": {
                "get": {
                    "summary": "政府信息列表（按发布时间倒序）",
                    "operationId": "listRecords",
                    "parameters": record_filters,
                    "responses": {
                        "200": {
                            "description": "分页列表",
                            "content": {"application/json": {"schema": _ref("RecordPage")}},
                        }
                    },
                }
            },
            "/api/v1/records/{id}/": {
                "get": {
                    "summary": "政府信息详情（含元数据、正文、附件、解读）",
                    "operationId": "getRecord",
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
                    ],
                    "responses": {
                        "200": {
                            "description": "详情",
                            "content": {"application/json": {"schema": _ref("Record")}},
                        },
                        "404": not_found,
                    },
                }
            },
            "/api/v1/interpretations/": {
                "get": {
                    "summary": "政策解读列表",
                    "operationId": "listInterpretations",
                    "parameters": filters,
                    "responses": {
                        "200": {
                            "description": "分页列表",
                            "content": {"application/json": {"schema": _ref("InterpretationPage")}},
                        }
                    },
                }
            },
            "/api/v1/interpretations/{id}/": {
                "get": {
                    "summary": "政策解读详情",
                    "operationId": "getInterpretation",
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}
                    ],
                    "responses": {
                        "200": {
                            "description": "详情",
                            "content": {"application/json": {"schema": _ref("Interpretation")}},
                        },
                        "404": not_found,
                    },
                }
            },
            "/api/v1/themes/": {
                "get": {
                    "summary": "主题分类（两级）",
                    "operationId": "listThemes",
                    "responses": {
                        "200": {
                            "description": "分类树",
                            "content": {
                                "application/json": {"schema": {"type": "array", "items": _ref("Theme")}}
                            },
                        }
                    },
                }
            },
            "/api/v1/categories/": {
                "get": {
                    "summary": "法定主动公开内容类别（《条例》第二十条、第二十一条）",
                    "operationId": "listCategories",
                    "responses": {
                        "200": {
                            "description": "类别",
                            "content": {
                                "application/json": {"schema": {"type": "array", "items": _ref("Category")}}
                            },
                        }
                    },
                }
            },
        },
        "components": {
            "schemas": {
                "Agency": agency,
                "RecordSummary": {
                    "type": "object",
                    "required": list(summary_props),
                    "properties": summary_props,
                },
                "Record": {
                    "allOf": [
                        _ref("RecordSummary"),
                        {
                            "type": "object",
                            "properties": {
                                "co_agencies": {"type": "array", "items": _ref("Agency")},
                                "theme": {**nullable_str, "description": "主题分类，如 综合政务\\政务公开"},
                                "genre": {"type": "string", "description": "体裁/文种"},
                                "statutory_category": {"oneOf": [_ref("Category"), {"type": "null"}]},
                                "normative_kind": {
                                    "type": ["string", "null"],
                                    "enum": ["regulation", "normative", None],
                                },
                                "summary": {"type": "string", "description": "内容概述"},
                                "body": {"type": "string", "description": "正文"},
                                "validity_changed_on": {"type": ["string", "null"], "format": "date"},
                                "replaced_by": {"type": ["integer", "null"]},
                                "amended_by": {"type": ["integer", "null"]},
                                "attachments": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "properties": {
                                            "title": {"type": "string"},
                                            "format": {"type": "string"},
                                            "size": {"type": "integer"},
                                            "url": {"type": "string", "format": "uri"},
                                        },
                                    },
                                },
                                "interpretations": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "properties": {
                                            "id": {"type": "integer"},
                                            "title": {"type": "string"},
                                            "form": {"type": "string"},
                                            "url": {"type": "string", "format": "uri"},
                                        },
                                    },
                                },
                            },
                        },
                    ]
                },
                "RecordPage": {
                    "type": "object",
                    "required": [*page_props, "results"],
                    "properties": {
                        **page_props,
                        "results": {"type": "array", "items": _ref("RecordSummary")},
                    },
                },
                "Interpretation": {
                    "type": "object",
                    "required": ["id", "title", "form", "published_at", "policy", "url"],
                    "properties": {
                        "id": {"type": "integer"},
                        "title": {"type": "string"},
                        "form": {"type": "string", "enum": ["text", "graphic", "video", "qa"]},
                        "form_label": {"type": "string"},
                        "published_at": {"type": "string", "format": "date-time"},
                        "policy": {
                            "type": "object",
                            "properties": {
                                "id": {"type": "integer"},
                                "title": {"type": "string"},
                                "doc_number": nullable_str,
                            },
                        },
                        "url": {"type": "string", "format": "uri"},
                        "body": {"type": "string"},
                        "video_url": nullable_str,
                        "qa": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {"q": {"type": "string"}, "a": {"type": "string"}},
                            },
                        },
                    },
                },
                "InterpretationPage": {
                    "type": "object",
                    "required": [*page_props, "results"],
                    "properties": {
                        **page_props,
                        "results": {"type": "array", "items": _ref("Interpretation")},
                    },
                },
                "Theme": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "integer"},
                        "name": {"type": "string"},
                        "children": {
                            "type": "array",
                            "items": {
                                "type": "object",
                                "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
                            },
                        },
                    },
                },
                "Category": {
                    "type": "object",
                    "required": ["code", "label"],
                    "properties": {
                        "code": {"type": "string"},
                        "article": {"type": "string"},
                        "label": {"type": "string"},
                    },
                },
            }
        },
    }


def full_openapi_document() -> dict[str, Any]:
    """The documents API plus the fragments other apps register (registry.register_openapi_fragment)."""
    from zwgk.core import registry

    document = openapi_document()
    for fragment in registry.openapi_fragments():
        part = fragment()
        document["paths"].update(part.get("paths", {}))
        document["components"]["schemas"].update(part.get("schemas", {}))
    return document


@require_GET
@public_cache
def openapi(request: HttpRequest) -> JsonResponse:
    return _json(full_openapi_document())
