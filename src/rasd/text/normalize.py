"""Offset-preserving normalisation of Arabic text for matching.

``normalize(text)`` returns a :class:`NormText`: the normalised string and a map from each of its
characters back to the original text, so any match in the normalised string becomes a span of
the original with :meth:`NormText.to_original`.

What is done:
- removed: Arabic diacritics (tashkeel, U+064B-U+065F, U+0670), tatweel (U+0640), Quranic marks,
  bidi controls (LRM, RLM, embeddings, isolates), ZWJ/ZWNJ, ZWSP, BOM, soft hyphen;
- one to one: أ إ آ ٱ -> ا; Eastern Arabic (٠-٩) and Persian (۰-۹) digits -> ASCII; ، -> ,
  ؛ -> ; ؟ -> ?; NBSP and other spaces -> space; Persian ی ک -> ي ك;
- optional folds (the matcher asks for them): ى -> ي (``fold_ya``), ة -> ه (``fold_ta``).
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass

_MARK_CHARS = "\u064b-\u065f\u0670\u0640\u06d6-\u06ed\u0610-\u061a\u08d3-\u08e1\u08e3-\u08ff"
_REMOVE_CHARS = (
    _MARK_CHARS  # diacritics, tatweel, Quranic marks
    + "\u200b-\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff\u00ad"  # ZW*, bidi, ALM, BOM, SHY
)
REMOVE_RE = re.compile(f"[{_REMOVE_CHARS}]+")
# marks written on a letter (and ZWJ/ZWNJ inside a word): a span ending on the letter takes them
MARKS_RE = re.compile(f"[{_MARK_CHARS}\u200c\u200d]+")

_BASE_MAP = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
    "،": ",", "؛": ";", "؟": "?", "٪": "%", "٫": ".", "٬": ",",
    "\u00a0": " ", "\u2000": " ", "\u2001": " ", "\u2002": " ", "\u2003": " ", "\u2004": " ",
    "\u2005": " ", "\u2006": " ", "\u2007": " ", "\u2008": " ", "\u2009": " ", "\u200a": " ",
    "\u202f": " ", "\u205f": " ", "\u3000": " ",
    "ی": "ي", "ک": "ك", "ى\u0654": "ى",
}
for _i in range(10):
    _BASE_MAP[chr(0x0660 + _i)] = str(_i)
    _BASE_MAP[chr(0x06F0 + _i)] = str(_i)

_TABLES: dict[tuple[bool, bool], dict[int, str]] = {}


def translation_table(fold_ya: bool = False, fold_ta: bool = False) -> dict[int, str]:
    key = (fold_ya, fold_ta)
    table = _TABLES.get(key)
    if table is None:
        mapping = {k: v for k, v in _BASE_MAP.items() if len(k) == 1}
        if fold_ya:
            mapping["ى"] = "ي"
        if fold_ta:
            mapping["ة"] = "ه"
        table = _TABLES[key] = str.maketrans(mapping)
    return table


_BASE_TABLE = translation_table()


@dataclass(slots=True)
class NormText:
    """A normalised string with the offset of each of its characters in the original."""

    text: str
    original: str
    offsets: array | None  # None means identity (nothing was removed)

    def orig_index(self, i: int) -> int:
        """Original offset of normalised character ``i`` (``i == len`` maps to the end)."""
        if self.offsets is None:
            return i
        if i >= len(self.text):
            return len(self.original)
        return self.offsets[i]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised span ``[start, end)`` to the original text.

        The result covers the original characters from the first to the last normalised
        character, so removed marks inside the span are kept and none outside it is added.
        """
        if self.offsets is None:
            return start, end
        if end <= start:
            s = self.orig_index(start)
            return s, s
        s = self.offsets[start]
        e = self.offsets[end - 1] + 1
        # take the marks (diacritics, tatweel) written on the last character; they never reach
        # the next normalised character, and bidi/zero-width spaces are not taken
        m = MARKS_RE.match(self.original, e)
        if m is not None:
            e = m.end()
        return s, e


def normalize(text: str, *, fold_ya: bool = False, fold_ta: bool = False) -> NormText:
    """Normalise ``text`` for matching, keeping a map back to the original offsets."""
    table = translation_table(fold_ya, fold_ta)
    if REMOVE_RE.search(text) is None:
        return NormText(text.translate(table), text, None)
    pieces: list[str] = []
    offsets = array("i")
    pos = 0
    for m in REMOVE_RE.finditer(text):
        s = m.start()
        if s > pos:
            pieces.append(text[pos:s])
            offsets.extend(range(pos, s))
        pos = m.end()
    if pos < len(text):
        pieces.append(text[pos:])
        offsets.extend(range(pos, len(text)))
    return NormText("".join(pieces).translate(table), text, offsets)


