"""The x-ms-* extensions: known names, the places they take effect, and their values."""

from __future__ import annotations

import difflib
from functools import lru_cache

from generator.findings import Severity
from generator.lint.registry import rule
from generator.validate.extensions import EXTENSIONS

NEXT_LINK_NAMES = ("nextLink", "@odata.nextLink")
CASE_INSENSITIVE = ("x-ms-visibility", "x-ms-trigger", "x-ms-url-encoding")


def _extension_keys(ctx):
    """(node, key) for every x-* key of every object whose keys are Swagger keywords."""
    return ctx.once(_walk_extension_keys)


def _walk_extension_keys(ctx):
    for node in ctx.nodes:
        for key in node.value:
            if isinstance(key, str) and key[:2].lower() in ("x-", "x_"):
                yield node, key


def _near(key: str) -> str | None:
    close = difflib.get_close_matches(key.lower().replace("_", "-"), list(EXTENSIONS), n=1, cutoff=0.85)
    return close[0] if close else None


@rule("x-ms-misspelled", Severity.WARNING, "an extension name that is almost a known one is a typo")
def x_ms_misspelled(ctx):
    """The platform ignores names it does not know, so a misspelled extension silently does nothing.
    Only names in Microsoft's x-ms- namespace can be misspellings of its extensions: other vendor
    extensions such as x-summary or x-examples are the author's own. Microsoft's validator does not
    reject unknown names, so this is a warning, worth reading.

    Passes:
        paths: {/a: {get: {x-ms-visibility: advanced, x-summary: Mine, x-examples: {}}}}
    Fails:
        paths: {/a: {get: {x-ms-visibilty: advanced}}}
    """
    for node, key in _extension_keys(ctx):
        if key in EXTENSIONS or not key.lower().replace("_", "-").startswith("x-ms-"):
            continue
        near = _near(key)
        if near is not None:
            yield ctx.hit(node.tokens + (key,), f"unknown extension {key!r}: did you mean {near!r}?")


@rule("x-ms-unknown", Severity.WARNING, "x-ms-* extensions are ones the platform knows")
def x_ms_unknown(ctx):
    """Microsoft's extensions share the x-ms- prefix; one the platform does not know has no effect.

    Passes:
        paths: {/a: {get: {x-ms-visibility: advanced, x-contoso-team: messaging}}}
    Fails:
        paths: {/a: {get: {x-ms-colour: blue}}}
    """
    for node, key in _extension_keys(ctx):
        if key.lower().startswith("x-ms-") and key not in EXTENSIONS and _near(key) is None:
            yield ctx.hit(node.tokens + (key,), f"{key!r} is not an extension the platform knows; it has no effect")


PLACE_NAMES = {"root": "the document", "info": "info", "path-item": "a path item", "operation": "an operation",
               "parameter": "a parameter", "schema": "a schema", "items": "parameter items", "response": "a response",
               "header": "a response header", "notification-content": "x-ms-notification-content",
               "security-scheme": "a security definition", "tag": "a tag", "contact": "info.contact",
               "license": "info.license", "external-docs": "externalDocs"}


@rule("x-ms-placement", Severity.WARNING, "each extension is written where the platform reads it")
def x_ms_placement(ctx):
    """An extension in the wrong place is ignored: x-ms-notification-content belongs on the path item,
    x-ms-trigger on the operation, x-ms-url-encoding on a parameter.

    Passes:
        paths: {/hook: {x-ms-notification-content: {schema: {type: object}}, post: {x-ms-trigger: single}}}
    Fails:
        paths: {/hook: {post: {x-ms-trigger: single, x-ms-notification-content: {schema: {type: object}}}}}
    """
    for node, key in _extension_keys(ctx):
        extension = EXTENSIONS.get(key)
        if extension is not None and node.place not in extension.places:
            allowed = " or ".join(PLACE_NAMES.get(p, p) for p in extension.places)
            yield ctx.hit(node.tokens + (key,), f"{key} has no effect on {PLACE_NAMES.get(node.place, node.place)}; "
                                                f"it belongs on {allowed}")


@lru_cache(maxsize=None)
def _validator(name: str):
    import jsonschema

    return jsonschema.Draft7Validator(EXTENSIONS[name].value)


@rule("x-ms-value", Severity.ERROR, "extension values have the documented shape",
      ms_code=("InvalidNextLinkNameValue",))
