"""synthese-maillage.html: the mesh as one self-contained page for a screen or a projector.

Everything is inside the file: the styles, the script, the data and the kit's font (base64
@font-face), so it opens offline, from a USB key, with nothing else beside it."""

from __future__ import annotations

import base64

from ...impression import theme
from ...impression.fonts import font_faces
from .graph import TYPES, Maillage, node_id
from .layout import GROUP_TITLES


def embedded_fonts() -> str:
    rules = []
    for face in font_faces():
        if face.family != "Atkinson Hyperlegible":
            continue
        data = base64.b64encode(face.path.read_bytes()).decode("ascii")
        rules.append(
            f'@font-face {{ font-family: "Atkinson Hyperlegible"; font-weight: {face.weight}; font-style: {face.style}; '
            f'src: url(data:font/ttf;base64,{data}) format("truetype"); }}'
        )
    return "\n".join(rules)


def page_data(m: Maillage) -> dict:
    """What the script needs: links (with their status and change) and each node's measures."""
    sole = m.sole_holdings()
    return {
        "liens": [{"a": node_id(l.acteur), "c": l.competence, "statut": l.statut, "nouveau": l.nouveau} for l in m.liens],
        "acteurs": {
            node_id(a.key): {"nom": a.nom, "type": a.type, "total": len(m.held(a.key)), "mesure": m.measure(a.key), "phases": m.per_phase(a.key), "seul": sole.get(a.key, [])}
            for a in m.acteurs
        },
        "competences": {c.id: {"texte": c.texte, "phase": c.phase, "detenteurs": len(c.detenteurs), "couverture": c.couverture} for c in m.reliees},
    }


def mesh_page(m: Maillage, renderer, quand: str) -> bytes:
    phases = []
    for numero, nom in m.phases.items():
        ident = theme.phase_identite(numero)
        cov = m.coverage(numero)
        phases.append({
            "numero": numero, "nom": nom, "ident": ident, "cov": cov,
            "part": round(100 * cov["tenues"] / cov["total"]) if cov["total"] else 0,
            "competences": [c for c in m.reliees if c.phase == numero],
        })  # fmt: skip
    groups = [(t, GROUP_TITLES[t], [a for a in m.acteurs if a.type == t]) for t in TYPES]
    html = renderer.html(
        "maillage/page.html",
        m=m,
        phases=phases,
        groups=[g for g in groups if g[2]],
        types_presents=[g for g in groups if g[2]],
        sole=m.sole_holdings(),
        nouveaux=[l for l in m.liens if l.nouveau],
        data=page_data(m),
        fonts=embedded_fonts(),
        quand=quand,
        node_id=node_id,
        ink=theme.INK,
        muted=theme.MUTED,
        acteur=theme.ACTEUR,
    )
    return html.encode("utf-8")
