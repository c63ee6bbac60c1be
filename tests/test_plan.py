"""The workshop plan: one model behind the guide, the contact sheet, the manifest and the print
checklist. They must agree with each other and with the files (pages counted in the PDFs)."""

from __future__ import annotations

import html.parser
import math
import re

import pypdf
import pytest
from docx import Document

from ateliers.cartes.imposition import RectoVerso, parse_card_format
from ateliers.entrees.inputs import prepare
from ateliers.kit.build import KitOptions, build_kit
from ateliers.options import CardOptions, PosterOptions
from ateliers.kit.plan import assign, make_plan

from conftest import EXEMPLES
from pdfcheck import load_manifest

pytestmark = pytest.mark.lent  # builds kits, decks, posters or syntheses

SAINT_AUBIN = EXEMPLES / "saint-aubin-villages.yaml"  # phases 1 and 2, 3 sub-groups


# ---------------------------------------------------------------- who works what


@pytest.mark.parametrize("groupes", range(1, 9))
@pytest.mark.parametrize("phases", [[1], [1, 2], [1, 2, 3], [1, 2, 3, 4], [2, 4]])
def test_every_phase_worked_and_every_group_busy(groupes, phases):
    groups = assign(phases, groupes)
    assert [g.numero for g in groups] == list(range(1, groupes + 1))
    worked = [p for g in groups for p in g.phases]
    assert set(worked) == set(phases)  # no phase left out
    assert all(g.phases for g in groups)  # no sub-group idle
    if groupes >= len(phases):
        assert all(len(g.phases) == 1 for g in groups)  # one phase each, in parallel
    else:
        assert max(len(g.phases) for g in groups) == math.ceil(len(phases) / groupes)
        assert sorted(worked) == sorted(phases)  # each phase once
    # One board per sub-group and phase it works, as many as the (group, phase) pairs.
    assert len(worked) == max(groupes, len(phases))


def test_first_print_says_landscape_when_the_cards_sheets_are():
    """A6 cards lie two by two on a landscape A4 sheet, and the calibration sheet with them: the
    guide's « À imprimer d'abord » says « en paysage » (a portrait print would not line up)."""
    import io

    from ateliers.kit.guide import worksheets_and_guide

    vue = prepare(None, SAINT_AUBIN).vue
    for card, landscape in (("a6", True), ("poker", False)):
        plan = make_plan(vue, CardOptions(format=parse_card_format(card)))
        assert plan.cartes_paysage is landscape
        assert next(o for o in plan.prints if o.path == "cartes-calibrage.pdf").printing.landscape is landscape
        guide = Document(io.BytesIO(worksheets_and_guide(vue, None, plan)[-1].data))
        [first] = [p.text for p in guide.paragraphs if p.text.startswith("Imprimez cartes-calibrage.pdf")]
        assert ("en paysage" in first) is landscape, first


def test_plan_counts_from_the_workshop_file():
    vue = prepare(None, SAINT_AUBIN).vue
    plan = make_plan(vue)
    assert plan.groupes == 3 and plan.participants == 15 and plan.phases == (1, 2)
    assert (plan.equipes(1), plan.equipes(2)) == (1, 2)  # the extra sub-group takes the largest phase
    assert plan.tableaux == 3 and plan.postits == 3 and plan.feutres == 15  # a block of post-its a sub-group
    assert plan.calibrage  # default: duplex on the long edge
    for mode in (RectoVerso.pliage, RectoVerso.non):
        plan = make_plan(vue, CardOptions(recto_verso=mode))
        assert not plan.calibrage and "cartes-calibrage.pdf" not in plan.fichiers
    assert "cartes-calibrage.pdf" not in make_plan(vue, CardOptions(imprimeur=True)).fichiers


# ---------------------------------------------------------------- the room at real scale


def _room(tmp_path, participants, added=None):
    """A workshop file for ``participants`` people (sub-groups from their number), with cards
    added to phases (``added``: phase → count) to make the phases uneven."""
    text = f"territoire: Salle de test\nnombre_participants: {participants}\n"
    if added:
        text += "competences_ajoutees:\n" + "".join(
            f"  - phase: {phase}\n    texte: Compétence ajoutée {i} de la phase {phase}\n" for phase, n in added.items() for i in range(n)
        )
    path = tmp_path / f"salle-{participants}.yaml"
    path.write_text(text, encoding="utf-8")
    return prepare(None, path).vue


