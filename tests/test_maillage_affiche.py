"""synthese-maillage.pdf measured from the PDF: page, character sizes (an A3 handout ≥ 10 pt,
an A2 or A1 wall poster ≥ 24 pt, its headings ≥ 36 pt), labels that never overlap, and the
same graph as synthese.csv."""

from __future__ import annotations

import io
import json

import pdfplumber
import pytest

from maillage_cases import SESSION_1, SESSION_2, built, csv_graph, synthesise_rows
from pdfcheck import flat, labels_in, overlaps
from tagcheck import figures_alt, reading_order, structure, tag_problems, word_problems, xlsx_problems

pytestmark = pytest.mark.lent  # builds kits, decks, posters or syntheses

PT_PER_MM = 72 / 25.4


HANDOUT_PT, WALL_PT, WALL_HEADING_PT = 10.0, 24.0, 36.0


@pytest.fixture(scope="module")
def session():
    from ateliers.synthese.maillage import MaillageOptions

    return built(SESSION_1, options=MaillageOptions(format="a3"))  # a handout: laid out on its own page


def test_overlap_detector_detects():
    a = {"text": "a", "x0": 0, "x1": 10, "top": 0, "bottom": 5}
    assert overlaps([a, {"text": "b", "x0": 5, "x1": 12, "top": 3, "bottom": 8}]) == [("a", "b")]
    assert overlaps([a, {"text": "c", "x0": 11, "x1": 12, "top": 0, "bottom": 5}]) == []


def layout_of(result):
    from ateliers.synthese.maillage import build_maillage
    from ateliers.synthese.maillage.layout import layout_maillage

    return layout_maillage(build_maillage(result), 420.0, 297.0)


def test_a3_legible_and_no_label_overlaps_another(session):
    _, files, _ = session
    with pdfplumber.open(io.BytesIO(files["synthese-maillage.pdf"])) as pdf:
        assert len(pdf.pages) == 1
        page = pdf.pages[0]
        assert (round(page.width / PT_PER_MM), round(page.height / PT_PER_MM)) == (420, 297)
        assert min(c["size"] for c in page.chars) >= HANDOUT_PT - 0.01
        words = page.extract_words()
        assert len(words) > 300
        assert overlaps(words) == []
        # Every character inside the page, outside the printer's 5 mm dead margin.
        margin = 5 * PT_PER_MM
        assert all(margin <= c["x0"] and c["x1"] <= page.width - margin and margin <= c["top"] and c["bottom"] <= page.height - margin for c in page.chars)


def test_an_actor_cited_only_for_checking_says_so(session):
    """The Office de tourisme was cited for C1-04 with a « ? », the Atelier vélo only for the
    competence its group proposed: their blocks say so (« 1 à vérifier », « 1 proposée »), never
    « 0 compétence : » followed by nothing; an actor who holds some keeps its count."""
    _, files, _ = session
    with pdfplumber.open(io.BytesIO(files["synthese-maillage.pdf"])) as pdf:
        text = flat(pdf.pages[0].extract_text())
    assert flat("Office de tourisme 1 à vérifier") in text and flat("Atelier vélo 1 proposée") in text
    assert flat("0 compétence") not in text
    assert flat("Vallon Services (SCIC) 3 compétences :") in text
    # The interactive page says the same when the actor is chosen (its data, as JSON in the page).
    assert '"mesure": ' + json.dumps("1\u00a0à\u00a0vérifier") in files["synthese-maillage.html"].decode()


