"""The classes of false and stale errors found on certified connectors, each fixed at its cause."""

import json
import shutil

import pytest

from generator.findings import Severity, resolve_pointer
from generator.importer.folder import ConnectorFolder
from generator.lint.runner import LintSettings, lint_build, lint_path
from generator.load import folder_build
from tests.lint.helpers import CLEAN, clean_documents, lint_variant, make_icon


def rule_hits(fragment, rule):
    return [f for f in lint_variant(fragment) if f.rule == rule]


def body_operation(schema, **param):
    """A POST operation taking `schema` as its body, with a summary and description on the body parameter."""
    body = {"name": "body", "in": "body", "schema": schema, "x-ms-summary": "Message",
            "description": "The message to send", **param}
    return {"paths": {"/messages": {"post": {"operationId": "SendMessage", "summary": "Send message",
                                             "description": "Sends one message.", "parameters": [body],
                                             "responses": {"200": {"description": "OK"}}}}}}


LABELLED = {"type": "object", "properties": {
    "to": {"type": "string", "x-ms-summary": "To", "description": "Phone number to send to"},
    "text": {"type": "string", "title": "Text", "description": "What the message says"},
    "tags": {"type": "array", "description": "Labels", "items": {"type": "string", "title": "Tag"}},
    "trace": {"type": "string", "x-ms-visibility": "internal"},
    "id": {"type": "string", "readOnly": True}}}


@pytest.mark.parametrize("rule", ["parameter-summary", "parameter-description"])
def test_a_body_parameter_is_judged_by_the_properties_the_designer_shows(rule):
    assert rule_hits(body_operation(LABELLED), rule) == []
    # The body parameter's own label is not what users see: without it nothing is reported.
    assert rule_hits(body_operation(LABELLED, **{"x-ms-summary": None, "description": None}), rule) == []


def test_an_unlabelled_body_property_is_reported_where_it_is_written():
    schema = {"type": "object", "properties": {"to": {"type": "string"}}}
    [summary] = rule_hits(body_operation(schema), "parameter-summary")
    [description] = rule_hits(body_operation(schema), "parameter-description")
    assert summary.location.pointer == "/paths/~1messages/post/parameters/0/schema/properties/to"
    assert "body property 'to' of SendMessage" in summary.message
    assert description.location.pointer == summary.location.pointer


def test_a_body_schema_behind_refs_is_reported_in_its_definition():
    fragment = body_operation({"$ref": "#/definitions/Outgoing"})
    fragment["definitions"] = {"Outgoing": {"$ref": "#/definitions/Draft"},
                               "Draft": {"type": "object", "properties": {"to": {"type": "string"}}}}
    [hit] = rule_hits(fragment, "parameter-summary")
    assert hit.location.pointer == "/definitions/Draft/properties/to"


def test_a_shared_body_parameter_is_reported_in_its_definition():
    fragment = body_operation({})
    fragment["paths"]["/messages"]["post"]["parameters"] = [{"$ref": "#/parameters/Outgoing"}]
    fragment["parameters"] = {"Outgoing": {"name": "body", "in": "body", "schema": {
        "type": "object", "properties": {"to": {"type": "string", "description": "Number"}}}}}
    [hit] = rule_hits(fragment, "parameter-summary")
    assert hit.location.pointer == "/parameters/Outgoing/schema/properties/to"


def test_a_body_without_properties_is_one_field_labelled_by_the_parameter():
    fragment = body_operation({"type": "string"}, **{"x-ms-summary": None})
    [hit] = rule_hits(fragment, "parameter-summary")
    assert hit.location.pointer == "/paths/~1messages/post/parameters/0"


@pytest.mark.parametrize("rule", ["parameter-summary", "parameter-description"])
def test_internal_parameters_are_never_shown_so_never_reported(rule):
    hidden = {"name": "mode", "in": "query", "type": "string", "default": "fast", "required": True,
              "x-ms-visibility": "internal"}
    fragment = {"paths": {"/messages/{id}": {"get": {"parameters": [hidden]}}}}
    fragment["paths"]["/messages/{id}"]["get"]["parameters"].insert(0, clean_documents()[0]["paths"][
        "/messages/{id}"]["get"]["parameters"][0])
    assert rule_hits(fragment, rule) == []
    hidden["x-ms-visibility"] = "advanced"
    assert len(rule_hits(fragment, rule)) == 1


