"""The JSON Schemas are generated from the models, up to date, and accept our own files."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from ateliers.entrees.schema import SCHEMAS, schema_text

from conftest import EXEMPLES, ROOT


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_schema_file_is_up_to_date(name):
    path = ROOT / name
    assert path.is_file(), f"{name} manquant : lancez « ateliers schemas »"
    assert path.read_text(encoding="utf-8") == schema_text(name), f"{name} périmé : lancez « ateliers schemas »"


def _yaml(path):
    # Editors read YAML 1.2-ish types; the safe loader is close enough for the check.
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_referentiel_matches_its_schema():
    schema = json.loads((ROOT / "referentiel.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(_yaml(ROOT / "referentiel.yaml"), schema)
    assert (ROOT / "referentiel.yaml").read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=referentiel.schema.json"
    )


def test_examples_match_their_schema():
    schema = json.loads((ROOT / "atelier.schema.json").read_text(encoding="utf-8"))
    for path in EXEMPLES.glob("*.yaml"):
        data = _yaml(path)
        # YAML reads an unquoted date as a date object; the file stores text.
        if "date" in data:
            data["date"] = str(data["date"]) if not isinstance(data["date"], str) else data["date"]
        jsonschema.validate(data, schema)
        assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=../atelier.schema.json")


def test_schema_rejects_a_typo():
    schema = json.loads((ROOT / "referentiel.schema.json").read_text(encoding="utf-8"))
    data = _yaml(ROOT / "referentiel.yaml")
    data["phases"][0]["competence"] = data["phases"][0].pop("competences")
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)
