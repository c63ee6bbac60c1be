"""The ``ateliers`` command: a thin French layer over the library API."""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

import click

from . import __version__, click_fr
from .cards_pdf import CardOptions
from .errors import AteliersError, InputError
from .generate import make_cards, make_posters, make_worksheets, prepare
from .imposition import RectoVerso, parse_card_format, parse_offset
from .posters import PosterOptions
from .loading import load_atelier, load_referentiel
from .models import Referentiel
from .resources import embedded
from .schema import write_schemas
from .territoire import merge_atelier
from .typography import nbsp_punctuation
from .workshop_file import default_name, write_workshop_file

click_fr.install()

def say(text: str = "", err: bool = False) -> None:
    """Print a message with French spacing (non-breaking spaces before : ; ? !)."""
    click.echo(nbsp_punctuation(text), err=err)


CONTEXT = {"help_option_names": ["-h", "--help", "--aide"], "max_content_width": 100}


class AteliersGroup(click.Group):
    """Turns every known error into one French message and an exit status, never a traceback."""

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except AteliersError as exc:
            if ctx.find_root().params.get("debug"):
                traceback.print_exc()
            say(f"Erreur\u00a0: {exc}", err=True)
            ctx.exit(exc.exit_code)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except KeyboardInterrupt:
            say("Interrompu : les fichiers déjà présents n’ont pas été modifiés.", err=True)
            ctx.exit(130)
        except Exception as exc:  # a bug: say so in French, keep the trace for --debug
            if ctx.find_root().params.get("debug"):
                traceback.print_exc()
            say(
                f"Erreur interne inattendue ({type(exc).__name__}\u00a0: {exc}).\n"
                "→ Relancez la commande avec --debug et transmettez le message complet à l’équipe ateliers.",
                err=True,
            )
            ctx.exit(1)


def _referentiel_option(f):
    return click.option(
        "--referentiel",
        "-r",
        "referentiel",
        type=click.Path(path_type=Path, dir_okay=False),
        default=None,
        help="Référentiel à utiliser (par défaut, celui fourni avec ateliers).",
    )(f)


def _atelier_option(f):
    return click.option(
        "--atelier",
        "-a",
        "atelier",
        type=click.Path(path_type=Path, dir_okay=False),
        default=None,
        help="Fichier d’atelier décrivant le territoire (voir « ateliers nouveau »).",
    )(f)


@click.group(cls=AteliersGroup, context_settings=CONTEXT, subcommand_metavar="COMMANDE [ARGUMENTS]...")
@click.version_option(__version__, "--version", prog_name="ateliers", message="%(prog)s, version %(version)s")
@click.option("--debug", is_flag=True, help="En cas d’erreur, afficher aussi le détail technique.")
def cli(debug: bool) -> None:
    """Préparer un atelier « Qui, sur notre territoire, détient cette compétence ? ».

    À partir du référentiel de compétences des conciergeries de territoire
    (Cap Rural et CRESS Auvergne-Rhône-Alpes), ateliers produit le matériel
    à imprimer pour l’atelier.

    \b
    Pour commencer :
      ateliers nouveau "Mon territoire"     crée un fichier d’atelier à remplir
      ateliers valider --atelier FICHIER    vérifie le référentiel et ce fichier
    """


@cli.command(context_settings=CONTEXT)
@click.argument("referentiel_arg", metavar="[REFERENTIEL]", required=False, type=click.Path(path_type=Path, dir_okay=False))
@_referentiel_option
@_atelier_option
def valider(referentiel_arg: Path | None, referentiel: Path | None, atelier: Path | None) -> None:
    """Vérifier le référentiel (et un fichier d’atelier) et dire ce qui a été lu.

    REFERENTIEL est le fichier du référentiel ; sans lui, le référentiel
    fourni avec ateliers est vérifié.
    """
    chemin = referentiel_arg or referentiel
    ref = load_referentiel(chemin)
    _print_referentiel(ref, chemin or embedded().referentiel)
    if atelier is not None:
        fiche = load_atelier(atelier, ref)
        vue = merge_atelier(ref, fiche)
        say("")
        say(f"Fichier d’atelier « {atelier} » : valide.")
        say(f"  Territoire : {fiche.territoire}")
        if fiche.structure_porteuse:
            say(f"  Structure porteuse : {fiche.structure_porteuse}")
        quand = " ".join(
            filter(None, [fiche.date.strftime("%d/%m/%Y") if fiche.date else None,
                          fiche.heure_debut.strftime("à %Hh%M") if fiche.heure_debut else None])
        )
        if quand:
            say(f"  Date : {quand}")
        if fiche.lieu:
            say(f"  Lieu : {fiche.lieu}")
        say("  Phases retenues : " + ", ".join(f"{p.numero} ({p.nom})" for p in vue.phases))
        ajouts = [c for p in vue.phases for c in p.ajouts]
        say(f"  {len(ajouts)} compétence{'s' if len(ajouts) > 1 else ''} ajoutée{'s' if len(ajouts) > 1 else ''} par le territoire")
        for c in ajouts:
            say(f"    {c.id}  {c.texte}")
        say(f"  {len(fiche.acteurs)} acteur{'s' if len(fiche.acteurs) > 1 else ''} connu{'s' if len(fiche.acteurs) > 1 else ''}")
        for a in fiche.acteurs:
            say(f"    {a.nom} ({a.type.value})")
        say(f"  Compétences travaillées : {len(vue.competences)}")


