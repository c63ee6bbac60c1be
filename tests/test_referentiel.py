"""The referential is faithful to the source document.

The source is parsed independently here (its HTML-ish table cells) and
compared item by item with referentiel.yaml, so a lost, duplicated,
reworded or misplaced item fails.
"""

from __future__ import annotations

import re
import unicodedata

import pytest

from ateliers.impression.typography import NBSP, francais, plain

# Obvious typos corrected in referentiel.yaml (documented in the README).
CORRECTIONS = {
    "pour d'adapter": "pour s'adapter",
    "voir transferer": "voire transferer",
    "structure adhoc": "structure ad hoc",
    "partie prenantes de certains": "parties prenantes de certains",
}


def normalise(text: str) -> str:
    """Compare wording, not typography: accents on capitals, quotes spacing, dashes."""
    text = plain(text).replace("«", " « ").replace("»", " » ").replace("–", "-")
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"\s+", " ", text).strip()
    for wrong, right in CORRECTIONS.items():
        text = text.replace(wrong, right)
    return text


def _cell_items(cell: str, items: list[str]) -> None:
    """Append the bullet items of one table cell; text before the first bullet continues the last item."""
    cell = re.sub(r"<[^>]+>", " ", cell)
    parts = cell.split("•")
    head = parts[0].strip()
    if head:
        items[-1] = items[-1] + " " + head
    items.extend(p.strip() for p in parts[1:] if p.strip())


def parse_source(seed: str) -> dict:
    phases = {}
    sections = re.split(r"[→➔]\s*\**Phase (\d) : ", seed)
    for number, body in zip(sections[1::2], sections[2::2]):
        body = body.split("II. En résumé")[0]
        etapes: list[str] = []
        competences: list[str] = []
        notes = re.findall(r"<i>(.*?)</i>", body)
        for line in body.splitlines():
            if "<ul" not in line and "<p>" not in line:
                continue
            left, _, right = line.partition("\t")
            if left.strip():
                # A note in italics closes the left cell: it is not an item.
                _cell_items(re.sub(r"<p><i>.*?</i></p>", "", left), etapes)
            _cell_items(right, competences)
        phases[int(number)] = {"etapes": etapes, "competences": competences, "notes": notes, "head": body[:300]}
    resume_text = seed.split("II. En résumé")[1]
    return {"phases": phases, "resume": resume_text}


@pytest.fixture(scope="module")
def source(seed_text):
    return parse_source(seed_text)


def test_counts(referentiel):
    assert [p.numero for p in referentiel.phases] == [1, 2, 3, 4]
    assert [len(p.etapes) for p in referentiel.phases] == [7, 9, 9, 9]
    assert [len(p.competences) for p in referentiel.phases] == [10, 22, 17, 15]
    assert len(referentiel.etapes) == 34
    assert len(referentiel.competences) == 64
    assert [len(g.elements) for g in referentiel.resume] == [8, 8, 4, 4]
    assert len(referentiel.elements_resume) == 24


def test_phase_names(referentiel):
    assert [plain(p.nom) for p in referentiel.phases] == [
        "L'émergence",
        "Le test",
        "Le lancement",
        "Le fonctionnement",
    ]


@pytest.mark.parametrize("numero", [1, 2, 3, 4])
def test_every_source_item_once_in_its_phase_and_column(referentiel, source, numero):
    parsed = source["phases"][numero]
    phase = referentiel.phase(numero)
    assert [normalise(e.texte) for e in phase.etapes] == [normalise(t) for t in parsed["etapes"]]
    assert [normalise(c.texte) for c in phase.competences] == [normalise(t) for t in parsed["competences"]]


def test_rejoined_phase3_item(referentiel):
    item = next(c for c in referentiel.phase(3).competences if c.id == "C3-12")
    assert item.texte == francais(
        "Organiser des rencontres régulières avec les partenaires pour maintenir leur intérêt "
        "et en faire venir d'autres (« ne pas s'endormir dès le départ »)"
    )
    # No stray half-item left behind.
    assert not any(plain(c.texte).startswith("d'autres") for c in referentiel.competences)