def test_poster_graph_is_the_csv_graph(session):
    result, files, _ = session
    coverage, actors, links = csv_graph(files["synthese.csv"])
    d = layout_of(result)
    with pdfplumber.open(io.BytesIO(files["synthese-maillage.pdf"])) as pdf:
        page = pdf.pages[0]
        # Each label the layout placed is printed there, whole.
        for t in d.texts:
            if not t.ref or ":" in t.ref[2:]:
                continue
            box = (t.x * PT_PER_MM - 1, t.y * PT_PER_MM - 1, (t.x + t.width) * PT_PER_MM + 1, (t.y + t.height) * PT_PER_MM + 1)
            text = " ".join(page.within_bbox(box).extract_text().split())
            expected = " ".join((t.lead + " " + " ".join(t.lines)).split())
            assert text == expected, (t.ref, text, expected)
        # Link paths: stroked and unfilled, one per reading (the legend's samples are straight lines).
        stroked = [c for c in page.curves if c.get("stroke") and not c.get("fill")]
        assert len(stroked) == len(links)
        words = {w["text"] for w in page.extract_words()}
    nodes = {t.ref[2:] for t in d.texts if t.ref.startswith("C:") and ":" not in t.ref[2:]}
    assert nodes == {c for _, c in links}
    from ateliers.synthese.maillage import build_maillage

    m = build_maillage(result)
    names = {m.acteur(t.ref.removeprefix("acteur:")).nom for t in d.texts if t.ref.startswith("acteur:") and t.style == "acteur"}
    assert names == actors
    drawn = {(m.acteur(c.acteur).nom, c.competence): c.style for c in d.curves if c.competence}
    assert drawn == links
    # Missing competences are listed apart, by id.
    assert {i for i, cov in coverage.items() if cov == "manquante"} <= words


def test_same_input_same_drawing(session, tmp_path):
    result, files, _ = session
    assert layout_of(result) == layout_of(result)
    from ateliers.synthese.maillage import MaillageOptions

    _, again, _ = synthesise_rows(tmp_path, SESSION_1, None, MaillageOptions(format="a3"))
    assert again["synthese-maillage.pdf"] == files["synthese-maillage.pdf"]


def test_a3_black_and_white():
    from ateliers.synthese.maillage import MaillageOptions

    _, files, _ = built(SESSION_1, options=MaillageOptions(format="a3", noir_et_blanc=True))
    with pdfplumber.open(io.BytesIO(files["synthese-maillage.pdf"])) as pdf:
        page = pdf.pages[0]
        assert (round(page.width / PT_PER_MM), round(page.height / PT_PER_MM)) == (420, 297)
        assert min(c["size"] for c in page.chars) >= 10.0 - 0.01  # laid out on its own page: 10 pt printed
        assert overlaps(page.extract_words()) == []
        colours = [c["non_stroking_color"] for c in page.chars] + [o.get("stroking_color") for o in page.curves + page.rects] + [o.get("non_stroking_color") for o in page.curves + page.rects]
        for colour in colours:
            values = list(colour) if isinstance(colour, (list, tuple)) else [colour] if colour is not None else []
            assert len(set(values)) <= 1 or len(values) == 4 and values[:3] == [0, 0, 0], colour  # grey levels only


def test_before_after_drawn_and_listed():
    from ateliers.synthese.maillage import MaillageOptions

    _, files, _ = built(SESSION_2, SESSION_1, MaillageOptions(format="a3"))
    with pdfplumber.open(io.BytesIO(files["synthese-maillage.pdf"])) as pdf:
        page = pdf.pages[0]
        text = " ".join(page.extract_text().split())
        thick = [c for c in page.curves if c.get("stroke") and not c.get("fill") and c["linewidth"] > 1.5]
        assert len(thick) == 2  # the two new links of Office de tourisme, drawn thicker
        assert "+ C1-02 Office de tourisme" in text and "− C3-01 Banque alimentaire" in text
        assert "lien nouveau depuis la synthèse précédente" in text


def big_mesh(n_actors: int):
    """``n_actors`` actors each holding one to three of the referential's competences."""
    import random

    from ateliers import load_referentiel
    from ateliers.synthese.maillage.graph import TYPES, Lien, Maillage, MeshActeur, MeshCompetence

    ref = load_referentiel()
    rng = random.Random(7)
    ids = [c.id for p in ref.phases for c in p.competences]
    held = {i: [] for i in ids[:50]}
    acteurs = []
    for n in range(n_actors):
        key = f"acteur {n}"
        acteurs.append(MeshActeur(key, f"Association du village n° {n}", TYPES[n % len(TYPES)], (), ()))
        for i in rng.sample(sorted(held), rng.choice([1, 2, 3])):
            held[i].append(key)
    competences, liens = [], []
    for p in ref.phases:
        for c in p.competences:
            holders = tuple(held.get(c.id, []))
            competences.append(MeshCompetence(c.id, c.texte, p.numero, "manquante" if not holders else "fragile" if len(holders) == 1 else "couverte", holders))
            liens += [Lien(k, c.id, "détenue") for k in holders]
    return Maillage("Essai", {p.numero: p.nom for p in ref.phases}, competences, acteurs, liens)


