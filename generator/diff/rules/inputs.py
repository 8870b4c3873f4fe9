"""Rules on the inputs of a matched operation: parameters and every field of a request body."""

from __future__ import annotations

from typing import Any, Iterator

from generator.diff.context import MISSING, Change, FieldPair, show
from generator.diff.registry import INPUT, OUTPUT, rule
from generator.diff.schema import Field
from generator.findings import Severity, resolve_pointer

# Headers the platform writes from the media types the operation declares, never from a flow.
CONTENT_HEADERS = {"content-type": "consumes", "accept": "produces"}
# An enum that lists every value of its type restricts nothing.
WHOLE_TYPE = {"boolean": [True, False]}


def _media_types(pair: FieldPair, key: str) -> list[str]:
    operation = resolve_pointer(pair.operation.new_side.swagger, pair.operation.new_pointer) or {}
    declared = operation.get(key, pair.operation.new_side.swagger.get(key)) or []
    return [str(t) for t in declared]


def connection_sent(pair: FieldPair, field: Field) -> str | None:
    """The security scheme that sends this header or query parameter from the connection's API key, if any."""
    if len(field.key) != 3 or field.parameter_in not in ("header", "query"):
        return None
    name = str(field.schema.get("name", "")).lower()
    schemes = pair.operation.new_side.swagger.get("securityDefinitions")
    for scheme_name, scheme in (schemes.items() if isinstance(schemes, dict) else ()):
        if isinstance(scheme, dict) and scheme.get("type") == "apiKey" and scheme.get("in") == field.parameter_in \
                and str(scheme.get("name", "")).lower() == name:
            return scheme_name
    return None


def platform_filled(pair: FieldPair, field: Field | None = None) -> str | None:
    """Why no flow can depend on an internal input that was removed (or added), or None when flows may set it.

    Users never see an internal input: the platform fills it from its default or leaves it out. The
    notification URL of a webhook is internal too, but the platform needs it to subscribe. A parameter
    that repeats the header of the connection's API key is sent by the connection either way."""
    field = field or pair.old
    scheme = connection_sent(pair, field)
    if scheme is not None:
        return (f"the connection sends {field.parameter_in} {field.schema.get('name')!r} itself (security scheme "
                f"{scheme!r}), so flows never needed to set it")
    if not field.internal or field.schema.get("x-ms-notification-url") is True:
        return None
    media = _content_header(field)
    if media is not None:
        declared = _media_types(pair, media)
        where = f"now declared by {media} {show(declared)}" if declared else f"declared by {media}"
        return f"the platform sets this header from the media types ({where}); it is internal, no flow sets it"
    if "default" in field.schema:
        return (f"it is internal with the default {show(field.schema['default'])}, which the platform sends by "
                f"itself; no flow sets it")
    if not field.required:
        return "it is internal and optional, so no flow can set it"
    return None


def _content_header(field: Field) -> str | None:
    """consumes or produces, when `field` is the Content-Type or Accept header parameter."""
    if field.key[:2] == ("parameter", "header") and len(field.key) == 3:
        return CONTENT_HEADERS.get(str(field.schema.get("name", "")).lower())
    return None


@rule("input-removed", Severity.ERROR, INPUT)
def input_removed(pair: FieldPair) -> Iterator[Change]:
    """An input (a parameter or a body field) was removed.

    Flows that set it fail: the designer rejects a value for an input that no longer exists.

    Reported: the body field `Message` of `Campaign_Push` is gone.
    Not reported: an internal `Content-Type` header with a default is gone (see `internal-input-removed`).
    """
    if pair.old is not None and pair.new is None and platform_filled(pair) is None:
        yield pair.presence("input was removed; flows that set it break")


@rule("internal-input-removed", Severity.INFO, INPUT)
def internal_input_removed(pair: FieldPair) -> Iterator[Change]:
    """An input that no flow needs to set was removed: an internal one, or the connection's API key header.

    Internal inputs are hidden from users: the platform sends their default, sets content headers from
    consumes/produces, or leaves them out; a parameter repeating the API key header of the security
    scheme is sent by the connection anyway. Removing one changes no flow.

    Reported: the required internal header `Content-Type` (default `application/json`) is removed and the
    operation declares `consumes: [application/json]`.
    Not reported: a visible input is removed (that is `input-removed`).
    """
    if pair.old is not None and pair.new is None:
        reason = platform_filled(pair)
        if reason is not None:
            yield pair.presence(f"input was removed, which breaks nothing: {reason}")


