"""Dynamic values, lists, schemas and trees: the operations they call and the parameters they pass."""

from __future__ import annotations

from generator.findings import Severity
from generator.lint.registry import rule
from generator.lint.rules.schemas import matches_type

DYNAMIC = ("x-ms-dynamic-values", "x-ms-dynamic-list", "x-ms-dynamic-schema", "x-ms-dynamic-properties")
# Where an input's value is a list of choices, the designer needs the list's newer form to follow references.
NEWER_FORM = {"x-ms-dynamic-values": "x-ms-dynamic-list", "x-ms-dynamic-schema": "x-ms-dynamic-properties"}
NON_PARAMETER_CODES = {"x-ms-dynamic-values": "DynamicListExtensionRequiredForNonParameterReferences",
                       "x-ms-dynamic-schema": "DynamicPropertiesExtensionRequiredForNonParameterReferences"}
AMBIGUOUS_CODES = {"x-ms-dynamic-values": "DynamicListExtensionRequiredForAmbiguousReferences",
                   "x-ms-dynamic-schema": "DynamicPropertiesExtensionRequiredForAmbiguousReferences"}


def _dynamic(ctx):
    """(node, extension name, value, the operation the node belongs to or None) for every dynamic extension."""
    return ctx.once(_walk_dynamic)


def _walk_dynamic(ctx):
    owners = {}
    for op in ctx.operations:
        owners.setdefault(op.tokens, op)
    for node in ctx.nodes:
        for key in DYNAMIC:
            value = node.value.get(key)
            if isinstance(value, dict):
                tokens = node.tokens
                yield node, key, value, owners.get(tokens[:3]) if len(tokens) >= 3 and tokens[0] == "paths" else None


def _referenced(argument: object) -> str | None:
    """The source parameter a dynamic argument refers to, or None for a static value."""
    if isinstance(argument, dict):
        ref = argument.get("parameter", argument.get("parameterReference"))
        return ref if isinstance(ref, str) else None
    return None


def _arguments(value: dict) -> dict:
    params = value.get("parameters")
    return params if isinstance(params, dict) else {}


@rule("operation-reference", Severity.ERROR, "extensions name operationIds that exist", ms_code="OperationIdNotFound")
def operation_reference(ctx):
    """Dynamic values, test connections and notifications call another operation by its id.

    Requirement: Microsoft's certification swagger validator rule OperationIdNotFound.

    Passes:
        paths:
          /lists: {get: {operationId: GetLists}}
          /items: {get: {parameters: [{name: list, in: query, type: string,
            x-ms-dynamic-values: {operationId: GetLists, value-path: id}}]}}
    Fails:
        paths:
          /items: {get: {parameters: [{name: list, in: query, type: string,
            x-ms-dynamic-values: {operationId: GetLists, value-path: id}}]}}
    """
    known = {op.value.get("operationId") for op in ctx.operations}
    calls = [(node.tokens + (key, "operationId"), value.get("operationId")) for node, key, value, _ in _dynamic(ctx)]
    for node in ctx.nodes:
        tree = node.value.get("x-ms-dynamic-tree")
        for step in ("open", "browse"):
            if isinstance(tree, dict) and isinstance(tree.get(step), dict):
                calls.append((node.tokens + ("x-ms-dynamic-tree", step, "operationId"), tree[step].get("operationId")))
    capabilities = ctx.swagger.get("x-ms-capabilities")
    test = capabilities.get("testConnection") if isinstance(capabilities, dict) else None
    if isinstance(test, dict):
        calls.append((("x-ms-capabilities", "testConnection", "operationId"), test.get("operationId")))
    for op in ctx.operations:
        notification = op.value.get("x-ms-notification")
        if isinstance(notification, dict):
            calls.append((op.tokens + ("x-ms-notification", "operationId"), notification.get("operationId")))
    for tokens, op_id in calls:
        if isinstance(op_id, str) and op_id not in known:
            yield ctx.hit(tokens, f"no operation has the operationId {op_id!r}")


@rule("dynamic-on-body-parameter", Severity.ERROR, "dynamic extensions of a body are written in its schema",
      ms_code="DynamicExtensionDefinitionNotAllowedInParameter")