def normalized(doc, *, fold_ya: bool = False, fold_ta: bool = False) -> NormText:
    """``normalize(doc.text)``, computed once per document and kept in ``doc._cache``, so that
    several components matching on the normalised text share one pass."""
    key = ("norm", fold_ya, fold_ta)
    cache = doc._cache
    nt = cache.get(key)
    if nt is None or nt.original is not doc.text:
        nt = cache[key] = normalize(doc.text, fold_ya=fold_ya, fold_ta=fold_ta)
    return nt


# characters the base table changes (str.translate is skipped for words without any)
MAP_RE = re.compile("[" + re.escape("".join(k for k in _BASE_MAP if len(k) == 1)) + "]")


def norm(text: str, *, fold_ya: bool = False, fold_ta: bool = False) -> str:
    """The normalised string only (for lexicon keys)."""
    if REMOVE_RE.search(text) is not None:
        text = REMOVE_RE.sub("", text)
    if MAP_RE.search(text) is not None:
        text = text.translate(_BASE_TABLE)
    if fold_ya and "ى" in text:
        text = text.replace("ى", "ي")
    if fold_ta and "ة" in text:
        text = text.replace("ة", "ه")
    return text


def fold(text: str) -> str:
    """The strongest matching key: normalised, with ى->ي and ة->ه folded."""
    return norm(text, fold_ya=True, fold_ta=True)


def fold_normalised(text: str) -> str:
    """``fold(text)`` for a string that is normalised already (a token's norm or stem: the
    stem is a piece of the norm or a restored ة / ى / ء / "الله"): only ى -> ي and ة -> ه are
    left, and two ``str.replace`` cost less than ``fold()``'s searches and ``str.translate``."""
    if "ى" in text:
        text = text.replace("ى", "ي")
    if "ة" in text:
        text = text.replace("ة", "ه")
    return text


ARABIC_LETTER_RE = re.compile("[\u0621-\u063f\u0641-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06fa-\u06ff]")
_LETTER_RE = re.compile(r"[^\W\d_]")


def _byte_table(ok) -> bytes:
    return bytes(1 if ok(i) else 0 for i in range(256))


# UTF-16-BE: high byte and low byte of each character, mapped to 1/0 flags
_HI_ARABIC = _byte_table(lambda i: i == 0x06)
_HI_BASIC = _byte_table(lambda i: i == 0x00)
# blocks that hold no letters we count specially: general punctuation, surrogates (emoji)
_HI_OTHER = _byte_table(lambda i: i not in (0x00, 0x06, 0x20) and not 0xD8 <= i <= 0xDF)
_LO_ARABIC_LETTER = _byte_table(
    lambda i: 0x21 <= i <= 0x3F or 0x41 <= i <= 0x4A or i in (0x6E, 0x6F) or 0x71 <= i <= 0xD3
    or i == 0xD5 or i >= 0xFA
)
_LO_LATIN_LETTER = _byte_table(
    lambda i: 0x41 <= i <= 0x5A or 0x61 <= i <= 0x7A or i in (0xAA, 0xB5, 0xBA)
    or (0xC0 <= i <= 0xFF and i not in (0xD7, 0xF7))
)


def _count(hi: bytes, lo: bytes, hi_table: bytes, lo_table: bytes | None) -> int:
    h = int.from_bytes(hi.translate(hi_table), "big")
    if lo_table is not None:
        h &= int.from_bytes(lo.translate(lo_table), "big")
    return h.bit_count()


def arabic_share(text: str) -> float:
    """Share of letters in ``text`` that are Arabic script (0.0 for a text with no letters).

    Counted with byte operations on the UTF-16 form (a few microseconds for an article); texts
    with letters outside Arabic and Latin-1 are counted exactly with ``str.isalpha`` rules.
    """
    if not text:
        return 0.0
    b = text.encode("utf-16-be", "surrogatepass")
    hi, lo = b[0::2], b[1::2]
    if _count(hi, lo, _HI_OTHER, None) == 0:
        arabic = _count(hi, lo, _HI_ARABIC, _LO_ARABIC_LETTER)
        letters = arabic + _count(hi, lo, _HI_BASIC, _LO_LATIN_LETTER)
    else:
        letters = len(_LETTER_RE.findall(text))
        arabic = len(ARABIC_LETTER_RE.findall(text))
    if letters == 0:
        return 0.0
    return min(1.0, arabic / letters)
