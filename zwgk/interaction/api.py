"""JSON API of 互动交流 under /api/v1/messages/ (described in /api/v1/openapi.json).

- POST /api/v1/messages/ submits a message (JSON body) → 201 {"number", "query_code", "due"}; bad input → 400
  {"errors": {field: [Chinese message]}}; never a 500.
- GET /api/v1/messages/{number}/?code=… → the writer's view: status and reply (404 for a wrong code).
- GET /api/v1/messages/ → the public replied messages, masked (only `Message.objects.public()`).
"""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from zwgk.agencies.models import Agency
from zwgk.core.errors import Refused
from zwgk.interaction import actions, services
from zwgk.interaction.forms import MessageForm
from zwgk.interaction.models import Message, MessageKind, Status
from zwgk.interaction.views import rate_limited

MAX_BODY_BYTES = 64 * 1024
MAX_PAGE_SIZE = 100


def _json(data: Any, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _errors(errors: dict[str, list[str]], status: int = 400) -> JsonResponse:
    return _json({"errors": errors}, status=status)


def public_item(request: HttpRequest, m: Message) -> dict[str, Any]:
    return {
        "number": m.number,
        "kind": m.kind.code,
        "kind_label": m.kind.name,
        "agency": {"code": m.agency.code, "name": m.agency.name},
        "title": m.public_title,
        "body": m.public_body,
        "reply": m.public_reply,
        "received_on": m.received_on.isoformat(),
        "replied_on": m.replied_on.isoformat() if m.replied_on else None,
        "url": request.build_absolute_uri(f"/interaction/replies/{m.number}/"),
    }


@csrf_exempt  # a JSON API for other systems (e.g. a 12345 hotline gateway); no cookie-based session is used
@require_http_methods(["GET", "POST"])
def messages(request: HttpRequest) -> JsonResponse:
    if request.method == "POST":
        return _submit(request)
    qs = Message.objects.public().select_related("kind", "agency").order_by("-published_at", "-pk")
    kind = request.GET.get("kind", "")
    if kind:
        qs = qs.filter(kind__code=kind[:30])
    try:
        size = max(1, min(MAX_PAGE_SIZE, int(request.GET.get("page_size", 20))))
    except ValueError:
        size = 20
    page = Paginator(qs, size).get_page(request.GET.get("page"))
    return _json(
        {
            "count": page.paginator.count,
            "page": page.number,
            "page_size": size,
            "results": [public_item(request, m) for m in page],
        }
    )


def _submit(request: HttpRequest) -> JsonResponse:
    if len(request.body) > MAX_BODY_BYTES:
        return _errors({"__all__": ["请求内容过大。"]}, status=413)
    try:
        payload = json.loads(request.body.decode("utf-8") or "{}")
    except (UnicodeDecodeError, json.JSONDecodeError):
        return _errors({"__all__": ["请求内容不是有效的 JSON。"]})
    if not isinstance(payload, dict):
        return _errors({"__all__": ["请求内容应为 JSON 对象。"]})
    code = payload.get("kind")
    kind = MessageKind.objects.filter(code=code, active=True).first() if isinstance(code, str) else None
    if kind is None:
        return _errors({"kind": ["请填写有效的留言类别代码（见 GET /api/v1/openapi.json）。"]})
    if rate_limited(request, "interaction-submit", settings.INTERACTION_SUBMIT_RATE):
        return _errors({"__all__": ["提交过于频繁，请一小时后再试。"]}, status=429)
    data = {
        k: ("" if v is None else str(v) if not isinstance(v, bool) else v)
        for k, v in payload.items()
        if k != "kind" and isinstance(v, str | int | bool | type(None))
    }
    if "agency" in data and kind.default_agency is not None and not data["agency"]:
        data.pop("agency")
    if data.get("agency"):
        agency = Agency.objects.filter(code=data["agency"]).first()
        if agency is None:
            return _errors({"agency": ["单位代码不存在。"]})
        data["agency"] = str(agency.pk)
    form = MessageForm(data, kind=kind)
    if not form.is_valid():
        return _errors({k: [str(e) for e in v] for k, v in form.errors.items()})
    try:
        message, query_code = actions.submit_message(kind, form.cleaned_data, channel="api")
    except Refused as exc:
        return _errors(
            {"__all__": [exc.message, *exc.problems]}, status=409 if "编号" in exc.message else 400
        )
    return _json(
        {
            "number": message.number,
            "query_code": query_code,
            "due": message.due_on.isoformat() if message.due_on else None,
        },
        status=201,
    )


@require_GET
def message(request: HttpRequest, number: str) -> JsonResponse:
    code = request.GET.get("code", "")[:20]
    if not code.strip():
        return _errors({"code": ["请提供查询码。"]})
    # Only attempts with a code count towards the limit: they are what a guesser sends.
    if rate_limited(request, "interaction-query", settings.INTERACTION_QUERY_RATE):
        return _errors({"__all__": ["查询次数过多，请一小时后再试。"]}, status=429)
    m = Message.objects.filter(number=number[:20]).select_related("kind", "agency").first()
    if m is None or not m.check_query_code(code):
        return _json({"detail": "留言编号或查询码不正确。"}, status=404)
    return _json(
        {
            "number": m.number,
            "kind": m.kind.code,
            "status": m.status,
            "status_label": m.status_label,
            "agency": {"code": m.agency.code, "name": m.agency.name},
            "received_on": m.received_on.isoformat(),
            "due": m.due_on.isoformat() if m.due_on else None,
            "due_text": services.describe_due(m),
            "info_request": m.info_request if m.status == Status.AWAITING_INFO else None,
            "reply": m.reply_body if m.status == Status.REPLIED else None,
            "replied_on": m.replied_on.isoformat() if m.replied_on else None,
            "history": [{"at": e.at.isoformat(), "text": e.text} for e in m.events.filter(public=True)],
        }
    )


def openapi_fragment() -> dict[str, Any]:
    error = {
        "description": "输入有误（逐项说明）",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Errors"}}},
    }
    return {
        "paths": {
            "/api/v1/messages/": {
                "get": {
                    "summary": "已答复并公开的留言（个人信息已隐去）",
                    "operationId": "listMessages",
                    "parameters": [
                        {"name": "kind", "in": "query", "schema": {"type": "string"}},
                        {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}},
                        {
                            "name": "page_size",
                            "in": "query",
                            "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE},
                        },
                    ],
                    "responses": {
                        "200": {
                            "description": "分页列表",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/MessagePage"}}
                            },
                        }
                    },
                },
                "post": {
                    "summary": "提交留言",
                    "operationId": "submitMessage",
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/NewMessage"}}
                        },
                    },
                    "responses": {
                        "201": {
                            "description": "已收到",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/Submitted"}}
                            },
                        },
                        "400": error,
                        "409": error,
                        "413": error,
                        "429": error,
                    },
                },
            },
            "/api/v1/messages/{number}/": {
                "get": {
                    "summary": "凭查询码查看留言办理情况",
                    "operationId": "getMessage",
                    "parameters": [
                        {
                            "name": "number",
                            "in": "path",
                            "required": True,
                            "schema": {"type": "string", "maxLength": 20},
                        },
                        {
                            "name": "code",
                            "in": "query",
                            "required": True,
                            "schema": {"type": "string", "maxLength": 20},
                        },
                    ],
                    "responses": {
                        "200": {
                            "description": "办理情况",
                            "content": {"application/json": {"schema": {"type": "object"}}},
                        },
                        "400": error,
                        "404": {"description": "编号或查询码不正确"},
                        "429": error,
                    },
                }
            },
        },
        "schemas": {
            "NewMessage": {
                "type": "object",
                "required": ["kind", "title", "body"],
                "properties": {
                    "kind": {
                        "type": "string",
                        "description": "留言类别代码（默认：zixun 政务咨询、zhaocuo 我为政府网站找错、tousu 投诉举报、jianyi 建议、yingshang 营商环境）",
                    },
                    "agency": {"type": "string", "description": "办理单位代码（类别有默认办理单位时可省略）"},
                    "subkind": {"type": "string"},
                    "title": {"type": "string", "maxLength": 100},
                    "body": {"type": "string", "maxLength": 5000},
                    "name": {"type": "string", "maxLength": 50},
                    "phone": {"type": "string", "maxLength": 30},
                    "email": {"type": "string", "format": "email"},
                    "page_url": {"type": "string", "format": "uri"},
                    "company": {"type": "string"},
                    "project_name": {"type": "string"},
                    "approval_item": {"type": "string"},
                    "approval_unit": {"type": "string"},
                },
            },
            "Submitted": {
                "type": "object",
                "required": ["number", "query_code", "due"],
                "properties": {
                    "number": {"type": "string"},
                    "query_code": {"type": "string", "description": "只返回一次，请妥善保存"},
                    "due": {"type": ["string", "null"], "format": "date"},
                },
            },
            "Errors": {
                "type": "object",
                "properties": {
                    "errors": {
                        "type": "object",
                        "additionalProperties": {"type": "array", "items": {"type": "string"}},
                    }
                },
            },
            "PublicMessage": {
                "type": "object",
                "properties": {
                    "number": {"type": "string"},
                    "kind": {"type": "string"},
                    "kind_label": {"type": "string"},
                    "agency": {"type": "object"},
                    "title": {"type": "string"},
                    "body": {"type": "string"},
                    "reply": {"type": "string"},
                    "received_on": {"type": "string", "format": "date"},
                    "replied_on": {"type": ["string", "null"], "format": "date"},
                    "url": {"type": "string", "format": "uri"},
                },
            },
            "MessagePage": {
                "type": "object",
                "properties": {
                    "count": {"type": "integer"},
                    "page": {"type": "integer"},
                    "page_size": {"type": "integer"},
                    "results": {"type": "array", "items": {"$ref": "#/components/schemas/PublicMessage"}},
                },
            },
        },
    }