def x_ms_value(ctx):
    """x-ms-visibility is important, advanced or internal; x-ms-trigger is single or batch; and so on.

    Requirement: Microsoft's certification swagger validator rule InvalidNextLinkNameValue.

    Passes:
        paths: {/a: {get: {x-ms-visibility: advanced}}}
    Fails:
        paths: {/a: {get: {x-ms-visibility: hidden}}}
    """
    for node, key in _extension_keys(ctx):
        if key not in EXTENSIONS:
            continue
        value = node.value[key]
        # The platform reads these keywords without regard to case ("Advanced" works like "advanced").
        if key in CASE_INSENSITIVE and isinstance(value, str):
            value = value.lower()
        for error in _validator(key).iter_errors(value):
            where = node.tokens + (key, *error.absolute_path)
            yield ctx.hit(where, f"{key}: {_describe(error)}")
    for op in ctx.operations:
        pageable = op.value.get("x-ms-pageable")
        if isinstance(pageable, dict) and isinstance(pageable.get("nextLinkName"), str) \
                and pageable["nextLinkName"] not in NEXT_LINK_NAMES:
            yield ctx.hit(op.tokens + ("x-ms-pageable", "nextLinkName"),
                          f"nextLinkName {pageable['nextLinkName']!r} is not supported; use "
                          f"{' or '.join(NEXT_LINK_NAMES)}", "InvalidNextLinkNameValue")


def _describe(error) -> str:
    if error.validator == "enum":
        return f"{error.instance!r} is not one of {', '.join(map(repr, error.validator_value))}"
    if error.validator == "const":
        return f"{error.instance!r} must be {error.validator_value!r}"
    if error.validator == "required":
        return error.message.replace("is a required property", "is required")
    return error.message


@rule("enum-values-extension", Severity.ERROR, "x-ms-enum-values give each enum value one display name",
      ms_code=("DuplicateEnumValuesInExtension", "MissingEnumValuesDisplayName", "InvalidEnumValuesExtensionValue"))
def enum_values_extension(ctx):
    """Each entry maps one enum value to the name the designer shows.

    Requirement: Microsoft's certification swagger validator rules DuplicateEnumValuesInExtension,
    MissingEnumValuesDisplayName, InvalidEnumValuesExtensionValue.

    Passes:
        definitions: {Level: {type: string, enum: [lo, hi], x-ms-enum-values: [{value: lo, displayName: Low},
          {value: hi, displayName: High}]}}
    Fails:
        definitions: {Level: {type: string, enum: [lo, hi], x-ms-enum-values: [{value: lo}, {value: mid,
          displayName: Middle}]}}
    """
    for node in ctx.nodes:
        entries = node.value.get("x-ms-enum-values")
        if not isinstance(entries, list):
            continue
        enum = node.value.get("enum")
        seen = set()
        for index, entry in enumerate(entries):
            if not isinstance(entry, dict):
                continue
            tokens = node.tokens + ("x-ms-enum-values", index)
            value = entry.get("value")
            if not isinstance(entry.get("displayName"), str) or not entry["displayName"].strip():
                yield ctx.hit(tokens, f"entry for {value!r} has no displayName", "MissingEnumValuesDisplayName")
            if repr(value) in seen:
                yield ctx.hit(tokens, f"value {value!r} is listed twice", "DuplicateEnumValuesInExtension")
            seen.add(repr(value))
            if isinstance(enum, list) and value not in enum:
                yield ctx.hit(tokens + ("value",), f"value {value!r} is not in the enum", "InvalidEnumValuesExtensionValue")


@rule("editor-dictionary", Severity.ERROR, "x-ms-editor: dictionary is used on objects that allow any property",
      ms_code="InvalidCustomEditorExtensionDictionaryValue")
def editor_dictionary(ctx):
    """The dictionary editor lets users add keys, which only an open object accepts.

    Requirement: Microsoft's certification swagger validator rule
    InvalidCustomEditorExtensionDictionaryValue.

    Passes:
        definitions: {Tags: {type: object, additionalProperties: {type: string}, x-ms-editor: dictionary}}
    Fails:
        definitions: {Tags: {type: string, x-ms-editor: dictionary}}
    """
    for node in ctx.schemas():
        if node.value.get("x-ms-editor") == "dictionary" and (
                node.value.get("type") != "object" or node.value.get("additionalProperties") is False):
            yield ctx.hit(node.tokens + ("x-ms-editor",), "x-ms-editor 'dictionary' needs an object schema that allows "
                                                          "additional properties")


