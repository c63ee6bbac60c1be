"""Wall boards laid out in process: the zones read from the rendered layout (Page.anchors), the
places from the drawn PDF, the plan of lanes and places, the tiles' geometry."""

from __future__ import annotations

import pytest

from ateliers import load_atelier, load_referentiel, merge_atelier
from ateliers.affiches.mural import board_context
from ateliers.affiches.qr import qr_svg, qr_target
from ateliers.affiches.tuiles import OVERLAP_MM, plan_tiles
from ateliers.cartes.imposition import parse_card_format
from ateliers.errors import InputError
from ateliers.options import PosterOptions
from ateliers.affiches.builder import PosterBuilder
from ateliers.impression.render import Renderer
from ateliers.impression.units import px_to_mm
from ateliers.fichiers.resources import embedded
from ateliers.impression.theme import phase_identite

from conftest import EXEMPLES
from pdfcheck import board_zones
from tagcheck import figures_alt, tag_problems

pytestmark = pytest.mark.lent  # builds kits, decks, posters or syntheses

HAUT_VALLON = EXEMPLES / "cc-haut-vallon.yaml"


@pytest.fixture(scope="module")
def vue():
    ref = load_referentiel()
    return merge_atelier(ref, load_atelier(HAUT_VALLON, ref))


@pytest.fixture(scope="module")
def renderer():
    return Renderer(embedded())


def anchor_boxes(page) -> dict[str, tuple[float, float, float, float]]:
    """id → (x, y, width, height) in mm, from WeasyPrint's anchors (border boxes)."""
    return {k: (px_to_mm(a), px_to_mm(b), px_to_mm(c - a), px_to_mm(d - b)) for k, (a, b, c, d) in page.anchors.items()}


def rendered_board(renderer, vue, phase, options):
    builder = PosterBuilder(vue, options, renderer)
    plan = builder.board_plan(phase)
    context = board_context(
        plan, nb=False, phase=phase, ident=phase_identite(phase.numero),
        titre=f"Phase {phase.numero}", sous_titre="x", forme="", consigne="x", notes=list(phase.notes),
        pied_gauche="a", pied_droite="b", territoire="", auteur="", description="",
    )  # fmt: skip
    page = renderer.render(renderer.html("affiches/tableau.html", **context), renderer.css("affiches/tableau.css", **context)).pages[0]
    return plan, anchor_boxes(page)


ZONE_KEYS = ("porteur", "acteur", "partiel", "trouver")


def test_board_zones_on_the_drawn_board(vue, renderer):
    """The largest phase of the workshop (phase 2 and its added competence), measured on the drawn
    PDF: four zones, each taking every card of the phase and the four « à ajouter » cards in cascade
    (a step of 12–18 mm, numbered, the last card whole inside its zone, under its heading), three
    write-in cells of at least 60 × 12 mm beside each step of the zones that name holders, none
    beside the others."""
    phase = next(p for p in vue.phases if p.numero == 2)
    assert any(c.ajoutee for c in phase.competences)
    cards = len(phase.competences) + 4
    assert cards == 27
    plan, boxes = rendered_board(renderer, vue, phase, PosterOptions())
    zones = board_zones(PosterBuilder(vue, PosterOptions(), renderer).phase_board(phase).data, list(ZONE_KEYS))
    w, h = plan.geometry.page_w, plan.geometry.page_h
    for zone in ZONE_KEYS:
        lane, drawn = boxes[f"couloir-{zone}"], zones[zone]
        assert drawn.frame == pytest.approx(lane, abs=0.05), zone  # the drawn frame is the laid-out zone
        slots = sorted(drawn.steps, key=lambda b: (b[0], b[1]))
        assert len(slots) >= cards, zone
        assert len(drawn.cells) == (3 * len(slots) if zone in ("acteur", "partiel") else 0), zone
        for i, (x, y, sw, sh) in enumerate(slots):
            assert sw >= 63 and 12 <= sh <= 18, (zone, i)
            assert y > boxes[f"fin-titre-{zone}"][1], (zone, i)  # under the heading
            assert y + 88 <= lane[1] + lane[3], (zone, i)  # a card laid at this step stays inside the zone
            # Its number, written in the step, about its middle.
            assert any(n == i + 1 and x < nx < x + sw and abs(ny - (y + sh / 2)) < sh / 4 for n, nx, ny in drawn.numbers), (zone, i)
            mine = sorted(c for c in drawn.cells if y - 0.5 <= c[1] and c[1] + c[3] <= y + sh + 0.5 and c[0] >= x + sw)[:3]
            assert len(mine) == (3 if zone in ("acteur", "partiel") else 0), (zone, i)
            for cx, cy, cw, ch in mine:
                assert cw >= 60 and ch >= 12 - 0.05, (zone, i)
                assert cx >= x + sw and cx + cw <= lane[0] + lane[2], (zone, i)  # beside its step, in the zone
        assert all(0 < x and x + bw < w and 0 < y and y + bh < h for x, y, bw, bh in drawn.steps + drawn.cells)


