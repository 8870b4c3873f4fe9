"""The smallest change for every rule is found exactly once, at the right place; harmless changes break nothing."""

from __future__ import annotations

from typing import Callable, NamedTuple

import pytest

from generator.diff import RULES
from generator.diff.registry import ACKNOWLEDGED
from generator.findings import Severity, pointer
from generator.report import exit_code
from tests.diff.builders import HOOK, HOOK_DELETE, SEND, base_properties, base_swagger, diff_docs


def send(doc: dict) -> dict:
    return doc["paths"][SEND]["post"]


def hook(doc: dict) -> dict:
    return doc["paths"][HOOK]["post"]


def parameter(doc: dict, name: str, op: Callable = send) -> dict:
    return next(p for p in op(doc)["parameters"] if p["name"] == name)


def request(doc: dict) -> dict:
    return doc["definitions"]["MessageRequest"]["properties"]


def response(doc: dict) -> dict:
    return doc["definitions"]["MessageResponse"]["properties"]


def move(mapping: dict, old_key: str, new_key: str) -> None:
    mapping[new_key] = mapping.pop(old_key)


class Case(NamedTuple):
    rule: str
    change: Callable[[dict, dict], None]
    path: str
    # The JSON pointer into the new document the finding must point at.
    new_pointer: str
    # What both versions have before the change (default: the builders' connector as it is).
    setup: Callable[[dict, dict], None] | None = None


SEND_OP = pointer("paths", SEND, "post")
HOOK_OP = pointer("paths", HOOK, "post")
REQUEST = "/definitions/MessageRequest/properties"
RESPONSE = "/definitions/MessageResponse/properties"
BODY = "operation/Message_Send/parameter/body/schema"
OUT = "operation/Message_Send/responses/200/schema"
PAYLOAD = "operation/Message_Received/x-ms-notification-content/schema"
PAYLOAD_AT = pointer("paths", HOOK, "x-ms-notification-content", "schema", "properties")


def _add_operation(s, p):
    s["paths"]["/accounts/{accountId}/contacts"] = {"get": {
        "operationId": "Contact_List", "summary": "List contacts", "description": "Every contact",
        "parameters": [], "responses": {"200": {"description": "OK"}}}}


def _dynamic_priority(s, p):
    parameter(s, "priority")["x-ms-dynamic-values"] = {"operationId": "Hook_Delete", "value-path": "id"}


def _array_parameter(s, p):
    send(s)["parameters"].append({"name": "ids", "in": "query", "type": "array", "items": {"type": "string"},
                                  "collectionFormat": "csv"})


def _api_key(s, p):
    s["securityDefinitions"] = {"key": {"type": "apiKey", "in": "header", "name": "X-Key"}}


def _oauth(s, p):
    s["securityDefinitions"] = {"oauth": {"type": "oauth2", "flow": "accessCode",
                                          "authorizationUrl": "https://login.example.com/authorize",
                                          "tokenUrl": "https://login.example.com/token", "scopes": {}}}
    p["properties"]["connectionParameters"] = {"token": {"type": "oauthSetting", "oAuthSettings": {
        "identityProvider": "oauth2", "clientId": "1a2b", "scopes": ["messages:read", "contacts:read"],
        "redirectMode": "Global"}}}


def _settings(p):
    return p["properties"]["connectionParameters"]["token"]["oAuthSettings"]


def _parameter_sets(s, p):
    p["properties"]["connectionParameterSets"] = {"uiDefinition": {"displayName": "Sign in with"}, "values": [
        {"name": "basic", "parameters": p["properties"]["connectionParameters"]},
        {"name": "key", "parameters": {"region": {"type": "string"}, "key": {"type": "securestring"}}}]}


def _sets(p):
    return p["properties"]["connectionParameterSets"]["values"]


def _policies(s, p):
    p["properties"]["policyTemplateInstances"] = [{"templateId": "setheader", "title": "Client", "parameters": {
        "x-ms-apimTemplateParameter.name": "X-Client", "x-ms-apimTemplateParameter.value": "flows",
        "x-ms-apimTemplateParameter.existsAction": "override"}}]


def _other_auth(s, p):
    s["securityDefinitions"] = {"key": {"type": "apiKey", "in": "header", "name": "X-Key"}}
    s["security"] = [{"key": []}]


