"""Posters: open the PDFs the real command wrote and check size, text, legibility, colour."""

from __future__ import annotations

import re

import pdfplumber
import pypdf
import pytest

from ateliers import load_atelier, load_referentiel, merge_atelier
from ateliers.posters import date_fr

from conftest import EXEMPLES, run_cli
from pdfcheck import PT_PER_MM, coloured_pixels, embedded_font_problems, mm

SIZES = {"a3": (297, 420, 1.0), "a2": (420, 594, 2**0.5), "a1": (594, 841, 2.0)}
HAUT_VALLON = EXEMPLES / "cc-haut-vallon.yaml"


@pytest.fixture(scope="session")
def posters(tmp_path_factory):
    made = {}
    for name, args in {
        "generique": [],
        "territoire": ["--atelier", str(HAUT_VALLON)],
        "a2": ["--format", "a2", "--phases", "2"],
        "a1": ["--format", "a1", "--phases", "3"],
        "nb": ["--noir-et-blanc", "--atelier", str(HAUT_VALLON)],
    }.items():
        folder = tmp_path_factory.mktemp(f"affiches-{name}")
        result = run_cli("affiches", "--sortie", str(folder), *args)
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
    assert (posters["territoire"] / "affiche-evenement.pdf").is_file()


@pytest.mark.parametrize("config, fmt", [("generique", "a3"), ("territoire", "a3"), ("a2", "a2"), ("a1", "a1"), ("nb", "a3")])
def test_page_size_and_legibility(posters, config, fmt):
    width, height, scale = SIZES[fmt]
    for path in sorted(posters[config].glob("affiche-*.pdf")):
        reader = pypdf.PdfReader(path)
        assert len(reader.pages) == 1, path.name
        page = reader.pages[0]
        assert mm(float(page.mediabox.width)) == pytest.approx(width, abs=0.05)
        assert mm(float(page.mediabox.height)) == pytest.approx(height, abs=0.05)
        with pdfplumber.open(path) as pdf:
            chars = [c for c in pdf.pages[0].chars if c["text"].strip()]
            w, h = float(pdf.pages[0].width), float(pdf.pages[0].height)
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


@pytest.mark.parametrize("numero", [1, 2, 3, 4])
def test_phase_board_has_every_step_and_competence(posters, numero):
    ref = load_referentiel()
    phase = ref.phase(numero)
    found = words(posters["generique"] / f"affiche-phase-{numero}.pdf")
    for item in phase.etapes + phase.competences:
        assert is_subsequence(text_words(item.texte), found), item.id
    for competence in phase.competences:
        assert competence.id in found
    for note in phase.notes:
        assert is_subsequence(text_words(note), found)
    assert is_subsequence(text_words(f"Phase {numero} — {phase.nom}"), found)
    for legend in ("Portée par le porteur de projet", "Détenue par un acteur du territoire", "À trouver"):
        assert is_subsequence(text_words(legend), found)


def test_phase_board_with_workshop_file(posters):
    ref = load_referentiel()
    vue = merge_atelier(ref, load_atelier(HAUT_VALLON, ref))
    found = words(posters["territoire"] / "affiche-phase-2.pdf")
    for competence in vue.phases[1].competences:
        assert is_subsequence(text_words(competence.texte), found), competence.id
    assert "C2-T01" in found
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
    found = words(posters["territoire"] / "affiche-evenement.pdf")
    for text in (atelier.territoire, date_fr(atelier.date), atelier.lieu, atelier.structure_porteuse):
        assert is_subsequence(text_words(text), found), text
    assert is_subsequence(text_words("Qui, sur notre territoire, détient ces compétences"), found)
    assert "9" in found  # heure de début


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
            for i in range(30)
        ),
    )
    atelier = tmp_path / "atelier.yaml"
    atelier.write_text(text, encoding="utf-8")
    result = run_cli("affiches", "--atelier", str(atelier), "--sortie", str(tmp_path / "out"), "--phases", "2")
    assert result.returncode == 2
    assert "affiche-phase-2.pdf" in result.stderr and "--format a2" in result.stderr
    assert "Traceback" not in result.stderr
    assert not list((tmp_path / "out").glob("affiche-*.pdf"))