@rule("input-required-added", Severity.ERROR, INPUT)
def input_required_added(pair: FieldPair) -> Iterator[Change]:
    """A required input was added, with or without a default.

    Flows saved before have no value for it and fail validation until someone edits them.

    Reported: `Campaign_Push` gains a required body field `Priority` (even with `default: normal`).
    Not reported: `Campaign_Push` gains an optional body field `Priority`, or a required internal one with a
    default (that is `internal-input-added`).
    """
    if pair.old is None and pair.new is not None and pair.new.required and platform_filled(pair, pair.new) is None:
        with_default = f" (its default {show(pair.new.schema['default'])} does not help flows saved before)" \
            if "default" in pair.new.schema else ""
        yield pair.presence(f"required input was added; existing flows have no value for it{with_default}")


@rule("internal-input-added", Severity.INFO, INPUT)
def internal_input_added(pair: FieldPair) -> Iterator[Change]:
    """A required input was added that no flow has to set: internal with a default, or filled by the platform.

    The same policy as `internal-input-removed`: the platform sends the default, sets content headers from
    consumes/produces, and the connection sends its API key header, so flows saved before need no value.

    Reported: a required internal header `X-Version` with `default: "2"` is added.
    Not reported: a required visible input is added (that is `input-required-added`).
    """
    if pair.old is None and pair.new is not None and pair.new.required:
        reason = platform_filled(pair, pair.new)
        if reason is not None:
            yield pair.presence(f"required internal input was added, which breaks nothing: {reason}")


@rule("input-added", Severity.INFO, INPUT)
def input_added(pair: FieldPair) -> Iterator[Change]:
    """An optional input was added.

    Existing flows simply leave it out.

    Reported: `Campaign_Push` gains an optional body field `Priority`.
    Not reported: the new field is required (that is `input-required-added`).
    """
    if pair.old is None and pair.new is not None and not pair.new.required:
        yield pair.presence("optional input was added; existing flows leave it out")


@rule("input-made-required", Severity.ERROR, INPUT)
def input_made_required(pair: FieldPair) -> Iterator[Change]:
    """An optional input was made required.

    Flows that left it empty fail validation.

    Reported: `MediaId` of `Campaign_Push` is added to the body schema's `required` list.
    Not reported: `MediaId` stays optional, or a required input becomes optional.
    """
    if pair.both and pair.new.required and not pair.old.required:
        yield pair.changed("required", "optional input made required; flows that left it empty break",
                           old=False, new=True)


@rule("input-made-optional", Severity.INFO, INPUT)
def input_made_optional(pair: FieldPair) -> Iterator[Change]:
    """A required input was made optional.

    Flows that set it keep working; new flows may leave it empty.

    Reported: `Text` is taken out of the body schema's `required` list.
    Not reported: `Text` stays required.
    """
    if pair.both and pair.old.required and not pair.new.required:
        yield pair.changed("required", "required input made optional; flows that set it keep working",
                           old=True, new=False)


@rule("input-type-changed", Severity.ERROR, INPUT)
def input_type_changed(pair: FieldPair) -> Iterator[Change]:
    """The type of an input changed.

    Values flows pass (a list, a number, an object) no longer fit.

    Reported: the body field `Targets` changes from `type: array` to `type: string`.
    Not reported: `Targets` stays an array of strings while its description changes.
    """
    if pair.both and pair.old.type != pair.new.type and None not in (pair.old.type, pair.new.type):
        yield pair.changed("type", f"input type changed from {show(pair.old.type)} to {show(pair.new.type)}; "
                                   f"values flows pass no longer fit", old=pair.old.type, new=pair.new.type)


@rule("type-declared", Severity.INFO, (INPUT, OUTPUT))
def type_declared(pair: FieldPair) -> Iterator[Change]:
    """An untyped schema (`{}`, any value) became typed, or a typed one became untyped.

    An untyped input or output is whatever the API sends or takes; declaring what it is (or ceasing to)
    does not change the JSON flows exchange, so it is no type change.

    Reported: `payload` goes from `{}` to `{type: object, properties: {...}}`.
    Not reported: `payload` goes from `type: string` to `type: integer` (a type change).
    """
    if pair.both and pair.old.type != pair.new.type and None in (pair.old.type, pair.new.type):
        verb = "declared" if pair.old.type is None else "dropped"
        yield pair.changed("type", f"type {verb} ({show(pair.old.type or 'any')} -> {show(pair.new.type or 'any')}); "
                                   f"an untyped schema takes any value, so this is no type change",
                           old=pair.old.type, new=pair.new.type)


