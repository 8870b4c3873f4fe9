"""Rules on the policy templates of the connector (apiProperties.json policyTemplateInstances).

Every template Microsoft offers rewrites what the platform sends or what flows receive: the host
(dynamichosturl), the route (routerequesttoendpoint), a header or query parameter (setheader,
setqueryparameter), a body property (setproperty), the paging link (updatenextlink), how a trigger polls
(pollingtrigger). So removing one, or changing one of its parameters, changes the calls of existing flows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator

from generator.build import PROPERTIES
from generator.diff.context import MISSING, Change, Side, show
from generator.diff.registry import CONNECTOR, rule
from generator.diff.rules.connection import properties_known
from generator.findings import Severity, pointer

# The parameter that limits a template to some operations (absent: every operation).
SCOPE = "x-ms-apimTemplate-operationName"
# The parameter that tells two instances of one template apart (the header or query parameter they set).
NAME = "x-ms-apimTemplateParameter.name"


@dataclass(frozen=True)
class Instance:
    key: tuple[str, ...]
    index: int
    template: dict

    @property
    def pointer(self) -> str:
        return pointer("properties", "policyTemplateInstances", self.index)

    @property
    def parameters(self) -> dict:
        parameters = self.template.get("parameters")
        return parameters if isinstance(parameters, dict) else {}

    @property
    def label(self) -> str:
        title = self.template.get("title")
        return f"{self.key[0]!r}" + (f" ({title})" if title else "")


def instances(side: Side) -> dict[tuple[str, ...], Instance]:
    """The policy template instances of `side`, matched across versions by template, the name they set,
    and their order among instances alike."""
    found: dict[tuple[str, ...], Instance] = {}
    listed = side.properties.get("policyTemplateInstances")
    for index, template in enumerate(listed if isinstance(listed, list) else ()):
        if not isinstance(template, dict):
            continue
        base = (str(template.get("templateId")), str((template.get("parameters") or {}).get(NAME, "")))
        count = sum(1 for key in found if key[:2] == base)
        key = base + (str(count),)
        found[key] = Instance(key, index, template)
    return found


def _list_pointer(side: Side) -> str:
    if "policyTemplateInstances" in side.properties:
        return pointer("properties", "policyTemplateInstances")
    return pointer("properties")


def _path(instance: Instance) -> tuple[str, ...]:
    template, name, count = instance.key
    return ("policyTemplateInstances", template) + ((name,) if name else ()) + ((count,) if count != "0" else ())


@rule("policy-template-removed", Severity.ERROR, CONNECTOR)
def policy_template_removed(old: Side, new: Side) -> Iterator[Change]:
    """A policy template instance was removed.

    What it set (a host, a route, a header, a paging link) is no longer set on the calls of existing flows.

    Reported: the `setheader` template that sent `X-Client: flows` is gone.
    Not reported: both versions have the same `setheader` template with a new title.
    """
    if properties_known(old, new):
        after = instances(new)
        for key, instance in instances(old).items():
            if key not in after:
                yield Change(f"policy template {instance.label} was removed; the calls of existing flows lose what "
                             f"it set", _path(instance), instance.pointer, _list_pointer(new),
                             old=instance.template, artifact=PROPERTIES)


@rule("policy-template-added", Severity.WARNING, CONNECTOR)
def policy_template_added(old: Side, new: Side) -> Iterator[Change]:
    """A policy template instance was added.

    It rewrites the calls existing flows make; make sure the API expects what it sets.

    Reported: a `dynamichosturl` template now sends every call to a host built from a connection parameter.
    Not reported: both versions have the same templates.
    """
    if properties_known(old, new):
        before = instances(old)
        for key, instance in instances(new).items():
            if key not in before:
                yield Change(f"policy template {instance.label} was added; it rewrites the calls existing flows "
                             f"make", _path(instance), _list_pointer(old), instance.pointer,
                             new=instance.template, artifact=PROPERTIES)


def _operation_ids(side: Side) -> set[str]:
    return {op.operation_id for op in side.operations if op.operation_id}


def _scope(value: Any) -> list[str] | None:
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value] if isinstance(value, list) else None


@rule("policy-template-changed", Severity.ERROR, CONNECTOR)
def policy_template_changed(old: Side, new: Side) -> Iterator[Change]:
    """A parameter of a policy template instance changed, or the operations it applies to.

    Existing flows now send something else (another host, header value, route). An operation that is new in
    this version joining a template's list changes no existing flow.

    Reported: `dynamichosturl` builds the host from `https://ecc.@connectionParameters('Serial')...` and then
    from `https://ecc@connectionParameters('Serial')...`.
    Not reported: the operation `MoveTask`, new in this version, is added to the template's operation list.
    """
    if not properties_known(old, new):
        return
    after = instances(new)
    existing = _operation_ids(old) & _operation_ids(new)
    for key, was in instances(old).items():
        now = after.get(key)
        if now is None:
            continue
        names = list(was.parameters) + [n for n in now.parameters if n not in was.parameters]
        for name in names:
            before, current = was.parameters.get(name, MISSING), now.parameters.get(name, MISSING)
            if before == current:
                continue
            if name == SCOPE:
                old_scope, new_scope = _scope(before), _scope(current)
                if old_scope is not None and new_scope is not None:
                    moved = sorted(op for op in set(old_scope) ^ set(new_scope) if op in existing)
                    if not moved:
                        continue
                    message = (f"policy template {now.label} now applies to a different set of existing "
                               f"operations ({', '.join(moved)}); their calls change")
                else:
                    message = (f"policy template {now.label} changed the operations it applies to "
                               f"({show(before)} -> {show(current)}); their calls change")
            else:
                message = (f"parameter {name} of policy template {now.label} changed ({show(before)} -> "
                           f"{show(current)}); the calls of existing flows change")
            old_at = was.pointer + "/parameters" + (pointer(name) if before is not MISSING else "")
            new_at = now.pointer + "/parameters" + (pointer(name) if current is not MISSING else "")
            yield Change(message, _path(now) + ("parameters", name), old_at, new_at, before, current,
                         artifact=PROPERTIES)


@rule("policy-template-retitled", Severity.INFO, CONNECTOR)
def policy_template_retitled(old: Side, new: Side) -> Iterator[Change]:
    """The title of a policy template instance changed.

    The title is a label for the connector's author; calls are unchanged.

    Reported: the `setheader` template titled `Client` is now titled `Client header`.
    Not reported: the title stays `Client`.
    """
    if properties_known(old, new):
        after = instances(new)
        for key, was in instances(old).items():
            now = after.get(key)
            if now is not None and was.template.get("title") != now.template.get("title"):
                before, current = was.template.get("title", MISSING), now.template.get("title", MISSING)
                yield Change(f"title of policy template {was.key[0]!r} changed ({show(before)} -> {show(current)}); "
                             f"calls are unchanged", _path(now) + ("title",), was.pointer, now.pointer,
                             before, current, artifact=PROPERTIES)
