"""``ateliers kit``: every printable of a territory in one folder, with a contact sheet.

A kit is rebuilt only when one of its inputs changed: the referential, the
workshop file (and its logo), the templates, the options, the fonts and the
tool's version and code are hashed into a fingerprint kept in manifest.json. Every
file is built in memory first and written only when the whole kit
succeeded, each one atomically.

Two fingerprints: one of the input files' bytes, checked first without
loading anything (:func:`unchanged`: no YAML validation, no rendering stack),
and one of what they mean once loaded (a comment added to the workshop file
changes the first, not the second: the kit is not rebuilt).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..fichiers import manifest
from ..contract import Kind, Output
from ..options import KitOptions
from ..fichiers.resources import Resources, embedded
from ..fichiers.dossiers import kit_folder
from ..fichiers.switch import recover_if_free
from ..entrees.workshop_warnings import WorkshopWarning, date_warnings, placeholder_warnings, read_source, referentiel_warnings

if TYPE_CHECKING:
    from ..entrees.inputs import Inputs
    from .plan import Plan
    from ..entrees.territoire import ReferentielTerritorial

# Light at import: an up-to-date kit is answered from its manifest and the input files' bytes.

THUMBNAILS = "apercus"
# What a kit makes, all of it at each build; the synthesis (Kind.synthese, Kind.donnees) is made
# after the workshop in the same folder and outlives any rebuild of the kit.
KIT_KINDS = frozenset({Kind.cartes, Kind.calibrage, Kind.affiche, Kind.fiche, Kind.guide, Kind.apercu, Kind.planche})


@dataclass
class KitReport:
    territoire: str
    folder: Path
    rebuilt: bool
    files: list[dict]
    seconds: float
    error: str | None = None
    warnings: list = field(default_factory=list)  # what the workshop file still lacks (api.WorkshopWarning)
    exit_code: int = 0  # with ``error``: 2 for data to correct, 1 for a problem of the machine (as the CLI's)


def fingerprint(vue: ReferentielTerritorial, resources: Resources, options: KitOptions) -> str:
    """Everything the kit's bytes depend on: the loaded inputs (not re-read from their files),
    the logo's bytes, the code and templates, the options, the fonts' and libraries' versions."""
    h = hashlib.sha256()
    h.update(vue.referentiel.model_dump_json().encode())
    atelier = vue.atelier
    # The logo by its bytes, not its path: the same kit from another folder is the same kit.
    h.update(atelier.model_dump_json(exclude={"logo", "referentiel"}).encode() if atelier else b"-")
    h.update(json.dumps([p.numero for p in vue.phases]).encode())
    h.update(atelier.logo.read_bytes() if atelier is not None and atelier.logo is not None else b"-")
    _environment(h, resources, options)
    return h.hexdigest()


def files_fingerprint(
    referentiel: Path | None, atelier: Path | None, logo: Path | None, options: KitOptions, folder_name: str | None
) -> str | None:
    """The input files' bytes (referential, workshop file, logo) and the rest of the environment,
    hashed without reading what they mean; None when one cannot be read. ``folder_name``: the
    folder's name when the kit goes to its default place (None for an explicit ``--sortie``),
    so that a kit found there was made for this very call."""
    resources = embedded()
    h = hashlib.sha256()
    try:
        for path in (referentiel or resources.referentiel, atelier, logo):
            h.update(hashlib.sha256(path.read_bytes()).digest() if path is not None else b"-")
    except OSError:
        return None
    h.update(f"dossier {folder_name}".encode() if folder_name else b"sortie")
    _environment(h, resources, options)
    return h.hexdigest()


