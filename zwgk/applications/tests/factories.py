"""Small helpers for the applications tests."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from zwgk.applications import actions
from zwgk.applications.models import Application


def _real_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _real_image(fmt: str) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 180, 160)).save(buffer, fmt)
    return buffer.getvalue()


# Proofs are validated by parsing (zwgk.applications.proofs): the test files are real, small ones.
PDF = _real_pdf()
PNG = _real_image("PNG")
JPEG = _real_image("JPEG")


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
