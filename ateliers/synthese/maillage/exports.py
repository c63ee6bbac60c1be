"""Open exports of the mesh: a workbook Kumu imports (``synthese.xlsx``), a GEXF file for Gephi
(``synthese.gexf``) and the Frictionless Data Package that describes ``synthese.csv``
(``datapackage.json``), so that a territory can publish its map as open data."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from dataclasses import dataclass

import networkx as nx

from ...lecture.statuts import VALEURS
from ...fichiers.safe_cells import xlsx_row
from ..model import COUVERTURES, CSV_COLUMNS, PROPOSEE
from ...impression.typography import nbsp_punctuation
from .graph import TYPES, Maillage, node_id

# ---------------------------------------------------------------- licence


@dataclass(frozen=True)
class Licence:
    name: str  # the Open Definition / SPDX identifier, or a slug
    title: str
    path: str = ""

    def as_json(self) -> dict[str, str]:
        data = {"name": self.name, "title": self.title}
        if self.path:
            data["path"] = self.path
        return data


LICENCES = {
    "etalab-2.0": Licence("etalab-2.0", "Licence Ouverte / Open Licence version 2.0", "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"),
    "odbl-1.0": Licence("ODbL-1.0", "Open Database License (ODbL) 1.0", "https://opendatacommons.org/licenses/odbl/1-0/"),
    "cc-by-4.0": Licence("CC-BY-4.0", "Creative Commons Attribution 4.0", "https://creativecommons.org/licenses/by/4.0/"),
    "cc0-1.0": Licence("CC0-1.0", "Creative Commons Zero 1.0 (domaine public)", "https://creativecommons.org/publicdomain/zero/1.0/"),
}
DEFAULT_LICENCE = "etalab-2.0"
_ALIASES = {"licence ouverte": "etalab-2.0", "lo": "etalab-2.0", "etalab": "etalab-2.0", "odbl": "odbl-1.0", "cc-by": "cc-by-4.0", "cc0": "cc0-1.0"}


def parse_licence(text: str | None) -> Licence:
    """A known identifier (etalab-2.0, odbl-1.0, cc-by-4.0, cc0-1.0) or any other licence's name, kept as written."""
    if not text or not text.strip():
        return LICENCES[DEFAULT_LICENCE]
    key = text.strip().casefold()
    key = _ALIASES.get(key, key)
    if key in LICENCES:
        return LICENCES[key]
    slug = re.sub(r"[^a-z0-9.]+", "-", key).strip("-") or "autre"
    return Licence(slug, text.strip())


# ---------------------------------------------------------------- Table Schema

# One description per column of synthese.csv (synthesis.CSV_COLUMNS): the schema is that file's.
_FIELDS = {
    "N°": {"name": "N°", "type": "string", "title": "Identifiant de la compétence", "description": "C<phase>-<numéro> (référentiel) ou C<phase>-T<numéro> (ajoutée par le territoire) ; pour une compétence proposée par un groupe, le numéro qu’il a écrit, s’il en a écrit un."},
    "Compétence": {"name": "Compétence", "type": "string", "title": "Compétence", "description": "Le texte de la compétence."},
    "Phase": {"name": "Phase", "type": "integer", "title": "Phase", "description": "Numéro de la phase du projet dans le référentiel ; vide pour une compétence proposée hors de toute phase.", "constraints": {"minimum": 1}},
    "Couverture": {"name": "Couverture", "type": "string", "title": "Couverture", "description": "couverte (au moins deux acteurs), fragile (un seul), partielle, portée (par le porteur de projet), à vérifier (seulement des acteurs cités avec un doute), manquante (jugée à trouver : personne), non examinée (aucune ligne remplie), proposée (ajoutée par un groupe).", "constraints": {"required": True, "enum": [*COUVERTURES, PROPOSEE]}},
    "Acteur": {"name": "Acteur", "type": "string", "title": "Acteur", "description": "Un acteur cité pour la compétence, avec son propre statut dans la colonne Statut ; vide si aucun acteur n’est cité."},
    "Type d'acteur": {"name": "Type d'acteur", "type": "string", "title": "Type d’acteur", "description": "Tel qu’écrit dans les fiches ou le fichier d’atelier (plusieurs séparés par des virgules)."},
    "Contact": {"name": "Contact", "type": "string", "title": "Contact"},
    "Statut": {"name": "Statut", "type": "string", "title": "Statut", "description": "Le statut de cet acteur pour cette compétence : détenue ou partielle, il la détient ; à vérifier, il est cité avec un doute ; porteur de projet (sans acteur) : le porteur de projet la porte lui-même ; sans acteur, le dernier statut lu.", "constraints": {"enum": list(VALEURS)}},
    "Sources": {"name": "Sources", "type": "string", "title": "Sources", "description": "Fichier, tableau et ligne de chaque lecture, séparés par « ; »."},
    "Commentaires": {"name": "Commentaires", "type": "string", "title": "Commentaires"},
}