def test_internal_operations_need_no_summary_or_description():
    internal = {"operationId": "Unsubscribe", "x-ms-visibility": "internal",
                "responses": {"200": {"description": "OK"}}}
    fragment = {"paths": {"/hooks": {"delete": internal}}}
    assert rule_hits(fragment, "operation-summary") == [] and rule_hits(fragment, "operation-description") == []
    internal["x-ms-visibility"] = "important"
    assert len(rule_hits(fragment, "operation-summary")) == 1


@pytest.mark.parametrize("key", ["x-summary", "x-examples", "x-descripton", "x-visibility", "x-mss-summary"])
def test_vendor_extensions_outside_the_ms_namespace_are_never_misspellings(key):
    assert rule_hits({"paths": {"/messages/{id}": {"get": {key: "value"}}}}, "x-ms-misspelled") == []


@pytest.mark.parametrize("key", ["x-ms-visibilty", "x-ms-sumary", "x_ms_summary"])
def test_near_misses_of_microsofts_extensions_are_reported(key):
    [hit] = rule_hits({"paths": {"/messages/{id}": {"get": {key: "value"}}}}, "x-ms-misspelled")
    assert hit.severity is Severity.WARNING and hit.location.pointer.endswith(key)


def test_a_file_response_is_valid_swagger():
    fragment = {"paths": {"/messages/{id}/attachment": {"get": {
        "operationId": "GetAttachment", "summary": "Get attachment", "description": "Downloads the attachment.",
        "produces": ["application/octet-stream"],
        "parameters": [{"name": "id", "in": "path", "required": True, "type": "string", "x-ms-summary": "ID",
                        "description": "Message id", "x-ms-url-encoding": "single"}],
        "responses": {"200": {"description": "The file", "schema": {"type": "file"}}}}}},
        "responses": {"Download": {"description": "A file", "schema": {"type": "file"}}}}
    assert [f.message for f in lint_variant(fragment)] == []


def test_a_file_type_inside_a_response_schema_is_still_an_error():
    fragment = {"definitions": {"Message": {"properties": {"attachment": {"type": "file"}}}}}
    assert rule_hits(fragment, "swagger-schema")


def test_an_empty_default_response_schema_is_no_schema():
    responses = {"200": {"description": "OK"}, "default": {"description": "Error", "schema": {}}}
    fragment = {"paths": {"/messages/{id}": {"get": {"responses": responses}}}}
    assert rule_hits(fragment, "default-response-schema") == []
    responses["default"]["schema"] = {"type": "object"}
    assert len(rule_hits(fragment, "default-response-schema")) == 1


def test_independent_publishers_submit_no_icon():
    assert rule_hits({"icon": None, "apiProperties": {"publisher": "Ada Lovelace"}}, "icon-missing") == []
    [hit] = rule_hits({"icon": None}, "icon-missing")
    assert hit.location.file.endswith("apiProperties.json") and hit.location.pointer == "/properties/iconBrandColor"


def test_a_folder_of_independent_publisher_connectors_needs_no_icon(tmp_path):
    swagger, properties = clean_documents()
    for parent, expected in (("independent-publisher-connectors", []), ("certified-connectors", ["icon-missing"])):
        folder = tmp_path / parent / "Contoso"
        shutil.copytree(CLEAN, folder)
        found = lint_path(folder, LintSettings())
        assert [f.rule for f in found if f.severity is Severity.ERROR] == expected


def test_icon_missing_points_at_a_file_that_exists(tmp_path):
    folder = tmp_path / "contoso"
    shutil.copytree(CLEAN, folder)
    [hit] = [f for f in lint_path(folder, LintSettings()) if f.rule == "icon-missing"]
    assert (tmp_path / "contoso" / "apiProperties.json").samefile(hit.location.file) and hit.location.line


