"""Reading back what the real commands wrote: boxes, text, fonts, colours."""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pypdf
import pypdfium2 as pdfium
from PIL import ImageChops

PT_PER_MM = 72 / 25.4


def mm(value_pt: float) -> float:
    return value_pt / PT_PER_MM


def load_manifest(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


@dataclass(frozen=True)
class Box:
    """A rectangle in pdfplumber's page coordinates: points from the media box's
    top-left corner, y downwards (characters' x0/x1/top/bottom)."""

    x0: float
    y0: float
    x1: float
    y1: float

    def inset(self, d: float) -> Box:
        return Box(self.x0 + d, self.y0 + d, self.x1 - d, self.y1 - d)

    def contains_point(self, x: float, y: float) -> bool:
        return self.x0 <= x <= self.x1 and self.y0 <= y <= self.y1

    def contains_char(self, c: dict, tol: float = 0.05) -> bool:
        return (
            c["x0"] >= self.x0 - tol
            and c["x1"] <= self.x1 + tol
            and c["top"] >= self.y0 - tol
            and c["bottom"] <= self.y1 + tol
        )

    def touches_char(self, c: dict) -> bool:
        return c["x1"] > self.x0 and c["x0"] < self.x1 and c["bottom"] > self.y0 and c["top"] < self.y1


def trim_box(reader: pypdf.PdfReader, page_index: int) -> Box:
    """The trim box in the coordinates pdfplumber gives characters.

    pdfplumber keeps user-space x and flips y against the media box height
    (top = height - y), even when the media box does not start at 0 (bleed):
    checked against pdftotext -bbox on a page with bleed.
    """
    page = reader.pages[page_index]
    t, m = page.trimbox, page.mediabox
    height = float(m.top) - float(m.bottom)
    return Box(float(t.left), height - float(t.top), float(t.right), height - float(t.bottom))


def card_box(trim: Box, rect: dict) -> Box:
    """A manifest rectangle (mm from the trim box's top-left) in PDF user space."""
    x0 = trim.x0 + rect["x_mm"] * PT_PER_MM
    top = trim.y0 + rect["y_mm"] * PT_PER_MM
    return Box(x0, top, x0 + rect["largeur_mm"] * PT_PER_MM, top + rect["hauteur_mm"] * PT_PER_MM)


def page_chars(pdf: pdfplumber.PDF, page_index: int) -> list[dict]:
    return [c for c in pdf.pages[page_index].chars if c["text"].strip()]


def squash(text: str) -> str:
    """Text without any white space, to compare a card's content with its wrapped layout."""
    return "".join(text.split())


def chars_in(chars: list[dict], box: Box) -> str:
    inside = [c for c in chars if box.contains_point((c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2)]
    inside.sort(key=lambda c: (round(c["top"], 0), c["x0"]))
    return "".join(c["text"] for c in inside)


def embedded_font_problems(path: Path, reader: pypdf.PdfReader | None = None) -> list[str]:
    """Fonts used by the PDF that are not embedded (empty when all are); ``reader``: the file already read by pypdf."""
    reader = reader or pypdf.PdfReader(path)
    problems = []
    for page in reader.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for name, ref in fonts.items():
            font = ref.get_object()
            descriptors = []
            if "/FontDescriptor" in font:
                descriptors.append(font["/FontDescriptor"].get_object())
            for descendant in font.get("/DescendantFonts", []):
                d = descendant.get_object()
                if "/FontDescriptor" in d:
                    descriptors.append(d["/FontDescriptor"].get_object())
            if font.get("/Subtype") == "/Type3":
                continue
            if not descriptors or not any(
                k in d for d in descriptors for k in ("/FontFile", "/FontFile2", "/FontFile3")
            ):
                problems.append(f"{name}: {font.get('/BaseFont')}")
    return problems


def coloured_pixels(path: Path, dpi: int = 50, tolerance: int = 12, max_pages: int | None = None) -> list[tuple[int, int, int, int]]:
    """Pixels whose channels differ (a colour), per page: (page, r, g, b) samples."""
    found = []
    doc = pdfium.PdfDocument(str(path))
    try:
        for index in range(len(doc) if max_pages is None else min(max_pages, len(doc))):
            image = doc[index].render(scale=dpi / 72).to_pil().convert("RGB")
            # Each pixel's spread between its channels (max − min), computed by PIL over the whole page;
            # the first pixel (row by row) whose spread exceeds the tolerance is the sample.
            r, g, b = image.split()
            spread = ImageChops.subtract(ImageChops.lighter(ImageChops.lighter(r, g), b), ImageChops.darker(ImageChops.darker(r, g), b))
            mask = spread.point(lambda v: 255 if v > tolerance else 0)
            box = mask.getbbox()
            if box is not None:
                top = box[1]
                x = next(i for i in range(box[0], box[2]) if mask.getpixel((i, top)))
                found.append((index + 1, *image.getpixel((x, top))))
    finally:
        doc.close()
    return found


def largest_empty_block(path: Path, dpi: int = 10, margin_mm: float = 10.0, page_index: int = 0) -> float:
    """Share of the page (0–1) taken by the largest blank rectangle inside the margins:
    the page rasterised, a pixel blank when nearly white, the largest all-blank
    rectangle found row by row (histogram of blank runs, stack method)."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        image = pdf[page_index].render(scale=dpi / 72).to_pil().convert("L")
    finally:
        pdf.close()
    w, h = image.size
    m = round(margin_mm / 25.4 * dpi)
    pixels = image.load()
    heights = [0] * (w - 2 * m)
    best = 0
    for y in range(m, h - m):
        for i, x in enumerate(range(m, w - m)):
            heights[i] = heights[i] + 1 if pixels[x, y] >= 245 else 0
        stack: list[int] = []
        for i in range(len(heights) + 1):
            current = heights[i] if i < len(heights) else 0
            while stack and heights[stack[-1]] >= current:
                top = heights[stack.pop()]
                left = stack[-1] + 1 if stack else 0
                best = max(best, top * (i - left))
            stack.append(i)
    return best / (w * h)


# ---------------------------------------------------------------- card faces found in a sheet's drawing

CARD_ID = r"[A-Z0-9]+(?:-[A-Z0-9]+)+"  # C2-07, E1-03, R-SIT-01, C3-T01: a card's number as printed in its band


@dataclass(frozen=True)
class Face:
    """A card face found in a sheet's drawing, in millimetres from the page's top-left corner.

    ``ident`` is the card's number printed in a front's band (empty on a back and on a blank
    card); ``text`` every character drawn on the face, without spaces."""

    page: int  # index
    x: float
    y: float
    w: float
    h: float
    ident: str
    title: str  # a front's band title, its first line (« Phase2 », « Synthèse »), without spaces
    text: str


def card_faces(page, card_w: float, card_h: float, tol: float = 0.2) -> tuple[list[Face], list[Face]]:
    """The fronts and the backs drawn on an office sheet (pdfplumber page; trim box = media box).

    Found by the drawing alone, not by the manifest: a front by its band, a filled rectangle as
    wide as the card and less than a third as tall, at the card's top (its number printed in it);
    a back by its fill, a filled rectangle of the card's size (colour backs: the sheet's vector
    fill; black and white: the hatched box). A face's rectangle is measured from its fill; its
    height, for a front, is the card's."""
    import re

    seen_fronts: dict[tuple, Face] = {}
    seen_backs: dict[tuple, Face] = {}
    fills = [r for r in page.rects if r.get("fill")]
    chars = [c for c in page.chars if c["text"].strip()]
    for r in fills:
        x, y, w, h = mm(r["x0"]), mm(r["top"]), mm(r["x1"] - r["x0"]), mm(r["bottom"] - r["top"])
        if abs(w - card_w) > tol:
            continue
        back = abs(h - card_h) <= tol
        if not back and not h < card_h / 3:
            continue
        key = (round(x, 1), round(y, 1))
        seen = seen_backs if back else seen_fronts
        if key in seen:  # one face, several fills (a hatched back: its colour, then its pattern)
            continue
        face_box = Box(r["x0"], r["top"], r["x1"], r["top"] + card_h * PT_PER_MM)
        text = chars_in(chars, face_box)
        ident = title = ""
        if not back:
            words = page.crop((r["x0"], r["top"], r["x1"], r["bottom"]), strict=False).extract_words()
            idents = [w["text"] for w in words if re.fullmatch(CARD_ID, w["text"])]
            assert len(idents) <= 1, idents
            ident = idents[0] if idents else ""
            words = [w for w in words if w["text"] != ident]
            first = min((w["top"] for w in words), default=0.0)
            title = "".join(w["text"] for w in words if w["top"] < first + 1.0)
        seen[key] = Face(page.page_number - 1, x, y, w, h if back else card_h, ident, title, text)
    return list(seen_fronts.values()), list(seen_backs.values())


def turned(front: Face, mode: str, page_w: float, page_h: float, fold: float = 0.0, offset: tuple[float, float] = (0.0, 0.0)) -> tuple[float, float]:
    """Where a front's back must lie (x, y in mm), the sheet turned over or folded.

    Duplex: the printer turns the PAPER over its long edge (``long``, IPP two-sided-long-edge) or
    its short edge (``court``, tumble); a landscape page is turned onto the paper by the driver,
    front and back alike. The long edges of a portrait sheet are its sides: ``long`` mirrors x
    and keeps y, ``court`` mirrors y. The long edges of a landscape sheet are its top and bottom:
    ``long`` mirrors y, ``court`` mirrors x. ``pli-vertical`` / ``pli-horizontal``: mirrored
    about the fold line at ``fold`` mm. ``offset``: the printer's measured drift, added to a duplex back."""
    if mode in ("long", "court"):
        if (mode == "long") != (page_w > page_h):  # turned about a vertical line of the page
            return page_w - front.x - front.w + offset[0], front.y + offset[1]
        return front.x + offset[0], page_h - front.y - front.h + offset[1]
    if mode == "pli-vertical":
        return 2 * fold - front.x - front.w, front.y
    if mode == "pli-horizontal":
        return front.x, 2 * fold - front.y - front.h
    raise ValueError(mode)


def overlaps(words: list[dict], tol: float = 0.2) -> list[tuple[str, str]]:
    """Pairs of words whose boxes intersect (a sweep on x: O(n log n) for sparse pages)."""
    found = []
    ordered = sorted(words, key=lambda w: w["x0"])
    for i, a in enumerate(ordered):
        for b in ordered[i + 1 :]:
            if b["x0"] >= a["x1"] - tol:
                break
            if a["top"] < b["bottom"] - tol and b["top"] < a["bottom"] - tol:
                found.append((a["text"], b["text"]))
    return found


def flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def labels_found(data: bytes, names: set[str], min_pt: float) -> set[str]:
    """Names printed as one label (see labels_in) on some page of the PDF ``data``, never
    under ``min_pt``, no two words overlapping."""
    pages = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            assert min(c["size"] for c in page.chars) >= min_pt - 0.01
            words = page.extract_words(extra_attrs=["size"])
            assert overlaps(words) == []
            pages.append(words)
    return labels_in(pages, names)


def labels_in(pages: list[list[dict]], names: set[str]) -> set[str]:
    """Names printed as one label (its words, or pieces of a word broken at a hyphen, in order
    on a line, or on the next line from the same left edge) on some page; ``pages`` holds each
    page's words (pdfplumber's extract_words with their size)."""
    found = set()
    for words in pages:
        texts = {w["text"] for w in words}
        for name in names - found:
            target = flat(name)
            inside = {t for t in texts if t in target}
            pool = [w for w in words if w["text"] in inside]  # the only words that can be part of it, in reading order
            for first in pool:
                if not target.startswith(first["text"]):
                    continue
                cur, done = first, len(first["text"])
                while done < len(target):
                    nxt = [
                        w for w in pool
                        if target.startswith(w["text"], done)
                        and ((abs(w["top"] - cur["top"]) < 1 and 0 <= w["x0"] - cur["x1"] < cur["size"])
                             or (0 < w["top"] - cur["top"] < 2 * cur["size"] and abs(w["x0"] - first["x0"]) < 1))
                    ]  # fmt: skip
                    if not nxt:
                        break
                    cur, done = nxt[0], done + len(nxt[0]["text"])
                if done == len(target):
                    found.add(name)
                    break
    return found


@dataclass(frozen=True)
class BoardPlaces:
    """What a wall board's PDF draws in one zone: its frame, the steps of the cascade (the tallest
    filled bands of each row, as in the drawing) and the write-in cells beside them (a row's
    shorter bands), with the numbers written in it; all in mm from the page's top left."""

    frame: tuple[float, float, float, float]
    steps: list[tuple[float, float, float, float]]
    cells: list[tuple[float, float, float, float]]
    numbers: list[tuple[int, float, float]]  # (number, centre x, centre y)


def board_zones(source, names: list[str]) -> dict[str, BoardPlaces]:
    """The zones of a board (``couloir-<name>``, found by their PDF named destinations and the
    frame drawn there), each with the steps, cells and numbers drawn inside it."""
    import io

    data = source if isinstance(source, bytes) else Path(source).read_bytes()
    reader = pypdf.PdfReader(io.BytesIO(data))
    height = float(reader.pages[0].mediabox.height)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[0]
        frames = [c for c in page.curves + page.rects if c.get("fill") or c.get("stroke")]
        fills = [(mm(r["x0"]), mm(r["top"]), mm(r["width"]), mm(r["height"])) for r in page.rects if r.get("fill")]
        words = [(w["text"], mm((w["x0"] + w["x1"]) / 2), mm((w["top"] + w["bottom"]) / 2)) for w in page.extract_words()]
    zones = {}
    for name in names:
        dest = reader.named_destinations[f"couloir-{name}"]
        left, top = float(dest["/Left"]), height - float(dest["/Top"])
        here = [c for c in frames if abs(c["x0"] - left) < 1.0 and abs(c["top"] - top) < 1.0]
        f = max(here, key=lambda c: c["width"] * c["height"])
        frame = (mm(f["x0"]), mm(f["top"]), mm(f["width"]), mm(f["height"]))

        def inside(x: float, y: float, w: float = 0.0, h: float = 0.0) -> bool:
            return frame[0] - 0.01 <= x and x + w <= frame[0] + frame[2] + 0.01 and frame[1] - 0.01 <= y and y + h <= frame[1] + frame[3] + 0.01

        bands = sorted((b for b in fills if inside(*b)), key=lambda b: (round(b[1] - 0.4, 0), b[0]))
        steps, cells = [], []
        for band in bands:  # a row: its steps start at the row's top, its cells 0.4 mm lower and 0.8 mm shorter
            row = [b for b in bands if abs(b[1] - band[1]) < 0.6]
            tallest = max(b[3] for b in row)
            (steps if band[3] > tallest - 0.4 else cells).append(band)
        numbers = [(int(t), x, y) for t, x, y in words if t.isdigit() and inside(x, y)]
        zones[name] = BoardPlaces(frame, sorted(steps), sorted(cells), numbers)
    return zones
