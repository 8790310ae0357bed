"""Actor linking: the curated actor dictionary, entity linking, person coreference and roles.

The component ``actors`` (class :class:`ActorLinker`) runs after the NER tagger and:

1. trims NER entities that swallowed a proclitic ("والعراق" -> "العراق", "لـ«حزب الله»" ->
   "حزب الله");
2. matches the actor dictionary (``rasd/resources/actors/*.yaml``) over the document's token
   stream with one Aho-Corasick automaton (built lazily, once per process). The stream is the
   tokens' clitic-stripped keys (conjunction/preposition removed, article kept, folded), joined by
   single spaces, so a match always falls on token boundaries and "وحماس"، "لحزب الله"،
   "بالجيش الإسرائيلي" match on the word proper. Longest match wins;
3. links NER entities whose span equals or contains an alias of a compatible kind (PER: persons,
   LOC: country names, ORG: organisations) and adds the dictionary matches the tagger missed,
   without creating overlapping duplicates (a longer dictionary match replaces the NER entities
   it contains: "الجيش" inside "الجيش الإسرائيلي");
4. links short person mentions to a fuller earlier one ("الحميداوي" -> "علي الحميداوي");
5. reads roles and affiliations from appositions ("المتحدث باسم «حركة النجباء»، حسين الموسوي"
   -> role spokesperson, affiliation IQ_NUJABA; "وزير الخارجية العراقي فؤاد حسين" -> foreign
   minister, IQ_MOFA);
6. fills ``latin``: the dictionary's English name, or a rule-based romanisation
   (:mod:`rasd.components.latin`) for persons and places not in it.

Country names (alias kind ``country``) stay LOC entities: they are places. They are linked to the
state's government actor id (``IQ_GOV``), so that "العراق يدين ..." can be read as the state
acting, with ``canonical`` the country's Arabic name, ``latin`` its English name and
``kind = "country"``. Descriptive and loaded terms ("الكيان الصهيوني"، "قوات الاحتلال") link to a
neutral canonical actor; the span keeps the source's words and ``inferred`` says
``descriptive`` or ``loaded``. With "لل" ("للأمم المتحدة") the article's alef is not written, so
the span starts at the article's lam ("لأمم المتحدة"), the closest the original text allows.

See docs/actors.md for the dictionary format; ``scripts/check_actors.py --bench N`` times the
component on news_sample.
"""

from __future__ import annotations

import re
import threading
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import compress
from operator import attrgetter
from pathlib import Path

from ..doc import Doc, Entity, Token
from ..errors import Errors, RasdError
from ..text import fold, fold_normalised
from ..text.tokens import token_columns

ACTOR_KINDS = (
    "government", "ministry", "military", "police/security", "armed group", "party", "militia",
    "intergovernmental body", "NGO", "media outlet", "person",
)
ALIAS_KINDS = ("name", "variant", "short", "acronym", "country", "descriptive", "loaded")
ALIAS_FLAGS = ("ner", "ambiguous")
_INFERRED_KINDS = {"descriptive", "loaded"}

# Quote marks and brackets are left out of the token stream ("حزب «الله»" = "حزب الله");
# other punctuation stays in it, so a match never runs across a comma or a full stop.
_SKIP_PUNCT = frozenset("«»\"'“”„‘’()[]{}‹›")
_OPEN_CLOSE = {"«": "»", "(": ")", "“": "”", "\"": "\"", "[": "]"}


# --------------------------------------------------------------------------------------------
# The dictionary
# --------------------------------------------------------------------------------------------
@dataclass(slots=True)
class Alias:
    ar: str
    kind: str = "variant"
    flag: str | None = None


@dataclass(slots=True)
class Actor:
    id: str
    name_ar: str
    name_en: str
    kind: str
    country: str | None = None
    role: str | None = None
    affiliation: str | None = None
    place_en: str | None = None
    place_ar: str | None = None
    demonyms: list[str] = field(default_factory=list)
    aliases: list[Alias] = field(default_factory=list)
    source: str = ""

    def all_aliases(self) -> list[Alias]:
        return [Alias(self.name_ar, "name")] + list(self.aliases)


def actors_dir() -> Path:
    from ..resources import resource_path

    return resource_path("actors")


def _parse_alias(raw: object, where: str) -> Alias:
    if isinstance(raw, str):
        parts = [p.strip() for p in raw.split("|")]
        ar = parts[0]
        kind = parts[1] if len(parts) > 1 and parts[1] else "variant"
        flag = parts[2] if len(parts) > 2 and parts[2] else None
    elif isinstance(raw, dict):
        ar = str(raw.get("ar", "")).strip()
        kind = raw.get("kind") or "variant"
        flag = raw.get("flag")
        if raw.get("ambiguous"):
            flag = "ambiguous"
    else:
        raise TypeError(f"{where}: alias must be a string or a mapping, got {raw!r}")
    if not ar:
        raise ValueError(f"{where}: empty alias")
    if kind not in ALIAS_KINDS:
        raise ValueError(f"{where}: alias {ar!r} has unknown kind {kind!r} (allowed: {', '.join(ALIAS_KINDS)})")
    if flag is not None and flag not in ALIAS_FLAGS:
        raise ValueError(f"{where}: alias {ar!r} has unknown flag {flag!r} (allowed: {', '.join(ALIAS_FLAGS)})")
    return Alias(ar, kind, flag)


def _yaml_loader(yaml):
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_actors(paths: Iterable[Path] | None = None) -> dict[str, Actor]:
    """Read and check the actor dictionary files (every ``*.yaml`` in ``resources/actors``).

    Raises :class:`RasdError` E204 on a malformed file, a missing field, an unknown kind or a
    duplicate id.
    """
    import yaml

    files = sorted(paths) if paths is not None else sorted(actors_dir().glob("*.yaml"))
    if not files:
        raise RasdError(Errors.E204, path=str(actors_dir()), reason="no *.yaml dictionary files found")
    actors: dict[str, Actor] = {}
    for path in files:
        path = Path(path)
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_yaml_loader(yaml))
        except (OSError, yaml.YAMLError) as exc:
            raise RasdError(Errors.E204, path=str(path), reason=f"cannot read: {exc}") from exc
        if not isinstance(data, dict) or not isinstance(data.get("actors"), list):
            raise RasdError(Errors.E204, path=str(path), reason="expected a mapping with an 'actors' list")
        for i, rec in enumerate(data["actors"]):
            where = f"actors[{i}]"
            try:
                if not isinstance(rec, dict):
                    raise TypeError(f"{where}: expected a mapping")
                for req in ("id", "name_ar", "name_en", "kind"):
                    if not rec.get(req):
                        raise ValueError(f"{where}: missing {req!r}")
                if rec.get("country") is not None and not isinstance(rec["country"], str):
                    raise ValueError(f"{where} ({rec['id']}): country must be an ISO code string, got "
                                     f"{rec['country']!r} (quote codes such as \"NO\")")
                if rec["kind"] not in ACTOR_KINDS:
                    raise ValueError(f"{where} ({rec['id']}): unknown kind {rec['kind']!r}")
                aliases = [_parse_alias(a, f"{where} ({rec['id']})") for a in rec.get("aliases") or []]
                actor = Actor(
                    id=str(rec["id"]), name_ar=str(rec["name_ar"]), name_en=str(rec["name_en"]),
                    kind=rec["kind"], country=rec.get("country"), role=rec.get("role"),
                    affiliation=rec.get("affiliation"), place_en=rec.get("place_en"),
                    place_ar=rec.get("place_ar"), demonyms=list(rec.get("demonyms") or []),
                    aliases=aliases, source=path.name,
                )
            except (ValueError, TypeError, AttributeError) as exc:
                raise RasdError(Errors.E204, path=str(path), reason=str(exc)) from exc
            if actor.id in actors:
                raise RasdError(Errors.E204, path=str(path), reason=f"duplicate id {actor.id!r}")
            actors[actor.id] = actor
    return actors


