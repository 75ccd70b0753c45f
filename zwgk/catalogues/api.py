"""GET /api/v1/catalogues/: the standard catalogues with their 事项 and, per adopting agency, how many 事项 it
adopted and how many have published content (public figures: content is read through `.public()` only)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from zwgk.catalogues.coverage import coverage
from zwgk.catalogues.models import Catalogue


@require_GET
def catalogues(request: HttpRequest) -> JsonResponse:
    today = timezone.localdate()
    out = []
    for catalogue in Catalogue.objects.prefetch_related("items"):
        rows = coverage(today, catalogue)
        out.append(
            {
                "domain": catalogue.domain,
                "source": catalogue.source,
                "items": [
                    {
                        "seq": i.seq,
                        "level1": i.level1,
                        "level2": i.level2,
                        "content": i.content,
                        "basis": i.basis,
                        "time_limit": i.time_limit,
                        "subject": i.subject,
                        "channels": i.channels,
                        "audience": i.audience,
                        "mode": i.mode,
                        "levels": i.levels,
                    }
                    for i in catalogue.items.all()
                    if not i.retired
                ],
                "agencies": [
                    {"name": r.agency, "items_adopted": r.adopted, "items_with_content": r.with_content}
                    for r in rows
                ],
            }
        )
    response = JsonResponse({"catalogues": out}, json_dumps_params={"ensure_ascii": False})
    response["X-Content-Type-Options"] = "nosniff"
    return response


def openapi_fragment() -> dict[str, Any]:
    text = {"type": "string"}
    return {
        "paths": {
            "/api/v1/catalogues/": {
                "get": {
                    "summary": "基层政务公开标准目录及各单位事项目录的覆盖情况",
                    "operationId": "listCatalogues",
                    "responses": {
                        "200": {
                            "description": "标准目录",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/CatalogueList"}}
                            },
                        }
                    },
                }
            }
        },
        "schemas": {
            "CatalogueItem": {
                "type": "object",
                "properties": {
                    "seq": {"type": "integer"},
                    "level1": text,
                    "level2": text,
                    "content": text,
                    "basis": text,
                    "time_limit": text,
                    "subject": text,
                    "channels": text,
                    "audience": text,
                    "mode": text,
                    "levels": {
                        "type": "array",
                        "items": {"type": "string", "enum": ["county", "township", "village"]},
                    },
                },
            },
            "CatalogueList": {
                "type": "object",
                "properties": {
                    "catalogues": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {
                                "domain": text,
                                "source": text,
                                "items": {
                                    "type": "array",
                                    "items": {"$ref": "#/components/schemas/CatalogueItem"},
                                },
                                "agencies": {
                                    "type": "array",
                                    "items": {
                                        "type": "object",
                                        "properties": {
                                            "name": text,
                                            "items_adopted": {"type": "integer"},
                                            "items_with_content": {"type": "integer"},
                                        },
                                    },
                                },
                            },
                        },
                    }
                },
            },
        },
    }