def _environment(h, resources: Resources, options: KitOptions) -> None:
    h.update(f"ateliers {__version__}".encode())
    # The code itself (3 ms): a checkout updated without a new version number rebuilds its kits.
    package = Path(__file__).resolve().parent.parent  # ateliers/
    for path in sorted(package.rglob("*.py")):
        if path.relative_to(package).parts[0] != "web":  # the app prints nothing
            h.update(str(path.relative_to(package)).encode())
            h.update(path.read_bytes())
    h.update(os.environ.get("SOURCE_DATE_EPOCH", "").encode())  # the documents' date
    for path in sorted(resources.templates.rglob("*")):
        if path.is_file() and path.relative_to(resources.templates).parts[0] != "web":  # the app's pages print nothing
            h.update(str(path.relative_to(resources.templates)).encode())
            h.update(path.read_bytes())
    h.update(json.dumps(asdict(options), default=str, sort_keys=True).encode())
    for package in ("weasyprint", "python-docx", "fontpkg-atkinson-hyperlegible", "fontpkg-barlow-semi-condensed"):
        try:
            h.update(f"{package} {metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            h.update(package.encode())


def up_to_date(folder: Path, key: str, value: str | None) -> bool:
    """The manifest's fingerprint ``key`` is ``value``, and every file is still as it was written."""
    data = manifest.load(folder)
    if value is None or data.get(key) != value or not data.get("fichiers"):
        return False
    for entry in data["fichiers"]:
        path = folder / entry.get("fichier", "")
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != entry.get("sha256"):
            return False
    return (folder / manifest.NAME).is_file()


FILES_KEY = "empreinte_fichiers"
MEANING_KEY = "empreinte_entrees"


def default_folder(sortie: Path | None, atelier: Path | None) -> Path | None:
    """Where an unchanged kit would be, read without validating the workshop file: ``--sortie``,
    ``output/generique`` or ``output/<territory slug>`` (None when the name cannot be read;
    a wrong guess only costs the full check, the files' fingerprint names the folder)."""
    if sortie is not None:
        return sortie
    if atelier is None:
        return kit_folder(None)
    import yaml

    from ..errors import AteliersError
    from ..entrees.yaml_source import read_text

    try:  # the loader's size limit and decoding, without its validation
        data = yaml.load(read_text(atelier), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (AteliersError, OSError, yaml.YAMLError, RecursionError):  # the full check says what is wrong
        return None
    territoire = data.get("territoire") if isinstance(data, dict) else None
    return kit_folder(territoire, fichier=atelier) if isinstance(territoire, str) else None


def unchanged(referentiel: Path | None, atelier: Path | None, sortie: Path | None, options: KitOptions) -> KitReport | None:
    """The report of a kit whose input files did not change since it was built, or None (then the
    inputs are loaded and checked in full). Reads the manifest and hashes files, nothing more."""
    from ..errors import AteliersError
    from ..entrees.named_referential import resolve

    start = time.perf_counter()
    folder = default_folder(sortie, atelier)
    if folder is None:
        return None
    recover_if_free(folder)  # an interrupted run's leftovers go before the kit is judged
    try:
        referentiel = resolve(referentiel, atelier)
    except AteliersError:  # the full check says what is wrong
        return None
    data = manifest.load(folder)
    logo = data.get("logo")
    logo_path = (atelier.parent / logo) if (logo and atelier is not None) else None
    value = files_fingerprint(referentiel, atelier, logo_path, options, None if sortie else folder.name)
    if not up_to_date(folder, FILES_KEY, value):
        return None
    date = data.get("date_atelier")
    try:
        warnings = [WorkshopWarning(**w) for w in data.get("avertissements", [])]
        if date and atelier is not None:
            warnings += date_warnings(dt.date.fromisoformat(date), read_source(atelier))
    except (TypeError, ValueError):  # a manifest edited by hand: the full check answers
        return None
    territoire = data.get("territoire") or "générique"
    return KitReport(territoire, folder, False, data["fichiers"], time.perf_counter() - start, warnings=warnings)


def _remembered(vue: ReferentielTerritorial, referentiel: Path | None, atelier: Path | None, folder: Path, sortie: Path | None, options: KitOptions) -> dict:
    """What the manifest keeps for :func:`unchanged`: the files' fingerprint, the logo's path
    (relative to the workshop file), the warnings that do not depend on the day, the date."""
    model = vue.atelier
    logo = model.logo if model is not None else None
    try:
        logo_name = os.path.relpath(logo, atelier.resolve().parent) if logo is not None and atelier is not None else None
    except ValueError:  # another drive (Windows): not remembered, the full check then answers
        logo_name = None
    return {
        FILES_KEY: files_fingerprint(referentiel, atelier, logo, options, None if sortie else folder.name),
        "logo": logo_name,
        "avertissements": [asdict(w) for w in referentiel_warnings(vue.referentiel) + (placeholder_warnings(model) if model is not None else [])],
        "date_atelier": model.date.isoformat() if model is not None and model.date is not None else None,
    }


# ---------------------------------------------------------------- the contact sheet


def thumbnails(output: Output, pages: int = 2) -> list[Output]:
    """Small PNGs of the first pages of a PDF (pypdfium2: no external program needed)."""
    import io

    import pypdfium2 as pdfium

    result = []
    document = pdfium.PdfDocument(output.data)
    try:
        for index in range(min(pages, len(document))):
            page = document[index]
            width = page.get_width()
            image = page.render(scale=180 / width).to_pil()
            buffer = io.BytesIO()
            image.save(buffer, format="PNG")  # optimize=True: 5× the time for 4 % smaller thumbnails
            stem = output.path.removesuffix(".pdf")
            data = buffer.getvalue()
            result.append(Output(f"{THUMBNAILS}/{stem}-{index + 1}.png", data, 1, Kind.apercu, f"Aperçu de {output.path}"))
    finally:
        document.close()
    return result


# ---------------------------------------------------------------- building


Progress = Callable[[int, int, str], None]  # (done, total, label of the step just started or made)


def build_kit(
    referentiel: Path | None,
    atelier: Path | None,
    sortie: Path | None,
    options: KitOptions,
    force: bool = False,
    progress: Progress | None = None,
    workers: int | None = None,
    inputs: Inputs | None = None,
) -> KitReport:
    """Build (or leave as it is) one territory's kit.

    ``progress(done, total, label)`` is called once per file of the plan
    (``plan.fichiers``: decks, calibration sheet when there is one, posters,
    worksheets, contact sheet), ``total`` being exactly that count.
    ``inputs``, when the caller has already loaded them, are not loaded again.
    """
    from ..entrees.inputs import prepare
    from .plan import checklist, make_plan

    from ..entrees.named_referential import resolve

    start = time.perf_counter()
    referentiel = resolve(referentiel, atelier)
    inputs = inputs or prepare(referentiel, atelier, sortie, options.phases)
    vue = inputs.vue
    print_fingerprint = fingerprint(vue, inputs.resources, options)
    remembered = _remembered(vue, referentiel, atelier, inputs.folder, sortie, options)
    territoire = vue.territoire or "générique"
    if not force and up_to_date(inputs.folder, MEANING_KEY, print_fingerprint):
        data = manifest.load(inputs.folder)
        if any(data.get(key) != value for key, value in remembered.items()):
            # Same meaning from other bytes (a comment added, say): remembered, so that the next
            # call answers from the files' fingerprint alone.
            from ..fichiers.switch import folder_lock

            with folder_lock(inputs.folder):  # one writer at a time (a synthesis may be switching in)
                manifest.write(inputs.folder, manifest.load(inputs.folder) | remembered)
        return KitReport(territoire, inputs.folder, False, data.get("fichiers", []), time.perf_counter() - start)

    plan = make_plan(vue, options.cartes, options.affiches)
    total = len(plan.fichiers)
    done = 0

    def step(label: str) -> None:
        nonlocal done
        done = min(done + 1, total)
        if progress:
            progress(done, total, label)

    from .collector import fewer_collections

    with fewer_collections():  # to the last write
        outputs, previews = _make_files(inputs, options, plan, step, workers)
        from .parts import context_of, write_outputs  # after the fork of the first worker (see _make_files)

        title = f"Kit d’atelier — {territoire}"
        subtitle = " · ".join(
            filter(None, [plan.quand, f"référentiel {vue.referentiel.version}", "phases " + ", ".join(map(str, plan.phases))])
        )
        from .planche import contact_sheet  # Jinja: after the first worker is forked

        index = contact_sheet(title, subtitle, plan, outputs, previews)
        step(index.path)
        context = context_of(vue) | {MEANING_KEY: print_fingerprint, "plan": plan.as_json()} | remembered
        every = outputs + [p for o in outputs for p in previews[o.path]] + [index]
        copies = {line.fichier: line.exemplaires for line in checklist(plan, outputs).lignes}
        write_outputs(inputs.folder, every, context, replace=KIT_KINDS, copies=copies, owner=inputs.owner)
    files = manifest.load(inputs.folder).get("fichiers", [])
    return KitReport(territoire, inputs.folder, True, files, time.perf_counter() - start)


def _make_files(inputs: Inputs, options: KitOptions, plan: Plan, step: Callable[[str], None], workers: int | None) -> tuple[list[Output], dict[str, list[Output]]]:
    """Every file of the kit but its contact sheet, in the plan's order, with their previews."""
    vue = inputs.vue
    import multiprocessing

    # Only now the rendering stack: an up-to-date kit never loads it. The parallel build forks
    # its workers once their work is set up (Windows cannot fork: it builds in one process).
    if workers == 1 or "fork" not in multiprocessing.get_all_start_methods():
        from .jobs import PrintJobs
        from .parts import renderer_for, worksheet_outputs

        jobs = PrintJobs(vue, options, renderer_for(inputs), previews_of)
        results = {}
        for index in range(len(jobs.jobs)):
            results[index] = jobs.run(index)
            for output in results[index].outputs:
                step(output.path)
        outputs, previews = jobs.outputs_in_order(results)
        sheets = worksheet_outputs(vue, step, plan)
        outputs += sheets
        previews |= {o.path: previews_of(o) for o in sheets}
    else:
        # On two cores: the Word worksheets (no WeasyPrint) in a process forked before the
        # rendering stack is imported; the WeasyPrint jobs (decks, boards, posters) shared
        # between this process and one forked once the renderer is warm (:mod:`.jobs`).
        from concurrent.futures import ProcessPoolExecutor

        from .workers import stopped_on_error, worker_init

        fork = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(1, mp_context=fork, initializer=worker_init) as words, stopped_on_error(words):
            sheets = words.submit(_with_previews, _worksheets, inputs, plan)
            from .jobs import PrintJobs, adopt, drain_adopted
            from .parts import renderer_for

            renderer = renderer_for(inputs)
            renderer.warm(("cartes", "affiches"), options.cartes.noir_et_blanc)
            jobs = PrintJobs(vue, options, renderer, previews_of)
            counter = fork.Value("i", 0)
            with ProcessPoolExecutor(1, mp_context=fork, initializer=adopt, initargs=(jobs, counter, worker_init)) as prints, stopped_on_error(prints):
                theirs = prints.submit(drain_adopted)
                results = jobs.drain(counter, lambda index, result: [step(o.path) for o in result.outputs])
                for index, result in theirs.result().items():
                    for output in result.outputs:
                        step(output.path)
                    results[index] = result
            outputs, previews = jobs.outputs_in_order(results)
            made, their_previews = sheets.result()
            for output in made:
                step(output.path)
            outputs += made
            previews |= their_previews
    return outputs, previews


def previews_of(output: Output) -> list[Output]:
    """Thumbnails of a PDF's first pages; for a Word file, a schematic of its first page."""
    if output.path.endswith(".pdf"):
        return thumbnails(output)
    if output.path.endswith(".docx"):
        from .docx_preview import schematic

        return [Output(f"{THUMBNAILS}/{output.path.removesuffix('.docx')}-schema.png", schematic(output.data), 1, Kind.apercu, f"Schéma de {output.path}")]
    return []


def _worksheets(inputs: Inputs, plan: Plan) -> list[Output]:
    from .guide import worksheets_and_guide

    return worksheets_and_guide(inputs.vue, None, plan)


def _with_previews(build: Callable[..., list[Output]], *args) -> tuple[list[Output], dict[str, list[Output]]]:
    outputs = build(*args)
    return outputs, {o.path: previews_of(o) for o in outputs}


def kit_state(folder: Path, vue: ReferentielTerritorial, options: KitOptions, resources: Resources | None = None) -> str:
    """« absent » (no kit built here), « à jour » (same inputs and options as the last build, files
    intact) or « à refaire »."""
    data = manifest.load(folder)
    if not data.get("fichiers") or MEANING_KEY not in data:
        return "absent"
    current = up_to_date(folder, MEANING_KEY, fingerprint(vue, resources or embedded(), options))
    return "à jour" if current else "à refaire"
