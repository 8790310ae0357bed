"""Event extraction proper: triggers, context rules, arguments, status and merging."""

from __future__ import annotations

import datetime as _dt
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from itertools import compress, count, repeat
from operator import and_, itemgetter

from ...doc import DateMention, Doc, Entity, Event, Place, Span, Token
from ...text import fold, fold_normalised
from ...text.tokens import (
    KEY,
    SLOT_EVENTS,
    STEM_KEY,
    store_slot,
    token_columns,
    token_info,
    token_keys,
    token_stem_keys,
)
from .lexicon import Lexicon, Trigger, load, past_forms, verb_forms
from .numbers import SINGLE_PERSON, read_number


def _vf(*pairs: str) -> frozenset[str]:
    out: set[str] = set()
    for p in pairs:
        past, impf = p.split()
        out |= verb_forms(past, impf)
    return frozenset(out)


def _fs(words: str) -> frozenset[str]:
    return frozenset(fold(w) for w in words.split())


NEGATORS = _fs("لم لن لا ليس ليست لسنا عدم دون بدون غير")
DENY = _fs("نفى نفت نفوا ينفي تنفي ينفون نفي نفيا كذب كذبت دحض دحضت") | _vf("نفى ينفي")
CANCEL = _fs("وقف انهاء منع تجنب ايقاف لوقف لانهاء لمنع")  # "دعا إلى وقف القصف"
CONDITIONAL = _fs("اذا لو لولا حال")
PLAN = _fs("يعتزم تعتزم يعتزمون تعتزمان ينوي تنوي ينوون مقرر مزمع مرتقب يرتقب سوف المقرر المزمع المرتقب "
           "عزم عزمه عزمها نيه نيته نيتها نوايا")
ATTRIB = _vf("قال يقول", "اعلن يعلن", "افاد يفيد", "ذكر يذكر", "اكد يؤكد", "اوضح يوضح",
             "اشار يشير", "نقل ينقل", "كشف يكشف", "صرح يصرح", "اضاف يضيف", "زعم يزعم",
             "اعترف يعترف", "اقر يقر", "ادعى يدعي", "تبنى يتبنى", "افادت تفيد")
ACK = _vf("اعترف يعترف", "اقر يقر")
CLAIM = _vf("تبنى يتبنى") | _fs("تبنت تبنوا تبني مسؤوليه مسؤوليتها مسؤوليته")
ACCORDING = _fs("بحسب حسب وفق وفقا نقلا طبقا")
SAME_SUBJ = _fs("انه انها انهم انهما انهن")
BACKGROUND_WORDS = _fs("ذكرى ذكري")
PARTICIPANT_PREFIXES = tuple(fold(w) for w in ("متظاهر", "محتج", "معتصم", "مضرب", "مشاغب"))
# past forms only: "خرج المتظاهرون" reports a protest, "يهتفون" describes one already reported
CROWD_VERBS = frozenset().union(*(past_forms(v) for v in ("خرج", "تجمع", "احتشد", "تجمهر", "سار", "جاب", "نزل",
                                                         "تدفق", "اغلق", "قطع")))
RIOT_VERBS = frozenset().union(*(past_forms(v) for v in ("اضرم", "احرق", "رشق", "اشتبك", "حطم")))
DISPERSE = _vf("فرق يفرق") | _fs("تفريق لتفريق")
CROWD_NUMBERS = _fs("الاف الوف مئات عشرات الالاف المئات العشرات حشود")
CROWD_HEADS = _fs("عدد حشد جموع حشود")  # "تجمّع عددٌ من أنصار الحزب ... رافعين شعارات"
# words that make a gathering a protest: demands, chants, slogans, anger, rejection
PROTEST_CUES = tuple(fold(w) for w in ("مطالب", "مطالبين", "هتاف", "هتف", "شعار", "رافع", "مندد", "احتجاج", "رفض",
                                       "غاضب", "مردد", "تضامن", "معلنين", "مناهض"))
SKIP = _fs("امس اليوم فجر صباح مساء ليل ليله ظهر عصر يوم اول الماضي الماضيه الجاري الحالي , ; : "
           "احد اثنين ثلاثاء اربعاء خميس جمعه سبت فيما قد به بها ايضا لحظه")
STOP = _fs("في من على الى الي عن مع ان انه انها انهم الذي التي الذين اللذين قد كما بعد قبل خلال "
           "ضد بين حيث لكن او ثم هذا هذه ذلك تلك عند منذ حتى اثناء عبر لدى نحو حول امام وراء "
           "فوق تحت داخل خارج قرب بالقرب اثر جراء بسبب نتيجه وسط شمال جنوب شرق غرب ما ماذا "
           "كان كانت لم لن لا اي كل بعض عدد عده اكثر اقل اذ اذا لو يوم امس اليوم ايضا وذلك وهو وهي "
           "هو هي هم حين عندما بينما كيف وقد لقد")
TARGET_PREPS = _fs("على ضد علي")
TARGET_PREPS_BY_TYPE = {
    "CONCEDE": _fs("عن"), "CONSULT": _fs("مع"), "AGREE": _fs("مع"), "COOPERATE": _fs("مع"),
    "ASSAULT": _fs("على ضد علي"), "SANCTION": _fs("على ضد علي"), "COERCE": _fs("على علي بحق"),
    "PROTEST": _fs("ضد"),
}
TARGET_PREPS_BY_TYPE["ASSAULT"] = TARGET_PREPS_BY_TYPE["ASSAULT"] | _fs("باتجاه صوب نحو")
GENITIVE_AGENT_TYPES = frozenset({"PROTEST", "MOBILIZE", "CONSULT", "RETREAT"})
AUTHORITY_TYPES = frozenset({"COERCE", "CONCEDE", "SANCTION", "MOBILIZE", "AID", "RETREAT"})
TITLES = _fs("ملك رئيس امير شيخ وزير وزيره سلطان عاهل نظير نظيره قائد زعيم مبعوث سفير لواء عقيد "
             "عميد عماد فريق مستشار نائب ولي الرئيس الملك الامير الوزير الشيخ")
INSTRUMENT_HEADS = tuple(fold(w) for w in ("طائر", "مسير", "صاروخ", "صواريخ", "عبوه", "قذيف", "قذائف", "سياره مفخخ", "لغم", "مدفع"))
AGENT_MARKERS = _fs("شنه شنته شنها شنوه نفذه نفذته نفذها تبناه تبنته")
VICTIM_HEADS = _fs("اشخاص شخص مدنيين مدنيا مدني جنود جندي جنديا اطفال طفل طفلا نساء امراه مواطنين "
                   "قيادي قياديا قائد مسؤول مسؤولا ضابط ضابطا صحفي صحفيا ناشط ناشطا عمال "
                   "مواطنا عناصر عنصرا شرطيين رجال شبان فلسطينيين فلسطينيا افراد قتلى جرحى")
CIVILIAN = _fs("مدنيين مدنيا مدني اطفال طفل نساء مواطنين مواطنا مدرسه مستشفى سوق منزل منازل مخيم")
NISBA_ACTORS = _fs(
    "اسرائيلي اسرائيليه امريكي امريكيه اميركي اميركيه روسي روسيه تركي تركيه ايراني ايرانيه "
    "سوري سوريه عراقي عراقيه سعودي سعوديه مصري مصريه اردني اردنيه لبناني لبنانيه يمني يمنيه "
    "سوداني سودانيه ليبي ليبيه فلسطيني فلسطينيه اوكراني اوكرانيه فرنسي فرنسيه بريطاني بريطانيه "
    "صيني صينيه باكستاني باكستانيه افغاني افغانيه هندي هنديه حوثي حوثيه اماراتي اماراتيه قطري "
    "قطريه جزائري جزائريه تونسي تونسيه مغربي مغربيه صومالي صوماليه اثيوبي اثيوبيه كردي كرديه "
    "حكومي حكوميه"
)
# genitive after these masdars names the victim/target, not the agent
TARGET_GENITIVE = _fs("مقتل اغتيال اختطاف خطف اعتقال احتجاز توقيف استهداف قصف ترحيل ابعاد "
                      "مداهمه اقتحام هدم مصادره")
KILL = _fs("مقتل قتل قتلى قتيل قتيلا قتيلان قتيلين قتلوا قتلت استشهاد استشهد استشهدوا استشهدت "
           "شهيد شهيدا شهداء مصرع حتفهم حتفه")
INJURE = _fs("اصابه اصابات اصيب اصيبت اصيبوا جرحى جريح جريحا جرح جرحوا مصاب مصابا مصابين مصابون "
             "جروح اصابتهم")
_CAS_WORDS = KILL | INJURE
PLURAL_CASUALTY = _fs("قتلى قتيلا جرحى شهداء مصابين مصابون جريحا شهيدا")
MONTHS = {fold(m): i for i, names in enumerate((
    "يناير كانون_الثاني", "فبراير شباط", "مارس اذار", "ابريل نيسان", "مايو ايار", "يونيو حزيران",
    "يوليو تموز", "اغسطس اب", "سبتمبر ايلول", "اكتوبر تشرين_الاول", "نوفمبر تشرين_الثاني",
    "ديسمبر كانون_الاول"), 1) for m in names.split() if "_" not in m}
WEEKDAYS = {fold(w): i for i, w in enumerate(("اثنين", "ثلاثاء", "اربعاء", "خميس", "جمعه", "سبت", "احد"))}
VIOLENT = ("ASSAULT",)
SPEECH_TYPES = frozenset({"ACCUSE", "REJECT", "REQUEST", "SUPPORT", "THREATEN", "AGREE", "CONSULT"})


def _key(tok: Token) -> str:
    """Folded stem (the lexicon key)."""
    return fold_normalised(tok.stem)


def _nkey(tok: Token) -> str:
    """Folded surface without a leading و/ف conjunction (for function words)."""
    n = fold_normalised(tok.norm)
    if len(n) > 2 and n[0] in "وف" and n[1:] in _FUNCTION:
        n = n[1:]
    return n


# per-word flags, computed once per (stem key, surface key) and cached
F_CAND = 1  # may start a trigger (lexicon word, first word of a pair, crowd/launch/hold verb)
F_PART = 2  # a protester word
F_WEAPON = 4
F_CAS = 8  # a casualty word
F_INSTR = 16  # an instrument word (or the first of an instrument pair)
# token surface -> flags | X_KEY | X_NKEY (see _Ctx), one value shared by every token with that
# surface, kept in the tokenizer's row for the surface (SLOT_EVENTS; bounded with the tokenizer's
# cache). The tokenizer analyses each distinct surface once, so the surface decides norm, stem and
# kind; the norm alone would not ("ألحق" and "الحق" share the norm "الحق" but not the stem).
_TOK_MAX = 200_000  # bound of the trigger lookup cache


def _flags(lex: Lexicon, k: str, n: str) -> int:
    """The F_* flags of a word (stem key, surface key): the rules. _Ctx computes the same, once
    per new token surface, from the tables of :func:`flag_tables`."""
    f = _stem_flags(lex, k)
    if not f & F_CAND and (n in lex.bi_first or _surface_trigger(lex.uni, n)):
        f |= F_CAND
    if n in _CAS_WORDS:
        f |= F_CAS
    return f


F_ALL = 31
# in the per-surface value only (see _Ctx): the word's key / nkey differs from the column's
X_KEY = 32
X_NKEY = 64
_GET_SLOT = itemgetter(SLOT_EVENTS)


