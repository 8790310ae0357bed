"""Arabic date expressions, resolved to ISO dates against the publication date.

The component reads the token layer and fills ``doc.dates`` with :class:`~rasd.doc.DateMention`
objects. :func:`resolve` does the same for a bare text and a publication date.

What is recognised (rules and a lexicon in ``rasd/resources/dates/lexicon.json``):

- absolute dates with Levantine/Iraqi (أيار، تشرين الأول), Egyptian/Gulf (مايو) and Maghrebi
  (ماي، جوان، أوت) month names, paired forms ("أيار/مايو", "أيار (مايو)"), ASCII or Eastern
  digits, ordinal day words ("الخامس من حزيران"), an optional weekday ("يوم الجمعة 14 مارس 2025"),
  numeric dates (14/3/2025, 2025-03-14, 6 / 10 / 1436هـ);
- Hijri dates ("15 رمضان 1445 هـ", "غرة شوال", "شهر رمضان المقبل") converted with hijridate
  (Umm al-Qura);
- lists and ranges ("أيام 23 و24 و25 من شهر أيار الماضي", "بين 3 و5 حزيران",
  "من 28 شباط إلى 3 آذار");
- relative expressions: اليوم، أمس، أول أمس، أمس الأول، غداً، بعد غد، الليلة (الماضية), a weekday
  alone or with الماضي/المقبل/قبل الماضي, an appositive weekday ("أمس الجمعة", "اليوم (الأحد)"),
  الأسبوع/الشهر/العام الماضي/المقبل/الجاري/قبل الماضي, هذا العام, منذ/قبل/بعد + a count and a
  unit ("منذ ثلاثة أيام", "قبل أسبوعين", "منذ نحو شهرين"), windows ("خلال الأيام الماضية",
  "خلال الـ24 ساعة الماضية"), a day of a relative month ("العاشر من الشهر الجاري", "21 من الشهر
  نفسه", "19 منه");
- months and years alone (with a guard against words that are also month names: آب، ماي، تموز
  and friends need a day, a year, "شهر", a paired name or a marker);
- parts of the day (فجر، صباح، ظهر، عصر، مساء، ليل، منتصف الليل) are kept in ``qualifier``;
  "عشية X" is the evening before X.

Guards: a day and month naming something ("قوى 14 آذار", "ثورة 25 يناير", "شارع 14 رمضان"),
recurring dates ("23 سبتمبر من كل عام"), counts of an event ("بعد ثلاثة أيام من الهجوم"),
"اليوم" before an adjective ("اليوم الوطني") and look-alike words (أبي، ماي، مارس as a verb) give
no date.

Spans cover the whole expression ("فجر أمس", "يوم الجمعة 14 مارس 2025", "بين 3 و5 حزيران").
A leading conjunction or preposition glued to the first word (و ف ب ل ك) is left out of the
span: "وأمس" gives "أمس", "بالأمس" gives "الأمس" (a لل+article form such as "للعام الماضي" is kept
whole, and an article glued to a number is kept: "الـ24 من أيار"). A separate preposition in front (في، منذ
before a date) is left out, except where it makes the meaning: منذ/قبل/بعد before a count
("منذ ثلاثة أيام"), خلال/طوال before a window, بين/من before a range.

Values (``value_start``..``value_end``, inclusive) and ``precision``:

- day: one day or a range of days;
- week: "الأسبوع الماضي/المقبل/الجاري" is that ISO week (Monday to Sunday); "قبل أسبوع" is the
  day seven days before publication, known to about a week; "خلال الأيام الماضية" is the seven
  days up to publication ("قبل أيام": the seven days before it);
- month: a calendar month (Hijri months are converted to their Gregorian days); "قبل شهرين" is
  the calendar month two months back; "خلال الأسابيع المقبلة" the 28 days from publication;
- year: a calendar year; "قبل ثلاث سنوات" is that calendar year.

Hours: "منذ 48 ساعة" / "خلال الـ24 ساعة الماضية" are the days they cover (precision day).

Direction: the markers الماضي/المنصرم/الفائت (past), المقبل/القادم (future), الجاري/الحالي
(current) decide; without one, the tense of the nearest verb in the sentence decides (a future
cue such as سوف, س- before an imperfect, "من المقرر"; a past verb from the lexicon). A date
without a year takes the year that puts it nearest to publication, consistent with that
direction (past: not after publication; future: not before); with no cue at all, a later date
is taken only when it falls within 45 days of publication (news reports mostly what happened). A weekday alone is its most recent
occurrence up to publication, or its next one from publication with a future cue. A weekday
given with a date picks the year ("الخميس 14 مارس" is in the year where 14 March is a
Thursday); a weekday given with a relative day that does not match it ("اليوم الأحد" in a text
dated Tuesday: the article was written earlier) wins, the nearest such day is taken.
``relative`` is true when the publication date was needed (also for a year inferred from it).

``tense`` says what the text says about direction: "past", "future" or "current" from a
marker, else "past"/"future" from the governing verb, else ``None``.

Hijri dates outside the years hijridate converts (1343-1500 AH) keep their span with null values.

Without a publication date, expressions that need it keep their span, ``value_*`` are ``None``,
``relative`` is true and the document gets warning W001.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress
from typing import Any

from ...doc import DateMention, Doc, Token
from ...errors import Errors, RasdError, Warnings
from ...resources import resource_path
from ...text import norm
from ...text.tokens import token_columns

_DAY = _dt.timedelta(days=1)
_MIN_YEAR, _MAX_YEAR = 1000, 2199  # four-digit Gregorian years taken as years
_PROCLITICS = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك", "فك")
# function words the grammar looks at (normalised); they get the clitic variants too
_FUNCTION_WORDS = (
    "من", "الى", "حتى", "لغايه", "لغاية", "بين", "منذ", "قبل", "بعد", "خلال", "طوال", "طيلة", "مدى",
    "هذا", "هذه", "اول", "الموافق", "نحو", "حوالي", "قرابه", "قرابة", "زهاء", "بضعة", "بضعه", "بضع",
    "عدة", "عده", "غضون", "على",
)
_RANGE_CONNECTORS = frozenset({"-", "–", "—", "الى", "حتى", "لغاية", "لغايه"})
_LIST_CONNECTORS = frozenset({"و", ",", "او"})
_PAIR_SEPARATORS = frozenset({"/", "(", "-", "او", "\\", "|"})
# the largest count of a unit that "منذ/قبل/بعد N <unit>" may resolve (keeps dates inside 1..9999)
_MAX_COUNT = {"year": 1000, "month": 12_000, "week": 50_000, "day": 300_000, "hour": 7_000_000}
# honorifics that are followed by a name, so that a weekday right after them is a family name
_TITLES = frozenset({"الدكتور", "الدكتوره", "الدكتورة", "الشيخ", "المهندس", "الاستاذ", "السيد", "السيده",
                     "السيدة", "الامير", "الاميرة", "الاميره", "اللواء", "العميد", "العقيد", "د"})
_QUOTES = frozenset({'"', "«", "»", "“", "”", "'"})
_FRIDAY_HEADS = frozenset({"خطبة", "خطبه", "خطب", "خطباء", "خطيب", "صلاة", "صلاه", "صلوات", "مصلي", "مصلين",
                           "امام", "ائمة", "ائمه", "منبر", "جمعة"})
_YEAR_BEFORE = frozenset({"في", "وفي", "منذ", "ومنذ", "حتى", "وحتى", "قبل", "بعد", "خلال", "بحلول", "مطلع",
                          "اواخر", "اوائل", "نهاية", "بداية", "منتصف", "لعام", "عام", "سنة"})
_YEAR_AFTER = frozenset({"و", "في", "من", "على", "الى", "حيث", "عندما", "بعد", "قبل", "حين", "ثم", "حتى",
                         "بسبب", "اثر", "عقب", "مع", "وفق", "كما"})
_MERGE_CONNECTORS = frozenset({"-", "–", "—", "الى", "حتى", "لغاية", "لغايه", "والى", "وحتى", "ولغاية", "و"})
# What lets _Parser.parse begin a date on a lexicon word: these roles, or one of these function
# words. A word with none of them (a bare "في", "من", a marker, a count, a tense cue) never begins
# one, and such words are most of a text's lexicon hits, so the scan does not try them.
_START_ROLES = frozenset({"part", "mod", "rel", "dayw", "wd", "ord", "first", "yearw", "month", "mhead", "hmonth",
                          "hhead", "monthw", "unit"})
_START_FNS = frozenset({"منذ", "قبل", "بعد", "خلال", "طوال", "طيلة", "على", "هذا", "هذه", "اول"})


# ---------------------------------------------------------------------------------------------
# lexicon
# ---------------------------------------------------------------------------------------------
class _Lexicon:
    """Token surface (normalised, with clitics) -> (roles, normalised prefix length)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.forms: dict[str, tuple[dict[str, Any], int]] = {}
        base: dict[str, dict[str, Any]] = {}

        def add(word: str, role: str, value: Any) -> None:
            w = norm(word)
            for v in _spellings(w):
                roles = base.setdefault(v, {})
                roles[role] = value
                roles.setdefault("w", w)

        risky = {norm(w) for w in data["risky_months"]} | {norm(w) for w in data["risky_hijri"]}
        for w, m in data["months"].items():
            add(w, "month", m)
        for w, nxt in data["month_heads"].items():
            add(w, "mhead", {v: m for k, m in nxt.items() for v in _spellings(norm(k))})
        for w, m in data["hijri_months"].items():
            add(w, "hmonth", m)
        for w, nxt in data["hijri_heads"].items():
            add(w, "hhead", {v: m for k, m in nxt.items() for v in _spellings(norm(k))})
        for w, d in data["weekdays"].items():
            add(w, "wd", d)
        for w, d in data["reldays"].items():
            add(w, "rel", d)
        for w, q in data["parts"].items():
            add(w, "part", q)
        for w, mk in data["markers"].items():
            add(w, "marker", mk)
        for w, (unit, count) in data["units"].items():
            add(w, "unit", (unit, count, w.startswith("ال")))
        for w in data["day_words"]:
            add(w, "dayw", True)
        for w in data["year_words"]:
            add(w, "yearw", True)
        for w in data["month_words"]:
            add(w, "monthw", True)
        for w, c in data["counts"].items():
            add(w, "count", c)
        for w, c in data["det_counts"].items():
            add(w, "dcount", c)
        for w, o in data["ordinals"].items():
            add(w, "ord", o)
        for w in data.get("first_day", ()):
            add(w, "first", True)
        for w in data["modifiers"]:
            add(w, "mod", True)
        for w in data["hijri_era"]:
            add(w, "era", "hijri")
        for w in data["greg_era"]:
            add(w, "era", "gregorian")
        for w in data["future_cues"]:
            add(w, "fut", True)
        for w in data["past_verbs"]:
            add(w, "past", True)
        for w in data.get("call_verbs", ()):
            add(w, "call", True)
        for w in _FUNCTION_WORDS:
            add(w, "fn", norm(w))
        for w, roles in base.items():
            if w in risky:
                roles["risky"] = True
        self.not_future = frozenset(norm(w) for w in data["not_future"])
        # "قوى 14 آذار", "ثورة 25 يناير", "شارع 14 رمضان": a day and month naming something
        self.name_heads = frozenset(
            p + norm(w) for w in data.get("name_heads", ()) for p in ("", "و", "ب", "ل", "ف", "ال", "وال", "بال")
        )
        # surface forms: the word itself wins over a clitic reading of another word
        no_clitics = {"era"}
        for w, roles in base.items():
            self.forms[w] = (roles, 0)
        for w, roles in base.items():
            if len(w) < 2 or no_clitics & roles.keys():
                continue
            for p in _PROCLITICS[1:]:
                self.forms.setdefault(p + w, (roles, len(p)))
            if w.startswith("ال") and len(w) > 3:
                for p in ("", "و", "ف"):
                    self.forms.setdefault(p + "لل" + w[2:], (roles, len(p)))
        # the forms a date may begin on (see _START_ROLES)
        self.starters = frozenset(f for f, (roles, _) in self.forms.items()
                                  if roles.get("fn") in _START_FNS or not _START_ROLES.isdisjoint(roles))
        # "على" (the commonest starter by far) begins a date only as "على مدى ..." (_Parser.window)
        # when it has no other starting role
        self.ala_only = frozenset(f for f in self.starters if self.forms[f][0].get("fn") == "على"
                                  and _START_ROLES.isdisjoint(self.forms[f][0]))


