"""Redacted copies: the original values cannot be extracted from the result, in every format."""

import io
import zipfile

import docx
import pytest

from zwgk.core.pdf import PdfDocument
from zwgk.extract import extract
from zwgk.screening.redact import RedactionError, redact_document
from zwgk.screening.tests.factories import id18

ID = id18()
MASKED = f"{ID[:4]}**********{ID[-4:]}"
PAIRS = [(ID, MASKED), ("张小三", "张*三")]


def _docx() -> bytes:
    document = docx.Document()
    paragraph = document.add_paragraph()
    for run in ["申请人", "张小", "三，身份证", ID[:7], ID[7:], "。"]:
        paragraph.add_run(run).bold = run == ID[:7]
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "张小三"
    table.cell(0, 1).text = ID
    document.sections[0].header.paragraphs[0].text = f"抄送：张小三 {ID}"
    document.core_properties.title = "张小三的申请"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _ofd() -> bytes:
    ns = 'xmlns:ofd="http://www.ofdspec.org/2016"'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "OFD.xml",
            f"<ofd:OFD {ns}><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        )
        archive.writestr(
            "Doc_0/Document.xml",
            f"<ofd:Document {ns}><ofd:Pages><ofd:Page ID='1' BaseLoc='Pages/Page_0/Content.xml'/></ofd:Pages></ofd:Document>",
        )
        archive.writestr(
            "Doc_0/Pages/Page_0/Content.xml",
            f"<ofd:Page {ns}><ofd:Content><ofd:Layer><ofd:TextObject ID='1'>"
            f"<ofd:TextCode X='0' Y='0'>张小三身份证{ID[:5]}</ofd:TextCode><ofd:TextCode X='9' Y='0'>{ID[5:]}</ofd:TextCode>"
            "</ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>",
        )
    return buffer.getvalue()


def _xlsx() -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append(["姓名", "身份证号", "备注"])
    workbook.active.append(["张小三", ID, f"代领：张小三（{ID}）"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("filename", "make"),
    [
        ("a.txt", lambda: f"张小三，{ID}".encode("gb18030")),
        ("a.csv", lambda: f"姓名,身份证号\n张小三,{ID}\n".encode()),
        ("a.docx", _docx),
        ("a.xlsx", _xlsx),
        ("a.ofd", _ofd),
        ("a.pdf", lambda: PdfDocument("名单").paragraph(f"张小三 身份证 {ID}").render()),
    ],
)
def test_values_are_gone_and_masks_are_there(filename, make):
    result = redact_document(make(), filename, PAIRS)
    text = extract(result.data, result.filename).text
    squeezed = text.replace(" ", "")  # PDF extraction may show the narrower '*' as a gap
    assert ID not in squeezed and "张小三" not in squeezed
    assert MASKED in squeezed and "张*三" in squeezed
    assert result.replaced >= 2


def test_docx_formatting_of_the_other_runs_is_kept():
    result = redact_document(_docx(), "a.docx", PAIRS)
    runs = docx.Document(io.BytesIO(result.data)).paragraphs[0].runs
    assert [r.text for r in runs] == ["申请人", "张*", "三，身份证", MASKED[:7], MASKED[7:], "。"]
    assert runs[3].bold and not runs[4].bold
    assert docx.Document(io.BytesIO(result.data)).core_properties.title == "张*三的申请"


@pytest.fixture(params=["installed font", "CID font without a file"])
def pdf_font(request, monkeypatch):
    """The PDF writer embeds a system CJK font when one is installed and falls back to the non-embedded Adobe
    CID font STSong-Light otherwise; redaction must work on both kinds of file."""
    if request.param == "CID font without a file":
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont

        import zwgk.core.pdf

        pdfmetrics.registerFont(UnicodeCIDFont(zwgk.core.pdf.CID_FALLBACK))
        monkeypatch.setattr(zwgk.core.pdf, "chinese_font", lambda: zwgk.core.pdf.CID_FALLBACK)
    return request.param


def test_pdf_glyphs_are_removed_in_place_and_the_layout_kept(pdf_font):
    from pypdf import PdfReader

    data = PdfDocument("名单").paragraph(f"张小三 {ID}").paragraph("第二段不变").render()
    result = redact_document(data, "名单.pdf", PAIRS)
    assert result.filename == "名单.pdf"  # same document, not a re-typeset copy
    text = extract(result.data, result.filename).text
    assert MASKED in text and "第二段不变" in text and "脱敏副本" not in text
    original, redacted = PdfReader(io.BytesIO(data)), PdfReader(io.BytesIO(result.data))
    assert len(redacted.pages) == len(original.pages)
    assert redacted.pages[0].mediabox == original.pages[0].mediabox


def test_pdf_with_a_cid_font_is_redacted():
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.setFont("STSong-Light", 12)
    page.drawString(72, 720, f"申请人张小三，身份证号码{ID}")
    page.save()
    result = redact_document(buffer.getvalue(), "cid.pdf", PAIRS)
    text = extract(result.data, result.filename).text
    assert ID not in text.replace(" ", "") and "张小三" not in text


def test_pdf_falls_back_to_a_labelled_copy_when_in_place_removal_fails(monkeypatch):
    from zwgk.screening import redact

    monkeypatch.setattr(redact, "_pdf_in_place", lambda data, pairs: None)
    data = PdfDocument("名单").paragraph(f"张小三 {ID}").render()
    result = redact_document(data, "名单.pdf", PAIRS)
    assert result.filename == "名单（脱敏）.pdf"
    text = extract(result.data, result.filename).text
    assert "脱敏副本" in text and MASKED in text and ID not in text


def test_images_and_unreadable_files_are_refused():
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
    with pytest.raises(RedactionError):
        redact_document(png, "scan.png", PAIRS)
    with pytest.raises(RedactionError):
        redact_document(b"%PDF-1.4 broken", "x.pdf", PAIRS)


def test_masks_must_keep_the_length():
    with pytest.raises(ValueError):
        redact_document(b"abc", "a.txt", [("abc", "*")])