def _row_keys(row: tuple) -> tuple[str, str]:
    """(key, nkey) of a token from its tokenizer row: :func:`_key` and :func:`_nkey` for a
    word (``row[STEM_KEY]`` is the folded stem when there is one, ``row[KEY]`` the folded
    norm), the norm for anything else."""
    if row[8] != "word":
        return row[0], row[0]
    n = row[KEY]
    if len(n) > 2 and n[0] in "وف" and n[1:] in _FUNCTION:
        n = n[1:]
    return (row[STEM_KEY] if row[1] else ""), n


_TABLES: tuple = (None, {}, {})  # (lexicon, stem-key table, surface-key table): flag_tables()


def surface_flags(lex: Lexicon) -> dict[str, int]:
    """The surface-key table of :func:`flag_tables`."""
    return flag_tables(lex)[1]


def _prefix_flags(k: str) -> int:
    """The flags :func:`_stem_flags` gives by the beginning of a stem key."""
    f = 0
    if k.startswith(PARTICIPANT_PREFIXES):
        f |= F_PART
    if k.startswith(WEAPONS):
        f |= F_WEAPON
    if k.startswith(("مسير", "انتحاري")):
        f |= F_INSTR
    return f


def flag_tables(lex: Lexicon) -> tuple[dict[str, int], dict[str, int]]:
    """:func:`_flags` as two tables, so that a word new to the process costs two look-ups in
    small tables (and a prefix test) instead of the rules:
    ``_flags(lex, k, n) == stems.get(k, 0) | surfaces.get(n, 0) | (_prefix_flags(k) if
    k.startswith(_PREFIXES) else 0)``.

    ``stems``: the stem keys the word sets of :func:`_stem_flags` name -> their bits.
    ``surfaces``: every surface key ``n`` with ``F_CAND`` (first word of a pair, or a trigger by
    :func:`_surface_trigger`) or ``F_CAS`` -> those bits. A surface is a trigger only as a
    lexicon key itself, with the article, with an enclitic pronoun (ه ها هم هما; ئ for a final
    ء) or with the future س, so those spellings of the lexicon's keys are all the candidates;
    each is kept only when :func:`_surface_trigger` says so. Built once per lexicon (a few
    thousand keys)."""
    global _TABLES
    if _TABLES[0] is lex:
        return _TABLES[1], _TABLES[2]
    stems: dict[str, int] = {}
    for words, bit in ((_CAND_WORDS, F_CAND), (lex.bi_first, F_CAND), (lex.uni, F_CAND), (_CAS_WORDS, F_CAS),
                       (lex.instr_uni, F_INSTR), (lex.instr_bi_first, F_INSTR)):
        for k in words:
            stems[k] = stems.get(k, 0) | bit
    uni = lex.uni
    spellings: set[str] = set()
    for w in uni:
        spellings.update((w, "ال" + w, "س" + w))
        for base in (w, w[:-1] + "ئ") if w.endswith("ء") else (w,):
            spellings.update((base + "ه", base + "ها", base + "هم", base + "هما"))
    table: dict[str, int] = {}
    for n in spellings:
        if _surface_trigger(uni, n):
            table[n] = F_CAND
    for n in lex.bi_first:
        table[n] = F_CAND
    for n in _CAS_WORDS:
        table[n] = table.get(n, 0) | F_CAS
    _TABLES = (lex, stems, table)
    return stems, table


def _surface_trigger(uni: dict, n: str) -> bool:
    """``_lookup_raw(lex, k, n)[0] is not None`` for a stem key ``k`` known to have no entry
    (``uni.get(k) is None``, checked by :func:`_stem_flags`): the surface-key part alone, the
    enclitic loop entered only when the last letter can end one (هما، هم، ها، ه)."""
    if uni.get(n) is not None:
        return True
    if n.startswith("ال") and uni.get(n[2:]) is not None:
        return True
    if len(n) > 4:
        if n[-1] in "امه":
            for suf in ("هما", "هم", "ها", "ه"):
                if n.endswith(suf):
                    base = n[: -len(suf)]
                    cand = uni.get(base) or (uni.get(base[:-1] + "ء") if base.endswith("ئ") else None)
                    if cand is not None and cand.pos == "n":
                        return True
                    break
        if n[0] == "س" and n[1] in "يتن" and uni.get(n[1:]) is not None:
            return True
    return False


def _stem_flags(lex: Lexicon, k: str) -> int:
    f = 0
    if k in _CAND_WORDS or k in lex.bi_first or lex.uni.get(k) is not None:
        f |= F_CAND
    if k.startswith(PARTICIPANT_PREFIXES):
        f |= F_PART
    if k.startswith(WEAPONS):
        f |= F_WEAPON
    if k in _CAS_WORDS:
        f |= F_CAS
    if k in lex.instr_uni or k in lex.instr_bi_first or k.startswith(("مسير", "انتحاري")):
        f |= F_INSTR
    return f


_FUNCTION = NEGATORS | CONDITIONAL | PLAN | SAME_SUBJ | STOP | ACCORDING | DENY | frozenset({"كان", "كانت", "كانوا", "قد", "سبق", "عام", "سنه", "العام", "منذ"})


@dataclass
class Mention:
    sent: int
    i: int  # first trigger token
    j: int  # one past the last trigger token
    trig: Trigger
    mode: str | None
    status: str = "reported"
    background: bool = False
    actor: Entity | None = None
    target: Entity | None = None
    source: Entity | None = None
    location: Place | None = None
    date: DateMention | None = None
    instrument: str | None = None
    fatalities: int | None = None
    injuries: int | None = None
    acled_mode: str | None = None
    anaphoric: bool = False  # a definite noun ("الغارة") referring back
    announced: bool = False  # the speaker announces its own act ("أعلنت الوزارة توقيف ...")
    anchored: bool = False  # reports an occurrence (not a mere reference to one)
    claims: list = field(default_factory=list)  # (status, source text, actor text) of each mention
    evidence: list[Span] = field(default_factory=list)


class _Ctx:
    """Per-document scratch: tokens by sentence, keys, entity index."""

    def __init__(self, doc: Doc, lex: Lexicon) -> None:
        self.doc = doc
        self.lex = lex
        toks = doc.tokens
        self.toks = toks
        texts = token_columns(doc).texts
        # keys and nkeys are the tokenizer's shared columns (the folded stem and surface of each
        # token: token_stem_keys, token_keys) except at a few tokens, and the flags come from a
        # small int kept per distinct surface in the tokenizer's row (SLOT_EVENTS): the word's
        # F_* flags, plus X_KEY / X_NKEY where its key / nkey is not the column's (a word with no
        # stem, a non-word, a function word after و/ف: "وفي"). Small ints are shared objects, so
        # the per-document work reads no per-surface tuple of its own (on a busy core, reading
        # 300 scattered tuples cost more than the rest of this setup); None for surfaces not
        # seen yet
        infos = token_info(doc)
        flags = list(map(_GET_SLOT, infos))  # r[SLOT_EVENTS] of each row, at C speed
        if None in flags:
            x = 0
            # a surface new twice in one document shares its tokenizer row: analysed once
            seen: dict[str, tuple] = {}  # surface -> (tokenizer row, value)
            # _flags() from its tables (flag_tables)
            kflags, nflags = flag_tables(lex)
            kflags, nflags = kflags.get, nflags.get
            index = flags.index
            try:
                while True:
                    x = index(None, x)
                    row = infos[x]
                    surface = texts[x]
                    got = seen.get(surface)
                    if got is not None and got[0] is row:
                        v = got[1]
                    else:
                        k, n = _row_keys(row)
                        if row[8] == "word":
                            f = kflags(k, 0) | nflags(n, 0)
                            if k.startswith(_PREFIXES):
                                f |= _prefix_flags(k)
                        else:
                            f = 0
                        v = f | (X_KEY if k != row[STEM_KEY] else 0) | (X_NKEY if n != row[KEY] else 0)
                        seen[surface] = (row, v)
                    flags[x] = v
                    store_slot(infos, x, SLOT_EVENTS, v, surface)
                    x += 1
            except ValueError:
                pass
        keys = token_stem_keys(doc)
        nkeys = token_keys(doc)
        odd = list(compress(count(), map(and_, flags, repeat(X_KEY | X_NKEY))))
        if odd:
            keys = keys[:]  # the shared columns stay as they are
            nkeys = nkeys[:]
            for x in odd:
                keys[x], nkeys[x] = _row_keys(infos[x])
                flags[x] &= F_ALL
        self.keys = keys
        self.nkeys = nkeys
        self.flags = flags
        sent_ids = token_columns(doc).sents
        ranges: dict[int, tuple[int, int]] = {}  # sentence -> (first token, end token)
        # sentence -> the union of its words' flags (a sentence without F_CAND has no trigger)
        sflags: dict[int, int] = {}
        if sent_ids and sent_ids[0] <= sent_ids[-1] and sent_ids == sorted(sent_ids):
            # tokens in sentence order (always, from the tokenizer): one slice per sentence
            start = 0
            for sid in dict.fromkeys(sent_ids):
                end = bisect_right(sent_ids, sid, start)
                ranges[sid] = (start, end)
                start = end
            # the union per sentence from the flagged words alone (a few per document), not a
            # reduce over every token
            for x in compress(count(), flags):
                sid = sent_ids[x]
                sflags[sid] = sflags.get(sid, 0) | flags[x]
        elif sent_ids:
            start, prev = 0, sent_ids[0]
            for idx, sid in enumerate(sent_ids):
                if sid != prev:
                    ranges[prev] = (start, idx)
                    start, prev = idx, sid
            ranges[prev] = (start, len(sent_ids))
            for sid, f in zip(sent_ids, flags):
                if f:
                    sflags[sid] = sflags.get(sid, 0) | f
        self.ranges = ranges
        self.sflags = sflags
        # the tokens that may start a trigger, in order (_sentence_mentions visits only these)
        # (compress/map at C speed rather than a Python step per token)
        self.cands = list(compress(count(), map(and_, flags, repeat(F_CAND)))) if sflags else []
        self._ent_start: dict[int, Entity] | None = None
        self.published = doc.published_date

    @property
    def ent_start(self) -> dict[int, Entity]:
        """Token index -> the entity starting there (built on first use)."""
        if self._ent_start is None:
            doc, toks = self.doc, self.toks
            out: dict[int, Entity] = {}
            if doc.entities:
                starts = token_columns(doc).starts
                for e in doc.entities:
                    if e.start is None:
                        continue
                    idx = bisect_left(starts, e.start)
                    if idx < len(toks) and toks[idx].start == e.start:
                        out.setdefault(idx, e)
                    elif idx > 0 and toks[idx - 1].base_start == e.start:
                        out.setdefault(idx - 1, e)
            self._ent_start = out
        return self._ent_start


