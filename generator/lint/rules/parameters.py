"""Operation parameters: names, locations, path variables, encodings and the texts users read."""

from __future__ import annotations

from generator.findings import Severity
from generator.lint.registry import rule
from generator.lint.rules.operations import TEMPLATE_VARIABLE

NON_BODY_KEYS_IN_BODY = ("type", "format", "items", "collectionFormat", "default", "enum", "allowEmptyValue")
HEADERS_OF_MEDIA_TYPE = ("content-type", "accept")


def _operation_params(ctx):
    """(operation, parameter) for every parameter each operation takes."""
    for op in ctx.operations:
        for param in ctx.parameters(op):
            yield op, param


def _visible_fields(ctx):
    """(tokens, label, value) of every field a user fills in: where its x-ms-summary and description show.

    Internal parameters and properties are never shown. A body parameter is shown as the properties of
    its schema, so those are checked, not the body parameter's own label; a body without properties
    (a string, a free object) is one field labelled by the parameter.
    """
    for op, param in _operation_params(ctx):
        if _internal(param.value):
            continue
        name = param.value.get("name")
        if param.value.get("in") == "body":
            schema = ctx.resolve_object(param.value.get("schema"))
            properties = schema.get("properties") if isinstance(schema, dict) else None
            if isinstance(properties, dict) and properties and not _internal(schema):
                where = ctx.written_at(ctx.written_at(param.tokens) + ("schema",))
                for prop_name, prop in properties.items():
                    resolved = ctx.resolve_object(prop)
                    if isinstance(resolved, dict) and not _internal(resolved) and resolved.get("readOnly") is not True:
                        yield where + ("properties", prop_name), f"body property {prop_name!r} of {op.name}", resolved
                continue
        yield param.tokens, f"parameter {name!r} of {op.name}", param.value


def _internal(value: dict) -> bool:
    return str(value.get("x-ms-visibility", "")).lower() == "internal"


def _labelled(ctx, value: dict) -> bool:
    """The field has a label: x-ms-summary, or for a schema property its title or, for an array of
    plain values, the label of its items (the designer shows each entry under that label)."""
    if not _missing_text(value, "x-ms-summary"):
        return True
    if "name" in value:
        return False
    if not _missing_text(value, "title"):
        return True
    items = ctx.resolve_object(value.get("items")) if value.get("type") == "array" else None
    return isinstance(items, dict) and not (_missing_text(items, "x-ms-summary") and _missing_text(items, "title"))


def _missing_text(value: dict, key: str) -> bool:
    text = value.get(key)
    return not isinstance(text, str) or not text.strip()


@rule("parameter-summary", Severity.ERROR, "every field a user fills in has x-ms-summary", "certification")
def parameter_summary(ctx):
    """x-ms-summary is the field label in the designer; without it users see the raw name. A body
    parameter's fields are the properties of its schema, labelled by x-ms-summary or else their title;
    internal parameters are never shown.

    Requirement: Microsoft's certification review requires x-ms-summary on every parameter a user sees
    (reported as an error in the public connector repository's certification checks).

    Passes:
        paths: {/a: {get: {parameters: [{name: q, in: query, type: string, x-ms-summary: Search text}]}}}
    Fails:
        paths: {/a: {get: {parameters: [{name: q, in: query, type: string}]}}}
    """
    seen = set()
    for tokens, what, value in _visible_fields(ctx):
        if tokens not in seen and not _labelled(ctx, value):
            seen.add(tokens)
            yield ctx.hit(tokens, f"{what} has no x-ms-summary")


@rule("parameter-description", Severity.ERROR, "every field a user fills in has a description", "certification")
def parameter_description(ctx):
    """The description is the field's help text in the designer. A body parameter's fields are the
    properties of its schema; internal parameters are never shown.

    Requirement: Microsoft's certification review requires a description on every parameter a user sees
    (reported as an error in the public connector repository's certification checks).

    Passes:
        paths: {/a: {get: {parameters: [{name: q, in: query, type: string, description: Text to search for}]}}}
    Fails:
        paths: {/a: {get: {parameters: [{name: q, in: query, type: string}]}}}
    """
    seen = set()
    for tokens, what, value in _visible_fields(ctx):
        if tokens not in seen and _missing_text(value, "description"):
            seen.add(tokens)
            yield ctx.hit(tokens, f"{what} has no description")


