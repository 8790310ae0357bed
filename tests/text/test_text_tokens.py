"""Tokens: offsets, kinds, normalised forms, segmentation mapped back to the original text."""

from __future__ import annotations

from rasd import Doc
from rasd.pipeline import Pipeline
from rasd.text.tokens import Tokenizer, is_detached_proclitic, quoted_after, tokenize


def by_text(text: str) -> dict[str, object]:
    return {t.text: t for t in tokenize(text)}


def spans_ok(text: str) -> None:
    for t in tokenize(text):
        assert t.text == text[t.start:t.end]
        assert t.start <= t.base_start <= t.stem_start <= t.stem_end <= t.end, t


def test_kinds_and_offsets():
    text = "أعلنت «حماس» مقتل ٢٣ شخصاً و3.5% في Gaza City، www.spa.gov.sa 🙂"
    toks = tokenize(text)
    assert [t.text for t in toks] == ["أعلنت", "«", "حماس", "»", "مقتل", "٢٣", "شخصاً", "و", "3.5", "%",
                                      "في", "Gaza", "City", "،", "www.spa.gov.sa", "🙂"]
    kinds = {t.text: t.kind for t in toks}
    assert kinds["أعلنت"] == "word" and kinds["٢٣"] == "num" and kinds["3.5"] == "num"
    assert kinds["Gaza"] == "latin" and kinds["«"] == "punct" and kinds["،"] == "punct"
    assert kinds["🙂"] in ("punct", "other")
    t23 = next(t for t in toks if t.text == "٢٣")
    assert t23.norm == "23"
    assert next(t for t in toks if t.text == "،").norm == ","
    spans_ok(text)


def test_latin_words_with_digits():
    toks = [t.text for t in tokenize("طائرات F-16 وقمة G20 وCOVID-19 و10:30")]
    assert toks == ["طائرات", "F-16", "وقمة", "G20", "و", "COVID-19", "و", "10", ":", "30"]


def test_diacritics_inside_words_map_back():
    text = "وَالعِراقِ"
    (t,) = tokenize(text)
    assert t.norm == "والعراق" and t.prefix == "و" and t.det and t.stem == "عراق"
    assert text[t.base_start:t.end] == "العِراقِ"  # after و, before the article
    assert text[t.stem_start:t.stem_end] == "عِراقِ"


def test_tatweel_inside_words():
    text = "بالـطـائرات"
    (t,) = tokenize(text)
    assert t.norm == "بالطائرات" and t.stem == "طائرات"
    assert text[t.base_start:t.end] == "الـطـائرات"
    assert text[t.stem_start:t.stem_end] == "طـائرات"


def test_enclitic_stem_span_stops_before_the_pronoun():
    text = "حكومتُهُ"
    (t,) = tokenize(text)
    assert t.stem == "حكومة" and t.suffix == "ه"
    assert text[t.stem_start:t.stem_end] == "حكومتُ"
    text2 = "وزارتها"
    (t2,) = tokenize(text2)
    assert text2[t2.stem_start:t2.stem_end] == "وزارت"


def test_ll_article():
    text = "للحكومة"
    (t,) = tokenize(text)
    assert t.prefix == "ل" and t.det and t.stem == "حكومة"
    assert text[t.base_start:] == "لحكومة"  # the article's ل
    assert text[t.stem_start:t.stem_end] == "حكومة"


def test_detached_proclitic_before_a_quoted_name():
    text = "وجه الرئيس الشكر لـ«حزب الله» ولـ «حركة أمل» وبـ50 صاروخا"
    toks = tokenize(text)
    lam = next(t for t in toks if t.text == "لـ")
    assert lam.prefix == "ل" and lam.stem == "" and is_detached_proclitic(lam)
    assert lam.base_start == lam.stem_start == lam.stem_end == lam.end
    i = toks.index(lam)
    assert toks[i + 1].text == "«" and toks[i + 2].text == "حزب" and toks[i + 3].text == "الله"
    allah = toks[i + 3]
    assert allah.stem == "الله" and not allah.det and allah.suffix == ""
    wl = next(t for t in toks if t.text == "ولـ")
    assert wl.prefix == "ول" and is_detached_proclitic(wl)
    wb = next(t for t in toks if t.text == "وبـ")
    assert wb.prefix == "وب" and is_detached_proclitic(wb)
    assert not is_detached_proclitic(next(t for t in toks if t.text == "الرئيس"))
    spans_ok(text)


def test_lone_waw_and_glued_quote():
    text = "السعودية و«أرامكو» و الإمارات"
    toks = tokenize(text)
    waws = [t for t in toks if t.norm == "و"]
    assert len(waws) == 2 and all(is_detached_proclitic(t) for t in waws)


def test_tatweel_alone_is_a_dash():
    text = "غزة ـ «الأخبار»"
    toks = tokenize(text)
    dash = toks[1]
    assert dash.text == "ـ" and dash.kind == "punct" and dash.norm == "-"


def test_bidi_marks_are_not_tokens():
    text = "\u200fبيروت\u200e \u2067غزة\u2069"
    toks = tokenize(text)
    assert [t.text for t in toks] == ["بيروت", "غزة"]


def test_protected_words_keep_their_first_letter():
    text = "وصل وزير الدفاع إلى بغداد ثم لبنان وفلسطين، والتقى كتائب فيلق فراس في وزارة الخارجية"
    t = by_text(text)
    for w in ("وزير", "بغداد", "لبنان", "كتائب", "فيلق", "فراس", "وزارة"):
        assert t[w].prefix == "" and t[w].stem == w and t[w].base_start == t[w].start
    assert t["وفلسطين"].prefix == "و" and t["وفلسطين"].stem == "فلسطين"
    assert t["والتقى"].prefix == "و"
    spans_ok(text)


