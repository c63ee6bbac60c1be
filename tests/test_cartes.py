"""Card decks: open the PDFs the real command wrote and check what a printer and a facilitator need."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pdfplumber
import pypdf
import pytest

from ateliers import load_atelier, load_referentiel, merge_atelier

from conftest import EXEMPLES, ROOT, run_cli
from pdfcheck import (
    PT_PER_MM,
    Box,
    card_box,
    chars_in,
    coloured_pixels,
    embedded_font_problems,
    load_manifest,
    mm,
    open_once,
    page_chars,
    squash,
    trim_box,
)
from tagcheck import reading_order, structure, tag_problems

pytestmark = pytest.mark.lent  # builds kits, decks, posters or syntheses

CONFIGS = {
    "generique": [],
    "territoire-court-letter": ["--atelier", str(EXEMPLES / "cc-haut-vallon.yaml"), "--recto-verso", "court", "--papier", "letter"],
    "imprimeur": ["--atelier", str(EXEMPLES / "saint-aubin-villages.yaml"), "--imprimeur"],
    "nb-pliage": ["--noir-et-blanc", "--recto-verso", "pliage"],
    "a6-traits": ["--format", "a6", "--traits-de-coupe", "--phases", "3", "--decalage-verso", "1.5,-1"],
}


@pytest.fixture(scope="session")
def decks(tmp_path_factory):
    """Each configuration generated once by the real command."""
    made = {}
    for name, args in CONFIGS.items():
        folder = tmp_path_factory.mktemp(name)
        result = run_cli("cartes", "--sortie", str(folder), *args)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        made[name] = folder
    return made


def pdfs(folder: Path) -> list[Path]:
    return sorted(folder.glob("cartes-*.pdf"))


def deck_pdfs(folder: Path) -> list[Path]:
    return [p for p in pdfs(folder) if p.name != "cartes-calibrage.pdf"]


# ---------------------------------------------------------------- sizes and boxes


def test_a4_sheets_are_exactly_a4(decks):
    for path in pdfs(decks["generique"]):
        reader = pypdf.PdfReader(path)
        for page in reader.pages:
            assert mm(float(page.trimbox.width)) == pytest.approx(210, abs=0.05)
            assert mm(float(page.trimbox.height)) == pytest.approx(297, abs=0.05)
            assert page.mediabox == page.trimbox  # no bleed on office sheets


def test_letter_sheets(decks):
    for path in pdfs(decks["territoire-court-letter"]):
        for page in pypdf.PdfReader(path).pages:
            size = sorted((mm(float(page.trimbox.width)), mm(float(page.trimbox.height))))
            assert size == pytest.approx([215.9, 279.4], abs=0.5)


def test_print_shop_pages_are_card_plus_bleed(decks):
    for path in deck_pdfs(decks["imprimeur"]):
        for page in pypdf.PdfReader(path).pages:
            assert mm(float(page.trimbox.width)) == pytest.approx(63, abs=0.05)
            assert mm(float(page.trimbox.height)) == pytest.approx(88, abs=0.05)
            assert mm(float(page.mediabox.width)) == pytest.approx(69, abs=0.05)
            assert mm(float(page.mediabox.height)) == pytest.approx(94, abs=0.05)
            assert "/BleedBox" in page and mm(float(page.bleedbox.width)) == pytest.approx(69, abs=0.05)
    # The backs' colour runs into the bleed: the corner of the media box is not white.
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(decks["imprimeur"] / "cartes-competences.pdf"))
    image = doc[1].render(scale=2).to_pil().convert("RGB")
    assert image.getpixel((1, 1)) != (255, 255, 255)
    doc.close()


def test_nine_poker_cards_per_a4_sheet(decks):
    manifest = load_manifest(decks["generique"])
    pages = [c["recto"]["page"] for c in manifest["cartes"] if c["fichier"] == "cartes-competences.pdf"]
    assert max(pages.count(p) for p in set(pages)) == 9


# ---------------------------------------------------------------- content


def test_every_card_of_the_referential_is_there(decks):
    ref = load_referentiel()
    folder = decks["generique"]
    manifest = load_manifest(folder)
    by_id = {c["id"]: c for c in manifest["cartes"]}
    expected = {i.id: i.texte for i in ref.competences + ref.etapes + ref.elements_resume}
    assert set(expected) <= set(by_id)
    opened = {}
    for ident, texte in expected.items():
        card = by_id[ident]
        reader, pdf = open_once(opened, folder / card["fichier"])
        index = card["recto"]["page"] - 1
        box = card_box(trim_box(reader, index), card["recto"])
        text = chars_in(page_chars(pdf, index), box)
        assert squash(texte) in text, ident
        assert ident in text
    for _, p in opened.values():
        p.close()


def _check_chars_inside_cards(folder: Path, margin_mm: float = 2.0) -> int:
    """Every character that touches a card lies inside it, at least margin_mm from its edges."""
    manifest = load_manifest(folder)
    checked = 0
    for path in deck_pdfs(folder):
        cards = [c for c in manifest["cartes"] if c["fichier"] == path.name]
        reader = pypdf.PdfReader(path)
        with pdfplumber.open(path) as pdf:
            for index in range(len(pdf.pages)):
                trim = trim_box(reader, index)
                boxes = [
                    card_box(trim, c[side])
                    for c in cards
                    for side in ("recto", "verso")
                    if side in c and c[side]["page"] == index + 1
                ]
                assert boxes, f"{path.name} page {index + 1} has no card"
                for char in page_chars(pdf, index):
                    touching = [b for b in boxes if b.touches_char(char)]
                    for box in touching:
                        assert box.inset(margin_mm * PT_PER_MM).contains_char(char), (
                            f"{path.name} p.{index + 1}: « {char['text']} » at {mm(char['x0']):.1f},{mm(char['top']):.1f} mm"
                        )
                        checked += 1
    return checked


@pytest.mark.parametrize("config", list(CONFIGS))
def test_every_character_inside_its_card(decks, config):
    assert _check_chars_inside_cards(decks[config]) > 1000


def test_markup_in_data_appears_literally(tmp_path):
    text = (ROOT / "referentiel.yaml").read_text(encoding="utf-8")
    hostile = "Gérer <b>&amp;</b> & <i>co</i> {{ 7*7 }} </div>"
    text = text.replace('"Encadrer, coordonner les concierges"', f"'{hostile}'")
    ref = tmp_path / "ref.yaml"
    ref.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("cartes", "--referentiel", str(ref), "--sortie", str(out), "--phases", "3")
    assert result.returncode == 0, result.stderr
    card = next(c for c in load_manifest(out)["cartes"] if c["id"] == "C3-06")
    reader = pypdf.PdfReader(out / card["fichier"])
    with pdfplumber.open(out / card["fichier"]) as pdf:
        index = card["recto"]["page"] - 1
        text = chars_in(page_chars(pdf, index), card_box(trim_box(reader, index), card["recto"]))
    assert squash(hostile) in text


def test_too_long_text_fails_naming_the_card(tmp_path):
    text = (ROOT / "referentiel.yaml").read_text(encoding="utf-8")
    long_text = " ".join(["compétence très détaillée"] * 17)
    text = text.replace('"Encadrer, coordonner les concierges"', f'"{long_text}"')
    ref = tmp_path / "ref.yaml"
    ref.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("cartes", "--referentiel", str(ref), "--sortie", str(out), "--format", "45x60")
    assert result.returncode == 2
    assert "C3-06" in result.stderr
    assert "format" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (out / "cartes-competences.pdf").exists()


def test_text_shrinks_card_by_card_not_below_its_minimum(decks):
    manifest = load_manifest(decks["generique"])
    sizes = {c["id"]: c["taille_police_pt"] for c in manifest["cartes"]}
    assert min(sizes.values()) >= 7
    competences = [c["taille_police_pt"] for c in manifest["cartes"] if c["type"] == "competence"]
    assert min(competences) >= 12 and len(set(competences)) > 1  # long texts were made smaller, not all of them
    assert min(c["taille_police_pt"] for c in manifest["cartes"] if c["type"] == "etape") >= 16
    # The sizes recorded are the sizes printed.
    folder = decks["generique"]
    card = next(c for c in manifest["cartes"] if c["id"] == "C3-03")
    reader = pypdf.PdfReader(folder / card["fichier"])
    with pdfplumber.open(folder / card["fichier"]) as pdf:
        index = card["recto"]["page"] - 1
        box = card_box(trim_box(reader, index), card["recto"])
        body = [c for c in page_chars(pdf, index) if box.contains_point(c["x0"], c["top"]) and c["text"] == "É"]
        assert body and all(c["size"] == pytest.approx(card["taille_police_pt"], abs=0.05) for c in body)


def _char_size(c: dict) -> float:
    """A character's font size: its box's height, or its width when it is turned (notes along a side)."""
    return c["size"] if c["upright"] else c["x1"] - c["x0"]


@pytest.mark.parametrize("config", list(CONFIGS))
def test_card_text_read_at_the_board(decks, config):
    """Measured on the PDF: a competence's text at 12 pt or more, a step's at 16 pt or more (below the
    band, where the card's text is), and no character under 6 pt on any sheet of any deck."""
    from ateliers.cartes.metrics import metrics_for
    from ateliers.cartes.imposition import parse_card_format

    folder = decks[config]
    manifest = load_manifest(folder)
    for path in deck_pdfs(folder):
        with pdfplumber.open(path) as pdf:
            # pdfplumber's « size » is the height of an upright character's box, its width for a turned one.
            small = [(i + 1, c["text"], c["size"]) for i, page in enumerate(pdf.pages) for c in page.chars if _char_size(c) < 6.0 - 0.01]
            assert not small, (path.name, small[:5])
    minimum = {"competence": 12.0, "etape": 16.0}
    checked = {"competence": 0, "etape": 0}
    opened = {}
    try:
        for card in manifest["cartes"]:
            if card["type"] not in minimum:
                continue
            path = folder / card["fichier"]
            reader, pdf = open_once(opened, path)
            index = card["recto"]["page"] - 1
            box = card_box(trim_box(reader, index), card["recto"])
            fmt = parse_card_format(f'{card["recto"]["largeur_mm"]}x{card["recto"]["hauteur_mm"]}')
            band = metrics_for(fmt, False).band_h * PT_PER_MM
            body = [c for c in page_chars(pdf, index) if box.contains_point(c["x0"], c["top"]) and c["top"] > box.y0 + band]
            lines: dict[float, list[dict]] = {}
            for c in body:
                lines.setdefault(round(c["top"]), []).append(c)
            # The label of a card the territory added is no part of its text.
            body = [c for line in lines.values() if "".join(x["text"] for x in line) != "AJOUTÉEPARLETERRITOIRE" for c in line]
            assert len(body) > 10, card["id"]
            assert min(c["size"] for c in body) >= minimum[card["type"]] - 0.01, card["id"]
            checked[card["type"]] += 1
    finally:
        for _, p in opened.values():
            p.close()
    assert checked["competence"] >= 10 and checked["etape"] >= 7


# ---------------------------------------------------------------- duplex


def _mirror_checks(folder: Path, mode: str):
    manifest = load_manifest(folder)
    reader_cache = {}
    for card in manifest["cartes"]:
        path = folder / card["fichier"]
        if path not in reader_cache:
            reader_cache[path] = pypdf.PdfReader(path)
        reader = reader_cache[path]
        recto, verso = card["recto"], card["verso"]
        assert verso["page"] == recto["page"] + 1
        page = reader.pages[recto["page"] - 1]
        width, height = mm(float(page.trimbox.width)), mm(float(page.trimbox.height))
        if mode == "long":
            assert verso["x_mm"] == pytest.approx(width - recto["x_mm"] - recto["largeur_mm"], abs=0.01)
            assert verso["y_mm"] == pytest.approx(recto["y_mm"], abs=0.01)
        else:
            assert verso["y_mm"] == pytest.approx(height - recto["y_mm"] - recto["hauteur_mm"], abs=0.01)
            assert verso["x_mm"] == pytest.approx(recto["x_mm"], abs=0.01)
    return manifest


def test_backs_mirror_fronts_long_edge(decks):
    manifest = _mirror_checks(decks["generique"], "long")
    # And the back really is drawn there: its label lies inside the back's rectangle.
    folder = decks["generique"]
    card = next(c for c in manifest["cartes"] if c["id"] == "C2-07")
    reader = pypdf.PdfReader(folder / card["fichier"])
    with pdfplumber.open(folder / card["fichier"]) as pdf:
        index = card["verso"]["page"] - 1
        text = chars_in(page_chars(pdf, index), card_box(trim_box(reader, index), card["verso"]))
    assert "COMPÉTENCE" in text.upper() and "Phase2" in text


def test_backs_mirror_fronts_short_edge(decks):
    _mirror_checks(decks["territoire-court-letter"], "court")


def test_back_offset_is_applied(decks):
    manifest = load_manifest(decks["a6-traits"])
    reader = pypdf.PdfReader(decks["a6-traits"] / "cartes-competences.pdf")
    width = mm(float(reader.pages[0].trimbox.width))
    for card in manifest["cartes"]:
        recto, verso = card["recto"], card["verso"]
        assert verso["x_mm"] == pytest.approx(width - recto["x_mm"] - recto["largeur_mm"] + 1.5, abs=0.01)
        assert verso["y_mm"] == pytest.approx(recto["y_mm"] - 1, abs=0.01)


def test_fold_layout_puts_backs_beside_fronts(decks):
    manifest = load_manifest(decks["nb-pliage"])
    for card in manifest["cartes"]:
        assert card["verso"]["page"] == card["recto"]["page"]
        assert card["verso"]["x_mm"] > card["recto"]["x_mm"]


def test_actor_cards_name_reads_on_the_wall(decks):
    """An « Acteur » card is posted beside its competence on the board: a known actor's name is
    printed large and bold, a blank card leaves 12 mm for a name in marker (the room's notes)."""
    mm = 72 / 25.4
    with pdfplumber.open(decks["territoire-court-letter"] / "cartes-a-remplir.pdf") as pdf:
        words = pdf.pages[0].extract_words(extra_attrs=["size", "fontname"])
    name = [w for w in words if w["text"] == "Mairie"]
    assert name and all(w["size"] >= 12 and "Bold" in w["fontname"] for w in name), name
    with pdfplumber.open(decks["generique"] / "cartes-a-remplir.pdf") as pdf:
        words = pdf.pages[0].extract_words()
    types = [w for w in words if w["text"] == "Type"]
    assert len(types) == 9  # a sheet of blank actor cards
    for below in types:  # the « Acteur : » label right above, in the same column (not the band's title)
        label = max((w for w in words if w["text"] == "Acteur" and abs(w["x0"] - below["x0"]) < 2 and w["bottom"] < below["top"]), key=lambda w: w["top"])
        assert (below["top"] - label["bottom"]) / mm >= 12, (label, below)


def test_each_phase_starts_a_sheet_of_its_own(decks):
    """A sub-group is handed its phase's pages: no sheet carries two phases' cards."""
    for name in ("generique", "territoire-court-letter"):
        entries = {f["fichier"]: f for f in load_manifest(decks[name])["fichiers"]}
        for deck in ("cartes-competences.pdf", "cartes-etapes.pdf"):
            ranges = [p["pages"] for p in entries[deck]["phases"]]
            assert all(a[1] < b[0] for a, b in zip(ranges, ranges[1:])), (name, deck, ranges)
            assert all(first % 2 == 1 for first, _ in ranges), (name, deck, ranges)  # a front page, duplex


def test_print_settings_say_the_sheets_orientation(decks):
    """The manifest's orientation is the PDF's own (fold-over sheets lie in landscape)."""
    for name, folder in decks.items():
        entries = {f["fichier"]: f for f in load_manifest(folder)["fichiers"]}
        for path in pdfs(folder):
            box = pypdf.PdfReader(path).pages[0].trimbox
            landscape = float(box.width) > float(box.height)
            assert entries[path.name]["impression"]["orientation"] == ("paysage" if landscape else "portrait"), (name, path.name)


def test_calibration_sheet(decks):
    path = decks["generique"] / "cartes-calibrage.pdf"
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) == 2
        text = pdf.pages[0].extract_text()
    # Where to enter the measure: the app's field first (facilitators do not use a terminal), then the option.
    text = " ".join(text.split())  # the lines as one sentence
    assert "Décalage des versos" in text and "Préparer le kit" in text and "--decalage-verso" in text


