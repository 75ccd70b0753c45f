"""Every kind of generated document: PDFs embed every font (checked with poppler's pdffonts), .docx files are A4
with the GB/T 9704 margins, and the font fallback says one clean line instead of a traceback."""

from __future__ import annotations

import io
import logging
import shutil
import subprocess
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import docx
import pytest
from docx.shared import Mm

from zwgk.applications import letters
from zwgk.core import pdf as core_pdf
from zwgk.core.docxpage import MARGINS_MM
from zwgk.core.pdf import PdfDocument, TableBlock

PDFFONTS = shutil.which("pdffonts")


def fonts_of(data: bytes, tmp_path: Path) -> list[tuple[str, str]]:
    """(font name, emb column) for every font of the PDF, as poppler-utils' pdffonts lists them."""
    assert PDFFONTS, "pdffonts is missing: run `make system-deps` (poppler-utils)"
    path = tmp_path / "out.pdf"
    path.write_bytes(data)
    out = subprocess.run([PDFFONTS, str(path)], capture_output=True, text=True, check=True).stdout
    rows = out.splitlines()[2:]  # two header lines
    fonts = []
    for row in rows:
        parts = row.split()
        # name type... encoding emb sub uni objectID gen: emb is the 5th field from the right
        fonts.append((parts[0], parts[-5]))
    return fonts


def _letter() -> letters.LetterContent:
    return letters.LetterContent(
        "政府信息公开申请答复告知书",
        "东丽发改依申答〔2026〕3号",
        date(2026, 3, 10),
        "天津市东丽区发展和改革委员会",
        [
            "张小明：",
            "本机关于2026年3月1日收到您提出的政府信息公开申请（申请编号：YSQ2026-00025）。",
            "特此告知。",
        ],
    )


def _report() -> object:
    from zwgk.reports.document import ReportDocument

    return ReportDocument("天津市东丽区发改委", 2025, {}, {}, {}, {}, draft=True)


def _plan() -> object:
    return SimpleNamespace(year=2026, __str__=lambda self: "2026年政务公开工作要点")


def _pdf_kinds() -> dict[str, bytes]:
    from zwgk.reports.document import render_pdf
    from zwgk.screening.redact import _pdf_copy

    plain = PdfDocument("测试 YSQ2026-00025").heading_title("标题").paragraph("正文 Latin 123")
    plain.table(TableBlock(rows=[["列", "Col"], ["一", "1"]]))
    receipt_app = SimpleNamespace(
        number="YSQ2026-00025",
        applicant_name="张小明",
        agency=SimpleNamespace(name="天津市东丽区发展和改革委员会", phone="022-84370000"),
        submitted_at=__import__("django.utils.timezone").utils.timezone.now(),
        received_on=date(2026, 3, 10),
        request_text="东丽区2025年政府投资项目计划",
    )
    source = plain.render()
    return {
        "blocks": source,
        "reply letter": letters.pdf_bytes(_letter()),
        "receipt": letters.receipt_pdf(receipt_app, "ABCD-EFGH", SimpleNamespace(result=None)),
        "annual report": render_pdf(_report()),  # type: ignore[arg-type]
        "redacted copy": _pdf_copy(source, "名单.pdf", [("YSQ2026", "YSQ****")]).data,
    }


@pytest.mark.django_db
def test_every_generated_pdf_embeds_every_font(tmp_path):
    for kind, data in _pdf_kinds().items():
        fonts = fonts_of(data, tmp_path)
        assert fonts, f"{kind}: no font at all?"
        not_embedded = [name for name, emb in fonts if emb != "yes"]
        assert not not_embedded, f"{kind}: fonts not embedded: {not_embedded}"


def _assert_a4(data: bytes, kind: str) -> None:
    for section in docx.Document(io.BytesIO(data)).sections:
        assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297), kind
        margins = {
            "top": section.top_margin,
            "bottom": section.bottom_margin,
            "left": section.left_margin,
            "right": section.right_margin,
        }
        for side, mm in MARGINS_MM.items():
            assert abs(margins[side] - Mm(mm)) < Mm(0.5), (kind, side)


@pytest.mark.django_db
def test_every_generated_docx_is_a4_with_gbt_9704_margins():
    from zwgk.reports.document import render_docx
    from zwgk.workplan.bulletin import UnitFacts, build_docx

    unit = UnitFacts(SimpleNamespace(short_name="区人社局", name="天津市东丽区人力资源和社会保障局"))  # type: ignore[arg-type]
    unit.poor.append(SimpleNamespace(inspected_on=date(2026, 6, 1), summary="网站栏目长期未更新。"))  # type: ignore[arg-type]
    bulletin = build_docx(
        _plan(),  # type: ignore[arg-type]
        serial=1,
        title="关于2026年政务公开工作要点落实情况的通报",
        as_of=date(2026, 6, 30),
        units=[unit],
        requirement="",
        issued_on=date(2026, 7, 1),
    )
    kinds = {
        "reply letter": letters.docx_bytes(_letter()),
        "annual report": render_docx(_report()),  # type: ignore[arg-type]
        "通报": bulletin,
    }
    for kind, data in kinds.items():
        _assert_a4(data, kind)
    bulletin_text = "\n".join(p.text for p in docx.Document(io.BytesIO(bulletin)).paragraphs)
    assert "网站栏目长期未更新。" in bulletin_text and "。。" not in bulletin_text


def test_unusable_fonts_give_one_warning_line_and_no_traceback(monkeypatch, tmp_path, caplog):
    broken = tmp_path / "NotoSansCJK-Regular.ttc"
    broken.write_bytes(b"OTTO" + b"\0" * 64)  # an OpenType/CFF-like file reportlab cannot embed
    monkeypatch.setattr(core_pdf, "SYSTEM_FONTS", [str(broken)])
    monkeypatch.setenv("ZWGK_PDF_FONT", str(tmp_path / "missing.ttf"))
    core_pdf.chinese_font.cache_clear()
    try:
        with caplog.at_level(logging.WARNING, logger="zwgk.core.pdf"):
            assert core_pdf.chinese_font() == core_pdf.CID_FALLBACK
            data = PdfDocument("回退").paragraph("中文").render()
    finally:
        core_pdf.chinese_font.cache_clear()
    assert data.startswith(b"%PDF")
    assert caplog.records, "the fallback must be reported"
    for record in caplog.records:
        assert record.exc_info is None and "\n" not in record.getMessage()
    assert "fonts-arphic-uming" in caplog.records[-1].getMessage()


def test_the_installed_font_is_a_truetype_cjk_font_and_is_used():
    core_pdf.chinese_font.cache_clear()
    assert core_pdf.font_is_embedded(), "no TrueType CJK font: run `make system-deps` (fonts-arphic-uming)"
