"""GET /api/v1/columns/: the public column tree of the portal and of every sub-site (described in
/api/v1/openapi.json). Only `Column.objects.public()` columns and `.public()` records are read."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from zwgk.columns import content
from zwgk.columns.models import Column


def _json(data: Any) -> JsonResponse:
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _tree(columns: list[Column]) -> list[dict[str, Any]]:
    tree = content.children_map(columns)
    own = {c.pk: content.own_last_update(c) for c in columns}

    def node(c: Column) -> dict[str, Any]:
        children = [node(x) for x in tree.get(c.pk, [])]
        days = [d for d in [own[c.pk], *(x["last_update"] for x in children)] if d]
        return {
            "name": c.name,
            "slug": c.slug,
            "kind": c.kind,
            "url": c.public_url(),
            "ends_on": c.ends_on.isoformat() if c.ends_on else None,
            "last_update": max(days) if days else None,
            "children": children,
        }

    def dated(n: dict[str, Any]) -> dict[str, Any]:
        return {
            **n,
            "last_update": n["last_update"].isoformat() if n["last_update"] else None,
            "children": [dated(x) for x in n["children"]],
        }

    return [dated(node(c)) for c in tree.get(None, [])]


@require_GET
def columns(request: HttpRequest) -> JsonResponse:
    public = list(Column.objects.public().select_related("agency").in_order())
    portal = [c for c in public if c.agency_id is None]
    sites: dict[int, list[Column]] = {}
    for c in public:
        if c.agency_id:
            sites.setdefault(c.agency_id, []).append(c)
    return _json(
        {
            "portal": _tree(portal),
            "sites": [
                {"agency": {"code": a.code, "name": a.name, "kind": a.kind}, "columns": _tree(cols)}
                for cols in sites.values()
                if (a := cols[0].agency) is not None
            ],
        }
    )


def openapi_fragment() -> dict[str, Any]:
    return {
        "paths": {
            "/api/v1/columns/": {
                "get": {
                    "summary": "栏目树：区政府门户网站和各单位子站的公开栏目（kind 为 special 的是专题专栏）",
                    "operationId": "listColumns",
                    "responses": {
                        "200": {
                            "description": "栏目树",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/ColumnTree"}}
                            },
                        }
                    },
                }
            }
        },
        "schemas": {
            "Column": {
                "type": "object",
                "required": ["name", "slug", "kind", "children", "last_update"],
                "properties": {
                    "name": {"type": "string"},
                    "slug": {"type": "string"},
                    "kind": {"type": "string", "enum": ["list", "special", "page", "link"]},
                    "url": {"type": "string"},
                    "ends_on": {"type": ["string", "null"], "format": "date"},
                    "last_update": {"type": ["string", "null"], "format": "date"},
                    "children": {"type": "array", "items": {"$ref": "#/components/schemas/Column"}},
                },
            },
            "ColumnTree": {
                "type": "object",
                "properties": {
                    "portal": {"type": "array", "items": {"$ref": "#/components/schemas/Column"}},
                    "sites": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {
                                "agency": {"type": "object"},
                                "columns": {
                                    "type": "array",
                                    "items": {"$ref": "#/components/schemas/Column"},
                                },
                            },
                        },
                    },
                },
            },
        },
    }
