"""Card decks: open the PDFs the real command wrote and check what a printer and a facilitator need."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber
import pypdf
import pytest

from ateliers import api, load_atelier, load_referentiel, merge_atelier
from ateliers.options import card_options

from conftest import EXEMPLES, ROOT, run_cli
from pdfcheck import (
    PT_PER_MM,
    Box,
    card_box,
    card_faces,
    chars_in,
    coloured_pixels,
    embedded_font_problems,
    load_manifest,
    mm,
    page_chars,
    squash,
    trim_box,
    turned,
)
from tagcheck import reading_order, structure, tag_problems

# Tests that build whole decks (in process or by the command) are marked lent; the builder's own
# tests (one sheet rendered in process, measures, fitting, the command's options) are not.
lent = pytest.mark.lent


@dataclass(frozen=True)
class Config:
    """One way a facilitator asks for the decks: the command's options, and the same as the API takes them."""

    cli: list[str]
    options: dict = field(default_factory=dict)  # card_options' keywords
    atelier: Path | None = None
    phases: list[int] | None = None
    card_mm: tuple[float, float] = (63.0, 88.0)  # the card format asked for, as printed


CONFIGS = {
    "generique": Config([]),
    "territoire-court-letter": Config(
        ["--atelier", str(EXEMPLES / "cc-haut-vallon.yaml"), "--recto-verso", "court", "--papier", "letter"],
        {"recto_verso": "court", "papier": "letter"}, EXEMPLES / "cc-haut-vallon.yaml",
    ),
    "imprimeur": Config(["--atelier", str(EXEMPLES / "saint-aubin-villages.yaml"), "--imprimeur"], {"imprimeur": True}, EXEMPLES / "saint-aubin-villages.yaml"),
    # One phase, the largest: black and white and the fold are the point here (pdfminer reads every page).
    "nb-pliage": Config(["--noir-et-blanc", "--recto-verso", "pliage", "--phases", "2"], {"noir_et_blanc": True, "recto_verso": "pliage"}, phases=[2]),
    "a6-traits": Config(
        ["--format", "a6", "--traits-de-coupe", "--phases", "3", "--decalage-verso", "1.5,-1"],
        {"format": "a6", "traits": True, "decalage": "1.5,-1"}, phases=[3], card_mm=(105.0, 148.0),
    ),
}
BY_COMMAND = "a6-traits"  # built by the real command in a subprocess; the others in process, through the API


class Built:
    """One configuration's output folder, each of its PDFs opened once for the whole module
    (pdfminer parses a tagged PDF's whole object tree on opening: seconds per deck)."""

    def __init__(self, folder: Path, config: Config) -> None:
        self.folder = folder
        self.config = config
        self.manifest = load_manifest(folder)
        self._plumber: dict[str, pdfplumber.PDF] = {}
        self._reader: dict[str, pypdf.PdfReader] = {}
        self._trims: dict[str, list[Box]] = {}
        self._chars: dict[tuple[str, int], list[dict]] = {}

    def __truediv__(self, name: str) -> Path:
        return self.folder / name

    def pdfs(self) -> list[str]:
        return sorted(p.name for p in self.folder.glob("cartes-*.pdf"))

    def deck_pdfs(self) -> list[str]:
        return [p for p in self.pdfs() if p != "cartes-calibrage.pdf"]

    def plumber(self, name: str) -> pdfplumber.PDF:
        if name not in self._plumber:
            self._plumber[name] = pdfplumber.open(self.folder / name)
        return self._plumber[name]

    def reader(self, name: str) -> pypdf.PdfReader:
        if name not in self._reader:
            self._reader[name] = pypdf.PdfReader(self.folder / name)
        return self._reader[name]

    def pages(self, name: str) -> list:
        return self.reader(name).pages  # pypdf pages: their boxes (trim, media, bleed)

    def trim(self, name: str, index: int) -> Box:
        if name not in self._trims:
            reader = self.reader(name)
            self._trims[name] = [trim_box(reader, i) for i in range(len(reader.pages))]
        return self._trims[name][index]

    def chars(self, name: str, index: int) -> list[dict]:
        if (name, index) not in self._chars:
            self._chars[name, index] = page_chars(self.plumber(name), index)
        return self._chars[name, index]

    def cards(self, name: str | None = None) -> list[dict]:
        return [c for c in self.manifest["cartes"] if name is None or c["fichier"] == name]

    def close(self) -> None:
        for pdf in self._plumber.values():
            pdf.close()


def build(folder: Path, config: Config, by_command: bool = False) -> Built:
    """The decks of one configuration: by the real command (a subprocess, as a user runs it), or
    in process through the API with the options the command gives it (test_command_passes_its_options)."""
    if by_command:
        result = run_cli("cartes", "--sortie", str(folder), *config.cli)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        assert "cartes-competences.pdf" in result.stdout and "Imprimez à 100 %" in result.stdout
    else:
        api.cards(None, config.atelier, folder, card_options(**config.options), config.phases, workers=1)
    return Built(folder, config)


