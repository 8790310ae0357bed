"""Clitic segmentation of Arabic words.

Proclitics: conjunctions و ف, prepositions ب ل ك, future س, and the article ال (after ل written
لل, and merged with a stem that begins with ل: للجنة = ل + ال + لجنة). Enclitics: the pronouns
ه ها هم هما هن ك كم كما كن نا (the first-person ي is not cut: in news it is far more often the
nisba ending of عراقي، سوري).

How a word is cut. Every segmentation the letters allow is scored with a word lexicon built from
ANERcorp and the Wojood sample (``resources/text/lexicon.tsv``, see
``scripts/build_text_lexicon.py``) and a hand-written list of whole words
(``resources/text/protected.txt``):

- a stem is supported by how often it occurs as a unit: alone, after the article (الوزارة proves
  that وزارة begins with a root letter, since a proclitic can never follow the article), after a
  preposition that cannot stack with its first letter (ببغداد، لوزارة), or tagged as a name;
- a stem that itself begins with a proclitic letter only counts the evidence that proves its first
  letter is not a clitic, so وقال (seen often as a whole token) is still و + قال;
- the best supported candidate wins, fewer cuts winning ties; an enclitic is cut only when the word
  is not itself known with the article (الاتجاه proves اتجاه whole);
- with no lexical evidence at all, conservative rules apply: و and the article are cut, ب ل ك ف
  only before the article, س never, and ه ها هم هما هن only when three letters remain.

``segment(word)`` takes a normalised word (``rasd.text.norm``). ``segment_light(word)`` takes the
word with diacritics and tatweel removed but hamza on alef kept, so that أ/إ/آ at the start of a
word is never read as the article (ألمانيا، إلى).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache

from ..resources import resource_path
from .normalize import translation_table

PROCLITIC_LETTERS = frozenset("وفبلكس")
ENCLITICS = ("هما", "كما", "هم", "هن", "ها", "كم", "كن", "نا", "ه", "ك")
# enclitics cut without lexical support (a stem of three letters or more must remain)
_DEFAULT_ENCLITICS = frozenset(("هما", "هم", "هن", "ها", "ه"))
# enclitics cut only when the stem is known and the whole word is not
_RARE_ENCLITICS = frozenset(("كما", "كم", "كن", "نا", "ك"))
_MIN_STEM = 2

_NORM = translation_table()
_FOLD = translation_table(True, True)


@dataclass(slots=True, frozen=True)
class Segmentation:
    prefix: str  # conjunction/preposition/future proclitics (normalised), e.g. "وب"
    det: bool  # the article ال (or the ل of لل) is present
    stem: str  # the word without clitics or article (ت restored to ة before an enclitic)
    suffix: str  # enclitic pronoun
    pre_len: int  # length of ``prefix`` in normalised characters
    det_len: int  # normalised characters taken by the article (2 for ال, 1 for لل, 0 if merged)


class Lexicon:
    """Word counts (folded forms) and the whole-word list, read once per process on first use."""

    def __init__(self, counts: dict[str, int], names: dict[str, int], protected: frozenset[str]):
        self.counts = counts
        self.names = names
        self.protected = protected

    @classmethod
    def load(cls) -> "Lexicon":
        counts: dict[str, int] = {}
        names: dict[str, int] = {}
        path = resource_path("text", "lexicon.tsv")
        if path.exists():
            with path.open(encoding="utf-8") as fh:
                for line in fh:
                    if line.startswith("#"):
                        continue
                    parts = line.rstrip("\n").split("\t")
                    if len(parts) < 2:
                        continue
                    counts[parts[0]] = int(parts[1])
                    if len(parts) > 3 and parts[3] == "N":
                        names[parts[0]] = int(parts[2])
        protected: set[str] = set()
        ppath = resource_path("text", "protected.txt")
        if ppath.exists():
            with ppath.open(encoding="utf-8") as fh:
                for line in fh:
                    if not line.startswith("#"):
                        protected.update(w.translate(_FOLD) for w in line.split())
        return cls(counts, names, frozenset(protected))


_LEXICON: Lexicon | None = None
_LOCK = threading.Lock()


def lexicon() -> Lexicon:
    global _LEXICON
    if _LEXICON is None:
        with _LOCK:
            if _LEXICON is None:
                _LEXICON = Lexicon.load()
    return _LEXICON


def is_protected(word: str) -> bool:
    """True if the normalised ``word`` is on the whole-word list."""
    return word.translate(_FOLD) in lexicon().protected


# -- evidence -------------------------------------------------------------------------------------

def _unit_evidence(lex: Lexicon, s: str) -> float:
    """How often the folded form ``s`` occurs as a unit whose first letter is a root letter."""
    c = lex.counts.get
    if s.startswith("ال"):
        # seen alone it is most likely the article: weak evidence for a whole word
        return 0.1 * c(s, 0) + (1000.0 if s in lex.protected else 0.0)
    ev = (c("ال" + s, 0) + c("وال" + s, 0) + c("بال" + s, 0) + c("لل" + s, 0) + c("فال" + s, 0)
          + c("كال" + s, 0))
    first = s[:1]
    if first in PROCLITIC_LETTERS:
        if first in "وفبك":
            # a preposition cannot precede a conjunction, nor another preposition
            ev += c("ب" + s, 0) + c("ل" + s, 0) + c("ك" + s, 0)
        elif first == "ل":
            ev += c("ب" + s, 0) + c("ك" + s, 0)
        name = lex.names.get(s)
        if name:
            ev += 3 * name
        ev += 0.1 * c(s, 0)  # alone: weak, it may itself be cliticised
    else:
        ev += c(s, 0) + 0.5 * (c("و" + s, 0) + c("ف" + s, 0) + c("ب" + s, 0) + c("ل" + s, 0))
    if s in lex.protected:
        ev += 1000.0
    return ev


def _stem_evidence(lex: Lexicon, stem: str, det: bool) -> float:
    """Evidence for a (normalised) stem; after the article its first letter is a root letter."""
    s = stem.translate(_FOLD)
    if det:
        c = lex.counts.get
        return c("ال" + s, 0) + c("وال" + s, 0) + c("بال" + s, 0) + c("لل" + s, 0) + c(s, 0)
    return _unit_evidence(lex, s)


# -- candidates -------------------------------------------------------------------------------

def _candidates(light: str, word: str):
    """Yield (prefix, det, det_len, stem_start) for every proclitic reading the letters allow.

    ``light`` keeps hamza on alef (used to refuse أ/إ/آ as the article); ``word`` is normalised.
    """
    n = len(word)
    conj_opts = [0]
    if n >= 3 and word[0] in "وف":
        conj_opts.append(1)
    for c in conj_opts:
        prep_opts = [0]
        if n - c >= 3:
            ch = word[c]
            if ch in "بلك":
                prep_opts.append(1)
            elif ch == "س" and word[c + 1:c + 2] in ("ي", "ت", "ن", "ا") and n - c >= 4:
                prep_opts.append(1)
        for p in prep_opts:
            i = c + p
            prefix = word[:i]
            yield prefix, False, 0, i
            if p and word[c] == "ل" and word[i:i + 1] == "ل" and n - i >= 3:
                # لل: ل + the article (its alef dropped); or merged with a stem in ل (للجنة)
                yield prefix, True, 1, i + 1
                yield prefix, True, 0, i
            elif light[i:i + 2] == "ال" and n - i >= 4 and (not p or word[c] != "ل"):
                yield prefix, True, 2, i + 2


@lru_cache(maxsize=300_000)
def segment_light(light: str) -> Segmentation:
    """Segment a word given without diacritics/tatweel but with hamza on alef kept."""
    word = light.translate(_NORM)
    n = len(word)
    if n < 3:
        return Segmentation("", False, word, "", 0, 0)
    lex = lexicon()
    key = word.translate(_FOLD)
    if key in lex.protected:
        return Segmentation("", False, word, "", 0, 0)
    if word.endswith("لله") and n <= 5 and word[:-3] in ("", "و", "ف"):
        # لله = ل + الله (the article's alef and the first lam merge into the written لل)
        prefix = word[:-3] + "ل"
        return Segmentation(prefix, False, "الله", "", len(prefix), 0)

    best = None
    best_score = -1.0
    for prefix, det, det_len, s0 in _candidates(light, word):
        stem = word[s0:]
        if len(stem) < _MIN_STEM:
            continue
        skey = stem.translate(_FOLD)
        if prefix and not det and skey in lex.protected:
            # و + بغداد, ل + لبنان, ب + الله: a protected stem takes no enclitic
            score = 1000.0 * (0.9 ** len(prefix))
            if score > best_score:
                best, best_score = (prefix, det, det_len, stem, ""), score
            continue
        cuts = len(prefix) + (1 if det else 0)
        ev = _stem_evidence(lex, stem, det)
        score = ev * (0.9 ** cuts)
        if score > best_score:
            best, best_score = (prefix, det, det_len, stem, ""), score
        if det:
            continue  # a definite noun takes no pronoun suffix
        whole_known = ev
        for enc in ENCLITICS:
            if len(stem) - len(enc) < _MIN_STEM or not stem.endswith(enc):
                continue
            base = stem[: -len(enc)]
            ev2 = _stem_evidence(lex, base, False)
            if base.endswith("ت"):
                ev_ta = _stem_evidence(lex, base[:-1] + "ة", False)
                if ev_ta > ev2:
                    ev2, base = ev_ta, base[:-1] + "ة"
            if enc in _RARE_ENCLITICS and whole_known >= 2:
                continue
            if lex.counts.get("ال" + skey, 0):  # the whole is known with the article
                continue
            score2 = ev2 * (0.9 ** (cuts + 1))
            if score2 > best_score and ev2 > 2 * whole_known:
                best, best_score = (prefix, det, det_len, base, enc), score2

    if best is None or best_score <= 0:
        return _fallback(light, word)
    prefix, det, det_len, stem, suffix = best
    return Segmentation(prefix, det, stem, suffix, len(prefix), det_len)


def _fallback(light: str, word: str) -> Segmentation:
    """Conservative rules for words the lexicon knows nothing about."""
    lex = lexicon()
    i = 0
    prefix = ""
    n = len(word)
    if word[0] == "و" and n >= 4:
        prefix, i = "و", 1
    elif word[0] == "ف" and light[1:3] == "ال" and n >= 5:
        prefix, i = "ف", 1
    det, det_len = False, 0
    if word[i:i + 1] in ("ب", "ك") and light[i + 1:i + 3] == "ال" and n - i >= 5:
        prefix, i = prefix + word[i], i + 1
    elif word[i:i + 2] == "لل" and n - i >= 4:
        prefix, i, det, det_len = prefix + "ل", i + 2, True, 1
    if not det and light[i:i + 2] == "ال" and n - i >= 4:
        i, det, det_len = i + 2, True, 2
    stem = word[i:]
    if prefix and stem.translate(_FOLD) in lex.protected:
        return Segmentation(prefix, det, stem, "", len(prefix), det_len)
    suffix = ""
    if not det:
        for enc in ENCLITICS:
            if enc in _DEFAULT_ENCLITICS and stem.endswith(enc) and len(stem) - len(enc) >= 3:
                suffix, stem = enc, stem[: -len(enc)]
                if stem.endswith("ت") and len(stem) >= 4:
                    stem = stem[:-1] + "ة"
                break
    return Segmentation(prefix, det, stem, suffix, len(prefix), det_len)


def segment(word: str) -> Segmentation:
    """Segment a *normalised* Arabic word into proclitics, article, stem and enclitic."""
    return segment_light(word)


def clear_cache() -> None:
    segment_light.cache_clear()


__all__ = ["Segmentation", "segment", "segment_light", "is_protected", "lexicon", "ENCLITICS",
           "PROCLITIC_LETTERS", "clear_cache"]
