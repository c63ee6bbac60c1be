"""Safe YAML reading that keeps where every key and value stands in the file.

Users edit the referential and workshop files by hand; every later error
must name a line. PyYAML’s composer gives node positions, so we build the
Python data ourselves from the node tree:

- only the standard tags (no ``!!python/object`` or custom tags);
- plain scalars stay strings (pydantic converts them where a number or a
  date is expected), which avoids YAML 1.1 surprises such as ``9:30``
  read as 570 or ``on`` read as true;
- duplicate keys are errors, not silent overwrites;
- alias expansion, nesting depth and file size are bounded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import InputError, Location, Problem, ValidationFailed

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_NODES = 100_000
MAX_DEPTH = 64
DEPTH_ADVICE = "Vérifiez l’indentation du fichier et ses crochets [ ] et accolades { }."

PathKey = tuple[str | int, ...]

_STD = "tag:yaml.org,2002:"
_ALLOWED_SCALAR_TAGS = {_STD + t for t in ("str", "int", "float", "bool", "null", "timestamp")}


@dataclass
class SourceDocument:
    """Data read from a YAML file, with the position of each key and value."""

    fichier: Path
    data: Any
    value_marks: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

    def locate(self, path: PathKey, prefer_key: bool = True) -> Location:
        """The closest known position for a key path (walks up to a parent if needed)."""
        path = tuple(path)
        for n in range(len(path), -1, -1):
            sub = path[:n]
            marks = (self.key_marks, self.value_marks) if prefer_key else (self.value_marks, self.key_marks)
            for table in marks:
                if sub in table:
                    line, col = table[sub]
                    return Location(self.fichier, line, col, describe_path(path))
        return Location(self.fichier, None, None, describe_path(path))


def describe_path(path: PathKey) -> str | None:
    """« phases › 2e élément › competences » — a key path readable by a non-developer."""
    if not path:
        return None
    parts = []
    for p in path:
        if isinstance(p, int):
            parts.append("1er élément" if p == 0 else f"{p + 1}e élément")
        else:
            parts.append(str(p))
    if len(parts) > 8:  # a path nested too deep: its ends say where, the middle only how deep
        parts = [*parts[:3], f"… {len(parts) - 5} niveaux …", *parts[-2:]]
    return " › ".join(parts)


def read_text(fichier: Path, max_bytes: int = MAX_FILE_BYTES) -> str:
    """Read a user’s text file as UTF-8 (BOM tolerated) with clear errors."""
    try:
        if fichier.is_dir():
            raise InputError(
                f"« {fichier} » est un dossier, pas un fichier.",
                conseil="Indiquez le chemin d’un fichier .yaml.",
            )
        size = fichier.stat().st_size
        if size > max_bytes:
            raise InputError(
                f"Le fichier « {fichier} » est trop gros ({size / 1024 / 1024:.1f} Mo ; "
                f"{max_bytes // 1024 // 1024} Mo au plus).",
                conseil="Vérifiez qu’il s’agit du bon fichier : un référentiel ou un fichier d’atelier pèse quelques dizaines de Ko.",
            )
        raw = fichier.read_bytes()
    except FileNotFoundError:
        raise InputError(
            f"Le fichier « {fichier} » est introuvable.",
            conseil="Vérifiez le chemin et le nom du fichier (le dossier courant est celui où vous lancez la commande).",
        ) from None
    except PermissionError:
        raise InputError(
            f"Le fichier « {fichier} » ne peut pas être lu (droits insuffisants).",
            conseil="Vérifiez les droits du fichier ou copiez-le dans un dossier à vous.",
        ) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        problem = Problem(
            Location(fichier, line, col),
            "le fichier n’est pas encodé en UTF-8 (caractère illisible).",
            "Enregistrez-le en UTF-8 : dans votre éditeur, « Enregistrer sous… » puis choisissez l’encodage UTF-8.",
        )
        raise ValidationFailed(fichier, [problem]) from None


def load_yaml(fichier: Path) -> SourceDocument:
    """Read and parse a YAML file into plain data plus positions."""
    text = read_text(fichier)
    doc = SourceDocument(fichier=fichier, data=None)
    try:
        node = _compose(text)
    except RecursionError:  # lists or blocks nested thousands deep: refused before the depth check below
        raise ValidationFailed(fichier, [Problem(Location(fichier), "imbrication trop profonde.", DEPTH_ADVICE)]) from None
    except yaml.MarkedYAMLError as exc:
        raise ValidationFailed(fichier, [_syntax_problem(fichier, exc)]) from None
    except yaml.YAMLError as exc:  # ReaderError (forbidden characters) and others
        raise ValidationFailed(fichier, [_reader_problem(fichier, text, exc)]) from None
    if node is None:
        raise ValidationFailed(
            fichier,
            [Problem(Location(fichier, 1), "le fichier est vide.", "Partez du modèle donné par « ateliers nouveau ».")],
        )
    builder = _Builder(doc)
    doc.data = builder.build(node, (), 0)
    if builder.problems:
        raise ValidationFailed(fichier, builder.problems)
    return doc


def _compose(text: str) -> yaml.Node | None:
    """The file's node tree. libyaml's parser when installed (ten times faster: the referential is
    read before anything else can start); PyYAML's own for a file libyaml refuses, so that the
    error and its position are told as always."""
    fast = getattr(yaml, "CSafeLoader", None)
    # libyaml takes a tab inside a line and a byte-order mark past the start, which PyYAML refuses.
    if fast is not None and "\t" not in text and "\ufeff" not in text[1:]:
        try:
            yaml.reader.Reader(text)  # refuses the characters PyYAML refuses (libyaml lets some through)
            loader = fast(text)
            try:
                return loader.get_single_node()
            finally:
                loader.dispose()
        except yaml.YAMLError:
            pass
    loader = yaml.SafeLoader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


class _Builder:
    def __init__(self, doc: SourceDocument) -> None:
        self.doc = doc
        self.count = 0
        self.problems: list[Problem] = []

    def _where(self, node: yaml.Node, path: PathKey) -> Location:
        return Location(self.doc.fichier, node.start_mark.line + 1, node.start_mark.column + 1, describe_path(path))

    def _stop(self, node: yaml.Node, path: PathKey, message: str, conseil: str) -> None:
        raise ValidationFailed(self.doc.fichier, [Problem(self._where(node, path), message, conseil)])

    def build(self, node: yaml.Node, path: PathKey, depth: int) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            self._stop(
                node,
                path,
                "le fichier est trop volumineux une fois les alias YAML (&, *) développés.",
                "N’utilisez pas d’alias YAML : écrivez chaque valeur en toutes lettres.",
            )
        if depth > MAX_DEPTH:
            self._stop(node, path, "imbrication trop profonde.", DEPTH_ADVICE)
        self.doc.value_marks.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))

        if isinstance(node, yaml.ScalarNode):
            if node.tag not in _ALLOWED_SCALAR_TAGS:
                self._bad_tag(node, path)
            if node.tag == _STD + "null":
                return None
            return node.value
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _STD + "seq":
                self._bad_tag(node, path)
            return [self.build(child, path + (i,), depth + 1) for i, child in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            if node.tag != _STD + "map":
                self._bad_tag(node, path)
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in _ALLOWED_SCALAR_TAGS:
                    self._stop(key_node, path, "clé invalide : une clé doit être un simple mot.", "Écrivez « clé: valeur ».")
                key = key_node.value
                if key == "<<":
                    self._stop(
                        key_node,
                        path,
                        "la fusion YAML « << » n’est pas prise en charge.",
                        "Écrivez chaque clé en toutes lettres.",
                    )
                child_path = path + (key,)
                if key in result:
                    first = self.doc.key_marks.get(child_path)
                    where = f" (déjà présente ligne {first[0]})" if first else ""
                    self.problems.append(
                        Problem(
                            self._where(key_node, child_path),
                            f"la clé « {key} » apparaît deux fois{where}.",
                            "Gardez une seule fois chaque clé dans un même bloc.",
                        )
                    )
                    continue
                self.doc.key_marks[child_path] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                result[key] = self.build(value_node, child_path, depth + 1)
            return result
        self._stop(node, path, "élément YAML non reconnu.", "Vérifiez la syntaxe.")  # pragma: no cover
        return None

    def _bad_tag(self, node: yaml.Node, path: PathKey) -> None:
        self._stop(
            node,
            path,
            f"étiquette YAML non autorisée « {node.tag} ».",
            "Retirez l’étiquette (le mot commençant par « ! ») : seules des valeurs simples sont acceptées.",
        )


_SYNTAX_HINTS: list[tuple[str, str, str]] = [
    (
        r"found character '\\t'",
        "tabulation trouvée : en YAML, l’indentation se fait avec des espaces.",
        "Remplacez les tabulations par des espaces (deux par niveau).",
    ),
    (
        r"mapping values are not allowed",
        "deux-points « : » inattendu.",
        "Si le texte contient « : », mettez-le entre guillemets droits : texte: \"Administratif : contrats\".",
    ),
    (
        r"could not find expected ':'",
        "il manque « : » après une clé, ou une ligne est mal indentée.",
        "Chaque ligne s’écrit « clé: valeur » ; vérifiez l’indentation de la ligne et de la précédente.",
    ),
    (
        r"did not find expected key|expected <block end>|did not find expected '-' indicator",
        "indentation incohérente.",
        "Alignez les éléments d’une même liste ou d’un même bloc sur la même colonne.",
    ),
    (
        r"found unexpected end of stream|found unexpected end of document|found unknown escape|while scanning a quoted scalar",
        "guillemets non refermés ou caractère d’échappement invalide.",
        "Vérifiez que chaque texte entre guillemets se termine par le même guillemet ; dans un texte entre guillemets doubles, écrivez \\\\ pour une barre oblique inverse.",
    ),
    (
        r"found undefined alias",
        "alias YAML inconnu (« * » suivi d’un nom).",
        "Supprimez l’étoile ou mettez le texte entre guillemets.",
    ),
    (
        r"expected a single document",
        "le fichier contient plusieurs documents YAML (séparés par « --- »).",
        "Gardez un seul document par fichier.",
    ),
    (
        r"found character '(.*)' that cannot start any token",
        "caractère inattendu en début de valeur.",
        "Mettez le texte entre guillemets droits \"…\".",
    ),
]


def _syntax_problem(fichier: Path, exc: yaml.MarkedYAMLError) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    col = mark.column + 1 if mark else None
    detail = " ".join(filter(None, [exc.context, exc.problem]))
    for pattern, message, conseil in _SYNTAX_HINTS:
        if re.search(pattern, detail):
            return Problem(Location(fichier, line, col), f"erreur de syntaxe YAML : {message}", conseil)
    return Problem(
        Location(fichier, line, col),
        f"erreur de syntaxe YAML ({detail}).",
        "Comparez la ligne indiquée avec le modèle donné par « ateliers nouveau » ou avec referentiel.yaml.",
    )


def _reader_problem(fichier: Path, text: str, exc: yaml.YAMLError) -> Problem:
    position = getattr(exc, "position", None)
    if isinstance(position, int):
        line = text.count("\n", 0, position) + 1
        col = position - (text.rfind("\n", 0, position) + 1) + 1
        char = getattr(exc, "character", "")
        code = f"U+{ord(char):04X}" if isinstance(char, str) and char else "?"
        return Problem(
            Location(fichier, line, col),
            f"caractère invisible ou interdit ({code}).",
            "Supprimez ce caractère (souvent issu d’un copier-coller) et enregistrez à nouveau.",
        )
    return Problem(Location(fichier), f"fichier YAML illisible ({exc}).", "Vérifiez le contenu du fichier.")