def test_calibration_rulers_read_unambiguously(decks):
    """The back's two rulers: X beside the horizontal one, Y beside the vertical one, and no
    number touching another (they were crossed at the centre, their numbers overlapping)."""
    with pdfplumber.open(decks["generique"] / "cartes-calibrage.pdf") as pdf:
        page = pdf.pages[1]
        words = [w for w in page.extract_words() if w["top"] > page.height / 3]  # below the instructions
    numbers = [w for w in words if w["text"] not in ("X", "Y")]
    rows: dict[int, list] = {}
    for w in numbers:
        rows.setdefault(round(w["top"]), []).append(w)
    horizontal = max(rows.values(), key=len)  # the X ruler's numbers share one line
    assert [w["text"] for w in sorted(horizontal, key=lambda w: w["x0"])] == ["−10", "−5", "0", "+5", "+10"]
    vertical = [w for w in numbers if w not in horizontal]
    assert len(vertical) == 5 and len({round(w["x0"]) for w in vertical}) == 1  # one column
    x = next(w for w in words if w["text"] == "X")
    y = next(w for w in words if w["text"] == "Y")
    ruler_y = horizontal[0]["top"]
    assert x["x1"] < min(w["x0"] for w in horizontal) and abs(x["bottom"] - ruler_y) < 10  # left of the X ruler, at its height
    assert y["bottom"] < min(w["top"] for w in vertical) and abs(y["x0"] - vertical[0]["x0"]) < 30  # above the Y ruler
    for i, a in enumerate(words):
        for b in words[i + 1:]:
            apart = a["x1"] <= b["x0"] or b["x1"] <= a["x0"] or a["bottom"] <= b["top"] or b["bottom"] <= a["top"]
            assert apart, (a["text"], b["text"])


