"""The ``ateliers`` command: a thin French layer over the library API."""

from __future__ import annotations

import gc
import sys
from pathlib import Path

import click

from . import api, click_fr

# Every command parses its options, calls one function of ateliers.api, and prints what it returns.
# The rendering stack (WeasyPrint, python-docx) is imported by the API only when it builds:
# « ateliers --help » and an up-to-date kit answer without loading it.

click_fr.install()


say, CONTEXT, _stack = click_fr.say, click_fr.CONTEXT, click_fr.stack


def _choice(values) -> click_fr.FrenchChoice:
    return click_fr.FrenchChoice(list(values), case_sensitive=False)


_FILE = click.Path(path_type=Path, dir_okay=False)

# Every option declared once, here; the commands pick theirs.
_referentiel_option = click.option("--referentiel", "-r", type=_FILE, default=None, help="Référentiel à utiliser (par défaut, celui que nomme le fichier d’atelier, sinon celui fourni avec ateliers).")
_atelier_option = click.option("--atelier", "-a", type=_FILE, default=None, help="Fichier d’atelier décrivant le territoire (voir « ateliers nouveau »).")
# Not file_okay=False: a file in the way is an environment problem (exit 1), said by ensure_dir.
_sortie_option = click.option("--sortie", "-o", type=click.Path(path_type=Path), default=None, help="Dossier où écrire les fichiers (par défaut output/<territoire> ou output/generique).")
_phases_option = click.option("--phases", default=None, metavar="1,2", help="Phases à produire, séparées par des virgules (par défaut celles du fichier d’atelier, sinon toutes).")
_noir_et_blanc_option = click.option("--noir-et-blanc", "noir_et_blanc", is_flag=True, help="Sans couleur : formes, numéros et motifs distinguent les phases.")
# « --forcer » everywhere; « --force », the kit's first spelling, is still understood (hidden).
_force_alias = click.option("--force", is_flag=True, hidden=True, expose_value=False, callback=lambda ctx, param, v: ctx.params.update(forcer=True) if v else None)


def _forcer_option(help: str):
    # « or »: when « --force » was given, its callback has already set the value.
    return _stack(click.option("--forcer", is_flag=True, help=help, callback=lambda ctx, param, v: v or ctx.params.get("forcer", False)), _force_alias)
_card_options = _stack(
    click.option("--format", "format_", default="poker", show_default=True, metavar="FORMAT",
                 help="Format des cartes : " + ", ".join(f"{name} ({w:g}×{h:g} mm)" for name, (w, h) in api.CARD_FORMATS.items()) + " ou LxH en mm (ex. 70x100)."),
    click.option("--papier", type=_choice(api.PAPERS), default="a4", show_default=True, help="Papier de l’imprimante."),
    click.option("--recto-verso", "recto_verso", type=_choice(m.value for m in api.RectoVerso), default="long", show_default=True,
                 help="long / court : impression recto-verso retournée sur le bord long ou court ; pliage : recto et verso côte à côte, à plier (imprimante sans recto-verso) ; non : rectos seuls."),
    click.option("--decalage-verso", "decalage", default=None, metavar="X,Y", help="Décale les versos de X et Y mm (mesurés avec cartes-calibrage.pdf)."),
    click.option("--imprimeur", is_flag=True, help="Pour un imprimeur : une carte par page, fonds perdus de 3 mm, TrimBox et BleedBox."),
    click.option("--traits-de-coupe", "traits", is_flag=True, help="Tracer les lignes de coupe sur toute la feuille (au lieu des seules marques)."),
)  # fmt: skip


def _poster_options(format_name: str, tiles_default: str):
    """The overview and event poster's format, and the wall boards' paper (print shop, office tiles)."""
    return _stack(
        click.option(format_name, "format_affiches", type=_choice(["auto", *api.POSTER_FORMATS]), default="auto", show_default=True, help="Format de la vue d’ensemble et de l’affiche d’annonce (auto : vue d’ensemble en A1 au-delà de 12 participants, sinon A3 ; annonce en A3)."),
        click.option("--tableau", type=_choice(["auto", *api.BOARD_FORMATS]), default="auto", show_default=True,
                     help="Papier des tableaux muraux, chez un imprimeur : auto (pour chaque phase, le plus petit de A2, A1, A0 "
                     "qui reçoit toutes ses cartes dans chaque zone), a2, a1, a0 ou paperboard (feuille de paperboard, 650 × 980 mm, portrait)."),
        click.option("--tuiles", type=_choice([*api.TILE_SHEETS, "aucune"]), default=tiles_default, show_default=True,
                     help="Tableaux muraux aussi découpés en feuilles A3 ou A4 à assembler (aucune : sans)."),
    )  # fmt: skip