class Decks(dict):
    """Each configuration built once, when a test first asks for it."""

    def __init__(self, factory) -> None:
        super().__init__()
        self.factory = factory

    def __missing__(self, name: str) -> Built:
        self[name] = build(self.factory.mktemp(name), CONFIGS[name], by_command=name == BY_COMMAND)
        return self[name]

    def items(self):
        return [(name, self[name]) for name in CONFIGS]

    def values(self):
        return [self[name] for name in CONFIGS]


@pytest.fixture(scope="module")
def decks(tmp_path_factory):
    made = Decks(tmp_path_factory)
    yield made
    for built in dict.values(made):
        built.close()


@pytest.mark.parametrize("name", list(CONFIGS))
def test_command_passes_its_options(name, runner, monkeypatch, tmp_path):
    """The command gives the API the options its flags say: the decks built in process are those
    the command builds (one configuration is also built by the real command, in a subprocess)."""
    from ateliers.cli import cli

    config = CONFIGS[name]
    called = []

    def cards(referentiel, atelier, sortie, options, phases, progress=None, **rest):
        called.append((referentiel, atelier, sortie, options, phases))
        return api.BuildReport(Path(sortie), [])

    monkeypatch.setattr(api, "cards", cards)
    result = runner.invoke(cli, ["cartes", "--sortie", str(tmp_path), *config.cli])
    assert result.exit_code == 0, result.output
    [(referentiel, atelier, sortie, options, phases)] = called
    assert referentiel is None and Path(sortie) == tmp_path
    assert (Path(atelier) if atelier else None) == config.atelier
    assert options == card_options(**config.options) and phases == config.phases
    assert (options.format.largeur, options.format.hauteur) == config.card_mm


# ---------------------------------------------------------------- sizes and boxes


@lent
def test_a4_sheets_are_exactly_a4(decks):
    built = decks["generique"]
    for name in built.pdfs():
        for page in built.pages(name):
            assert mm(float(page.trimbox.width)) == pytest.approx(210, abs=0.05)
            assert mm(float(page.trimbox.height)) == pytest.approx(297, abs=0.05)
            assert page.mediabox == page.trimbox  # no bleed on office sheets


@lent
def test_letter_sheets(decks):
    built = decks["territoire-court-letter"]
    for name in built.pdfs():
        for page in built.pages(name):
            size = sorted((mm(float(page.trimbox.width)), mm(float(page.trimbox.height))))
            assert size == pytest.approx([215.9, 279.4], abs=0.5)


@lent
def test_print_shop_pages_are_card_plus_bleed(decks):
    built = decks["imprimeur"]
    for name in built.deck_pdfs():
        for page in built.pages(name):
            assert mm(float(page.trimbox.width)) == pytest.approx(63, abs=0.05)
            assert mm(float(page.trimbox.height)) == pytest.approx(88, abs=0.05)
            assert mm(float(page.mediabox.width)) == pytest.approx(69, abs=0.05)
            assert mm(float(page.mediabox.height)) == pytest.approx(94, abs=0.05)
            assert "/BleedBox" in page and mm(float(page.bleedbox.width)) == pytest.approx(69, abs=0.05)
    # The backs' colour runs into the bleed: the corner of the media box is not white.
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(str(built / "cartes-competences.pdf"))
    image = doc[1].render(scale=2).to_pil().convert("RGB")
    assert image.getpixel((1, 1)) != (255, 255, 255)
    doc.close()


@lent
def test_nine_poker_cards_per_a4_sheet(decks):
    pages = [c["recto"]["page"] for c in decks["generique"].cards("cartes-competences.pdf")]
    assert max(pages.count(p) for p in set(pages)) == 9
    # As drawn: nine fronts on the first sheet.
    fronts, _ = card_faces(decks["generique"].plumber("cartes-competences.pdf").pages[0], 63.0, 88.0)
    assert len(fronts) == 9


# ---------------------------------------------------------------- content


@lent
def test_every_card_of_the_referential_is_there(decks):
    ref = load_referentiel()
    built = decks["generique"]
    by_id = {c["id"]: c for c in built.cards()}
    expected = {i.id: i.texte for i in ref.competences + ref.etapes + ref.elements_resume}
    assert set(expected) <= set(by_id)
    for ident, texte in expected.items():
        card = by_id[ident]
        index = card["recto"]["page"] - 1
        box = card_box(built.trim(card["fichier"], index), card["recto"])
        text = chars_in(built.chars(card["fichier"], index), box)
        assert squash(texte) in text, ident
        assert ident in text


