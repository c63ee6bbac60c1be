"""The mesh of actors (« maillage ») drawn from the synthesis: graph model, layout, poster,
interactive page and open exports. ``mesh_outputs`` is what ``build_synthesis`` adds."""

from __future__ import annotations

from ...contract import Kind, Output, PrintSettings, Stock
from ..model import Changes, Synthesis
from ...impression.typography import nbsp_punctuation
from .graph import Maillage, build_maillage
from .options import MaillageOptions, for_the_wall, usage

__all__ = ["Maillage", "MaillageOptions", "build_maillage", "mesh_outputs"]


def _positions(m: Maillage, drawings: list) -> dict[str, tuple[float, float]] | None:
    """Where each node stands (mm) for Gephi: the poster's own page when it has one, else the
    whole network laid out on one A1 page at handout sizes (None if even that overflows)."""
    from .layout import layout_maillage
    from .options import MESH_FORMATS

    whole = drawings[0] if len(drawings) == 1 else layout_maillage(m, *MESH_FORMATS["a1"])
    return {k: v for k, v in whole.anchors.items() if not k.endswith(":droite")} if whole.fits else None


def mesh_outputs(s: Synthesis, renderer, changes: Changes | None, options: MaillageOptions | None = None) -> list[Output]:
    """Every mesh output, recorded through the output contract: the poster prints, the rest are data."""
    from ...affiches.builder import date_fr
    from ...entrees.provenance import provenance
    from . import exports
    from .html import mesh_page
    from .poster import mesh_poster

    options = options or MaillageOptions()
    m = build_maillage(s, changes)
    origin = provenance(s.vue)  # author, and the date inside xlsx and GEXF: the inputs', never the clock
    when = origin.date
    licence = exports.parse_licence(options.licence)
    ref = s.vue.referentiel
    credit = nbsp_punctuation(f"Source : {' & '.join(ref.source.auteurs)} · référentiel {ref.version} · synthèse des fiches de l’atelier · Imprimer à 100\u00a0%, {options.format.upper()} paysage · {usage(options.format)}")
    quand = "atelier du " + date_fr(s.vue.atelier.date) if s.vue.atelier and s.vue.atelier.date else ""
    pdf, pages, drawings = mesh_poster(m, renderer, options, credit, quand, origin.auteur)
    poster = PrintSettings(options.format.upper(), Stock.affiche, landscape=True)
    outputs = [
        ("synthese-maillage.html", mesh_page(m, renderer, quand), 0, "Le maillage interactif, hors ligne : cliquer un acteur montre ses compétences, une compétence ses détenteurs."),
        ("synthese-maillage.pdf", pdf, pages, f"Le maillage des acteurs : réseau des acteurs et des compétences, {options.format.upper()} paysage, {usage(options.format)} (texte d’au moins {24 if for_the_wall(options.format) else 10} pt)" + (f", {pages} pages (une ou plusieurs par phase)." if pages > 1 else ".")),
        ("synthese.xlsx", exports.workbook(m, when, origin.auteur), 0, "Le maillage pour un tableur ou Kumu : acteurs, compétences, liens, manques."),
        ("synthese.gexf", exports.gexf(m, when, _positions(m, drawings)), 0, "Le maillage pour Gephi (GEXF) : phase, type et statut en attributs."),
        ("datapackage.json", exports.datapackage(m, licence, s.vue.referentiel.version, s.vue.referentiel), 0, f"Description Frictionless de synthese.csv, pour le publier en données ouvertes ({licence.title})."),
    ]
    return [
        Output(name, data, pages, Kind.synthese if name == "synthese-maillage.pdf" else Kind.donnees, nbsp_punctuation(purpose),
               poster if name == "synthese-maillage.pdf" else None)
        for name, data, pages, purpose in outputs
    ]  # fmt: skip
