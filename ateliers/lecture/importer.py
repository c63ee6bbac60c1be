"""``ateliers importer``: a referential from the document it was written in.

Two shapes are read:

- a Word document shaped like the source fiche: for each phase a paragraph « Phase N : Nom »
  (with or without an arrow), then a two-column table, major steps on the left, competences on
  the right, one item per paragraph (bullets « • » or not), possibly over several rows and
  several tables; optionally, after a heading « En résumé » (or « Synthèse »), a table whose
  rows alternate group names and their items;
- a spreadsheet or a CSV with the columns Phase, Nom de la phase, Type (étape, compétence or
  synthèse), Texte, and optionally Groupe (the summary group of a « synthèse » row).

Nothing is invented: every item is a paragraph or a row of the file, and anything that cannot be
read is named by file, table and row. Ids follow the referential's rules (E<phase>-01…,
C<phase>-01…, R-<GROUPE>-01…). The metadata the document does not carry (authors, credit) are
written as « À compléter » and listed, for the working group to fill in before printing.
"""

from __future__ import annotations

import json
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError, Location, Problem, ValidationFailed

A_COMPLETER = "À compléter"
MAX_ITEMS = 2000  # far more than any referential: a runaway file is refused, not read on
_PHASE = re.compile(r"^\W*phase\s*(\d{1,2})\s*[:.\-–—)]\s*(.*)$", re.IGNORECASE)
_ASIDE = re.compile(r"^(.*\S)\s*\(([^()]{3,})\)\W*$")
_RESUME = re.compile(r"^\W*(?:[IVX]+\s*[.)-]\s*)?(en\s+r[ée]sum[ée]|synth[èe]se|r[ée]sum[ée])\b", re.IGNORECASE)
_BULLET = re.compile(r"^\s*(?:[•◦▪●○■□‣⁃∙·*]|-(?=\s)|\d{1,2}[.)](?=\s))\s*")
_ROMAN = re.compile(r"^\s*[IVX]{1,4}\s*[.)\-–]\s+")
_SPLIT_BULLETS = re.compile(r"\s*•\s*")


@dataclass
class Item:
    texte: str
    where: Location


@dataclass
class PhaseDraft:
    numero: int
    nom: str
    where: Location
    notes: list[str] = field(default_factory=list)
    etapes: list[Item] = field(default_factory=list)
    competences: list[Item] = field(default_factory=list)


@dataclass
class GroupDraft:
    nom: str
    where: Location
    elements: list[Item] = field(default_factory=list)


@dataclass
class Draft:
    """What was read, before ids: phases, summary groups, headings and what was left aside."""

    fichier: Path
    titre: str = ""
    introduction: list[str] = field(default_factory=list)
    introduction_resume: str | None = None
    phases: list[PhaseDraft] = field(default_factory=list)
    resume: list[GroupDraft] = field(default_factory=list)
    libelle_partie_phases: str = ""
    libelle_partie_resume: str = ""
    libelle_etapes: str = ""
    libelle_competences: str = ""
    problems: list[Problem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)  # read but left aside, said to the user

    def items(self) -> list[Item]:
        return [i for p in self.phases for i in (*p.etapes, *p.competences)] + [i for g in self.resume for i in g.elements]


