"""A wall board tiled onto A3 or A4 sheets, for those who print at the office.

The board is printed at 100 %, cut into tiles that overlap by 10 mm: each
tile keeps a white margin the printer cannot reach; the left and top
margins of every tile past the first column and row are cut along the cut
line, and the tile is laid over the grey-edged overlap strip of the tiles
already in place, its alignment ticks on theirs. Every tile says its number,
its row and column, and where it goes; a first sheet shows the assembly plan.
Tile numbers sit in the top margin, cut off or left as the board's outer
border; on the board itself there are only the dashed strip edges (covered
once assembled) and thin alignment ticks across the joins.

The board's PDF is placed on each sheet (pypdf, no re-rendering), clipped to
the tile; the marks are one small WeasyPrint document, a page per sheet, for their
text, with the cut lines, strip edges and ticks drawn as vector art under it
(``marks_stream``: a few hundred positioned boxes saved).
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

from ..options import TILE_SHEETS
from ..impression.pdf_tags import untag_bytes
from ..impression.units import MM_PER_PT, PT_PER_MM
from ..impression.vector import Path, content, line


OVERLAP_MM = 10.0
MARGIN_MM = 7.0  # office printers leave the outer 4–6 mm blank: 1 mm to spare
LABEL_MARGIN_MM = 14.0  # the top margin carries the tile's label
BOARD_EDGE_MM = 8.0  # the board's blank edge left out of the tiles


@dataclass(frozen=True)
class Tile:
    numero: int
    row: int  # 1-based
    column: int
    # Board region shown (mm from the board's top left) and where it sits on the sheet.
    x: float
    y: float
    w: float
    h: float
    strip_right: bool
    strip_bottom: bool


@dataclass(frozen=True)
class TilePlan:
    sheet: str
    sheet_w: float
    sheet_h: float
    rows: int
    columns: int
    tiles: tuple[Tile, ...]

    @property
    def content_x(self) -> float:
        return MARGIN_MM

    @property
    def content_y(self) -> float:
        return LABEL_MARGIN_MM


def _grid(region_w: float, region_h: float, content_w: float, content_h: float) -> tuple[int, int]:
    columns = max(1, math.ceil((region_w - OVERLAP_MM) / (content_w - OVERLAP_MM) - 1e-9))
    rows = max(1, math.ceil((region_h - OVERLAP_MM) / (content_h - OVERLAP_MM) - 1e-9))
    return rows, columns


def plan_tiles(board_w: float, board_h: float, sheet: str) -> TilePlan:
    """The fewest sheets of ``sheet`` (portrait or landscape) covering the board but its blank edge."""
    short, long = TILE_SHEETS[sheet]
    region_w, region_h = board_w - 2 * BOARD_EDGE_MM, board_h - 2 * BOARD_EDGE_MM
    best = None
    for sw, sh in ((short, long), (long, short)):
        cw, ch = sw - 2 * MARGIN_MM, sh - LABEL_MARGIN_MM - MARGIN_MM
        rows, columns = _grid(region_w, region_h, cw, ch)
        if best is None or rows * columns < best[0] * best[1]:
            best = (rows, columns, sw, sh, cw, ch)
    rows, columns, sw, sh, cw, ch = best
    # The grid is centred on the board: the spare falls equally into its blank edges.
    covered_w = columns * (cw - OVERLAP_MM) + OVERLAP_MM
    covered_h = rows * (ch - OVERLAP_MM) + OVERLAP_MM
    x0 = (board_w - covered_w) / 2
    y0 = (board_h - covered_h) / 2
    tiles = []
    for r in range(rows):
        for c in range(columns):
            tiles.append(
                Tile(
                    len(tiles) + 1, r + 1, c + 1,
                    x0 + c * (cw - OVERLAP_MM), y0 + r * (ch - OVERLAP_MM), cw, ch,
                    c < columns - 1, r < rows - 1,
                )  # fmt: skip
            )
    return TilePlan(sheet, sw, sh, rows, columns, tuple(tiles))


def tile_label(tile: Tile, plan: TilePlan) -> str:
    where = "première tuile, en haut à gauche"
    if tile.column > 1 and tile.row > 1:
        where = f"sous la tuile {tile.numero - plan.columns}, à droite de la tuile {tile.numero - 1}"
    elif tile.column > 1:
        where = f"à droite de la tuile {tile.numero - 1}"
    elif tile.row > 1:
        where = f"sous la tuile {tile.numero - plan.columns}"
    return f"Tuile {tile.numero} sur {len(plan.tiles)} · ligne {tile.row}, colonne {tile.column} · {where}"


def _board_form(writer, board_pdf: bytes):
    """The board's page as one Form XObject of ``writer``: stored once, drawn on every sheet."""
    from pypdf import PdfReader
    from pypdf.generic import ArrayObject, DecodedStreamObject, FloatObject, NameObject

    page = PdfReader(io.BytesIO(board_pdf)).pages[0]
    form = DecodedStreamObject()
    # Drawn on every sheet, clipped: decoration there; the board's own PDF is the one read aloud.
    form.set_data(untag_bytes(page.get_contents().get_data()))
    form.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject([FloatObject(v) for v in page.mediabox]),
            NameObject("/Resources"): page["/Resources"].clone(writer),
        }
    )
    return writer._add_object(form.flate_encode())


