"""Territory additions merged into the referential, retained phases kept."""

from __future__ import annotations

from ateliers import load_atelier, merge_atelier
from ateliers.entrees.models import Atelier, CompetenceAjoutee

from conftest import EXEMPLES


def test_generic_view_is_the_whole_referential(referentiel):
    vue = merge_atelier(referentiel)
    assert [p.numero for p in vue.phases] == [1, 2, 3, 4]
    assert len(vue.competences) == 64 and not any(c.ajoutee for c in vue.competences)


def test_additions_numbered_in_their_own_namespace(referentiel):
    atelier = Atelier(
        territoire="Ici",
        competences_ajoutees=[
            CompetenceAjoutee(phase=2, texte="Première"),
            CompetenceAjoutee(phase=2, texte="Explicite", id="C2-T01"),
            CompetenceAjoutee(phase=2, texte="Deuxième"),
            CompetenceAjoutee(phase=4, texte="Autre phase"),
        ],
    )
    vue = merge_atelier(referentiel, atelier)
    phase2 = vue.phases[1]
    assert [c.id for c in phase2.ajouts] == ["C2-T02", "C2-T01", "C2-T03"]
    assert phase2.competences[:22] == tuple(c for c in phase2.competences if not c.ajoutee)
    assert [c.id for c in vue.phases[3].ajouts] == ["C4-T01"]
    ids = [c.id for c in vue.competences]
    assert len(ids) == len(set(ids)) == 68


def test_retained_phases_and_override(referentiel):
    atelier = load_atelier(EXEMPLES / "saint-aubin-villages.yaml", referentiel)
    vue = merge_atelier(referentiel, atelier)
    assert [p.numero for p in vue.phases] == [1, 2]
    assert [c.id for c in vue.phases[0].ajouts] == ["C1-T01"]
    assert [p.numero for p in merge_atelier(referentiel, atelier, phases=[2]).phases] == [2]