# --------------------------------------------------------------------------------------------
# Keys: the clitic-stripped, folded form of a token, shared by the dictionary and documents
# --------------------------------------------------------------------------------------------
# Token norms are already normalised; the keys fold ى->ي and ة->ه on top (rasd.text.fold_normalised).


def token_key(tok: Token) -> str | None:
    """The matching key of a token (None: left out of the stream)."""
    kind = tok.kind
    if kind == "word":
        base = ("ال" + tok.stem if tok.det else tok.stem) + tok.suffix
        return fold_normalised(base or tok.norm)
    if kind == "punct":
        return None if tok.text in _SKIP_PUNCT else tok.norm
    if kind == "latin":
        return tok.norm.lower()
    return tok.norm


_KEY_CACHE: dict[str, str | None] = {}
_MISS = object()
_NORM = attrgetter("norm")


def _stream(toks: list[Token], norms: list[str] | None = None,
            ) -> tuple[list[str | None], str, list[int]]:
    """Token keys, the matching stream (" k1 k2 ... ") and the indices of the tokens left out
    of it (keys None), in order: see :func:`_token_at`.

    Keys are cached per normalised word: the tokenizer's segmentation is a function of the
    normalised word, so the same word always gives the same key.
    """
    cache = _KEY_CACHE
    keys: list = list(map(cache.get, map(_NORM, toks) if norms is None else norms))
    # None: a token left out (cached so) or a word not seen yet. Few tokens are either, and
    # list.index finds them without a per-token test in Python
    gaps: list[int] = []
    if None in keys:
        if norms is None:
            norms = list(map(_NORM, toks))
        room = len(cache) < 500_000
        k = -1
        index = keys.index
        try:
            while True:
                k = index(None, k + 1)
                nrm = norms[k]
                key = cache.get(nrm, _MISS)  # cached since the first pass: a word seen twice
                if key is _MISS:
                    key = token_key(toks[k]) or None  # an empty key ("other" tokens) is left out too
                    if room:
                        cache[nrm] = key
                if key is None:
                    gaps.append(k)
                else:
                    keys[k] = key
        except ValueError:
            pass
    parts = list(filter(None, keys)) if gaps else keys
    return keys, " " + " ".join(parts) + " ", gaps


def _token_at(pos: int, gaps: list[int]) -> int:
    """The token of the ``pos``-th key of the stream, the tokens in ``gaps`` (sorted) being
    left out of it: the smallest t with t - (gaps up to t) == pos. (Mapping the few matches
    costs less than a position -> token list built for every token.)"""
    t = pos
    while True:
        nxt = pos + bisect_right(gaps, t)
        if nxt == t:
            return t
        t = nxt


def _raw_key(tok: Token) -> str:
    if tok.kind == "word":
        return fold_normalised(tok.norm)
    return tok.norm.lower() if tok.kind == "latin" else tok.norm


def alias_keys(text: str) -> list[tuple[str, str]]:
    """The automaton keys of an alias: (key, the prefix letters cut from its first word).

    Two forms: every word clitic-stripped, and the first word as written (so that a name
    that merely begins with a clitic letter, e.g. "فاغنر", matches "وفاغنر" too).
    """
    from ..text.tokens import tokenize

    toks = [t for t in tokenize(text) if not (t.kind == "punct" and t.text in _SKIP_PUNCT)]
    if not toks:
        return []
    keys = [token_key(t) or "" for t in toks]
    out = [(" ".join(keys), toks[0].prefix if toks[0].kind == "word" else "")]
    raw0 = _raw_key(toks[0])
    if raw0 != keys[0]:
        out.append((" ".join([raw0] + keys[1:]), ""))
    return out


_ABD_RE = re.compile(r"عبد (?=ال)")


@dataclass(slots=True)
class _Cand:
    actor_id: str
    alias_kind: str
    flag: str | None
    pre: int  # normalised prefix length that belongs to the alias's first word
    pre_text: str = ""  # those letters ("و" of "واس"): the document's token must have them too


class ActorDictionary:
    """The loaded dictionary and its Aho-Corasick automaton."""

    def __init__(self, actors: dict[str, Actor]) -> None:
        import ahocorasick

        self.actors = actors
        self.by_key: dict[str, list[_Cand]] = {}
        self.demonyms: dict[str, str] = {}  # folded nisba adjective -> iso2
        self.gov_of: dict[str, str] = {}  # iso2 -> government actor id
        for actor in actors.values():
            for alias in actor.all_aliases():
                forms = [alias.ar]
                if "عبد " in alias.ar:  # "عبد العزيز" is also written "عبدالعزيز"
                    forms.append(_ABD_RE.sub("عبد", alias.ar))
                for key, pre in (kp for form in forms for kp in alias_keys(form)):
                    if not key:
                        continue
                    cands = self.by_key.setdefault(key, [])
                    if any(c.actor_id == actor.id for c in cands):
                        continue
                    cands.append(_Cand(actor.id, alias.kind, alias.flag, len(pre), pre))
            if actor.kind == "government" and actor.place_en and actor.country:
                self.gov_of.setdefault(actor.country, actor.id)
                for d in actor.demonyms:
                    for key, _ in alias_keys(d):
                        self.demonyms.setdefault(key, actor.country)
        # keys whose candidates are all one actor: that actor's country (counted for context)
        self.single_country: dict[str, str | None] = {
            k: (actors[c[0].actor_id].country if len({x.actor_id for x in c}) == 1 else None)
            for k, c in self.by_key.items() if len(c) > 1}
        self.has_pre = frozenset(k for k, cands in self.by_key.items() if any(c.pre for c in cands))
        self.automaton = ahocorasick.Automaton()
        for key in self.by_key:
            self.automaton.add_word(f" {key} ", key)
        self.automaton.make_automaton()

    def country_name(self, actor: Actor) -> str | None:
        for a in actor.aliases:
            if a.kind == "country":
                return a.ar
        return actor.place_ar


_DICT: ActorDictionary | None = None
_LOCK = threading.Lock()


def get_dictionary() -> ActorDictionary:
    """The process-wide dictionary (loaded on first use)."""
    global _DICT
    if _DICT is None:
        with _LOCK:
            if _DICT is None:
                _DICT = ActorDictionary(load_actors())
    return _DICT


