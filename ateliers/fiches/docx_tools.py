"""Word (docx) building blocks python-docx has no API for: repeating header rows,
a named table style, page fields, landscape sections, safe text.

Documents are built on Word's own styles (Heading 1, Normal…) plus a few of
ours, so that a user can restyle a whole document in two clicks.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import zipfile
from xml.sax.saxutils import escape, quoteattr
from collections.abc import Callable
from typing import Any

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.table import Table, _Row
from docx.opc.oxml import serialize_part_xml
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor

from .docx_lang import in_french
from ..impression.typography import nbsp_punctuation
from ..impression.units import MM_PER_PT

TABLE_STYLE = "Tableau atelier"
INSTRUCTION_STYLE = "Consigne"
CELL_STYLE = "Texte de tableau"
COMPACT_CELL_STYLE = "Texte de tableau serré"  # a dense table that must hold on one page

# Characters XML 1.0 forbids are dropped (they cannot be stored in a .docx).
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """Text as Word must receive it: no XML-forbidden characters (spacing is set by typeset)."""
    return _XML_FORBIDDEN.sub("", text)


def new_document() -> DocumentObject:
    """Word's default document with the kit's styles (the same styles part for every document)."""
    document = Document()
    document.part._styles_part._element = parse_xml(_kit_styles())
    _remember_style_ids(document)
    return document


@functools.cache
def _kit_styles() -> bytes:
    """The styles part with the kit's styles, made once per process: a fifth of a worksheet's time
    went into looking styles up by name to add the same four."""
    document = Document()
    styles = document.styles
    normal = styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(11)
    _ensure_paragraph_style(document, INSTRUCTION_STYLE, base="Normal", size=11, italic=True, space_after=6)
    _ensure_paragraph_style(document, CELL_STYLE, base="Normal", size=10, space_after=0)
    _ensure_paragraph_style(document, COMPACT_CELL_STYLE, base="Normal", size=9, space_after=0)
    _ensure_table_style(document)
    return serialize_part_xml(document.part._styles_part.element)


def _remember_style_ids(document: DocumentObject) -> None:
    """Each style name looked up once for this document: python-docx searches the whole styles
    part (and its default style) on every paragraph, table and heading given a style by name,
    a quarter of a worksheet's time. The styles are all added above, before any lookup."""
    part = document.part
    lookup = part.get_style_id
    known: dict[tuple, str | None] = {}

    def get_style_id(style_or_name, style_type):
        if style_or_name is None:
            return None
        key = (style_or_name if isinstance(style_or_name, str) else (style_or_name.style_id, style_or_name.type), style_type)
        if key not in known:
            known[key] = lookup(style_or_name, style_type)  # raises for an unknown or mistyped style: never remembered
        return known[key]

    part.get_style_id = get_style_id


def _ensure_paragraph_style(document, name, base, size, italic=False, space_after=None):
    styles = document.styles
    if name in [s.name for s in styles]:
        return styles[name]
    style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles[base]
    style.font.size = Pt(size)
    style.font.italic = italic
    style.quick_style = True
    if space_after is not None:
        style.paragraph_format.space_after = Pt(space_after)
    return style


def _ensure_table_style(document) -> None:
    """« Tableau atelier »: a grid with a shaded, bold header row, defined once in styles.xml."""
    styles_element = document.styles.element
    if any(s.name == TABLE_STYLE for s in document.styles):
        return
    style = parse_xml(
        f"""<w:style {nsdecls('w')} w:type="table" w:customStyle="1" w:styleId="Tableauatelier">
  <w:name w:val="{TABLE_STYLE}"/>
  <w:basedOn w:val="TableNormal"/>
  <w:uiPriority w:val="40"/>
  <w:qFormat/>
  <w:pPr><w:spacing w:before="20" w:after="20"/></w:pPr>
  <w:rPr><w:sz w:val="20"/></w:rPr>
  <w:tblPr>
    <w:tblBorders>
      <w:top w:val="single" w:sz="6" w:space="0" w:color="404040"/>
      <w:left w:val="single" w:sz="6" w:space="0" w:color="404040"/>
      <w:bottom w:val="single" w:sz="6" w:space="0" w:color="404040"/>
      <w:right w:val="single" w:sz="6" w:space="0" w:color="404040"/>
      <w:insideH w:val="single" w:sz="4" w:space="0" w:color="808080"/>
      <w:insideV w:val="single" w:sz="4" w:space="0" w:color="808080"/>
    </w:tblBorders>
    <w:tblCellMar><w:left w:w="80" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar>
  </w:tblPr>
  <w:tblStylePr w:type="firstRow">
    <w:rPr><w:b/><w:bCs/></w:rPr>
    <w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="D9D9D9"/></w:tcPr>
  </w:tblStylePr>
</w:style>"""
    )
    styles_element.append(style)