def _check_chars_inside_cards(built: Built, margin_mm: float = 2.0) -> int:
    """Every character that touches a card lies inside it, at least margin_mm from its edges."""
    checked = 0
    for name in built.deck_pdfs():
        cards = built.cards(name)
        for index in range(len(built.plumber(name).pages)):
            trim = built.trim(name, index)
            boxes = [
                card_box(trim, c[side])
                for c in cards
                for side in ("recto", "verso")
                if side in c and c[side]["page"] == index + 1
            ]
            assert boxes, f"{name} page {index + 1} has no card"
            inner = {box: box.inset(margin_mm * PT_PER_MM) for box in boxes}
            for char in built.chars(name, index):
                touching = [b for b in boxes if b.touches_char(char)]
                for box in touching:
                    assert inner[box].contains_char(char), (
                        f"{name} p.{index + 1}: « {char['text']} » at {mm(char['x0']):.1f},{mm(char['top']):.1f} mm"
                    )
                    checked += 1
    return checked


@lent
@pytest.mark.parametrize("config", list(CONFIGS))
def test_every_character_inside_its_card(decks, config):
    assert _check_chars_inside_cards(decks[config]) > 1000


def _phase_3_decks(ref: Path, out: Path):
    """The generic decks of phase 3 from a referential, built in process."""
    return api.cards(ref, None, out, card_options(), [3], workers=1)


@lent
def test_markup_in_data_appears_literally(tmp_path):
    text = (ROOT / "referentiel.yaml").read_text(encoding="utf-8")
    hostile = "Gérer <b>&amp;</b> & <i>co</i> {{ 7*7 }} </div>"
    text = text.replace('"Encadrer, coordonner les concierges"', f"'{hostile}'")
    ref = tmp_path / "ref.yaml"
    ref.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    _phase_3_decks(ref, out)
    card = next(c for c in load_manifest(out)["cartes"] if c["id"] == "C3-06")
    reader = pypdf.PdfReader(out / card["fichier"])
    with pdfplumber.open(out / card["fichier"]) as pdf:
        index = card["recto"]["page"] - 1
        text = chars_in(page_chars(pdf, index), card_box(trim_box(reader, index), card["recto"]))
        # Found in the drawing too: the front numbered C3-06 carries the text, as written.
        [front] = [f for f in card_faces(pdf.pages[index], 63.0, 88.0)[0] if f.ident == "C3-06"]
    assert squash(hostile) in text and squash(hostile) in front.text


@lent
def test_too_long_text_fails_naming_the_card(tmp_path):
    """The real command (a subprocess): its exit code and its message, naming the card and the way out."""
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


@lent
def test_text_shrinks_card_by_card_not_below_its_minimum(decks):
    built = decks["generique"]
    manifest = built.manifest
    sizes = {c["id"]: c["taille_police_pt"] for c in manifest["cartes"]}
    assert min(sizes.values()) >= 7
    competences = [c["taille_police_pt"] for c in manifest["cartes"] if c["type"] == "competence"]
    assert min(competences) >= 12 and len(set(competences)) > 1  # long texts were made smaller, not all of them
    assert min(c["taille_police_pt"] for c in manifest["cartes"] if c["type"] == "etape") >= 16
    # The sizes recorded are the sizes printed.
    card = next(c for c in manifest["cartes"] if c["id"] == "C3-03")
    index = card["recto"]["page"] - 1
    box = card_box(built.trim(card["fichier"], index), card["recto"])
    body = [c for c in built.chars(card["fichier"], index) if box.contains_point(c["x0"], c["top"]) and c["text"] == "É"]
    assert body and all(c["size"] == pytest.approx(card["taille_police_pt"], abs=0.05) for c in body)


def _char_size(c: dict) -> float:
    """A character's font size: its box's height, or its width when it is turned (notes along a side)."""
    return c["size"] if c["upright"] else c["x1"] - c["x0"]


@lent
@pytest.mark.parametrize("config", list(CONFIGS))
def test_card_text_read_at_the_board(decks, config):
    """Measured on the PDF: a competence's text at 12 pt or more, a step's at 16 pt or more (below the
    band, where the card's text is), and no character under 6 pt on any sheet of any deck."""
    from ateliers.cartes.metrics import metrics_for
    from ateliers.cartes.imposition import parse_card_format

    built = decks[config]
    for name in built.deck_pdfs():
        pdf = built.plumber(name)
        # pdfplumber's « size » is the height of an upright character's box, its width for a turned one.
        small = [(i + 1, c["text"], c["size"]) for i, page in enumerate(pdf.pages) for c in page.chars if _char_size(c) < 6.0 - 0.01]
        assert not small, (name, small[:5])
    minimum = {"competence": 12.0, "etape": 16.0}
    checked = {"competence": 0, "etape": 0}
    for card in built.cards():
        if card["type"] not in minimum:
            continue
        index = card["recto"]["page"] - 1
        box = card_box(built.trim(card["fichier"], index), card["recto"])
        fmt = parse_card_format(f'{card["recto"]["largeur_mm"]}x{card["recto"]["hauteur_mm"]}')
        band = metrics_for(fmt, False).band_h * PT_PER_MM
        body = [c for c in built.chars(card["fichier"], index) if box.contains_point(c["x0"], c["top"]) and c["top"] > box.y0 + band]
        lines: dict[float, list[dict]] = {}
        for c in body:
            lines.setdefault(round(c["top"]), []).append(c)
        # The label of a card the territory added is no part of its text.
        body = [c for line in lines.values() if "".join(x["text"] for x in line) != "AJOUTÉEPARLETERRITOIRE" for c in line]
        assert len(body) > 10, card["id"]
        assert min(c["size"] for c in body) >= minimum[card["type"]] - 0.01, card["id"]
        checked[card["type"]] += 1
    assert checked["competence"] >= 10 and checked["etape"] >= 7


