"""The corpus of broken and hostile inputs (tests/corpus/cas.yaml), through the CLI's entry point
(in process: tests/test_cli.py and tests/test_errors.py run the installed command itself).

Every case: the expected exit status (2 bad input, 1 environment), one French
message naming the file and the line, never a traceback; previous outputs
untouched and no temporary file left; text from data printed as text; output
folders confined to the output directory.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pdfplumber
import pypdf
import pytest
import yaml
from docx import Document

from conftest import ROOT, invoke_cli

pytestmark = pytest.mark.lent  # builds kits, decks, posters or syntheses

CORPUS = ROOT / "tests" / "corpus"
CASES = yaml.safe_load((CORPUS / "cas.yaml").read_text(encoding="utf-8"))


def case_id(case: dict) -> str:
    command = case.get("commande", [case.get("role", "")])[0]
    extra = "-".join(a for a in case.get("commande", [])[3:] if not a.isupper() and "/" not in a)[:30]
    return f"{case['fichier']}-{command}{'-' + extra if extra else ''}"


def make_big(path: Path, kind: str) -> None:
    if kind == "bombe-zip":  # 300 MB of zeros, a few hundred KB compressed
        import zipfile

        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("[Content_Types].xml", "<Types/>")
            with archive.open("word/document.xml", "w") as member:
                chunk = b"\0" * (1024 * 1024)
                for _ in range(300):
                    member.write(chunk)
        return
    if kind == "gros-docx":
        path.write_bytes(b"PK\x03\x04" + b"\0" * (50 * 1024 * 1024))
        return
    filler = "# " + "x" * 98 + "\n"
    head = "territoire: Gros\n" if kind == "gros-atelier" else "titre: Gros\n"
    path.write_text(head + filler * (10 * 1024 * 1024 // len(filler) + 1), encoding="utf-8")


def line_of(path: Path, needle: str, occurrence: int = 1) -> int:
    lines = path.read_bytes().decode("utf-8", errors="replace").splitlines()
    found = [i + 1 for i, line in enumerate(lines) if needle.replace("\\t", "\t") in line]
    return found[occurrence - 1]


def test_corpus_is_large_enough():
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", CASES, ids=[case_id(c) for c in CASES])
def test_case(case, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    target = corpus / case["fichier"]
    if "genere" in case:
        make_big(target, case["genere"])
    sortie = tmp_path / "sortie"
    if "commande" in case:
        atelier = corpus / "a-bom-crlf.yaml"
        places = {"FICHIER": str(target), "SORTIE": str(sortie), "ATELIER": str(atelier)}
        args = [places.get(a, a) for a in case["commande"]]
    elif case["role"] == "referentiel":
        args = ["valider", str(target)]
    else:
        args = ["valider", "--atelier", str(target)]
    # Something from an earlier run sits in the output folder: it must survive a failure.
    sortie.mkdir()
    previous = sortie / "ancien-kit.pdf"
    previous.write_bytes(b"%PDF-1.7 previous output")
    work = tmp_path / "travail"
    work.mkdir()

    result = invoke_cli(*args, cwd=work)
    output = (result.stdout + result.stderr).replace("\u00a0", " ")
    assert result.returncode == case["code"], output
    assert "Traceback" not in output
    for fragment in case.get("contient", []):
        assert fragment in output, (fragment, output)
    if case["code"] != 0:
        assert "Erreur" in result.stderr, result.stderr
        assert [p.name for p in sortie.iterdir()] == ["ancien-kit.pdf"]
        assert previous.read_bytes() == b"%PDF-1.7 previous output"
        if case.get("role"):
            assert target.name in result.stderr  # the message names the file
    if "ligne" in case or "ligne_de" in case:
        line = case.get("ligne") or line_of(target, case["ligne_de"], case.get("occurrence", 1))
        assert f"ligne {line}" in result.stderr, result.stderr
        assert target.name in result.stderr
    if "dossier" in case:
        folder = work / case["dossier"]
        assert folder.is_dir(), list(work.rglob("*"))
        assert sorted(p.name for p in work.iterdir()) == ["output"]  # nothing outside output/
        assert [p.name for p in (work / "output").iterdir()] == [Path(case["dossier"]).name]
    if "imprime" in case:
        text = ""
        for pdf_path in sortie.glob("cartes-*.pdf"):
            with pdfplumber.open(pdf_path) as pdf:
                text += "".join(c["text"] for page in pdf.pages for c in page.chars)
        for expected in case["imprime"]:
            for char in expected.replace(" ", ""):
                assert char in text, (char, expected)
    if case.get("sans_image"):
        hostname = Path("/etc/hostname").read_text(encoding="utf-8").strip() if Path("/etc/hostname").is_file() else ""
        for pdf_path in sortie.glob("*.pdf"):
            if pdf_path.name == "ancien-kit.pdf":
                continue
            reader = pypdf.PdfReader(pdf_path)
            for page in reader.pages:
                xobjects = page.get("/Resources", {}).get("/XObject", {}) or {}
                for ref in xobjects.values():
                    assert ref.get_object().get("/Subtype") != "/Image", pdf_path.name
            if hostname:
                with pdfplumber.open(pdf_path) as pdf:
                    assert hostname not in "".join(p.extract_text() or "" for p in pdf.pages)
    if "word" in case:
        texts = []
        for docx_path in work.rglob("*.docx"):
            document = Document(docx_path)
            texts.append("\n".join(p.text for s in document.sections for p in s.header.paragraphs))
            texts.append("\n".join(c.text for t in document.tables for r in t.rows for c in r.cells))
            texts.append("\n".join(p.text for p in document.paragraphs))
        joined = "\n".join(texts).replace("\u00a0", " ")
        for expected in case["word"]:
            assert expected in joined, expected
