"""Lint rules, one module per family. Importing this package registers every rule."""

from generator.lint.rules import (  # noqa: F401  (imported to register the rules)
    document,
    dynamic,
    extensions,
    icon,
    jsontext,
    operations,
    parameters,
    properties,
    references,
    schemas,
    security,
    swagger,
    webhooks,
)