def extract_events(doc: Doc) -> list[Event]:
    if not doc.text.strip():
        return []
    if not doc.tokens:
        from ...text.sentences import split_sentences
        from ...text.tokens import tokenize

        if not doc.sentences:
            doc.sentences = split_sentences(doc.text)
        doc.tokens = tokenize(doc.text, doc.sentences)
    lex = load()
    ctx = _Ctx(doc, lex)
    mentions: list[Mention] = []
    lead_date: DateMention | None = None
    for si in sorted(ctx.ranges):
        a, b = ctx.ranges[si]
        kind = doc.sentences[si].kind if si < len(doc.sentences) else "sentence"
        if kind == "dateline":
            continue
        found = _sentence_mentions(ctx, si, a, b) if ctx.sflags.get(si, 0) & F_CAND else []
        if not found and not (mentions and mentions[-1].trig.type in VIOLENT and si - mentions[-1].sent <= 2):
            continue
        sent_date = _sentence_date(ctx, si, a, b) if found else None
        # (no casualty word in the sentence: no count to read)
        kills, injuries = _casualties(ctx, a, b) if ctx.sflags.get(si, 0) & F_CAS else (None, None)
        if found:
            for m in found:
                m.date = sent_date
                m.anchored = _anchored(ctx, m, a, b, kills is not None or injuries is not None, sent_date)
            target_m = next((m for m in found if m.trig.type in VIOLENT), None)
            if target_m is None:
                target_m = next((m for m in found if m.trig.type == "PROTEST"), None)
            if target_m is not None:
                target_m.fatalities = kills
                target_m.injuries = injuries
            mentions.extend(found)
        elif (kills is not None or injuries is not None) and mentions:
            last = mentions[-1]
            if last.trig.type in VIOLENT and si - last.sent <= 2:
                last.fatalities = _max(last.fatalities, kills)
                last.injuries = _max(last.injuries, injuries)
    for m in mentions:
        if m.location is None:
            m.location = _place_for(ctx, m)
    events = _merge(ctx, mentions, lead_date)
    return events


LIGHT_VERBS = _vf("شن يشن", "نفذ ينفذ", "وقع يقع", "اسفر يسفر", "ادى يؤدي", "خلف يخلف", "تعرض يتعرض",
                  "اندلع يندلع", "جرى يجري", "نظم ينظم", "شارك يشارك", "تبنى يتبنى", "استهدف يستهدف",
                  "طال يطول", "هز يهز", "تجدد يتجدد", "انطلق ينطلق", "فرض يفرض", "اجرى يجري",
                  "دفع يدفع", "واصل يواصل", "توصل يتوصل", "وصل يصل", "قدم يقدم", "عقد يعقد",
                  "بدا يبدا")
PROTEST_LIGHT = _vf("خرج يخرج", "دخل يدخل", "نزل ينزل", "سار يسير", "احتشد يحتشد", "انضم ينضم")
# "خرج الآلاف في مسيرة", "دخل المعلمون في إضراب", "نزل الآلاف إلى الشوارع في مسيرات"
FUTURE_LIGHT = frozenset("س" + f for f in LIGHT_VERBS if f[:1] in "يتن")
# before a noun trigger these make it a reference to an earlier event, not a report of one
REFERENCE_BEFORE = _fs("مخطط خطط خطه خشيه بتهمه تهمه قضيه محاكمه متهم المتهم المتهمين مسؤوليته "
                       "التحقيق تحقيق يحقق تحقق ذكري ذكرى مخاوف اي منع مكافحه حمايه تعويضات متورط "
                       "تورط احتمال اشتباه للاشتباه ملف")
# a reference unless the sentence itself reports casualties or a date near the trigger
WEAK_REFERENCE_BEFORE = _fs("بعد اثر عقب خلفيه منذ قبل بسبب اعقاب تداعيات جراء ضحايا لضحايا احتجاجا محاوله")
RELATIVE = _fs("الذي التي الذين اللذين اللتين اللواتي")


def _anchored(ctx: _Ctx, m: Mention, a: int, b: int, casualties: bool, date) -> bool:
    """Does the mention report an occurrence? Past-tense verbs do; a noun or an imperfect verb
    does when the sentence anchors it: casualties, a date in the sentence, an actor given by a
    nisba or an agent phrase, or a light verb around it (شنّ، وقع، أسفر، تعرّض ...)."""
    keys, nkeys, toks = ctx.keys, ctx.nkeys, ctx.toks
    if m.status in ("denied", "claimed", "planned"):
        return True
    dated = date is not None and date.start is not None and abs(_tok_at(ctx, date.start, a, b) - m.i) <= 10
    if m.i > a and nkeys[m.i - 1] in RELATIVE and not dated:
        return False  # "الرهائن الذين خطفوا في ...": background inside a relative clause
    if m.trig.pos == "n":
        for x in range(max(a, m.i - 3), m.i):
            if keys[x] in REFERENCE_BEFORE or nkeys[x] in REFERENCE_BEFORE:
                return False
            if (keys[x] in WEAK_REFERENCE_BEFORE or nkeys[x] in WEAK_REFERENCE_BEFORE) and not (casualties or dated):
                return False
        for x in range(m.j, min(b, m.j + 3)):
            if nkeys[x] in RELATIVE:
                return False  # "الهجوم الذي وقع ...": the sentence is about something else
            if toks[x].kind != "word" or not (toks[x].det or keys[x] in NISBA_ACTORS):
                break
        if m.j < b and keys[m.j] in ("محتمل", "محتمله", "مزعوم", "مزعومه", "مفترض", "مفترضه"):
            return False
        if "ل" in toks[m.i].prefix and not (m.i > a and keys[m.i - 1].startswith(("تعرض", "يتعرض"))):
            return False  # "لاغتيال": a purpose, not an occurrence
        if m.i > a and toks[m.i - 1].kind == "word" and "ل" in toks[m.i - 1].prefix and not toks[m.i - 1].det:
            return False  # "لتقديم مساعدات": the purpose of another act
    if m.trig.pos == "v":
        return True
    if casualties and m.trig.type in ("ASSAULT", "PROTEST"):
        return True
    if dated:
        return True
    if m.trig.mode in ("torture", "sexual"):
        return False  # mostly allegations and reports on practices: only a date or a toll anchors them
    if m.announced:
        return True
    reach = 8 if m.trig.type == "PROTEST" else 6  # "نزل آلاف المتظاهرين إلى شوارع العاصمة في مسيرات"
    for x in range(max(a, m.i - reach), min(b, m.j + 4)):
        if x != m.i and (keys[x] in LIGHT_VERBS or keys[x] in FUTURE_LIGHT or (
                m.trig.type == "PROTEST" and keys[x] in PROTEST_LIGHT)) and "ل" not in toks[x].prefix:
            return True  # ("للتوصل إلى اتفاق" is a purpose, not an act)
    return False


def _after_event_noun(ctx: _Ctx, m: Mention, a: int) -> bool:
    """A verb right after a noun of its own type or an instrument ("غارة إسرائيلية استهدفت")."""
    for x in range(m.i - 1, max(a, m.i - 4) - 1, -1):
        t = ctx.toks[x]
        if t.kind != "word":
            return False
        trig = ctx.lex.uni.get(ctx.keys[x])
        if (trig is not None and trig.type == m.trig.type and (trig.pos == "n" or t.det)) or _instrument_like(ctx, x):
            return True
        if ctx.keys[x] not in NISBA_ACTORS and not (t.det or ctx.keys[x].endswith(("يه", "ي"))):
            return False
    return False


def _has_nisba(ctx: _Ctx, x: int, y: int) -> bool:
    return any(ctx.keys[z] in NISBA_ACTORS for z in range(x, min(y, len(ctx.toks))))


def _tok_at(ctx: _Ctx, offset: int, a: int, b: int) -> int:
    for x in range(a, b):
        if ctx.toks[x].end > offset:
            return x
    return b


def _max(a: int | None, b: int | None) -> int | None:
    if a is None:
        return b
    if b is None:
        return a
    return max(a, b)


# ---------------------------------------------------------------------------------------------
# triggers and context


def _sentence_mentions(ctx: _Ctx, si: int, a: int, b: int) -> list[Mention]:
    keys, nkeys, toks, lex = ctx.keys, ctx.nkeys, ctx.toks, ctx.lex
    hits: list[tuple[int, int, Trigger, bool]] = []  # (i, j, trigger, future)
    free = a  # the first token not taken by a pair
    cands = ctx.cands
    for i in cands[bisect_left(cands, a):bisect_left(cands, b)]:  # the words with F_CAND
        if i < free:
            continue
        t = toks[i]
        if t.kind != "word":
            continue
        k = keys[i]
        if i + 1 < b and (k in lex.bi_first or nkeys[i] in lex.bi_first):
            trig = None
            for f1 in (k, nkeys[i]):
                for f2 in _second_forms(keys[i + 1], nkeys[i + 1]):
                    trig = lex.bi.get((f1, f2))
                    if trig is not None:
                        break
                if trig is not None:
                    break
            if trig is None and i + 2 < b and keys[i + 1] in ("عن", "من"):
                trig = lex.bi.get((k, keys[i + 2]))  # "إضراب عن الطعام" style gaps are rare
            if trig is not None:
                hits.append((i, i + 2, trig, False))
                free = i + 2
                continue
        trig, future = _lookup(lex, k, nkeys[i])
        if trig is not None and "س" in t.prefix and trig.pos == "vi":
            future = True
        if trig is not None and trig.pos[0] == "v" and lex.uni.get(k) is trig and (
                t.det or "ل" in t.prefix or "ب" in t.prefix or t.text.endswith(("اً", "ًا"))):
            trig = Trigger(trig.type, trig.mode, "n", trig.weak)  # "التظاهر", "للقصف": a masdar
            # (a verb whose first letters only look like the article, "التقى", matched whole)
        elif trig is not None and trig.pos == "v" and k in VERB_OR_MASDAR and not t.prefix and i > a \
                and toks[i - 1].kind == "word" and nkeys[i - 1] not in VERB_INTRO:
            trig = Trigger(trig.type, trig.mode, "n", trig.weak)  # "قضية خطف", "في قتل": the masdar
        if trig is not None and _accept(ctx, i, a, b, trig):
            hits.append((i, i + 1, trig, future))
    return _finish_sentence(ctx, si, a, b, hits)


# past verbs written like their masdar: mid-sentence after a noun or a preposition, the masdar
VERB_OR_MASDAR = _fs("قتل خطف قصف هدم حشد رفض")
VERB_INTRO = _fs("قد لقد ان انه انها انهم حيث ثم كما فيما بينما عندما اذ الذي التي الذين ما وقد "
                 "امس اليوم ايضا حين لما")
_LOOKUP: dict[tuple[str, str], tuple[Trigger | None, bool]] = {}


def _second_forms(k: str, n: str) -> tuple[str, ...]:
    """Forms of the second word of a pair: its stem, its surface, without the article or an
    enclitic pronoun the segmenter left ("نفسه" -> "نفس")."""
    out = [k, n]
    if n.startswith("ال") and len(n) > 4:
        out.append(n[2:])
    for suf in ("ها", "ه", "هم"):
        if n.endswith(suf) and len(n) - len(suf) >= 3:
            out.append(n[: -len(suf)])
            break
    return tuple(out)


def _lookup(lex: Lexicon, k: str, n: str) -> tuple[Trigger | None, bool]:
    """The trigger for a word (stem key, surface key), cached: (trigger, future by س)."""
    r = _LOOKUP.get((k, n))
    if r is None:
        if len(_LOOKUP) > _TOK_MAX:
            _LOOKUP.clear()
        r = _LOOKUP[(k, n)] = _lookup_raw(lex, k, n)
    return r


def _lookup_raw(lex: Lexicon, k: str, n: str) -> tuple[Trigger | None, bool]:
    """:func:`_lookup` without the cache."""
    trig = lex.uni.get(k)
    future = False
    if trig is None:
        if True:
            trig = lex.uni.get(n)
            if trig is None and n.startswith("ال"):
                trig = lex.uni.get(n[2:])
            if trig is None and len(n) > 4:  # an enclitic the segmenter left: "لقائه"
                for suf in ("هما", "هم", "ها", "ه"):
                    if n.endswith(suf):
                        base = n[: -len(suf)]
                        cand = lex.uni.get(base) or (lex.uni.get(base[:-1] + "ء") if base.endswith("ئ") else None)
                        if cand is not None and cand.pos == "n":
                            trig = cand
                        break
            if trig is None and len(n) > 4 and n[0] == "س" and n[1] in "يتن":
                trig = lex.uni.get(n[1:])
                future = trig is not None and trig.pos == "vi"
    return trig, future


