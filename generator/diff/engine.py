"""Run every registered diff rule over two versions of a connector."""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Callable, Iterator, Mapping

from generator.diff import rules as _rules  # noqa: F401  (importing the package registers the rules)
from generator.diff.context import MISSING, Change, FieldPair, OperationPair, Side, operation_key
from generator.diff.registry import CONNECTOR, INPUT, OPERATION, OUTPUT, Rule, rules_for
from generator.diff.schema import Field, input_fields, output_fields
from generator.findings import Finding, Severity, resolve_pointer, split_pointer

# Parts of a swagger that several operations share: through $ref, or as the document's defaults.
SHARED = {"definitions": "definition", "parameters": "shared parameter", "responses": "shared response"}
DOCUMENT_DEFAULTS = ("consumes", "produces")


def diff_sides(old: Side, new: Side) -> list[Finding]:
    """Every difference between `old` and `new` that a rule reports, as findings."""
    found: list[tuple[Rule, Change]] = []
    for rule in rules_for(CONNECTOR):
        found.extend((rule, change) for change in rule.check(old, new))
    unchanged = Unchanged(old.swagger, new.swagger)
    operation_rules = rules_for(OPERATION)
    field_rules = ((rules_for(INPUT), input_fields), (rules_for(OUTPUT), output_fields))
    for pair in operation_pairs(old, new):
        for rule in operation_rules:
            found.extend((rule, change) for change in rule.check(pair))
        if unchanged.operation(pair):
            continue
        for scoped, fields_of in field_rules:
            for field_pair in field_pairs(pair, fields_of):
                if field_pair.same:
                    continue
                for rule in scoped:
                    found.extend((rule, change) for change in rule.check(field_pair))
    internal = hidden_operations(old)
    return grouped([to_finding(rule, change, old, new, change.operation in internal) for rule, change in found])


def hidden_operations(side: Side) -> set[str]:
    """Operations no flow author sees or uses: internal ones, except a DELETE of a connector with webhook
    triggers, which the platform itself calls to unsubscribe (dynamic lists have their own rule)."""
    webhooks = any(op.kind == "webhook" for op in side.operations)
    return {operation_key(op) for op in side.operations
            if op.visibility == "internal" and not (webhooks and op.method == "delete")}


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
    new_fields = moved(old_fields, fields_of(pair.new_side.swagger, pair.new.path, pair.new.method))
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


def moved(old_fields: dict[tuple, Field], new_fields: dict[tuple, Field]) -> dict[tuple, Field]:
    """`new_fields`, with a parameter that moved to another place (query, header, path, form, body) under
    the same name keyed as in the old version, so that it is compared with itself."""
    gone = [key for key in old_fields if len(key) == 3 and key[0] == "parameter" and key not in new_fields]
    if not gone:
        return new_fields
    renamed = {}
    for key in new_fields:
        if len(key) == 3 and key[0] == "parameter" and key not in old_fields:
            match = next((old for old in gone if old[1] != key[1] and _same_name(old, key)), None)
            if match is not None:
                renamed[key] = match
                gone.remove(match)
    if not renamed:
        return new_fields
    return {renamed.get(key[:3], key[:3]) + key[3:]: field for key, field in new_fields.items()}


def _same_name(old: tuple, new: tuple) -> bool:
    # Header names are case-insensitive (their keys are lower case already); others are matched exactly.
    if "header" in (old[1], new[1]):
        return old[2].lower() == new[2].lower()
    return old[2] == new[2]


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


def to_finding(rule: Rule, change: Change, old: Side, new: Side, internal: bool = False) -> Finding:
    """The finding of one change; on an operation that was internal already, no flow shows it: info."""
    path = "/".join(change.path)
    severity, message = rule.severity, change.message
    if internal and severity > Severity.INFO:
        severity = Severity.INFO
        message += "; the operation was internal already (x-ms-visibility), so no flow author uses it"
    details: list[tuple[str, object]] = []
    if change.operation is not None:
        details.append(("operation", change.operation))
    details.append(("path", path))
    if change.old is not MISSING:
        details.append(("old", change.old))
    if change.new is not MISSING:
        details.append(("new", change.new))
    return Finding(rule.id, severity, f"{path}: {message}",
                   location=new.locate(change.artifact, change.new_pointer),
                   related=old.locate(change.artifact, change.old_pointer),
                   details=tuple(details))


def _shared(json_pointer: str | None) -> str | None:
    """What a pointer into a part that several operations share names, for a reader."""
    tokens = split_pointer(json_pointer or "")
    if len(tokens) >= 2 and tokens[0] in SHARED:
        return f"{SHARED[tokens[0]]} {tokens[1]!r}"
    if tokens and tokens[0] in DOCUMENT_DEFAULTS:
        return f"the document's {tokens[0]}"
    return None


def grouped(findings: list[Finding]) -> list[Finding]:
    """Findings with one cause as one finding that lists the operations it reaches: a change inside a
    definition (or a shared parameter or response, or the document's media types) that several
    operations reach, and the same edit made alike in several operations (a body parameter renamed in
    each, say)."""
    groups: dict[tuple, list[Finding]] = {}
    for finding in findings:
        operation = finding.detail("operation")
        if operation is None:
            groups[(id(finding),)] = [finding]
            continue
        path = str(finding.detail("path", ""))
        where = _shared(finding.location.pointer) or _shared(finding.related.pointer if finding.related else None)
        if where is not None:
            key: tuple = (finding.rule, finding.severity, finding.location.pointer,
                          finding.related.pointer if finding.related else None, finding.message[len(path):])
        else:
            # The same field path below the operation, the same change, the same values.
            relative = path[len(f"operation/{operation}"):]
            key = ("alike", finding.rule, finding.severity, relative, finding.message[len(path):])
        groups.setdefault(key, []).append(finding)
    return [_merge(group) for group in groups.values()]


def _merge(findings: list[Finding]) -> Finding:
    first = findings[0]
    operations = tuple(dict.fromkeys(str(f.detail("operation")) for f in findings))
    if len(operations) < 2:
        return first
    shared = _shared(first.location.pointer) or _shared(first.related.pointer if first.related else None)
    listed = f"{len(operations)} operations: {', '.join(operations)}"
    reach = f"one change in {shared}, reaching {listed}" if shared else f"the same change in {listed}"
    paths = tuple(str(f.detail("path")) for f in findings)
    details = tuple((k, v) for k, v in first.details if k != "operation")
    return replace(first, message=f"{first.message} ({reach})",
                   details=(("operations", operations), ("paths", paths)) + details)