# --------------------------------------------------------------------------------------------
# Roles from appositions
# --------------------------------------------------------------------------------------------
# Folded token keys -> role (a second word may refine it, see _role_at).
_ROLE_HEADS = {
    "المتحدث": "spokesperson", "متحدث": "spokesperson", "الناطق": "spokesperson",
    "ناطق": "spokesperson", "المتحدثه": "spokesperson", "الناطقه": "spokesperson",
    "متحدثه": "spokesperson", "ناطقه": "spokesperson",
    "وزير": "minister", "وزيره": "minister", "الوزير": "minister", "الوزيره": "minister",
    "رئيس": "head", "رئيسه": "head", "الرئيس": "president", "الرئيسه": "president",
    "الملك": "king", "الامير": "prince", "امير": "emir", "السلطان": "sultan",
    "قائد": "commander", "القائد": "commander", "زعيم": "leader", "الزعيم": "leader",
    "الامين": "secretary-general", "امين": "secretary-general",
    "نائب": "deputy", "سفير": "ambassador", "السفير": "ambassador", "سفيره": "ambassador",
    "مدير": "director", "المدير": "director", "مديره": "director",
    "المبعوث": "envoy", "مبعوث": "envoy", "المبعوثه": "envoy",
    "مستشار": "adviser", "المستشار": "adviser", "القيادي": "senior member", "قيادي": "senior member",
    "عضو": "member", "محافظ": "governor", "المحافظ": "governor",
    "مسؤول": "official", "المسؤول": "official", "النائب": "member of parliament",
    "مراسل": "correspondent", "المراسل": "correspondent", "مفوض": "commissioner",
    "المفوض": "commissioner", "منسق": "coordinator", "المنسق": "coordinator",
    "ولي": "crown prince",
    # feminine forms (folded ة -> ه) and a few more offices
    "منسقه": "coordinator", "المنسقه": "coordinator", "مفوضه": "commissioner", "المفوضه": "commissioner",
    "مستشاره": "adviser", "المستشاره": "adviser", "مبعوثه": "envoy", "قائده": "commander",
    "وكيل": "undersecretary", "الوكيل": "undersecretary",
}
_MINISTRIES = {
    "الخارجيه": ("foreign minister", "MOFA"), "الدفاع": ("defence minister", "MOD"),
    "الداخليه": ("interior minister", "MOI"), "الصحه": ("health minister", "MOH"),
    "الماليه": ("finance minister", None), "العدل": ("justice minister", None),
    "الاعلام": ("information minister", None), "النفط": ("oil minister", None),
    "الحرب": ("secretary of war", "MOD"),
}
_HEAD_OF = {
    "الوزراء": "prime minister", "الحكومه": "prime minister", "الجمهوريه": "president",
    "البرلمان": "speaker of parliament", "مجلس": "head", "اركان": "chief of staff",
    "هيئه": "chief", "الاركان": "chief of staff", "الدوله": "president", "المجلس": "head",
    "حكومه": "prime minister", "وزراء": "prime minister",
}
# Read roles that say less than a dictionary person's own office ("رئيس مجلس السيادة" is "head"
# of it; the dictionary knows he is "chairman of the sovereignty council"): the dictionary's stays.
_GENERIC_ROLES = frozenset({"head", "chief", "commissioner", "official", "member", "leader", "minister",
                            "director", "senior member"})
# Nouns of soldiers, weapons and fire before a loaded name of a state ("جرافات الاحتلال",
# "قصف الاحتلال"): the army is meant.
_FORCE_NOUNS = frozenset(fold(w) for w in (
    "جنود", "جندي", "جرافات", "جرافة", "آليات", "آلية", "دبابات", "دبابة", "طائرات", "طائرة", "مسيرات",
    "مسيرة", "مدفعية", "بوارج", "زوارق", "قناصة", "قناص", "وحدات", "عناصر", "طيران", "مروحيات",
    "قصف", "غارات", "غارة", "نيران", "رصاص", "قذائف", "صواريخ", "اقتحام", "اقتحامات", "حواجز", "حاجز",
))
_CHANCELLOR_NISBAS = frozenset(fold(w) for w in ("الألماني", "الألمانية", "النمساوي", "النمساوية"))
# "المتحدث باسمها": the office of the organisation named just before
_PRONOUN_NAME = frozenset({"اسمه", "اسمها", "اسمهم"})
_MILITARY_WORDS = frozenset({"العسكري", "العسكريه"})
_TITLES = frozenset(fold(w) for w in (
    "الرئيس", "الشيخ", "السيد", "الدكتور", "العميد", "اللواء", "العقيد", "المقدم", "الرائد",
    "النقيب", "الفريق", "المشير", "الجنرال", "الأمير", "الملك", "السلطان", "الحاج", "المهندس",
    "الأستاذ", "القاضي", "الإمام", "آية", "الله", "السيدة", "الدكتورة", "المستشار", "الوزير",
    "العماد", "الملازم", "الشيخة", "الأميرة",
))
# Titles left out of a person's span ("المشير خليفة حفتر" -> "خليفة حفتر"): not "آية الله".
_SPAN_TITLES = _TITLES - frozenset(fold(w) for w in ("آية", "الله"))
# Verbs that a tagger takes for a first name before a known person ("ورد سموتريتش",
# "وطالب مصطفى" after "محمد مصطفى"): left out when the rest is that person.
_VERB_KEYS = frozenset(fold(w) for w in (
    "قال", "قالت", "أكد", "أكدت", "أضاف", "أضافت", "طالب", "طالبت", "رد", "ردت", "ورد", "دعا", "دعت",
    "أعلن", "أعلنت", "اتهم", "اتهمت", "حذر", "حذرت", "نفى", "نفت", "أشار", "أشارت", "أوضح", "أوضحت",
    "كشف", "كشفت", "شدد", "شددت", "زعم", "زعمت", "اعتبر", "اعتبرت", "رأى", "تابع", "تابعت", "وصف",
    "وصفت", "رحب", "رحبت", "انتقد", "انتقدت", "هدد", "هددت", "أفاد", "أفادت", "تعهد", "تعهدت",
))


# Words that end a role phrase when reading back from a name (complementisers, relatives,
# speech verbs): what lies before them is another clause.
_CLAUSE_WORDS = frozenset(fold(w) for w in (
    "أن", "إن", "أنه", "إنه", "أنها", "إنها", "بأن", "لأن", "الذي", "التي", "الذين", "اللذين",
    "قال", "قالت", "أعلن", "أعلنت", "أكد", "أكدت", "أضاف", "أضافت", "ذكر", "ذكرت", "أوضح",
    "أوضحت", "صرح", "صرحت", "أفاد", "أفادت", "نفى", "نفت", "اتهم", "اتهمت", "التقى", "استقبل",
    "حيث", "عندما", "حين", "بعد", "قبل", "كما", "لكن", "ثم", "أو",
))
_OFFICE_WORDS = frozenset(_MINISTRIES) | frozenset(_HEAD_OF) | frozenset(fold(w) for w in (
    "العام", "العامة", "الأعلى", "الرسمي", "الرسمية", "العسكري", "العسكرية", "الخاص", "الخاصة",
    "الأول", "الثاني", "الأممي", "الأممية", "السابق", "الأسبق", "الأمن", "القومي", "الوطني", "العهد",
))
_POSTING_WORDS = frozenset(fold(w) for w in ("إلى", "لدى", "في"))
_UN_WORDS = frozenset(fold(w) for w in ("الأممي", "الأممية", "الأمم"))
_LINEAGE = frozenset({"بن", "ابن", "بنت", "ال", "ولد"})
_TITLE_LIKE = _TITLES | frozenset(_ROLE_HEADS) | frozenset(fold(w) for w in (
    "ولي", "العهد", "النائب", "الثاني", "الأول", "خادم", "الحرمين", "الشريفين", "سمو", "صاحب",
    "السمو", "الملكي", "الوزراء", "الدولة", "الجمهورية", "الخارجية", "الدفاع", "الداخلية", "المرشد",
    "الأعلى", "الحكومة", "العام", "السابق", "الأسبق", "المخلوع", "الراحل", "فخامة", "معالي", "جلالة",
    "حضرة", "سماحة", "المشير", "الزعيم", "الأمين", ",", "-",
))
_STATE_WORDS = frozenset(fold(w) for w in ("دولة", "جمهورية", "مملكة", "سلطنة", "إمارة", "بلاد", "ولاية"))
_OUTLET_WORDS = frozenset(fold(w) for w in (
    "قناة", "صحيفة", "موقع", "شبكة", "وكالة", "تلفزيون", "إذاعة", "جريدة", "مجلة", "تنظيم",
    "جماعة", "حركة", "فضائية", "منظمة",
))


