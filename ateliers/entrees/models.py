"""Typed models of the referential and of a workshop file.

Validated once, at the edge (see ``loading``); everything downstream works
on these objects and never on raw dictionaries. Field names are the YAML
keys, a contract with users' own files.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from ..impression.fonts import unprintable
from ..impression.typography import collapse_spaces, francais

MAX_TEXTE = 500
MAX_NOM = 120

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


def _no_control_chars(value: str) -> str:
    match = _CONTROL.search(value)
    if match:
        raise PydanticCustomError(
            "caractere_controle",
            "caractère de contrôle invisible (U+{code}) dans le texte : supprimez-le",
            {"code": f"{ord(match.group()):04X}"},
        )
    return value


def _printable(value: str) -> str:
    missing = unprintable(value)
    if missing:
        shown = ", ".join(f"« {c} » (U+{ord(c):04X})" for c in missing[:5])
        raise PydanticCustomError(
            "caractere_non_imprimable",
            "caractère(s) que les polices du kit ne savent pas imprimer : {liste} ; retirez-les ou remplacez-les",
            {"liste": shown},
        )
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("texte_vide", "le texte est vide")
    return value


def _prose(max_length: int):
    return Annotated[
        str,
        StringConstraints(max_length=max_length),
        AfterValidator(_no_control_chars),
        AfterValidator(_not_blank),
        AfterValidator(_printable),
        AfterValidator(francais),
    ]


Texte = _prose(MAX_TEXTE)
"""A prose text (competence, step, note): typographied the French way."""

Nom = _prose(MAX_NOM)
"""A short name (territory, actor, phase)."""

LongTexte = _prose(3000)

Simple = Annotated[
    str,
    StringConstraints(max_length=300),
    AfterValidator(_no_control_chars),
    AfterValidator(_not_blank),
    AfterValidator(_printable),
    AfterValidator(collapse_spaces),
]
"""A text left as typed (e-mail, phone, address): only spaces are tidied."""


class _Strict(BaseModel):
    # Unknown keys are errors: a typo such as « competence: » must not be ignored.
    model_config = ConfigDict(extra="forbid", frozen=True)


# ---------------------------------------------------------------- référentiel

ID_ETAPE = r"^E[1-9]-[0-9]{2,3}$"
ID_COMPETENCE = r"^C[1-9]-[0-9]{2,3}$"
ID_GROUPE = r"^R-[A-Z]{2,6}$"
ID_ELEMENT = r"^R-[A-Z]{2,6}-[0-9]{2,3}$"
ID_AJOUT = r"^C[1-9]-T[0-9]{2,3}$"


class Etape(_Strict):
    """A « grande étape » of a phase."""

    id: Annotated[str, Field(pattern=ID_ETAPE, description="Identifiant stable, E<phase>-<numéro>, ex. E3-04.")]
    texte: Texte


class Competence(_Strict):
    """A competence required in a phase."""

    id: Annotated[str, Field(pattern=ID_COMPETENCE, description="Identifiant stable, C<phase>-<numéro>, ex. C2-07.")]
    texte: Texte


class ElementResume(_Strict):
    """An item of the summary (« En résumé »)."""

    id: Annotated[str, Field(pattern=ID_ELEMENT, description="Identifiant stable, <groupe>-<numéro>, ex. R-REL-03.")]
    texte: Texte


class Phase(_Strict):
    """One of the phases of maturation of a project (émergence, test…)."""

    numero: Annotated[int, Field(ge=1, le=9, description="Numéro de la phase, à partir de 1, sans trou.")]
    nom: Nom
    notes: list[LongTexte] = Field(default_factory=list, description="Remarques et points d’attention de la phase.")
    etapes: Annotated[list[Etape], Field(min_length=1, description="Les grandes étapes (colonne de gauche).")]
    competences: Annotated[
        list[Competence], Field(min_length=1, description="Les compétences requises (colonne de droite).")
    ]

    @property
    def titre(self) -> str:
        """« Phase 2 — Le test »."""
        return f"Phase {self.numero} — {self.nom}"


class GroupeResume(_Strict):
    """A group of the summary (savoir-faire relationnel…)."""

    id: Annotated[str, Field(pattern=ID_GROUPE, description="Identifiant du groupe, ex. R-REL.")]
    nom: Nom
    elements: Annotated[list[ElementResume], Field(min_length=1)]


class Source(_Strict):
    """Where the referential comes from, printed as a credit."""

    titre: LongTexte
    auteurs: Annotated[list[Nom], Field(min_length=1)]
    groupe_de_travail: LongTexte
    credit: Annotated[LongTexte, Field(description="Ligne de crédit imprimée sur chaque support.")]


class Libelles(_Strict):
    """Headings used in the source document."""

    partie_phases: LongTexte = "Les compétences requises en fonction des phases d’avancement du projet"
    etapes: LongTexte = "Les grandes étapes"
    competences: LongTexte = "Compétences requises"
    partie_resume: LongTexte = "En résumé"


class Projet(_Strict):
    """The kind of project the referential is about, in the words the printables and the app use.

    The defaults are neutral: a referential that does not say its field never gets another's."""

    nom: Annotated[
        Nom,
        Field(description="Le type de projet, sans article : mots-clés des documents, description des données ouvertes (ex. « tiers-lieu »)."),
    ] = "projet"
    designation: Annotated[
        Nom,
        Field(description="Le projet dans une phrase, avec son article (ex. « un projet de tiers-lieu ») : guide d’animation, affiche d’annonce."),
    ] = "un projet"
    accroche: Annotated[
        LongTexte | None,
        Field(description="Une ou deux phrases qui disent pourquoi venir à l’atelier, imprimées sur l’affiche d’annonce."),
    ] = None