def _finish_sentence(ctx: _Ctx, si: int, a: int, b: int, hits: list) -> list[Mention]:
    keys, nkeys, toks = ctx.keys, ctx.nkeys, ctx.toks
    hits.extend(_protest_rules(ctx, a, b, {h[0] for h in hits}, hits))
    hits.extend(_cooccurrence_rules(ctx, a, b, {h[0] for h in hits}))
    if not hits:
        return []
    # questions are not events
    stext = ctx.doc.sentences[si].text.rstrip(" »\"”)'.")
    if stext.endswith(("؟", "?")) or keys[a] == "هل":
        return []
    hits.sort(key=lambda h: h[0])
    threat_pos = [h[0] for h in hits if h[2].type == "THREATEN"]
    request_pos = [h[0] for h in hits if h[2].type == "REQUEST"]
    reject_pos = [h[0] for h in hits if h[2].type == "REJECT"]
    accuse_pos = [h[0] for h in hits if h[2].type == "ACCUSE" and h[2].pos[0] == "v"]
    if DENY.isdisjoint(keys[a:b]) and DENY.isdisjoint(nkeys[a:b]):
        deny_pos: list[int] = []
    else:
        deny_pos = [idx for idx in range(a, b) if keys[idx] in DENY or nkeys[idx] in DENY]
    out: dict[str, Mention] = {}
    order: list[str] = []
    last: Mention | None = None
    for i, j, trig, future in hits:
        if _negated(ctx, i, a) and not _denied(ctx, i, deny_pos, hits):
            continue
        if _conditional(ctx, i, a):
            continue
        if trig.type in ("ASSAULT", "COERCE", "SANCTION") and any(0 < i - p <= 6 for p in threat_pos):
            continue  # the content of a threat is not an act
        if trig.type in ("ASSAULT", "COERCE") and i > a and keys[i - 1] in CANCEL:
            continue  # "وقف القصف", "منع الاعتقالات"
        if trig.type not in SPEECH_TYPES and any(0 < i - p <= 6 for p in request_pos):
            continue  # "طالب بإطلاق سراح", "دعا إلى وقف القصف": what is asked for has not happened
        if trig.type != "REJECT" and any(0 < i - p <= 4 for p in reject_pos):
            continue  # "رفض المفاوضات"
        if trig.type not in SPEECH_TYPES and any(0 < i - p <= 4 for p in accuse_pos):
            continue  # "اتهم الجيش بقصف المدينة": the accusation, not a report of the act
        mode = trig.mode
        status = "reported"
        if _denied(ctx, i, deny_pos, hits):
            status = "denied"
        elif future or _planned(ctx, i, a):
            status = "planned"
        m = Mention(si, i, j, trig, mode, status=status)
        m.anaphoric = trig.pos == "n" and toks[i].det and trig.type not in SPEECH_TYPES
        m.background = _background(ctx, i, a, b)
        _arguments(ctx, m, a, b, deny_pos, last)
        last = m
        key = trig.type
        if key in out:  # one event per type per sentence: further triggers are evidence
            prev = out[key]
            prev.evidence.append(ctx.doc.span(toks[i].start, toks[j - 1].end))
            prev.mode = prev.mode or m.mode
            prev.actor = prev.actor or m.actor
            prev.target = prev.target or m.target
            prev.instrument = prev.instrument or m.instrument
            prev.acled_mode = prev.acled_mode or m.acled_mode
            continue
        out[key] = m
        order.append(key)
        m.evidence.append(ctx.doc.span(toks[i].start, toks[j - 1].end))
    return [out[k] for k in order]


def _denied(ctx: _Ctx, i: int, deny_pos: list[int], hits) -> bool:
    """A denial verb governs the trigger: before it, within 10 tokens, no other act between."""
    for d in deny_pos:
        if d < i and i - d <= 20 and not any(d < h[0] < i and h[2].pos[0] == "v" for h in hits):
            return True
    return False


OFFICIAL_BODIES = _fs("وزاره حكومه خارجيه سفاره سفير بلاده رئاسه الرئاسه الحكومه الخارجيه الوزاره مجلس المجلس "
                      "بعثه البعثه قنصليه")
PROTEST_ADJECTIVES = _fs("احتجاجيه حاشده سلميه شعبيه جماهيريه تضامنيه غاضبه مندده مؤيده مناهضه راجله")
ADVERBIAL_MASDARS = _fs("احتجاجا تضامنا تاييدا دعما ردا رفضا تنديدا استنكارا ترحيبا")


def _accept(ctx: _Ctx, i: int, a: int, b: int, trig: Trigger) -> bool:
    keys, toks = ctx.keys, ctx.toks
    k = keys[i]
    if k == "احتجاجا" or (trig.pos == "n" and ctx.nkeys[i] in ADVERBIAL_MASDARS):
        return False  # "احتجاجاً على", "تضامناً مع": an adverb of another act
    if k.startswith("دعو") and "ب" in toks[i].prefix:
        return False  # "بدعوة من النقابة": at the call of
    if trig.pos[0] == "v" and toks[i].norm.endswith("ة"):
        return False  # a ta marbuta ends a noun, never a verb ("عين زارة")
    if trig.type == "COERCE" and k.startswith(("ضبط", "يضبط")) and i + 1 < b and keys[i + 1] in ("نفس", "امن"):
        return False  # "ضبط النفس" is restraint
    if trig.type == "PROTEST" and k.startswith(("احتج", "يحتج", "تحتج")) and any(
            ctx.nkeys[x] in ("لدى", "رسميا") for x in range(i + 1, min(b, i + 4))):
        return False  # "احتجت مصر رسمياً لدى إيران": a diplomatic protest, not a demonstration
    if trig.type == "PROTEST" and trig.pos[0] == "v" and k.startswith(("احتج", "يحتج", "تحتج")) and any(
            keys[x] in TITLES or keys[x] in OFFICIAL_BODIES for x in range(i + 1, min(b, i + 3))) and not any(
            ctx.flags[x] & F_PART or ctx.nkeys[x] in CROWD_NUMBERS for x in range(i + 1, min(b, i + 5))):
        return False  # "احتج وزير الخارجية على ...": an official objection (REJECT), not a street protest
    if trig.type == "PROTEST" and k.startswith("مسير"):
        if i + 1 < b and keys[i + 1] in NISBA_ACTORS:
            return False  # "مسيّرات تركية": drones
        nxt = keys[i + 1] if i + 1 < b else ""
        if not (nxt in PROTEST_ADJECTIVES or any(ctx.flags[x] & F_PART for x in range(a, b))
                or any(ctx.nkeys[x] in CROWD_NUMBERS for x in range(max(a, i - 3), min(b, i + 4)))):
            return False  # "مسيرة نجاحه", "مسيرة للسيارات": a march only with marchers or a protest word
        lex = ctx.lex
        for x in range(a, b):
            t2 = lex.uni.get(keys[x])
            if lex.instr_uni.get(keys[x]) is not None or (t2 is not None and t2.type == "ASSAULT"):
                return False  # weapons in the sentence: "بالصواريخ والمسيّرات"
        # "طائرة مسيّرة" / "بمسيّرة" is a drone; "مسيرة السلام" is a process
        if i > a and keys[i - 1].startswith("طائر"):
            return False
        if "ب" in toks[i].prefix:
            return False
        if i + 1 < b and keys[i + 1] in ("سلام", "تفاوض", "مهنيه", "حياه"):
            return False
    if trig.type == "PROTEST" and trig.mode == "riot" and k == "شغب":
        # "قوات مكافحة الشغب" are the police, not a riot
        if i > a and keys[i - 1] in ("مكافحه",):
            return False
    if trig.type == "ASSAULT" and trig.pos[0] == "v" and k.startswith(("ضرب", "يضرب", "تضرب")):
        nxt = " ".join(keys[i + 1:min(b, i + 3)])
        if any(w.startswith(("مثل", "موعد", "رقم", "عرض", "حصار", "طوق", "اخماس")) for w in nxt.split()):
            return False  # "ضرب مثلاً", "ضرب موعداً", "ضرب حصاراً"
    if trig.type == "ASSAULT" and k in ("ضربه", "ضربات"):
        nxt = keys[i + 1] if i + 1 < b else ""
        if nxt in ("قاضيه", "موجعه") or nxt.startswith("حظ"):
            return False
    return True


def _protest_rules(ctx: _Ctx, a: int, b: int, taken: set[int], hits) -> list:
    """Crowd verbs with protesters ("خرج المتظاهرون", "تجمع الآلاف") and dispersal."""
    keys = ctx.keys
    has_protest = any(h[2].type == "PROTEST" for h in hits)
    participants = bool(ctx.sflags.get(ctx.toks[a].sent, 0) & F_PART)
    out = []
    if not participants and not has_protest:
        if CROWD_VERBS.isdisjoint(keys[a:b]):
            return out
        # crowd verbs followed by a crowd count: "تجمع الآلاف"
        for x in range(a, b):
            if keys[x] in CROWD_VERBS and x + 1 < b and (ctx.nkeys[x + 1] in CROWD_NUMBERS or keys[x + 1] in CROWD_NUMBERS
                                                          or (keys[x + 1] in CROWD_HEADS and x + 2 < b
                                                              and keys[x + 2] == "من"
                                                              and any(keys[y].startswith(PROTEST_CUES)
                                                                      for y in range(a, b)))):
                out.append((x, x + 1, Trigger("PROTEST", "demo", "v"), False))
                break
        return out
    if has_protest:
        return out
    for x in range(a, b):
        if x in taken:
            continue
        k = keys[x]
        if k in RIOT_VERBS:
            out.append((x, x + 1, Trigger("PROTEST", "riot", "v"), False))
            break
        if k in CROWD_VERBS:
            out.append((x, x + 1, Trigger("PROTEST", "demo", "v"), False))
            break
    return out


HOLD_RESPONSIBLE = _vf("حمل يحمل")
LAUNCH = _vf("اطلق يطلق")
DETONATE = _vf("فجر يفجر")
OPEN_FIRE = _vf("فتح يفتح")
DETONATED = tuple(fold(w) for w in ("نفس", "انفس", "قنبل", "قنابل", "عبو", "حزام", "شاحن", "متفجر", "دراج", "لغم", "الغام"))
WEAPONS = tuple(fold(w) for w in ("صاروخ", "صواريخ", "قذيف", "قذائف", "مسير", "طائر", "مقذوف"))
_PREFIXES = PARTICIPANT_PREFIXES + WEAPONS + ("مسير", "انتحاري")  # what _prefix_flags looks for
# words that may start a trigger besides the lexicon's (see _flags)
_CAND_WORDS = CROWD_VERBS | RIOT_VERBS | HOLD_RESPONSIBLE | LAUNCH | DETONATE | OPEN_FIRE
_COOC_VERBS = HOLD_RESPONSIBLE | LAUNCH | DETONATE | OPEN_FIRE  # the verbs _cooccurrence_rules starts from


