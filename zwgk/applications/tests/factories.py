"""Small helpers for the applications tests."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from zwgk.applications import actions
from zwgk.applications.models import Application

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def proof(name: str = "id.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, "application/pdf")


def applicant(**extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "applicant_type": "自然人",
        "applicant_name": "张小明",
        "id_type": "resident_id",
        "id_number": "11010519491231002X",
        "phone": "13800001234",
        "email": "zhang@example.org",
        "address": "天津市东丽区某路 1 号",
        "postal_code": "300300",
        "description": "东丽区2025年政府投资项目计划",
        "document_ref": "",
        "preferred_form": "electronic",
        "delivery": "online",
    }
    data.update(extra)
    return data


def staff_application(
    agency: Any,
    by: Any,
    *,
    day: date = date(2025, 3, 3),
    channel: str = "in_person",
    accept: bool = False,
    **extra: Any,
) -> Application:
    app, _ = actions.register_by_staff(
        agency,
        applicant(**extra),
        by=by,
        channel=channel,
        submitted_on=day,
        confirmed_on=day if channel in ("email", "fax", "ordinary_post") else None,
        signed_on=day if channel == "registered_post" else None,
    )
    if accept:
        actions.accept(app, by=by)
    app.refresh_from_db()
    return app


def form_post(agency_pk: int, **extra: Any) -> dict[str, Any]:
    """The public form's POST data."""
    data = {k: v for k, v in applicant().items()}
    data.update({"agency": agency_pk, "declaration": "on", "identity_proof": proof()})
    data.update(extra)
    return data
