"""The mesh of actors (« maillage ») drawn from the synthesis: graph model, layout, poster,
interactive page and open exports. ``mesh_outputs`` is what ``build_synthesis`` adds."""

from __future__ import annotations

import datetime as dt

from ..synthesis import Changes, Synthesis
from .graph import Maillage, build_maillage
from .options import MaillageOptions

__all__ = ["Maillage", "MaillageOptions", "build_maillage", "mesh_outputs"]


def stamp(s: Synthesis) -> dt.datetime:
    """The date written inside xlsx and GEXF files: the workshop's, so that the bytes are reproducible."""
    day = s.vue.atelier.date if s.vue.atelier and s.vue.atelier.date else dt.date(2000, 1, 1)
    return dt.datetime(day.year, day.month, day.day)


def mesh_outputs(s: Synthesis, renderer, changes: Changes | None, options: MaillageOptions | None = None) -> list[tuple[str, bytes, int, str]]:
    """(file name, bytes, pages, purpose) of every mesh output."""
    from . import exports

    options = options or MaillageOptions()
    m = build_maillage(s, changes)
    when = stamp(s)
    licence = exports.parse_licence(options.licence)
    from .poster import mesh_poster

    ref = s.vue.referentiel
    credit = f"Source : {' & '.join(ref.source.auteurs)} · référentiel {ref.version} · synthèse des fiches de l’atelier · Imprimer à 100 %, {options.format.upper()} paysage"
    quand = ""
    if s.vue.atelier and s.vue.atelier.date:
        from ..posters import date_fr

        quand = "atelier du " + date_fr(s.vue.atelier.date)
    pdf, pages, drawing = mesh_poster(m, renderer, options, credit, quand)
    from .html import mesh_page

    return [
        ("synthese-maillage.html", mesh_page(m, renderer, quand), 0, "Le maillage interactif, hors ligne : cliquer un acteur montre ses compétences, une compétence ses détenteurs."),
        ("synthese-maillage.pdf", pdf, pages, f"Le maillage des acteurs : réseau des acteurs et des compétences, {options.format.upper()} paysage."),
        ("synthese.xlsx", exports.workbook(m, when), 0, "Le maillage pour un tableur ou Kumu : acteurs, compétences, liens, manques."),
        ("synthese.gexf", exports.gexf(m, when, {k: v for k, v in drawing.anchors.items() if not k.endswith(":droite")}), 0, "Le maillage pour Gephi (GEXF) : phase, type et statut en attributs."),
        ("datapackage.json", exports.datapackage(m, licence, s.vue.referentiel.version), 0, f"Description Frictionless de synthese.csv, pour le publier en données ouvertes ({licence.title})."),
    ]