def _cooccurrence_rules(ctx: _Ctx, a: int, b: int, taken: set[int]) -> list:
    """Triggers made of two words apart: "حمّل X المسؤولية" (ACCUSE), "أطلق ... صاروخاً" and
    "صواريخ أطلقها" (ASSAULT)."""
    keys = ctx.keys
    out = []
    window = keys[a:b]
    if _COOC_VERBS.isdisjoint(window):  # one scan of the sentence instead of four
        return out
    for x in range(a, b):
        if x in taken or ctx.toks[x].kind != "word":
            continue
        k = keys[x]
        if k in DETONATE or k in OPEN_FIRE:
            # verb-subject-object: "فجّر انتحاريٌّ نفسَه", "فتحت دبابات النار" (the pair with the
            # subject between them); "فجر أمس" (dawn) has no such object
            if ctx.toks[x].det or ctx.toks[x].prefix not in ("", "و", "ف"):
                continue
            if x + 1 < b and (keys[x + 1] in SKIP or ctx.nkeys[x + 1] in SKIP or keys[x + 1] in WEEKDAYS):
                continue  # "فجر اليوم نفسه": dawn
            objs = keys[x + 1:min(b, x + 5)]
            if k in DETONATE and any(o.startswith(DETONATED) for o in objs):
                out.append((x, x + 1, Trigger("ASSAULT", "explosives", "v"), False))
            elif k in OPEN_FIRE and any(o in ("نار", "نيران") for o in objs):
                out.append((x, x + 1, Trigger("ASSAULT", "firearms", "v"), False))
            continue
        if k not in HOLD_RESPONSIBLE and k not in LAUNCH:
            continue
        if k in HOLD_RESPONSIBLE and any(keys[y].startswith("مسؤولي") for y in range(x + 1, min(b, x + 6))):
            out.append((x, x + 1, Trigger("ACCUSE", None, "v"), False))
        elif k in LAUNCH and any(ctx.flags[y] & F_WEAPON for y in range(max(a, x - 4), min(b, x + 5)) if y != x):
            out.append((x, x + 1, Trigger("ASSAULT", None, "v"), False))
        elif k in LAUNCH and any(o in ("نار", "نيران", "رصاص") for o in keys[x + 2:min(b, x + 5)]):
            out.append((x, x + 1, Trigger("ASSAULT", "firearms", "v"), False))  # "أطلقت زوارق النار"
    return out


def _negated(ctx: _Ctx, i: int, a: int) -> bool:
    nk = ctx.nkeys
    for x in range(max(a, i - 2), i):
        if nk[x] in NEGATORS:
            # "لا" / "غير" two tokens back only when the token between is "قد"/"يزال"
            if x == i - 1 or nk[i - 1] in ("قد", "يكن", "تكن", "وقوع", "حدوث", "يتم", "تسجيل"):
                return True
    if i - 1 >= a and nk[i - 1] == "ما" and ctx.toks[i].kind == "word" and ctx.lex.uni.get(ctx.keys[i], None) is not None:
        trig = ctx.lex.uni.get(ctx.keys[i])
        if trig is not None and trig.pos == "v":
            return True
    return False


def _conditional(ctx: _Ctx, i: int, a: int) -> bool:
    nk = ctx.nkeys
    for x in range(max(a, i - 6), i):
        if nk[x] in CONDITIONAL:
            return True
    return False


def _planned(ctx: _Ctx, i: int, a: int) -> bool:
    nk, keys = ctx.nkeys, ctx.keys
    for x in range(max(a, i - 5), i):
        if nk[x] in PLAN or keys[x] in PLAN:
            return True
        if (nk[x] in FUTURE_LIGHT or keys[x] in FUTURE_LIGHT) and i - x <= 3:
            return True  # "سينفذون إضراباً"
    return False


DECADES = _fs("ثمانينات ثمانينيات تسعينات تسعينيات سبعينات سبعينيات ستينات ستينيات خمسينات خمسينيات")


_BG_CUES = BACKGROUND_WORDS | DECADES | frozenset(MONTHS) | frozenset(("عام", "سنه", "منذ", "العام"))


def _background(ctx: _Ctx, i: int, a: int, b: int) -> bool:
    nk, keys, toks = ctx.nkeys, ctx.keys, ctx.toks
    # "كان قد" / "وكانت ... قد" before the trigger
    for x in range(max(a, i - 8), i):
        if nk[x] in ("كان", "كانت", "كانوا") or keys[x] in ("كان", "كانت", "كانوا"):
            if any(nk[y] == "قد" for y in range(x + 1, min(i + 1, x + 5))):
                return True
        if nk[x] == "سبق" or keys[x] == "سبق":
            return True
    if i > a and nk[i - 1] == "قد" and any(nk[x] in ("كان", "كانت", "كانوا") or keys[x] in ("كان", "كانت", "كانوا")
                                           for x in range(max(a, i - 25), i - 1)):
        return True  # "وكان مقاتلون من ... قد استولوا"
    if _BG_CUES.isdisjoint(keys[a:b]) and _BG_CUES.isdisjoint(nk[a:b]):
        return False  # every test of the loop below needs one of these words in the sentence
    pub_year = ctx.published.year if ctx.published else None
    for x in range(a, b):
        k = keys[x]
        if k in BACKGROUND_WORDS and abs(x - i) <= 6:
            return True
        if k in DECADES:
            return True  # "في الثمانينات"
        if toks[x].kind == "num" and x > a and (keys[x - 1] in ("عام", "سنه", "منذ", "العام") or nk[x - 1] in ("عام", "سنه", "منذ", "العام")
                                               or keys[x - 1] in MONTHS or (x > a + 1 and keys[x - 2] in MONTHS and toks[x - 1].text in ")）")):
            try:
                year = int(toks[x].norm)
            except ValueError:
                continue
            if 1900 <= year <= 2100 and (pub_year is None or year < pub_year):
                return True
        if k in ("عام", "سنه") and x + 1 < b and keys[x + 1] in ("ماضي", "ماضيه", "الماضي", "الماضيه"):
            return True
    return False


# ---------------------------------------------------------------------------------------------
# arguments


def _np(ctx: _Ctx, k: int, b: int) -> tuple[Entity, int] | None:
    """The noun phrase starting at or just after token ``k`` (skipping adverbs): (entity, end)."""
    toks, keys, nkeys = ctx.toks, ctx.keys, ctx.nkeys
    doc = ctx.doc
    x = k
    steps = 0
    while x < b and steps < 6:
        t = toks[x]
        if t.kind == "punct" and t.text in ",،;:":
            x += 1
            steps += 1
            continue
        if t.kind == "word" and (keys[x] in SKIP or nkeys[x] in SKIP):
            x += 1
            steps += 1
            continue
        if t.kind == "word" and nkeys[x] == "في" and x + 1 < b and keys[x + 1] in ("بيان", "تصريح", "تصريحات", "وقت", "حين", "مؤتمر"):
            x += 2
            steps += 1
            continue
        if t.kind == "num":  # "فجر 23 أيار"
            if x + 1 < b and keys[x + 1] in MONTHS:
                x += 2
                continue
        break
    if x >= b:
        return None
    t = toks[x]
    if t.text in ("«", "\"", "“"):
        close = {"«": "»", "\"": "\"", "“": "”"}[t.text]
        y = x + 1
        while y < b and toks[y].text != close and y - x < 8:
            y += 1
        if y < b and y > x + 1 and toks[y].text == close:
            e = ctx.ent_start.get(x + 1)
            span = doc.span(toks[x + 1].start, toks[y - 1].end)
            return _entity(span, e), y + 1
        return None
    e = ctx.ent_start.get(x)
    if e is not None:
        end = x
        while end < b and toks[end].end <= e.end:
            end += 1
        return Entity(e.start, e.end, e.text, e.label, e.actor_id, e.canonical, e.latin, e.kind,
                      e.country, e.role, e.affiliation, e.score), max(end, x + 1)
    rn = read_number(toks, x, b) if t.kind in ("num", "word") else None
    if rn is not None and not (t.kind == "num" and x + 1 < b and keys[x + 1] in MONTHS):
        # a count of people: "3 أشخاص", "أكثر من 600 وافد", "أربعة من عناصر الحشد"
        y = rn[1]
        if y < b and toks[y].kind == "word" and keys[y] not in STOP and not toks[y].prefix:
            y += 1
        elif y + 1 < b and nkeys[y] == "من" and toks[y + 1].kind == "word":
            sub = _np(ctx, y + 1, b)
            if sub is not None:
                y = sub[1]
        start = t.base_start if t.kind == "word" and t.base_start >= 0 else t.start
        return Entity(*_span3(doc, start, toks[y - 1].end)), y
    if t.kind != "word" or keys[x] in STOP or nkeys[x] in STOP or ctx.lex.uni.get(keys[x]) is not None and ctx.lex.uni[keys[x]].pos[0] == "v":
        return None
    if keys[x] in ATTRIB or len(keys[x]) < 2 or t.prefix:
        return None  # a prepositional phrase or a new clause, not a noun phrase
    y = x + 1
    titled = keys[x] in TITLES
    while y < b and y - x < 4:
        u = toks[y]
        if u.kind != "word" or keys[y] in STOP or nkeys[y] in STOP or keys[y] in SKIP:
            break
        if u.prefix:  # a new phrase: "و..." / "ب..." / "ل..."
            break
        if keys[y] in ATTRIB or (ctx.lex.uni.get(keys[y]) is not None and ctx.lex.uni[keys[y]].pos[0] == "v" and not u.det):
            break
        if read_number(toks, y, b) is not None:
            break
        if u.text.endswith(("اً", "ًا")) and not toks[x].text.endswith(("اً", "ًا")):
            break  # an accusative after a nominative head starts the object: "طائرة مسيّرة هدفاً"
        if not u.det and not toks[y - 1].det and y - x >= 2 and not titled:
            break  # at most noun + adjective without the article
        if not (u.det or not toks[y - 1].det):
            if not titled:
                break
            titled = False  # "الرئيس التركي رجب طيب أردوغان": a name after a title
            z = y
            while z < b and z - y < 3 and toks[z].kind == "word" and not toks[z].det and not toks[z].prefix \
                    and keys[z] not in STOP and keys[z] not in ATTRIB and ctx.lex.uni.get(keys[z]) is None \
                    and not (z in ctx.ent_start and ctx.ent_start[z].label in ("LOC", "ORG")):
                z += 1
            if z == y:
                break
            y = z
            continue
        titled = titled or keys[y] in TITLES
        y += 1
    e2 = ctx.ent_start.get(y)
    if e2 is not None and e2.label == "PER" and y < b:  # apposition: "وزير الخارجية ناصر بوريطة"
        z = y
        while z < b and toks[z].end <= e2.end:
            z += 1
        y = max(z, y + 1)
    start = toks[x].base_start if toks[x].base_start >= 0 else toks[x].start
    return Entity(*_span3(doc, start, toks[y - 1].end)), y


def _np_before(ctx: _Ctx, k: int, a: int) -> Entity | None:
    """The noun phrase ending just before token ``k`` (the antecedent of "الذين" ...)."""
    toks, keys = ctx.toks, ctx.keys
    y = k - 1
    x = k
    while y >= a and k - y <= 3:
        t = toks[y]
        if t.kind == "num":
            x = y
            y -= 1
            continue
        if t.kind != "word" or keys[y] in STOP or ctx.nkeys[y] in STOP or keys[y] in ATTRIB:
            break
        if ctx.lex.uni.get(keys[y]) is not None and ctx.lex.uni[keys[y]].pos[0] == "v" and not t.det:
            break
        if t.prefix:
            break
        x = y
        y -= 1
    if x >= k:
        return None
    start = toks[x].base_start if toks[x].base_start >= 0 else toks[x].start
    return Entity(*_span3(ctx.doc, start, toks[k - 1].end))


def _span3(doc: Doc, s: int, e: int) -> tuple[int, int, str]:
    return s, e, doc.text[s:e]


