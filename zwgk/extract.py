"""Text extraction from the files agencies upload and publish (pure Python, no Django).

Formats: .txt, .csv, .docx, .xlsx, .pdf, .ofd (text), .jpg/.jpeg/.png (accepted, no text). The format is decided
by the file's content (magic bytes, zip members), not only its name. Defences: a size limit; every zip member is
inflated once through a counting stream before any library opens the archive (declared sizes are never trusted:
a member whose real size differs from its header is refused), with caps on the total inflated bytes, the
compression ratio, the member count and the nesting of archives in archives; XML with a DTD is refused (no entity
expansion); PDFs are capped in pages; and every file has a processing-time budget. Encrypted and malformed files
are refused with a clear message. Used by attachment upload (search, screening) and by `zwgk scan`.
"""

from __future__ import annotations

import copy
import csv
import io
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import BinaryIO
from xml.etree import ElementTree as ET

SUPPORTED_SUFFIXES = (".txt", ".csv", ".docx", ".xlsx", ".pdf", ".ofd", ".jpg", ".jpeg", ".png")
KIND_LABELS = {
    "txt": "文本",
    "csv": "CSV 表格",
    "docx": "Word 文档",
    "xlsx": "Excel 表格",
    "pdf": "PDF 文档",
    "ofd": "OFD 版式文档",
    "image": "图片",
}


@dataclass(frozen=True)
class Limits:
    """Bounds of one extraction; the platform builds them from settings (zwgk.core.extraction.limits)."""

    max_bytes: int = 100 * 1024 * 1024
    max_uncompressed: int = 200 * 1024 * 1024  # real inflated bytes of all members, nested archives included
    max_ratio: int = 200  # inflated / compressed, per member and for the whole archive (above 1 MB inflated)
    max_members: int = 10000
    max_depth: int = 2  # an archive inside an archive is counted too (a .xlsx embedded in a .docx); no deeper
    max_chars: int = 50_000_000
    max_pages: int = 1000  # PDF pages
    max_seconds: float = 60.0  # processing time of one file


_CHUNK = 64 * 1024
_RATIO_FLOOR = 1 << 20  # small members may compress very well (a blank sheet), only large ones count


class ExtractError(Exception):
    """A file that cannot be read; `zh` is shown to users, `en` in the CLI."""

    def __init__(self, zh: str, en: str) -> None:
        self.zh = zh
        self.en = en
        super().__init__(f"{zh} / {en}")


@dataclass
class Extracted:
    text: str
    kind: str  # txt | csv | docx | xlsx | pdf | ofd | image
    pages: int | None = None
    warnings: list[str] = field(default_factory=list)


def sniff(head: bytes, filename: str = "") -> str:
    """Decide the format from the first bytes (and, for zip containers, leave the decision to `_zip_kind`)."""
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image"
    if head.startswith(b"\xff\xd8\xff"):
        return "image"
    if head.startswith((b"\xd0\xcf\x11\xe0", b"{\\rtf")):
        return "legacy"
    suffix = PurePosixPath(filename.lower()).suffix
    if b"\x00" in head[:4096] and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary"
    return "csv" if suffix == ".csv" else "txt"


class _Budget:
    """The processing-time budget of one file, checked between pages, rows and members."""

    def __init__(self, limits: Limits) -> None:
        self.deadline = time.monotonic() + limits.max_seconds
        self.seconds = limits.max_seconds

    def check(self) -> None:
        if time.monotonic() > self.deadline:
            raise ExtractError(
                f"文件处理超过 {self.seconds:g} 秒的时间上限，请拆分或精简后再上传",
                f"processing exceeded the {self.seconds:g} s limit",
            )


def extract(source: bytes | Path | BinaryIO, filename: str = "", limits: Limits = Limits()) -> Extracted:
    """Extract the text of one file. Raises ExtractError with a bilingual message on anything unreadable."""
    budget = _Budget(limits)
    data = _read_bounded(source, limits)
    name = filename or (source.name if isinstance(source, Path) else "")
    if not data:
        raise ExtractError("文件为空", "the file is empty")
    kind = sniff(data[:8192], name)
    if kind == "zip":
        _open_zip(data, limits, budget)  # every member inflated and counted once, before anything parses it
        kind = _zip_kind(data, limits)
    if kind == "legacy":
        raise ExtractError(
            "不支持旧版 Office 格式（.doc/.xls/.rtf），请另存为 .docx 或 .xlsx 后上传",
            "legacy Office formats (.doc/.xls/.rtf) are not supported; save as .docx or .xlsx",
        )
    if kind == "binary":
        raise ExtractError(
            "无法识别的文件格式（不是文本、Word、Excel、PDF、OFD 或图片）", "unrecognised file format"
        )
    handler = _HANDLERS[kind]
    result = handler(data, limits, budget)
    if len(result.text) > limits.max_chars:
        raise ExtractError("文件文字内容过多，超出处理上限", "extracted text exceeds the limit")
    return result


