"""$ref: every reference resolves, points where its kind belongs, and stands alone."""

from __future__ import annotations

from generator.findings import Severity, pointer, resolve_pointer
from generator.lint.registry import rule
from generator.model.connector import HTTP_METHODS

KINDS = {"definitions": ("SchemaReferenceNotFound", "SchemaReferenceNotValid"),
         "parameters": ("ParameterReferenceNotFound", "ParameterReferenceNotValid"),
         "responses": ("ResponseReferenceNotFound", "ResponseReferenceNotValid")}


def _refs(node: object, tokens: tuple, kind: str):
    """(tokens of the $ref, its value, the section it should point into) for every $ref below `node`."""
    # Each frame is (value, parent frame, key, kind); a place's tokens are built only for a $ref found there.
    stack = [(node, None, None, kind)]
    while stack:
        frame = stack.pop()
        value, _, _, expected = frame
        if isinstance(value, dict):
            for key, child in value.items():
                if key == "$ref":
                    yield _tokens(frame, tokens) + (key,), child, expected
                elif str(key).startswith("x-ms-dynamic") or key == "x-ms-capabilities":
                    continue
                elif isinstance(child, (dict, list)):
                    stack.append((child, frame, key, expected if expected == "definitions" else _kind_below(expected, key)))
        elif isinstance(value, list):
            below = expected if expected == "definitions" else _kind_below(expected, None)
            stack.extend((child, frame, i, below) for i, child in enumerate(value) if isinstance(child, (dict, list)))


def _tokens(frame: tuple, base: tuple) -> tuple:
    keys = []
    while frame[1] is not None:
        keys.append(frame[2])
        frame = frame[1]
    return base + tuple(reversed(keys))


def _kind_below(kind: str, key: object) -> str:
    """What a $ref found under `key` should point to, given what the parent's would."""
    if kind in ("parameters", "responses") and key == "schema":
        return "definitions"
    if kind == "operation":
        return {"parameters": "parameters", "responses": "responses"}.get(key, "definitions")
    if kind == "path-item":
        return "operation" if key in HTTP_METHODS else ("parameters" if key == "parameters" else "definitions")
    return kind


def _all_refs(ctx):
    return ctx.once(_walk_refs)


def _walk_refs(ctx):
    for section in KINDS:
        entries = ctx.swagger.get(section)
        for name, value in entries.items() if isinstance(entries, dict) else ():
            yield from _refs(value, (section, name), section)
    for path, item in ctx.paths.items():
        if isinstance(item, dict):
            for key, value in item.items():
                if key != "$ref":
                    yield from _refs(value, ("paths", path, key), _kind_below("path-item", key))


@rule("ref-broken", Severity.ERROR, "every $ref points to an existing definition, parameter or response",
      ms_code=("SchemaReferenceNotFound", "SchemaReferenceNotValid", "ParameterReferenceNotFound",
               "ParameterReferenceNotValid", "ResponseReferenceNotFound", "ResponseReferenceNotValid",
               "JsonPointerNotValid"))
def ref_broken(ctx):
    """A broken reference leaves a hole in the operation's inputs or outputs.

    Requirement: Microsoft's certification swagger validator rules SchemaReferenceNotFound,
    SchemaReferenceNotValid, ParameterReferenceNotFound, ParameterReferenceNotValid,
    ResponseReferenceNotFound, ResponseReferenceNotValid, JsonPointerNotValid.

    Passes:
        definitions: {A: {type: object}, B: {$ref: '#/definitions/A'}}
    Fails:
        definitions: {B: {$ref: '#/definitions/Missing'}}
    """
    for tokens, ref, kind in _all_refs(ctx):
        not_found, not_valid = KINDS.get(kind, KINDS["definitions"])
        if not isinstance(ref, str) or not ref.startswith("#/"):
            yield ctx.hit(tokens, f"$ref {ref!r} is not a local JSON pointer (it must start with '#/')", "JsonPointerNotValid")
        elif ref.count("/") != 2 or not ref.startswith(f"#/{kind}/"):
            yield ctx.hit(tokens, f"$ref {ref!r} should point into #/{kind}/", not_valid)
        elif ctx.resolve(ref) is None:
            yield ctx.hit(tokens, f"$ref {ref!r} points to nothing", not_found)


@rule("ref-to-ref", Severity.ERROR, "shared definitions, parameters and responses are not mere $refs",
      ms_code=("SchemaRefLoopNotAllowed", "ParameterRefLoopNotAllowed", "ResponseRefLoopNotAllowed"))
def ref_to_ref(ctx):
    """A shared entry that only points to another is an alias the platform does not follow.

    Requirement: Microsoft's certification swagger validator rules SchemaRefLoopNotAllowed,
    ParameterRefLoopNotAllowed, ResponseRefLoopNotAllowed.

    Passes:
        definitions: {A: {type: object}}
    Fails:
        definitions: {A: {type: object}, B: {$ref: '#/definitions/A'}}
    """
    codes = {"definitions": "SchemaRefLoopNotAllowed", "parameters": "ParameterRefLoopNotAllowed",
             "responses": "ResponseRefLoopNotAllowed"}
    for section, code in codes.items():
        entries = ctx.swagger.get(section)
        for name, value in entries.items() if isinstance(entries, dict) else ():
            if isinstance(value, dict) and "$ref" in value:
                yield ctx.hit((section, name, "$ref"), f"{section[:-1]} {name!r} is only a $ref to {value['$ref']!r}",
                              code)


@rule("ref-siblings", Severity.WARNING, "a $ref has no sibling keys", "certification",
      ms_code="AdditionalPropertyNotAllowedAdjacentToRef")
def ref_siblings(ctx):
    """Keys next to a $ref are ignored, so a description or type written there never shows.

    Passes:
        definitions: {A: {type: object, properties: {b: {$ref: '#/definitions/A'}}}}
    Fails:
        definitions: {A: {type: object, properties: {b: {$ref: '#/definitions/A', description: Parent}}}}
    """
    for tokens, _, _ in _all_refs(ctx):
        parent = resolve_pointer(ctx.swagger, pointer(*tokens[:-1]))
        if isinstance(parent, dict):
            siblings = sorted(k for k in parent if k != "$ref" and not str(k).startswith("x-"))
            if siblings:
                yield ctx.hit(tokens[:-1], f"keys beside $ref are ignored: {', '.join(siblings)}")