@rule("path-parameter-undeclared", Severity.ERROR, "every path variable has a path parameter",
      ms_code="OperationMissingPathParameter")
def path_parameter_undeclared(ctx):
    """A variable without parameter is sent literally, braces and all.

    Requirement: Microsoft's certification swagger validator rule OperationMissingPathParameter.

    Passes:
        paths: {'/items/{id}': {get: {parameters: [{name: id, in: path, required: true, type: string}]}}}
    Fails:
        paths: {'/items/{id}': {get: {parameters: []}}}
    """
    for op in ctx.operations:
        declared = {p.value.get("name") for p in ctx.parameters(op) if p.value.get("in") == "path"}
        for name in TEMPLATE_VARIABLE.findall(op.path):
            if name not in declared:
                yield ctx.hit(op.tokens, f"{op.route} declares no path parameter {name!r}")


@rule("path-parameter-unused", Severity.ERROR, "every path parameter appears in the path",
      ms_code="PathParameterNotDefinedInTemplate")
def path_parameter_unused(ctx):
    """A path parameter missing from the template is asked of the user and then thrown away.

    Requirement: Microsoft's certification swagger validator rule PathParameterNotDefinedInTemplate.

    Passes:
        paths: {'/items/{id}': {get: {parameters: [{name: id, in: path, required: true, type: string}]}}}
    Fails:
        paths: {/items: {get: {parameters: [{name: id, in: path, required: true, type: string}]}}}
    """
    for op, param in _operation_params(ctx):
        variables = set(TEMPLATE_VARIABLE.findall(op.path))
        if param.value.get("in") == "path" and param.value.get("name") not in variables:
            yield ctx.hit(param.tokens, f"path parameter {param.value.get('name')!r} is not in {op.path}")


@rule("path-parameter-required", Severity.ERROR, "path parameters are required", ms_code="PathParameterMustBeRequired")
def path_parameter_required(ctx):
    """A path cannot be built without its variables.

    Requirement: Microsoft's certification swagger validator rule PathParameterMustBeRequired.

    Passes:
        paths: {'/items/{id}': {get: {parameters: [{name: id, in: path, required: true, type: string}]}}}
    Fails:
        paths: {'/items/{id}': {get: {parameters: [{name: id, in: path, type: string}]}}}
    """
    for node in ctx.at("parameter"):
        if node.value.get("in") == "path" and node.value.get("required") is not True:
            yield ctx.hit(node.tokens, f"path parameter {node.value.get('name')!r} must say required: true")


@rule("path-parameter-encoding", Severity.WARNING, "path parameters set x-ms-url-encoding", "certification",
      ms_code="PathParameterMissingEncoding")
def path_parameter_encoding(ctx):
    """Without it a value containing '/' or '?' changes the request's path.

    Passes:
        paths: {'/items/{id}': {get: {parameters: [{name: id, in: path, required: true, type: string,
          x-ms-url-encoding: single}]}}}
    Fails:
        paths: {'/items/{id}': {get: {parameters: [{name: id, in: path, required: true, type: string}]}}}
    """
    for node in ctx.at("parameter"):
        if node.value.get("in") == "path" and "x-ms-url-encoding" not in node.value:
            yield ctx.hit(node.tokens, f"path parameter {node.value.get('name')!r} has no x-ms-url-encoding "
                                       "(use 'single')")


@rule("url-encoding-placement", Severity.WARNING, "x-ms-url-encoding is set on path parameters only",
      ms_code="QueryParameterEncodingNotSupported")
