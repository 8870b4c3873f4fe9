"""Load a project folder (connector/*.yaml, policies/*.yaml) into the connector model.

Every problem found is collected as a finding with the file, line and column it comes from;
only an unreadable project stops the load early.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from generator.findings import Finding, Location, Severity, pointer, resolve_pointer
from generator.inputfile import read_input, read_input_text
from generator.jsonio import InputError
from generator.model import Connector, Definition, Notification, Operation, Origin, PolicyTemplate, Throttling
from generator.source.schemas import check_document
from generator.source.text import utf8_text
from generator.source.yaml_loader import YamlDocument, load_yaml

CONNECTOR_FILE = "connector/connector.yaml"
# Where each kind of source document lives in a project (the kind is also the name of its schema).
FILE_KINDS = {CONNECTOR_FILE: "connector", "connector/paths.yaml": "paths", "policies/templates.yaml": "policies",
              "policies/throttling.yaml": "throttling"}
FOLDER_KINDS = {"connector/operations": "operation", "connector/triggers": "trigger",
                "connector/definitions": "definition"}
OPERATION_KEYS = ("operationId", "method", "path", "summary", "description", "parameters", "responses")
TRIGGER_KEYS = ("trigger", "notification", "unsubscribe")


@dataclass(frozen=True)
class LoadResult:
    connector: Connector | None
    findings: tuple[Finding, ...]


def is_project(path: Path) -> bool:
    return (path / CONNECTOR_FILE).is_file()


def source_kind(relative: str) -> str:
    """The kind of source document at `relative`, a path inside a project such as connector/triggers/x.yaml."""
    return FILE_KINDS.get(relative) or FOLDER_KINDS[relative.rsplit("/", 1)[0]]


def load_project(root: Path) -> LoadResult:
    """Read and check every source file of the project at `root`."""
    findings: list[Finding] = []
    # Findings that do not stop the model from being built.
    findings_after: list[Finding] = []
    sources = SourceFiles()

    def read(path: Path, schema: str) -> None:
        display = str(path.relative_to(root)) if path.is_relative_to(root) else str(path)
        try:
            document = load_yaml(path, display)
        except InputError as exc:
            findings.append(exc.to_finding("source-syntax"))
            return
        sources.add(schema, document)

    main = root / CONNECTOR_FILE
    if not main.is_file():
        raise InputError("not a connector project: connector/connector.yaml is missing", str(root))
    read(main, "connector")
    for folder, kind in FOLDER_KINDS.items():
        for path in sorted((root / folder).glob("*.y*ml")):
            read(path, kind)
    for relative, kind in FILE_KINDS.items():
        if relative != CONNECTOR_FILE and (root / relative).is_file():
            read(root / relative, kind)
    icon, script, prose = root / "icon.png", root / "connector" / "script.csx", root / "connector" / "readme.md"
    try:
        # exists(), not is_file(): a FIFO or a device in a source's place is refused, never skipped.
        sources.icon = read_input(icon, "icon.png") if icon.exists() else None
        sources.script = read_input(script, "connector/script.csx") if script.exists() else None
        raw_prose = read_input(prose, "connector/readme.md") if prose.exists() else None
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", exc.filename) from None
    if raw_prose is not None:
        try:
            sources.prose = utf8_text(raw_prose, "connector/readme.md")
        except InputError as exc:
            findings_after.append(unreadable_prose(exc))
    if findings:
        # A file that cannot be read would show up as confusing follow-on errors (a missing
        # definition, say): report the syntax errors and whatever else the readable files have.
        return LoadResult(None, tuple(findings) + tuple(_schema_findings(sources)) + tuple(findings_after))
    result = assemble(sources)
    return LoadResult(result.connector, result.findings + tuple(findings_after))


def unreadable_prose(exc: InputError) -> Finding:
    """A readme that is not text: the rest of the connector is still read, the page goes without its prose."""
    return Finding("readme-unreadable", Severity.WARNING,
                   f"{exc.message}: the documentation page is written without this prose",
                   Location(exc.file, None, exc.line, exc.column))


@dataclass
class SourceFiles:
    """The loaded source documents of a project, by kind, plus the files that are not YAML."""

    documents: dict[str, list[YamlDocument]] = field(default_factory=dict)
    icon: bytes | None = None
    script: bytes | None = None
    prose: str | None = None

    def add(self, kind: str, document: YamlDocument) -> None:
        self.documents.setdefault(kind, []).append(document)

    def one(self, kind: str) -> YamlDocument | None:
        found = self.documents.get(kind)
        return found[0] if found else None


def assemble(sources: SourceFiles, cross_checks: bool = True) -> LoadResult:
    """Check the loaded documents against the source schemas and build the model from them.

    `cross_checks` are the checks that need more than one file (duplicate ids, broken references,
    webhooks without a payload); a connector read from its JSON documents leaves them to lint.
    """
    findings = _schema_findings(sources)
    connector_doc = sources.one("connector")
    if connector_doc is None:
        findings.append(Finding("source-missing", Severity.ERROR, "connector/connector.yaml is missing",
                                Location("connector/connector.yaml")))
    if findings:
        return LoadResult(None, tuple(findings))
    operations = tuple(_operation(doc, is_trigger=False) for doc in sources.documents.get("operation", ())) + tuple(
        _operation(doc, is_trigger=True) for doc in sources.documents.get("trigger", ()))
    definitions = tuple(Definition(doc.data["name"], doc.data["schema"], Origin(doc, ("schema",)))
                        for doc in sources.documents.get("definition", ()))
    connector = _connector(connector_doc, operations, definitions, sources)
    if cross_checks:
        findings.extend(check_connector(connector))
    if any(f.severity is Severity.ERROR for f in findings):
        return LoadResult(None, tuple(findings))
    return LoadResult(connector, tuple(findings))


def _schema_findings(sources: SourceFiles) -> list[Finding]:
    return [finding for kind, documents in sources.documents.items() for document in documents
            for finding in check_document(document, kind)]


def _operation(doc: YamlDocument, is_trigger: bool) -> Operation:
    data: dict[str, Any] = doc.data
    modelled = set(OPERATION_KEYS) | (set(TRIGGER_KEYS) if is_trigger else set())
    notification = None
    if is_trigger and "notification" in data:
        raw = data["notification"]
        notification = Notification(raw.get("schema"), raw.get("description"),
                                    {k: v for k, v in raw.items() if k not in ("schema", "description")})
    parameters = data.get("parameters")
    return Operation(
        method=data["method"],
        path=data["path"],
        responses=data.get("responses"),
        operation_id=data.get("operationId"),
        summary=data.get("summary"),
        description=data.get("description"),
        parameters=tuple(parameters) if parameters is not None else None,
        extra={k: v for k, v in data.items() if k not in modelled},
        trigger=data.get("trigger") if is_trigger else None,
        notification=notification,
        unsubscribe=data.get("unsubscribe") if is_trigger else None,
        origin=Origin(doc),
    )


def _tuple(value):
    return tuple(value) if value is not None else None


def _connector(doc, operations, definitions, sources: SourceFiles) -> Connector:
    paths_doc = sources.one("paths")
    policies_doc = sources.one("policies")
    throttling_doc = sources.one("throttling")
    data: dict[str, Any] = doc.data
    metadata = data.get("metadata")
    if isinstance(metadata, dict):
        metadata = [{"propertyName": name, "propertyValue": value} for name, value in metadata.items()]
    policies = None
    if policies_doc is not None:
        policies = tuple(
            PolicyTemplate(item["templateId"], item.get("title"), item.get("parameters"),
                           {k: v for k, v in item.items() if k not in ("templateId", "title", "parameters")})
            for item in policies_doc.data["templates"])
    throttling = None
    if throttling_doc is not None:
        t = throttling_doc.data
        throttling = Throttling(t["calls"], t["renewalPeriod"], t.get("name", Throttling.name), declared=True)
    return Connector(
        title=data["title"],
        description=data.get("description"),
        version=data["version"],
        host=data.get("host"),
        operations=operations,
        definitions=definitions,
        contact=data.get("contact"),
        info_extra=data.get("info", {}),
        base_path=data.get("basePath"),
        schemes=_tuple(data.get("schemes")),
        consumes=_tuple(data.get("consumes")),
        produces=_tuple(data.get("produces")),
        metadata=metadata,
        security_definitions=data.get("securityDefinitions"),
        security=_tuple(data.get("security")),
        shared_parameters=data.get("parameters"),
        shared_responses=data.get("responses"),
        tags=_tuple(data.get("tags")),
        swagger_extra=data.get("swagger", {}),
        path_extra=paths_doc.data if paths_doc is not None and paths_doc.data else {},
        publisher=data.get("publisher"),
        stack_owner=data.get("stackOwner"),
        brand_color=data.get("brandColor"),
        capabilities=_tuple(data.get("capabilities")),
        connection_parameters=data.get("connectionParameters"),
        connection_parameter_sets=data.get("connectionParameterSets"),
        properties_extra=data.get("apiProperties", {}),
        policies=policies,
        declared_throttling=throttling,
        origin=Origin(doc),
        icon=sources.icon,
        script=sources.script,
        readme_prose=sources.prose,
    )


def _error(rule: str, message: str, origin: Origin, *subpath) -> Finding:
    mark = origin.mark(*subpath)
    return Finding(rule, Severity.ERROR, message,
                   Location(origin.file, pointer(*origin.path, *subpath), mark.line, mark.column))


def check_connector(connector: Connector) -> Iterator[Finding]:
    """Checks that need more than one file: ids, routes, references, webhooks."""
    seen_ids: dict[str, Operation] = {}
    seen_routes: dict[tuple[str, str], Operation] = {}
    notified_paths: dict[str, Operation] = {}
    for op in connector.operations:
        if op.operation_id is not None:
            first = seen_ids.setdefault(op.operation_id, op)
            if first is not op:
                yield _error("duplicate-operation-id",
                             f"operationId {op.operation_id!r} is already used by {first.origin.file}",
                             op.origin, "operationId")
        route = (op.method, op.path)
        first = seen_routes.setdefault(route, op)
        if first is not op:
            yield _error("duplicate-route", f"{op.method.upper()} {op.path} is already defined in {first.origin.file}",
                         op.origin, "path")
        if op.is_trigger and op.notification_url_property and op.notification is None:
            yield _error("trigger-without-payload",
                         f"webhook trigger {op.display_name!r} has no payload schema: add 'notification' with a 'schema'",
                         op.origin)
        if op.notification is not None:
            first = notified_paths.setdefault(op.path, op)
            if first is not op:
                yield _error("duplicate-notification",
                             f"path {op.path} already has a notification schema in {first.origin.file}",
                             op.origin, "notification")
        if op.unsubscribe is not None:
            target = connector.operation(op.unsubscribe)
            if target is None:
                yield _error("unknown-unsubscribe", f"unsubscribe names {op.unsubscribe!r}, which is no operationId",
                             op.origin, "unsubscribe")
            elif target.method != "delete":
                yield _error("unknown-unsubscribe",
                             f"unsubscribe operation {op.unsubscribe!r} is {target.method.upper()}, not DELETE",
                             op.origin, "unsubscribe")
    names: dict[str, Definition] = {}
    for definition in connector.definitions:
        first = names.setdefault(definition.name, definition)
        if first is not definition:
            yield _error("duplicate-definition", f"definition {definition.name!r} is already defined in "
                         f"{first.origin.file}", Origin(definition.origin.document), "name")
    yield from _check_refs(connector, set(names))


# What a local $ref such as #/definitions/Name points to, by the section it names.
REF_TARGETS = {"definitions": "definition", "parameters": "shared parameter", "responses": "shared response"}


def _check_refs(connector: Connector, definitions: set[str]) -> Iterator[Finding]:
    known = {
        "definitions": definitions,
        "parameters": set(connector.shared_parameters or ()),
        "responses": set(connector.shared_responses or ()),
    }
    for origin in [op.origin for op in connector.operations] + [d.origin for d in connector.definitions]:
        for subpath, ref in _refs(resolve_pointer(origin.document.data, pointer(*origin.path)), ()):
            section = _missing_target(ref, known)
            if section is not None:
                yield _error("broken-ref", f"$ref {ref!r} points to a {REF_TARGETS[section]} that does not exist",
                             origin, *subpath)
    connector_doc = connector.origin
    for section in ("parameters", "responses"):
        for subpath, ref in _refs(connector_doc.document.data.get(section) or {}, (section,)):
            if _missing_target(ref, known) is not None:
                yield _error("broken-ref", f"$ref {ref!r} points to something that does not exist",
                             connector_doc, *subpath)


def _missing_target(ref: str, known: dict[str, set[str]]) -> str | None:
    """The section a local $ref names when the name is not in it (#/definitions/Nope -> "definitions")."""
    parts = ref[2:].split("/") if ref.startswith("#/") else []
    if len(parts) == 2 and parts[0] in known and parts[1] not in known[parts[0]]:
        return parts[0]
    return None


def _refs(node, path):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield path + (key,), value
            else:
                yield from _refs(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _refs(value, path + (index,))
