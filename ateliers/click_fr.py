"""French for click's own messages (usage, errors, help headings).

Our users read French only. Click marks its strings for gettext but ships
no catalogues, and gettext cannot be given an in-memory catalogue, so we
hand click's modules a translating ``_``/``ngettext``. Called once by the
CLI entry point; a string we do not know stays as click wrote it.
"""

from __future__ import annotations

import importlib
import os
import sys
import traceback

import click

from . import api
from .errors import AteliersError

_FR = {
    "Usage:": "Utilisation\u00a0:",
    "Options": "Options\u00a0",
    "Commands": "Commandes\u00a0",
    "Positional arguments": "Arguments\u00a0",
    "Show this message and exit.": "Afficher cette aide et quitter.",
    "Show the version and exit.": "Afficher la version et quitter.",
    "%(prog)s, version %(version)s": "%(prog)s, version %(version)s",
    "Error: {message}": "Erreur\u00a0: {message}",
    "Try '{command} {option}' for help.": "Tapez « {command} {option} » pour l’aide.",
    "Missing command.": "Commande manquante.",
    "No such command {name!r}.": "Commande inconnue\u00a0: « {name} ».",
    "No such option {name!r}.": "Option inconnue\u00a0: « {name} ».",
    "No such option: {name}": "Option inconnue\u00a0: {name}",
    "Option {name!r} does not take a value.": "L’option « {name} » ne prend pas de valeur.",
    "Missing argument": "Argument manquant",
    "Missing option": "Option manquante",
    "Missing parameter": "Paramètre manquant",
    "Missing {param_type}": "{param_type} manquant",
    "Missing parameter: {param_name}": "Paramètre manquant\u00a0: {param_name}",
    "Invalid value for {param_hint}: {message}": "Valeur invalide pour {param_hint}\u00a0: {message}",
    "Invalid value: {message}": "Valeur invalide\u00a0: {message}",
    "{value!r} is not a valid {number_type}.": "« {value} » n’est pas un nombre valide.",
    "{value} is not in the range {range}.": "{value} n’est pas dans l’intervalle {range}.",
    "{name} {filename!r} does not exist.": "{name} « {filename} » introuvable.",
    "{name} {filename!r} is a file.": "{name} « {filename} » est un fichier.",
    "{name} {filename!r} is a directory.": "{name} « {filename} » est un dossier.",
    "{name} {filename!r} is not readable.": "{name} « {filename} » n’est pas lisible.",
    "{name} {filename!r} is not writable.": "{name} « {filename} » n’est pas accessible en écriture.",
    "Could not open file {filename!r}: {message}": "Impossible d’ouvrir « {filename} »\u00a0: {message}",
    "file": "Fichier",
    "directory": "Dossier",
    "path": "Chemin",
    "default: {default}": "par défaut\u00a0: {default}",
    "Aborted!": "Interrompu.",
    "Choose from:\n\t{choices}": "Choisissez parmi\u00a0:\n\t{choices}",
    "Do you want to continue?": "Voulez-vous continuer\u00a0?",
    "Got unexpected extra argument ({args})": "Argument en trop\u00a0: {args}",
    "Got unexpected extra arguments ({args})": "Arguments en trop\u00a0: {args}",
    "Did you mean {possibility}?": "Vouliez-vous dire {possibility}\u00a0?",
    "(Did you mean one of: {possibilities}?)": "(Vouliez-vous dire l’une de celles-ci\u00a0: {possibilities}\u00a0?)",
    "Option {name!r} requires an argument.": "L’option « {name} » attend une valeur.",
    "Option {name!r} requires {nargs} arguments.": "L’option « {name} » attend {nargs} valeurs.",
    "{value!r} is not {choice}.": "« {value} » n’est pas {choice}.",
    "{value!r} is not one of {choices}.": "« {value} » n’est pas une valeur possible ({choices}).",
}

_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "types", "termui", "utils")


def _gettext(message: str) -> str:
    return _FR.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _gettext(singular if n == 1 else plural)


def _quoted(names) -> str:
    """« --papier » rather than click's '--papier'."""
    return " / ".join(f"«\u00a0{x}\u00a0»" for x in names)


def _join_param_hints(param_hint):
    if param_hint is not None and not isinstance(param_hint, str):
        return _quoted(param_hint)
    return param_hint


def _error_hint(self, ctx=None) -> str:
    return _quoted(self.opts or [self.human_readable_name])


def install() -> None:
    """Make click speak French (idempotent)."""
    import click.core
    import click.exceptions
    import click.formatting

    nbsp_punctuation = api.typeset

    click.exceptions._join_param_hints = _join_param_hints  # type: ignore[attr-defined]
    click.core.Parameter.get_error_hint = _error_hint  # type: ignore[method-assign]
    # Help text is wrapped on spaces: make those before « : ; ? ! » and inside « » non-breaking first.
    wrap = getattr(click.formatting.wrap_text, "__wrapped__", click.formatting.wrap_text)

    def wrap_text(text, *args, **kwargs):
        return wrap(nbsp_punctuation(text), *args, **kwargs)

    wrap_text.__wrapped__ = wrap  # type: ignore[attr-defined]
    click.formatting.wrap_text = wrap_text
    for name in _MODULES:
        module = importlib.import_module(f"click.{name}")
        if hasattr(module, "_"):
            module._ = _gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _ngettext  # type: ignore[attr-defined]


class FrenchChoice(click.Choice):
    """A choice whose error lists the values the French way: « a4 » ou « letter »."""

    def get_invalid_choice_message(self, value, ctx) -> str:
        return f"« {value} » n’est pas une valeur possible\u00a0; choisissez {api.liste_fr(self.choices)}."


def say(text: str = "", err: bool = False) -> None:
    """Print a message with French spacing (non-breaking spaces before : ; ? !)."""
    click.echo(api.typeset(text), err=err)


CONTEXT = {"help_option_names": ["-h", "--help", "--aide"], "max_content_width": 100}


class AteliersGroup(click.Group):
    """Turns every known error into one French message and an exit status, never a traceback."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        # In the order they are declared: the main command, « kit », comes first.
        return list(self.commands)

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        api.stop_on_sigterm()  # SIGTERM stops like Ctrl-C: workers stopped, files left as they were
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
        except KeyboardInterrupt as exc:
            # A Ctrl-C that lands in an eval() of a string (cssselect2 compiles the CSS selectors
            # so) marks the interpreter as stopped by an unhandled Ctrl-C, even once handled here:
            # under « python -m » it then ends by SIGINT, not with the status below. Running one
            # string clears the mark.
            exec("pass")
            say("Interrompu : les fichiers déjà présents n’ont pas été modifiés.", err=True)
            ctx.exit(143 if isinstance(exc, api.Terminated) else 130)
        except Exception as exc:  # a bug: say so in French, keep the trace for --debug
            if ctx.find_root().params.get("debug"):
                traceback.print_exc()
            say(
                f"Erreur interne inattendue ({type(exc).__name__}\u00a0: {exc}).\n"
                "→ Relancez la commande avec --debug et transmettez le message complet à l’équipe ateliers.",
                err=True,
            )
            ctx.exit(1)


def stack(*options):
    """Several options applied as one decorator, in the order listed."""

    def decorate(f):
        for option in reversed(options):
            f = option(f)
        return f

    return decorate


def bounded(low: int, high: int, message: str):
    """A callback refusing a number outside ``low``–``high``: ``message`` says why, the value in its ``{}``."""

    def check(ctx, param, value):
        if value is not None and not low <= value <= high:
            raise click.BadParameter(message.format(value))
        return value

    return check