def _print_referentiel(ref: Referentiel, chemin: Path) -> None:
    etapes, competences, elements = len(ref.etapes), len(ref.competences), len(ref.elements_resume)
    say(f"Référentiel « {chemin} » (version {ref.version}) : valide.")
    say(f"  {len(ref.phases)} phases")
    say(f"  {etapes} étapes")
    say(f"  {competences} compétences")
    say(f"  {elements} éléments de synthèse")
    for phase in ref.phases:
        say(f"    {phase.titre} : {len(phase.etapes)} étapes, {len(phase.competences)} compétences")
    for groupe in ref.resume:
        say(f"    {groupe.nom} : {len(groupe.elements)} éléments")


@cli.command(context_settings=CONTEXT)
@click.argument("territoire")
@click.option(
    "--sortie",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="Fichier à écrire (par défaut atelier-<territoire>.yaml dans le dossier courant).",
)
@click.option("--forcer", is_flag=True, help="Remplacer le fichier s’il existe déjà.")
def nouveau(territoire: str, sortie: Path | None, forcer: bool) -> None:
    """Créer un fichier d’atelier commenté, à remplir, pour TERRITOIRE.

    Exemple : ateliers nouveau "Communauté de communes du Haut-Vallon"
    """
    fichier = sortie or Path(default_name(territoire))
    write_workshop_file(territoire, fichier, embedded(), force=forcer)
    say(f"Fichier d’atelier créé : {fichier}")
    say("Ouvrez-le dans un éditeur de texte, remplissez-le, puis vérifiez-le avec :")
    say(f"  ateliers valider --atelier {fichier}")


@cli.command(context_settings=CONTEXT)
@click.option(
    "--sortie",
    "-o",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("."),
    show_default=True,
    help="Dossier où écrire les schémas.",
)
def schemas(sortie: Path) -> None:
    """Régénérer les schémas JSON (complétion et vérification dans les éditeurs).

    À lancer à la racine du projet après une modification des modèles.
    """
    for path in write_schemas(sortie):
        say(f"Écrit : {path}")


def _sortie_option(f):
    return click.option(
        "--sortie",
        "-o",
        "sortie",
        type=click.Path(path_type=Path, file_okay=False),
        default=None,
        help="Dossier où écrire les fichiers (par défaut output/<territoire> ou output/generique).",
    )(f)


def _phases_option(f):
    return click.option(
        "--phases",
        "phases",
        default=None,
        metavar="1,2",
        help="Phases à produire, séparées par des virgules (par défaut celles du fichier d’atelier, sinon toutes).",
    )(f)


def parse_phases(text: str | None) -> list[int] | None:
    if text is None or not text.strip():
        return None
    try:
        values = [int(part) for part in text.replace(";", ",").split(",") if part.strip()]
    except ValueError:
        raise InputError(
            f"Liste de phases « {text} » illisible.", conseil="Écrivez les numéros séparés par des virgules, ex. --phases 1,2"
        ) from None
    return values or None


