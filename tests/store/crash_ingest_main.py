"""Entry point for the crash-safety test: `rasd` with one extra, deterministic component
(``fake_layers``) that fills entities, dates, places, quotes and events from the sentences, so every
table gets rows without depending on the real extractors. Run as a script in a subprocess."""

from __future__ import annotations

import sys

from rasd.doc import DateMention, Entity, Event, Place, Quote
from rasd.pipeline import register


class FakeLayers:
    name = "fake_layers"
    reads = ("sentences",)
    sets = ("entities", "dates", "places", "quotes", "events")

    def __call__(self, doc):
        for s in doc.sentences:
            first = doc.text.find(" ", s.start, s.end)
            if first <= s.start:
                continue
            word = doc.span(s.start, first)
            doc.entities.append(Entity(word.start, word.end, word.text, label="ORG", actor_id="X-" + word.text))
            doc.dates.append(DateMention(word.start, word.end, word.text, value_start="2025-01-02"))
            doc.places.append(Place(word.start, word.end, word.text, name=word.text))
            doc.quotes.append(Quote(cue=word, content=doc.span(s.start, s.end)))
            doc.events.append(Event(type="ASSAULT", trigger=word, evidence=[doc.span(s.start, s.end)],
                                    actor=Entity(word.start, word.end, word.text, actor_id="X-" + word.text)))
        return doc


register("fake_layers", FakeLayers)

if __name__ == "__main__":
    from rasd.cli import main

    sys.argv[0] = "rasd"
    main()