def _agenda_from_guide(vue, plan):
    """The guide's timetable, read in the docx: {sequence: minutes}."""
    import io

    from ateliers.kit.guide import worksheets_and_guide as build_worksheets

    guide = Document(io.BytesIO(build_worksheets(vue, None, plan)[-1].data))
    rows = [[c.text.replace("\u00a0", " ") for c in r.cells] for t in guide.tables for r in t.rows]
    minutes = {}
    for row in rows:
        match = re.fullmatch(r"(\d+) h(?: (\d+))? – (\d+) h(?: (\d+))?", row[0])
        if match:
            h1, m1, h2, m2 = (int(g or 0) for g in match.groups())
            minutes[row[1]] = (h2 * 60 + m2) - (h1 * 60 + m1)
    text = "\n".join(p.text.replace("\u00a0", " ") for p in guide.paragraphs)
    return minutes, rows, text


@pytest.mark.parametrize(
    "participants, added",
    [(8, None), (40, None), (60, None), (40, {1: 14}), (60, {4: 9, 1: 3})],
)
def test_agenda_follows_the_cards_and_the_room(tmp_path, participants, added):
    vue = _room(tmp_path, participants, added)
    plan = make_plan(vue)
    cards = {p.numero: [c.id for c in p.competences] for p in vue.phases}
    # Every card of every phase is sorted by exactly one sub-group.
    sorted_ids = [i for g in plan.sous_groupes for lot in g.lots for i in lot.ids]
    assert sorted(sorted_ids) == sorted(i for ids in cards.values() for i in ids)
    # Extra sub-groups go to the largest phases: a split phase is never smaller than a whole one.
    split = {p for p in cards if plan.equipes(p) > 1}
    whole = set(cards) - split
    if plan.groupes > len(cards):
        assert split and min(len(cards[p]) for p in split) >= max((len(cards[p]) for p in whole), default=0)
    minutes, rows, text = _agenda_from_guide(vue, plan)
    # Sorting: about two minutes a card for the busiest sub-group (its phases one after the other).
    busiest = max(plan.sous_groupes, key=lambda g: sum(len(lot.ids) for lot in g.lots))
    count = sum(len(lot.ids) for lot in busiest.lots)
    # (ten minutes at most a phase for setting up and rounding)
    assert 2 * count <= minutes["Tri des cartes en sous-groupes"] <= 2 * count + 10 * len(busiest.lots)
    # Introductions: 30 seconds a person at least.
    assert minutes["Accueil"] >= participants / 2
    # Sharing: ten minutes a phase, and time to merge the boards of a split phase.
    merges = sum(plan.equipes(p) - 1 for p in cards)
    assert minutes["Mise en commun sur les tableaux des phases"] >= 10 * len(cards) + 5 * merges
    # The guide says who sorts which cards, the roles, the mid-point, how boards merge, and the closing.
    for group in plan.sous_groupes:
        row = next(r for r in rows if r[0] == f"Sous-groupe {group.numero}")
        for lot in group.lots:
            assert (f"cartes {lot.ids[0]} à {lot.ids[-1]}" if lot.parts > 1 else "toutes ses cartes") in row[1]
    for words in ("lecteur", "secrétaire", "gardien du temps", "Point à mi-parcours", "photographiez chaque tableau", "ramassez les fiches"):
        assert words in text, words
    assert ("Deux tableaux d’une même phase" in text) == bool(split)


def test_agenda_grows_with_the_room(tmp_path):
    small, large = (make_plan(_room(tmp_path, n)) for n in (8, 60))
    welcome_small, welcome_large = (next(s for s in p.deroule if s.titre == "Accueil").minutes for p in (small, large))
    assert welcome_large >= welcome_small + 20
    # 8 people, 1 sub-group: it sorts all the phases one after the other.
    tri = next(s for s in small.deroule if s.titre.startswith("Tri")).minutes
    assert small.groupes == 1 and tri >= 2 * sum(small.cartes.values())


def test_supplies_counted_from_the_cards(tmp_path):
    vue = _room(tmp_path, 40)
    plan = make_plan(vue)
    on_boards = sum(len(p.competences) for p in vue.phases)
    steps = sum(len(p.etapes) * plan.equipes(p.numero) for p in vue.phases)
    assert plan.cartes_triees == on_boards
    assert plan.postits == plan.groupes  # the names go in the boards' cells: post-its for a fourth holder or a correction
    assert plan.pate_pastilles >= on_boards + steps  # one pellet per card stuck on a board
    assert plan.pate_paquets * 80 >= plan.pate_pastilles


