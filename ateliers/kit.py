"""``ateliers kit``: every printable of a territory in one folder, with a contact sheet.

A kit is rebuilt only when one of its inputs changed: the referential, the
workshop file (and its logo), the templates, the options, the fonts and the
tool's version are hashed into a fingerprint kept in manifest.json. Every
file is built in memory first and written only when the whole kit
succeeded, each one atomically.
"""

from __future__ import annotations

import hashlib
import html
import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

from . import __version__, manifest
from .manifest import FileEntry
from .inputs import Inputs
from .options import KitOptions
from .resources import Resources, embedded

THUMBNAILS = "apercus"
INDEX = "index.html"


@dataclass
class KitReport:
    territoire: str
    folder: Path
    rebuilt: bool
    files: list[dict]
    seconds: float
    error: str | None = None
    warnings: list = field(default_factory=list)  # what the workshop file still lacks (api.WorkshopWarning)


def _hash_file(h, path: Path) -> None:
    h.update(str(path.name).encode())
    h.update(path.read_bytes())


def fingerprint(
    referentiel: Path | None, atelier: Path | None, logo: Path | None, resources: Resources, options: KitOptions
) -> str:
    """Everything the kit's bytes depend on."""
    h = hashlib.sha256()
    h.update(f"ateliers {__version__}".encode())
    _hash_file(h, referentiel or resources.referentiel)
    if atelier is not None:
        _hash_file(h, atelier)
    if logo is not None:
        _hash_file(h, logo)
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

PRINT_NOTES = {
    "cartes-competences.pdf": ("Les cartes que chaque sous-groupe trie et attribue aux acteurs.", "A4, 250 à 300 g/m², recto-verso bord long, 100 %", "groupes"),
    "cartes-etapes.pdf": ("Les grandes étapes de chaque phase, pour situer le projet.", "A4, 250 à 300 g/m², recto-verso bord long, 100 %", "groupes"),
    "cartes-synthese.pdf": ("Les compétences clés du résumé, pour le débat final.", "A4, 250 à 300 g/m², recto-verso bord long, 100 %", 1),
    "cartes-a-remplir.pdf": ("Cartes « Acteur » et « Compétence à ajouter » à remplir pendant l’atelier.", "A4, 250 à 300 g/m², recto-verso bord long, 100 %", "groupes"),
    "cartes-calibrage.pdf": ("À imprimer une fois si les versos des cartes sont décalés.", "A4, recto-verso bord long, 100 %", 1),
    "affiche-vue-ensemble.pdf": ("Au mur pendant toute la séance : les quatre phases et la synthèse.", "A3, 90 à 120 g/m², 100 %", 1),
    "affiche-evenement.pdf": ("Pour annoncer l’atelier en mairie et dans les commerces.", "A3, 90 à 120 g/m², 100 %", 3),
}


def _describe(name: str, groupes: int) -> tuple[str, str, int]:
    if name in PRINT_NOTES:
        usage, how, copies = PRINT_NOTES[name]
    elif name.startswith("affiche-phase-"):
        usage, how, copies = ("Le tableau mural de la phase : on y colle les cartes pendant la mise en commun.", "A3, 90 à 120 g/m², 100 %", 1)
    elif name.startswith("fiche-competences"):
        usage, how, copies = ("La fiche que chaque sous-groupe remplit ; relue ensuite par « ateliers synthese ».", "A4 paysage, recto seul", "groupes+1")
    elif name.startswith("fiche-acteurs"):
        usage, how, copies = ("Une fiche par acteur du territoire.", "A4, recto seul", 2)
    elif name.startswith("fiche-plan-action"):
        usage, how, copies = ("Transformer les manques en actions, à la fin de l’atelier.", "A4 paysage, recto seul", 2)
    elif name.startswith("guide-animation"):
        usage, how, copies = ("Le déroulé, le matériel et le pas-à-pas pour l’animation.", "A4, recto-verso", 1)
    else:
        usage, how, copies = ("", "", 1)
    if copies == "groupes":
        copies = groupes
    elif copies == "groupes+1":
        copies = groupes + 1
    return usage, how, int(copies)


