"""Strip document metadata from the copies that are published — pure Python, no Django.

What is removed (the published copy must not reveal who wrote or edited the file, nor earlier wording):
- .docx: core/app/custom properties (author, last editor, revision count, company, template, editing time),
  tracked changes (deleted text is dropped, insertions accepted), comments and their authors, revision-save ids;
- .xlsx: core/app/custom properties, comment authors, the persons list of threaded comments;
- .pdf: the document information dictionary and XMP metadata; the file is rewritten, which also drops
  earlier incremental revisions;
- .ofd: Author, Creator, CreatorVersion and CustomDatas of DocInfo;
- .jpg: EXIF/XMP (APP1), IPTC (APP13) and comment segments; .png: text, time and EXIF chunks.
The caller re-extracts text from the result, so a file this module breaks is refused rather than published.
"""

from __future__ import annotations

import io
import struct
import zipfile

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = f"{{{W}}}"

_CORE = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    b'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
    b'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"></cp:coreProperties>'
)
_APP = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"></Properties>'
)
_CUSTOM = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
    b'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"></Properties>'
)


class SanitizeError(ValueError):
    def __init__(self, zh: str, en: str) -> None:
        self.zh = zh
        self.en = en
        super().__init__(f"{zh} / {en}")


def strip_metadata(data: bytes, kind: str) -> bytes:
    """A copy of `data` (of extract kind `kind`) without author, revision history and similar metadata."""
    try:
        if kind == "docx":
            return _rewrite_zip(data, _docx_part)
        if kind == "xlsx":
            return _rewrite_zip(data, _xlsx_part)
        if kind == "pdf":
            return _pdf(data)
        if kind == "ofd":
            return _rewrite_zip(data, _ofd_part)
        if kind == "image":
            if data.startswith(b"\xff\xd8"):
                return _jpeg(data)
            if data.startswith(b"\x89PNG"):
                return _png(data)
        raise SanitizeError(f"不支持清除此类文件的元数据（{kind}）", f"cannot strip metadata of {kind}")
    except SanitizeError:
        raise
    except (zipfile.BadZipFile, etree.XMLSyntaxError, struct.error, ValueError, KeyError, OSError) as exc:
        raise SanitizeError(
            "文件结构异常，无法清除文档属性信息", f"cannot strip metadata ({exc.__class__.__name__})"
        ) from None


def _rewrite_zip(data: bytes, transform: object) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            new = transform(info.filename, content)  # type: ignore[operator]
            if new is None:
                continue
            fresh = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fresh.compress_type = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            fresh.external_attr = info.external_attr
            target.writestr(fresh, new)
    return out.getvalue()


def _common_props(name: str, content: bytes) -> bytes | None:
    if name == "docProps/core.xml":
        return _CORE
    if name == "docProps/app.xml":
        return _APP
    if name == "docProps/custom.xml":
        return _CUSTOM
    return content


def _parse(content: bytes) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    return etree.fromstring(content, parser)


def _serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


_DROP = {f"{_W}{t}" for t in ("del", "moveFrom", "commentRangeStart", "commentRangeEnd", "commentReference")}
_DROP |= {
    f"{_W}{t}"
    for t in (
        "rPrChange",
        "pPrChange",
        "sectPrChange",
        "tblPrChange",
        "trPrChange",
        "tcPrChange",
        "tblGridChange",
        "numberingChange",
        "moveFromRangeStart",
        "moveFromRangeEnd",
        "moveToRangeStart",
        "moveToRangeEnd",
    )
}
_UNWRAP = {f"{_W}ins", f"{_W}moveTo"}
_WORD_STORY = ("word/document.xml", "word/footnotes.xml", "word/endnotes.xml")


def _clean_word_xml(content: bytes) -> bytes:
    root = _parse(content)
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        for attr in [a for a in element.attrib if a.startswith(_W + "rsid")]:
            del element.attrib[attr]
    for element in list(root.iter(*_DROP)):
        parent = element.getparent()
        if parent is not None:
            # A comment reference sits in its own run; drop the emptied run too.
            parent.remove(element)
            if parent.tag == f"{_W}r" and len([c for c in parent if c.tag != f"{_W}rPr"]) == 0:
                grand = parent.getparent()
                if grand is not None:
                    grand.remove(parent)
    for element in list(root.iter(*_UNWRAP)):
        parent = element.getparent()
        if parent is None:
            continue
        index = parent.index(element)
        for child in list(element):
            parent.insert(index, child)
            index += 1
        parent.remove(element)
    return _serialise(root)


