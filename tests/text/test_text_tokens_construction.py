"""The tokenizer makes its Token objects without calling Token(...) (object.__new__ and slot
sets): they must be indistinguishable from tokens built the ordinary way."""

from __future__ import annotations

import dataclasses
import json

from rasd.doc import Doc, Token
from rasd.pipeline import Pipeline
from rasd.text.tokens import TokenColumns, token_columns, tokenize

TEXT = (
    "  \u200fدمشق ـ «الوطن»: وأعلنت وزارةُ الداخلية السورية، فجر أمس الثلاثاء، أنّ ٢٣ شخصاً قُتلوا "
    "بـ50 صاروخا أطلقت على ريف إدلب في ١٢ أيار (مايو) 2024، ونفت «هيئة تحرير الشام» ذلك.\n\n"
    "وقال مصدر أمني لـ«الأخبار» إن طائرات F-16 قصفت مواقعهم، مضيفاً أن COVID-19 انتشر بينهم.\u200b \t"
)


def test_tokens_equal_tokens_built_by_the_constructor():
    doc = Pipeline(["sentences", "tokens"])(TEXT)
    doc.check_spans()
    toks = doc.tokens
    assert len(toks) > 50 and len({t.sent for t in toks}) >= 2
    for t in toks:
        assert type(t) is Token
        fields = {f.name: getattr(t, f.name) for f in dataclasses.fields(Token)}
        assert t == Token(**fields)  # every slot set (a missing one would raise here)
        assert t.text == TEXT[t.start:t.end]
        assert t.start <= t.base_start <= t.stem_start <= t.stem_end <= t.end
    # exact round trip of the JSON contract
    again = Doc.from_dict(json.loads(json.dumps(doc.to_dict(tokens=True), ensure_ascii=False)))
    assert again.tokens == toks
    by = {t.text: t for t in toks}
    assert by["وأعلنت"].prefix == "و" and by["وأعلنت"].base_start == by["وأعلنت"].start + 1
    assert by["بـ"].stem == "" and by["بـ"].prefix == "ب"
    assert by["F-16"].kind == "latin" and by["٢٣"].norm == "23"


def test_columns_from_the_tokenizer_equal_columns_read_off_the_tokens():
    doc = Pipeline(["sentences", "tokens"])(TEXT)
    cols = token_columns(doc)
    ref = TokenColumns(doc.tokens)
    for name in TokenColumns.__slots__:
        got = getattr(cols, name)
        assert type(got) is list and got == getattr(ref, name), name
    assert cols.sents[-1] == doc.tokens[-1].sent >= 1


def test_sentence_ids_with_sentences_given_by_hand():
    doc = Pipeline(["sentences"])(TEXT)
    sents = doc.sentences
    toks = tokenize(TEXT, sents)
    for t in toks:
        # the last sentence that starts at or before the token (0 before the first one)
        expect = max([i for i, s in enumerate(sents) if s.start <= t.start], default=0)
        assert t.sent == expect
    assert tokenize(TEXT) == [dataclasses.replace(t, sent=0) for t in toks]
    assert tokenize("   ") == [] and tokenize("") == []
