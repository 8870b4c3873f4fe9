"""Pure functions from the model to the artifacts' data; nothing here writes files."""

from generator.render.sourcemap import SourceMap
from generator.render.swagger import render_swagger
from generator.render.properties import render_properties
from generator.render.settings import render_settings

__all__ = ["SourceMap", "render_swagger", "render_properties", "render_settings"]
