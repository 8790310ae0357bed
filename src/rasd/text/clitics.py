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
- the best supported candidate wins, fewer cuts winning ties (و costs nothing; ف and ك before a
  bare noun are penalised, ك needs four letters after it: كيري stays whole); a stem the lexicon
  does not know backs off to its form without an inflectional ending (واضافت -> اضاف); an
  enclitic is cut only when the word is not itself known with the article (الاتجاه proves اتجاه
  whole), and a stem's last letter is restored before it (حكومته -> حكومة، مستواه -> مستوى);
- with no lexical evidence at all, conservative rules apply: و and the article are cut, ب ل ك ف
  only before the article, س never, and ه ها هم هما هن only when three letters remain.

The whole-word list has two parts: words that are also trusted as stems after a proclitic
(و + بغداد) and, after ``# @whole-only``, words kept whole that are not (لها، عليه: كلها is
كل + ها, not ك + لها).

``segment(word)`` takes a normalised word (``rasd.text.norm``). ``segment_light(word)`` takes the
word with diacritics and tatweel removed but hamza on alef kept, so that أ/إ/آ at the start of a
word is never read as the article (ألمانيا، إلى).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache

from ..errors import Errors, RasdError
from ..resources import resource_path
from .normalize import MAP_RE, fold_normalised, translation_table

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
    stem: str  # without clitics or article; before an enclitic ت->ة, ا->ى, ؤ/ئ->ء when known
    suffix: str  # enclitic pronoun
    pre_len: int  # length of ``prefix`` in normalised characters
    det_len: int  # normalised characters taken by the article (2 for ال, 1 for لل, 0 if merged)


class Lexicon:
    """Word evidence (folded forms) and the whole-word list, read once per process on first use.

    ``unit[s]``: evidence that ``s`` occurs as a unit whose first letter is a root letter;
    ``det[s]``: evidence that ``s`` occurs after the article. Both are computed once from the
    word counts, so that scoring a candidate costs one dict lookup.
    """

    def __init__(self, counts: dict[str, int], names: dict[str, int], protected: frozenset[str],
                 whole_only: frozenset[str] = frozenset()):
        self.counts = counts
        self.names = names
        self.protected = protected  # whole words, and stems after a proclitic (و + بغداد)
        self.whole_only = whole_only  # kept whole, but no evidence as a stem (لها، عليه)
        self.unit, self.det, self.after_article = _evidence_tables(counts, names, protected)

    @classmethod
    def load(cls) -> Lexicon:
        counts: dict[str, int] = {}
        names: dict[str, int] = {}
        protected: set[str] = set()
        whole_only: set[str] = set()
        path = resource_path("text", "lexicon.tsv")
        try:
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
            path = resource_path("text", "protected.txt")
            target = protected
            with path.open(encoding="utf-8") as fh:
                for line in fh:
                    if line.startswith("# @whole-only"):
                        target = whole_only
                    elif not line.startswith("#"):
                        target.update(w.translate(_FOLD) for w in line.split())
        except (OSError, ValueError, IndexError) as exc:
            raise RasdError(Errors.E150, path=str(path), reason=repr(exc)) from exc
        return cls(counts, names, frozenset(protected), frozenset(whole_only))


_DEF_PREFIXES = ("وال", "بال", "فال", "كال", "ال", "لل")


def _evidence_tables(counts: dict[str, int], names: dict[str, int],
                     protected: frozenset[str]) -> tuple[dict[str, float], ...]:
    # per folded form: [alone, after the article, after ب/ك, after ل, after و/ف]
    stats: dict[str, list[float]] = {}

    def add(key: str, slot: int, c: int) -> None:
        row = stats.get(key)
        if row is None:
            row = stats[key] = [0, 0, 0, 0, 0]
        row[slot] += c

    for f, c in counts.items():
        add(f, 0, c)
        for pre in _DEF_PREFIXES:
            if f.startswith(pre) and len(f) > len(pre) + 1:
                add(f[len(pre):], 1, c)
                break
        first = f[0]
        if len(f) > 2:
            if first in "بك":
                add(f[1:], 2, c)
            elif first == "ل":
                add(f[1:], 3, c)
            elif first in "وف":
                add(f[1:], 4, c)
    unit: dict[str, float] = {}
    det: dict[str, float] = {}
    after_article: dict[str, float] = {}
    for s, (alone, after_art, after_bk, after_l, after_wf) in stats.items():
        det[s] = after_art + alone
        if after_art:
            after_article[s] = after_art
        if s.startswith("ال"):
            # seen alone it is most likely the article: weak evidence for a whole word
            ev = 0.1 * alone
        elif s[0] in PROCLITIC_LETTERS:
            ev = after_art
            if s[0] in "وفبك":
                # a preposition cannot precede a conjunction, nor another preposition
                ev += after_bk + after_l
            elif s[0] == "ل":
                ev += after_bk
            # alone: weak, it may itself be cliticised (و above all: واضاف is و + اضاف)
            ev += 3 * names.get(s, 0) + (0.05 if s[0] == "و" else 0.1) * alone
        else:
            ev = after_art + alone
        unit[s] = ev
    for s in protected:
        unit[s] = unit.get(s, 0.0) + 1000.0
    return unit, det, after_article


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
    key = word.translate(_FOLD)
    lex = lexicon()
    return key in lex.protected or key in lex.whole_only


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
            # future س before ي ت ن only: ساعد، ساهم، سابك are far more common than سأعمل
            if ch in "بلك" or (ch == "س" and word[c + 1:c + 2] in ("ي", "ت", "ن") and n - c >= 4):
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


