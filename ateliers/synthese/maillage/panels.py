"""A mesh too big for one page is never refused: it is drawn again one phase per page
(small multiples), and a phase still too full is cut into the longest consecutive runs of
its competences that fit, each page with every actor linked to them. Every page keeps the poster's
legible minimum; every actor is named on each page where one of its links is drawn."""

from __future__ import annotations

from ...impression.fitting import longest_fitting
from .graph import Maillage, MeshCompetence
from .layout import Drawing, layout_maillage


def restrict(m: Maillage, competences: list[MeshCompetence], first: bool) -> Maillage:
    """The part of the mesh that ``competences`` hold: their links and their actors."""
    ids = {c.id for c in competences}
    liens = [l for l in m.liens if l.competence in ids]
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


def mesh_drawings(m: Maillage, width: float, height: float, credit: str = "", when: str = "") -> list[Drawing]:
    """One drawing when the whole mesh fits the page, else one or more per phase."""
    whole = layout_maillage(m, width, height, credit=credit, when=when)
    if whole.fits or len(m.phases) == 0:
        return [whole]
    placeholder = "page 99 sur 99 · phase 1, 2, 3, 4" + (f" · {when}" if when else "")  # as long as the final label
    parts: list[list[MeshCompetence]] = []

    def fits(part: list[MeshCompetence]) -> bool:
        return layout_maillage(restrict(m, part, not parts), width, height, credit=credit, when=placeholder).fits

    for numero in m.phases:
        rest = [c for c in m.competences if c.phase == numero]
        while rest:
            # The longest run of the phase's competences that fits a page (at least one).
            count = len(rest) if fits(rest) else longest_fitting(fits, rest, 1, len(rest) - 1)
            parts.append(rest[:count])
            rest = rest[count:]
    total = len(parts)
    result = []
    for k, part in enumerate(parts):
        phases = sorted({c.phase for c in part})
        label = f"page {k + 1} sur {total} · phase {', '.join(map(str, phases))}" + (f" · {when}" if when else "")
        sub = restrict(m, part, k == 0)
        result.append(layout_maillage(sub, width, height, credit=credit, when=label))
    return result
