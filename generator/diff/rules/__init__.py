"""The diff rules; importing this package registers every one of them."""

from generator.diff.rules import connector, inputs, operations, outputs, prose  # noqa: F401
