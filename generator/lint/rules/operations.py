"""Operations and paths: ids, summaries, responses, path templates and media types."""

from __future__ import annotations

import re

from generator.findings import Severity
from generator.lint.registry import rule

SUMMARY_MAX = 120
RESTRICTED_SUMMARY_CHARACTERS = "/\\<>*%&?"
OPERATION_ID = re.compile(r"^[A-Za-z0-9_-]+$")
TEMPLATE_VARIABLE = re.compile(r"\{([^{}/]*)\}")
FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


@rule("operation-id-required", Severity.ERROR, "every operation has an operationId", ms_code="OperationIdRequired")
def operation_id_required(ctx):
    """Flows store the operationId; without one the operation cannot be used.

    Requirement: Microsoft's certification swagger validator rule OperationIdRequired.

    Passes:
        paths: {/messages: {get: {operationId: ListMessages}}}
    Fails:
        paths: {/messages: {get: {summary: List messages}}}
    """
    for op in ctx.operations:
        if "operationId" not in op.value:
            yield ctx.hit(op.tokens, f"{op.route} has no operationId")


@rule("operation-id-unique", Severity.ERROR, "operationIds are unique", ms_code="OperationIdNotUnique")
def operation_id_unique(ctx):
    """Operations are found by operationId, so two with one id make one of them unreachable.

    Requirement: Microsoft's certification swagger validator rule OperationIdNotUnique.

    Passes:
        paths: {/a: {get: {operationId: GetA}}, /b: {get: {operationId: GetB}}}
    Fails:
        paths: {/a: {get: {operationId: Get}}, /b: {get: {operationId: Get}}}
    """
    first: dict[str, object] = {}
    for op in ctx.operations:
        op_id = op.value.get("operationId")
        if not isinstance(op_id, str):
            continue
        if op_id in first:
            yield ctx.hit(op.tokens + ("operationId",), f"operationId {op_id!r} is also used by {first[op_id]}")
        else:
            first[op_id] = op.route


@rule("operation-id-characters", Severity.WARNING, "operationIds use letters, digits, '_' and '-' only",
      ms_code="OperationIdSanitized")
def operation_id_characters(ctx):
    """The platform strips other characters, so the id a flow stores differs from the one written here.

    Passes:
        paths: {/a: {get: {operationId: Get_Item}}}
    Fails:
        paths: {/a: {get: {operationId: Get.Item}}}
    """
    for op in ctx.operations:
        op_id = op.value.get("operationId")
        if isinstance(op_id, str) and op_id and not OPERATION_ID.match(op_id):
            yield ctx.hit(op.tokens + ("operationId",), f"operationId {op_id!r} has characters other than letters, "
                                                        "digits, '_' and '-'")


def _visible(ctx):
    """The operations a user can see in the designer."""
    return (op for op in ctx.operations if str(op.value.get("x-ms-visibility", "")).lower() != "internal")


@rule("operation-summary", Severity.ERROR, "every operation has a summary", "certification")
def operation_summary(ctx):
    """The summary is the action's name in the designer. Internal operations are never shown.

    Requirement: Microsoft's certification review requires a summary on every operation a user sees
    (reported as an error in the public connector repository's certification checks).

    Passes:
        paths: {/a: {get: {summary: Get item}}, /b: {delete: {x-ms-visibility: internal}}}
    Fails:
        paths: {/a: {get: {operationId: GetItem}}}
    """
    for op in _visible(ctx):
        summary = op.value.get("summary")
        if not isinstance(summary, str) or not summary.strip():
            yield ctx.hit(op.tokens, f"operation {op.name} has no summary")


@rule("operation-description", Severity.WARNING, "every operation has a description", "certification")
def operation_description(ctx):
    """The description is the help text under the action's name.

    Passes:
        paths: {/a: {get: {summary: Get item, description: Gets one item by its id.}}}
    Fails:
        paths: {/a: {get: {summary: Get item}}}
    """
    for op in _visible(ctx):
        text = op.value.get("description")
        if not isinstance(text, str) or not text.strip():
            yield ctx.hit(op.tokens, f"operation {op.name} has no description")


@rule("summary-length", Severity.WARNING, f"operation summaries are shorter than {SUMMARY_MAX} characters",
      "certification", ms_code="OperationSummaryTooLong")