def _progress(label: str):
    """A progress bar on the terminal, fed by the API's ``progress(done, total, label)``."""
    bar = None

    def update(done: int, total: int, name: str) -> None:
        nonlocal bar
        if bar is None:
            bar = click.progressbar(length=total, label=label, show_eta=False, file=sys.stderr)
            bar.__enter__()
        bar.length = total
        bar.update(done - bar.pos, name)

    def close() -> None:
        if bar is not None:
            bar.__exit__(None, None, None)

    return update, close


def _say_all(lines, err: bool = False) -> None:
    for line in lines:
        say(line, err=err)


def _warn(warnings, err: bool = True) -> None:
    """What the workshop file still lacks: on stderr while building, in the report of « valider »."""
    _say_all(api.warning_lines(warnings), err)


@click.group(cls=click_fr.AteliersGroup, context_settings=CONTEXT, subcommand_metavar="COMMANDE [ARGUMENTS]...")
@click.version_option(api.version(), "--version", prog_name="ateliers", message="%(prog)s, version %(version)s")
@click.option("--debug", is_flag=True, help="En cas d’erreur, afficher aussi le détail technique.")
def cli(debug: bool) -> None:
    """Préparer un atelier « Qui, sur notre territoire, détient cette compétence ? ».

    À partir d’un référentiel de compétences (phases, grandes étapes,
    compétences, synthèse ; par défaut celui fourni avec ateliers), ateliers produit le matériel
    à imprimer pour l’atelier.

    \b
    Pour commencer :
      ateliers kit                          le kit générique complet, dans output/generique/
      ateliers nouveau "Mon territoire"     crée un fichier d’atelier à remplir
      ateliers valider --atelier FICHIER    vérifie le référentiel et ce fichier
      ateliers kit --atelier FICHIER        le kit du territoire
    """


@cli.command(context_settings=CONTEXT, short_help="Produire tout le kit : cartes, affiches, fiches, guide et planche contact.")
@click.argument("fichiers", nargs=-1, metavar="[FICHIERS_ATELIER]...", type=click.Path(path_type=Path, dir_okay=False))
@_atelier_option
@_referentiel_option
@_sortie_option
@_card_options
@_poster_options("--format-affiches", "a3")  # beside each print shop's board, its A3 tiles for the office
@_noir_et_blanc_option
@_phases_option
@_forcer_option("Tout refaire, même si rien n’a changé.")
@click.option("--quiet", "-q", is_flag=True, help="N’afficher que les erreurs (pour les scripts).")
@click.option("--processus", type=int, default=None, metavar="N", callback=click_fr.bounded(1, 64, "{} processus : choisissez un nombre de 1 à 64."), help="Nombre de processus, de 1 à 64 (par défaut : un par cœur).")
def kit(fichiers, atelier, referentiel, sortie, format_, papier, recto_verso, decalage, imprimeur, traits, format_affiches, tableau, tuiles, noir_et_blanc, phases, forcer, quiet, processus):
    """Produire tout le kit d’un atelier : cartes, affiches, fiches, guide et planche contact.

    \b
    ateliers kit                                  kit générique dans output/generique/
    ateliers kit --atelier exemples/x.yaml        un territoire dans output/<territoire>/
    ateliers kit exemples/*.yaml                  plusieurs territoires, en parallèle

    Ouvrez ensuite index.html dans le dossier du kit : il montre chaque fichier,
    à quoi il sert, comment l’imprimer et en combien d’exemplaires. Une deuxième
    exécution avec les mêmes entrées ne refait rien (--forcer pour tout refaire).
    """
    options = api.kit_options(format_, papier, recto_verso, decalage, noir_et_blanc, imprimeur, traits, format_affiches, tableau, tuiles, phases)
    files = list(fichiers) + ([atelier] if atelier else [])
    if len(files) <= 1:
        _one_kit(referentiel, files[0] if files else None, sortie, options, forcer, quiet, processus)
    else:
        _many_kits(referentiel, files, sortie, options, forcer, quiet, processus)


