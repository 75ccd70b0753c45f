"""The report as a document (title, six parts, three tables), rendered as HTML, .docx and PDF.

A `ReportDocument` is built either from a published edition (frozen content) or from a draft (current figures
and texts). The .docx and the PDF follow the national format: the six numbered parts, tables 2–4 with the
merged header cells of the format, and the agency and date at the end.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from zwgk.core.pdf import PdfDocument, TableBlock
from zwgk.reports.format import NARRATIVE_SECTIONS, SECTION_HEADINGS, TABLE_SECTIONS, report_title
from zwgk.reports.layout import PDF_WIDTHS, Grid, table2_grid, table3_grid, table4_grid
from zwgk.reports.narrative import paragraphs


@dataclass
class ReportDocument:
    agency_name: str
    year: int
    sections: Mapping[str, str]
    table2: Mapping[str, Mapping[str, Any]]
    table3: Mapping[str, Mapping[str, Any]]
    table4: Mapping[str, Mapping[str, Any]]
    dated: date | None = None  # publication date printed at the end; None for drafts
    draft: bool = False

    @property
    def title(self) -> str:
        return report_title(self.agency_name, self.year)

    def grids(self, missing_text: str = "") -> dict[str, Grid]:
        return {
            "table2": table2_grid(self.table2, missing_text),
            "table3": table3_grid(self.table3, missing_text),
            "table4": table4_grid(self.table4, missing_text),
        }

    def parts(self, missing_text: str = "") -> list[dict[str, Any]]:
        """The document in reading order: [{"key", "heading", "paragraphs" | "grid"}]."""
        grids = self.grids(missing_text)
        out: list[dict[str, Any]] = []
        for key, heading in SECTION_HEADINGS.items():
            part: dict[str, Any] = {"key": key, "heading": heading}
            if key in NARRATIVE_SECTIONS:
                part["paragraphs"] = paragraphs(self.sections.get(key, ""))
            else:
                part["grid"] = grids[TABLE_SECTIONS[key]]
            out.append(part)
        return out

    @property
    def date_line(self) -> str:
        if self.dated is None:
            return "（草稿，尚未发布）" if self.draft else ""
        return f"{self.dated.year}年{self.dated.month}月{self.dated.day}日"


def document_from_content(
    content: Mapping[str, Any], *, dated: date | None, draft: bool = False
) -> ReportDocument:
    figures = content.get("figures") or {}
    return ReportDocument(
        agency_name=content["agency"]["name"],
        year=int(content["year"]),
        sections=content.get("sections") or {},
        table2=figures.get("table2") or {},
        table3=figures.get("table3") or {},
        table4=figures.get("table4") or {},
        dated=dated,
        draft=draft,
    )


# --- .docx (python-docx) ---------------------------------------------------------------------------------

BODY_FONT = "仿宋"
HEADING_FONT = "黑体"
TITLE_FONT = "宋体"


def _set_font(run: Any, name: str, size_pt: float, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = name
    run.font.size = Pt(size_pt)
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)  # Word picks East Asian glyph fonts from this attribute


def _docx_table(document: Any, grid: Grid) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    table = document.add_table(rows=len(grid.rows), cols=grid.ncols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    # table.cell(r, c) rebuilds the whole cell grid on every call; take it once, write, then merge (the merged
    # ranges never overlap, so each range's corner cells are still intact when it is merged).
    cells = table._cells
    placed = grid.placed()
    for r, c, cell in placed:
        paragraph = cells[r * grid.ncols + c].paragraphs[0]
        centred = cell.numeric or cell.header
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if centred else WD_ALIGN_PARAGRAPH.LEFT
        _set_font(paragraph.add_run(cell.text), BODY_FONT, 9 if grid.ncols > 4 else 11)
    for r, c, cell in placed:
        if cell.rowspan > 1 or cell.colspan > 1:
            last = (r + cell.rowspan - 1) * grid.ncols + c + cell.colspan - 1
            cells[r * grid.ncols + c].merge(cells[last])


def render_docx(doc: ReportDocument) -> bytes:
    # python-docx is imported here and in the helpers above: the URLconf reaches this module at start-up.
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    from zwgk.core.docxpage import official_document

    document = official_document()
    document.core_properties.title = doc.title
    document.core_properties.author = doc.agency_name

    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_font(title.add_run(doc.title + ("（草稿）" if doc.draft else "")), TITLE_FONT, 20, bold=True)
    for part in doc.parts():
        if part["heading"]:
            heading = document.add_paragraph()
            _set_font(heading.add_run(part["heading"]), HEADING_FONT, 16)
        if "grid" in part:
            _docx_table(document, part["grid"])
            continue
        for text in part["paragraphs"]:
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.first_line_indent = Pt(32)
            _set_font(paragraph.add_run(text), BODY_FONT, 16)
    for line in (doc.agency_name, doc.date_line):
        if line:
            paragraph = document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _set_font(paragraph.add_run(line), BODY_FONT, 16)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- PDF (zwgk.core.pdf) -----------------------------------------------------------------------------------


def render_pdf(doc: ReportDocument) -> bytes:

    pdf = PdfDocument(doc.title, author=doc.agency_name)
    pdf.heading_title(doc.title + ("（草稿）" if doc.draft else ""))
    for part in doc.parts():
        if part["heading"]:
            pdf.heading(part["heading"])
        if "grid" in part:
            grid: Grid = part["grid"]
            pdf.table(
                TableBlock(
                    rows=grid.matrix(),
                    col_widths=PDF_WIDTHS[grid.name],
                    header_rows=grid.header_rows,
                    spans=grid.spans(),
                    font_size=7.5 if grid.ncols > 10 else 8.5,
                )
            )
            continue
        for text in part["paragraphs"]:
            pdf.paragraph(text)
    pdf.space(6)
    for line in (doc.agency_name, doc.date_line):
        if line:
            pdf.right(line)
    return pdf.render()
