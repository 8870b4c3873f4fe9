"""Rules on the outputs of a matched operation: the success response, its headers, a trigger's payload."""

from __future__ import annotations

from typing import Iterator

from generator.diff.context import Change, FieldPair, show
from generator.diff.registry import OUTPUT, rule
from generator.findings import Severity


def fits(value: object, kind: str | None) -> bool:
    """Whether a JSON value is of the schema type `kind` (True for a type this check does not know)."""
    if kind == "boolean":
        return isinstance(value, bool)
    if kind == "string":
        return isinstance(value, str)
    if kind in ("integer", "number"):
        return isinstance(value, int if kind == "integer" else (int, float)) and not isinstance(value, bool)
    return True


@rule("output-removed", Severity.ERROR, OUTPUT)
def output_removed(pair: FieldPair) -> Iterator[Change]:
    """An output field was removed (from the success response, its headers or a trigger's payload).

    Flows that use it as dynamic content break.

    Reported: the field `campaignId` of `Campaign_Push`'s 201 response is gone.
    Not reported: `campaignId` is still there with a new description.
    """
    if pair.old is not None and pair.new is None:
        yield pair.presence("output was removed; flows that use it break")


@rule("output-added", Severity.INFO, OUTPUT)
def output_added(pair: FieldPair) -> Iterator[Change]:
    """An output field was added (a response field or header, or a payload field).

    Existing flows do not use it yet, so nothing breaks.

    Reported: the 201 response of a trigger gains a `Location` header.
    Not reported: both versions declare the same outputs.
    """
    if pair.old is None and pair.new is not None:
        yield pair.presence("output was added; additive, existing flows are unaffected")


@rule("output-type-changed", Severity.ERROR, OUTPUT)
def output_type_changed(pair: FieldPair) -> Iterator[Change]:
    """The type of an output changed, in a response or in a trigger's x-ms-notification-content.

    Flows that use the value as the old type break.

    Reported: `ContactId` of a trigger payload changes from `type: integer` to `type: string`.
    Not reported: `allowCallback` stays `type: boolean` and loses its string enum `["true", "false"]`.
    """
    if pair.both and pair.old.type != pair.new.type and None not in (pair.old.type, pair.new.type):
        yield pair.changed("type", f"output type changed from {show(pair.old.type)} to {show(pair.new.type)}; "
                                   f"flows that use it as {show(pair.old.type)} break",
                           old=pair.old.type, new=pair.new.type)


@rule("output-format-changed", Severity.INFO, OUTPUT)
def output_format_changed(pair: FieldPair) -> Iterator[Change]:
    """The format of an output changed while its type stayed the same.

    A format on an output only describes the value (flows get the same JSON string or number); it shapes
    how the designer offers it, never whether a flow runs.

    Reported: `created` keeps `type: string` and gains `format: date-time`.
    Not reported: `created` keeps `type: string` without a format.
    """
    if pair.both and pair.old.type == pair.new.type:
        old, new = pair.values("format")
        if old != new:
            yield pair.changed("format", f"output format changed from {show(old)} to {show(new)}; the value is "
                                         f"the same JSON, only described differently")


@rule("output-enum-changed", Severity.INFO, OUTPUT)
def output_enum_changed(pair: FieldPair) -> Iterator[Change]:
    """The enum of an output changed.

    An output's enum only documents the values it may hold; flows read the value either way.

    Reported: `isApproved` (`type: boolean`) had `enum: ["true", "false"]` and has none now.
    Not reported: `isApproved` keeps the same enum.
    """
    if pair.both:
        old, new = pair.values("enum")
        if old != new:
            wrong = (f"; the old enum did not match type {pair.old.type}"
                     if isinstance(old, list) and not all(fits(v, pair.old.type) for v in old) else "")
            yield pair.changed("enum", f"output enum changed ({show(old)} -> {show(new)}){wrong}; not breaking, "
                                       f"output enums only document values")
