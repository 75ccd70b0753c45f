"""PDF output with Chinese fonts (reply letters, annual reports, notices).

Font choice, first that loads: the TrueType file in ZWGK_PDF_FONT; a system CJK font with TrueType outlines
(AR PL UMing from Debian's fonts-arphic-uming — a Ming/Song face, as official documents use — then WenQuanYi
Micro Hei / Zen Hei), embedded as a subset. reportlab cannot embed OpenType/CFF outlines, so Debian's
fonts-noto-cjk is never tried. With no usable file the Adobe CID font STSong-Light is used (not embedded: the
reader supplies the glyphs) and one warning line says how to fix it. docs/subsystems/documents-output.md says why.
Documents are built from a small list of blocks.
"""

from __future__ import annotations

import io
import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

if TYPE_CHECKING:
    from reportlab.platypus import Paragraph

# reportlab is imported where it is used: this module is reached from the action modules at start-up, and
# reportlab costs 0.15 s of every command (issue 15, CLI start-up).

logger = logging.getLogger(__name__)

# TrueType-outline CJK fonts from Debian packages, preferred first (fonts-arphic-uming, fonts-wqy-*).
SYSTEM_FONTS = [
    "/usr/share/fonts/truetype/arphic/uming.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
]
CID_FALLBACK = "STSong-Light"
FONT_HINT = "apt-get install fonts-arphic-uming, or set ZWGK_PDF_FONT to a TrueType (.ttf/.ttc) CJK font"


@cache
def chinese_font() -> str:
    """Register and return the name of the font used for Chinese text (embedded whenever a usable file exists)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfbase.ttfonts import TTFont

    configured = os.environ.get("ZWGK_PDF_FONT", "")
    for candidate in [configured, *SYSTEM_FONTS]:
        if not candidate or not Path(candidate).is_file():
            if candidate == configured and configured:
                logger.warning("PDF 字体文件不存在 / PDF font file not found: %s", configured)
            continue
        try:
            pdfmetrics.registerFont(TTFont("ZwgkCJK", candidate, subfontIndex=0))
        except Exception as exc:  # noqa: BLE001  (an unreadable file or CFF outlines: one line, then the next candidate)
            logger.warning("PDF 字体不可用 / cannot use PDF font %s: %s", candidate, exc)
            continue
        return "ZwgkCJK"
    logger.warning(
        "PDF 未嵌入中文字体（使用 %s）/ no embeddable CJK font, PDFs use %s: %s",
        CID_FALLBACK,
        CID_FALLBACK,
        FONT_HINT,
    )
    pdfmetrics.registerFont(UnicodeCIDFont(CID_FALLBACK))
    return CID_FALLBACK


def font_files() -> list[str]:
    """The CJK TrueType files that exist here, preferred first (ZWGK_PDF_FONT, then SYSTEM_FONTS): for images
    drawn with Pillow (政策明白纸 PNG), which need the file rather than a registered reportlab font."""
    configured = os.environ.get("ZWGK_PDF_FONT", "")
    return [c for c in [configured, *SYSTEM_FONTS] if c and Path(c).is_file()]


def font_is_embedded() -> bool:
    return chinese_font() != CID_FALLBACK


@dataclass
class TableBlock:
    rows: Sequence[Sequence[Any]]
    col_widths: Sequence[float] | None = None  # in mm
    header_rows: int = 1
    # (first_col, first_row, last_col, last_row) cell ranges to merge, as in reportlab's SPAN
    spans: Sequence[tuple[int, int, int, int]] = field(default_factory=list)
    font_size: float = 9


class PdfDocument:
    """A4 document assembled from title, headings, paragraphs and tables."""

    def __init__(self, title: str, *, author: str = "") -> None:
        from reportlab.lib.enums import TA_CENTER, TA_RIGHT
        from reportlab.lib.styles import ParagraphStyle

        self.title = title
        self.author = author
        self.font = chinese_font()
        self._story: list[Any] = []
        base = {"fontName": self.font, "wordWrap": "CJK"}
        self.styles = {
            "title": ParagraphStyle("t", fontSize=18, leading=26, alignment=TA_CENTER, spaceAfter=12, **base),
            "heading": ParagraphStyle("h", fontSize=13, leading=20, spaceBefore=8, spaceAfter=4, **base),
            "body": ParagraphStyle("b", fontSize=11, leading=19, firstLineIndent=22, spaceAfter=4, **base),
            "plain": ParagraphStyle("p", fontSize=11, leading=19, spaceAfter=4, **base),
            "right": ParagraphStyle("r", fontSize=11, leading=19, alignment=TA_RIGHT, **base),
            "cell": ParagraphStyle("c", fontSize=9, leading=12, **base),
        }

    def _para(self, text: str, style: str) -> Paragraph:
        from reportlab.platypus import Paragraph

        return Paragraph(escape(text).replace("\n", "<br/>"), self.styles[style])

    def heading_title(self, text: str) -> PdfDocument:
        self._story.append(self._para(text, "title"))
        return self

    def heading(self, text: str) -> PdfDocument:
        self._story.append(self._para(text, "heading"))
        return self

    def paragraph(self, text: str, *, indent: bool = True) -> PdfDocument:
        self._story.append(self._para(text, "body" if indent else "plain"))
        return self

    def right(self, text: str) -> PdfDocument:
        self._story.append(self._para(text, "right"))
        return self

    def space(self, height_mm: float = 4) -> PdfDocument:
        from reportlab.lib.units import mm
        from reportlab.platypus import Spacer

        self._story.append(Spacer(1, height_mm * mm))
        return self

    def table(self, block: TableBlock) -> PdfDocument:
        from reportlab.lib import colors
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.lib.units import mm
        from reportlab.platypus import Paragraph, Table, TableStyle

        style = ParagraphStyle(
            "cell", parent=self.styles["cell"], fontSize=block.font_size, leading=block.font_size + 3
        )
        data = [[Paragraph(escape("" if v is None else str(v)), style) for v in row] for row in block.rows]
        widths = [w * mm for w in block.col_widths] if block.col_widths else None
        table = Table(data, colWidths=widths, repeatRows=block.header_rows)
        commands: list[tuple[Any, ...]] = [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("FONTNAME", (0, 0), (-1, -1), self.font),
        ]
        if block.header_rows:
            commands.append(("BACKGROUND", (0, 0), (-1, block.header_rows - 1), colors.HexColor("#eeeeee")))
        commands.extend(("SPAN", (c1, r1), (c2, r2)) for c1, r1, c2, r2 in block.spans)
        table.setStyle(TableStyle(commands))
        self._story.append(table)
        return self

    def render(self) -> bytes:
        from reportlab.lib.pagesizes import A4
        from reportlab.lib.units import mm
        from reportlab.platypus import SimpleDocTemplate, Spacer

        buffer = io.BytesIO()
        doc = SimpleDocTemplate(
            buffer,
            pagesize=A4,
            leftMargin=25 * mm,
            rightMargin=25 * mm,
            topMargin=25 * mm,
            bottomMargin=20 * mm,
            title=self.title,
            author=self.author,
            lang="zh-CN",
            # without this reportlab writes an unused, non-embedded Helvetica resource on every page
            initialFontName=self.font,
        )
        doc.build(self._story or [Spacer(1, 1)])
        return buffer.getvalue()