class Referentiel(_Strict):
    """The whole referential: metadata, phases and summary."""

    titre: LongTexte
    version: Annotated[
        str,
        StringConstraints(strip_whitespace=True, min_length=1, max_length=40, pattern=r"^[\w.\-]+$"),
        Field(description="Version du référentiel, imprimée sur chaque support et relue après l’atelier."),
    ]
    source: Source
    introduction: LongTexte
    introduction_resume: LongTexte | None = None
    projet: Projet = Field(default_factory=Projet)
    libelles: Libelles = Field(default_factory=Libelles)
    ids_retires: list[str] = Field(
        default_factory=list,
        description="Identifiants d’éléments supprimés : ils ne doivent jamais être réutilisés.",
    )
    phases: Annotated[list[Phase], Field(min_length=1)]
    resume: list[GroupeResume] = Field(default_factory=list)

    @property
    def accroche(self) -> str:
        """The event poster's pitch: the referential's own, or one built from its project's name."""
        if self.projet.accroche:
            return self.projet.accroche
        designation = self.projet.designation
        return f"{designation[:1].upper()}{designation[1:]} demande des compétences que portent souvent plusieurs acteurs à la fois."

    @property
    def auteurs(self) -> str:
        """« A, B et C »: the source's authors, in a sentence."""
        names = list(self.source.auteurs)
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " et " + names[-1]

    def phase(self, numero: int) -> Phase:
        for phase in self.phases:
            if phase.numero == numero:
                return phase
        raise KeyError(numero)

    @property
    def etapes(self) -> list[Etape]:
        return [e for p in self.phases for e in p.etapes]

    @property
    def empreinte(self) -> str:
        """sha256 of the referential's content (not of its YAML layout): stamped on worksheets.

        The ``projet`` block (words of the pitch and the guide) is left out: it does not change
        what a worksheet's rows mean, and worksheets printed before it was added still read."""
        import hashlib

        return hashlib.sha256(self.model_dump_json(exclude={"projet"}).encode("utf-8")).hexdigest()

    @property
    def competences(self) -> list[Competence]:
        return [c for p in self.phases for c in p.competences]

    @property
    def elements_resume(self) -> list[ElementResume]:
        return [e for g in self.resume for e in g.elements]


# ---------------------------------------------------------------- atelier


class TypeActeur(str, Enum):
    collectivite = "collectivité"
    association = "association"
    entreprise = "entreprise"
    service_public = "service public"
    habitant = "habitant·e"
    autre = "autre"


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in text if c.isalnum())