# ---------------------------------------------------------------- duplex and fold-over, measured on the drawn sheets
#
# Each card's front is found in the drawing by its band (and its number printed there), each back
# by its fill: the back must lie where turning the sheet over (or folding it) puts its front,
# within 0.2 mm, for every card of every deck. The manifest is then checked against the drawing.

TOLERANCE_MM = 0.2
BACK_WORD = {"cartes-competences.pdf": "COMPÉTENCE", "cartes-etapes.pdf": "ÉTAPE"}  # the deck's name on a phase card's back


def _fold_line(page) -> tuple[str, float]:
    """The drawn fold line (dashed, across the whole sheet): its direction and where it lies, in mm."""
    dashed = [line for line in page.lines if line.get("dash") and line["dash"][0]]
    assert len(dashed) == 1, dashed
    line = dashed[0]
    if abs(line["x1"] - line["x0"]) < 0.01:
        assert mm(line["bottom"] - line["top"]) == pytest.approx(mm(page.height), abs=0.5)
        return "pli-vertical", mm(line["x0"])
    assert mm(line["x1"] - line["x0"]) == pytest.approx(mm(page.width), abs=0.5)
    return "pli-horizontal", mm(line["top"])


def _near(a: float, b: float) -> bool:
    return abs(a - b) <= TOLERANCE_MM


def _check_backs_behind_fronts(built: Built, mode: str, offset: tuple[float, float] = (0.0, 0.0)) -> int:
    """Every card of every deck: its front and its back found in the drawing, the back where the
    sheet's turn (``long``, ``court``) or its fold (``pliage``) puts the front; the back says what its
    front is (its band title: « Phase 2 », « Synthèse », « Acteur »). Returns how many cards."""
    card_w, card_h = built.config.card_mm
    checked = 0
    for name in built.deck_pdfs():
        pages = built.plumber(name).pages
        faces = [card_faces(page, card_w, card_h) for page in pages]
        pairs = []  # (front, back) as drawn
        if mode == "pliage":
            for page, (fronts, backs) in zip(pages, faces):
                turn, fold = _fold_line(page)
                pairs += [(front, back, turn, fold) for front, back in _pair(fronts, backs, turn, page, fold)]
        else:
            assert len(pages) % 2 == 0, name
            for i in range(0, len(pages), 2):
                (fronts, no_backs), (no_fronts, backs) = faces[i], faces[i + 1]
                assert fronts and not no_backs and backs and not no_fronts, (name, i + 1)
                pairs += [(front, back, mode, 0.0) for front, back in _pair(fronts, backs, mode, pages[i], 0.0, offset)]
        for front, back, turn, fold in pairs:
            assert back.w == pytest.approx(card_w, abs=TOLERANCE_MM) and back.h == pytest.approx(card_h, abs=TOLERANCE_MM)
            assert front.title and front.title.casefold() in back.text.casefold(), (name, front, back.text)
            assert BACK_WORD.get(name, "") in back.text, (name, front.ident, back.text)
            if front.ident[:1] in ("C", "E") and front.ident[1:2].isdigit():  # a phase's card: its phase on both sides
                assert front.title == f"Phase{front.ident[1]}" and f"Phase{front.ident[1]}" in back.text, (name, front.ident)
            if turn.startswith("pli"):  # fronts on one half of the folded sheet, backs on the other
                lo, hi = ("x", "w") if turn == "pli-vertical" else ("y", "h")
                assert getattr(front, lo) + getattr(front, hi) <= fold + TOLERANCE_MM <= getattr(back, lo) + 2 * TOLERANCE_MM, (name, front.ident)
        _cross_check_manifest(built, name, pairs)
        checked += len(pairs)
    return checked


def _pair(fronts, backs, turn, page, fold, offset=(0.0, 0.0)):
    """Each front with the one back drawn where it lands; every back used once."""
    width, height = mm(page.width), mm(page.height)
    assert len(backs) == len(fronts), (page.page_number, len(fronts), len(backs))
    pairs = []
    for front in fronts:
        x, y = turned(front, turn, width, height, fold, offset)
        there = [b for b in backs if _near(b.x, x) and _near(b.y, y)]
        assert len(there) == 1, (f"p.{page.page_number}: no back behind {front.ident or 'a blank card'} at {front.x:.2f},{front.y:.2f} mm"
                                 f" (expected at {x:.2f},{y:.2f}; backs at {[(round(b.x, 2), round(b.y, 2)) for b in backs]})")
        pairs.append((front, there[0]))
    assert len({id(b) for _, b in pairs}) == len(backs)
    return pairs


