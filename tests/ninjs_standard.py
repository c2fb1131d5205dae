"""Where the IPTC ninjs schema and examples live, and a validator for items.

They are not copied into the repository: tests find them in
``../shared/standards/ninjs`` beside the project, or where
``NINJS_STANDARD_DIR`` points. Without them a developer's run skips the
conformance tests, saying why; under CI (``CI=true``) they fail instead.
"""

import json
import os
from functools import cache
from pathlib import Path

import pytest
from django.conf import settings
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SCHEMA_FILE = "ninjs-schema_3.1.json"
GEOJSON_URI = "https://geojson.org/schema/GeoJSON.json"

# The schema's one remote reference (place geometry). Tests never fetch: a
# local stand-in accepts any GeoJSON object, which is all our items omit anyway.
GEOJSON_STAND_IN = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": GEOJSON_URI,
    "type": "object",
    "required": ["type"],
    "properties": {"type": {"type": "string"}},
}


def standard_dir() -> Path:
    configured = os.environ.get("NINJS_STANDARD_DIR")
    if configured:
        return Path(configured)
    return Path(settings.BASE_DIR).parent / "shared" / "standards" / "ninjs"


def require_standard() -> Path:
    """The standard's folder, or skip (fail under CI) when it is not there."""
    folder = standard_dir()
    if not (folder / SCHEMA_FILE).is_file():
        reason = (
            f"the IPTC ninjs standard is not at {folder} "
            "(set NINJS_STANDARD_DIR to the folder holding ninjs-schema_3.1.json)"
        )
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return folder


@cache
def _validator(folder: Path) -> Draft202012Validator:
    schema = json.loads((folder / SCHEMA_FILE).read_text(encoding="utf-8"))
    registry = Registry().with_resource(
        GEOJSON_URI, Resource.from_contents(GEOJSON_STAND_IN, default_specification=DRAFT202012)
    )
    return Draft202012Validator(
        schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def assert_valid_ninjs(item: dict) -> None:
    """Fail with every schema error when ``item`` is not valid ninjs 3.1."""
    errors = sorted(_validator(require_standard()).iter_errors(item), key=str)
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors)


def example_files() -> list[Path]:
    return sorted((require_standard() / "examples").glob("*.json"))
