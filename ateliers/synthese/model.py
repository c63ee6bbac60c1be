"""The territory's competence map, from the filled worksheets: who holds what, what nobody
holds, what rests on a single actor (« ateliers synthese »)."""

from __future__ import annotations

import csv
import difflib
import io
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..fichiers.safe_cells import csv_row, csv_unquote
from ..lecture import Notice, Reading, Sheets, Unrecognised, fold
from ..lecture.statuts import A_TROUVER, A_VERIFIER, DETENUE, PARTIELLE, PORTEUR
from ..entrees.territoire import ReferentielTerritorial

# Coverage of a competence, each drawn apart: held by two actors or more, by one, in part,
# carried by the project leader himself, only leads « à vérifier », judged « à trouver »
# (nobody), and not reached (no row filled for it).
PORTEE, PISTES, NON_EXAMINEE = "portée", "à vérifier", "non examinée"
COUVERTURES = ("couverte", "fragile", "partielle", PORTEE, PISTES, "manquante", NON_EXAMINEE)
CSV_COLUMNS = ["N°", "Compétence", "Phase", "Couverture", "Acteur", "Type d'acteur", "Contact", "Statut", "Sources", "Commentaires"]


@dataclass
class Acteur:
    """An actor of the territory as the worksheets cite it (``models.Acteur`` is its
    declaration in the workshop file)."""

    key: str
    nom: str
    types: list[str] = field(default_factory=list)
    contacts: list[str] = field(default_factory=list)
    competences: list[str] = field(default_factory=list)  # held (détenue or partielle)
    variantes: list[str] = field(default_factory=list)
    a_verifier: list[str] = field(default_factory=list)  # cited with status « à vérifier »: not counted as held
    propositions: list[str] = field(default_factory=list)  # competences a group proposed, with this actor

    @property
    def cite(self) -> bool:
        """Named on at least one worksheet."""
        return bool(self.competences or self.a_verifier or self.propositions)


@dataclass
class CompetenceMap:
    id: str
    texte: str
    phase: int
    detenteurs: list[str] = field(default_factory=list)  # actor keys
    a_verifier: list[str] = field(default_factory=list)  # actor keys cited « à vérifier », not holders
    statuts: list[str] = field(default_factory=list)
    statut_de: dict[str, str] = field(default_factory=dict)  # holder key → its own status (détenue wins over partielle)
    porteur: list[str] = field(default_factory=list)  # one per reading that says « porteur de projet »: the names written with it, or ""
    commentaires: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    def couverture(self) -> str:
        if not self.detenteurs:
            if self.porteur:
                return PORTEE
            if "partielle" in self.statuts:
                return "partielle"
            if self.a_verifier:
                return PISTES
            return "manquante" if self.sources else NON_EXAMINEE
        if all(self.statut_de.get(k) == PARTIELLE for k in self.detenteurs):
            return "partielle"
        return "fragile" if len(self.detenteurs) == 1 else "couverte"


def coverage_phrase(counts: dict[str, int]) -> str:
    """« 3 couvertes, 1 fragile, 0 partielle, 2 manquantes », and the other categories when
    present (« 1 portée par le porteur de projet », « 2 à vérifier », « 5 non examinées »)."""

    def n(count: int, word: str, rest: str = "") -> str:
        return f"{count} {word}{'s' if count > 1 and word != PISTES else ''}{rest}"

    parts = [n(counts["couverte"], "couverte"), n(counts["fragile"], "fragile"), n(counts["partielle"], "partielle")]
    if counts[PORTEE]:
        parts.append(n(counts[PORTEE], "portée", " par le porteur de projet"))
    if counts[PISTES]:
        parts.append(n(counts[PISTES], PISTES))
    parts.append(n(counts["manquante"], "manquante"))
    if counts[NON_EXAMINEE]:
        parts.append(n(counts[NON_EXAMINEE], NON_EXAMINEE))
    return ", ".join(parts)


