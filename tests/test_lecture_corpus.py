"""The read-back corpus: worksheets filled by driving LibreOffice itself (tests/lecture_corpus/),
checked value by value. The files are committed with the generator that made them; one small
case is made again here, to prove the generator still works with the LibreOffice installed."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXEMPLES, ROOT

CORPUS = ROOT / "tests" / "lecture_corpus"
sys.path.insert(0, str(CORPUS))

from cases import CASES, REFUSED  # noqa: E402
from check import Tally, check_file  # noqa: E402

from ateliers.errors import InputError  # noqa: E402
from ateliers.lecture import read_worksheets  # noqa: E402

pytestmark = [pytest.mark.libreoffice, pytest.mark.lent]

FILES = CORPUS / "fichiers"
READ = sorted(n for n in CASES if n not in REFUSED)


@pytest.fixture(scope="module")
def vue():
    from ateliers.entrees.inputs import prepare

    return prepare(None, EXEMPLES / "cc-haut-vallon.yaml").vue


def assert_whole(tally: Tally) -> None:
    assert tally.typed > 0
    assert not tally.wrong, "attached elsewhere than typed:\n" + "\n".join(tally.wrong)
    assert not tally.absent, "in no output:\n" + "\n".join(tally.absent)
    assert not tally.leaked, "deleted, yet read:\n" + "\n".join(tally.leaked)
    assert tally.on_id + tally.in_notice == tally.typed


@pytest.mark.parametrize("name", READ)
def test_every_typed_value_comes_back(vue, name):
    tally = Tally()
    check_file(vue, FILES / name, tally)
    assert_whole(tally)


def test_tracked_changes_are_said(vue):
    for name in ("suivi.docx", "suivi.odt"):
        sheets = read_worksheets(vue, [FILES / name])
        assert [n.where for n in sheets.notices if "modifications suivies" in n.what] == [name]
    assert not any("modifications suivies" in n.what for n in read_worksheets(vue, [FILES / "rempli.docx"]).notices)


def test_split_table_continues(vue):
    sheets = read_worksheets(vue, [FILES / "scinde.docx"])
    [notice] = [n for n in sheets.notices if "sans ligne de titres" in n.what]
    assert notice.where == "scinde.docx, tableau 2"
    assert {r.competence for r in sheets.readings if r.row.tableau == "tableau 2"} >= {"C1-06", "C1-07", "C1-10"}


def test_merged_cells_name_the_rows(vue):
    for name in ("fusions.docx", "fusions.odt"):
        sheets = read_worksheets(vue, [FILES / name])
        wheres = {n.where for n in sheets.notices}
        assert f"{name}, tableau 1, lignes 4 à 5" in wheres  # C1-03 and C1-04, under the header
        assert f"{name}, tableau 1, ligne 7" in wheres  # C1-06


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refused_with_what_to_do(vue, name):
    with pytest.raises(InputError) as caught:
        read_worksheets(vue, [FILES / name])
    assert name in caught.value.message
    assert REFUSED[name].casefold() in caught.value.conseil.casefold()


def test_all_files_together(vue):
    """The synthesis of the whole corpus at once: no value lost when files meet."""
    from ateliers.synthese.model import synthesise

    sheets = read_worksheets(vue, [FILES / n for n in READ])
    s = synthesise(vue, sheets)
    assert len(s.proposed) == sum(1 for n in READ for v in _flat(CASES[n][1]) if v[1] == "Compétence" and v[3] == "proposed")


def _flat(values):
    return [v for g in values for v in g] if values and isinstance(values[0], list) else values


def test_generator_still_works(vue, tmp_path):
    """Drive LibreOffice again for one small case (tracked changes, a hyperlink) and check it."""
    system_python = shutil.which("python3", path="/usr/bin") or "/usr/bin/python3"
    probe = subprocess.run([system_python, "-c", "import uno"], capture_output=True, text=True)
    assert probe.returncode == 0 and shutil.which("soffice"), "LibreOffice and python3-uno are needed (installed by .ci/run)"
    blank_docx, blank_xlsx = blank_worksheets(vue, tmp_path)
    out = tmp_path / "out"
    result = subprocess.run(
        [system_python, str(CORPUS / "generate.py"), "--docx", str(blank_docx), "--xlsx", str(blank_xlsx), "--out", str(out), "suivi.docx"],
        capture_output=True, text=True, timeout=240,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    tally = Tally()
    check_file(vue, out / "suivi.docx", tally)
    assert_whole(tally)


def blank_worksheets(vue, folder: Path) -> tuple[Path, Path]:
    """The Haut-Vallon competence worksheet, blank, as Word and spreadsheet files."""
    from ateliers.kit.guide import worksheets_and_guide as build_worksheets

    paths = []
    for suffix in (".docx", ".xlsx"):
        output = next(o for o in build_worksheets(vue) if o.path.startswith("fiche-competences") and o.path.endswith(suffix))
        paths.append(folder / f"fiche{suffix}")
        paths[-1].write_bytes(output.data)
    return paths[0], paths[1]
