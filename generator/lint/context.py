"""What a rule sees: the rendered documents of a Build, indexed once by place.

Rules never assume a well-formed document: every walk here skips values of the wrong type, so a
swagger whose `paths` is a string or whose parameters are numbers still gets linted, not crashed on.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Callable, Iterator

from generator.build import ICON, PROPERTIES, SWAGGER, Build
from generator.findings import pointer, resolve_pointer, split_pointer
from generator.inputfile import read_input
from generator.jsonio import InputError
from generator.lint.registry import Hit
from generator.model.connector import HTTP_METHODS

# The folder of Microsoft's connector repository that holds connectors published by independent authors.
INDEPENDENT_FOLDER = "independent-publisher-connectors"
# Keys of a schema object whose values are schemas (or lists or maps of schemas).
SCHEMA_MAP_KEYS = ("properties",)
SCHEMA_KEYS = ("items", "additionalProperties")
SCHEMA_LIST_KEYS = ("allOf", "anyOf", "oneOf")


@dataclass(frozen=True, slots=True)
class Node:
    """One object of the swagger at a known place: root, info, operation, parameter, schema, ..."""

    place: str
    tokens: tuple
    value: dict
    # For schemas: "input" (body parameter), "output" (response, notification) or "definition".
    direction: str | None = None


@dataclass(frozen=True)
class Operation:
    path: str
    method: str
    tokens: tuple
    value: dict
    path_item: dict

    @property
    def route(self) -> str:
        return f"{self.method.upper()} {self.path}"

    @property
    def name(self) -> str:
        op_id = self.value.get("operationId")
        return op_id if isinstance(op_id, str) and op_id else self.route

    @property
    def is_trigger(self) -> bool:
        return "x-ms-trigger" in self.value

    @property
    def has_notification_content(self) -> bool:
        return isinstance(self.path_item.get("x-ms-notification-content"), dict)


@dataclass(frozen=True)
class NotificationUrl:
    tokens: tuple
    value: dict
    # From the body parameter down: (tokens, parameter) then (tokens, schema, property name) per level.
    chain: list

    def is_required(self) -> bool:
        """Required all the way: the body parameter, and each property at every level."""
        first, *levels = self.chain
        if first[1].get("required") is not True:
            return False
        for _, schema, name in levels:
            required = schema.get("required")
            if not isinstance(required, list) or name not in required:
                return False
        return True

    def is_internal(self) -> bool:
        """Internal itself, or below an internal parent."""
        if self.value.get("x-ms-visibility") == "internal" or self.chain[0][1].get("x-ms-visibility") == "internal":
            return True
        for _, schema, name in self.chain[1:]:
            if schema.get("x-ms-visibility") == "internal":
                return True
        return False


@dataclass(slots=True)
class Param:
    """A parameter as the operation sees it: $refs to shared parameters resolved."""

    tokens: tuple  # where it is written (the operation's or path item's list entry)
    value: dict  # the resolved parameter object
    level: str  # "operation" or "path"


@dataclass
class LintContext:
    build: Build
    # The folder holding icon.png (the project root or the connector folder), when known.
    root: Path | None = None
    # Size in bytes of the swagger as it is (or would be) written.
    swagger_size: int | None = None
    # Ids of the rules of this run: a rule leaves to another what that one reports.
    running: frozenset[str] = frozenset()
    _shared: dict = field(default_factory=dict, repr=False, compare=False)

    def once(self, walk: Callable[[LintContext], Iterator]) -> list:
        """The items of `walk(self)`, walked once for all the rules that ask (several rules share a walk)."""
        if walk not in self._shared:
            self._shared[walk] = list(walk(self))
        return self._shared[walk]

    @cached_property
    def swagger(self) -> dict:
        return self.build.swagger if isinstance(self.build.swagger, dict) else {}

    @cached_property
    def properties(self) -> dict:
        """The inner `properties` object of apiProperties.json (empty when missing or malformed)."""
        props = self.build.properties if isinstance(self.build.properties, dict) else {}
        inner = props.get("properties")
        return inner if isinstance(inner, dict) else {}

    @cached_property
    def icon(self) -> bytes | None:
        connector = self.build.connector
        if connector is not None:
            return connector.icon
        if self.root is not None and (self.root / ICON).is_file():
            try:
                return read_input(self.root / ICON)
            except InputError:
                return None
        return None

    @cached_property
    def icon_image(self):
        """The decoded icon (a PIL image), or None when it is missing or not an image."""
        if self.icon is None:
            return None
        from PIL import Image, UnidentifiedImageError

        try:
            image = Image.open(io.BytesIO(self.icon))
            image.load()
        except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
            return None
        return image

    @cached_property
    def independent_publisher(self) -> bool:
        """Published by someone other than the service's owner (stackOwner differs from publisher), or kept
        in an independent-publisher-connectors folder as in Microsoft's connector repository."""
        publisher, owner = self.properties.get("publisher"), self.properties.get("stackOwner")
        if isinstance(publisher, str) and isinstance(owner, str) and publisher.strip() and owner.strip():
            if publisher.strip().lower() != owner.strip().lower():
                return True
        return self.root is not None and INDEPENDENT_FOLDER in self.root.resolve().parts

    @property
    def icon_file(self) -> str:
        # A project's file names are relative to the project, like those of its YAML sources.
        return str(self.root / ICON) if self.root is not None and self.build.kind != "project" else ICON

    def hit(self, tokens: tuple, message: str, code: str | None = None, artifact: str = SWAGGER) -> Hit:
        return Hit(pointer(*tokens), message, artifact, code)

    def prop_hit(self, tokens: tuple, message: str, code: str | None = None) -> Hit:
        """A hit in apiProperties.json; `tokens` are inside its `properties` object."""
        return Hit(pointer("properties", *tokens), message, PROPERTIES, code)

    # -- operations and parameters ------------------------------------------------------------

    @cached_property
    def paths(self) -> dict:
        paths = self.swagger.get("paths")
        return paths if isinstance(paths, dict) else {}

    @cached_property
    def operations(self) -> list[Operation]:
        ops = []
        for path, item in self.paths.items():
            if not isinstance(item, dict):
                continue
            for method in HTTP_METHODS:
                value = item.get(method)
                if isinstance(value, dict):
                    ops.append(Operation(path, method, ("paths", path, method), value, item))
        return ops

    def operation_by_id(self, operation_id: object) -> Operation | None:
        return next((op for op in self.operations if op.value.get("operationId") == operation_id), None)

    def parameters(self, op: Operation) -> list[Param]:
        """The operation's parameters and those of its path item it does not override."""
        key = ("parameters", op.tokens)
        if key not in self._shared:
            self._shared[key] = self._parameters(op)
        return self._shared[key]

    def _parameters(self, op: Operation) -> list[Param]:
        own = self._param_list(op.value.get("parameters"), op.tokens + ("parameters",), "operation")
        inherited = self._param_list(op.path_item.get("parameters"), ("paths", op.path, "parameters"), "path")
        # A list, not a set: in a malformed document a name may be a list or an object.
        names = [(p.value.get("name"), p.value.get("in")) for p in own]
        return own + [p for p in inherited if (p.value.get("name"), p.value.get("in")) not in names]

    def _param_list(self, raw: object, tokens: tuple, level: str) -> list[Param]:
        if not isinstance(raw, list):
            return []
        params = []
        for index, item in enumerate(raw):
            value = self.resolve_object(item)
            if isinstance(value, dict):
                params.append(Param(tokens + (index,), value, level))
        return params

    def body_schema(self, op: Operation) -> tuple[tuple, dict] | None:
        for param in self.parameters(op):
            if param.value.get("in") == "body" and isinstance(param.value.get("schema"), dict):
                return param.tokens + ("schema",), param.value["schema"]
        return None

    def notification_urls(self, op: Operation) -> list[NotificationUrl]:
        """Every x-ms-notification-url property reachable from the operation's body (through $refs)."""
        key = ("notification-urls", op.tokens)
        if key not in self._shared:
            self._shared[key] = self._notification_urls(op)
        return self._shared[key]

    def _notification_urls(self, op: Operation) -> list[NotificationUrl]:
        found: list[NotificationUrl] = []
        for param in self.parameters(op):
            if param.value.get("in") != "body" or not isinstance(param.value.get("schema"), dict):
                continue
            chain = [(param.tokens, param.value)]
            self._find_urls(param.value["schema"], param.tokens + ("schema",), chain, found, frozenset())
        return found

    def is_webhook(self, op: Operation) -> bool:
        """A trigger that subscribes a callback: it takes a notification URL or declares a notification payload."""
        return op.is_trigger and (op.has_notification_content or bool(self.notification_urls(op)))

    def _find_urls(self, schema: dict, tokens: tuple, chain: list, found: list, seen: frozenset) -> None:
        ref = schema.get("$ref")
        if isinstance(ref, str):
            target = self.resolve(ref)
            # A definition already on the way down is a recursive schema: its URL was found the first time.
            # One that leads to no URL at all is not walked: every path through a big schema graph would be.
            if isinstance(target, dict) and ref not in seen and ref in self._refs_to_urls:
                self._find_urls(target, tuple(split_pointer(ref[1:])), chain, found, seen | {ref})
            return
        for name, prop in _entries(schema.get("properties")):
            step = chain + [(tokens, schema, name)]
            resolved = self.resolve_object(prop)
            if isinstance(resolved, dict) and resolved.get("x-ms-notification-url") is not None:
                found.append(NotificationUrl(tokens + ("properties", name), resolved, step))
            if isinstance(resolved, dict):
                self._find_urls(prop, tokens + ("properties", name), step, found, seen)

    @cached_property
    def _refs_to_urls(self) -> frozenset[str]:
        """The $refs from which _find_urls can reach a property with x-ms-notification-url."""
        leads: dict[str, set[str]] = {}  # ref -> the refs its target's own schema holds
        direct: set[str] = set()  # refs whose target's own schema has such a property
        pending = [ref for op in self.operations for param in self.parameters(op)
                   if param.value.get("in") == "body" and isinstance(param.value.get("schema"), dict)
                   for ref in self._url_scan(param.value["schema"])[1]]
        while pending:
            ref = pending.pop()
            if ref in leads:
                continue
            target = self.resolve(ref)
            has_url, refs = self._url_scan(target) if isinstance(target, dict) else (False, set())
            leads[ref] = refs
            if has_url:
                direct.add(ref)
            pending.extend(refs)
        reaching = set(direct)
        changed = True
        while changed:
            changed = False
            for ref, refs in leads.items():
                if ref not in reaching and refs & reaching:
                    reaching.add(ref)
                    changed = True
        return frozenset(reaching)

    def _url_scan(self, schema: dict) -> tuple[bool, set[str]]:
        """What _find_urls meets in `schema` before following a $ref: a URL property, and the $refs."""
        has_url, refs = False, set()
        stack = [schema]
        while stack:
            node = stack.pop()
            ref = node.get("$ref")
            if isinstance(ref, str):
                refs.add(ref)
                continue
            for _, prop in _entries(node.get("properties")):
                resolved = self.resolve_object(prop)
                if isinstance(resolved, dict):
                    has_url = has_url or resolved.get("x-ms-notification-url") is not None
                    stack.append(prop)
        return has_url, refs

    # -- references -----------------------------------------------------------------------------

    def resolve(self, ref: object) -> Any:
        """The value a local $ref points to, or None."""
        if not isinstance(ref, str) or not ref.startswith("#/"):
            return None
        return resolve_pointer(self.swagger, ref[1:])

    def written_at(self, tokens: tuple, depth: int = 8) -> tuple:
        """Where the object at `tokens` is written out: the end of its chain of local $refs."""
        value = resolve_pointer(self.swagger, pointer(*tokens))
        while depth and isinstance(value, dict) and isinstance(value.get("$ref"), str) \
                and value["$ref"].startswith("#/"):
            tokens = tuple(split_pointer(value["$ref"][1:]))
            value = self.resolve(value["$ref"])
            depth -= 1
        return tokens

    def resolve_object(self, value: object, depth: int = 8) -> Any:
        """Follow $ref chains (bounded, so a loop of refs ends)."""
        while depth and isinstance(value, dict) and isinstance(value.get("$ref"), str):
            value = self.resolve(value["$ref"])
            depth -= 1
        return value

    # -- every object by place ------------------------------------------------------------------

    @cached_property
    def nodes(self) -> list[Node]:
        return list(_walk_document(self.swagger))

    def at(self, *places: str) -> Iterator[Node]:
        return (n for n in self.nodes if n.place in places)

    def schemas(self, direction: str | None = None) -> Iterator[Node]:
        return (n for n in self.nodes if n.place == "schema" and (direction is None or n.direction == direction))

    def success_schema(self, op: Operation) -> tuple[tuple, dict] | None:
        """The schema of the first 2xx response that has one, resolved."""
        responses = op.value.get("responses")
        if not isinstance(responses, dict):
            return None
        for code in sorted(k for k in responses if str(k).startswith("2")):
            response = self.resolve_object(responses[code])
            if isinstance(response, dict) and isinstance(response.get("schema"), dict):
                return op.tokens + ("responses", code, "schema"), response["schema"]
        return None