@dataclass
class Synthesis:
    vue: ReferentielTerritorial
    competences: dict[str, CompetenceMap]
    acteurs: dict[str, Acteur]
    proposed: list[Reading]
    unrecognised: list[Unrecognised]
    look_alikes: list[tuple[str, str]]
    notices: list[Notice] = field(default_factory=list)  # read by a guess, or facts about a file: to check

    def by_coverage(self, couverture: str) -> list[CompetenceMap]:
        return [c for c in self.competences.values() if c.couverture() == couverture]

    def counts(self, phase: int | None = None) -> dict[str, int]:
        items = [c for c in self.competences.values() if phase is None or c.phase == phase]
        return {k: sum(1 for c in items if c.couverture() == k) for k in COUVERTURES}


def _expand(key: str) -> str:
    words = {"st": "saint", "ste": "sainte", "cc": "communaute de communes", "asso": "association"}
    return " ".join(words.get(w, w) for w in key.split())


def _cite(acteurs: dict[str, Acteur], name: str, type_acteur: str, contact: str) -> Acteur:
    key = fold(name)
    acteur = acteurs.setdefault(key, Acteur(key, name))
    if name != acteur.nom and name not in acteur.variantes:
        acteur.variantes.append(name)
    if type_acteur and type_acteur not in acteur.types:
        acteur.types.append(type_acteur)
    if contact and contact not in acteur.contacts:
        acteur.contacts.append(contact)
    return acteur


def synthesise(vue: ReferentielTerritorial, sheets: Sheets) -> Synthesis:
    competences = {c.id: CompetenceMap(c.id, c.texte, c.phase) for c in vue.competences}
    for phase in vue.referentiel.phases:  # ids of non-retained phases are still known
        for c in phase.competences:
            competences.setdefault(c.id, CompetenceMap(c.id, c.texte, phase.numero))
    acteurs: dict[str, Acteur] = {}
    if vue.atelier:
        for declared in vue.atelier.acteurs:
            key = fold(declared.nom)
            acteurs[key] = Acteur(key, declared.nom, [declared.type.value], [declared.contact] if declared.contact else [])
    proposed = []
    unrecognised = list(sheets.unrecognised)
    for reading in sheets.readings:
        statut = reading.statut or (DETENUE if reading.acteurs else None)
        if reading.competence is None:
            proposed.append(reading)
            for name, type_acteur, contact in zip(reading.acteurs, reading.types, reading.contacts, strict=True):
                if fold(name):
                    acteur = _cite(acteurs, name, type_acteur, contact)
                    if reading.texte not in acteur.propositions:
                        acteur.propositions.append(reading.texte)
            continue
        entry = competences[reading.competence]
        if reading.row.where not in entry.sources:
            entry.sources.append(reading.row.where)
        if reading.commentaire:
            entry.commentaires.append(f"{reading.commentaire} ({reading.row.where})")
        if statut:
            entry.statuts.append(statut)
        if statut == PORTEUR:
            # The board's first column: the project leader carries it; never an actor of the mesh.
            entry.porteur.append(" ; ".join(reading.acteurs))
            continue
        leftovers = [v for v in (reading.type_acteur, reading.contact) if v]
        if statut == A_TROUVER and (reading.acteurs or leftovers):
            # Contradictory (an actor named, yet « à trouver »): kept aside, not guessed.
            value = " | ".join(reading.acteurs + leftovers)
            unrecognised.append(Unrecognised(reading.row.where, "acteur indiqué mais statut « à trouver »", value))
            continue
        if not reading.acteurs and leftovers:
            unrecognised.append(Unrecognised(reading.row.where, "type ou contact sans acteur", " | ".join(leftovers)))
        if statut == A_TROUVER:
            continue
        for name, type_acteur, contact in zip(reading.acteurs, reading.types, reading.contacts, strict=True):
            if not fold(name):
                continue
            acteur = _cite(acteurs, name, type_acteur, contact)
            if statut == A_VERIFIER:
                if acteur.key not in entry.a_verifier and acteur.key not in entry.detenteurs:
                    entry.a_verifier.append(acteur.key)
                if entry.id not in acteur.a_verifier:
                    acteur.a_verifier.append(entry.id)
                continue
            if acteur.key not in entry.detenteurs:
                entry.detenteurs.append(acteur.key)
            if entry.statut_de.get(acteur.key) != DETENUE:
                entry.statut_de[acteur.key] = PARTIELLE if statut == PARTIELLE else DETENUE
            if acteur.key in entry.a_verifier:
                entry.a_verifier.remove(acteur.key)
            if entry.id not in acteur.competences:
                acteur.competences.append(entry.id)
    # Names that are probably the same actor, never merged silently: flagged.
    keys = sorted(acteurs)
    look_alikes = []
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            if _expand(a) == _expand(b) or difflib.SequenceMatcher(None, _expand(a), _expand(b)).ratio() >= 0.9:
                look_alikes.append((acteurs[a].nom, acteurs[b].nom))
    retained = {c.id for c in vue.competences}
    kept = {k: v for k, v in competences.items() if k in retained or v.sources}
    return Synthesis(vue, kept, acteurs, proposed, unrecognised, look_alikes, list(sheets.notices))