def dynamic_on_body_parameter(ctx):
    """On the body parameter itself the extension is ignored.

    Requirement: Microsoft's certification swagger validator rule
    DynamicExtensionDefinitionNotAllowedInParameter.

    Passes:
        paths: {/a: {post: {parameters: [{name: body, in: body, schema: {type: object,
          x-ms-dynamic-schema: {operationId: GetSchema}}}]}}}
    Fails:
        paths: {/a: {post: {parameters: [{name: body, in: body, schema: {type: object},
          x-ms-dynamic-schema: {operationId: GetSchema}}]}}}
    """
    for node in ctx.at("parameter"):
        if node.value.get("in") == "body":
            for key in DYNAMIC + ("x-ms-dynamic-tree",):
                if key in node.value:
                    yield ctx.hit(node.tokens + (key,), f"{key} on body parameter {node.value.get('name')!r}; move it "
                                                        "into the schema")


@rule("dynamic-parameters", Severity.ERROR, "dynamic calls pass every required parameter, with matching types",
      ms_code=("OperationParameterNameNotFound", "OperationMissingRequiredProperty",
               "OperationParameterStaticTypeMismatch", "OperationParameterTypeMismatch",
               "OperationParameterRequiredMismatch", "SourcePropertyInternal"))
def dynamic_parameters(ctx):
    """The designer calls the named operation with these arguments; each must exist there and fit its type.

    Requirement: Microsoft's certification swagger validator rules OperationParameterNameNotFound,
    OperationMissingRequiredProperty, OperationParameterStaticTypeMismatch, OperationParameterTypeMismatch,
    OperationParameterRequiredMismatch, SourcePropertyInternal.

    Passes:
        paths:
          /lists: {get: {operationId: GetLists, parameters: [{name: team, in: query, required: true, type: string}]}}
          /items: {get: {parameters: [{name: team, in: query, required: true, type: string},
            {name: list, in: query, type: string, x-ms-dynamic-values: {operationId: GetLists,
              parameters: {team: {parameter: team}}}}]}}
    Fails:
        paths:
          /lists: {get: {operationId: GetLists, parameters: [{name: team, in: query, required: true, type: string}]}}
          /items: {get: {parameters: [{name: list, in: query, type: string,
            x-ms-dynamic-values: {operationId: GetLists}}]}}
    """
    for node, key, value, source in _dynamic(ctx):
        target = ctx.operation_by_id(value.get("operationId"))
        if target is None:
            continue
        tokens = node.tokens + (key, "parameters")
        wanted = {p.value.get("name"): p.value for p in ctx.parameters(target)}
        given = _arguments(value)
        source_params = {p.value.get("name"): p.value for p in ctx.parameters(source)} if source else {}
        # Arguments may also name properties of the called operation's body.
        takes_body = any(p.get("in") == "body" for p in wanted.values())
        for name, argument in given.items():
            if "/" in name:
                continue
            param = wanted.get(name)
            if param is None and takes_body:
                continue
            if param is None:
                yield ctx.hit(tokens + (name,), f"{target.name} has no parameter {name!r}", "OperationParameterNameNotFound")
                continue
            reference = _referenced(argument)
            if reference is None:
                static = argument.get("value") if isinstance(argument, dict) else argument
                if param.get("type") and not matches_type(static, param.get("type")) and not isinstance(static, str):
                    yield ctx.hit(tokens + (name,), f"static value {static!r} does not fit {param.get('type')} "
                                                    f"parameter {name!r}", "OperationParameterStaticTypeMismatch")
                continue
            origin = source_params.get(reference)
            if origin is None:
                continue
            if origin.get("type") and param.get("type") and origin.get("type") != param.get("type"):
                yield ctx.hit(tokens + (name,), f"{reference!r} is {origin.get('type')} but {target.name} expects "
                                                f"{param.get('type')}", "OperationParameterTypeMismatch")
            if param.get("required") is True and origin.get("required") is not True and "default" not in origin:
                yield ctx.hit(tokens + (name,), f"{target.name} requires {name!r} but {reference!r} is optional",
                              "OperationParameterRequiredMismatch")
            if origin.get("x-ms-visibility") == "internal" and source.value.get("x-ms-visibility") != "internal" \
                    and "default" not in origin:
                yield ctx.hit(tokens + (name,), f"{reference!r} is internal, so users cannot give it a value",
                              "SourcePropertyInternal")
        for name, param in wanted.items():
            if param.get("required") is True and "default" not in param and param.get("in") != "body" \
                    and name not in given:
                yield ctx.hit(node.tokens + (key,), f"{target.name} requires {name!r}, which is not passed",
                              "OperationMissingRequiredProperty")


