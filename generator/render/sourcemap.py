"""Maps JSON pointers of a rendered artifact back to the YAML node they were rendered from."""

from __future__ import annotations

from generator.findings import Location, pointer, resolve_pointer, split_pointer
from generator.model import Origin


class SourceMap:
    def __init__(self, artifact: str):
        self.artifact = artifact
        self._origins: dict[tuple[str, ...], Origin] = {}

    def add(self, tokens: tuple, origin: Origin | None) -> None:
        if origin is not None:
            self._origins[tuple(str(t) for t in tokens)] = origin

    def locate(self, json_pointer: str) -> Location:
        """The artifact location of `json_pointer`, with the YAML file:line:column where known."""
        tokens = tuple(split_pointer(json_pointer))
        for cut in range(len(tokens), -1, -1):
            origin = self._origins.get(tokens[:cut])
            if origin is None:
                continue
            rest = [int(t) if t.isdigit() and _is_list(origin, tokens[cut:], i) else t
                    for i, t in enumerate(tokens[cut:])]
            mark = origin.mark(*rest)
            return Location(origin.file, json_pointer, mark.line, mark.column)
        return Location(self.artifact, json_pointer)


def _is_list(origin: Origin, rest: tuple[str, ...], index: int) -> bool:
    return isinstance(resolve_pointer(origin.document.data, pointer(*origin.path, *rest[:index])), list)
