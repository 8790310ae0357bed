"""The quotes component (work in progress: sets an empty layer until implemented)."""

from __future__ import annotations

from ..doc import Doc


class QuoteExtractor:
    name = "quotes"
    reads: tuple[str, ...] = ('sentences', 'tokens', 'entities')
    sets: tuple[str, ...] = ("quotes",)

    def __call__(self, doc: Doc) -> Doc:
        return doc
