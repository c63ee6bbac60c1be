"""Reading back accessibility properties of the files written: PDFs (pikepdf), Word and
spreadsheet XML.

PDFs: what a PDF/UA checker looks at first.

``tag_problems`` lists, in words, what would make a written PDF untagged or
its tree wrong: no structure tree, no MarkInfo, a language other than
fr-FR, no title shown, a figure without alternative text, painted content
outside any tag or artifact, a tag missing from the tree (or the reverse),
a tree pointing at a page that is not in the document.

Word and spreadsheets: ``word_problems`` and ``xlsx_problems`` (language,
heading styles, repeated table headers, alternative text, properties).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pikepdf
from lxml import etree

PAINT = {"Tj", "TJ", "'", '"', "f", "F", "f*", "B", "B*", "b", "b*", "S", "s", "sh", "Do", "EI"}


def _struct_elements(pdf: pikepdf.Pdf):
    """(element, parent) of every structure element, in reading order (depth first)."""
    root = pdf.Root.StructTreeRoot
    kids = root.K if isinstance(root.K, pikepdf.Array) else [root.K]
    stack = [(k, None) for k in reversed(list(kids))]
    while stack:
        element, parent = stack.pop()
        yield element, parent
        k = element.get("/K")
        if k is None:
            continue
        items = list(k) if isinstance(k, pikepdf.Array) else [k]
        for kid in reversed(items):
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") not in ("/MCR", "/OBJR") and "/S" in kid:
                stack.append((kid, element))


def marked_ids(element) -> list[int]:
    k = element.get("/K")
    items = list(k) if isinstance(k, pikepdf.Array) else ([] if k is None else [k])
    out = []
    for kid in items:
        if isinstance(kid, int):
            out.append(int(kid))
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
            out.append(int(kid.MCID))
    return out


def _content_problems(ops, where: str, xobjects, in_artifact_form: bool = False) -> tuple[list[str], set[int]]:
    problems: list[str] = []
    found: set[int] = set()
    stack: list[str] = []  # "tag", "artifact" or "other" per open marked sequence
    for operands, operator in ops:
        op = str(operator)
        if op in ("BMC", "BDC"):
            tag = str(operands[0])
            if tag == "/Artifact":
                stack.append("artifact")
            elif op == "BDC" and isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]:
                if "artifact" in stack or in_artifact_form:
                    problems.append(f"{where} : contenu balisé dans un artefact")
                if "tag" in stack:
                    problems.append(f"{where} : contenu balisé dans un autre")
                stack.append("tag")
                found.add(int(operands[1].MCID))
            else:
                stack.append("other")
        elif op == "EMC":
            if not stack:
                problems.append(f"{where} : EMC sans début")
            else:
                stack.pop()
        elif op in PAINT and not in_artifact_form and not ({"tag", "artifact"} & set(stack)):
            problems.append(f"{where} : « {op} » hors de tout balisage")
        if op == "Do" and xobjects is not None:
            xobj = xobjects.get(operands[0])
            if xobj is not None and xobj.get("/Subtype") == "/Form":
                sub, _ = _content_problems(
                    pikepdf.parse_content_stream(xobj), where + f" (forme {operands[0]})", (xobj.get("/Resources") or {}).get("/XObject"),
                    in_artifact_form=in_artifact_form or "artifact" in stack,
                )
                problems += sub
    if stack:
        problems.append(f"{where} : {len(stack)} séquence(s) non fermée(s)")
    return problems, found


def tag_problems(path: Path, lang: str = "fr-FR") -> list[str]:
    problems = []
    with pikepdf.open(path) as pdf:
        root = pdf.Root
        if "/StructTreeRoot" not in root:
            return [f"{path.name} : pas d’arbre de structure"]
        if not (root.get("/MarkInfo") and bool(root.MarkInfo.get("/Marked"))):
            problems.append("MarkInfo/Marked absent")
        if str(root.get("/Lang", "")) != lang:
            problems.append(f"langue {root.get('/Lang')!r} au lieu de {lang}")
        if not str(pdf.docinfo.get("/Title", "")).strip():
            problems.append("pas de titre")
        if not (root.get("/ViewerPreferences") and bool(root.ViewerPreferences.get("/DisplayDocTitle"))):
            problems.append("le titre n’est pas affiché (DisplayDocTitle)")
        pages = {p.objgen: i for i, p in enumerate(pdf.pages)}
        tree: dict[int, set[int]] = {i: set() for i in pages.values()}
        for element, _ in _struct_elements(pdf):
            if element.get("/S") == "/Figure" and not str(element.get("/Alt", "")).strip():
                problems.append("figure sans texte de remplacement")
            pg = element.get("/Pg")
            ids = marked_ids(element)
            if pg is not None and pg.objgen not in pages:
                problems.append(f"élément {element.get('/S')} sur une page hors du document")
                continue
            if ids:
                tree[pages[pg.objgen]].update(ids)
        for i, page in enumerate(pdf.pages):
            if "/StructParents" not in page:
                problems.append(f"page {i + 1} : pas de StructParents")
            xobjects = (page.get("/Resources") or {}).get("/XObject")
            sub, found = _content_problems(pikepdf.parse_content_stream(page), f"page {i + 1}", xobjects)
            problems += sub
            if found != tree[i]:
                problems.append(f"page {i + 1} : marques hors de l’arbre {sorted(found - tree[i])[:5]}, absentes {sorted(tree[i] - found)[:5]}")
    return sorted(set(problems))


def structure(path: Path) -> list[str]:
    """The structure types in reading order (``/H1``, ``/P``, ``/Figure``…)."""
    with pikepdf.open(path) as pdf:
        return [str(e.get("/S")) for e, _ in _struct_elements(pdf)]


def figures_alt(path: Path) -> list[str]:
    with pikepdf.open(path) as pdf:
        return [str(e.get("/Alt", "")) for e, _ in _struct_elements(pdf) if e.get("/S") == "/Figure"]


def reading_order(path: Path, page_index: int = 0, pdf=None) -> list[dict]:
    """The page's marked texts in the structure tree's order (what a screen reader reads), each
    with its nearest structure type and where it is printed: {"type", "text", "x0", "top"}.
    ``pdf``: the file already opened with pdfplumber (left open)."""
    import pdfplumber

    if pdf is None:
        with pdfplumber.open(path) as opened:
            return reading_order(path, page_index, opened)
    page = pdf.pages[page_index]
    by_mcid: dict[int, list[dict]] = {}
    for char in page.chars:
        if char.get("mcid") is not None:
            by_mcid.setdefault(char["mcid"], []).append(char)
    out = []

    def walk(node: dict, kind: str) -> None:
        kind = node["type"] if node["type"] in ("H1", "H2", "H3", "P", "TH", "TD", "LI", "Figure") else kind
        for mcid in node.get("mcids", []):
            chars = by_mcid.get(mcid)
            if chars:
                out.append({
                    "type": kind, "text": "".join(c["text"] for c in chars),
                    "x0": min(c["x0"] for c in chars), "top": min(c["top"] for c in chars),
                })  # fmt: skip
        for child in node.get("children", []):
            walk(child, kind)

    for node in page.structure_tree:
        walk(node, "")
    return out


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
DC = "{http://purl.org/dc/elements/1.1/}"


def _core(archive: zipfile.ZipFile) -> dict[str, str]:
    root = etree.fromstring(archive.read("docProps/core.xml"))
    return {etree.QName(e).localname: (e.text or "") for e in root}


def word_problems(path: Path, lang: str = "fr-FR") -> list[str]:
    """What keeps a .docx from being read as a French, structured document."""
    problems = []
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if not name.endswith(".xml"):
                continue
            root = etree.fromstring(archive.read(name))
            for element in root.iter(W + "lang", W + "themeFontLang"):
                for attr in ("val", "eastAsia"):
                    value = element.get(W + attr)
                    if value is not None and value != lang:
                        problems.append(f"{name} : langue {attr}={value}")
            for doc_pr in root.iter(WP + "docPr"):
                if not (doc_pr.get("descr") or "").strip():
                    problems.append(f"{name} : image sans texte de remplacement ({doc_pr.get('name')})")
        styles = etree.fromstring(archive.read("word/styles.xml"))
        default = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
        if default is None or default.get(W + "val") != lang:
            problems.append("pas de langue par défaut fr-FR (docDefaults)")
        names = {}
        for style in styles.iter(W + "style"):
            names[style.get(W + "styleId")] = style.find(W + "name").get(W + "val")
            lang_el = style.find(f"{W}rPr/{W}lang")
            if style.get(W + "type") != "numbering" and (lang_el is None or lang_el.get(W + "val") != lang):
                problems.append(f"style « {names[style.get(W + 'styleId')]} » sans langue fr-FR")
        body = etree.fromstring(archive.read("word/document.xml"))
        used = {names.get(p.get(W + "val")) for p in body.iter(W + "pStyle")}
        if "heading 1" not in used:
            problems.append("aucun titre de niveau 1 (style Titre 1 / Heading 1)")
        for i, table in enumerate(body.iter(W + "tbl"), start=1):
            rows = table.findall(W + "tr")
            look = table.find(f"{W}tblPr/{W}tblLook")
            has_header_row = look is None or look.get(W + "firstRow") != "0"
            flagged = [r.find(f"{W}trPr/{W}tblHeader") is not None for r in rows]
            if has_header_row and not (rows and flagged[0]):
                problems.append(f"tableau {i} : ligne d’en-tête non répétée (w:tblHeader)")
            if not all(flagged[: sum(flagged)]):
                problems.append(f"tableau {i} : en-tête ailleurs qu’en haut")
        core = _core(archive)
        for key in ("title", "creator"):
            if not core.get(key, "").strip():
                problems.append(f"propriété {key} vide")
        if core.get("language") != lang:
            problems.append(f"langue du document {core.get('language')!r}")
    return sorted(set(problems))


def headings(path: Path) -> list[tuple[str, str]]:
    """(style name, text) of the paragraphs in heading styles, in order."""
    with zipfile.ZipFile(path) as archive:
        styles = etree.fromstring(archive.read("word/styles.xml"))
        names = {s.get(W + "styleId"): s.find(W + "name").get(W + "val") for s in styles.iter(W + "style")}
        body = etree.fromstring(archive.read("word/document.xml"))
        out = []
        for p in body.iter(W + "p"):
            style = p.find(f"{W}pPr/{W}pStyle")
            name = names.get(style.get(W + "val")) if style is not None else None
            if name and name.startswith("heading"):
                out.append((name, "".join(t.text or "" for t in p.iter(W + "t"))))
        return out


def xlsx_problems(path: Path, lang: str = "fr-FR") -> list[str]:
    problems = []
    with zipfile.ZipFile(path) as archive:
        core = _core(archive)
        workbook = etree.fromstring(archive.read("xl/workbook.xml"))
    if core.get("language") != lang:
        problems.append(f"langue {core.get('language')!r}")
    for key in ("title", "creator"):
        if not core.get(key, "").strip():
            problems.append(f"propriété {key} vide")
    for sheet in workbook.iter("{http://schemas.openxmlformats.org/spreadsheetml/2006/main}sheet"):
        if sheet.get("name", "").startswith(("Sheet", "Feuil")):
            problems.append(f"feuille sans titre parlant : {sheet.get('name')}")
    return problems