@dataclass
class ImportResult:
    chemin: Path
    referentiel: object  # the validated Referentiel
    notices: list[str]
    a_completer: list[str]

    def lines(self) -> list[str]:
        """What was written, in French, a line each (« ateliers importer » prints them)."""
        ref = self.referentiel
        lines = [
            f"Référentiel écrit : {self.chemin}",
            f"  {len(ref.phases)} phases, {len(ref.etapes)} étapes, {len(ref.competences)} compétences, {len(ref.elements_resume)} éléments de synthèse",
        ]
        lines += [f"    {p.titre} : {len(p.etapes)} étapes, {len(p.competences)} compétences" for p in ref.phases]
        lines += [f"  Non repris : {notice}" for notice in self.notices]
        lines.append("À compléter avant d’imprimer : " + ", ".join(self.a_completer) + ".")
        lines.append(f"Puis vérifiez-le avec : ateliers valider {self.chemin}")
        return lines


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def _one_line(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


_NOTE = re.compile(r"^(?:point d.attention|attention|remarque|nb|n\.b\.|à noter|a noter)\b", re.IGNORECASE)
_HAS_BULLET = re.compile(r"^\s*(?:[•◦▪●○■□‣⁃∙·*]|[-–](?=\s))")


def split_cell(text: str) -> tuple[list[str], list[str]]:
    """A cell's items and notes. Items: one per paragraph (or line), bullets dropped; « • a • b » on
    one line is two. Notes: a paragraph « Point d’attention… », « Remarque… », or, in a cell whose
    items have bullets, a paragraph without one (the source's italic remark under its list)."""
    lines = [line.strip() for line in text.replace("\r", "\n").split("\n") if line.strip()]
    bulleted = any("•" in line or _HAS_BULLET.match(line) for line in lines)
    items, notes = [], []
    for line in lines:
        if _NOTE.match(line) or (bulleted and "•" not in line and not _HAS_BULLET.match(line)):
            notes.append(_one_line(line))
            continue
        pieces = _SPLIT_BULLETS.split(line) if "•" in line else [line]
        for piece in pieces:
            piece = _one_line(_BULLET.sub("", piece, count=1))
            if piece:
                items.append(piece)
    return items, notes


def items_of(text: str) -> list[str]:
    """A cell's items (see :func:`split_cell`)."""
    return split_cell(text)[0]


# ---------------------------------------------------------------- Word


def _body_blocks(path: Path):
    """The document body in order: ("p", text) and ("tbl", SourceTable)."""
    from lxml import etree

    from . import docx as wx

    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("word/document.xml"), wx._PARSER)
        try:
            core = etree.fromstring(archive.read("docProps/core.xml"), wx._PARSER)
            title = next((el.text or "" for el in core if wx._local(el) == "title"), "")
        except (KeyError, etree.XMLSyntaxError):
            title = ""
    body = root.find(wx._q("body"))
    blocks = []
    n_tables = 0
    for child in (body if body is not None else []):
        for el in _flatten(child, wx):
            name = wx._local(el)
            if name == "p":
                blocks.append(("p", _one_line(wx.cell_text(el))))
            elif name == "tbl":
                n_tables += 1
                blocks.append(("tbl", wx.read_table(el, f"tableau {n_tables}")))
    return blocks, _one_line(title)


def _flatten(el, wx):
    """Paragraphs and tables, seeing through content controls and custom XML."""
    name = wx._local(el)
    if name in ("p", "tbl"):
        yield el
    elif name in ("sdt", "customXml"):
        content = el.find(wx._q("sdtContent")) if name == "sdt" else el
        for child in (content if content is not None else []):
            yield from _flatten(child, wx)