def _required_connection_parameter(s, p):
    p["properties"]["connectionParameters"]["region"] = {
        "type": "string", "uiDefinition": {"displayName": "Region", "constraints": {"required": "true"}}}


CASES = [
    Case("operation-removed", lambda s, p: s["paths"].pop(SEND), "operation/Message_Send", "/paths"),
    Case("operation-added", _add_operation, "operation/Contact_List",
         pointer("paths", "/accounts/{accountId}/contacts", "get")),
    Case("host-changed", lambda s, p: s.update(host="api2.example.com"), "host", "/host"),
    Case("base-path-changed", lambda s, p: s.update(basePath="/v2"), "basePath", "/basePath"),
    Case("auth-type-changed", _other_auth, "securityDefinitions", "/securityDefinitions"),
    Case("connection-parameter-removed", lambda s, p: p["properties"]["connectionParameters"].pop("username"),
         "connectionParameters/username", "/properties/connectionParameters"),
    Case("connection-parameter-added", _required_connection_parameter, "connectionParameters/region",
         "/properties/connectionParameters/region"),
    Case("operation-method-changed", lambda s, p: move(s["paths"][SEND], "post", "put"),
         "operation/Message_Send/method", pointer("paths", SEND, "put")),
    Case("operation-path-changed", lambda s, p: move(s["paths"], SEND, "/accounts/{account}/messages"),
         "operation/Message_Send/path", pointer("paths", "/accounts/{account}/messages", "post")),
    Case("operation-route-moved", lambda s, p: move(s["paths"], SEND, "/accounts/{accountId}/sms"),
         "operation/Message_Send/path", pointer("paths", "/accounts/{accountId}/sms", "post")),
    Case("operation-made-internal", lambda s, p: send(s).update({"x-ms-visibility": "internal"}),
         "operation/Message_Send/x-ms-visibility", SEND_OP + "/x-ms-visibility"),
    Case("operation-deprecated", lambda s, p: send(s).update(deprecated=True),
         "operation/Message_Send/deprecated", SEND_OP + "/deprecated"),
    Case("trigger-kind-changed", lambda s, p: hook(s).update({"x-ms-trigger": "batch"}),
         "operation/Message_Received/x-ms-trigger", HOOK_OP + "/x-ms-trigger"),
    Case("response-status-changed", lambda s, p: move(send(s)["responses"], "200", "201"),
         "operation/Message_Send/responses/200", SEND_OP + "/responses/201"),
    Case("response-added", lambda s, p: send(s)["responses"].update({"429": {"description": "Too many"}}),
         "operation/Message_Send/responses/429", SEND_OP + "/responses/429"),
    Case("response-removed", lambda s, p: send(s)["responses"].pop("404"),
         "operation/Message_Send/responses/404", SEND_OP + "/responses"),
    Case("input-removed", lambda s, p: request(s).pop("Channel"), f"{BODY}/Channel", "/definitions/MessageRequest"),
    Case("input-removed", lambda s, p: s["definitions"]["Contact"]["properties"].pop("Name"),
         f"{BODY}/Recipients/items/Name", "/definitions/Recipient"),
    Case("input-removed", lambda s, p: send(s)["parameters"].pop(1), "operation/Message_Send/parameter/priority",
         SEND_OP + "/parameters"),
    Case("internal-input-removed", lambda s, p: send(s)["parameters"].pop(2),
         "operation/Message_Send/parameter/Content-Type", SEND_OP + "/parameters"),
    Case("internal-input-removed", lambda s, p: request(s).pop("Tracking"), f"{BODY}/Tracking",
         "/definitions/MessageRequest"),
    Case("input-required-added", lambda s, p: (request(s).update(Subject={"type": "string", "default": "Hi"}),
                                               s["definitions"]["MessageRequest"]["required"].append("Subject")),
         f"{BODY}/Subject", f"{REQUEST}/Subject"),
    Case("input-added", lambda s, p: request(s).update(Subject={"type": "string"}), f"{BODY}/Subject",
         f"{REQUEST}/Subject"),
    Case("input-made-required", lambda s, p: s["definitions"]["MessageRequest"]["required"].append("MediaId"),
         f"{BODY}/MediaId/required", "/definitions/MessageRequest/required/2"),
    Case("input-made-required", lambda s, p: parameter(s, "priority").update(required=True),
         "operation/Message_Send/parameter/priority/required", SEND_OP + "/parameters/1/required"),
    Case("input-made-optional", lambda s, p: s["definitions"]["MessageRequest"]["required"].remove("Text"),
         f"{BODY}/Text/required", f"{REQUEST}/Text"),
    Case("input-type-changed", lambda s, p: request(s).update(Targets={"type": "string"}), f"{BODY}/Targets/type",
         f"{REQUEST}/Targets/type"),
    Case("input-format-changed", lambda s, p: s["definitions"]["Options"]["properties"]["Schedule"]["properties"]
         ["At"].update(format="date"), f"{BODY}/Options/Schedule/At/format",
         "/definitions/Options/properties/Schedule/properties/At/format"),
    Case("input-enum-value-removed", lambda s, p: request(s)["Channel"].update(enum=["sms"]),
         f"{BODY}/Channel/enum", f"{REQUEST}/Channel/enum"),
    Case("input-enum-added", lambda s, p: request(s)["Tag"].update(enum=["a", "b"]), f"{BODY}/Tag/enum",
         f"{REQUEST}/Tag/enum"),
    Case("input-enum-value-added", lambda s, p: request(s)["Channel"].update(enum=["sms", "mms", "rcs"]),
         f"{BODY}/Channel/enum", f"{REQUEST}/Channel/enum"),
    Case("input-enum-widened", lambda s, p: parameter(s, "priority").pop("enum"),
         "operation/Message_Send/parameter/priority/enum", SEND_OP + "/parameters/1"),
    Case("input-made-internal", lambda s, p: request(s)["MediaId"].update({"x-ms-visibility": "internal"}),
         f"{BODY}/MediaId/x-ms-visibility", f"{REQUEST}/MediaId/x-ms-visibility"),
    Case("default-changed", lambda s, p: parameter(s, "priority").update(default="high"),
         "operation/Message_Send/parameter/priority/default", SEND_OP + "/parameters/1/default"),
    Case("url-encoding-changed", lambda s, p: parameter(s, "accountId").update({"x-ms-url-encoding": "double"}),
         "operation/Message_Send/parameter/accountId/x-ms-url-encoding",
         SEND_OP + "/parameters/0/x-ms-url-encoding"),
    Case("url-encoding-declared", lambda s, p: parameter(s, "accountId").update({"x-ms-url-encoding": "single"}),
         "operation/Message_Send/parameter/accountId/x-ms-url-encoding",
         SEND_OP + "/parameters/0/x-ms-url-encoding"),
    Case("output-removed", lambda s, p: response(s).pop("created"), f"{OUT}/created", "/definitions/MessageResponse"),
    Case("output-removed", lambda s, p: s["definitions"]["LogEntry"]["properties"].pop("Code"),
         f"{OUT}/log/items/Code", "/definitions/LogEntry"),
    Case("output-added", lambda s, p: response(s).update(sent={"type": "boolean"}), f"{OUT}/sent",
         f"{RESPONSE}/sent"),
    Case("output-added", lambda s, p: hook(s)["responses"]["201"].update(headers={"Location": {"type": "string"}}),
         "operation/Message_Received/responses/201/headers/Location", HOOK_OP + "/responses/201/headers/Location"),
    Case("output-type-changed", lambda s, p: response(s)["id"].update(type="string"), f"{OUT}/id/type",
         f"{RESPONSE}/id/type"),
    Case("output-type-changed", lambda s, p: s["paths"][HOOK]["x-ms-notification-content"]["schema"]["properties"]
         ["Parts"]["items"]["properties"]["Text"].update(type="integer"), f"{PAYLOAD}/Parts/items/Text/type",
         f"{PAYLOAD_AT}/Parts/items/properties/Text/type"),
    Case("input-format-widened", lambda s, p: request(s)["MediaId"].update(format="int64"),
         f"{BODY}/MediaId/format", f"{REQUEST}/MediaId/format"),
    Case("type-declared", lambda s, p: request(s).update(Tag={"type": "object", "properties": {"x": {}}}),
         f"{BODY}/Tag/type", f"{REQUEST}/Tag/type", lambda s, p: request(s).update(Tag={})),
    Case("internal-input-added", lambda s, p: send(s)["parameters"].append(
        {"name": "X-Version", "in": "header", "required": True, "type": "string", "default": "2",
         "x-ms-visibility": "internal"}), "operation/Message_Send/parameter/X-Version", SEND_OP + "/parameters/4"),
    Case("content-header-made-internal", lambda s, p: parameter(s, "Content-Type").update(
        {"x-ms-visibility": "internal"}), "operation/Message_Send/parameter/Content-Type/x-ms-visibility",
         SEND_OP + "/parameters/2/x-ms-visibility", lambda s, p: parameter(s, "Content-Type").pop("x-ms-visibility")),
    Case("dynamic-reference-broken", lambda s, p: s["paths"].pop(HOOK_DELETE),
         "paths/~1accounts~1{accountId}~1messages/post/parameters/1/x-ms-dynamic-values",
         SEND_OP + "/parameters/1/x-ms-dynamic-values", _dynamic_priority),
    Case("input-moved", lambda s, p: parameter(s, "priority").update({"in": "header"}),
         "operation/Message_Send/parameter/priority/in", SEND_OP + "/parameters/1/in"),
    Case("collection-format-changed", lambda s, p: parameter(s, "ids").update(collectionFormat="multi"),
         "operation/Message_Send/parameter/ids/collectionFormat", SEND_OP + "/parameters/4/collectionFormat",
         _array_parameter),
    Case("consumes-changed", lambda s, p: send(s).update(consumes=["application/x-www-form-urlencoded"]),
         "operation/Message_Send/consumes", SEND_OP + "/consumes"),
    Case("produces-changed", lambda s, p: send(s).update(produces=["text/csv"]), "operation/Message_Send/produces",
         SEND_OP + "/produces"),
    Case("pageable-removed", lambda s, p: send(s).pop("x-ms-pageable"), "operation/Message_Send/x-ms-pageable",
         SEND_OP, lambda s, p: send(s).update({"x-ms-pageable": {"nextLinkName": "next"}})),
    Case("api-key-changed", lambda s, p: s["securityDefinitions"]["key"].update({"in": "query"}),
         "securityDefinitions/key/in", "/securityDefinitions/key/in", _api_key),
    Case("oauth-flow-changed", lambda s, p: s["securityDefinitions"]["oauth"].update(
        tokenUrl="https://auth.example.com/token"), "securityDefinitions/oauth/tokenUrl",
         "/securityDefinitions/oauth/tokenUrl", _oauth),
    Case("oauth-setting-changed", lambda s, p: _settings(p).update(clientId="9f8e"),
         "connectionParameters/token/oAuthSettings/clientId",
         "/properties/connectionParameters/token/oAuthSettings/clientId", _oauth),
    Case("oauth-scopes-added", lambda s, p: _settings(p)["scopes"].append("messages:write"),
         "connectionParameters/token/oAuthSettings/scopes",
         "/properties/connectionParameters/token/oAuthSettings/scopes", _oauth),
    Case("oauth-scopes-removed", lambda s, p: _settings(p)["scopes"].pop(),
         "connectionParameters/token/oAuthSettings/scopes",
         "/properties/connectionParameters/token/oAuthSettings/scopes", _oauth),
    Case("connection-parameter-optional-added", lambda s, p: p["properties"]["connectionParameters"].update(
        region={"type": "string", "uiDefinition": {"constraints": {"required": "false"}}}),
         "connectionParameters/region", "/properties/connectionParameters/region"),
    Case("connection-parameter-type-changed", lambda s, p: p["properties"]["connectionParameters"]["username"]
         .update(type="string"), "connectionParameters/username/type",
         "/properties/connectionParameters/username/type"),
    Case("connection-parameter-set-removed", lambda s, p: _sets(p).pop(1), "connectionParameterSets/key",
         "/properties/connectionParameterSets", _parameter_sets),
    Case("connection-parameter-set-added", lambda s, p: _sets(p).append(
        {"name": "anonymous", "parameters": {}}), "connectionParameterSets/anonymous",
         "/properties/connectionParameterSets/values/2", _parameter_sets),
    Case("connection-parameter-removed", lambda s, p: _sets(p)[1]["parameters"].pop("region"),
         "connectionParameterSets/key/region", "/properties/connectionParameterSets/values/1/parameters",
         _parameter_sets),
    Case("policy-template-removed", lambda s, p: p["properties"]["policyTemplateInstances"].pop(0),
         "policyTemplateInstances/setheader/X-Client", "/properties/policyTemplateInstances", _policies),
    Case("policy-template-added", lambda s, p: p["properties"]["policyTemplateInstances"].append(
        {"templateId": "dynamichosturl", "title": "Region", "parameters": {
            "x-ms-apimTemplateParameter.urlTemplate": "https://@connectionParameters('region').example.com"}}),
         "policyTemplateInstances/dynamichosturl", "/properties/policyTemplateInstances/1", _policies),
    Case("policy-template-changed", lambda s, p: p["properties"]["policyTemplateInstances"][0]["parameters"]
         .update({"x-ms-apimTemplateParameter.value": "bots"}),
         "policyTemplateInstances/setheader/X-Client/parameters/x-ms-apimTemplateParameter.value",
         "/properties/policyTemplateInstances/0/parameters/x-ms-apimTemplateParameter.value", _policies),
    Case("policy-template-retitled", lambda s, p: p["properties"]["policyTemplateInstances"][0].update(
        title="Client header"), "policyTemplateInstances/setheader/X-Client/title",
         "/properties/policyTemplateInstances/0", _policies),
    Case("output-format-changed", lambda s, p: response(s)["created"].update(format="date-time"),
         f"{OUT}/created/format", f"{RESPONSE}/created/format"),
    Case("output-format-changed", lambda s, p: s["paths"][HOOK]["x-ms-notification-content"]["schema"]
         ["properties"]["Count"].update(format="int64"), f"{PAYLOAD}/Count/format", f"{PAYLOAD_AT}/Count/format"),
    Case("output-enum-changed", lambda s, p: response(s)["approved"].pop("enum"), f"{OUT}/approved/enum",
         f"{RESPONSE}/approved"),
    Case("summary-changed", lambda s, p: send(s).update(summary="Send a text"), "operation/Message_Send/summary",
         SEND_OP + "/summary"),
    Case("summary-changed", lambda s, p: parameter(s, "accountId").update({"x-ms-summary": "Account ID"}),
         "operation/Message_Send/parameter/accountId/x-ms-summary", SEND_OP + "/parameters/0/x-ms-summary"),
    Case("description-changed", lambda s, p: request(s)["Text"].update(description="The message"),
         f"{BODY}/Text/description", f"{REQUEST}/Text/description"),
    Case("description-changed", lambda s, p: s["paths"][HOOK_DELETE]["delete"].update(description="Unsubscribe"),
         "operation/Hook_Delete/description", pointer("paths", HOOK_DELETE, "delete", "description")),
]


