"""Word worksheets: open the .docx the real command wrote (python-docx) and convert them with LibreOffice."""

from __future__ import annotations

import re
import shutil
import subprocess

import pypdf
import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from ateliers import load_atelier, load_referentiel, merge_atelier
from ateliers.impression.typography import date_fr
from ateliers.fiches.word import BLANK_ROWS, COLUMNS

from conftest import EXEMPLES, invoke_cli, run_cli
from pdfcheck import load_manifest
from tagcheck import headings, word_problems, xlsx_problems

pytestmark = pytest.mark.lent  # builds kits, decks, posters or syntheses

HAUT_VALLON = EXEMPLES / "cc-haut-vallon.yaml"
SAINT_AUBIN = EXEMPLES / "saint-aubin-villages.yaml"
SLUG = "communaute-de-communes-du-haut-vallon"


def big_room(folder):
    """Haut-Vallon for 40 people in 6 sub-groups, phase 1 made the largest (12 cards added): uneven phases."""
    text = HAUT_VALLON.read_text(encoding="utf-8").replace("nombre_participants: 24", "nombre_participants: 40")
    text = text.replace("nombre_sous_groupes: 4", "nombre_sous_groupes: 6")
    text = text.replace("territoire: Communauté de communes du Haut-Vallon", "territoire: Grande salle du Haut-Vallon")  # files of its own name
    added = "".join(f"  - phase: 1\n    texte: Compétence ajoutée numéro {i} pour un territoire aux besoins nombreux\n" for i in range(1, 13))
    text = text.replace("competences_ajoutees:\n", "competences_ajoutees:\n" + added)
    path = folder / "grande-salle.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def fiches(tmp_path_factory):
    made = {}
    room = big_room(tmp_path_factory.mktemp("salle"))
    for name, args in {"territoire": ["--atelier", str(HAUT_VALLON)], "generique": [], "saint-aubin": ["--atelier", str(SAINT_AUBIN)], "grande-salle": ["--atelier", str(room)]}.items():
        folder = tmp_path_factory.mktemp(f"fiches-{name}")
        result = (run_cli if name == "territoire" else invoke_cli)("fiches", "--sortie", str(folder), *args)  # one real subprocess run
        assert result.returncode == 0, result.stderr
        made[name] = folder
    return made


def competence_tables(document):
    return [t for t in document.tables if [c.text for c in t.rows[0].cells] == COLUMNS]


def test_files(fiches):
    names = sorted(p.name for p in fiches["territoire"].glob("*.docx"))
    assert names == sorted(
        f"{kind}-{SLUG}.docx" for kind in ("fiche-competences", "fiche-acteurs", "fiche-plan-action", "guide-animation")
    )
    assert sorted(p.name for p in fiches["generique"].glob("*.docx")) == [
        "fiche-acteurs.docx",
        "fiche-competences.docx",
        "fiche-plan-action.docx",
        "guide-animation.docx",
    ]


def test_competence_worksheet(fiches):
    ref = load_referentiel()
    atelier = load_atelier(HAUT_VALLON, ref)
    vue = merge_atelier(ref, atelier)
    document = Document(fiches["territoire"] / f"fiche-competences-{SLUG}.docx")
    tables = competence_tables(document)
    assert len(tables) == len(vue.phases) == 4
    for table, phase in zip(tables, vue.phases):
        assert [c.text for c in table.rows[0].cells] == COLUMNS
        assert len(table.rows) == 1 + len(phase.competences) + BLANK_ROWS
        ids = [row.cells[0].text for row in table.rows[1:]]
        assert ids[: len(phase.competences)] == [c.id for c in phase.competences]
        assert ids[len(phase.competences) :] == [""] * BLANK_ROWS
        for row, competence in zip(table.rows[1:], phase.competences):
            assert row.cells[1].text.startswith(competence.texte)
        # The header row repeats on every page.
        tr_pr = table.rows[0]._tr.trPr
        assert tr_pr is not None and tr_pr.find(qn("w:tblHeader")) is not None
        assert table.style.name == "Tableau atelier"
    # One landscape section per phase, with the territory and date in the header.
    assert len(document.sections) == 4
    for section in document.sections:
        assert section.orientation == WD_ORIENT.LANDSCAPE and section.page_width > section.page_height
        header = " ".join(p.text for p in section.header.paragraphs)
        assert atelier.territoire in header and date_fr(atelier.date) in header
        footer = section.footer._element.xml
        assert "PAGE" in footer and "NUMPAGES" in footer and "référentiel 1.0" in footer.replace("\u00a0", " ")
    assert "« détenue »" in "".join(p.text for p in document.paragraphs).replace("\u00a0", " ")
    props = document.core_properties
    assert props.version == ref.version
    assert props.identifier == f"sha256:{ref.empreinte}"
    assert props.category == atelier.territoire
    assert ref.empreinte in props.keywords
    # Word's own styles, so that users restyle in two clicks.
    assert any(p.style.name == "Heading 1" for p in document.paragraphs)


