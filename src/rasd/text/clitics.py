"""Clitic segmentation of Arabic words.

Proclitics: conjunctions و ف, prepositions ب ل ك, future س, and the article ال (with ل+ال
written لل). Enclitics: the common pronouns (ه ها هم هما هن ك كم كن ي نا). A word is cut only if
what remains is long enough and the word is not a known word that merely begins with one of
these letters (بغداد، لبنان، فلسطين، كتائب، وزير، فيلق، فراس ...).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

# Normalised words (and stems) that begin with a proclitic letter but are not cliticised.
PROTECTED = frozenset(
    """
    بغداد بيروت بنغازي بريطانيا بلجيكا بولندا باكستان بنغلاديش البحرين بصره بابل بعلبك بيت بين بعد بعض
    بلد بلاد بلده بيان بنك باب بحر برلمان بوتين بايدن بشار بريكس بلينكن بركان
    لبنان ليبيا لندن لاهاي لواء لجنه لقاء ليس لكن لدى لدي لقد لماذا لم لن لا لها له
    فلسطين فرنسا فنزويلا فيينا فيلق فراس فصيل فصائل فريق فتح فوق في فجر فبراير فترة فتره
    كتائب كتيبه كركوك كندا كوريا كوبا كابول كردستان كان كانت كما كل كلمه كبير كيان كانون
    وزير وزيره وزراء وزاره واشنطن وكاله وفد وقف وسط وطني وطن ولايه والي وقت ورقه وثيقه وحده
    سوريا سوريه السودان سيناء سرت سعد سعيد سلام سلاح سياسه سفير سفاره سجن سيدي
    """.split()
)

ENCLITICS = ("هما", "هم", "هن", "ها", "كم", "كن", "نا", "ه", "ك", "ي")
_MIN_STEM = 2


@dataclass(slots=True, frozen=True)
class Segmentation:
    prefix: str  # conjunction/preposition/future proclitics (normalised), e.g. "وب"
    det: bool  # the article ال (or the ل of لل) is present
    stem: str  # the word without clitics or article
    suffix: str  # enclitic pronoun
    pre_len: int  # length of ``prefix`` in normalised characters
    det_len: int  # normalised characters taken by the article (2 for ال, 1 for the second ل of لل)


@lru_cache(maxsize=200_000)
def segment(word: str) -> Segmentation:
    """Segment a *normalised* Arabic word into proclitics, article, stem and enclitic."""
    if len(word) < 3 or word in PROTECTED:
        return Segmentation("", False, word, "", 0, 0)
    w = word
    prefix = ""
    # conjunction
    if w[0] in "وف" and len(w) > 3 and w[1:] not in PROTECTED and w not in PROTECTED:
        if w[1:3] == "ال" or w[1] in "بلكس" or len(w) > 3:
            prefix, w = w[0], w[1:]
    # preposition / future
    det = False
    det_len = 0
    if len(w) > 3 and w not in PROTECTED:
        if w.startswith("لل") and len(w) > 4:
            prefix, w, det, det_len = prefix + "ل", w[2:], True, 1
        elif w[0] in "بك" and w[1:3] == "ال" and len(w) > 4:
            prefix, w = prefix + w[0], w[1:]
        elif w[0] == "ل" and w[1:] not in PROTECTED and len(w) > 3:
            prefix, w = prefix + "ل", w[1:]
        elif w[0] in "بك" and w[1:] in PROTECTED:
            prefix, w = prefix + w[0], w[1:]
        elif w[0] == "س" and w[1] in "يتن" and len(w) > 4 and prefix:
            prefix, w = prefix + "س", w[1:]
    if not det and w.startswith("ال") and len(w) > 3:
        w, det, det_len = w[2:], True, 2
    suffix = ""
    if not det and w not in PROTECTED:
        for enc in ENCLITICS:
            if w.endswith(enc) and len(w) - len(enc) >= 3:
                suffix, w = enc, w[: -len(enc)]
                break
    return Segmentation(prefix, det, w, suffix, len(prefix), det_len)
