"""The synthesis's files: the map poster, the Word document, the tables and the mesh outputs,
each recorded through the output contract."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..contract import Kind, Output, PrintSettings, Stock
from ..options import PosterOptions
from ..lecture import Reading
from ..lecture.statuts import DETENUE, PARTIELLE, PORTEUR
from .maillage.options import for_the_wall, usage
from .model import NON_EXAMINEE, PISTES, PORTEE, PROPOSEE, Changes, Synthesis, describe_proposed, matrix_csv, synthesis_csv


def synthesis_docx(s: Synthesis, changes: Changes | None) -> bytes:
    from ..fiches.docx_tools import INSTRUCTION_STYLE, add_row, add_table, new_document, set_landscape, to_bytes, xml_safe
    from ..entrees.provenance import provenance
    from ..fiches.word import ACTION_COLUMNS, ACTION_WIDTHS

    document = new_document()
    set_landscape(document.sections[0], True)
    ref = s.vue.referentiel
    props = document.core_properties
    props.title = xml_safe(f"Synthèse — {s.vue.territoire or 'territoire'}")
    props.author = xml_safe(provenance(s.vue).auteur)
    props.version = ref.version
    props.identifier = f"sha256:{ref.empreinte}"
    props.category = xml_safe(s.vue.territoire or "")
    document.add_heading(xml_safe(f"Carte des compétences — {s.vue.territoire or 'territoire'}"), level=1)
    counts = s.counts()
    table = add_table(document, ["Chiffres clés", ""], [120.0, 40.0])
    for label, value in [
        ("Compétences examinées", len(s.competences)),
        ("Couvertes (au moins deux acteurs)", counts["couverte"]),
        ("Fragiles (un seul acteur)", counts["fragile"]),
        ("Partielles", counts["partielle"]),
        ("Portées par le porteur de projet", counts[PORTEE]),
        ("Pistes à vérifier (aucun acteur sûr)", counts[PISTES]),
        ("Manquantes (à trouver : personne)", counts["manquante"]),
        ("Non examinées (aucune ligne remplie)", counts[NON_EXAMINEE]),
        ("Acteurs cités", sum(1 for a in s.acteurs.values() if a.cite)),
        ("Compétences proposées par les groupes", len(s.proposed)),
        ("Lectures à vérifier", len(s.notices)),
        ("Éléments non reconnus", len(s.unrecognised)),
    ]:
        add_row(document, table, [label, str(value)], [120.0, 40.0])

    def listing(title: str, items: list) -> None:
        document.add_heading(title, level=2)
        if not items:
            document.add_paragraph("Aucune.", style=INSTRUCTION_STYLE)
        for text in items:
            document.add_paragraph(xml_safe(text), style="List Bullet")

    listing("Les manques : compétences que personne ne détient", [f"{c.id} — {c.texte}" for c in s.by_coverage("manquante")])
    listing("Compétences partielles", [f"{c.id} — {c.texte}" for c in s.by_coverage("partielle")])
    listing(
        "Pistes à vérifier : acteurs cités avec un doute",
        [f"{c.id} — {c.texte} ({', '.join(s.acteurs[k].nom for k in c.a_verifier)})" for c in s.by_coverage(PISTES)],
    )
    listing("Portées par le porteur de projet", [f"{c.id} — {c.texte}" for c in s.by_coverage(PORTEE)])
    listing("Non examinées : aucune ligne remplie par les groupes", [f"{c.id} — {c.texte}" for c in s.by_coverage(NON_EXAMINEE)])
    listing(
        "Compétences fragiles : un seul acteur",
        [f"{c.id} — {c.texte} ({s.acteurs[c.detenteurs[0]].nom})" for c in s.by_coverage("fragile")],
    )
    document.add_heading("Annuaire des acteurs", level=2)
    widths = [70.0, 40.0, 60.0, 97.0]
    table = add_table(document, ["Acteur", "Type", "Contact", "Compétences détenues"], widths)
    for a in sorted(s.acteurs.values(), key=lambda a: a.nom.casefold()):
        held = ", ".join(a.competences)
        held += f" ; à vérifier : {', '.join(a.a_verifier)}" if a.a_verifier else ""
        held += f" ; proposées : {' ; '.join(a.propositions)}" if a.propositions else ""
        add_row(document, table, [a.nom + (f" (aussi écrit : {', '.join(a.variantes)})" if a.variantes else ""), ", ".join(a.types), ", ".join(a.contacts), held.removeprefix(" ; ")], widths)
    if s.look_alikes:
        listing("Noms probablement identiques (non fusionnés, à vérifier)", [f"« {a} » et « {b} »" for a, b in s.look_alikes])
    document.add_heading("Plan d’action pré-rempli", level=2)
    table = add_table(document, ACTION_COLUMNS, ACTION_WIDTHS)
    for c in s.by_coverage("manquante") + s.by_coverage("partielle") + s.by_coverage(PISTES) + s.by_coverage(NON_EXAMINEE):
        add_row(document, table, [f"{c.id} — {c.texte}", "", "", "", ""], ACTION_WIDTHS, 10.0)
    listing("Commentaires des groupes", [f"{c.id} — {note}" for c in s.competences.values() for note in c.commentaires])
    listing("Compétences proposées par les groupes", [describe_proposed(r) for r in s.proposed])
    listing("À vérifier : lectures incertaines", [f"{n.where} — {n.what}" + (f" : « {n.value} »" if n.value else "") for n in s.notices])
    listing("Non reconnu", [f"{u.where} — {u.what} : « {u.value} »" for u in s.unrecognised])
    if changes is not None:
        listing("Depuis la synthèse précédente : nouvellement couvertes", changes.newly_covered)
        listing("Depuis la synthèse précédente : nouvellement manquantes", changes.newly_missing)
        listing("Nouveaux acteurs", changes.new_acteurs)
        listing("Acteurs disparus", changes.vanished_acteurs)
    from .maillage import build_maillage
    from .maillage.report import add_measures

    add_measures(document, build_maillage(s, changes))
    return to_bytes(document, provenance(s.vue).date)


@dataclass
class _Proposed:
    """A proposed competence as the map shows it."""

    reading: Reading

    @property
    def id(self) -> str:
        return self.reading.numero or "+"

    @property
    def texte(self) -> str:
        return self.reading.texte + (f" — {self.reading.commentaire}" if self.reading.commentaire else "")

    def couverture(self) -> str:
        return PROPOSEE


def synthesis_map(s: Synthesis, renderer, options: PosterOptions | None = None) -> tuple[bytes, int]:
    """synthese-carte.pdf: one page per phase (more when a phase needs them: never refused for
    lack of room), every competence with its holders, coloured by coverage; laid out by the
    posters' own fitting (same identity and legibility rules)."""
    from ..affiches.builder import PosterBuilder
    from ..affiches.mural import READ_FROM_2M_PT
    from .map_pages import fit_pages
    from ..impression.theme import phase_identite

    options = options or PosterOptions()
    builder = PosterBuilder(s.vue, options, renderer)
    wall = for_the_wall(builder.fmt)  # A2, A1: read from 2 m, every text ≥ 24 pt; A3: a handout
    if wall:
        builder.context["plancher_pt"] = READ_FROM_2M_PT
    documents = []
    for phase in s.vue.phases:
        rows = [
            (
                c,
                [PORTEUR + "".join(dict.fromkeys(f" ({n})" for n in c.porteur if n))] * bool(c.porteur)
                + [s.acteurs[k].nom + (" (partielle)" if c.statut_de.get(k) == PARTIELLE and c.couverture() != "partielle" else "") for k in c.detenteurs]
                + [f"{s.acteurs[k].nom} (à vérifier)" for k in c.a_verifier],
            )
            for c in s.competences.values()
            if c.phase == phase.numero
        ]
        rows += [(_Proposed(r), [n + (f" ({r.statut})" if r.statut and r.statut != DETENUE else "") for n in r.acteurs]) for r in s.proposed if r.phase == phase.numero]
        documents += fit_pages(
            builder,
            f"synthese-carte.pdf (phase {phase.numero})",
            "affiches/synthese.html",
            14.0,
            "Relancez avec --format a2 ou a1.",
            rows,
            READ_FROM_2M_PT if wall else 0.0,
            usage=usage(builder.fmt),
            phase=phase,
            ident=phase_identite(phase.numero),
            counts=s.counts(phase.numero),
        )
    pdf = renderer.pdf(documents[0].copy([p for d in documents for p in d.pages]))
    return pdf.data, pdf.pages


