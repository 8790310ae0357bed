"""Sentence splitting that keeps quotes whole and treats a dateline as its own unit.

Rules, in order:

1. A *dateline* at the very start of the text is a unit of its own (``kind="dateline"``): a
   place of one to three words, optionally an agency in brackets, guillemets or slashes and a
   date, then a separator (``|``, ``-``, ``–``, ``—``, ``ـ``, ``:`` or ``/``) and more text on the
   same line: "بغداد |", "القاهرة - ", "الرياض: ", "(أ ف ب) -", "بيروت (رويترز) -",
   "غزة ـ «الأخبار»:". A short first line that ends with a news agency ("... 10 أغسطس 2015 م
   واس"), and a first line of one or two words alone ("جدة" then a newline), are datelines too. With ``:`` the place may be one or two words only, and a speech verb
   (قال، أكد ...) is never a place.
2. A quotation that opens and closes within one paragraph — «...», “...” or "..." — is never cut,
   whatever full stops, question or exclamation marks it holds (several sentences inside one «»
   stay one unit with the words that introduce them). An unclosed quotation does not protect
   anything.
3. Otherwise a sentence ends after ``.``, ``!``, ``?``, ``؟``, ``؛``-free runs of these marks
   (with closing quotes and brackets that follow) when whitespace or the end of text follows, and
   at every newline. Commas never end a sentence.
4. A full stop does not end a sentence after a one-letter abbreviation (د. م. ص.ب. أ.د.), after
   Latin abbreviations (Mr. Dr. U.S.), inside numbers (3.5 is one token, no whitespace follows), or
   after "م." / "هـ." (the era, after a year) when a date continues ("الموافق", a digit or a
   bracket follows), after "م." not preceded by a year (a title: م. = engineer), and after a list
   number at the start of a line ("1. البند الأول").
   An ellipsis (``...`` or ``…``) ends a sentence only at the end of a line.
"""

from __future__ import annotations

import re

from ..doc import Doc, Sentence

_AR = "\u0621-\u064a\u0671-\u06d3\u064b-\u065f\u0670"
_SEP = r"(?:\||-|–|—|:|/|(?<=[ \t])ـ+(?=[ \t]))"  # ـ only as a free-standing dash, not لـ
_AGENCY = r"""(?:[\(\[][^\)\]\n]{1,40}[\)\]]|«[^»\n]{1,40}»|/[^/\n]{1,30}/|"[^"\n]{1,40}")"""
# an agency alone at the start: "(أ ف ب) -", "/واس/ -" (not «...» -: that is a quotation)
_AGENCY_ALONE = r"(?:[\(\[][^\)\]\n]{1,25}[\)\]]|/[^/\n]{1,25}/)"
# ", 12 أيار (مايو) 2025" / "في 5 مايو"
_DATE = (
    rf"(?:[ \t]*[,،]?[ \t]*(?:في[ \t]+)?[0-9\u0660-\u0669]{{1,2}}[ \t]+[{_AR}]+"
    rf"(?:[ \t]*\([{_AR}]+\))?(?:[ \t]+[0-9\u0660-\u0669]{{4}})?)"
)
DATELINE_RE = re.compile(
    rf"""[ \t\u200e\u200f\ufeff]*
    (?:
      (?P<place>[{_AR}]+(?:[ \t]+[{_AR}]+){{0,2}})
      (?:[ \t]*[,،])?
      (?:[ \t]*{_AGENCY})?
      {_DATE}?
      (?:[ \t]*{_AGENCY})?
      [ \t]*(?P<sep>{_SEP})
      (?:[ \t]*{_AGENCY}[ \t]*{_SEP})?    # "بيروت - (أ ف ب):"
    |
      {_AGENCY_ALONE}[ \t]*(?P<sep2>{_SEP})
    )[ \t]*""",
    re.VERBOSE,
)
_AGENCY_LINE_RE = re.compile(
    r"[^\n]{3,80}?[ \t/(«-](?:واس|رويترز|أ ف ب|ا ف ب|د ب أ|أ ش أ|قنا|وام|بترا|سانا|كونا|بنا|واع|"
    r"الأناضول|الأخبار|فرانس برس|أسوشيتد برس)[)/»]?[ \t]*\n"
)
# a place alone on the first line ("جدة\nأعلنت ..."), one or two words
_PLACE_LINE_RE = re.compile(
    rf"[ \t\u200e\u200f\ufeff]*([{_AR}]{{2,15}}(?:[ \t][{_AR}]{{2,15}})?)[ \t]*\r?\n[ \t]*\S"
)
# first words that are verbs of saying, not places ("قال: ...")
_NOT_PLACE = frozenset((
    "قال", "قالت", "أكد", "أكدت", "اكد", "اكدت", "أعلن", "أعلنت", "اعلن", "اعلنت", "أضاف",
    "أضافت", "اضاف", "اضافت", "أوضح", "أوضحت", "اوضح", "أشار", "أشارت", "اشار", "اشارت", "ذكر",
    "ذكرت", "صرح", "صرحت", "نفى", "نفت", "وقال", "وقالت", "وأكد", "وأضاف", "تابع", "وتابع",
    "كتب", "كتبت", "عاجل", "خاص", "تقرير", "تحليل", "مقال", "رأي", "تنويه", "ملاحظة", "تحديث",
    "المصدر", "المصادر", "السؤال", "الجواب",
))

