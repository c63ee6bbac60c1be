"""``ateliers kit``: every printable of a territory in one folder, with a contact sheet.

A kit is rebuilt only when one of its inputs changed: the referential, the
workshop file (and its logo), the templates, the options, the fonts and the
tool's version are hashed into a fingerprint kept in manifest.json. Every
file is built in memory first and written only when the whole kit
succeeded, each one atomically.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

from . import __version__, manifest
from .contract import Kind, Output
from .inputs import Inputs
from .options import KitOptions
from .plan import Plan, checklist, make_plan
from .planche import contact_sheet
from .resources import Resources
from .territoire import ReferentielTerritorial

THUMBNAILS = "apercus"


@dataclass
class KitReport:
    territoire: str
    folder: Path
    rebuilt: bool
    files: list[dict]
    seconds: float
    error: str | None = None
    warnings: list = field(default_factory=list)  # what the workshop file still lacks (api.WorkshopWarning)


def fingerprint(vue: ReferentielTerritorial, resources: Resources, options: KitOptions) -> str:
    """Everything the kit's bytes depend on: the loaded inputs (not re-read from their files),
    the logo's bytes, the templates, the options, the fonts' and libraries' versions."""
    h = hashlib.sha256()
    h.update(f"ateliers {__version__}".encode())
    h.update(vue.referentiel.model_dump_json().encode())
    atelier = vue.atelier
    h.update(atelier.model_dump_json().encode() if atelier else b"-")
    h.update(json.dumps([p.numero for p in vue.phases]).encode())
    if atelier is not None and atelier.logo is not None:
        h.update(atelier.logo.read_bytes())
    h.update(os.environ.get("SOURCE_DATE_EPOCH", "").encode())  # the documents' date
    for path in sorted(resources.templates.rglob("*")):
        if path.is_file():
            h.update(str(path.relative_to(resources.templates)).encode())
            h.update(path.read_bytes())
    h.update(json.dumps(asdict(options), default=str, sort_keys=True).encode())
    for package in ("weasyprint", "python-docx", "fontpkg-atkinson-hyperlegible", "fontpkg-barlow-semi-condensed"):
        try:
            h.update(f"{package} {metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            h.update(package.encode())
    return h.hexdigest()


def up_to_date(folder: Path, print_fingerprint: str) -> bool:
    """Same inputs as the last build, and every file still as it was written."""
    data = manifest.load(folder)
    if data.get("empreinte_entrees") != print_fingerprint or not data.get("fichiers"):
        return False
    for entry in data["fichiers"]:
        path = folder / entry.get("fichier", "")
        if not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != entry.get("sha256"):
            return False
    return (folder / manifest.NAME).is_file()


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
            image.save(buffer, format="PNG", optimize=True)
            stem = output.fichier.removesuffix(".pdf")
            data = buffer.getvalue()
            result.append(Output(f"{THUMBNAILS}/{stem}-{index + 1}.png", data, 1, Kind.apercu, f"Aperçu de {output.fichier}"))
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
    from .inputs import prepare

    start = time.perf_counter()
    inputs = inputs or prepare(referentiel, atelier, sortie, options.phases)
    vue = inputs.vue
    print_fingerprint = fingerprint(vue, inputs.resources, options)
    territoire = vue.territoire or "générique"
    if not force and up_to_date(inputs.folder, print_fingerprint):
        files = manifest.load(inputs.folder).get("fichiers", [])
        return KitReport(territoire, inputs.folder, False, files, time.perf_counter() - start)

    plan = make_plan(vue, options.cartes, options.affiches)
    total = len(plan.fichiers)
    done = 0

    def step(label: str) -> None:
        nonlocal done
        done = min(done + 1, total)
        if progress:
            progress(done, total, label)

    if workers == 1:
        # Only now the rendering stack: an up-to-date kit never loads it.
        from .generate import card_outputs, poster_outputs, renderer_for, worksheet_outputs

        renderer = renderer_for(inputs)
        outputs = card_outputs(vue, options.cartes, renderer, step, 1)
        outputs += poster_outputs(vue, options.affiches, renderer, step)
        outputs += worksheet_outputs(vue, step, plan)
        previews = {o.fichier: previews_of(o) for o in outputs}
    else:
        # Three parts of about the same cost on two cores: the Word worksheets (no WeasyPrint)
        # in a process forked before the rendering stack is imported; the posters in one forked
        # after it (the import is paid once); the card decks here. Each makes its own previews.
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        fork = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(1, mp_context=fork) as words, ProcessPoolExecutor(1, mp_context=fork) as prints:
            sheets = words.submit(_with_previews, _worksheets, inputs, plan)
            from .generate import card_outputs, renderer_for

            posters = prints.submit(_with_previews, _posters, inputs, options)
            cards = card_outputs(vue, options.cartes, renderer_for(inputs), step, 1)
            previews = {o.fichier: previews_of(o) for o in cards}
            outputs = list(cards)
            for future in (posters, sheets):
                made, their_previews = future.result()
                for output in made:
                    step(output.fichier)
                outputs += made
                previews |= their_previews

    title = f"Kit d’atelier — {territoire}"
    subtitle = " · ".join(
        filter(None, [plan.quand, f"référentiel {vue.referentiel.version}", "phases " + ", ".join(map(str, plan.phases))])
    )
    index = contact_sheet(title, subtitle, plan, outputs, previews)
    step(index.fichier)

    from .generate import context_of, write_outputs

    context = context_of(vue) | {"empreinte_entrees": print_fingerprint}
    every = outputs + [p for o in outputs for p in previews[o.fichier]] + [index]
    write_outputs(inputs.folder, every, context, replace=True, copies={line.fichier: line.exemplaires for line in checklist(plan, outputs).lignes})
    files = manifest.load(inputs.folder).get("fichiers", [])
    return KitReport(territoire, inputs.folder, True, files, time.perf_counter() - start)


def previews_of(output: Output) -> list[Output]:
    """Thumbnails of a PDF's first pages; for a Word file, a schematic of its first page."""
    if output.fichier.endswith(".pdf"):
        return thumbnails(output)
    if output.fichier.endswith(".docx"):
        from .docx_preview import schematic

        return [Output(f"{THUMBNAILS}/{output.fichier.removesuffix('.docx')}-schema.png", schematic(output.data), 1, Kind.apercu, f"Schéma de {output.fichier}")]
    return []


def _posters(inputs: Inputs, options: KitOptions) -> list[Output]:
    from .generate import poster_outputs, renderer_for

    return poster_outputs(inputs.vue, options.affiches, renderer_for(inputs))


def _worksheets(inputs: Inputs, plan: Plan) -> list[Output]:
    from .worksheets import build_worksheets

    return build_worksheets(inputs.vue, None, plan)


def _with_previews(build: Callable[..., list[Output]], *args) -> tuple[list[Output], dict[str, list[Output]]]:
    outputs = build(*args)
    return outputs, {o.fichier: previews_of(o) for o in outputs}


def planned_steps(vue: ReferentielTerritorial, options: KitOptions) -> tuple[str, ...]:
    """The progress steps of one kit, one per file of its plan, in order."""
    return make_plan(vue, options.cartes, options.affiches).fichiers
