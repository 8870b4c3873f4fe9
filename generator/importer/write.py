"""Write an imported connector as a project folder."""

from __future__ import annotations

from pathlib import Path

from generator.artifacts import check_output_folder, write_folder
from generator.build import ICON, README, SCRIPT, SWAGGER
from generator.importer.folder import ConnectorFolder
from generator.importer.split import split_connector
from generator.load import input_paths
from generator.source.project import source_kind
from generator.source.schemas import schema_files, schema_ref
from generator.source.yaml_loader import dump_yaml


WRITER = "connector import"


def project_files(folder: ConnectorFolder) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for relative, data in split_connector(folder.swagger, folder.properties, str(folder.swagger_file or folder.root / SWAGGER)).items():
        files[relative] = dump_yaml(data, schema_ref(relative, source_kind(relative))).encode("utf-8")
    files.update(schema_files())
    # Carried byte for byte: a BOM, a broken PNG or a readme in another encoding is the author's to fix,
    # and lint says so; the importer neither repairs nor drops it.
    if folder.icon is not None:
        files[ICON] = folder.icon
    if folder.script is not None:
        files[f"connector/{SCRIPT}"] = folder.script
    if folder.readme is not None:
        files[f"connector/{README}"] = folder.readme
    return files


def import_folder(folder: ConnectorFolder, out: Path, force: bool = False) -> dict[str, bytes]:
    """Write the project; an existing folder is replaced only with `force` and only if an import wrote it."""
    inputs = input_paths(folder.root)
    check_output_folder(out, WRITER, inputs, replace=force)
    files = project_files(folder)
    write_folder(out, files, WRITER, inputs, replace=force)
    return files