def _cross_check_manifest(built: Built, name: str, pairs) -> None:
    """The manifest says where each card is: where the drawing has it (numbered cards by their
    number, blank ones by their place), every card of the file found once."""
    cards = built.cards(name)
    by_id = {c["id"]: c for c in cards}
    found = []

    def same(entry, face):
        return entry["page"] == face.page + 1 and _near(entry["x_mm"], face.x) and _near(entry["y_mm"], face.y)

    for front, back in ((f, b) for f, b, _, _ in pairs):
        if front.ident:
            card = by_id[front.ident]
        else:
            [card] = [c for c in cards if "VIERGE" in c["id"] and same(c["recto"], front)]
        assert same(card["recto"], front) and same(card["verso"], back), card["id"]
        found.append(card["id"])
    assert sorted(found) == sorted(by_id), name


@lent
def test_backs_mirror_fronts_long_edge(decks):
    """Duplex on the long edge (the office default): each back at x mirrored across the sheet, y kept."""
    built = decks["generique"]
    assert _check_backs_behind_fronts(built, "long") == len(built.cards()) > 100


@lent
def test_backs_mirror_fronts_short_edge(decks):
    """Duplex on the short edge (US Letter, a workshop file): y mirrored, x kept."""
    built = decks["territoire-court-letter"]
    assert _check_backs_behind_fronts(built, "court") == len(built.cards()) > 100


@lent
def test_back_offset_is_applied(decks):
    """The printer's drift measured on the calibration sheet (--decalage-verso 1.5,-1): every back
    drawn 1.5 mm right and 1 mm up of where the turn alone would put it."""
    built = decks["a6-traits"]
    assert _check_backs_behind_fronts(built, "long", offset=(1.5, -1.0)) == len(built.cards()) > 10
    with pytest.raises(AssertionError, match="no back behind"):  # the drift is really there: not where the turn alone puts them
        _check_backs_behind_fronts(built, "long")


@lent
def test_fold_layout_puts_backs_beside_fronts(decks):
    """Fold-over: front and back on the same sheet, on either side of the drawn fold line, mirrored about it."""
    built = decks["nb-pliage"]
    assert _check_backs_behind_fronts(built, "pliage") == len(built.cards()) > 60
    turns = {_fold_line(page)[0] for name in built.deck_pdfs() for page in built.plumber(name).pages}
    assert turns == {"pli-vertical"}  # four poker cards beside their backs on a landscape A4 sheet


@lent
def test_actor_cards_name_reads_on_the_wall(decks):
    """An « Acteur » card is posted beside its competence on the board: a known actor's name is
    printed large and bold, a blank card leaves 12 mm for a name in marker (the room's notes)."""
    mm = 72 / 25.4
    words = decks["territoire-court-letter"].plumber("cartes-a-remplir.pdf").pages[0].extract_words(extra_attrs=["size", "fontname"])
    name = [w for w in words if w["text"] == "Mairie"]
    assert name and all(w["size"] >= 12 and "Bold" in w["fontname"] for w in name), name
    words = decks["generique"].plumber("cartes-a-remplir.pdf").pages[0].extract_words()
    types = [w for w in words if w["text"] == "Type"]
    assert len(types) == 9  # a sheet of blank actor cards
    for below in types:  # the « Acteur : » label right above, in the same column (not the band's title)
        label = max((w for w in words if w["text"] == "Acteur" and abs(w["x0"] - below["x0"]) < 2 and w["bottom"] < below["top"]), key=lambda w: w["top"])
        assert (below["top"] - label["bottom"]) / mm >= 12, (label, below)


@lent
def test_each_phase_starts_a_sheet_of_its_own(decks):
    """A sub-group is handed its phase's pages: no sheet carries two phases' cards."""
    for name in ("generique", "territoire-court-letter"):
        entries = {f["fichier"]: f for f in decks[name].manifest["fichiers"]}
        for deck in ("cartes-competences.pdf", "cartes-etapes.pdf"):
            ranges = [p["pages"] for p in entries[deck]["phases"]]
            assert all(a[1] < b[0] for a, b in zip(ranges, ranges[1:])), (name, deck, ranges)
            assert all(first % 2 == 1 for first, _ in ranges), (name, deck, ranges)  # a front page, duplex


@lent
def test_print_settings_say_the_sheets_orientation(decks):
    """The manifest's orientation is the PDF's own (fold-over sheets lie in landscape)."""
    for name, built in decks.items():
        entries = {f["fichier"]: f for f in built.manifest["fichiers"]}
        for pdf_name in built.pdfs():
            box = built.pages(pdf_name)[0].trimbox
            landscape = float(box.width) > float(box.height)
            assert entries[pdf_name]["impression"]["orientation"] == ("paysage" if landscape else "portrait"), (name, pdf_name)


