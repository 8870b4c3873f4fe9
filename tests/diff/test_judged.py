"""Classes of change judged by hand on real connector updates, rebuilt on the test connector.

Each case is one kind of change seen in the public connectors' history, with the verdict a certification
reviewer gives it: the errors it must raise (a break), and the warnings. Everything else it reports is
info. The first group were false alarms once; the second are real breaks that must stay errors.
"""

from __future__ import annotations

from typing import Callable, NamedTuple

import pytest

from generator.findings import Severity
from tests.diff.builders import HOOK_DELETE, SEND, base_properties, base_swagger, diff_docs


class Judged(NamedTuple):
    change: Callable[[dict, dict], None]
    errors: set[str]
    warnings: set[str] = set()
    setup: Callable[[dict, dict], None] | None = None


def send(s: dict) -> dict:
    return s["paths"][SEND]["post"]


def param(s: dict, name: str) -> dict:
    return next(p for p in send(s)["parameters"] if p["name"] == name)


def move_path(s: dict, old: str, new: str) -> None:
    s["paths"][new] = s["paths"].pop(old)


def api_key(s, p):
    s["securityDefinitions"] = {"API Key": {"type": "apiKey", "in": "header", "name": "X-Api-Key"}}
    send(s)["parameters"].append({"name": "X-Api-Key", "in": "header", "required": True, "type": "string",
                                  "default": "{{key}}"})


def oauth(s, p):
    s["securityDefinitions"] = {"oauth": {"type": "oauth2", "flow": "accessCode", "scopes": {},
                                          "authorizationUrl": "https://login.example.com/a",
                                          "tokenUrl": "https://login.example.com/t"}}
    p["properties"]["connectionParameters"] = {"token": {"type": "oauthSetting", "oAuthSettings": {
        "identityProvider": "oauth2", "clientId": "<client-id-please-replace>",
        "scopes": ["messages:read contacts:read"], "redirectUrl": "https://regional.example.net/redirect"}}}


def host_policy(s, p):
    p["properties"]["policyTemplateInstances"] = [{"templateId": "dynamichosturl", "title": "Host", "parameters": {
        "x-ms-apimTemplateParameter.urlTemplate": "https://@connectionParameters('username').example.com",
        "x-ms-apimTemplate-operationName": ["Message_Send"]}}]


def internal_list(s, p):
    s["paths"]["/priorities"] = {"get": {"operationId": "Priority_List", "x-ms-visibility": "internal",
                                         "parameters": [{"name": "kind", "in": "query", "type": "string"}],
                                         "responses": {"200": {"description": "OK"}}}}


def dynamic_list(s, p):
    internal_list(s, p)
    param(s, "priority")["x-ms-dynamic-values"] = {"operationId": "Priority_List", "value-path": "id"}


def add_lookup(s, p):
    s["paths"]["/lookup"] = {"get": {"operationId": "Lookup", "responses": {"200": {"description": "OK"}}}}


