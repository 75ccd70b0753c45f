"""Attachments: allowed formats only, metadata stripped from the published copy, bad files refused with a clear
message and nothing half-saved, files served only through access-checked views."""

import io
import os
import zipfile

import docx
import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfReader, PdfWriter

from zwgk.core.errors import Refused
from zwgk.core.pdf import PdfDocument
from zwgk.documents import actions
from zwgk.documents.files import AttachmentRejected, prepare
from zwgk.documents.models import Attachment
from zwgk.documents.sanitize import strip_metadata
from zwgk.documents.tests.helpers import docx_bytes, draft, publish
from zwgk.testing import login

pytestmark = pytest.mark.django_db
NOW = "2025-04-01 10:00:00+08:00"


def pdf_with_info() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(PdfDocument("t").paragraph("附件一 名单").render())))
    writer.add_metadata({"/Author": "张起草", "/Producer": "WPS", "/Title": "内部稿"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (8, 8), "red")
    exif = Image.Exif()
    exif[0x013B] = "摄影者 王某"  # Artist
    exif[0x010F] = "PhoneMaker"
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def png_with_text() -> bytes:
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "王某")
    out = io.BytesIO()
    Image.new("RGB", (4, 4), "blue").save(out, "PNG", pnginfo=info)
    return out.getvalue()


def test_docx_copy_loses_author_revisions_and_comments():
    original = docx_bytes("关于补贴发放的通知", "正文第二段", author="张起草", comment="这句要删掉")
    with zipfile.ZipFile(io.BytesIO(original)) as z:
        assert "张起草" in z.read("docProps/core.xml").decode()
    clean = strip_metadata(original, "docx")
    with zipfile.ZipFile(io.BytesIO(clean)) as z:
        core = z.read("docProps/core.xml").decode()
        assert "张起草" not in core and "revision" not in core
        assert "这句要删掉" not in "".join(z.read(n).decode("utf-8", "ignore") for n in z.namelist())
    reopened = docx.Document(io.BytesIO(clean))
    assert reopened.core_properties.author in ("", None)
    assert [p.text for p in reopened.paragraphs] == ["关于补贴发放的通知", "正文第二段"]


def test_docx_tracked_deletions_are_dropped_and_insertions_kept():
    document = docx.Document()
    document.add_paragraph("保留的文字")
    buffer = io.BytesIO()
    document.save(buffer)
    raw = buffer.getvalue()
    with zipfile.ZipFile(io.BytesIO(raw)) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    body = parts["word/document.xml"].decode()
    tracked = (
        '<w:ins w:id="1" w:author="李修改" w:date="2025-01-01T00:00:00Z"><w:r><w:t>新增的文字</w:t></w:r></w:ins>'
        '<w:del w:id="2" w:author="李修改" w:date="2025-01-01T00:00:00Z"><w:r><w:delText>删除的身份证号</w:delText></w:r></w:del>'
    )
    parts["word/document.xml"] = body.replace(
        "<w:t>保留的文字</w:t></w:r>", "<w:t>保留的文字</w:t></w:r>" + tracked
    ).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    clean = strip_metadata(out.getvalue(), "docx")
    text = zipfile.ZipFile(io.BytesIO(clean)).read("word/document.xml").decode()
    assert "删除的身份证号" not in text and "李修改" not in text
    assert "新增的文字" in text and "保留的文字" in text


def test_pdf_info_and_xmp_removed():
    clean = strip_metadata(pdf_with_info(), "pdf")
    reader = PdfReader(io.BytesIO(clean))
    assert not reader.metadata or "/Author" not in reader.metadata
    assert "/Metadata" not in reader.trailer["/Root"]
    assert "附件一" in reader.pages[0].extract_text()


def test_image_exif_and_text_chunks_removed():
    jpeg = strip_metadata(jpeg_with_exif(), "image")
    assert not Image.open(io.BytesIO(jpeg)).getexif()
    assert Image.open(io.BytesIO(jpeg)).size == (8, 8)
    png = strip_metadata(png_with_text(), "image")
    assert "Author" not in Image.open(io.BytesIO(png)).info


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"MZ\x90\x00binary", "setup.exe", "不支持的文件类型"),
        (b"plain text", "notes.txt", "不支持的文件类型"),
        (b"\xd0\xcf\x11\xe0legacy", "old.doc", "不支持的文件类型"),
        (b"PK\x03\x04broken", "broken.docx", "无法接收"),
        (b"%PDF-1.4\n%broken", "broken.pdf", "无法接收"),
        (b"", "empty.pdf", "文件为空"),
    ],
)
def test_bad_files_are_refused_with_a_reason(data, name, message):
    with pytest.raises(AttachmentRejected) as excinfo:
        prepare(data, name)
    assert message in excinfo.value.message


def test_content_must_match_the_extension():
    with pytest.raises(AttachmentRejected, match="内容与扩展名不符"):
        prepare(PdfDocument("t").paragraph("x").render(), "伪装.docx")