def table_schema() -> dict:
    fields = []
    for column in CSV_COLUMNS:
        spec = json.loads(json.dumps(_FIELDS[column]))  # a copy
        for key in ("title", "description"):
            if key in spec:
                spec[key] = nbsp_punctuation(spec[key])
        fields.append(spec)
    return {"fields": fields, "missingValues": [""]}


def datapackage(m: Maillage, licence: Licence, version: str, referentiel=None) -> bytes:
    """The Frictionless description of synthese.csv; ``referentiel`` (the loaded one) names the field."""
    territoire = m.territoire or "territoire"
    if referentiel is not None:
        about = f"du référentiel « {referentiel.titre} » ({referentiel.auteurs})"
    else:
        about = "du référentiel"
    schema = table_schema()
    if referentiel is not None:
        phases = ", ".join(f"{p.numero} {p.nom}" for p in referentiel.phases)
        for column in schema["fields"]:
            if column["name"] == "Phase":
                column["description"] = f"Numéro de la phase du projet ({phases}) ; vide pour une compétence proposée hors de toute phase."
    data = {
        "profile": "tabular-data-package",
        "name": "synthese-" + (re.sub(r"[^a-z0-9]+", "-", _ascii(territoire).lower()).strip("-") or "territoire"),
        "title": f"Carte des compétences — {territoire}",
        "description": nbsp_punctuation(f"Qui, sur le territoire, détient chaque compétence {about}, d’après les fiches remplies en atelier."),
        "version": version,
        "licenses": [licence.as_json()],
        "resources": [
            {
                "profile": "tabular-data-resource",
                "name": "synthese",
                "path": "synthese.csv",
                "title": "Une ligne par compétence et par acteur qui la détient",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8-sig",
                "dialect": {"delimiter": ";", "lineTerminator": "\r\n", "header": True},
                "schema": schema,
                "licenses": [licence.as_json()],
            }
        ],
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _ascii(text: str) -> str:
    import unicodedata

    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))


# ---------------------------------------------------------------- xlsx (Kumu)


