"""Tagged PDFs (PDF/UA-1): what WeasyPrint tags, and what is finished here.

WeasyPrint, asked for ``pdf/ua-1``, writes the structure tree from the HTML
(h1/h2, lists, tables, paragraphs), MarkInfo, the XMP identification, the
document language (``<html lang="fr-FR">``) and title (``<title>``, shown by
viewers: DisplayDocTitle). Backgrounds and borders are artifacts. Three
things it cannot know are finished in a ``write_pdf`` finisher (``finish``):

- decorative images: ``<img alt="">`` and inline SVG without ``<title>`` come
  out as Figures without alternative text; as in HTML, they are decoration,
  so their content becomes an artifact and their element leaves the tree;
- vector art written straight into the pages (``vector.under_pages``) is
  wrapped as an artifact there (``artifact``);
- pages turned into forms after the layout (the cards' stamps): their marked
  content becomes artifact (``untag``) and their structure leaves the tree,
  which only refers to the pages of the page tree.

Nothing here depends on time or chance: the same input gives the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pydyf

PDF_VARIANT = "pdf/ua-1"
LANG = "fr-FR"

_MARKED = re.compile(rb"/[A-Za-z0-9]+\s*<<\s*/MCID\s+\d+\s*>>\s*BDC")


def artifact(data: bytes) -> bytes:
    """A content stream's operators marked as one artifact (decoration, not read)."""
    return b"/Artifact BMC\n" + data + b"\nEMC"


def untag_bytes(data: bytes) -> bytes:
    """Content stream bytes (decoded) whose tagged sequences become artifacts (a page drawn as a form)."""
    return _MARKED.sub(b"/Artifact BMC", data)


def untag(stream: pydyf.Stream, mcids: set[int] | None = None) -> None:
    """Make the marked sequences of a WeasyPrint stream (all, or those of ``mcids``) artifacts."""
    items = stream.stream
    for i, item in enumerate(items):
        if isinstance(item, pydyf.Dictionary) and "MCID" in item and i + 1 < len(items) and items[i + 1] == b"BDC":
            if mcids is None or item["MCID"] in mcids:
                items[i - 1], items[i], items[i + 1] = "/Artifact", b"", b"BMC"


def _number(reference: bytes | str | int) -> int:
    if isinstance(reference, int):
        return reference
    return int(reference.split()[0])


def finishing(finisher: Callable | None = None) -> Callable:
    """A ``write_pdf`` finisher: decorative figures made artifacts, then ``finisher``
    (which may turn pages into forms), then the tree pruned of pages left out."""

    def finish(document, pdf: pydyf.PDF) -> None:
        if "StructTreeRoot" not in pdf.catalog:
            if finisher:
                finisher(document, pdf)
            return
        decorative_figures(pdf)
        if finisher:
            finisher(document, pdf)
        prune_dead_pages(pdf)

    return finish


def _elements(pdf: pydyf.PDF):
    """Every structure element under the root, parents before children, with its parent."""
    root = pdf.objects[_number(pdf.catalog["StructTreeRoot"])]
    stack = [(pdf.objects[_number(k)], None) for k in reversed(root["K"])]
    while stack:
        element, parent = stack.pop()
        yield element, parent
        for kid in reversed(element.get("K", [])):
            if isinstance(kid, int):
                continue
            child = pdf.objects[_number(kid)]
            if isinstance(child, pydyf.Dictionary) and child.get("Type") == "/StructElem":
                stack.append((child, element))


def _parent_tree(pdf: pydyf.PDF) -> pydyf.Array:
    root = pdf.objects[_number(pdf.catalog["StructTreeRoot"])]
    return pdf.objects[_number(root["ParentTree"])]["Nums"]


def decorative_figures(pdf: pydyf.PDF) -> None:
    """Figures without alternative text (``alt=""``, SVG without title) become artifacts."""
    nums = _parent_tree(pdf)
    by_key = {nums[i]: nums[i + 1] for i in range(0, len(nums), 2)}
    decorative: dict[int, set[int]] = {}  # page object number → MCIDs
    for element, parent in list(_elements(pdf)):
        if element.get("S") != "/Figure" or "Alt" in element or parent is None:
            continue
        page_number = _number(element["Pg"])
        mcids = {k for k in element["K"] if isinstance(k, int)}
        decorative.setdefault(page_number, set()).update(mcids)
        parent["K"].remove(element.reference)
        page = pdf.objects[page_number]
        mapping = by_key.get(page.get("StructParents"))
        for mcid in mcids:
            if mapping is not None and mcid < len(mapping):
                mapping[mcid] = "null"
    for page_number, mcids in decorative.items():
        untag(pdf.objects[_number(pdf.objects[page_number]["Contents"])], mcids)


def prune_dead_pages(pdf: pydyf.PDF) -> None:
    """Structure of pages that left the page tree (turned into forms) leaves the tree too."""
    live = set(pdf.pages["Kids"][0::3])
    root = pdf.objects[_number(pdf.catalog["StructTreeRoot"])]
    dead_keys = set()
    for number, obj in enumerate(pdf.objects):
        if isinstance(obj, pydyf.Dictionary) and obj.get("Type") == "/Page" and number not in live:
            if "StructParents" in obj:
                dead_keys.add(obj.pop("StructParents"))
            obj.pop("Tabs", None)
    if not dead_keys:
        return
    dead_refs = {f"{n} 0 R".encode() for n, obj in enumerate(pdf.objects) if isinstance(obj, pydyf.Dictionary) and obj.get("Type") == "/Page" and n not in live}
    for document in (pdf.objects[_number(k)] for k in root["K"]):
        document["K"] = pydyf.Array(k for k in document["K"] if not _is_dead(pdf, k, dead_refs))
    nums = _parent_tree(pdf)
    kept_nums = pydyf.Array()
    for i in range(0, len(nums), 2):
        if nums[i] not in dead_keys:
            kept_nums.extend(nums[i : i + 2])
    nums[:] = kept_nums


def _is_dead(pdf: pydyf.PDF, reference, dead_refs: set[bytes]) -> bool:
    obj = pdf.objects[_number(reference)]
    return isinstance(obj, pydyf.Dictionary) and obj.get("Pg") in dead_refs
