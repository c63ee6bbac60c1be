"""The territory's mesh as a graph: competences and actors, one link per « détenue » or
« partielle » reading. Built once from the synthesis; every mesh output (poster, HTML,
xlsx, GEXF) draws this same model, so they all say what ``synthese.csv`` says."""

from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from ...entrees.models import TypeActeur, _type_acteur
from ...lecture import fold
from ...impression.typography import NBSP, plural
from ...lecture.statuts import A_TROUVER, A_VERIFIER, DETENUE, PARTIELLE, PORTEUR
from ..model import COUVERTURES, PROPOSEE, Changes, Synthesis, link_status, proposed_ids

HOLDS = (DETENUE, PARTIELLE)  # a link that holds; « à vérifier » links are leads, drawn apart

TYPES = [t.value for t in TypeActeur]  # collectivité … autre: the order actors are grouped in


@dataclass(frozen=True)
class MeshCompetence:
    id: str
    texte: str
    phase: int
    couverture: str
    detenteurs: tuple[str, ...]  # actor keys, in reading order
    pistes: tuple[str, ...] = ()  # actor keys cited « à vérifier »: leads, not holders
    porteur: bool = False  # the project leader carries it (the board's first column)

    @property
    def proposee(self) -> bool:
        return self.couverture == PROPOSEE


@dataclass(frozen=True)
class MeshActeur:
    key: str
    nom: str
    type: str  # one of TYPES: what the mesh groups by
    types: tuple[str, ...]  # as written in the worksheets or the workshop file
    contacts: tuple[str, ...]


@dataclass(frozen=True)
class Lien:
    acteur: str  # actor key
    competence: str  # competence id
    statut: str  # « détenue », « partielle » or « à vérifier » (a lead, not a holding)
    nouveau: bool = False  # absent from the previous synthesis (--avant)


@dataclass(frozen=True)
class LienPerdu:
    """A link of the previous synthesis that this one no longer has."""

    acteur: str  # the name as the previous synthesis wrote it
    competence: str
    acteur_present: bool  # the actor is still in the mesh (so the lost link can be drawn)


@dataclass
class Maillage:
    territoire: str | None
    phases: dict[int, str]  # numero → nom, every phase a competence of the mesh belongs to
    competences: list[MeshCompetence]
    acteurs: list[MeshActeur]  # the actors linked to at least one competence (held, partial or « à vérifier »)
    liens: list[Lien]
    sans_competence: list[str] = field(default_factory=list)  # known actors nobody cited
    perdus: list[LienPerdu] = field(default_factory=list)
    avant: bool = False  # compared with a previous synthesis
    couverture_phases: dict[int, dict[str, int]] = field(default_factory=dict)  # a page of a larger mesh: its whole phases' coverage

    def __post_init__(self) -> None:
        self._competence = {c.id: c for c in self.competences}
        self._acteur = {a.key: a for a in self.acteurs}
        self._held: dict[str, list[str]] = {}
        self._proposed: dict[str, list[str]] = {}
        self._to_check: dict[str, list[str]] = {}
        for l in self.liens:
            if l.statut in HOLDS:
                found = self._proposed if self._competence[l.competence].proposee else self._held
                found.setdefault(l.acteur, []).append(l.competence)
            elif l.statut == A_VERIFIER:
                self._to_check.setdefault(l.acteur, []).append(l.competence)

    def competence(self, ident: str) -> MeshCompetence:
        return self._competence[ident]

    def texte(self, ident: str) -> str:
        """A competence's text, or "" for an id this synthesis does not know (a lost link's)."""
        c = self._competence.get(ident)
        return c.texte if c else ""

    def acteur(self, key: str) -> MeshActeur:
        return self._acteur[key]

    # ------------------------------------------------------------ measures

    @property
    def reliees(self) -> list[MeshCompetence]:
        """Competences drawn in the network: at least one actor linked (a holder or a lead)."""
        return [c for c in self.competences if c.detenteurs or c.pistes]

    @property
    def manques(self) -> list[MeshCompetence]:
        """Competences of the referential nobody holds nor is cited for (listed apart, not drawn as nodes)."""
        return [c for c in self.competences if not c.detenteurs and not c.pistes and not c.proposee]

    def held(self, key: str) -> list[str]:
        return list(self._held.get(key, []))

    def to_check(self, key: str) -> list[str]:
        """The competences an actor was cited for « à vérifier » (the group hesitated)."""
        return list(self._to_check.get(key, []))

    def proposed(self, key: str) -> list[str]:
        """The competences proposed by a group (outside the referential) that an actor holds."""
        return list(self._proposed.get(key, []))

    def measure(self, key: str) -> str:
        """What an actor holds, in words: « 2 compétences »; an actor cited only « à vérifier »,
        or only for competences a group proposed, says so (« 0 compétence » read as an error)."""
        if held := self.held(key):
            return plural(len(held), "compétence", space=NBSP)
        if leads := self.to_check(key):
            return f"{len(leads)}{NBSP}à{NBSP}vérifier"
        if proposed := self.proposed(key):
            return plural(len(proposed), "proposée", space=NBSP)
        return plural(0, "compétence", space=NBSP)

    def per_phase(self, key: str) -> dict[int, int]:
        counts = dict.fromkeys(self.phases, 0)
        for ident in self.held(key):
            counts[self.competence(ident).phase] += 1
        return counts

    def sole_holdings(self) -> dict[str, list[str]]:
        """Actor key → the competences it alone holds: the mesh's single points of failure."""
        result: dict[str, list[str]] = {}
        for c in self.competences:
            if len(c.detenteurs) == 1 and not c.proposee:
                result.setdefault(c.detenteurs[0], []).append(c.id)
        return {a.key: result[a.key] for a in self.acteurs if a.key in result}

    def coverage(self, phase: int) -> dict[str, int]:
        """Per phase: competences, how many are held by at least one actor, and per coverage."""
        if phase in self.couverture_phases:
            return dict(self.couverture_phases[phase])
        items = [c for c in self.competences if c.phase == phase and not c.proposee]
        counts = {k: sum(1 for c in items if c.couverture == k) for k in COUVERTURES}
        return {"total": len(items), "tenues": sum(1 for c in items if c.detenteurs), **counts}

    def graph(self) -> nx.Graph:
        """The mesh as a networkx graph: node ids are competence ids and « acteur:<key> »."""
        g = nx.Graph()
        for c in self.competences:
            g.add_node(c.id, kind="compétence", label=c.texte, phase=c.phase, status=c.couverture, holders=len(c.detenteurs))
        for a in self.acteurs:
            g.add_node(node_id(a.key), kind="acteur", label=a.nom, type=a.type, held=len(self.held(a.key)))
        for l in self.liens:
            g.add_edge(node_id(l.acteur), l.competence, status=l.statut, new=l.nouveau)
        return g


