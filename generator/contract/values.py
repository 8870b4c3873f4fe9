"""Values a real client would send, drawn for part of the generated requests.

Random strings rarely make a phone number, so without help every contact create answers 400 and the
stateful phase never gets to chain create -> search -> update or subscribe -> delete. Two sources:

- the platform's own: Power Platform sends an internal parameter's default, pre-fills every other
  default, and writes its callback URL into the property marked x-ms-notification-url;
- TrueDialog's rules on values that Swagger 2.0 cannot state (VALUE_RULES), with values that keep them.

Drawn with a probability below 1, so the rest of the requests stay fully generated.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator

from generator.contract.endpoints import Endpoint, endpoints

# TrueDialog rules on values that Swagger 2.0 cannot state (it has no anyOf, and no format for "phone
# number or email"); the service answers 400 with its error list when a schema-valid value breaks them.
VALUE_RULES = {
    "Contact_Create": "a contact needs a PhoneNumber or an Email, a real number or address not yet in the account",
    "Contact_Update": "PhoneNumber and Email must be a real number or address not held by another contact",
    "Contact_Search": "the searched value must be a phone number or an email address",
    "Campaign_Push": "channels must belong to the account and targets must be reachable numbers, emails or contacts",
}
# Numbers 555-0100 to 555-0199 are reserved as fictional in every North American area code, and
# example.com is reserved too: a run against a live account never texts or mails a real person.
PHONES = tuple(f"+1512555{n:04d}" for n in range(100, 200))
EMAILS = tuple(f"contract.{n}@example.com" for n in range(100))
# Keyed by property or parameter name, as TrueDialog's operations name them.
RULE_VALUES = {"PhoneNumber": PHONES, "Email": EMAILS, "phone": PHONES, "Targets": PHONES}
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


def realistic_values(swagger: dict[str, Any]) -> Values:
    values = Values()
    definitions = swagger.get("definitions") or {}
    for endpoint in endpoints(swagger):
        for key, values_for, probability in _drawn(endpoint, definitions):
            values.bind(endpoint.label, key, values_for, probability)
    return values


def _drawn(endpoint: Endpoint, definitions: dict) -> Iterator[tuple[str, tuple, float]]:
    ruled = endpoint.operation_id in VALUE_RULES
    for parameter in endpoint.definition.get("parameters") or ():
        where, name = parameter.get("in"), parameter.get("name")
        if where == "body":
            yield from _properties(parameter.get("schema") or {}, "body", definitions, ruled, set())
        elif where in ("path", "query", "header"):
            if ruled and name in RULE_VALUES:
                yield f"{where}.{name}", RULE_VALUES[name], RULE_KEEPING
            elif "default" in parameter:
                yield f"{where}.{name}", (parameter["default"],), _default_probability(parameter)


def _properties(schema: dict, key: str, definitions: dict, ruled: bool, seen: set) -> Iterator[tuple]:
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/definitions/"):
        name = ref.rsplit("/", 1)[1]
        if name in seen:
            return
        seen = seen | {name}
        schema = definitions.get(name) or {}
    for name, prop in (schema.get("properties") or {}).items():
        if not isinstance(prop, dict):
            continue
        path = f"{key}.{name}"
        if prop.get("x-ms-notification-url") is True:
            yield path, NOTIFICATION_URLS, PLATFORM_SENDS
        elif ruled and name in RULE_VALUES:
            yield (f"{path}[*]" if prop.get("type") == "array" else path), RULE_VALUES[name], RULE_KEEPING
        elif _scalar_default(prop):
            yield path, (prop["default"],), _default_probability(prop)
        elif prop.get("type") == "array" and _scalar_default(prop.get("items") or {}):
            yield f"{path}[*]", (prop["items"]["default"],), _default_probability(prop["items"])


def _scalar_default(schema: dict) -> bool:
    return isinstance(schema.get("default"), (str, int, float)) and not isinstance(schema.get("default"), bool)


def _default_probability(schema: dict) -> float:
    return PLATFORM_SENDS if schema.get("x-ms-visibility") == "internal" else PLATFORM_PREFILLS