def _docx_part(name: str, content: bytes) -> bytes | None:
    if name.startswith("docProps/"):
        return _common_props(name, content)
    if name in _WORD_STORY or (name.startswith("word/header") or name.startswith("word/footer")):
        return _clean_word_xml(content)
    if name == "word/comments.xml":
        return _serialise(etree.Element(f"{_W}comments", nsmap={"w": W}))
    if name == "word/people.xml":
        root = _parse(content)
        for child in list(root):
            root.remove(child)
        return _serialise(root)
    if name == "word/settings.xml":
        root = _parse(content)
        for tag in ("rsids", "trackRevisions", "attachedTemplate"):
            for element in list(root.iter(f"{_W}{tag}")):
                element.getparent().remove(element)
        return _serialise(root)
    return content


def _xlsx_part(name: str, content: bytes) -> bytes | None:
    if name.startswith("docProps/"):
        return _common_props(name, content)
    if name.startswith("xl/comments") and name.endswith(".xml"):
        root = _parse(content)
        for author in root.iter("{*}author"):
            author.text = ""
        return _serialise(root)
    if name.startswith("xl/persons/") and name.endswith(".xml"):
        root = _parse(content)
        for child in list(root):
            root.remove(child)
        return _serialise(root)
    return content


_OFD_DROP = ("Author", "Creator", "CreatorVersion", "CustomDatas", "Keywords")


def _ofd_part(name: str, content: bytes) -> bytes | None:
    if name.lower() != "ofd.xml":
        return content
    root = _parse(content)
    for info in root.iter("{*}DocInfo"):
        for child in list(info):
            if isinstance(child.tag, str) and etree.QName(child).localname in _OFD_DROP:
                info.remove(child)
    return _serialise(root)


def _pdf(data: bytes) -> bytes:
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    reader = PdfReader(io.BytesIO(data))
    writer = PdfWriter(clone_from=reader)
    writer.metadata = None
    root = writer._root_object
    for key in ("/Metadata", "/PieceInfo"):
        if NameObject(key) in root:
            del root[NameObject(key)]
    for page in writer.pages:
        for key in ("/Metadata", "/PieceInfo"):
            if NameObject(key) in page:
                del page[NameObject(key)]
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# JPEG markers kept: APP0 (JFIF), APP2 (ICC colour profile), APP14 (Adobe colour transform). Dropped: APP1
# (EXIF incl. GPS, XMP), APP13 (IPTC), other APPn and COM (comments).
_JPEG_KEEP_APP = {0xE0, 0xE2, 0xEE}


def _jpeg(data: bytes) -> bytes:
    out = bytearray(data[:2])
    pos = 2
    while pos < len(data):
        if data[pos] != 0xFF:
            raise SanitizeError("JPEG 图片结构异常", "malformed JPEG")
        marker = data[pos + 1]
        if marker == 0xD9:  # end of image
            out += data[pos:]
            break
        if marker == 0xDA:  # start of scan: the rest is image data
            out += data[pos:]
            break
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            out += data[pos : pos + 2]
            pos += 2
            continue
        (length,) = struct.unpack(">H", data[pos + 2 : pos + 4])
        segment = data[pos : pos + 2 + length]
        if len(segment) < 2 + length:
            raise SanitizeError("JPEG 图片不完整", "truncated JPEG")
        is_app = 0xE0 <= marker <= 0xEF
        if not ((is_app and marker not in _JPEG_KEEP_APP) or marker == 0xFE):
            out += segment
        pos += 2 + length
    return bytes(out)


_PNG_DROP = {b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"tIME"}


def _png(data: bytes) -> bytes:
    out = bytearray(data[:8])
    pos = 8
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        chunk_type = data[pos + 4 : pos + 8]
        end = pos + 12 + length
        if end > len(data):
            raise SanitizeError("PNG 图片不完整", "truncated PNG")
        if chunk_type not in _PNG_DROP:
            out += data[pos:end]
        pos = end
        if chunk_type == b"IEND":
            break
    return bytes(out)
