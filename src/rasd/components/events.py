"""The events component (work in progress: sets an empty layer until implemented)."""

from __future__ import annotations

from ..doc import Doc


class EventExtractor:
    name = "events"
    reads: tuple[str, ...] = ('sentences', 'tokens', 'entities', 'dates', 'places', 'quotes')
    sets: tuple[str, ...] = ("events",)

    def __call__(self, doc: Doc) -> Doc:
        return doc