def set_landscape(section, landscape: bool = True) -> None:
    width, height = Mm(210), Mm(297)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    margin = Mm(15)
    section.left_margin = section.right_margin = margin
    section.top_margin = Mm(18)
    section.bottom_margin = Mm(16)
    section.header_distance = Mm(8)
    section.footer_distance = Mm(8)


def add_field(paragraph, instruction: str, placeholder: str = "1", size_pt: float | None = None) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice update when they lay out,
    at the size of the text around it: each part of the field in its own sized run
    (LibreOffice styles the field's result from the run that holds it)."""
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    text = OxmlElement("w:t")
    text.text = placeholder
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instr, separate, text, end):
        run = paragraph.add_run()
        if size_pt is not None:
            run.font.size = Pt(size_pt)
        run._r.append(element)


def repeat_header(row) -> None:
    """Mark a table row as a header row repeated on every page (w:tblHeader)."""
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def keep_row_together(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    cant = OxmlElement("w:cantSplit")
    cant.set(qn("w:val"), "true")
    tr_pr.append(cant)


def keep_table_together(table) -> None:
    """The whole table on one page, after its heading: no row split, each row kept with the next
    (Word's way; LibreOffice reads it as « do not split the table »)."""
    for index, row in enumerate(table.rows):
        keep_row_together(row)
        if index < len(table.rows) - 1:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True


def _kept_together(table) -> bool:
    first = table.rows[0].cells[0].paragraphs[0] if table.rows else None
    return first is not None and bool(first.paragraph_format.keep_with_next)


def new_page(paragraph):
    """Start ``paragraph`` on a new page. A page-break property, not a break paragraph: when the
    page before is exactly full, a break paragraph would spill over and leave a blank page."""
    paragraph.paragraph_format.page_break_before = True
    return paragraph


def starts_page(element) -> bool:
    """A paragraph (``w:p``) set to start on a new page."""
    ppr = element.pPr
    flag = ppr.find(qn("w:pageBreakBefore")) if ppr is not None else None
    return flag is not None and flag.get(qn("w:val"), "true") not in ("0", "false", "off")


def add_table(document, headers: list[str] | None, widths_mm: list[float], cell_style: str = CELL_STYLE):
    """A table in the kit's named style; its header row (if any) repeats on every page."""
    table = document.add_table(rows=1 if headers else 0, cols=len(widths_mm))
    table.style = document.styles[TABLE_STYLE]
    table.autofit = False
    if headers:
        header = table.rows[0]
        repeat_header(header)
        for cell, text, width in zip(header.cells, headers, widths_mm, strict=True):
            cell.width = Mm(width)
            cell.text = ""
            paragraph = cell.paragraphs[0]
            paragraph.style = document.styles[cell_style]
            paragraph.add_run(xml_safe(text)).bold = True
    else:
        # No header: the style's first-row shading must not apply to the first data row.
        look = table._tbl.tblPr.find(qn("w:tblLook"))
        if look is None:
            look = OxmlElement("w:tblLook")
            table._tbl.tblPr.append(look)
        look.set(qn("w:firstRow"), "0")
        look.set(qn("w:val"), "0000")
    _set_grid(table, widths_mm)
    return table


def _set_grid(table, widths_mm: list[float]) -> None:
    """Column widths that Word and LibreOffice both honour (with autofit off: fixed layout)."""
    twips = [int(w * 56.6929) for w in widths_mm]
    grid = table._tbl.tblGrid
    for col, width in zip(grid.findall(qn("w:gridCol")), twips, strict=True):
        col.set(qn("w:w"), str(width))
    tbl_pr = table._tbl.tblPr
    tbl_w = tbl_pr.find(qn("w:tblW"))
    if tbl_w is None:
        tbl_w = OxmlElement("w:tblW")
        tbl_pr.append(tbl_w)
    tbl_w.set(qn("w:w"), str(sum(twips)))
    tbl_w.set(qn("w:type"), "dxa")



def add_row(
    document,
    table,
    values: list[str],
    widths_mm: list[float],
    height_mm: float | None = None,
    bold_first: bool = False,
    cell_style: str = CELL_STYLE,
):
    """A row of text cells, kept on one page, in ``cell_style``; the first cell in bold if asked.

    Written as one piece of XML, the same that python-docx's calls make (cell by cell, a
    millisecond a row: a third of a kit's worksheets)."""
    style_id = document.part.get_style_id(cell_style, WD_STYLE_TYPE.PARAGRAPH)
    height = f'<w:trHeight w:val="{Mm(height_mm).twips}" w:hRule="atLeast"/>' if height_mm else ""
    cells = []
    for i, (value, width) in enumerate(zip(values, widths_mm, strict=True)):
        run = _run_xml(xml_safe(value), bold_first and i == 0) if value else ""
        cells.append(
            f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{Mm(width).twips}"/></w:tcPr>'
            f'<w:p><w:pPr><w:pStyle w:val={quoteattr(style_id)}/></w:pPr>{run}</w:p></w:tc>'
        )
    tr = parse_xml(f'<w:tr {nsdecls("w")}><w:trPr>{height}<w:cantSplit w:val="true"/></w:trPr>{"".join(cells)}</w:tr>')
    table._tbl.append(tr)
    return _Row(tr, table)


def _run_xml(text: str, bold: bool) -> str:
    """A run as python-docx's ``add_run`` writes it: a tab as ``w:tab``, a line break as ``w:br``,
    spaces kept at the ends of a piece."""
    content = []
    for piece in re.split(r"(\t|[\r\n])", text):
        if piece == "\t":
            content.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            content.append("<w:br/>")
        elif piece:
            space = ' xml:space="preserve"' if len(piece.strip()) < len(piece) else ""
            content.append(f"<w:t{space}>{escape(piece)}</w:t>")
    return f"<w:r><w:rPr>{_BOLD if bold else _NOT_BOLD}</w:rPr>{''.join(content)}</w:r>"


_BOLD, _NOT_BOLD = "<w:b/>", '<w:b w:val="0"/>'


def shade(cell, fill: str) -> None:
    """A cell's background (a heading row inside a table)."""
    tc_pr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


def muted(run) -> None:
    run.font.color.rgb = RGBColor(0x59, 0x59, 0x59)


def typeset(document) -> None:
    """French spacing in every text run of the body, headers and footers (one pass, at the end).

    Table header rows are left as written: their column names are a contract
    with the read-back and CSV files.
    """
    parts = [document.element]
    for section in document.sections:
        parts += [section.header._element, section.footer._element]
    header_rows = {tr for tr in document.element.iter(qn("w:tr")) if tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None}
    for part in parts:
        for text in part.iter(qn("w:t")):
            if text.text and not any(a in header_rows for a in text.iterancestors(qn("w:tr"))):
                text.text = nbsp_punctuation(text.text)


def stamp(document, date: dt.datetime) -> None:
    """Creation and modification dates (from the inputs, see ``provenance``), no last author."""
    props = document.core_properties
    naive = date.astimezone(dt.UTC).replace(tzinfo=None)  # python-docx writes naive dates as UTC
    props.created = naive
    props.modified = naive
    props.last_modified_by = ""
    props.revision = 1


def to_bytes(document, date: dt.datetime) -> bytes:
    """The .docx's bytes: French spacing and language applied, the same bytes for the same content.

    python-docx stamps every zip entry with the current time; the archive is
    rewritten with ``date`` on every entry, in the same order, with fixed
    permissions and compression.
    """
    typeset(document)
    in_french(document)
    stamp(document, date)
    buffer = io.BytesIO()
    document.save(buffer)
    return normalise_zip(buffer.getvalue(), date)


def normalise_zip(data: bytes, date: dt.datetime) -> bytes:
    when = date.astimezone(dt.UTC).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=when)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # Unix: the same header on every platform
            target.writestr(info, source.read(item.filename), compresslevel=6)
    return out.getvalue()