def _spellings(w: str) -> set[str]:
    out = {w}
    if w.endswith("ة"):
        out.add(w[:-1] + "ه")
    elif w.endswith("ى"):
        out.add(w[:-1] + "ي")
    elif w.endswith("ي"):
        out.add(w[:-1] + "ى")
    return out


@lru_cache(maxsize=1)
def lexicon() -> _Lexicon:
    """The date lexicon, loaded on first use and cached for the process."""
    path = resource_path("dates", "lexicon.json")
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
        return _Lexicon(data)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise RasdError(Errors.E303, path=path, reason=repr(exc)) from exc


# ---------------------------------------------------------------------------------------------
# raw matches (token level) and the grammar
# ---------------------------------------------------------------------------------------------
@dataclass(slots=True)
class _Raw:
    i0: int
    i1: int  # token indices [i0, i1)
    kind: str  # date, mdate, month, year, rel, weekday, relunit, offset, window, range
    cal: str = "gregorian"
    days: tuple[int, ...] = ()
    month: int | None = None
    year: int | None = None
    year2: int | None = None
    marker: str | None = None
    qual: str | None = None
    offset: int = 0
    unit: str | None = None
    count: int | None = None
    wd: int | None = None
    wd2: int | None = None
    yshift: int | None = None  # "من العام الماضي" after a month: the year relative to publication
    era: bool = True  # a year was written with its era (هـ / م) or a month that fixes the calendar
    first: _Raw | None = None  # range: first and last parts
    last: _Raw | None = None


@dataclass(slots=True)
class _Toks:
    """Tokens as parallel lists (what the grammar reads): offsets, norm, kind, sentence."""

    S: list[int]
    T: list[int]  # ends
    N: list[str]
    K: list[str]
    Z: list[int]

    @classmethod
    def of(cls, toks: list[Token]) -> _Toks:
        return cls([t.start for t in toks], [t.end for t in toks], [t.norm for t in toks],
                   [t.kind for t in toks], [t.sent for t in toks])