def test_sentence_index_per_token():
    text = "بغداد - قتل ثلاثة. وقال المتحدث: «الوضع هادئ. تماما».\nوفي بيروت أعلنت الحكومة"
    doc = Pipeline(["sentences", "tokens"])(text)
    sent_of = {t.text: t.sent for t in doc.tokens}
    assert sent_of["بغداد"] == 0 and sent_of["-"] == 0
    assert sent_of["قتل"] == 1
    assert sent_of["المتحدث"] == 2 and sent_of["تماما"] == 2
    assert sent_of["بيروت"] == 3
    for t in doc.tokens:
        s = doc.sentences[t.sent]
        assert s.start <= t.start and t.end <= s.end
    doc.check_spans()


def test_cache_gives_equal_tokens_on_second_call():
    text = "وبحسب وكالة الأنباء، أعلنت الحكومة السورية"
    a = [t.to_dict() for t in tokenize(text)]
    b = [t.to_dict() for t in tokenize(text)]
    assert a == b


def test_component_and_round_trip():
    text = "الرياض: أعلنت وزارةُ الداخلية القبضَ على ٣ أشخاص."
    doc = Tokenizer()(Doc(text))
    assert doc.tokens
    d = doc.to_dict(tokens=True)
    doc2 = Doc.from_dict(d)
    assert [t.to_dict() for t in doc2.tokens] == d["tokens"]
    doc.check_spans()


def test_empty_and_whitespace():
    assert tokenize("") == []
    assert tokenize(" \n\t ") == []


def test_quoted_after_a_detached_proclitic():
    text = "قال مسؤول لـ«حزب الله» إن الرد قادم، وصرح بـ «نعم» ولـ«» ثم لـ«كلام طويل بلا إغلاق"
    toks = tokenize(text)
    i = next(k for k, t in enumerate(toks) if t.text == "لـ")
    a, b = quoted_after(toks, i)
    assert text[toks[a].start:toks[b - 1].end] == "حزب الله"
    j = next(k for k, t in enumerate(toks) if t.text == "بـ")
    a, b = quoted_after(toks, j)
    assert [t.text for t in toks[a:b]] == ["نعم"]
    k = next(k for k, t in enumerate(toks) if t.text == "ولـ")
    assert quoted_after(toks, k) is None  # empty quotes
    last = max(k for k, t in enumerate(toks) if t.text == "لـ")
    assert quoted_after(toks, last) is None  # never closed
    assert quoted_after(toks, 0) is None  # not a proclitic


def test_token_norms_computed_once_per_token_list():
    from rasd.text.tokens import token_norms

    doc = Doc("وأعلنت الوزارةُ، فجر أمس، عن ٢٣ إصابة.")
    doc.tokens = tokenize(doc.text)
    norms = token_norms(doc)
    assert norms == [t.norm for t in doc.tokens]
    assert norms[0] == "واعلنت" and "23" in norms and "الوزارة" in norms
    assert token_norms(doc) is norms  # cached for the same token list
    doc.tokens = tokenize("قال المتحدث")
    assert token_norms(doc) == ["قال", "المتحدث"]  # a new token list is not served stale norms


def test_token_keys_from_the_tokenizer_rows_and_from_hand_made_tokens():
    import dataclasses
    import gc

    from rasd.text import fold
    from rasd.text.tokens import token_info, token_keys, token_stem_keys

    text = "الرياض - وقالت وزارة الدفاع إن الغارة استهدفت مستشفى «الرحمة» لـ«حزب الله» يوم ٢٣ أيار."
    doc = Pipeline(["sentences", "tokens"])(text)
    keys, skeys = token_keys(doc), token_stem_keys(doc)
    assert keys == [fold(t.norm) for t in doc.tokens]
    assert skeys == [fold(t.stem or t.norm) for t in doc.tokens]
    by = {t.text: x for x, t in enumerate(doc.tokens)}
    assert keys[by["مستشفى"]] == "مستشفي" and skeys[by["الغارة"]] == "غاره" and skeys[by["لـ"]] == "ل"
    assert token_keys(doc) is keys and token_stem_keys(doc) is skeys  # once per document
    rows = token_info(doc)
    assert len(rows) == len(doc.tokens)
    # the rows hold no mutable objects: the garbage collector stops tracking them
    gc.collect()
    assert not any(gc.is_tracked(r) for r in rows)
    # the plain tokenize() gives the same tokens; a token list set by hand gets rows of its own
    assert tokenize(text, doc.sentences) == doc.tokens
    doc.tokens = [dataclasses.replace(t, stem="غارى") if t.text == "الغارة" else t for t in doc.tokens]
    assert token_stem_keys(doc)[by["الغارة"]] == "غاري"
    assert token_keys(doc) == keys


def test_token_columns_built_by_the_tokenizer_and_rebuilt_for_new_tokens():
    from rasd.text.tokens import token_columns, token_norms

    doc = Pipeline(["sentences", "tokens"])("القاهرة - قال المتحدث. وأضاف أن ٣ أشخاص قتلوا.")
    cols = token_columns(doc)
    toks = doc.tokens
    assert cols.starts == [t.start for t in toks] and cols.ends == [t.end for t in toks]
    assert cols.texts == [t.text for t in toks] and cols.kinds == [t.kind for t in toks]
    assert cols.sents == [t.sent for t in toks] and cols.sents[-1] == 2
    assert token_norms(doc) is cols.norms and "3" in cols.norms
    assert token_columns(doc) is cols  # from the tokenizer, not recomputed
    doc.tokens = toks[:3]
    assert token_columns(doc).texts == ["القاهرة", "-", "قال"]
