"""Sentence splitting: quotes kept whole, datelines, abbreviations, numbers, paragraphs."""

from __future__ import annotations

import pytest

from rasd import Doc
from rasd.text.sentences import SentenceSplitter, find_dateline, quote_regions, split_sentences


def texts(text: str) -> list[str]:
    return [s.text for s in split_sentences(text)]


def kinds(text: str) -> list[str]:
    return [s.kind for s in split_sentences(text)]


def check(text: str) -> None:
    prev_end = 0
    for s in split_sentences(text):
        assert s.text == text[s.start:s.end]
        assert s.start >= prev_end
        assert s.text == s.text.strip() and s.text
        prev_end = s.end


@pytest.mark.parametrize(
    "text, dateline",
    [
        ("بغداد | أعلنت قيادة العمليات المشتركة انتهاء العملية.", "بغداد |"),
        ("القاهرة - قال مسؤول في وزارة الصحة إن الإصابات تراجعت.", "القاهرة -"),
        ("الرياض: وصل وزير الخارجية الأردني صباح اليوم.", "الرياض:"),
        ("(أ ف ب) - قتل ثلاثة أشخاص في انفجار.", "(أ ف ب) -"),
        ("بيروت (رويترز) - قالت مصادر أمنية إن الاشتباكات توقفت.", "بيروت (رويترز) -"),
        ("غزة ـ «الأخبار»: استشهد خمسة فلسطينيين فجر أمس.", "غزة ـ «الأخبار»:"),
        ("دير الزور – أفاد ناشطون بأن القصف استمر.", "دير الزور –"),
        ("عمّان /بترا/ - أعلنت الحكومة خطة جديدة.", "عمّان /بترا/ -"),
        ("الخرطوم، ١٢ أيار (مايو) - تجددت المعارك في أم درمان.", "الخرطوم، ١٢ أيار (مايو) -"),
        ("  طرابلس — أعلن المجلس الرئاسي حالة الطوارئ.", "طرابلس —"),
        ("بيروت - (أ ف ب): قتل شخصان في غارة.", "بيروت - (أ ف ب):"),
        ("(AFP) - Arabic text follows: قتل شخصان.", "(AFP) -"),
    ],
)
def test_datelines(text, dateline):
    sents = split_sentences(text)
    assert sents[0].kind == "dateline"
    assert sents[0].text == dateline
    assert sents[1].kind == "sentence"
    assert len(sents) == 2
    check(text)


def test_place_alone_on_the_first_line():
    assert kinds("جدة\nأعلنت الأمانة إغلاق الطريق. وبدأت الأعمال.") == ["dateline", "sentence", "sentence"]
    assert kinds("المدينة المنورة\nوصل الحجاج.") == ["dateline", "sentence"]
    assert kinds("قال\nأعلنت الأمانة") == ["sentence", "sentence"]
    assert kinds("انفجار ضخم يهز الميناء\nقتل عشرة") == ["sentence", "sentence"]


def test_agency_first_line_is_a_dateline():
    text = " جدة 3 رمضان 1446 هـ الموافق 3 مارس 2025 م واس\n افتتح أمير المنطقة المعرض. وحضر الافتتاح مسؤولون."
    assert kinds(text) == ["dateline", "sentence", "sentence"]
    assert texts(text)[0] == "جدة 3 رمضان 1446 هـ الموافق 3 مارس 2025 م واس"


@pytest.mark.parametrize(
    "text",
    [
        "قال الوزير: إن الوضع صعب.",  # a speech verb is not a place
        "أكدت الوزارة - في بيان - أن الحادث عرضي.",
        "وزير الخارجية الإيراني عباس عراقجي قال: لا مفاوضات.",  # too long for a colon dateline
        "بغداد",  # nothing after it
        "بغداد -\nأعلنت الحكومة",  # nothing after it on the same line
        "كشف لـ«الشرق» مصدر مطلع أن الاتفاق قريب.",  # the tatweel of لـ is not a dash
        "طوال الـ24 ساعة الماضية هدأت الاشتباكات.",
        "«لن نتراجع» - هكذا ختم الوزير كلمته.",  # a quotation, not an agency
    ],
)
def test_not_datelines(text):
    assert "dateline" not in kinds(text)
    check(text)


def test_dateline_is_at_the_very_start_only():
    text = "أعلنت الحكومة خطة. بغداد - وصل الوفد."
    assert kinds(text) == ["sentence", "sentence"]
    assert find_dateline("  ") is None


def test_guillemets_kept_whole_across_full_stops():
    text = ("وقال المتحدث: «لن نقبل بذلك. الأمر محسوم! هل يفهمون؟» وأضاف أن الحكومة ستعلن موقفها. "
            "وانتهى الاجتماع.")
    assert texts(text) == [
        "وقال المتحدث: «لن نقبل بذلك. الأمر محسوم! هل يفهمون؟» وأضاف أن الحكومة ستعلن موقفها.",
        "وانتهى الاجتماع.",
    ]


def test_quote_ending_with_full_stop_then_new_sentence():
    text = "وقال: «الوضع خطير جدا.» وتابعت الوكالة أن القصف مستمر."
    assert len(texts(text)) == 1
    text2 = "وقال: «الوضع خطير جدا». وتابعت الوكالة أن القصف مستمر."
    assert texts(text2) == ["وقال: «الوضع خطير جدا».", "وتابعت الوكالة أن القصف مستمر."]


