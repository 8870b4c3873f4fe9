"""`connector init`: a new project with two operations, the chosen authentication and the source schemas.

The project has the layout every project has (the one `connector import` writes and the TrueDialog
sources use): YAML under connector/, the JSON Schemas under schemas/ so each file's modeline resolves
inside the project, and [tool.connector] in pyproject.toml. What only the author knows (who publishes
and supports the connector, its web pages, its brand color and icon) is left out rather than invented; lint reports each
of those, and `TO_DO` says how to supply it.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.artifacts import write_folder
from generator.source.project import source_kind
from generator.source.schemas import schema_files, schema_ref
from generator.source.yaml_loader import dump_yaml

AUTH_KINDS = ("basic", "apikey", "oauth2")
DEFAULT_AUTH = "basic"
# The platform's consent page for OAuth connectors that are not first-party.
OAUTH_REDIRECT = "https://global.consent.azure-apim.net/redirect"

# The lint rules a new project fails until its author supplies what only they know, and how.
TO_DO = {
    "contact-missing": "add contact (name, url, email) to connector/connector.yaml: who supports the connector",
    "connector-metadata": "add metadata (Website, Privacy policy, Categories) to connector/connector.yaml",
    "publisher": "add publisher and stackOwner to connector/connector.yaml",
    "brand-color": "add brandColor: '#rrggbb' (the brand's own color) to connector/connector.yaml",
    "icon-missing": "add icon.png: a square PNG of 100 to 230 pixels on the brand color",
}
# What `connector package` needs besides, for the certification readme.
PACKAGE_TO_DO = ("write '## Prerequisites' and '## Obtaining credentials' sections in connector/readme.md: "
                 "the certification readme takes them from there")
# What no rule can tell is wrong, by authentication.
NOTES = {
    "basic": "the connection asks for a user name and password: rename them in connectionParameters if the "
             "service calls them differently",
    "apikey": "the key is sent in the X-API-Key header: change securityDefinitions.api_key.name if the service "
              "expects another",
    "oauth2": "set clientId and scopes in connectionParameters.token.oAuthSettings, and check the "
              "authorization, token and refresh URLs (guessed from the host) in connector/connector.yaml",
}


def default_name(folder: Path) -> str:
    """A title from the folder name: `widget-hub` gives `Widget Hub`."""
    words = re.split(r"[^A-Za-z0-9]+", folder.resolve().name)
    return " ".join(w[:1].upper() + w[1:] for w in words if w) or "My Service"


def project_files(name: str, auth: str, host: str, base_path: str = "/") -> dict[str, bytes]:
    """Every file of the new project, by path inside it."""
    if auth not in AUTH_KINDS:
        raise ValueError(f"unknown authentication {auth!r} (use {', '.join(AUTH_KINDS)})")
    sources = {
        "connector/connector.yaml": _connector(name, auth, host, base_path),
        "connector/operations/List_Items.yaml": _list_items(name),
        "connector/operations/Create_Item.yaml": _create_item(name),
        "connector/definitions/Item.yaml": _item(),
    }
    files = {path: dump_yaml(data, schema_ref(path, source_kind(path))).encode("utf-8")
             for path, data in sources.items()}
    files.update(schema_files())
    files["pyproject.toml"] = PYPROJECT.encode("utf-8")
    files[".gitignore"] = b"build/\n"
    return files


def init_project(out: Path, name: str, auth: str, host: str, base_path: str = "/") -> dict[str, bytes]:
    """Write the new project into `out`, which must be missing or empty: init never overwrites anything."""
    files = project_files(name, auth, host, base_path)
    write_folder(out, files, "connector init", replace=False, mark=False)
    return files


PYPROJECT = """\
# Settings of the `connector` command for this project; every key is optional.
[tool.connector]
out = "build"

