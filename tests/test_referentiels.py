"""Any referential: a workshop file names its own, and nothing printed names the source's field."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader

from ateliers import api
from ateliers.errors import AteliersError, ValidationFailed
from ateliers.entrees.loading import load_atelier, load_referentiel

from conftest import EXEMPLES, run_cli

pytestmark = pytest.mark.lent  # builds kits, decks, posters or syntheses

TIERS_LIEUX = EXEMPLES / "tiers-lieux"
REF = TIERS_LIEUX / "referentiel-tiers-lieux.yaml"
ATELIER = TIERS_LIEUX / "atelier-val-de-brenne.yaml"
# The source's field, in every form it could leak into an output.
FORBIDDEN = ("conciergerie", "cap rural", "cress", "quatre phases", "4 phases")


def _copy_example(tmp_path: Path) -> tuple[Path, Path]:
    folder = tmp_path / "tiers-lieux"
    shutil.copytree(TIERS_LIEUX, folder)
    return folder / REF.name, folder / ATELIER.name


def _texts(path: Path):
    """Every text an output carries: a PDF's page text and metadata, an Office file's XML, a text file."""
    if path.suffix == ".pdf":
        reader = PdfReader(path)
        yield " ".join(page.extract_text() or "" for page in reader.pages)
        yield " ".join(str(v) for v in (reader.metadata or {}).values())
    elif path.suffix in (".docx", ".xlsx"):
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                if name.endswith((".xml", ".rels")):
                    yield archive.read(name).decode("utf-8")
    elif path.suffix in (".html", ".json", ".csv", ".gexf", ".md", ".txt"):
        yield path.read_text(encoding="utf-8-sig")


def _leaks(folder: Path) -> list[str]:
    found = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        for text in _texts(path):
            folded = " ".join(text.casefold().split())
            found += [f"{path.name}: « {word} »" for word in FORBIDDEN if word in folded]
    return found


def test_the_example_referential_is_marked_as_an_illustration():
    ref = load_referentiel(REF)
    assert len(ref.phases) == 3 and [g.id for g in ref.resume] == ["R-POS", "R-OUT", "R-VIG"]
    assert "illustration" in ref.titre and "non officiel" in ref.source.credit
    assert "EXEMPLE D’ILLUSTRATION" in REF.read_text(encoding="utf-8")


def test_nouveau_names_the_referential_and_lists_its_phases(tmp_path):
    ref_path, _ = _copy_example(tmp_path)
    target = tmp_path / "ateliers" / "atelier-pays.yaml"
    target.parent.mkdir()
    result = run_cli("nouveau", "Pays de Brenne", "--referentiel", str(ref_path), "--sortie", str(target))
    assert result.returncode == 0, result.stderr
    text = target.read_text(encoding="utf-8")
    assert 'referentiel: "../tiers-lieux/referentiel-tiers-lieux.yaml"' in text
    assert "  - 3  # L’ouverture et la vie du lieu" in text and "  - 4" not in text
    assert "émergence" not in text and "quatre" not in text
    # Every command then uses it with no further option.
    result = run_cli("valider", "--atelier", str(target))
    assert result.returncode == 0, result.stderr
    assert "version 0.1-exemple" in result.stdout and "3 phases" in result.stdout
    atelier = load_atelier(target, load_referentiel(ref_path))
    assert atelier.referentiel == ref_path.resolve()


def test_without_the_key_the_embedded_referential(tmp_path):
    target = tmp_path / "atelier.yaml"
    api.new_workshop("Pays de Test", target)
    text = target.read_text(encoding="utf-8")
    assert "# referentiel: " in text and "\nreferentiel:" not in text
    assert "  - 4  # Le fonctionnement" in text
    assert api.validate(atelier=target).referentiel.version == "1.0"


def test_a_missing_named_referential_is_named_with_its_line(tmp_path):
    target = tmp_path / "atelier.yaml"
    target.write_text('territoire: "X"\n\nreferentiel: "absent.yaml"\n', encoding="utf-8")
    with pytest.raises(ValidationFailed) as caught:
        api.validate(atelier=target)
    problem = caught.value.problems[0]
    assert problem.location.ligne == 3 and "absent.yaml" in problem.message and "introuvable" in problem.message
    target.write_text('territoire: "X"\nreferentiel: "fiche.docx"\n', encoding="utf-8")
    with pytest.raises(ValidationFailed) as caught:
        api.validate(atelier=target)
    assert "ateliers importer" in caught.value.problems[0].conseil


def test_an_explicit_other_referential_is_refused(tmp_path):
    _, atelier = _copy_example(tmp_path)
    with pytest.raises(AteliersError) as caught:
        api.validate(atelier=atelier, referentiel=Path(api.__file__).parent.parent / "referentiel.yaml")
    assert "nomme le référentiel" in caught.value.message


def _fill(sheet: Path, target: Path) -> None:
    document = Document(sheet)
    table = document.tables[0]
    rows = {r.cells[0].text: r for t in document.tables for r in t.rows}
    cells = rows["C1-01"].cells
    cells[2].text, cells[5].text = "Mairie de Saint-Brenne", "détenue"
    cells = rows["C2-03"].cells
    cells[2].text, cells[5].text = "Centre social intercommunal", "partielle"
    table.rows[-1].cells[1].text = "Tenir une buvette associative"
    table.rows[-1].cells[2].text = "Comité des fêtes"
    document.save(target)


def test_whole_kit_and_synthesis_of_another_referential_never_name_the_source_field(tmp_path):
    _, atelier = _copy_example(tmp_path)
    out = tmp_path / "kit"
    report = api.kit(atelier=atelier, sortie=out, workers=1)  # no referential given: the file names it
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["referentiel"]["version"] == "0.1-exemple"
    assert sorted(p.name for p in out.glob("affiche-phase-?.pdf")) == ["affiche-phase-1.pdf", "affiche-phase-2.pdf", "affiche-phase-3.pdf"]  # and their tiles
    # The field's own words come from the referential.
    event = " ".join(PdfReader(out / "affiche-evenement.pdf").pages[0].extract_text().split())
    assert "Faire vivre un tiers-lieu demande des compétences" in event
    guide = next(out.glob("guide-animation*.docx"))
    guide_text = " ".join(p.text for p in Document(guide).paragraphs)
    assert "un projet de tiers-lieu a besoin de compétences" in guide_text
    assert "test et lancement" not in guide_text
    assert "tiers-lieu" in (PdfReader(out / "cartes-competences.pdf").metadata or {}).get("/Keywords", "")
    assert report.rebuilt
    # Up to date until the named referential changes (its bytes are part of the kit's fingerprint).
    from ateliers.kit.build import unchanged
    from ateliers.options import KitOptions

    assert unchanged(None, atelier, out, KitOptions()) is not None

    sheet = next(out.glob("fiche-competences-*.docx"))
    filled = tmp_path / "groupe-a.docx"
    _fill(sheet, filled)
    synthesis = api.synthesis(atelier, [filled], sortie=out)
    assert synthesis.synthesis.proposed
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert "tiers-lieu" in package["description"] and "1 L’amorçage" in json.dumps(package, ensure_ascii=False)
    assert (out / "synthese.csv").is_file()
    assert _leaks(out) == []
    named = atelier.parent / REF.name
    named.write_text(named.read_text(encoding="utf-8").replace("Savoir passer le relais", "Savoir passer la main"), encoding="utf-8")
    assert unchanged(None, atelier, out, KitOptions()) is None


def test_the_leak_check_sees_the_source_field(tmp_path):
    """The check above can fail: the embedded referential's event poster names its field."""
    report = api.posters(atelier=EXEMPLES / "cc-haut-vallon.yaml", sortie=tmp_path, phases=[1], options=api.poster_options(tuiles=None))  # the event poster is the point
    assert report.outputs
    assert any("conciergerie" in leak for leak in _leaks(tmp_path))
