"""The contact sheet ``index.html``: the print checklist, then every file with its preview,
what it is for, how to print it and how many copies — all from the output records
and the workshop plan. Opens offline: the kit's font is embedded, no external asset.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from functools import cache

import jinja2
from markupsafe import Markup

from ..impression import theme
from ..impression.typography import duree
from ..contract import STOCK_NAMES, Kind, Output, Sides
from ..impression.fonts import TEXT_STACK, font_faces
from ..cartes.imposition import RectoVerso
from .plan import Checklist, Plan, PrintLine, checklist, printing_order
from ..fichiers.resources import embedded
from ..impression.typography import nbsp_punctuation, plural

INDEX = "index.html"


@dataclass(frozen=True)
class Item:
    output: Output
    ligne: PrintLine | None
    images: list[str]
    schema: str | None

    @property
    def pages(self) -> str:
        o = self.output
        if not o.pages:
            return "classeur (tableur)" if o.path.endswith(".xlsx") else "document Word"
        words = plural(o.pages, "page")
        return f"environ {words} (document Word)" if o.pages_estimated else words

    @property
    def ko(self) -> int:
        return max(1, self.output.size // 1024)


@cache
def _embedded_fonts() -> str:
    """Atkinson Hyperlegible regular and bold, embedded: the page works offline, anywhere."""
    rules = []
    for face in font_faces():
        if face.family == "Atkinson Hyperlegible" and face.style == "normal":
            data = base64.b64encode(face.path.read_bytes()).decode("ascii")
            rules.append(
                f'@font-face {{ font-family: "{face.family}"; font-weight: {face.weight}; font-style: normal; '
                f'src: url("data:font/ttf;base64,{data}") format("truetype"); }}'
            )
    return "\n".join(rules)


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(embedded().templates),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(plural=plural, duree=duree)
    env.filters["typo"] = nbsp_punctuation  # the records' sentences, typeset as everywhere else
    return env


def contact_sheet(
    title: str, subtitle: str, plan: Plan, outputs: list[Output], previews: dict[str, list[Output]]
) -> Output:
    """index.html from the kit's records; ``previews`` maps a file to its preview images."""
    liste: Checklist = checklist(plan, outputs)
    by_file = {line.fichier: line for line in liste.lignes}
    items = []
    for output in printing_order(o for o in outputs if o.kind not in (Kind.apercu, Kind.planche)):
        images = [p.path for p in previews.get(output.path, []) if p.path.endswith(".png")]
        schema = images.pop() if output.path.endswith(".docx") and images else None
        items.append(Item(output, by_file.get(output.path), images, schema))
    edge = next((o.printing.sides for o in outputs if o.kind is Kind.calibrage and o.printing), Sides.long)
    html = _environment().get_template("kit/index.html").render(
        titre=title,
        sous_titre=subtitle,
        plan=plan,
        liste=liste,
        fichiers=items,
        noms_papier={s: name.capitalize() for s, name in STOCK_NAMES.items()},
        bord="long" if edge is Sides.long else "court",
        pliage=plan.recto_verso is RectoVerso.pliage,
        theme=theme,
        font_faces=Markup(_embedded_fonts()),  # CSS, written by us: not escaped
        text_stack=Markup(TEXT_STACK),
    )
    return Output(INDEX, html.encode("utf-8"), 0, Kind.planche, "Planche contact du kit : la liste d’impression et chaque fichier.")