@rule("dynamic-reference", Severity.ERROR, "references to body properties use x-ms-dynamic-list or -properties",
      ms_code=("DynamicListExtensionRequiredForNonParameterReferences",
               "DynamicPropertiesExtensionRequiredForNonParameterReferences",
               "DynamicListExtensionRequiredForAmbiguousReferences",
               "DynamicPropertiesExtensionRequiredForAmbiguousReferences", "OperationParameterNameIsAmbiguous"))
def dynamic_reference(ctx):
    """The older extensions can only pass operation parameters; a body property needs the newer form,
    which says exactly where the value comes from.

    Requirement: Microsoft's certification swagger validator rules
    DynamicListExtensionRequiredForNonParameterReferences,
    DynamicPropertiesExtensionRequiredForNonParameterReferences,
    DynamicListExtensionRequiredForAmbiguousReferences,
    DynamicPropertiesExtensionRequiredForAmbiguousReferences, OperationParameterNameIsAmbiguous.

    Passes:
        paths: {/a: {post: {parameters: [{name: body, in: body, schema: {type: object, properties: {
          team: {type: string}, list: {type: string,
            x-ms-dynamic-values: {operationId: GetLists, parameters: {team: {parameter: team}}},
            x-ms-dynamic-list: {operationId: GetLists, parameters: {team: {parameterReference: body/team}}}}}}}]}}}
    Fails:
        paths: {/a: {post: {parameters: [{name: body, in: body, schema: {type: object, properties: {
          team: {type: string}, list: {type: string,
            x-ms-dynamic-values: {operationId: GetLists, parameters: {team: {parameter: team}}}}}}}]}}}
    """
    for node, key, value, source in _dynamic(ctx):
        if key not in NEWER_FORM or NEWER_FORM[key] in node.value or source is None:
            continue
        names = {p.value.get("name") for p in ctx.parameters(source) if p.value.get("in") != "body"}
        body = ctx.body_schema(source)
        body_props = set()
        if body is not None:
            resolved = ctx.resolve_object(body[1])
            if isinstance(resolved, dict) and isinstance(resolved.get("properties"), dict):
                body_props = set(resolved["properties"])
        for name, argument in _arguments(value).items():
            reference = argument.get("parameter") if isinstance(argument, dict) else None
            if not isinstance(reference, str):
                continue
            where = node.tokens + (key, "parameters", name)
            if reference in names and reference in body_props:
                yield ctx.hit(where, f"{reference!r} is both a parameter and a body property; add {NEWER_FORM[key]}",
                              AMBIGUOUS_CODES[key])
            elif reference not in names and (reference in body_props or "/" in reference):
                yield ctx.hit(where, f"{reference!r} is not an operation parameter; add {NEWER_FORM[key]} to refer "
                                     "to it", NON_PARAMETER_CODES[key])


@rule("dynamic-schema-value-path", Severity.ERROR, "x-ms-dynamic-schema and -properties agree on the value path",
      ms_code=("DynamicPropertiesExtensionRequiredForPropertiesValuePath", "DynamicPropertiesItemValuePathMismatch"))
