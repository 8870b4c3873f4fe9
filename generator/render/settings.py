"""paconn's settings.json for `paconn create` / `paconn update`."""

from __future__ import annotations

from typing import Any

POWERAPPS_API_VERSION = "2016-11-01"


def render_settings(has_icon: bool, has_script: bool, connector_id: str | None = None,
                    environment: str | None = None) -> dict[str, Any]:
    settings: dict[str, Any] = {}
    if connector_id:
        settings["connectorId"] = connector_id
    if environment:
        settings["environment"] = environment
    settings["apiProperties"] = "apiProperties.json"
    settings["apiDefinition"] = "apiDefinition.swagger.json"
    if has_icon:
        settings["icon"] = "icon.png"
    if has_script:
        settings["script"] = "script.csx"
    settings["powerAppsApiVersion"] = POWERAPPS_API_VERSION
    return settings
