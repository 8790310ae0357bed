"""The events component: PLOVER-coded events with their arguments and claim status.

Triggers are found by dictionary lookup of each token's folded stem (and of stem pairs for
two-word triggers) in the lexicon of ``rasd/resources/events/triggers.tsv``; context rules then
drop negated, conditional, questioned and threatened acts, flag background, set the claim
status, and fill the arguments from the upstream layers (entities, dates, places, quotes) when
they are present, or from local heuristics when they are not. See ``docs/events.md``.
"""

from __future__ import annotations

from ...doc import Doc
from .extract import extract_events

__all__ = ["EventExtractor", "extract_events"]


class EventExtractor:
    name = "events"
    reads: tuple[str, ...] = ("sentences", "tokens", "entities", "dates", "places", "quotes")
    sets: tuple[str, ...] = ("events",)

    def __call__(self, doc: Doc) -> Doc:
        doc.events = extract_events(doc)
        return doc
