"""The mesh's measures in the synthesis report (synthese.docx)."""

from __future__ import annotations

from ...fiches.docx_tools import INSTRUCTION_STYLE, add_row, add_table, xml_safe
from .graph import Maillage


def phase_label(numero: int) -> str:
    return f"Ph.\u00a0{numero}"


def add_measures(document, m: Maillage) -> None:
    """Coverage per phase, the single points of failure, holders per competence, holdings per actor."""
    document.add_heading("Le maillage : couverture par phase", level=2)
    widths = [70.0, 30.0, 35.0, 25.0, 25.0, 25.0, 30.0]
    table = add_table(document, ["Phase", "Compétences", "Détenues par au moins un acteur", "Couvertes", "Fragiles", "Partielles", "Manquantes"], widths)
    for numero, nom in m.phases.items():
        cov = m.coverage(numero)
        share = f"{cov['tenues']} ({round(100 * cov['tenues'] / cov['total']) if cov['total'] else 0}\u00a0%)"
        add_row(document, table, [f"Phase {numero} — {nom}", str(cov["total"]), share, str(cov["couverte"]), str(cov["fragile"]), str(cov["partielle"]), str(cov["manquante"])], widths)

    document.add_heading("Points de fragilité : acteurs seuls à détenir une compétence", level=2)
    sole = m.sole_holdings()
    if not sole:
        document.add_paragraph("Aucun : chaque compétence détenue l’est par au moins deux acteurs.", style=INSTRUCTION_STYLE)
    for key, idents in sole.items():
        document.add_paragraph(xml_safe(f"{m.acteur(key).nom} — seul pour {', '.join(idents)}"), style="List Bullet")

    document.add_heading("Compétences par acteur", level=2)
    phases = list(m.phases)
    widths = [90.0, 30.0] + [20.0] * len(phases)
    table = add_table(document, ["Acteur", "Compétences détenues"] + [phase_label(n) for n in phases], widths)
    for a in sorted(m.acteurs, key=lambda a: (-len(m.held(a.key)), a.nom.casefold())):
        per = m.per_phase(a.key)
        add_row(document, table, [a.nom, str(len(m.held(a.key)))] + [str(per[n]) for n in phases], widths)

    document.add_heading("Détenteurs par compétence", level=2)
    widths = [20.0, 170.0, 30.0]
    table = add_table(document, ["N°", "Compétence", "Détenteurs"], widths)
    for c in m.competences:
        add_row(document, table, [c.id, c.texte, str(len(c.detenteurs))], widths)
