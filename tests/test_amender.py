"""``ateliers amender``: the territories' proposals become a draft next version, never accepted silently."""

from __future__ import annotations

import shutil

import pytest
from docx import Document

from ateliers import api
from ateliers.synthese.amending import next_version
from ateliers.errors import InputError
from ateliers.entrees.loading import load_referentiel

from conftest import EXEMPLES, run_cli

pytestmark = pytest.mark.lent  # builds kits, decks, posters or syntheses

TIERS_LIEUX = EXEMPLES / "tiers-lieux"


def _synthesis(tmp_path, territoire: str, proposals: list[tuple[str, str]]):
    """A territory's synthesis on the example referential: one sub-group wrote ``proposals``
    (text, actor) on the blank rows under phase 2's competences."""
    folder = tmp_path / territoire
    shutil.copytree(TIERS_LIEUX, folder)
    atelier = folder / "atelier-val-de-brenne.yaml"
    text = atelier.read_text(encoding="utf-8").replace("Communauté de communes du Val de Brenne", territoire)
    atelier.write_text(text, encoding="utf-8")
    out = folder / "sortie"
    api.worksheets(atelier=atelier, sortie=out)
    sheet = next(out.glob("fiche-competences-*.docx"))
    document = Document(sheet)
    table = next(t for t in document.tables if any(r.cells[0].text == "C2-01" for r in t.rows))
    blanks = [r for r in table.rows if not r.cells[0].text.strip() and not r.cells[1].text.strip()]
    assert len(blanks) >= len(proposals)
    for row, (texte, acteur) in zip(blanks, proposals):
        row.cells[1].text, row.cells[2].text = texte, acteur
    filled = folder / "groupe.docx"
    document.save(filled)
    api.synthesis(atelier, [filled], sortie=out)
    return out / "synthese.csv"


def test_draft_next_version(tmp_path):
    a = _synthesis(tmp_path, "Pays de Brenne", [("Tenir une buvette associative", "Comité des fêtes"), ("Animer un repair café", "")])
    b = _synthesis(tmp_path, "Vallée du Cher", [("Tenir une buvette associative", "Foyer rural")])
    ref_path = TIERS_LIEUX / "referentiel-tiers-lieux.yaml"
    target = tmp_path / "projet.yaml"
    result = api.amend_referentiel(ref_path, [a, b.parent], target)
    draft = load_referentiel(target)  # passes « ateliers valider »
    assert draft.version == "0.2-exemple" == result.version
    before = load_referentiel(ref_path)
    phase2 = {c.id: c.texte for c in draft.phase(2).competences}
    # The territory's own added competence (C2-T01) and the two proposals, once each, next free ids.
    added = {p.texte: p.new_id for p in result.ajoutees}
    assert set(added) == {"Tenir une buvette associative", "Animer un repair café", "Négocier le prêt de matériel avec les associations voisines"}
    assert sorted(added.values()) == ["C2-09", "C2-10", "C2-11"]
    assert all(phase2[i] == t for t, i in added.items())
    # Everything else is unchanged, and the file's own comments are kept.
    assert [c.texte for c in draft.phase(1).competences] == [c.texte for c in before.phase(1).competences]
    text = target.read_text(encoding="utf-8")
    assert "EXEMPLE D’ILLUSTRATION" in text and text.count("# PROPOSÉE") == 3 and "PROJET de version 0.2-exemple" in text
    # The change list says where each proposal came from.
    changes = result.changements.read_text(encoding="utf-8")
    block = changes[changes.index("« Tenir une buvette associative »") :].split("\n- **")[0]
    assert "Pays de Brenne" in block and "Vallée du Cher" in block and "groupe.docx" in block
    assert "Comité des fêtes" in block and "Foyer rural" in block
    assert "ajoutée par le fichier d’atelier" in changes
    # Never overwritten without --forcer.
    with pytest.raises(InputError):
        api.amend_referentiel(ref_path, [a], target)


def test_cli_and_ids_after_retired(tmp_path):
    a = _synthesis(tmp_path, "Pays de Brenne", [("Tenir une buvette associative", "")])
    ref = tmp_path / "ref.yaml"
    text = (TIERS_LIEUX / "referentiel-tiers-lieux.yaml").read_text(encoding="utf-8").replace("ids_retires: []", "ids_retires: [C2-12]")
    ref.write_text(text, encoding="utf-8")
    result = run_cli("amender", str(ref), str(a), "--sortie", str(tmp_path / "v2.yaml"), "--version", "2.0")
    assert result.returncode == 0, result.stderr
    assert "C2-13" in result.stdout and "PROPOSÉE" in result.stdout
    assert load_referentiel(tmp_path / "v2.yaml").version == "2.0"
    assert (tmp_path / "v2-changements.md").is_file()


def test_next_version():
    assert next_version("1.0") == "1.1" and next_version("2") == "3" and next_version("v1.9") == "v1.10"
    assert next_version("brouillon") == "brouillon-2"
