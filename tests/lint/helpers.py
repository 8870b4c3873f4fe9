"""A small connector that passes every rule, and the means to lint variations of it in memory."""

from __future__ import annotations

import copy
import io
import json
from pathlib import Path

import yaml
from PIL import Image

from generator.importer.folder import ConnectorFolder
from generator.lint.runner import LintSettings, lint_build
from generator.load import folder_build

FIXTURES = Path(__file__).parent.parent / "fixtures" / "lint"
CLEAN = FIXTURES / "clean"
SHARED = Path(__file__).resolve().parents[3] / "shared"
BRAND = "#606163"


def clean_documents() -> tuple[dict, dict]:
    swagger = json.loads((CLEAN / "apiDefinition.swagger.json").read_text("utf-8"))
    properties = json.loads((CLEAN / "apiProperties.json").read_text("utf-8"))
    return swagger, properties


def make_icon(width: int = 160, height: int = 160, color: str = BRAND, format: str = "PNG", padding: int = 0) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB" if format == "JPEG" else "RGBA", (width, height), color)
    image.save(out, format=format)
    data = out.getvalue()
    # Padding goes after the image data, which decoders ignore: a valid PNG that is simply large.
    return data + b"\0" * padding


def merge(target: dict, fragment: dict) -> None:
    """Deep-merge `fragment` into `target`; a None value removes the key."""
    for key, value in fragment.items():
        if value is None:
            target.pop(key, None)
        elif isinstance(value, dict) and isinstance(target.get(key), dict):
            merge(target[key], value)
        else:
            target[key] = copy.deepcopy(value)


def lint_variant(fragment: dict | None = None, profile: str = "certification") -> list:
    """Lint the clean connector with `fragment` merged in (see docs/rules.md for the special keys)."""
    swagger, properties = clean_documents()
    fragment = copy.deepcopy(fragment or {})
    icon_spec = fragment.pop("icon", {})
    merge(properties["properties"], fragment.pop("apiProperties", {}) or {})
    size = len(json.dumps(swagger))
    if "size-bytes" in fragment:
        size = fragment.pop("size-bytes")
    for index in range(fragment.pop("size-operations", 0)):
        swagger["paths"][f"/generated/{index}"] = {"get": {"operationId": f"Generated{index}",
                                                           "responses": {"200": {"description": "OK"}}}}
    body_schemas = fragment.pop("size-body-schemas", 0)
    if body_schemas:
        props = {f"field{i}": {"type": "string"} for i in range(body_schemas)}
        swagger["paths"]["/bulk"] = {"post": {"parameters": [
            {"name": "body", "in": "body", "schema": {"type": "object", "properties": props}}]}}
    json_text = fragment.pop("json-text", None)
    merge(swagger, fragment)
    icon = None if icon_spec is None else make_icon(**icon_spec)
    text = None
    if json_text is not None:
        text = "{" + json_text + json.dumps(swagger, indent=2)[1:]
        swagger = json.loads(text)
    folder = ConnectorFolder(CLEAN, swagger, properties, icon, None, None, text)
    return lint_build(folder_build(folder), LintSettings(profile=profile), None, size)


def example_fragment(text: str) -> dict:
    return yaml.safe_load(text) or {}
