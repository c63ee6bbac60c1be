"""A dense workshop (80 actors with long names, two or three a competence, one status per
actor line), typed in Word, Excel, Calc and CSV: the synthesis is never refused, and every
typed actor, with its own status, is in every output; its posters for the wall (A1 here, and
the map at A2) print every text at 24 pt or more, the A3 map handout at 12 pt or more."""

from __future__ import annotations

import csv
import io
import json
import re

import networkx as nx
import openpyxl
import pdfplumber
import pytest
from docx import Document

from dense_cases import dense_rows, expected, synthesise_files, write_csv, write_docx, write_ods, write_xlsx
from pdfcheck import flat, labels_found, overlaps

pytestmark = pytest.mark.lent  # builds kits, decks, posters or syntheses

PT_PER_MM = 72 / 25.4


@pytest.fixture(scope="module")
def dense(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dense")
    rows = dense_rows(80, 90)
    parts = [rows[:25], rows[25:50], rows[50:70], rows[70:]]
    sheets = [
        write_docx(folder / "groupe-a.docx", parts[0]), write_xlsx(folder / "groupe-b.xlsx", parts[1]),
        write_ods(folder / "groupe-c.ods", parts[2]), write_csv(folder / "groupe-d.csv", parts[3]),
    ]  # fmt: skip
    from ateliers.synthese.maillage import MaillageOptions

    result, files = synthesise_files(folder, sheets, MaillageOptions.for_every_poster("a1"))  # both on the wall
    return rows, result, files


def pdf_text(data: bytes, min_pt: float) -> str:
    text = ""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            assert min(c["size"] for c in page.chars) >= min_pt - 0.01
            assert overlaps(page.extract_words()) == []
            text += page.extract_text()
    return flat(text)


def test_every_actor_with_its_own_status_in_the_csv(dense):
    rows, result, files = dense
    assert not result.unrecognised  # « détenue⏎partielle », « détenue⏎détenue »: all understood
    typed = expected(rows)
    assert len({a for a, _ in typed}) == 80
    read = {(r["Acteur"], r["N°"]): r["Statut"] for r in csv.DictReader(io.StringIO(files["synthese.csv"].decode("utf-8-sig")), delimiter=";") if r["Acteur"]}
    assert read == typed
    # A competence whose actors differ keeps each one's status (never all « partielle »).
    mixed = [i for i, holders in rows if {s for _, _, s in holders} >= {"détenue", "partielle"}]
    assert mixed and all(result.competences[i].couverture() != "partielle" for i in mixed)


def test_every_actor_with_its_own_status_in_the_mesh_exports(dense):
    rows, _, files = dense
    typed = expected(rows)
    wb = openpyxl.load_workbook(io.BytesIO(files["synthese.xlsx"]), read_only=True)
    assert {(r[0], r[1]): r[2] for r in list(wb["Liens"].iter_rows(values_only=True))[1:]} == typed
    g = nx.read_gexf(io.BytesIO(files["synthese.gexf"]))
    edges = {(g.nodes[a]["label"], c) if g.nodes[a]["kind"] == "acteur" else (g.nodes[c]["label"], a): d["status"] for a, c, d in g.edges(data=True)}
    assert edges == typed
    page = files["synthese-maillage.html"].decode("utf-8")
    data = json.loads(re.search(r'<script[^>]*id="donnees"[^>]*>(.*?)</script>', page, re.S).group(1))
    nom = {k: v["nom"] for k, v in data["acteurs"].items()}
    assert {(nom[l["a"]], l["c"]): l["statut"] for l in data["liens"]} == typed
    document = Document(io.BytesIO(files["synthese.docx"]))
    annuaire = flat(" ".join(c.text for t in document.tables for r in t.rows for c in r.cells))
    assert all(flat(a) in annuaire for a, _ in typed)


WALL_PT = 24.0  # read from 2 m (affiches.mural.READ_FROM_2M_PT)


def test_map_and_mesh_name_everyone_legibly(dense):
    rows, result, files = dense
    typed = expected(rows)
    carte = pdf_text(files["synthese-carte.pdf"], WALL_PT)  # A1, on the wall: never under 24 pt
    names = {name for name, _ in typed}
    assert labels_found(files["synthese-carte.pdf"], names, WALL_PT) == names  # one actor a line in its cell
    assert labels_found(files["synthese-maillage.pdf"], names, WALL_PT) == names
    maillage = pdf_text(files["synthese-maillage.pdf"], WALL_PT)
    for c in result.competences.values():
        assert flat(c.id) in carte and flat(c.id) in maillage


# The wall (A1, ≥ 24 pt) is the dense fixture itself: test_map_and_mesh_name_everyone_legibly.
@pytest.mark.parametrize(("fmt", "floor", "usage"), [("a3", 12.0, "document à distribuer")])
def test_the_map_at_the_wall_and_in_hand(dense, fmt, floor, usage):
    """The same dense map on A2, for the wall (≥ 24 pt, its title 68 pt), and on A3, a
    handout (≥ 12 pt): every actor a label, every competence, each page saying what it is for."""
    from ateliers.entrees.inputs import prepare
    from ateliers.kit.parts import renderer_for
    from ateliers.options import PosterOptions
    from ateliers.synthese.outputs import synthesis_map
    from maillage_cases import HAUT_VALLON

    rows, result, _ = dense
    data, pages = synthesis_map(result, renderer_for(prepare(None, HAUT_VALLON, None)), PosterOptions(format=fmt))
    names = {name for name, _ in expected(rows)}
    assert labels_found(data, names, floor) == names
    text = pdf_text(data, floor)
    assert all(flat(c.id) in text for c in result.competences.values())
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) == pages > len(result.vue.phases)  # dense phases take several pages: never refused
        for page in pdf.pages:
            assert flat(usage) in flat(page.extract_text())
            words = page.extract_words(extra_attrs=["size"])
            assert max(w["size"] for w in words) >= (48.0 if fmt == "a3" else 67.0)  # the phase's title


