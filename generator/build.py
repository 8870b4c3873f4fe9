"""source -> model -> render -> checked artifacts, as bytes ready to be written."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from generator.findings import Finding, Location, Severity
from generator.jsonio import dump_json
from generator.model import Connector
from generator.render import SourceMap, render_properties, render_settings, render_swagger
from generator.source.project import load_project
from generator.validate.swagger import swagger_findings

SWAGGER = "apiDefinition.swagger.json"
PROPERTIES = "apiProperties.json"
SETTINGS = "settings.json"
ICON = "icon.png"
SCRIPT = "script.csx"
README = "readme.md"


@dataclass
class Build:
    """A rendered connector: the model, the artifacts' data, and how to map pointers back to YAML."""

    connector: Connector | None
    findings: list[Finding] = field(default_factory=list)
    swagger: dict | None = None
    properties: dict | None = None
    # Anything with locate(pointer) -> Location: a SourceMap for YAML projects, a JsonLocator for folders.
    swagger_map: SourceMap | None = None
    properties_map: SourceMap | None = None
    kind: str = "project"

    @property
    def ok(self) -> bool:
        return self.connector is not None and not any(f.severity is Severity.ERROR for f in self.findings)

    def locate(self, artifact: str, json_pointer: str) -> Location:
        smap = self.swagger_map if artifact == SWAGGER else self.properties_map
        return smap.locate(json_pointer) if smap else Location(artifact, json_pointer)


def render_project(root: Path) -> Build:
    """Load and render the project at `root`; what the swagger breaks of Swagger 2.0 is reported as warnings."""
    loaded = load_project(root)
    build = Build(loaded.connector, list(loaded.findings))
    if loaded.connector is None:
        return build
    build.swagger, build.swagger_map = render_swagger(loaded.connector)
    build.properties, build.properties_map = render_properties(loaded.connector)
    # The platform accepts documents that bend Swagger 2.0 (certified connectors do), so the build writes
    # them and says so; `validate` and `lint` hold them to the specification under rule ids one can configure.
    build.findings.extend(replace(finding, severity=Severity.WARNING)
                          for finding in swagger_findings(build.swagger, build.swagger_map.locate))
    if loaded.connector.icon is None:
        # No file to point at: the brand color is the setting that goes with the icon.
        build.findings.append(Finding("icon-missing", Severity.WARNING,
                                      f"the project has no {ICON} beside its sources; certification needs one",
                                      build.properties_map.locate("/properties/iconBrandColor")))
    return build


def artifact_files(build: Build, connector_id: str | None = None, environment: str | None = None) -> dict[str, bytes]:
    """The bytes of every artifact of a successful build, by file name (the documentation page included)."""
    from generator.docs import render_docs

    connector = build.connector
    readme = render_docs(connector)
    files = {
        SWAGGER: dump_json(build.swagger).encode("utf-8"),
        PROPERTIES: dump_json(build.properties).encode("utf-8"),
    }
    if connector.icon is not None:
        files[ICON] = connector.icon
    if connector.script is not None:
        files[SCRIPT] = connector.script
    files[README] = readme.encode("utf-8")
    settings = render_settings(connector.icon is not None, connector.script is not None, connector_id, environment)
    files[SETTINGS] = dump_json(settings).encode("utf-8")
    return files


def drift_findings(files: dict[str, bytes], out: Path) -> list[Finding]:
    """Where the committed artifacts in `out` differ from what the sources render now.

    settings.json is left out: it depends on the command's options, not on the sources.
    """
    findings = []
    for name, content in files.items():
        if name == SETTINGS:
            continue
        target = out / name
        if not target.is_file():
            message = f"{name} is missing; run `connector build` and commit the result"
        elif target.read_bytes() != content:
            message = f"{name} differs from what the sources render; run `connector build` and commit the result"
        else:
            continue
        findings.append(Finding("build-drift", Severity.ERROR, message, Location(str(target))))
    return findings