def changed(case_change: Callable, setup: Callable | None = None) -> tuple[dict, dict]:
    swagger, properties = base_swagger(), base_properties()
    if setup is not None:
        setup(swagger, properties)
    case_change(swagger, properties)
    return swagger, properties


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.rule}:{c.path.rsplit('/', 2)[-2:]}")
def test_smallest_change_is_found_once_at_its_place(tmp_path, case):
    swagger, properties = changed(case.change, case.setup)
    old_swagger, old_properties = changed(lambda s, p: None, case.setup)
    result = diff_docs(tmp_path, old_swagger, swagger, old_properties=old_properties, new_properties=properties)
    hits = [f for f in result.findings if f.rule == case.rule]
    assert len(hits) == 1, [f.message for f in result.findings]
    hit = hits[0]
    assert hit.detail("path") == case.path
    assert hit.message.startswith(case.path + ": ")
    assert hit.location.pointer == case.new_pointer
    # A pointer into a JSON file comes with the line and column a reader jumps to.
    assert hit.location.line is not None and hit.location.file.endswith(
        "apiProperties.json" if case.path.startswith(("connection", "policy")) else "apiDefinition.swagger.json")
    assert hit.related is not None and "/old/" in hit.related.file
    assert hit.severity is RULES[case.rule].severity
    breaking = [f for f in result.findings if f.severity is Severity.ERROR]
    assert exit_code(result.findings) == (1 if breaking else 0)