def _read_bounded(source: bytes | Path | BinaryIO, limits: Limits) -> bytes:
    if isinstance(source, bytes):
        data = source
    elif isinstance(source, Path):
        try:
            size = source.stat().st_size
        except FileNotFoundError:
            raise ExtractError(f"文件不存在：{source}", f"file not found: {source}") from None
        if size > limits.max_bytes:
            raise ExtractError(_too_big_zh(limits), _too_big_en(limits))
        try:
            data = source.read_bytes()
        except OSError as exc:
            raise ExtractError(
                f"无法读取文件（{exc.strerror}）", f"cannot read file ({exc.strerror})"
            ) from None
    else:
        data = source.read(limits.max_bytes + 1)
    if len(data) > limits.max_bytes:
        raise ExtractError(_too_big_zh(limits), _too_big_en(limits))
    return data


def _too_big_zh(limits: Limits) -> str:
    return f"文件超过 {limits.max_bytes // (1024 * 1024)} MB 的大小上限"


def _too_big_en(limits: Limits) -> str:
    return f"file exceeds the {limits.max_bytes // (1024 * 1024)} MB limit"


_BOMB_ZH = "文件解压后过大，疑似恶意文件（压缩炸弹）"
_BOMB_EN = "uncompressed size too large (possible zip bomb)"


def _open_zip(data: bytes, limits: Limits, budget: _Budget | None = None) -> zipfile.ZipFile:
    """Open an archive after inflating every member once through a counting stream (see `_inflate_all`)."""
    archive = _zip_file(data)
    _inflate_all(archive, len(data), limits, budget or _Budget(limits), depth=1, total=[0])
    return archive


def _zip_file(data: bytes) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise ExtractError("文件已损坏（压缩结构无法读取）", "corrupt file (bad zip structure)") from None


def _inflate_all(
    archive: zipfile.ZipFile, size: int, limits: Limits, budget: _Budget, *, depth: int, total: list[int]
) -> None:
    """Inflate each member, counting the real output: the header's sizes are never trusted for a limit.

    `total` is shared with nested archives, so a zip of zips cannot multiply the budget. A member whose real
    size differs from its header is refused: the libraries that open the archive afterwards trust the header.
    """
    infos = archive.infolist()
    if len(infos) > limits.max_members:
        raise ExtractError("文件内部条目过多，疑似恶意文件", "too many archive members (possible zip bomb)")
    start = total[0]
    for info in infos:
        if info.flag_bits & 0x1:
            raise ExtractError("文件已加密，无法读取，请去除密码后上传", "the file is encrypted")
        if info.is_dir():
            continue
        head, real = _inflate_member(archive, info, limits, total, budget)
        if real != info.file_size:
            raise ExtractError(
                "文件已损坏或被篡改（压缩条目的实际大小与声明不符）",
                f"member {info.filename} inflates to {real} bytes, its header says {info.file_size}",
            )
        if real > _RATIO_FLOOR and real / max(info.compress_size, 1) > limits.max_ratio:
            raise ExtractError(
                "文件压缩比异常，疑似恶意文件（压缩炸弹）", "suspicious compression ratio (zip bomb)"
            )
        if info.filename.lower().endswith((".xml", ".rels")) and _has_dtd(head):
            raise ExtractError(
                "文件包含不允许的 XML 文档类型定义（DTD），疑似恶意文件",
                "XML with a DTD (entity expansion) is refused",
            )
        if head.startswith(b"PK\x03\x04"):
            if depth >= limits.max_depth:
                raise ExtractError("压缩包嵌套层数过多，疑似恶意文件", "archives nested too deeply")
            inner = _zip_file(archive.read(info))
            _inflate_all(inner, real, limits, budget, depth=depth + 1, total=total)
    inflated = total[0] - start
    if inflated > _RATIO_FLOOR and inflated / max(size, 1) > limits.max_ratio:
        raise ExtractError(
            "文件压缩比异常，疑似恶意文件（压缩炸弹）", "suspicious compression ratio (zip bomb)"
        )


