"""The environment fails (disk full, interruption); files outside the project are never read;
arbitrary text either prints whole or is refused clearly."""

from __future__ import annotations

import functools
import hashlib
import io
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest
from docx import Document
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ateliers import load_referentiel, merge_atelier
from ateliers.cartes.fit import CardsTooLong
from ateliers.cartes.pdf import CardDeckBuilder
from ateliers.entrees.models import Acteur, Atelier
from ateliers.options import CardOptions, PosterOptions
from ateliers.kit.plan import make_plan
from ateliers.affiches.builder import PosterBuilder, PosterTooFull
from ateliers.impression.render import Renderer
from ateliers.fichiers.resources import Resources, embedded
from ateliers.fiches.word import WorksheetBuilder

from conftest import ROOT, run_cli

pytestmark = pytest.mark.lent  # builds kits, decks, posters or syntheses


def digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def previous_kit(tmp_path_factory):
    folder = tmp_path_factory.mktemp("precedent") / "kit"
    result = run_cli("fiches", "--sortie", str(folder), "--phases", "1")
    assert result.returncode == 0, result.stderr
    return folder


def test_disk_full_during_write(previous_kit, tmp_path):
    folder = tmp_path / "kit"
    shutil.copytree(previous_kit, folder)
    before = digest(folder)
    # The real command, with the disk filling up when the files are flushed.
    script = (
        "import errno, os, sys\n"
        "def full(fd):\n"
        "    raise OSError(errno.ENOSPC, 'No space left on device')\n"
        "os.fsync = full\n"
        "from ateliers.cli import main\n"
        f"main(['fiches', '--sortie', {str(folder)!r}])\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 1, result.stderr
    assert "disque est plein" in result.stderr and "Traceback" not in result.stderr
    assert digest(folder) == before  # byte-identical, no temporary file left


def test_interrupted_run_leaves_previous_outputs(tmp_path):
    """Ctrl-C in the middle of a build (delivered at a fixed point, not after a guessed delay)."""
    folder = tmp_path / "kit"
    assert run_cli("kit", "-q", "--phases", "1", "--sortie", str(folder)).returncode == 0  # one phase: the interruption is the point
    before = digest(folder)
    script = (
        "import os, signal\n"
        "import ateliers.kit.build as kit\n"
        "real = kit.thumbnails\n"
        "def interrupted(*args, **kwargs):\n"
        "    os.kill(os.getpid(), signal.SIGINT)  # the user presses Ctrl-C: everything is built, nothing written\n"
        "    return real(*args, **kwargs)\n"
        "kit.thumbnails = interrupted\n"
        "from ateliers.cli import main\n"
        f"main(['kit', '--force', '--phases', '1', '--sortie', {str(folder)!r}])\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 130, result.stderr
    assert "Interrompu" in result.stderr and "Traceback" not in result.stderr
    assert digest(folder) == before
    assert not list(folder.rglob("*.tmp"))


def test_ctrl_c_while_renaming_completes_the_renames(tmp_path):
    """A Ctrl-C during the final renames is held until they are done: no mix of old and new files."""
    from ateliers.fichiers.atomic import write_all

    old = {tmp_path / f"f{i}.txt": b"ancien" for i in range(5)}
    for path, data in old.items():
        path.write_bytes(data)
    real_replace = os.replace
    calls = []

    def replace(src, dst):
        if not calls:
            os.kill(os.getpid(), signal.SIGINT)
        calls.append(dst)
        real_replace(src, dst)

    os.replace = replace
    try:
        with pytest.raises(KeyboardInterrupt):
            write_all([(path, b"nouveau") for path in old])
    finally:
        os.replace = real_replace
    assert len(calls) == 5
    assert all(path.read_bytes() == b"nouveau" for path in old)
    assert not list(tmp_path.glob("*.tmp"))


# ---------------------------------------------------------------- no file outside the allowed ones


def _hostile_templates(tmp_path: Path) -> Resources:
    root = tmp_path / "donnees"
    shutil.copytree(embedded().templates, root / "templates")
    shutil.copy(embedded().referentiel, root / "referentiel.yaml")
    (root / "templates" / "permis.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>', encoding="utf-8"
    )
    page = root / "templates" / "cartes" / "feuilles.html"
    page.write_text(
        page.read_text(encoding="utf-8").replace(
            "<body>",
            '<body><img src="file:///etc/hostname"><img src="https://example.org/x.png">'
            '<img src="permis.svg" style="position:absolute;left:0;top:0;width:5mm">',
        ),
        encoding="utf-8",
    )
    css = root / "templates" / "cartes" / "cartes.css"
    css.write_text(css.read_text(encoding="utf-8") + '\n.feuille { background-image: url("file:///etc/passwd"); }\n', encoding="utf-8")
    return Resources(root)


def test_fetcher_reads_nothing_outside_templates_and_fonts(tmp_path):
    resources = _hostile_templates(tmp_path)
    ref = load_referentiel(resources.referentiel)
    vue = merge_atelier(ref, phases=[1])
    renderer = Renderer(resources)
    builder = CardDeckBuilder(vue, CardOptions(), renderer)
    deck = next(d for d in builder.decks() if d.nom == "synthese")
    result = builder.build(deck)
    refused = " ".join(renderer.fetcher.refused)
    assert "file:///etc/hostname" in refused and "file:///etc/passwd" in refused and "https://example.org" in refused
    assert "permis.svg" not in refused  # a file of the templates folder is allowed
    data = result.data
    hostname = Path("/etc/hostname").read_bytes().strip() if Path("/etc/hostname").is_file() else b""
    if hostname:
        assert hostname not in data
    assert b"root:x:0:0" not in data


def test_data_cannot_reference_files():
    ref = load_referentiel()
    atelier = Atelier(territoire='<img src="file:///etc/hostname"> Pays', acteurs=[Acteur(nom="<link rel=stylesheet href=file:///etc/passwd>")])
    vue = merge_atelier(ref, atelier, phases=[1])
    renderer = Renderer(embedded())
    builder = CardDeckBuilder(vue, CardOptions(), renderer)
    builder.build(next(d for d in builder.decks() if d.nom == "a-remplir"))
    assert renderer.fetcher.refused == []  # escaped: never a tag, so never fetched


# ---------------------------------------------------------------- arbitrary text


from ateliers.impression.fonts import printable_codepoints  # noqa: E402

# Half the time any Unicode text (mostly refused: characters the fonts cannot draw),
# half the time text the fonts can draw (so that it is really rendered and read back).
TEXT = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), max_codepoint=0x1FAFF), min_size=1, max_size=60),
    st.text(alphabet=st.sampled_from(sorted(chr(c) for c in printable_codepoints() if c > 32)), min_size=1, max_size=60),
)