def read_word(path: Path) -> Draft:
    draft = Draft(path)
    blocks, title = _body_blocks(path)
    phase: PhaseDraft | None = None
    in_resume = False
    resume_tables = []
    before: list[str] = []  # the summary's introduction
    for kind, value in blocks:
        if kind == "p":
            text = value
            if not text:
                continue
            match = _PHASE.match(text)
            if match and not in_resume:
                numero, nom = int(match.group(1)), _one_line(match.group(2)).strip("*_ ")
                where = Location(path.name, None, None, f"paragraphe « {text[:60]} »")
                if not nom:
                    draft.problems.append(Problem(where, f"la phase {numero} n’a pas de nom.", "Écrivez-le après les deux-points : « Phase 1 : L’émergence »."))
                aside = _ASIDE.match(nom)
                notes = []
                if aside:  # « Le fonctionnement (souvent en lien avec une phase d’essai) »: the name, and a note
                    nom, remark = aside.group(1), aside.group(2).strip()
                    notes.append(remark[:1].upper() + remark[1:] + ("" if remark.endswith((".", "!", "?", "…")) else "."))
                phase = PhaseDraft(numero, nom, where, notes)
                draft.phases.append(phase)
                continue
            if _RESUME.match(text) and draft.phases:
                draft.libelle_partie_resume = _ROMAN.sub("", text)
                in_resume = True
                phase = None
                continue
            if in_resume:
                before.append(text)
            elif phase is None and _ROMAN.match(text):
                draft.libelle_partie_phases = _ROMAN.sub("", text)  # « I. Les compétences requises… »
            elif phase is None:
                draft.introduction.append(text)
            else:
                phase.notes.append(text)
        else:
            table = value
            if in_resume:
                resume_tables.append(table)
            elif phase is None:
                draft.notices.append(f"{path.name}, {table.place} : tableau placé avant la première phase, non lu (seuls les tableaux qui suivent un paragraphe « Phase N : Nom » le sont).")
            else:
                _read_phase_table(path, table, phase, draft)
    # The title: the document's own (its properties), else its first paragraph when short, else its name.
    if title:
        draft.titre = title
    elif draft.introduction and len(draft.introduction[0]) <= 200:
        draft.titre = draft.introduction.pop(0)
    if in_resume:
        draft.introduction_resume = " ".join(before) if before else None
        for table in resume_tables:
            _read_resume_table(path, table, draft)
    if not draft.phases:
        draft.problems.append(
            Problem(
                Location(path.name),
                "aucune phase trouvée : aucun paragraphe « Phase 1 : Nom de la phase ».",
                "Chaque phase commence par un paragraphe « Phase N : Nom » (flèche facultative), suivi de son tableau à deux colonnes : grandes étapes, compétences.",
            )
        )
    for p in draft.phases:
        if not p.etapes and not p.competences:
            draft.problems.append(Problem(p.where, f"la phase {p.numero} n’est suivie d’aucun tableau lisible.", "Placez sous ce paragraphe un tableau à deux colonnes : grandes étapes à gauche, compétences à droite."))
    return draft


def _read_phase_table(path: Path, table, phase: PhaseDraft, draft: Draft) -> None:
    rows = [(line, [c for c in cells]) for line, cells in table.rows]
    widths = {len(cells) for _, cells in rows if any(c is not None and c.text.strip() for c in cells)}
    if not rows:
        return
    if max(widths or {0}) > 2 or min(widths or {2}) < 1:
        draft.problems.append(
            Problem(
                Location(path.name, None, None, table.place),
                f"le tableau de la phase {phase.numero} a {max(widths)} colonnes : deux sont attendues (grandes étapes, compétences).",
                "Fusionnez ou supprimez les colonnes en trop dans Word, puis relancez l’import.",
            )
        )
        return
    for index, (line, cells) in enumerate(rows):
        left = cells[0].text if cells and cells[0] is not None else ""
        right = cells[1].text if len(cells) > 1 and cells[1] is not None else ""
        if index == 0 and _is_header(left, right):  # each table's own header row (a table split in two repeats it)
            draft.libelle_etapes = draft.libelle_etapes or _one_line(left)
            draft.libelle_competences = draft.libelle_competences or _one_line(right)
            continue
        for column, (cell, target, what) in enumerate(((left, phase.etapes, "grandes étapes"), (right, phase.competences, "compétences")), start=1):
            items, notes = split_cell(cell)
            for text in items:
                target.append(Item(text, Location(path.name, line, column, f"{table.place}, colonne des {what}")))
            for note in notes:
                phase.notes.append(note)
                draft.notices.append(f"{path.name}, {table.place}, ligne {line} : « {note[:80]} » est lu comme une remarque de la phase {phase.numero}, pas comme un élément.")
    for _, text in table.hidden:
        draft.notices.append(f"{path.name}, {table.place} : texte caché sous une cellule fusionnée, non lu : « {_one_line(text)[:80]} ».")


def _is_header(left: str, right: str) -> bool:
    return "etape" in fold(left) and "competence" in fold(right) and "•" not in left + right


