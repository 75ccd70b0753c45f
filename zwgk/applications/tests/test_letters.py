"""Letter wording: 您 for a person, 贵单位 for an organisation, nothing said twice, attachments named."""

from __future__ import annotations

import io
from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from zwgk.applications import actions, letters
from zwgk.applications.tests.factories import staff_application

pytestmark = pytest.mark.django_db


def _workbook() -> bytes:
    """A real .xlsx: the reply's attachment is screened before the reply can be sent (a broken file blocks it)."""
    import io

    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["项目", "计划投资（万元）"])
    book.active.append(["道路改造", 1200])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def _granted(app, handler, lawyer, *, attachment=None, **data):
    fields = {"outcome": "granted", "provision": "所需信息见附件。", "reasons": "", **data}
    actions.save_draft(app, by=handler, data=fields, attachment=attachment)
    actions.submit_for_legal_review(app, by=handler)
    actions.decide_legal_review(app, by=lawyer, approve=True)
    return _text(actions.send_reply(app, by=handler).docx.read())


def test_person_is_addressed_as_you_and_disclosure_is_said_once(agency_a, handler_a, lawyer_a):
    with time_machine.travel("2025-03-04 10:00 +0800", tick=False):
        app = staff_application(agency_a, handler_a, day=date(2025, 3, 3), accept=True)
        text = _granted(app, handler_a, lawyer_a, reasons="经审查，该信息属于主动公开范围，予以公开。")
    assert "您（单位）" not in text and "贵单位" not in text and "收到您提出的" in text
    assert text.count("予以公开") == 1
    assert "主动公开范围" not in text  # the staff sentence repeated the decision; it is dropped


def test_organisation_is_addressed_as_your_unit_and_the_attachment_is_named(agency_a, handler_a, lawyer_a):
    with time_machine.travel("2025-03-04 10:00 +0800", tick=False):
        app = staff_application(
            agency_a,
            handler_a,
            day=date(2025, 3, 3),
            accept=True,
            applicant_type="商业企业",
            applicant_name="天津示例科技有限公司",
            id_type="credit_code",
            id_number="91120110MA05XXXX1X",
            legal_representative="王五",
        )
        attachment = SimpleUploadedFile("2025年项目计划表.xlsx", _workbook(), "application/octet-stream")
        text = _granted(app, handler_a, lawyer_a, attachment=attachment)
    assert "您" not in text and "收到贵单位提出的" in text
    assert "附件：2025年项目计划表.xlsx" in text
    assert text.index("附件：") < text.index("联系电话")


def test_repeated_sentences_and_double_full_stops_are_tidied():
    assert letters.tidy("特此告知。。特此告知。请查收。") == "特此告知。请查收。"
    assert (
        letters.address("收到您（单位）提出的申请，请您补正。", "贵单位")
        == "收到贵单位提出的申请，请贵单位补正。"
    )
    assert letters.address("收到您（单位）提出的申请。", "您") == "收到您提出的申请。"
