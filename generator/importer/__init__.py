"""Turn a plain connector folder (the JSON artifacts) into YAML sources, losing nothing."""

from generator.importer.folder import ConnectorFolder, read_connector_folder, is_connector_folder
from generator.importer.split import split_connector

__all__ = ["ConnectorFolder", "read_connector_folder", "is_connector_folder", "split_connector"]
