"""Posters: open the PDFs the real command wrote and check size, text, legibility, colour."""

from __future__ import annotations

import re

import pdfplumber
import pypdf
import pytest

from ateliers import load_atelier, load_referentiel, merge_atelier
from ateliers.impression.typography import date_fr

from conftest import EXEMPLES, invoke_cli, run_cli
from pdfcheck import PT_PER_MM, board_zones, coloured_pixels, embedded_font_problems, largest_empty_block, load_manifest, mm
from tagcheck import figures_alt, reading_order, tag_problems

pytestmark = pytest.mark.lent  # builds kits, decks, posters or syntheses

SIZES = {"a3": (297, 420, 1.0), "a2": (420, 594, 2**0.5), "a1": (594, 841, 2.0)}
HAUT_VALLON = EXEMPLES / "cc-haut-vallon.yaml"


@pytest.fixture(scope="session")
def posters(tmp_path_factory):
    made = {}
    for name, args in {
        "generique": ["--tuiles", "aucune"],
        "territoire": ["--atelier", str(HAUT_VALLON)],  # boards A1 and tiled onto A3
        "a2": ["--format", "a2", "--phases", "1", "--tableau", "paperboard", "--tuiles", "a4"],
        "a1": ["--format", "a1", "--phases", "3", "--tableau", "a0", "--cartes", "tarot", "--tuiles", "aucune"],
        "nb": ["--noir-et-blanc", "--atelier", str(HAUT_VALLON), "--tuiles", "aucune"],
        "deux-phases": ["--atelier", str(EXEMPLES / "saint-aubin-villages.yaml"), "--tuiles", "aucune"],
    }.items():
        folder = tmp_path_factory.mktemp(f"affiches-{name}")
        result = (run_cli if name == "territoire" else invoke_cli)("affiches", "--sortie", str(folder), *args)  # one real subprocess run
        assert result.returncode == 0, result.stderr
        made[name] = folder
    return made