# --------------------------------------------------------------------------------------------
# The component
# --------------------------------------------------------------------------------------------
@dataclass(slots=True)
class _Match:
    i: int  # first token index
    j: int  # last token index (inclusive)
    key: str
    cands: list[_Cand]


def _label_for(actor: Actor, alias_kind: str) -> str:
    if alias_kind == "country":
        return "LOC"
    if actor.kind == "person":
        return "PER"
    return "ORG"


def _compatible(label: str | None, actor: Actor, alias_kind: str) -> bool:
    if label == "PER":
        return actor.kind == "person"
    if label == "LOC":
        return alias_kind == "country"
    if label == "ORG":
        return actor.kind != "person" and alias_kind != "country"
    return False


class ActorLinker:
    name = "actors"
    reads: tuple[str, ...] = ("tokens", "entities")
    sets: tuple[str, ...] = ("entities",)

    def __init__(self, dictionary: ActorDictionary | None = None) -> None:
        self._dict = dictionary

    @property
    def dictionary(self) -> ActorDictionary:
        if self._dict is None:
            self._dict = get_dictionary()
        return self._dict

    def __getstate__(self) -> dict:
        # the shipped dictionary is reloaded in the receiving process (batch workers); a custom
        # one travels with the component
        return {"_dict": None if self._dict is None or self._dict is _DICT else self._dict}

    def __setstate__(self, state: dict) -> None:
        self._dict = state.get("_dict")

    # -- entry point ---------------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        toks = doc.tokens
        if not toks:
            return doc
        d = self.dictionary
        # 1. the token stream and the dictionary matches
        cols = token_columns(doc)
        keys, stream, gaps = _stream(toks, cols.norms)
        matches, all_matches = self._match(toks, stream, gaps, d)
        if not matches and not doc.entities:
            return doc

        # 2. NER entities: trim clitics, map to token ranges
        ents: list[tuple[Entity, int, int]] = []
        untouched: list[Entity] = []  # no offsets, or no token inside: kept as they are
        for ent in doc.entities:
            if ent.start is None or ent.end is None:
                untouched.append(ent)
                continue
            rng = self._token_range(cols, ent.start, ent.end)
            if rng is None:
                untouched.append(ent)
                continue
            i, j = rng
            # leading clitic-only tokens and punctuation ("لـ«")
            while i < j and (toks[i].kind == "punct" or (toks[i].kind == "word" and not toks[i].stem
                                                         and toks[i].prefix)):
                i += 1
            while j > i and toks[j].kind == "punct" and toks[j].text not in _OPEN_CLOSE.values():
                j -= 1
            ents.append((ent, i, j))

        covered: list[int] = [-1] * len(toks)  # token -> index into ents
        for n, (_ent, i, j) in enumerate(ents):
            for k in range(i, j + 1):
                if covered[k] == -1:
                    covered[k] = n

        # 3. resolve the candidates of each match (ambiguity in context)
        countries: dict[str, int] = {}
        single = d.single_country
        for m in matches:
            cc = single.get(m.key) if len(m.cands) > 1 else d.actors[m.cands[0].actor_id].country
            if cc:
                countries[cc] = countries.get(cc, 0) + 1

        new_entities: list[Entity] = []
        ranges: dict[int, tuple[int, int]] = {}  # id(entity) -> token range
        linked: dict[int, tuple[_Match, _Cand]] = {}  # ents index -> match
        by_containment: set[int] = set()  # linked through an alias inside a longer entity
        removed: set[int] = set()
        for m in matches:
            cand = self._choose(m.cands, countries)
            if cand is None:
                continue
            actor = d.actors[cand.actor_id]
            inside = {covered[k] for k in range(m.i, m.j + 1) if covered[k] != -1}
            if not inside:
                if cand.flag == "ner":
                    continue
                ent = self._make_entity(doc, toks, m, cand, actor, None)
                ranges[id(ent)] = (m.i, m.j)
                new_entities.append(ent)
                continue
            # NER entities overlapping the match
            contained = all(ents[n][1] >= m.i and ents[n][2] <= m.j for n in inside)
            if len(inside) == 1:
                n = next(iter(inside))
                ent, ei, ej = ents[n]
                if ei == m.i and ej == m.j:  # the same span
                    if _compatible(ent.label, actor, cand.alias_kind) or (
                        cand.flag != "ner" and ent.label in (None, "MISC")
                    ) or (cand.alias_kind == "country" and ent.label == "ORG"):
                        linked[n] = (m, cand)
                    elif cand.flag != "ner" and actor.kind != "person" and ent.label in ("PER", "LOC"):
                        linked[n] = (m, cand)  # the dictionary knows better: relabel
                    continue
                if ei <= m.i and ej >= m.j:  # the entity contains the alias
                    if (n not in linked and _compatible(ent.label, actor, cand.alias_kind)
                            and self._contained_ok(ent.label, keys, ei, ej, m, cand)):
                        linked[n] = (m, cand)
                        by_containment.add(n)
                    elif (n not in linked and ent.label == "PER" and actor.kind == "person" and ej == m.j
                          and ei < m.i and all(keys[k] in _VERB_KEYS or not keys[k] for k in range(ei, m.i))):
                        ents[n] = (ent, m.i, ej)  # "ورد سموتريتش": the verb is not part of the name
                        linked[n] = (m, cand)
                    continue
            if contained and cand.flag != "ner":
                # the dictionary match is longer: it replaces the NER entities inside it
                removed.update(inside)
                ent = self._make_entity(doc, toks, m, cand, actor, None)
                ranges[id(ent)] = (m.i, m.j)
                new_entities.append(ent)
                continue
            if len(inside) == 1 and cand.flag != "ner" and m.j > m.i:
                n = next(iter(inside))
                ent, ei, ej = ents[n]
                if ei < m.i <= ej < m.j and ent.label in ("ORG", "PER", "MISC"):
                    # a name of two words or more that begins inside the tagger's entity and ends
                    # after it ("... معمر الإرياني ميليشيا| الحوثي"): the entity stops before it
                    ents[n] = (ent, ei, m.i - 1)
                    ent2 = self._make_entity(doc, toks, m, cand, actor, None)
                    ranges[id(ent2)] = (m.i, m.j)
                    new_entities.append(ent2)
            # other crossing spans: keep the tagger's entities

        # NER entities that a longer, crossing match left unlinked: an alias inside them
        # ("سلمان بن عبدالعزيز آل سعود" after "الملك سلمان بن عبدالعزيز" took the tokens)
        if len(all_matches) > len(matches):
            for n, (ent, ei, ej) in enumerate(ents):
                if n in linked or n in removed or ent.label not in ("PER", "ORG", "LOC"):
                    continue
                best = None
                for m in all_matches:
                    if m.i >= ei and m.j <= ej and (best is None or m.j - m.i > best[0].j - best[0].i):
                        cand = self._choose(m.cands, countries)
                        if (cand is not None and _compatible(ent.label, d.actors[cand.actor_id], cand.alias_kind)
                                and self._contained_ok(ent.label, keys, ei, ej, m, cand)):
                            best = (m, cand)
                if best is not None:
                    linked[n] = best
                    if (best[0].i, best[0].j) != (ei, ej):
                        by_containment.add(n)

        if len(matches) > 1:
            self._split_lists(doc, toks, ents, matches, countries, linked, removed, ranges, new_entities)
        if by_containment:
            self._split_names(doc, toks, keys, ents, linked, by_containment, ranges, new_entities)

        out: list[Entity] = []
        weak_heads = {id(ents[n][0]) for n in by_containment}
        for n, (ent, i, j) in enumerate(ents):
            if n in removed:
                continue
            ranges[id(ent)] = (i, j)
            first = toks[i]
            if first.start != ent.start or first.prefix or toks[j].end < ent.end:
                self._trim(doc, toks, ent, i, j, linked.get(n))
            if n in linked:
                m, cand = linked[n]
                self._link(ent, d.actors[cand.actor_id], cand, relabel=True)
            out.append(ent)
        out.extend(new_entities)
        out.extend(untouched)
        out.sort(key=lambda e: (e.start if e.start is not None else -1, -(e.end or 0)))

        # 4. persons: titles out of the span, coreference, surname mentions the tagger missed,
        # roles, latin; "جرافات الاحتلال": the occupying state's army, not its government
        for e in out:
            if e.inferred == "loaded" and e.kind == "government" and e.country:
                rng = ranges.get(id(e))
                if rng is not None and rng[0] > 0 and keys[rng[0] - 1] in _FORCE_NOUNS \
                        and toks[rng[0] - 1].kind == "word" and f"{e.country}_MIL" in d.actors:
                    self._link(e, d.actors[f"{e.country}_MIL"], _Cand(f"{e.country}_MIL", "loaded", None, 0),
                               relabel=False)
            elif e.label == "PER":
                rng = ranges.get(id(e))
                if rng is not None and rng[0] < rng[1] and keys[rng[0]] in _SPAN_TITLES:
                    # "الرئيس الأمريكي دونالد ترامب" -> "دونالد ترامب": titles, offices, nisbas
                    i, j = rng
                    while i < j and (keys[i] in _SPAN_TITLES or keys[i] in _TITLE_LIKE or keys[i] in d.demonyms):
                        i += 1
                    if toks[i].kind == "word" and toks[i].start > e.start:
                        ranges[id(e)] = (i, j)
                        e.start = toks[i].start
                        e.text = doc.text[e.start:e.end]
        if any(e.label == "PER" for e in out):
            self._persons(doc, toks, keys, out, ranges, weak_heads)
        romanize = None
        for ent in out:
            if ent.latin is None and ent.text and ent.label in ("PER", "LOC"):
                if romanize is None:
                    from .latin import romanize
                ent.latin = romanize(ent.canonical or ent.text) or None
        doc.entities = out
        return doc

    # -- matching ------------------------------------------------------------------------------
    @staticmethod
    def _match(toks: list[Token], stream: str, gaps: list[int], d: ActorDictionary):
        """Dictionary matches over the stream: (longest first without overlaps, all)."""
        found: list[_Match] = []
        by_key = d.by_key
        has_pre = d.has_pre
        spaces = 0  # spaces in stream[:at]
        at = 0
        count = stream.count
        for e, key in d.automaton.iter(stream):
            # the pattern is " key " and token keys hold no spaces: a match is aligned on tokens,
            # and the number of spaces before the key's start is its position in the stream plus
            # one (matches come by end offset; each start is counted from the previous one)
            s = e - len(key)
            if s >= at:
                spaces += count(" ", at, s)
            else:
                spaces -= count(" ", s, at)
            at = s
            pos = spaces - 1
            last = pos + key.count(" ")
            i = _token_at(pos, gaps) if gaps else pos
            cands = by_key[key]
            if key in has_pre:
                # an alias whose first word begins with clitic letters ("واس", "سانا") matches
                # only a token that has those letters ("أنا" is not "سانا")
                prefix = toks[i].prefix
                cands = [c for c in cands if not c.pre or prefix.endswith(c.pre_text)]
                if not cands:
                    continue
            found.append(_Match(i, _token_at(last, gaps) if gaps else last, key, cands))
        if not found:
            return found, found
        if len(found) > 1:
            found.sort(key=lambda m: (m.i - m.j, m.i, -len(m.key)))
            taken = bytearray(len(toks) + 1)
            out: list[_Match] = []
            for m in found:
                if m.i == m.j:
                    if taken[m.i]:
                        continue
                    taken[m.i] = 1
                else:
                    if 1 in taken[m.i:m.j + 1]:
                        continue
                    taken[m.i:m.j + 1] = b"\x01" * (m.j - m.i + 1)
                out.append(m)
            out.sort(key=lambda m: m.i)
            return out, found
        return found, found

    def _split_names(self, doc, toks, keys, ents, linked, by_containment, ranges, new_entities) -> None:
        """A tagger's ORG entity that is an organisation's name followed by a person's
        ("الاتحاد الوطني الكردستاني غياث السورجي"): the organisation, and a PER entity for the
        words after it (two to four plain words, the first without article or proclitic)."""
        d = self.dictionary
        for n in sorted(by_containment):
            if n not in linked:  # split into dictionary names already
                continue
            ent, ei, ej = ents[n]
            m, cand = linked[n]
            if ent.label != "ORG" or m.i != ei or not (2 <= ej - m.j <= 4):
                continue
            if d.actors[cand.actor_id].kind == "person" or cand.alias_kind == "country":
                continue
            tail = range(m.j + 1, ej + 1)
            t0 = toks[m.j + 1]
            if t0.det or t0.prefix or any(toks[k].kind != "word" or keys[k] in _TITLE_LIKE
                                          or keys[k] in d.demonyms or keys[k] in d.by_key for k in tail):
                continue
            ents[n] = (ent, ei, m.j)
            by_containment.discard(n)
            per = Entity(t0.start, toks[ej].end, doc.text[t0.start:toks[ej].end], label="PER")
            ranges[id(per)] = (m.j + 1, ej)
            new_entities.append(per)

    def _split_lists(self, doc, toks, ents, matches, countries, linked, removed, ranges, new_entities) -> None:
        """A tagger's ORG/LOC entity that is two or more dictionary names and nothing else
        ("الاتحاد الأفريقي وإيغاد", "مصر والأردن"): one entity per name."""
        d = self.dictionary
        mi = 0
        for n, (ent, ei, ej) in enumerate(ents):
            if n in removed or ent.label not in ("ORG", "LOC") or ej == ei:
                continue
            while mi < len(matches) and matches[mi].i < ei:
                mi += 1
            inside = []
            k = mi
            pos = ei
            while k < len(matches) and matches[k].i == pos and matches[k].j <= ej:
                inside.append(matches[k])
                pos = matches[k].j + 1
                k += 1
            if len(inside) < 2 or pos != ej + 1:
                continue
            chosen = [(m, self._choose(m.cands, countries)) for m in inside]
            if any(c is None or c.flag == "ner" for _, c in chosen):
                continue
            removed.add(n)
            linked.pop(n, None)
            for m, cand in chosen:
                e2 = self._make_entity(doc, toks, m, cand, d.actors[cand.actor_id], None)
                ranges[id(e2)] = (m.i, m.j)
                new_entities.append(e2)

    def _choose(self, cands: list[_Cand], countries: dict[str, int]) -> _Cand | None:
        """One candidate for a match; an alias shared by several actors is resolved by the
        countries of the other actors named in the document, or left unresolved (None)."""
        if len(cands) == 1:
            return cands[0]
        d = self.dictionary
        scored = sorted(((countries.get(d.actors[c.actor_id].country or "", 0), k) for k, c in enumerate(cands)),
                        reverse=True)
        # the country must also be the document's most named one: a Saudi report on "الدفاع
        # المدني" that names Syria once is not about the Syrian civil defence
        if scored[0][0] > 0 and (len(scored) == 1 or scored[0][0] > scored[1][0]) \
                and scored[0][0] == max(countries.values()):
            return cands[scored[0][1]]
        plain = [c for c in cands if c.flag != "ambiguous"]
        return plain[0] if len(plain) == 1 else None

    def _contained_ok(self, label: str | None, keys, ei: int, ej: int, m: _Match, cand: _Cand) -> bool:
        """May an entity [ei, ej] be linked through the alias m strictly inside it?

        Persons: the words before the alias are titles or roles ("الرئيس الأمريكي دونالد
        ترامب") and the words after it continue the lineage ("... بن عبدالعزيز آل سعود") or are
        titles; so "سلطان بن سلمان بن عبدالعزيز" is not Salman and "بخيت العامري" not Hadi
        al-Amiri. Places: only a state word before ("دولة قطر"), nothing after ("أمريكا
        اللاتينية" is not the US). An alias that is also a common word ("العربية") only with an
        outlet or group word before it and nothing after.
        """
        before = [k for k in keys[ei:m.i] if k]
        after = [k for k in keys[m.j + 1:ej + 1] if k]
        if not before and not after:
            return True
        if cand.flag == "ner":
            return not after and all(k in _OUTLET_WORDS for k in before)
        if label == "PER":
            demonyms = self.dictionary.demonyms
            if not all(k in _TITLE_LIKE or k in demonyms for k in before):
                return False
            return not after or after[0] in _LINEAGE or all(k in _TITLE_LIKE or k in demonyms for k in after)
        if label == "LOC":
            return not after and all(k in _STATE_WORDS for k in before)
        return True

    @staticmethod
    def _token_range(cols, start: int, end: int):
        """Token indices [i, j] of the span [start, end): i the token starting at ``start``, or
        else the first one ending after it; j the last one starting before ``end``. None when
        no token starts before ``end``. (Tokens are in order and do not overlap: both the
        starts and the ends are sorted.)"""
        starts = cols.starts
        i = bisect_left(starts, start)
        if i == len(starts) or starts[i] != start:
            i = bisect_right(cols.ends, start)  # the entity starts inside a token
            if i == len(starts):
                return None
        if starts[i] >= end:
            return None
        return i, max(i, bisect_left(starts, end) - 1)

    # -- spans ---------------------------------------------------------------------------------
    @staticmethod
    def _strip_offset(tok: Token, n: int) -> int:
        """Original offset after the first ``n`` normalised characters of ``tok``."""
        if n <= 0:
            return tok.start
        seen = 0
        text = tok.text
        for idx, ch in enumerate(text):
            if _is_mark(ch):
                continue
            if seen == n:
                return tok.start + idx
            seen += 1
        return tok.end

    def _span_of(self, doc: Doc, toks: list[Token], i: int, j: int, pre_keep: int) -> tuple[int, int]:
        first = toks[i]
        strip = len(first.prefix) - pre_keep if first.kind == "word" else 0
        start = self._strip_offset(first, strip) if strip > 0 else first.start
        end = toks[j].end
        # close a quote or bracket opened inside the span
        text = doc.text
        inner = text[start:end]
        for o, c in _OPEN_CLOSE.items():
            if end >= len(text) or text[end] != c:
                continue
            if (o != c and inner.count(o) > inner.count(c)) or (o == c and inner.count(o) % 2 == 1):
                end += 1
                break
        return start, end

    def _make_entity(self, doc: Doc, toks, m: _Match, cand: _Cand, actor: Actor, label) -> Entity:
        start, end = self._span_of(doc, toks, m.i, m.j, cand.pre)
        ent = Entity(start, end, doc.text[start:end], label=label or _label_for(actor, cand.alias_kind))
        self._link(ent, actor, cand, relabel=False)
        return ent

    def _trim(self, doc: Doc, toks, ent: Entity, i: int, j: int, link) -> None:
        """Move the entity's start past a proclitic (and quote marks), keep its end."""
        first = toks[i]
        start = ent.start
        start = max(start, first.start)
        if first.kind == "word" and first.prefix:
            if link is not None and link[0].i == i:
                # the dictionary says how much of the prefix belongs to the name: "واس" is the
                # agency's acronym, not و + اس (this may move the start back within the token)
                start = self._strip_offset(first, max(0, len(first.prefix) - link[1].pre))
            elif first.det and start == first.start:  # و/ب/ل/ك/ف + ال: a clitic for sure
                start = self._strip_offset(first, len(first.prefix))
        end = ent.end
        if toks[j].end < end and j >= i:
            end = max(toks[j].end, start)
        if (start, end) != (ent.start, ent.end):
            ent.start, ent.end = start, end
            ent.text = doc.text[start:end]

    def _link(self, ent: Entity, actor: Actor, cand: _Cand, relabel: bool) -> None:
        d = self.dictionary
        ent.actor_id = actor.id
        ent.country = actor.country
        if cand.alias_kind == "country":
            ent.canonical = d.country_name(actor) or actor.name_ar
            ent.latin = actor.place_en or actor.name_en
            ent.kind = "country"
            if relabel and ent.label != "ORG":  # an ORG country name: the tagger saw the state act
                ent.label = "LOC"
        else:
            ent.canonical = actor.name_ar
            ent.latin = actor.name_en
            ent.kind = actor.kind
            if relabel and not _compatible(ent.label, actor, cand.alias_kind):
                ent.label = _label_for(actor, cand.alias_kind)
            if actor.kind == "person":
                ent.role = ent.role or actor.role
                ent.affiliation = ent.affiliation or actor.affiliation
        if cand.alias_kind in _INFERRED_KINDS:
            ent.inferred = cand.alias_kind

    # -- persons -------------------------------------------------------------------------------
    def _persons(self, doc: Doc, toks, keys, ents: list[Entity], ranges: dict[int, tuple[int, int]],
                 weak_heads=frozenset()) -> None:
        pers = [e for e in ents if e.label == "PER" and id(e) in ranges]
        if not pers:
            return
        # name keys of each person mention (titles removed)
        heads: list[tuple[list[str], Entity]] = []
        by_last: dict[str, list[tuple[list[str], Entity]]] = {}
        by_first2: dict[tuple[str, str], list[tuple[list[str], Entity]]] = {}
        chains: list[tuple[Entity, Entity]] = []  # (short mention, fuller earlier mention)
        for e in pers:
            i, j = ranges[id(e)]
            name = [keys[k] for k in range(i, j + 1) if keys[k] and toks[k].kind == "word"]
            while len(name) > 1 and name[0] in _TITLES:
                name = name[1:]
            if not name:
                continue
            src = self._find_head(name, by_last, by_first2) if heads else None
            if src is None and heads and e.actor_id is None and len(name) >= 2 and name[0] in _VERB_KEYS:
                # "وطالب مصطفى" after "محمد مصطفى": a verb taken for a first name
                src = self._find_head(name[1:], by_last, by_first2)
                if src is not None:
                    words = [k for k in range(i, j + 1) if keys[k] and toks[k].kind == "word"]
                    while len(words) > len(name):
                        words.pop(0)
                    i = words[1]
                    ranges[id(e)] = (i, j)
                    e.start = toks[i].start
                    e.text = doc.text[e.start:e.end]
                    name = name[1:]
            if src is not None and e.actor_id is None:
                self._inherit(e, src)
                chains.append((e, src))
            elif e.actor_id is None and len(name) >= 2:
                e.canonical = e.canonical or self._clean_name(doc, toks, keys, i, j)
            if id(e) not in weak_heads:
                # a mention linked through an alias inside a longer span ("آشتون كارتر بالملك
                # سلمان ...": a tagger error) would pass the actor on to unrelated names
                heads.append((name, e))
                by_last.setdefault(name[-1], []).append((name, e))
                if len(name) >= 2:
                    by_first2.setdefault((name[0], name[1]), []).append((name, e))
        # surname mentions the tagger missed: a bare last name of a person named earlier
        surnames: dict[str, Entity] = {}
        for name, e in heads:
            if len(name) >= 2 and len(name[-1]) >= 4:
                surnames.setdefault(name[-1], e)
        hits = list(compress(range(len(keys)), map(surnames.__contains__, keys))) if surnames else []
        if hits:
            taken = bytearray(len(toks))
            for e in ents:
                rng = ranges.get(id(e))
                if rng:
                    taken[rng[0]:rng[1] + 1] = b"\x01" * (rng[1] - rng[0] + 1)
            added = []
            for k in hits:
                if not taken[k] and toks[k].kind == "word":
                    src = surnames[keys[k]]
                    if src.start is not None and toks[k].start < src.end:
                        continue  # only later mentions
                    prev = toks[k - 1] if k else None
                    if prev is not None and prev.kind == "word" and prev.det:
                        continue  # "الجيش السوداني": an adjective, not a name
                    start = self._strip_offset(toks[k], len(toks[k].prefix)) if toks[k].prefix else toks[k].start
                    ent = Entity(start, toks[k].end, doc.text[start:toks[k].end], label="PER")
                    self._inherit(ent, src)
                    chains.append((ent, src))
                    ranges[id(ent)] = (k, k)
                    added.append(ent)
            if added:
                ents.extend(added)
                ents.sort(key=lambda e: (e.start if e.start is not None else -1, -(e.end or 0)))
                pers = [e for e in ents if e.label == "PER" and id(e) in ranges]
        # roles from appositions
        per_tokens = bytearray(len(toks))
        for e in pers:
            i, j = ranges[id(e)]
            per_tokens[i:j + 1] = b"\x01" * (j - i + 1)
        ent_at: dict[int, Entity] = {}
        for e in ents:
            if e.label in ("ORG", "LOC"):
                rng = ranges.get(id(e))
                if rng:
                    for k in range(rng[0], rng[1] + 1):
                        ent_at[k] = e
        read: set[int] = set()  # persons whose office was read from an apposition
        for e in pers:
            rng = ranges.get(id(e))
            if rng is None or e.inferred:
                continue
            found = self._role_before(toks, keys, rng[0], per_tokens, ent_at) or \
                self._role_after(toks, keys, rng[1], per_tokens, ent_at)
            if found:
                role, aff, country = found
                read.add(id(e))
                if not (role in _GENERIC_ROLES and e.role and e.actor_id
                        and (d_actor := self.dictionary.actors.get(e.actor_id)) is not None
                        and d_actor.kind == "person" and d_actor.role == e.role):
                    e.role = role
                if aff:
                    e.affiliation = aff
                if country and not e.country:
                    e.country = country
        # short mentions take the role and affiliation read at the fuller mention
        for e, src in chains:
            self._inherit(e, src)
        if read:
            # a later short form of a dictionary person ("سموتريتش" after "وزير المالية الإسرائيلي
            # بتسلئيل سموتريتش") keeps the office read at the full mention
            office: dict[str, tuple[Entity, str | None, str | None]] = {}
            for e in pers:
                if not e.actor_id or e.text is None:
                    continue
                if id(e) in read:
                    office.setdefault(e.actor_id, (e, e.role, e.affiliation))
                elif e.actor_id in office:
                    src, role, aff = office[e.actor_id]
                    if src.text and len(e.text) < len(src.text) and src.text.endswith(e.text):
                        e.role, e.affiliation = role, aff

    @staticmethod
    def _find_head(name: list[str], by_last, by_first2):
        """The latest earlier mention whose name ends with ``name`` (or begins with it, for two
        words or more), or an identical linked one."""
        n = len(name)
        for prev, e in reversed(by_last.get(name[-1], ())):
            if len(prev) > n and prev[-n:] == name:
                if prev[-n - 1] in _LINEAGE:
                    continue  # "سلمان" is not "محمد بن سلمان" (the father's name)
                return e
            if prev == name and (e.actor_id or e.canonical):
                return e
        if n >= 2:
            for prev, e in reversed(by_first2.get((name[0], name[1]), ())):
                if len(prev) > n and prev[:n] == name:
                    return e
        return None

    @staticmethod
    def _clean_name(doc: Doc, toks, keys, i: int, j: int) -> str:
        k = i
        while k < j and keys[k] in _TITLES:
            k += 1
        start = toks[k].base_start if toks[k].det and toks[k].prefix else toks[k].start
        start = max(start, toks[k].start)
        return doc.text[start:toks[j].end]

    @staticmethod
    def _inherit(e: Entity, src: Entity) -> None:
        e.actor_id = src.actor_id
        e.canonical = src.canonical or src.text
        e.latin = src.latin
        e.kind = src.kind
        e.country = e.country or src.country
        e.role = e.role or src.role
        e.affiliation = e.affiliation or src.affiliation

    def _role_phrase(self, toks, keys, a: int, b: int, ent_at) -> tuple[str, str | None, str | None] | None:
        """Read a role phrase in tokens [a, b] (its head is at a)."""
        d = self.dictionary
        head = keys[a]
        role = _ROLE_HEADS.get(head or "")
        if role is None:
            return None
        nxt = [keys[k] for k in range(a + 1, b + 1) if keys[k] and toks[k].kind == "word"]
        ministry = None
        if role == "minister" and nxt:
            if nxt[0] in _MINISTRIES:
                role, ministry = _MINISTRIES[nxt[0]]
            elif nxt[0] == "الامن" and len(nxt) > 1 and nxt[1] == "القومي":
                role = "national security minister"
        elif role == "head" and nxt:
            if nxt[0] in _HEAD_OF:
                role = _HEAD_OF[nxt[0]]
                if nxt[0] == "مجلس" and len(nxt) > 1 and nxt[1] in ("الوزراء", "النواب", "الشعب", "الامه"):
                    role = "prime minister" if nxt[1] == "الوزراء" else "speaker of parliament"
        elif (role == "secretary-general" and (not nxt or nxt[0] not in ("العام", "عام"))) or (
            role == "crown prince" and (not nxt or nxt[0] != "العهد")
        ):
            return None  # "أمين" without "العام", "ولي" without "العهد": not a role
        elif role == "spokesperson" and nxt and nxt[0] in _MILITARY_WORDS:
            role = "military spokesperson"
        elif role == "adviser" and nxt and nxt[0] in _CHANCELLOR_NISBAS:
            role = "chancellor"  # "المستشارة الألمانية"
        elif role == "coordinator" and "الانسانيه" in nxt[:3]:
            return role, "UN", None  # "منسقة الشؤون الإنسانية في السودان": the UN's post
        elif role == "commissioner" and nxt and nxt[0] in ("العام", "السامي"):
            role = "commissioner-general" if nxt[0] == "العام" else "high commissioner"
        elif role == "deputy" and nxt:
            sub = self._role_phrase(toks, keys, a + 1, b, ent_at)
            if sub:
                return ("deputy " + sub[0], sub[1], sub[2])
        aff: str | None = None
        country: str | None = None
        if a + 1 <= b and keys[a + 1] in _PRONOUN_NAME and toks[a + 1].prefix == "ب":
            # "الناطق باسمها": the organisation named last before the phrase
            for k in range(a - 1, max(-1, a - 40), -1):
                if toks[k].sent < toks[a].sent - 1:
                    break
                e = ent_at.get(k)
                if e is not None and e.label == "ORG":
                    return role, e.actor_id or e.text, e.country
        plain = True  # only office words so far: a nisba adjective here qualifies the office
        for k in range(a + 1, b + 1):
            key = keys[k] or ""
            e = ent_at.get(k)
            if e is not None:
                prev = keys[k - 1] if k else None
                if e.label == "LOC" and prev in _POSTING_WORDS:
                    continue  # "السفير الأمريكي لدى العراق", "المبعوث الأممي إلى اليمن": the posting
                if e.actor_id:
                    if aff is None:
                        aff = e.actor_id
                    country = country or e.country
                elif e.label == "ORG" and aff is None:
                    aff = e.text
                break
            if key in _UN_WORDS and aff is None:
                aff = "UN"
                continue
            cc = d.demonyms.get(key)
            if cc and country is None and plain:
                country = cc  # "وزير الخارجية العراقي", not "رئيس الاتحاد السعودي للألعاب"
            elif not cc and key and key not in _OFFICE_WORDS and toks[k].kind == "word":
                plain = False
        if aff is None and country:
            gov = d.gov_of.get(country)
            if ministry and f"{country}_{ministry}" in d.actors:
                aff = f"{country}_{ministry}"
            elif gov and role != "correspondent":
                aff = gov
        return role, aff, country

    def _role_before(self, toks, keys, i: int, per_tokens, ent_at):
        """A role phrase right before the person: "وزير الخارجية العراقي فؤاد حسين"."""
        k = i - 1
        lo = max(0, i - 9)
        fallback = None
        while k >= lo:
            t = toks[k]
            if per_tokens[k]:
                break
            if t.kind == "punct" and t.text not in _SKIP_PUNCT and t.norm not in (",", "-"):
                break
            if keys[k] in _ROLE_HEADS and t.kind == "word" and _ROLE_HEADS[keys[k]] == "prince" and fallback is None:
                # "وزير الخارجية السعودي الأمير فيصل بن فرحان": the office comes first
                fallback = k
                k -= 1
                continue
            if keys[k] in _ROLE_HEADS and t.kind == "word":
                # take the outermost head: "نائب وزير الخارجية" -> deputy foreign minister
                j = k
                while j - 1 >= lo and keys[j - 1] in _ROLE_HEADS and toks[j - 1].kind == "word":
                    j -= 1
                    if not per_tokens[j]:
                        k = j
                found = self._role_phrase(toks, keys, k, i - 1 if fallback is None else fallback - 1, ent_at)
                if found is not None and found[1] is None and found[0] == "member of parliament" and k - 1 >= lo:
                    # "عضو كتلة «الجمهورية القوية» النائب غسان حاصباني": the outer office names the body
                    outer = self._role_before(toks, keys, k, per_tokens, ent_at)
                    if outer is not None and outer[1] is not None:
                        return found[0], outer[1], found[2] or outer[2]
                return found
            if keys[k] in _CLAUSE_WORDS or (t.kind == "word" and t.prefix[:1] in ("و", "ف")):
                break  # "أعلن الرئيس أن حسين ...": the role belongs to another clause
            k -= 1
        return None if fallback is None else self._role_phrase(toks, keys, fallback, i - 1, ent_at)

    def _role_after(self, toks, keys, j: int, per_tokens, ent_at):
        """A role phrase after the person and a comma: "حسين الموسوي، المتحدث باسم ..."."""
        k = j + 1
        n = len(toks)
        while k < n and toks[k].kind == "punct" and toks[k].text in _SKIP_PUNCT:
            k += 1
        if k >= n or toks[k].norm not in (",", "-"):
            return None
        k += 1
        if k >= n or keys[k] not in _ROLE_HEADS or toks[k].kind != "word":
            return None
        end = k
        while end + 1 < n and end - k < 8 and not per_tokens[end + 1]:
            t = toks[end + 1]
            if t.kind == "punct" and t.text not in _SKIP_PUNCT:
                break
            end += 1
        return self._role_phrase(toks, keys, k, end, ent_at)


def _is_mark(ch: str) -> bool:
    o = ord(ch)
    return (0x064B <= o <= 0x065F) or o == 0x0670 or o == 0x0640 or (0x06D6 <= o <= 0x06ED) \
        or (0x0610 <= o <= 0x061A) or (0x200B <= o <= 0x200F) or (0x202A <= o <= 0x202E) \
        or (0x2066 <= o <= 0x2069) or o in (0x061C, 0xFEFF, 0x00AD)


__all__ = [
    "ACTOR_KINDS",
    "ALIAS_KINDS",
    "Actor",
    "ActorDictionary",
    "ActorLinker",
    "Alias",
    "alias_keys",
    "get_dictionary",
    "load_actors",
    "token_key",
]