# ---------------------------------------------------------------- marks, notes, fonts, colour, metadata


def test_cut_marks_on_every_cut_line_outside_cards(decks):
    folder = decks["generique"]
    manifest = load_manifest(folder)
    path = folder / "cartes-competences.pdf"
    reader = pypdf.PdfReader(path)
    trim = trim_box(reader, 0)
    cards = [card_box(trim, c["recto"]) for c in manifest["cartes"] if c["fichier"] == path.name and c["recto"]["page"] == 1]
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        marks = []
        for line in page.lines:
            black = line["stroking_color"] in ((0,), (0, 0, 0), 0, [0], (0.0,))
            length = max(line["x1"] - line["x0"], line["bottom"] - line["top"])
            if black and length >= 5 * PT_PER_MM - 0.01:
                assert line["linewidth"] >= 0.25 - 1e-6  # at least 0.25 pt thick
                half = line["linewidth"] / 2
                marks.append(Box(line["x0"] - half, line["top"] - half, line["x1"] + half, line["bottom"] + half))
    assert marks
    for mark in marks:
        for card in cards:
            overlap_w = min(mark.x1, card.x1) - max(mark.x0, card.x0)
            overlap_h = min(mark.y1, card.y1) - max(mark.y0, card.y0)
            assert not (overlap_w > 0.01 and overlap_h > 0.01), "a cut mark lies on a card"
    # Every card edge is on a marked line.
    xs = {round(v, 1) for c in cards for v in (c.x0, c.x1)}
    ys = {round(v, 1) for c in cards for v in (c.y0, c.y1)}
    vertical = {round((m.x0 + m.x1) / 2, 1) for m in marks if m.y1 - m.y0 > m.x1 - m.x0}
    horizontal = {round((m.y0 + m.y1) / 2, 1) for m in marks if m.x1 - m.x0 > m.y1 - m.y0}
    assert all(any(abs(x - v) < 0.3 for v in vertical) for x in xs)
    assert all(any(abs(y - v) < 0.3 for v in horizontal) for y in ys)


