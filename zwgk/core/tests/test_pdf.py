import io

from pypdf import PdfReader

from zwgk.core.pdf import PdfDocument, TableBlock


def test_pdf_carries_extractable_chinese_text_and_tables():
    doc = PdfDocument("政府信息公开申请答复告知书")
    doc.heading_title("政府信息公开申请答复告知书").paragraph("经检索，您申请的信息属于主动公开范围。")
    doc.table(
        TableBlock(rows=[["申请人情况", "", "总计"], ["自然人", "商业企业", "3"]], spans=[(0, 0, 1, 0)])
    )
    pdf = doc.render()
    assert pdf.startswith(b"%PDF")
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "答复告知书" in text
    assert "主动公开范围" in text
    assert "商业企业" in text
