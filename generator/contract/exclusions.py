"""Where a schemathesis check cannot apply, and why: every exclusion of the contract run lives here.

Each rule is a small function registered with the check it concerns and a one-line reason; it picks
the operations it covers from the rendered definition. An exclusion either switches the check off for
those operations or, better, widens what the check accepts (`also_expected`) so the rest of it runs.
The run prints every exclusion it applied, so nothing is switched off silently.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Iterator

from generator.contract.endpoints import endpoints
from generator.contract.hooks import NO_HOOKS, ContractHooks


@dataclass(frozen=True)
class Exclusion:
    id: str
    check: str
    reason: str
    # Labels of the operations covered; empty means every operation.
    operations: tuple[str, ...] = ()
    # Statuses the check accepts besides its defaults; empty means the check is off for the operations.
    also_expected: tuple[str, ...] = ()
    # The schemathesis phase it concerns; None means every phase.
    phase: str | None = None


Rule = Callable[[dict[str, Any], ContractHooks], Exclusion | None]
RULES: list[Rule] = []


def exclusion(rule: Rule) -> Rule:
    RULES.append(rule)
    return rule


def exclusions(swagger: dict[str, Any], hooks: ContractHooks = NO_HOOKS) -> list[Exclusion]:
    """The exclusions that apply to this definition (and the pack's rules on values), in a fixed order."""
    return [found for rule in RULES if (found := rule(swagger, hooks)) is not None]


@exclusion
def no_promised_response_time(swagger, hooks) -> Exclusion:
    """max_response_time needs a limit, and a connector definition states none."""
    return Exclusion("no-response-time", "max_response_time", "the definition promises no response time")


@exclusion
def no_peer_identities(swagger, hooks) -> Exclusion:
    """object_level_authorization replays reads as peer identities of a WFC auth file, which a connection lacks."""
    return Exclusion("single-identity", "object_level_authorization",
                     "a connection is one identity; tenants are kept apart by the mock's own tests")


@exclusion
def linked_values_after_negation(swagger, hooks) -> Exclusion:
    """Stateful negative cases: link values overwrite the generated path values after they were made invalid."""
    return Exclusion("linked-values", "negative_data_rejection",
                     "in the stateful phase link values replace the invalid path values schemathesis generated, so "
                     "its 'negative' requests reach the server valid (coverage and fuzzing still check rejection)",
                     phase="stateful")


@exclusion
def platform_filled_subscription(swagger, hooks) -> Exclusion | None:
    """Webhook triggers: the platform writes the subscription body, so generated values of it are refused."""
    labels = tuple(e.label for e in endpoints(swagger) if e.definition.get("x-ms-trigger")
                   and _marks_notification_url(e.definition, swagger))
    if not labels:
        return None
    return Exclusion("platform-filled-subscription", "positive_data_acceptance",
                     "the platform fills the subscription (an http(s) notification URL, the trigger's callback "
                     "type); other values answer 400", labels, ("400",))


@exclusion
def value_rules(swagger, hooks) -> Exclusion | None:
    """Schema-valid requests that break a rule on values the schema cannot express answer 400."""
    labels = tuple(e.label for e in endpoints(swagger) if e.operation_id in hooks.value_rules)
    if not labels:
        return None
    return Exclusion("value-rules", "positive_data_acceptance",
                     "the API checks values Swagger 2.0 cannot describe (" + "; ".join(
                         f"{op}: {why}" for op, why in hooks.value_rules.items()) + ")", labels, ("400",))


def _marks_notification_url(node: Any, swagger: dict[str, Any], seen: frozenset = frozenset()) -> bool:
    """Whether x-ms-notification-url marks something in `node`, following $refs into the document."""
    if isinstance(node, list):
        return any(_marks_notification_url(item, swagger, seen) for item in node)
    if not isinstance(node, dict):
        return False
    if node.get("x-ms-notification-url") is True:
        return True
    ref = node.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/") and ref not in seen:
        target: Any = swagger
        for token in ref[2:].split("/"):
            target = target.get(token) if isinstance(target, dict) else None
        if _marks_notification_url(target, swagger, seen | {ref}):
            return True
    return any(_marks_notification_url(v, swagger, seen) for k, v in node.items() if k != "$ref")


def check_overrides(found: list[Exclusion]) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """(operation label or "", phase or "", check, schemathesis check settings) per exclusion, merged."""
    from schemathesis.config import PositiveDataAcceptanceConfig

    defaults = {"positive_data_acceptance": PositiveDataAcceptanceConfig().expected_statuses}
    merged: dict[tuple[str, str, str], set[str] | None] = {}
    for item in found:
        for label in item.operations or ("",):
            key = (label, item.phase or "", item.check)
            if not item.also_expected or merged.get(key, set()) is None:
                merged[key] = None
            else:
                merged[key] = merged.get(key, set()) | set(item.also_expected)
    for (label, phase, check), extra in merged.items():
        if extra is None:
            yield label, phase, check, {"enabled": False}
        else:
            statuses = list(defaults.get(check, [])) + sorted(extra - set(defaults.get(check, [])))
            yield label, phase, check, {"expected-statuses": statuses}
