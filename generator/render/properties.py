"""Model -> apiProperties.json."""

from __future__ import annotations

from typing import Any

from generator.model import Connector
from generator.render.sourcemap import SourceMap


def render_properties(connector: Connector) -> tuple[dict[str, Any], SourceMap]:
    smap = SourceMap("apiProperties.json")
    props: dict[str, Any] = {}
    if connector.connection_parameters is not None:
        props["connectionParameters"] = connector.connection_parameters
    if connector.connection_parameter_sets is not None:
        props["connectionParameterSets"] = connector.connection_parameter_sets
    if connector.brand_color is not None:
        props["iconBrandColor"] = connector.brand_color
    if connector.capabilities is not None:
        props["capabilities"] = list(connector.capabilities)
    if connector.publisher is not None:
        props["publisher"] = connector.publisher
    if connector.stack_owner is not None:
        props["stackOwner"] = connector.stack_owner
    if connector.policies is not None:
        props["policyTemplateInstances"] = [
            {"templateId": p.template_id, **({"title": p.title} if p.title is not None else {}),
             **({"parameters": p.parameters} if p.parameters is not None else {}), **p.extra}
            for p in connector.policies
        ]
    props.update(connector.properties_extra)
    origin = connector.origin
    if origin is not None:
        smap.add((), origin)
        for artifact_key, source_key in (("connectionParameters", "connectionParameters"),
                                         ("connectionParameterSets", "connectionParameterSets"),
                                         ("iconBrandColor", "brandColor"), ("capabilities", "capabilities"),
                                         ("publisher", "publisher"), ("stackOwner", "stackOwner")):
            smap.add(("properties", artifact_key), origin.child(source_key))
        for key in connector.properties_extra:
            smap.add(("properties", key), origin.child("apiProperties", key))
    return {"properties": props}, smap