@pytest.mark.parametrize(
    "ident, text",
    [
        ("E1-01", "Connaissance de la population, des acteurs présents sur un périmètre défini (entreprises, associations...)"),
        ("C1-05", "Proposer des temps de réflexion en commun, amener un collectif à s'intéresser au sujet et à construire ensemble le projet (animer des réunions, faire monter en dynamique et maintenir la dynamique)"),
        ("C2-11", "« Être au four et au moulin » : être en même temps dans la stratégie et dans la proximité de terrain (en lien avec les usagers et les fournisseurs)"),
        ("C2-22", "Faire de la veille, aller voir d'autres expériences à plusieurs"),
        ("E3-07", "Avoir le souci du lien social : le créer, le maintenir, le renouveler pour le maintenir"),
        ("C4-15", "Poursuivre les échanges d'expériences"),
        ("R-REL-03", "Prise du recul"),
        ("R-AST-04", "Ne jamais s'endormir"),
        ("R-TEC-04", "Création, gestion d'entreprise"),
    ],
)
def test_sample_exact_texts(referentiel, ident, text):
    items = {i.id: i.texte for i in referentiel.etapes + referentiel.competences + referentiel.elements_resume}
    assert items[ident] == francais(text)


def test_notes(referentiel):
    assert "ne pas s’éparpiller" in referentiel.phase(2).notes[0]
    assert "loin d’être nette" in referentiel.phase(3).notes[0]
    assert "phase d’essai" in referentiel.phase(4).notes[0]
    assert referentiel.phase(1).notes == []


def test_summary_groups_split_by_meaning(referentiel, source):
    names = [normalise(g.nom) for g in referentiel.resume]
    assert names == [
        "savoir-faire en situation",
        "savoir-faire relationnel",
        "astuces - conseils",
        "savoir-faire « techniques » en situation",
    ]
    # The source flattens each column into one run of text: the items, in order, rebuild it.
    flat = normalise(re.sub(r"[\t\n]+", " ", source["resume"]))
    for groupe in referentiel.resume:
        joined = " ".join(normalise(e.texte) for e in groupe.elements)
        assert joined in flat, groupe.nom


def test_ids_unique_and_readable(referentiel, root):
    # Read from the raw YAML, not through the loader (which would refuse a duplicate before we look).
    import yaml

    raw = yaml.safe_load((root / "referentiel.yaml").read_text(encoding="utf-8"))
    ids = [item["id"] for phase in raw["phases"] for key in ("etapes", "competences") for item in phase[key]]
    ids += [g["id"] for g in raw["resume"]] + [e["id"] for g in raw["resume"] for e in g["elements"]]
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)
    assert len(ids) == 34 + 64 + 24 + 4
    assert not set(ids) & set(raw.get("ids_retires", []))
    for phase in referentiel.phases:
        assert [e.id for e in phase.etapes] == [f"E{phase.numero}-{n:02d}" for n in range(1, len(phase.etapes) + 1)]
        assert [c.id for c in phase.competences] == [
            f"C{phase.numero}-{n:02d}" for n in range(1, len(phase.competences) + 1)
        ]
    assert [g.id for g in referentiel.resume] == ["R-SIT", "R-REL", "R-AST", "R-TEC"]


def test_metadata(referentiel):
    assert referentiel.version
    assert "Cap Rural" in referentiel.source.auteurs
    assert any("CRESS" in a for a in referentiel.source.auteurs)
    assert "maillage d’acteurs" in referentiel.introduction
    assert "évolutif, amendable" in referentiel.introduction


def test_french_typography_applied(referentiel):
    texts = [i.texte for i in referentiel.etapes + referentiel.competences + referentiel.elements_resume]
    for text in texts:
        assert "'" not in text
        assert " :" not in text and " ;" not in text
        assert "« " not in text and " »" not in text
    assert f"étape{NBSP}: ne pas" in referentiel.phase(2).notes[0]