@lent
def test_calibration_sheet(decks):
    pdf = decks["generique"].plumber("cartes-calibrage.pdf")
    assert len(pdf.pages) == 2
    text = pdf.pages[0].extract_text()
    # Where to enter the measure: the app's field first (facilitators do not use a terminal), then the option.
    text = " ".join(text.split())  # the lines as one sentence
    assert "Décalage des versos" in text and "Préparer le kit" in text and "--decalage-verso" in text


@lent
def test_calibration_rulers_read_unambiguously(decks):
    """The back's two rulers: X beside the horizontal one, Y beside the vertical one, and no
    number touching another (they were crossed at the centre, their numbers overlapping)."""
    page = decks["generique"].plumber("cartes-calibrage.pdf").pages[1]
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


@lent
def test_cut_marks_on_every_cut_line_outside_cards(decks):
    built = decks["generique"]
    name = "cartes-competences.pdf"
    trim = built.trim(name, 0)
    cards = [card_box(trim, c["recto"]) for c in built.cards(name) if c["recto"]["page"] == 1]
    page = built.plumber(name).pages[0]
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


@lent
def test_margin_notes_say_print_at_100_percent(decks):
    for config in ("generique", "territoire-court-letter"):
        built = decks[config]
        for name in built.deck_pdfs():
            pdf = built.plumber(name)
            for number, page in enumerate(pdf.pages, start=1):
                text = squash(page.extract_text() or "")
                text += text[::-1]  # notes turned along a side margin read backwards
                assert "Imprimerà100%" in text, (name, number)
                # Fronts are numbered; backs say « verso » (identical back sheets share one layout).
                assert f"page{number}/{len(pdf.pages)}" in text or (number % 2 == 0 and "verso" in text)


@lent
def test_fonts_are_embedded(decks):
    for built in decks.values():
        for name in built.pdfs():
            assert embedded_font_problems(built / name, built.reader(name)) == [], name
            names = {c["fontname"].split("+")[-1] for c in built.plumber(name).pages[0].chars}
            assert any("Atkinson" in n for n in names)


@lent
def test_black_and_white_has_no_colour(decks):
    built = decks["nb-pliage"]
    for name in built.pdfs():
        assert coloured_pixels(built / name) == [], name
    # The check itself sees colour where there is some.
    assert coloured_pixels(decks["generique"] / "cartes-competences.pdf", max_pages=1)


@lent
def test_pdf_metadata(decks):
    reader = decks["territoire-court-letter"].reader("cartes-competences.pdf")
    meta = reader.metadata
    assert "Cartes" in meta.title and "Haut-Vallon" in meta.title
    assert meta.author == "Communauté de communes du Haut-Vallon"
    assert reader.trailer["/Root"].get("/Lang") == "fr-FR"


@lent
def test_manifest_matches_files(decks):
    for built in decks.values():
        listed = {f["fichier"]: f for f in built.manifest["fichiers"]}
        assert set(listed) == set(built.pdfs())
        for name, entry in listed.items():
            data = (built / name).read_bytes()
            assert hashlib.sha256(data).hexdigest() == entry["sha256"]
            assert len(built.pages(name)) == entry["pages"]


# ---------------------------------------------------------------- with a workshop file


@lent
def test_workshop_decks(decks):
    built = decks["territoire-court-letter"]
    ref = load_referentiel()
    atelier = load_atelier(EXEMPLES / "cc-haut-vallon.yaml", ref)
    vue = merge_atelier(ref, atelier)
    ids = {c["id"] for c in built.cards()}
    assert {c.id for c in vue.competences} <= ids
    assert {"C2-T01", "C3-T01"} <= ids
    # One pre-filled actor card per known actor, and every back carries the territory (the fronts
    # keep their room for the text; the deck's first sheet names it in its margin).
    territory = squash(atelier.territoire)
    actor_texts = []
    for card in built.cards():
        for side in ("recto", "verso"):
            index = card[side]["page"] - 1
            text = chars_in(built.chars(card["fichier"], index), card_box(built.trim(card["fichier"], index), card[side]))
            assert (territory in text) == (side == "verso"), (card["id"], side)
            if side == "recto" and card["type"] == "acteur":
                actor_texts.append(text)
    for acteur in atelier.acteurs:
        assert sum(squash(acteur.nom) in t for t in actor_texts) == 1, acteur.nom
    for name in {c["fichier"] for c in built.cards()}:
        first = squash(built.plumber(name).pages[0].extract_text())
        first += first[::-1]  # on Letter sheets the margin notes are turned along the side
        assert territory in first and squash(ref.source.auteurs[0]) in first, name


