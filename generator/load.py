"""Open whatever a user points a command at: a YAML project, a connector folder, or a swagger file."""

from __future__ import annotations

from pathlib import Path

from generator.build import PROPERTIES, SWAGGER, Build, render_project
from generator.findings import Finding, Severity
from generator.importer.folder import ConnectorFolder, read_connector_folder
from generator.importer.split import split_connector
from generator.jsonio import InputError, load_json_text
from generator.jsonpos import JsonLocator
from generator.source.project import SourceFiles, assemble, is_project, source_kind

# Where a project's sources live (see generator.source.project) and its configuration.
SOURCE_FOLDERS = ("connector", "policies")
CONFIG_FILE = "pyproject.toml"
from generator.source.yaml_loader import Mark, YamlDocument


def load_any(path: Path) -> Build:
    """A Build for `path`: rendered from YAML sources, or read from the JSON artifacts as they are."""
    if path.is_dir() and is_project(path):
        return render_project(path)
    if path.is_dir():
        return folder_build(read_connector_folder(path))
    if path.is_file():
        swagger, text = load_json_text(path)
        if not isinstance(swagger, dict):
            raise InputError("the swagger document must be a JSON object", str(path), 1, 1)
        return folder_build(ConnectorFolder(path.parent, swagger, {"properties": {}}, None, None, None, text, None),
                            swagger_file=path)
    raise InputError("no such file or folder", str(path))


def input_paths(path: Path) -> tuple[Path, ...]:
    """What a command reads from `path` (the folder itself included): no output may be or hold one of them."""
    if path.is_dir() and is_project(path):
        files = [p for folder in SOURCE_FOLDERS for p in sorted((path / folder).rglob("*"))]
        return (path, *files, path / "icon.png", path / CONFIG_FILE)
    if path.is_dir():
        return (path, *sorted(p for p in path.iterdir() if not p.is_dir()))
    return (path,)


def folder_build(folder: ConnectorFolder, swagger_file: Path | None = None) -> Build:
    """The model of a plain connector folder, with locations in its JSON files."""
    swagger_path = str(swagger_file or folder.root / SWAGGER)
    properties_path = str(folder.root / PROPERTIES)
    findings: list[Finding] = []
    connector = None
    try:
        files = split_connector(folder.swagger, folder.properties, swagger_path)
    except InputError as exc:
        files = None
        findings.append(Finding("model", Severity.ERROR, exc.message, JsonLocator(swagger_path, None).locate("")))
    if files is not None:
        sources = SourceFiles(icon=folder.icon, script=folder.script, prose=folder.readme)
        for relative, data in files.items():
            sources.add(source_kind(relative), YamlDocument(f"{folder.root}/{relative}", data, {(): Mark(1, 1)}, {}))
        loaded = assemble(sources)
        connector = loaded.connector
        if connector is None:
            # The documents do not fit the model (a malformed connector); rules on the raw documents still run.
            findings.extend(loaded.findings)
    return Build(connector, findings, folder.swagger, folder.properties,
                 JsonLocator(swagger_path, folder.swagger_text), JsonLocator(properties_path, folder.properties_text),
                 kind="folder")
