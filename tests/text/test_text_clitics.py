"""Clitic segmentation: proclitics, the article, enclitics, and words that only look cliticised."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rasd.text import norm
from rasd.text.clitics import is_protected, segment, segment_light


def seg(word: str):
    s = segment_light(word)
    return s.prefix, s.det, s.stem, s.suffix


@pytest.mark.parametrize(
    "word",
    ["بغداد", "لبنان", "فلسطين", "كتائب", "وزير", "فيلق", "فراس", "وزارة", "وزراء", "ولاية", "وكالة",
     "وفد", "بيان", "فرنسا", "كركوك", "سوريا", "سياسة", "سيارة", "بيروت", "واشنطن", "لجنة", "كتب",
     "فريق", "بريطانيا", "الله", "الذي", "التي", "إلى", "ألمانيا", "ألف", "آلاف", "عليه", "منها",
     "اتجاه", "مياه", "عراقي", "مصري", "لبناني", "مبارك", "شريك", "وضع", "وقت", "سنة", "ولي", "كبيرة",
     "فرقة", "كيري", "كلود", "كيفية", "بقية", "لجان", "فعالية", "باراك", "سيما", "وصلت",
     "سابك", "لقاءات", "ساعد", "فجأة", "واحدة", "بلغت"],
)
def test_words_that_begin_or_end_like_clitics_stay_whole(word):
    assert seg(word) == ("", False, norm(word), "")


@pytest.mark.parametrize(
    "word, expected",
    [
        ("والعراق", ("و", True, "عراق", "")),
        ("بالطائرات", ("ب", True, "طائرات", "")),
        ("فالحكومة", ("ف", True, "حكومة", "")),
        ("كالعادة", ("ك", True, "عادة", "")),
        ("للحكومة", ("ل", True, "حكومة", "")),
        ("للجنة", ("ل", True, "لجنة", "")),  # ل + ال + لجنة, written with two lams
        ("للبنان", ("ل", False, "لبنان", "")),  # a name takes no article
        ("وبالتالي", ("وب", True, "تالي", "")),
        ("وقال", ("و", False, "قال", "")),
        ("وكان", ("و", False, "كان", "")),  # not وك + ان
        ("وأضاف", ("و", False, "اضاف", "")),  # seen far more often with و than without
        ("وأضافت", ("و", False, "اضافت", "")),  # backs off to اضاف
        ("وبلغت", ("و", False, "بلغت", "")),  # not وب + لغت
        ("وإلى", ("و", False, "الى", "")),
        ("والطالبات", ("و", True, "طالبات", "")),  # unknown form, known stem طالب
        ("كلها", ("", False, "كل", "ها")),  # not ك + لها
        ("كونها", ("", False, "كون", "ها")),
        ("وقد", ("و", False, "قد", "")),
        ("فان", ("ف", False, "ان", "")),
        ("وتوجيهاته", ("و", False, "توجيهات", "ه")),  # plural ات keeps its ت
        ("كرئيس", ("ك", False, "رئيس", "")),
        ("فقال", ("ف", False, "قال", "")),
        ("وبغداد", ("و", False, "بغداد", "")),
        ("ببغداد", ("ب", False, "بغداد", "")),
        ("ولبنان", ("و", False, "لبنان", "")),
        ("لفلسطين", ("ل", False, "فلسطين", "")),
        ("وفراس", ("و", False, "فراس", "")),
        ("لوزارة", ("ل", False, "وزارة", "")),
        ("ولوزارة", ("ول", False, "وزارة", "")),
        ("والوزير", ("و", True, "وزير", "")),
        ("لإسرائيل", ("ل", False, "اسرائيل", "")),
        ("وألمانيا", ("و", False, "المانيا", "")),
        ("سيتم", ("س", False, "يتم", "")),
        ("حكومته", ("", False, "حكومة", "ه")),
        ("وزارتها", ("", False, "وزارة", "ها")),
        ("قواتهم", ("", False, "قوات", "هم")),
        ("وبيانها", ("و", False, "بيان", "ها")),
        ("بلادنا", ("", False, "بلاد", "نا")),
        ("قراره", ("", False, "قرار", "ه")),
        ("مستواه", ("", False, "مستوى", "ه")),  # ى written ا before a pronoun
        ("أبناؤه", ("", False, "ابناء", "ه")),  # ء written ؤ before a pronoun
        ("العراقي", ("", True, "عراقي", "")),
        ("الأمم", ("", True, "امم", "")),
        ("الاتجاه", ("", True, "اتجاه", "")),
        ("الفهم", ("", True, "فهم", "")),  # not الف + هم
        ("والتقى", ("و", False, "التقى", "")),  # ال of a root, not the article
        ("الغاء", ("", False, "الغاء", "")),  # إلغاء written without hamza
    ],
)
def test_segmentations(word, expected):
    assert seg(word) == expected


def test_allah_is_a_name_not_article_plus_pronoun():
    assert seg("الله") == ("", False, "الله", "")
    assert seg("والله") == ("و", False, "الله", "")
    assert seg("بالله") == ("ب", False, "الله", "")
    assert seg("لله") == ("ل", False, "الله", "")
    assert seg("عبدالله") == ("", False, "عبدالله", "")


def test_hamza_alef_is_never_the_article():
    # with hamza the word is not ال + ...; written without it, the lexicon still knows it
    assert segment_light("ألماني").det is False
    assert segment_light("إلهام").det is False
    assert segment_light("الإلهام").det is True


def test_offset_lengths_are_consistent():
    for word in ["وبالطائرات", "للحكومة", "للجنة", "حكومته", "لله", "ولوزارة", "سيتم"]:
        s = segment(word)
        assert s.pre_len == len(s.prefix)
        assert s.det_len in (0, 1, 2)
        assert word.startswith(s.prefix)
        if s.suffix:
            assert word.endswith(s.suffix)


def test_unknown_words_use_conservative_rules():
    # invented words: the lexicon knows nothing of them
    assert seg("وتشقلبوز") == ("و", False, "تشقلبوز", "")
    assert seg("بتشقلبوز") == ("", False, "بتشقلبوز", "")  # ب cut only before the article
    assert seg("بالتشقلبوز") == ("ب", True, "تشقلبوز", "")
    assert seg("سيتشقلب") == ("", False, "سيتشقلب", "")  # future س needs a known verb
    assert seg("تشقلبوزه") == ("", False, "تشقلبوز", "ه")


def test_short_words_are_left_alone():
    for w in ["و", "في", "لا", "هو", "بل"]:
        assert seg(w) == ("", False, w, "")


def test_protected_list():
    assert is_protected("بغداد")
    assert is_protected("وزارة") and is_protected("وزاره")
    assert not is_protected("والعراق")


def test_missing_lexicon_is_a_clear_error(monkeypatch, tmp_path):
    from rasd.errors import RasdError
    from rasd.text import clitics

    monkeypatch.setattr(clitics, "resource_path", lambda *parts: tmp_path.joinpath(*parts))
    with pytest.raises(RasdError) as info:
        clitics.Lexicon.load()
    assert info.value.code == "E150" and "lexicon.tsv" in str(info.value)


_LETTERS = "ابتثجحخدذرسشصضطظعغفقكلمنهويىةءآأإؤئ"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_LETTERS, min_size=1, max_size=12))
def test_segmentation_invariants(light):
    s = segment_light(light)
    word = norm(light)
    assert s.pre_len == len(s.prefix) and word.startswith(s.prefix)
    assert s.det_len in (0, 1, 2)
    assert s.pre_len + s.det_len + len(s.suffix) <= len(word)
    if s.suffix:
        assert word.endswith(s.suffix) and not s.det
    if s.det_len == 2:
        assert light[s.pre_len:s.pre_len + 2] == "ال"  # never أل / إل
    assert s.stem  # something is always left
