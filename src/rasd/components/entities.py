"""The entities component (work in progress: sets an empty layer until implemented)."""

from __future__ import annotations

from ..doc import Doc


class EntityRecognizer:
    name = "entities"
    reads: tuple[str, ...] = ('sentences', 'tokens')
    sets: tuple[str, ...] = ("entities",)

    def __call__(self, doc: Doc) -> Doc:
        return doc
