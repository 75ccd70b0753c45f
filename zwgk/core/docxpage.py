"""One page set-up for every .docx the platform writes: A4 with the GB/T 9704-2012 margins.

GB/T 9704-2012 §5.2.1 (公文用纸幅面尺寸及版面要求): A4 paper (210 mm × 297 mm); 天头 (top margin) 37 mm ± 1 mm,
订口 (left margin) 28 mm ± 1 mm, 版心 (text block) 156 mm × 225 mm — so the right margin is 26 mm and the bottom
margin 35 mm. python-docx's blank template is US Letter, hence this helper.
"""

from __future__ import annotations

from typing import Any

A4_MM = (210, 297)
MARGINS_MM = {"top": 37, "left": 28, "right": 26, "bottom": 35}


def official_document() -> Any:
    """A new python-docx Document whose every section is A4 portrait with the GB/T 9704 margins."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    document = docx.Document()
    for section in document.sections:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(A4_MM[0]), Mm(A4_MM[1])
        section.top_margin = Mm(MARGINS_MM["top"])
        section.bottom_margin = Mm(MARGINS_MM["bottom"])
        section.left_margin = Mm(MARGINS_MM["left"])
        section.right_margin = Mm(MARGINS_MM["right"])
    return document