[tool.connector.lint]
profile = "certification"
"""


def _connector(name: str, auth: str, host: str, base_path: str) -> dict:
    scheme, definition, parameters = _SECURITY[auth](host)
    return {
        "title": name,
        "description": f"List the items of {name} and create new ones from a flow or an app.",
        "version": "1.0",
        "host": host,
        "basePath": base_path,
        "schemes": ["https"],
        "consumes": ["application/json"],
        "produces": ["application/json"],
        "securityDefinitions": {scheme: definition},
        "security": [{scheme: []}],
        "connectionParameters": parameters,
        "capabilities": [],
    }


def _secure(display: str, description: str, tab: int) -> dict:
    return {"type": "securestring", "uiDefinition": {
        "displayName": display, "description": description, "tooltip": f"Provide the {display.lower()}",
        "constraints": {"tabIndex": tab, "clearText": False, "required": "true"}}}


def _basic(host: str) -> tuple[str, dict, dict]:
    return "basic_auth", {"type": "basic"}, {
        "username": _secure("User name", "The user name of your account", 2),
        "password": _secure("Password", "The password of your account", 3),
    }


def _apikey(host: str) -> tuple[str, dict, dict]:
    return "api_key", {"type": "apiKey", "in": "header", "name": "X-API-Key"}, {
        "api_key": _secure("API key", "The API key of your account", 2),
    }


def _oauth2(host: str) -> tuple[str, dict, dict]:
    urls = {"authorizationUrl": f"https://{host}/oauth2/authorize", "tokenUrl": f"https://{host}/oauth2/token",
            "refreshUrl": f"https://{host}/oauth2/token"}
    definition = {"type": "oauth2", "flow": "accessCode", "authorizationUrl": urls["authorizationUrl"],
                  "tokenUrl": urls["tokenUrl"], "scopes": {}}
    return "oauth2_auth", definition, {"token": {"type": "oauthSetting", "oAuthSettings": {
        "identityProvider": "oauth2",
        "clientId": "",
        "scopes": [],
        "redirectMode": "GlobalPerConnector",
        "redirectUrl": OAUTH_REDIRECT,
        "properties": {"IsFirstParty": "False"},
        "customParameters": {key: {"value": value} for key, value in urls.items()},
    }}}


_SECURITY = {"basic": _basic, "apikey": _apikey, "oauth2": _oauth2}


# Every API refuses a connection whose credentials are missing or wrong; the contract tests send such calls.
_ERRORS = {"401": {"description": "The connection's credentials are missing or wrong"}}


def _list_items(name: str) -> dict:
    return {
        "operationId": "List_Items",
        "method": "get",
        "path": "/items",
        "summary": "List items",
        "description": f"Lists the items of {name}.",
        "x-ms-visibility": "important",
        "parameters": [],
        "responses": {"200": {"description": "The items", "schema": {
            "type": "array", "items": {"$ref": "#/definitions/Item"}}}, **_ERRORS},
    }


def _create_item(name: str) -> dict:
    return {
        "operationId": "Create_Item",
        "method": "post",
        "path": "/items",
        "summary": "Create item",
        "description": f"Creates an item in {name}.",
        "x-ms-visibility": "important",
        "parameters": [{"name": "body", "in": "body", "required": True, "x-ms-summary": "Item",
                        "description": "The item to create", "schema": {"$ref": "#/definitions/Item"}}],
        "responses": {"200": {"description": "The item created", "schema": {"$ref": "#/definitions/Item"}},
                      "400": {"description": "The item is not valid: a required field is missing or of the wrong "
                                             "type"},
                      **_ERRORS},
    }


def _item() -> dict:
    return {"name": "Item", "schema": {
        "type": "object",
        "required": ["name"],
        "properties": {
            "id": {"type": "string", "readOnly": True, "x-ms-summary": "Item ID",
                   "description": "The identifier the service gave the item"},
            "name": {"type": "string", "x-ms-summary": "Name", "description": "The name of the item"},
        },
    }}