def test_retained_phases_and_additions(fiches):
    ref = load_referentiel()
    vue = merge_atelier(ref, load_atelier(SAINT_AUBIN, ref))
    document = Document(next(fiches["saint-aubin"].glob("fiche-competences-*.docx")))
    tables = competence_tables(document)
    assert len(tables) == 2
    ids = [row.cells[0].text for t in tables for row in t.rows[1:] if row.cells[0].text]
    assert ids == [c.id for c in vue.competences]
    assert "C1-T01" in ids


def test_generic_worksheet_has_blanks(fiches):
    document = Document(fiches["generique"] / "fiche-competences.docx")
    header = document.sections[0].header.paragraphs[0].text
    assert "Territoire" in header and "____" in header
    assert document.core_properties.category == "générique"
    assert len(competence_tables(document)) == 4


def test_actor_worksheet(fiches):
    atelier = load_atelier(HAUT_VALLON, load_referentiel())
    document = Document(fiches["territoire"] / f"fiche-acteurs-{SLUG}.docx")
    text = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    for acteur in atelier.acteurs:
        assert acteur.nom in text
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert len(headings) == len(atelier.acteurs) + 18  # known actors + three blank forms for four of the 24 participants
    # A room of 40 cites 25 actors and more: 30 blank forms.
    document = Document(next(fiches["grande-salle"].glob("fiche-acteurs-*.docx")))
    assert [p.text for p in document.paragraphs if p.style.name == "Heading 2"].count("Nouvel acteur") == 30


def test_action_plan(fiches):
    document = Document(fiches["territoire"] / f"fiche-plan-action-{SLUG}.docx")
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells][0].startswith("Compétence")
    assert document.sections[0].orientation == WD_ORIENT.LANDSCAPE


def test_guide_agenda_and_quantities(fiches):
    atelier = load_atelier(HAUT_VALLON, load_referentiel())
    document = Document(fiches["territoire"] / f"guide-animation-{SLUG}.docx")
    cells = [[c.text.replace("\u00a0", " ") for c in r.cells] for t in document.tables for r in t.rows]
    agenda = [row for row in cells if row[0][:1].isdigit() and " h" in row[0]]
    assert agenda[0][0].startswith("9 h")  # the workshop starts at 09:00
    groups = [row for row in cells if row[0].startswith("Sous-groupe ")]
    assert len(groups) == atelier.nombre_sous_groupes == 4  # 4 sub-groups, 4 phases: one each
    assert [row[1].split(" : ")[0] for row in groups] == [
        "Phase 1 — L’émergence", "Phase 2 — Le test", "Phase 3 — Le lancement", "Phase 4 — Le fonctionnement"
    ]  # fmt: skip
    worksheet = next(row for row in cells if row[0] == f"fiche-competences-{SLUG}.docx")
    # Each sub-group prints its phase's pages; the facilitator the whole file: two copies of each phase.
    parts = worksheet[1].split(" · ")
    assert [p.split(" (")[0] for p in parts] == ["phase 1", "phase 2", "phase 3", "phase 4"]
    assert all(p.endswith(" : 2") for p in parts), parts
    postits = next(row for row in cells if row[0].startswith("Blocs de post-it"))
    assert postits[1] == "4"  # one per sub-group: the names go in the boards' cells
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Être au four et au moulin" in text  # tips from « astuces – conseils »
    assert document.paragraphs[0].text == "Avant l’atelier : la liste d’impression".replace(" :", "\u00a0:")


