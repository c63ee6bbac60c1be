"""The library API: one function per job, typed inputs in, typed results out.

Every front end — the ``ateliers`` command, the browser app — calls these
functions and nothing below them: they hold the domain rules (what a
workshop file still lacks, how many steps a build has, which folder a
territory's kit goes to), the front ends only parse, call, show and map
errors to exit codes or pages.

Long jobs take ``progress(done, total, label)``, whose total comes from the
run's actual plan, and ``cancel``, an event the caller sets to stop between
two files (:class:`Cancelled` is raised; nothing has been written).
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from typing import TYPE_CHECKING

from .errors import AteliersError, InputError
from .options import CardOptions, KitOptions, PosterOptions, card_options, kit_options, parse_phases, poster_options
from .fichiers.resources import embedded
from .fichiers.dossiers import OUTPUT, kit_folder
from .fichiers.slugs import slugify
from .entrees.workshop_warnings import WorkshopWarning, read_source, referentiel_warnings, workshop_warnings

if TYPE_CHECKING:
    from .entrees.inputs import Inputs
    from .entrees.models import Atelier, Referentiel
    from .entrees.territoire import ReferentielTerritorial

# The loaders (pydantic) are imported by the functions that load: « import ateliers.api » stays
# light, and an up-to-date kit answers without them (kit.unchanged).

__all__ = [
    "Cancelled",
    "KitOptions",
    "CardOptions",
    "MaillageOptions",
    "PosterOptions",
    "Progress",
    "ValidationReport",
    "WorkshopWarning",
    "BuildReport",
    "SynthesisReport",
    "load_referentiel",
    "load_atelier",
    "parse_phases",
    "validate",
    "workshop_warnings",
    "new_workshop",
    "workshop_folder",
    "cards",
    "posters",
    "worksheets",
    "kit",
    "kits",
    "synthesis",
    # What the front ends show or keep, through this module only (see « Front ends » below).
    "version",
    "kit_options",
    "card_options",
    "poster_options",
    "territory",
    "kit_state",
    "kit_files",
    "kit_lines",
    "kits_lines",
    "human_size",
    "warning_lines",
    "downloadable_files",
    "synthesis_files",
    "synthesis_summary",
    "write_schemas",
    "import_referentiel",
    "amend_referentiel",
]

# What the front ends use of the layers below, named here once; each imported on demand so
# that « import ateliers.api » stays light (no pydantic, no rendering stack).
_EXPORTS = {
    "MaillageOptions": "ateliers.synthese.maillage.options",
    "load_referentiel": "ateliers.entrees.loading",
    "load_atelier": "ateliers.entrees.loading",
    "named_referentiel": ("ateliers.entrees.named_referential", "named_by"),
    "slugify": "ateliers.fichiers.slugs",
    "Atelier": "ateliers.entrees.models",
    "Referentiel": "ateliers.entrees.models",
    "ReferentielTerritorial": "ateliers.entrees.territoire",
    "merge_atelier": "ateliers.entrees.territoire",
    # the option vocabulary
    "CARD_FORMATS": "ateliers.options",
    "PAPERS": "ateliers.options",
    "POSTER_FORMATS": "ateliers.options",
    "POSTER_AUTO": "ateliers.options",
    "BOARD_FORMATS": "ateliers.options",
    "TILE_SHEETS": "ateliers.options",
    "RectoVerso": "ateliers.options",
    "parse_offset": "ateliers.options",
    "parse_card_format": "ateliers.options",
    # folders and files of a workspace
    "OUTPUT": "ateliers.fichiers.dossiers",
    "kit_folder": "ateliers.fichiers.dossiers",
    "Resources": "ateliers.fichiers.resources",
    "embedded": "ateliers.fichiers.resources",
    "write_bytes": "ateliers.fichiers.atomic",
    "recover_if_free": "ateliers.fichiers.switch",
    "remove_leftovers": "ateliers.fichiers.atomic",
    "describe_os_error": "ateliers.fichiers.atomic",
    "os_error_reason": ("ateliers.fichiers.atomic", "reason"),
    "open_tables": ("ateliers.lecture.files", "open_tables"),
    # stopping a command: SIGTERM as Ctrl-C
    "stop_on_sigterm": "ateliers.kit.workers",
    "Terminated": "ateliers.kit.workers",
    "MANIFEST": ("ateliers.fichiers.manifest", "NAME"),
    # the workshop file as a form edits it
    "WorkshopValues": "ateliers.entrees.workshop_file",
    "ActeurValues": "ateliers.entrees.workshop_file",
    "AjoutValues": "ateliers.entrees.workshop_file",
    "FileChanged": "ateliers.entrees.workshop_file",
    "read_values": "ateliers.entrees.workshop_file",
    "save_values": "ateliers.entrees.workshop_file",
    "field_key": "ateliers.entrees.workshop_file",
    "default_workshop_name": ("ateliers.entrees.workshop_file", "default_name"),
    "TypeActeur": "ateliers.entrees.models",
    # the results typed in the browser (a worksheet CSV)
    "ENTRY_FILE": "ateliers.lecture.saisie",
    "STATUSES": "ateliers.lecture.saisie",
    "EntryCompetence": "ateliers.lecture.saisie",
    "EntryActor": "ateliers.lecture.saisie",
    "entry_hash": "ateliers.lecture.saisie",
    "read_entry": "ateliers.lecture.saisie",
    "write_entry": "ateliers.lecture.saisie",
    # the shared look: the printables' theme, fonts and French typography, for the app's pages too
    "theme": ("ateliers.impression.theme", None),
    "font_faces": "ateliers.impression.fonts",
    "TEXT_STACK": "ateliers.impression.fonts",
    "CONDENSED_STACK": "ateliers.impression.fonts",
    "typeset": ("ateliers.impression.typography", "nbsp_punctuation"),
    "liste_fr": "ateliers.impression.typography",
}


def __getattr__(name: str):
    from importlib import import_module

    target = _EXPORTS.get(name)
    if target is None:
        raise AttributeError(name)
    module, attribute = target if isinstance(target, tuple) else (target, name)
    loaded = import_module(module)
    return loaded if attribute is None else getattr(loaded, attribute)


def version() -> str:
    from . import __version__

    return __version__


Progress = Callable[[int, int, str], None]
"""``progress(done, total, label)``: ``done`` of ``total`` steps, ``label`` names the file in hand."""


class Cancelled(AteliersError):
    """The caller asked to stop; nothing was written."""

    exit_code = 130

    def __init__(self) -> None:
        super().__init__("Interrompu : les fichiers déjà présents n’ont pas été modifiés.")


def _check(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled()


class _Steps:
    """Turns the builders' « one more file » calls into ``progress(done, total, label)``, and checks
    the cancel flag at each of them."""

    def __init__(self, total: int, progress: Progress | None, cancel: threading.Event | None) -> None:
        self.total, self.done = total, 0
        self.progress, self.cancel = progress, cancel

    def check(self) -> None:
        _check(self.cancel)

    def __call__(self, label: str) -> None:
        self.check()
        self.done += 1
        if self.progress:
            # A builder may report more steps than planned (never fewer): the total follows.
            self.total = max(self.total, self.done)
            self.progress(self.done, self.total, label)

    def finish(self) -> None:
        if self.progress and self.done < self.total:
            self.done = self.total
            self.progress(self.done, self.total, "")


# ---------------------------------------------------------------- validation


@dataclass(frozen=True)
class PhaseSummary:
    titre: str
    etapes: int
    competences: int


@dataclass(frozen=True)
class ValidationReport:
    """What ``validate`` read: the referential, and the workshop file with the referential as its territory works it (``ReferentielTerritorial``)."""

    referentiel_chemin: Path
    referentiel: Referentiel
    atelier_chemin: Path | None = None
    atelier: Atelier | None = None
    vue: ReferentielTerritorial | None = None
    warnings: list[WorkshopWarning] = field(default_factory=list)

    @property
    def phases(self) -> list[PhaseSummary]:
        return [PhaseSummary(p.titre, len(p.etapes), len(p.competences)) for p in self.referentiel.phases]

    def lines(self) -> list[str]:
        """What was read, in French, a line each (« ateliers valider » prints them)."""
        ref = self.referentiel
        lines = [f"Référentiel « {self.referentiel_chemin} » (version {ref.version}) : valide."]
        lines += [f"  {len(ref.phases)} phases", f"  {len(ref.etapes)} étapes", f"  {len(ref.competences)} compétences", f"  {len(ref.elements_resume)} éléments de synthèse"]
        lines += [f"    {p.titre} : {p.etapes} étapes, {p.competences} compétences" for p in self.phases]
        lines += [f"    {g.nom} : {len(g.elements)} éléments" for g in ref.resume]
        atelier, vue = self.atelier, self.vue
        if atelier is None or vue is None:
            return lines
        lines += ["", f"Fichier d’atelier « {self.atelier_chemin} » : valide.", f"  Territoire : {atelier.territoire}"]
        when = " ".join(filter(None, [atelier.date and atelier.date.strftime("%d/%m/%Y"), atelier.heure_debut and atelier.heure_debut.strftime("à %Hh%M")]))
        for label, value in (("Structure porteuse", atelier.structure_porteuse), ("Date", when), ("Lieu", atelier.lieu), ("Animation", " ; ".join(atelier.animation))):
            if value:
                lines.append(f"  {label} : {value}")
        lines.append("  Phases retenues : " + ", ".join(f"{p.numero} ({p.nom})" for p in vue.phases))
        ajouts = [c for p in vue.phases for c in p.ajouts]
        lines.append(f"  {plural(len(ajouts), 'compétence ajoutée', 'compétences ajoutées')} par le territoire")
        lines += [f"    {c.id}  {c.texte}" for c in ajouts]
        lines.append(f"  {plural(len(atelier.acteurs), 'acteur connu', 'acteurs connus')}")
        lines += [f"    {a.nom} ({a.type.value})" for a in atelier.acteurs]
        lines.append(f"  Compétences travaillées : {len(vue.competences)}")
        return lines


def validate(referentiel: Path | None = None, atelier: Path | None = None, today: dt.date | None = None) -> ValidationReport:
    """Load and check the referential and, when given, a workshop file; say what was read.

    Raises :class:`~ateliers.errors.ValidationFailed` (every problem, with file and line) on bad input."""
    from .entrees.loading import load_atelier, load_referentiel
    from .entrees.named_referential import resolve
    from .entrees.territoire import merge_atelier

    referentiel = resolve(referentiel, atelier)
    ref = load_referentiel(referentiel)
    chemin = referentiel or embedded().referentiel
    if atelier is None:
        return ValidationReport(chemin, ref, warnings=referentiel_warnings(ref))
    model = load_atelier(atelier, ref)
    vue = merge_atelier(ref, model)
    warnings = referentiel_warnings(ref) + workshop_warnings(model, read_source(atelier), today)
    return ValidationReport(chemin, ref, atelier, model, vue, warnings)


def new_workshop(territoire: str, fichier: Path | None = None, force: bool = False, referentiel: Path | None = None) -> Path:
    """Write the commented workshop file of a territory (``atelier-<territoire>.yaml`` by default).

    ``referentiel``: the referential it uses (validated first), named in the file by its path
    relative to it, and whose phases it lists; the embedded one when None."""
    from .entrees.workshop_file import default_name, write_workshop_file

    fichier = fichier or Path(default_name(territoire))
    return write_workshop_file(territoire, fichier, embedded(), force=force, referentiel=referentiel)


def workshop_folder(atelier: Path, parent: Path, referentiel: Referentiel | None = None) -> Path:
    """Where a territory's kit goes under ``parent``: its territory's name, or the file's when unreadable."""
    from .entrees.loading import load_atelier, load_referentiel

    from .entrees.named_referential import named_by

    try:
        named = named_by(atelier)
        ref = load_referentiel(named) if named is not None else referentiel or load_referentiel(None)
        return kit_folder(load_atelier(atelier, ref).territoire, parent, atelier)
    except AteliersError:
        return parent / slugify(atelier.stem)


