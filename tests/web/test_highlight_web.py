"""The reader's highlighted HTML: overlapping and nested spans, escaping, the text kept exactly."""

from __future__ import annotations

import html
import re

from rasd.web.highlight import Mark, annotations, reader, render


def _plain(markup: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def test_overlapping_and_nested_marks_keep_the_text():
    text = "قال <b>الوزير</b> إن «الهجوم فشل» أمس"
    marks = [Mark(0, 3, ("cue",), "quote-0"), Mark(4, 16, ("ent", "ent-PER"), "ent-0"),
             Mark(21, 33, ("quote",), "quote-0"), Mark(27, 36, ("trigger",), "event-0"),
             Mark(22, 28, ("ent", "ent-ORG"), "ent-1")]
    out = str(render(text, marks))
    assert _plain(out) == text
    assert "<b>" not in out and "&lt;b&gt;" in out
    # the piece where the quote, the event trigger and an entity overlap carries all three
    pieces = re.findall(r'<span class="hl ([^"]*)" data-refs="([^"]*)"[^>]*>([^<]*)</span>', out)
    both = [p for p in pieces if "quote" in p[0] and "trigger" in p[0]]
    assert both and all("event-0" in p[1] and "quote-0" in p[1] for p in both)
    assert any("ent-ORG" in p[0] and "trigger" in p[0] and "quote" in p[0] for p in pieces)
    assert out.count("<span") == out.count("</span>")


def test_attribute_values_are_escaped():
    out = str(render("abc", [Mark(0, 2, ('x" onmouseover="alert(1)',), 'r"><script>')]))
    assert "onmouseover=\"alert" not in out and "<script>" not in out


def test_doc_annotations():
    text = "بيروت: قال «حزب الله» إنه استهدف موقعاً أمس."
    doc = {
        "text": text,
        "entities": [{"start": 11, "end": 21, "text": "«حزب الله»"[0:10], "label": "ORG", "actor_id": "LB_HEZ",
                      "canonical": "حزب الله", "latin": "Hezbollah"}],
        "dates": [{"start": 41, "end": 44, "text": "أمس", "value_start": "2025-05-13", "value_end": "2025-05-13"}],
        "places": [{"start": 0, "end": 5, "text": "بيروت", "name": "Beirut", "lat": 33.89, "lon": 35.5}],
        "quotes": [{"cue": {"start": 7, "end": 10, "text": "قال"}, "content": {"start": 22, "end": 40, "text": text[22:40]},
                    "speaker": {"start": 11, "end": 21, "text": text[11:21], "canonical": "حزب الله", "latin": "Hezbollah"},
                    "chain": []}],
        "events": [{"type": "ASSAULT", "status": "claimed", "trigger": {"start": 26, "end": 33, "text": "استهدف"[:7]},
                    "evidence": [{"start": 26, "end": 40, "text": text[26:40]}], "actor": None, "target": None,
                    "location": None, "date": {"value_start": "2025-05-13"}},
                   {"type": "ASSAULT", "trigger": {"start": None, "end": None, "text": None}, "evidence": []}],
    }
    marks, anns = annotations(doc)
    by_id = {a.id: a for a in anns}
    assert dict(by_id["ent-0"].rows)["Latin"] == "Hezbollah"
    assert dict(by_id["date-0"].rows)["resolved"] == "2025-05-13"
    assert dict(by_id["place-0"].rows)["coordinates"] == "33.8900, 35.5000"
    assert dict(by_id["quote-0"].rows)["speaker"] == "حزب الله"
    assert dict(by_id["quote-0"].rows)["speaker (Latin)"] == "Hezbollah"
    assert dict(by_id["event-0"].rows)["date"] == "2025-05-13"
    assert "event-1" in by_id  # an event without a trigger span is listed, not highlighted
    assert all(m.ref != "event-1" for m in marks)
    markup, _ = reader(doc)
    assert _plain(str(markup)) == text
    assert 'class="hl place"' in str(markup)


def test_out_of_range_spans_are_skipped():
    doc = {"text": "نص قصير", "entities": [{"start": 3, "end": 99, "label": "PER"}, {"start": None, "end": None}]}
    markup, anns = reader(doc)
    assert str(markup) == "نص قصير" and anns == []


def test_evidence_sentences_group_spans_by_sentence():
    from rasd.web.queries import evidence_sentences

    text = "جملة أولى. قصفت الطائرات موقعاً قرب المدينة فجراً. جملة ثالثة"
    s = text.index("قصفت")
    m = text.index("موقعاً")
    out = evidence_sentences(text, [{"start": m, "end": m + 6}, {"start": s, "end": s + 4},
                                    {"start": None, "end": None, "text": "x"}, {"start": 5, "end": 999, "text": "y"}])
    assert len(out) == 3
    assert out[0] == [("قصفت", True), (" الطائرات ", False), ("موقعاً", True), (" قرب المدينة فجراً.", False)]
    assert out[1:] == [[("x", True)], [("y", True)]]
    assert "".join(p for p, _ in out[0]) in text