# Abbreviations after which a full stop does not end a sentence.
ABBREVIATIONS = frozenset(
    {"د", "أ", "ا", "أ.د", "ا.د", "ص", "ص.ب", "ب", "ج", "ق", "ت", "ش", "ع", "س", "ف", "ك", "ن",
     "Mr", "Mrs", "Ms", "Dr", "St", "Jr", "Sr", "Prof", "U.S", "U.N", "No", "vs", "etc", "Inc", "Co",
     "Ltd", "Gen", "Col", "Lt", "Sgt", "e.g", "i.e"}
)
_ERA = frozenset({"م", "هـ", "ه"})

_QUOTE_RE = re.compile(r'[«»“”"\n]')
_BLANK_RE = re.compile(r"[ \t\r\u00a0]*\n")
_BREAK_RE = re.compile(r"[.!?؟…\n][.!?؟…]*[»”\"')\]]*")  # checked for a following space below
_WORD_BEFORE_RE = re.compile(r"[^\s«\"(\[]*\Z")
_MAX_QUOTE = 2000  # a quotation longer than this (characters) does not block splitting


class SentenceSplitter:
    name = "sentences"
    reads: tuple[str, ...] = ()
    sets: tuple[str, ...] = ("sentences",)

    def __call__(self, doc: Doc) -> Doc:
        doc.sentences = split_sentences(doc.text)
        return doc


def find_dateline(text: str) -> tuple[int, int] | None:
    """(start, end) of the dateline at the start of ``text``, or ``None``."""
    m = DATELINE_RE.match(text)
    if m is not None:
        sep = m.group("sep") or m.group("sep2")
        place = m.group("place")
        body_start = len(m.group(0)) - len(m.group(0).lstrip(" \t\u200e\u200f\ufeff"))
        body_end = m.end()
        rest = text[body_end:body_end + 1]
        ok = rest not in ("", "\n", "\r")
        if ok and place is not None:
            words = place.split()
            if words[0] in _NOT_PLACE or (sep == ":" and len(words) > 2):
                ok = False
        if ok and sep == "/" and place is not None and m.group(0).count("/") < 2 and "(" not in m.group(0):
            ok = False  # "بغداد/" alone is too weak; "عمان /بترا/ -" passes through _AGENCY
        if ok:
            end = body_end
            while end > body_start and text[end - 1] in " \t":
                end -= 1
            if end - body_start <= 80:
                return body_start, end
    m1 = _PLACE_LINE_RE.match(text)
    if m1 is not None and m1.group(1).split()[0] not in _NOT_PLACE:
        return m1.start(1), m1.end(1)
    m2 = _AGENCY_LINE_RE.match(text)
    if m2 is not None:
        line = m2.group(0)
        start = len(line) - len(line.lstrip())
        end = m2.end() - 1
        while end > start and text[end - 1] in " \t\r":
            end -= 1
        if text[start:end].split()[0] not in _NOT_PLACE and "." not in text[start:end]:
            return start, end
    return None


