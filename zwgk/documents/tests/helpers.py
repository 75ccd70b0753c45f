"""Factories for the catalogue's tests: records in every state through the real action functions."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import docx

from zwgk.documents import actions
from zwgk.documents.models import Interpretation, Record, Theme
from zwgk.testing import default_theme, record_data


def theme() -> Theme:
    return default_theme()  # type: ignore[no-any-return]


def draft(agency: Any, drafter: Any, **overrides: Any) -> Record:
    return actions.create_record(agency, record_data(**overrides), by=drafter)


def withheld_draft(agency: Any, drafter: Any) -> Record:
    """A draft to be filed non-public (过程性信息), which then comes up for the periodic review (定期审查)."""
    return draft(
        agency,
        drafter,
        title="区发改委2024年项目储备会议纪要",
        openness="withheld",
        legal_ground="process_info",
        openness_reason="会议讨论记录，属于过程性信息",
        statutory_category="",
        genre="minutes",
        written_on=date(2024, 2, 28),
    )


def to_signoff(record: Record, drafter: Any, reviewer: Any) -> Record:
    actions.submit(record, by=drafter)
    return actions.approve_review(record, by=reviewer, note="已审查正文，不涉及国家秘密和个人隐私。")


def publish(record: Record, drafter: Any, reviewer: Any, signer: Any, **kwargs: Any) -> Record:
    to_signoff(record, drafter, reviewer)
    return actions.sign(record, by=signer, note="同意发布。", **kwargs)


def interpretation(policy: Record, drafter: Any, **overrides: Any) -> Interpretation:
    data = {"title": f"《{policy.title}》政策解读", "form": "text", "body": "一、出台背景……"}
    data.update(overrides)
    return actions.create_interpretation(policy, data, by=drafter)


def approve_interpretation(item: Interpretation, drafter: Any, reviewer: Any, signer: Any) -> Interpretation:
    actions.submit(item, by=drafter)
    actions.approve_review(item, by=reviewer, note="解读内容已审查。")
    return actions.sign_interpretation(item, by=signer, note="同意。")


def docx_bytes(*paragraphs: str, author: str = "", comment: str = "") -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if author:
        document.core_properties.author = author
        document.core_properties.last_modified_by = author
        document.core_properties.revision = 7
    if comment:
        document.add_comment(document.paragraphs[0].runs, text=comment, author=author or "审稿人")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