def test_margin_notes_say_print_at_100_percent(decks):
    for config in ("generique", "territoire-court-letter"):
        for path in deck_pdfs(decks[config]):
            with pdfplumber.open(path) as pdf:
                for number, page in enumerate(pdf.pages, start=1):
                    text = squash(page.extract_text() or "")
                    text += text[::-1]  # notes turned along a side margin read backwards
                    assert "Imprimerà100%" in text, (path.name, number)
                    # Fronts are numbered; backs say « verso » (identical back sheets share one layout).
                    assert f"page{number}/{len(pdf.pages)}" in text or (number % 2 == 0 and "verso" in text)


def test_fonts_are_embedded(decks):
    for folder in decks.values():
        for path in pdfs(folder):
            assert embedded_font_problems(path) == [], path
            with pdfplumber.open(path) as pdf:
                names = {c["fontname"].split("+")[-1] for c in pdf.pages[0].chars}
            assert any("Atkinson" in n for n in names)


def test_black_and_white_has_no_colour(decks):
    for path in pdfs(decks["nb-pliage"]):
        assert coloured_pixels(path) == [], path
    # The check itself sees colour where there is some.
    assert coloured_pixels(decks["generique"] / "cartes-competences.pdf", max_pages=1)


def test_pdf_metadata(decks):
    reader = pypdf.PdfReader(decks["territoire-court-letter"] / "cartes-competences.pdf")
    meta = reader.metadata
    assert "Cartes" in meta.title and "Haut-Vallon" in meta.title
    assert meta.author == "Communauté de communes du Haut-Vallon"
    assert reader.trailer["/Root"].get("/Lang") == "fr-FR"


