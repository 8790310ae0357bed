"""Sentence splitting that keeps quotes whole and treats a dateline as its own unit."""

from __future__ import annotations

import re

from ..doc import Doc, Sentence

# "بغداد |", "القاهرة - ", "الرياض: ", "(أ ف ب) -", "بيروت (رويترز) -", "غزة ـ «الأخبار»:"
DATELINE_RE = re.compile(
    r"""\A\s*
    (?:
      (?:[\u0600-\u06ff]+(?:[ \t]+[\u0600-\u06ff]+){0,2})      # one to three words: the place
      (?:[ \t]*[\(\[][^\)\]\n]{1,40}[\)\]])?                     # optional (agency)
      (?:[ \t]*,?[ \t]*\d{1,2}[ \t]+[\u0600-\u06ff]+(?:[ \t]+\d{4})?)?  # optional date
      [ \t]*(?:\||-|–|—|ـ|:)[ \t]*
    |
      [\(\[][^\)\]\n]{1,40}[\)\]][ \t]*(?:-|–|—|ـ|:)[ \t]*     # "(أ ف ب) -"
    )""",
    re.VERBOSE,
)

_OPEN = {"«": "»", "“": "”", "\"": "\""}
_ENDERS = ".!?؟…"
# Abbreviations after which a full stop does not end a sentence (normalised, without the dot).
ABBREVIATIONS = frozenset(
    {"د", "م", "ه", "هـ", "ق", "ص", "ج", "ت", "أ", "ا", "ش", "ع", "Mr", "Dr", "St", "Jr", "U.S", "No"}
)


class SentenceSplitter:
    name = "sentences"
    reads: tuple[str, ...] = ()
    sets: tuple[str, ...] = ("sentences",)

    def __call__(self, doc: Doc) -> Doc:
        doc.sentences = split_sentences(doc.text)
        return doc


def _dateline(text: str) -> tuple[int, int] | None:
    m = DATELINE_RE.match(text)
    if not m:
        return None
    body = m.group(0).strip()
    # A dateline is short and is followed by more text on the same line.
    if len(body) > 60 or m.end() >= len(text) or text[m.end():m.end() + 1] in ("\n", ""):
        return None
    start = len(m.group(0)) - len(m.group(0).lstrip())
    return start, start + len(body)


def split_sentences(text: str) -> list[Sentence]:
    out: list[Sentence] = []
    n = len(text)
    pos = 0
    dl = _dateline(text)
    if dl is not None:
        out.append(Sentence(dl[0], dl[1], text[dl[0]:dl[1]], "dateline"))
        pos = dl[1]
    start = pos
    stack: list[str] = []
    i = pos
    while i < n:
        ch = text[i]
        if stack and ch == stack[-1]:
            stack.pop()
        elif ch in _OPEN and not (ch == "\"" and stack and stack[-1] == "\""):
            if len(stack) < 8:
                stack.append(_OPEN[ch])
        elif ch == "\n":
            if not stack or (i + 1 < n and text[i + 1] == "\n"):
                _emit(text, start, i, out)
                start = i + 1
                stack.clear()
        elif ch in _ENDERS and not stack:
            j = i + 1
            while j < n and (text[j] in _ENDERS or text[j] in "»”\"')"):
                j += 1
            if ch == "." and _no_break_dot(text, i):
                i += 1
                continue
            if j >= n or text[j].isspace():
                _emit(text, start, j, out)
                start = j
                i = j
                continue
        i += 1
    _emit(text, start, n, out)
    return out


def _no_break_dot(text: str, i: int) -> bool:
    # digits on both sides: 3.5
    if i > 0 and i + 1 < len(text) and text[i - 1].isdigit() and text[i + 1].isdigit():
        return True
    # an abbreviation: a short word before the dot
    j = i
    while j > 0 and not text[j - 1].isspace() and text[j - 1] not in "«(\"":
        j -= 1
    word = text[j:i]
    return word in ABBREVIATIONS


def _emit(text: str, start: int, end: int, out: list[Sentence]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, text[start:end]))