def url_encoding_placement(ctx):
    """Query values are always encoded once; the setting has no effect elsewhere.

    Passes:
        paths: {/a: {get: {parameters: [{name: q, in: query, type: string}]}}}
    Fails:
        paths: {/a: {get: {parameters: [{name: q, in: query, type: string, x-ms-url-encoding: double}]}}}
    """
    for node in ctx.at("parameter"):
        if "x-ms-url-encoding" in node.value and node.value.get("in") != "path":
            yield ctx.hit(node.tokens + ("x-ms-url-encoding",),
                          f"x-ms-url-encoding on {node.value.get('in')} parameter {node.value.get('name')!r} is ignored")


@rule("parameter-duplicate", Severity.ERROR, "no parameter is declared twice (same name and location)",
      ms_code=("OperationParametersContainDuplicateParameter", "PathParametersContainDuplicateParameter",
               "OperationParametersAreNotUnique"))
def parameter_duplicate(ctx):
    """Two parameters with one name and location fight over the same slot of the request.

    Requirement: Microsoft's certification swagger validator rules
    OperationParametersContainDuplicateParameter, PathParametersContainDuplicateParameter,
    OperationParametersAreNotUnique.

    Passes:
        paths: {/a: {get: {parameters: [{name: q, in: query, type: string}, {name: q, in: header, type: string}]}}}
    Fails:
        paths: {/a: {get: {parameters: [{name: q, in: query, type: string}, {name: q, in: query, type: string}]}}}
    """
    lists = [(op.tokens + ("parameters",), op.value.get("parameters"), "OperationParametersContainDuplicateParameter")
             for op in ctx.operations]
    lists += [(("paths", path, "parameters"), item.get("parameters"), "PathParametersContainDuplicateParameter")
              for path, item in ctx.paths.items() if isinstance(item, dict)]
    for tokens, raw, code in lists:
        seen = set()
        for index, item in enumerate(raw if isinstance(raw, list) else ()):
            value = ctx.resolve_object(item)
            if not isinstance(value, dict):
                continue
            key = (value.get("name"), value.get("in"))
            if key in seen:
                yield ctx.hit(tokens + (index,), f"parameter {key[0]!r} in {key[1]} is declared twice", code)
            seen.add(key)


@rule("parameter-multiple-body", Severity.ERROR, "at most one body parameter, and never with formData",
      ms_code=("OperationParametersContainMultipleBodyParameters", "PathParametersContainMultipleBodyParameters",
               "ParameterListContainsFormDataAndBody"))
def parameter_multiple_body(ctx):
    """A request has one body: a JSON document or a form, not both.

    Requirement: Microsoft's certification swagger validator rules
    OperationParametersContainMultipleBodyParameters, PathParametersContainMultipleBodyParameters,
    ParameterListContainsFormDataAndBody.

    Passes:
        paths: {/a: {post: {parameters: [{name: body, in: body, schema: {type: object}}]}}}
    Fails:
        paths: {/a: {post: {parameters: [{name: a, in: body, schema: {type: object}},
                                         {name: b, in: body, schema: {type: object}}]}}}
    """
    for path, item in ctx.paths.items():
        if isinstance(item, dict):
            yield from _bodies(ctx, ("paths", path, "parameters"), item.get("parameters"),
                               "PathParametersContainMultipleBodyParameters")
    for op in ctx.operations:
        yield from _bodies(ctx, op.tokens + ("parameters",), op.value.get("parameters"),
                           "OperationParametersContainMultipleBodyParameters")
        locations = {p.value.get("in") for p in ctx.parameters(op)}
        if {"body", "formData"} <= locations:
            yield ctx.hit(op.tokens + ("parameters",), f"operation {op.name} has both a body and formData parameters",
                          "ParameterListContainsFormDataAndBody")


def _bodies(ctx, tokens, raw, code):
    bodies = [i for i, p in enumerate(raw if isinstance(raw, list) else ())
              if isinstance(value := ctx.resolve_object(p), dict) and value.get("in") == "body"]
    for index in bodies[1:]:
        yield ctx.hit(tokens + (index,), "a second body parameter; a request has one body", code)


