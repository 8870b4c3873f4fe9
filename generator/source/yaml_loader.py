"""YAML to plain JSON-compatible data, with the line and column of every node."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.jsonio import InputError
from generator.source.text import utf8_text


# libyaml's parser is ten times faster than the pure-Python one and reports the same marks.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):
    """SafeLoader without the timestamp resolver: a date in a description stays a string."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass(frozen=True)
class Mark:
    line: int
    column: int


@dataclass(frozen=True)
class YamlDocument:
    """A loaded YAML file: its data and the position of every node, keyed by its path of keys."""

    file: str
    data: object
    marks: dict[tuple, Mark]
    key_marks: dict[tuple, Mark]

    def mark(self, path: tuple) -> Mark:
        """Position of the value at `path`, or of the nearest ancestor that exists."""
        path = tuple(path)
        while path:
            if path in self.marks:
                return self.marks[path]
            if path in self.key_marks:
                return self.key_marks[path]
            path = path[:-1]
        return self.marks.get((), Mark(1, 1))

    def key_mark(self, path: tuple) -> Mark:
        """Position of the key that names the value at `path` (for 'unknown key' findings)."""
        return self.key_marks.get(tuple(path)) or self.mark(path)


def _mark(node: yaml.Node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


def load_yaml_text(text: str, file: str) -> YamlDocument:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "invalid YAML"
        raise InputError(f"YAML syntax error: {problem}", file, mark.line + 1 if mark else None,
                         mark.column + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise InputError(f"YAML error: {exc}", file) from None
    finally:
        loader.dispose()
    marks: dict[tuple, Mark] = {}
    key_marks: dict[tuple, Mark] = {}
    if node is None:
        return YamlDocument(file, None, {(): Mark(1, 1)}, {})
    data = _build(node, (), loader, file, marks, key_marks)
    return YamlDocument(file, data, marks, key_marks)


def load_yaml(path: Path, display: str | None = None) -> YamlDocument:
    name = display or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", name) from None
    return load_yaml_text(utf8_text(raw, name), name)


def _build(node, path, loader, file, marks, key_marks):
    marks[path] = _mark(node)
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        result: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise InputError("a mapping key must be a plain value", file, *_pos(key_node))
            key = key_node.value
            if key in result:
                raise InputError(f"duplicate key {key!r}", file, *_pos(key_node))
            key_marks[path + (key,)] = _mark(key_node)
            result[key] = _build(value_node, path + (key,), loader, file, marks, key_marks)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_build(item, path + (i,), loader, file, marks, key_marks) for i, item in enumerate(node.value)]
    try:
        value = loader.construct_object(node, deep=True)
    except yaml.constructor.ConstructorError as exc:
        raise InputError(f"cannot read value: {exc.problem}", file, *_pos(node)) from None
    if isinstance(value, (bytes, set)):
        raise InputError(f"unsupported YAML value of type {type(value).__name__}", file, *_pos(node))
    if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
        raise InputError("NaN and infinity cannot be written as JSON", file, *_pos(node))
    return value


def _pos(node) -> tuple[int, int]:
    mark = _mark(node)
    return mark.line, mark.column


def dump_yaml(data: object, schema_ref: str | None = None) -> str:
    """YAML for people: block style, keys in the order given, long strings kept readable."""
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False)
    if schema_ref:
        return f"# yaml-language-server: $schema={schema_ref}\n{body}"
    return body


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):
    def ignore_aliases(self, data):
        return True


def _str_representer(dumper, value: str):
    style = "|" if "\n" in value and value.strip() == value and "\r" not in value and not any(
        line != line.rstrip() for line in value.split("\n")) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)