def test_manifest_matches_files(decks):
    for folder in decks.values():
        manifest = load_manifest(folder)
        listed = {f["fichier"]: f for f in manifest["fichiers"]}
        assert set(listed) == {p.name for p in pdfs(folder)}
        for name, entry in listed.items():
            data = (folder / name).read_bytes()
            assert hashlib.sha256(data).hexdigest() == entry["sha256"]
            assert len(pypdf.PdfReader(folder / name).pages) == entry["pages"]


# ---------------------------------------------------------------- with a workshop file


def test_workshop_decks(decks):
    folder = decks["territoire-court-letter"]
    ref = load_referentiel()
    atelier = load_atelier(EXEMPLES / "cc-haut-vallon.yaml", ref)
    vue = merge_atelier(ref, atelier)
    manifest = load_manifest(folder)
    ids = {c["id"] for c in manifest["cartes"]}
    assert {c.id for c in vue.competences} <= ids
    assert {"C2-T01", "C3-T01"} <= ids
    # One pre-filled actor card per known actor, and every back carries the territory (the fronts
    # keep their room for the text; the deck's first sheet names it in its margin).
    territory = squash(atelier.territoire)
    opened = {}
    actor_texts = []
    for card in manifest["cartes"]:
        path = folder / card["fichier"]
        reader, pdf = open_once(opened, path)
        for side in ("recto", "verso"):
            index = card[side]["page"] - 1
            text = chars_in(page_chars(pdf, index), card_box(trim_box(reader, index), card[side]))
            assert (territory in text) == (side == "verso"), (card["id"], side)
            if side == "recto" and card["type"] == "acteur":
                actor_texts.append(text)
    for acteur in atelier.acteurs:
        assert sum(squash(acteur.nom) in t for t in actor_texts) == 1, acteur.nom
    for path, (_, p) in opened.items():
        first = squash(p.pages[0].extract_text())
        first += first[::-1]  # on Letter sheets the margin notes are turned along the side
        assert territory in first and squash(ref.source.auteurs[0]) in first, path.name
        p.close()


def test_retained_phases_only(decks):
    manifest = load_manifest(decks["imprimeur"])  # Saint-Aubin keeps phases 1 and 2
    phase_ids = {c["id"] for c in manifest["cartes"] if c["type"] in ("competence", "etape")}
    assert phase_ids and all(i[1] in "12" for i in phase_ids)
    assert "C1-T01" in phase_ids
    manifest = load_manifest(decks["a6-traits"])  # --phases 3
    phase_ids = {c["id"] for c in manifest["cartes"] if c["type"] in ("competence", "etape")}
    assert phase_ids and all(i[1] == "3" for i in phase_ids)


def test_a_failed_run_leaves_previous_outputs_untouched(tmp_path):
    out = tmp_path / "out"
    first = run_cli("cartes", "--sortie", str(out), "--phases", "3")
    assert first.returncode == 0, first.stderr
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    text = (ROOT / "referentiel.yaml").read_text(encoding="utf-8")
    text = text.replace('"Encadrer, coordonner les concierges"', '"' + " ".join(["compétence très détaillée"] * 19) + '"')
    ref = tmp_path / "ref.yaml"
    ref.write_text(text, encoding="utf-8")
    failed = run_cli("cartes", "--referentiel", str(ref), "--sortie", str(out), "--phases", "3")
    assert failed.returncode == 2 and "C3-06" in failed.stderr
    after = {p.name: p.read_bytes() for p in out.iterdir()}
    assert after == before  # same files, same bytes, no temporary file left


# ---------------------------------------------------------------- in process: decks, measures, fitting, one sheet
#
# The builder is called directly (no subprocess): fast enough to run on every change.

SAFE_MM = 3.0  # text stays this far inside the trim (print-production notes)