def _read_resume_table(path: Path, table, draft: Draft) -> None:
    """Rows alternate group names (short cells) and their items (the cells below)."""
    names: list[GroupDraft | None] = []
    for line, cells in table.rows:
        texts = [c.text if c is not None else "" for c in cells]
        if not any(t.strip() for t in texts):
            continue
        if not names or _is_names_row(texts, names):
            names = []
            for c, text in enumerate(texts):
                name = _one_line(text)
                if name:
                    group = GroupDraft(name[:1].upper() + name[1:], Location(path.name, line, c + 1, table.place))
                    draft.resume.append(group)
                    names.append(group)
                else:
                    names.append(None)
            continue
        for c, text in enumerate(texts):
            group = names[c] if c < len(names) else None
            for item in items_of(text):
                if group is None:
                    draft.problems.append(Problem(Location(path.name, line, c + 1, table.place), f"« {item[:60]} » n’est sous aucun nom de groupe de la synthèse.", "Écrivez le nom du groupe dans la cellule au-dessus."))
                    break
                group.elements.append(Item(item, Location(path.name, line, c + 1, table.place)))


def _is_names_row(texts: list[str], names: list) -> bool:
    """A row of group names follows a row of items: every non-empty cell is one short line."""
    filled = [t for t in texts if t.strip()]
    return all("\n" not in t.strip() and "•" not in t and len(t) < 80 for t in filled) and any(
        g is not None and g.elements for g in names
    )


# ---------------------------------------------------------------- spreadsheets and CSV

_COLUMNS = {
    "phase": "phase",
    "numero de la phase": "phase",
    "n de la phase": "phase",
    "nom de la phase": "nom",
    "phase nom": "nom",
    "type": "type",
    "texte": "texte",
    "intitule": "texte",
    "groupe": "groupe",
    "groupe de synthese": "groupe",
    "groupe de la synthese": "groupe",
    "groupe du resume": "groupe",
}
REQUIRED = ("phase", "nom", "type", "texte")


def _column(header: str) -> str | None:
    return _COLUMNS.get(fold(header))


def read_table_file(path: Path, tables) -> Draft:
    draft = Draft(path, titre="")
    found = False
    for table in tables:
        layout = None
        for line, cells in table.rows:
            texts = [c.text if c is not None else "" for c in cells]
            if layout is None:
                columns = [_column(t) for t in texts]
                if all(k in columns for k in REQUIRED):
                    layout = columns
                    found = True
                elif not draft.titre and len([t for t in texts if t.strip()]) == 1:
                    draft.titre = _one_line(next(t for t in texts if t.strip()))  # a title above the header
                continue
            _read_row(path, table.place, line, dict(_cells(layout, texts)), draft)
    if not found:
        draft.problems.append(
            Problem(
                Location(path.name),
                "aucun tableau n’a les colonnes « Phase », « Nom de la phase », « Type », « Texte ».",
                "Ajoutez cette ligne de titres au-dessus des lignes (et, pour la synthèse, une colonne « Groupe »).",
            )
        )
    draft.titre = draft.titre or path.stem
    return draft


def _csv_table(path: Path):
    """The CSV as one table, split on the separator (; , or tab) that gives the import's header
    (the worksheet reader's guess counts separators, and the texts are full of commas)."""
    import csv
    import io

    from .delimited import SEPARATORS, decode
    from .model import Cell, SourceTable

    text = decode(path.read_bytes()).lstrip("\ufeff").replace("\x00", "")
    chosen = None
    for separator in SEPARATORS:
        try:
            lines = list(csv.reader(io.StringIO(text, newline=""), delimiter=separator))
        except csv.Error:
            continue
        chosen = chosen or lines
        if any(all(k in [_column(t) for t in line] for k in REQUIRED) for line in lines[:10]):
            chosen = lines
            break
    return SourceTable("tableau 1", [(n, [Cell(v) for v in line]) for n, line in enumerate(chosen or [], start=1)])


def _cells(layout, texts):
    for key, text in zip(layout, texts):
        if key is not None:
            yield key, text.strip()