_MAY_START = frozenset("وفبلكسا")
# last letter of a stem before an enclitic -> (its form at the end of the word, folded key)
_RESTORE = {"ت": ("ة", "ه"), "ا": ("ى", "ي"), "ؤ": ("ء", "ء"), "ئ": ("ء", "ء")}
# two-letter stems that may remain after a proclitic (function words): وقد، فان، بما، ولم، وهو
_SHORT_STEMS = frozenset(["ان", "ما", "من", "لا", "قد", "هو", "هي", "هم", "لم", "لن", "في", "عن", "مع", "لو", "ذا", "اي", "كل", "ثم", "الا", "او", "يد", "ام", "اب"])
_MAY_END = frozenset("هاكمن")
# 0.9 ** k, the cost of k cuts (a table: the same floats, no power computed per candidate)
_DECAY = tuple(0.9 ** k for k in range(8))
# the enclitics a word may end with, by its last letter (in ENCLITICS order)
_ENCS_BY_LAST = {c: tuple(e for e in ENCLITICS if e[-1] == c) for c in _MAY_END}


@lru_cache(maxsize=100_000)
def segment_light(light: str) -> Segmentation:
    """Segment a word given without diacritics/tatweel but with hamza on alef kept."""
    return Segmentation(*segment_tuple(light))


