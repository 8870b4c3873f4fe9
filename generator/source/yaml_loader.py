"""YAML to plain JSON-compatible data, with the line and column of every node."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.inputfile import read_input_text
from generator.jsonio import InputError

# Limits of one source file, documented in docs/safety.md. Aliases are rare in connector sources; these let
# anchors share a few schemas yet refuse an alias bomb (each level repeating the one before) within milliseconds.
MAX_ALIAS_VALUES = 100_000
MAX_ALIAS_CHARACTERS = 10_000_000
# Swagger schemas nest a few dozen levels at most; deeper data would exhaust the stack of every later stage.
MAX_DEPTH = 100
# JSON readers (JavaScript, .NET) hold 64-bit numbers at most; hundreds of digits can only be a mistake or an attack.
MAX_INTEGER_DIGITS = 100

_INT_TAG = "tag:yaml.org,2002:int"
_MERGE_TAG = "tag:yaml.org,2002:merge"


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
    if node is None:
        return YamlDocument(file, None, {(): Mark(1, 1)}, {})
    builder = _Builder(loader, file)
    builder.measure(node)
    data = builder.build(node, ())
    return YamlDocument(file, data, builder.marks, builder.key_marks)


def load_yaml(path: Path, display: str | None = None) -> YamlDocument:
    name = display or str(path)
    return load_yaml_text(read_input_text(path, name), name)


class _Builder:
    """Plain data from a composed node graph, within the limits that keep hostile files harmless.

    The composer resolves an alias to the very node its anchor names, so a node met a second time is an
    alias being expanded, and a node met again inside itself is a recursive alias. `measure` walks the
    graph once, each node once, before anything is built: an alias bomb is refused at the cost of its
    text, not of its expansion.
    """

    def __init__(self, loader, file: str) -> None:
        self.loader = loader
        self.file = file
        self.marks: dict[tuple, Mark] = {}
        self.key_marks: dict[tuple, Mark] = {}

    def error(self, message: str, mark: Mark) -> InputError:
        return InputError(message, self.file, mark.line, mark.column)

    def measure(self, root) -> None:
        """Refuse recursive aliases, nesting beyond MAX_DEPTH and aliases expanding beyond the limits."""
        # Per node met so far: how many values and characters it holds once its aliases are expanded.
        sizes: dict[int, tuple[int, int]] = {}
        alias_values = alias_characters = 0
        # Open collections, outermost first: [node, its children still to visit, values, characters].
        stack: list[list] = []
        on_stack: set[int] = set()
        pending = [(root, _mark(root))]
        while pending or stack:
            if not pending:
                node, _, values, characters = stack.pop()
                on_stack.discard(id(node))
                sizes[id(node)] = (values, characters)
                if stack:
                    stack[-1][2] += values
                    stack[-1][3] += characters
                pending = stack[-1][1] if stack else []
                continue
            node, used_at = pending.pop()
            if id(node) in on_stack:
                raise self.error(f"recursive alias: the value anchored at line {_mark(node).line} contains an "
                                 "alias to itself", used_at)
            if id(node) in sizes:
                values, characters = sizes[id(node)]
                alias_values += values
                alias_characters += characters
                if alias_values > MAX_ALIAS_VALUES or alias_characters > MAX_ALIAS_CHARACTERS:
                    raise self.error(f"aliases expand to more than {MAX_ALIAS_VALUES:,} values or "
                                     f"{MAX_ALIAS_CHARACTERS:,} characters, the limit (see docs/safety.md): this "
                                     f"one repeats the value anchored at line {_mark(node).line}", used_at)
            elif isinstance(node, yaml.ScalarNode):
                values, characters = 1, len(node.value)
                sizes[id(node)] = (values, characters)
            else:
                if len(stack) >= MAX_DEPTH:
                    raise self.error(f"the data is nested more than {MAX_DEPTH} levels deep, the limit (see "
                                     "docs/safety.md)", _mark(node))
                if isinstance(node, yaml.MappingNode):
                    self._flatten(node)
                    children = [(value, _mark(key)) for key, value in reversed(node.value)]
                else:
                    children = [(item, _mark(node)) for item in reversed(node.value)]
                stack.append([node, children, 1, 0])
                on_stack.add(id(node))
                pending = children
                continue
            if stack:
                stack[-1][2] += values
                stack[-1][3] += characters

    def build(self, node, path: tuple):
        """The value of a measured `node`: each alias use becomes its own copy, located at the anchor."""
        self.marks[path] = _mark(node)
        if isinstance(node, yaml.MappingNode):
            result: dict = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise self.error("a mapping key must be a plain value", _mark(key_node))
                key = key_node.value
                self._check_text(key, key_node)
                if key in result:
                    raise self.error(f"duplicate key {key!r}", _mark(key_node))
                self.key_marks[path + (key,)] = _mark(key_node)
                result[key] = self.build(value_node, path + (key,))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,)) for i, item in enumerate(node.value)]
        if node.tag == _INT_TAG and len(node.value.lstrip("+-").replace("_", "")) > MAX_INTEGER_DIGITS:
            raise self.error(f"an integer of more than {MAX_INTEGER_DIGITS} digits, the limit (see docs/safety.md)",
                             _mark(node))
        try:
            value = self.loader.construct_object(node, deep=True)
        except (yaml.constructor.ConstructorError, ValueError) as exc:
            raise self.error(f"cannot read value: {getattr(exc, 'problem', None) or exc}", _mark(node)) from None
        if isinstance(value, (bytes, set)):
            raise self.error(f"unsupported YAML value of type {type(value).__name__}", _mark(node))
        if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
            raise self.error("NaN and infinity cannot be written as JSON", _mark(node))
        if isinstance(value, str):
            self._check_text(value, node)
        return value

    def _flatten(self, node) -> None:
        """Merge keys (<<) folded into the mapping, once it is known that no merge leads back to it."""
        stack = [(node, iter(_merged(node)))]
        on_path = {id(node)}
        while stack:
            merged = next(stack[-1][1], None)
            if merged is None:
                on_path.discard(id(stack.pop()[0]))
            elif id(merged) in on_path:
                raise self.error(f"recursive alias: the mapping at line {_mark(merged).line} merges (<<) itself",
                                 _mark(node))
            else:
                on_path.add(id(merged))
                stack.append((merged, iter(_merged(merged))))
        try:
            self.loader.flatten_mapping(node)
        except yaml.constructor.ConstructorError as exc:
            mark = exc.problem_mark or exc.context_mark
            raise self.error(f"cannot merge: {exc.problem}", Mark(mark.line + 1, mark.column + 1)) from None

    def _check_text(self, text: str, node) -> None:
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise self.error(f"the text holds a lone surrogate (U+{ord(text[exc.start]):04X}), which UTF-8 "
                             "cannot encode", _mark(node)) from None


def deeper_than(data: object, limit: int = MAX_DEPTH) -> tuple | None:
    """The path of the first collection in `data` nested more than `limit` levels deep (as YAML sources may not
    be), or None."""
    stack = [(data, ())]
    while stack:
        node, path = stack.pop()
        if isinstance(node, (dict, list)):
            if len(path) >= limit:
                return path
            items = node.items() if isinstance(node, dict) else enumerate(node)
            stack.extend((value, path + (key,)) for key, value in items)
    return None


def _merged(node) -> list:
    """The mappings a mapping node merges with `<<`."""
    found = []
    for key_node, value_node in node.value:
        if key_node.tag == _MERGE_TAG:
            items = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
            found.extend(item for item in items if isinstance(item, yaml.MappingNode))
    return found


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
