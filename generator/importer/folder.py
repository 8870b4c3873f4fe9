"""Reading a connector folder as paconn and the public connector repository lay it out."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.build import ICON, PROPERTIES, README, SCRIPT, SWAGGER
from generator.findings import Finding, Location, Severity
from generator.inputfile import read_input
from generator.jsonio import InputError, load_json_text
from generator.source.text import utf8_text


@dataclass(frozen=True)
class ConnectorFolder:
    """The files of a connector folder: the two documents as data, the other files as their bytes."""

    root: Path
    swagger: dict
    properties: dict
    icon: bytes | None
    script: bytes | None
    readme: bytes | None
    swagger_text: str | None = None
    properties_text: str | None = None
    swagger_file: Path | None = None
    properties_file: Path | None = None
    # What could not be read and was left out (an unreadable apiProperties.json, say).
    findings: tuple[Finding, ...] = ()


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def side_file_findings(folder: ConnectorFolder) -> list[Finding]:
    """A warning for each carried file that cannot be used as what it is named; each is carried all the same."""
    findings = []
    for name, content in ((README, folder.readme), (SCRIPT, folder.script)):
        if content is None:
            continue
        try:
            utf8_text(content, str(find_file(folder.root, name) or folder.root / name))
        except InputError as exc:
            use = "the documentation page leaves it out" if name == README else "the platform may not compile it"
            findings.append(Finding(f"{name.split('.')[0]}-unreadable", Severity.WARNING,
                                    f"{exc.message}; carried as it is, {use}", Location(exc.file, None, exc.line,
                                                                                         exc.column)))
    # A PNG opens with its signature and then the IHDR chunk that gives its size.
    if folder.icon is not None and not (folder.icon.startswith(PNG_SIGNATURE) and folder.icon[12:16] == b"IHDR"
                                        and len(folder.icon) >= 33):
        findings.append(Finding("icon-format", Severity.WARNING, "icon.png is not a PNG image; carried as it is",
                                Location(str(find_file(folder.root, ICON)))))
    return findings


def is_connector_folder(path: Path) -> bool:
    return find_file(path, SWAGGER) is not None


def find_file(root: Path, name: str) -> Path | None:
    """The file called `name` in `root`, its case aside (published folders hold apidefinition.swagger.json)."""
    # Anything but a folder counts as found, so a FIFO or a device there is refused rather than skipped.
    exact = root / name
    if exact.exists() and not exact.is_dir():
        return exact
    try:
        entries = sorted(root.iterdir())
    except OSError:
        return None
    return next((p for p in entries if not p.is_dir() and p.name.lower() == name.lower()), None)


def read_connector_folder(root: Path, properties_optional: bool = False) -> ConnectorFolder:
    """Read the folder's files; an unreadable or malformed swagger raises InputError.

    An unreadable apiProperties.json raises too, unless `properties_optional`: then the folder is
    read without it and one finding says so (lint and diff can still work on the swagger alone).
    """
    if not root.is_dir():
        raise InputError("not a folder", str(root))
    swagger_path = find_file(root, SWAGGER)
    if swagger_path is None:
        raise InputError(f"no {SWAGGER} in this folder", str(root))
    swagger, swagger_text = load_json_text(swagger_path)
    if not isinstance(swagger, dict):
        raise InputError("the swagger document must be a JSON object", str(swagger_path), 1, 1)
    properties_path = find_file(root, PROPERTIES)
    properties: dict = {"properties": {}}
    properties_text = None
    findings: list[Finding] = []
    if properties_path is not None:
        try:
            properties, properties_text = load_json_text(properties_path)
            if not isinstance(properties, dict):
                raise InputError(f"{PROPERTIES} must be a JSON object", str(properties_path), 1, 1)
        except InputError as exc:
            if not properties_optional:
                raise
            properties, properties_text = {"properties": {}}, None
            findings.append(Finding("properties-unreadable", Severity.ERROR,
                                    f"{exc.message}; {PROPERTIES} was skipped, only the swagger is checked",
                                    Location(exc.file, None, exc.line, exc.column)))
    side = {}
    for name in (ICON, SCRIPT, README):
        path = find_file(root, name)
        side[name] = read_input(path) if path is not None else None
    return ConnectorFolder(root, swagger, properties, side[ICON], side[SCRIPT], side[README], swagger_text,
                           properties_text, swagger_path, properties_path or root / PROPERTIES, tuple(findings))
