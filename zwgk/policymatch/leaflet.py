"""政策明白纸: a one-page A4 PDF (for printing) and a PNG (for 政务新媒体) from the text staff edited.

The QR code (segno) leads to the policy's public page. The PDF embeds the platform's CJK TrueType font
(zwgk.core.pdf, docs/subsystems/documents-output.md) and is kept to one page by shrinking the body to fit; the text
limits of leaflet_text.MAX_CHARS keep that shrinking small. The PNG is drawn with Pillow in the same font.
"""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

import segno
from django.conf import settings
from django.urls import reverse
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepInFrame, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from zwgk.core.errors import Refused
from zwgk.core.pdf import chinese_font, font_files
from zwgk.documents.models import Record
from zwgk.policymatch import leaflet_text
from zwgk.policymatch.leaflet_text import LeafletText
from zwgk.policymatch.matching import parsed
from zwgk.policymatch.models import Delivery, Leaflet, PolicyEligibility

SECTIONS = [
    ("audience", "谁可以享受"),
    ("benefits", "能享受什么"),
    ("how_to_apply", "怎么申请"),
    ("deadline", "申报期限"),
    ("contacts", "咨询电话"),
]
NAVY = "#1f3a68"


def policy_url(record: Record) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("documents:record", args=[record.pk])


def draft_for(record: Record) -> LeafletText:
    """The first draft: conditions, dates and channel from the 申报条件, what you get from the interpretation (or
    the policy's summary), contacts from the issuing agency."""
    item = PolicyEligibility.objects.filter(record=record).first()
    interpretation = record.interpretations.public().order_by("-published_at").first()
    summary = ""
    if interpretation is not None:
        summary = (interpretation.body or "").strip().split("\n\n")[0]
    summary = summary or record.summary or ""
    agency = record.agency
    contacts = f"{agency.name}　{agency.phone}" if agency.phone else agency.name
    return leaflet_text.draft(
        title=record.title,
        conditions=parsed(item) if item else None,
        summary=summary,
        channel=item.channel if item else "",
        automatic=bool(item and item.delivery == Delivery.AUTOMATIC),
        opens_on=item.opens_on if item else None,
        closes_on=item.closes_on if item else None,
        contacts=contacts,
    )


def text_for(record: Record) -> LeafletText:
    saved = Leaflet.objects.filter(record=record).first()
    if saved is None:
        return draft_for(record)
    return LeafletText(**{name: getattr(saved, name) for name, _ in [("title", ""), *SECTIONS]})


def _qr(url: str) -> segno.QRCode:
    return segno.make(url, error="m", micro=False)


class QrFlowable(Flowable):
    """The QR code drawn as filled squares straight on the canvas (no graphics font resource, nothing to embed)."""

    def __init__(self, url: str, size: float) -> None:
        super().__init__()
        self.matrix = _qr(url).matrix
        self.width = self.height = size

    def draw(self) -> None:
        count = len(self.matrix) + 4  # a quiet zone of two modules
        cell = self.width / count
        self.canv.setFillColor(colors.black)
        for y, row in enumerate(self.matrix):
            for x, dark in enumerate(row):
                if dark:
                    self.canv.rect((x + 2) * cell, self.height - (y + 3) * cell, cell, cell, stroke=0, fill=1)