NOT_BREAKING = {
    "route loses its trailing slash": Judged(lambda s, p: move_path(s, SEND, SEND + "/"), set(), {
        "operation-route-moved"}, lambda s, p: None),
    "route gains a segment, same path parameters": Judged(
        lambda s, p: move_path(s, SEND, "/accounts/{accountId}/sms/messages"), set(), {"operation-route-moved"}),
    "host moved": Judged(lambda s, p: s.update(host="api-eu.example.com"), set(), {"host-changed"}),
    "header that repeats the API key removed": Judged(lambda s, p: send(s)["parameters"].pop(), set(), set(),
                                                      api_key),
    "Content-Type header made internal": Judged(lambda s, p: param(s, "Content-Type").update(
        {"x-ms-visibility": "internal"}), set(), set(), lambda s, p: param(s, "Content-Type").pop("x-ms-visibility")),
    "changes on an operation that was internal": Judged(lambda s, p: s["paths"]["/priorities"]["get"].update(
        parameters=[], responses={"204": {"description": "Gone"}}), set(), setup=internal_list),
    "internal operation removed": Judged(lambda s, p: s["paths"].pop("/priorities"), set(), setup=internal_list),
    "untyped output becomes an object": Judged(lambda s, p: s["definitions"]["MessageResponse"]["properties"].update(
        log={"type": "object", "properties": {"At": {"type": "string"}}}), set(),
        setup=lambda s, p: s["definitions"]["MessageResponse"]["properties"].update(log={})),
    "output gains a format": Judged(lambda s, p: s["definitions"]["MessageResponse"]["properties"]["created"].update(
        format="date-time"), set()),
    "input format widened int32 to int64": Judged(lambda s, p: s["definitions"]["MessageRequest"]["properties"]
                                                  ["MediaId"].update(format="int64"), set()),
    "input format label the platform does not know": Judged(
        lambda s, p: s["definitions"]["MessageRequest"]["properties"]["Tag"].update(format="phone"), set()),
    "enum values added to an input": Judged(lambda s, p: param(s, "priority").update(enum=["low", "high", "max"]),
                                            set(), {"input-enum-value-added"}),
    "required internal input with a default added": Judged(lambda s, p: send(s)["parameters"].append(
        {"name": "api-version", "in": "query", "required": True, "type": "string", "default": "2",
         "x-ms-visibility": "internal"}), set()),
    "security scheme renamed, same key": Judged(lambda s, p: s.update(securityDefinitions={
        "api_key": {"type": "apiKey", "in": "header", "name": "X-Api-Key"}}), set(), set(), api_key),
    "placeholder client id and redirect URL rewritten, scopes reordered": Judged(
        lambda s, p: p["properties"]["connectionParameters"]["token"]["oAuthSettings"].update(
            clientId="<client-id>", redirectUrl="https://global.example.net/redirect",
            scopes=["contacts:read", "messages:read"]), set(), set(), oauth),
    "scopes reduced": Judged(lambda s, p: p["properties"]["connectionParameters"]["token"]["oAuthSettings"].update(
        scopes=["messages:read"]), set(), set(), oauth),
    "new operation joins a policy's operation list": Judged(
        lambda s, p: (add_lookup(s, p), p["properties"]["policyTemplateInstances"][0]["parameters"]
                      ["x-ms-apimTemplate-operationName"].append("Lookup")), set(), set(), host_policy),
    "more response media types": Judged(lambda s, p: send(s).update(
        produces=["application/json", "application/pdf"]), set()),
    "notification content with keys the model does not know": Judged(
        lambda s, p: s["paths"]["/accounts/{accountId}/hooks"]["x-ms-notification-content"].update(
            title="Message", summary="A message"), set()),
}