# ---------------------------------------------------------------- a real kit


class Tables(html.parser.HTMLParser):
    """Every table of index.html as rows of cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self.cell = []
        elif tag == "br" and self.cell is not None:
            self.cell.append(" · ")

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.tables[-1][-1].append(" ".join("".join(self.cell).replace("\u00a0", " ").split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


@pytest.fixture(scope="module")
def kit(tmp_path_factory):
    """Saint-Aubin's kit, cards printed on the short edge, progress recorded."""
    folder = tmp_path_factory.mktemp("plan") / "kit"
    options = KitOptions(CardOptions(recto_verso=RectoVerso.court), PosterOptions())
    calls: list[tuple[int, int, str]] = []
    report = build_kit(None, SAINT_AUBIN, folder, options, progress=lambda *call: calls.append(call), workers=1)
    assert report.rebuilt
    plan = make_plan(prepare(None, SAINT_AUBIN).vue, options.cartes, options.affiches)
    return folder, plan, calls


def test_progress_total_is_the_plan(kit):
    folder, plan, calls = kit
    total = len(plan.fichiers)
    assert {t for _, t, _ in calls} == {total}
    assert [d for d, _, _ in calls] == list(range(1, total + 1))  # one step per file, to the end
    assert sorted(label for _, _, label in calls) == sorted(plan.fichiers)
    written = {p.name for p in folder.iterdir() if p.is_file() and p.name != "manifest.json"}
    assert written == set(plan.fichiers)
    assert "cartes-calibrage.pdf" in written  # duplex: the calibration sheet is a step


def test_expected_prints_are_the_pdfs(kit):
    """What the guide was told before the decks existed is what was made: pages counted in
    the PDFs, each phase's cards on the pages said, settings and copies as recorded."""
    folder, plan, _ = kit
    entries = {f["fichier"]: f for f in load_manifest(folder)["fichiers"]}
    assert plan.prints
    for expected in plan.prints:
        reader = pypdf.PdfReader(folder / expected.path)
        assert len(reader.pages) == expected.pages, expected.path
        entry = entries[expected.path]
        assert entry["impression"] == expected.printing.as_json(), expected.path
        assert entry["exemplaires"] == plan.copies(expected), expected.path
        assert entry.get("description") == expected.purpose, expected.path  # the guide's « À quoi il sert »
        assert entry.get("phases", []) == [{"phase": p.phase, "pages": [p.first, p.last]} for p in expected.parts]
        for part in expected.parts if expected.kind.value == "cartes" else ():
            # Card ids are printed on the fronts: a phase's ids appear only on its pages.
            for number, page in enumerate(reader.pages, start=1):
                if re.search(rf"\b[CE]{part.phase}-\d\d\b", page.extract_text() or ""):
                    assert part.first <= number <= part.last, (expected.path, part, number)
    assert entries["cartes-competences.pdf"]["impression"]["faces"] == "court"


def test_paper_to_buy_agrees_everywhere(kit):
    """The guide's first page, index.html and the PDFs' own page counts give the same paper."""
    folder, plan, _ = kit
    index = Tables()
    index.feed((folder / "index.html").read_text(encoding="utf-8"))
    paper_index = [row for row in index.tables[0][1:]]
    guide = Document(next(folder.glob("guide-animation-*.docx")))
    paper_guide = [[c.text.replace("\u00a0", " ") for c in row.cells] for row in guide.tables[0].rows[1:]]
    assert paper_index == paper_guide
    sheets = {(row[0], row[1]): int(row[3]) for row in paper_index}

    # Independently, from the PDFs: card stock is each phase's pages for each sub-group working
    # it, the summary deck once, a sheet of cards to fill per sub-group, the calibration once.
    def duplex_sheets(first, last):
        return math.ceil(last / 2) - (first - 1) // 2

    entries = {f["fichier"]: f for f in load_manifest(folder)["fichiers"]}
    pages = {name: len(pypdf.PdfReader(folder / name).pages) for name in entries if name.endswith(".pdf")}
    card = 0
    for name in ("cartes-competences.pdf", "cartes-etapes.pdf"):
        for part in entries[name]["phases"]:
            card += duplex_sheets(*part["pages"]) * plan.equipes(part["phase"])
    card += math.ceil(pages["cartes-synthese.pdf"] / 2) + plan.groupes * math.ceil(pages["cartes-a-remplir.pdf"] / 2)
    card += math.ceil(pages["cartes-calibrage.pdf"] / 2)
    assert sheets[("Papier cartonné", "A4")] == card
    # Posters, from their PDFs' size: a board per sub-group and phase (on its phase's paper), the
    # overview (A1: 15 participants), three event posters (A3); the large formats at a print shop.
    # The boards' A3 tiles replace the boards at the office, they are not bought on top.
    by_size = {(594, 841): "A1", (841, 1189): "A0", (420, 594): "A2", (297, 420): "A3"}
    posters: dict[str, int] = {}
    for name, entry in entries.items():
        if name.startswith("affiche-") and "-tuiles-" not in name:
            box = pypdf.PdfReader(folder / name).pages[0].mediabox
            paper = by_size[tuple(sorted((round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4))))]
            copies = 3 if name == "affiche-evenement.pdf" else 1 if name == "affiche-vue-ensemble.pdf" else plan.equipes(entry["phases"][0]["phase"])
            posters[paper] = posters.get(paper, 0) + copies
    assert posters["A1"] >= 1 + 1 and posters["A3"] == 3
    for paper, n in posters.items():
        assert sheets[("Papier affiche" + (", chez un imprimeur" if paper != "A3" else ""), paper)] == n, paper


