"""Open whatever a user points a command at: a YAML project, a connector folder, or a swagger file."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from generator.build import PROPERTIES, SWAGGER, Build, render_project
from generator.findings import Finding, Location, Severity, pointer, split_pointer
from generator.importer.folder import ConnectorFolder, read_connector_folder, side_file_findings
from generator.importer.split import original_location, split_connector
from generator.jsonio import InputError, load_json_text
from generator.jsonpos import JsonLocator
from generator.source.project import SourceFiles, assemble, is_project, source_kind
from generator.source.text import utf8_text

# Where a project's sources live (see generator.source.project) and its configuration.
SOURCE_FOLDERS = ("connector", "policies")
CONFIG_FILE = "pyproject.toml"
from generator.source.yaml_loader import Mark, YamlDocument


def load_any(path: Path) -> Build:
    """A Build for `path`: rendered from YAML sources, or read from the JSON artifacts as they are."""
    if path.is_dir() and is_project(path):
        return render_project(path)
    if path.is_dir():
        return folder_build(read_connector_folder(path, properties_optional=True))
    if path.is_file():
        swagger, text = load_json_text(path)
        if not isinstance(swagger, dict):
            raise InputError("the swagger document must be a JSON object", str(path), 1, 1)
        return folder_build(ConnectorFolder(path.parent, swagger, {"properties": {}}, None, None, None, text, None,
                                            swagger_file=path))
    raise InputError("no such file or folder", str(path))


def input_paths(path: Path) -> tuple[Path, ...]:
    """What a command reads from `path` (the folder itself included): no output may be or hold one of them."""
    if path.is_dir() and is_project(path):
        files = [p for folder in SOURCE_FOLDERS for p in sorted((path / folder).rglob("*"))]
        return (path, *files, path / "icon.png", path / CONFIG_FILE)
    if path.is_dir():
        return (path, *sorted(p for p in path.iterdir() if not p.is_dir()))
    return (path,)


def folder_build(folder: ConnectorFolder) -> Build:
    """The model of a plain connector folder, every finding located in its JSON files."""
    locators = {SWAGGER: JsonLocator(str(folder.swagger_file or folder.root / SWAGGER), folder.swagger_text),
                PROPERTIES: JsonLocator(str(folder.properties_file or folder.root / PROPERTIES),
                                        folder.properties_text)}
    findings: list[Finding] = list(folder.findings)
    connector = None
    try:
        files = split_connector(folder.swagger, folder.properties, locators[SWAGGER].file)
    except InputError as exc:
        files = None
        document = PROPERTIES if exc.file == PROPERTIES else SWAGGER
        findings.append(Finding("model", Severity.ERROR, exc.message, locators[document].locate("")))
    if files is not None:
        prose = None
        if folder.readme is not None:
            try:
                prose = utf8_text(folder.readme, str(folder.root / "readme.md"))
            except InputError:
                pass  # side_file_findings says so
        # The icon has lint rules of its own; a readme or script that is not text has none.
        findings.extend(f for f in side_file_findings(folder) if f.rule != "icon-format")
        sources = SourceFiles(icon=folder.icon, script=folder.script, prose=prose)
        virtual = {}
        for relative, data in files.items():
            file = f"{folder.root}/{relative}"
            virtual[file] = (relative, data)
            sources.add(source_kind(relative), YamlDocument(file, data, {(): Mark(1, 1)}, {}))
        # Duplicate ids, broken references and the like are lint rules' to report, at their place in the JSON.
        loaded = assemble(sources, cross_checks=False)
        connector = loaded.connector
        findings.extend(_in_json(finding, virtual, locators) for finding in loaded.findings)
    return Build(connector, findings, folder.swagger, folder.properties, locators[SWAGGER], locators[PROPERTIES],
                 kind="folder")


def _in_json(finding: Finding, virtual: dict, locators: dict[str, JsonLocator]) -> Finding:
    """A finding about one of the source files a folder was split into, moved to the JSON it came from."""
    where = virtual.get(finding.location.file)
    if where is None:
        return finding
    relative, data = where
    document, tokens = original_location(relative, data, tuple(split_pointer(finding.location.pointer or "")))
    located: Location = locators[document].locate(pointer(*tokens))
    return replace(finding, location=located)
