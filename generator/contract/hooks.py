"""What a behaviour pack adds to a contract run, found through the pack that serves the connector.

A pack names a module (`Pack.contract`) whose `HOOKS` is a ContractHooks: rules on values that
Swagger 2.0 cannot state (with values that keep them), and ways to make a trigger's event happen the
way the API really produces it. Without a pack, every value is generated from the schema and every
webhook trigger is fired through the mock's POST /_mock/triggers/{operationId}.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable, Mapping

if TYPE_CHECKING:
    from generator.model import Operation

# Makes a trigger's event happen through a pack's simulation; None, or why it could not.
Simulator = Callable[[Any], "str | None"]


@dataclass(frozen=True)
class ContractHooks:
    # operationId -> the rule on values the schema cannot state (schema-valid values that break it answer 400).
    value_rules: Mapping[str, str] = field(default_factory=dict)
    # Property or parameter name -> values that keep those rules, drawn for part of the requests.
    rule_values: Mapping[str, tuple] = field(default_factory=dict)
    # (how, simulator) that makes a trigger's event happen, or None for the generic firing.
    event: Callable[[Operation], tuple[str, Simulator] | None] = lambda operation: None


NO_HOOKS = ContractHooks()


def hooks_for(pack: Any) -> ContractHooks:
    """The contract hooks of a mock pack (generator.mock.packs.Pack), or none."""
    if pack is None or not pack.contract:
        return NO_HOOKS
    return getattr(importlib.import_module(pack.contract), "HOOKS", NO_HOOKS)