def segment_tuple(light: str, word: str | None = None) -> tuple[str, bool, str, str, int, int]:
    """:func:`segment_light` as a plain tuple (prefix, det, stem, suffix, pre_len, det_len),
    uncached: the tokenizer caches whole tokens itself. ``word`` is ``norm(light)`` when the
    caller has it already."""
    if word is None:
        word = light.translate(_NORM) if MAP_RE.search(light) else light
    n = len(word)
    if n < 3:
        return ("", False, word, "", 0, 0)
    lex = lexicon()
    key = fold_normalised(word)
    if key in lex.protected or key in lex.whole_only:
        return ("", False, word, "", 0, 0)
    if word.endswith("لله") and n <= 5 and word[:-3] in ("", "و", "ف"):
        # لله = ل + الله (the article's alef and the first lam merge into the written لل)
        prefix = word[:-3] + "ل"
        return (prefix, False, "الله", "", len(prefix), 0)

    if key[0] not in PROCLITIC_LETTERS and light[:2] != "ال" and word[-1] not in _MAY_END:
        return ("", False, word, "", 0, 0)
    if light[0] == "ا" and light[1] == "ل" and n >= 4:
        # the article, unless the word itself is seen after the article: الالغاء، الالتزام
        # prove that الغاء (إلغاء) and التزام begin with a root alef-lam. A definite noun takes
        # no enclitic (الفهم is not الف + هم).
        art = lex.after_article.get(key, 0.0)
        if art and 3 * art >= lex.counts.get(key, 0):  # (الالام for الآلام: not الام, the mother)
            return ("", False, word, "", 0, 0)
        return ("", True, word[2:], "", 0, 2)
    unit = lex.unit.get
    dev = lex.det.get
    protected = lex.protected
    # (on the normalised word: ة is not the pronoun ه)
    encs = _ENCS_BY_LAST.get(word[-1])
    if encs:
        encs = tuple(filter(word.endswith, encs))  # (in C: no comprehension frame per word)
    best = None
    best_score = -1.0
    for prefix, det, det_len, s0 in _candidates(light, word):
        stem = word[s0:]
        if len(stem) < _MIN_STEM:
            continue
        skey = key[s0:]
        if prefix and not det and skey in protected:
            # و + بغداد, ل + لبنان, ب + الله: a protected stem takes no enclitic
            score = 1e6 * _DECAY[len(prefix)]
            # ل + لجنة is written like ل + ال + لجنة; read the article when the noun takes it
            merged = prefix[-1] == "ل" and skey[0] == "ل" and skey in lex.after_article
            if score > best_score:
                best, best_score = (prefix, merged, 0, stem, ""), score
            continue
        if len(stem) == 2 and prefix and skey not in _SHORT_STEMS:
            continue
        cuts = len(prefix) + (1 if det else 0)
        ev = dev(skey, 0.0) if det else unit(skey, 0.0)
        if prefix and not det:
            last = prefix[-1]
            first = skey[0]
            if last in "بلك" and (first in "وفبك" or (first == "ل" and last != "ل")):
                # the word itself counted as "ب + stem": not evidence for its own cut (بلغت)
                ev = max(0.0, ev - lex.counts.get(last + skey, 0))
            if ev == 0.0 and not skey.startswith("ال"):
                ev = _backoff(unit, skey)
        elif det and ev == 0.0:
            ev = _backoff(dev, skey)
        elif ev == 0.0 and not skey.startswith("ال"):
            ev = _backoff(unit, skey)  # the whole word: لقاءات backs off to لقاء
        # each cut costs a little (fewer cuts win ties); the conjunction و costs nothing
        score = ev * _DECAY[cuts - (1 if prefix[:1] == "و" else 0)]
        if prefix and not det:
            # ك and ف before a bare noun are rarer than words that begin with those letters
            last = prefix[-1]
            if last == "ك":
                if len(stem) < 4:
                    continue  # كيري، كلود: names, not ك + a three-letter stem
                score *= 0.3
            elif last == "ف":
                score *= 0.5
        if score > best_score:
            best, best_score = (prefix, det, det_len, stem, ""), score
        if det or not encs:
            continue  # a definite noun takes no pronoun suffix
        # a word seen with the article takes no pronoun suffix (الاتجاه: اتجاه is whole),
        # unless the cut stem is far better known (one stray القراره against قرار)
        art = lex.after_article.get(skey, 0.0)
        for enc in encs:
            k = len(enc)
            if len(stem) - k < _MIN_STEM:
                continue
            if enc in _RARE_ENCLITICS and ev >= 2:
                continue
            base = stem[:-k]
            bkey = skey[:-k]
            if prefix and len(base) == 2 and bkey not in _SHORT_STEMS:
                continue
            ev2 = unit(bkey, 0.0)
            restored = _RESTORE.get(base[-1:])
            if restored is not None:
                # the stem's last letter changes before a pronoun: حكومة -> حكومته,
                # مستوى -> مستواه, أبناء -> أبناؤه / أبنائه
                letter, fkey = restored
                ev_r = unit(bkey[:-1] + fkey, 0.0)
                if ev_r > ev2:
                    ev2, base = ev_r, base[:-1] + letter
            score2 = ev2 * _DECAY[cuts + 1 - (1 if prefix[:1] == "و" else 0)]
            if score2 > best_score and ev2 > 2 * ev and ev2 > 10 * art:
                best, best_score = (prefix, det, det_len, base, enc), score2

    if best is None or best_score <= 0:
        return _fallback(light, word)
    prefix, det, det_len, stem, suffix = best
    return (prefix, det, stem, suffix, len(prefix), det_len)


# inflectional endings tried when a stem is unknown: واضافت -> اضاف, وقالوا -> قال
_INFLECTIONS = ("ات", "ون", "ين", "وا", "ان", "ت")


def _backoff(unit, skey: str) -> float:
    """Half the evidence of ``skey`` without an inflectional ending (0.0 if none is known)."""
    if not skey.endswith(_INFLECTIONS):  # most stems: one C call, no loop
        return 0.0
    for suf in _INFLECTIONS:
        if skey.endswith(suf) and len(skey) - len(suf) >= 3:
            ev = unit(skey[: -len(suf)], 0.0)
            if ev:
                return 0.5 * ev
    return 0.0


def _fallback(light: str, word: str) -> tuple[str, bool, str, str, int, int]:
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
        return (prefix, det, stem, "", len(prefix), det_len)
    suffix = ""
    if not det:
        for enc in ENCLITICS:
            if enc in _DEFAULT_ENCLITICS and stem.endswith(enc) and len(stem) - len(enc) >= 3:
                suffix, stem = enc, stem[: -len(enc)]
                break
    return (prefix, det, stem, suffix, len(prefix), det_len)


def segment(word: str) -> Segmentation:
    """Segment a *normalised* Arabic word into proclitics, article, stem and enclitic."""
    return segment_light(word)


def clear_cache() -> None:
    segment_light.cache_clear()


__all__ = [
    "ENCLITICS",
    "PROCLITIC_LETTERS",
    "Segmentation",
    "clear_cache",
    "is_protected",
    "lexicon",
    "segment",
    "segment_light",
    "segment_tuple",
]