# ---------------------------------------------------------------- CSV


def _csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerows(csv_row(row) for row in rows)  # never a formula in a spreadsheet
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # BOM: French Excel reads UTF-8


PROPOSEE = "proposée"  # the coverage column's value for a competence a group adds


def proposed_ids(s: Synthesis) -> list[str]:
    """The id of each proposed reading, shared by synthese.csv and the mesh: the number the
    group wrote, else (or when another row has it) P1, P2…; one per worksheet row (a row read
    as several readings, one per actor status, keeps one id)."""
    ids: list[str] = []
    seen: dict[tuple[str, str], str] = {}
    for r in s.proposed:
        key = (r.row.where, r.texte)
        if key not in seen:
            taken = set(seen.values())
            seen[key] = r.numero if r.numero and r.numero not in taken and r.numero not in s.competences else f"P{len(seen) + 1}"
        ids.append(seen[key])
    return ids


def link_status(c: CompetenceMap, key: str) -> str:
    """The status of one holder's link to a competence (the CSV's Statut and the mesh's links):
    that actor's own, never its neighbours'."""
    return c.statut_de.get(key, DETENUE)


def synthesis_csv(s: Synthesis) -> bytes:
    rows = [CSV_COLUMNS]
    for c in s.competences.values():
        base = [c.id, c.texte, str(c.phase), c.couverture()]
        tail = [" ; ".join(c.sources), " ; ".join(c.commentaires)]
        for names in dict.fromkeys(c.porteur):  # the project leader: a status, never an actor of the mesh
            rows.append(base + [names, "", "", PORTEUR] + tail)
        if not c.porteur and not c.detenteurs and not c.a_verifier:
            rows.append(base + ["", "", "", c.statuts[-1] if c.statuts else ""] + tail)
        for key in c.detenteurs:
            a = s.acteurs[key]
            rows.append(base + [a.nom, ", ".join(a.types), ", ".join(a.contacts), link_status(c, key)] + tail)
        for key in c.a_verifier:
            a = s.acteurs[key]
            rows.append(base + [a.nom, ", ".join(a.types), ", ".join(a.contacts), A_VERIFIER] + tail)
    for r, ident in zip(s.proposed, proposed_ids(s), strict=True):  # every field of a proposed competence, one line per actor
        base = [ident, r.texte, str(r.phase or ""), PROPOSEE]
        tail = [r.row.where, r.commentaire.replace("\n", " ; ")]
        statut = r.statut or (DETENUE if r.acteurs else "")
        if not r.acteurs:
            rows.append(base + ["", r.type_acteur.replace("\n", " ; "), r.contact.replace("\n", " ; "), statut] + tail)
        for name, type_acteur, contact in zip(r.acteurs, r.types, r.contacts, strict=True):
            rows.append(base + [s.acteurs[fold(name)].nom if fold(name) in s.acteurs else name, type_acteur, contact, statut] + tail)
    return _csv(rows)