@pytest.fixture(scope="module")
def vue():
    return merge_atelier(load_referentiel())


@pytest.fixture(scope="module")
def renderer():
    from ateliers.impression.render import Renderer
    from ateliers.fichiers.resources import embedded

    return Renderer(embedded())


def test_decks_hold_every_item_of_the_referential_once(vue):
    from ateliers.cartes.decks import build_decks

    ref = load_referentiel()
    decks = {d.nom: d for d in build_decks(vue, 9)}
    assert [c.id for c in decks["competences"].cards] == [c.id for p in ref.phases for c in p.competences]
    assert [c.id for c in decks["etapes"].cards] == [e.id for p in ref.phases for e in p.etapes]
    assert [c.id for c in decks["synthese"].cards] == [e.id for g in ref.resume for e in g.elements]
    texts = {c.id: c.texte for c in decks["competences"].cards}
    assert texts == {c.id: c.texte for p in ref.phases for c in p.competences}
    all_ids = [c.id for d in decks.values() for c in d.cards]
    assert len(all_ids) == len(set(all_ids))
    assert not any(c.zone_ecriture for c in decks["competences"].cards)  # read at the board: all its face to the text
    assert not any(c.zone_ecriture for c in decks["etapes"].cards)


def test_cards_to_fill_complete_their_sheets():
    from ateliers.cartes.decks import build_decks

    ref = load_referentiel()
    atelier = load_atelier(EXEMPLES / "cc-haut-vallon.yaml", ref)
    vue = merge_atelier(ref, atelier)
    for per_sheet in (9, 4, 2):
        cards = next(d for d in build_decks(vue, per_sheet) if d.nom == "a-remplir").cards
        actors = [c for c in cards if c.kind == "acteur"]
        blanks = [c for c in actors if c.id.startswith("A-VIERGE")]
        assert [c.champs[0][1] for c in actors if c not in blanks] == [a.nom for a in atelier.acteurs]
        assert len(actors) % per_sheet == 0 and len(blanks) >= per_sheet
        assert sum(c.kind == "competence-vierge" for c in cards) == per_sheet


@pytest.mark.parametrize("name", ["poker", "tarot", "a7", "a6", "55x75", "40x55", "80x80"])
def test_card_metrics_leave_room_in_order(name):
    from ateliers.cartes.imposition import BLEED, parse_card_format
    from ateliers.cartes.metrics import MIN_PT, metrics_for

    fmt = parse_card_format(name)
    m = metrics_for(fmt, imprimeur=False)
    m = type(m)(m.w, m.h, m.k, m.bleed, foot_h=2 * mm(5.5) * 1.18)  # a two-line foot
    assert (m.w, m.h, m.bleed) == (fmt.largeur, fmt.hauteur)+(0.0,)
    assert metrics_for(fmt, imprimeur=True).bleed == BLEED
    # From the top: band, text, write-in zone, foot, all inside the safe zone.
    assert m.titles_left >= SAFE_MM and m.titles_left + m.titles_w + m.id_w <= m.w - SAFE_MM + 1e-9
    assert m.side >= SAFE_MM and m.text_w == pytest.approx(m.w - 2 * m.side)
    assert m.band_h < m.text_top < m.text_limit(True) < m.zone_top < m.foot_top < m.h - SAFE_MM + 1e-9
    assert m.text_limit(True) < m.text_limit(False) < m.foot_top
    assert m.zone_top + m.zone_h <= m.foot_top
    assert m.foot_top + m.foot_h == pytest.approx(m.h - m.foot_bottom) and m.foot_bottom >= SAFE_MM
    # Text sizes legible, scaled with the card.
    assert m.label_pt >= MIN_PT and m.small_pt >= 6.0
    assert m.back_shape < min(m.w, m.h) / 2


def test_candidate_sizes_and_first_fitting():
    from ateliers.impression.fitting import candidate_sizes, first_fitting, within

    assert candidate_sizes(10.5, 7.0) == [10.5, 10.0, 9.5, 9.0, 8.5, 8.0, 7.5, 7.0]
    assert candidate_sizes(7.0, 7.0) == [7.0]
    assert candidate_sizes(6.5, 7.0) == []
    scaled = candidate_sizes(18 * 2**0.5, 12 * 2**0.5, 0.5 * 2**0.5)  # an A2 poster
    assert scaled[0] == 25.46 and scaled[-1] == 16.97 and len(scaled) == 13
    tried = []

    def attempt(size):
        tried.append(size)
        return f"layout at {size}" if size <= 9.0 else None

    assert first_fitting(candidate_sizes(10.5, 7.0), attempt) == (9.0, "layout at 9.0")
    assert tried == [10.5, 10.0, 9.5, 9.0]  # stops at the first (largest) that fits
    assert first_fitting([10.0, 9.0], lambda s: None) is None
    assert within(10.04, 10.0) and not within(10.2, 10.0)