@pytest.mark.parametrize("fragment, rule", [
    ({"apiProperties": {"publisher": None, "stackOwner": None}}, "publisher"),
    ({"info": {"contact": None}}, "contact-missing"),
    ({"x-ms-connector-metadata": None}, "connector-metadata"),
    ({"x-ms-connector-metadata": [{"propertyName": "Website", "propertyValue": "https://contoso.example"}]},
     "connector-metadata"),
])
def test_what_microsofts_schema_makes_optional_is_one_warning_at_a_real_place(fragment, rule):
    [hit] = rule_hits(fragment, rule)
    assert hit.severity is Severity.WARNING
    swagger, properties = clean_documents()
    from tests.lint.helpers import merge
    merge(swagger, {k: v for k, v in fragment.items() if k != "apiProperties"})
    merge(properties["properties"], fragment.get("apiProperties", {}))
    document = properties if hit.location.file.endswith("apiProperties.json") else swagger
    assert hit.location.pointer not in ("", None)
    assert resolve_pointer(document, hit.location.pointer) is not None


def test_missing_metadata_entries_are_named_in_one_finding():
    [hit] = rule_hits({"x-ms-connector-metadata": []}, "connector-metadata")
    assert "'Website', 'Privacy policy', 'Categories'" in hit.message


def test_a_default_error_inside_an_object_points_at_the_element(tmp_path):
    folder = tmp_path / "contoso"
    shutil.copytree(CLEAN, folder)
    (folder / "icon.png").write_bytes(make_icon())
    path = folder / "apiDefinition.swagger.json"
    doc = json.loads(path.read_text("utf-8"))
    # openapi-spec-validator checks the defaults of schemas that operations use.
    doc["definitions"]["Message"]["properties"]["query"] = {
        "type": "object", "description": "A query", "default": {"sort": 1},
        "properties": {"sort": {"type": "string", "description": "Order"}}}
    path.write_text(json.dumps(doc, indent=2), "utf-8")
    [hit] = [f for f in lint_path(folder, LintSettings(profile="platform", families=("swagger",)))]
    assert hit.rule == "swagger-schema" and hit.severity is Severity.ERROR
    assert hit.location.pointer == "/definitions/Message/properties/query/default/sort"
    line = path.read_text("utf-8").splitlines()[hit.location.line - 1]
    assert line[hit.location.column - 1:].startswith('"sort": 1')


def test_default_errors_are_reported_once_in_lint():
    fragment = {"definitions": {"Message": {"properties": {"count": {"type": "integer", "default": "one",
                                                                     "description": "How many"}}}}}
    found = [f for f in lint_variant(fragment) if f.location.pointer.endswith("/count/default")]
    assert [f.rule for f in found] == ["default-type"]


def test_a_default_of_a_shared_parameter_is_located_in_its_definition():
    swagger, properties = clean_documents()
    swagger["parameters"] = {"Limit": {"name": "limit", "in": "query", "type": "integer", "default": "ten"}}
    swagger["paths"]["/messages/{id}"]["get"]["parameters"].append({"$ref": "#/parameters/Limit"})
    build = folder_build(ConnectorFolder(CLEAN, swagger, properties, make_icon(), None, None))
    found = lint_build(build, LintSettings(profile="platform", families=("swagger",)))
    assert {f.location.pointer for f in found} == {"/parameters/Limit/default"}


def test_one_problem_is_one_swagger_finding():
    def findings(change):
        swagger, properties = clean_documents()
        change(swagger)
        build = folder_build(ConnectorFolder(CLEAN, swagger, properties, make_icon(), None, None))
        return lint_build(build, LintSettings(profile="platform", families=("swagger",)))

    # An empty responses map breaks two clauses of the Swagger 2.0 schema; a null default three checks.
    [finding] = findings(lambda doc: doc["paths"]["/messages/{id}"]["get"].update(responses={}))
    assert finding.message == "not valid Swagger 2.0: {} should be non-empty"
    mode = {"type": "string", "enum": ["a", "b"], "default": None, "description": "Mode"}
    [finding] = findings(lambda doc: doc["definitions"]["Message"]["properties"].update(mode=mode))
    assert finding.location.pointer == "/definitions/Message/properties/mode/default"
    assert finding.message == "not valid Swagger 2.0: null is not allowed here (the schema is not nullable)"
