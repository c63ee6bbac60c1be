"""Wall boards laid out in process: the places read from the rendered layout (Page.anchors),
the plan of lanes and places, the tiles' geometry."""

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
from tagcheck import figures_alt, tag_problems

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


def test_board_places_on_the_rendered_layout(vue, renderer):
    """The largest phase of the workshop (phase 2 and its added competence): one card-sized place
    per card at least, a post-it place beside each place of the middle lane, all inside their lane,
    under its heading, on the page."""
    phase = next(p for p in vue.phases if p.numero == 2)
    assert any(c.ajoutee for c in phase.competences)
    builder = PosterBuilder(vue, PosterOptions(), renderer)
    plan = builder.board_plan(phase)
    context = board_context(
        plan, nb=False, phase=phase, ident=phase_identite(2),
        titre="Phase 2 — Le test", sous_titre="x", forme="", consigne="x", notes=list(phase.notes),
        pied_gauche="a", pied_droite="b", territoire="", auteur="", description="",
    )  # fmt: skip
    page = renderer.render(renderer.html("affiches/tableau.html", **context), renderer.css("affiches/tableau.css", **context)).pages[0]
    boxes = anchor_boxes(page)
    places = {k: v for k, v in boxes.items() if k.startswith("carte-")}
    beside = {k: v for k, v in boxes.items() if k.startswith("postit-")}
    assert len(places) >= len(phase.competences) == 23
    assert len(beside) == len([k for k in places if k.startswith("carte-acteur-")])
    for name, (x, y, w, h) in places.items():
        assert w >= 63 and h >= 88, name
        lane = boxes[f"couloir-{name.split('-')[1]}"]
        assert lane[0] <= x and x + w <= lane[0] + lane[2] and lane[1] <= y and y + h <= lane[1] + lane[3], name
        assert y > boxes[f"fin-titre-{name.split('-')[1]}"][1], name  # under the heading
    for name, (x, y, w, h) in beside.items():
        assert w >= 76 and h >= 88, name
        card = places[name.replace("postit-", "carte-")]
        assert x >= card[0] + card[2] and x - (card[0] + card[2]) < 5, name  # right beside its card
    page_w, page_h = 841, 594
    assert all(0 < x and x + w < page_w and 0 < y and y + h < page_h for x, y, w, h in boxes.values())


def test_the_board_knows_the_card_format(vue, renderer):
    """Tarot cards (70 × 120): bigger places; the largest phase does not fit A1 and the
    refusal names the board and the way out; A0 holds it."""
    phase = next(p for p in vue.phases if p.numero == 2)
    tarot = parse_card_format("tarot")
    with pytest.raises(InputError) as refused:
        PosterBuilder(vue, PosterOptions(carte=tarot), renderer).board_plan(phase)
    assert "affiche-phase-2.pdf" in str(refused.value) and "A0" in refused.value.conseil
    plan = PosterBuilder(vue, PosterOptions(carte=tarot, tableau="a0"), renderer).board_plan(phase)
    places = [p for lane in plan.layout.lanes for p in lane.places]
    assert len(places) >= 23 and all(p.w >= 70 and p.h >= 120 for p in places)
    small = next(p for p in vue.phases if p.numero == 1)
    plan = PosterBuilder(vue, PosterOptions(carte=tarot), renderer).board_plan(small)
    assert plan.layout.capacity >= len(small.competences)


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
    path = tmp_path / output.fichier
    path.write_bytes(output.data)
    assert tag_problems(path) == []
    assert figures_alt(path) == ["Code QR pour écrire à atelier@haut-vallon.fr", f"Logo de {atelier.structure_porteuse}"]