def thumbnails(entry: FileEntry, data: bytes, pages: int = 2) -> list[tuple[str, bytes]]:
    """Small PNGs of the first pages of a PDF (pypdfium2: no external program needed)."""
    import io

    import pypdfium2 as pdfium

    result = []
    document = pdfium.PdfDocument(data)
    try:
        for index in range(min(pages, len(document))):
            page = document[index]
            width = page.get_width()
            image = page.render(scale=180 / width).to_pil()
            buffer = io.BytesIO()
            image.save(buffer, format="PNG", optimize=True)
            stem = entry.fichier.removesuffix(".pdf")
            result.append((f"{THUMBNAILS}/{stem}-{index + 1}.png", buffer.getvalue()))
    finally:
        document.close()
    return result


def contact_sheet(title: str, subtitle: str, groupes: int, items: list[tuple[FileEntry, list[str]]]) -> str:
    """index.html: what each file is for, how to print it, how many copies; offline, no external asset."""
    e = html.escape
    rows = []
    total_sheets = 0
    for entry, images in items:
        usage, how, copies = _describe(entry.fichier, groupes)
        if entry.fichier.endswith(".pdf"):
            total_sheets += copies * max(1, (entry.pages + 1) // 2 if "recto-verso" in how else entry.pages)
        pictures = "".join(f'<img src="{e(src)}" alt="Aperçu de {e(entry.fichier)}" loading="lazy">' for src in images)
        if not pictures:
            pictures = '<div class="docx">Document Word<br>à ouvrir, adapter<br>puis imprimer</div>'
        pages = f"{entry.pages} page{'s' if entry.pages > 1 else ''}" if entry.pages else "document Word"
        rows.append(
            f"""<article>
  <div class="apercus">{pictures}</div>
  <div class="texte">
    <h2><a href="{e(entry.fichier)}">{e(entry.fichier)}</a></h2>
    <p>{e(usage)}</p>
    <dl><dt>Impression</dt><dd>{e(how)}</dd><dt>Exemplaires</dt><dd>{copies}</dd><dt>Taille</dt><dd>{pages}, {entry.octets // 1024} Ko</dd></dl>
  </div>
</article>"""
        )
    return f"""<!DOCTYPE html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{e(title)}</title>
<style>
body {{ font-family: system-ui, "Segoe UI", "DejaVu Sans", sans-serif; margin: 0; color: #1a1a1a; background: #f4f4f4; }}
header {{ background: #1a1a1a; color: #fff; padding: 1.2rem 2rem; }}
header h1 {{ margin: 0; font-size: 1.6rem; }}
header p {{ margin: .3rem 0 0; }}
main {{ padding: 1rem 2rem 3rem; max-width: 70rem; }}
.conseil {{ background: #fff7d6; border-left: .4rem solid #e69f00; padding: .8rem 1rem; margin: 1rem 0; }}
article {{ display: flex; gap: 1.2rem; background: #fff; margin: .8rem 0; padding: 1rem; border-radius: .4rem; box-shadow: 0 1px 2px rgba(0,0,0,.1); }}
.apercus {{ display: flex; gap: .4rem; flex: none; width: 24rem; }}
.apercus img {{ max-width: 11.5rem; max-height: 12rem; border: 1px solid #ccc; background: #fff; }}
.docx {{ width: 11.5rem; height: 8rem; display: flex; align-items: center; justify-content: center; text-align: center; border: 1px dashed #999; color: #555; }}
h2 {{ margin: 0 0 .4rem; font-size: 1.1rem; }}
dl {{ display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: .6rem 0 0; }}
dt {{ font-weight: bold; }}
dd {{ margin: 0; }}
</style>
</head>
<body>
<header><h1>{e(title)}</h1><p>{e(subtitle)}</p></header>
<main>
<p class="conseil"><strong>Imprimez toujours à 100&nbsp;% (taille réelle)</strong>, jamais «&nbsp;ajuster à la page&nbsp;». Quantités prévues pour {groupes} sous-groupe{'s' if groupes > 1 else ''} : environ {total_sheets} feuilles de PDF à imprimer, plus les fiches Word.</p>
{''.join(rows)}
</main>
</body>
</html>
"""


# ---------------------------------------------------------------- building


def build_kit(
    inputs: Inputs,
    referentiel: Path | None,
    atelier: Path | None,
    options: KitOptions,
    force: bool = False,
    progress: Callable[[str], None] | None = None,
    workers: int | None = None,
) -> KitReport:
    """Build (or leave as it is) one territory's kit, from its loaded inputs
    (``referentiel`` and ``atelier`` are the files they came from, for the fingerprint)."""
    start = time.perf_counter()
    vue = inputs.vue
    logo = vue.atelier.logo if vue.atelier else None
    print_fingerprint = fingerprint(referentiel, atelier, logo, embedded(), options)
    territoire = vue.territoire or "générique"
    if not force and up_to_date(inputs.folder, print_fingerprint):
        files = manifest.load(inputs.folder).get("fichiers", [])
        return KitReport(territoire, inputs.folder, False, files, time.perf_counter() - start)

    # Only now the rendering stack: an up-to-date kit never loads it.
    from .agenda import sub_groups
    from .generate import card_outputs, context_of, poster_outputs, renderer_for, worksheet_outputs, write_outputs

    renderer = renderer_for(inputs)
    if workers == 1:
        outputs, cards = card_outputs(vue, options.cartes, renderer, progress, 1)
        outputs += poster_outputs(vue, options.affiches, renderer, progress)
        outputs += worksheet_outputs(vue, progress)
    else:
        # Two halves of about the same cost: the card decks here, posters and worksheets
        # in a second process.
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork")) as pool:
            others = pool.submit(_posters_and_worksheets, inputs, options)
            outputs, cards = card_outputs(vue, options.cartes, renderer, progress, 1)
            rest = others.result()
        if progress:
            for entry, _ in rest:
                progress(entry.fichier)
        outputs += rest

    images: list[tuple[FileEntry, list[str]]] = []
    extra: list[tuple[FileEntry, bytes]] = []
    for entry, data in outputs:
        names = []
        if entry.fichier.endswith(".pdf"):
            for name, png in thumbnails(entry, data):
                extra.append((FileEntry(name, 1, hashlib.sha256(png).hexdigest(), len(png), f"Aperçu de {entry.fichier}"), png))
                names.append(name)
        images.append((entry, names))
    a = vue.atelier
    groupes = sub_groups(a.nombre_sous_groupes if a else None, a.nombre_participants if a else None)
    title = f"Kit d’atelier — {territoire}"
    subtitle = f"Référentiel {vue.referentiel.version} · phases {', '.join(str(p.numero) for p in vue.phases)}"
    page = contact_sheet(title, subtitle, groupes, images).encode("utf-8")
    extra.append((FileEntry(INDEX, 0, hashlib.sha256(page).hexdigest(), len(page), "Planche contact du kit"), page))
    if progress:
        progress(INDEX)

    context = context_of(vue) | {"empreinte_entrees": print_fingerprint}
    write_outputs(inputs.folder, outputs + extra, cards, context, replace=True)
    files = manifest.load(inputs.folder).get("fichiers", [])
    return KitReport(territoire, inputs.folder, True, files, time.perf_counter() - start)


def _posters_and_worksheets(inputs, options: KitOptions):
    from .generate import poster_outputs, renderer_for, worksheet_outputs

    return poster_outputs(inputs.vue, options.affiches, renderer_for(inputs)) + worksheet_outputs(inputs.vue)