def dynamic_schema_value_path(ctx):
    """When the value path ends at a schema's properties, the newer extension must point at the schema itself.

    Requirement: Microsoft's certification swagger validator rules
    DynamicPropertiesExtensionRequiredForPropertiesValuePath, DynamicPropertiesItemValuePathMismatch.

    Passes:
        definitions: {Row: {type: object, x-ms-dynamic-schema: {operationId: GetSchema, value-path: schema/properties},
          x-ms-dynamic-properties: {operationId: GetSchema, itemValuePath: schema}}}
    Fails:
        definitions: {Row: {type: object, x-ms-dynamic-schema: {operationId: GetSchema, value-path: schema/properties}}}
    """
    for node in ctx.nodes:
        schema, properties = node.value.get("x-ms-dynamic-schema"), node.value.get("x-ms-dynamic-properties")
        path = schema.get("value-path") if isinstance(schema, dict) else None
        if not isinstance(path, str):
            continue
        points_to_properties = path == "properties" or path.endswith("/properties")
        if points_to_properties and not isinstance(properties, dict):
            yield ctx.hit(node.tokens + ("x-ms-dynamic-schema", "value-path"),
                          f"value-path {path!r} points to properties: add x-ms-dynamic-properties",
                          "DynamicPropertiesExtensionRequiredForPropertiesValuePath")
        elif isinstance(properties, dict) and isinstance(properties.get("itemValuePath"), str):
            expected = path[: -len("properties")].rstrip("/") if points_to_properties else path
            if properties["itemValuePath"] != expected:
                yield ctx.hit(node.tokens + ("x-ms-dynamic-properties", "itemValuePath"),
                              f"itemValuePath should be {expected!r}", "DynamicPropertiesItemValuePathMismatch")


@rule("dynamic-invoked-output", Severity.WARNING, "the called operation returns the collection and fields named",
      "certification", ms_code=("InvokedOperationShouldProduceArray", "InvokedOperationShouldProduceProperty"))
def dynamic_invoked_output(ctx):
    """value-collection must lead to an array in the called operation's response.

    Passes:
        paths:
          /lists:
            get:
              operationId: GetLists
              responses:
                '200': {description: OK, schema: {type: object, properties: {value: {type: array, items: {}}}}}
          /items:
            get:
              parameters:
              - {name: list, in: query, type: string,
                 x-ms-dynamic-values: {operationId: GetLists, value-collection: value, value-path: id}}
    Fails:
        paths:
          /lists:
            get:
              operationId: GetLists
              responses:
                '200': {description: OK, schema: {type: object, properties: {value: {type: string}}}}
          /items:
            get:
              parameters:
              - {name: list, in: query, type: string,
                 x-ms-dynamic-values: {operationId: GetLists, value-collection: value, value-path: id}}
    """
    for node, key, value, _ in _dynamic(ctx):
        field = "value-collection" if key == "x-ms-dynamic-values" else "itemsPath"
        collection = value.get(field)
        target = ctx.operation_by_id(value.get("operationId"))
        if not isinstance(collection, str) or target is None:
            continue
        found = ctx.success_schema(target)
        if found is None:
            continue
        schema = ctx.resolve_object(found[1])
        for segment in collection.split("/"):
            props = schema.get("properties") if isinstance(schema, dict) else None
            if not isinstance(props, dict):
                schema = None
                break
            if segment not in props:
                yield ctx.hit(node.tokens + (key, field), f"{target.name} returns no {collection!r}",
                              "InvokedOperationShouldProduceProperty")
                schema = None
                break
            schema = ctx.resolve_object(props[segment])
        if isinstance(schema, dict) and schema.get("type") not in (None, "array"):
            yield ctx.hit(node.tokens + (key, field), f"{collection!r} in the response of {target.name} is "
                                                      f"{schema.get('type')}, not an array",
                          "InvokedOperationShouldProduceArray")


@rule("dynamic-tree-selected-path", Severity.ERROR, "selectedItemValuePath appears only in the browse step",
      ms_code="SelectedItemValuePathNotAllowedInThisPosition")
def dynamic_tree_selected_path(ctx):
    """The selected item's value is read when browsing a folder, not when opening the root.

    Requirement: Microsoft's certification swagger validator rule
    SelectedItemValuePathNotAllowedInThisPosition.

    Passes:
        definitions: {Folder: {type: string, x-ms-dynamic-tree: {open: {operationId: Root},
          browse: {operationId: Children, selectedItemValuePath: id}}}}
    Fails:
        definitions: {Folder: {type: string, x-ms-dynamic-tree: {open: {operationId: Root, selectedItemValuePath: id},
          browse: {operationId: Children}}}}
    """
    for node in ctx.nodes:
        tree = node.value.get("x-ms-dynamic-tree")
        if isinstance(tree, dict):
            for step, value in tree.items():
                if step != "browse" and isinstance(value, dict) and "selectedItemValuePath" in value:
                    yield ctx.hit(node.tokens + ("x-ms-dynamic-tree", step, "selectedItemValuePath"),
                                  f"selectedItemValuePath in {step!r}; it belongs in 'browse'")
