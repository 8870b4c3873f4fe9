"""Behaviour of the TrueDialog operations, one module per resource, registered by operationId."""

from __future__ import annotations

from generator.mock.packs.truedialog.handlers import accounts, callbacks, campaigns, contacts  # noqa: F401 (they register)
from generator.mock.packs.truedialog.handlers.callbacks import subscribe
from generator.mock.packs.truedialog.handlers.registry import HANDLERS, Call, Handler
from generator.model import Operation

__all__ = ["Call", "Handler", "handler_for"]


def handler_for(operation: Operation) -> Handler | None:
    """The behaviour of an operation: its own handler, or the subscription every webhook trigger shares."""
    if operation.operation_id in HANDLERS:
        return HANDLERS[operation.operation_id]
    if operation.is_webhook:
        return subscribe
    return None
