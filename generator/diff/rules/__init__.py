"""The diff rules; importing this package registers every one of them."""

from generator.diff.rules import (  # noqa: F401
    auth, connection, connector, encoding, inputs, operations, outputs, policies, prose)