def test_every_rule_has_a_smallest_change():
    covered = {case.rule for case in CASES}
    # properties-unreadable needs a file that is not JSON: tests/diff/test_robust.py.
    compared = {rule_id for rule_id, rule in RULES.items() if ACKNOWLEDGED not in rule.scopes}
    compared -= {"properties-unreadable"}
    assert compared - covered == set()


def test_findings_carry_old_and_new_values(tmp_path):
    swagger, _ = changed(lambda s, p: request(s).update(Targets={"type": "string"}))
    finding = next(f for f in diff_docs(tmp_path, base_swagger(), swagger).findings if f.rule == "input-type-changed")
    assert (finding.detail("operation"), finding.detail("old"), finding.detail("new")) == \
        ("Message_Send", "array", "string")
    assert finding.related.pointer == f"{REQUEST}/Targets/type"
    assert "from \"array\" to \"string\"" in finding.message


def test_a_renamed_operation_counts_as_removed_and_says_so(tmp_path):
    swagger, _ = changed(lambda s, p: send(s).update(operationId="Message_Post"))
    result = diff_docs(tmp_path, base_swagger(), swagger)
    removed = [f for f in result.findings if f.rule == "operation-removed"]
    assert len(removed) == 1 and "'Message_Post'" in removed[0].message
    assert removed[0].location.pointer == SEND_OP
    assert [f.detail("operation") for f in result.findings if f.rule == "operation-added"] == ["Message_Post"]
    assert exit_code(result.findings) == 1