def node_id(actor_key: str) -> str:
    return "acteur:" + actor_key


def actor_type(types: list[str]) -> str:
    """The first written type that names one of the six kinds, else « autre »."""
    for written in types:
        value = _type_acteur(written)
        if value in TYPES:
            return value
    return TypeActeur.autre.value


def _proposed(s: Synthesis) -> dict[str, tuple[str, int | None, dict[str, str]]]:
    """Proposed competences (one per worksheet row, by id) with each actor's own status."""
    rows: dict[str, tuple[str, int | None, dict[str, str]]] = {}
    for r, ident in zip(s.proposed, proposed_ids(s), strict=True):
        entry = rows.setdefault(ident, (r.texte, r.phase, {}))
        statut = r.statut or DETENUE
        if statut in (A_TROUVER, PORTEUR):
            continue
        for name in r.acteurs:
            key = fold(name)
            if key in s.acteurs and entry[2].get(key) != DETENUE:
                entry[2][key] = statut
    return rows


def build_maillage(s: Synthesis, changes: Changes | None = None) -> Maillage:
    names = {p.numero: p.nom for p in s.vue.referentiel.phases} | {p.numero: p.nom for p in s.vue.phases}
    before = {(cid, fold(name)) for cid, name in changes.liens_avant} if changes is not None else set()
    competences, liens = [], []
    for c in s.competences.values():
        competences.append(MeshCompetence(c.id, c.texte, c.phase, c.couverture(), tuple(c.detenteurs), tuple(c.a_verifier), bool(c.porteur)))
        for key in c.detenteurs:
            liens.append(Lien(key, c.id, link_status(c, key), changes is not None and (c.id, key) not in before))
        liens += [Lien(key, c.id, A_VERIFIER) for key in c.a_verifier]
    first = min(names) if names else 1
    for ident, (texte, phase, per_actor) in _proposed(s).items():
        holders = tuple(key for key, statut in per_actor.items() if statut in HOLDS)
        leads = tuple(key for key, statut in per_actor.items() if statut == A_VERIFIER)
        competences.append(MeshCompetence(ident, texte, phase or first, PROPOSEE, holders, leads))
        liens += [Lien(key, ident, statut) for key, statut in per_actor.items() if statut in (*HOLDS, A_VERIFIER)]
    cited = {l.acteur for l in liens}
    acteurs = [
        MeshActeur(a.key, a.nom, actor_type(a.types), tuple(a.types), tuple(a.contacts))
        for a in s.acteurs.values()
        if a.key in cited
    ]
    now = {(l.competence, l.acteur) for l in liens}
    perdus = []
    if changes is not None:
        for cid, name in changes.liens_avant:
            if (cid, fold(name)) not in now:
                perdus.append(LienPerdu(name, cid, fold(name) in cited))
    phases = {n: names.get(n, f"Phase {n}") for n in sorted({c.phase for c in competences})}
    idle = [a.nom for a in s.acteurs.values() if a.key not in cited and not a.cite]
    return Maillage(s.vue.territoire, phases, competences, acteurs, liens, idle, perdus, changes is not None)