def test_user_text_is_text(tmp_path):
    hostile = 'Mairie <w:t>&amp; </w:p> {{ 7*7 }} "quoi"'
    text = HAUT_VALLON.read_text(encoding="utf-8").replace(
        "  - nom: Mairie de Saint-Julien-du-Vallon", f"  - nom: '{hostile}'"
    )
    atelier = tmp_path / "atelier.yaml"
    atelier.write_text(text, encoding="utf-8")
    result = run_cli("fiches", "--atelier", str(atelier), "--sortie", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    document = Document(next((tmp_path / "out").glob("fiche-acteurs-*.docx")))
    text = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "<w:t>&amp; </w:p> {{ 7*7 }}" in text


@pytest.mark.libreoffice
@pytest.mark.lent
def test_libreoffice_opens_every_file(fiches, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is required (.ci/run installs libreoffice-writer-nogui)"
    files = [p for folder in fiches.values() for p in folder.glob("*.docx")]
    out = tmp_path / "pdf"
    result = subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profil", "--convert-to", "pdf", "--outdir", str(out), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    for path in files:
        pdf = out / (path.stem + ".pdf")
        assert pdf.is_file() and pdf.stat().st_size > 1000, path.name
        # The page count the checklist buys paper for is the one LibreOffice lays out.
        entry = next(f for f in load_manifest(path.parent)["fichiers"] if f["fichier"] == path.name)
        assert entry["pages_estimees"] and abs(len(pypdf.PdfReader(pdf).pages) - entry["pages"]) <= 1, path.name
        # No blank page (a page break spilling over a full page): each page holds more than its
        # running header and footer.
        def norm(text):
            return " ".join(re.sub(r"\d+", "#", text.replace("\u00a0", " ")).split())

        document = Document(path)
        running = " ".join(norm(p.text) for sec in document.sections for part in (sec.header, sec.footer) for p in part.paragraphs)
        for number, page in enumerate(pypdf.PdfReader(pdf).pages, start=1):
            lines = [norm(line) for line in page.extract_text().splitlines() if line.strip()]
            assert [line for line in lines if line not in running], (path.name, number)
            if path.name.startswith("fiche-acteurs"):
                # Each actor's sheet whole on its page: as many first rows as last rows.
                page_text = " ".join(lines)
                assert page_text.count("Rubrique") == page_text.count("Qui le contacte"), (path.name, number)
        if path.name.startswith("fiche-competences"):
            # Each sub-group prints only its phase's pages: the pages the manifest names for a phase
            # hold every competence of that phase, and no other phase's.
            reader = pypdf.PdfReader(pdf)
            ids = [set(re.findall(r"\bC(\d)-(?:\d\d|T\d\d)\b", page.extract_text())) for page in reader.pages]
            named = [set(re.findall(r"\bC\d-(?:\d\d|T\d\d)\b", page.extract_text())) for page in reader.pages]
            assert entry["phases"] and entry["phases"][-1]["pages"][1] == len(reader.pages), path.name
            for part in entry["phases"]:
                first, last = part["pages"]
                pages = range(first - 1, last)
                assert all(phases <= {str(part["phase"])} for phases in (ids[i] for i in pages)), (path.name, part)
                assert {str(part["phase"])} <= set().union(*(ids[i] for i in pages)), (path.name, part)
                found = set().union(*(named[i] for i in pages))
                elsewhere = set().union(*(named[i] for i in range(len(reader.pages)) if i not in pages))
                assert found and not (found & elsewhere), (path.name, part)
        if path.name.startswith("guide-animation"):
            # The print checklist opens the guide, on its own pages (two with the boards' office tiles):
            # « en un coup d’œil » starts the next page.
            pages = [" ".join(p.extract_text().split()) for p in pypdf.PdfReader(pdf).pages]
            glance = next(i for i, text in enumerate(pages) if "en un coup d’œil" in text)
            assert 1 <= glance <= 2 and "Papier à acheter" in pages[0], path.name
            assert "Découpe des cartes" in " ".join(pages[:glance]) and "Feuilles" not in pages[glance], path.name


# ---------------------------------------------------------------- builders, in process


@pytest.fixture(scope="module")
def built():
    from ateliers.entrees.inputs import prepare
    from ateliers.kit.guide import worksheets_and_guide as build_worksheets

    return {name: (prepare(None, path).vue, build_worksheets(prepare(None, path).vue)) for name, path in (("generique", None), ("territoire", HAUT_VALLON))}


def _open(output):
    import io

    return Document(io.BytesIO(output.data))


def test_builder_records(built):
    from ateliers.contract import Kind, Stock

    vue, outputs = built["territoire"]
    by_name = {o.path: o for o in outputs}
    assert list(by_name) == [
        f"fiche-competences-{SLUG}.docx", f"fiche-competences-{SLUG}.xlsx", f"fiche-acteurs-{SLUG}.docx",
        f"fiche-plan-action-{SLUG}.docx", f"guide-animation-{SLUG}.docx",
    ]  # fmt: skip
    guide = by_name[f"guide-animation-{SLUG}.docx"]
    assert guide.kind is Kind.guide and guide.printing.stock is Stock.bureau and guide.printing.sides.duplex
    worksheet = by_name[f"fiche-competences-{SLUG}.docx"]
    assert worksheet.kind is Kind.fiche and worksheet.printing.landscape and not worksheet.printing.sides.duplex
    assert worksheet.copies.per_phase and worksheet.copies.fixed == 1  # its phase's pages per sub-group, the whole for the facilitator
    assert [p.phase for p in worksheet.parts] == [1, 2, 3, 4] and worksheet.parts[0].first == 1
    assert all(a.last + 1 == b.first for a, b in zip(worksheet.parts, worksheet.parts[1:]))
    assert worksheet.parts[-1].last == worksheet.pages
    for output in outputs:
        if output.path.endswith(".docx"):
            assert output.pages >= 1 and output.pages_estimated, output.path


def test_builder_styles_tables_and_stamp(built):
    vue, outputs = built["territoire"]
    document = _open(outputs[0])
    names = {s.name for s in document.styles}
    assert {"Tableau atelier", "Consigne", "Texte de tableau", "Heading 1"} <= names
    header = [c.text for c in document.tables[0].rows[0].cells]
    assert header == ["N°", "Compétence", "Qui la détient sur notre territoire ?", "Type d'acteur", "Contact", "Statut", "Commentaire"]
    props = document.core_properties
    assert f"empreinte={vue.referentiel.empreinte}" in props.keywords and props.category == vue.territoire
    assert props.author == vue.atelier.structure_porteuse
    generic_vue, generic = built["generique"]
    # With no organising structure, the Word author is the referential's, as in the PDFs.
    assert _open(generic[0]).core_properties.author == " & ".join(generic_vue.referentiel.source.auteurs)


def test_printed_words_are_for_facilitators(built):
    """No command-line term, no « (s) » plural in anything printed."""
    for _, outputs in built.values():
        for output in outputs:
            if not output.path.endswith(".docx"):
                continue
            document = _open(output)
            parts = [document.element] + [s.footer._element for s in document.sections] + [s.header._element for s in document.sections]
            text = " ".join(t.text or "" for part in parts for t in part.iter(qn("w:t")))
            assert "--" not in text and "ateliers synthese" not in text and "ateliers kit" not in text, output.path
            assert not re.search(r"\w\(s\)", text), output.path


def test_footer_page_numbers_sized_like_the_footer(built):
    for _, outputs in built.values():
        for output in (o for o in outputs if o.path.endswith(".docx")):
            document = _open(output)
            for section in document.sections:
                runs = section.footer._element.iter(qn("w:r"))
                sizes = set()
                for run in runs:
                    if run.find(qn("w:t")) is None and run.find(qn("w:fldChar")) is None and run.find(qn("w:instrText")) is None:
                        continue
                    size = run.find(f"{qn('w:rPr')}/{qn('w:sz')}")
                    sizes.add(size.get(qn("w:val")) if size is not None else None)
                assert sizes == {"16"}, (output.path, sizes)  # 8 pt everywhere, fields included


def test_two_builds_give_the_same_bytes(built, monkeypatch):
    import datetime as dt
    import io
    import zipfile

    from ateliers.kit.guide import worksheets_and_guide as build_worksheets

    for vue, outputs in built.values():
        again = build_worksheets(vue)
        assert [o.data for o in again] == [o.data for o in outputs]
    vue, outputs = built["territoire"]
    # Without SOURCE_DATE_EPOCH the date is the workshop's, in the properties and the archive.
    docx = outputs[0].data
    assert _open(outputs[0]).core_properties.created == dt.datetime.combine(vue.atelier.date, dt.time(), dt.UTC)
    assert {i.date_time[:3] for i in zipfile.ZipFile(io.BytesIO(docx)).infolist()} == {vue.atelier.date.timetuple()[:3]}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    stamped = build_worksheets(vue)
    assert _open(stamped[0]).core_properties.created == dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.UTC)
    assert {i.date_time for i in zipfile.ZipFile(io.BytesIO(stamped[0].data)).infolist()} == {(2023, 11, 14, 22, 13, 20)}


def test_guide_prints_its_own_page_count_whatever_the_first_guess(built, monkeypatch):
    """The guide's checklist names its own sheets: built from a wrong first guess, it settles
    on the same document as from the right one."""
    from ateliers.kit import guide as worksheets

    vue, outputs = built["territoire"]
    guide = outputs[-1]
    for guess in (1, guide.pages + 3):
        monkeypatch.setattr(worksheets, "GUIDE_USUAL_PAGES", guess)
        again = worksheets.worksheets_and_guide(vue)[-1]
        assert again.pages == guide.pages and again.data == guide.data


def test_contact_sheet_schematic_of_a_word_file(built):
    """index.html's preview of a .docx: its first page's shape, drawn from its content."""
    import io

    from PIL import Image

    from ateliers.kit.docx_preview import schematic

    _, outputs = built["territoire"]
    for output in (o for o in outputs if o.path.endswith(".docx")):
        png = schematic(output.data)
        assert png == schematic(output.data)  # the same bytes every time
        image = Image.open(io.BytesIO(png)).convert("L")
        section = _open(output).sections[0]
        ratio = section.page_height.mm / section.page_width.mm
        assert abs(image.height / image.width - ratio) < 0.01, output.path  # landscape stays landscape
        dark = image.point(lambda v: 255 if v < 128 else 0).histogram()[255]
        inked = dark / (image.width * image.height)
        assert 0.01 < inked < 0.5, output.path  # text and tables drawn, not a blank or black page


def test_guide_presents_the_phases_the_workshop_works():
    """Saint-Aubin works two phases: the guide shows those, and no overlap of test and launch."""
    from ateliers.entrees.inputs import prepare
    from ateliers.kit.guide import worksheets_and_guide as build_worksheets

    vue = prepare(None, EXEMPLES / "saint-aubin-villages.yaml").vue
    guide = _open(build_worksheets(vue)[-1])
    text = " ".join(p.text for p in guide.paragraphs)
    cells = " ".join(c.text for t in guide.tables for r in t.rows for c in r.cells)  # the agenda is a table
    assert "les phases travaillées (l’émergence et le test)" in text
    assert "quatre phases" not in text + cells and "chevauchent" not in text
    assert "Les deux phases, la question de l’atelier" in cells


# ---------------------------------------------------------------- accessibility


def test_word_files_are_french_with_heading_styles_and_repeated_headers(fiches):
    """fr-FR in the defaults and every style (no en-US left anywhere), Word's built-in headings
    (« Titre 1 » in a French Word: the navigation pane lists them), header rows repeated on every
    page, title and author in the properties."""
    for name, folder in fiches.items():
        for path in sorted(folder.glob("*.docx")):
            assert word_problems(path) == [], (name, path.name)
    guide = next(fiches["territoire"].glob("guide-animation-*.docx"))
    levels = {style for style, _ in headings(guide)}
    assert levels == {"heading 1", "heading 2"}
    worksheet = next(fiches["territoire"].glob("fiche-competences-*.docx"))
    assert [text for _, text in headings(worksheet)][:1] == ["Phase 1 — L’émergence"]


def test_spreadsheet_worksheet_has_a_language_a_title_and_named_sheets(fiches):
    import openpyxl

    path = next(fiches["territoire"].glob("fiche-competences-*.xlsx"))
    assert xlsx_problems(path) == []
    workbook = openpyxl.load_workbook(path)
    assert workbook.properties.language == "fr-FR"
    assert all(title.startswith("Phase ") for title in workbook.sheetnames[:4])
