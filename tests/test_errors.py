"""Invalid input: one French message naming the file and the line, exit status 2."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ateliers import ValidationFailed, load_atelier, load_referentiel
from ateliers.errors import InputError

from conftest import ROOT, run_cli

REF_TEXT = (ROOT / "referentiel.yaml").read_text(encoding="utf-8")


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line of the n-th line containing ``needle``."""
    found = [i + 1 for i, line in enumerate(text.splitlines()) if needle in line]
    return found[occurrence - 1]


def mutate(tmp_path: Path, old: str, new: str, count: int = 1, name: str = "ref.yaml") -> tuple[Path, str]:
    assert old in REF_TEXT, old
    text = REF_TEXT.replace(old, new, count)
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path, text


def refused(path: Path, **kw) -> ValidationFailed:
    with pytest.raises(ValidationFailed) as info:
        load_referentiel(path, **kw)
    return info.value


def assert_names_line(error: Exception, filename: str, line: int) -> None:
    message = str(error)
    assert filename in message
    assert re.search(rf"\bligne {line}\b", message), message


def test_misspelt_key_names_its_line(tmp_path):
    path, text = mutate(tmp_path, "    competences:\n", "    competence:\n")
    error = refused(path)
    assert_names_line(error, "ref.yaml", line_of(text, "    competence:"))
    assert "competence" in str(error) and "competences" in str(error)  # suggests the right key
    # One mistake, one message (not « missing » plus « unknown »).
    assert len(error.problems) == 1


def test_unknown_key_anywhere(tmp_path):
    path, text = mutate(tmp_path, "  auteurs:\n", "  auteur:\n")
    error = refused(path)
    assert_names_line(error, "ref.yaml", line_of(text, "  auteur:"))
    assert "clé inconnue « auteur »" in str(error)


def test_yaml_syntax_error(tmp_path):
    path, text = mutate(tmp_path, 'nom: Le test', 'nom: Le test: ou pas')
    error = refused(path)
    assert_names_line(error, "ref.yaml", line_of(text, "Le test: ou pas"))
    assert "syntaxe YAML" in str(error)


def test_tab_indentation(tmp_path):
    path, text = mutate(tmp_path, "  - numero: 2\n    nom", "  - numero: 2\n\tnom")
    error = refused(path)
    assert_names_line(error, "ref.yaml", line_of(text, "\tnom"))
    assert "tabulation" in str(error)


def test_wrong_type(tmp_path):
    path, text = mutate(tmp_path, "numero: 2", "numero: deux")
    error = refused(path)
    assert_names_line(error, "ref.yaml", line_of(text, "numero: deux"))
    assert "nombre entier" in str(error)


def test_list_expected(tmp_path):
    path, text = mutate(tmp_path, "ids_retires: []", "ids_retires: C1-99")
    error = refused(path)
    assert_names_line(error, "ref.yaml", line_of(text, "ids_retires: C1-99"))
    assert "liste" in str(error)


def test_missing_required_field(tmp_path):
    path, text = mutate(tmp_path, '      - id: E2-03\n        texte: "Définition du modèle économique, du fonctionnement de la phase test"\n', "      - id: E2-03\n")
    error = refused(path)
    assert_names_line(error, "ref.yaml", line_of(text, "id: E2-03"))
    assert "« texte »" in str(error)


def test_duplicate_id(tmp_path):
    path, text = mutate(tmp_path, "id: C2-05", "id: C2-04")
    error = refused(path)
    assert_names_line(error, "ref.yaml", line_of(text, "id: C2-04", 2))
    assert "C2-04" in str(error) and "déjà utilisé" in str(error)
    assert f"ligne {line_of(text, 'id: C2-04', 1)}" in str(error)


def test_id_not_matching_its_phase(tmp_path):
    path, text = mutate(tmp_path, "id: C2-05", "id: C3-55")
    error = refused(path)
    assert_names_line(error, "ref.yaml", line_of(text, "id: C3-55"))


def test_malformed_id(tmp_path):
    path, text = mutate(tmp_path, "id: C2-05", "id: competence-5")
    error = refused(path)
    assert_names_line(error, "ref.yaml", line_of(text, "id: competence-5"))
    assert "C2-07" in str(error)  # shows the expected form


def test_retired_id_not_reused(tmp_path):
    path, text = mutate(tmp_path, "ids_retires: []", "ids_retires: [C2-05]")
    error = refused(path)
    assert_names_line(error, "ref.yaml", line_of(text, "id: C2-05"))
    assert "retiré" in str(error)


@pytest.mark.parametrize("empty", ['""', '"   "', ""])
def test_empty_text(tmp_path, empty):
    path, text = mutate(tmp_path, 'texte: "Mobilisation des collectivités"', f"texte: {empty}")
    error = refused(path)
    assert_names_line(error, "ref.yaml", line_of(text, "id: E1-04") + 1)
    assert "vide" in str(error)


def test_phase_number_gap(tmp_path):
    path, text = mutate(tmp_path, "  - numero: 3\n", "  - numero: 5\n")
    error = refused(path)
    assert_names_line(error, "ref.yaml", line_of(text, "numero: 5"))
    assert "il manque la phase 3" in str(error)


def test_phase_number_duplicate(tmp_path):
    path, text = mutate(tmp_path, "  - numero: 3\n", "  - numero: 2\n")
    error = refused(path)
    assert_names_line(error, "ref.yaml", line_of(text, "numero: 2", 2))
    assert "deux fois" in str(error)


def test_duplicate_key(tmp_path):
    path, text = mutate(tmp_path, "  - numero: 2\n    nom: Le test\n", "  - numero: 2\n    nom: Le test\n    nom: Le test bis\n")
    error = refused(path)
    assert_names_line(error, "ref.yaml", line_of(text, "nom: Le test bis"))
    assert "deux fois" in str(error)


