"""The actors component (work in progress: sets an empty layer until implemented)."""

from __future__ import annotations

from ..doc import Doc


class ActorLinker:
    name = "actors"
    reads: tuple[str, ...] = ('entities',)
    sets: tuple[str, ...] = ("entities",)

    def __call__(self, doc: Doc) -> Doc:
        return doc