def _one_kit(referentiel, atelier, sortie, options, force, quiet, workers) -> None:
    update, close = _progress("Kit en cours") if not quiet else (None, lambda: None)
    try:
        report = api.kit(referentiel, atelier, sortie, options, force, progress=update, workers=workers)
    finally:
        close()
    if not quiet:
        _warn(report.warnings)
        _say_all(api.kit_lines(report))


def _many_kits(referentiel, files, sortie, options, force, quiet, workers) -> None:
    update, close = _progress(f"{len(files)} territoires") if not quiet else (None, lambda: None)
    try:
        reports = api.kits(files, sortie, referentiel, options, force, progress=update, workers=workers)
    finally:
        close()
    failed = [r for r in reports if r.error]
    if not quiet or failed:
        table, errors = api.kits_lines(files, reports)
        _say_all(table)
        _say_all(errors, err=True)
    if failed:
        # 2 when every failure is data to correct (as the README says), 1 if the machine failed too.
        raise click.exceptions.Exit(2 if all(r.exit_code == 2 for r in failed) else 1)


@cli.command(context_settings=CONTEXT, short_help="Créer un fichier d’atelier commenté, à remplir.")
@click.argument("territoire")
@click.option("--sortie", "-o", type=_FILE, default=None, help="Fichier à écrire (par défaut atelier-<territoire>.yaml dans le dossier courant).")
@_forcer_option("Remplacer le fichier s’il existe déjà.")
@click.option("--referentiel", "-r", type=_FILE, default=None, help="Référentiel de l’atelier (.yaml) : le fichier d’atelier le nomme, les autres commandes l’utilisent ensuite.")
def nouveau(territoire: str, sortie: Path | None, forcer: bool, referentiel: Path | None) -> None:
    """Créer un fichier d’atelier commenté, à remplir, pour TERRITOIRE.

    Exemple : ateliers nouveau "Communauté de communes du Haut-Vallon" --referentiel referentiel-tiers-lieux.yaml
    """
    fichier = api.new_workshop(territoire, sortie, force=forcer, referentiel=referentiel)
    say(f"Fichier d’atelier créé : {fichier}")
    say("Ouvrez-le dans un éditeur de texte, remplissez-le, puis vérifiez-le avec :")
    say(f"  ateliers valider --atelier {fichier}")


@cli.command(context_settings=CONTEXT, short_help="Écrire un référentiel (.yaml) à partir d’un document Word ou d’un tableur.")
@click.argument("fichier", type=_FILE)
@click.option("--sortie", "-o", type=_FILE, default=None, help="Fichier à écrire (par défaut referentiel-<nom du document>.yaml dans le dossier courant).")
@_forcer_option("Remplacer le fichier s’il existe déjà.")
def importer(fichier: Path, sortie: Path | None, forcer: bool) -> None:
    """Écrire un référentiel à partir de FICHIER : un document Word (.docx) ou un tableau (.xlsx, .ods, .csv).

    \b
    Document Word : pour chaque phase, un paragraphe « Phase 1 : Nom » suivi d’un tableau
    à deux colonnes (grandes étapes, compétences) ; puis, facultatif, « En résumé » et son tableau.
    Tableau : colonnes Phase, Nom de la phase, Type (étape, compétence ou synthèse), Texte, Groupe.
    """
    _say_all(api.import_referentiel(fichier, sortie, force=forcer).lines())


