"""A one-sheet calibration print: measure once how far a printer shifts the back side.

Front: a crosshair at the centre of the sheet. Back: two rulers whose zero
sits behind that centre (shifted by the current --decalage-verso), each
set apart from the centre where one line of the crosshair passes (their
numbers never meet). Held against the light, back side facing the user,
the crosshair shows through and the rulers give the correction to add, in
millimetres.
"""

from __future__ import annotations

from ..options import CardOptions
from .imposition import PAPERS, RectoVerso
from ..contract import Copies, Kind, Output
from ..impression.render import Renderer
from .record import CALIBRATION_PURPOSE, calibration_print_settings

FILE = "cartes-calibrage.pdf"
RANGE_MM = 10
RULER_GAP_MM = 18  # the rulers stand this far from the centre, inside the front's 30 mm cross


def build_calibration_sheet(renderer: Renderer, options: CardOptions) -> Output:
    page_w, page_h = PAPERS[options.papier]
    dx, dy = options.decalage
    ticks = [
        {"v": v, "long": v % 5 == 0, "label": f"{v:+d}".replace("+0", "0").replace("-", "−") if v % 5 == 0 else ""}
        for v in range(-RANGE_MM, RANGE_MM + 1)
    ]
    edge = "long" if options.recto_verso is RectoVerso.long else "court"
    html = renderer.html(
        "cartes/calibrage.html",
        page_w=page_w,
        page_h=page_h,
        cx=page_w / 2,
        cy=page_h / 2,
        bx=page_w / 2 + dx,
        by=page_h / 2 + dy,
        ticks=ticks,
        range_mm=RANGE_MM,
        ruler_gap=RULER_GAP_MM,
        edge=edge,
        decalage=f"{dx:g},{dy:g}",
        nb=options.noir_et_blanc,
    )
    css = renderer.css("cartes/calibrage.css", page_w=page_w, page_h=page_h)
    pdf = renderer.pdf(renderer.render(html, css, options.noir_et_blanc))
    return Output(
        FILE,
        pdf.data,
        pdf.pages,
        Kind.calibrage,
        CALIBRATION_PURPOSE,
        calibration_print_settings(options),
        Copies(fixed=1),
    )