def summary_length(ctx):
    """Long summaries are cut off on the action card.

    Passes:
        paths: {/a: {get: {summary: Get item}}}
    Fails:
        paths: {/a: {get: {summary: 'Get the item whose identifier is given together with every attribute, each
          related record, its complete history of changes, all comments and every attachment'}}}
    """
    for op in ctx.operations:
        summary = op.value.get("summary")
        if isinstance(summary, str) and len(summary) >= SUMMARY_MAX:
            yield ctx.hit(op.tokens + ("summary",), f"summary has {len(summary)} characters; keep it under {SUMMARY_MAX}")


@rule("summary-characters", Severity.ERROR, "operation summaries contain none of / \\ < > * % & ?", "certification",
      ms_code="RestrictedCharactersInSummary")
def summary_characters(ctx):
    r"""Certification rejects these characters in an action's name.

    Requirement: Microsoft's certification swagger validator rule RestrictedCharactersInSummary.

    Passes:
        paths: {/a: {get: {summary: Send or receive}}}
    Fails:
        paths: {/a: {get: {summary: Send/receive}}}
    """
    for op in ctx.operations:
        summary = op.value.get("summary")
        if isinstance(summary, str):
            bad = sorted({c for c in summary if c in RESTRICTED_SUMMARY_CHARACTERS})
            if bad:
                yield ctx.hit(op.tokens + ("summary",), f"summary {summary!r} contains {' '.join(bad)}")


@rule("summary-end", Severity.WARNING, "operation summaries end with a letter or digit", "certification",
      ms_code="ValueMustEndWithAlphanumeric")
def summary_end(ctx):
    """An action name is a label, not a sentence: no closing period or colon.

    Passes:
        paths: {/a: {get: {summary: Get item}}}
    Fails:
        paths: {/a: {get: {summary: Get item.}}}
    """
    for op in ctx.operations:
        summary = op.value.get("summary")
        if isinstance(summary, str) and summary.strip() and not summary.rstrip()[-1].isalnum() \
                and summary.rstrip()[-1] != ")":
            yield ctx.hit(op.tokens + ("summary",), f"summary {summary!r} ends with {summary.rstrip()[-1]!r}")


def _responses(op) -> dict:
    responses = op.value.get("responses")
    return responses if isinstance(responses, dict) else {}


def _has_schema(ctx, response: object) -> bool:
    """The response declares a body shape; `schema: {}` says nothing and counts as none."""
    resolved = ctx.resolve_object(response)
    schema = resolved.get("schema") if isinstance(resolved, dict) else None
    return schema is not None and schema != {}


@rule("success-response", Severity.WARNING, "every operation documents a 2xx response",
      ms_code="OperationShouldHaveSuccessfulResponse")
def success_response(ctx):
    """Without a success response the designer cannot tell what the action returns.

    Passes:
        paths: {/a: {get: {responses: {'200': {description: OK}}}}}
    Fails:
        paths: {/a: {get: {responses: {default: {description: Error}}}}}
    """
    for op in ctx.operations:
        responses = _responses(op)
        if responses and not any(str(code).startswith("2") for code in responses):
            yield ctx.hit(op.tokens + ("responses",), f"operation {op.name} documents no 2xx response")


@rule("default-response-schema", Severity.ERROR, "a 'default' response has no schema", "certification",
      ms_code="DefaultResponseHasSchema")
def default_response_schema(ctx):
    """The designer reads outputs from documented status codes; a schema on 'default' is refused.

    Requirement: Microsoft's certification swagger validator rule DefaultResponseHasSchema.

    Passes:
        paths: {/a: {get: {responses: {default: {description: Error}}}}}
    Fails:
        paths: {/a: {get: {responses: {default: {description: Error, schema: {type: object}}}}}}
    """
    for op in ctx.operations:
        if _has_schema(ctx, _responses(op).get("default")):
            yield ctx.hit(op.tokens + ("responses", "default", "schema"),
                          f"the default response of {op.name} has a schema; document status codes instead")


@rule("many-response-schemas", Severity.WARNING, "one success response carries the output schema", "certification",
      ms_code="OperationHasManyResponsesWithSchema")
def many_response_schemas(ctx):
    """The designer shows the outputs of one success response only; the others' fields are invisible.

    Passes:
        paths: {/a: {get: {responses: {'200': {description: OK, schema: {type: object}}}}}}
    Fails:
        paths: {/a: {get: {responses: {'200': {description: OK, schema: {type: object}},
                                      '201': {description: Created, schema: {type: object}}}}}}
    """
    for op in ctx.operations:
        with_schema = [code for code, r in _responses(op).items() if str(code).startswith("2") and _has_schema(ctx, r)]
        if len(with_schema) > 1:
            yield ctx.hit(op.tokens + ("responses",), f"operation {op.name} has schemas on the success responses "
                                                      f"{', '.join(map(str, with_schema))}; the designer uses one")