def _read_row(path: Path, place: str, line: int, row: dict[str, str], draft: Draft) -> None:
    if not any(row.values()):
        return
    where = Location(path.name, line, None, place)
    kind = fold(row.get("type", ""))
    texte = _one_line(_BULLET.sub("", row.get("texte", ""), count=1))
    if not texte:
        draft.problems.append(Problem(where, "la ligne n’a pas de texte (colonne « Texte »).", "Écrivez l’élément, ou videz toute la ligne."))
        return
    if "synthese" in kind or "resume" in kind:
        name = _one_line(row.get("groupe", ""))
        if not name:
            draft.problems.append(Problem(where, f"« {texte[:60]} » est un élément de synthèse sans groupe (colonne « Groupe »).", "Écrivez le nom de son groupe, ex. « Savoir-faire relationnel »."))
            return
        group = next((g for g in draft.resume if fold(g.nom) == fold(name)), None)
        if group is None:
            group = GroupDraft(name, where)
            draft.resume.append(group)
        group.elements.append(Item(texte, where))
        return
    if "etape" not in kind and "competence" not in kind:
        draft.problems.append(Problem(where, f"type « {row.get('type', '')} » non reconnu.", "Écrivez « étape », « compétence » ou « synthèse »."))
        return
    raw = row.get("phase", "").strip()
    match = re.match(r"^(?:phase\s*)?(\d{1,2})(?:[.,]0+)?$", raw, re.IGNORECASE)
    if not match:
        draft.problems.append(Problem(where, f"numéro de phase « {raw} » non reconnu.", "Écrivez le numéro de la phase : 1, 2, 3…"))
        return
    numero = int(match.group(1))
    phase = next((p for p in draft.phases if p.numero == numero), None)
    nom = _one_line(row.get("nom", ""))
    if phase is None:
        phase = PhaseDraft(numero, nom, where)
        draft.phases.append(phase)
    elif nom and not phase.nom:
        phase.nom = nom
    elif nom and fold(nom) != fold(phase.nom):
        draft.problems.append(Problem(where, f"la phase {numero} s’appelle ici « {nom} », mais « {phase.nom} » plus haut.", "Donnez-lui le même nom sur toutes ses lignes."))
    (phase.etapes if "etape" in kind else phase.competences).append(Item(texte, where))


# ---------------------------------------------------------------- checks and ids


def _check(draft: Draft) -> None:
    from pydantic import TypeAdapter, ValidationError

    from ..entrees.models import Nom, Texte

    texte, nom = TypeAdapter(Texte), TypeAdapter(Nom)

    def valid(adapter, value: str, where: Location, what: str) -> None:
        try:
            adapter.validate_python(value)
        except ValidationError as exc:
            reason = exc.errors()[0]["msg"].removeprefix("Value error, ")
            if exc.errors()[0]["type"] == "string_too_long":
                reason = f"texte trop long ({len(value)} caractères)"
            draft.problems.append(Problem(where, f"{what} « {value[:60]}… » ne peut pas être repris : {reason}.", "Corrigez-le dans le document, puis relancez l’import."))

    numbers = [p.numero for p in draft.phases]
    if draft.phases and sorted(numbers) != list(range(1, len(numbers) + 1)):
        draft.problems.append(
            Problem(
                Location(draft.fichier.name),
                f"les phases lues sont {', '.join(map(str, numbers))} : elles doivent se suivre à partir de 1, chacune une fois.",
                "Vérifiez les paragraphes (ou la colonne) « Phase » : un numéro manque ou revient deux fois.",
            )
        )
    if len(draft.items()) > MAX_ITEMS:
        raise InputError(f"« {draft.fichier.name} » contient plus de {MAX_ITEMS} éléments : ce n’est pas un référentiel.", conseil="Vérifiez le fichier.")
    for p in draft.phases:
        if p.nom:
            valid(nom, p.nom, p.where, f"le nom de la phase {p.numero}")
        else:
            draft.problems.append(Problem(p.where, f"la phase {p.numero} n’a pas de nom.", "Écrivez-le (colonne « Nom de la phase » ou après « Phase N : »)."))
        if (p.etapes or p.competences) and not p.etapes:
            draft.problems.append(Problem(p.where, f"la phase {p.numero} n’a aucune grande étape.", "Chaque phase a au moins une grande étape et une compétence."))
        if (p.etapes or p.competences) and not p.competences:
            draft.problems.append(Problem(p.where, f"la phase {p.numero} n’a aucune compétence.", "Chaque phase a au moins une grande étape et une compétence."))
        for item in p.etapes:
            valid(texte, item.texte, item.where, "l’étape")
        for item in p.competences:
            valid(texte, item.texte, item.where, "la compétence")
    for g in draft.resume:
        valid(nom, g.nom, g.where, "le groupe")
        for item in g.elements:
            valid(texte, item.texte, item.where, "l’élément")


