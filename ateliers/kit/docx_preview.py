"""A schematic of a Word file's first page, drawn from the document's own content (Pillow).

The contact sheet shows a preview of every file. A true rendering of a
.docx needs a word processor (LibreOffice is not there on every user's
machine), so this draws what the document says — headings, paragraphs,
tables with their header row and column widths, on the page's size and
margins — in the kit's font, up to the first page break, with simple line
metrics. It is labelled as a schematic on the contact sheet: Word or
LibreOffice make the real layout.
"""

from __future__ import annotations

import io
from functools import cache

from docx import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from PIL import Image, ImageDraw, ImageFont

from ..fiches.docx_tools import row_texts, starts_page, style_namer
from ..impression.fonts import font_faces
from ..impression.units import MM_PER_PT

WIDTH_PX = 360
PT_MM = MM_PER_PT
SIZES_PT = {"Heading 1": 15.0, "Heading 2": 12.5, "Title": 20.0}
BODY_PT = 11.0
CELL_PT = 10.0
LINE = 1.25  # line height, in font sizes


@cache
def _font(bold: bool, px: int) -> ImageFont.FreeTypeFont:
    face = next(f for f in font_faces() if f.family == "Atkinson Hyperlegible" and f.style == "normal" and (f.weight == 700) == bold)
    return ImageFont.truetype(str(face.path), max(4, px))


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: float) -> list[str]:
    lines: list[str] = []
    for chunk in text.split("\n"):
        line = ""
        for word in chunk.split():
            candidate = f"{line} {word}".strip()
            if line and font.getlength(candidate) > width:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


class _Page:
    def __init__(self, width_mm: float, height_mm: float, margins: tuple[float, float, float, float]) -> None:
        self.k = WIDTH_PX / width_mm  # px per mm
        self.image = Image.new("RGB", (WIDTH_PX, round(height_mm * self.k)), "#FFFFFF")
        self.draw = ImageDraw.Draw(self.image)
        self.left, self.top, self.right, self.bottom = (m * self.k for m in margins)
        self.y = self.top
        self.full = False

    @property
    def text_width(self) -> float:
        return WIDTH_PX - self.left - self.right

    def room(self, px: float) -> bool:
        if self.y + px > self.image.height - self.bottom:
            self.full = True
        return not self.full

    def paragraph(self, text: str, size_pt: float, bold: bool = False, colour: str = "#1A1A1A", after_pt: float = 4.0) -> None:
        px = size_pt * PT_MM * self.k
        font = _font(bold, round(px))
        for line in _wrap(text, font, self.text_width):
            if not self.room(px * LINE):
                return
            self.draw.text((self.left, self.y), line, font=font, fill=colour)
            self.y += px * LINE
        self.y += after_pt * PT_MM * self.k

    def table(self, table) -> None:
        grid = [int(c.get(qn("w:w"))) / 56.6929 * self.k for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
        px = CELL_PT * PT_MM * self.k
        pad = 1.4 * self.k
        texts: list[str] = []
        for index, row in enumerate(table.rows):
            header = row._tr.trPr is not None and row._tr.trPr.find(qn("w:tblHeader")) is not None
            texts = row_texts(row._tr, texts)
            cells = texts[: len(grid)]
            fonts = [_font(header or (i == 0 and index > 0 and bool(t)), round(px)) for i, t in enumerate(cells)]
            wrapped = [_wrap(t, f, w - 2 * pad) for t, f, w in zip(cells, fonts, grid, strict=False)]
            height = max(len(w) for w in wrapped) * px * LINE + 2 * pad
            if row.height is not None:
                height = max(height, row.height.mm * self.k)
            if not self.room(height):
                return
            x = self.left
            for lines, font, w in zip(wrapped, fonts, grid, strict=False):
                self.draw.rectangle((x, self.y, x + w, self.y + height), fill="#D9D9D9" if header else None, outline="#404040")
                for n, line in enumerate(lines):
                    self.draw.text((x + pad, self.y + pad + n * px * LINE), line, font=font, fill="#1A1A1A")
                x += w
            self.y += height
        self.y += 4 * PT_MM * self.k


def _page_break(paragraph) -> bool:
    p = paragraph._p
    breaks = any(br.get(qn("w:type")) == "page" for br in p.iter(qn("w:br")))
    return breaks or (p.pPr is not None and p.pPr.find(qn("w:sectPr")) is not None)


def schematic(data: bytes) -> bytes:
    """A PNG schematic of the first page of a .docx."""
    from docx.table import Table

    document = Document(io.BytesIO(data))
    section = document.sections[0]
    page = _Page(
        section.page_width.mm,
        section.page_height.mm,
        (section.left_margin.mm, section.top_margin.mm, section.right_margin.mm, section.bottom_margin.mm),
    )
    header = " ".join(p.text for p in section.header.paragraphs).strip()
    if header:
        font = _font(False, round(8 * PT_MM * page.k))
        page.draw.text((page.left, section.header_distance.mm * page.k), header, font=font, fill="#5C5C5C")
    style_name = style_namer(document)
    for element in document.element.body.iterchildren():
        if page.full:
            break
        if element.tag == qn("w:p"):
            if starts_page(element) and page.y > page.top:
                break
            paragraph = Paragraph(element, document)
            style = style_name(element)
            if paragraph.text.strip():
                size = SIZES_PT.get(style, BODY_PT)
                heading = style in SIZES_PT
                page.paragraph(paragraph.text, size, bold=heading, colour="#1A1A1A", after_pt=6.0 if heading else 4.0)
            if _page_break(paragraph):
                break
        elif element.tag == qn("w:tbl"):
            page.table(Table(element, document))
    page.draw.rectangle((0, 0, page.image.width - 1, page.image.height - 1), outline="#9A9A9A")
    buffer = io.BytesIO()
    page.image.save(buffer, format="PNG")  # optimize=True: several times the time for a few per cent
    return buffer.getvalue()