class _Parser:
    def __init__(self, toks: _Toks, lex: _Lexicon) -> None:
        self.S, self.T, self.N, self.K, self.Z = toks.S, toks.T, toks.N, toks.K, toks.Z
        self.n = len(self.N)
        forms = lex.forms
        self.E: list[dict[str, Any] | None] = [None] * self.n
        self.P = [0] * self.n
        self.lex = lex
        E, P = self.E, self.P
        # C-level passes: most tokens are no date word and no number
        N = self.N
        found = list(map(forms.get, N))
        K = self.K
        starters = lex.starters
        starts: list[int] = []
        # numbers: list.index finds the few "num" kinds faster than any per-token test
        k = -1
        try:
            while True:
                k = K.index("num", k + 1)
                starts.append(k)
        except ValueError:
            pass
        ala_only = lex.ala_only
        for k in compress(range(self.n), found):
            if K[k] == "word":
                E[k], P[k] = found[k]
                if N[k] in starters and (N[k] not in ala_only or (k + 1 < self.n and N[k + 1] == "مدى")):
                    starts.append(k)
        starts.sort()
        self.starts = starts  # the tokens a date may begin on, in order: scan tries these alone

    # -- small helpers ------------------------------------------------------------------------
    def role(self, k: int, r: str) -> Any:
        if k >= self.n:
            return None
        e = self.E[k]
        return None if e is None else e.get(r)

    def nrm(self, k: int) -> str:
        return self.N[k] if k < self.n else ""

    def same_sent(self, a: int, b: int) -> bool:
        return b < self.n and self.Z[a] == self.Z[b]

    def num(self, k: int) -> int | None:
        if k < self.n and self.K[k] == "num":
            s = self.N[k]
            if s.isdigit() and len(s) <= 4:
                return int(s)
        return None

    def bare(self, k: int) -> bool:
        """No glued clitic (also not the ل of "للاثنين")."""
        return k < self.n and self.P[k] == 0 and not self.N[k].startswith("لل")

    def bare_or_and(self, k: int) -> bool:
        """No clitic, or only the conjunction و/ف ("والأحد")."""
        return k < self.n and (self.P[k] == 0 or (self.P[k] == 1 and self.N[k][0] in "وف")) \
            and not self.N[k].startswith("لل")

    def fn(self, k: int) -> str | None:
        """The bare function word at k if it has no clitic."""
        if k < self.n and self.P[k] == 0:
            return self.role(k, "fn")
        return None

    # -- the scan ------------------------------------------------------------------------------
    def scan(self) -> list[_Raw]:
        out: list[_Raw] = []
        i = 0  # tokens before i are taken by the dates found
        for k in self.starts:
            if k < i:
                continue
            r = self.parse(k)
            if r is None:
                continue
            if (r.kind == "date" and r.year is None and r.i0 > 0 and self.K[r.i0] == "num"
                    and self.N[r.i0 - 1] in self.lex.name_heads):
                i = r.i1
                continue
            if r.kind in ("date", "month") and r.year is None and self.nrm(r.i1) == "من" and \
                    self.nrm(r.i1 + 1) == "كل":
                i = r.i1 + 2  # "23 سبتمبر من كل عام": every year, not one date
                continue
            out.append(r)
            i = r.i1
        return self._post(out)

    def parse(self, i: int) -> _Raw | None:
        e = self.E[i]  # i < n: a token of self.starts
        f = None if e is None else e.get("fn")
        if f in ("منذ", "قبل", "بعد"):
            r = self.offset(i)
            if r is not None:
                return r
        elif f in ("خلال", "طوال", "طيلة", "على"):
            r = self.window(i)
            if r is not None:
                return r
        elif f in ("هذا", "هذه"):
            return self.this(i)
        part = None if e is None else e.get("part")
        mod = None if e is None else e.get("mod")
        if part is None and mod and self.N[i].endswith("منتصف"):
            if self.nrm(i + 1) in ("ليل", "الليل", "ليلة"):
                part, j = "night", i + 2
            else:
                j = i
        else:
            j = i + 1
        if part is not None:
            if self.nrm(j) == "يوم":
                j += 1
            r = self.core(j, after_part=True)
            if r is None or r.kind not in ("rel", "weekday", "date", "mdate"):
                return None
            r.i0 = i
            r.qual = part
            return r
        if mod and self.P[i] == 0:
            # "منتصف أيلول", "مطلع آذار": a month after a modifier counts; the modifier stays out
            ms = self.monthspec(i + 1)
            if ms is not None and not ms[4]:
                r = self.month_only(i + 1, force=True)
                if r is not None:
                    return r
        return self.core(i)

    def core(self, j: int, after_part: bool = False) -> _Raw | None:
        e = self.E[j] if j < self.n else None
        if e is None:
            if self.num(j) is not None:
                return self.date(j) or self.numeric(j) or self.era_year(j) or self.bare_year(j)
            if j < self.n and self.K[j] == "num":
                return self.numeric(j)  # "12.11.2023"
            return None
        if e.get("fn") == "اول":  # "أول أمس", "أول من أمس"
            k = j + 1
            if self.nrm(k) == "من":
                k += 1
            if self.role(k, "rel") == -1:
                return self.apposition(_Raw(j, k + 1, "rel", offset=-2))
            return None
        rel = e.get("rel")
        if rel is not None:
            return self.relday(j, rel, after_part=after_part)
        if "dayw" in e:
            nj = self.nrm(j + 1)
            rel2 = self.role(j + 1, "rel")
            if rel2 is not None and nj in ("امس", "غد", "الغد"):
                r = self.relday(j + 1, rel2, dayword=True)
                if r is not None:
                    r.i0 = j
                return r
            k = j + 1
            wd = self.role(k, "wd") if self.bare(k) else None
            if wd is not None:
                return self.weekday(k, wd, start=j)
            r = self.date(k)
            if r is not None:
                r.i0 = j
                return r
        wd = e.get("wd")
        if wd is not None and self.bare_or_and(j):
            if wd == 4 and j > 0 and self.N[j - 1] in _FRIDAY_HEADS and self.role(j + 1, "marker") is None:
                return None  # "خطبة الجمعة", "صلاة الجمعة": the prayer, not a date
            if j > 0 and self.N[j - 1] in _TITLES or self.nrm(j + 1) in ("امس", "اليوم"):
                return None  # "الدكتور الجمعة", "عبدالله الجمعة أمس": a family name
            return self.weekday(j, wd, start=j)
        if "ord" in e or "first" in e:
            r = self.date(j)
            if r is not None:
                return r
        if "yearw" in e:
            r = self.year_words(j)
            if r is not None:
                return r
        if "month" in e or "mhead" in e or "hmonth" in e or "hhead" in e or "monthw" in e:
            r = self.month_only(j)
            if r is not None:
                return r
        unit = e.get("unit")
        if unit is not None and unit[2]:
            return self.relunit(j, unit)
        return None

    # -- relative days ---------------------------------------------------------------------------
    def relday(self, j: int, rel: int, dayword: bool = False, after_part: bool = False) -> _Raw | None:
        base = self.E[j]["w"]  # type: ignore[index]
        k = j + 1
        qual = None
        if base in ("اليوم",):
            nxt = self.E[k] if k < self.n else None
            nk = self.nrm(k)
            if nk.startswith("ال") and not (nxt and ("wd" in nxt)) and not after_part:
                return None  # اليوم الوطني، اليوم التالي (but "صباح اليوم البابا..." is today)
        if base == "غد" and not dayword:
            return None  # only "بعد غد" / "يوم غد"
        if base in ("امس", "الامس") and self.nrm(k) in ("الحاجة", "الحاجه", "حاجة", "حاجه"):
            return None  # "بأمسّ الحاجة": in most need
        if base in ("الامس", "الغد") and self.P[j] == 0 and not after_part and not dayword and (
                j == 0 or self.N[j - 1] not in ("في", "منذ", "حتى", "وفي", "ومنذ", "وحتى", "الى")):
            return None  # "نجوم الأمس", "طاقة الغد": of the past / the future, not a day
        if base == "اليوم" and j > 0 and (self.N[j - 1] == "عين" or (
                self.N[j - 1] in _QUOTES and self.nrm(j + 1) in _QUOTES) or (
                self.nrm(k) in ("-", "–", "ـ") and k < self.n and self.S[k] == self.T[j])):
            return None  # the outlets "عين اليوم" and «اليوم»
        if base == "اليوم" and ((j > 0 and self.N[j - 1] in ("ذلك", "تلك", "نفس", "ذات"))
                               or self.nrm(k) in ("نفسه", "ذاته")):
            return None  # "في ذلك اليوم", "في اليوم نفسه": a day of the story, not today
        if base == "الليلة":
            qual = "night"
            if self.role(k, "marker") in ("past", "last"):
                return _Raw(j, k + 1, "rel", offset=-1, qual="night")
            nk = self.nrm(k)
            if nk.startswith("ال") and not self.role(k, "wd"):
                return None
        if base in ("امس", "الامس") and self.nrm(k) == "الاول":
            return self.apposition(_Raw(j, k + 1, "rel", offset=-2))
        r = self.apposition(_Raw(j, k, "rel", offset=rel, qual=qual))
        k = r.i1
        # "اليوم الجمعة الموافق 14 مارس": the explicit date wins
        kk = k + 1 if self.nrm(k) == "," else k
        if self.nrm(kk) == "الموافق":
            kk += 1
        elif r.wd is None or kk != k:
            return r  # "أمس الاثنين 17 يناير" needs the weekday; "أمس، 17" is two things
        d = self.date(kk) or self.numeric(kk)
        if d is not None:
            d.i0 = j
            d.qual = qual
            d.wd = r.wd
            return d
        return r

    def apposition(self, r: _Raw) -> _Raw:
        """"أمس الجمعة", "أمس (الثلاثاء)": a weekday after a relative day joins its span."""
        k = r.i1
        wd = self.role(k, "wd")
        if wd is not None and self.bare(k):
            r.wd, r.i1 = wd, k + 1
        elif self.nrm(k) == "(" and self.nrm(k + 2) == ")":
            wd = self.role(k + 1, "wd")
            if wd is not None and self.bare(k + 1):
                r.wd, r.i1 = wd, k + 3
        return r

    def weekday(self, k: int, wd: int, start: int) -> _Raw:
        j = k + 1
        jj = j + 1 if self.nrm(j) == "," else j
        if self.nrm(jj) == "الموافق":
            jj += 1
        d = self.date(jj) or self.numeric(jj)
        if d is not None:
            d.i0 = start
            d.wd = wd
            return d
        r = _Raw(start, j, "weekday", wd=wd)
        mk = self.role(j, "marker")
        if mk is None and self.nrm(j) == "قبل" and self.role(j + 1, "marker") == "past":
            r.marker = "past2"  # "الأحد قبل الماضي": a week before the last one
            r.i1 = j + 2
            return r
        if mk is not None:
            r.marker = mk
            r.i1 = j + 1
            return r
        # "ليل السبت الأحد", "ليل السبت - الأحد", "ليلة السبت على الأحد"
        jj = j + 1 if self.nrm(j) in ("-", "–", "الى", "على", "/") else j
        wd2 = self.role(jj, "wd")
        if wd2 is not None and self.bare_or_and(jj) and wd2 == (wd + 1) % 7:  # also "السبت والأحد"
            r.wd2 = wd2
            r.i1 = jj + 1
        return r

    # -- absolute dates ----------------------------------------------------------------------------
    def days(self, j: int) -> tuple[list[int], int, bool] | None:
        v = self.num(j)
        ordinal = False
        if v is not None:
            if not (1 <= v <= 31) or len(self.N[j]) > 2:
                return None
            k = j + 1
        elif self.role(j, "first") and self.P[j] == 0:
            # "غرة رمضان", "غرة شهر شوال": the first day
            return [1], j + 1, False
        else:
            o = self.role(j, "ord")
            if o is None or self.P[j]:
                return None
            ordinal = True
            v = o
            k = j + 1
            nk = self.nrm(k)
            if nk in ("عشر", "عشرة") and v < 10:
                v += 10
                k += 1
            elif nk == "والعشرين" and v < 10:
                v += 20
                k += 1
            elif nk == "والثلاثين" and v == 1:
                v = 31
                k += 1
        days = [v]
        rng = False
        if ordinal and self.nrm(k) in ("او", "و", "-", "الى", "حتى"):
            nxt = self.days(k + 1)  # "العاشر أو الحادي عشر من آذار"
            if nxt is not None and nxt[2] and nxt[0][0] > v:
                return [v, nxt[0][-1]], nxt[1], True
        while not ordinal and k + 1 < self.n:
            c = self.N[k]
            if c in _RANGE_CONNECTORS or c in _LIST_CONNECTORS:
                v2 = self.num(k + 1)
                if v2 is not None and 1 <= v2 <= 31 and len(self.N[k + 1]) <= 2 and v2 > days[-1]:
                    days.append(v2)
                    rng = rng or c in _RANGE_CONNECTORS
                    k += 2
                    continue
            break
        return days, k, ordinal

    def monthspec(self, k: int) -> tuple[str, int, int, bool, bool] | None:
        """(calendar, month, end, strong, risky) for [شهر] MONTH[/MONTH] at k."""
        strong = False
        if self.role(k, "monthw") and (self.role(k + 1, "month") or self.role(k + 1, "mhead")
                                       or self.role(k + 1, "hmonth") or self.role(k + 1, "hhead")):
            strong = True
            k += 1
        got = self._month(k)
        if got is None:
            return None
        cal, m, k2, risky = got
        # paired form: أيار/مايو, أيار (مايو), مايو - أيار
        sep = self.nrm(k2)
        if cal == "gregorian" and self.role(k2, "month") == m or self.role(k2, "mhead"):
            other = self._month(k2)  # "يناير كانون الثاني" (news agencies' style, no separator)
            if other is not None and other[0] == "gregorian" and other[1] == m:
                return cal, m, other[2], True, False
        if sep in _PAIR_SEPARATORS and cal == "gregorian":
            other = self._month(k2 + 1)
            if other is not None and other[0] == "gregorian" and other[1] == m:
                k2 = other[2]
                if sep == "(" and self.nrm(k2) == ")":
                    k2 += 1
                strong, risky = True, False
        return cal, m, k2, strong, risky

    def _month(self, k: int) -> tuple[str, int, int, bool] | None:
        if k >= self.n:
            return None
        e = self.E[k]
        if e is None:
            return None
        m = e.get("month")
        if m is not None:
            return "gregorian", m, k + 1, bool(e.get("risky"))
        m = e.get("hmonth")
        if m is not None:
            return "hijri", m, k + 1, bool(e.get("risky"))
        head = e.get("mhead")
        if head is not None:
            m = head.get(self.nrm(k + 1))
            if m is not None:
                return "gregorian", m, k + 2, False
            return None
        head = e.get("hhead")
        if head is not None:
            m = head.get(self.nrm(k + 1))
            if m is not None:
                return "hijri", m, k + 2, False
        return None

    def year_at(self, k: int, cal: str | None) -> tuple[int, str | None, int] | None:
        """A year at k, optionally after "من عام"/"عام"; returns (year, era, end)."""
        kk = k
        if self.nrm(kk) == "من" and self.role(kk + 1, "yearw"):
            kk += 2
        elif self.role(kk, "yearw") and self.P[kk] == 0:
            kk += 1
        paren = self.nrm(kk) == "(" and self.nrm(kk + 2) == ")"  # "عام ( 1948 )"
        if paren:
            kk += 1
        y = self.num(kk)
        if y is None or len(self.N[kk]) != 4:
            return None
        after = kk + 2 if paren else kk + 1
        era = self.role(after, "era")
        end = after + 1 if era else after
        if era == "hijri" or (era is None and cal == "hijri"):
            if not 1300 <= y <= 1500:
                return None
            return y, "hijri", end
        if not _MIN_YEAR <= y <= _MAX_YEAR:
            return None
        return y, "gregorian", end

    def date(self, j: int) -> _Raw | None:
        d = self.days(j)
        if d is None:
            return None
        days, k, ordinal = d
        k2 = k + 1 if self.nrm(k) == "من" else k
        if self.nrm(k) == "منه":  # "من 6 حتى 19 منه": of the month just named
            return _Raw(j, k + 1, "mdate", days=tuple(days), marker="same")
        if ordinal and k2 == k:
            return None
        ms = self.monthspec(k2)
        if ms is not None:
            cal, m, k3, _strong, _risky = ms
            limit = 30 if cal == "hijri" else (29 if m == 2 else calendar.monthrange(2001, m)[1])
            if days[-1] > limit:
                return None
            r = _Raw(j, k3, "date", cal=cal, days=tuple(days), month=m)
            ya = self.year_at(k3, cal)
            if ya is not None:
                r.year, era, r.i1 = ya
                if era != cal:
                    return None
            mk = self.role(r.i1, "marker")
            if mk is not None and r.year is None:
                r.marker = mk
                r.i1 += 1
            elif r.year is None:
                self.year_shift(r)
            return r
        # "العاشر من الشهر الجاري", "15 الشهر الماضي", "21 من الشهر نفسه"
        unit = self.role(k2, "unit")
        if unit is not None and unit[0] == "month" and unit[2]:
            mk = self.role(k2 + 1, "marker")
            if mk in ("past", "future", "current"):
                return _Raw(j, k2 + 2, "mdate", days=tuple(days), marker=mk)
            if self.nrm(k2 + 1) in ("نفسه", "ذاته"):
                return _Raw(j, k2 + 2, "mdate", days=tuple(days), marker="same")
        return None

    def numeric(self, j: int) -> _Raw | None:
        """14/3/2025, 14-3-2025, 2025-03-14, 14.3.2025."""
        if j >= self.n or self.K[j] != "num":
            return None
        s = self.N[j]
        if s.count(".") == 2:
            parts = s.split(".")
            end = j + 1
        else:
            sep = self.nrm(j + 1)
            if sep not in ("/", "-") or self.nrm(j + 3) != sep or self.num(j + 2) is None or self.num(j + 4) is None:
                return None
            # "14/3/2025" with no spaces; with "/" spaces are allowed ("6 / 10 / 1436هـ")
            if sep == "-" and self.S[j + 4] - self.T[j] != 2 + len(self.N[j + 2]):
                return None
            if self.S[j + 4] - self.T[j] > 7 + len(self.N[j + 2]):
                return None
            parts = [s, self.N[j + 2], self.N[j + 4]]
            end = j + 5
        if not all(p.isdigit() for p in parts):
            return None
        if len(parts[0]) == 4:
            y, m, d = (int(p) for p in parts)
        elif len(parts[2]) == 4:
            d, m, y = (int(p) for p in parts)
        else:
            return None
        era = self.role(end, "era")
        if era is not None:
            end += 1
        if era == "hijri" or (era is None and 1300 <= y <= 1500):
            if not (1 <= m <= 12 and 1 <= d <= 30):
                return None
            return _Raw(j, end, "date", cal="hijri", days=(d,), month=m, year=y)
        if not (_MIN_YEAR <= y <= _MAX_YEAR and 1 <= m <= 12 and 1 <= d <= calendar.monthrange(y, m)[1]):
            return None
        return _Raw(j, end, "date", days=(d,), month=m, year=y)

    def era_year(self, j: int) -> _Raw | None:
        """"2024م", "1445 هـ": a year with an era mark."""
        y = self.num(j)
        era = self.role(j + 1, "era")
        if y is None or era is None or len(self.N[j]) != 4:
            return None
        if era == "hijri" and 1300 <= y <= 1500 or era == "gregorian" and _MIN_YEAR <= y <= _MAX_YEAR:
            return _Raw(j, j + 2, "year", cal=era, year=y)
        return None

    def bare_year(self, j: int) -> _Raw | None:
        """"في 2019،", "منذ 2011 والبلاد...", "حتى 2030 الماضي": a year with no year word.

        Only after a preposition of time and before punctuation, a definite word or a
        function word, so that counts ("في 2019 حالة") stay out.
        """
        y = self.num(j)
        if y is None or len(self.N[j]) != 4 or not 1900 <= y <= 2099 or j == 0:
            return None
        if self.N[j - 1] not in _YEAR_BEFORE:
            return None
        nxt = self.nrm(j + 1)
        if j + 1 < self.n and not (self.K[j + 1] == "punct" or nxt.startswith("ال") or nxt in _YEAR_AFTER):
            return None
        return _Raw(j, j + 1, "year", year=y, era=False)

    def month_only(self, j: int, force: bool = False) -> _Raw | None:
        ms = self.monthspec(j)
        if ms is None:
            return None
        cal, m, k, strong, _risky = ms
        r = _Raw(j, k, "month", cal=cal, month=m)
        ya = self.year_at(k, cal)
        if ya is not None:
            r.year, era, r.i1 = ya
            if era != cal:
                return None
            return r
        if self.year_shift(r):
            return r
        mk = self.role(k, "marker")
        if mk in ("past", "future", "current"):
            r.marker = mk
            r.i1 = k + 1
            return r
        if strong or force:
            return r
        return None

    def year_shift(self, r: _Raw) -> bool:
        """"سبتمبر من العام الماضي": sets ``r.yshift`` and extends the span."""
        k = r.i1
        if self.nrm(k) != "من":
            return False
        unit = self.role(k + 1, "unit")
        if unit is None or unit[0] != "year" or not unit[2] or unit[1] != 1:
            return False
        shift = {"past": -1, "current": 0, "future": 1}.get(self.role(k + 2, "marker"))
        if shift is None:
            return False
        r.yshift, r.i1 = shift, k + 3
        return True

    def year_words(self, j: int) -> _Raw | None:
        """"عام 2024", "العام 2024", "عامي 2022 و2023", "العام الماضي"."""
        ya = self.year_at(j + 1, None) if (self.num(j + 1) is not None or self.nrm(j + 1) == "(") else None
        if ya is not None:
            y, era, k = ya
            r = _Raw(j, k, "year", cal=era or "gregorian", year=y,
                     era=self.role(k - 1, "era") is not None)
            c = self.nrm(k)
            if c in _RANGE_CONNECTORS or c == "و":
                y2 = self.num(k + 1)
                if y2 is not None and len(self.N[k + 1]) == 4 and y < y2 <= y + 100:
                    r.year2 = y2
                    r.i1 = k + 2
                    if self.role(r.i1, "era") == era:
                        r.i1 += 1
            return r
        unit = self.role(j, "unit")
        if unit is not None and unit[2]:
            return self.relunit(j, unit)
        return None

    # -- relative units, offsets and windows -----------------------------------------------------
    def relunit(self, j: int, unit: tuple[str, int, bool]) -> _Raw | None:
        u, count, _det = unit
        mk = self.role(j + 1, "marker")
        if mk is None and self.nrm(j + 1) == "قبل" and self.role(j + 2, "marker") == "past" and count == 1:
            return _Raw(j, j + 3, "relunit", unit=u, marker="past2")  # "الأسبوع قبل الماضي"
        if mk is None:
            return None
        if count == 1 and u in ("week", "month", "year") and mk in ("past", "future", "current"):
            return _Raw(j, j + 2, "relunit", unit=u, marker=mk)
        if count != 1 and mk in ("past", "future", "last"):
            return _Raw(j, j + 2, "window", unit=u, count=count or None, marker=mk)
        return None

    def this(self, i: int) -> _Raw | None:
        unit = self.role(i + 1, "unit")
        if unit is not None and unit[2] and unit[1] == 1 and unit[0] in ("week", "month", "year"):
            return _Raw(i, i + 2, "relunit", unit=unit[0], marker="current")
        nk = self.nrm(i + 1)
        if nk in ("الصباح", "المساء"):
            return _Raw(i, i + 2, "rel", offset=0, qual="morning" if nk == "الصباح" else "evening")
        return None

    def count_at(self, k: int) -> tuple[int | None, int, bool]:
        """(count, end, vague) for a number or number words at k."""
        v = self.num(k)
        if v is not None:
            return v, k + 1, False
        c = self.role(k, "count")
        if c is not None and self.P[k] == 0:
            k += 1
            nk = self.nrm(k)
            if nk in ("عشر", "عشرة") and c < 10:
                return c + 10, k + 1, False
            c2 = self.role(k, "count")
            if c2 is not None and c2 >= 20 and self.nrm(k).startswith("و"):
                return c + c2, k + 1, False
            return c, k, False
        if self.fn(k) in ("بضعة", "بضعه", "بضع", "عدة", "عده"):
            return None, k + 1, True
        return None, k, False

    def offset(self, i: int) -> _Raw | None:
        f = self.role(i, "fn")
        k = i + 1
        if f == "بعد" and self.nrm(k) in ("غد", "الغد"):
            return self.apposition(_Raw(i, k + 1, "rel", offset=2))
        if f == "قبل" and self.nrm(k) == "امس":
            return self.apposition(_Raw(i, k + 1, "rel", offset=-2))
        if self.fn(k) in ("نحو", "حوالي", "قرابه", "قرابة", "زهاء"):
            k += 1
        elif self.nrm(k) in ("اكثر", "اقل") and self.nrm(k + 1) == "من":
            k += 2  # "قبل أكثر من شهر": about a month
        count, k, vague = self.count_at(k)
        unit = self.role(k, "unit")
        if unit is None or unit[2] or self.P[k]:
            return None
        u, ucount, _det = unit
        if count is None and not vague:
            if ucount == 0:
                vague = True
            else:
                count = ucount
        elif count is not None and ucount == 2:
            return None
        nk = self.nrm(k + 1)
        if nk in ("من", "على") or self.num(k + 1) is not None:
            return None  # "بعد ثلاثة أيام من الهجوم", "منذ عام 2011", "منذ يوم 5 أيار"
        after = self.E[k + 1] if k + 1 < self.n else None
        if after is not None and ("wd" in after or "rel" in after or "month" in after or "ord" in after
                                  or "hmonth" in after or "mhead" in after or "hhead" in after):
            return None  # "منذ يوم الأحد الماضي", "منذ يوم أمس", "منذ شهر رمضان"
        if count == ucount == 1 and nk.startswith("ال") and self.K[k + 1] == "word" and (
                after is None or "marker" not in after):
            return None  # "منذ يوم العيد": a construct, not a count
        if vague and u not in ("day", "hour"):
            return None
        r = _Raw(i, k + 1, "offset")
        if f == "بعد" and _Resolver(self, None).tense(r) != "future":
            return None  # "وبعد يوم أخبروني": counted from the story, not from publication
        return _Raw(i, k + 1, "offset", unit=u, count=None if vague else count,
                    offset=1 if f == "بعد" else -1)

    def window(self, i: int) -> _Raw | None:
        k = i + 1
        if self.role(i, "fn") == "على":
            if self.nrm(k) != "مدى":
                return None
            k += 1
        r = self.window_body(k)
        if r is not None:
            r.i0 = i
        return r

    def window_body(self, k: int) -> _Raw | None:
        """"الأيام (الثلاثة) الماضية", "الـ24 ساعة الماضية", "الساعات الـ24 الماضية"."""
        k0 = k
        if self.nrm(k) == "ال":
            k += 1
        count = self.num(k)
        if count is not None:
            k += 1
        unit = self.role(k, "unit")
        if unit is None or self.P[k]:
            return None
        u, ucount, det = unit
        k += 1
        if count is None:
            if not det or ucount == 1:
                return None  # "خلال الأسبوع الماضي" is the week itself (relunit)
            if ucount == 2:
                count = 2
            else:
                if self.nrm(k) == "ال":
                    k += 1
                c = self.num(k)
                if c is None:
                    c = self.role(k, "dcount")
                if c is not None:
                    count = c
                    k += 1
        mk = self.role(k, "marker")
        if mk not in ("past", "future", "last"):
            return None
        return _Raw(k0, k + 1, "window", unit=u, count=count, marker=mk)

    # -- post-processing ---------------------------------------------------------------------------
    def _post(self, raws: list[_Raw]) -> list[_Raw]:
        out: list[_Raw] = []
        for r in raws:
            prev = out[-1] if out else None
            gap = 1
            if prev is not None and r.i0 == prev.i1 + 2 and self.N[prev.i1] == "الى" and \
                    self.N[prev.i1 + 1] in ("غاية", "غايه"):
                gap = 2  # "إلى غاية"
            if (
                prev is not None
                and prev.kind in ("date", "month")
                and r.kind == prev.kind
                and r.i0 == prev.i1 + gap
                and self.N[prev.i1] in _MERGE_CONNECTORS
                and (self.N[prev.i1] != "و" or (prev.i0 > 0 and self.role(prev.i0 - 1, "fn") == "بين"))
                and prev.cal == r.cal
                and prev.marker is None
                and (prev.year is None or r.year is not None)
            ):
                out[-1] = _Raw(prev.i0, r.i1, "range", cal=r.cal, first=prev, last=r)
                continue
            if (
                prev is not None
                and prev.kind == r.kind == "year"
                and r.i0 == prev.i1 + 1
                and self.N[prev.i1] in _RANGE_CONNECTORS
                and prev.year2 is None and r.year2 is None
                and prev.cal == r.cal
                and prev.year is not None and r.year is not None and prev.year < r.year
            ):
                prev.year2, prev.i1 = r.year, r.i1  # "من عام 1981 إلى عام 1998"
                continue
            out.append(r)
        for r in out:
            i0 = r.i0
            if i0 > 0 and self.K[i0] == "num" and self.N[i0 - 1] == "ال" and self.S[i0] == self.T[i0 - 1]:
                r.i0 = i0 - 1  # "الـ24 من أيار": the article glued to the number is part of it
            multi = r.kind == "range" or len(r.days) > 1 or r.year2 is not None
            if multi and r.i0 > 0 and self.role(r.i0 - 1, "fn") in ("بين", "من") and self.same_sent(r.i0 - 1, r.i0):
                r.i0 -= 1
        return out


