"""Text extraction from uploads: every supported format, and clear refusals for bad files."""

import io
import zipfile

import docx
import openpyxl
import pytest
from pypdf import PdfReader, PdfWriter

from zwgk.core.pdf import PdfDocument
from zwgk.extract import ExtractError, Limits, extract

BODY = "关于做好2022年政务公开工作的通知 东丽政办发〔2022〕5号"


def make_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph(BODY)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "张三"
    table.rows[0].cells[1].text = "13812345678"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "补贴名单"
    sheet.append(["姓名", "金额"])
    sheet.append(["李四", 1200])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def make_pdf(text: str = BODY) -> bytes:
    return PdfDocument("t").paragraph(text).render()


def make_ofd() -> bytes:
    ns = 'xmlns:ofd="http://www.ofdspec.org/2016"'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "OFD.xml",
            f"<ofd:OFD {ns}><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        )
        archive.writestr(
            "Doc_0/Document.xml",
            f"<ofd:Document {ns}><ofd:Pages><ofd:Page ID='1' BaseLoc='Pages/Page_0/Content.xml'/>"
            f"<ofd:Page ID='2' BaseLoc='Pages/Page_1/Content.xml'/></ofd:Pages></ofd:Document>",
        )
        for index, line in enumerate(["第一页：政府信息公开", "第二页：身份证号"]):
            archive.writestr(
                f"Doc_0/Pages/Page_{index}/Content.xml",
                f"<ofd:Page {ns}><ofd:Content><ofd:Layer><ofd:TextObject ID='1'><ofd:TextCode X='0' Y='0'>{line}"
                f"</ofd:TextCode></ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>",
            )
    return buffer.getvalue()


def test_docx_paragraphs_and_tables():
    result = extract(make_docx(), "a.docx")
    assert result.kind == "docx"
    assert BODY in result.text
    assert "张三\t13812345678" in result.text


def test_xlsx_cells_with_sheet_titles():
    result = extract(make_xlsx(), "名单.xlsx")
    assert result.kind == "xlsx"
    assert "【补贴名单】" in result.text and "李四\t1200" in result.text


def test_pdf_text():
    result = extract(make_pdf(), "a.pdf")
    assert result.kind == "pdf" and result.pages == 1
    assert "政务公开工作的通知" in result.text


def test_ofd_text_in_page_order():
    result = extract(make_ofd(), "a.ofd")
    assert result.kind == "ofd" and result.pages == 2
    assert result.text.index("第一页") < result.text.index("第二页")


def test_text_in_gb18030_and_csv():
    assert extract(BODY.encode("gb18030"), "a.txt").text == BODY
    assert extract("姓名,电话\n张三,13812345678\n".encode(), "a.csv").text == "姓名\t电话\n张三\t13812345678"


def test_the_format_is_decided_by_content_not_name():
    assert extract(make_pdf(), "disguised.docx").kind == "pdf"


def test_images_are_accepted_without_text_and_with_a_warning():
    result = extract(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, "a.png")
    assert result.kind == "image" and result.text == "" and result.warnings


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "a.txt", "文件为空"),
        (b"\x00\x01\x02garbage" * 100, "a.bin", "无法识别"),
        (b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "a.doc", "旧版 Office"),
        (b"PK\x03\x04broken", "a.docx", "已损坏"),
        (b"%PDF-1.7\n1 0 obj <<", "a.pdf", "PDF"),
    ],
)
def test_bad_files_get_a_clear_chinese_message(data, name, message):
    with pytest.raises(ExtractError) as err:
        extract(data, name)
    assert message in err.value.zh
    assert err.value.en


def test_truncated_pdf_is_refused():
    with pytest.raises(ExtractError):
        extract(make_pdf()[:300], "a.pdf")


def test_encrypted_pdf_is_refused():
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(make_pdf())))
    writer.encrypt(user_password="secret", owner_password="owner")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(ExtractError) as err:
        extract(buffer.getvalue(), "a.pdf")
    assert "加密" in err.value.zh


def test_zip_bomb_disguised_as_docx_is_refused_before_decompression():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"0" * (50 * 1024 * 1024))
    assert len(buffer.getvalue()) < 200_000
    with pytest.raises(ExtractError) as err:
        extract(buffer.getvalue(), "bomb.docx", Limits(max_uncompressed=20 * 1024 * 1024))
    assert "压缩炸弹" in err.value.zh


def test_files_over_the_size_limit_are_refused():
    with pytest.raises(ExtractError, match="MB"):
        extract(b"a" * 2048, "a.txt", Limits(max_bytes=1024))
