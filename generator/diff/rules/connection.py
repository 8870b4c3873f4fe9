"""Rules on how connections are made: connection parameters, parameter sets and OAuth settings (apiProperties.json).

A connection is created once and used by every flow of its owner; a change here breaks all of them at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator

from generator.build import PROPERTIES
from generator.diff.context import MISSING, Change, Side, show
from generator.diff.registry import CONNECTOR, rule
from generator.findings import Severity, pointer

# A value the connector's author leaves for Microsoft to fill in at certification (`<client-id>`,
# `@@id@@`, `{{secret}}`): two such values say nothing about the deployed connector.
PLACEHOLDER = re.compile(r"<[^<>]*>|@@|\{\{")


TOP = ("connectionParameters",)


def properties_known(old: Side, new: Side) -> bool:
    # A lone swagger file (or an unreadable apiProperties.json) says nothing about connections.
    return bool(old.properties) and bool(new.properties)


@dataclass(frozen=True)
class Group:
    """The connection parameters of the connector, or of one of its parameter sets."""

    # How findings name it: ("connectionParameters",) or ("connectionParameterSets", <set name>).
    path: tuple[str, ...]
    pointer: str
    parameters: dict

    def at(self, name: str | None = None) -> str:
        if name is not None and name in self.parameters:
            return f"{self.pointer}{pointer(name)}"
        return self.pointer


def groups(side: Side) -> dict[tuple[str, ...], Group]:
    """Every group of connection parameters of `side`, by how findings name it."""
    found = {}
    parameters = side.properties.get("connectionParameters")
    if isinstance(parameters, dict):
        found[TOP] = Group(TOP, pointer("properties", "connectionParameters"), parameters)
    sets = side.properties.get("connectionParameterSets")
    values = sets.get("values") if isinstance(sets, dict) else None
    for index, value in enumerate(values if isinstance(values, list) else ()):
        if isinstance(value, dict) and isinstance(value.get("parameters"), dict):
            name = str(value.get("name", index))
            at = pointer("properties", "connectionParameterSets", "values", index, "parameters")
            found[("connectionParameterSets", name)] = Group(("connectionParameterSets", name), at, value["parameters"])
    return found


def _fallback(side: Side, key: tuple[str, ...]) -> str:
    """Where a group one version lacks would be."""
    return pointer("properties", key[0]) if key[0] in side.properties else pointer("properties")


def matched_parameters(old: Side, new: Side) -> Iterator[tuple[Group | None, Group | None, str, Any, Any]]:
    """Every connection parameter of either version: its group in each, its name, its value in each."""
    if not properties_known(old, new):
        return
    before, after = groups(old), groups(new)
    for key in list(before) + [k for k in after if k not in before]:
        old_group, new_group = before.get(key), after.get(key)
        if key != TOP and (old_group is None or new_group is None):
            continue  # a whole set appearing or going is one finding of its own
        # connectionParameters going (to parameter sets, say) or coming: every parameter of it counts.
        old_group = old_group or Group(TOP, _fallback(old, TOP), {})
        new_group = new_group or Group(TOP, _fallback(new, TOP), {})
        names = list(old_group.parameters) + [n for n in new_group.parameters if n not in old_group.parameters]
        for name in names:
            yield (old_group, new_group, name, old_group.parameters.get(name, MISSING),
                   new_group.parameters.get(name, MISSING))


def required(parameter: object) -> bool:
    if not isinstance(parameter, dict):
        return False
    constraints = (parameter.get("uiDefinition") or {}).get("constraints") or {}
    return str(constraints.get("required", "false")).lower() == "true"


def _in(group: Group) -> str:
    return "" if group.path == TOP else f" of parameter set {group.path[1]!r}"


@rule("connection-parameter-removed", Severity.ERROR, CONNECTOR)
def connection_parameter_removed(old: Side, new: Side) -> Iterator[Change]:
    """A connection parameter was removed (apiProperties.json connectionParameters or a parameter set).

    Existing connections were made with it; they no longer match the connector.

    Reported: `connectionParameters` has `username` and `password`, and the new version only `password`.
    Not reported: both versions declare `username` and `password`.
    """
    for old_group, new_group, name, before, after in matched_parameters(old, new):
        if after is MISSING:
            yield Change(f"connection parameter {name!r}{_in(old_group)} was removed; existing connections no "
                         f"longer match", old_group.path + (name,), old_group.at(name), new_group.at(),
                         old=before, artifact=PROPERTIES)


@rule("connection-parameter-added", Severity.ERROR, CONNECTOR)
def connection_parameter_added(old: Side, new: Side) -> Iterator[Change]:
    """A required connection parameter was added.

    Connections made before have no value for it: every flow using them fails until its owner edits or
    re-creates the connection.

    Reported: a new `region` connection parameter with `uiDefinition.constraints.required: "true"`.
    Not reported: a new connection parameter whose `required` constraint is `"false"` (that is
    `connection-parameter-optional-added`).
    """
    for old_group, new_group, name, before, after in matched_parameters(old, new):
        if before is MISSING and required(after):
            yield Change(f"required connection parameter {name!r}{_in(new_group)} was added; existing connections "
                         f"have no value for it and must be edited or re-created", new_group.path + (name,),
                         old_group.at(), new_group.at(name), new=after, artifact=PROPERTIES)


@rule("connection-parameter-optional-added", Severity.INFO, CONNECTOR)
def connection_parameter_optional_added(old: Side, new: Side) -> Iterator[Change]:
    """An optional connection parameter was added.

    Existing connections simply have no value for it.

    Reported: a new `region` connection parameter with `uiDefinition.constraints.required: "false"`.
    Not reported: the new parameter is required (that is `connection-parameter-added`).
    """
    for old_group, new_group, name, before, after in matched_parameters(old, new):
        if before is MISSING and after is not MISSING and not required(after):
            yield Change(f"optional connection parameter {name!r}{_in(new_group)} was added; existing connections "
                         f"keep working without it", new_group.path + (name,), old_group.at(), new_group.at(name),
                         new=after, artifact=PROPERTIES)


def _type(parameter: Any) -> Any:
    return parameter.get("type", MISSING) if isinstance(parameter, dict) else MISSING


@rule("connection-parameter-type-changed", Severity.ERROR, CONNECTOR)
def connection_parameter_type_changed(old: Side, new: Side) -> Iterator[Change]:
    """The type of a connection parameter changed (string, securestring, int, bool, oauthSetting...).

    The value existing connections hold was stored as the old type.

    Reported: `apiKey` goes from `type: string` to `type: oauthSetting`.
    Not reported: `apiKey` stays `securestring` while its display name changes.
    """
    for old_group, new_group, name, before, after in matched_parameters(old, new):
        if before is not MISSING and after is not MISSING and _type(before) != _type(after):
            yield Change(f"connection parameter {name!r}{_in(new_group)} changed type from {show(_type(before))} to "
                         f"{show(_type(after))}; the values existing connections hold no longer fit",
                         new_group.path + (name, "type"), old_group.at(name) + "/type", new_group.at(name) + "/type",
                         _type(before), _type(after), artifact=PROPERTIES)


def _sets(side: Side) -> dict[str, int]:
    return {key[1]: index for index, key in enumerate(k for k in groups(side) if k[0] == "connectionParameterSets")}


def _set_pointer(side: Side, name: str | None) -> str:
    index = _sets(side).get(name) if name is not None else None
    if index is not None:
        return pointer("properties", "connectionParameterSets", "values", index)
    return _fallback(side, ("connectionParameterSets",))


@rule("connection-parameter-set-removed", Severity.ERROR, CONNECTOR)
def connection_parameter_set_removed(old: Side, new: Side) -> Iterator[Change]:
    """A connection parameter set (one way of signing in, in connectionParameterSets) was removed.

    Connections made with that set can no longer be used or repaired.

    Reported: `connectionParameterSets` offers `oauth` and `apikey`, and the new version only `oauth`.
    Not reported: both versions offer `oauth` and `apikey`.
    """
    if properties_known(old, new):
        after = _sets(new)
        for name in _sets(old):
            if name not in after:
                yield Change(f"connection parameter set {name!r} was removed; connections made with it break",
                             ("connectionParameterSets", name), _set_pointer(old, name), _set_pointer(new, None),
                             old=name, artifact=PROPERTIES)


@rule("connection-parameter-set-added", Severity.INFO, CONNECTOR)
def connection_parameter_set_added(old: Side, new: Side) -> Iterator[Change]:
    """A connection parameter set was added: one more way of signing in.

    Existing connections use the sets they were made with.

    Reported: `connectionParameterSets` gains a set `apikey` besides `oauth`.
    Not reported: both versions offer the same sets.
    """
    if properties_known(old, new):
        before = _sets(old)
        for name in _sets(new):
            if name not in before:
                yield Change(f"connection parameter set {name!r} was added; existing connections are unaffected",
                             ("connectionParameterSets", name), _set_pointer(old, None), _set_pointer(new, name),
                             new=name, artifact=PROPERTIES)


# OAuth settings (oAuthSettings of an oauthSetting connection parameter) whose change invalidates the
# tokens existing connections hold, by where they are written.
OAUTH_SETTINGS = {
    ("identityProvider",): "identity provider",
    ("clientId",): "client id",
    ("redirectMode",): "redirect mode",
    ("customParameters", "resourceUri", "value"): "resource URI",
    ("properties", "AzureActiveDirectoryResourceId"): "AzureActiveDirectoryResourceId",
    ("customParameters", "authorizationUrl", "value"): "authorization URL",
    ("customParameters", "tokenUrl", "value"): "token URL",
    ("customParameters", "tenantId", "value"): "tenant",
}


def _get(node: Any, path: tuple[str, ...]) -> Any:
    for token in path:
        if not isinstance(node, dict) or token not in node:
            return MISSING
        node = node[token]
    return node


def _placeholder(value: Any) -> bool:
    return isinstance(value, str) and PLACEHOLDER.search(value) is not None


def oauth_pairs(old: Side, new: Side) -> Iterator[tuple[Group, Group, str, dict, dict]]:
    """The oAuthSettings of each oauthSetting connection parameter both versions declare."""
    for old_group, new_group, name, before, after in matched_parameters(old, new):
        settings = [_get(value, ("oAuthSettings",)) for value in (before, after)]
        if all(isinstance(s, dict) for s in settings):
            yield old_group, new_group, name, settings[0], settings[1]


@rule("oauth-setting-changed", Severity.ERROR, CONNECTOR)
def oauth_setting_changed(old: Side, new: Side) -> Iterator[Change]:
    """An OAuth setting of the connection changed (identity provider, client id, resource, redirect mode, URLs).

    Any of: identity provider, client id, resource URI or AzureActiveDirectoryResourceId, redirect mode,
    tenant, authorization or token URL. The tokens existing connections hold were issued for the old
    settings; every user must sign in again.
    A value written as a placeholder in both versions (`<client-id>`, `@@id@@`) is filled in by Microsoft
    at certification, so it is not compared.

    Reported: `oAuthSettings.clientId` changes from `1a2b...` to `9f8e...`.
    Not reported: `clientId` goes from `<client-id-please-replace>` to `<client-id>`.
    """
    for old_group, new_group, name, before, after in oauth_pairs(old, new):
        base_old, base_new = old_group.at(name) + "/oAuthSettings", new_group.at(name) + "/oAuthSettings"
        for where, label in OAUTH_SETTINGS.items():
            was, now = _get(before, where), _get(after, where)
            if was == now or (_placeholder(was) and _placeholder(now)):
                continue
            if isinstance(was, str) and isinstance(now, str) and where == ("redirectMode",) and \
                    was.lower() == now.lower():
                continue
            yield Change(f"OAuth {label} of connection parameter {name!r}{_in(new_group)} changed from {show(was)} "
                         f"to {show(now)}; existing connections must sign in again",
                         new_group.path + (name, "oAuthSettings") + where,
                         base_old + (pointer(*where) if was is not MISSING else ""),
                         base_new + (pointer(*where) if now is not MISSING else ""), was, now, artifact=PROPERTIES)


def scopes(value: Any) -> list[str]:
    """OAuth scopes as a list, whether written as a list, a space-separated string, or a Swagger scopes map."""
    if isinstance(value, dict):
        value = list(value)
    if isinstance(value, str):
        value = [value]
    found: list[str] = []
    for item in value if isinstance(value, list) else ():
        for scope in str(item).split():
            if scope not in found:
                found.append(scope)
    return found


def _scopes_at(group: Group, name: str, settings: dict) -> str:
    return group.at(name) + ("/oAuthSettings/scopes" if "scopes" in settings else "/oAuthSettings")


@rule("oauth-scopes-added", Severity.ERROR, CONNECTOR)
def oauth_scopes_added(old: Side, new: Side) -> Iterator[Change]:
    """The connection asks for OAuth scopes it did not ask for before (apiProperties oAuthSettings.scopes).

    Tokens of existing connections lack them, so calls that need them fail until users sign in again.
    The order of the scopes does not matter.

    Reported: `scopes: [contacts:read]` becomes `[contacts:read, contacts:write]`.
    Not reported: `[contacts:read, users:read]` becomes `[users:read, contacts:read]`.
    """
    for old_group, new_group, name, before, after in oauth_pairs(old, new):
        added = [s for s in scopes(after.get("scopes")) if s not in scopes(before.get("scopes"))]
        if added:
            yield Change(f"OAuth scope(s) {show(added)} added to connection parameter {name!r}{_in(new_group)}; "
                         f"tokens of existing connections lack them",
                         new_group.path + (name, "oAuthSettings", "scopes"),
                         _scopes_at(old_group, name, before), _scopes_at(new_group, name, after),
                         before.get("scopes", MISSING), after.get("scopes", MISSING), artifact=PROPERTIES)


@rule("oauth-scopes-removed", Severity.INFO, CONNECTOR)
def oauth_scopes_removed(old: Side, new: Side) -> Iterator[Change]:
    """The connection asks for fewer OAuth scopes.

    Tokens of existing connections hold more than the connector now needs.

    Reported: `scopes: [contacts:read, notifications:write]` becomes `[contacts:read]`.
    Not reported: the same scopes in another order.
    """
    for old_group, new_group, name, before, after in oauth_pairs(old, new):
        removed = [s for s in scopes(before.get("scopes")) if s not in scopes(after.get("scopes"))]
        if removed:
            yield Change(f"OAuth scope(s) {show(removed)} no longer requested by connection parameter "
                         f"{name!r}{_in(new_group)}; existing tokens still work",
                         new_group.path + (name, "oAuthSettings", "scopes"), _scopes_at(old_group, name, before),
                         _scopes_at(new_group, name, after), before.get("scopes", MISSING),
                         after.get("scopes", MISSING), artifact=PROPERTIES)