_TYPE_ALIASES = {
    **{_fold(t.value): t.value for t in TypeActeur},
    "collectivite": "collectivité",
    "collectivites": "collectivité",
    "collectiviteterritoriale": "collectivité",
    "commune": "collectivité",
    "associations": "association",
    "asso": "association",
    "entreprises": "entreprise",
    "servicepublic": "service public",
    "servicespublics": "service public",
    "habitant": "habitant·e",
    "habitante": "habitant·e",
    "habitants": "habitant·e",
    "habitantes": "habitant·e",
}


def _type_acteur(value: Any) -> Any:
    if isinstance(value, str):
        return _TYPE_ALIASES.get(_fold(value), value)
    return value


class Acteur(_Strict):
    """A local actor known before the workshop."""

    nom: Nom
    type: Annotated[
        TypeActeur,
        BeforeValidator(_type_acteur),
        Field(description="collectivité, association, entreprise, service public, habitant·e ou autre."),
    ] = TypeActeur.autre
    contact: Simple | None = None


class CompetenceAjoutee(_Strict):
    """A competence the territory adds to a phase of the referential."""

    phase: Annotated[int, Field(ge=1, le=9, description="Numéro de la phase où ajouter la compétence.")]
    texte: Texte
    id: Annotated[
        str | None,
        Field(
            pattern=ID_AJOUT,
            description="Facultatif : identifiant C<phase>-T<numéro> (ex. C2-T01). Attribué dans l’ordre du fichier s’il manque.",
        ),
    ] = None


_TIME = re.compile(r"^\s*([01]?\d|2[0-3])\s*(?:[:hH]\s*([0-5]\d)?)?\s*$")
_FRENCH_DATE = re.compile(r"^\s*(\d{1,2})[/.](\d{1,2})[/.](\d{4})\s*$")


def _heure(value: Any) -> Any:
    if isinstance(value, str):
        match = _TIME.match(value)
        if not match:
            raise PydanticCustomError(
                "heure_invalide", "heure « {valeur} » non reconnue : écrivez-la 09:30 ou 9h30", {"valeur": value}
            )
        return dt.time(int(match.group(1)), int(match.group(2) or 0))
    return value


_MOIS = {
    "janvier": 1, "janv": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3, "avril": 4, "avr": 4, "mai": 5,
    "juin": 6, "juillet": 7, "juil": 7, "aout": 8, "septembre": 9, "sept": 9, "octobre": 10, "oct": 10,
    "novembre": 11, "nov": 11, "decembre": 12, "dec": 12,
}  # fmt: skip
_WORDS_DATE = re.compile(r"^\s*(?:[a-zéèûôî]+\.?\s+)?(\d{1,2})(?:er)?\s+([a-zéèûôî]+)\.?\s+(\d{4})\s*$", re.IGNORECASE)
_YMD = re.compile(r"^\s*(\d{4})\s*[/. ]\s*(\d{1,2})\s*[/. ]\s*(\d{1,2})\s*$")
_ANY_DMY = re.compile(r"^\s*(\d{1,2})\s*[-/. ]\s*(\d{1,2})\s*[-/. ]\s*(\d{4})\s*$")


def _date_hint(value: str) -> str:
    """What the user probably meant, rewritten as the file expects it, or a plain example."""
    words = _WORDS_DATE.match(value)
    if words:
        month = _MOIS.get(unicodedata.normalize("NFKD", words.group(2).casefold()).encode("ascii", "ignore").decode())
        if month:
            try:
                day = dt.date(int(words.group(3)), month, int(words.group(1)))
                return f"écrivez-la {day.isoformat()} (ou {day.strftime('%d/%m/%Y')})"
            except ValueError:
                pass
    year_first = _YMD.match(value)
    if year_first:
        try:
            day = dt.date(*(int(g) for g in year_first.groups()))
            return f"écrivez-la {day.isoformat()} (ou {day.strftime('%d/%m/%Y')})"
        except ValueError:
            pass
    numbers = _ANY_DMY.match(value)
    if numbers:
        first, second, year = (int(g) for g in numbers.groups())
        if second > 12 and first <= 12:
            try:
                day = dt.date(year, first, second)
                return f"le jour s’écrit avant le mois ; écrivez {day.strftime('%d/%m/%Y')} ou {day.isoformat()}"
            except ValueError:
                pass
        try:
            day = dt.date(year, second, first)
            return f"écrivez-la {day.isoformat()} (ou {day.strftime('%d/%m/%Y')})"
        except ValueError:
            pass
    return "écrivez-la AAAA-MM-JJ (ex. 2027-03-18) ou JJ/MM/AAAA (ex. 18/03/2027)"


