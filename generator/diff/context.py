"""What diff rules look at (two connectors, a matched operation, a matched field) and what they report."""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any, Mapping

from generator.build import SWAGGER, Build
from generator.diff.document import DocOperation, auth_type, operations
from generator.diff.schema import Field, operation_pointer
from generator.findings import Location, pointer


class _Missing:
    """The value of a keyword a document does not declare (distinct from an explicit null)."""

    def __repr__(self) -> str:
        return "<absent>"


MISSING: Any = _Missing()


def show(value: Any, limit: int = 60) -> str:
    """A value as it is written in the JSON document, cut short for a one-line message."""
    if value is MISSING:
        return "nothing"
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[:limit - 3] + "..."


@dataclass(frozen=True)
class Side:
    """One version of the connector being compared."""

    build: Build
    # How the user named it: a path, or git:REF.
    label: str
    # Rewrites a file name of this version for display (the files of git:REF were extracted to a temporary folder).
    file_prefix: str = ""
    temporary_root: str | None = None
    # The merged [tool.connector] settings next to this version, and the file they came from (NEW only).
    config: Mapping[str, Any] | None = None
    config_file: str | None = None
    config_text: str | None = None
    # Why apiProperties.json could not be read; the swaggers are then compared on their own.
    properties_problem: str | None = None

    @property
    def swagger(self) -> Mapping[str, Any]:
        return self.build.swagger or {}

    @cached_property
    def operations(self) -> list[DocOperation]:
        return operations(self.swagger)

    @property
    def host(self) -> str | None:
        host = self.swagger.get("host")
        return host if isinstance(host, str) else None

    @property
    def base_path(self) -> str | None:
        base_path = self.swagger.get("basePath")
        return base_path if isinstance(base_path, str) else None

    @property
    def auth_type(self) -> str | None:
        return auth_type(self.swagger)

    @property
    def properties(self) -> Mapping[str, Any]:
        return (self.build.properties or {}).get("properties") or {}

    def locate(self, artifact: str, json_pointer: str) -> Location:
        location = self.build.locate(artifact, json_pointer)
        file = location.file or artifact
        if self.temporary_root and file.startswith(self.temporary_root):
            file = file[len(self.temporary_root):].lstrip("/")
        return replace(location, file=self.file_prefix + file)


@dataclass(frozen=True)
class Change:
    """One difference a rule found: a sentence, the field path, both values and a pointer into each document."""

    message: str
    path: tuple[str, ...]
    old_pointer: str
    new_pointer: str
    old: Any = MISSING
    new: Any = MISSING
    operation: str | None = None
    artifact: str = SWAGGER


def operation_key(op: DocOperation) -> str:
    """Operations are matched by operationId; one without an id by its method and path."""
    return op.operation_id or f"{op.method.upper()} {op.path}"


@dataclass(frozen=True)
class OperationPair:
    """The same operation (by operationId) in both versions."""

    id: str
    old: DocOperation
    new: DocOperation
    old_side: Side
    new_side: Side

    @property
    def old_pointer(self) -> str:
        return operation_pointer(self.old.path, self.old.method)

    @property
    def new_pointer(self) -> str:
        return operation_pointer(self.new.path, self.new.method)

    @property
    def both(self) -> bool:
        return True

    def values(self, keyword: str) -> tuple[Any, Any]:
        """A keyword of the rendered operation in each version."""
        return self.old.raw.get(keyword, MISSING), self.new.raw.get(keyword, MISSING)

    def change(self, message: str, *suffix: str, old: Any = MISSING, new: Any = MISSING,
               old_pointer: str | None = None, new_pointer: str | None = None) -> Change:
        """A change of the operation itself; `suffix` names what changed (a keyword, a status code)."""
        tail = pointer(*suffix)
        return Change(message, ("operation", self.id) + suffix,
                      old_pointer if old_pointer is not None else self.old_pointer + tail,
                      new_pointer if new_pointer is not None else self.new_pointer + tail,
                      old, new, self.id)

    def changed(self, keyword: str, message: str) -> Change:
        """A change of one keyword of the operation, pointing at the operation where a version lacks it."""
        old, new = self.values(keyword)
        return self.change(message, keyword, old=old, new=new,
                           old_pointer=self.old_pointer if old is MISSING else None,
                           new_pointer=self.new_pointer if new is MISSING else None)


@dataclass(frozen=True)
class FieldPair:
    """One input or output field of a matched operation, in either or both versions."""

    operation: OperationPair
    old: Field | None
    new: Field | None
    # Where to point in a version that lacks the field: its nearest ancestor there.
    old_anchor: str = ""
    new_anchor: str = ""

    @property
    def both(self) -> bool:
        return self.old is not None and self.new is not None

    @property
    def same(self) -> bool:
        """The field is declared alike in both versions, so no rule can report it."""
        old, new = self.old, self.new
        return (old is not None and new is not None and old.type == new.type and old.required == new.required
                and old.parameter_in == new.parameter_in and old.schema == new.schema)

    @property
    def path(self) -> tuple[str, ...]:
        return ("operation", self.operation.id) + (self.new or self.old).path

    def values(self, keyword: str) -> tuple[Any, Any]:
        old = self.old.schema.get(keyword, MISSING) if self.old is not None else MISSING
        new = self.new.schema.get(keyword, MISSING) if self.new is not None else MISSING
        return old, new

    def changed(self, keyword: str, message: str, old: Any = MISSING, new: Any = MISSING) -> Change:
        """A change of one keyword of a field present in both versions."""
        old_value, new_value = self.values(keyword)
        return Change(message, self.path + (keyword,), self.old.at(keyword), self.new.at(keyword),
                      old_value if old is MISSING else old, new_value if new is MISSING else new, self.operation.id)

    def presence(self, message: str) -> Change:
        """The field itself appeared or disappeared."""
        return Change(message, self.path,
                      self.old.pointer if self.old is not None else self.old_anchor,
                      self.new.pointer if self.new is not None else self.new_anchor,
                      dict(self.old.schema) if self.old is not None else MISSING,
                      dict(self.new.schema) if self.new is not None else MISSING,
                      self.operation.id)