def _walk_document(doc: dict) -> Iterator[Node]:
    yield Node("root", (), doc)
    info = doc.get("info")
    if isinstance(info, dict):
        yield Node("info", ("info",), info)
        for key, place in (("contact", "contact"), ("license", "license")):
            if isinstance(info.get(key), dict):
                yield Node(place, ("info", key), info[key])
    if isinstance(doc.get("externalDocs"), dict):
        yield Node("external-docs", ("externalDocs",), doc["externalDocs"])
    for index, tag in _items(doc.get("tags")):
        yield Node("tag", ("tags", index), tag)
    for name, scheme in _entries(doc.get("securityDefinitions")):
        yield Node("security-scheme", ("securityDefinitions", name), scheme)
    for name, schema in _entries(doc.get("definitions")):
        yield from _walk_schema(schema, ("definitions", name), "definition")
    for name, param in _entries(doc.get("parameters")):
        yield from _walk_parameter(param, ("parameters", name))
    for name, response in _entries(doc.get("responses")):
        yield from _walk_response(response, ("responses", name))
    paths = doc.get("paths")
    for path, item in (paths.items() if isinstance(paths, dict) else ()):
        if not isinstance(item, dict) or path.startswith("x-"):
            continue
        yield Node("path-item", ("paths", path), item)
        content = item.get("x-ms-notification-content")
        if isinstance(content, dict):
            yield Node("notification-content", ("paths", path, "x-ms-notification-content"), content)
            if isinstance(content.get("schema"), dict):
                yield from _walk_schema(content["schema"], ("paths", path, "x-ms-notification-content", "schema"),
                                        "output")
        for index, param in _items(item.get("parameters")):
            yield from _walk_parameter(param, ("paths", path, "parameters", index))
        for method in HTTP_METHODS:
            op = item.get(method)
            if not isinstance(op, dict):
                continue
            tokens = ("paths", path, method)
            yield Node("operation", tokens, op)
            for index, param in _items(op.get("parameters")):
                yield from _walk_parameter(param, tokens + ("parameters", index))
            for code, response in _entries(op.get("responses")):
                if not str(code).startswith("x-"):
                    yield from _walk_response(response, tokens + ("responses", code))