def _inflate_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits, total: list[int], budget: _Budget
) -> tuple[bytes, int]:
    """(first 4 KB, real size) of one member, stopping as soon as the shared budget is exceeded."""
    unbounded = copy.copy(info)
    # zipfile stops reading at the declared size; lift it so that the real size shows (we count and stop).
    unbounded.file_size = 1 << 62
    head = b""
    real = 0
    try:
        with archive.open(unbounded) as stream:
            while chunk := stream.read(_CHUNK):
                if len(head) < 4096:
                    head += chunk[: 4096 - len(head)]
                real += len(chunk)
                total[0] += len(chunk)
                if total[0] > limits.max_uncompressed:
                    raise ExtractError(_BOMB_ZH, _BOMB_EN)
                budget.check()
    except ExtractError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ValueError, OSError, EOFError):
        raise ExtractError("文件已损坏（压缩结构无法读取）", "corrupt file (bad zip structure)") from None
    except Exception:  # noqa: BLE001  (zlib/bz2/lzma raise their own error types on corrupt streams)
        raise ExtractError("文件已损坏（压缩数据无法解压）", "corrupt file (bad compressed data)") from None
    return head, real


def _has_dtd(head: bytes) -> bool:
    # OOXML and OFD never carry a DTD; one in an upload can only be there to expand entities.
    return b"<!DOCTYPE" in head.upper() or b"<!ENTITY" in head.upper()


def _zip_kind(data: bytes, limits: Limits) -> str:
    names = set(_zip_file(data).namelist())
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "OFD.xml" in names or any(n.lower() == "ofd.xml" for n in names):
        return "ofd"
    if "EncryptionInfo" in names or "EncryptedPackage" in names:
        raise ExtractError("文件已加密，无法读取，请去除密码后上传", "the file is encrypted")
    raise ExtractError(
        "压缩包不是 Word、Excel 或 OFD 文档", "zip archive is not a .docx, .xlsx or .ofd document"
    )


def _decode_text(data: bytes) -> str:
    for encoding in (
        ("utf-8-sig", "utf-16") if data.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-8-sig",)
    ):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise ExtractError("文本编码无法识别（应为 UTF-8 或 GB18030）", "unknown text encoding") from None


def decode_text(data: bytes) -> str:
    """Decode uploaded text (UTF-8 with or without BOM, UTF-16 with BOM, GB18030); ExtractError otherwise."""
    return _decode_text(data)


def _txt(data: bytes, limits: Limits, budget: _Budget) -> Extracted:
    return Extracted(_decode_text(data).replace("\r\n", "\n"), "txt")


def _csv(data: bytes, limits: Limits, budget: _Budget) -> Extracted:
    text = _decode_text(data)
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:
        raise ExtractError(f"CSV 格式有误：{exc}", f"malformed CSV: {exc}") from None
    return Extracted("\n".join("\t".join(row) for row in rows), "csv")


def _docx(data: bytes, limits: Limits, budget: _Budget) -> Extracted:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001  (python-docx raises many types on broken packages)
        raise ExtractError("Word 文档已损坏，无法读取", f"corrupt .docx ({exc.__class__.__name__})") from None

    def blocks() -> Iterator[str]:
        for child in document.element.body.iterchildren():
            budget.check()
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                yield Paragraph(child, document).text
            elif tag == "tbl":
                for row in Table(child, document).rows:
                    cells: list[str] = []
                    for cell in row.cells:
                        if not cells or cells[-1] != cell.text:  # merged cells repeat
                            cells.append(cell.text)
                    yield "\t".join(cells)
        for section in document.sections:
            for part in (section.header, section.footer):
                for paragraph in part.paragraphs:
                    if paragraph.text.strip():
                        yield paragraph.text

    return Extracted("\n".join(blocks()), "docx")


