"""Word documents (.docx), read from their XML as Word shows them.

Tracked changes read as if accepted (insertions in, deletions out); content controls,
hyperlinks, fields (their result, never their code), smart tags and custom XML read
through; a content control still showing its placeholder is empty.
"""

from __future__ import annotations

import zipfile

from lxml import etree

from .limits import MAX_COLUMNS, MAX_ROWS, number, too_many_rows
from .model import Cell, SourceTable

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True)


def _q(tag: str) -> str:
    return f"{{{W}}}{tag}"


def _local(el) -> str:
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


# Never text: properties, deleted or moved-away content, field codes, drawings, notes' marks.
_SKIP = {
    "pPr", "rPr", "tcPr", "trPr", "tblPr", "tblGrid", "sdtPr", "sdtEndPr", "del", "moveFrom", "delText",
    "delInstrText", "instrText", "fldData", "drawing", "pict", "object", "footnoteReference",
    "endnoteReference", "commentReference", "annotationRef", "bookmarkStart", "bookmarkEnd", "proofErr",
    "commentRangeStart", "commentRangeEnd", "permStart", "permEnd", "lastRenderedPageBreak",
}  # fmt: skip
_REVISIONS = ("ins", "del", "moveFrom", "moveTo", "cellIns", "cellDel", "cellMerge")


class _Text:
    def __init__(self) -> None:
        self.parts: list[str] = []
        self.fields: list[str] = []  # per open field: « code » until its separator, then « result »

    def walk(self, el) -> None:
        for child in el:
            tag = _local(child)
            if tag in _SKIP or child.tag == f"{{{MC}}}Fallback":
                continue
            if tag == "t":
                if not self.fields or self.fields[-1] == "result":
                    self.parts.append(child.text or "")
            elif tag == "tab":
                self.parts.append(" ")
            elif tag in ("br", "cr"):
                self.parts.append("\n")
            elif tag == "noBreakHyphen":
                self.parts.append("-")
            elif tag == "sym":
                code = child.get(_q("char"), "")
                try:
                    self.parts.append(chr(int(code, 16)))
                except ValueError:
                    pass
            elif tag == "fldChar":
                kind = child.get(_q("fldCharType"))
                if kind == "begin":
                    self.fields.append("code")
                elif kind == "separate" and self.fields:
                    self.fields[-1] = "result"
                elif kind == "end" and self.fields:
                    self.fields.pop()
            elif tag == "sdt":
                props = child.find(_q("sdtPr"))
                if props is not None and props.find(_q("showingPlcHdr")) is not None:
                    continue  # the control's placeholder (« Cliquez ici… »), not typed text
                self.walk(child)
            elif tag in ("p", "tbl", "tr"):
                self.walk(child)
                self.parts.append("\n")
            elif tag == "tc":
                self.walk(child)
                self.parts.append(" ")
            else:  # r, hyperlink, smartTag, customXml, fldSimple, ins, moveTo, sdtContent, AlternateContent…
                self.walk(child)


def cell_text(tc) -> str:
    text = _Text()
    text.walk(tc)
    return "".join(text.parts)


def _children(el, tag: str):
    """Direct children with this tag, seeing through content controls and custom XML."""
    for child in el:
        name = _local(child)
        if name == tag:
            yield child
        elif name in ("sdt", "customXml"):
            content = child.find(_q("sdtContent")) if name == "sdt" else child
            if content is not None:
                yield from _children(content, tag)


def _val(el, path: str, default=None):
    found = el.find(path)
    return default if found is None else found.get(_q("val"), "")


def tables_of(root) -> list:
    body = root.find(_q("body"))
    return list(_children(body, "tbl")) if body is not None else []


def read_table(tbl, place: str) -> SourceTable:
    # First pass: grid places; a vertical continuation remembers which cell it continues.
    # Declared spans are clamped: a row never has more than MAX_COLUMNS places.
    grid: list[list] = []
    hidden: list[tuple[int, str]] = []
    for tr in _children(tbl, "tr"):
        props = tr.find(_q("trPr"))
        if props is not None and props.find(_q("del")) is not None:
            continue  # a row deleted with tracked changes on
        if len(grid) >= MAX_ROWS:
            raise too_many_rows(f"le {place}")
        row: list = []
        before = number(_val(tr, f"{_q('trPr')}/{_q('gridBefore')}", "0"), 0, "une ligne décalée de {n} colonnes (w:gridBefore)")
        row.extend([("empty", None)] * min(before, MAX_COLUMNS))
        for tc in _children(tr, "tc"):
            if len(row) >= MAX_COLUMNS:
                break
            tc_props = tc.find(_q("tcPr"))
            if tc_props is not None and tc_props.find(_q("cellDel")) is not None:
                continue
            span = max(1, min(number(_val(tc, f"{_q('tcPr')}/{_q('gridSpan')}", "1"), 1, "une cellule fusionnée sur {n} colonnes (w:gridSpan)"), MAX_COLUMNS - len(row)))
            vmerge = _val(tc, f"{_q('tcPr')}/{_q('vMerge')}")
            hmerge = _val(tc, f"{_q('tcPr')}/{_q('hMerge')}")
            if hmerge is not None and hmerge != "restart":
                if row and row[-1][0] == "cell":
                    row[-1][1].colspan += span
                row.extend([("covered", None)] * span)
                continue
            if vmerge is not None and vmerge != "restart":
                if cell_text(tc).strip():  # Word shows only the first cell of a merge
                    hidden.append((len(grid) + 1, cell_text(tc)))
                row.append(("vcont", span))
                row.extend([("covered", None)] * (span - 1))
                continue
            cell = Cell(cell_text(tc), colspan=span)
            row.append(("cell", cell))
            row.extend([("covered", None)] * (span - 1))
        grid.append(row)
    # Second pass: each vertical continuation lengthens the cell above it (one pass: the
    # cell each column continues is remembered, never searched for).
    rows: list[tuple[int, list[Cell | None]]] = []
    anchors: dict[int, tuple[int, Cell]] = {}
    for r, row in enumerate(grid):
        cells: list[Cell | None] = []
        following: dict[int, tuple[int, Cell]] = {}
        for c, (kind, value) in enumerate(row):
            if kind == "cell":
                cells.append(value)
                following[c] = (r, value)
            elif kind == "empty":
                cells.append(Cell(""))
            else:
                cells.append(None)
                if kind == "vcont" and c in anchors:
                    first, cell = anchors[c]
                    cell.rowspan = r - first + 1
                    following[c] = anchors[c]
        anchors = following
        rows.append((r + 1, cells))
    return SourceTable(place, rows, hidden)


def read(archive: zipfile.ZipFile) -> tuple[list[SourceTable], bool]:
    """The document's tables, and whether it holds tracked changes not yet accepted."""
    root = etree.fromstring(archive.read("word/document.xml"), _PARSER)
    tracked = any(True for _ in root.iter(*[_q(t) for t in _REVISIONS]))
    tables = [read_table(tbl, f"tableau {i}") for i, tbl in enumerate(tables_of(root), start=1)]
    return tables, tracked


def core_properties(archive: zipfile.ZipFile) -> dict[str, str]:
    """version and identifier from docProps/core.xml (where ateliers stamps the referential)."""
    try:
        root = etree.fromstring(archive.read("docProps/core.xml"), _PARSER)
    except (KeyError, etree.XMLSyntaxError):
        return {}
    return {_local(el): (el.text or "").strip() for el in root}