# ---------------------------------------------------------------------------------------------
# resolution
# ---------------------------------------------------------------------------------------------
def _month_range(y: int, m: int) -> tuple[_dt.date, _dt.date]:
    return _dt.date(y, m, 1), _dt.date(y, m, calendar.monthrange(y, m)[1])


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    t = y * 12 + (m - 1) + k
    return t // 12, t % 12 + 1


def _hijri_to_g(y: int, m: int, d: int) -> _dt.date | None:
    from hijridate import Hijri

    try:
        return _dt.date(*Hijri(y, m, d).to_gregorian().datetuple())
    except (ValueError, OverflowError):
        return None  # outside the range hijridate covers (1343-1500 AH) or no such day


def _hijri_month_len(y: int, m: int) -> int | None:
    from hijridate import Hijri

    try:
        return Hijri(y, m, 1).month_length()
    except (ValueError, OverflowError):
        return None


def _hijri_year_of(d: _dt.date) -> int:
    from hijridate import Gregorian

    return Gregorian(d.year, d.month, d.day).to_hijri().year


def _pick(cands: list[tuple[_dt.date, _dt.date]], pub: _dt.date, tense: str | None,
          strict: bool) -> tuple[_dt.date, _dt.date] | None:
    if not cands:
        return None
    if tense == "past":
        ok = [c for c in cands if (c[1] < pub if strict else c[0] <= pub)]
        if ok:
            return max(ok)
    elif tense == "future":
        ok = [c for c in cands if (c[0] > pub if strict else c[1] >= pub)]
        if ok:
            return min(ok)

    def dist(c: tuple[_dt.date, _dt.date]) -> int:
        if c[0] <= pub <= c[1]:
            return 0
        return min(abs((c[0] - pub).days), abs((c[1] - pub).days))

    if tense is None:
        # no marker, no verb cue: news mostly reports what happened; a later date is taken only
        # when it is close (within _AHEAD_DAYS of publication), else the latest one not after it
        near = min(cands, key=dist)
        if near[0] > pub and (near[0] - pub).days > _AHEAD_DAYS:
            past = [c for c in cands if c[0] <= pub]
            if past:
                return max(past)
        return near
    return min(cands, key=dist)


