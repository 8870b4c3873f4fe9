"""Values a real client would send, drawn for part of the generated requests.

Random strings rarely make a phone number, so without help every contact create answers 400 and the
stateful phase never gets to chain create -> search -> update or subscribe -> delete. Two sources:

- the platform's own: Power Platform sends an internal parameter's default, pre-fills every other
  default, and writes its callback URL into the property marked x-ms-notification-url;
- a pack's rules on values that Swagger 2.0 cannot state (TrueDialog: phone numbers), with values that
  keep them (see generator.contract.hooks).

Drawn with a probability below 1, so the rest of the requests stay fully generated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator

from generator.contract.endpoints import Endpoint, endpoints
from generator.contract.hooks import NO_HOOKS, ContractHooks

NOTIFICATION_URLS = tuple(f"https://flow.example.com/webhooks/{n}" for n in range(10))

PLATFORM_SENDS = 0.9
PLATFORM_PREFILLS = 0.5
RULE_KEEPING = 0.8


@dataclass
class Values:
    """Schemathesis dictionaries, and per operation label the parameters drawn from them."""

    dictionaries: dict[str, dict[str, list]] = field(default_factory=dict)
    bindings: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)

    def bind(self, label: str, key: str, values: tuple, probability: float) -> None:
        name = f"values-{len(self.dictionaries)}"
        known = next((n for n, d in self.dictionaries.items() if tuple(d["values"]) == values), None)
        if known is None:
            self.dictionaries[name] = {"values": list(values)}
        self.bindings.setdefault(label, {})[key] = {"dictionary": known or name, "probability": probability}


def realistic_values(swagger: dict[str, Any], hooks: ContractHooks = NO_HOOKS) -> Values:
    values = Values()
    definitions = swagger.get("definitions") or {}
    for endpoint in endpoints(swagger):
        rules = hooks.rule_values if endpoint.operation_id in hooks.value_rules else {}
        for key, values_for, probability in _drawn(endpoint, definitions, rules):
            values.bind(endpoint.label, key, values_for, probability)
    return values


def _drawn(endpoint: Endpoint, definitions: dict, rules: dict) -> Iterator[tuple[str, tuple, float]]:
    for parameter in endpoint.definition.get("parameters") or ():
        if not isinstance(parameter, dict):
            continue
        where, name = parameter.get("in"), parameter.get("name")
        if where == "body":
            yield from _properties(parameter.get("schema") or {}, "body", definitions, rules, set())
        elif where in ("path", "query", "header") and isinstance(name, str):
            if name in rules:
                yield f"{where}.{name}", tuple(rules[name]), RULE_KEEPING
            elif _scalar_default(parameter):
                yield f"{where}.{name}", (parameter["default"],), _default_probability(parameter)


def _properties(schema: dict, key: str, definitions: dict, rules: dict, seen: set) -> Iterator[tuple]:
    if not isinstance(schema, dict):
        return
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/definitions/"):
        name = ref.rsplit("/", 1)[1]
        if name in seen:
            return
        seen = seen | {name}
        schema = definitions.get(name) or {}
    properties = schema.get("properties") if isinstance(schema, dict) else None
    for name, prop in (properties if isinstance(properties, dict) else {}).items():
        if not isinstance(prop, dict):
            continue
        path = f"{key}.{name}"
        if prop.get("x-ms-notification-url") is True:
            yield path, NOTIFICATION_URLS, PLATFORM_SENDS
        elif name in rules:
            yield (f"{path}[*]" if prop.get("type") == "array" else path), tuple(rules[name]), RULE_KEEPING
        elif _scalar_default(prop):
            yield path, (prop["default"],), _default_probability(prop)
        elif prop.get("type") == "array" and isinstance(prop.get("items"), dict) and _scalar_default(prop["items"]):
            yield f"{path}[*]", (prop["items"]["default"],), _default_probability(prop["items"])


def _scalar_default(schema: dict) -> bool:
    """Only a string or a number default becomes a schemathesis dictionary value: its configuration refuses
    booleans, nulls, arrays and objects there (a ConfigError that would stop the whole run)."""
    return isinstance(schema.get("default"), (str, int, float)) and not isinstance(schema.get("default"), bool)


def _default_probability(schema: dict) -> float:
    return PLATFORM_SENDS if schema.get("x-ms-visibility") == "internal" else PLATFORM_PREFILLS