def test_nothing_is_compared_below_a_removed_or_retyped_field(tmp_path):
    swagger, _ = changed(lambda s, p: (request(s).pop("Options"), request(s).update(Recipients={"type": "string"})))
    findings = diff_docs(tmp_path, base_swagger(), swagger).findings
    assert sorted((f.rule, f.detail("path")) for f in findings) == [
        ("input-removed", f"{BODY}/Options"), ("input-type-changed", f"{BODY}/Recipients/type")]


def test_removing_the_notification_url_is_breaking_although_internal(tmp_path):
    swagger, _ = changed(lambda s, p: parameter(s, "body", hook)["schema"]["properties"].pop("Url"))
    findings = diff_docs(tmp_path, base_swagger(), swagger).findings
    assert [(f.rule, f.detail("path")) for f in findings] == [
        ("input-removed", "operation/Message_Received/parameter/body/schema/Url")]


def test_an_internal_header_removal_names_the_media_types_that_replace_it(tmp_path):
    swagger, _ = changed(lambda s, p: send(s)["parameters"].pop(2))
    [finding] = diff_docs(tmp_path, base_swagger(), swagger).findings
    assert finding.severity is Severity.INFO
    assert 'consumes ["application/json"]' in finding.message


def _rename_definition(s, p):
    s["definitions"]["SendRequest"] = s["definitions"].pop("MessageRequest")
    parameter(s, "body")["schema"]["$ref"] = "#/definitions/SendRequest"