def _xlsx(data: bytes, limits: Limits, budget: _Budget) -> Extracted:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001  (openpyxl raises many types on broken packages)
        raise ExtractError(
            "Excel 文件已损坏，无法读取", f"corrupt .xlsx ({exc.__class__.__name__})"
        ) from None
    lines: list[str] = []
    try:
        for sheet in workbook.worksheets:
            lines.append(f"【{sheet.title}】")
            for row in sheet.iter_rows(values_only=True):
                budget.check()
                values = ["" if v is None else str(v) for v in row]
                while values and values[-1] == "":
                    values.pop()
                if values:
                    lines.append("\t".join(values))
    finally:
        workbook.close()
    return Extracted("\n".join(lines), "xlsx", pages=len(workbook.sheetnames))


def _pdf(data: bytes, limits: Limits, budget: _Budget) -> Extracted:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ExtractError("PDF 已加密，无法读取，请去除密码后上传", "the PDF is encrypted")
        count = len(reader.pages)
        if count > limits.max_pages:
            raise ExtractError(
                f"PDF 共 {count} 页，超过 {limits.max_pages} 页的处理上限，请拆分后分别上传",
                f"the PDF has {count} pages, over the {limits.max_pages}-page limit",
            )
        texts = []
        for page in reader.pages:
            budget.check()
            texts.append(page.extract_text() or "")
    except ExtractError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError) as exc:
        raise ExtractError(
            "PDF 文件已损坏或不完整，无法读取", f"corrupt or truncated PDF ({exc.__class__.__name__})"
        ) from None
    except Exception as exc:  # noqa: BLE001  (pypdf's dependencies raise many types on encrypted/broken files)
        if "decrypt" in str(exc).lower() or "crypt" in exc.__class__.__name__.lower():
            raise ExtractError("PDF 已加密，无法读取，请去除密码后上传", "the PDF is encrypted") from None
        raise ExtractError("PDF 文件无法读取", f"unreadable PDF ({exc.__class__.__name__})") from None
    warnings = []
    if texts and not any(t.strip() for t in texts):
        warnings.append("PDF 没有可提取的文字（可能是扫描件），请人工审查")
    return Extracted("\n".join(texts), "pdf", pages=len(texts), warnings=warnings)


_OFD_NS = "{http://www.ofdspec.org/2016}"


def _ofd(data: bytes, limits: Limits, budget: _Budget) -> Extracted:
    archive = _zip_file(data)
    names = archive.namelist()

    def parse(name: str) -> ET.Element:
        try:
            return ET.fromstring(archive.read(name))  # noqa: S314  (size-checked member; no entity expansion)
        except (ET.ParseError, KeyError):
            raise ExtractError("OFD 文件已损坏，无法读取", f"corrupt OFD ({name})") from None

    page_files: list[str] = []
    root_name = next((n for n in names if n.lower() == "ofd.xml"), None)
    if root_name:
        for doc_root in parse(root_name).iter(f"{_OFD_NS}DocRoot"):
            doc_path = (doc_root.text or "").strip().lstrip("/")
            if doc_path not in names:
                continue
            base = PurePosixPath(doc_path).parent
            for page in parse(doc_path).iter(f"{_OFD_NS}Page"):
                loc = (page.get("BaseLoc") or "").lstrip("/")
                candidate = str(base / loc) if not loc.startswith(str(base)) else loc
                if candidate in names:
                    page_files.append(candidate)
    if not page_files:  # fall back to the conventional layout Doc_N/Pages/Page_N/Content.xml
        page_files = sorted(
            (n for n in names if n.endswith("Content.xml") and "/Pages/" in n),
            key=lambda n: [int(p) if p.isdigit() else p for p in n.replace("_", "/").split("/")],
        )
    texts: list[str] = []
    for name in page_files:
        budget.check()
        lines: list[str] = []
        for text_object in parse(name).iter(f"{_OFD_NS}TextObject"):
            line = "".join(code.text or "" for code in text_object.iter(f"{_OFD_NS}TextCode"))
            if line:
                lines.append(line)
        texts.append("\n".join(lines))
    if not page_files:
        raise ExtractError("OFD 文件中没有页面", "the OFD file has no pages")
    return Extracted("\n".join(texts), "ofd", pages=len(page_files))


def _image(data: bytes, limits: Limits, budget: _Budget) -> Extracted:
    return Extracted("", "image", warnings=["图片中的文字无法自动提取，请人工审查图片内容"])


_HANDLERS = {
    "txt": _txt,
    "csv": _csv,
    "docx": _docx,
    "xlsx": _xlsx,
    "pdf": _pdf,
    "ofd": _ofd,
    "image": _image,
}