def group_ids(names: list[str]) -> list[str]:
    """R-<LETTERS> from each group's name, unique: the initials of its words (« Savoir-faire
    relationnel » → R-SFR), or the first three letters of a single word (« Posture » → R-POS)."""
    ids: list[str] = []
    for name in names:
        words = [w for w in fold(name).upper().split() if w.isascii() and w.isalpha()]
        significant = [w for w in words if len(w) > 2] or words
        if len(significant) >= 2:
            letters = "".join(w[0] for w in significant)[:6]
        else:
            letters = (significant[0] if significant else "")[:3]
        letters = (letters + "GRP")[:max(2, len(letters))] if len(letters) < 2 else letters
        candidate, n = letters, 0
        while f"R-{candidate}" in ids:
            candidate = letters[:5] + "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[n % 26]
            n += 1
        ids.append(f"R-{candidate}")
    return ids


# ---------------------------------------------------------------- writing


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def render(draft: Draft, version: str = "0.1") -> tuple[str, list[str]]:
    """The referential's YAML, commented, and the metadata left « À compléter »."""
    source = draft.fichier.name
    todo = ["source.auteurs", "source.groupe_de_travail", "projet (nom, designation, accroche)"]
    titre = draft.titre or draft.fichier.stem
    introduction = " ".join(draft.introduction) or f"Référentiel importé de « {source} »."
    lines = [
        "# yaml-language-server: $schema=referentiel.schema.json",
        "#",
        f"# Référentiel importé de « {source} » par « ateliers importer ».",
        "# Relisez-le, complétez les valeurs « À compléter » (auteurs, groupe de travail, projet),",
        "# puis vérifiez-le avec « ateliers valider ». Règles des identifiants : voir le README,",
        "# « Amender le référentiel » (un identifiant n’est jamais modifié ni réutilisé).",
        "",
        f"titre: {_q(titre)}",
        f"version: {_q(version)}",
        "source:",
        f"  titre: {_q(f'Importé de « {source} »')}",
        "  auteurs:",
        f"    - {_q(A_COMPLETER)}  # À COMPLÉTER",
        f"  groupe_de_travail: {_q(A_COMPLETER)}  # À COMPLÉTER",
        f"  credit: {_q(f'Source : {titre}')}",
        f"introduction: {_q(introduction)}",
    ]
    if draft.introduction_resume:
        lines.append(f"introduction_resume: {_q(draft.introduction_resume)}")
    lines += [
        "# Le type de projet, dans les mots imprimés (guide, affiche d’annonce, mots-clés) : À COMPLÉTER.",
        "# projet:",
        "#   nom: tiers-lieu",
        "#   designation: un projet de tiers-lieu",
        "#   accroche: Faire vivre un tiers-lieu demande des compétences que portent plusieurs acteurs.",
    ]
    if draft.libelle_etapes or draft.libelle_competences or draft.libelle_partie_phases or draft.libelle_partie_resume:
        lines.append("libelles:")
        if draft.libelle_partie_phases:
            lines.append(f"  partie_phases: {_q(draft.libelle_partie_phases)}")
        if draft.libelle_partie_resume:
            lines.append(f"  partie_resume: {_q(draft.libelle_partie_resume)}")
        if draft.libelle_etapes:
            lines.append(f"  etapes: {_q(draft.libelle_etapes)}")
        if draft.libelle_competences:
            lines.append(f"  competences: {_q(draft.libelle_competences)}")
    lines += ["ids_retires: []", "", "phases:"]
    for p in sorted(draft.phases, key=lambda p: p.numero):
        lines += [f"  - numero: {p.numero}", f"    nom: {_q(p.nom)}"]
        if p.notes:
            lines.append("    notes:")
            lines += [f"      - {_q(n)}" for n in p.notes]
        lines.append("    etapes:")
        for i, item in enumerate(p.etapes, start=1):
            lines += [f"      - id: E{p.numero}-{i:02d}", f"        texte: {_q(item.texte)}"]
        lines.append("    competences:")
        for i, item in enumerate(p.competences, start=1):
            lines += [f"      - id: C{p.numero}-{i:02d}", f"        texte: {_q(item.texte)}"]
    if draft.resume:
        lines += ["", "resume:"]
        for gid, g in zip(group_ids([g.nom for g in draft.resume]), draft.resume):
            lines += [f"  - id: {gid}", f"    nom: {_q(g.nom)}", "    elements:"]
            for i, item in enumerate(g.elements, start=1):
                lines += [f"      - id: {gid}-{i:02d}", f"        texte: {_q(item.texte)}"]
    return "\n".join(lines) + "\n", list(dict.fromkeys(todo))