@rule("connection-id-parameter", Severity.ERROR, "no parameter is named connectionId",
      ms_code="ConnectionIdParameterNotAllowed")
def connection_id_parameter(ctx):
    """The platform uses connectionId for the connection itself.

    Requirement: Microsoft's certification swagger validator rule ConnectionIdParameterNotAllowed.

    Passes:
        paths: {/a: {get: {parameters: [{name: accountId, in: query, type: string}]}}}
    Fails:
        paths: {/a: {get: {parameters: [{name: connectionId, in: query, type: string}]}}}
    """
    for node in ctx.at("parameter"):
        if str(node.value.get("name", "")).lower() == "connectionid":
            yield ctx.hit(node.tokens + ("name",), "the parameter name 'connectionId' is reserved by the platform")


@rule("body-parameter-schema", Severity.ERROR, "a body parameter has a schema", ms_code="BodyParameterSchemaRequired")
def body_parameter_schema(ctx):
    """The schema is what the designer builds the body's fields from.

    Requirement: Microsoft's certification swagger validator rule BodyParameterSchemaRequired.

    Passes:
        paths: {/a: {post: {parameters: [{name: body, in: body, schema: {type: object}}]}}}
    Fails:
        paths: {/a: {post: {parameters: [{name: body, in: body}]}}}
    """
    for node in ctx.at("parameter"):
        if node.value.get("in") == "body" and not isinstance(node.value.get("schema"), dict):
            yield ctx.hit(node.tokens, f"body parameter {node.value.get('name')!r} has no schema")


@rule("body-parameter-keys", Severity.ERROR, "a body parameter describes its value in its schema",
      ms_code="BodyParameterPropertyNotValid")
def body_parameter_keys(ctx):
    """type, format, items and the like belong in the body's schema, not beside it.

    Requirement: Microsoft's certification swagger validator rule BodyParameterPropertyNotValid.

    Passes:
        paths: {/a: {post: {parameters: [{name: body, in: body, schema: {type: string}}]}}}
    Fails:
        paths: {/a: {post: {parameters: [{name: body, in: body, type: string, schema: {type: string}}]}}}
    """
    for node in ctx.at("parameter"):
        if node.value.get("in") == "body":
            for key in NON_BODY_KEYS_IN_BODY:
                if key in node.value:
                    yield ctx.hit(node.tokens + (key,), f"body parameter {node.value.get('name')!r} sets {key!r}; "
                                                        "move it into the schema")


@rule("parameter-schema-non-body", Severity.ERROR, "only body parameters have a schema",
      ms_code="NonBodyParameterSchemaNotValid")
def parameter_schema_non_body(ctx):
    """Query, header, path and form parameters are described by type, format and items.

    Requirement: Microsoft's certification swagger validator rule NonBodyParameterSchemaNotValid.

    Passes:
        paths: {/a: {get: {parameters: [{name: q, in: query, type: string}]}}}
    Fails:
        paths: {/a: {get: {parameters: [{name: q, in: query, schema: {type: string}}]}}}
    """
    for node in ctx.at("parameter"):
        if node.value.get("in") not in ("body", None) and "schema" in node.value:
            yield ctx.hit(node.tokens + ("schema",), f"{node.value.get('in')} parameter {node.value.get('name')!r} "
                                                     "has a schema; use type instead")


@rule("allow-empty-value", Severity.ERROR, "allowEmptyValue is used on query and formData parameters only",
      ms_code="AllowEmptyValueOnlyValidForQueryFormData")
def allow_empty_value(ctx):
    """Only query and form values can be sent empty.

    Requirement: Microsoft's certification swagger validator rule AllowEmptyValueOnlyValidForQueryFormData.

    Passes:
        paths: {/a: {get: {parameters: [{name: q, in: query, type: string, allowEmptyValue: true}]}}}
    Fails:
        paths: {/a: {get: {parameters: [{name: h, in: header, type: string, allowEmptyValue: true}]}}}
    """
    for node in ctx.at("parameter"):
        if "allowEmptyValue" in node.value and node.value.get("in") not in ("query", "formData"):
            yield ctx.hit(node.tokens + ("allowEmptyValue",),
                          f"allowEmptyValue on {node.value.get('in')} parameter {node.value.get('name')!r}")


