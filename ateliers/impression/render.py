"""HTML → PDF with WeasyPrint: one strict Jinja environment, one font
configuration, one restricted URL fetcher per run.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from weasyprint import CSS, HTML, Document
from weasyprint.text.fonts import FontConfiguration

from . import theme
from .fetcher import RestrictedFetcher
from .fonts import CONDENSED_STACK, TEXT_STACK, font_face_css, font_faces
from .pdf_tags import PDF_VARIANT, finishing
from ..fichiers.resources import Resources

# WeasyPrint reports refused resources and layout notes through logging; they are ours to handle.
logging.getLogger("weasyprint").setLevel(logging.ERROR)


@dataclass
class RenderedPdf:
    data: bytes
    pages: int

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


class Renderer:
    """Shared by every printable of a run: templates, theme, fonts, fetcher."""

    def __init__(self, resources: Resources, logo: Path | None = None, tagged: bool = True) -> None:
        self.resources = resources
        # Tagged PDF/UA-1 (structure tree, language, title): what public bodies must publish.
        # Off only to measure its cost (benchmarks/bench_cartes.py).
        self.tagged = tagged
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(resources.templates),
            autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default_for_string=True, default=False),
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.globals.update(theme=theme, shape_svg=theme.shape_svg)
        self.env.filters["mm"] = lambda v: f"{v:.3f}mm"
        faces = font_faces()
        self.font_config = FontConfiguration()
        allowed_files = [f.path for f in faces] + ([logo] if logo else [])
        self.fetcher = RestrictedFetcher([resources.templates], allowed_files)
        self._font_css = font_face_css(faces)
        self._theme_css: dict[bool, CSS] = {}
        self._css: dict[str, CSS] = {}  # parsed once per distinct text: decks of a run share theirs

    def theme_css(self, nb: bool) -> CSS:
        """The shared identity stylesheet, in colour or in black and white (parsed once each)."""
        if nb not in self._theme_css:
            text = self.env.get_template("theme.css").render(
                font_faces=self._font_css,
                text_stack=TEXT_STACK,
                condensed_stack=CONDENSED_STACK,
                identites=theme.all_identites(list(range(1, 10))),
                nb=nb,
            )
            self._theme_css[nb] = CSS(string=text, font_config=self.font_config, url_fetcher=self.fetcher)
        return self._theme_css[nb]

    def warm(self, folders: tuple[str, ...], nb: bool) -> None:
        """Do once what every render of a run needs (the theme parsed, the folders' templates
        compiled, the fonts and the PDF writer loaded), so that a process forked after this
        inherits it instead of doing it again."""
        self.theme_css(nb)
        for folder in folders:
            for path in sorted((self.resources.templates / folder).iterdir()):
                if path.suffix in (".html", ".css"):
                    self.env.get_template(f"{folder}/{path.name}")
        text = f'<p style="font-family: {TEXT_STACK}">a <b>b</b> <i>c</i></p><p style="font-family: {CONDENSED_STACK}">d</p>'
        self.pdf(self.render(f'<html lang="fr"><title>-</title>{text}</html>', "@page { size: 50mm }", nb))

    def html(self, template: str, **context: Any) -> str:
        return self.env.get_template(template).render(**context)

    def css(self, template: str, **context: Any) -> str:
        return self.env.get_template(template).render(**context)

    def render(self, html: str, css: str, nb: bool = False) -> Document:
        if css not in self._css:
            self._css[css] = CSS(string=css, font_config=self.font_config, url_fetcher=self.fetcher)
        stylesheets = [self.theme_css(nb), self._css[css]]
        return HTML(
            string=html, base_url=self.resources.templates.as_uri() + "/", url_fetcher=self.fetcher
        ).render(stylesheets=stylesheets, font_config=self.font_config)

    def pdf(self, document: Document, finisher=None) -> RenderedPdf:
        """The document's bytes, tagged (``pdf_tags``); ``finisher`` may add to the PDF before it
        is written (``vector.under_pages``)."""
        if not self.tagged:
            data = document.write_pdf(pdf_identifier=b"ateliers", uncompressed_pdf=False, finisher=finisher)
        else:
            data = document.write_pdf(
                pdf_identifier=b"ateliers", uncompressed_pdf=False, finisher=finishing(finisher), pdf_variant=PDF_VARIANT
            )
        return RenderedPdf(data, len(document.pages))