def test_common_characters_are_drawn_by_the_kits_own_fonts():
    """The texts made only of these are passed without reading the fonts: each must be in the
    packaged fonts themselves (not in a system fallback that a user's machine may lack)."""
    from fontTools.ttLib import TTFont

    from ateliers.impression.fonts import COMMON_CHARACTERS, font_faces, unprintable

    drawn: set[int] = set()
    for face in font_faces():
        font = TTFont(face.path, lazy=True)
        drawn |= set(font.getBestCmap())
        font.close()
    assert sorted(c for c in COMMON_CHARACTERS if ord(c) not in drawn and not c.isspace()) == []
    assert unprintable("Épicerie « Œuvre » — 12 €…") == []
    assert unprintable("Épicerie 漢字") == ["漢", "字"]  # outside the common set: the fonts are read


def _chars(text: str) -> set[str]:
    import unicodedata

    return {c for c in unicodedata.normalize("NFC", text) if not c.isspace() and unicodedata.category(c) not in ("Cf", "Mn", "Cc")}


@functools.lru_cache(maxsize=1)
def shared_renderer() -> Renderer:
    return Renderer(embedded())


# Derandomized: the same examples on every run (CI must not depend on a random draw).
@settings(max_examples=10, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(territoire=TEXT, acteur=TEXT)
def test_arbitrary_text_prints_whole_or_is_refused(territoire, acteur):
    ref = load_referentiel()
    try:
        atelier = Atelier(territoire=territoire, acteurs=[Acteur(nom=acteur)])
    except ValueError as exc:  # pydantic's ValidationError: refused with a message
        messages = " ".join(e["msg"] for e in exc.errors())
        assert any(word in messages for word in ("vide", "imprimer", "contrôle", "long", "texte")), messages
        return
    vue = merge_atelier(ref, atelier, phases=[1])
    renderer = shared_renderer()
    builder = CardDeckBuilder(vue, CardOptions(), renderer)
    deck = next(d for d in builder.decks() if d.nom == "a-remplir")
    try:
        cards = builder.build(deck)
    except CardsTooLong as exc:  # a name too long for a card: refused, naming the cards
        assert exc.ids and set(exc.ids) <= {c.id for c in deck.cards}, exc.ids
        assert "A-01" in exc.ids or len(atelier.territoire) > 20, (exc.ids, atelier.territoire)
        assert all(i in str(exc) for i in exc.ids if "VIERGE" not in i), str(exc)
        return
    try:
        poster = PosterBuilder(vue, PosterOptions(), renderer).phase_board(vue.phases[0])
    except PosterTooFull as exc:  # only a long territory name can fill a board
        assert "affiche-phase-1.pdf" in str(exc) and len(atelier.territoire) > 20, str(exc)
        return
    # The cards print the territory and the actor's name; the board prints the territory.
    for data, expected in (
        (cards.data, _chars(atelier.territoire) | _chars(atelier.acteurs[0].nom)),
        (poster.data, _chars(atelier.territoire)),
    ):
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            printed = "".join(c["text"] for page in pdf.pages for c in page.chars)
        missing = {c for c in expected if c not in printed}
        assert not missing, (missing, atelier.territoire, atelier.acteurs[0].nom)
    document = Document(io.BytesIO(WorksheetBuilder(vue, make_plan(vue).participants).competences().data))
    header = document.sections[0].header.paragraphs[0].text
    assert _chars(atelier.territoire) <= set(header)


@pytest.mark.skipif(os.name != "posix", reason="paths")
def test_output_names_stay_in_the_output_folder(tmp_path):
    atelier = tmp_path / "atelier.yaml"
    atelier.write_text("territoire: '../../../../etc/ateliers'\n", encoding="utf-8")
    result = run_cli("fiches", "--atelier", str(atelier), "--phases", "1", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    made = [p for p in tmp_path.rglob("*.docx")]
    assert made and all(p.resolve().is_relative_to((tmp_path / "output").resolve()) for p in made)
    assert not Path("/etc/ateliers").exists()