def words(path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        found = []
        for page in pdf.pages:
            for w in page.extract_words():
                found += [p for p in re.split(r"[\s\u00a0]+", w["text"]) if p]
    # A line broken after a hyphen (« Saint-Julien- / du-Vallon ») is one word.
    merged: list[str] = []
    for w in found:
        if merged and merged[-1].endswith("-") and len(merged[-1]) > 1:
            merged[-1] += w
        else:
            merged.append(w)
    return merged


def is_subsequence(needle: list[str], haystack: list[str]) -> bool:
    it = iter(haystack)
    return all(any(w == h for h in it) for w in needle)


def text_words(text: str) -> list[str]:
    return [w for w in re.split(r"[\s\u00a0]+", text) if w]


def test_expected_files(posters):
    generic = sorted(p.name for p in posters["generique"].glob("affiche-*.pdf"))
    assert generic == [f"affiche-phase-{n}.pdf" for n in (1, 2, 3, 4)] + ["affiche-vue-ensemble.pdf"]
    made = sorted(p.name for p in posters["territoire"].glob("affiche-*.pdf"))
    assert made == sorted(
        [f"affiche-phase-{n}.pdf" for n in (1, 2, 3, 4)]
        + [f"affiche-phase-{n}-tuiles-a3.pdf" for n in (1, 2, 3, 4)]
        + ["affiche-vue-ensemble.pdf", "affiche-evenement.pdf"]
    )


BOARDS = {"a2": (594, 420), "a1": (841, 594), "a0": (1189, 841), "paperboard": (980, 650)}  # landscape


def boards(folder):
    return sorted(folder.glob("affiche-phase-[0-9].pdf"))


def small_posters(folder):
    return [p for p in (folder / "affiche-vue-ensemble.pdf", folder / "affiche-evenement.pdf") if p.is_file()]


def chars_of(path, page=0):
    with pdfplumber.open(path) as pdf:
        p = pdf.pages[page]
        return [c for c in p.chars if c["text"].strip()], float(p.width), float(p.height)


# Without a format asked, the overview is read across a room of more than 12 (A1: the generic kit
# counts 3 sub-groups of 6, Haut-Vallon 24 participants) and the event poster stays A3.
@pytest.mark.parametrize(
    "config, overview, event",
    [("generique", "a1", None), ("territoire", "a1", "a3"), ("a2", "a2", None), ("a1", "a1", None), ("nb", "a1", "a3")],
)
def test_page_size_and_legibility(posters, config, overview, event):
    """Overview and event poster: the format asked, titles ≥ 48 pt, nothing under 12 pt (scaled):
    on A1 the overview's body is 24 pt or more."""
    folder = posters[config]
    expected = [(folder / "affiche-vue-ensemble.pdf", overview)] + ([(folder / "affiche-evenement.pdf", event)] if event else [])
    assert [p.name for p, _ in expected] == [p.name for p in small_posters(folder)]
    for path, fmt in expected:
        width, height, scale = SIZES[fmt]
        reader = pypdf.PdfReader(path)
        assert len(reader.pages) == 1, path.name
        page = reader.pages[0]
        assert mm(float(page.mediabox.width)) == pytest.approx(width, abs=0.05)
        assert mm(float(page.mediabox.height)) == pytest.approx(height, abs=0.05)
        chars, w, h = chars_of(path)
        assert chars
        sizes = [c["size"] for c in chars]
        assert min(sizes) >= 12 * scale - 0.01, (path.name, min(sizes))
        assert max(sizes) >= 48 * scale - 0.01, (path.name, max(sizes))  # the title
        margin = 5 * PT_PER_MM
        for c in chars:
            assert margin <= c["x0"] and c["x1"] <= w - margin and margin <= c["top"] and c["bottom"] <= h - margin, (
                path.name,
                c["text"],
            )
        assert embedded_font_problems(path) == []


# « auto »: the smallest paper holding the phase (phase 2, 22 cards and 4 to add: A0).
AUTO = {1: "a1", 2: "a0", 3: "a1", 4: "a1"}


@pytest.mark.parametrize("config, fmt", [("generique", AUTO), ("territoire", AUTO), ("a2", "paperboard"), ("a1", "a0"), ("nb", AUTO)])
def test_boards_read_from_two_metres(posters, config, fmt):
    """Wall boards: the paper chosen, every character ≥ 24 pt at the printed size, the title ≥ 48 pt,
    the zone headings 36 to 48 pt; the manifest names the paper, the print list where to print it."""
    found = boards(posters[config])
    assert found
    manifest = {f["fichier"]: f for f in load_manifest(posters[config])["fichiers"]}
    for path in found:
        paper = fmt[int(path.stem.rsplit("-", 1)[1])] if isinstance(fmt, dict) else fmt
        reader = pypdf.PdfReader(path)
        assert len(reader.pages) == 1, path.name
        box = sorted((mm(float(reader.pages[0].mediabox.width)), mm(float(reader.pages[0].mediabox.height))))
        assert box == pytest.approx(sorted(BOARDS[paper]), abs=0.05), path.name
        entry = manifest[path.name]
        assert entry["format"] == paper and entry["impression"]["lieu"] == "chez un imprimeur"
        if paper == "paperboard":
            assert entry["impression"]["orientation"] == "portrait"  # on its easel
        chars, w, h = chars_of(path)
        sizes = [c["size"] for c in chars]
        assert min(sizes) >= 24 - 0.01, (path.name, min(sizes), [c["text"] for c in chars if c["size"] < 24][:20])
        assert max(sizes) >= 48 - 0.01, path.name
        with pdfplumber.open(path) as pdf:
            every = pdf.pages[0].extract_words(extra_attrs=["size"])
        # The zone headings: larger than the body and the subtitle, smaller than the board's title.
        big = [w for w in every if 34 < w["size"] < max(x["size"] for x in every)]
        headings = [w["text"].replace("\u00a0", " ") for w in big if w["size"] <= 48 + 0.01]
        for title in ZONES:
            assert any(h.startswith(text_words(title)[0]) for h in headings), (path.name, title)
        title_words = set(text_words(" ".join(ZONES)))
        assert all(36 - 0.01 <= w["size"] <= 48 + 0.01 for w in big if set(text_words(w["text"])) <= title_words), path.name
        margin = 5 * PT_PER_MM
        for c in chars:
            assert margin <= c["x0"] and c["x1"] <= w - margin and margin <= c["top"] and c["bottom"] <= h - margin, (path.name, c["text"])
        assert embedded_font_problems(path) == []


def overlap(a, b) -> bool:
    return a[0] < b[0] + b[2] - 0.01 and b[0] < a[0] + a[2] - 0.01 and a[1] < b[1] + b[3] - 0.01 and b[1] < a[1] + a[3] - 0.01


CARDS = {"poker": (63, 88), "tarot": (70, 120)}
ZONE_KEYS = ("porteur", "acteur", "partiel", "trouver")
WITH_HOLDERS = ("acteur", "partiel")


def check_board_zones(path, cards: int, card: str, manifest_entry: dict) -> None:
    """Measured in the PDF: four zones; in each, numbered steps for every card of the phase (its
    competences and the « à ajouter » cards), each step 12–18 mm high and a card wide, the last card
    whole inside its zone; three write-in cells (≥ 60 × 12 mm) beside each step of the zones naming
    holders, none beside the others; no two steps or cells overlap. The manifest says the same."""
    cw, ch = CARDS[card]
    zones = board_zones(path, list(ZONE_KEYS))
    assert set(manifest_entry["places"]) == set(ZONE_KEYS), path.name
    assert manifest_entry["acteurs_par_carte"] >= 3
    for zone in ZONE_KEYS:
        drawn = zones[zone]
        box, slots = drawn.frame, sorted(drawn.steps, key=lambda b: (b[0], b[1]))
        assert len(slots) >= cards and manifest_entry["places"][zone] == len(slots), (path.name, zone, len(slots), cards)
        assert len(drawn.cells) == (3 * len(slots) if zone in WITH_HOLDERS else 0), (path.name, zone)
        for i, (x, y, w, h) in enumerate(slots):
            assert w >= cw and 12 <= h <= 18, (path.name, zone, i, w, h)
            assert box[0] <= x and x + w <= box[0] + box[2] and box[1] < y and y + ch <= box[1] + box[3], (path.name, zone, i)
            assert any(n == i + 1 and x < nx < x + w and abs(ny - (y + h / 2)) < h / 4 for n, nx, ny in drawn.numbers), (path.name, zone, i)
            beside = [c for c in drawn.cells if y - 0.5 <= c[1] and c[1] + c[3] <= y + h + 0.5 and c[0] >= x + w]
            if zone in WITH_HOLDERS:
                near = sorted(beside)[:3]
                assert len(near) == 3, (path.name, zone, i)
                for cx, cy, cw_, ch_ in near:
                    assert cw_ >= 60 and ch_ >= 12 - 0.05 and cx + cw_ <= box[0] + box[2], (path.name, zone, i, cw_, ch_)
        every = sorted(slots + drawn.cells)
        for i, a in enumerate(every):
            assert not any(overlap(a, b) for b in every[i + 1 : i + 8]), (path.name, a)


@pytest.mark.parametrize("config, card", [("territoire", "poker"), ("generique", "poker"), ("a2", "poker"), ("a1", "tarot")])
def test_every_zone_holds_every_card(posters, config, card):
    ref = load_referentiel()
    atelier = load_atelier(HAUT_VALLON, ref) if config == "territoire" else None
    vue = merge_atelier(ref, atelier)
    manifest = {f["fichier"]: f for f in load_manifest(posters[config])["fichiers"]}
    for path in boards(posters[config]):
        numero = int(path.stem.rsplit("-", 1)[1])
        cards = len(next(p for p in vue.phases if p.numero == numero).competences) + 4
        check_board_zones(path, cards, card, manifest[path.name])


def test_a_thirty_card_phase_has_its_board(tmp_path):
    """A referential whose phase 2 has 30 competences: its board (A0 by « auto ») takes the 30 cards
    and the 4 to add in every zone, with the same write-in cells; its tiles are made too."""
    import yaml

    data = yaml.safe_load((EXEMPLES.parent / "referentiel.yaml").read_text(encoding="utf-8"))
    phase = next(p for p in data["phases"] if p["numero"] == 2)
    base = phase["competences"][0]
    phase["competences"] += [
        {**base, "id": f"C2-{n:02d}", "texte": f"Compétence générée numéro {n}, assez longue pour deux lignes sur la carte"}
        for n in range(len(phase["competences"]) + 1, 31)
    ]
    assert len(phase["competences"]) == 30
    source = tmp_path / "referentiel.yaml"
    source.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    out = tmp_path / "out"
    result = run_cli("affiches", "--referentiel", str(source), "--sortie", str(out), "--phases", "2")
    assert result.returncode == 0, result.stderr
    entry = next(f for f in load_manifest(out)["fichiers"] if f["fichier"] == "affiche-phase-2.pdf")
    assert entry["format"] == "a0"
    check_board_zones(out / "affiche-phase-2.pdf", 34, "poker", entry)
    assert (out / "affiche-phase-2-tuiles-a3.pdf").is_file()


def test_the_tiles_rebuild_the_board(posters):
    """A1 board tiled onto A3: numbered tiles (row, column), assembly order, the board's text on them
    at its printed size; only the tile labels (in the top margin, cut off) are smaller."""
    folder = posters["territoire"]
    for path in boards(folder):
        tiles = folder / path.name.replace(".pdf", "-tuiles-a3.pdf")
        reader = pypdf.PdfReader(tiles)
        manifest = load_manifest(folder)
        entry = next(f for f in manifest["fichiers"] if f["fichier"] == tiles.name)
        n = entry["tuiles"]
        assert len(reader.pages) == n + 1  # the assembly plan, then the tiles
        assert n == entry["lignes"] * entry["colonnes"] and n <= 16  # an A0 board: 12 A3 sheets
        assert entry["impression"]["lieu"] == "en tuiles au bureau"
        plan_words = words_of_page(tiles, 0)
        assert is_subsequence(text_words("plan d’assemblage"), plan_words)
        assert is_subsequence(text_words("Posez-les dans l’ordre de leur numéro,"), plan_words)
        board_text = [c["text"] for c in chars_of(path)[0]]
        with pdfplumber.open(tiles) as pdf:
            drawn_lines = [page.lines for page in pdf.pages]
        seen = []
        for i, page in enumerate(reader.pages[1:], start=1):
            size = sorted((mm(float(page.mediabox.width)), mm(float(page.mediabox.height))))
            assert size == pytest.approx([297, 420], abs=0.05)
            chars, w, h = chars_of(tiles, i)
            label = [c for c in chars if c["bottom"] <= 14 * PT_PER_MM and c["size"] < 24]  # the label margin
            row, col = (i - 1) // entry["colonnes"] + 1, (i - 1) % entry["colonnes"] + 1
            assert f"Tuile {i} sur {n} · ligne {row}, colonne {col}".replace(" ", "") in "".join(c["text"] for c in label)
            on_board = [c for c in chars if c not in label]
            assert all(c["size"] >= 24 - 0.01 for c in on_board), (tiles.name, i, min(c["size"] for c in on_board))
            # The label clear of what an office printer leaves blank (the outer 6 mm; the board is clipped at 7 mm).
            edge = 6.5 * PT_PER_MM
            printed_label = [c for c in label if c["top"] >= 0]  # not the board's text clipped above the sheet
            assert printed_label and all(edge <= c["x0"] and c["x1"] <= w - edge and edge <= c["top"] for c in printed_label), (tiles.name, i)
            seen += [c["text"] for c in on_board]
            # The cut lines along the left margin (7 mm) and the top one (14 mm, under the label), past
            # the first column and row: they reach 5 mm into the margin, where the board is clipped away.
            long_lines = [(mm(l["x0"]), mm(l["top"]), mm(l["x1"]), mm(l["bottom"])) for l in drawn_lines[i] if max(l["width"], l["height"]) > 100 * PT_PER_MM]
            left_cut = [l for l in long_lines if abs(l[0] - 7) < 0.1 and abs(l[2] - 7) < 0.1 and abs(l[1] - 9) < 0.1]
            top_cut = [l for l in long_lines if abs(l[1] - 14) < 0.1 and abs(l[3] - 14) < 0.1 and abs(l[0] - 2) < 0.1]
            assert (len(left_cut), len(top_cut)) == (int(col > 1), int(row > 1)), (tiles.name, i)
        # Every character of the board is on some tile (the overlap strips show some twice).
        from collections import Counter

        missing = Counter(board_text) - Counter(seen)
        assert not missing, (tiles.name, missing)


def words_of_page(path, index):
    with pdfplumber.open(path) as pdf:
        return [p for w in pdf.pages[index].extract_words() for p in re.split(r"[\s\u00a0]+", w["text"]) if p]


ZONES = ("Porteur de projet", "Acteur du territoire", "En partie / à vérifier", "À trouver")
STATUSES = ("« porteur de projet »", "« détenue »", "« partielle ou à vérifier »", "« à trouver »")


@pytest.mark.parametrize("numero", [1, 2, 3, 4])
def test_phase_board_says_what_to_do(posters, numero):
    ref = load_referentiel()
    phase = ref.phase(numero)
    path = posters["generique"] / f"affiche-phase-{numero}.pdf"
    found = words(path)
    assert is_subsequence(text_words(f"Phase {numero} — {phase.nom}"), found)
    for zone, status in zip(ZONES, STATUSES):  # each zone, then the worksheet status it stands for
        assert is_subsequence(text_words(zone) + ["Fiche", ":"] + text_words(status), found), zone
    assert is_subsequence(text_words("Posez chaque carte dans sa zone, en cascade"), found)
    assert is_subsequence(text_words("un acteur par case, écrit au feutre."), found)
    for note in phase.notes:
        assert is_subsequence(text_words(note), found)
    text = " ".join(found)
    assert "Attention : Point" not in text.replace("\u00a0", " ")
    assert "--" not in text and "ateliers " not in text  # no command-line term on paper


def test_board_title_never_ends_a_line_on_an_article(posters):
    """« Phase 4 — Le fonctionnement » stays on one line; when a title must break, not after « Le »."""
    for path in boards(posters["generique"]) + boards(posters["a2"]):
        with pdfplumber.open(path) as pdf:
            lines = pdf.pages[0].extract_text_lines()
        for line in lines:
            last = line["text"].replace("\u00a0", " ").split(" ")[-1]
            assert last.lower() not in {"le", "la", "les", "l’", "un", "une", "de", "du", "des", "d’", "à", "au", "aux"}, (path.name, line["text"])


def test_footer_on_one_line(posters):
    for path in boards(posters["territoire"]) + small_posters(posters["territoire"]):
        chars, w, h = chars_of(path)
        foot = [c for c in chars if "Source" in "".join(x["text"] for x in chars)]
        with pdfplumber.open(path) as pdf:
            lines = pdf.pages[0].extract_text_lines()
        source = [l for l in lines if "Source" in l["text"]]
        assert len(source) == 1, path.name
        line = source[0]
        assert "2027" in line["text"] and "100" in line["text"], (path.name, line["text"])
        assert not [l for l in lines if l["top"] > line["bottom"] + 0.5], (path.name, "texte sous le pied")
        assert foot


def test_phase_board_with_workshop_file(posters):
    found = words(posters["territoire"] / "affiche-phase-2.pdf")
    assert is_subsequence(text_words("Communauté de communes du Haut-Vallon"), found)
    assert is_subsequence(text_words("jeudi 18 mars 2027"), found)


def test_overview_has_four_phases_and_24_summary_items(posters):
    ref = load_referentiel()
    found = words(posters["generique"] / "affiche-vue-ensemble.pdf")
    for phase in ref.phases:
        assert is_subsequence(text_words(phase.nom), found)
        for etape in phase.etapes:
            assert is_subsequence(text_words(etape.texte), found), etape.id
    items = ref.elements_resume
    assert len(items) == 24
    for item in items:
        assert is_subsequence(text_words(item.texte), found), item.id
    for groupe in ref.resume:
        assert is_subsequence(text_words(groupe.nom), found)
    assert is_subsequence(text_words(ref.phase(3).notes[0]), found)  # test and launch overlap


def test_event_poster(posters):
    ref = load_referentiel()
    atelier = load_atelier(HAUT_VALLON, ref)
    path = posters["territoire"] / "affiche-evenement.pdf"
    found = words(path)
    for text in (atelier.territoire, date_fr(atelier.date), atelier.lieu, atelier.structure_porteuse):
        assert is_subsequence(text_words(text), found), text
    assert is_subsequence(text_words("Qui, sur notre territoire, détient ces compétences"), found)
    assert "9" in found  # heure de début
    assert is_subsequence(text_words("Inscription et questions"), found)
    # The facts are read from two metres: 24 pt at least.
    table_words = {w for w in text_words(atelier.lieu + " " + atelier.structure_porteuse + " Quand Où")}
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        foot = float(page.height) - 25 * PT_PER_MM  # the credit line, read at arm's length
        small = [w["text"] for w in page.extract_words(extra_attrs=["size"]) if w["size"] < 24 - 0.01 and w["top"] < foot]
    assert not table_words & set(small), small


def test_event_poster_has_no_large_empty_block(posters):
    """Rasterised, the largest blank rectangle inside the margins is under a tenth of the page
    (the poster it replaces left about 30 % blank above its shapes)."""
    for folder in (posters["territoire"], posters["nb"]):
        assert largest_empty_block(folder / "affiche-evenement.pdf") < 0.10


def test_event_poster_line_joins_the_retained_phases_only(posters):
    """The phases' line runs from the first retained phase to the last, never past it."""
    for config, first, last in (("territoire", "L’émergence", "fonctionnement"), ("deux-phases", "L’émergence", "test")):
        with pdfplumber.open(posters[config] / "affiche-evenement.pdf") as pdf:
            page = pdf.pages[0]
            line = max((r for r in page.rects if r["height"] < 6 and r["width"] > 50), key=lambda r: r["width"])
            found = page.extract_words()
        a = next(w for w in found if w["text"] == first and w["top"] > line["top"])
        b = next(w for w in found if w["text"] == last and w["top"] > line["top"])
        assert a["x0"] < line["x0"] < a["x1"], config  # starts under the first phase's name
        assert b["x0"] < line["x1"] < b["x1"] + 25, config  # ends at the last one's (its name may be « Le test »)


def test_event_poster_qr_code_encodes_the_registration_address(posters):
    """The printed QR code, read back module by module from the raster, is the code of the
    workshop file's « inscription » address."""
    import pypdfium2 as pdfium
    import segno

    ref = load_referentiel()
    target = load_atelier(HAUT_VALLON, ref).inscription
    path = posters["territoire"] / "affiche-evenement.pdf"
    reader = pypdf.PdfReader(path)
    dest = reader.named_destinations["qr"]
    height = float(reader.pages[0].mediabox.height)
    left, top = float(dest["/Left"]), height - float(dest["/Top"])
    expected = segno.make(target, error="m", micro=False).matrix
    border, n = 2, len(expected)
    size_pt = 40 * PT_PER_MM
    module = size_pt / (n + 2 * border)
    dpi = 300
    pdf = pdfium.PdfDocument(str(path))
    image = pdf[0].render(scale=dpi / 72).to_pil().convert("L")
    pdf.close()
    k = dpi / 72
    for row in range(n):
        for col in range(n):
            x = (left + (border + col + 0.5) * module) * k
            y = (top + (border + row + 0.5) * module) * k
            dark = image.getpixel((round(x), round(y))) < 128
            assert dark == bool(expected[row][col]), (row, col)


def test_black_and_white_posters_have_no_colour(posters):
    for path in posters["nb"].glob("affiche-*.pdf"):
        assert coloured_pixels(path, dpi=20) == [], path.name
    assert coloured_pixels(posters["generique"] / "affiche-phase-1.pdf", dpi=20)


def test_date_in_french():
    import datetime as dt

    assert date_fr(dt.date(2027, 3, 18)) == "jeudi 18 mars 2027"
    assert date_fr(dt.date(2027, 10, 1)) == "vendredi 1er octobre 2027"


def test_overfull_board_fails_naming_the_poster(tmp_path):
    text = HAUT_VALLON.read_text(encoding="utf-8").replace(
        "competences_ajoutees:\n",
        "competences_ajoutees:\n"
        + "".join(
            f"  - phase: 2\n    texte: Compétence locale numéro {i} décrite assez longuement pour occuper deux lignes sur l’affiche murale\n"
            for i in range(90)
        ),
    )
    atelier = tmp_path / "atelier.yaml"
    atelier.write_text(text, encoding="utf-8")
    result = run_cli("affiches", "--atelier", str(atelier), "--sortie", str(tmp_path / "out"), "--phases", "2")
    assert result.returncode == 2
    assert "affiche-phase-2.pdf" in result.stderr and "A0" in result.stderr
    assert "Traceback" not in result.stderr
    assert not list((tmp_path / "out").glob("affiche-*.pdf"))


# ---------------------------------------------------------------- accessibility (tagged PDF/UA-1)


def test_every_poster_and_tile_sheet_is_tagged_in_french(posters):
    """Boards, tiles, overview and event poster, in every configuration (black and white too):
    structure tree, MarkInfo, fr-FR, a title shown, every painted thing tagged or an artifact."""
    for name, folder in posters.items():
        for path in sorted(folder.glob("*.pdf")):
            assert tag_problems(path) == [], (name, path.name)


def test_board_is_read_in_the_order_it_is_seen(posters):
    """Title first, the four zones from left to right, each zone's numbered places in order (column
    by column, top to bottom), the foot last."""
    order = reading_order(posters["territoire"] / "affiche-phase-1.pdf")
    assert order[0]["type"] == "H1"
    zone_starts = [o for prev, o in zip([{"type": ""}] + order, order) if o["type"] == "H2" and prev["type"] != "H2"]
    assert len(zone_starts) == 4
    assert [o["x0"] for o in zone_starts] == sorted(o["x0"] for o in zone_starts)
    segments, current = [], []
    for o in order:
        if o["type"] == "H2":
            if current:
                segments.append(current)
            current = []
        elif o["text"].strip().isdigit():  # a place's number
            current.append((round(o["x0"]), round(o["top"]), int(o["text"])))
    segments.append(current)
    assert len(segments) == 4 and all(segments)
    for places in segments:
        assert [n for _, _, n in places] == list(range(1, len(places) + 1))
        assert [(x, y) for x, y, _ in places] == sorted((x, y) for x, y, _ in places)  # column by column, top to bottom
    assert order[-1]["top"] == max(o["top"] for o in order)  # the foot


def test_event_poster_reads_top_down_and_its_qr_code_says_where_it_goes(posters):
    path = posters["territoire"] / "affiche-evenement.pdf"
    order = reading_order(path)
    assert order[0]["type"] == "H1"
    assert all(b["top"] >= a["top"] - 1 for a, b in zip(order, order[1:]))
    assert [o["type"] for o in order if o["type"] in ("TH", "TD")][:2] == ["TH", "TD"]
    assert figures_alt(path) == ["Code QR vers la page d’inscription https://www.haut-vallon.fr/atelier-conciergerie"]