def test_fit_sizes_shrinks_only_the_long_card(vue, renderer):
    from ateliers.cartes.decks import Deck
    from ateliers.cartes.pdf import CardDeckBuilder
    from ateliers.options import CardOptions

    builder = CardDeckBuilder(vue, CardOptions(), renderer)
    deck = next(d for d in builder.decks() if d.nom == "competences")
    short, long_ = deck.cards[0], deck.cards[1]
    long_ = type(long_)(**{**long_.__dict__, "texte": " ".join(["compétence très détaillée"] * 13)})
    small = Deck("essai", "Essai", (short, long_))
    m = builder.metrics
    sizes = builder.fit_sizes(small, m)
    assert sizes[short.id] == m.design_pt(short)
    assert 12.0 <= sizes[long_.id] < m.design_pt(long_)
    # The size chosen is the largest that fits: half a point more overflows.
    room = m.text_limit(long_.zone_ecriture) - m.text_top
    heights = builder.fitter.measure([("a", long_, sizes[long_.id]), ("b", long_, sizes[long_.id] + 0.5)], m)
    assert heights["a"] <= room + 0.05 < heights["b"]


def test_fit_sizes_names_a_card_that_never_fits(vue, renderer):
    from ateliers.cartes.decks import Deck
    from ateliers.cartes.fit import CardsTooLong
    from ateliers.cartes.pdf import CardDeckBuilder
    from ateliers.options import CardOptions

    builder = CardDeckBuilder(vue, CardOptions(), renderer)
    card = next(d for d in builder.decks() if d.nom == "competences").cards[5]
    card = type(card)(**{**card.__dict__, "texte": " ".join(["compétence très détaillée"] * 20)})
    m = builder.metrics
    with pytest.raises(CardsTooLong) as info:
        builder.fit_sizes(Deck("essai", "Essai", (card,)), m)
    assert info.value.ids == [card.id] and card.id in str(info.value)


def _rendered_sheet(vue, renderer, mode):
    """The first front sheet and its back of the competence deck, rendered in process."""
    from dataclasses import replace

    from ateliers.cartes.imposition import RectoVerso
    from ateliers.cartes.pdf import CardDeckBuilder
    from ateliers.options import CardOptions

    builder = CardDeckBuilder(vue, CardOptions(recto_verso=RectoVerso(mode)), renderer)
    deck = next(d for d in builder.decks() if d.nom == "competences")
    cards = list(deck.cards[: builder.per_sheet])
    cards[4] = replace(cards[4], texte=" ".join(["compétence très détaillée"] * 13))  # shrinks: its sheet is laid out again
    deck = replace(deck, cards=tuple(cards))
    m = builder.metrics
    document, pages, sizes = builder.render_deck(deck, m)  # as the builder runs: sheets measure the texts
    return builder, m, document, pages, sizes


def _px(value):
    """WeasyPrint's CSS px to mm (a px is 0.75 pt)."""
    return mm(value * 0.75)


def _flat(text) -> str:
    """Text without its spaces (ordinary or not): what the PDF's characters spell."""
    return "".join("".join(text).split())


@pytest.mark.parametrize("mode", ["long", "court"])
def test_one_sheet_text_boxes_in_the_safe_zone_and_backs_behind_fronts(vue, renderer, mode):
    builder, m, document, pages, sizes = _rendered_sheet(vue, renderer, mode)
    long_card = pages[0].faces[4].card
    assert sizes[long_card.id] < m.design_pt(long_card)
    if mode == "long":  # the sizes read from the sheets are those measured apart
        from ateliers.cartes.decks import Deck

        assert sizes == builder.fit_sizes(Deck("essai", "Essai", tuple(f.card for f in pages[0].faces)), m)
    # The document ends with the stamps (titles, question, foot, back words), laid out once each.
    assert len(pages) == 2 and not pages[0].is_back and pages[1].is_back and len(document.pages) > 2
    anchors = document.pages[0].anchors
    fronts = pages[0].faces
    assert len(fronts) == 9
    for face in fronts:
        r = face.rect
        x0, y0, x1, y1 = (_px(v) for v in anchors[f"contenu-{face.uid}"])
        assert r.x + SAFE_MM <= x0 and x1 <= r.right - SAFE_MM, face.card.id
        assert r.y + m.band_h <= y0 and y1 <= r.y + m.text_limit(face.zone) <= r.bottom - SAFE_MM, face.card.id
    # On the printed sheet, each card's stamped words are where its own card is: the band titles
    # inside the band. A competence card is read at the board: no write-in zone, no foot (the
    # credit is on its back), its text at 12 pt or more.
    with pdfplumber.open(io.BytesIO(builder.pdf(document, pages, m).data)) as pdf:
        assert len(pdf.pages) == 2
        chars = pdf.pages[0].chars
        for face in fronts:
            r = face.rect
            mine = [c for c in chars if r.x <= mm(c["x0"]) and mm(c["x1"]) <= r.right and r.y <= mm(c["top"]) and mm(c["bottom"]) <= r.bottom]
            assert all(r.x + SAFE_MM - 0.01 <= mm(c["x0"]) and mm(c["x1"]) <= r.right - SAFE_MM + 0.01 for c in mine), face.card.id
            band = _flat(c["text"] for c in mine if mm(c["bottom"]) <= r.y + m.band_h)
            assert _flat(face.card.titre) in band and _flat(face.card.sous_titre) in band, band
            body = [c for c in mine if mm(c["top"]) >= r.y + m.band_h]
            assert _flat(c["text"] for c in body) == _flat(face.card.texte)
            assert min(c["size"] for c in body) >= 12.0 - 0.01
            assert "Quiladétient" not in _flat(c["text"] for c in mine) and _flat(builder.credit) not in _flat(c["text"] for c in mine)
            assert max(mm(c["bottom"]) for c in mine) <= r.bottom - SAFE_MM + 0.1
    # The printed PDF: each back's fill sits where its front lands once the sheet is turned.
    pdf = pdfplumber.open(io.BytesIO(builder.pdf(document, pages, m).data))
    try:
        front_page, back_page = pdf.pages
        page_w, page_h = mm(front_page.width), mm(front_page.height)
        bands = sorted((round(mm(o["x0"]), 1), round(mm(o["top"]), 1)) for o in front_page.rects)
        backs = sorted((round(mm(o["x0"]), 1), round(mm(o["top"]), 1), round(mm(o["x1"] - o["x0"]), 1), round(mm(o["bottom"] - o["top"]), 1)) for o in back_page.rects)
        assert len(bands) == len(backs) == 9
        assert all((w, h) == (round(m.w, 1), round(m.h, 1)) for _, _, w, h in backs)
        if mode == "long":
            turned = sorted((round(page_w - x - m.w, 1), y) for x, y in bands)
        else:
            turned = sorted((x, round(page_h - y - m.h, 1)) for x, y in bands)
        assert turned == sorted((x, y) for x, y, _, _ in backs)
    finally:
        pdf.close()


