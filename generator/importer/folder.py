"""Reading a connector folder as paconn and the public connector repository lay it out."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.build import ICON, PROPERTIES, README, SCRIPT, SWAGGER
from generator.inputfile import read_input, read_input_text
from generator.jsonio import InputError, load_json_text


@dataclass(frozen=True)
class ConnectorFolder:
    root: Path
    swagger: dict
    properties: dict
    icon: bytes | None
    script: str | None
    readme: str | None
    swagger_text: str | None = None
    properties_text: str | None = None


def is_connector_folder(path: Path) -> bool:
    return (path / SWAGGER).is_file()


def _find(root: Path, name: str) -> Path | None:
    # Anything but a folder counts as found, so a FIFO or a device there is refused rather than skipped.
    exact = root / name
    if exact.exists() and not exact.is_dir():
        return exact
    return next((p for p in sorted(root.iterdir()) if not p.is_dir() and p.name.lower() == name.lower()), None)


def read_connector_folder(root: Path) -> ConnectorFolder:
    """Read the folder's files; anything unreadable or of the wrong shape raises InputError."""
    if not root.is_dir():
        raise InputError("not a folder", str(root))
    swagger_path = root / SWAGGER
    if not swagger_path.exists() or swagger_path.is_dir():
        raise InputError(f"no {SWAGGER} in this folder", str(root))
    swagger, swagger_text = load_json_text(swagger_path)
    if not isinstance(swagger, dict):
        raise InputError("the swagger document must be a JSON object", str(swagger_path), 1, 1)
    properties_path = root / PROPERTIES
    properties: dict = {"properties": {}}
    properties_text = None
    if properties_path.exists() and not properties_path.is_dir():
        properties, properties_text = load_json_text(properties_path)
        if not isinstance(properties, dict):
            raise InputError(f"{PROPERTIES} must be a JSON object", str(properties_path), 1, 1)
    icon_path = _find(root, ICON)
    script_path = _find(root, SCRIPT)
    readme_path = _find(root, README)
    script = read_input_text(script_path) if script_path else None
    readme = read_input_text(readme_path) if readme_path else None
    return ConnectorFolder(root, swagger, properties, read_input(icon_path) if icon_path else None, script, readme,
                           swagger_text, properties_text)