def test_straight_and_curly_double_quotes():
    text = 'وصرح "هذا غير مقبول. نرفضه تماما" ثم غادر. وعاد مساء.'
    assert texts(text) == ['وصرح "هذا غير مقبول. نرفضه تماما" ثم غادر.', "وعاد مساء."]
    text2 = "وكتب “انتهى الأمر. لا عودة” على حسابه. ولم يعلق أحد."
    assert len(texts(text2)) == 2


def test_nested_quotes():
    text = 'قال: «نقل عنه "لن نتراجع. أبدا" أمس. وهذا كذب.» ثم سكت. وانتهى.'
    assert texts(text) == ['قال: «نقل عنه "لن نتراجع. أبدا" أمس. وهذا كذب.» ثم سكت.', "وانتهى."]
    assert quote_regions(text) == [(5, text.index("»") + 1)]


def test_unclosed_quote_does_not_swallow_the_paragraph():
    text = "صرح بأن «الوضع خطير. جدا\n\nفقرة بلا إغلاق. جملة ثانية."
    assert texts(text) == ["صرح بأن «الوضع خطير.", "جدا", "فقرة بلا إغلاق.", "جملة ثانية."]


def test_quote_does_not_cross_a_blank_line():
    text = "قال «أولا. ثانيا\n\nوفي فقرة أخرى» انتهى. نعم."
    assert "قال «أولا." in texts(text)


def test_commas_do_not_split_but_newlines_do():
    text = "وصل الوفد، والتقى الرئيس، ثم غادر\nوفي سياق آخر، أعلنت الوزارة"
    assert texts(text) == ["وصل الوفد، والتقى الرئيس، ثم غادر", "وفي سياق آخر، أعلنت الوزارة"]


def test_question_exclamation_and_paragraphs():
    text = "هل انتهت الحرب؟ لا أحد يعرف! ربما.\n\nفقرة جديدة هنا"
    assert texts(text) == ["هل انتهت الحرب؟", "لا أحد يعرف!", "ربما.", "فقرة جديدة هنا"]


def test_numbers_and_abbreviations():
    text = "بلغت نسبة النمو 3.5 في المئة. وقال د. أحمد إن ذلك جيد. راسلونا على ص.ب. 1234 الرياض."
    assert texts(text) == [
        "بلغت نسبة النمو 3.5 في المئة.",
        "وقال د. أحمد إن ذلك جيد.",
        "راسلونا على ص.ب. 1234 الرياض.",
    ]
    assert texts("وحاضر أ.د. سامي العلي في الندوة. ثم انتهت.") == [
        "وحاضر أ.د. سامي العلي في الندوة.", "ثم انتهت."]
    assert texts("قابل أ. محمود الوفد. وغادر.") == ["قابل أ. محمود الوفد.", "وغادر."]
    assert texts("Mr. Smith arrived. He left.") == ["Mr. Smith arrived.", "He left."]
    assert texts("زار الموقع www.spa.gov.sa أمس. وانتهى.") == ["زار الموقع www.spa.gov.sa أمس.", "وانتهى."]


def test_era_abbreviations():
    text = "ولد عام 1950 م. وتوفي في 3 رجب 1431 هـ. الموافق 15 يونيو 2010 م. ودفن في حلب."
    assert texts(text) == [
        "ولد عام 1950 م.",
        "وتوفي في 3 رجب 1431 هـ. الموافق 15 يونيو 2010 م.",
        "ودفن في حلب.",
    ]


def test_engineer_title_and_list_numbers():
    assert texts("وافتتح م. خالد العمري المشروع. ثم غادر.") == ["وافتتح م. خالد العمري المشروع.", "ثم غادر."]
    text = "وتضمنت الخطة:\n1. توسيع الطرق.\n2. بناء مدارس.\nوقال الوزير إن العمل بدأ في 2020. وانتهى."
    assert texts(text) == ["وتضمنت الخطة:", "1. توسيع الطرق.", "2. بناء مدارس.",
                           "وقال الوزير إن العمل بدأ في 2020.", "وانتهى."]


def test_ellipsis():
    text = "ربما ... لكن الأمل قائم… وسننتظر...\nغدا يوم آخر"
    assert texts(text) == ["ربما ... لكن الأمل قائم… وسننتظر...", "غدا يوم آخر"]


def test_closing_bracket_after_stop():
    text = "وأكد الخبر (وهذا معروف.) ثم أضاف. وانتهى."
    assert texts(text) == ["وأكد الخبر (وهذا معروف.)", "ثم أضاف.", "وانتهى."]


@pytest.mark.parametrize("text", ["", "   \n\n  ", ".", "«", "»»««", '"""', "؟؟؟!!!", "...", "ـ"])
def test_degenerate_inputs(text):
    check(text)


def test_component_sets_sentences_and_spans_check():
    text = "الموصل - أعلن الجيش العراقي. وقال «نحن جاهزون. تماما»."
    doc = SentenceSplitter()(Doc(text))
    assert [s.kind for s in doc.sentences] == ["dateline", "sentence", "sentence"]
    doc.check_spans()


def test_long_line_without_punctuation_is_one_sentence():
    text = "كلمة " * 20000
    sents = split_sentences(text)
    assert len(sents) == 1 and sents[0].end == len(text.rstrip())