def _draw_under(writer, page, form, operations: str) -> None:
    """Draw the board form under the page's own content (its marks)."""
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, NameObject

    stream = DecodedStreamObject()
    stream.set_data(f"/Artifact BMC q {operations} /Tableau Do Q EMC\n".encode())
    contents = page.get("/Contents")
    existing = list(contents.get_object()) if isinstance(contents.get_object(), ArrayObject) else [contents]
    page[NameObject("/Contents")] = ArrayObject([writer._add_object(stream), *existing])
    resources = page["/Resources"]
    xobjects = resources.get("/XObject")
    if xobjects is None:
        xobjects = DictionaryObject()
        resources[NameObject("/XObject")] = xobjects
    xobjects.get_object()[NameObject("/Tableau")] = form


def assemble(board_pdf: bytes, marks_pdf: bytes, plan: TilePlan, board_w: float, board_h: float) -> bytes:
    """The assembly plan and one sheet per tile: the board clipped to each tile, under its marks.

    ``marks_pdf`` has one page for the plan, then one per tile, each of the sheet's size."""
    from pypdf import PdfReader, PdfWriter  # only when tiling: the plan's geometry needs no PDF library

    marks = PdfReader(io.BytesIO(marks_pdf))
    writer = PdfWriter(clone_from=marks)
    form = _board_form(writer, board_pdf)
    sheet_h_pt = plan.sheet_h * PT_PER_MM
    board_h_pt = board_h * PT_PER_MM

    picture = plan_picture(plan, board_w, board_h)
    scale = picture.scale
    tx, ty = picture.x * PT_PER_MM, sheet_h_pt - (picture.y + board_h * scale) * PT_PER_MM
    _draw_under(writer, writer.pages[0], form, f"{scale:.6f} 0 0 {scale:.6f} {tx:.3f} {ty:.3f} cm")
    for tile, page in zip(plan.tiles, writer.pages[1:], strict=True):
        # PDF coordinates are from the bottom left, in points: clip to the tile's place, then shift the board.
        left, bottom = tile.x * PT_PER_MM, board_h_pt - (tile.y + tile.h) * PT_PER_MM
        cx = plan.content_x * PT_PER_MM
        cy = sheet_h_pt - (plan.content_y + tile.h) * PT_PER_MM
        clip = f"{cx:.3f} {cy:.3f} {tile.w * PT_PER_MM:.3f} {tile.h * PT_PER_MM:.3f} re W n"
        _draw_under(writer, page, form, f"{clip} 1 0 0 1 {cx - left:.3f} {cy - bottom:.3f} cm")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@dataclass(frozen=True)