# ---------------------------------------------------------------- page estimate

# Line metrics of the documents' styles (Calibri, whose average character is about half
# an em wide), in points: (size, space before, space after).
_STYLE_METRICS = {"Heading 1": (14.0, 24.0, 0.0), "Heading 2": (13.0, 10.0, 0.0), "List Bullet": (11.0, 0.0, 4.0)}  # the styles' own spacing (headings: none after)
_CHAR_EM = 0.5
_LINE = 1.2
_PT_MM = MM_PER_PT


def _lines(text: str, width_mm: float, size_pt: float) -> int:
    per_line = max(1, int(width_mm / (size_pt * _CHAR_EM * _PT_MM)))
    return sum(max(1, -(-len(chunk) // per_line)) for chunk in (text.split("\n") or [""]))


def style_namer(document) -> Callable[[Any], str]:
    """A paragraph element's style name, from the style ids read once: ``paragraph.style``
    searches the whole styles part on every call."""
    names = {style.style_id: style.name for style in document.styles}
    default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    default_name = default.name if default is not None else "Normal"

    def style_name(p) -> str:
        style_id = p.style  # CT_P.style: the pStyle value, or None
        return names.get(style_id, default_name) if style_id is not None else default_name

    return style_name


def row_texts(tr, above: list[str] | None = None) -> list[str]:
    """A table row's text, one a grid column, as python-docx's ``row.cells`` gives it (a merged
    cell in each of its columns, a vertically merged one as the row ``above`` has it), read from
    the row's own XML: ``row.cells`` lays out the whole table's grid on every call."""
    from docx.text.paragraph import Paragraph

    above = above or []
    cells: list[str] = []
    for tc in tr.tc_lst:
        merged = tc.vMerge == "continue" and len(cells) < len(above)
        text = above[len(cells)] if merged else "\n".join(Paragraph(p, None).text for p in tc.p_lst)
        cells += [text] * tc.grid_span
    return cells


def estimate_pages(document) -> int:
    """The page count Word or LibreOffice will most likely lay the document out on.

    An estimate from line metrics (the kit cannot run a word processor): each
    paragraph and table row takes its wrapped lines, rows at least their minimum
    height; page breaks and new sections start a page. The contact sheet and the
    guide say « environ ».
    """
    from docx.text.paragraph import Paragraph

    style_name = style_namer(document)
    sections = iter(document.sections)
    section = next(sections)

    def frame(section):
        usable_h = section.page_height.mm - section.top_margin.mm - section.bottom_margin.mm
        width = section.page_width.mm - section.left_margin.mm - section.right_margin.mm
        return usable_h, width

    usable, width = frame(section)
    pages, y = 1, 0.0

    def place(height: float) -> None:
        nonlocal pages, y
        if y + height > usable and y > 0:
            pages += 1
            y = 0.0
        y += height

    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            paragraph = Paragraph(element, document)
            style = style_name(element)
            size, before, after = _STYLE_METRICS.get(style, (11.0, 0.0, 6.0 if style != INSTRUCTION_STYLE else 6.0))
            if starts_page(element) and y > 0:
                pages, y = pages + 1, 0.0
            if paragraph.text:
                place((_lines(paragraph.text, width, size) * size * _LINE + before + after) * _PT_MM)
            if any(br.get(qn("w:type")) == "page" for br in element.iter(qn("w:br"))):
                pages, y = pages + 1, 0.0
            ppr = element.pPr
            if ppr is not None and ppr.find(qn("w:sectPr")) is not None:
                section = next(sections, section)
                usable, width = frame(section)
                pages, y = pages + 1, 0.0
        elif element.tag == qn("w:tbl"):
            grid = [int(c.get(qn("w:w"))) / 56.6929 for c in element.tblGrid.findall(qn("w:gridCol"))]
            header = 0.0
            heights = []
            rows = element.tr_lst  # the rows' own XML: python-docx's rows and cells lay out the grid each time
            cells: list[str] = []
            for tr in rows:
                tcs = tr.tc_lst
                cells = row_texts(tr, cells)
                first = tcs[0].p_lst[0] if tcs and tcs[0].p_lst else None
                cell_pt = 9.0 if first is not None and style_name(first) == COMPACT_CELL_STYLE else 10.0
                lines = max(_lines(t, max(5.0, w - 3.0), cell_pt) for t, w in zip(cells, grid, strict=False))
                height = lines * cell_pt * _LINE * _PT_MM + 1.5
                row_h = tr.trHeight_val
                heights.append(max(height, row_h.mm) if row_h is not None else height)
            if _kept_together(Table(element, document)) and y > 0 and y + sum(heights) > usable:
                pages, y = pages + 1, 0.0  # the whole table to the next page (its heading goes along in Word)
            for index, (tr, height) in enumerate(zip(rows, heights)):
                before = pages
                place(height)
                trpr = tr.trPr
                if index == 0 and trpr is not None and trpr.find(qn("w:tblHeader")) is not None:
                    header = height
                elif pages != before and header:
                    y += header  # the header row repeats on the new page
            y += 6.0 * _PT_MM
    return pages
