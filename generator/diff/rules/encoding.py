"""Rules on how requests and responses travel: media types, array encoding, where a parameter is sent, paging."""

from __future__ import annotations

from typing import Any, Iterator

from generator.diff.context import MISSING, Change, FieldPair, OperationPair, show
from generator.diff.registry import INPUT, OPERATION, rule
from generator.findings import Severity

# Where Swagger 2.0 takes an operation's media types from when the operation does not declare them.
DEFAULT_MEDIA = ["application/json"]


def media_types(pair: OperationPair, keyword: str) -> tuple[list[str], list[str]]:
    """The media types the operation uses in each version: its own, else the document's."""
    found = []
    for op, side in ((pair.old, pair.old_side), (pair.new, pair.new_side)):
        declared = op.raw.get(keyword, side.swagger.get(keyword))
        found.append([str(t).split(";")[0].strip().lower() for t in declared] if isinstance(declared, list) and
                     declared else DEFAULT_MEDIA)
    return found[0], found[1]


def _sends_body(pair: OperationPair) -> bool:
    parameters = list(pair.old.raw.get("parameters") or ())
    item = (pair.old_side.swagger.get("paths") or {}).get(pair.old.path) or {}
    parameters += list(item.get("parameters") or ())
    for param in parameters:
        if isinstance(param, dict) and "$ref" in param:
            return True  # a shared parameter may be the body: compare rather than miss it
        if isinstance(param, dict) and param.get("in") in ("body", "formData"):
            return True
    return False


def _media_change(pair: OperationPair, keyword: str, what: str) -> Iterator[Change]:
    before, after = media_types(pair, keyword)
    removed = [t for t in before if t not in after]
    if removed:
        old, new = pair.values(keyword)
        old_at = _declared_at(pair.old_side, pair.old_pointer, keyword) if old is MISSING else None
        new_at = _declared_at(pair.new_side, pair.new_pointer, keyword) if new is MISSING else None
        yield pair.change(f"{keyword} no longer offers {show(removed)} ({show(before)} -> {show(after)}); {what}",
                          keyword, old=before, new=after, old_pointer=old_at, new_pointer=new_at)


def _declared_at(side, operation_pointer: str, keyword: str) -> str:
    """Where an operation that declares no media types of its own takes them from: the document, if it says."""
    return f"/{keyword}" if keyword in side.swagger else operation_pointer


@rule("consumes-changed", Severity.ERROR, OPERATION)
def consumes_changed(pair: OperationPair) -> Iterator[Change]:
    """The request body is sent in another format: a media type of `consumes` was dropped.

    The platform encodes the body of existing flows the new way; the API receives something else.

    Reported: `consumes: [application/json]` becomes `[application/x-www-form-urlencoded]` on an operation
    with a body.
    Not reported: `consumes: [application/json]` becomes `[application/json, text/json]`.
    """
    if _sends_body(pair):
        yield from _media_change(pair, "consumes", "the body existing flows send is encoded differently")


@rule("produces-changed", Severity.ERROR, OPERATION)
def produces_changed(pair: OperationPair) -> Iterator[Change]:
    """The response comes in another format: a media type of `produces` was dropped.

    Flows read the response as the old format.

    Reported: `produces: [application/json]` becomes `[text/csv]`.
    Not reported: `produces: [application/json]` becomes `[application/json, application/pdf]`.
    """
    status = next((code for code in sorted(map(str, pair.old.responses)) if code.startswith("2")), None)
    response = pair.old.responses.get(status) if status else None
    if isinstance(response, dict) and "schema" in response:
        yield from _media_change(pair, "produces", "flows read the response as the old format")


def _pageable(value: Any) -> dict | None:
    return value if isinstance(value, dict) else None


@rule("pageable-removed", Severity.ERROR, OPERATION)
def pageable_removed(pair: OperationPair) -> Iterator[Change]:
    """Paging was removed from an operation (x-ms-pageable), or its next-link property changed.

    Flows with pagination turned on now get the first page only, or follow a link that is not there.

    Reported: `x-ms-pageable: {nextLinkName: nextLink}` is gone, or becomes `{nextLinkName: next}`.
    Not reported: an operation gains `x-ms-pageable`.
    """
    old, new = (_pageable(v) for v in pair.values("x-ms-pageable"))
    if old is None:
        return
    if new is None:
        yield pair.changed("x-ms-pageable", "paging removed (x-ms-pageable); flows with pagination on now get "
                                            "the first page only")
    elif old.get("nextLinkName") != new.get("nextLinkName") or old.get("itemName", "value") != new.get(
            "itemName", "value"):
        yield pair.changed("x-ms-pageable", f"paging changed ({show(old)} -> {show(new)}); flows with pagination "
                                            f"on follow another link or read other items")


@rule("input-moved", Severity.ERROR, INPUT)
def input_moved(pair: FieldPair) -> Iterator[Change]:
    """A parameter moved: it is sent in another place (query, header, path, form or body) under the same name.

    Flows keep their value, but the API now receives it where it did not look before. One finding, not a
    removal and an addition.

    Reported: the parameter `filter` moves from `in: query` to `in: header`.
    Not reported: `filter` stays in the query while its description changes.
    """
    if pair.both and pair.old.parameter_in != pair.new.parameter_in:
        yield pair.changed("in", f"parameter moved from {pair.old.parameter_in} to {pair.new.parameter_in}; the "
                                 f"API receives the value flows set in another place",
                           old=pair.old.parameter_in, new=pair.new.parameter_in)


def _collection_format(field) -> str:
    return str(field.schema.get("collectionFormat", "csv"))


@rule("collection-format-changed", Severity.ERROR, INPUT)
def collection_format_changed(pair: FieldPair) -> Iterator[Change]:
    """An array parameter is joined differently (collectionFormat: csv, ssv, tsv, pipes, multi).

    The same list from a flow reaches the API as another string.

    Reported: `ids` (`type: array`) goes from `collectionFormat: csv` to `multi`.
    Not reported: `ids` gains `collectionFormat: csv`, which is the default.
    """
    if pair.both and pair.old.type == "array" == pair.new.type and pair.old.parameter_in not in (None, "body"):
        before, after = _collection_format(pair.old), _collection_format(pair.new)
        if before != after:
            yield pair.changed("collectionFormat", f"array encoding changed from {before} to {after}; lists from "
                                                   f"flows reach the API as other text", old=before, new=after)