_AHEAD_DAYS = 45


_MARKER_TENSE = {"past": "past", "past2": "past", "last": "past", "future": "future", "current": "current"}


class _Resolver:
    def __init__(self, parser: _Parser, pub: _dt.date | None) -> None:
        self.p = parser
        self.pub = pub
        self.last_day: _dt.date | None = None  # the last resolved day ("من الشهر نفسه")

    def tense(self, r: _Raw) -> str | None:
        """Tense of the governing verb: the nearest future or past cue in the sentence."""
        p = self.p
        Z, K = p.Z, p.K
        sent = Z[r.i0]
        lex = p.lex
        best = None
        before = r.i0 - 1
        if before >= 0 and p.E[before] is not None and p.E[before].get("fn") == "منذ":
            return "past"  # "منذ آذار/مارس": since then, so before publication
        crossed_to = False
        for dist in range(1, 12):
            for k in (r.i0 - dist, r.i1 - 1 + dist):
                if dist > 6 and k >= r.i1:
                    continue
                if k < 0 or k >= p.n or Z[k] != sent or K[k] != "word":
                    continue
                e = p.E[k]
                if k < r.i0 and p.N[k] in ("الى", "إلى"):
                    crossed_to = True  # "دعت إلى تظاهرات جديدة مساء الثلاثاء": the call is for then
                if crossed_to and e is not None and "call" in e:
                    return "future"
                if p.N[k] == "ان" and k > 0 and p.N[k - 1] == "على":
                    return "future"  # "على أن يلعب ... الأحد"
                if e is not None:
                    if "fut" in e:
                        return "future"
                    if "past" in e:
                        best = "past"
                        return best
                w = p.N[k]
                if w[:1] in "وف" and len(w) > 5:
                    w = w[1:]
                if (len(w) >= 5 and w[0] == "س" and w[1] in "يتن" and w[2] != "ا" and w not in lex.not_future
                        and w[1:] not in lex.not_future):
                    return "future"
        return best

    def resolve(self, r: _Raw) -> tuple[str | None, str | None, str | None, bool] | None:
        """(value_start, value_end, precision, relative) or None to drop the match."""
        if r.count is not None and r.count > _MAX_COUNT.get(r.unit or "", 10_000):
            return None  # "منذ 2400 عام": an age, beyond the calendar rasd resolves
        got = self._resolve(r)
        if got is None:
            return None
        vs, ve, prec, rel = got
        if r.qual == "eve" and vs is not None:  # "عشية 5 تموز": the evening before
            vs, ve = vs - _DAY, ve - _DAY
        if vs is not None and prec == "day" and r.kind in ("date", "range"):
            self.last_day = vs
        return (vs.isoformat() if vs else None, ve.isoformat() if ve else None, prec, rel)

    def _direction(self, r: _Raw) -> tuple[str | None, bool]:
        if r.marker:
            return _MARKER_TENSE.get(r.marker), True
        return self.tense(r), False

    def _resolve(self, r: _Raw) -> tuple[Any, Any, str, bool] | None:
        pub = self.pub
        k = r.kind
        if k == "range":
            a, b = r.first, r.last
            assert a is not None and b is not None
            rb = self._resolve(b)
            if rb is None:
                return None
            if a.year is None and b.year is not None and rb[0] is not None:
                # the first part takes the year of the second (one back if its month is later)
                a.year = b.year - 1 if (a.month or 0) > (b.month or 0) else b.year
            elif a.year is None and rb[0] is not None and b.year is None:
                a.year = rb[0].year - 1 if (a.month or 0) > (b.month or 0) else rb[0].year
                if a.cal == "hijri":
                    a.year = None  # resolved below from the publication date
            ra = self._resolve(a)
            if ra is None:
                return None
            prec = "day" if a.kind == "date" else "month"
            if ra[0] is None or rb[1] is None:
                return None, None, prec, True
            return min(ra[0], rb[0]), max(ra[1], rb[1]), prec, ra[3] or rb[3]
        if k == "date":
            if r.cal == "hijri":
                return self._hijri_days(r)
            d0, d1 = r.days[0], r.days[-1]
            m = r.month
            assert m is not None
            if r.year is not None:
                if d1 > calendar.monthrange(r.year, m)[1]:
                    return None
                return _dt.date(r.year, m, d0), _dt.date(r.year, m, d1), "day", False
            if pub is None:
                return None, None, "day", True
            if r.yshift is not None:
                y = pub.year + r.yshift
                if d1 > calendar.monthrange(y, m)[1]:
                    return None
                return _dt.date(y, m, d0), _dt.date(y, m, d1), "day", True
            tense, strict = self._direction(r)
            cands = []
            for y in (pub.year - 1, pub.year, pub.year + 1):
                if d1 <= calendar.monthrange(y, m)[1]:
                    cands.append((_dt.date(y, m, d0), _dt.date(y, m, d1)))
            if r.wd is not None:  # "الخميس 14 مارس": the year where 14 March is a Thursday
                same = [c for c in cands if c[0].weekday() == r.wd]
                if same:
                    cands = same
                    tense, strict = None, False
            got = _pick(cands, pub, tense, strict)
            return (got[0], got[1], "day", True) if got else None
        if k == "mdate" and r.marker == "same":
            prev = self.last_day
            if prev is None or r.days[-1] > calendar.monthrange(prev.year, prev.month)[1]:
                return None
            y, m = prev.year, prev.month
            return _dt.date(y, m, r.days[0]), _dt.date(y, m, r.days[-1]), "day", False
        if k == "mdate":
            if pub is None:
                return None, None, "day", True
            shift = {"past": -1, "future": 1}.get(r.marker or "", 0)
            y, m = _add_months(pub.year, pub.month, shift)
            last = calendar.monthrange(y, m)[1]
            if r.days[-1] > last:
                return None
            return _dt.date(y, m, r.days[0]), _dt.date(y, m, r.days[-1]), "day", True
        if k == "month":
            if r.cal == "hijri":
                return self._hijri_month(r)
            m = r.month
            assert m is not None
            if r.year is not None:
                a, b = _month_range(r.year, m)
                return a, b, "month", False
            if pub is None:
                return None, None, "month", True
            if r.yshift is not None:
                a, b = _month_range(pub.year + r.yshift, m)
                return a, b, "month", True
            tense, strict = self._direction(r)
            cands = [_month_range(y, m) for y in (pub.year - 1, pub.year, pub.year + 1)]
            got = _pick(cands, pub, tense, strict)
            assert got is not None
            return got[0], got[1], "month", True
        if k == "year":
            y2 = r.year2 or r.year
            assert r.year is not None and y2 is not None
            if not r.era and r.cal == "gregorian" and pub is not None and 1300 <= r.year <= 1500:
                # "منذ العام 1432" in a text of 2015: a Hijri year (the Hijri years of the half
                # century up to publication); "عام 1453" stays Gregorian
                hy = _hijri_year_of(pub)
                if hy - 50 <= r.year <= hy + 1 and y2 <= hy + 1:
                    r.cal = "hijri"
            if r.cal == "hijri":
                a = _hijri_to_g(r.year, 1, 1)
                ln = _hijri_month_len(y2, 12)
                b = _hijri_to_g(y2, 12, ln) if ln else None
                if a is None or b is None:
                    return None, None, "year", False  # outside 1343-1500 AH: kept, not converted
                return a, b, "year", False
            return _dt.date(r.year, 1, 1), _dt.date(y2, 12, 31), "year", False
        # everything below needs the publication date
        if pub is None:
            prec = {"rel": "day", "weekday": "day", "offset": r.unit, "relunit": r.unit}.get(k, "day")
            if prec == "hour":
                prec = "day"
            return None, None, prec or "day", True
        if k == "rel":
            d = pub + r.offset * _DAY
            if r.wd is not None and d.weekday() != r.wd:
                # "اليوم الأحد" in a text dated Tuesday: the article was written earlier than its
                # date says (dates of scraping, time zones); the named weekday wins, looking back
                back = (d.weekday() - r.wd) % 7
                d = d - back * _DAY if back <= 5 else d + _DAY
            return d, d, "day", True
        if k == "weekday":
            assert r.wd is not None
            tense, strict = self._direction(r)
            pw = pub.weekday()
            if tense == "future":
                delta = (r.wd - pw) % 7
                if strict and delta == 0:
                    delta = 7
                d = pub + delta * _DAY
            else:
                delta = (pw - r.wd) % 7
                if strict and delta == 0:
                    delta = 7
                if r.marker == "past2":
                    delta += 7
                d = pub - delta * _DAY
            return d, d + (_DAY if r.wd2 is not None else 0 * _DAY), "day", True
        if k == "relunit":
            shift = {"past": -1, "future": 1, "past2": -2}.get(r.marker or "", 0)
            if r.unit == "week":
                monday = pub - pub.weekday() * _DAY + shift * 7 * _DAY
                return monday, monday + 6 * _DAY, "week", True
            if r.unit == "month":
                y, m = _add_months(pub.year, pub.month, shift)
                a, b = _month_range(y, m)
                return a, b, "month", True
            y = pub.year + shift
            return _dt.date(y, 1, 1), _dt.date(y, 12, 31), "year", True
        if k == "offset":
            sign = r.offset
            n = r.count
            if r.unit == "hour":
                days = 1 if n is None else (n + 12) // 24  # "منذ 48 ساعة": the two days before
                other = pub + sign * days * _DAY
                return (other, pub, "day", True) if sign < 0 else (pub, other, "day", True)
            if n is None:  # "قبل أيام"
                return (pub - 7 * _DAY, pub - _DAY, "week", True) if sign < 0 else \
                    (pub + _DAY, pub + 7 * _DAY, "week", True)
            if r.unit == "day":
                d = pub + sign * n * _DAY
                return d, d, "day", True
            if r.unit == "week":
                d = pub + sign * 7 * n * _DAY
                return d, d, "week", True
            if r.unit == "month":
                y, m = _add_months(pub.year, pub.month, sign * n)
                a, b = _month_range(y, m)
                return a, b, "month", True
            y = pub.year + sign * n
            return _dt.date(y, 1, 1), _dt.date(y, 12, 31), "year", True
        if k == "window":
            future = r.marker == "future"
            n = r.count
            u = r.unit
            if u == "hour":
                span_days = max(1, -(-(n or 24) // 24))
                prec = "day"
            elif u == "day":
                span_days = n or 7
                prec = "day" if n else "week"
            elif u == "week":
                span_days = 7 * (n or 4)
                prec = "week" if n else "month"
            elif u == "month":
                if n:
                    y, m = _add_months(pub.year, pub.month, n if future else -n)
                    other = _dt.date(y, m, min(pub.day, calendar.monthrange(y, m)[1]))
                    return (pub, other, "month", True) if future else (other, pub, "month", True)
                span_days, prec = 182, "month"
            else:
                y = pub.year + ((n or 2) if future else -(n or 2))
                other = _dt.date(y, pub.month, min(pub.day, calendar.monthrange(y, pub.month)[1]))
                return (pub, other, "year", True) if future else (other, pub, "year", True)
            if future:
                return pub, pub + span_days * _DAY, prec, True
            return pub - span_days * _DAY, pub, prec, True
        return None

    def _hijri_days(self, r: _Raw) -> tuple[Any, Any, str, bool] | None:
        m = r.month
        assert m is not None
        d0, d1 = r.days[0], r.days[-1]
        if r.year is not None:
            a, b = _hijri_to_g(r.year, m, d0), _hijri_to_g(r.year, m, d1)
            if a is None or b is None:
                if 1343 <= r.year <= 1500:
                    return None  # no such day (30 in a month of 29)
                return None, None, "day", False  # outside the range hijridate converts
            return a, b, "day", False
        if self.pub is None:
            return None, None, "day", True
        hy = _hijri_year_of(self.pub)
        cands = []
        for y in (hy - 1, hy, hy + 1):
            a, b = _hijri_to_g(y, m, d0), _hijri_to_g(y, m, d1)
            if a is not None and b is not None:
                cands.append((a, b))
        tense, strict = self._direction(r)
        got = _pick(cands, self.pub, tense, strict)
        return (got[0], got[1], "day", True) if got else None

    def _hijri_month(self, r: _Raw) -> tuple[Any, Any, str, bool] | None:
        m = r.month
        assert m is not None

        def rng(y: int) -> tuple[_dt.date, _dt.date] | None:
            ln = _hijri_month_len(y, m)
            if ln is None:
                return None
            a, b = _hijri_to_g(y, m, 1), _hijri_to_g(y, m, ln)
            return (a, b) if a and b else None

        if r.year is not None:
            got = rng(r.year)
            return (got[0], got[1], "month", False) if got else None
        if self.pub is None:
            return None, None, "month", True
        hy = _hijri_year_of(self.pub)
        cands = [c for c in (rng(y) for y in (hy - 1, hy, hy + 1)) if c]
        tense, strict = self._direction(r)
        got = _pick(cands, self.pub, tense, strict)
        return (got[0], got[1], "month", True) if got else None


# ---------------------------------------------------------------------------------------------
# the component and the stand-alone function
# ---------------------------------------------------------------------------------------------
def _start_offset(text: str, start: int, end: int, tnorm: str, plen: int) -> int:
    """Original offset of normalised character ``plen`` of a token (skips glued clitics)."""
    if plen == 0:
        return start
    s = text[start:end]
    if len(s) == len(tnorm):
        return start + plen
    seen = 0
    for i, ch in enumerate(s):
        if norm(ch):
            if seen == plen:
                return start + i
            seen += 1
    return start


def find_dates(doc: Doc, toks: _Toks | None = None) -> list[DateMention]:
    """Date mentions of a document that has tokens (does not modify ``doc``)."""
    if toks is None:
        if not doc.tokens:
            return []
        c = token_columns(doc)  # shared with the other components (built by the tokenizer)
        toks = _Toks(c.starts, c.ends, c.norms, c.kinds, c.sents)
    if not toks.N:
        return []
    parser = _Parser(toks, lexicon())
    raws = parser.scan()
    if not raws:
        return []
    resolver = _Resolver(parser, doc.published_date)
    out: list[DateMention] = []
    text = doc.text
    # a bare weekday at the end of a person's name ("عبدالله الجمعة"): when the NER layer ran
    # before, its PER spans of two words or more tell (a one-word PER "الجمعة" is not trusted:
    # a tagger may carry a family name over to the weekday); "الدكتور الجمعة" is the title rule
    persons = [(e.start, e.end) for e in doc.entities
               if e.label == "PER" and e.start is not None and e.text and " " in e.text.strip()]
    for r in raws:
        if persons and r.kind == "weekday" and r.marker is None and r.wd2 is None:
            a, b = toks.S[r.i0], toks.T[r.i1 - 1]
            if any(s <= a and b <= e for s, e in persons):
                continue
        got = resolver.resolve(r)
        if got is None:
            continue
        vs, ve, prec, relative = got
        i0 = r.i0
        start = _start_offset(text, toks.S[i0], toks.T[i0], toks.N[i0], parser.P[i0])
        end = toks.T[r.i1 - 1]
        cal = r.cal if r.kind in ("date", "month", "year", "range") else "gregorian"
        qual = "evening" if r.qual == "eve" else r.qual
        marked = r.last if r.kind == "range" and r.last is not None else r
        tense = _MARKER_TENSE.get(marked.marker or "") if marked.marker else resolver.tense(r)
        out.append(DateMention(start, end, text[start:end], vs, ve, prec, qual, relative, cal, tense=tense))
    return out


class DateResolver:
    """Pipeline component: fills ``doc.dates`` from the tokens (see the module docstring).

    If the entities layer ran before (the default order), PER names of two words or more that
    end in a weekday ("عبدالله الجمعة") are not taken as dates; nothing else is read from it.
    """

    name = "dates"
    reads: tuple[str, ...] = ("sentences", "tokens")
    sets: tuple[str, ...] = ("dates",)

    def __init__(self) -> None:
        lexicon()  # load once when the component is built, not at import

    def __call__(self, doc: Doc) -> Doc:
        doc.dates = find_dates(doc)
        if doc.published is None and any(d.relative and d.value_start is None for d in doc.dates):
            doc.warn(Warnings.W001)
        return doc


def resolve(text: str, published: str | _dt.date | None = None) -> list[DateMention]:
    """The date mentions of ``text`` resolved against ``published`` (YYYY-MM-DD or a date).

    Stand-alone: no pipeline needed. It tokenises with a light tokenizer of its own (no clitic
    segmentation, which the dates grammar does not use), so it is several times faster than
    running the text layer first; the mentions are the same.

    >>> [d.value_start for d in resolve("قتل ثلاثة أشخاص أمس", "2025-05-14")]
    ['2025-05-13']
    """
    doc = Doc(text, published=published)
    return find_dates(doc, _light(text))


_LIGHT_RE = re.compile(
    r"(?P<word>[\u0621-\u064a\u0671-\u06d3\u06fa-\u06ff]+)"
    r"|(?P<num>[0-9]+(?:[.,][0-9]+)*)"
    r"|(?P<latin>[A-Za-z\u00c0-\u024f]+(?:['’.-][A-Za-z]+)*)"
    r"|(?P<punct>[^\w\s])"
    r"|(?P<other>\S)"
)


def _light(text: str) -> _Toks:
    from bisect import bisect_right

    from ...text import normalize
    from ...text.sentences import split_sentences

    nt = normalize(text)
    ms = list(_LIGHT_RE.finditer(nt.text))
    N = [m.group() for m in ms]
    K = [m.lastgroup or "other" for m in ms]
    S = [m.start() for m in ms]
    T = [m.end() for m in ms]
    offs = nt.offsets
    if offs is not None:  # map back over removed marks; an end takes the marks that follow
        n = len(nt.text)
        size = len(text)
        S = [offs[a] for a in S]
        T = [offs[b] if b < n else size for b in T]
        T = [_trim_end(text, a, b) if text[b - 1].isspace() else b for a, b in zip(S, T)]
    bounds = [s.end for s in split_sentences(text)][:-1]
    Z = [bisect_right(bounds, a) for a in S] if bounds else [0] * len(S)
    return _Toks(S, T, N, K, Z)


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start + 1 and text[end - 1].isspace():
        end -= 1
    return end


def light_tokens(text: str) -> list[Token]:
    """Tokens with offsets, ``norm``, ``kind`` and ``sent`` only (what the dates grammar reads)."""
    t = _light(text)
    return [Token(a, b, text[a:b], w, kind=k, sent=z) for a, b, w, k, z in zip(t.S, t.T, t.N, t.K, t.Z)]


__all__ = ["DateResolver", "find_dates", "lexicon", "light_tokens", "resolve"]
