"""The connector's documentation page, rendered from the model."""

from generator.docs.render import render_docs

__all__ = ["render_docs"]