def _entity(span: Span, e: Entity | None) -> Entity:
    if e is not None and e.start == span.start and e.end == span.end:
        return Entity(e.start, e.end, e.text, e.label, e.actor_id, e.canonical, e.latin, e.kind,
                      e.country, e.role, e.affiliation, e.score)
    return Entity(span.start, span.end, span.text)


def _victim_like(ctx: _Ctx, ent: Entity, x: int) -> bool:
    t = ctx.toks[x] if x < len(ctx.toks) else None
    if t is None:
        return False
    return (t.kind == "num" or ctx.keys[x] in VICTIM_HEADS or ctx.nkeys[x] in CROWD_NUMBERS
            or read_number(ctx.toks, x, min(len(ctx.toks), x + 8)) is not None)


def _first_tok(ctx: _Ctx, k: int, b: int) -> int:
    x = k
    while x < b and ((ctx.toks[x].kind == "punct" and ctx.toks[x].text in ",،;:«") or ctx.keys[x] in SKIP):
        x += 1
    return x


def _arguments(ctx: _Ctx, m: Mention, a: int, b: int, deny_pos: list[int], prev: Mention | None = None) -> None:
    toks, keys, nkeys, lex = ctx.toks, ctx.keys, ctx.nkeys, ctx.lex
    doc = ctx.doc
    i, j = m.i, m.j
    # source and claim: an attribution verb before the trigger
    speaker: tuple[Entity, int] | None = None
    att_idx = None
    for x in range(i - 1, a - 1, -1):
        if keys[x] in ATTRIB or x in deny_pos:
            att_idx = x
            speaker = _np(ctx, x + 1, i)
            break
        if nkeys[x] in ACCORDING:
            speaker = _np(ctx, x + 1, b)
            att_idx = x
            break
    if speaker is None:  # "..., بحسب المصدر" / "وفق ما أفاد به المصدر" after the trigger
        for x in range(j, b):
            if nkeys[x] in ACCORDING:
                y = x + 1
                if y < b and nkeys[y] == "ما":
                    for z in range(y + 1, min(b, y + 3)):
                        if keys[z] in ATTRIB:
                            y = z + 1
                            break
                speaker = _np(ctx, y, b)
                att_idx = x
                break
    q = _quote_for(ctx, toks[i].start)
    if q is not None and q.speaker is not None and q.speaker.start is not None:
        m.source = Entity(q.speaker.start, q.speaker.end, q.speaker.text, q.speaker.label,
                          q.speaker.actor_id, q.speaker.canonical)
    elif speaker is not None:
        m.source = speaker[0]
    claimed = False
    if speaker is not None and att_idx is not None and att_idx < i:
        between = range(att_idx + 1, i)
        if m.trig.pos[0] == "v" and any(nkeys[x] in SAME_SUBJ for x in between) and i - 1 >= a and nkeys[i - 1] in SAME_SUBJ | {"قد"}:
            claimed = True
        if any(keys[x] in CLAIM or nkeys[x] in CLAIM for x in range(att_idx, min(b, j + 3))):
            claimed = True
    if not claimed and m.trig.pos == "n" and speaker is not None and att_idx is not None and att_idx < i:
        for x in range(i - 1, max(att_idx, i - 4), -1):
            if keys[x] in LIGHT_VERBS and x - 1 > att_idx and nkeys[x - 1] in SAME_SUBJ:
                claimed = True  # "أعلنت القيادة أنها نفّذت غارة"
                break
    if not claimed and speaker is None and not CLAIM.isdisjoint(keys[a:b]):
        for x in range(a, b):
            if keys[x] in CLAIM and keys[x] not in ("مسؤوليه", "مسؤوليتها", "مسؤوليته"):
                speaker = _np(ctx, x + 1, b)
                if speaker is not None:
                    m.source = speaker[0]
                    claimed = True
                break
    if m.trig.pos[0] == "v" and toks[i].suffix and att_idx is not None and att_idx < i \
            and not any(nkeys[x] in ("ان",) or nkeys[x] in SAME_SUBJ for x in range(att_idx + 1, i)):
        m.trig = Trigger(m.trig.type, m.trig.mode, "n", m.trig.weak)  # a masdar with its pronoun
    # actor and target
    subject_known = i - 1 >= a and (nkeys[i - 1] in SAME_SUBJ or (
        nkeys[i - 1] == "قد" and i - 2 >= a and nkeys[i - 2] in ("يكون", "تكون", "يكونوا", "كان", "كانت")))
    ttype = m.trig.type
    if m.trig.pos[0] == "v" and subject_known:
        m.target = _target_after(ctx, _skip_instrument(ctx, j, b), b, ttype)
        if speaker is not None and (claimed or m.status == "denied"):
            m.actor = speaker[0]
    elif m.trig.pos[0] == "v" and (keys[i].startswith(("انفجر", "ينفجر", "تنفجر")) or _after_event_noun(ctx, m, a)):
        # "انفجرت العبوة" / "غارة إسرائيلية استهدفت منزلاً": the subject is the device or the event
        m.target = None if keys[i].startswith(("انفجر", "ينفجر", "تنفجر")) else \
            _target_after(ctx, _skip_instrument(ctx, j, b), b, ttype)
    elif m.trig.pos[0] == "v" and i > a and nkeys[i - 1] in RELATIVE:
        m.actor = _np_before(ctx, i - 1, a)  # "المحتجين الذين أغلقوا الطريق"
        if ttype != "PROTEST":
            m.target = _target_after(ctx, _skip_instrument(ctx, j, b), b, ttype)
    elif m.trig.pos[0] == "v":
        svo = _svo_subject(ctx, i, a)
        if svo is not None:
            m.actor = None if _instrument_like(ctx, svo[1]) else svo[0]
            if svo[0].text and svo[0].text.endswith(("ها", "ه", "هم")) and speaker is not None:
                claimed = True  # "قالت الوزارة إن قواتها استهدفت": the speaker's own forces
            m.target = _target_after(ctx, _skip_instrument(ctx, j, b), b, ttype)
        else:
            first = _first_tok(ctx, j, b)
            np1 = _np(ctx, j, b)
            coordinated = toks[i].prefix.startswith("و") and prev is not None and prev.actor is not None
            if coordinated and (np1 is None or (np1[1] < b and (("ب" in toks[np1[1]].prefix) or keys[np1[1]].startswith("مسؤولي")))):
                # "ونفت الحركة ...، واتهمت الجيش بقصف": the subject of the first verb goes on
                m.actor = prev.actor
                m.target = np1[0] if np1 is not None else None
            elif np1 is not None and first < b and _victim_like(ctx, np1[0], first) and ttype in ("ASSAULT", "COERCE"):
                m.target = np1[0]  # passive reading: "قتل 3 أشخاص"
            elif np1 is not None and (not _instrument_like(ctx, first) or _has_nisba(ctx, first, np1[1])):
                m.actor = np1[0]
                if ttype != "PROTEST":
                    m.target = _target_after(ctx, _skip_instrument(ctx, np1[1], b), b, ttype)
            elif ttype != "PROTEST":
                m.target = _target_after(ctx, _skip_instrument(ctx, np1[1] if np1 else j, b), b, ttype)
    else:
        nx = j
        # nisba actor: "غارة إسرائيلية", "قصف مدفعي تركي"
        for x in range(j, min(b, j + 3)):
            if toks[x].kind != "word":
                break
            if keys[x] in NISBA_ACTORS:
                s = toks[x].base_start if toks[x].base_start >= 0 else toks[x].start
                m.actor = Entity(*_span3(doc, s, toks[x].end), inferred="descriptive")
                nx = x + 1
                break
            if not toks[x].det and x > j:
                break
        if nx < b and toks[nx].kind == "word" and toks[nx].det and not toks[nx].prefix and keys[nx] not in STOP \
                and lex.instr_uni.get(keys[nx]) is None and not keys[nx].endswith(("يه", "ي")):
            gen = _np(ctx, nx, b)
            if gen is not None:
                if keys[i] in TARGET_GENITIVE or ttype in ("ASSAULT", "COERCE", "SANCTION"):
                    m.target = m.target or gen[0]
                elif ttype in GENITIVE_AGENT_TYPES:
                    m.actor = m.actor or gen[0]
                nx = gen[1]
        if nx < b and toks[nx].kind == "num" and ttype in ("COERCE", "ASSAULT", "CONCEDE"):
            gen = _np(ctx, nx, b)  # "توقيف 14 شخصاً"
            if gen is not None:
                m.target = m.target or gen[0]
                nx = gen[1]
        for x in range(nx, min(b, nx + 6)):
            if keys[x] in AGENT_MARKERS or nkeys[x] in AGENT_MARKERS:
                ag = _np(ctx, x + 1, b)
                if ag is not None:
                    m.actor = ag[0]
                    nx = ag[1]
                break
            if nkeys[x] == "بين" and ttype in ("ASSAULT", "AGREE", "CONSULT", "COOPERATE"):
                ag = _np(ctx, x + 1, b)  # "اشتباكات بين مجموعتين", "مفاوضات بين إسرائيل وحماس"
                if ag is not None:
                    m.actor = ag[0]
                break
            if keys[x] in LIGHT_VERBS and keys[x].startswith(("استهدف", "يستهدف", "تستهدف")):
                m.target = m.target or _target_after(ctx, x + 1, b, ttype)
                break
            if nkeys[x] == "يد" and x > a and nkeys[x - 1] in ("على", "علي"):
                ag = _np(ctx, x + 1, b)
                if ag is not None:
                    m.actor = ag[0]
                break
        if m.actor is None:
            m.actor = _light_verb_subject(ctx, i, a, speaker, ttype)
        if m.actor is None and toks[i].suffix and speaker is not None and att_idx is not None and att_idx < i:
            m.actor = speaker[0]  # "أعلن القائد رفضه": the speaker's own act
            m.announced = True
        if m.actor is None and toks[i].suffix and prev is not None and prev.actor is not None:
            m.actor = prev.actor  # "دعا الملك ... خلال لقائه وفداً": the same person
        if toks[i].suffix and m.target is None and ttype in ("CONSULT", "COERCE", "ASSAULT"):
            m.target = _target_after(ctx, j, b, ttype)  # "لقائه وفداً من الكونغرس"
        if m.actor is None and speaker is not None and att_idx is not None and att_idx < i and ttype in AUTHORITY_TYPES \
                and keys[att_idx].startswith(("اعلن", "يعلن", "تعلن")) and speaker[1] <= i and \
                (all(toks[x].kind == "punct" or keys[x] in SKIP for x in range(speaker[1], i))
                 or toks[i].prefix.startswith("و")):
            m.actor = speaker[0]  # "أعلنت الوزارة توقيف 14 شخصاً": an authority announcing its act
            m.announced = True
        if m.target is None:
            m.target = _prep_target(ctx, nx, b, ttype)
    if claimed and ttype in SPEECH_TYPES:
        claimed = False  # a statement is its speaker's own act: reported, not "claimed"
    if claimed:
        m.status = "claimed" if m.status == "reported" else m.status
        if m.actor is None and speaker is not None:
            m.actor = speaker[0]
    if m.status == "denied" and m.actor is None and speaker is not None and i - 1 >= a and nkeys[i - 1] in SAME_SUBJ | {"قد"}:
        m.actor = speaker[0]
    if m.status in ("reported",) and speaker is not None and att_idx is not None and keys[att_idx] in ACK:
        if m.target is not None and _overlap_text(m.target.text, speaker[0].text):
            m.status = "confirmed"
    if m.actor is not None and m.target is not None and m.actor.start == m.target.start:
        m.target = None
    # instrument and mode
    if m.actor is None and ttype == "ASSAULT":
        instr_uni = lex.instr_uni
        for x in range(a, b - 1):
            k = keys[x]  # _instrument_like(ctx, x) inlined (x < len(toks) here): a step per token
            if (instr_uni.get(k) is not None or k.startswith(INSTRUMENT_HEADS)) and not ctx.toks[x].det:
                for y in range(x + 1, min(b, x + 3)):
                    if keys[y] in NISBA_ACTORS:  # "طائرة مسيّرة تركية": the text names the side
                        s_ = toks[y].base_start if toks[y].base_start >= 0 else toks[y].start
                        m.actor = Entity(*_span3(doc, s_, toks[y].end), inferred="descriptive")
                        break
                if m.actor is not None:
                    break
    instr = _instrument(ctx, m, a, b)
    if instr is not None:
        m.instrument = instr[0]
        if m.trig.type == "ASSAULT" and (m.mode is None or m.trig.weak):
            m.mode = instr[0]
        if instr[1]:
            m.acled_mode = "suicide"
    if m.trig.type == "PROTEST" and m.mode == "strike":
        if any(keys[x] == "طعام" for x in range(j, min(b, j + 3))):
            m.mode = "hunger"