# Formats a value of each type may have, each with the formats whose values it accepts too. A format not
# listed is a label the platform does not check: it is ignored.
FORMATS = {
    "integer": {"int64": {"int32"}, "int32": set()},
    "number": {"double": {"float"}, "float": set()},
    "string": {"date-time": {"date"}, "date": set(), "byte": set(), "binary": set(), "email": set(),
               "uri": set(), "uuid": set(), "time": set()},
}


def _format(field: Field) -> str | None:
    value = field.schema.get("format")
    return value if isinstance(value, str) and value in FORMATS.get(field.type or "", {}) else None


def narrows(field_type: str | None, before: str | None, after: str | None) -> bool:
    """Whether an input that had format `before` accepts fewer values with format `after`."""
    if before == after or after is None:
        return False
    if before is None:
        return True
    return before not in FORMATS[field_type or ""].get(after, set())


@rule("input-format-changed", Severity.ERROR, INPUT)
def input_format_changed(pair: FieldPair) -> Iterator[Change]:
    """The format of an input narrowed the values it accepts, while its type stayed the same.

    Values flows pass under the old format may be refused: int64 to int32, double to float, date-time to
    date, or a format added to an input that had none. Format labels the platform does not know are ignored.

    Reported: `MediaId` keeps `type: integer` and changes from `format: int64` to `format: int32`.
    Not reported: `format: int32` becomes `int64` (see `input-format-widened`).
    """
    if pair.both and pair.old.type == pair.new.type:
        before, after = _format(pair.old), _format(pair.new)
        if narrows(pair.old.type, before, after):
            yield pair.changed("format", f"input format narrowed from {show(before)} to {show(after)}; values "
                                         f"flows pass may no longer fit", old=before or MISSING, new=after)


@rule("input-format-widened", Severity.INFO, INPUT)
def input_format_widened(pair: FieldPair) -> Iterator[Change]:
    """The format of an input widened the values it accepts, or was dropped.

    Every value flows passed before still fits.

    Reported: `MediaId` changes from `format: int32` to `format: int64`.
    Not reported: `int64` becomes `int32` (that is `input-format-changed`).
    """
    if pair.both and pair.old.type == pair.new.type:
        before, after = _format(pair.old), _format(pair.new)
        if before != after and not narrows(pair.old.type, before, after):
            yield pair.changed("format", f"input format widened from {show(before)} to {show(after)}; every value "
                                         f"flows pass still fits", old=before, new=after or MISSING)


def _enum(value: Any) -> list | None:
    return value if isinstance(value, list) else None


@rule("input-enum-value-removed", Severity.ERROR, INPUT)
def input_enum_value_removed(pair: FieldPair) -> Iterator[Change]:
    """A value was removed from an input's enum.

    Flows that chose that value send something the connector no longer accepts.

    Reported: `Channel` has `enum: [sms, mms]` and then `enum: [sms]`.
    Not reported: `enum: [sms]` becomes `enum: [sms, mms]`.
    """
    if pair.both:
        old, new = (_enum(v) for v in pair.values("enum"))
        if old is not None and new is not None:
            removed = [value for value in old if value not in new]
            if removed:
                yield pair.changed("enum", f"enum value(s) {show(removed)} removed; flows that chose them break")


@rule("input-enum-added", Severity.ERROR, INPUT)
def input_enum_added(pair: FieldPair) -> Iterator[Change]:
    """An enum was added to an input that took any value.

    Flows that pass a value outside the new list break.

    Reported: `Message` had no enum and now has `enum: [hello, bye]`.
    Not reported: a boolean gets `enum: [true, false]` (every boolean is still allowed).
    """
    if pair.both:
        old, new = (_enum(v) for v in pair.values("enum"))
        whole = WHOLE_TYPE.get(pair.new.type)
        if old is None and new is not None and not (whole is not None and all(v in new for v in whole)):
            yield pair.changed("enum", f"enum {show(new)} added to a free input; flows passing other values break")


@rule("input-enum-widened", Severity.INFO, INPUT)
def input_enum_widened(pair: FieldPair) -> Iterator[Change]:
    """An input's enum was dropped: it accepts any value now.

    Every value flows chose before is still accepted.

    Reported: `Channel` has `enum: [sms, mms]` and then no enum.
    Not reported: a value is removed from the enum (that is `input-enum-value-removed`).
    """
    if pair.both:
        old, new = (_enum(v) for v in pair.values("enum"))
        if old is not None and new is None:
            yield pair.changed("enum", "enum dropped; the input now takes any value, every value flows chose "
                                       "still works")