def read_document(path: Path) -> Draft:
    """A Word document or a spreadsheet/CSV, told by content; bounded by the worksheet readers' limits."""
    from .files import open_tables

    found = open_tables(path)  # size, archive and format checks; the tables of a spreadsheet or CSV
    if found.kind == "docx":
        draft = read_word(path)
    elif found.kind == "csv":
        draft = read_table_file(path, [_csv_table(path)])
    elif found.kind in ("xlsx", "ods"):
        draft = read_table_file(path, found.tables)
    else:
        raise InputError(
            f"« {path.name} » est un document {found.kind.upper()}, qui n’est pas importé.",
            conseil="Enregistrez-le en .docx (Word) ou exportez le tableau en .xlsx, .ods ou .csv.",
        )
    if found.tracked:
        draft.notices.append(f"{path.name} : des modifications suivies ne sont pas encore acceptées ; elles sont lues comme acceptées.")
    _check(draft)
    return draft


def _schema_ref(sortie: Path) -> str:
    """The schema beside the project's files, relative to the written file when close, else absolute."""
    import os

    from ..fichiers.resources import embedded

    schema = embedded().root / "referentiel.schema.json"
    try:
        relative = os.path.relpath(schema, sortie.resolve().parent)
    except ValueError:
        return schema.as_posix()
    return Path(relative).as_posix() if not relative.startswith("../..") else schema.as_posix()


def default_output(path: Path) -> Path:
    from ..fichiers.slugs import slugify

    stem = slugify(path.stem)
    return Path(stem if stem.startswith("referentiel") else f"referentiel-{stem}").with_suffix(".yaml")


def import_referentiel(path: Path, sortie: Path | None = None, force: bool = False) -> ImportResult:
    """Read ``path``, write the referential (validated) to ``sortie``; nothing written on a problem."""
    from ..fichiers.atomic import write_text
    from ..entrees.loading import load_referentiel

    draft = read_document(path)
    if draft.problems:
        raise ValidationFailed(path, draft.problems)
    sortie = sortie or default_output(path)
    if sortie.suffix.lower() not in (".yaml", ".yml"):
        raise InputError(f"« {sortie.name} » : le référentiel s’écrit dans un fichier .yaml.", conseil="Exemple : --sortie referentiel-tiers-lieux.yaml")
    if sortie.exists() and not force:
        raise InputError(f"Le fichier « {sortie} » existe déjà : il n’a pas été modifié.", conseil="Choisissez un autre nom avec --sortie, ou ajoutez --forcer pour le remplacer.")
    import tempfile

    text, todo = render(draft)
    text = text.replace("$schema=referentiel.schema.json", f"$schema={_schema_ref(sortie)}", 1)
    with tempfile.TemporaryDirectory() as folder:  # checked as « ateliers valider » does, before writing
        trial = Path(folder) / sortie.name
        trial.write_text(text, encoding="utf-8")
        ref = load_referentiel(trial)
    write_text(sortie, text)
    return ImportResult(sortie, ref, draft.notices, todo)