def test_the_board_knows_the_card_format(vue, renderer):
    """Tarot cards (70 × 120): wider steps; the largest phase does not fit A1 and the refusal names
    the board and the way out; A0 (and « auto ») holds it."""
    phase = next(p for p in vue.phases if p.numero == 2)
    tarot = parse_card_format("tarot")
    with pytest.raises(InputError) as refused:
        PosterBuilder(vue, PosterOptions(carte=tarot, tableau="a1"), renderer).board_plan(phase)
    assert "affiche-phase-2.pdf" in str(refused.value) and "A0" in refused.value.conseil
    for paper in ("a0", "auto"):
        plan = PosterBuilder(vue, PosterOptions(carte=tarot, tableau=paper), renderer).board_plan(phase)
        assert plan.papier == "a0"
        for zone in plan.layout.zones:
            slots = [s for t in zone.tracks for s in t.slots]
            assert len(slots) >= 27 and all(s.w >= 70 and 12 <= s.h <= 18 for s in slots)


def test_auto_paper_is_the_smallest_that_holds(vue, renderer):
    """« auto »: each phase on the smallest of A2, A1, A0 where every zone takes all its cards."""
    from ateliers.affiches.mural import plan_board
    from ateliers.affiches.tableau import BoardTooSmall

    order = ("a2", "a1", "a0")
    for phase in vue.phases:
        plan = PosterBuilder(vue, PosterOptions(), renderer).board_plan(phase)
        cards = len(phase.competences) + 4
        assert min(plan.places.values()) >= cards
        for smaller in order[: order.index(plan.papier)]:
            with pytest.raises(BoardTooSmall):
                plan_board(smaller, 63, 88, cards, len(phase.notes))
    # A small phase on A2, the flip-chart sheet portrait on its easel.
    assert plan_board("a2", 63, 88, 6, 1).papier == "a2"
    easel = plan_board("paperboard", 63, 88, 14, 1)
    assert easel.orientation == "portrait" and (easel.geometry.page_w, easel.geometry.page_h) == (650, 980)


@pytest.mark.parametrize("sheet, board", [("a3", (841, 594)), ("a4", (841, 594)), ("a3", (594, 420)), ("a3", (1189, 841))])
def test_tiles_cover_the_board_with_overlap(sheet, board):
    w, h = board
    plan = plan_tiles(w, h, sheet)
    assert len(plan.tiles) == plan.rows * plan.columns
    # Printed area of each tile stays inside the printable part of its sheet.
    for t in plan.tiles:
        assert t.w <= plan.sheet_w - 2 * 5 and t.h <= plan.sheet_h - 2 * 5
    # Neighbours overlap by the strip, and the grid covers the board but its blank 8 mm edge.
    by = {(t.row, t.column): t for t in plan.tiles}
    for (r, c), t in by.items():
        if (r, c + 1) in by:
            assert t.x + t.w - by[(r, c + 1)].x == pytest.approx(OVERLAP_MM)
        if (r + 1, c) in by:
            assert t.y + t.h - by[(r + 1, c)].y == pytest.approx(OVERLAP_MM)
    assert min(t.x for t in plan.tiles) <= 8 and max(t.x + t.w for t in plan.tiles) >= w - 8
    assert min(t.y for t in plan.tiles) <= 8 and max(t.y + t.h for t in plan.tiles) >= h - 8



@pytest.mark.parametrize("inscription, qr", [("https://www.haut-vallon.fr/atelier", True), ("atelier@haut-vallon.fr", True), ("04 71 00 00 00", False), (None, False)])
def test_event_poster_in_process(vue, renderer, inscription, qr):
    """The event poster's column fills the page down to the foot (no empty block left below it);
    the QR code appears for a web address or an e-mail only, 40 mm wide, beside its text."""
    atelier = vue.atelier.model_copy(update={"inscription": inscription})
    local = merge_atelier(vue.referentiel, atelier)
    builder = PosterBuilder(local, PosterOptions(), renderer)
    document, size = builder.fit_document(
        "affiche-evenement.pdf", "affiches/evenement.html", 28.0, "", 24.0,
        phases=[(p, phase_identite(p.numero)) for p in local.phases], logo=None,
        qr=qr_svg(qr_target(inscription)) if qr_target(inscription) else None,
        inscription=inscription, description="", accroche=local.referentiel.accroche,
    )  # fmt: skip
    assert size >= 24
    boxes = anchor_boxes(document.pages[0])
    column = boxes["colonne-evenement"]
    limit = boxes["limite-contenu"]
    assert column[1] + column[3] == pytest.approx(limit[1], abs=8)  # the column reaches the foot
    assert ("qr" in boxes) is qr
    if qr:
        x, y, w, h = boxes["qr"]
        assert w == pytest.approx(40, abs=0.1) and h == pytest.approx(40, abs=0.1)
        assert column[0] <= x and y + h <= column[1] + column[3]


def test_event_poster_logo_and_qr_code_have_alternative_text(vue, tmp_path):
    """In the tagged PDF, the QR code says where it leads and the logo whose it is."""
    from PIL import Image

    logo = tmp_path / "logo.png"
    Image.new("RGB", (60, 30), "#C0392B").save(logo)
    atelier = vue.atelier.model_copy(update={"logo": logo, "inscription": "atelier@haut-vallon.fr"})
    local = merge_atelier(vue.referentiel, atelier)
    output = PosterBuilder(local, PosterOptions(), Renderer(embedded(), logo)).event()
    path = tmp_path / output.path
    path.write_bytes(output.data)
    assert tag_problems(path) == []
    assert figures_alt(path) == ["Code QR pour écrire à atelier@haut-vallon.fr", f"Logo de {atelier.structure_porteuse}"]