@lent
def test_retained_phases_only(decks):
    manifest = decks["imprimeur"].manifest  # Saint-Aubin keeps phases 1 and 2
    phase_ids = {c["id"] for c in manifest["cartes"] if c["type"] in ("competence", "etape")}
    assert phase_ids and all(i[1] in "12" for i in phase_ids)
    assert "C1-T01" in phase_ids
    manifest = decks["a6-traits"].manifest  # --phases 3
    phase_ids = {c["id"] for c in manifest["cartes"] if c["type"] in ("competence", "etape")}
    assert phase_ids and all(i[1] == "3" for i in phase_ids)


@lent
def test_a_failed_run_leaves_previous_outputs_untouched(tmp_path):
    from ateliers.errors import AteliersError

    out = tmp_path / "out"
    _phase_3_decks(ROOT / "referentiel.yaml", out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    text = (ROOT / "referentiel.yaml").read_text(encoding="utf-8")
    text = text.replace('"Encadrer, coordonner les concierges"', '"' + " ".join(["compétence très détaillée"] * 19) + '"')
    ref = tmp_path / "ref.yaml"
    ref.write_text(text, encoding="utf-8")
    with pytest.raises(AteliersError, match="C3-06"):  # the command's exit code 2 (test_too_long_text_fails_naming_the_card)
        _phase_3_decks(ref, out)
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
    """The first front sheet and its back of the competence deck, rendered in process, and its PDF's bytes."""
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
    return builder, m, document, pages, sizes, builder.pdf(document, pages, m).data


@pytest.fixture(scope="module")
def rendered_sheet(vue, renderer):
    """``_rendered_sheet`` for a duplex mode, laid out and printed once for the module."""
    made = {}

    def sheet(mode):
        if mode not in made:
            made[mode] = _rendered_sheet(vue, renderer, mode)
        return made[mode]

    return sheet


def _px(value):
    """WeasyPrint's CSS px to mm (a px is 0.75 pt)."""
    return mm(value * 0.75)


def _flat(text) -> str:
    """Text without its spaces (ordinary or not): what the PDF's characters spell."""
    return "".join("".join(text).split())


@pytest.mark.parametrize("mode", ["long", "court"])
def test_one_sheet_text_boxes_in_the_safe_zone_and_backs_behind_fronts(rendered_sheet, mode):
    builder, m, document, pages, sizes, data = rendered_sheet(mode)
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
    with pdfplumber.open(io.BytesIO(data)) as pdf:
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
    pdf = pdfplumber.open(io.BytesIO(data))
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


A6 = (105.0, 148.0)


@pytest.fixture(scope="module")
def a6_duplex(vue, renderer):
    """A6 cards on A4 (two side by side on a landscape sheet), built in process for a duplex mode and
    an offset: a competence and a step of phase 1 share the first sheet (their backs differ: a back
    drawn behind the other card shows), a competence of phase 2 is alone on the second sheet."""
    from ateliers.cartes.decks import Deck
    from ateliers.cartes.pdf import CardDeckBuilder

    made = {}

    def build(mode: str, offset: str | None):
        if (mode, offset) not in made:
            builder = CardDeckBuilder(vue, card_options(format="a6", recto_verso=mode, decalage=offset), renderer)
            cards = [c for d in builder.decks() for c in d.cards]
            picked = tuple(next(c for c in cards if c.id.startswith(prefix)) for prefix in ("C1-", "E1-", "C2-"))
            made[mode, offset] = builder.build(Deck("essai", "Essai", picked))
        return made[mode, offset]

    return build


@pytest.mark.parametrize("offset", [None, "1.5,-1"])
@pytest.mark.parametrize("mode", ["long", "court"])
def test_a6_landscape_backs_land_behind_their_fronts(a6_duplex, mode, offset):
    """A landscape sheet is turned onto the paper by the driver: over the paper's long edge (the
    page's top and bottom) a back stays in its front's column, mirrored top to bottom; over the
    short edge it takes the other column. Each back is found where its own front lands (its phase
    written on it), moved by the calibration's offset when there is one."""
    from ateliers.options import parse_offset

    shift = parse_offset(offset)
    output = a6_duplex(mode, offset)
    drawn = {}  # card number: its back's place
    with pdfplumber.open(io.BytesIO(output.data)) as pdf:
        assert len(pdf.pages) == 4
        width, height = mm(pdf.pages[0].width), mm(pdf.pages[0].height)
        assert width > height  # landscape
        for i in (0, 2):
            fronts, no_backs = card_faces(pdf.pages[i], *A6)
            no_fronts, backs = card_faces(pdf.pages[i + 1], *A6)
            assert len(fronts) == len(backs) == (2 if i == 0 else 1) and not no_backs and not no_fronts
            for front in fronts:
                x, y = turned(front, mode, width, height, offset=shift)
                there = [b for b in backs if abs(b.x - x) <= 0.2 and abs(b.y - y) <= 0.2]
                assert len(there) == 1, (i + 1, front.ident, (x, y), [(b.x, b.y) for b in backs])
                back = there[0]
                word, other = ("COMPÉTENCE", "ÉTAPE") if front.ident.startswith("C") else ("ÉTAPE", "COMPÉTENCE")
                assert front.title in back.text and word in back.text and other not in back.text, (front.ident, back.text)
                if mode == "long":  # the same column, mirrored top to bottom (centred: the same place)
                    assert back.x == pytest.approx(front.x + shift[0], abs=0.2)
                else:  # the other column
                    assert back.x == pytest.approx(width - front.x - front.w + shift[0], abs=0.2)
                drawn[front.ident] = (back.x, back.y)
        assert len(drawn) == 3
    # The manifest says where each back is: where it is drawn.
    for card in output.cards:
        x, y = drawn[card["id"]]
        assert card["verso"]["page"] == card["recto"]["page"] + 1
        assert (card["verso"]["x_mm"], card["verso"]["y_mm"]) == pytest.approx((x, y), abs=0.2), card["id"]


@pytest.mark.parametrize("fmt, mode", [("a6", "long"), ("a6", "court"), ("poker", "long")])
def test_calibration_sheet_lies_like_the_decks(renderer, fmt, mode):
    """The offset it measures is added to the decks' backs in their page's coordinates: the sheet
    lies as they do (landscape for A6 on A4, portrait for poker cards), its print settings say so,
    and the back's rulers have their zero behind the front's cross, moved by the current offset."""
    from ateliers.cartes.calibration import build_calibration_sheet
    from ateliers.cartes.imposition import sheet_layout
    from ateliers.cartes.record import calibration_print_settings, card_print_settings

    options = card_options(format=fmt, recto_verso=mode, decalage="1.5,-1")
    layout = sheet_layout(options.format, options.papier, options.recto_verso)  # the decks' sheet
    output = build_calibration_sheet(renderer, options)
    settings = calibration_print_settings(options).as_json()
    assert settings["orientation"] == card_print_settings(options).as_json()["orientation"] == ("paysage" if fmt == "a6" else "portrait")
    assert settings["faces"] == mode

    def crossing(page, length):
        """The centre of the cross drawn with two lines ``length`` mm long."""
        lines = [r for r in page.rects if r.get("fill") and abs(max(mm(r["width"]), mm(r["height"])) - length) < 0.05 and min(mm(r["width"]), mm(r["height"])) < 0.3]
        across = [r for r in lines if r["width"] > r["height"]]
        down = [r for r in lines if r["height"] > r["width"]]
        assert len(across) == len(down) == 1, lines
        return mm(down[0]["x0"] + down[0]["width"] / 2), mm(across[0]["top"] + across[0]["height"] / 2)

    with pdfplumber.open(io.BytesIO(output.data)) as pdf:
        front, back = pdf.pages
        assert (mm(front.width), mm(front.height)) == pytest.approx((layout.page_w, layout.page_h), abs=0.05)
        assert (mm(back.width), mm(back.height)) == pytest.approx((layout.page_w, layout.page_h), abs=0.05)
        assert crossing(front, 60) == pytest.approx((layout.page_w / 2, layout.page_h / 2), abs=0.05)
        assert crossing(back, 4) == pytest.approx((layout.page_w / 2 + 1.5, layout.page_h / 2 - 1.0), abs=0.05)
        text = " ".join(front.extract_text().split())
        assert f"retournement sur le bord {mode}" in text and ("en paysage" in text) == (fmt == "a6")


def test_back_number_centred_in_its_shape(rendered_sheet):
    """The big number on a back (drawn as outlines): its middle on the circle's centre (0.2 mm), as tall as
    bold digits at the size the metrics give."""
    builder, m, document, pages, _, data = rendered_sheet("long")
    pdf = pdfplumber.open(io.BytesIO(data))
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


@lent
def test_every_deck_is_tagged_in_french(decks):
    """Every configuration (print shop, folding, black and white, A6, Letter) and the calibration
    sheet: a structure tree, fr-FR, a title; the card art drawn under the text and the shared
    stamps are artifacts, so every painted thing is either tagged or an artifact."""
    for name, built in decks.items():
        for path in sorted(built.folder.glob("*.pdf")):
            assert tag_problems(path) == [], (name, path.name)


@lent
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


@lent
def test_cards_are_read_in_the_order_they_are_laid(decks):
    """On a sheet, each card's number then its text, the cards row by row as they are printed;
    the stamps shared by many cards (band titles, « Qui la détient… », foot) are not read."""
    built = decks["generique"]
    manifest = {c["id"]: c for c in built.cards("cartes-competences.pdf")}
    on_page_1 = sorted((c["recto"]["y_mm"], c["recto"]["x_mm"], c["id"]) for c in manifest.values() if c["recto"]["page"] == 1)
    order = reading_order(built / "cartes-competences.pdf", pdf=built.plumber("cartes-competences.pdf"))
    read = [o["text"] for o in order]
    ids = [t for t in read if t in manifest]
    assert ids == [card_id for _, _, card_id in on_page_1]
    assert not any("Qui la détient" in t for t in read)
    assert "/Sect" in structure(built / "cartes-competences.pdf")
