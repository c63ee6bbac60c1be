"""A mesh too big for one page is never refused: it is drawn again one phase per page
(small multiples), and a phase still too full is cut into the longest consecutive runs of
its competences that fit, each page with every actor linked to them. Every page keeps the poster's
legible minimum; every actor is named on each page where one of its links is drawn."""

from __future__ import annotations

from ...impression.fitting import longest_fitting
from .graph import Maillage, MeshCompetence
from .layout import HEAD_PT, Drawing, layout_maillage


def restrict(m: Maillage, competences: list[MeshCompetence], first: bool, acteurs: set[str] | None = None) -> Maillage:
    """The part of the mesh that ``competences`` hold: their links and their actors (only
    ``acteurs``, when a competence's holders are shared between pages)."""
    ids = {c.id for c in competences}
    liens = [l for l in m.liens if l.competence in ids and (acteurs is None or l.acteur in acteurs)]
    cited = {l.acteur for l in liens}
    return Maillage(
        m.territoire,
        {n: nom for n, nom in m.phases.items() if any(c.phase == n for c in competences)},
        competences,
        [a for a in m.acteurs if a.key in cited],
        liens,
        list(m.sans_competence) if first else [],
        [p for p in m.perdus if p.competence in ids],
        m.avant,
        {n: m.coverage(n) for n in m.phases if any(c.phase == n for c in competences)},  # the whole phase's, not the page's
    )


def page_label(k: int, total: int, phases: list[int], when: str, wall: bool) -> str:
    """« page k sur n », what the page is for, its phases and the workshop's date."""
    label = f"page {k} sur {total} ({'affiche murale' if wall else 'à distribuer'}) · phase {', '.join(map(str, phases))}"
    return label + (f" · {when}" if when else "")


def mesh_drawings(m: Maillage, width: float, height: float, credit: str = "", when: str = "", head_pt: float = HEAD_PT, wall: bool = False) -> list[Drawing]:
    """One drawing when the whole mesh fits the page, else one or more per phase."""
    whole = layout_maillage(m, width, height, credit=credit, when=when, head_pt=head_pt)
    if whole.fits or len(m.phases) == 0:
        return [whole]
    placeholder = page_label(99, 99, [1, 2, 3, 4], when, wall)  # as long as the final label
    parts: list[list[MeshCompetence]] = []

    def fits(part: list[MeshCompetence]) -> bool:
        return layout_maillage(restrict(m, part, not parts), width, height, credit=credit, when=placeholder, head_pt=head_pt).fits

    holders: dict[int, set[str] | None] = {}  # part's index → the actors drawn, when its competence's holders are shared out

    def fits_with(c: MeshCompetence, acteurs: list[str]) -> bool:
        return layout_maillage(restrict(m, [c], not parts, set(acteurs)), width, height, credit=credit, when=placeholder, head_pt=head_pt).fits

    for numero in m.phases:
        rest = [c for c in m.competences if c.phase == numero]
        while rest:
            # The longest run of the phase's competences that fits a page (at least one).
            count = len(rest) if fits(rest) else longest_fitting(fits, rest, 1, len(rest) - 1)
            if count == 1 and not fits(rest[:1]):
                # One competence whose holders overflow a page: its holders shared between pages.
                c = rest[0]
                linked = list(dict.fromkeys(l.acteur for l in m.liens if l.competence == c.id))
                if not linked:  # nothing to share out: the page as it is
                    parts.append([c])
                while linked:
                    n = longest_fitting(lambda part: fits_with(c, part), linked, 1, len(linked))
                    holders[len(parts)] = set(linked[:n])
                    parts.append([c])
                    linked = linked[n:]
            else:
                parts.append(rest[:count])
            rest = rest[count:]
    total = len(parts)
    result = []
    for k, part in enumerate(parts):
        phases = sorted({c.phase for c in part})
        sub = restrict(m, part, k == 0, holders.get(k))
        result.append(layout_maillage(sub, width, height, credit=credit, when=page_label(k + 1, total, phases, when, wall), head_pt=head_pt))
    return result