class PlanPicture:
    """The assembly sheet's picture: the tile grid (which overhangs the board) scaled into a frame."""

    scale: float
    x: float  # where the board's top left lands on the sheet, mm
    y: float
    grid_x: float  # the tile grid's top left on the sheet
    grid_y: float


def plan_picture(plan: TilePlan, board_w: float, board_h: float, top: float = 34.0) -> PlanPicture:
    left = min(0.0, min(t.x for t in plan.tiles))
    up = min(0.0, min(t.y for t in plan.tiles))
    right = max(board_w, max(t.x + t.w for t in plan.tiles))
    down = max(board_h, max(t.y + t.h for t in plan.tiles))
    avail_w, avail_h = plan.sheet_w - 30.0, plan.sheet_h * 0.6
    scale = min(avail_w / (right - left), avail_h / (down - up))
    gx = (plan.sheet_w - (right - left) * scale) / 2
    return PlanPicture(scale, gx - left * scale, top - up * scale, gx, top)


@dataclass(frozen=True)
class Tick:
    x: float  # on the sheet, mm
    y: float
    sens: str  # « h »: across a vertical join; « v »: across a horizontal one


TICK_STEP_MM = 60.0


def ticks(tile: Tile, plan: TilePlan) -> list[Tick]:
    """Alignment ticks at the same board positions on both sides of every join."""

    def sheet(bx: float, by: float) -> tuple[float, float]:
        return plan.content_x + bx - tile.x, plan.content_y + by - tile.y

    def along(start: float, length: float) -> list[float]:
        first = math.ceil((start + 15) / TICK_STEP_MM) * TICK_STEP_MM
        return [v for v in (first + i * TICK_STEP_MM for i in range(int(length // TICK_STEP_MM) + 1)) if v <= start + length - 15]

    found = []
    joins_x = ([tile.x + tile.w - OVERLAP_MM] if tile.strip_right else []) + ([tile.x] if tile.column > 1 else [])
    joins_y = ([tile.y + tile.h - OVERLAP_MM] if tile.strip_bottom else []) + ([tile.y] if tile.row > 1 else [])
    for bx in joins_x:
        found += [Tick(*sheet(bx, by), "h") for by in along(tile.y, tile.h)]
    for by in joins_y:
        found += [Tick(*sheet(bx, by), "v") for bx in along(tile.x, tile.w)]
    return found


TICK_MM = 6.0  # an alignment tick's length, across the join
STRIP_DASH_MM = (3.0, 2.0)


def marks_stream(tile: Tile, plan: TilePlan) -> bytes:
    """A tile sheet's drawn marks: the cut lines along its left and top margins (past the first
    column and row), the dashed edges of its overlap strips, the alignment ticks."""
    cx, cy = plan.content_x, plan.content_y
    cuts, strips, marks = [], [], []
    if tile.column > 1:
        cuts.append(line(cx, cy - 5, cx, cy + tile.h))
    if tile.row > 1:
        cuts.append(line(cx - 5, cy, cx + tile.w, cy))
    if tile.strip_right:
        x = cx + tile.w - OVERLAP_MM
        strips.append(line(x, cy, x, cy + tile.h))
    if tile.strip_bottom:
        y = cy + tile.h - OVERLAP_MM
        strips.append(line(cx, y, cx + tile.w, y))
    half = TICK_MM / 2
    for t in ticks(tile, plan):
        marks.append(line(t.x - half, t.y, t.x + half, t.y) if t.sens == "h" else line(t.x, t.y - half, t.x, t.y + half))
    paths = [
        Path("".join(cuts), stroke="#000000", width=0.6 * MM_PER_PT),
        Path("".join(strips), stroke="#000000", width=0.8 * MM_PER_PT, dash=STRIP_DASH_MM),
        Path("".join(marks), stroke="#000000", width=0.8 * MM_PER_PT),
    ]
    return content(paths, plan.sheet_h)
