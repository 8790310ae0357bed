"""Readers for ANERcorp-style and Wojood-style NER data (own example sentences)."""

from __future__ import annotations

import pytest

from rasd.errors import RasdError
from rasd.train.conll import bio_spans, flatten, nested_spans, read, repair_bio, spans_to_bio

CONLL = """\
قال O
الوزير O
خالد B-PERS
النعيمي I-PERS
في O
الدوحة B-LOC
إن O
شركة B-ORG
نفط I-ORG
الخليج I-ORG
ستربح O
مليون O
دولار B-MISC
. O

وزار O
عمّان B-LOC
"""

# Own sentence: "the secretary of the Arab Workers' Union in Tripoli met the Libyan minister"
WOJOOD = """\
التقى O
أمين B-OCC
اتحاد I-OCC B-ORG
العمال I-OCC I-ORG
العرب I-OCC I-ORG B-NORP
في I-OCC
طرابلس I-OCC B-GPE
بالوزير O
الليبي B-NORP
سالم B-PERS
الورفلي I-PERS
قبيل O
مؤتمر B-EVENT
الاستثمار I-EVENT
يوم B-DATE
الأحد I-DATE
"""


def test_conll_reader_renames_pers_and_splits_sentences(tmp_path):
    p = tmp_path / "a.txt"
    p.write_text(CONLL, encoding="utf-8")
    sents = read(p, "conll")
    assert len(sents) == 2
    assert sents[0].tags[2:4] == ["B-PER", "I-PER"]
    assert bio_spans(sents[0].tags) == [(2, 4, "PER"), (5, 6, "LOC"), (7, 10, "ORG"), (12, 13, "MISC")]
    assert sents[1].words == ["وزار", "عمّان"]


def test_wojood_nested_spans_mapped_and_flattened(tmp_path):
    p = tmp_path / "w.txt"
    p.write_text(WOJOOD, encoding="utf-8")
    (train,) = read(p, "wojood", misc=True)
    spans = bio_spans(train.tags)
    # OCC dropped; the inner ORG and GPE (-> LOC) are kept; NORP and DATE -> O; EVENT -> MISC
    assert spans == [(2, 5, "ORG"), (6, 7, "LOC"), (9, 11, "PER"), (12, 14, "MISC")]
    (ev,) = read(p, "wojood", misc=False)
    assert (12, 14, "MISC") not in bio_spans(ev.tags)
    assert (2, 5, "ORG") in bio_spans(ev.tags)


def test_nested_spans_and_flatten_keep_outermost():
    cols = [["B-ORG"], ["I-ORG"], ["I-ORG", "B-PERS"], ["O"]]
    spans = nested_spans(cols)
    assert sorted(spans) == [(0, 3, "ORG"), (2, 3, "PERS")]
    assert flatten([(0, 3, "ORG"), (2, 3, "PER")]) == [(0, 3, "ORG")]
    assert spans_to_bio([(0, 3, "ORG")], 4) == ["B-ORG", "I-ORG", "I-ORG", "O"]


def test_bio_repair_and_stray_inside_tags():
    assert repair_bio(["O", "I-LOC", "I-LOC", "I-PER"]) == ["O", "B-LOC", "I-LOC", "B-PER"]
    assert bio_spans(["I-ORG", "I-ORG", "O", "B-LOC", "B-LOC"]) == [(0, 2, "ORG"), (3, 4, "LOC"), (4, 5, "LOC")]


def test_malformed_lines_and_unknown_format_raise(tmp_path):
    p = tmp_path / "bad.txt"
    p.write_text("كلمة\n", encoding="utf-8")
    with pytest.raises(RasdError) as err:
        read(p, "conll")
    assert err.value.code == "E202" and "line 1" in str(err.value)
    p.write_text("كلمة X-LOC\n", encoding="utf-8")
    with pytest.raises(RasdError) as err:
        read(p, "conll")
    assert err.value.code == "E202"
    with pytest.raises(RasdError) as err:
        read(p, "iob2")
    assert err.value.code == "E203"
    with pytest.raises(RasdError) as err:
        read(tmp_path / "missing.txt", "conll")
    assert err.value.code == "E206"