def workbook(m: Maillage, when: dt.datetime, auteur: str = "ateliers") -> bytes:
    """Sheets Acteurs (Kumu elements: Label, Type, Tags), Compétences, Liens (Kumu connections:
    From, To, Type) and Manques. Links point from an actor's name to a competence's id, the
    competence's Label in its sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    sole = m.sole_holdings()
    phases = list(m.phases)

    def sheet(title: str, header: list[str], rows: list[list], widths: list[int]) -> None:
        ws = wb.active if wb.active.title == "Sheet" else wb.create_sheet()
        ws.title = title
        xlsx_row(ws, header)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            xlsx_row(ws, row)
        ws.freeze_panes = "A2"
        for i, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = width

    sheet(
        "Acteurs",
        ["Label", "Type", "Tags", "Description", "Contact", "Compétences détenues"] + [f"Phase {n}" for n in phases] + ["Seul détenteur de"],
        [
            [a.nom, a.type, " | ".join(_actor_tags(m, a.key, sole)), ", ".join(a.types), ", ".join(a.contacts), len(m.held(a.key))]
            + [m.per_phase(a.key)[n] for n in phases]
            + [", ".join(sole.get(a.key, []))]
            for a in m.acteurs
        ],
        [40, 16, 30, 24, 30, 12] + [9] * len(phases) + [30],
    )
    sheet(
        "Compétences",
        ["Label", "Type", "Tags", "Description", "Phase", "Couverture", "Détenteurs", "Acteurs"],
        [
            [c.id, "compétence", " | ".join([f"phase {c.phase}", c.couverture]), c.texte, c.phase, c.couverture, len(c.detenteurs), ", ".join(m.acteur(k).nom for k in c.detenteurs)]
            for c in m.competences
        ],
        [10, 12, 22, 80, 8, 12, 11, 50],
    )
    liens = [[m.acteur(l.acteur).nom, l.competence, l.statut] + (["nouveau" if l.nouveau else ""] if m.avant else []) for l in m.liens]
    liens += [[p.acteur, p.competence, "perdu", "perdu"] for p in m.perdus] if m.avant else []
    sheet("Liens", ["From", "To", "Type"] + (["Changement"] if m.avant else []), liens, [40, 10, 12, 14])
    sheet(
        "Manques",
        ["N°", "Compétence", "Phase", "Couverture"],
        [[c.id, c.texte, c.phase, c.couverture] for c in m.manques],
        [10, 80, 8, 12],
    )
    wb.properties.title = f"Maillage — {m.territoire or 'territoire'}"
    wb.properties.creator = auteur
    wb.properties.language = "fr-FR"
    buffer = io.BytesIO()
    wb.save(buffer)
    return _fixed_dates(buffer.getvalue(), when)


def _actor_tags(m: Maillage, key: str, sole: dict[str, list[str]]) -> list[str]:
    tags = [f"phase {n}" for n, count in m.per_phase(key).items() if count]
    if key in sole:
        tags.append("seul détenteur")
    return tags


def _fixed_dates(data: bytes, when: dt.datetime) -> bytes:
    """openpyxl stamps the save time: the same mesh must give the same bytes."""
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*", lambda g: g.group(1) + stamp.encode(), content)
            entry = zipfile.ZipInfo(info.filename, date_time=when.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, content)
    return out.getvalue()


# ---------------------------------------------------------------- GEXF (Gephi)


def gexf(m: Maillage, when: dt.datetime, positions: dict[str, tuple[float, float]] | None = None) -> bytes:
    """networkx's GEXF writer; node attributes kind, phase, type, status; edge status (and change)."""
    from ...impression.theme import ACTEUR, phase_identite

    g = nx.Graph(mode="static")
    for c in m.competences:
        colour = phase_identite(c.phase).couleur
        g.add_node(c.id, label=f"{c.id} {c.texte}", kind="compétence", phase=c.phase, type="compétence", status=c.couverture, holders=len(c.detenteurs), viz=_viz(colour, positions, c.id))
    for a in m.acteurs:
        g.add_node(node_id(a.key), label=a.nom, kind="acteur", phase=0, type=a.type, status="seul détenteur" if a.key in m.sole_holdings() else "", holders=len(m.held(a.key)), viz=_viz(ACTEUR.couleur, positions, node_id(a.key)))
    for l in m.liens:
        g.add_edge(node_id(l.acteur), l.competence, status=l.statut, change="nouveau" if l.nouveau else "")
    buffer = io.BytesIO()
    nx.write_gexf(g, buffer)
    return re.sub(rb'lastmodifieddate="[^"]*"', b'lastmodifieddate="' + when.strftime("%Y-%m-%d").encode() + b'"', buffer.getvalue())


def _viz(colour: str, positions: dict | None, ident: str) -> dict:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    viz: dict = {"color": {"r": r, "g": g, "b": b, "a": 1.0}}
    if positions and ident in positions:
        x, y = positions[ident]
        viz["position"] = {"x": round(x, 2), "y": round(-y, 2), "z": 0.0}
    return viz


__all__ = ["TYPES", "DEFAULT_LICENCE", "LICENCES", "Licence", "parse_licence", "table_schema", "datapackage", "workbook", "gexf"]