def import_referentiel(fichier: Path, sortie: Path | None = None, force: bool = False):
    """A referential (.yaml, validated) from a Word document shaped like the source fiche, or from a
    spreadsheet or CSV (Phase, Nom de la phase, Type, Texte[, Groupe]). Returns an
    :class:`~ateliers.lecture.importer.ImportResult`: the file written, the referential, what was left
    aside and the metadata to complete. Raises ``ValidationFailed`` naming file, table and row of
    what cannot be read (nothing is then written)."""
    from .lecture.importer import import_referentiel as run

    return run(Path(fichier), Path(sortie) if sortie else None, force)


def amend_referentiel(referentiel: Path | None, syntheses: Sequence[Path], sortie: Path | None = None, version: str | None = None, force: bool = False):
    """A draft of the referential's next version with the competences the territories proposed
    (their ``synthese.csv``), each with the next free id and marked « PROPOSÉE », and a change list
    (markdown) saying where each came from. Returns an :class:`~ateliers.synthese.amending.Amendment`."""
    from .synthese.amending import amend

    return amend(referentiel, [Path(s) for s in syntheses], Path(sortie) if sortie else None, version, force)


# ---------------------------------------------------------------- printables


@dataclass(frozen=True)
class BuildReport:
    """Files written by one job, in the order they were built, and what to check before printing."""

    folder: Path
    outputs: list  # the builders' output records (file name, bytes, pages, purpose, print settings)
    warnings: list[WorkshopWarning] = field(default_factory=list)
    seconds: float = 0.0

    def lines(self, family: str) -> list[str]:
        """The files written by ``family`` (« cartes », « affiches » or « fiches »), in French, a line each,
        as the commands of these names print them."""
        head, line, tail = _FAMILY_LINES[family]
        return [f"{head} écrites dans « {self.folder} » :", *(f"  {line(o)}" for o in self.outputs), tail]


