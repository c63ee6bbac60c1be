"""The ``ateliers`` command: a thin French layer over the library API."""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path

import click

from . import __version__, click_fr
from .errors import AteliersError, InputError
from .cartes.imposition import RectoVerso, parse_card_format, parse_offset
from .options import CardOptions, PosterOptions
from .resources import embedded
from .typography import nbsp_punctuation

# The rendering stack (WeasyPrint, python-docx) is imported by the commands that need it:
# « ateliers --help » and an up-to-date kit answer without loading it.

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
        except BrokenPipeError:
            # The output was piped into a program that stopped reading (« | head »): nothing to say.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            ctx.exit(0)
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
    from .loading import load_atelier, load_referentiel
    from .territoire import merge_atelier

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
        todo = _placeholders(fiche)
        if todo:
            say("")
            say("Attention : ces valeurs semblent encore à compléter (elles seraient imprimées telles quelles) :")
            for where, value in todo:
                say(f"  {where} : « {value} »")


_PLACEHOLDERS = ("…", "Nom de la structure porteuse", "Prénom Nom")


def _placeholders(fiche) -> list[tuple[str, str]]:
    """Values of a workshop file still holding the template's placeholders (« Mairie de … »)."""
    values = [("structure_porteuse", fiche.structure_porteuse), ("lieu", fiche.lieu)]
    values += [("animation", name) for name in fiche.animation]
    values += [("acteurs › nom", a.nom) for a in fiche.acteurs]
    return [(where, v) for where, v in values if v and any(p in v for p in _PLACEHOLDERS)]


def _print_referentiel(ref, chemin: Path) -> None:
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
    from .workshop_file import default_name, write_workshop_file

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
    from .schema import write_schemas

    for path in write_schemas(sortie):
        say(f"Écrit : {path}")