def _poster_pages(m, fmt: str):
    from ateliers.kit.parts import renderer_for
    from ateliers.entrees.inputs import prepare
    from ateliers.synthese.maillage import MaillageOptions
    from ateliers.synthese.maillage.poster import mesh_poster

    from maillage_cases import HAUT_VALLON

    renderer = renderer_for(prepare(None, HAUT_VALLON, None))
    data, pages, drawings = mesh_poster(m, renderer, MaillageOptions(format=fmt), "Source : essai", "")
    return data, pages, drawings


# 20, 80 and 150 actors; the A3 handout (the default) at both ends, the wall at 80 (the dense
# synthesis of test_synthese_dense.py checks the A1 wall too).
@pytest.mark.parametrize(("n", "fmt"), [(20, "a3"), (150, "a3"), (80, "a2")])
def test_a_big_mesh_flows_onto_pages_legible_and_complete(n, fmt):
    """Never refused: the network on one page per phase (or more), its measures after it; every
    text ≥ 10 pt on an A3 handout, ≥ 24 pt on an A2 or A1 wall poster (its title ≥ 48 pt, the
    panel's headings ≥ 36 pt); no two words overlapping; every actor named as one label and
    every competence printed; each page says which page it is and what it is for."""
    from ateliers.synthese.maillage.options import MESH_FORMATS

    wall = fmt != "a3"
    floor = WALL_PT if wall else HANDOUT_PT
    m = big_mesh(n)
    data, pages, drawings = _poster_pages(m, fmt)
    assert pages == len(drawings) >= 1
    text, page_words = "", []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) == pages
        for k, page in enumerate(pdf.pages, start=1):
            assert (round(page.width / PT_PER_MM), round(page.height / PT_PER_MM)) == MESH_FORMATS[fmt]
            assert min(c["size"] for c in page.chars) >= floor - 0.01
            words = page.extract_words(extra_attrs=["size", "fontname"])
            assert overlaps(words) == []
            page_words.append(page.extract_words(extra_attrs=["size"]))  # a name's words, whatever font draws « ° »
            margin = 5 * PT_PER_MM  # the printer's dead margin: nothing clipped, nothing lost
            assert all(margin <= c["x0"] and c["x1"] <= page.width - margin and margin <= c["top"] and c["bottom"] <= page.height - margin for c in page.chars)
            page_text = page.extract_text()
            if wall:
                assert min(w["size"] for w in words if w["text"] == "maillage") >= 48.0 - 0.01  # the title
                assert all(w["size"] >= WALL_HEADING_PT - 0.01 for w in words if w["text"] == "Couverture")  # « Couverture par phase »
            if pages > 1:
                assert flat(f"page {k} sur {pages} ({'affiche murale' if wall else 'à distribuer'})") in flat(page_text)
            text += " " + page_text
    assert "Couverture par phase" in " ".join(text.split())
    names = {a.nom for a in m.acteurs}
    assert labels_in(page_words, names) == names
    printed = flat(text)
    for c in m.competences:  # held ones drawn, the others listed under the measures
        assert flat(c.id) in printed, c.id


def test_synthesis_files_are_accessible(session):
    """The synthesis map and the mesh poster tagged in French (the mesh drawing described in words),
    the synthesis in Word in French, the mesh workbook with its language."""
    folder = session[2]
    for name in ("synthese-carte.pdf", "synthese-maillage.pdf"):
        assert tag_problems(folder / name) == [], name
    (alt,) = figures_alt(folder / "synthese-maillage.pdf")
    assert "synthese.csv" in alt
    first = reading_order(folder / "synthese-maillage.pdf")[0]
    assert first["type"] == "H1" and first["text"].startswith("Le maillage des acteurs")
    kinds = structure(folder / "synthese-carte.pdf")
    assert "/H1" in kinds and "/Table" in kinds and "/TH" in kinds
    assert word_problems(folder / "synthese.docx") == []
    assert xlsx_problems(folder / "synthese.xlsx") == []