_FAMILY_LINES = {
    "cartes": ("Cartes", lambda o: f"{o.path} : {o.pages} pages", "Imprimez à 100 % (taille réelle), sans ajustement à la page."),
    "affiches": (
        "Affiches",
        lambda o: f"{o.path} : {o.printing.paper}, texte en {o.manifest.get('taille_texte_pt', 0):g} pt",
        "Imprimez à 100 % (taille réelle), sur papier de 90 à 120 g/m².",
    ),
    "fiches": ("Fiches", lambda o: o.path, "Ouvrez-les dans Word ou LibreOffice pour les adapter avant de les imprimer."),
}


def _prepare(referentiel, atelier, sortie, phases) -> tuple[Inputs, list[WorkshopWarning]]:
    from .entrees.inputs import prepare

    inputs = prepare(referentiel, atelier, sortie, phases)
    model = inputs.vue.atelier
    warnings = referentiel_warnings(inputs.vue.referentiel)
    warnings += workshop_warnings(model, read_source(atelier)) if model is not None and atelier is not None else []
    return inputs, warnings


def planned_steps(vue: ReferentielTerritorial, cards: CardOptions | None, posters: PosterOptions | bool, worksheets: bool) -> int:
    """How many files a run builds, from the plan: the decks (and the calibration sheet for
    duplex office printing), the posters, the worksheets."""
    from .kit.plan import card_files, poster_files, worksheet_files

    return (
        (len(card_files(vue, cards)) if cards is not None else 0)
        + (len(poster_files(vue, posters if isinstance(posters, PosterOptions) else None)) if posters else 0)
        + (len(worksheet_files(vue)) if worksheets else 0)
    )


