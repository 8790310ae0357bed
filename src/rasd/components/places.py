"""The places component (work in progress: sets an empty layer until implemented)."""

from __future__ import annotations

from ..doc import Doc


class PlaceResolver:
    name = "places"
    reads: tuple[str, ...] = ('sentences', 'tokens', 'entities')
    sets: tuple[str, ...] = ("places",)

    def __call__(self, doc: Doc) -> Doc:
        return doc
