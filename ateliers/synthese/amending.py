"""``ateliers amender``: the competences the territories proposed become a draft of the next version.

Read from the territories' ``synthese.csv``: the competences a sub-group wrote on a blank row
(« proposée ») and the ones a workshop file added (``C<phase>-T<numéro>``). Each becomes a new
competence of its phase with the next free id, written into a copy of the referential's own text
(its comments and layout kept), marked « PROPOSÉE » with where it came from, and listed in a
change list (markdown). Nothing is accepted silently: the draft's version changes, and the
working group rewords, merges or removes each proposal, then runs ``ateliers valider``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError

MAX_BYTES = 20 * 1024 * 1024
_ADDED = re.compile(r"^C(\d)-T\d{2,3}$")


@dataclass
class Proposal:
    texte: str
    phase: int | None
    origins: list[str] = field(default_factory=list)  # « Territoire (synthese.csv : fiche.docx, tableau 1, ligne 12) »
    acteurs: list[str] = field(default_factory=list)
    new_id: str | None = None
    existing: str | None = None  # the id of the same text already in the referential
    raison: str = ""  # why it was not added


@dataclass
class Amendment:
    chemin: Path
    changements: Path
    version: str
    ajoutees: list[Proposal]
    deja_presentes: list[Proposal]
    non_placees: list[Proposal]

    def lines(self) -> list[str]:
        """What was written, in French, a line each (« ateliers amender » prints them)."""
        from ..impression.typography import plural

        lines = [f"Projet de version {self.version} écrit : {self.chemin}", f"Liste des changements : {self.changements}"]
        lines.append(f"  {plural(len(self.ajoutees), 'compétence proposée ajoutée', 'compétences proposées ajoutées')} (marquées « PROPOSÉE »)")
        lines += [f"    {p.new_id}  {p.texte}" for p in self.ajoutees]
        if self.deja_presentes:
            lines.append(f"  {plural(len(self.deja_presentes), 'proposition déjà présente', 'propositions déjà présentes')} dans le référentiel")
        if self.non_placees:
            lines.append(f"  {plural(len(self.non_placees), 'proposition non ajoutée', 'propositions non ajoutées')} (voir la liste des changements)")
        lines.append(f"Relisez le projet avec le groupe de travail, puis : ateliers valider {self.chemin}")
        return lines


def fold(text: str) -> str:
    from ..lecture.text import fold as base

    return base(text)


def _synthesis_file(path: Path) -> Path:
    if path.is_dir():
        path = path / "synthese.csv"
    if not path.is_file():
        raise InputError(f"La synthèse « {path} » est introuvable.", conseil="Indiquez le fichier synthese.csv d’un territoire (ou le dossier qui le contient).")
    if path.stat().st_size > MAX_BYTES:
        raise InputError(f"« {path.name} » est trop gros pour une synthèse.", conseil="Indiquez le fichier synthese.csv écrit par « ateliers synthese ».")
    return path


def _territory(path: Path) -> str:
    """The territory's name from the manifest beside the synthesis, else its folder's name."""
    try:
        data = json.loads((path.parent / "manifest.json").read_text(encoding="utf-8"))
        name = data.get("territoire") if isinstance(data, dict) else None
        if isinstance(name, str) and name.strip():
            return name.strip()
    except (OSError, ValueError):
        pass
    return path.parent.name or path.stem


def read_proposals(path: Path, known_phases: set[int]) -> list[Proposal]:
    """The proposed and territory-added competences of one synthese.csv, each once, in file order."""
    from .model import CSV_COLUMNS, PROPOSEE

    path = _synthesis_file(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"« {path.name} » n’est pas un fichier synthese.csv lisible (encodage).", conseil="Indiquez le fichier synthese.csv écrit par « ateliers synthese ».") from None
    lines = list(csv.reader(io.StringIO(text), delimiter=";"))
    if not lines or [fold(c) for c in lines[0][:4]] != [fold(c) for c in CSV_COLUMNS[:4]]:
        raise InputError(f"« {path} » n’est pas un fichier synthese.csv (ligne 1).", conseil="Indiquez le fichier synthese.csv écrit par « ateliers synthese ».")
    header = [fold(c) for c in lines[0]]
    col = {name: header.index(fold(name)) if fold(name) in header else None for name in ("Acteur", "Sources")}
    territoire = _territory(path)
    found: dict[tuple, Proposal] = {}
    for number, line in enumerate(lines[1:], start=2):
        if len(line) < 4:
            continue
        ident, texte, phase_text, couverture = (v.strip() for v in line[:4])
        if not texte or not (couverture == PROPOSEE or _ADDED.match(ident)):
            continue
        phase = int(phase_text) if phase_text.isdigit() and int(phase_text) in known_phases else None
        key = (phase, fold(texte))
        proposal = found.setdefault(key, Proposal(" ".join(texte.split()), phase))
        sources = line[col["Sources"]].strip() if col["Sources"] is not None and len(line) > col["Sources"] else ""
        what = "ajoutée par le fichier d’atelier" if _ADDED.match(ident) else "proposée par un sous-groupe"
        origin = f"{territoire} — {what} ({path.name}, ligne {number}{' ; ' + sources if sources else ''})"
        if origin not in proposal.origins:
            proposal.origins.append(origin)
        actor = line[col["Acteur"]].strip() if col["Acteur"] is not None and len(line) > col["Acteur"] else ""
        if actor and actor not in proposal.acteurs:
            proposal.acteurs.append(actor)
    return list(found.values())


def next_version(version: str) -> str:
    """« 1.0 » → « 1.1 », « 2 » → « 3 », « 0.1-exemple » → « 0.2-exemple »; no number: « … -2 »."""
    match = re.search(r"(\d+)(?!.*\d)", version)
    if not match:
        return f"{version}-2"
    return version[: match.start()] + str(int(match.group(1)) + 1) + version[match.end() :]


def _next_numbers(ref) -> dict[int, int]:
    """Per phase, the highest competence number ever used (retired ids included)."""
    top: dict[int, int] = {p.numero: 0 for p in ref.phases}
    for ident in [c.id for c in ref.competences] + list(ref.ids_retires):
        match = re.match(r"^C(\d)-(\d{2,3})$", ident)
        if match and int(match.group(1)) in top:
            top[int(match.group(1))] = max(top[int(match.group(1))], int(match.group(2)))
    return top


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def draft_text(source: str, ref, additions: dict[int, list[Proposal]], version: str) -> str:
    """The referential's own text with the new version and, at the end of each phase's competences,
    its proposals (comments and layout of the rest kept as they were)."""
    import yaml

    root = yaml.compose(source, Loader=yaml.SafeLoader)
    lines = source.splitlines(keepends=True)
    inserts: list[tuple[int, list[str]]] = []
    replace_version = None
    for key, value in root.value:
        if key.value == "version":
            replace_version = value
        if key.value != "phases":
            continue
        for phase_node in value.value:
            fields = {k.value: v for k, v in phase_node.value}
            numero = int(fields["numero"].value)
            if numero not in additions:
                continue
            seq = fields["competences"]
            last = seq.value[-1]
            col = last.start_mark.column
            # After the item's last value (its mapping's end is the next token: comments and blank
            # lines in between belong to what follows).
            end = last.value[-1][1].end_mark
            at = end.line + (1 if end.column > 0 else 0)
            new = []
            for p in additions[numero]:
                new.append(" " * (col - 2) + f"- id: {p.new_id}  # PROPOSÉE, à accepter, reformuler ou retirer : voir la liste des changements\n")
                new.append(" " * col + f"texte: {_q(p.texte)}\n")
            inserts.append((at, new))
    if replace_version is not None:
        start, end = replace_version.start_mark, replace_version.end_mark
        line = lines[start.line]
        lines[start.line] = line[: start.column] + _q(version) + line[end.column :] if start.line == end.line else line
    for at, new in sorted(inserts, key=lambda x: -x[0]):
        lines[at:at] = new
    header = (
        f"# PROJET de version {version} (« ateliers amender », {dt.date.today().isoformat()}) : les compétences marquées\n"
        "# « PROPOSÉE » viennent des ateliers des territoires. Relisez chacune (liste des changements),\n"
        "# acceptez-la, reformulez-la ou retirez-la, puis vérifiez le fichier avec « ateliers valider ».\n"
    )
    text = "".join(lines)
    first_break = text.find("\n") + 1 if text.startswith("# yaml-language-server") else 0
    return text[:first_break] + header + text[first_break:]


def _with_schema(text: str, sortie: Path) -> str:
    """The draft's schema line, pointing at the project's schema from where the draft is written."""
    from ..lecture.importer import _schema_ref

    if not text.startswith("# yaml-language-server: $schema="):
        return text
    return f"# yaml-language-server: $schema={_schema_ref(sortie)}" + text[text.find("\n") :]


def changes_markdown(ref, version: str, files: list[Path], added: list[Proposal], present: list[Proposal], unplaced: list[Proposal], sortie: Path) -> str:
    out = [
        f"# Projet de version {version} du référentiel",
        "",
        f"« {ref.titre} », version {ref.version} → {version} (projet écrit le {dt.date.today().strftime('%d/%m/%Y')} par « ateliers amender »).",
        "",
        f"Projet : `{sortie.name}`. Synthèses lues : " + ", ".join(f"`{f}`" for f in files) + ".",
        "",
        "Rien n’est accepté d’office : pour chaque compétence ci-dessous, le groupe de travail décide de l’accepter telle quelle, de la reformuler, de la fusionner avec une autre ou de la retirer du projet (un identifiant retiré va dans `ids_retires`). Ensuite : `ateliers valider " + sortie.name + "`.",
        "",
        f"## Compétences ajoutées au projet ({len(added)})",
        "",
    ]
    if not added:
        out += ["Aucune.", ""]
    for phase in sorted({p.phase for p in added}):
        out += [f"### Phase {phase} — {ref.phase(phase).nom}", ""]
        for p in (p for p in added if p.phase == phase):
            out.append(f"- **{p.new_id}** « {p.texte} »")
            for origin in p.origins:
                out.append(f"  - venue de : {origin}")
            if p.acteurs:
                out.append(f"  - acteurs cités : {', '.join(p.acteurs)}")
        out.append("")
    out += [f"## Déjà dans le référentiel ({len(present)})", ""]
    out += [f"- « {p.texte} » = {p.existing} ; venue de : {' ; '.join(p.origins)}" for p in present] or ["Aucune."]
    out += ["", f"## Non ajoutées ({len(unplaced)})", ""]
    out += [f"- « {p.texte[:300]} » ; venue de : {' ; '.join(p.origins)} — {p.raison}" for p in unplaced] or ["Aucune."]
    return "\n".join(out) + "\n"


def amend(referentiel: Path | None, syntheses: list[Path], sortie: Path | None = None, version: str | None = None, force: bool = False) -> Amendment:
    from ..fichiers.atomic import write_all
    from ..entrees.loading import load_referentiel
    from ..fichiers.resources import embedded
    from ..entrees.yaml_source import read_text

    if not syntheses:
        raise InputError("Aucune synthèse à lire.", conseil="Donnez le fichier synthese.csv (ou le dossier) d’au moins un territoire.")
    path = Path(referentiel) if referentiel is not None else embedded().referentiel
    ref = load_referentiel(path)
    version = version or next_version(ref.version)
    if version == ref.version:
        raise InputError(f"La version du projet doit changer (elle est déjà {version}).", conseil="Indiquez une autre version avec --version, ex. 1.1.")
    sortie = Path(sortie) if sortie else Path(f"{path.stem}-{version}.yaml")
    changes_path = sortie.with_name(sortie.stem + "-changements.md")
    for target in (sortie, changes_path):
        if target.exists() and not force:
            raise InputError(f"Le fichier « {target} » existe déjà : il n’a pas été modifié.", conseil="Choisissez un autre nom avec --sortie, ou ajoutez --forcer pour le remplacer.")
    phases = {p.numero for p in ref.phases}
    merged: dict[tuple, Proposal] = {}
    for file in syntheses:
        for p in read_proposals(Path(file), phases):
            key = (p.phase, fold(p.texte))
            if key in merged:
                merged[key].origins += [o for o in p.origins if o not in merged[key].origins]
                merged[key].acteurs += [a for a in p.acteurs if a not in merged[key].acteurs]
            else:
                merged[key] = p
    from pydantic import TypeAdapter, ValidationError

    from ..entrees.models import Texte

    adapter = TypeAdapter(Texte)
    existing = {fold(c.texte): c.id for c in ref.competences}
    top = _next_numbers(ref)
    added, present, unplaced = [], [], []
    additions: dict[int, list[Proposal]] = {}
    for p in merged.values():
        if fold(p.texte) in existing:
            p.existing = existing[fold(p.texte)]
            present.append(p)
        elif p.phase is None:
            p.raison = "sans phase connue : à placer à la main dans une phase si elle est retenue"
            unplaced.append(p)
        else:
            try:
                p.texte = adapter.validate_python(p.texte)
            except ValidationError as exc:
                p.raison = "texte illisible tel quel (" + exc.errors()[0]["msg"].removeprefix("Value error, ") + ") : à reprendre à la main"
                unplaced.append(p)
                continue
            top[p.phase] += 1
            p.new_id = f"C{p.phase}-{top[p.phase]:02d}"
            added.append(p)
            additions.setdefault(p.phase, []).append(p)
    text = _with_schema(draft_text(read_text(path), ref, additions, version), sortie)
    with tempfile.TemporaryDirectory() as folder:  # the draft must pass « ateliers valider »
        trial = Path(folder) / sortie.name
        trial.write_text(text, encoding="utf-8")
        load_referentiel(trial)
    changes = changes_markdown(ref, version, [Path(f) for f in syntheses], added, present, unplaced, sortie)
    write_all([(sortie, text.encode("utf-8")), (changes_path, changes.encode("utf-8"))])  # both, or neither
    return Amendment(sortie, changes_path, version, added, present, unplaced)