@rule("api-annotation-replacement", Severity.ERROR, "x-ms-api-annotation.replacement is on deprecated operations and "
      "names api and operationId", ms_code=("ApiAnnotationExtensionReplacementInfoForNonDeprecatedOperations",
                                             "ApiAnnotationExtensionReplacementInfoMissingApiProperty",
                                             "ApiAnnotationExtensionReplacementInfoMissingOperationIdProperty"))
def api_annotation_replacement(ctx):
    """A replacement tells users of a deprecated operation where to go, so it needs both names.

    Requirement: Microsoft's certification swagger validator rules
    ApiAnnotationExtensionReplacementInfoForNonDeprecatedOperations,
    ApiAnnotationExtensionReplacementInfoMissingApiProperty,
    ApiAnnotationExtensionReplacementInfoMissingOperationIdProperty.

    Passes:
        paths: {/a: {get: {deprecated: true, x-ms-api-annotation: {replacement: {api: contoso, operationId: GetA_V2}}}}}
    Fails:
        paths: {/a: {get: {x-ms-api-annotation: {replacement: {api: contoso}}}}}
    """
    for op in ctx.operations:
        annotation = op.value.get("x-ms-api-annotation")
        replacement = annotation.get("replacement") if isinstance(annotation, dict) else None
        if not isinstance(replacement, dict):
            continue
        tokens = op.tokens + ("x-ms-api-annotation", "replacement")
        if op.value.get("deprecated") is not True:
            yield ctx.hit(tokens, f"operation {op.name} names a replacement but is not deprecated",
                          "ApiAnnotationExtensionReplacementInfoForNonDeprecatedOperations")
        if not replacement.get("api"):
            yield ctx.hit(tokens, "the replacement does not name its 'api'",
                          "ApiAnnotationExtensionReplacementInfoMissingApiProperty")
        if not replacement.get("operationId"):
            yield ctx.hit(tokens, "the replacement does not name its 'operationId'",
                          "ApiAnnotationExtensionReplacementInfoMissingOperationIdProperty")


def _annotated(ctx):
    for op in ctx.operations:
        annotation = op.value.get("x-ms-api-annotation")
        if isinstance(annotation, dict) and isinstance(annotation.get("family"), str):
            yield op, annotation


@rule("api-annotation-family", Severity.ERROR, "operation families have distinct revisions and few active members",
      ms_code=("OperationFamilyHasDuplicateRevisions", "OperationFamilyHasManyActiveOperations",
               "OperationFamilyHasManyActiveProductionOperations", "OperationFamilyHasManyEmptyRevisions",
               "OperationRevisionEmpty", "OperationIdShouldEndWithRevision"))
def api_annotation_family(ctx):
    """Revisions of one operation (a family) are told apart by revision number; old ones get deprecated.

    Requirement: Microsoft's certification swagger validator rules OperationFamilyHasDuplicateRevisions,
    OperationFamilyHasManyActiveOperations, OperationFamilyHasManyActiveProductionOperations,
    OperationFamilyHasManyEmptyRevisions, OperationRevisionEmpty, OperationIdShouldEndWithRevision.

    Passes:
        paths:
          /a: {get: {operationId: GetA, deprecated: true, x-ms-api-annotation: {family: GetA, revision: 1}}}
          /v2/a: {get: {operationId: GetA_V2, x-ms-api-annotation: {family: GetA, revision: 2}}}
    Fails:
        paths:
          /a: {get: {operationId: GetA, x-ms-api-annotation: {family: GetA, revision: 2}}}
          /v2/a: {get: {operationId: GetA_V2, x-ms-api-annotation: {family: GetA, revision: 2}}}
    """
    families: dict[str, list] = {}
    for op, annotation in _annotated(ctx):
        families.setdefault(annotation["family"], []).append((op, annotation))
    for family, members in families.items():
        revisions: dict[object, object] = {}
        empty = [op for op, a in members if a.get("revision") is None]
        for op, annotation in members:
            tokens = op.tokens + ("x-ms-api-annotation",)
            revision = annotation.get("revision")
            if revision is None and len(members) > 1:
                yield ctx.hit(tokens, f"operation {op.name} of family {family!r} has no revision", "OperationRevisionEmpty")
            elif revision in revisions:
                yield ctx.hit(tokens + ("revision",), f"family {family!r} has revision {revision} twice",
                              "OperationFamilyHasDuplicateRevisions")
            revisions.setdefault(revision, op)
            op_id = op.value.get("operationId")
            if isinstance(revision, int) and revision > 1 and isinstance(op_id, str) \
                    and not op_id.lower().endswith(f"v{revision}"):
                yield ctx.hit(op.tokens + ("operationId",), f"operationId {op_id!r} of revision {revision} should end "
                                                            f"with 'V{revision}'", "OperationIdShouldEndWithRevision")
        if len(empty) > 1:
            yield ctx.hit(empty[1].tokens + ("x-ms-api-annotation",),
                          f"family {family!r} has {len(empty)} operations without revision",
                          "OperationFamilyHasManyEmptyRevisions")
        active = [(op, a) for op, a in members if op.value.get("deprecated") is not True]
        if len(active) > 2:
            yield ctx.hit(active[2][0].tokens, f"family {family!r} has {len(active)} operations that are not "
                                               "deprecated; at most two may be", "OperationFamilyHasManyActiveOperations")
        production = [op for op, a in active if a.get("status") == "Production"]
        if len(production) > 1:
            yield ctx.hit(production[0].tokens, f"family {family!r} has {len(production)} active operations in "
                                                "Production; deprecate the older",
                          "OperationFamilyHasManyActiveProductionOperations")