def pdf(record: Record, text: LeafletText) -> bytes:
    font = chinese_font()
    base = {"fontName": font, "wordWrap": "CJK"}
    styles = {
        "banner": ParagraphStyle("banner", fontSize=13, leading=18, textColor=colors.white, **base),
        "title": ParagraphStyle("title", fontSize=22, leading=30, alignment=TA_CENTER, spaceAfter=8, **base),
        "head": ParagraphStyle(
            "head",
            fontSize=15,
            leading=21,
            textColor=colors.HexColor(NAVY),
            spaceBefore=10,
            spaceAfter=3,
            **base,
        ),
        "body": ParagraphStyle("body", fontSize=12.5, leading=20, **base),
        "small": ParagraphStyle("small", fontSize=9.5, leading=14, **base),
    }

    def para(value: str, style: str) -> Paragraph:
        return Paragraph(escape(value).replace("\n", "<br/>"), styles[style])

    width, height = A4
    margin = 18 * mm
    frame_w, frame_h = width - 2 * margin, height - 2 * margin
    qr_size = 34 * mm
    footer_h = qr_size + 6 * mm
    banner = Table([[para(f"{settings.SITE_NAME} · 政策明白纸", "banner")]], colWidths=[frame_w])
    banner.setStyle(
        TableStyle(
            [("BACKGROUND", (0, 0), (-1, -1), colors.HexColor(NAVY)), ("FONTNAME", (0, 0), (-1, -1), font)]
        )
    )
    body: list[Flowable] = [banner, Spacer(1, 6 * mm), para(text.title, "title")]
    for name, label in SECTIONS:
        body += [para(f"■ {label}", "head"), para(getattr(text, name), "body")]
    url = policy_url(record)
    footer = Table(
        [
            [
                QrFlowable(url, qr_size),
                para(
                    f"扫码查看政策原文和解读：\n{url}\n\n"
                    f"发文机关：{record.agency.name}　文号：{record.doc_number or record.index_no}\n"
                    "本明白纸为政策要点摘要，具体以政策原文为准。",
                    "small",
                ),
            ]
        ],
        colWidths=[qr_size + 4 * mm, frame_w - qr_size - 4 * mm],
    )
    footer.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("FONTNAME", (0, 0), (-1, -1), font),
                ("LINEABOVE", (0, 0), (-1, 0), 0.8, colors.HexColor(NAVY)),
            ]
        )
    )

    def draw_footer(canvas: Any, _doc: Any) -> None:
        footer.wrapOn(canvas, frame_w, footer_h)
        footer.drawOn(canvas, margin, margin)

    buffer = io.BytesIO()
    SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=margin,
        rightMargin=margin,
        topMargin=margin,
        bottomMargin=margin + footer_h,
        title=f"政策明白纸：{text.title}",
        author=record.agency.name,
        lang="zh-CN",
        initialFontName=font,
    ).build([KeepInFrame(frame_w, frame_h - footer_h - 2 * mm, body, mode="shrink")], onFirstPage=draw_footer)
    return buffer.getvalue()


# --- PNG (政务新媒体: 1080 px wide, as long as the text needs) ---------------------------------------------------

PNG_WIDTH = 1080
PAD = 64


def _font(size: int) -> ImageFont.FreeTypeFont:
    files = font_files()
    if not files:
        raise Refused(
            "服务器缺少中文字体，无法生成图片。", [f"请安装：{'fonts-arphic-uming'}，或设置 ZWGK_PDF_FONT"]
        )
    return ImageFont.truetype(files[0], size, index=0)


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Lines no wider than `width` px: CJK breaks anywhere, so wrap by measured characters."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for char in paragraph:
            if font.getlength(line + char) > width and line:
                lines.append(line)
                line = char
            else:
                line += char
        lines.append(line)
    return lines


def png(record: Record, text: LeafletText) -> bytes:
    title_font, head_font, body_font, small_font = _font(54), _font(40), _font(34), _font(26)
    inner = PNG_WIDTH - 2 * PAD
    blocks: list[tuple[ImageFont.FreeTypeFont, str, list[str], int]] = [
        (title_font, "#111111", _wrap(text.title, title_font, inner), 76)
    ]
    for name, label in SECTIONS:
        blocks.append((head_font, NAVY, [f"■ {label}"], 64))
        blocks.append((body_font, "#222222", _wrap(getattr(text, name), body_font, inner), 52))
    banner_h, qr_px = 110, 300
    height = banner_h + PAD + sum(len(lines) * step + 24 for _, _, lines, step in blocks) + qr_px + 2 * PAD
    image = Image.new("RGB", (PNG_WIDTH, height), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, PNG_WIDTH, banner_h], fill=NAVY)
    draw.text((PAD, 30), f"{settings.SITE_NAME} · 政策明白纸", font=head_font, fill="white")
    y = banner_h + PAD
    for font, color, lines, step in blocks:
        for line in lines:
            draw.text((PAD, y), line, font=font, fill=color)
            y += step
        y += 24
    matrix = _qr(policy_url(record)).matrix
    cell = qr_px // (len(matrix) + 4)
    left, top = PAD, y + PAD // 2
    for row_index, row in enumerate(matrix):
        for col_index, dark in enumerate(row):
            if dark:
                x0, y0 = left + (col_index + 2) * cell, top + (row_index + 2) * cell
                draw.rectangle([x0, y0, x0 + cell - 1, y0 + cell - 1], fill="black")
    note_x = left + qr_px + 32
    for i, line in enumerate(
        _wrap(f"扫码查看政策原文和解读\n{record.agency.name}", small_font, PNG_WIDTH - note_x - PAD)
    ):
        draw.text((note_x, top + 60 + i * 40), line, font=small_font, fill="#333333")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