def _date(value: Any) -> Any:
    if isinstance(value, str):
        match = _FRENCH_DATE.match(value)
        if match:
            day, month, year = (int(g) for g in match.groups())
            try:
                return dt.date(year, month, day)
            except ValueError:
                if month > 12 and day <= 12:
                    raise PydanticCustomError(
                        "date_invalide", "la date « {valeur} » n’existe pas : {conseil}", {"valeur": value, "conseil": _date_hint(value)}
                    ) from None
                raise PydanticCustomError(
                    "date_invalide", "la date « {valeur} » n’existe pas", {"valeur": value}
                ) from None
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise PydanticCustomError(
                "date_invalide",
                "date « {valeur} » non reconnue : {conseil}",
                {"valeur": value, "conseil": _date_hint(value)},
            ) from None
    return value


_OUTSIDE_PARENTHESES = re.compile(r"[,;](?![^()]*\))")


def _names(value: Any) -> Any:
    """« Marie Dupont, Jean Martin » written on one line is two people; « Dupont, Marie » is one
    (a comma splits only between parts of at least two words each; a semicolon always does)."""
    if not isinstance(value, str):
        return value
    parts = [p.strip() for p in re.split(r";(?![^()]*\))", value) if p.strip()]
    names = []
    for part in parts:
        pieces = [p.strip() for p in _OUTSIDE_PARENTHESES.split(part) if p.strip()]
        if len(pieces) > 1 and all(len(p.split()) >= 2 for p in pieces):
            names += pieces
        else:
            names.append(part)
    return names


class Atelier(_Strict):
    """One workshop on one territory (« fichier d’atelier »)."""

    territoire: Annotated[Nom, Field(description="Nom du territoire, imprimé sur chaque support.")]
    referentiel: Annotated[
        Path | None,
        Field(
            description="Chemin du référentiel utilisé, relatif au fichier d’atelier (ex. referentiel-tiers-lieux.yaml) ; "
            "sans cette clé, le référentiel fourni avec ateliers."
        ),
    ] = None
    structure_porteuse: Nom | None = None
    date: Annotated[
        dt.date | None,
        BeforeValidator(_date),
        WithJsonSchema({"type": ["string", "null"], "pattern": r"^(\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4})$"}),
        Field(description="Date de l’atelier, ex. 2026-12-03 ou 03/12/2026."),
    ] = None
    heure_debut: Annotated[
        dt.time | None,
        BeforeValidator(_heure),
        WithJsonSchema({"type": ["string", "null"], "pattern": r"^\s*([01]?\d|2[0-3])\s*([:hH]\s*([0-5]\d)?)?\s*$"}),
        Field(description="Heure de début, ex. \"09:30\" ou 9h30."),
    ] = None
    lieu: Nom | None = None
    animation: Annotated[
        list[Nom],
        BeforeValidator(_names),
        WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}),
        Field(description="Noms des personnes qui animent (un nom ou une liste ; sur une ligne, séparés par des virgules)."),
    ] = Field(default_factory=list)
    phases_retenues: Annotated[
        list[Annotated[int, Field(ge=1, le=9)]] | None,
        Field(description="Numéros des phases travaillées (toutes si absent)."),
    ] = None
    nombre_participants: Annotated[int | None, Field(ge=1, le=1000)] = None
    nombre_sous_groupes: Annotated[int | None, Field(ge=1, le=50)] = None
    acteurs: list[Acteur] = Field(default_factory=list)
    competences_ajoutees: list[CompetenceAjoutee] = Field(default_factory=list)
    logo: Annotated[
        Path | None, Field(description="Chemin d’une image PNG, JPEG ou SVG, relatif au fichier d’atelier.")
    ] = None
    inscription: Annotated[
        Simple | None,
        Field(
            description="Pour s’inscrire ou poser une question : adresse web ou e-mail (imprimée avec un QR code "
            "sur l’affiche d’annonce), ou numéro de téléphone."
        ),
    ] = None