@rule("output-schema", Severity.WARNING, "a trigger declares its output schema", "certification",
      ms_code="SchemaDefinitionSetIncorrectly")
def output_schema(ctx):
    """A trigger without output schema gives the flow nothing to pick from: webhooks declare
    x-ms-notification-content on the path, polling triggers a schema on the 200 or 201 response.

    Passes:
        paths: {/items: {get: {x-ms-trigger: batch, responses: {'200': {description: OK, schema: {type: array}}}}}}
    Fails:
        paths: {/items: {get: {x-ms-trigger: batch, responses: {'200': {description: OK}}}}}
    """
    for op in ctx.operations:
        if not op.is_trigger or ctx.is_webhook(op):
            continue
        if not any(_has_schema(ctx, _responses(op).get(code)) for code in ("200", "201")):
            yield ctx.hit(op.tokens + ("responses",), f"trigger {op.name} has no schema on its 200 or 201 response")


@rule("path-characters", Severity.ERROR, "paths are valid templates without wildcards, queries or defaults",
      ms_code=("OperationPathContainsUnsupportedCharacters", "OperationPathMayNotContainQueryOrFragment",
               "OperationPathTemplateNotValid", "OperationPathVariablesContainDefaults"))
def path_characters(ctx):
    """Paths are matched literally; each {variable} must sit inside one segment.

    Requirement: Microsoft's certification swagger validator rules
    OperationPathContainsUnsupportedCharacters, OperationPathMayNotContainQueryOrFragment,
    OperationPathTemplateNotValid, OperationPathVariablesContainDefaults.

    Passes:
        paths: {'/items/{id}': {get: {responses: {'200': {description: OK}}}}}
    Fails:
        paths: {'/items/{id}?expand=true': {get: {responses: {'200': {description: OK}}}}}
    """
    for path in ctx.paths:
        if not isinstance(path, str) or not path.startswith("/"):
            continue
        tokens = ("paths", path)
        if "*" in path:
            yield ctx.hit(tokens, f"path {path!r} contains the wildcard '*'", "OperationPathContainsUnsupportedCharacters")
        if "?" in path or "#" in path:
            yield ctx.hit(tokens, f"path {path!r} contains a query or fragment; encode '?' and '#' or use parameters",
                          "OperationPathMayNotContainQueryOrFragment")
        if TEMPLATE_VARIABLE.sub("", path).count("{") or TEMPLATE_VARIABLE.sub("", path).count("}"):
            yield ctx.hit(tokens, f"path {path!r} has a '{{' or '}}' that does not enclose a variable in one segment",
                          "OperationPathTemplateNotValid")
        for name in TEMPLATE_VARIABLE.findall(path):
            if "=" in name:
                yield ctx.hit(tokens, f"path variable {{{name}}} sets a default with '='",
                              "OperationPathVariablesContainDefaults")


@rule("path-case-duplicate", Severity.ERROR, "no two paths differ only in letter case", ms_code="PathRedefined")
def path_case_duplicate(ctx):
    """Paths are compared without case, so these are one path defined twice.

    Requirement: Microsoft's certification swagger validator rule PathRedefined.

    Passes:
        paths: {/items: {get: {}}, /orders: {get: {}}}
    Fails:
        paths: {/items: {get: {}}, /Items: {post: {}}}
    """
    seen: dict[str, str] = {}
    for path in ctx.paths:
        key = str(path).lower()
        if key in seen:
            yield ctx.hit(("paths", path), f"path {path!r} is {seen[key]!r} with other capitalisation")
        else:
            seen[key] = path


def _shape(path: str) -> list[str | None]:
    """Segments of a path, with template variables as None."""
    return [None if TEMPLATE_VARIABLE.fullmatch(s) else s for s in path.strip("/").split("/")]


@rule("duplicate-path-template", Severity.ERROR, "no two operations share a method and an indistinguishable path",
      ms_code="DuplicateOperationPath")
def duplicate_path_template(ctx):
    """/items/{id} and /items/{name} match the same requests, so the routing cannot choose.

    Requirement: Microsoft's certification swagger validator rule DuplicateOperationPath.

    Passes:
        paths: {'/items/{id}': {get: {}}, '/items/{id}/notes': {get: {}}}
    Fails:
        paths: {'/items/{id}': {get: {}}, '/items/{name}': {get: {}}}
    """
    seen: dict[tuple, object] = {}
    for op in ctx.operations:
        key = (op.method, tuple(_shape(op.path)))
        if key in seen and seen[key].path != op.path:
            yield ctx.hit(op.tokens, f"{op.route} cannot be told apart from {seen[key].path}")
        seen.setdefault(key, op)


