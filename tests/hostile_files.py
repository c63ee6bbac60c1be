"""Hostile worksheets of a few kilobytes, built in a folder: dimension bombs in xlsx, docx and ods."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

COLUMNS = ["N°", "Compétence", "Qui la détient sur notre territoire ?", "Type d'acteur", "Contact", "Statut", "Commentaire"]


def _rezip(data: bytes, part: str, change) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == part:
                content = change(content)
            target.writestr(info.filename, content)
    return out.getvalue()


def _xlsx() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(COLUMNS)
    sheet.append(["C1-01", "", "Mairie", "", "", "détenue", ""])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _docx() -> bytes:
    from docx import Document

    document = Document()
    table = document.add_table(rows=2, cols=7)
    for cell, text in zip(table.rows[0].cells, COLUMNS, strict=True):
        cell.text = text
    table.rows[1].cells[0].text = "C1-01"
    table.rows[1].cells[2].text = "Mairie"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


ODS_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
    '<office:body><office:spreadsheet><table:table table:name="Phase 1">'
)


def _ods(rows: str) -> bytes:
    header = "<table:table-row>" + "".join(f"<table:table-cell><text:p>{c}</text:p></table:table-cell>" for c in COLUMNS) + "</table:table-row>"
    content = ODS_HEAD + header + rows + "</table:table></office:spreadsheet></office:body></office:document-content>"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content)
        z.writestr("META-INF/manifest.xml", '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>')
    return out.getvalue()


def _cell(text: str, attrs: str = "") -> str:
    return f"<table:table-cell {attrs}><text:p>{text}</text:p></table:table-cell>"


def build(folder: Path) -> list[Path]:
    """Every hostile file, written into ``folder``."""
    files: dict[str, bytes] = {}
    xlsx = _xlsx()
    sheet = "xl/worksheets/sheet1.xml"
    files["dimension.xlsx"] = _rezip(xlsx, sheet, lambda x: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', x).replace(
        b"</sheetData>", b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>loin</t></is></c></row></sheetData>'))
    files["fusion.xlsx"] = _rezip(xlsx, sheet, lambda x: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', x).replace(
        b"</sheetData>", b'</sheetData><mergeCells count="2"><mergeCell ref="G2:XFD1048576"/><mergeCell ref="A1048570:XFD1048576"/></mergeCells>'))
    docx = _docx()
    body = "word/document.xml"
    files["gridspan.docx"] = _rezip(docx, body, lambda x: x.replace(b"<w:tcPr>", b'<w:tcPr><w:gridSpan w:val="300000000"/>', 1))
    files["gridspan-grand.docx"] = _rezip(docx, body, lambda x: b'<w:tcPr><w:gridSpan w:val="900000"/>'.join(x.rsplit(b"<w:tcPr>", 1)))
    files["gridbefore.docx"] = _rezip(docx, body, lambda x: re.sub(rb"(<w:tr(?: [^>]*)?>)", rb'\1<w:trPr><w:gridBefore w:val="300000000"/></w:trPr>', x, count=2))
    files["vmerge.docx"] = _rezip(docx, body, lambda x: x.replace(b"</w:tbl>", (b'<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr>' * 4000) + b"</w:tbl>"))
    files["colonnes.ods"] = _ods("<table:table-row>" + _cell("C1-01") + _cell("x", 'table:number-columns-spanned="1000000"') + "</table:table-row>")
    files["colonnes-absurdes.ods"] = _ods("<table:table-row>" + _cell("C1-01") + _cell("x", 'table:number-columns-spanned="300000000"') + "</table:table-row>")
    files["lignes.ods"] = _ods("<table:table-row>" + _cell("C1-01") + _cell("", 'table:number-columns-repeated="16384"') + "</table:table-row>"
                              + '<table:table-row table:number-rows-repeated="1048575">' + _cell("", 'table:number-columns-repeated="16384"') + "</table:table-row>")
    files["lignes-fusion.ods"] = _ods("<table:table-row>" + _cell("C1-01", 'table:number-rows-spanned="1048576"') + "</table:table-row>"
                                      + '<table:table-row table:number-rows-repeated="1000000">' + _cell("C1-02") + "</table:table-row>")
    files["espaces.ods"] = _ods("<table:table-row>" + _cell("C1-01") + _cell('a<text:s text:c="1000000"/>b<text:s text:c="300000000"/>') + "</table:table-row>")
    files["espaces-grand.ods"] = _ods("<table:table-row>" + _cell("C1-01") + _cell('a<text:s text:c="1000000"/>b' * 200) + "</table:table-row>")
    files["lignes-vides.csv"] = (";".join(COLUMNS) + "\n" + "\n" * 3_000_000 + ";" * 2_000_000 + "\n").encode()
    paths = []
    for name, data in files.items():
        (folder / name).write_bytes(data)
        paths.append(folder / name)
    return paths