@cli.command(context_settings=CONTEXT)
@_atelier_option
@_referentiel_option
@_sortie_option
@click.option(
    "--format",
    "format_",
    default="poker",
    show_default=True,
    metavar="FORMAT",
    help="Format des cartes : poker (63×88 mm), tarot (70×120), a7 (74×105), a6 (105×148) ou LxH en mm (ex. 70x100).",
)
@click.option("--papier", type=click.Choice(["a4", "letter"], case_sensitive=False), default="a4", show_default=True, help="Papier de l’imprimante.")
@click.option(
    "--recto-verso",
    "recto_verso",
    type=click.Choice([m.value for m in RectoVerso], case_sensitive=False),
    default="long",
    show_default=True,
    help="long / court : impression recto-verso retournée sur le bord long ou court ; pliage : recto et verso côte à côte, à plier (imprimante sans recto-verso) ; non : rectos seuls.",
)
@click.option("--decalage-verso", "decalage", default=None, metavar="X,Y", help="Décale les versos de X et Y mm (mesurés avec cartes-calibrage.pdf).")
@click.option("--noir-et-blanc", "noir_et_blanc", is_flag=True, help="Sans couleur : motifs et formes pour distinguer les phases.")
@click.option("--imprimeur", is_flag=True, help="Pour un imprimeur : une carte par page, fonds perdus de 3 mm, TrimBox et BleedBox.")
@click.option("--traits-de-coupe", "traits", is_flag=True, help="Tracer les lignes de coupe sur toute la feuille (au lieu des seules marques).")
@_phases_option
def cartes(atelier, referentiel, sortie, format_, papier, recto_verso, decalage, noir_et_blanc, imprimeur, traits, phases):
    """Produire les jeux de cartes à imprimer (PDF).

    Quatre jeux : compétences, grandes étapes, synthèse, et cartes à remplir
    (acteurs, compétences à ajouter). Avec un fichier d’atelier : seulement
    les phases retenues, les compétences ajoutées et une carte par acteur connu.
    """
    options = CardOptions(
        format=parse_card_format(format_),
        papier=papier.lower(),
        recto_verso=RectoVerso(recto_verso.lower()),
        decalage=parse_offset(decalage),
        noir_et_blanc=noir_et_blanc,
        imprimeur=imprimeur,
        traits_complets=traits,
    )
    inputs = prepare(referentiel, atelier, sortie, parse_phases(phases))
    results = make_cards(inputs, options, progress=lambda name: say(f"  … {name}", err=True))
    say(f"Cartes écrites dans « {inputs.folder} » :")
    for result in results:
        say(f"  {result.entry.fichier} : {len(result.cards)} cartes, {result.entry.pages} pages")
    if options.recto_verso in (RectoVerso.long, RectoVerso.court) and not options.imprimeur:
        say("  cartes-calibrage.pdf : feuille de calibrage du recto-verso")
    say("Imprimez à 100 % (taille réelle), sans ajustement à la page.")


@cli.command(context_settings=CONTEXT)
@_atelier_option
@_referentiel_option
@_sortie_option
@click.option(
    "--format", "format_", type=click.Choice(["a3", "a2", "a1"], case_sensitive=False), default="a3", show_default=True,
    help="Format des affiches.",
)
@click.option("--noir-et-blanc", "noir_et_blanc", is_flag=True, help="Sans couleur : formes et motifs distinguent les phases.")
@_phases_option
def affiches(atelier, referentiel, sortie, format_, noir_et_blanc, phases):
    """Produire les affiches (PDF) : un tableau mural par phase, une vue d’ensemble
    et, avec un fichier d’atelier, l’affiche d’annonce de l’atelier.
    """
    options = PosterOptions(format=format_.lower(), noir_et_blanc=noir_et_blanc)
    inputs = prepare(referentiel, atelier, sortie, parse_phases(phases))
    results = make_posters(inputs, options, progress=lambda name: say(f"  … {name}", err=True))
    say(f"Affiches écrites dans « {inputs.folder} » :")
    for result in results:
        say(f"  {result.entry.fichier} : {options.format.upper()}, texte en {result.body_pt:g} pt")
    say("Imprimez à 100 % (taille réelle), sur papier de 90 à 120 g/m².")


@cli.command(context_settings=CONTEXT)
@_atelier_option
@_referentiel_option
@_sortie_option
@_phases_option
def fiches(atelier, referentiel, sortie, phases):
    """Produire les fiches Word (docx) : fiche compétences, fiche acteurs, plan d’action
    et guide d’animation. Sans fichier d’atelier : des fiches génériques à compléter.
    """
    inputs = prepare(referentiel, atelier, sortie, parse_phases(phases))
    results = make_worksheets(inputs, progress=lambda name: say(f"  … {name}", err=True))
    say(f"Fiches écrites dans « {inputs.folder} » :")
    for result in results:
        say(f"  {result.entry.fichier}")
    say("Ouvrez-les dans Word ou LibreOffice pour les adapter avant de les imprimer.")


def main(argv: list[str] | None = None) -> None:
    cli.main(args=argv, prog_name="ateliers")


if __name__ == "__main__":  # pragma: no cover
    main(sys.argv[1:])
