"""Builders of documents with planted personal data, shared by the secrecy tests."""

from __future__ import annotations

import io
import zipfile

import docx
import openpyxl
from django.core.files.base import ContentFile

from zwgk.core.pdf import PdfDocument
from zwgk.extract import extract
from zwgk.screening.tests.factories import id18
from zwgk.secrecy.tests.fakedocs.models import FakeAttachment, FakeRecord

ID_A = id18()
ID_B = id18(seq="246")
MOBILE = "13912345678"


def docx_bytes(paragraphs: list[list[str]], table: list[list[str]] | None = None) -> bytes:
    """A .docx whose paragraphs are made of the given runs (so values can be split across runs)."""
    document = docx.Document()
    for runs in paragraphs:
        paragraph = document.add_paragraph()
        for run in runs:
            paragraph.add_run(run)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def pdf_bytes(lines: list[str]) -> bytes:
    document = PdfDocument("附件")
    for line in lines:
        document.paragraph(line, indent=False)
    return document.render()


def ofd_bytes(lines: list[str]) -> bytes:
    ns = 'xmlns:ofd="http://www.ofdspec.org/2016"'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "OFD.xml",
            f"<ofd:OFD {ns}><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>",
        )
        archive.writestr(
            "Doc_0/Document.xml",
            f"<ofd:Document {ns}><ofd:Pages><ofd:Page ID='1' BaseLoc='Pages/Page_0/Content.xml'/></ofd:Pages>"
            "</ofd:Document>",
        )
        objects = "".join(
            f"<ofd:TextObject ID='{i}'>"
            + "".join(f"<ofd:TextCode X='{j}' Y='{i}'>{part}</ofd:TextCode>" for j, part in enumerate(parts))
            + "</ofd:TextObject>"
            for i, parts in enumerate([[line[: len(line) // 2], line[len(line) // 2 :]] for line in lines])
        )
        archive.writestr(
            "Doc_0/Pages/Page_0/Content.xml",
            f"<ofd:Page {ns}><ofd:Content><ofd:Layer>{objects}</ofd:Layer></ofd:Content></ofd:Page>",
        )
    return buffer.getvalue()


def make_record(agency, body: str, attachments: list[tuple[str, bytes]] = (), *, extract_text: bool = True):  # type: ignore[assignment]
    record = FakeRecord.objects.create(
        agency=agency, title="关于2022年耕地地力保护补贴发放情况的公示", body=body
    )
    for filename, data in attachments:
        attachment = FakeAttachment(record=record, filename=filename)
        attachment.extracted_text = extract(data, filename).text if extract_text else ""
        attachment.file.save(filename, ContentFile(data), save=True)
    return record