def quote_regions(text: str) -> list[tuple[int, int]]:
    """Outermost quotations (start of the opening mark, end after the closing mark) that open
    and close within one paragraph."""
    regions: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    for m in _QUOTE_RE.finditer(text):
        ch = m.group()
        pos = m.start()
        if ch == "«" or ch == "“":
            stack.append(("»" if ch == "«" else "”", pos))
        elif ch == "»" or ch == "”":
            for k in range(len(stack) - 1, -1, -1):
                if stack[k][0] == ch:
                    opened = stack[k][1]
                    del stack[k:]
                    if not stack and pos + 1 - opened <= _MAX_QUOTE:
                        regions.append((opened, pos + 1))
                    break
        elif ch == '"':
            for k in range(len(stack) - 1, -1, -1):
                if stack[k][0] == '"':
                    opened = stack[k][1]
                    del stack[k:]
                    if not stack and pos + 1 - opened <= _MAX_QUOTE:
                        regions.append((opened, pos + 1))
                    break
            else:
                stack.append(('"', pos))
        elif stack and _BLANK_RE.match(text, pos + 1):
            stack.clear()  # blank line: a paragraph ends, open quotations are dropped
    return regions


def split_sentences(text: str) -> list[Sentence]:
    out: list[Sentence] = []
    pos = 0
    dl = find_dateline(text)
    if dl is not None:
        out.append(Sentence(dl[0], dl[1], text[dl[0]:dl[1]], "dateline"))
        pos = dl[1]
    regions = quote_regions(text) if ('"' in text or "«" in text or "“" in text) else []
    ri = 0
    nreg = len(regions)
    start = pos
    n = len(text)
    for m in _BREAK_RE.finditer(text, pos):
        b = m.start()
        tok = m.group()
        if tok[0] == "\n":
            end = b + 1
        else:
            end = m.end()
            if end < n and not text[end].isspace():
                continue  # 3.5, ص.ب, www.site.sa, "!»" glued to the next word
        while ri < nreg and regions[ri][1] <= b:
            ri += 1
        if ri < nreg and regions[ri][0] < b:
            continue  # inside a quotation
        if tok[0] == ".":
            if tok.startswith("..."):
                if not _line_ends(text, end):
                    continue
            elif _no_break_dot(text, b, end):
                continue
        elif tok[0] == "…" and not _line_ends(text, end):
            continue
        _emit(text, start, end, out)
        start = end
    _emit(text, start, len(text), out)
    return out


def _line_ends(text: str, i: int) -> bool:
    n = len(text)
    while i < n and text[i] in " \t\r":
        i += 1
    return i >= n or text[i] == "\n"


def _no_break_dot(text: str, i: int, end: int) -> bool:
    """True if the full stop at ``i`` belongs to an abbreviation."""
    m = _WORD_BEFORE_RE.search(text, max(0, i - 12), i)
    word = m.group() if m else ""
    if word in _ERA:
        before = text[max(0, i - 16):i - len(word)].rstrip()
        if not before or not before[-1].isdigit():
            return True  # not after a year: a title ("م. خالد" = engineer Khalid)
        # "عام 1436 هـ. الموافق ..." continues; "... عام 2015 م. وقال" ends
        j = end
        n = len(text)
        while j < n and text[j] in " \t":
            j += 1
        return text.startswith("الموافق", j) or (j < n and (text[j].isdigit() or text[j] in "(/-"))
    if word.isdigit() and len(word) <= 3:
        # a list number at the start of a line: "1. البند الأول"
        j = i - len(word)
        while j > 0 and text[j - 1] in " \t":
            j -= 1
        if j == 0 or text[j - 1] == "\n":
            return True
    return word in ABBREVIATIONS or (len(word) == 1 and word.isalpha())


def _emit(text: str, start: int, end: int, out: list[Sentence]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, text[start:end]))


__all__ = [
    "ABBREVIATIONS",
    "DATELINE_RE",
    "SentenceSplitter",
    "find_dateline",
    "quote_regions",
    "split_sentences",
]
