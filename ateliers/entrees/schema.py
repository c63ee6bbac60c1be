"""JSON Schemas of the referential and of workshop files, generated from the models.

Editors that understand ``# yaml-language-server: $schema=…`` complete and
check the YAML as users type. ``ateliers schemas`` regenerates the files;
a test fails when they are stale.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..fichiers.atomic import write_text
from .models import Atelier, Referentiel

SCHEMAS: dict[str, tuple[type[BaseModel], str]] = {
    "referentiel.schema.json": (Referentiel, "Référentiel de compétences (ateliers)"),
    "atelier.schema.json": (Atelier, "Fichier d’atelier (ateliers)"),
}


def schema_for(model: type[BaseModel], title: str) -> dict[str, Any]:
    schema = model.model_json_schema(mode="validation")
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": title, **schema}


def schema_text(name: str) -> str:
    model, title = SCHEMAS[name]
    return json.dumps(schema_for(model, title), ensure_ascii=False, indent=2) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    written = []
    for name in SCHEMAS:
        path = folder / name
        write_text(path, schema_text(name))
        written.append(path)
    return written