def _walk_parameter(param: dict, tokens: tuple) -> Iterator[Node]:
    if "$ref" in param:
        return
    yield Node("parameter", tokens, param)
    if isinstance(param.get("schema"), dict):
        yield from _walk_schema(param["schema"], tokens + ("schema",), "input")
    if isinstance(param.get("items"), dict):
        yield from _walk_items(param["items"], tokens + ("items",))


def _walk_items(items: dict, tokens: tuple) -> Iterator[Node]:
    yield Node("items", tokens, items)
    if isinstance(items.get("items"), dict):
        yield from _walk_items(items["items"], tokens + ("items",))


def _walk_response(response: dict, tokens: tuple) -> Iterator[Node]:
    if "$ref" in response:
        return
    yield Node("response", tokens, response)
    if isinstance(response.get("schema"), dict):
        yield from _walk_schema(response["schema"], tokens + ("schema",), "output")
    for name, header in _entries(response.get("headers")):
        yield Node("header", tokens + ("headers", name), header)


def _walk_schema(schema: dict, tokens: tuple, direction: str) -> Iterator[Node]:
    # An explicit stack: a generated 2 MB document may nest deeper than Python's recursion limit.
    stack = [(schema, tokens)]
    while stack:
        node, where = stack.pop()
        yield Node("schema", where, node, direction)
        children = []
        for key in SCHEMA_MAP_KEYS:
            for name, child in _entries(node.get(key)):
                children.append((child, where + (key, name)))
        for key in SCHEMA_KEYS:
            if isinstance(node.get(key), dict):
                children.append((node[key], where + (key,)))
            elif key == "items":
                children.extend((child, where + (key, i)) for i, child in _items(node.get(key)))
        for key in SCHEMA_LIST_KEYS:
            children.extend((child, where + (key, i)) for i, child in _items(node.get(key)))
        stack.extend(reversed(children))


def _entries(value: object) -> Iterator[tuple[str, dict]]:
    if isinstance(value, dict):
        for key, child in value.items():
            if isinstance(child, dict) and not str(key).startswith("x-"):
                yield key, child


def _items(value: object) -> Iterator[tuple[int, dict]]:
    if isinstance(value, list):
        for index, child in enumerate(value):
            if isinstance(child, dict):
                yield index, child