@cli.command(context_settings=CONTEXT, short_help="Préparer la version suivante du référentiel avec les compétences proposées en atelier.")
@click.argument("referentiel", type=_FILE)
@click.argument("syntheses", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--sortie", "-o", type=_FILE, default=None, help="Projet à écrire (par défaut <référentiel>-<version>.yaml), et à côté sa liste des changements (…-changements.md).")
@click.option("--version", "version", default=None, help="Version du projet (par défaut la suivante : 1.0 → 1.1).")
@_forcer_option("Remplacer les fichiers s’ils existent déjà.")
def amender(referentiel: Path, syntheses: tuple[Path, ...], sortie: Path | None, version: str | None, forcer: bool) -> None:
    """Préparer un projet de version suivante de REFERENTIEL avec les compétences proposées dans les
    SYNTHESES des territoires (synthese.csv, ou leurs dossiers). Rien n’est accepté d’office : chaque
    ajout est marqué « PROPOSÉE » et la liste des changements dit d’où il vient.
    """
    _say_all(api.amend_referentiel(referentiel, list(syntheses), sortie, version, force=forcer).lines())


@cli.command(context_settings=CONTEXT, short_help="Vérifier le référentiel et un fichier d’atelier, et dire ce qui a été lu.")
@click.argument("referentiel_arg", metavar="[REFERENTIEL]", required=False, type=click.Path(path_type=Path, dir_okay=False))
@_referentiel_option
@_atelier_option
def valider(referentiel_arg: Path | None, referentiel: Path | None, atelier: Path | None) -> None:
    """Vérifier le référentiel (et un fichier d’atelier) et dire ce qui a été lu.

    REFERENTIEL est le fichier du référentiel ; sans lui, le référentiel
    fourni avec ateliers est vérifié.
    """
    report = api.validate(referentiel_arg or referentiel, atelier)
    _say_all(report.lines())
    if report.warnings:
        _say_all(["", *api.warning_lines(report.warnings)])


@cli.command(context_settings=CONTEXT, short_help="Produire les jeux de cartes à imprimer (PDF).")
@_atelier_option
@_referentiel_option
@_sortie_option
@_card_options
@_noir_et_blanc_option
@_phases_option
def cartes(atelier, referentiel, sortie, format_, papier, recto_verso, decalage, imprimeur, traits, noir_et_blanc, phases):
    """Produire les jeux de cartes à imprimer (PDF).

    Quatre jeux : compétences, grandes étapes, synthèse, et cartes à remplir
    (acteurs, compétences à ajouter). Avec un fichier d’atelier : seulement
    les phases retenues, les compétences ajoutées et une carte par acteur connu.
    """
    options = api.card_options(format_, papier, recto_verso, decalage, noir_et_blanc, imprimeur, traits)
    report = api.cards(referentiel, atelier, sortie, options, api.parse_phases(phases), progress=_steps_on_stderr)
    _warn(report.warnings)
    _say_all(report.lines("cartes"))


def _steps_on_stderr(done: int, total: int, label: str) -> None:
    if label:
        say(f"  … {label}", err=True)


@cli.command(context_settings=CONTEXT, short_help="Produire les affiches (PDF) : tableaux muraux, vue d’ensemble, annonce.")
@_atelier_option
@_referentiel_option
@_sortie_option
@_poster_options("--format", "a3")
@click.option("--cartes", "cartes", default="poker", show_default=True, metavar="FORMAT", help="Format des cartes posées sur les tableaux (voir « ateliers cartes --aide »).")
@_noir_et_blanc_option
@_phases_option
def affiches(atelier, referentiel, sortie, format_affiches, tableau, tuiles, cartes, noir_et_blanc, phases):
    """Produire les affiches (PDF) : un tableau mural par phase, une vue d’ensemble
    et, avec un fichier d’atelier, l’affiche d’annonce de l’atelier.
    """
    options = api.poster_options(format_affiches, tableau, tuiles, cartes, noir_et_blanc)
    report = api.posters(referentiel, atelier, sortie, options, api.parse_phases(phases), progress=_steps_on_stderr)
    _warn(report.warnings)
    _say_all(report.lines("affiches"))


@cli.command(context_settings=CONTEXT, short_help="Produire les fiches Word et le guide d’animation (docx).")
@_atelier_option
@_referentiel_option
@_sortie_option
@_phases_option
def fiches(atelier, referentiel, sortie, phases):
    """Produire les fiches Word (docx) : fiche compétences, fiche acteurs, plan d’action
    et guide d’animation. Sans fichier d’atelier : des fiches génériques à compléter.
    """
    report = api.worksheets(referentiel, atelier, sortie, api.parse_phases(phases), progress=_steps_on_stderr)
    _warn(report.warnings)
    _say_all(report.lines("fiches"))


@cli.command(context_settings=CONTEXT, short_help="Relire les fiches remplies et produire la carte des compétences du territoire.")
@click.argument("fichiers", nargs=-1, required=True, metavar="FICHIERS...", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--atelier", "-a", "atelier", required=True, type=click.Path(path_type=Path, dir_okay=False), help="Le fichier d’atelier du territoire.")
@_referentiel_option
@_sortie_option
@click.option("--avant", type=click.Path(path_type=Path, dir_okay=False), default=None, metavar="ANCIENNE_SYNTHESE.csv", help="Une synthèse précédente du même territoire, pour voir ce qui a changé.")
@_forcer_option("Lire aussi des fiches produites avec une autre version du référentiel.")
@click.option("--format", "format_", type=click_fr.FrenchChoice(["a1", "a2", "a3"], case_sensitive=False), default=None, help="Format des affiches de la synthèse : la carte des compétences (synthese-carte.pdf) et le maillage (synthese-maillage.pdf), A3 par défaut. A3 : document à distribuer, lu en main (texte d’au moins 10 pt) ; A2 et A1 : affiches murales, lues à 2\u00a0m (texte d’au moins 24 pt, sur plus de pages).")
@click.option("--noir-et-blanc", is_flag=True, help="Affiche du maillage sans couleur : formes, numéros et traits distinguent tout.")
@click.option("--licence", default=None, metavar="LICENCE", help="Licence des données ouvertes (datapackage.json) : etalab-2.0 (Licence Ouverte, par défaut), odbl-1.0, cc-by-4.0, cc0-1.0 ou le nom d’une autre licence.")
def synthese(fichiers, atelier, referentiel, sortie, avant, forcer, format_, noir_et_blanc, licence):
    """Relire les fiches compétences remplies (.docx ou .csv, une par sous-groupe)
    et produire la carte des compétences du territoire : qui détient quoi, ce que
    personne ne détient, ce qui repose sur un seul acteur.
    """
    maillage = api.MaillageOptions.for_every_poster(format_.lower() if format_ else None, noir_et_blanc, licence)
    report = api.synthesis(atelier, list(fichiers), referentiel, sortie, avant, forcer, maillage=maillage)
    _say_all(report.lines())


@cli.command(context_settings=CONTEXT, short_help="Régénérer les schémas JSON des fichiers (pour les éditeurs).")
@click.option("--sortie", "-o", type=click.Path(path_type=Path, file_okay=False), default=Path("."), show_default=True, help="Dossier où écrire les schémas.")
def schemas(sortie: Path) -> None:
    """Régénérer les schémas JSON (complétion et vérification dans les éditeurs).

    À lancer à la racine du projet après une modification des modèles.
    """
    for path in api.write_schemas(sortie):
        say(f"Écrit : {path}")


@cli.command(context_settings=CONTEXT, short_help="Tout faire dans le navigateur, sans terminal ni fichier à éditer.")
@click.argument("dossier", required=False, default=".", type=click.Path(path_type=Path, file_okay=False))
@click.option("--port", type=int, default=8765, show_default=True, metavar="PORT", callback=click_fr.bounded(1, 65535, "le port {} n’existe pas : choisissez un nombre de 1 à 65535."), help="Port à utiliser, de 1 à 65535 (le suivant libre s’il est pris).")
@click.option("--hote", default="127.0.0.1", show_default=True, metavar="ADRESSE", help="Adresse d’écoute ; 0.0.0.0 partage l’application sur le réseau local (mot de passe obligatoire).")
@click.option("--mot-de-passe", "mot_de_passe", default=None, envvar="ATELIERS_MOT_DE_PASSE", metavar="MOT", help="Mot de passe demandé sur chaque page quand l’application est partagée.")
@click.option("--mot-de-passe-fichier", "mot_de_passe_fichier", type=click.Path(path_type=Path, dir_okay=False), default=None, help="Fichier dont la première ligne est le mot de passe.")
@click.option("--sans-navigateur", "sans_navigateur", is_flag=True, help="Ne pas ouvrir le navigateur (l’adresse est affichée).")
@_referentiel_option
def web(dossier, port, hote, mot_de_passe, mot_de_passe_fichier, sans_navigateur, referentiel):
    """Ouvrir l’application dans le navigateur, sur le dossier DOSSIER (le dossier courant par défaut).

    Le dossier contient les fichiers d’atelier, les résultats saisis et les kits
    (output/), les mêmes que ceux des autres commandes. Ctrl-C arrête l’application.
    """
    from .web.server import serve

    serve(dossier, host=hote, port=port, password=mot_de_passe, password_file=mot_de_passe_fichier, open_browser=not sans_navigateur, echo=say, referentiel=referentiel)


def main(argv: list[str] | None = None) -> None:
    try:
        cli.main(args=argv, prog_name="ateliers")
    finally:
        gc.freeze()  # the process ends: its memory goes back at once, not through a last collection (0.25 s after a kit)


if __name__ == "__main__":  # pragma: no cover
    main(sys.argv[1:])
