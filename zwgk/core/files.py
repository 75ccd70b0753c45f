"""The one way a view hands out a stored file: `serve_protected_file(...)`.

Every file view (public attachments, identity proofs, letters, evidence, exports of stored files) calls it after its
access helper has decided the user may have the file. One set of headers for all of them:
- `X-Content-Type-Options: nosniff` and a CSP that forbids scripts (an uploaded HTML/SVG cannot run in our origin);
- `Cache-Control: private, no-store` for anything that is not public (personal data, drafts, letters);
- `Content-Disposition` inline for PDFs and images (they open in the browser), attachment for everything else,
  with the RFC 5987 UTF-8 file name so Chinese names survive.
A missing file is a 404, never a 500.
"""

from __future__ import annotations

import mimetypes
from typing import Any
from urllib.parse import quote

from django.core.files import File
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse

FILE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
INLINE_TYPES = frozenset({"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp"})
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".ofd": "application/ofd",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".csv": "text/csv; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".zip": "application/zip",
}


def content_type_for(filename: str) -> str:
    suffix = ("." + filename.rsplit(".", 1)[-1].lower()) if "." in filename else ""
    return CONTENT_TYPES.get(suffix) or mimetypes.guess_type(filename)[0] or "application/octet-stream"


def content_disposition(filename: str, *, inline: bool) -> str:
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename*=UTF-8''{quote(filename)}"


def protect_headers(response: Any, *, private: bool) -> Any:
    """The security and caching headers of a file response (also used for generated downloads)."""
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_CSP
    if private:
        response["Cache-Control"] = "private, no-store"
    return response


def serve_protected_file(
    source: Any,
    *,
    filename: str,
    private: bool = True,
    inline: bool | None = None,
    content_type: str | None = None,
) -> FileResponse:
    """A FileResponse for a FieldFile, a storage File or an open binary handle; 404 if the file is missing.

    `inline=None` opens PDFs and images in the browser and downloads everything else.
    """
    if source is None or (isinstance(source, File) and not source.name):
        raise Http404("文件不存在")
    try:
        handle = source.open("rb") if isinstance(source, File) else source
    except (FileNotFoundError, OSError, ValueError):
        raise Http404("文件不存在") from None
    ctype = content_type or content_type_for(filename)
    return _dispose(FileResponse(handle, content_type=ctype), filename, ctype, inline=inline, private=private)


def serve_generated_file(
    data: bytes,
    *,
    filename: str,
    private: bool = True,
    inline: bool | None = None,
    content_type: str | None = None,
) -> HttpResponse:
    """The same headers for a file made on the fly (a draft letter, a report rendered to .docx/PDF)."""
    ctype = content_type or content_type_for(filename)
    return _dispose(HttpResponse(data, content_type=ctype), filename, ctype, inline=inline, private=private)


def serve_generated_headers(
    *, filename: str, private: bool = True, inline: bool | None = None, content_type: str | None = None
) -> StreamingHttpResponse:
    """The headers of a generated file without making it (the answer to HEAD): streamed empty, so that no
    Content-Length of 0 claims the file is empty."""
    ctype = content_type or content_type_for(filename)
    return _dispose(
        StreamingHttpResponse(iter(()), content_type=ctype), filename, ctype, inline=inline, private=private
    )


def _dispose(response: Any, filename: str, ctype: str, *, inline: bool | None, private: bool) -> Any:
    """Content-Disposition (PDFs and images inline unless told otherwise) plus the protective headers."""
    show_inline = (ctype.split(";")[0] in INLINE_TYPES) if inline is None else inline
    response["Content-Disposition"] = content_disposition(filename, inline=show_inline)
    return protect_headers(response, private=private)


def shorten_filename(name: str, limit: int = 200) -> str:
    """`name` cut to `limit` characters by shortening the stem: the suffix (.pdf, .docx …) always survives."""
    if len(name) <= limit:
        return name
    dot = name.rfind(".")
    suffix = name[dot:] if dot > 0 and len(name) - dot <= 16 else ""
    return name[: limit - len(suffix)].rstrip() + suffix