FILES = (
    "synthese-carte.pdf", "synthese.docx", "synthese.csv", "synthese-matrice.csv",
    "synthese-maillage.html", "synthese-maillage.pdf", "synthese.xlsx", "synthese.gexf", "datapackage.json",
)  # fmt: skip
"""What :func:`build_synthesis` makes, in its order (the progress total counts them)."""


def build_synthesis(
    s: Synthesis, renderer, changes: Changes | None, progress: Callable[[str], None] | None = None, maillage=None
) -> list[Output]:
    """Every synthesis output; ``maillage`` (MaillageOptions) sets the mesh poster's format, colours and the data licence."""
    from .maillage import mesh_outputs

    outputs = []

    def add(name: str, data: bytes, pages: int, description: str, kind: Kind, impression: PrintSettings | None) -> None:
        outputs.append(Output(name, data, pages, kind, description, impression))
        if progress:
            progress(name)

    carte = maillage.carte if maillage else "a3"
    data, pages = synthesis_map(s, renderer, PosterOptions(format=carte))
    add(
        "synthese-carte.pdf", data, pages,
        f"Carte des compétences du territoire, en {carte.upper()}, {usage(carte)} (texte d’au moins {24 if for_the_wall(carte) else 12} pt) : une page par phase, ou plus quand une phase est très remplie.",
        Kind.synthese, PrintSettings(carte.upper(), Stock.affiche),
    )  # fmt: skip
    add("synthese.docx", synthesis_docx(s, changes), 0, "Synthèse : chiffres clés, manques, annuaire, plan d’action.", Kind.synthese, PrintSettings("A4", Stock.bureau, landscape=True))
    add("synthese.csv", synthesis_csv(s), 0, "Une ligne par compétence et par acteur (Excel : UTF-8, point-virgule).", Kind.donnees, None)
    add("synthese-matrice.csv", matrix_csv(s), 0, "Compétences × acteurs.", Kind.donnees, None)
    for output in mesh_outputs(s, renderer, changes, maillage):
        outputs.append(output)
        if progress:
            progress(output.path)
    return outputs