def test_copies_agree_everywhere(kit):
    folder, _, _ = kit
    manifest = {f["fichier"]: f for f in load_manifest(folder)["fichiers"]}
    index = Tables()
    index.feed((folder / "index.html").read_text(encoding="utf-8"))
    def name(cell: str) -> str:
        return cell.split(" (remplace ")[0]  # a board's office tiles name the board they replace

    settings_index = {name(row[0]): row[1] for row in index.tables[1][1:] if len(row) == 3}  # heading rows: one cell
    guide = Document(next(folder.glob("guide-animation-*.docx")))
    checklist = [[c.text.replace("\u00a0", " ") for c in row.cells] for row in guide.tables[1].rows[1:]]
    settings_guide = {name(row[0]): row[1] for row in checklist if row[0] != row[1]}  # heading rows span the table
    assert set(settings_index) == set(settings_guide) == {n for n, f in manifest.items() if "impression" in f}
    for name, copies in settings_index.items():
        assert copies == settings_guide[name], name
        if "·" not in copies and "pages" not in copies:
            assert int(copies) == manifest[name]["exemplaires"], name


def test_duplex_edge_is_the_one_chosen(kit):
    folder, _, _ = kit
    page = (folder / "index.html").read_text(encoding="utf-8").replace("\u00a0", " ")
    cards = re.search(r'<article[^>]*id="cartes-competences.pdf".*?</article>', page, re.S).group(0)
    assert "bord court" in cards and "bord long" not in cards
    # In the checklist, the cards' files sit under the short-edge setting.
    checklist = page[page.index('id="a-imprimer"') :]
    heading = checklist[: checklist.index('href="cartes-competences.pdf"')].rsplit('class="reglage"', 1)[1]
    assert "retournement sur le bord court" in heading
    guide = Document(next(folder.glob("guide-animation-*.docx")))
    first_page = "\n".join(p.text for p in guide.paragraphs[:12]) + "\n".join(
        c.text for t in guide.tables[:2] for r in t.rows for c in r.cells
    )
    assert "retournement sur le bord court" in first_page.replace("\u00a0", " ")


def test_guide_lists_who_works_what(kit):
    folder, plan, _ = kit
    guide = Document(next(folder.glob("guide-animation-*.docx")))
    rows = [[c.text for c in r.cells] for t in guide.tables for r in t.rows]
    groups = [row for row in rows if row[0].startswith("Sous-groupe ")]
    assert len(groups) == plan.groupes
    for group, row in zip(plan.sous_groupes, groups, strict=True):
        for phase in group.phases:
            assert plan.titres[phase] in row[1]
    text = "\n".join(p.text for p in guide.paragraphs)
    assert "reçoit les cartes de sa phase" in text