def _build(referentiel, atelier, sortie, phases, planned, make, progress, cancel) -> BuildReport:
    """One family of printables: load, count its planned files, build and write them (``make``)."""
    start = time.perf_counter()
    inputs, warnings = _prepare(referentiel, atelier, sortie, phases)
    steps = _Steps(planned(inputs.vue), progress, cancel)
    steps.check()
    outputs = make(inputs, steps)
    steps.finish()
    return BuildReport(inputs.folder, outputs, warnings, time.perf_counter() - start)


def cards(
    referentiel: Path | None = None,
    atelier: Path | None = None,
    sortie: Path | None = None,
    options: CardOptions = CardOptions(),
    phases: list[int] | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    workers: int | None = None,
) -> BuildReport:
    """Every card deck of a territory (or the generic ones), written only when all succeeded."""
    from .kit.parts import make_cards

    return _build(referentiel, atelier, sortie, phases, lambda vue: planned_steps(vue, options, False, False), lambda inputs, steps: make_cards(inputs, options, steps, workers), progress, cancel)


def posters(
    referentiel: Path | None = None,
    atelier: Path | None = None,
    sortie: Path | None = None,
    options: PosterOptions = PosterOptions(),
    phases: list[int] | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> BuildReport:
    """The wall boards, the overview and (for a territory) the event poster."""
    from .kit.parts import make_posters

    return _build(referentiel, atelier, sortie, phases, lambda vue: planned_steps(vue, None, options, False), lambda inputs, steps: make_posters(inputs, options, steps), progress, cancel)


def worksheets(
    referentiel: Path | None = None,
    atelier: Path | None = None,
    sortie: Path | None = None,
    phases: list[int] | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> BuildReport:
    """The Word worksheets and the facilitator's guide."""
    from .kit.parts import make_worksheets

    return _build(referentiel, atelier, sortie, phases, lambda vue: planned_steps(vue, None, False, True), make_worksheets, progress, cancel)


# ---------------------------------------------------------------- kits


def kit(
    referentiel: Path | None = None,
    atelier: Path | None = None,
    sortie: Path | None = None,
    options: KitOptions = KitOptions(),
    force: bool = False,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
    workers: int | None = None,
):
    """The whole kit of one territory (or the generic kit), with its contact sheet.

    Left as it is when its inputs did not change (``force`` rebuilds). Returns a
    :class:`~ateliers.kit.build.KitReport` whose ``warnings`` name what the workshop file still lacks."""
    from .kit.build import build_kit, unchanged

    if not force and (report := unchanged(referentiel, atelier, sortie, options)) is not None:
        return report  # the input files' bytes as at the last build: nothing loaded
    inputs, warnings = _prepare(referentiel, atelier, sortie, options.phases)
    _check(cancel)

    def step(done: int, total: int, label: str) -> None:  # total: the plan's files (kit.build_kit)
        _check(cancel)
        if progress:
            progress(done, total, label)

    report = build_kit(referentiel, atelier, sortie, options, force, step, workers, inputs)
    report.warnings = warnings
    return report


def kit_lines(report) -> list[str]:
    """A kit's report in French, a line each (« ateliers kit » prints them): up to date, or each
    printable written with its pages and size."""
    if not report.rebuilt:
        return [f"Kit « {report.territoire} » déjà à jour dans « {report.folder} » : rien à refaire (--forcer pour tout refaire)."]
    printables = kit_files(report.folder)
    width = max(len(f.fichier) for f in printables)
    return [
        f"Kit « {report.territoire} » écrit dans « {report.folder} » en {report.seconds:.1f} s :",
        *(f"  {f.fichier:<{width}}  {f'{f.pages} p.' if f.pages else '':>6}  {human_size(f.octets):>7}" for f in printables),
        f"Ouvrez « {report.folder / 'index.html'} » pour préparer l’impression.",
    ]


def kits_lines(ateliers: Sequence[Path], reports: Sequence) -> tuple[list[str], list[str]]:
    """Several kits' reports in French: a table, a row per territory, and each failure's message."""
    table = [f"{'Territoire':<45} {'Résultat':<12} {'Fichiers':>8} {'Durée':>7}"]
    failures = []
    for path, report in zip(ateliers, reports, strict=True):
        name = report.territoire if not report.error else path.name
        status = "échec" if report.error else ("refait" if report.rebuilt else "à jour")
        table.append(f"{name[:45]:<45} {status:<12} {len(report.files):>8} {report.seconds:>6.1f}s")
        if report.error:
            failures.append(f"\nErreur pour « {path} » :\n{report.error}")
    return table, failures


def human_size(octets: int) -> str:
    """« 42 Ko », « 1.3 Mo »."""
    return f"{octets / 1024 / 1024:.1f} Mo" if octets >= 1024 * 1024 else f"{max(1, octets // 1024)} Ko"


def warning_lines(warnings: Sequence[WorkshopWarning]) -> list[str]:
    """What the workshop file still lacks, in French, a line each (none when it lacks nothing)."""
    if not warnings:
        return []
    return ["Attention : ces valeurs semblent encore à compléter ou à vérifier (elles seraient imprimées telles quelles) :", *(f"  {w}" for w in warnings)]


def _kit_job(args: tuple):
    """One territory in a worker process: a failure is reported, not raised, so the others go on."""
    from .kit.build import KitReport

    referentiel, atelier, sortie, options, force = args
    start = time.perf_counter()
    try:
        return kit(referentiel, atelier, sortie, options, force, workers=1)
    except AteliersError as exc:
        return KitReport(atelier.name, sortie, False, [], time.perf_counter() - start, str(exc), exit_code=exc.exit_code)


def kits(
    ateliers: Sequence[Path],
    parent: Path | None = None,
    referentiel: Path | None = None,
    options: KitOptions = KitOptions(),
    force: bool = False,
    progress: Progress | None = None,
    workers: int | None = None,
) -> list:
    """Several territories at once, each in its own folder under ``parent``, in parallel processes.

    A territory that fails does not stop the others: its report carries the error."""
    import os
    from concurrent.futures import ProcessPoolExecutor

    from .entrees.loading import load_referentiel
    from .kit.workers import stopped_on_error, worker_init

    parent = parent or OUTPUT
    try:
        ref = load_referentiel(referentiel)
    except AteliersError:
        ref = None  # each job reports it (a workshop file may also name its own)
    jobs = []
    taken: set[Path] = set()
    for path in ateliers:
        folder = workshop_folder(path, parent, ref) if ref else parent / slugify(path.stem)
        if folder in taken:  # two files of one territory in one run: each its own folder
            folder = parent / f"{folder.name}--{slugify(path.stem, default='atelier')}"
        taken.add(folder)
        jobs.append((referentiel, path, folder, options, force))
    workers = min(len(jobs), workers or os.cpu_count() or 1)
    reports = []
    if workers <= 1:
        iterator = map(_kit_job, jobs)
        pool = None
    else:
        pool = ProcessPoolExecutor(max_workers=workers, initializer=worker_init)
        iterator = pool.map(_kit_job, jobs)
    try:
        with stopped_on_error(*([pool] if pool is not None else [])):
            for report in iterator:
                reports.append(report)
                if progress:
                    progress(len(reports), len(jobs), report.territoire)
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
    return reports


# ---------------------------------------------------------------- after the workshop


@dataclass
class SynthesisReport:
    """The territory's competence map, read back from the filled worksheets."""

    folder: Path
    outputs: list
    synthesis: object  # ateliers.synthese.model.Synthesis
    changes: object | None = None  # ateliers.synthese.model.Changes, with ``avant``

    def lines(self) -> list[str]:
        """The files written and the synthesis in a few words, in French (« ateliers synthese » prints them)."""
        summary = synthesis_summary(self)
        lines = [f"Synthèse écrite dans « {self.folder} » : " + ", ".join(o.path for o in self.outputs), f"  {summary.resume}", f"  {summary.acteurs}"]
        lines += [f"  À vérifier — {check}" for check in summary.a_verifier]
        if summary.changements is not None:
            lines.append("Depuis la synthèse précédente :")
            lines += [f"  {label:<24} {', '.join(items) if items else '—'}" for label, items in summary.changements]
        return lines


def synthesis(
    atelier: Path,
    fichiers: Sequence[Path],
    referentiel: Path | None = None,
    sortie: Path | None = None,
    avant: Path | None = None,
    force: bool = False,
    progress: Progress | None = None,
    maillage=None,
) -> SynthesisReport:
    """Read the filled worksheets (one per sub-group) and write the territory's competence map.

    ``avant``: an earlier ``synthese.csv`` of the same territory, to say what changed.
    ``force``: read worksheets made with another version of the referential too.
    ``maillage``: the mesh poster's options (:class:`MaillageOptions`: format, black and white, licence)."""
    from .kit.parts import renderer_for, write_outputs
    from .entrees.inputs import prepare
    from .lecture import read_worksheets
    from .synthese.maillage import MaillageOptions
    from .synthese.outputs import FILES as SYNTHESIS_FILES
    from .synthese.model import compare, read_previous, synthesise
    from .synthese.outputs import build_synthesis

    if not fichiers:
        raise InputError("Aucune fiche à relire.", conseil="Donnez au moins une fiche compétences remplie (.docx, .odt, .xlsx, .ods ou .csv).")
    inputs = prepare(referentiel, atelier, sortie)
    vue = inputs.vue
    steps = _Steps(1 + len(SYNTHESIS_FILES), progress, None)  # the worksheets read, then each file
    previous = read_previous(avant) if avant else None
    sheets = read_worksheets(vue, list(fichiers), force)
    steps("fiches relues")
    result = synthesise(vue, sheets)
    changes = compare(result, previous) if previous is not None else None
    outputs = build_synthesis(result, renderer_for(inputs), changes, steps, maillage=maillage or MaillageOptions())
    write_outputs(inputs.folder, outputs, {"territoire": vue.territoire}, owner=inputs.owner)
    steps.finish()
    return SynthesisReport(inputs.folder, outputs, result, changes)


@dataclass(frozen=True)
class SynthesisSummary:
    """A synthesis in a few words, as the command prints it and the app shows it."""

    resume: str  # « 64 compétences : 20 couvertes, 12 fragiles, … »
    acteurs: str  # « 26 acteurs cités ; 3 compétences proposées ; 0 élément non reconnu »
    a_verifier: list[str]  # look-alike names, notices and cells not understood, one sentence each
    changements: list[tuple[str, list[str]]] | None  # since an earlier synthesis, when given


def synthesis_summary(report: SynthesisReport) -> SynthesisSummary:
    from .synthese.model import coverage_phrase

    result, changes = report.synthesis, report.changes
    counts = result.counts()
    resume = f"{plural(len(result.competences), 'compétence')} : " + coverage_phrase(counts)
    cited = sum(1 for a in result.acteurs.values() if a.cite)
    acteurs = (
        f"{plural(cited, 'acteur cité', 'acteurs cités')} ; {plural(len(result.proposed), 'compétence proposée', 'compétences proposées')} ; "
        f"{plural(len(result.unrecognised), 'élément non reconnu', 'éléments non reconnus')}"
    )
    checks = [f"« {a} » et « {b} » désignent-ils le même acteur ? (non fusionnés)" for a, b in result.look_alikes]
    checks += [f"{n.where} : {n.what}" + (f" « {n.value} »" if n.value else "") for n in result.notices]
    checks += [f"non reconnu, {u.where} : {u.what} « {u.value} »" for u in result.unrecognised]
    changements = None
    if changes is not None:
        changements = [
            ("nouvellement couvertes", list(changes.newly_covered)),
            ("nouvellement manquantes", list(changes.newly_missing)),
            ("nouveaux acteurs", list(changes.new_acteurs)),
            ("acteurs disparus", list(changes.vanished_acteurs)),
        ]
    return SynthesisSummary(resume, acteurs, checks, changements)


# ---------------------------------------------------------------- front ends: a folder's state


def territory(referentiel: Referentiel, atelier: Atelier) -> ReferentielTerritorial:
    """The referential as the territory works it: its retained phases, added competences, actors."""
    from .entrees.territoire import merge_atelier

    return merge_atelier(referentiel, atelier)


def kit_state(folder: Path, vue: ReferentielTerritorial, options: KitOptions | None = None) -> str:
    """« absent », « à jour » (built from these inputs with these options, files intact) or « à refaire »."""
    from .kit.build import kit_state as state

    return state(folder, vue, options or KitOptions())


@dataclass(frozen=True)
class KitFile:
    """One printable of a kit as its manifest records it, for a person preparing the print."""

    fichier: str
    pages: int
    octets: int
    usage: str
    impression: str  # « A4, 250 à 300 g/m², recto-verso, …, à 100 % », empty for a file not printed
    exemplaires: int | None
    apercus: list[str]  # up to two thumbnails (paths inside the folder)


def kit_files(folder: Path) -> list[KitFile]:
    """The kit's printables, in the manifest's order (previews, contact sheet and synthesis left out)."""
    from .contract import Kind, PrintSettings
    from .kit.build import KIT_KINDS, THUMBNAILS

    entries = recorded_files(folder)
    previews = sorted(f["fichier"] for f in entries if f.get("type") == Kind.apercu.value)
    shown = {k.value for k in KIT_KINDS} - {Kind.apercu.value, Kind.planche.value}
    files = []
    for f in entries:
        if f.get("type") not in shown:
            continue
        try:
            sentence = PrintSettings.from_json(f["impression"]).sentence() if f.get("impression") else ""
        except ValueError:
            sentence = ""
        stem = f["fichier"].rsplit(".", 1)[0]
        files.append(KitFile(
            f["fichier"], f.get("pages", 0), f.get("octets", 0), f.get("description", ""), sentence, f.get("exemplaires"),
            [p for p in previews if p.startswith(f"{THUMBNAILS}/{stem}-")][:2],
        ))  # fmt: skip
    return files


def downloadable_files(folder: Path) -> set[str]:
    """The file names of ``folder`` a person may fetch: those its manifest records, and the manifest."""
    from .fichiers.manifest import downloadable

    return downloadable(folder)


def synthesis_files(folder: Path) -> list[dict]:
    """The synthesis's files in ``folder`` as its manifest records them (name, purpose, print settings)."""
    from .contract import Kind

    kinds = {Kind.synthese.value, Kind.donnees.value}
    return [f for f in recorded_files(folder) if f.get("type") in kinds]


def recorded_files(folder: Path) -> list[dict]:
    from .fichiers.manifest import recorded_files as recorded

    return recorded(folder)


def write_schemas(folder: Path) -> list[Path]:
    """The JSON schemas of the referential and the workshop file, for editors."""
    from .entrees.schema import write_schemas as write

    return write(folder)


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    """« 0 compétence », « 1 compétence », « 2 compétences » (French: 0 and 1 take the singular)."""
    from .impression.typography import plural as french_plural

    return french_plural(count, singular, plural_form)
