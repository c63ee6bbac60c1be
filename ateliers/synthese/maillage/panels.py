"""A mesh too big for one page is never refused: its network is drawn again one phase per page
(small multiples), a phase still too full is cut into the longest consecutive runs of its
competences that fit, each page with every actor linked to them (a competence whose holders
overflow a page alone shares them between pages), and the measures and lists (coverage,
fragilities, competences without an actor) follow on pages of their own. Every page keeps the
poster's legible minimum; every actor is named on each page where one of its links is drawn."""

from __future__ import annotations

from ...impression.fitting import longest_fitting
from .graph import Maillage, MeshCompetence
from .layout import HEAD_PT, Drawing, layout_maillage, panel_pages


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
    """« page k sur n », what the page is for, its phases (none: the measures) and the workshop's date."""
    what = f"phase{'s' if len(phases) > 1 else ''} {', '.join(map(str, phases))}" if phases else "couverture, fragilités et manques"
    label = f"page {k} sur {total} ({'affiche murale' if wall else 'à distribuer'}) · {what}"
    return label + (f" · {when}" if when else "")


def mesh_drawings(m: Maillage, width: float, height: float, credit: str = "", when: str = "", head_pt: float = HEAD_PT, wall: bool = False) -> list[Drawing]:
    """One drawing when the whole mesh fits the page, else the network on one or more pages
    per phase, then its measures and lists on pages of their own."""
    whole = layout_maillage(m, width, height, credit=credit, when=when, head_pt=head_pt)
    if whole.fits or len(m.phases) == 0:
        return [whole]
    placeholder = max((page_label(99, 99, sorted(m.phases), when, wall), page_label(99, 99, [], when, wall)), key=len)  # as long as any final label

    def layout(part: list[MeshCompetence], label: str, acteurs: set[str] | None = None) -> Drawing:
        return layout_maillage(restrict(m, part, False, acteurs), width, height, credit=credit, when=label, head_pt=head_pt, panel=False)

    tried: dict[tuple[str, ...], bool] = {}  # a part is often asked again (a phase alone, then as the rest of it)

    def fits(part: list[MeshCompetence]) -> bool:
        key = tuple(c.id for c in part)
        if key not in tried:
            tried[key] = layout(part, placeholder).fits
        return tried[key]

    parts: list[list[MeshCompetence]] = []
    holders: dict[int, set[str]] = {}  # part's index → the actors drawn, when its competence's holders are shared out
    drawn = {c.id for c in m.reliees}  # the others are listed with the measures
    # Whole phases share a page while they fit (the whole network, at best); a phase too full
    # for a page alone is cut into runs.
    page: list[MeshCompetence] = []
    for numero in m.phases:
        phase = [c for c in m.competences if c.phase == numero and c.id in drawn]
        if not phase:
            continue
        if page and fits(page + phase):
            page += phase
            continue
        if page:
            parts.append(page)
            page = []
        if fits(phase):
            page = phase
            continue
        rest = phase
        while rest:
            # The longest run of the phase's competences that fits a page (at least one).
            count = len(rest) if fits(rest) else longest_fitting(fits, rest, 1, len(rest) - 1)
            if count == 1 and not fits(rest[:1]):
                # One competence whose holders overflow a page alone: its holders shared between pages.
                c = rest[0]
                linked = list(dict.fromkeys(l.acteur for l in m.liens if l.competence == c.id))
                most = longest_fitting(lambda part, c=c: layout([c], placeholder, set(part)).fits, linked, 1, len(linked))
                share = -(-len(linked) // -(-len(linked) // most))  # as many on each page (5 + 1 → 3 + 3)
                for i in range(0, len(linked), share):
                    holders[len(parts)] = set(linked[i : i + share])
                    parts.append([c])
            else:
                parts.append(rest[:count])
            rest = rest[count:]
    if page:
        parts.append(page)
    # The measures' pages: their count first (with the longest label), then the final labels.
    total = len(parts) + len(panel_pages(m, width, height, credit, lambda i: placeholder, head_pt))
    for _ in range(3):
        measures = panel_pages(m, width, height, credit, lambda i, total=total: page_label(len(parts) + i + 1, total, [], when, wall), head_pt)
        if len(parts) + len(measures) == total:
            break
        total = len(parts) + len(measures)
    result = []
    for k, part in enumerate(parts):
        phases = sorted({c.phase for c in part})
        result.append(layout(part, page_label(k + 1, total, phases, when, wall), holders.get(k)))
    return result + measures
