"""The generic mock: what any definition lets one infer, for every operation no pack takes over.

Roles, inferred from the definition alone (docs/mock.md lists the rules):

- subscribe: a webhook trigger (its body has an `x-ms-notification-url` property, or the path item an
  `x-ms-notification-content`). The subscription is stored and answered as declared, with a
  `Location` where it can be deleted: the trigger's unsubscribe operation, else a DELETE on the
  trigger's path plus one parameter, else the mock's own DELETE /_mock/subscriptions/{id}.
- unsubscribe: that DELETE operation; it removes the subscription its last path parameter names.
- a collection: a path ending in a literal segment with a POST, and a GET, PUT, PATCH or DELETE on the
  same path plus one parameter segment. POST creates an item (the generated answer, with the request
  body's fields that fit it, and a new id), GET/PUT/PATCH/DELETE on the item read, replace, merge or
  remove it (404 when the id names nothing), GET on the collection lists the items.
- anything else answers the declared success response.
"""

from __future__ import annotations

import copy
import itertools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Mapping

import jsonschema
from starlette.responses import Response

from generator.mock.calls import Call, Handler
from generator.mock.errors import invalid, not_found
from generator.mock.responses import MISSING, Responses
from generator.model import Connector, Operation

if TYPE_CHECKING:
    from generator.mock.app import Mock

SUBSCRIPTIONS_ROUTE = "/_mock/subscriptions"
ITEM_METHODS = {"get": "read", "put": "replace", "patch": "update", "delete": "delete"}


@dataclass
class Subscription:
    id: str
    trigger: str
    url: str | None
    path: dict[str, str]

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "trigger": self.trigger, "url": self.url, "path": self.path}


@dataclass
class GenericState:
    """What the generic mock remembers: items per inferred collection, and webhook subscriptions."""

    collections: dict[str, dict[str, Any]] = field(default_factory=dict)
    subscriptions: dict[str, Subscription] = field(default_factory=dict)
    _ids: Any = field(default_factory=lambda: itertools.count(1))

    def next_id(self) -> int:
        return next(self._ids)

    def snapshot(self) -> dict[str, Any]:
        return {"collections": {path: list(items.values()) for path, items in self.collections.items()},
                "subscriptions": [s.to_json() for s in self.subscriptions.values()]}


@dataclass(frozen=True)
class Role:
    kind: str
    # The collection's path template, for collection roles.
    collection: str | None = None
    # The path parameter that names the item or subscription.
    id_parameter: str | None = None
    # subscribe: the operation that deletes the subscription (None: the mock's own route).
    unsubscribe: Operation | None = None
    # unsubscribe: the trigger whose subscriptions it deletes.
    trigger: Operation | None = None


def resolved_parameters(operation: Operation, connector: Connector) -> list[Mapping[str, Any]]:
    """The operation's parameters, with `$ref`s to the definition's shared parameters followed."""
    found = []
    for param in operation.parameters or ():
        if isinstance(param, Mapping) and isinstance(param.get("$ref"), str):
            param = (connector.shared_parameters or {}).get(param["$ref"].rsplit("/", 1)[-1])
        if isinstance(param, Mapping):
            found.append(param)
    return found


def notification_url(operation: Operation, connector: Connector) -> tuple[str, tuple[str, ...]] | None:
    """Where a subscription carries the platform's callback URL: ("body", property path) for a property marked
    x-ms-notification-url (at any depth), or ("query"/"header"/"path", (name,)) for such a parameter."""
    definitions = {d.name: d.schema for d in connector.definitions}
    for param in resolved_parameters(operation, connector):
        if param.get("x-ms-notification-url") is True and isinstance(param.get("name"), str):
            return str(param.get("in")), (param["name"],)
        if param.get("in") == "body":
            found = _marked(param.get("schema"), definitions, ())
            if found is not None:
                return "body", found
    return None


def _marked(schema: Any, definitions: Mapping[str, Any], seen: tuple) -> tuple[str, ...] | None:
    if not isinstance(schema, Mapping):
        return None
    ref = schema.get("$ref")
    if isinstance(ref, str):
        name = ref.rsplit("/", 1)[-1]
        return None if name in seen else _marked(definitions.get(name), definitions, seen + (name,))
    properties = schema.get("properties")
    for name, prop in (properties.items() if isinstance(properties, Mapping) else ()):
        if isinstance(prop, Mapping) and prop.get("x-ms-notification-url") is True:
            return (name,)
        deeper = _marked(prop, definitions, seen)
        if deeper is not None:
            return (name, *deeper)
    return None


def _segments(path: str) -> list[str]:
    return [s for s in path.split("?")[0].strip("/").split("/") if s]


def _parameter(segment: str) -> str | None:
    return segment[1:-1] if segment.startswith("{") and segment.endswith("}") and segment.count("{") == 1 else None


