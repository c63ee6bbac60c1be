"""The guide's words for a real room, from the workshop plan: who sorts which cards and for how
long, the roles in each sub-group, the mid-point check, how two boards of one phase are merged,
and what to do before people leave (photographs, worksheets collected).

Kept apart from the guide's layout (worksheets.py): the guide adds these paragraphs to its
step-by-step, under the step they belong to.
"""

from __future__ import annotations

from ..impression.typography import duree, heure_fr, plural
from .agenda import midpoint
from .plan import Lot, Plan

ROLES = (
    ("un lecteur", "lit chaque carte à voix haute et pose la question « qui la détient ? »"),
    ("un secrétaire", "écrit chaque nom au feutre dans une case à côté de sa carte, sur le tableau, et le reporte sur la fiche compétences"),
    ("un gardien du temps", "annonce le point à mi-parcours et la fin : environ 2 minutes par carte"),
)

TRI = "Tri des cartes en sous-groupes"
MISE_EN_COMMUN = "Mise en commun devant les tableaux"
SUITES = "Suites"


def lot_text(plan: Plan, lot: Lot) -> str:
    """« Phase 2 — Le test : cartes C2-01 à C2-11 (11 cartes, environ 30 minutes) »."""
    which = "toutes ses cartes" if lot.parts == 1 else f"cartes {lot.etendue}"
    return f"{plan.titres[lot.phase]} : {which} ({plural(len(lot.ids), 'carte')}, environ {duree(lot.minutes)})"


def split_phases(plan: Plan) -> dict[int, list[tuple[int, Lot]]]:
    """The phases shared between several sub-groups: phase → [(sub-group, its lot)]."""
    shared: dict[int, list[tuple[int, Lot]]] = {}
    for group in plan.sous_groupes:
        for lot in group.lots:
            if lot.parts > 1:
                shared.setdefault(lot.phase, []).append((group.numero, lot))
    return shared


def _sorting(plan: Plan) -> list[tuple[str, str]]:
    tri = next((s for s in plan.deroule if s.titre.startswith("Tri des cartes")), None)
    paragraphs = [
        (
            "Les rôles dans chaque sous-groupe : ",
            " ; ".join(f"{who} {what}" for who, what in ROLES) + ". Les autres débattent et cherchent les acteurs.",
        )
    ]
    if tri is not None:
        paragraphs.append(
            (
                f"Point à mi-parcours, à {heure_fr(midpoint(tri))} : ",
                "chaque sous-groupe dit combien de cartes il a posées. Moins de la moitié : il pose les suivantes sans long débat, "
                "met dans « En partie / à vérifier » celles qui demandent réflexion, et y revient s’il reste du temps. "
                f"Le tri se termine à {heure_fr(tri.fin)} : une carte non triée n’est pas une compétence qui manque.",
            )
        )
    for phase, lots in split_phases(plan).items():
        shares = " ; ".join(f"le sous-groupe {n} les cartes {lot.etendue}" for n, lot in lots)
        paragraphs.append(
            (
                f"{plan.titres[phase]}, partagée entre {plural(len(lots), 'sous-groupe')} : ",
                f"{shares}, chacun sur son tableau et avec sa fiche compétences (il ne remplit que les lignes de ses cartes). "
                "Donnez à chacun toutes les cartes « Grandes étapes » de la phase.",
            )
        )
    return paragraphs


def _sharing(plan: Plan) -> list[tuple[str, str]]:
    if not split_phases(plan):
        return []
    return [
        (
            "Deux tableaux d’une même phase : ",
            "réunissez-les pendant la mise en commun. Le premier sous-groupe présente son tableau ; le second présente ses cartes "
            "en les posant dans la même colonne du premier tableau, et recopie leurs noms dans les cases à côté (le tableau prévoit une place par carte de la phase). "
            "Une carte que les deux sous-groupes placeraient différemment va dans « En partie / à vérifier ». "
            "Gardez les deux fiches compétences : chacune porte les lignes de ses cartes.",
        )
    ]


def _closing(plan: Plan) -> list[tuple[str, str]]:
    return [
        (
            "Avant que les participants partent : ",
            f"photographiez chaque tableau ({plural(plan.tableaux, 'tableau', 'tableaux')}), de face et en entier, puis de près colonne par colonne, "
            "et ramassez les fiches : la fiche compétences de chaque sous-groupe et les fiches acteurs remplies. "
            "Ce sont elles qui font la carte des compétences du territoire.",
        )
    ]


def room_paragraphs(plan: Plan) -> dict[str, list[tuple[str, str]]]:
    """For each step of the guide (by its title), paragraphs as (bold lead, text)."""
    return {TRI: _sorting(plan), MISE_EN_COMMUN: _sharing(plan), SUITES: _closing(plan)}