def test_missing_file(tmp_path):
    with pytest.raises(InputError) as info:
        load_referentiel(tmp_path / "absent.yaml")
    assert "absent.yaml" in str(info.value) and "introuvable" in str(info.value)


def test_not_utf8(tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes(REF_TEXT.replace("L'émergence", "L'émergence").encode("utf-8").replace("é".encode(), b"\xe9"))
    error = refused(path)
    first = next(i for i, line in enumerate(REF_TEXT.splitlines()) if "é" in line) + 1
    assert_names_line(error, "latin1.yaml", first)
    assert "UTF-8" in str(error)


def test_bom_and_crlf_are_fine(tmp_path):
    path = tmp_path / "windows.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + REF_TEXT.replace("\n", "\r\n").encode("utf-8"))
    assert len(load_referentiel(path).competences) == 64


def test_python_tags_refused(tmp_path):
    path = tmp_path / "evil.yaml"
    path.write_text("titre: !!python/object/apply:os.system ['echo pwned']\n", encoding="utf-8")
    error = refused(path)
    assert_names_line(error, "evil.yaml", 1)
    assert "étiquette" in str(error)


def test_alias_bomb_bounded(tmp_path):
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 9):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [{', '.join(['*' + prev] * 9)}]")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    error = refused(path)
    assert "alias" in str(error)


@pytest.mark.parametrize("depth", [100, 100_000])
def test_nesting_too_deep_is_refused_in_words(tmp_path, depth):
    """Lists nested a hundred deep reach the depth bound (the line said, the path shortened); a
    hundred thousand deep overflow the YAML parser itself: refused alike, never « erreur interne »."""
    path = tmp_path / "deep.yaml"
    path.write_text("territoire: " + "[" * depth + "]" * depth + "\n", encoding="utf-8")
    error = refused(path)
    assert "imbrication trop profonde" in str(error)
    if depth == 100:
        assert_names_line(error, "deep.yaml", 1)
        assert "… 60 niveaux …" in str(error) and str(error).count("élément") < 10


# ---------------------------------------------------------------- workshop files

ATELIER = """\
territoire: Pays de Test
date: 2027-01-15
heure_debut: "9:30"
acteurs:
  - nom: Mairie de Test
    type: collectivité
competences_ajoutees:
  - phase: 2
    texte: Une compétence locale
"""


def write(tmp_path: Path, text: str, name: str = "atelier.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_atelier_valid(tmp_path, referentiel):
    atelier = load_atelier(write(tmp_path, ATELIER), referentiel)
    assert atelier.territoire == "Pays de Test"
    assert atelier.heure_debut.hour == 9 and atelier.heure_debut.minute == 30


@pytest.mark.parametrize(
    "old, new, needle, expected",
    [
        ("territoire: Pays de Test\n", "", "territoire", "« territoire »"),
        ("    type: collectivité", "    type: mairie", "type: mairie", "mairie"),
        ("date: 2027-01-15", "date: 31/02/2027", "date:", "n’existe pas"),
        ("date: 2027-01-15", "date: demain", "date:", "AAAA-MM-JJ"),
        ('heure_debut: "9:30"', "heure_debut: midi", "heure_debut", "9h30"),
        ("  - phase: 2", "  - phase: 7", "phase: 7", "n’existe pas"),
        ("competences_ajoutees:", "competence_ajoutees:", "competence_ajoutees", "competences_ajoutees"),
        ("    texte: Une compétence locale", "    texte: Une compétence locale\n    id: C3-T01", "id: C3-T01", "phase 2"),
        ("acteurs:", "logo: absent.png\nacteurs:", "logo:", "introuvable"),
    ],
)
def test_atelier_errors_name_the_line(tmp_path, referentiel, old, new, needle, expected):
    assert old in ATELIER
    text = ATELIER.replace(old, new)
    path = write(tmp_path, text)
    with pytest.raises(ValidationFailed) as info:
        load_atelier(path, referentiel)
    message = str(info.value)
    assert expected in message, message
    if needle == "territoire":
        assert "ligne 1" in message
    else:
        assert_names_line(info.value, "atelier.yaml", line_of(text, needle))


def test_atelier_retained_phase_unknown(tmp_path, referentiel):
    text = ATELIER + "phases_retenues: [1, 6]\n"
    with pytest.raises(ValidationFailed) as info:
        load_atelier(write(tmp_path, text), referentiel)
    assert_names_line(info.value, "atelier.yaml", line_of(text, "phases_retenues"))
    assert "phase 6" in str(info.value)


def test_logo_not_an_image(tmp_path, referentiel):
    (tmp_path / "logo.png").write_text("pas une image", encoding="utf-8")
    (tmp_path / "dossier.png").mkdir()
    for logo, expected in (("logo.png", "n’est pas une image"), ("dossier.png", "n’est pas un fichier")):
        text = ATELIER + f"logo: {logo}\n"
        with pytest.raises(ValidationFailed) as info:
            load_atelier(write(tmp_path, text), referentiel)
        assert expected in str(info.value)
        assert_names_line(info.value, "atelier.yaml", line_of(text, "logo:"))


def test_cli_error_exit_status_and_no_traceback(tmp_path):
    path, text = mutate(tmp_path, "    competences:\n", "    competence:\n")
    result = run_cli("valider", str(path))
    assert result.returncode == 2
    assert f"ligne {line_of(text, '    competence:')}" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert result.stderr.startswith("Erreur")


def test_cli_debug_shows_traceback(tmp_path):
    path, _ = mutate(tmp_path, "    competences:\n", "    competence:\n")
    result = run_cli("--debug", "valider", str(path))
    assert result.returncode == 2
    assert "Traceback" in result.stderr