BREAKING = {
    "definition field retyped, reaching two operations": Judged(
        lambda s, p: s["definitions"]["MessageResponse"]["properties"]["id"].update(type="string"),
        {"output-type-changed"}, setup=lambda s, p: s["paths"].update({"/messages/{id}": {"get": {
            "operationId": "Message_Get", "responses": {"200": {"description": "OK", "schema": {
                "$ref": "#/definitions/MessageResponse"}}}}}})),
    "response array becomes an object": Judged(lambda s, p: send(s)["responses"]["200"].update(
        schema={"type": "object", "properties": {"id": {"type": "integer"}}}), {"output-type-changed"},
        setup=lambda s, p: send(s)["responses"]["200"].update(schema={"type": "array", "items": {
            "type": "object", "properties": {"id": {"type": "integer"}}}})),
    "body field renamed in letter case": Judged(lambda s, p: s["definitions"]["MessageRequest"]["properties"].update(
        tag=s["definitions"]["MessageRequest"]["properties"].pop("Tag")), {"input-removed"}),
    "optional body fields made required": Judged(lambda s, p: s["definitions"]["MessageRequest"]["required"].extend(
        ["Tag", "Channel"]), {"input-made-required"}),
    "path parameter renamed": Judged(lambda s, p: move_path(s, SEND, "/accounts/{account}/messages"),
                                     {"operation-path-changed"}),
    "operation behind a dynamic list made internal": Judged(
        lambda s, p: add_lookup(s, p) or s["paths"]["/lookup"]["get"].update({"x-ms-visibility": "internal"}),
        {"operation-made-internal"}, setup=add_lookup),
    "operation behind a dynamic list removed": Judged(lambda s, p: s["paths"].pop("/priorities"),
                                                      {"dynamic-reference-broken"}, setup=dynamic_list),
    "webhook unsubscribe operation removed, although internal": Judged(lambda s, p: s["paths"].pop(HOOK_DELETE),
                                                                       {"operation-removed"}),
    "authentication added with a required key": Judged(lambda s, p: (
        s.update(securityDefinitions={"key": {"type": "apiKey", "in": "header", "name": "apikey"}}),
        p["properties"]["connectionParameters"].update(api_key={"type": "securestring", "uiDefinition": {
            "constraints": {"required": "true"}}})), {"auth-type-changed", "connection-parameter-added"},
        setup=lambda s, p: (s.pop("securityDefinitions"), s.pop("security"))),
    "host template of a policy rewritten": Judged(
        lambda s, p: p["properties"]["policyTemplateInstances"][0]["parameters"].update(
            {"x-ms-apimTemplateParameter.urlTemplate": "https://@connectionParameters('username')example.com"}),
        {"policy-template-changed"}, setup=host_policy),
    "API key moved from the query to a header": Judged(lambda s, p: s["securityDefinitions"]["key"].update(
        {"in": "header"}), {"api-key-changed"}, setup=lambda s, p: s.update(securityDefinitions={
            "key": {"type": "apiKey", "in": "query", "name": "key"}})),
    "real client id changed": Judged(
        lambda s, p: p["properties"]["connectionParameters"]["token"]["oAuthSettings"].update(clientId="b2"),
        {"oauth-setting-changed"}, setup=lambda s, p: (oauth(s, p), p["properties"]["connectionParameters"]
                                                       ["token"]["oAuthSettings"].update(clientId="a1"))),
    "connection parameters moved into parameter sets": Judged(lambda s, p: p["properties"].update(
        connectionParameterSets={"values": [{"name": "basic", "parameters": p["properties"].pop(
            "connectionParameters")}]}), {"connection-parameter-removed"}),
    "scope added": Judged(lambda s, p: p["properties"]["connectionParameters"]["token"]["oAuthSettings"].update(
        scopes=["messages:read contacts:read messages:write"]), {"oauth-scopes-added"}, setup=oauth),
    "parameter moved from the query to a header": Judged(lambda s, p: param(s, "priority").update({"in": "header"}),
                                                         {"input-moved"}),
    "paging removed": Judged(lambda s, p: send(s).pop("x-ms-pageable"), {"pageable-removed"},
                             setup=lambda s, p: send(s).update({"x-ms-pageable": {"nextLinkName": "next"}})),
    "body sent as a form instead of JSON": Judged(lambda s, p: send(s).update(
        consumes=["application/x-www-form-urlencoded"]), {"consumes-changed"}),
    "enum value swapped for another": Judged(lambda s, p: param(s, "priority").update(enum=["low", "urgent"]),
                                             {"input-enum-value-removed"}, {"input-enum-value-added"}),
    "input format narrowed date-time to date": Judged(
        lambda s, p: s["definitions"]["Options"]["properties"]["Schedule"]["properties"]["At"].update(format="date"),
        {"input-format-changed"}),
}


def judged(case: Judged, tmp_path):
    versions = []
    for changed in (False, True):
        swagger, properties = base_swagger(), base_properties()
        if case.setup is not None:
            case.setup(swagger, properties)
        if changed:
            case.change(swagger, properties)
        versions.append((swagger, properties))
    (old, old_properties), (new, new_properties) = versions
    return diff_docs(tmp_path, old, new, old_properties, new_properties).findings


def verdict(findings, severity: Severity) -> set[str]:
    return {f.rule for f in findings if f.severity is severity}


@pytest.mark.parametrize("name", list(NOT_BREAKING))
def test_not_a_break(tmp_path, name):
    case = NOT_BREAKING[name]
    findings = judged(case, tmp_path)
    assert verdict(findings, Severity.ERROR) == set(), [f.message for f in findings]
    assert verdict(findings, Severity.WARNING) == case.warnings, [f.message for f in findings]


@pytest.mark.parametrize("name", list(BREAKING))
def test_a_break(tmp_path, name):
    case = BREAKING[name]
    findings = judged(case, tmp_path)
    assert verdict(findings, Severity.ERROR) == case.errors, [f.message for f in findings]
    assert verdict(findings, Severity.WARNING) == case.warnings, [f.message for f in findings]


def test_one_definition_retyped_is_one_error_however_many_operations_use_it(tmp_path):
    findings = judged(BREAKING["definition field retyped, reaching two operations"], tmp_path)
    [error] = [f for f in findings if f.severity is Severity.ERROR]
    assert error.detail("operations") == ("Message_Send", "Message_Get")
