"""TrueDialog events (a STOP, a keyword, a delivery notice...) turned into webhook deliveries.

Which trigger a callback type belongs to comes from the model: each webhook trigger's subscription
body declares its CallbackType with a default (11 for incoming messages, 6 for STOP...), and its
x-ms-notification-content gives the payload schema.
"""

from __future__ import annotations

from typing import Any, Mapping

from generator.mock.payloads import shape
from generator.mock.packs.truedialog.state import MockState
from generator.mock.webhooks import Delivery, Webhooks
from generator.model import Connector, Operation

CALLBACK_TYPE_PROPERTY = "CallbackType"
# TrueDialog's callback types: which event a subscription receives.
KEYWORD, STOP, INCOMING_MESSAGE, DELIVERY_NOTICE, INVALID_TARGETS = 1, 6, 11, 12, 13


def subscription_schema(operation: Operation) -> Mapping[str, Any]:
    body = next((p for p in operation.parameters or () if p.get("in") == "body"), None)
    return (body or {}).get("schema") or {}


def callback_type_of(operation: Operation) -> int | None:
    """The callback type a webhook trigger subscribes to: the default of its CallbackType body property."""
    prop = (subscription_schema(operation).get("properties") or {}).get(CALLBACK_TYPE_PROPERTY) or {}
    default = prop.get("default")
    return default if isinstance(default, int) and not isinstance(default, bool) else None


def triggers_by_callback_type(connector: Connector) -> dict[int, Operation]:
    found: dict[int, Operation] = {}
    for op in connector.triggers:
        kind = callback_type_of(op)
        if op.notification is not None and kind is not None:
            found.setdefault(kind, op)
    return found


class Events:
    def __init__(self, connector: Connector, state: MockState, webhooks: Webhooks) -> None:
        self.state = state
        self.webhooks = webhooks
        self.triggers = triggers_by_callback_type(connector)
        self.definitions = {d.name: d.schema for d in connector.definitions}

    def fire(self, account_id: int, callback_type: int, facts: Mapping[str, Any]) -> list[Delivery]:
        """Deliver an event of the account to every active subscriber of its type, shaped for its trigger."""
        trigger = self.triggers.get(callback_type)
        if trigger is None:
            return []
        deliveries = []
        for callback in self.state.subscribers(account_id, callback_type):
            owner = self.state.accounts[callback.account_id]
            full = {"CallbackTimestamp": self.state.now(), "CallbackToken": owner.callback_token,
                    "CallbackType": callback_type, "CallbackURL": callback.url,
                    "TransactionId": self.state.transaction_id(), **facts}
            payload = shape(trigger.notification.schema, full, self.definitions)
            deliveries.append(self.webhooks.send(callback.id, callback_type, trigger.operation_id or str(callback_type),
                                                 callback.url, payload))
        return deliveries
