"""The walker turns an operation's inputs and outputs into fields, through $ref, allOf, objects and arrays."""

from __future__ import annotations

from generator.diff.schema import input_fields, output_fields, success_status
from tests.diff.builders import HOOK, SEND, base_swagger, diff_docs


def by_path(fields) -> dict[str, object]:
    return {"/".join(f.path): f for f in fields.values()}


def test_inputs_follow_refs_nested_objects_arrays_and_all_of():
    fields = by_path(input_fields(base_swagger(), SEND, "post"))
    options = fields["parameter/body/schema/Options/Schedule/At"]
    assert (options.type, options.schema["format"], options.pointer) == (
        "string", "date-time", "/definitions/Options/properties/Schedule/properties/At")
    # Recipient is allOf [$ref Contact, {Phone}]: both members' properties belong to the array's items.
    assert fields["parameter/body/schema/Recipients/items"].type == "object"
    assert fields["parameter/body/schema/Recipients/items/Name"].pointer == "/definitions/Contact/properties/Name"
    assert fields["parameter/body/schema/Recipients/items/Phone"].pointer == \
        "/definitions/Recipient/allOf/1/properties/Phone"
    assert [p for p, f in fields.items() if f.required] == [
        "parameter/accountId", "parameter/Content-Type", "parameter/body", "parameter/body/schema/Text",
        "parameter/body/schema/Targets"]


def test_a_field_without_type_has_no_type():
    doc = base_swagger()
    doc["definitions"]["MessageRequest"]["properties"]["Anything"] = {"description": "any JSON value"}
    assert by_path(input_fields(doc, SEND, "post"))["parameter/body/schema/Anything"].type is None


def test_all_of_members_add_their_required_names():
    doc = base_swagger()
    doc["definitions"]["Recipient"]["allOf"][1]["required"] = ["Phone"]
    fields = by_path(input_fields(doc, SEND, "post"))
    assert fields["parameter/body/schema/Recipients/items/Phone"].required
    assert fields["parameter/body/schema/Recipients/items/Phone"].required_pointer == \
        "/definitions/Recipient/allOf/1/required/0"
    assert not fields["parameter/body/schema/Recipients/items/Name"].required


def with_region(kind: str) -> dict:
    """The base connector with a shared `region` parameter declared on the path item."""
    doc = base_swagger()
    doc["parameters"] = {"Region": {"name": "region", "in": "query", "type": kind, "required": False}}
    doc["paths"][SEND]["parameters"] = [{"$ref": "#/parameters/Region"}]
    return doc


def test_shared_and_path_level_parameters_are_inputs():
    fields = by_path(input_fields(with_region("string"), SEND, "post"))
    assert (fields["parameter/region"].pointer, fields["parameter/region"].type) == ("/parameters/Region", "string")


def test_a_change_in_a_shared_parameter_points_at_it(tmp_path):
    [finding] = diff_docs(tmp_path, with_region("string"), with_region("integer")).findings
    assert (finding.rule, finding.detail("path"), finding.location.pointer) == (
        "input-type-changed", "operation/Message_Send/parameter/region/type", "/parameters/Region/type")


def test_outputs_are_the_success_response_its_headers_and_the_trigger_payload():
    doc = base_swagger()
    doc["paths"][HOOK]["post"]["responses"]["201"]["headers"] = {"Location": {"type": "string"}}
    fields = by_path(output_fields(doc, HOOK, "post"))
    assert sorted(fields) == [
        "responses/201/headers/Location", "responses/201/schema", "responses/201/schema/id",
        "x-ms-notification-content/schema", "x-ms-notification-content/schema/Count",
        "x-ms-notification-content/schema/From", "x-ms-notification-content/schema/Parts",
        "x-ms-notification-content/schema/Parts/items", "x-ms-notification-content/schema/Parts/items/Text"]
    # An action has no payload, whatever its path item holds.
    assert not any(p.startswith("x-ms-notification") for p in by_path(output_fields(doc, SEND, "post")))


def test_success_status_is_the_lowest_2xx_else_default():
    assert success_status({"404": {}, "201": {}, "200": {}}) == "200"
    assert success_status({"default": {}, "400": {}}) == "default"
    assert success_status({"400": {}}) is None


def test_a_shared_response_is_followed(tmp_path):
    def shared(description: str, kind: str) -> dict:
        doc = base_swagger()
        doc["responses"] = {"Sent": {"description": description,
                                     "schema": {"type": "object", "properties": {"id": {"type": kind}}}}}
        doc["paths"][SEND]["post"]["responses"]["200"] = {"$ref": "#/responses/Sent"}
        return doc

    assert diff_docs(tmp_path, shared("Sent", "integer"), shared("Sent", "integer")).findings == []
    [finding] = diff_docs(tmp_path, shared("Sent", "integer"), shared("Sent", "string")).findings
    assert (finding.detail("path"), finding.location.pointer) == (
        "operation/Message_Send/responses/200/schema/id/type", "/responses/Sent/schema/properties/id/type")
