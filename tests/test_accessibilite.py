"""Accessibility of the files written, in process and small: what the tagged PDF finisher does
(ateliers/pdf_tags.py), French Word files (ateliers/docx_lang.py), and the checkers of
tests/tagcheck.py shown to fail on files that lack what they check.

The kits' own files are checked where they are built: test_cartes, test_affiches,
test_kit, test_fiches, test_maillage_affiche.
"""

from __future__ import annotations

import base64
import io
import zipfile
from pathlib import Path

import pikepdf
import pytest

from ateliers.impression.render import Renderer
from ateliers.fichiers.resources import embedded

from tagcheck import figures_alt, structure, tag_problems, word_problems

CORPUS = Path(__file__).parent / "corpus"

def _png() -> str:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (2, 2), "#C0392B").save(buffer, "PNG")
    return base64.b64encode(buffer.getvalue()).decode()


# A small image, in the page as data (the fetcher allows data: URLs).
PIXEL = _png()

PAGE = f"""<!DOCTYPE html><html lang="fr-FR"><head><meta charset="utf-8"><title>Essai d’accessibilité</title></head>
<body><h1>Titre</h1><p>Un paragraphe.</p>
<ul><li>un</li><li>deux</li></ul>
<img src="data:image/png;base64,{PIXEL}" alt="">
<img src="data:image/png;base64,{PIXEL}" alt="Logo de la communauté de communes">
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" width="20" height="20"><circle cx="5" cy="5" r="4"/></svg>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" width="20" height="20"><title>Code QR vers le site</title><rect width="10" height="10"/></svg>
</body></html>"""
CSS = "@page { size: A5; margin: 10mm } body { font-family: sans-serif }"


@pytest.fixture(scope="module")
def renderer():
    return Renderer(embedded())


def write(tmp_path: Path, renderer: Renderer, name: str = "essai.pdf", html: str = PAGE) -> Path:
    path = tmp_path / name
    path.write_bytes(renderer.pdf(renderer.render(html, CSS)).data)
    return path


def test_tagged_pdf_has_structure_language_title_and_decorative_images_as_artifacts(tmp_path, renderer):
    path = write(tmp_path, renderer)
    assert tag_problems(path) == []
    kinds = structure(path)
    assert kinds[:2] == ["/Document", "/H1"] and "/P" in kinds and "/L" in kinds and "/LI" in kinds
    # alt="" and an SVG without title are decoration: no Figure; the others keep their text.
    assert figures_alt(path) == ["Logo de la communauté de communes", "Code QR vers le site"]
    with pikepdf.open(path) as pdf:
        assert str(pdf.Root.Lang) == "fr-FR"
        assert str(pdf.docinfo.Title) == "Essai d’accessibilité"
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle) and bool(pdf.Root.MarkInfo.Marked)
        assert b"pdfuaid:part" in pdf.Root.Metadata.read_bytes()
        images = 0
        for operands, operator in pikepdf.parse_content_stream(pdf.pages[0]):
            images += str(operator) == "Do"
        assert images >= 2


def test_tagged_pdf_is_the_same_bytes_run_to_run(tmp_path, renderer):
    assert write(tmp_path, renderer, "a.pdf").read_bytes() == write(tmp_path, Renderer(embedded()), "b.pdf").read_bytes()


def test_the_pdf_checker_fails_on_what_it_checks(tmp_path, renderer):
    untagged = tmp_path / "brut.pdf"
    plain = Renderer(embedded(), tagged=False)
    untagged.write_bytes(plain.pdf(plain.render(PAGE, CSS)).data)
    assert tag_problems(untagged) == ["brut.pdf : pas d’arbre de structure"]
    # A tagged file where a line is painted outside any tag or artifact.
    path = write(tmp_path, renderer)
    with pikepdf.open(path) as pdf:
        pdf.pages[0].contents_add(pdf.make_stream(b"0 0 m 10 10 l S"), prepend=False)
        del pdf.Root.Lang
        pdf.save(tmp_path / "abime.pdf")
    problems = tag_problems(tmp_path / "abime.pdf")
    assert "page 1 : « S » hors de tout balisage" in problems
    assert "langue None au lieu de fr-FR" in problems


def test_new_word_document_is_french_with_headings_and_header_rows(tmp_path):
    import datetime as dt

    from ateliers.fiches.docx_tools import add_row, add_table, new_document, to_bytes

    document = new_document()
    document.core_properties.title = "Essai"
    document.core_properties.author = "Communauté de communes"
    document.add_heading("Titre de la fiche", level=1)
    table = add_table(document, ["N°", "Compétence"], [20.0, 100.0])
    add_row(document, table, ["1", "Animer un réseau"], [20.0, 100.0])
    path = tmp_path / "essai.docx"
    path.write_bytes(to_bytes(document, dt.datetime(2027, 3, 18, tzinfo=dt.UTC)))
    assert word_problems(path) == []
    with zipfile.ZipFile(path) as archive:
        text = b"".join(archive.read(n) for n in archive.namelist() if n.endswith(".xml"))
    assert b"en-US" not in text and b'w:val="fr-FR"' in text


def test_word_checker_fails_on_a_file_made_elsewhere():
    problems = word_problems(next(CORPUS.glob("*.docx")))
    assert "pas de langue par défaut fr-FR (docDefaults)" in problems
    assert any(p.startswith("style ") for p in problems)