@rule("input-enum-value-added", Severity.WARNING, INPUT)
def input_enum_value_added(pair: FieldPair) -> Iterator[Change]:
    """Values were added to an input's enum.

    Every value flows chose still works; but the API must accept the new values, and a flow that branches on
    the value (a switch over the old list) meets one it does not handle.

    Reported: `Channel` has `enum: [sms]` and then `enum: [sms, mms]`.
    Not reported: a value is removed from the enum (that is `input-enum-value-removed`).
    """
    if pair.both:
        old, new = (_enum(v) for v in pair.values("enum"))
        if old is not None and new is not None:
            added = [value for value in new if value not in old]
            if added:
                yield pair.changed("enum", f"enum value(s) {show(added)} added; every value flows chose still works, "
                                           f"but the API must accept the new ones")


@rule("input-made-internal", Severity.ERROR, INPUT)
def input_made_internal(pair: FieldPair) -> Iterator[Change]:
    """An input was made internal (x-ms-visibility: internal).

    Flows that set it lose their value: the platform sends the default instead, or nothing.

    Reported: `MediaId` goes from `x-ms-visibility: advanced` to `internal`.
    Not reported: `MediaId` goes from `advanced` to `important`.
    """
    if pair.both and pair.new.internal and not pair.old.internal and _content_header(pair.new) is None:
        yield pair.changed("x-ms-visibility", "input made internal; values flows set for it are lost")


@rule("content-header-made-internal", Severity.INFO, INPUT)
def content_header_made_internal(pair: FieldPair) -> Iterator[Change]:
    """A Content-Type or Accept header parameter was made internal.

    The media types the operation declares (consumes/produces) decide the wire format; the header was a
    duplicate of them, and the platform now sends its default.

    Reported: the visible header `Content-Type` (`default: application/json`) gets `x-ms-visibility: internal`.
    Not reported: any other input made internal (that is `input-made-internal`).
    """
    if pair.both and pair.new.internal and not pair.old.internal and _content_header(pair.new) is not None:
        yield pair.changed("x-ms-visibility", f"content header made internal; the platform sends "
                                              f"{show(pair.new.schema.get('default', 'the declared media type'))}, "
                                              f"as {_content_header(pair.new)} declares the wire format")


@rule("default-changed", Severity.WARNING, INPUT)
def default_changed(pair: FieldPair) -> Iterator[Change]:
    """The default value of an input changed, appeared or disappeared.

    Flows that never set the input now behave differently.

    Reported: `ForceOptIn` has `default: false` and then `default: true`.
    Not reported: `ForceOptIn` keeps `default: false`.
    """
    if pair.both:
        old, new = pair.values("default")
        if old != new:
            verb = "added" if old is MISSING else "removed" if new is MISSING else "changed"
            yield pair.changed("default", f"default {verb} ({show(old)} -> {show(new)}); flows that leave the "
                                          f"input empty behave differently")


def _encoding(field: Field) -> str:
    # A path parameter without x-ms-url-encoding is encoded once ("single").
    return str(field.schema.get("x-ms-url-encoding", "single"))


@rule("url-encoding-changed", Severity.WARNING, INPUT)
def url_encoding_changed(pair: FieldPair) -> Iterator[Change]:
    """How a path parameter is URL-encoded changed (x-ms-url-encoding single or double).

    The same value reaches the API differently, so values with `/` or `%` may mean something else.

    Reported: `accountId` goes from `x-ms-url-encoding: single` to `double`.
    Not reported: `accountId` gets `x-ms-url-encoding: single` where it had none (see `url-encoding-declared`).
    """
    if pair.both and pair.old.parameter_in == "path" and _encoding(pair.old) != _encoding(pair.new):
        yield pair.changed("x-ms-url-encoding", f"URL encoding changed from {_encoding(pair.old)} to "
                                                f"{_encoding(pair.new)}; values reach the API differently")


@rule("url-encoding-declared", Severity.INFO, INPUT)
def url_encoding_declared(pair: FieldPair) -> Iterator[Change]:
    """A path parameter declares or drops x-ms-url-encoding, and its encoding stays the same.

    `single` is what the platform does when nothing is declared, so requests stay the same.

    Reported: `accountId` had no x-ms-url-encoding and now says `single`.
    Not reported: `accountId` says `single` in both versions.
    """
    if pair.both and pair.old.parameter_in == "path" and _encoding(pair.old) == _encoding(pair.new):
        old, new = pair.values("x-ms-url-encoding")
        if old != new:
            verb = "declared" if old is MISSING else "dropped"
            yield pair.changed("x-ms-url-encoding", f"x-ms-url-encoding {verb} ({show(old)} -> {show(new)}); "
                                                    f"{_encoding(pair.new)} is the platform's default, so requests "
                                                    f"are unchanged")