@rule("partial-duplicate-path", Severity.WARNING, "a static segment is not shadowed by a variable of another path",
      "certification", ms_code="PartialDuplicateOperationPath")
def partial_duplicate_path(ctx):
    """With GET /items/{id} and GET /items/latest, an id of 'latest' reaches the wrong operation.

    Passes:
        paths: {'/items/{id}': {get: {}}, /latest-items: {get: {}}}
    Fails:
        paths: {'/items/{id}': {get: {}}, /items/latest: {get: {}}}
    """
    ops = [(op, _shape(op.path)) for op in ctx.operations]
    # A trie of shapes per method and length: a big connector's paths are not compared pairwise.
    tries: dict[tuple, dict] = {}
    for op, shape in ops:
        node = tries.setdefault((op.method, len(shape)), {})
        for segment in shape:
            node = node.setdefault(segment, {})
        node.setdefault(_LEAF, []).append(op)
    for op, shape in ops:
        similar = sorted(other.path for other in _shadowing(tries.get((op.method, len(shape)), {}), shape, 0, False))
        if similar:
            yield ctx.hit(op.tokens, f"{op.route} may be routed to {', '.join(similar)} when a "
                                     "path variable takes the value of a static segment")


_LEAF = object()


def _shadowing(node: dict, shape: list, depth: int, shadowed: bool):
    """The operations below `node` whose shape overlaps `shape` and has a variable where `shape` is static."""
    if depth == len(shape):
        if shadowed:
            yield from node.get(_LEAF, ())
        return
    segment = shape[depth]
    if segment is None:
        for key, child in node.items():
            if key is not _LEAF:
                yield from _shadowing(child, shape, depth + 1, shadowed)
        return
    if segment in node:
        yield from _shadowing(node[segment], shape, depth + 1, shadowed)
    if None in node:
        yield from _shadowing(node[None], shape, depth + 1, True)


@rule("path-item-ref", Severity.ERROR, "path items are written out, not $ref'd", ms_code="PathItemRefNotSuppored")
def path_item_ref(ctx):
    """The platform does not resolve $ref on a path item.

    Requirement: Microsoft's certification swagger validator rule PathItemRefNotSuppored.

    Passes:
        paths: {/a: {get: {}}}
    Fails:
        paths: {/a: {$ref: '#/x-paths/a'}}
    """
    for path, item in ctx.paths.items():
        if isinstance(item, dict) and "$ref" in item:
            yield ctx.hit(("paths", path, "$ref"), f"path {path!r} uses $ref; write its operations out")


def _consumes(ctx, op) -> list:
    value = op.value.get("consumes", ctx.swagger.get("consumes"))
    return value if isinstance(value, list) else []


@rule("get-with-body", Severity.ERROR, "GET operations take no body or form data",
      ms_code="BodyOrFormDataParameterInFetchOperationNotAllowed")
def get_with_body(ctx):
    """HTTP clients and proxies drop GET bodies.

    Requirement: Microsoft's certification swagger validator rule
    BodyOrFormDataParameterInFetchOperationNotAllowed.

    Passes:
        paths: {/a: {get: {parameters: [{name: q, in: query, type: string}]}}}
    Fails:
        paths: {/a: {get: {parameters: [{name: body, in: body, schema: {type: object}}]}}}
    """
    for op in ctx.operations:
        if op.method != "get":
            continue
        for param in ctx.parameters(op):
            if param.value.get("in") in ("body", "formData"):
                yield ctx.hit(param.tokens, f"GET {op.path} has a {param.value['in']} parameter")


@rule("consumes-missing", Severity.WARNING, "operations with a body say what media type they send", "certification",
      ms_code="ConsumesMissing")
def consumes_missing(ctx):
    """Without consumes the platform guesses the request's Content-Type.

    Passes:
        consumes: [application/json]
        paths: {/a: {post: {parameters: [{name: body, in: body, schema: {type: object}}]}}}
    Fails:
        consumes: null
        paths: {/a: {post: {parameters: [{name: body, in: body, schema: {type: object}}]}}}
    """
    for op in ctx.operations:
        sends = any(p.value.get("in") in ("body", "formData") for p in ctx.parameters(op))
        if sends and not _consumes(ctx, op):
            yield ctx.hit(op.tokens, f"operation {op.name} sends a body but neither it nor the document has consumes")


