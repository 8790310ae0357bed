"""The Doc model: spans, checking, exact round-trip, and the JSON schema."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import rasd
from rasd.doc import DateMention, Doc, Entity, Event, Place, Quote, Span, check_iso_date
from rasd.errors import RasdError
from rasd.schema import schema_errors, validate

TEXT = "الموصل - قال المتحدث باسم الشرطة، العقيد سامر الجبوري، إن «مسلحين هاجموا حاجزاً» أمس."


def _rich_doc() -> Doc:
    doc = Doc(TEXT, published="2025-05-21", title="خبر", source="تجربة", url="https://example.org/a")
    speaker = Entity(*_loc(doc, "سامر الجبوري"), label="PER", latin="Samer al-Jubouri", role="spokesperson")
    place = Place(*_loc(doc, "الموصل"), name="Mosul", country="IQ", admin1="Nineveh", lat=36.34,
                  lon=43.13, geo_precision=1, dateline=True)
    date = DateMention(*_loc(doc, "أمس"), value_start="2025-05-20", value_end="2025-05-20",
                       precision="day", relative=True)
    doc.entities = [speaker]
    doc.places = [place]
    doc.dates = [date]
    doc.quotes = [Quote(cue=doc.span(*_off(doc, "قال")), content=doc.span(*_off(doc, "«مسلحين هاجموا حاجزاً»")),
                        speaker=speaker, direct=True, stance="neutral")]
    doc.events = [Event(type="ASSAULT", trigger=doc.span(*_off(doc, "هاجموا")), mode="firearms",
                        location=place, date=date, status="reported", source=speaker,
                        target=Entity(*_loc(doc, "حاجزاً")), acled={"event_type": "Violence against civilians",
                                                                   "sub_event_type": "Attack"},
                        evidence=[doc.span(*_off(doc, "«مسلحين هاجموا حاجزاً»"))])]
    doc.warn(rasd.Warnings.W001)
    return doc


def _off(doc: Doc, s: str) -> tuple[int, int]:
    i = doc.text.index(s)
    return i, i + len(s)


def _loc(doc: Doc, s: str) -> tuple[int, int, str]:
    i, j = _off(doc, s)
    return i, j, s


def test_round_trip_is_exact():
    doc = _rich_doc()
    data = doc.to_dict(tokens=True)
    again = Doc.from_dict(json.loads(json.dumps(data, ensure_ascii=False)))
    assert again.to_dict(tokens=True) == data
    assert again.events[0].location.name == "Mosul"
    assert isinstance(again.quotes[0].speaker, Entity)


def test_round_trip_after_analysis():
    doc = rasd.analyze(TEXT, published="2025-05-21", id="x1")
    data = doc.to_dict(tokens=True)
    assert Doc.from_dict(data).to_dict(tokens=True) == data


def test_check_spans_catches_a_wrong_text():
    doc = _rich_doc()
    doc.check_spans()
    doc.entities[0].text = "غير ذلك"
    with pytest.raises(RasdError) as info:
        doc.check_spans()
    assert info.value.code == "E004"


def test_check_spans_catches_out_of_range():
    doc = Doc("نص قصير")
    doc.entities = [Entity(3, 99, "قصير")]
    with pytest.raises(RasdError) as info:
        doc.check_spans()
    assert info.value.code == "E003"


def test_span_helper_refuses_out_of_range():
    with pytest.raises(RasdError):
        Doc("abc").span(2, 5)


def test_rich_doc_is_schema_valid():
    validate(_rich_doc().to_dict(tokens=True))


def test_schema_rejects_broken_documents():
    data = _rich_doc().to_dict()
    data["events"][0]["type"] = "EXPLODE"
    data["places"][0]["country"] = "Iraq"
    del data["warnings"]
    problems = schema_errors(data)
    assert any("EXPLODE" in p for p in problems)
    assert any("Iraq" in p for p in problems)
    assert any("warnings" in p for p in problems)
    with pytest.raises(RasdError) as info:
        validate(data)
    assert info.value.code == "E007"


def test_schema_copies_are_identical():
    repo = Path(__file__).resolve().parents[1]
    docs = (repo / "docs" / "schema" / "document.schema.json").read_bytes()
    shipped = (repo / "src" / "rasd" / "resources" / "schema" / "document.schema.json").read_bytes()
    assert docs == shipped


@pytest.mark.parametrize("value", ["2025-13-01", "2025-5-1", "yesterday", "2025-02-30"])
def test_bad_dates_are_refused(value):
    with pytest.raises(RasdError) as info:
        check_iso_date(value)
    assert info.value.code == "E005"


def test_from_dict_refuses_unknown_fields_and_schema():
    data = _rich_doc().to_dict()
    data["entities"][0]["colour"] = "red"
    with pytest.raises(RasdError):
        Doc.from_dict(data)
    with pytest.raises(RasdError):
        Doc.from_dict({"schema": "other/1", "text": ""})


def test_text_must_be_str():
    with pytest.raises(RasdError) as info:
        Doc(b"bytes")  # type: ignore[arg-type]
    assert info.value.code == "E008"


def test_id_is_stable_hash_when_not_given():
    assert Doc("نص").id == Doc("نص").id != Doc("نص آخر").id


def test_span_objects_can_be_built_from_dict():
    assert Span.from_dict({"start": 1, "end": 2, "text": "a"}) == Span(1, 2, "a")