def _sortie_option(f):
    return click.option(
        "--sortie",
        "-o",
        "sortie",
        # Not file_okay=False: a file in the way is an environment problem (exit 1), said by ensure_dir.
        type=click.Path(path_type=Path),
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
    from .generate import make_cards
    from .inputs import prepare

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
    outputs = make_cards(inputs, options, progress=lambda name: say(f"  … {name}", err=True))
    say(f"Cartes écrites dans « {inputs.folder} » :")
    for output in outputs:
        say(f"  {output.fichier} : {output.pages} pages")
    say("Imprimez à 100 % (taille réelle), sans ajustement à la page.")


def _tableau_options(command):
    """The wall boards' paper: a print shop's format, and office sheets to tile them onto."""
    command = click.option(
        "--tuiles", "tuiles", type=click.Choice(["a3", "a4", "aucune"], case_sensitive=False), default="a3", show_default=True,
        help="Tableaux muraux aussi découpés en feuilles A3 ou A4 à assembler (aucune : sans).",
    )(command)
    return click.option(
        "--tableau", "tableau", type=click.Choice(["a2", "a1", "a0"], case_sensitive=False), default="a1", show_default=True,
        help="Format des tableaux muraux (imprimeur).",
    )(command)


def _poster_options(format_: str, tableau: str, tuiles: str, carte, noir_et_blanc: bool) -> PosterOptions:
    tiles = tuiles.lower()
    return PosterOptions(
        format=format_.lower(), noir_et_blanc=noir_et_blanc, tableau=tableau.lower(), tuiles=None if tiles == "aucune" else tiles, carte=carte
    )


@cli.command(context_settings=CONTEXT)
@_atelier_option
@_referentiel_option
@_sortie_option
@click.option(
    "--format", "format_", type=click.Choice(["a3", "a2", "a1"], case_sensitive=False), default="a3", show_default=True,
    help="Format de la vue d’ensemble et de l’affiche d’annonce.",
)
@_tableau_options
@click.option("--cartes", "cartes", default="poker", show_default=True, metavar="FORMAT", help="Format des cartes posées sur les tableaux (voir « ateliers cartes --aide »).")
@click.option("--noir-et-blanc", "noir_et_blanc", is_flag=True, help="Sans couleur : formes et motifs distinguent les phases.")
@_phases_option
def affiches(atelier, referentiel, sortie, format_, tableau, tuiles, cartes, noir_et_blanc, phases):
    """Produire les affiches (PDF) : un tableau mural par phase, une vue d’ensemble
    et, avec un fichier d’atelier, l’affiche d’annonce de l’atelier.
    """
    from .generate import make_posters
    from .inputs import prepare

    options = _poster_options(format_, tableau, tuiles, parse_card_format(cartes), noir_et_blanc)
    inputs = prepare(referentiel, atelier, sortie, parse_phases(phases))
    outputs = make_posters(inputs, options, progress=lambda name: say(f"  … {name}", err=True))
    say(f"Affiches écrites dans « {inputs.folder} » :")
    for output in outputs:
        say(f"  {output.fichier} : {output.impression.papier}, texte en {output.manifest.get('taille_texte_pt', 0):g} pt")
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
    from .generate import make_worksheets
    from .inputs import prepare

    inputs = prepare(referentiel, atelier, sortie, parse_phases(phases))
    outputs = make_worksheets(inputs, progress=lambda name: say(f"  … {name}", err=True))
    say(f"Fiches écrites dans « {inputs.folder} » :")
    for output in outputs:
        say(f"  {output.fichier}")
    say("Ouvrez-les dans Word ou LibreOffice pour les adapter avant de les imprimer.")


@cli.command(context_settings=CONTEXT)
@click.argument("fichiers", nargs=-1, metavar="[FICHIERS_ATELIER]...", type=click.Path(path_type=Path, dir_okay=False))
@_atelier_option
@_referentiel_option
@_sortie_option
@click.option("--format", "format_", default="poker", show_default=True, metavar="FORMAT", help="Format des cartes (voir « ateliers cartes --aide »).")
@click.option("--papier", type=click.Choice(["a4", "letter"], case_sensitive=False), default="a4", show_default=True, help="Papier de l’imprimante.")
@click.option(
    "--recto-verso", "recto_verso", type=click.Choice([m.value for m in RectoVerso], case_sensitive=False),
    default="long", show_default=True, help="Impression des cartes : long, court, pliage ou non.",
)
@click.option("--decalage-verso", "decalage", default=None, metavar="X,Y", help="Décalage des versos des cartes, en mm.")
@click.option("--format-affiches", "format_affiches", type=click.Choice(["a3", "a2", "a1"], case_sensitive=False), default="a3", show_default=True, help="Format de la vue d’ensemble et de l’affiche d’annonce.")
@_tableau_options
@click.option("--noir-et-blanc", "noir_et_blanc", is_flag=True, help="Cartes et affiches sans couleur.")
@click.option("--force", is_flag=True, help="Tout refaire, même si rien n’a changé.")
@click.option("--quiet", "-q", is_flag=True, help="N’afficher que les erreurs (pour les scripts).")
@click.option("--processus", type=click.IntRange(1, 64), default=None, help="Nombre de processus (par défaut : un par cœur).")
def kit(fichiers, atelier, referentiel, sortie, format_, papier, recto_verso, decalage, format_affiches, tableau, tuiles, noir_et_blanc, force, quiet, processus):
    """Produire tout le kit d’un atelier : cartes, affiches, fiches, guide et planche contact.

    \b
    ateliers kit                                  kit générique dans output/generique/
    ateliers kit --atelier exemples/x.yaml        un territoire dans output/<territoire>/
    ateliers kit exemples/*.yaml                  plusieurs territoires, en parallèle

    Ouvrez ensuite index.html dans le dossier du kit : il montre chaque fichier,
    à quoi il sert, comment l’imprimer et en combien d’exemplaires. Une deuxième
    exécution avec les mêmes entrées ne refait rien (--force pour tout refaire).
    """
    from .kit import KitOptions

    options = KitOptions(
        CardOptions(
            format=parse_card_format(format_),
            papier=papier.lower(),
            recto_verso=RectoVerso(recto_verso.lower()),
            decalage=parse_offset(decalage),
            noir_et_blanc=noir_et_blanc,
        ),
        _poster_options(format_affiches, tableau, tuiles, parse_card_format(format_), noir_et_blanc),
    )
    files = list(fichiers) + ([atelier] if atelier else [])
    if len(files) <= 1:
        _one_kit(referentiel, files[0] if files else None, sortie, options, force, quiet, processus)
    else:
        _many_kits(referentiel, files, sortie, options, force, quiet, processus)


def _human_size(octets: int) -> str:
    return f"{octets / 1024 / 1024:.1f} Mo" if octets >= 1024 * 1024 else f"{max(1, octets // 1024)} Ko"


def _one_kit(referentiel, atelier, sortie, options, force, quiet, workers) -> None:
    from .kit import build_kit

    if quiet:
        report = build_kit(referentiel, atelier, sortie, options, force, workers=workers)
    else:
        with click.progressbar(length=1, label="Kit en cours", show_eta=False, file=sys.stderr) as bar:

            def step(done: int, total: int, label: str) -> None:
                bar.length = total  # known once the plan is made
                bar.update(done - bar.pos)

            report = build_kit(referentiel, atelier, sortie, options, force, progress=step, workers=workers)
    if quiet:
        return
    if not report.rebuilt:
        say(f"Kit « {report.territoire} » déjà à jour dans « {report.folder} » : rien à refaire (--force pour tout refaire).")
        return
    say(f"Kit « {report.territoire} » écrit dans « {report.folder} » en {report.seconds:.1f} s :")
    printables = [f for f in report.files if not f["fichier"].startswith("apercus/")]
    width = max(len(f["fichier"]) for f in printables)
    for f in printables:
        pages = f"{f['pages']} p." if f.get("pages") else ""
        say(f"  {f['fichier']:<{width}}  {pages:>6}  {_human_size(f['octets']):>7}")
    say(f"Ouvrez « {report.folder / 'index.html'} » pour préparer l’impression.")


def _many_kits(referentiel, files, sortie, options, force, quiet, workers) -> None:
    import os
    from concurrent.futures import ProcessPoolExecutor

    from .kit import kit_job
    from .loading import load_atelier, load_referentiel
    from .slugs import slugify

    parent = sortie or Path("output")
    # Each territory gets its own folder under the parent; its name is read from its file.
    ref = None
    jobs = []
    for path in files:
        folder = None
        try:
            ref = ref or load_referentiel(referentiel)
            folder = parent / slugify(load_atelier(path, ref).territoire, default="territoire")
        except AteliersError:
            folder = parent / slugify(path.stem)  # the job reports the error
        jobs.append((referentiel, path, folder, options, force))
    workers = min(len(jobs), workers or os.cpu_count() or 1)
    reports = []
    if workers == 1:
        iterator = map(kit_job, jobs)
    else:
        pool = ProcessPoolExecutor(max_workers=workers)
        iterator = pool.map(kit_job, jobs)
    try:
        if quiet:
            reports = list(iterator)
        else:
            with click.progressbar(iterator, length=len(jobs), label=f"{len(jobs)} territoires", file=sys.stderr) as bar:
                reports = list(bar)
    finally:
        if workers != 1:
            pool.shutdown()
    failed = [r for r in reports if r.error]
    if not quiet or failed:
        say(f"{'Territoire':<45} {'Résultat':<12} {'Fichiers':>8} {'Durée':>7}")
        for (_, path, _, _, _), report in zip(jobs, reports, strict=True):
            name = report.territoire if not report.error else path.name
            status = "échec" if report.error else ("refait" if report.rebuilt else "à jour")
            say(f"{name[:45]:<45} {status:<12} {len(report.files):>8} {report.seconds:>6.1f}s")
        for (_, path, _, _, _), report in zip(jobs, reports, strict=True):
            if report.error:
                say(f"\nErreur pour « {path} » :\n{report.error}", err=True)
    if failed:
        raise click.exceptions.Exit(1)


@cli.command(context_settings=CONTEXT)
@click.argument("fichiers", nargs=-1, required=True, metavar="FICHIERS...", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--atelier", "-a", "atelier", required=True, type=click.Path(path_type=Path, dir_okay=False), help="Le fichier d’atelier du territoire.")
@_referentiel_option
@_sortie_option
@click.option("--avant", type=click.Path(path_type=Path, dir_okay=False), default=None, metavar="ANCIENNE_SYNTHESE.csv", help="Une synthèse précédente du même territoire, pour voir ce qui a changé.")
@click.option("--forcer", is_flag=True, help="Lire aussi des fiches produites avec une autre version du référentiel.")
@click.option("--format", "format_", type=click.Choice(["a1", "a2", "a3"], case_sensitive=False), default="a2", show_default=True, help="Format de l’affiche du maillage (synthese-maillage.pdf) ; a1 pour un grand maillage.")
@click.option("--noir-et-blanc", is_flag=True, help="Affiche du maillage sans couleur : formes, numéros et traits distinguent tout.")
@click.option("--licence", default=None, metavar="LICENCE", help="Licence des données ouvertes (datapackage.json) : etalab-2.0 (Licence Ouverte, par défaut), odbl-1.0, cc-by-4.0, cc0-1.0 ou le nom d’une autre licence.")
def synthese(fichiers, atelier, referentiel, sortie, avant, forcer, format_, noir_et_blanc, licence):
    """Relire les fiches compétences remplies (.docx ou .csv, une par sous-groupe)
    et produire la carte des compétences du territoire : qui détient quoi, ce que
    personne ne détient, ce qui repose sur un seul acteur.
    """
    from .generate import renderer_for, write_outputs
    from .inputs import prepare
    from .lecture import read_worksheets
    from .synthesis import build_synthesis, compare, read_previous, synthesise

    inputs = prepare(referentiel, atelier, sortie)
    vue = inputs.vue
    previous = read_previous(avant) if avant else None
    sheets = read_worksheets(vue, list(fichiers), forcer)
    result = synthesise(vue, sheets)
    changes = compare(result, previous) if previous is not None else None
    from .maillage import MaillageOptions

    outputs = build_synthesis(result, renderer_for(inputs), changes, maillage=MaillageOptions(format_.lower(), noir_et_blanc, licence))
    write_outputs(inputs.folder, outputs, {"territoire": vue.territoire})
    counts = result.counts()
    say(f"Synthèse écrite dans « {inputs.folder} » : " + ", ".join(o.fichier for o in outputs))
    cited = sum(1 for a in result.acteurs.values() if a.cite)
    say(
        f"  {_n(len(result.competences), 'compétence')} : {_n(counts['couverte'], 'couverte')}, {_n(counts['fragile'], 'fragile')}, "
        f"{_n(counts['partielle'], 'partielle')}, {_n(counts['manquante'], 'manquante')}"
    )
    say(f"  {_n(cited, 'acteur cité', 'acteurs cités')} ; {_n(len(result.proposed), 'compétence proposée', 'compétences proposées')} ; {_n(len(result.unrecognised), 'élément non reconnu', 'éléments non reconnus')}")
    for a, b in result.look_alikes:
        say(f"  À vérifier : « {a} » et « {b} » désignent-ils le même acteur ? (non fusionnés)")
    for n in result.notices:
        say(f"  À vérifier — {n.where} : {n.what}" + (f" « {n.value} »" if n.value else ""))
    for u in result.unrecognised:
        say(f"  Non reconnu — {u.where} : {u.what} « {u.value} »")
    if changes is not None:
        say("Depuis la synthèse précédente :")
        for label, items in (("nouvellement couvertes", changes.newly_covered), ("nouvellement manquantes", changes.newly_missing), ("nouveaux acteurs", changes.new_actors), ("acteurs disparus", changes.vanished_actors)):
            say(f"  {label:<24} {', '.join(items) if items else '—'}")


def _n(count: int, singular: str, plural: str | None = None) -> str:
    """« 1 compétence », « 2 compétences », « 0 compétence » (French: 0 and 1 are singular)."""
    return f"{count} {singular if count <= 1 else (plural or singular + 's')}"


def main(argv: list[str] | None = None) -> None:
    cli.main(args=argv, prog_name="ateliers")


if __name__ == "__main__":  # pragma: no cover
    main(sys.argv[1:])
