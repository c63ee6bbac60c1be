"""Reading back a PDF's tags with pikepdf: what a PDF/UA checker looks at first.

``tag_problems`` lists, in words, what would make a written PDF untagged or
its tree wrong: no structure tree, no MarkInfo, a language other than
fr-FR, no title shown, a figure without alternative text, painted content
outside any tag or artifact, a tag missing from the tree (or the reverse),
a tree pointing at a page that is not in the document.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf

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
