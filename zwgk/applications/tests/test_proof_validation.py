"""Identity proofs and correction material are parsed, not sniffed: truncated, encrypted, script-carrying and
HTML-polyglot PDFs and broken images are refused with a clear message (issue 23)."""

import io

import pytest
from pypdf import PdfWriter

from zwgk.applications.models import Application
from zwgk.applications.proofs import problem
from zwgk.applications.tests.factories import JPEG, PDF, PNG, form_post, proof

pytestmark = pytest.mark.django_db


def encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=100, height=100)
    writer.encrypt("secret")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def polyglot_pdf() -> bytes:
    return b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>\n" + PDF[9:]


def script_pdf() -> bytes:
    assert b"/Type /Catalog" in PDF
    return PDF.replace(
        b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >>"
    )


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("id.pdf", PDF[: len(PDF) // 2], "不完整"),
        ("id.pdf", encrypted_pdf(), "已加密"),
        ("id.pdf", polyglot_pdf(), "网页代码"),
        ("id.pdf", script_pdf(), "脚本"),
        ("id.pdf", b"%PDF-1.7\ngarbage garbage\n%%EOF\n", "已损坏"),
        ("id.png", PNG[: len(PNG) - 20], "已损坏或不完整"),
        ("id.jpg", JPEG[: len(JPEG) // 2], "已损坏或不完整"),
        ("id.jpg", JPEG[:200] + b"<script>alert(1)</script>" + JPEG[200:], "网页代码"),
        ("id.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "已损坏或不完整"),
    ],
)
def test_bad_proofs_are_refused_with_the_reason(name, data, message):
    assert message in (problem(data, name[name.rfind(".") :], "身份证明") or "")


@pytest.mark.parametrize(("name", "data"), [("id.pdf", PDF), ("id.png", PNG), ("id.jpg", JPEG)])
def test_real_scans_pass(name, data):
    assert problem(data, name[name.rfind(".") :], "身份证明") is None


def test_the_online_form_refuses_a_truncated_pdf_and_keeps_nothing(client, agency_a):
    response = client.post("/apply/new/", form_post(agency_a.pk, identity_proof=proof("id.pdf", PDF[:-40])))
    assert response.status_code == 200
    assert "身份证明（PDF）不完整" in response.content.decode()
    assert not Application.objects.exists()
