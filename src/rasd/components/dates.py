"""The dates component (work in progress: sets an empty layer until implemented)."""

from __future__ import annotations

from ..doc import Doc


class DateResolver:
    name = "dates"
    reads: tuple[str, ...] = ('sentences', 'tokens')
    sets: tuple[str, ...] = ("dates",)

    def __call__(self, doc: Doc) -> Doc:
        return doc
