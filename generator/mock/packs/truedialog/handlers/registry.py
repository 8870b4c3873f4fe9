"""TrueDialog's handlers of API operations, registered by operationId."""

from __future__ import annotations

from typing import Callable

from generator.mock.calls import Call, Handler

__all__ = ["Call", "Handler", "HANDLERS", "handles"]

HANDLERS: dict[str, Handler] = {}


def handles(*operation_ids: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        for operation_id in operation_ids:
            HANDLERS[operation_id] = handler
        return handler

    return register