@rule("form-data-consumes", Severity.ERROR, "formData parameters go with a form media type",
      ms_code="MimeTypeNotCompatibleWithRequestContentSchemaType")
def form_data_consumes(ctx):
    """Form fields can only be sent as multipart/form-data or application/x-www-form-urlencoded.

    Requirement: Microsoft's certification swagger validator rule
    MimeTypeNotCompatibleWithRequestContentSchemaType.

    Passes:
        paths: {/a: {post: {consumes: [multipart/form-data], parameters: [{name: f, in: formData, type: string}]}}}
    Fails:
        paths: {/a: {post: {consumes: [application/json], parameters: [{name: f, in: formData, type: string}]}}}
    """
    for op in ctx.operations:
        consumes = [str(c).split(";")[0].strip().lower() for c in _consumes(ctx, op)]
        if consumes and any(p.value.get("in") == "formData" for p in ctx.parameters(op)) \
                and not any(c in FORM_TYPES for c in consumes):
            yield ctx.hit(op.tokens, f"operation {op.name} has formData parameters but consumes {', '.join(consumes)}")


@rule("form-urlencoded-binary", Severity.ERROR, "url-encoded forms carry no files or binary strings",
      ms_code="StringBinaryNotSupportedForFormUrlEncoded")
def form_urlencoded_binary(ctx):
    """Binary content cannot be url-encoded; use multipart/form-data.

    Requirement: Microsoft's certification swagger validator rule StringBinaryNotSupportedForFormUrlEncoded.

    Passes:
        paths: {/a: {post: {consumes: [multipart/form-data], parameters: [{name: f, in: formData, type: file}]}}}
    Fails:
        paths: {/a: {post: {consumes: [application/x-www-form-urlencoded],
                            parameters: [{name: f, in: formData, type: file}]}}}
    """
    for op in ctx.operations:
        consumes = [str(c).split(";")[0].strip().lower() for c in _consumes(ctx, op)]
        if consumes != ["application/x-www-form-urlencoded"]:
            continue
        for param in ctx.parameters(op):
            value = param.value
            if value.get("in") == "formData" and (value.get("type") == "file" or value.get("format") == "binary"):
                yield ctx.hit(param.tokens, f"parameter {value.get('name')!r} is binary in a url-encoded form")


@rule("response-example-mime", Severity.ERROR, "response examples use media types the operation produces",
      ms_code="ResponseExampleMustBeProducedByOperation")
def response_example_mime(ctx):
    """An example for a media type the operation never returns is never shown.

    Requirement: Microsoft's certification swagger validator rule ResponseExampleMustBeProducedByOperation.

    Passes:
        paths: {/a: {get: {produces: [application/json], responses: {'200': {description: OK,
          examples: {application/json: {id: 1}}}}}}}
    Fails:
        paths: {/a: {get: {produces: [application/json], responses: {'200': {description: OK,
          examples: {text/csv: 'id\\n1'}}}}}}
    """
    for op in ctx.operations:
        produces = op.value.get("produces", ctx.swagger.get("produces"))
        produces = {str(p).lower() for p in produces} if isinstance(produces, list) else set()
        for code, response in _responses(op).items():
            examples = response.get("examples") if isinstance(response, dict) else None
            for mime in examples if isinstance(examples, dict) else ():
                if str(mime).lower() not in produces:
                    yield ctx.hit(op.tokens + ("responses", code, "examples", mime),
                                  f"example for {mime!r} but operation {op.name} does not produce it")


@rule("response-headers-unique", Severity.ERROR, "a response names each header once (ignoring case)",
      ms_code="ResponseHeadersAreNotUnique")
def response_headers_unique(ctx):
    """HTTP header names are case-insensitive, so Location and location are the same header.

    Requirement: Microsoft's certification swagger validator rule ResponseHeadersAreNotUnique.

    Passes:
        paths: {/a: {post: {responses: {'201': {description: Created, headers: {Location: {type: string}}}}}}}
    Fails:
        paths: {/a: {post: {responses: {'201': {description: Created,
          headers: {Location: {type: string}, location: {type: string}}}}}}}
    """
    for node in ctx.at("response"):
        headers = node.value.get("headers")
        seen = set()
        for name in headers if isinstance(headers, dict) else ():
            if str(name).lower() in seen:
                yield ctx.hit(node.tokens + ("headers", name), f"header {name!r} is declared twice")
            seen.add(str(name).lower())