def _preps(ttype: str) -> frozenset[str]:
    return TARGET_PREPS_BY_TYPE.get(ttype, TARGET_PREPS)


def _target_after(ctx: _Ctx, k: int, b: int, ttype: str = "") -> Entity | None:
    """The object after a verb: a bare noun phrase, or one after the type's preposition."""
    keys, nkeys, toks = ctx.keys, ctx.nkeys, ctx.toks
    x = _first_tok(ctx, k, b)
    if x < b and toks[x].kind == "word" and "ب" in toks[x].prefix and x + 1 < b and toks[x + 1].kind == "punct":
        x = _first_tok(ctx, x + 1, b)  # "، اليوم الاثنين بالرباط، نظيره"
    if x >= b:
        return None
    if nkeys[x] in _preps(ttype):
        np = _np(ctx, x + 1, b)
        return _not_event(ctx, np, x + 1, b)
    t = toks[x]
    if t.kind == "word" and not t.prefix and keys[x] not in STOP and nkeys[x] not in STOP:
        return _not_event(ctx, _np(ctx, x, b), x, b)
    if t.kind == "num" or read_number(toks, x, b) is not None:
        np = _np(ctx, x, b)
        return np[0] if np else None
    return None


def _not_event(ctx: _Ctx, np, x: int, b: int) -> Entity | None:
    """An object headed by an event noun ("أدان الهجوم") is not a target."""
    if np is None:
        return None
    y = _first_tok(ctx, x, b)
    if y < b and ctx.lex.uni.get(ctx.keys[y]) is not None:
        return None
    return np[0]


def _prep_target(ctx: _Ctx, k: int, b: int, ttype: str) -> Entity | None:
    """For a noun trigger: the noun phrase after the type's preposition within a few tokens."""
    preps = _preps(ttype)
    for x in range(k, min(b, k + 5)):
        if ctx.nkeys[x] in preps:
            return _not_event(ctx, _np(ctx, x + 1, b), x + 1, b)
        t = ctx.toks[x]
        if t.kind == "punct" and t.text not in "«»\"":
            return None
        if ctx.keys[x] in ATTRIB or ctx.keys[x] in LIGHT_VERBS or (t.prefix and not t.det):
            return None
    return None


def _skip_instrument(ctx: _Ctx, x: int, b: int) -> int:
    """Skip adverbs and an instrument phrase ("بالطائرات المسيّرة") before the object."""
    toks = ctx.toks
    x = _first_tok(ctx, x, b)
    while x < b and toks[x].kind == "word" and "ب" in toks[x].prefix and _instrument_like(ctx, x):
        x += 1
        while x < b and toks[x].kind == "word" and not toks[x].prefix and (toks[x].det or ctx.keys[x].endswith(("يه", "ي", "ات"))):
            x += 1
        x = _first_tok(ctx, x, b)
    return x


def _instrument_like(ctx: _Ctx, x: int) -> bool:
    if x >= len(ctx.toks):
        return False
    k = ctx.keys[x]
    return (ctx.lex.instr_uni.get(k) is not None or k.startswith(INSTRUMENT_HEADS))


def _svo_subject(ctx: _Ctx, i: int, a: int):
    """The subject between "أنّ/إنّ" and the verb at ``i``: (entity, first token) or None."""
    nkeys = ctx.nkeys
    for p in range(i - 1, max(a, i - 8) - 1, -1):
        if nkeys[p] in ("ان",):
            np = _np(ctx, p + 1, i)
            if np is not None and np[1] == i:
                return np[0], _first_tok(ctx, p + 1, i)
            return None
        if ctx.keys[p] in ATTRIB or ctx.toks[p].kind == "punct" and ctx.toks[p].text in ".!?؟":
            return None
    return None


def _light_verb_subject(ctx: _Ctx, i: int, a: int, speaker=None, ttype: str = "") -> Entity | None:
    """For a noun trigger: the subject of a light verb before it ("شنّت القوات هجوماً",
    "القوات ... شنّت هجوماً", "فرضت الوزارة عقوبات")."""
    keys = ctx.keys
    light = LIGHT_VERBS | PROTEST_LIGHT if ttype == "PROTEST" else LIGHT_VERBS
    for x in range(i - 1, max(a, i - 16) - 1, -1):
        if keys[x] in FUTURE_LIGHT or ctx.nkeys[x] in FUTURE_LIGHT:
            if speaker is not None and x > a and ctx.nkeys[x - 1] in SAME_SUBJ:
                return speaker[0]  # "أعلن العمال أنهم سينفذون إضراباً"
            return None
        if keys[x] in light:
            if x > a and ctx.nkeys[x - 1] in SAME_SUBJ and speaker is not None:
                return speaker[0]
            if x == i - 1 or (x == i - 2 and ctx.toks[i - 1].kind == "punct"):
                svo = _svo_subject(ctx, x, a)
                if svo is not None and not _instrument_like(ctx, svo[1]):
                    return svo[0]
                return None
            if any(ctx.lex.uni.get(keys[y]) is not None and ctx.lex.uni[keys[y]].pos == "n" for y in range(x + 1, i)):
                return None  # the light verb governs an earlier event noun
            np = _np(ctx, x + 1, i)
            if np is not None and np[1] <= i and not _instrument_like(ctx, _first_tok(ctx, x + 1, i)):
                return np[0]
            return None
        if keys[x] in ATTRIB:
            return None
    return None


def _words(text: str) -> set[str]:
    """Content words of a phrase, folded, without article, clitic pronouns and nisba endings."""
    out = set()
    for w in fold(text).split():
        w = w.strip("«»\"()،,.")
        if w.startswith(("وال", "بال", "لل")) and len(w) > 5:
            w = w[3:] if not w.startswith("لل") else w[2:]
        elif w.startswith("ال") and len(w) > 4:
            w = w[2:]
        for suf in ("هما", "هم", "ها", "ه"):
            if w.endswith(suf) and len(w) - len(suf) >= 3:
                w = w[: -len(suf)]
                break
        if w.endswith("يه") and len(w) > 4:
            w = w[:-1]
        if w.endswith("يا") and len(w) > 4:  # تركيا / تركي
            w = w[:-1]
        if len(w) >= 3 and w not in STOP:
            out.add(w)
    return out


def _overlap_text(a: str | None, b: str | None) -> bool:
    """Do two phrases name the same thing? Containment or a shared content word."""
    if not a or not b:
        return False
    fa, fb = fold(a), fold(b)
    if fa in fb or fb in fa:
        return True
    return bool(_words(a) & _words(b))


def _quote_for(ctx: _Ctx, offset: int):
    for q in ctx.doc.quotes:
        c = q.content
        if c is not None and c.start is not None and c.start <= offset < c.end:
            return q
    return None


def _instrument(ctx: _Ctx, m: Mention, a: int, b: int) -> tuple[str, bool] | None:
    if not ctx.sflags.get(m.sent, 0) & F_INSTR:
        return None  # no instrument word in the sentence (the loop below looks at those alone)
    keys, toks, lex = ctx.keys, ctx.toks, ctx.lex
    best = None
    suicide = False
    flags = ctx.flags
    for x in range(a, b):
        if not flags[x] & F_INSTR:
            continue
        k = keys[x]
        mode = None
        if x + 1 < b:
            mode = lex.instr_bi.get((k, keys[x + 1]))
        if mode is None:
            mode = lex.instr_uni.get(k)
        if mode is None and k.startswith("مسير") and ("ب" in toks[x].prefix or (x > a and keys[x - 1].startswith("طائر"))):
            mode = "drone"
        if k.startswith("انتحاري"):
            suicide = True
        if mode is None:
            continue
        d = abs(x - m.i)
        if best is None or (mode == "drone") or (d < best[0] and best[1] != "drone"):
            best = (d, mode)
    if best is None:
        return ("explosives", True) if suicide and m.trig.type == "ASSAULT" else None
    return best[1], suicide


def _casualties(ctx: _Ctx, a: int, b: int) -> tuple[int | None, int | None]:
    toks, keys, nkeys = ctx.toks, ctx.keys, ctx.nkeys
    kills = injuries = None
    flags = ctx.flags
    marks = [x for x in range(a, b) if flags[x] & F_CAS]
    if not marks:
        return None, None
    used: set[int] = set()
    x = a
    while x < b:
        if toks[x].kind in ("num", "word") and not _date_number(ctx, x, a, b):
            r = read_number(toks, x, b)
            if r is not None and r[0] < 1900:
                value, nxt = r
                best = None
                for c in marks:
                    if c in used and c not in range(x - 3, nxt + 3):
                        continue
                    if c < x:
                        d = x - c
                    elif c >= nxt:
                        d = c - nxt + 1
                        if keys[c] in PLURAL_CASUALTY:
                            d -= 0.5
                        # "3 أشخاص قتلوا": the noun may sit between
                    else:
                        continue
                    if d <= 3 and (best is None or d < best[0]):
                        best = (d, c)
                if best is not None:
                    c = best[1]
                    used.add(c)
                    if keys[c] in KILL or nkeys[c] in KILL:
                        kills = (kills or 0) + value
                    else:
                        injuries = (injuries or 0) + value
                x = nxt
                continue
        x += 1
    for c in marks:
        if c in used or c + 1 >= b:
            continue
        if keys[c + 1] in SINGLE_PERSON and toks[c + 1].kind == "word":
            if keys[c] in KILL or nkeys[c] in KILL:
                kills = kills if kills is not None else 1
            else:
                injuries = injuries if injuries is not None else 1
    return kills, injuries


def _date_number(ctx: _Ctx, x: int, a: int, b: int) -> bool:
    keys, toks = ctx.keys, ctx.toks
    if toks[x].kind != "num":
        return False
    if x + 1 < b and keys[x + 1] in MONTHS:
        return True
    if x > a and (keys[x - 1] in MONTHS or keys[x - 1] in ("عام", "سنه")):
        return True
    return False


# ---------------------------------------------------------------------------------------------
# date and place


def _sentence_date(ctx: _Ctx, si: int, a: int, b: int) -> DateMention | None:
    doc = ctx.doc
    s = doc.sentences[si] if si < len(doc.sentences) else None
    if s is None:
        return None
    for d in doc.dates:
        if d.start is not None and s.start <= d.start < s.end and d.value_start:
            return _copy_date(d)
    if doc.dates and "dates" in doc.done:
        pass  # the dates layer saw this sentence and found nothing resolvable; try our cues too
    return _own_date(ctx, a, b)


