"""Write an imported connector as a project folder."""

from __future__ import annotations

from pathlib import Path

from generator.artifacts import write_folder
from generator.build import ICON, README, SCRIPT, SWAGGER
from generator.importer.folder import ConnectorFolder
from generator.importer.split import split_connector
from generator.jsonio import InputError
from generator.source.project import source_kind
from generator.source.schemas import schema_files, schema_ref
from generator.source.yaml_loader import dump_yaml


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
    if out.exists() and (not out.is_dir() or any(out.iterdir())) and not force:
        raise InputError("the output folder is not empty; pass --force to replace it", str(out))
    files = project_files(folder)
    write_folder(out, files)
    return files