def matrix_csv(s: Synthesis) -> bytes:
    """Competences × actors: « x » held, « ? » cited « à vérifier »; proposed competences last."""
    keys = sorted(s.acteurs, key=lambda k: s.acteurs[k].nom.casefold())
    rows = [["N°", "Compétence", "Couverture"] + [s.acteurs[k].nom for k in keys]]
    for c in s.competences.values():
        rows.append([c.id, c.texte, c.couverture()] + ["x" if k in c.detenteurs else "?" if k in c.a_verifier else "" for k in keys])
    for r in s.proposed:
        cited = {fold(n) for n in r.acteurs}
        mark = "?" if r.statut == A_VERIFIER else "" if r.statut == A_TROUVER else "x"
        rows.append([r.numero, r.texte, PROPOSEE] + [mark if k in cited else "" for k in keys])
    return _csv(rows)


def read_previous(path: Path) -> dict[str, tuple[str, set[str]]]:
    """A previous synthese.csv: coverage and holders per competence."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        raise InputError(f"L’ancienne synthèse « {path} » est illisible.", conseil="Indiquez le fichier synthese.csv d’une synthèse précédente.") from None
    lines = [[csv_unquote(c) for c in line] for line in csv.reader(io.StringIO(text), delimiter=";")]
    if not lines or [fold(c) for c in lines[0][:4]] != [fold(c) for c in CSV_COLUMNS[:4]]:
        raise InputError(f"« {path.name} » n’est pas un fichier synthese.csv (ligne 1).", conseil="Indiquez le fichier synthese.csv d’une synthèse précédente.")
    previous: dict[str, tuple[str, set[str]]] = {}
    statut = next((i for i, name in enumerate(lines[0]) if fold(name) == "statut"), None)
    for line in lines[1:]:
        if len(line) < 5 or line[3] == PROPOSEE:
            continue
        if statut is not None and len(line) > statut and line[statut] not in ("", DETENUE, PARTIELLE):
            line = line[:4] + [""]  # cited « à vérifier »: not a holder
        cov, holders = previous.get(line[0], (line[3], set()))
        if line[4]:
            holders.add(line[4])
        previous[line[0]] = (line[3], holders)
    return previous


@dataclass
class Changes:
    newly_covered: list[str]
    newly_missing: list[str]
    new_acteurs: list[str]
    vanished_acteurs: list[str]
    liens_avant: list[tuple[str, str]] = field(default_factory=list)  # (competence id, actor name) before


def compare(s: Synthesis, previous: dict[str, tuple[str, set[str]]]) -> Changes:
    now = {c.id: c.couverture() for c in s.competences.values()}
    missing = ("manquante", PISTES, NON_EXAMINEE)
    before_acteurs = {fold(n): n for _, (_, holders) in previous.items() for n in holders}
    now_acteurs = {k: a.nom for k, a in s.acteurs.items() if a.competences}
    return Changes(
        [i for i, cov in now.items() if cov not in missing and previous.get(i, ("manquante", set()))[0] in missing],
        [i for i, cov in now.items() if cov in missing and i in previous and previous[i][0] not in missing],
        sorted(n for k, n in now_acteurs.items() if k not in before_acteurs),
        sorted(n for k, n in before_acteurs.items() if k not in now_acteurs),
        sorted((i, n) for i, (_, holders) in previous.items() for n in holders),
    )


# ---------------------------------------------------------------- outputs


def describe_proposed(r: Reading) -> str:
    """A proposed competence with every field the group wrote."""
    who = []
    for name, type_acteur, contact in zip(r.acteurs, r.types, r.contacts, strict=True):
        details = ", ".join(filter(None, [type_acteur, contact]))
        who.append(f"{name} ({details})" if details else name)
    parts = [f"{r.numero} — {r.texte}" if r.numero else r.texte, f"qui : {' ; '.join(who)}" if who else "aucun acteur"]
    if not r.acteurs and (r.type_acteur or r.contact):
        parts.append(" ; ".join(filter(None, [r.type_acteur, r.contact])).replace("\n", " ; "))
    if r.statut:
        parts.append(f"statut : {r.statut}")
    if r.commentaire:
        parts.append(f"commentaire : {r.commentaire}".replace("\n", " ; "))
    return " — ".join(parts) + f" ({r.row.where})"
