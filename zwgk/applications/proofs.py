"""Identity proofs and correction material (JPG, PNG, PDF) are checked by parsing them, not by their first bytes
(pure Python, no Django): a truncated, encrypted or broken file, or one that is also an HTML page, is refused
with a message saying why."""

from __future__ import annotations

import io
import re
import warnings

PROOF_TYPES = {
    ".jpg": b"\xff\xd8\xff",
    ".jpeg": b"\xff\xd8\xff",
    ".png": b"\x89PNG",
    ".pdf": b"%PDF",
}
# Markup a browser would run if the file were ever sniffed as HTML; scans never contain it in the clear.
_ACTIVE = re.compile(rb"<\s*(?:html|script|body|iframe|svg|object|embed|!doctype\s+html)\b", re.IGNORECASE)
_PDF_SCRIPT = re.compile(rb"/(?:JavaScript|JS|Launch|EmbeddedFile)\b")
MAX_PIXELS = 80_000_000


def problem(data: bytes, suffix: str, label: str) -> str | None:
    """Why `data` (named with `suffix`) is not an acceptable proof, in Chinese; None when it is."""
    magic = PROOF_TYPES.get(suffix)
    if magic is None:
        return f"{label}仅支持 JPG、PNG 图片或 PDF 文件"
    if not data:
        return f"{label}是空文件"
    if not data.startswith(magic):
        return f"{label}的内容与文件类型不符，请上传真实的图片或 PDF 文件"
    if _ACTIVE.search(data):
        return f"{label}中含有网页代码，不是正常的扫描件或照片，请重新扫描后上传"
    return _pdf_problem(data, label) if suffix == ".pdf" else _image_problem(data, label)


def _pdf_problem(data: bytes, label: str) -> str | None:
    from pypdf import PdfReader

    if b"%%EOF" not in data[-2048:]:
        return f"{label}（PDF）不完整，可能上传中断或文件已损坏，请重新上传"
    if _PDF_SCRIPT.search(data):
        return f"{label}（PDF）含有脚本或嵌入文件，请另存为普通 PDF 或图片后上传"
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            return f"{label}（PDF）已加密，请去除密码后上传"
        if len(reader.pages) == 0:
            return f"{label}（PDF）没有页面"
        reader.pages[0].mediabox  # noqa: B018  (parses the first page object)
    except Exception:  # noqa: BLE001  (pypdf raises many types on broken files; any of them means "cannot be read")
        return f"{label}（PDF）已损坏，无法打开，请重新扫描后上传"
    return None


def _image_problem(data: bytes, label: str) -> str | None:
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.width * image.height > MAX_PIXELS:
                    return f"{label}图片尺寸过大，请缩小后上传"
                image.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()  # decodes every pixel: a truncated file fails here
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        return f"{label}图片尺寸过大，请缩小后上传"
    except Exception:  # noqa: BLE001  (Pillow raises OSError, SyntaxError, ValueError … on broken images)
        return f"{label}图片已损坏或不完整，无法打开，请重新拍照或扫描后上传"
    return None