def test_back_number_centred_in_its_shape(vue, renderer):
    """The big number on a back (drawn as outlines): its middle on the circle's centre (0.2 mm), as tall as
    bold digits at the size the metrics give."""
    builder, m, document, pages, _ = _rendered_sheet(vue, renderer, "long")
    pdf = pdfplumber.open(io.BytesIO(builder.pdf(document, pages, m).data))
    try:
        back = pdf.pages[1]
        white = [o for o in back.curves if tuple(o.get("non_stroking_color") or ()) == (1, 1, 1)]
        dark = [o for o in back.curves + back.rects if max(o.get("non_stroking_color") or (1,)) < 0.2]
        assert len(white) == 9
        for circle in white:
            inside = [o for o in dark if circle["x0"] < o["x0"] and o["x1"] < circle["x1"] and circle["top"] < o["top"] and o["bottom"] < circle["bottom"]]
            assert inside, "no number in the shape"
            top, bottom = min(o["top"] for o in inside), max(o["bottom"] for o in inside)
            left, right = min(o["x0"] for o in inside), max(o["x1"] for o in inside)
            assert mm((top + bottom) / 2) == pytest.approx(mm((circle["top"] + circle["bottom"]) / 2), abs=0.2)
            assert mm((left + right) / 2) == pytest.approx(mm((circle["x0"] + circle["x1"]) / 2), abs=0.3)
            assert mm(bottom - top) == pytest.approx(m.back_num_cap, abs=0.15)
            assert 0.2 < mm(bottom - top) / mm(circle["bottom"] - circle["top"]) < 0.45
    finally:
        pdf.close()


# ---------------------------------------------------------------- accessibility (tagged PDF/UA-1)


def test_every_deck_is_tagged_in_french(decks):
    """Every configuration (print shop, folding, black and white, A6, Letter) and the calibration
    sheet: a structure tree, fr-FR, a title; the card art drawn under the text and the shared
    stamps are artifacts, so every painted thing is either tagged or an artifact."""
    for name, folder in decks.items():
        for path in sorted(folder.glob("*.pdf")):
            assert tag_problems(path) == [], (name, path.name)


def test_print_shop_cards_keep_trim_and_bleed_boxes_when_tagged(decks):
    import pikepdf

    path = decks["imprimeur"] / "cartes-competences.pdf"
    assert tag_problems(path) == []
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            trim = [float(v) for v in page.TrimBox]
            bleed = [float(v) for v in page.BleedBox]
            media = [float(v) for v in page.MediaBox]
            assert bleed == media
            margins = [trim[0] - bleed[0], trim[1] - bleed[1], bleed[2] - trim[2], bleed[3] - trim[3]]
            assert margins == pytest.approx([3.0 * PT_PER_MM] * 4, abs=0.01)


def test_cards_are_read_in_the_order_they_are_laid(decks):
    """On a sheet, each card's number then its text, the cards row by row as they are printed;
    the stamps shared by many cards (band titles, « Qui la détient… », foot) are not read."""
    folder = decks["generique"]
    manifest = {c["id"]: c for c in load_manifest(folder)["cartes"] if c["fichier"] == "cartes-competences.pdf"}
    on_page_1 = sorted((c["recto"]["y_mm"], c["recto"]["x_mm"], c["id"]) for c in manifest.values() if c["recto"]["page"] == 1)
    order = reading_order(folder / "cartes-competences.pdf")
    read = [o["text"] for o in order]
    ids = [t for t in read if t in manifest]
    assert ids == [card_id for _, _, card_id in on_page_1]
    assert not any("Qui la détient" in t for t in read)
    assert "/Sect" in structure(folder / "cartes-competences.pdf")