def test_guide_and_manifest_read_the_same_plan(kit):
    folder, plan, _ = kit
    recorded = load_manifest(folder)["plan"]
    assert recorded["participants"] == plan.participants
    assert [g["phases"] for g in recorded["sous_groupes"]] == [list(g.phases) for g in plan.sous_groupes]
    guide = Document(next(folder.glob("guide-animation-*.docx")))
    rows = [[c.text.replace("\u00a0", " ") for c in r.cells] for t in guide.tables for r in t.rows]
    for sequence in recorded["deroule"]:
        row = next(r for r in rows if r[1] == sequence["titre"])
        h1, m1, h2, m2 = (int(x or 0) for x in re.fullmatch(r"(\d+) h(?: (\d+))? – (\d+) h(?: (\d+))?", row[0]).groups())
        assert (h2 * 60 + m2) - (h1 * 60 + m1) == sequence["minutes"], sequence["titre"]
    supplies = {r[0]: r[1] for r in rows if len(r) == 3}
    assert supplies["Blocs de post-it 76 × 76 mm (100 feuilles)"] == str(recorded["fournitures"]["post_it_blocs"])
    putty = next(v for k, v in supplies.items() if k.startswith("Pâte adhésive"))
    assert putty == str(recorded["fournitures"]["pate_a_fixe_paquets"])


def test_pliage_and_formats_in_the_plan():
    """pliage: cards on one side, no calibration sheet; posters on the chosen size, the boards on
    their phase's paper (auto: phase 2 on A0, the others on A1)."""
    vue = prepare(None, None).vue
    options = CardOptions(format=parse_card_format("tarot"), recto_verso=RectoVerso.pliage)
    plan = make_plan(vue, options, PosterOptions("a2"))
    assert not plan.calibrage
    decks = [o for o in plan.prints if o.kind.value == "cartes"]
    assert all(o.printing.sides.value == "recto" for o in decks)
    posters = [o for o in plan.prints if o.kind.value == "affiche"]
    assert all(o.printing.paper == "A2" for o in posters if not o.path.startswith("affiche-phase-"))
    boards = [o for o in posters if o.path.startswith("affiche-phase-") and "tuiles" not in o.path]
    assert boards and all(o.printing.landscape and o.printing.place == "chez un imprimeur" for o in boards)  # wall boards: their own format
    assert {o.path: o.printing.paper for o in boards} == {"affiche-phase-1.pdf": "A1", "affiche-phase-2.pdf": "A0", "affiche-phase-3.pdf": "A1", "affiche-phase-4.pdf": "A1"}


def test_tiles_are_printed_instead_of_their_board_never_as_well():
    """With office tiles, the checklist buys paper for the boards or for the tiles, and names
    on each tile line the board it replaces."""
    from ateliers.kit.plan import checklist

    vue = prepare(None, SAINT_AUBIN).vue
    plan = make_plan(vue, CardOptions(), PosterOptions(tuiles="a3"))
    liste = checklist(plan, plan.prints)
    tiles = [line for line in liste.lignes if "-tuiles-" in line.fichier]
    boards = {line.fichier: line for line in liste.lignes if re.fullmatch(r"affiche-phase-\d\.pdf", line.fichier)}
    assert tiles and len(tiles) == len(boards)
    for line in tiles:
        assert line.variante_de in boards and line.fichier.startswith(line.variante_de.removesuffix(".pdf"))
    shop = sum(p.feuilles for p in liste.papier if p.lieu == "chez un imprimeur" and p.papier in ("A0", "A1"))
    overview = 1  # A1: 15 participants
    assert shop == sum(line.feuilles for line in boards.values()) + overview  # the boards, once
    assert all(line.output.printing.place == "chez un imprimeur" for line in boards.values())
    assert all(line.output.printing.place == "en tuiles au bureau" and "en tuiles au bureau" in line.reglages for line in tiles)
    assert sum(p.feuilles for p in liste.papier_variantes) == sum(line.feuilles for line in tiles)  # or the tiles
    assert all(p.papier == "A3" for p in liste.papier_variantes)
    a3 = sum(p.feuilles for p in liste.papier if p.papier == "A3")
    assert a3 == sum(line.feuilles for line in liste.lignes if line.output.printing.paper.startswith("A3") and not line.variante_de)
    # The guide says it as the checklist does.
    import io

    from ateliers.kit.guide import worksheets_and_guide as build_worksheets

    guide = Document(io.BytesIO(build_worksheets(vue, None, plan)[-1].data))
    cells = [c.text for t in guide.tables for r in t.rows for c in r.cells]
    assert any(c.startswith("affiche-phase-1-tuiles-a3.pdf") and "(remplace affiche-phase-1.pdf)" in c for c in cells)
    assert any("pour les tuiles (au lieu des tableaux)" in c for c in cells)
