"""Redacted copies of uploaded documents: the masked values really leave the file (pure, no Django).

`redact_document(data, filename, replacements)` replaces each original value by its mask (same length) in the
text the file carries — .txt/.csv text, Word runs (body, tables, headers, footers, text boxes), Excel cells,
OFD text codes, PDF page content streams (the masked glyphs are taken out of the Tj/TJ strings and replaced by
'*' where the font has that glyph, by an equal advance otherwise: the layout, images and seals stay; drawing a
box over a PDF would leave the text underneath). A PDF whose text cannot be removed that way (text in form
XObjects, unusual fonts) becomes a re-typeset copy with the masks applied. Every result is verified by extracting
its text again: if any original value can still be found, `RedactionError` is raised and nothing is returned.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any
from xml.etree import ElementTree as ET

from zwgk.extract import ExtractError, Limits, decode_text, extract


class RedactionError(Exception):
    """The document could not be redacted reliably; `zh` is shown to the reviewer."""

    def __init__(self, zh: str, en: str) -> None:
        self.zh = zh
        self.en = en
        super().__init__(f"{zh} / {en}")


@dataclass(frozen=True)
class Redacted:
    data: bytes
    filename: str
    replaced: int  # occurrences replaced


def _pairs(replacements: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    pairs = {original: masked for original, masked in replacements if original and original != masked}
    for original, masked in pairs.items():
        if len(original) != len(masked):
            raise ValueError("a mask must have the length of the value it replaces")
    # Longer values first, so that a value containing another is replaced whole.
    return sorted(pairs.items(), key=lambda p: -len(p[0]))


def replace_in_text(text: str, pairs: Sequence[tuple[str, str]]) -> tuple[str, int]:
    count = 0
    for original, masked in pairs:
        hits = text.count(original)
        if hits:
            count += hits
            text = text.replace(original, masked)
    return text, count


def _replace_across(pieces: list[str], pairs: Sequence[tuple[str, str]]) -> tuple[list[str], int]:
    """Replace values in the concatenation of `pieces` (Word runs, OFD text codes) without moving boundaries."""
    joined = "".join(pieces)
    new_joined, count = replace_in_text(joined, pairs)
    if not count:
        return pieces, 0
    result: list[str] = []
    position = 0
    for piece in pieces:
        result.append(new_joined[position : position + len(piece)])
        position += len(piece)
    return result, count


def redact_document(
    data: bytes, filename: str, replacements: Iterable[tuple[str, str]], *, limits: Limits | None = None
) -> Redacted:
    """A copy of the document with every original value replaced by its mask, verified by re-extraction."""
    limits = limits or Limits()
    pairs = _pairs(replacements)
    try:
        kind = extract(data, filename, limits).kind
    except ExtractError as exc:
        raise RedactionError(exc.zh, exc.en) from None
    handler = _HANDLERS.get(kind)
    if handler is None:
        raise RedactionError(
            "此类文件（如图片）无法自动脱敏，请上传人工脱敏后的文件",
            f"cannot redact {kind} files automatically",
        )
    result = handler(data, filename, pairs)
    verify(result, pairs, limits)
    return result


def verify(result: Redacted, pairs: Sequence[tuple[str, str]], limits: Limits | None = None) -> None:
    """Raise RedactionError if any original value can still be extracted from the redacted file."""
    try:
        text = extract(result.data, result.filename, limits or Limits()).text
    except ExtractError as exc:
        raise RedactionError(
            "脱敏后的文件无法读取：" + exc.zh, "redacted file unreadable: " + exc.en
        ) from None
    squeezed = re.sub(r"\s+", "", text)
    for original, _ in pairs:
        if original in text or re.sub(r"\s+", "", original) in squeezed:
            raise RedactionError(
                "自动脱敏后仍能从文件中提取到原内容，请上传人工脱敏后的文件",
                "the original value can still be extracted after redaction",
            )


def _txt(data: bytes, filename: str, pairs: Sequence[tuple[str, str]]) -> Redacted:
    text, count = replace_in_text(decode_text(data), pairs)
    return Redacted(text.encode("utf-8"), filename, count)


def _csv(data: bytes, filename: str, pairs: Sequence[tuple[str, str]]) -> Redacted:
    text, count = replace_in_text(decode_text(data), pairs)
    return Redacted(("\ufeff" + text.lstrip("\ufeff")).encode("utf-8"), filename, count)


def _docx(data: bytes, filename: str, pairs: Sequence[tuple[str, str]]) -> Redacted:
    import docx
    from docx.oxml.ns import qn

    document = docx.Document(io.BytesIO(data))
    roots = [document.element.body]
    for section in document.sections:
        for part in (
            section.header,
            section.footer,
            section.first_page_header,
            section.first_page_footer,
            section.even_page_header,
            section.even_page_footer,
        ):
            if not part.is_linked_to_previous:
                roots.append(part._element)
    total = 0
    for root in roots:
        for paragraph in root.iter(qn("w:p")):
            texts = [t for t in paragraph.iter(qn("w:t")) if not _inside_nested_paragraph(t, paragraph, qn)]
            pieces, count = _replace_across([t.text or "" for t in texts], pairs)
            if count:
                total += count
                for node, piece in zip(texts, pieces, strict=True):
                    node.text = piece
    # Document properties (title, subject, author…) may repeat personal data too.
    core = document.core_properties
    for attribute in ("title", "subject", "author", "keywords", "comments", "last_modified_by"):
        value = getattr(core, attribute) or ""
        new_value, count = replace_in_text(value, pairs)
        if count:
            setattr(core, attribute, new_value)
            total += count
    buffer = io.BytesIO()
    document.save(buffer)
    return Redacted(buffer.getvalue(), filename, total)


def _inside_nested_paragraph(node: Any, paragraph: Any, qn: object) -> bool:
    """Text boxes put paragraphs inside paragraphs; each w:t belongs to its innermost paragraph only."""
    parent = node.getparent()  # lxml element
    while parent is not None and parent is not paragraph:
        if parent.tag == paragraph.tag:
            return True
        parent = parent.getparent()
    return False


def _xlsx(data: bytes, filename: str, pairs: Sequence[tuple[str, str]]) -> Redacted:
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(data))
    total = 0
    for sheet in workbook.worksheets:
        sheet.title, count = replace_in_text(sheet.title, pairs)
        total += count
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is None or isinstance(cell.value, bool):
                    continue
                text = cell.value if isinstance(cell.value, str) else str(cell.value)
                new_text, count = replace_in_text(text, pairs)
                if count:
                    total += count
                    cell.value = new_text
                    cell.number_format = "@"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return Redacted(buffer.getvalue(), filename, total)


_OFD_NS = "http://www.ofdspec.org/2016"


def _ofd(data: bytes, filename: str, pairs: Sequence[tuple[str, str]]) -> Redacted:
    ET.register_namespace("ofd", _OFD_NS)
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    total = 0
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename.endswith(".xml") and b"TextCode" in content:
                root = ET.fromstring(content)  # noqa: S314  (size-checked by extract(); no entity expansion)
                for text_object in root.iter(f"{{{_OFD_NS}}}TextObject"):
                    codes = list(text_object.iter(f"{{{_OFD_NS}}}TextCode"))
                    pieces, count = _replace_across([c.text or "" for c in codes], pairs)
                    if count:
                        total += count
                        for code, piece in zip(codes, pieces, strict=True):
                            code.text = piece
                content = ET.tostring(root, encoding="utf-8", xml_declaration=True)
            target.writestr(info, content)
    return Redacted(buffer.getvalue(), filename, total)


def _pdf(data: bytes, filename: str, pairs: Sequence[tuple[str, str]]) -> Redacted:
    """Remove the masked glyphs from the page content streams (layout, images and seals stay); if that cannot
    be verified — text in form XObjects, fonts without a usable encoding — fall back to a re-typeset copy."""
    try:
        redacted = _pdf_in_place(data, pairs)
    except Exception:  # noqa: BLE001  (any parsing surprise in a third-party PDF: the re-typeset copy is always possible)
        redacted = None
    if redacted is not None:
        candidate = Redacted(redacted[0], filename, redacted[1])
        try:
            verify(candidate, pairs)
        except RedactionError:
            pass
        else:
            return candidate
    return _pdf_copy(data, filename, pairs)


@dataclass
class _Glyph:
    op_index: int
    element: int  # index of the string in the TJ array (0 for Tj)
    start: int  # byte offset inside that string
    length: int  # bytes of this glyph code
    char: str
    adjust: float  # the glyph's advance in thousandths of the font size (for TJ)


def _pdf_in_place(data: bytes, pairs: Sequence[tuple[str, str]]) -> tuple[bytes, int] | None:
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, ByteStringObject, ContentStream, FloatObject
    from pypdf.generic._font import Font

    reader = PdfReader(io.BytesIO(data))
    writer = PdfWriter(clone_from=reader)
    total = 0
    compact_pairs = [
        (
            "".join(c for c in original if not c.isspace()),
            "".join(m for c, m in zip(original, masked, strict=True) if not c.isspace()),
        )
        for original, masked in pairs
    ]
    for page in writer.pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources is not None else None
        font_dicts = fonts.get_object() if fonts is not None else {}
        cache: dict[str, Font] = {}
        content = ContentStream(page.get_contents(), writer)
        glyphs: list[_Glyph] = []
        font: Font | None = None
        size = 1.0
        char_spacing = 0.0
        stack: list[tuple[Font | None, float, float]] = []
        stars: dict[int, tuple[bytes, float]] = {}  # operation index → ('*' glyph code, its advance)
        operations = content.operations
        for index, (operands, operator) in enumerate(operations):
            if operator == b"q":
                stack.append((font, size, char_spacing))
            elif operator == b"Q" and stack:
                font, size, char_spacing = stack.pop()
            elif operator == b"Tf":
                name = str(operands[0])
                if name not in cache:
                    cache[name] = Font.from_font_resource(font_dicts[name].get_object())
                font, size = cache[name], float(operands[1]) or 1.0
            elif operator == b"Tc":
                char_spacing = float(operands[0])
            elif operator in (b"Tj", b"'", b'"', b"TJ"):
                if font is None:
                    return None
                star = _star_code(font)
                if star is not None:
                    stars[index] = (star[0], star[1] + char_spacing * 1000 / size)
                strings = operands[0] if operator == b"TJ" else [operands[-1]]
                for element, item in enumerate(strings):
                    if isinstance(item, str | bytes):
                        raw = _raw_bytes(item)
                        for start, length, char, width in _decode_glyphs(font, raw):
                            advance = width + char_spacing * 1000 / size
                            glyphs.append(_Glyph(index, element, start, length, char, advance))
        kept = [i for i, g in enumerate(glyphs) if not g.char.isspace()]
        squeezed = "".join(glyphs[i].char for i in kept)
        remove: set[int] = set()
        for original, masked in compact_pairs:
            position = squeezed.find(original)
            while position != -1:
                total += 1
                for offset, mask_char in enumerate(masked):
                    if mask_char != original[offset]:
                        remove.add(kept[position + offset])
                position = squeezed.find(original, position + len(original))
        if not remove:
            continue
        by_op: dict[int, list[tuple[int, _Glyph]]] = {}
        for number, glyph in enumerate(glyphs):
            by_op.setdefault(glyph.op_index, []).append((number, glyph))
        new_operations = []
        for index, (operands, operator) in enumerate(operations):
            members = by_op.get(index)
            if not members or not any(number in remove for number, _ in members):
                new_operations.append((operands, operator))
                continue
            items = list(operands[0]) if operator == b"TJ" else [operands[-1]]
            array = ArrayObject()
            for element, item in enumerate(items):
                if not isinstance(item, str | bytes):
                    array.append(item)
                    continue
                raw = _raw_bytes(item)
                piece = b""
                for number, glyph in (m for m in members if m[1].element == element):
                    if number in remove:
                        star = stars.get(glyph.op_index)
                        if star is not None:  # the font has '*': show it in the removed glyph's place
                            piece += star[0]
                            difference = glyph.adjust - star[1]
                            if abs(difference) < 0.01:
                                continue
                        if piece:
                            array.append(ByteStringObject(piece))
                            piece = b""
                        array.append(FloatObject(-(glyph.adjust if star is None else difference)))
                    else:
                        piece += raw[glyph.start : glyph.start + glyph.length]
                if piece:
                    array.append(ByteStringObject(piece))
            if operator == b"'":
                new_operations.append(([], b"T*"))
            elif operator == b'"':
                new_operations.append(([operands[0]], b"Tw"))
                new_operations.append(([operands[1]], b"Tc"))
                new_operations.append(([], b"T*"))
            new_operations.append(([array], b"TJ"))
        content.operations = new_operations
        page.replace_contents(content)
    if writer.metadata:
        metadata = {}
        for key, value in writer.metadata.items():
            text, count = replace_in_text(str(value), pairs)
            if count:
                metadata[key] = text
        if metadata:
            writer.add_metadata(metadata)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue(), total


def _raw_bytes(item: str | bytes) -> bytes:
    """The bytes of a shown string as written in the content stream (pypdf may have decoded it to str)."""
    original = getattr(item, "original_bytes", None)
    if isinstance(original, bytes):
        return original
    return item if isinstance(item, bytes) else item.encode("latin-1", "replace")


def _star_code(font: Any) -> tuple[bytes, float] | None:
    """The code and width of the '*' glyph in `font`, if the (often subset) font has one."""
    widths = font.character_widths
    default = float(widths.get("default", 500))
    if isinstance(font.encoding, str):
        for code, char in font.character_map.items():
            if char == "*" and isinstance(code, str):
                try:
                    return code.encode(font.encoding, "surrogatepass"), float(widths.get(code, default))
                except (LookupError, UnicodeEncodeError):
                    return None
        if _predefined_unicode_cmap(font):  # e.g. STSong-Light with UniGB-UCS2-H: codes are Unicode
            return "*".encode(font.encoding), _cid_width(font, "*", default)
        return None
    for byte, code in font.encoding.items():
        if font.character_map.get(code, code) == "*" or font.character_map.get(chr(byte)) == "*":
            return bytes((byte,)), float(widths.get(chr(byte), widths.get(code, default)))
    return None


def _decode_glyphs(font: Any, raw: bytes) -> Iterable[tuple[int, int, str, float]]:
    """(byte offset, byte length, unicode text, width in 1/1000 em) of each glyph code in a shown string."""
    widths = font.character_widths
    default = float(widths.get("default", 500))
    if isinstance(font.encoding, str):
        step = 2 if "16" in font.encoding or font.sub_type == "Type0" else 1
        for start in range(0, len(raw) - step + 1, step):
            code = raw[start : start + step].decode(
                font.encoding if step == 2 else "charmap", "surrogatepass"
            )
            char = font.character_map.get(code, code)
            if _predefined_unicode_cmap(font):
                yield start, step, char, _cid_width(font, code, default)
            else:
                yield start, step, char, float(widths.get(code, default))
        return
    for start, byte in enumerate(raw):
        code = font.encoding.get(byte, chr(byte))
        char = font.character_map.get(code, font.character_map.get(chr(byte), code))
        yield start, 1, char, float(widths.get(chr(byte), widths.get(code, default)))


def _predefined_unicode_cmap(font: Any) -> bool:
    """A Type0 font shown through a predefined Unicode CMap (UniGB-UCS2-H, UniGB-UTF16-H …) of an Adobe CID
    collection, without a ToUnicode map: the shown codes are Unicode and the widths are keyed by CID."""
    return font.sub_type == "Type0" and font.encoding == "utf-16-be" and not font.character_map


def _cid_width(font: Any, char: str, default: float) -> float:
    """Width of `char` in such a font. In every Adobe CJK collection (GB1, CNS1, Japan1, Korea1) CIDs 1–95 are
    the printable ASCII characters U+0020–U+007E in order; everything else takes the font's default width."""
    if len(char) == 1 and 0x20 <= ord(char) <= 0x7E:
        return float(font.character_widths.get(chr(ord(char) - 0x1F), default))
    return default


def _pdf_copy(data: bytes, filename: str, pairs: Sequence[tuple[str, str]]) -> Redacted:
    """A re-typeset copy of the PDF's text with the masks applied (used when in-place removal cannot be
    verified)."""
    from pypdf import PdfReader

    from zwgk.core.pdf import PdfDocument  # reportlab only; no Django

    reader = PdfReader(io.BytesIO(data))
    pages = [page.extract_text() or "" for page in reader.pages]
    total = 0
    stem = PurePosixPath(filename).stem or "document"
    document = PdfDocument(f"{stem}（脱敏副本）")
    document.paragraph(
        "本文件是系统根据原件生成的脱敏副本：个人信息已按规定去除，版式与原件不同。", indent=False
    )
    for number, text in enumerate(pages, start=1):
        masked, count = replace_in_text(text, pairs)
        total += count
        document.heading(f"第 {number} 页")
        for line in masked.splitlines():
            if line.strip():
                document.paragraph(line, indent=False)
    return Redacted(document.render(), f"{stem}（脱敏）.pdf", total)


_HANDLERS = {"txt": _txt, "csv": _csv, "docx": _docx, "xlsx": _xlsx, "ofd": _ofd, "pdf": _pdf}
