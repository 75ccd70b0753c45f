"""Builders of documents with planted personal data, and real records carrying them, shared by the secrecy
tests (records are documents.Record made through the documents actions: zwgk.testing.make_record)."""

from __future__ import annotations

import io
import zipfile

import docx
import openpyxl
from django.core.files.base import ContentFile

from zwgk.core.pdf import PdfDocument
from zwgk.documents import actions
from zwgk.documents.models import Attachment, Record, Status
from zwgk.screening.tests.factories import id18
from zwgk.testing import drafter_of
from zwgk.testing import make_record as make_document

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
    """A draft record with `body` and attachments; `extract_text=False` leaves the attachments' text to be
    extracted by the screening itself (as for a file whose text the upload did not read)."""
    record = make_document(
        agency, title="关于2022年耕地地力保护补贴发放情况的公示", body=body, attachments=attachments
    )
    if not extract_text:
        Attachment.objects.filter(record=record).update(extracted_text="")
    return record


def submit(record: Record) -> Record:
    """草稿 → 待保密审查 by the record's 信息员 (screens it at once); `record` is refreshed."""
    actions.submit(record, by=drafter_of(record.agency))
    record.refresh_from_db()
    return record


def enter_review_unscreened(record: Record) -> Record:
    """A record that entered 待保密审查 without a screening (before the review step was deployed)."""
    Record.objects.filter(pk=record.pk).update(
        status=Status.IN_REVIEW, submitted_by=drafter_of(record.agency)
    )
    record.refresh_from_db()
    return record


def raw_attachment(record: Record, filename: str, data: bytes) -> Attachment:
    """An attachment stored as it is, without the upload's checks (a scanned PDF the extractor cannot read)."""
    attachment = Attachment(
        record=record,
        title=filename,
        original_name=filename,
        kind=filename.rsplit(".", 1)[-1],
        size=len(data),
        sha256="0" * 64,
        public_sha256="0" * 64,
    )
    attachment.file.save(filename, ContentFile(data), save=False)
    attachment.public_file.save(filename, ContentFile(data), save=False)
    attachment.save()
    return attachment


PAGE = "/workspace/secrecy/records/documents.record/{}/"