def test_encrypted_pdf_is_refused():
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(PdfDocument("t").paragraph("x").render())))
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(AttachmentRejected, match="加密"):
        prepare(out.getvalue(), "加密.pdf")


def test_oversize_file_is_refused(settings):
    settings.MAX_UPLOAD_MB = 1
    with pytest.raises(AttachmentRejected, match="超过 1 MB"):
        prepare(b"%PDF" + b"0" * (1024 * 1024 + 10), "大文件.pdf")


def _media_files(settings) -> list[str]:
    root = settings.MEDIA_ROOT
    return [os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs] if os.path.isdir(root) else []


@time_machine.travel(NOW, tick=False)
def test_upload_through_the_workspace_and_refusal_leaves_nothing(settings, agency_a, drafter_a):
    record = draft(agency_a, drafter_a)
    client = login(drafter_a)
    url = f"/workspace/documents/{record.pk}/attachments/"
    response = client.post(
        url, {"file": SimpleUploadedFile("坏文件.docx", b"PK\x03\x04garbage")}, follow=True
    )
    assert "无法接收" in response.content.decode()
    assert Attachment.objects.count() == 0 and _media_files(settings) == []
    good = docx_bytes("附件：补贴名单", author="张起草")
    response = client.post(
        url, {"file": SimpleUploadedFile("名单.docx", good), "title": "补贴名单"}, follow=True
    )
    assert "已上传" in response.content.decode()
    attachment = Attachment.objects.get()
    assert attachment.extracted_text.startswith("附件：补贴名单")
    assert len(_media_files(settings)) == 2  # original (staff only) and metadata-free public copy


@time_machine.travel(NOW, tick=False)
def test_failed_transaction_removes_written_files(settings, agency_a, drafter_a, monkeypatch):
    record = draft(agency_a, drafter_a)
    import zwgk.documents.actions.drafting as module  # add_attachment's module

    def broken_audit(*args, **kwargs):
        raise RuntimeError("audit store down")

    monkeypatch.setattr(module, "audit", broken_audit)
    with pytest.raises(RuntimeError):
        actions.add_attachment(record, docx_bytes("x"), "a.docx", by=drafter_a)
    assert Attachment.objects.count() == 0 and _media_files(settings) == []


@time_machine.travel(NOW, tick=False)
def test_attachment_urls_are_public_only_for_public_records(
    client, agency_a, drafter_a, reviewer_a, signer_a, staff_b
):
    record = draft(agency_a, drafter_a)
    attachment = actions.add_attachment(
        record, docx_bytes("名单", author="张起草"), "名单.docx", by=drafter_a
    )
    public_url = f"/xxgk/attachments/{attachment.pk}/x.docx"
    staff_url = f"/workspace/documents/attachments/{attachment.pk}/"
    assert client.get(public_url).status_code == 404
    assert login(staff_b).get(staff_url).status_code == 404
    original = login(drafter_a).get(staff_url)
    assert (
        original.status_code == 200
        and b"".join(original.streaming_content) == attachment.file.open("rb").read()
    )
    publish(record, drafter_a, reviewer_a, signer_a)
    served = client.get(public_url)
    assert served.status_code == 200
    body = b"".join(served.streaming_content)
    assert b"\xe5\xbc\xa0\xe8\xb5\xb7\xe8\x8d\x89" not in zipfile.ZipFile(io.BytesIO(body)).read(
        "docProps/core.xml"
    )
    assert "attachment;" in served["Content-Disposition"]
    actions.withdraw(record, by=signer_a, reason="撤回")
    assert client.get(public_url).status_code == 404


@time_machine.travel(NOW, tick=False)
def test_redaction_by_the_reviewer_replaces_file_and_text(agency_a, drafter_a, reviewer_a, signer_a):
    record = draft(agency_a, drafter_a)
    attachment = actions.add_attachment(
        record, docx_bytes("张三 120101199003074514"), "名单.docx", by=drafter_a
    )
    with pytest.raises(Refused):
        actions.replace_attachment(
            attachment, docx_bytes("张* 1201**********4514"), "名单.docx", by=reviewer_a, reason="遮盖"
        )
    actions.submit(record, by=drafter_a)
    with pytest.raises(Exception):  # noqa: B017  (PermissionDenied for the drafter)
        actions.replace_attachment(attachment, docx_bytes("x"), "名单.docx", by=drafter_a, reason="遮盖")
    actions.replace_attachment(
        attachment, docx_bytes("张* 1201**********4514"), "名单.docx", by=reviewer_a, reason="遮盖身份证号"
    )
    attachment.refresh_from_db()
    assert "120101199003074514" not in attachment.extracted_text and "1201**" in attachment.extracted_text
    actions.replace_body(record, "已遮盖的正文", by=reviewer_a, reason="删除手机号")
    record.refresh_from_db()
    assert record.body == "已遮盖的正文"
    from zwgk.audit.models import AuditEvent

    event = AuditEvent.objects.filter(action="documents.body_redacted").get()
    assert "已遮盖的正文" not in str(event.after) and "sha256" in str(event.after)
