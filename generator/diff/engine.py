"""Run every registered diff rule over two versions of a connector."""

from __future__ import annotations

from typing import Any, Callable, Iterator, Mapping

from generator.diff import rules as _rules  # noqa: F401  (importing the package registers the rules)
from generator.diff.context import MISSING, Change, FieldPair, OperationPair, Side, operation_key
from generator.diff.registry import CONNECTOR, INPUT, OPERATION, OUTPUT, Rule, rules_for
from generator.diff.schema import Field, input_fields, output_fields
from generator.findings import Finding, resolve_pointer


def diff_sides(old: Side, new: Side) -> list[Finding]:
    """Every difference between `old` and `new` that a rule reports, as findings."""
    found: list[tuple[Rule, Change]] = []
    for rule in rules_for(CONNECTOR):
        found.extend((rule, change) for change in rule.check(old, new))
    unchanged = Unchanged(old.swagger, new.swagger)
    for pair in operation_pairs(old, new):
        for rule in rules_for(OPERATION):
            found.extend((rule, change) for change in rule.check(pair))
        if unchanged.operation(pair):
            continue
        for scope, fields_of in ((INPUT, input_fields), (OUTPUT, output_fields)):
            scoped = rules_for(scope)
            for field_pair in field_pairs(pair, fields_of):
                if field_pair.same:
                    continue
                for rule in scoped:
                    found.extend((rule, change) for change in rule.check(field_pair))
    return [to_finding(rule, change, old, new) for rule, change in found]


class Unchanged:
    """Which operations cannot differ in any field: the same JSON in both versions, and so is everything
    their $refs reach. Comparing JSON is done by the interpreter in C; walking fields is not, and on a
    large connector most operations do not change."""

    def __init__(self, old: Mapping[str, Any], new: Mapping[str, Any]):
        self.old, self.new = old, new
        self.refs: dict[str, bool] = {}

    def operation(self, pair: OperationPair) -> bool:
        if pair.old.path != pair.new.path or pair.old.method != pair.new.method:
            return False
        old_item = (self.old.get("paths") or {}).get(pair.old.path) or {}
        new_item = (self.new.get("paths") or {}).get(pair.new.path) or {}
        return all(self.same(old_item.get(key), new_item.get(key))
                   for key in (pair.old.method, "parameters", "x-ms-notification-content"))

    def same(self, old: Any, new: Any) -> bool:
        return old == new and all(self.ref(ref) for ref in references(old))

    def ref(self, ref: str) -> bool:
        known = self.refs.get(ref)
        if known is None:
            # A cycle comes back here while the answer is open: it adds nothing the rest does not decide.
            self.refs[ref] = True
            target = ref[1:] if ref.startswith("#") else None
            known = target is not None and self.same(resolve_pointer(self.old, target),
                                                     resolve_pointer(self.new, target))
            self.refs[ref] = known
        return known


def references(node: Any) -> set[str]:
    """Every $ref string inside `node`."""
    found: set[str] = set()
    stack = [node]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                found.add(ref)
            stack.extend(value for value in node.values() if isinstance(value, (dict, list)))
        elif isinstance(node, list):
            stack.extend(value for value in node if isinstance(value, (dict, list)))
    return found


def operation_pairs(old: Side, new: Side) -> Iterator[OperationPair]:
    """The operations both versions have, matched by operationId."""
    new_operations = {operation_key(op): op for op in new.operations}
    for op in old.operations:
        key = operation_key(op)
        if key in new_operations:
            yield OperationPair(key, op, new_operations[key], old, new)


def field_pairs(pair: OperationPair, fields_of: Callable[..., dict[tuple, Field]]) -> Iterator[FieldPair]:
    """Matched fields of one operation. Below a field that was added, removed or changed type nothing
    more is compared: its children changed along with it, and one finding says so."""
    old_fields = fields_of(pair.old_side.swagger, pair.old.path, pair.old.method)
    new_fields = fields_of(pair.new_side.swagger, pair.new.path, pair.new.method)
    keys = list(old_fields) + [key for key in new_fields if key not in old_fields]
    settled: list[tuple] = []
    for key in keys:
        if any(key[:len(done)] == done for done in settled):
            continue
        old, new = old_fields.get(key), new_fields.get(key)
        if old is None or new is None or old.type != new.type:
            settled.append(key)
        yield FieldPair(pair, old, new, _anchor(old_fields, key, pair.old_side.swagger, pair.old_pointer),
                        _anchor(new_fields, key, pair.new_side.swagger, pair.new_pointer))


def _anchor(fields: dict[tuple, Field], key: tuple, document: dict, operation: str) -> str:
    """Where a field that one version lacks would be: its nearest ancestor, else the operation's
    parameter or response list."""
    for cut in range(len(key) - 1, 0, -1):
        if key[:cut] in fields:
            return fields[key[:cut]].pointer
    section = {"parameter": "/parameters", "responses": "/responses"}.get(key[0])
    if section is not None and resolve_pointer(document, operation + section) is not None:
        return operation + section
    return operation


def to_finding(rule: Rule, change: Change, old: Side, new: Side) -> Finding:
    path = "/".join(change.path)
    details: list[tuple[str, object]] = []
    if change.operation is not None:
        details.append(("operation", change.operation))
    details.append(("path", path))
    if change.old is not MISSING:
        details.append(("old", change.old))
    if change.new is not MISSING:
        details.append(("new", change.new))
    return Finding(rule.id, rule.severity, f"{path}: {change.message}",
                   location=new.locate(change.artifact, change.new_pointer),
                   related=old.locate(change.artifact, change.old_pointer),
                   details=tuple(details))
