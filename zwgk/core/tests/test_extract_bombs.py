"""Decompression bombs, one per shape, built small in the test: every one is refused with a Chinese message."""

import io
import struct
import zipfile

import docx
import pytest

from zwgk.extract import ExtractError, Limits, extract

SMALL = Limits(max_uncompressed=16 * 1024 * 1024)


def docx_bytes(text: str = "正文") -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def with_member(base: bytes, name: str, write) -> bytes:
    """A copy of the .docx `base` with one more member written by `write(archive, name)`."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info, source.read(info))
        write(target, name)
    return out.getvalue()


def zeros_zip64(archive: zipfile.ZipFile, name: str, size: int = 48 * 1024 * 1024) -> None:
    with archive.open(name, "w", force_zip64=True) as member:
        block = b"\0" * (1024 * 1024)
        for _ in range(size // len(block)):
            member.write(block)


def patch_zip64_sizes(data: bytes, name: bytes, new_size: int) -> bytes:
    """Rewrite the uncompressed size of `name`: the zip64 extra field of its local header and its central entry."""
    buf = bytearray(data)
    patched = 0
    for signature, fixed in ((b"PK\x03\x04", 30), (b"PK\x01\x02", 46)):
        start = 0
        while (at := buf.find(signature, start)) != -1:
            start = at + 4
            name_len, extra_len = struct.unpack_from("<HH", buf, at + fixed - (4 if fixed == 30 else 18))
            if bytes(buf[at + fixed : at + fixed + name_len]) != name:
                continue
            if fixed == 46 and struct.unpack_from("<I", buf, at + 24)[0] != 0xFFFFFFFF:
                struct.pack_into("<I", buf, at + 24, new_size)  # the central directory kept 32-bit sizes
                patched += 1
                continue
            extra = at + fixed + name_len
            end = extra + extra_len
            while extra < end:
                header_id, length = struct.unpack_from("<HH", buf, extra)
                if header_id == 0x0001:
                    struct.pack_into("<Q", buf, extra + 4, new_size)  # first field: uncompressed size
                    patched += 1
                extra += 4 + length
    assert patched == 2
    return bytes(buf)


def test_a_zip64_header_that_lies_about_the_size_is_measured_not_trusted():
    bomb = with_member(docx_bytes(), "word/media/blob.bin", zeros_zip64)
    bomb = patch_zip64_sizes(bomb, b"word/media/blob.bin", 1024)
    assert len(bomb) < 200_000
    assert zipfile.ZipFile(io.BytesIO(bomb)).getinfo("word/media/blob.bin").file_size == 1024
    with pytest.raises(ExtractError) as err:
        extract(bomb, "lying.docx", SMALL)
    assert "压缩炸弹" in err.value.zh


def test_a_header_that_lies_within_the_budget_is_refused_as_tampered():
    bomb = with_member(docx_bytes(), "word/media/blob.bin", lambda a, n: zeros_zip64(a, n, 2 * 1024 * 1024))
    bomb = patch_zip64_sizes(bomb, b"word/media/blob.bin", 1024)
    with pytest.raises(ExtractError) as err:
        extract(bomb, "lying.docx")
    assert "实际大小与声明不符" in err.value.zh


def test_a_zip_nested_in_the_document_counts_against_the_same_budget():
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as archive:
        for index in range(3):  # three honest 8 MB members: 24 MB inflated, over the 16 MB budget
            archive.writestr(f"part{index}.xml", b" " * (8 * 1024 * 1024))
    bomb = with_member(
        docx_bytes(), "word/embeddings/package.zip", lambda a, n: a.writestr(n, inner.getvalue())
    )
    assert len(bomb) < 200_000
    with pytest.raises(ExtractError) as err:
        extract(bomb, "nested.docx", SMALL)
    assert "压缩炸弹" in err.value.zh


def test_archives_nested_deeper_than_allowed_are_refused():
    level = b"PK\x05\x06" + b"\0" * 18  # an empty zip
    for depth in range(3):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr(f"level{depth}.zip", level)
        level = buffer.getvalue()
    bomb = with_member(docx_bytes(), "word/embeddings/deep.zip", lambda a, n: a.writestr(n, level))
    with pytest.raises(ExtractError) as err:
        extract(bomb, "deep.docx")
    assert "嵌套层数过多" in err.value.zh


def test_a_legitimately_embedded_workbook_is_still_read():
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    doc = with_member(
        docx_bytes("附表见嵌入对象"),
        "word/embeddings/Microsoft_Excel_Worksheet.xlsx",
        lambda a, n: a.writestr(n, inner.getvalue()),
    )
    assert "附表见嵌入对象" in extract(doc, "ok.docx").text


def test_an_archive_with_too_many_members_is_refused_with_the_default_limits():
    def many(archive: zipfile.ZipFile, name: str) -> None:
        for index in range(Limits().max_members + 1):
            archive.writestr(f"{name}/{index}", b"")

    bomb = with_member(docx_bytes(), "customXml/m", many)
    assert len(bomb) < 3_000_000
    with pytest.raises(ExtractError) as err:
        extract(bomb, "many.docx")
    assert "条目过多" in err.value.zh


def test_xml_with_an_entity_expansion_is_refused():
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
        + b"".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'.encode() for i in range(8))
        + b']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>&i;</w:t></w:r></w:p></w:body></w:document>"
    )
    source = docx_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, laughs if info.filename == "word/document.xml" else src.read(info))
    with pytest.raises(ExtractError) as err:
        extract(out.getvalue(), "laughs.docx")
    assert "DTD" in err.value.zh


def test_a_huge_xml_member_is_stopped_at_the_inflation_budget():
    def huge(archive: zipfile.ZipFile, name: str) -> None:
        with archive.open(name, "w") as member:  # honest header, 20 MB of XML
            member.write(b"<w:p>")
            for _ in range(20):
                member.write(b"<w:t>x</w:t>" * (1024 * 1024 // 12))

    bomb = with_member(docx_bytes(), "word/huge.xml", huge)
    assert len(bomb) < 500_000
    with pytest.raises(ExtractError) as err:
        extract(bomb, "huge.docx", SMALL)
    assert "压缩炸弹" in err.value.zh


def test_a_pdf_over_the_page_limit_is_refused():
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(5):
        writer.add_blank_page(width=200, height=200)
    buffer = io.BytesIO()
    writer.write(buffer)
    data = buffer.getvalue()
    with pytest.raises(ExtractError) as err:
        extract(data, "long.pdf", Limits(max_pages=2))
    assert "页的处理上限" in err.value.zh


def test_processing_time_is_bounded():
    with pytest.raises(ExtractError) as err:
        extract(docx_bytes("正文" * 100), "slow.docx", Limits(max_seconds=0))
    assert "时间上限" in err.value.zh
