"""The app's own assets: its stylesheet (the shared theme plus the pages' layout),
its small script, and the kit's fonts served from their installed packages."""

from __future__ import annotations

import hashlib

import jinja2

from flask import Blueprint, Response, abort, current_app, send_file

from ... import api
from ..services import services

bp = Blueprint("static_files", __name__)

_SCRIPTS = {"app.js"}


theme = api.theme  # the printables' identity: the web pages wear it too


def _faces():
    return {face.path.name: face for face in api.font_faces()}


def stylesheet() -> str:
    """theme.css (the printables' identity) rendered for the web, then the pages' own rules."""
    cache = current_app.extensions.setdefault("ateliers_css", {})
    if "css" not in cache:
        from flask import url_for

        rules = [
            "@font-face { "
            f'font-family: "{face.family}"; src: url("{url_for("static_files.font", name=name)}") format("truetype"); '
            f"font-weight: {face.weight}; font-style: {face.style}; font-display: swap; }}"
            for name, face in _faces().items()
        ]
        # CSS is not HTML: no autoescaping (the font stacks hold quotes).
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(services().resources.templates),
            undefined=jinja2.StrictUndefined,
            autoescape=False,
        )
        text = env.get_template("theme.css").render(
            font_faces="\n".join(rules),
            text_stack=api.TEXT_STACK,
            condensed_stack=api.CONDENSED_STACK,
            theme=theme,
            identites=theme.all_identites([1, 2, 3, 4, 5, 6]),
            nb=False,
        )
        text += "\n" + env.get_template("web/web.css").render(theme=theme, phases=[theme.phase_identite(n) for n in range(1, 7)])
        cache["css"] = text
        cache["version"] = hashlib.sha256(text.encode()).hexdigest()[:10]
    return cache["css"]


@bp.route("/style.css")
def css():
    response = Response(stylesheet(), mimetype="text/css")
    response.headers["Cache-Control"] = "max-age=3600"
    return response


@bp.route("/js/<name>")
def asset(name: str):
    if name not in _SCRIPTS:
        abort(404)
    path = services().resources.templates / "web" / "static" / name
    response = send_file(path, mimetype="text/javascript", max_age=3600)
    return response


@bp.route("/polices/<name>")
def font(name: str):
    face = _faces().get(name)
    if face is None:
        abort(404)
    return send_file(face.path, mimetype="font/ttf", max_age=86400)


@bp.route("/favicon.svg")
@bp.route("/favicon.ico")
def favicon():
    # The four phase shapes, in their colours: the kit's identity, drawn from the theme.
    shapes = "".join(
        f'<path d="{theme.shape_path(theme.PHASES[n].forme, x, y, 30)}" fill="{theme.PHASES[n].couleur}"/>'
        for n, (x, y) in zip((1, 2, 3, 4), ((2, 2), (34, 2), (2, 34), (34, 34)), strict=True)
    )
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 66 66">{shapes}</svg>'
    response = Response(svg, mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "max-age=86400"
    return response