def infer_roles(connector: Connector) -> dict[int, Role]:
    """The role of each operation (by id()), by the rules in this module's docstring."""
    roles: dict[int, Role] = {}
    operations = list(connector.operations)
    by_path: dict[str, dict[str, Operation]] = {}
    for op in operations:
        by_path.setdefault("/" + "/".join(_segments(op.path)), {})[op.method] = op
    for op in operations:
        if not op.is_webhook:
            continue
        unsubscribe = connector.operation(op.unsubscribe) if op.unsubscribe else None
        if unsubscribe is None:
            base = _segments(op.path)
            unsubscribe = next((other for other in operations if other.method == "delete"
                                and len(_segments(other.path)) == len(base) + 1
                                and _segments(other.path)[:-1] == base
                                and _parameter(_segments(other.path)[-1])), None)
        roles[id(op)] = Role("subscribe", unsubscribe=unsubscribe)
        if unsubscribe is not None and id(unsubscribe) not in roles:
            last = _parameter(_segments(unsubscribe.path)[-1]) if _segments(unsubscribe.path) else None
            roles[id(unsubscribe)] = Role("unsubscribe", id_parameter=last, trigger=op)
    for path, methods in by_path.items():
        segments = _segments(path)
        if "post" not in methods or not segments or _parameter(segments[-1]) or id(methods["post"]) in roles:
            continue
        items = [(p, m) for p, m in by_path.items() if len(_segments(p)) == len(segments) + 1
                 and _segments(p)[:-1] == segments and _parameter(_segments(p)[-1])]
        item_ops = [(p, method, op) for p, m in items for method, op in m.items() if method in ITEM_METHODS]
        if not item_ops:
            continue
        roles[id(methods["post"])] = Role("create", path)
        if "get" in methods and id(methods["get"]) not in roles:
            roles[id(methods["get"])] = Role("list", path)
        for item_path, method, op in item_ops:
            if id(op) not in roles:
                roles[id(op)] = Role(ITEM_METHODS[method], path, _parameter(_segments(item_path)[-1]))
    return roles


def _dig(value: Any, path: tuple[str, ...]) -> Any:
    for name in path:
        value = value.get(name) if isinstance(value, Mapping) else None
    return value


