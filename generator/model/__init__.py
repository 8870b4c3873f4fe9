"""Typed, frozen objects describing a connector: no I/O, no HTTP, no templates."""

from generator.model.connector import (
    Connector,
    Definition,
    Notification,
    Operation,
    Origin,
    PLATFORM_THROTTLING,
    PolicyTemplate,
    Throttling,
)

__all__ = ["Connector", "Definition", "Notification", "Operation", "Origin", "PLATFORM_THROTTLING", "PolicyTemplate", "Throttling"]