def _inline_reference(s, p):
    parameter(s, "body")["schema"] = s["definitions"].pop("MessageRequest")


def _flatten_all_of(s, p):
    s["definitions"]["Recipient"] = {"type": "object", "properties": {"Name": {"type": "string"},
                                                                      "Phone": {"type": "string"}}}


def _reorder(s, p):
    send(s)["parameters"].reverse()
    s["definitions"]["MessageRequest"]["properties"] = dict(reversed(request(s).items()))


# Changes that restructure the document without changing what flows see: not a single finding.
REFACTORINGS = {
    "definition renamed": _rename_definition,
    "$ref inlined": _inline_reference,
    "allOf flattened": _flatten_all_of,
    "parameters and properties reordered": _reorder,
    "header name in other letter case": lambda s, p: parameter(s, "Content-Type").update(name="content-type"),
    "host in other letter case": lambda s, p: s.update(host="API.example.com"),
    "basePath with a trailing slash": lambda s, p: s.update(basePath="/v1/"),
    "boolean input enum of every value": lambda s, p: s["definitions"]["Options"]["properties"]["ForceOptIn"]
    .update(enum=[True, False]),
}

# Changes flows do not notice: reported (by the rule named, None where no rule reports it), never as breaking.
HARMLESS = {
    "description changed": ("description-changed", lambda s, p: request(s)["Text"].update(description="Words")),
    "x-ms-summary added": ("summary-changed", lambda s, p: parameter(s, "body").update({"x-ms-summary": "Message"})),
    "optional input added": ("input-added", lambda s, p: request(s).update(Subject={"type": "string"})),
    "output field added": ("output-added", lambda s, p: response(s).update(sent={"type": "boolean"})),
    "enum value added to an input": ("input-enum-value-added",
                                     lambda s, p: request(s)["Channel"].update(enum=["sms", "mms", "rcs"])),
    "enum dropped from an input": ("input-enum-widened", lambda s, p: request(s)["Channel"].pop("enum")),
    "required input made optional": ("input-made-optional",
                                     lambda s, p: s["definitions"]["MessageRequest"]["required"].remove("Text")),
    "internal Content-Type header removed": ("internal-input-removed", lambda s, p: send(s)["parameters"].pop(2)),
    "internal input with a default removed": ("internal-input-removed", lambda s, p: request(s).pop("Tracking")),
    "boolean output loses its string enum": ("output-enum-changed", lambda s, p: response(s)["approved"].pop("enum")),
    "output enum changed": ("output-enum-changed", lambda s, p: response(s)["approved"].update(enum=[True, False])),
    "error responses documented": ("response-added", lambda s, p: send(s)["responses"].update(
        {code: {"description": "Error"} for code in ("400", "401", "403", "429")})),
    "error response removed": ("response-removed", lambda s, p: send(s)["responses"].pop("404")),
    "x-ms-url-encoding single declared": ("url-encoding-declared", lambda s, p: parameter(s, "accountId").update(
        {"x-ms-url-encoding": "single"})),
    "Location header documented": ("output-added", lambda s, p: hook(s)["responses"]["201"].update(
        headers={"Location": {"type": "string"}})),
    "operation added": ("operation-added", _add_operation),
    "default changed": ("default-changed", lambda s, p: parameter(s, "priority").update(default="high")),
    "operation deprecated": ("operation-deprecated", lambda s, p: send(s).update(deprecated=True)),
    "operation visibility advanced": (None, lambda s, p: send(s).update({"x-ms-visibility": "advanced"})),
    "optional connection parameter added": ("connection-parameter-optional-added", lambda s, p: p["properties"][
        "connectionParameters"].update(
        region={"type": "string", "uiDefinition": {"constraints": {"required": "false"}}})),
}