class Generic:
    """The generic behaviour of one mock: roles, answers, and the state they keep."""

    def __init__(self, mock: Mock) -> None:
        self.mock = mock
        self.state = GenericState()
        self.responses = Responses(mock.connector)
        self.roles = infer_roles(mock.connector)
        self._validators: dict[int, Any] = {}

    def role(self, operation: Operation) -> Role:
        return self.roles.get(id(operation), Role("answer"))

    def handler(self, operation: Operation) -> Handler:
        role = self.role(operation)
        return {"subscribe": self.subscribe, "unsubscribe": self.unsubscribe, "create": self.create,
                "list": self.list, "read": self.item, "replace": self.item, "update": self.item,
                "delete": self.item}.get(role.kind, self.answer)

    async def answer(self, call: Call) -> Response:
        return self.responses.render(self.responses.success(call.operation))

    # Collections

    async def create(self, call: Call) -> Response:
        role = self.role(call.operation)
        answer = self.responses.success(call.operation)
        item = copy.deepcopy(answer.body(self.responses.faker))
        item_path = self._item_path(role.collection)
        identifier = str(self.state.next_id())
        if isinstance(item, dict):
            item = self._merged(call.operation, answer.schema, item, call.body)
            item = self._with_id(call.operation, answer.schema, item, identifier, item_path)
        self.state.collections.setdefault(role.collection, {})[identifier] = item
        location = self._url(call, role.collection, item_path, identifier)
        headers = {"Location": location} if answer.status == 201 or "Location" in answer.headers else {}
        return self.responses.render(answer, item, headers)

    async def list(self, call: Call) -> Response:
        role = self.role(call.operation)
        answer = self.responses.success(call.operation)
        items = list(self.state.collections.get(role.collection, {}).values())
        body = answer.body(self.responses.faker)
        if isinstance(body, list):
            listed = [i for i in items if self._fits(call.operation, answer.schema, [i])]
            return self.responses.render(answer, listed)
        if isinstance(body, dict):
            schema, _ = self.responses.faker.resolve(answer.schema)
            for name, value in body.items():
                if isinstance(value, list):
                    candidate = {**body, name: items}
                    if self._fits(call.operation, answer.schema, candidate):
                        return self.responses.render(answer, candidate)
        return self.responses.render(answer)

    async def item(self, call: Call) -> Response:
        role = self.role(call.operation)
        identifier = str(call.inputs.path.get(role.id_parameter, ""))
        items = self.state.collections.get(role.collection, {})
        if identifier not in items:
            raise not_found(f"{role.collection}/{identifier} does not exist: create it with POST {role.collection}",
                            role.id_parameter or "")
        answer = self.responses.success(call.operation)
        if role.kind == "delete":
            del items[identifier]
            return self.responses.render(answer)
        stored = items[identifier]
        if role.kind in ("replace", "update") and isinstance(stored, dict) and isinstance(call.body, dict):
            stored = {**stored, **call.body} if role.kind == "update" else {**stored, **call.body}
            items[identifier] = stored
        generated = answer.body(self.responses.faker)
        if isinstance(generated, dict) and isinstance(stored, dict):
            return self.responses.render(answer, self._merged(call.operation, answer.schema, generated, stored))
        return self.responses.render(answer)

    def _merged(self, operation: Operation, schema: Any, base: dict, extra: Any) -> dict:
        """`base` with each field of `extra` whose value keeps the whole valid against `schema`."""
        if not isinstance(extra, Mapping):
            return base
        merged = dict(base)
        for name, value in extra.items():
            candidate = {**merged, name: value}
            if self._fits(operation, schema, candidate):
                merged = candidate
        return merged

    def _with_id(self, operation: Operation, schema: Any, item: dict, identifier: str, item_path: str) -> dict:
        """The item with its new id in the property that names it (id, or the item parameter's name)."""
        parameter = _parameter(_segments(item_path)[-1]) or "id"
        for name in (parameter, "id", "Id", "ID", f"{parameter}Id"):
            if name in item:
                for value in (int(identifier), identifier):
                    candidate = {**item, name: value}
                    if self._fits(operation, schema, candidate):
                        return candidate
        return item

    def _item_path(self, collection: str) -> str:
        for op in self.mock.connector.operations:
            segments = _segments(op.path)
            if segments[:-1] == _segments(collection) and segments and _parameter(segments[-1]):
                return "/" + "/".join(segments)
        return collection + "/{id}"

    def _url(self, call: Call, collection: str, item_path: str, identifier: str) -> str:
        path = item_path
        for segment in _segments(item_path)[:-1]:
            name = _parameter(segment)
            if name is not None:
                path = path.replace(segment, str(call.inputs.path.get(name, "")))
        path = path.replace(_segments(item_path)[-1], identifier)
        return str(call.request.base_url).rstrip("/") + self.mock.base_path + path

    def _fits(self, operation: Operation, schema: Any, value: Any) -> bool:
        if schema is None:
            return True
        key = id(schema)
        if key not in self._validators:
            try:
                validator = jsonschema.Draft4Validator({**schema, "definitions": self.responses.definitions})
                validator.is_valid(None)
            except Exception:  # noqa: BLE001 - a schema jsonschema cannot read accepts what the mock made
                validator = None
            self._validators[key] = validator
        validator = self._validators[key]
        try:
            return validator is None or validator.is_valid(value)
        except RecursionError:
            return False

    # Webhooks

    async def subscribe(self, call: Call) -> Response:
        operation = call.operation
        where = notification_url(operation, self.mock.connector)
        url = None
        if where is not None:
            kind, path = where
            url = {"query": call.inputs.query, "header": call.inputs.headers, "path": call.inputs.path}.get(kind, {}) \
                .get(path[0]) if kind != "body" else _dig(call.body, path)
            # The same policy as every delivery: http(s), and loopback or an allowed host only.
            why = self.mock.callback_policy.refusal(url) if isinstance(url, str) else \
                "must be an absolute http or https URL"
            if why is not None:
                raise invalid(f"{'.'.join(path)} {why}", ".".join(path))
        identifier = str(self.state.next_id())
        subscription = Subscription(identifier, operation.operation_id or operation.display_name, url,
                                    {k: str(v) for k, v in call.inputs.path.items()})
        self.state.subscriptions[identifier] = subscription
        answer = self.responses.success(operation)
        body = answer.body(self.responses.faker)
        if isinstance(body, dict):
            body = self._with_id(operation, answer.schema, dict(body), identifier, "/{id}")
        return self.responses.render(answer, body, {"Location": self.location(call, subscription)})

    def location(self, call: Call, subscription: Subscription) -> str:
        """Where the platform deletes this subscription."""
        origin = str(call.request.base_url).rstrip("/")
        target = self.role(call.operation).unsubscribe
        if target is None:
            return f"{origin}{SUBSCRIPTIONS_ROUTE}/{subscription.id}"
        path = target.path.split("?")[0]
        names = [_parameter(s) for s in _segments(path)]
        for name in names[:-1]:
            if name is not None:
                path = path.replace("{" + name + "}", subscription.path.get(name, ""))
        if names and names[-1] is not None:
            path = path.replace("{" + names[-1] + "}", subscription.id)
        return origin + self.mock.base_path + path

    async def unsubscribe(self, call: Call) -> Response:
        role = self.role(call.operation)
        identifier = str(call.inputs.path.get(role.id_parameter, ""))
        if identifier not in self.state.subscriptions:
            raise not_found(f"no subscription {identifier!r}", role.id_parameter or "")
        del self.state.subscriptions[identifier]
        return self.responses.render(self.responses.success(call.operation))

    def remove_subscription(self, identifier: str) -> bool:
        return self.state.subscriptions.pop(identifier, None) is not None

    def fire(self, trigger: Operation, payload: Any = MISSING) -> list[Any]:
        """Deliver a notification to every subscriber of the trigger: `payload`, or one generated from its
        x-ms-notification-content."""
        if payload is MISSING:
            schema = trigger.notification.schema if trigger.notification is not None else {}
            payload = self.responses.faker.value(schema, "notification")
        name = trigger.operation_id or trigger.display_name
        return [self.mock.webhooks.send(int(s.id), None, name, s.url, payload)
                for s in self.state.subscriptions.values() if s.trigger == name and s.url]
