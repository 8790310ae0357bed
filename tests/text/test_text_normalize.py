"""Normalisation with an offset map back to the original text."""

from __future__ import annotations

import pytest

from rasd import Doc
from rasd.text import arabic_share, fold, norm, normalize, normalized


def test_diacritics_and_tatweel_removed_with_offsets():
    text = "وَالعِراقِ ودمشــق"
    nt = normalize(text)
    assert nt.text == "والعراق ودمشق"
    # every normalised character maps to the same character in the original
    for i, ch in enumerate(nt.text):
        assert text[nt.orig_index(i)] == ch
    i = nt.text.index("دمشق")
    s, e = nt.to_original(i, i + 4)
    assert text[s:e] == "دمشــق"


def test_span_takes_marks_of_its_last_letter_but_not_the_next_letter():
    text = "العِراقِ، ثم"
    nt = normalize(text)
    i = nt.text.index("العراق")
    s, e = nt.to_original(i, i + len("العراق"))
    assert text[s:e] == "العِراقِ"
    # a span that stops before the last letter does not take it
    s, e = nt.to_original(i, i + 3)
    assert text[s:e] == "العِ"


def test_alef_variants_unified_and_folds_on_request():
    assert norm("أعلن إيران آمال ٱلله") == "اعلن ايران امال الله"
    assert norm("مستشفى المدينة") == "مستشفى المدينة"
    assert norm("مستشفى المدينة", fold_ya=True) == "مستشفي المدينة"
    assert norm("مستشفى المدينة", fold_ta=True) == "مستشفى المدينه"
    assert fold("مستشفى المدينة") == "مستشفي المدينه"


@pytest.mark.parametrize(
    "src, expected",
    [
        ("٢٣ أيار ٢٠٢٥", "23 ايار 2025"),
        ("۱۴۰۳", "1403"),
        ("٣٫٥٪", "3.5%"),
        ("١٢٬٥٠٠", "12,500"),
        ("قال، ثم؛ لماذا؟", "قال, ثم; لماذا?"),
        ("غزة\u00a0اليوم", "غزة اليوم"),
        ("پیام کابل", "پيام كابل"),
    ],
)
def test_one_to_one_maps(src, expected):
    nt = normalize(src)
    assert nt.text == expected
    assert len(nt.text) == len(src)  # nothing removed: identity offsets
    assert nt.to_original(0, len(expected)) == (0, len(src))


def test_bidi_controls_zero_width_and_bom_removed():
    text = "\ufeff\u200fبيروت\u200e \u2067غزة\u2069 ول\u200cد\u00ad"
    nt = normalize(text)
    assert nt.text == "بيروت غزة ولد"
    i = nt.text.index("غزة")
    s, e = nt.to_original(i, i + 3)
    assert text[s:e] == "غزة"  # the isolate marks around it are not taken


def test_identity_when_nothing_removed():
    nt = normalize("القاهرة - قال")
    assert nt.offsets is None
    assert nt.to_original(2, 5) == (2, 5)
    assert nt.orig_index(100) == 100


def test_empty_span_and_end_of_text():
    text = "سلامٌ"
    nt = normalize(text)
    assert nt.text == "سلام"
    assert nt.orig_index(len(nt.text)) == len(text)
    assert nt.to_original(2, 2) == (2, 2)
    s, e = nt.to_original(0, 4)
    assert (s, e) == (0, len(text))


def test_arabic_share():
    assert arabic_share("") == 0.0
    assert arabic_share("12345 !!!") == 0.0
    assert arabic_share("أعلنت الحكومة") == 1.0
    assert arabic_share("The government said") == 0.0
    mixed = arabic_share("قال Reuters")
    assert mixed == pytest.approx(3 / 10)


@pytest.mark.parametrize(
    "text",
    [
        "أعلنت الحكومة العراقية أمس أن «داعش» خسر 90% من أراضيه – وفق Reuters 🙂",
        "The Ministry said on Tuesday that قال المتحدث",
        "Le ministère a déclaré à Beyrouth que الوضع هادئ",
        "Москва заявила, что الحكومة السورية",
        "中文新闻 في بكين",
        "وَالعِراقِ ـــ ٢٣ أيار",
    ],
)
def test_arabic_share_matches_a_per_character_count(text):
    letters = [ch for ch in text if ch.isalpha() and ch != "\u0640"]
    arabic = [ch for ch in letters if "\u0621" <= ch <= "\u06ff"]
    assert arabic_share(text) == pytest.approx(len(arabic) / len(letters))


def test_normalized_is_cached_per_document():
    doc = Doc("أعلنت الوزارةُ")
    a = normalized(doc)
    assert a.text == "اعلنت الوزارة"
    assert normalized(doc) is a
    b = normalized(doc, fold_ta=True)
    assert b.text == "اعلنت الوزاره" and b is not a
    assert normalized(Doc("أعلنت الوزارةُ")) is not a


@pytest.mark.parametrize("word", ["مستشفى", "الضفة", "فتاة", "مصطفى", "غزة", "العراق", "انتفاضة", "", "ى", "ة"])
def test_fold_normalised_is_fold_on_normalised_strings(word):
    from rasd.text import fold_normalised

    normalised = norm(word)
    assert fold_normalised(normalised) == fold(normalised) == fold(word)