def test_the_map_flows_onto_pages_of_its_phase(dense):
    _, result, files = dense
    phases = len(result.vue.phases)
    with pdfplumber.open(io.BytesIO(files["synthese-carte.pdf"])) as pdf:
        assert len(pdf.pages) > phases  # dense phases take several pages: never refused
        heads = [" ".join(page.extract_text().split())[:400] for page in pdf.pages]
    numbered = [h for h in heads if re.search(r"page \d+ sur \d+", h)]
    pages = [tuple(int(x) for x in re.search(r"page (\d+) sur (\d+)", h).groups()) for h in numbered]
    assert pages and all(1 <= k <= n for k, n in pages) and any(k == n > 1 for k, n in pages)


def test_one_format_for_every_synthesis_poster():
    from ateliers.synthese.maillage import MaillageOptions
    from maillage_cases import SESSION_1, built

    _, files, _ = built(SESSION_1, options=MaillageOptions.for_every_poster("a2"))
    with pdfplumber.open(io.BytesIO(files["synthese-carte.pdf"])) as carte, pdfplumber.open(io.BytesIO(files["synthese-maillage.pdf"])) as maillage:
        assert {(round(p.width / PT_PER_MM), round(p.height / PT_PER_MM)) for p in carte.pages} == {(420, 594)}
        assert {(round(p.width / PT_PER_MM), round(p.height / PT_PER_MM)) for p in maillage.pages} == {(594, 420)}
        assert min(c["size"] for p in carte.pages + maillage.pages for c in p.chars) >= WALL_PT - 0.01  # both for the wall
    default = MaillageOptions.for_every_poster(None)
    assert (default.carte, default.format) == ("a3", "a3") == (MaillageOptions().carte, MaillageOptions().format)  # handouts unless the wall is asked