@pytest.mark.parametrize("name", list(REFACTORINGS))
def test_refactoring_gives_no_finding(tmp_path, name):
    swagger, properties = changed(REFACTORINGS[name])
    assert diff_docs(tmp_path, base_swagger(), swagger, new_properties=properties).findings == []


@pytest.mark.parametrize("name", list(HARMLESS))
def test_harmless_change_is_not_breaking(tmp_path, name):
    reported_by, change = HARMLESS[name]
    swagger, properties = changed(change)
    findings = diff_docs(tmp_path, base_swagger(), swagger, new_properties=properties).findings
    assert [f.message for f in findings if f.severity is Severity.ERROR] == []
    assert {f.rule for f in findings} == ({reported_by} if reported_by else set())
    assert exit_code(findings) == 0


def test_same_document_on_both_sides_gives_no_finding(tmp_path):
    assert diff_docs(tmp_path, base_swagger(), base_swagger()).findings == []


def test_a_recursive_definition_is_walked_once(tmp_path):
    def recursive(s, p):
        s["definitions"]["Contact"]["properties"]["Manager"] = {"$ref": "#/definitions/Contact"}

    old, _ = changed(recursive)
    new, _ = changed(lambda s, p: (recursive(s, p), s["definitions"]["Contact"]["properties"]["Name"]
                                   .update(type="integer")))
    findings = diff_docs(tmp_path, old, new).findings
    assert [(f.rule, f.detail("path")) for f in findings] == [
        ("input-type-changed", f"{BODY}/Recipients/items/Name/type")]