@rule("file-parameter", Severity.ERROR, "file parameters are formData parameters",
      ms_code=("FileParameterMustBeInFormData", "SchemaTypeFileNotValid"))
def file_parameter(ctx):
    """A file can only be uploaded as a form field or returned as a whole response.

    Requirement: Microsoft's certification swagger validator rules FileParameterMustBeInFormData,
    SchemaTypeFileNotValid.

    Passes:
        paths: {/a: {post: {parameters: [{name: f, in: formData, type: file}]}}}
    Fails:
        paths: {/a: {post: {parameters: [{name: f, in: query, type: file}]}}}
    """
    for node in ctx.at("parameter"):
        if node.value.get("type") == "file" and node.value.get("in") != "formData":
            yield ctx.hit(node.tokens + ("type",), f"{node.value.get('in')} parameter {node.value.get('name')!r} "
                                                   "has type file", "FileParameterMustBeInFormData")
    for node in ctx.schemas():
        root_response = node.direction == "output" and node.tokens[-1] == "schema" and "responses" in node.tokens
        if node.value.get("type") == "file" and not root_response:
            yield ctx.hit(node.tokens + ("type",), "type 'file' is allowed only for a whole response",
                          "SchemaTypeFileNotValid")


@rule("form-data-name-ascii", Severity.ERROR, "formData parameter names are US-ASCII",
      ms_code="InvalidFormDataParameterName")
def form_data_name_ascii(ctx):
    """Form field names are written into the request without encoding.

    Requirement: Microsoft's certification swagger validator rule InvalidFormDataParameterName.

    Passes:
        paths: {/a: {post: {parameters: [{name: file, in: formData, type: file}]}}}
    Fails:
        paths: {/a: {post: {parameters: [{name: fichié, in: formData, type: file}]}}}
    """
    for node in ctx.at("parameter"):
        name = node.value.get("name")
        if node.value.get("in") == "formData" and isinstance(name, str) and not name.isascii():
            yield ctx.hit(node.tokens + ("name",), f"form field name {name!r} is not US-ASCII")


@rule("internal-parameter-optional", Severity.ERROR, "an internal parameter with a default is required",
      ms_code="PropertyMustBeRequired")
def internal_parameter_optional(ctx):
    """Users cannot see an internal parameter, and optional ones are left out: its default is never sent.

    Requirement: Microsoft's certification swagger validator rule PropertyMustBeRequired.

    Passes:
        paths: {/a: {get: {parameters: [{name: v, in: query, type: string, default: '2', required: true,
          x-ms-visibility: internal}]}}}
    Fails:
        paths: {/a: {get: {parameters: [{name: v, in: query, type: string, default: '2',
          x-ms-visibility: internal}]}}}
    """
    for node in ctx.at("parameter"):
        value = node.value
        if value.get("x-ms-visibility") == "internal" and "default" in value and value.get("required") is not True:
            yield ctx.hit(node.tokens, f"internal parameter {value.get('name')!r} has a default but is not required")


@rule("media-type-header", Severity.WARNING, "Content-Type and Accept are set by consumes and produces",
      "certification")
def media_type_header(ctx):
    """A Content-Type or Accept header parameter asks the user for what the platform already sends.

    Passes:
        consumes: [application/json]
    Fails:
        paths: {/a: {post: {parameters: [{name: Content-Type, in: header, required: true, type: string}]}}}
    """
    for node in ctx.at("parameter"):
        name = str(node.value.get("name", ""))
        if node.value.get("in") == "header" and name.lower() in HEADERS_OF_MEDIA_TYPE:
            where = "consumes" if name.lower() == "content-type" else "produces"
            yield ctx.hit(node.tokens, f"header parameter {name!r}: declare the media type in {where} instead")