@rule("api-annotation-status", Severity.ERROR, "no operation is in Production while the connector is in Preview",
      ms_code="OperationStatusAheadOfConnector")
def api_annotation_status(ctx):
    """A preview connector cannot promise production-grade operations.

    Requirement: Microsoft's certification swagger validator rule OperationStatusAheadOfConnector.

    Passes:
        info: {x-ms-api-annotation: {status: Production}}
        paths: {/a: {get: {x-ms-api-annotation: {status: Production}}}}
    Fails:
        info: {x-ms-api-annotation: {status: Preview}}
        paths: {/a: {get: {x-ms-api-annotation: {status: Production}}}}
    """
    info = ctx.swagger.get("info")
    annotation = info.get("x-ms-api-annotation") if isinstance(info, dict) else None
    if not isinstance(annotation, dict) or annotation.get("status") != "Preview":
        return
    for op in ctx.operations:
        own = op.value.get("x-ms-api-annotation")
        if isinstance(own, dict) and own.get("status") == "Production":
            yield ctx.hit(op.tokens + ("x-ms-api-annotation", "status"),
                          f"operation {op.name} is in Production but the connector is in Preview")


@rule("x-ms-notification", Severity.ERROR, "x-ms-notification is on a polling trigger and names a webhook",
      ms_code=("NotificationExtensionSupportedForTriggerOnly", "NotificationExtensionNotSupportedInWebhookOperation",
               "NotificationOperationMustBeWebhook"))
def x_ms_notification(ctx):
    """x-ms-notification lets a polling trigger say which webhook delivers the same events.

    Requirement: Microsoft's certification swagger validator rules
    NotificationExtensionSupportedForTriggerOnly, NotificationExtensionNotSupportedInWebhookOperation,
    NotificationOperationMustBeWebhook.

    Passes:
        paths:
          /items: {get: {x-ms-trigger: batch, x-ms-notification: {operationId: OnItem}}}
          /hooks: {x-ms-notification-content: {schema: {type: object}}, post: {operationId: OnItem, x-ms-trigger: single}}
    Fails:
        paths:
          /items: {get: {x-ms-notification: {operationId: OnItem}}}
          /hooks: {x-ms-notification-content: {schema: {type: object}}, post: {operationId: OnItem, x-ms-trigger: single}}
    """
    for op in ctx.operations:
        value = op.value.get("x-ms-notification")
        if value is None:
            continue
        tokens = op.tokens + ("x-ms-notification",)
        if not op.is_trigger:
            yield ctx.hit(tokens, f"operation {op.name} is not a trigger", "NotificationExtensionSupportedForTriggerOnly")
        elif ctx.is_webhook(op):
            yield ctx.hit(tokens, f"webhook {op.name} cannot point to another webhook",
                          "NotificationExtensionNotSupportedInWebhookOperation")
        target = ctx.operation_by_id(value.get("operationId")) if isinstance(value, dict) else None
        if target is not None and not ctx.is_webhook(target):
            yield ctx.hit(tokens + ("operationId",), f"{target.name} is not a webhook trigger",
                          "NotificationOperationMustBeWebhook")
