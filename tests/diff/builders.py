"""A small connector built in the test, to change one thing at a time and compare."""

from __future__ import annotations

import copy
import json
from pathlib import Path

from generator.diff.compare import DiffResult, compare

SEND = "/accounts/{accountId}/messages"
HOOK = "/accounts/{accountId}/hooks"
HOOK_DELETE = "/accounts/{accountId}/hooks/{hookId}"


def _path_parameter(name: str) -> dict:
    return {"name": name, "in": "path", "required": True, "type": "string", "x-ms-summary": name,
            "description": f"The {name}"}


def base_swagger() -> dict:
    """One action with a $ref'd body (nested object, array of allOf objects), one webhook trigger with an
    array of objects in its payload, one internal DELETE to unsubscribe."""
    return copy.deepcopy({
        "swagger": "2.0",
        "info": {"title": "Demo SMS", "description": "Send and receive text messages for the tests.",
                 "version": "1.0"},
        "host": "api.example.com",
        "basePath": "/v1",
        "schemes": ["https"],
        "consumes": ["application/json"],
        "produces": ["application/json"],
        "paths": {
            SEND: {
                "post": {
                    "operationId": "Message_Send",
                    "summary": "Send message",
                    "description": "Send a text message",
                    "parameters": [
                        _path_parameter("accountId"),
                        {"name": "priority", "in": "query", "required": False, "type": "string",
                         "enum": ["low", "high"], "default": "low", "x-ms-summary": "Priority",
                         "description": "How urgent"},
                        {"name": "Content-Type", "in": "header", "required": True, "type": "string",
                         "default": "application/json", "x-ms-visibility": "internal"},
                        {"name": "body", "in": "body", "required": True,
                         "schema": {"$ref": "#/definitions/MessageRequest"}},
                    ],
                    "responses": {
                        "200": {"description": "Sent", "schema": {"$ref": "#/definitions/MessageResponse"}},
                        "404": {"description": "No such account"},
                    },
                },
            },
            HOOK: {
                "x-ms-notification-content": {
                    "description": "Incoming message",
                    "schema": {
                        "type": "object",
                        "properties": {
                            "From": {"type": "string", "description": "Sender"},
                            "Count": {"type": "integer", "format": "int32"},
                            "Parts": {"type": "array", "items": {
                                "type": "object", "properties": {"Text": {"type": "string"}}}},
                        },
                    },
                },
                "post": {
                    "operationId": "Message_Received",
                    "summary": "When a message arrives",
                    "description": "Triggers on every incoming message",
                    "x-ms-trigger": "single",
                    "parameters": [
                        _path_parameter("accountId"),
                        {"name": "body", "in": "body", "required": True, "schema": {
                            "type": "object",
                            "required": ["Url", "Kind"],
                            "properties": {
                                "Url": {"type": "string", "x-ms-notification-url": True,
                                        "x-ms-visibility": "internal"},
                                "Kind": {"type": "integer", "default": 11, "x-ms-visibility": "internal"},
                            },
                        }},
                    ],
                    "responses": {"201": {"description": "Subscribed", "schema": {
                        "type": "object", "properties": {"id": {"type": "integer"}}}}},
                },
            },
            HOOK_DELETE: {
                "delete": {
                    "operationId": "Hook_Delete",
                    "summary": "Delete subscription",
                    "description": "Stop notifications",
                    "x-ms-visibility": "internal",
                    "parameters": [_path_parameter("accountId"), _path_parameter("hookId")],
                    "responses": {"200": {"description": "Deleted"}},
                },
            },
        },
        "definitions": {
            "MessageRequest": {
                "type": "object",
                "required": ["Text", "Targets"],
                "properties": {
                    "Text": {"type": "string", "description": "What to send", "x-ms-summary": "Text"},
                    "Targets": {"type": "array", "items": {"type": "string"}},
                    "Channel": {"type": "string", "enum": ["sms", "mms"]},
                    "Tag": {"type": "string"},
                    "MediaId": {"type": "integer", "format": "int32", "x-ms-visibility": "advanced"},
                    "Tracking": {"type": "string", "default": "on", "x-ms-visibility": "internal"},
                    "Options": {"$ref": "#/definitions/Options"},
                    "Recipients": {"type": "array", "items": {"$ref": "#/definitions/Recipient"}},
                },
            },
            "Options": {
                "type": "object",
                "properties": {
                    "ForceOptIn": {"type": "boolean", "default": False},
                    "Schedule": {"type": "object", "properties": {"At": {"type": "string", "format": "date-time"}}},
                },
            },
            "Recipient": {"allOf": [
                {"$ref": "#/definitions/Contact"},
                {"type": "object", "properties": {"Phone": {"type": "string"}}},
            ]},
            "Contact": {"type": "object", "properties": {"Name": {"type": "string"}}},
            "MessageResponse": {
                "type": "object",
                "properties": {
                    "id": {"type": "integer", "format": "int32"},
                    "approved": {"type": "boolean", "enum": ["true", "false"]},
                    "created": {"type": "string"},
                    "log": {"type": "array", "items": {"$ref": "#/definitions/LogEntry"}},
                },
            },
            "LogEntry": {"type": "object", "properties": {"At": {"type": "string"}, "Code": {"type": "integer"}}},
        },
        "securityDefinitions": {"basic_auth": {"type": "basic"}},
        "security": [{"basic_auth": []}],
    })


def base_properties() -> dict:
    def secret(name: str) -> dict:
        return {"type": "securestring", "uiDefinition": {"displayName": name, "description": f"The {name}",
                                                          "tooltip": name, "constraints": {"required": "true"}}}

    return {"properties": {"connectionParameters": {"username": secret("username"), "password": secret("password")},
                           "iconBrandColor": "#606163", "publisher": "Tests", "stackOwner": "Tests"}}


def write_connector(folder: Path, swagger: dict, properties: dict | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "apiDefinition.swagger.json").write_text(json.dumps(swagger, indent=2), "utf-8")
    (folder / "apiProperties.json").write_text(json.dumps(properties or base_properties(), indent=2), "utf-8")
    return folder


def diff_docs(tmp_path: Path, old: dict, new: dict, old_properties: dict | None = None,
              new_properties: dict | None = None) -> DiffResult:
    old_folder = write_connector(tmp_path / "old", old, old_properties)
    new_folder = write_connector(tmp_path / "new", new, new_properties)
    return compare(str(old_folder), str(new_folder), tmp_path)