def _copy_date(d: DateMention) -> DateMention:
    return DateMention(d.start, d.end, d.text, d.value_start, d.value_end, d.precision,
                       d.qualifier, d.relative, d.calendar, d.inferred)


_OWN_DATE_WORDS = frozenset(("امس", "يوم", "ليله")) | frozenset(WEEKDAYS)


def _own_date(ctx: _Ctx, a: int, b: int) -> DateMention | None:
    """A small fallback for when the dates layer is absent: أمس، اليوم، weekdays, "23 أيار"."""
    keys, nkeys, toks = ctx.keys, ctx.nkeys, ctx.toks
    # every reading below starts at a number or at one of these words: without them, none
    if ("num" not in token_columns(ctx.doc).kinds[a:b] and _OWN_DATE_WORDS.isdisjoint(keys[a:b])
            and "امس" not in nkeys[a:b]):
        return None
    pub = ctx.published
    doc = ctx.doc
    for x in range(a, b):
        t = toks[x]
        k = keys[x]
        if t.kind == "num" and x + 1 < b and keys[x + 1] in MONTHS:
            try:
                day = int(t.norm)
            except ValueError:
                continue
            month = MONTHS[keys[x + 1]]
            end_tok = x + 1
            # "أيار (مايو)" / "أيار/مايو"
            y = x + 2
            while y < b and (toks[y].text in "()/" or keys[y] in MONTHS) and y - x < 6:
                if keys[y] in MONTHS:
                    end_tok = y
                y += 1
            year = None
            if y < b and toks[y].kind == "num" and len(toks[y].norm) == 4:
                year = int(toks[y].norm)
                end_tok = y
            if year is None:
                if pub is None:
                    continue
                year = pub.year
                try:
                    if _dt.date(year, month, day) > pub:
                        year -= 1
                except ValueError:
                    continue
            try:
                value = _dt.date(year, month, day).isoformat()
            except ValueError:
                continue
            return DateMention(*_span3(doc, t.start, toks[end_tok].end), value_start=value, value_end=value,
                               precision="day", relative=False, calendar="gregorian")
        if pub is None:
            continue
        offset = None
        start_tok = x
        if nkeys[x] == "امس" or k == "امس":
            offset = -1
            if x - 2 >= a and nkeys[x - 2] == "اول" and nkeys[x - 1] == "من":
                offset, start_tok = -2, x - 2
            elif x - 1 >= a and nkeys[x - 1] == "اول":
                offset, start_tok = -2, x - 1
        elif k == "يوم" and t.det and not t.prefix.startswith("ل") and (x + 1 >= b or keys[x + 1] not in ("نفسه", "تالي")):
            offset = 0
        elif k in WEEKDAYS and (t.det or (x > a and keys[x - 1] == "يوم")):
            if k == "احد" and not t.det:
                continue
            if k == "اثنين" and not t.det:
                continue
            wd = WEEKDAYS[k]
            offset = -((pub.weekday() - wd) % 7)
            if x > a and keys[x - 1] == "يوم":
                start_tok = x - 1
        elif k == "ليله" and x + 1 < b and keys[x + 1] in ("ماضيه",):
            offset = -1
        if offset is None:
            continue
        # qualifier words just before: "فجر أمس"
        if start_tok > a and keys[start_tok - 1] in ("فجر", "صباح", "مساء", "ليل", "ظهر", "عصر"):
            start_tok -= 1
        value = (pub + _dt.timedelta(days=offset)).isoformat()
        s_ = toks[start_tok].base_start if toks[start_tok].base_start >= 0 else toks[start_tok].start
        return DateMention(*_span3(doc, s_, toks[x].end), value_start=value, value_end=value,
                           precision="day", relative=True, calendar="gregorian")
    return None


def _place_for(ctx: _Ctx, m: Mention) -> Place | None:
    doc = ctx.doc
    s = doc.sentences[m.sent]
    trig_start = ctx.toks[m.i].start
    best = None
    locative_only = (m.trig.type in SPEECH_TYPES or m.trig.type == "SANCTION") and m.mode != "visit"
    for p in doc.places:
        if p.start is None or p.dateline:
            continue
        if not s.start <= p.start < s.end:
            continue
        if locative_only and not _locative(ctx, p.start):
            continue  # "رفضت طهران": a place named as an actor is not where it happened
        d = p.start - trig_start
        score = d if d >= 0 else -d + 1000  # prefer places after the trigger ("في ...")
        if best is None or score < best[0]:
            best = (score, p)
    if best is not None:
        return _copy_place(best[1])
    return None


def _locative(ctx: _Ctx, offset: int) -> bool:
    """Is the place at ``offset`` introduced as a location ("في عمّان", "بالرباط")?"""
    toks = ctx.toks
    lo, hi = 0, len(toks) - 1
    while lo < hi:  # the token containing the offset
        mid = (lo + hi) // 2
        if toks[mid].end <= offset:
            lo = mid + 1
        else:
            hi = mid
    t = toks[lo]
    if t.start < offset and "ب" in t.prefix:
        return True
    k = lo - 1
    while k >= 0 and ctx.keys[k] in ("مدينه", "بلده", "قريه", "محافظه", "منطقه", "ولايه", "قضاء", "حي", "مخيم", "عاصمه"):
        if "ب" in toks[k].prefix:
            return True
        k -= 1
    return k >= 0 and ctx.nkeys[k] in ("في", "قرب", "داخل", "وسط")


def _dateline_place(ctx: _Ctx) -> Place | None:
    doc = ctx.doc
    for p in doc.places:
        if p.dateline and p.start is not None:
            q = _copy_place(p)
            q.inferred = "dateline"
            q.geo_precision = min(3, (p.geo_precision or 1) + 1)
            return q
    if doc.sentences and doc.sentences[0].kind == "dateline":
        s = doc.sentences[0]
        text = s.text
        cut = len(text)
        for ch in "(-–—ـ:|[":
            k = text.find(ch)
            if 0 < k < cut:
                cut = k
        name = text[:cut].rstrip()
        if name:
            return Place(s.start, s.start + len(name), name, name=name, dateline=True,
                         geo_precision=2, inferred="dateline")
    return None


def _copy_place(p: Place) -> Place:
    return Place(p.start, p.end, p.text, p.name, p.country, p.admin1, p.lat, p.lon, p.geo_precision,
                 p.feature, p.geonameid, p.dateline, p.inferred)


# ---------------------------------------------------------------------------------------------
# merging mentions into events


# "المهاجمين", "الخاطفين": a later description of whoever did it, compatible with any actor
GENERIC_PERPETRATORS = _fs("مهاجمين مهاجمون مهاجم خاطفين خاطفون منفذين منفذون جناه جاني مسلحين مسلحون")


def _compatible(x: Mention, y: Mention) -> bool:
    if x.trig.type != y.trig.type or x.background != y.background:
        return False
    if y.anaphoric:
        return True  # "الإضراب سيستمر حتى الجمعة": the same strike
    if x.date is not None and y.date is not None and x.date.value_start != y.date.value_start:
        return False
    if x.mode and y.mode and x.mode != y.mode:
        if {x.mode, y.mode} - {"aerial", "drone", "heavy-weapons"}:
            return False
    for a_, b_ in ((x.actor, y.actor),):
        if a_ is not None and b_ is not None and not _overlap_text(a_.text, b_.text) \
                and not (_words(a_.text) & GENERIC_PERPETRATORS or _words(b_.text) & GENERIC_PERPETRATORS):
            if a_.actor_id is None or a_.actor_id != b_.actor_id:
                return False
    if y.anaphoric or y.status == "denied":
        return True  # "الغارة" / "نفت أن تكون قد استهدفت": a later mention of the same act
    if x.target is not None and y.target is not None and x.trig.type in SPEECH_TYPES \
            and not _overlap_text(x.target.text, y.target.text):
        return False
    if x.location is not None and y.location is not None:
        if not _overlap_text(x.location.name or x.location.text, y.location.name or y.location.text):
            if not (x.location.country and x.location.country == y.location.country and
                    (x.location.feature == "country" or y.location.feature == "country")):
                return False
    if x.trig.type in SPEECH_TYPES and (x.actor is None) != (y.actor is None):
        return False
    return True


def _combined_status(g: Mention) -> str:
    """The status of an event from the status of each of its mentions (docs/events.md):
    claimed + reported by a named source other than the actor -> confirmed; any confirmed ->
    confirmed; claimed -> claimed; denied only when every mention is a denial; planned only when
    every mention is planned; otherwise reported."""
    statuses = [c[0] for c in g.claims]
    if "confirmed" in statuses:
        return "confirmed"
    actor = g.actor.text if g.actor is not None else None
    if "claimed" in statuses:
        for st, src in g.claims:
            if st == "reported" and src and not (actor and _overlap_text(src, actor)):
                return "confirmed"
        return "claimed"
    if all(st == "denied" for st in statuses):
        return "denied"
    if all(st == "planned" for st in statuses):
        return "planned"
    return "reported"


def _merge(ctx: _Ctx, mentions: list[Mention], lead_date: DateMention | None) -> list[Event]:
    doc = ctx.doc
    groups: list[Mention] = []
    anchored = [m for m in mentions if m.anchored]
    references = [m for m in mentions if not m.anchored]
    for m in mentions:
        m.claims.append((m.status, m.source.text if m.source else None))
    for m in anchored + references:
        for g in groups:
            if _compatible(g, m):
                g.evidence.extend(m.evidence)
                g.claims.extend(m.claims)
                if g.actor is not None and g.actor.inferred == "descriptive" and m.actor is not None \
                        and m.actor.inferred is None and _overlap_text(g.actor.text, m.actor.text):
                    g.actor = m.actor  # "غارة إسرائيلية" + "الجيش الإسرائيلي": keep the fuller name
                g.actor = g.actor or m.actor
                g.target = g.target or m.target
                g.location = g.location or m.location
                g.date = g.date or m.date
                g.instrument = g.instrument or m.instrument
                g.mode = g.mode or m.mode
                g.acled_mode = g.acled_mode or m.acled_mode
                g.source = g.source or m.source
                g.fatalities = _max(g.fatalities, m.fatalities)
                g.injuries = _max(g.injuries, m.injuries)
                break
        else:
            if m.anchored:  # a reference that joins no reported occurrence is not an event
                groups.append(m)
    groups.sort(key=lambda g: g.evidence[0].start or 0)
    for g in groups:
        g.status = _combined_status(g)
    dl_place = None
    events: list[Event] = []
    for n, g in enumerate(groups):
        loc = g.location
        if loc is None:
            if dl_place is None:
                dl_place = _dateline_place(ctx) or False
            if dl_place:
                loc = _copy_place(dl_place)
        date = g.date
        if date is None and doc.published and not g.background:
            date = DateMention(None, None, None, value_start=doc.published, value_end=doc.published,
                               precision="day", inferred="published")
        mode = g.mode
        acled = ctx.lex.acled_for(g.trig.type, g.acled_mode or mode)
        if g.trig.type == "ASSAULT" and acled is None and g.target is not None and any(
                fold(w) in CIVILIAN for w in (g.target.text or "").split()):
            acled = {"event_type": "Violence against civilians", "sub_event_type": "Attack"}
        first = g.evidence[0]
        events.append(Event(
            type=g.trig.type, trigger=Span(first.start, first.end, first.text), mode=mode,
            actor=g.actor, target=g.target, location=loc, date=date, status=g.status,
            source=g.source, fatalities=g.fatalities, injuries=g.injuries, acled=acled,
            evidence=list(g.evidence), instrument=g.instrument, background=g.background,
            id=f"{doc.id}-e{n + 1}",
        ))
    return events
