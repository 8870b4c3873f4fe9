"""Write an imported connector as a project folder."""

from __future__ import annotations

from pathlib import Path

from generator.artifacts import check_output_folder, write_folder
from generator.build import ICON, PROPERTIES, README, SCRIPT, SWAGGER
from generator.findings import pointer
from generator.importer.folder import ConnectorFolder
from generator.importer.split import original_location, split_connector
from generator.jsonio import InputError
from generator.jsonpos import JsonLocator
from generator.load import input_paths
from generator.source.project import source_kind
from generator.source.schemas import schema_files, schema_ref
from generator.source.yaml_loader import MAX_DEPTH, deeper_than, dump_yaml


WRITER = "connector import"


def project_files(folder: ConnectorFolder) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    for relative, data in split_connector(folder.swagger, folder.properties, str(folder.swagger_file or folder.root / SWAGGER)).items():
        _refuse_too_deep(folder, relative, data)
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


def _refuse_too_deep(folder: ConnectorFolder, relative: str, data: object) -> None:
    """JSON may nest deeper than a YAML source may (docs/safety.md): refuse at the JSON, not in the project."""
    path = deeper_than(data)
    if path is None:
        return
    document, tokens = original_location(relative, data, path)
    if document == SWAGGER:
        locator = JsonLocator(str(folder.swagger_file or folder.root / SWAGGER), folder.swagger_text)
    else:
        locator = JsonLocator(str(folder.properties_file or folder.root / PROPERTIES), folder.properties_text)
    where = locator.locate(pointer(*tokens))
    raise InputError(f"the data is nested more than {MAX_DEPTH} levels deep, more than a YAML source may be (see "
                     "docs/safety.md)", where.file, where.line, where.column)


def import_folder(folder: ConnectorFolder, out: Path, force: bool = False) -> dict[str, bytes]:
    """Write the project; an existing folder is replaced only with `force` and only if an import wrote it."""
    inputs = input_paths(folder.root)
    check_output_folder(out, WRITER, inputs, replace=force)
    files = project_files(folder)
    write_folder(out, files, WRITER, inputs, replace=force)
    return files
