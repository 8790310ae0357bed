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


def norm(text: str, *, fold_ya: bool = False, fold_ta: bool = False) -> str:
    """The normalised string only (for lexicon keys)."""
    return REMOVE_RE.sub("", text).translate(translation_table(fold_ya, fold_ta))


def fold(text: str) -> str:
    """The strongest matching key: normalised, with ى->ي and ة->ه folded."""
    return norm(text, fold_ya=True, fold_ta=True)


ARABIC_LETTER_RE = re.compile("[\u0621-\u063f\u0641-\u064a\u0671-\u06d3\u06d5\u06fa-\u06ff]")
_LETTER_RE = re.compile(r"[^\W\d_]")


def arabic_share(text: str) -> float:
    """Share of letters in ``text`` that are Arabic script (0.0 for a text with no letters)."""
    letters = len(_LETTER_RE.findall(text))
    if letters == 0:
        return 0.0
    return min(1.0, len(ARABIC_LETTER_RE.findall(text)) / letters)
