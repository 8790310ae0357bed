"""Quotes and sources: who said what, to whom, on whose authority.

The component finds attributed speech in a document and fills ``doc.quotes``:

- **cues** are looked up on each token's normalised form in a lexicon of cue lemmas
  (``resources/quotes/cues.tsv``) expanded to their inflected forms (past, present,
  participle; masculine, feminine, plural), with an optional و/ف proclitic; nominal frames
  (بحسب، وفقاً لـ، نقلاً عن) are in the same lexicon;
- **content** is the direct quote in «», "" or “” (matched with nesting, across sentences), or
  the clause after the complementiser (أنّ، إنّ، بأن، إلى أن) up to the end of the reported
  clause; verbs of denial, accusation, warning and demand also take a nominal object
  ("نفى الجيش صحة الأنباء");
- **speakers** come from the syntax: the subject after the cue verb (VSO), before it (SVO),
  after a frame (بحسب X), the antecedent of a pronoun-dropped verb ("وأضاف أن") chosen by the
  verb's gender and number, or the speaker of the clause a participle (مشيراً) hangs on. In a
  noun phrase headed by a role ("المتحدث باسم الوزارة، العميد مقداد ميري") the speaker span is
  the person's name and the rest becomes ``role``/``affiliation``. Entities from the entities
  layer that overlap the speaker lend it their label, actor id and names;
- **anonymous** sources (مصدر أمني، مصادر مطلعة، مسؤول ... طلب عدم الكشف عن اسمه) are flagged,
  with their stated affiliation; the **outlet** the words were given to (لـ«الشروق»، في حديث إلى
  «الأخبار»، للصحافة) and **written statements** (في بيان) are recorded;
- **chains** ("نقلت منصات عراقية عن وسائل إعلام إيرانية أن") list the links from the article back
  to the origin; the origin is the speaker.

Conventions (the gold set in tests/resources/quotes follows them): the cue span is the cue word
without a conjunction (و/ف); the content excludes the complementiser (but keeps one that carries
a pronoun: "أنهم سمعوا"), the quote marks of a direct quote and the final punctuation.
"""

from __future__ import annotations

import csv
import re
import threading
from bisect import bisect_left
from dataclasses import dataclass
from itertools import compress

from ..doc import Doc, Entity, Quote, Span
from ..errors import Errors, RasdError
from ..resources import resource_path
from ..text import fold_normalised, norm
from ..text.tokens import STEM_KEY, token_columns, token_info, token_keys


def _k(s: str) -> str:
    return fold_normalised(norm(s))


def _ks(words: str) -> frozenset[str]:
    return frozenset(_k(w) for w in words.split())


# --- closed word lists (folded keys) ---------------------------------------------------------
OPENERS = _ks("أن إن بأن أنه إنه بأنه أنها إنها بأنها أنهم إنهم بأنهم أنهما إنهما بأنهما أننا إننا بأننا أنني إنني")
BARE_OPENERS = _ks("أن إن بأن")
NOT_BEFORE_OPENER = _ks(
    "بعد قبل منذ حتى دون بدون بد لابد يجب يمكن ينبغي يريد أراد تريد عسى بمجرد كما رغم برغم مع لو غير "
    "إلا بيد حيث لاسيما بل لما"
)
PREPS_BEFORE_OPENER = _ks("إلى على من")
FRAME_NOUNS = _ks(
    "بيان تصريح تصريحات حديث مقابلة كلمة مؤتمر تغريدة منشور رسالة لقاء ندوة اتصال مداخلة خطاب "
    "اجتماع جلسة تدوينة بلاغ مقال حوار إفادة تعليق رد ردّ إحاطة برقية خطبة خطبته كلمته كلمتها مؤتمره"
)
OUTLET_TALK = _ks("حديث تصريح تصريحات مقابلة حوار اتصال لقاء مداخلة")
OUTLET_NOUNS = _ks(
    "وكالة صحيفة قناة موقع إذاعة صحافة صحافيين صحفيين الصحافيين الصحفيين إعلام مراسل تلفزيون "
    "شبكة جريدة مجلة منصة وسائل"
)
PREP_ADJUNCTS = _ks("خلال عبر أمام عقب أثناء لدى إثر قبيل مع ضمن")
TIME_WORDS = _ks(
    "اليوم أمس أول مساء صباح ظهر فجر ليل ليلة غدا الأحد الاثنين الإثنين الثلاثاء الأربعاء الخميس الجمعة السبت"
)
RELATIVES = _ks("الذي التي الذين اللذين اللتين اللواتي اللاتي")
ANON_CLAUSE_VERBS = _ks("طلب طلبت رفض رفضت فضل فضلت فضّل فضّلت اشترط اشترطت مفضلا مشترطا طالبا رافضا")
ANON_CLAUSE_NEXT = _ks("عدم الكشف ذكر الإفصاح نشر تسميته تسميتها الإشارة")
ADVERBIALS = _ks("بدوره بدورها بدورهم أيضا أيضاً كذلك مجددا بدورهما")
CONNECTIVES = _ks("غير إلا أن لكن لكنّ كما فيما بينما حيث إذ عندما بعدما ثم قد وقد لقد فقد كذلك وكما")
CLAUSE_CUTS = _ks("فيما بينما وهو وهي وذلك حسبما وفيما وبينما بحسب وفق وفقا")
OBJECT_STARTERS = _ks(
    "أي صحة وجود وقوع ما تلقي حدوث تورط مسؤولية علم مقتل إصابة الأنباء التقارير الاتهامات "
    "المزاعم الادعاءات الرواية"
)
ROLES = _ks(
    "متحدث ناطق رئيس رئيسة وزير وزيرة مدير مديرة محافظ نائب نائبة عضو قائد أمين سفير سفيرة "
    "مستشار مستشارة مبعوث ممثل زعيم أمير ملك شيخ عميد لواء عقيد عماد فريق مقدم رائد نقيب دكتور "
    "دكتورة أستاذ أستاذة كاتب مندوب مندوبة منسق قاضي مفتي مرشد رئيسة سيد سيدة حاج مراسل محلل "
    "باحث باحثة ناشط ناشطة شاهد مسؤول مسؤولة خبير خبيرة مساعد مساعدة وكيل نقيب مقرر أمينة "
    "القائد الرئيس قائممقام قائمقام عمدة والي حاكم مختار مرشح لاعب مدرب محامي محامية طبيب طبيبة مهندس "
    "معلم معلمة أمين وكيلة ناطقة متحدثة مفوض مفوضة فلاح مزارع تاجر صياد سائق عامل موظف مواطن مواطنة"
)
TITLES = _ks("الطبيب العميد اللواء الشيخ السيد السيدة الدكتور الدكتورة الحاج العقيد الفريق العماد المقدم الرائد النقيب الأستاذ المهندس القاضي الأمير الملك")
CONSTRUCT = _ks("مجلس مكتب إقليم جهاز قسم مركز فرع حزب جيش اتحاد نقابة منظمة هيئة مؤسسة لجنة بلدية جامعة شركة")
NAME_LINKS = _ks("عبد أبو أبي بن ابن بنت آل أم ولد")
NAMED_MARKERS = _ks("يدعى تدعى يُدعى تُدعى اسمه اسمها")
ANON_HEADS = _ks(
    "مصدر مصادر مسؤول مسؤولون مسؤولين مسؤولة شاهد شهود ناشط ناشطون ناشطين خبير خبراء محلل محللون "
    "محللين مراقب مراقبون مراقبين دبلوماسي دبلوماسيون دبلوماسيين أوساط جهات صفحات منصات حسابات "
    "وسائل مواقع سكان أهالي مقربون مقربين عناصر ضابط ضباط موظف موظفون موظفين مصدرا مهاجر مهاجرون "
    "لاجئ لاجئون نازح نازحون مواطن مواطنون مواطنين جندي جنود مقاتل مقاتلون عنصر سائق تاجر أولياء شهودا "
    "مسؤولا مصادرا مسؤولو أحد إحدى شيخ مهندس مهندسون مهندسين عامل عمال طبيب أطباء معلم معلمون وجهاء رجل "
    "امرأة شاب شابة سيدة"
)
DEF_ANON_ANAPHORS = _ks("مصدر مصادر")
AFFIL_PREPS = _ks("في من داخل لدى ب")
QUOTE_CLOSE = {"«": "»", "“": "”", '"': '"'}
OPEN_MARKS = frozenset("«“\"")
CLOSE_MARKS = frozenset("»”\"")
END_PUNCT = frozenset(".!?؟…")
COMMAS = frozenset(",،")


# --- the lexicon -----------------------------------------------------------------------------
@dataclass(slots=True, frozen=True)
class CueForm:
    lemma: str
    stance: str
    pos: str  # past, pres, part, frame
    feat: str | None  # m, f, p (gender/number of the verb form) or None
    skip: int = 0  # letters of a conjunction (و/ف) before the cue word


_LEX: dict[str, CueForm] | None = None
_SHORT_F = frozenset({"قال", "أكد", "نفى", "ردّ", "دعا", "زعم"})
_PREPS = _ks(
    "في من على إلى الى عن مع ب ل فيها فيه فيهم عليه عليها عليهم منه منها منهم له لها لهم عنه عنها إليه إليها "
    "معه معها بها به بهم"
)
_K_ALA = _k("على")
_ADVERBS = _ks(
    "مرارا مراراً أيضا أيضاً جدا جداً سابقا لاحقا حاليا مؤخرا تقريبا رسميا فعلا دائما أحيانا غالبا عادة مجددا "
    "كثيرا قليلا حتما ربما فقط تماما خصوصا عموما سريعا يوميا أولا ثانيا مثلا مرة حينها آنذاك"
)
_QAWL = _ks("قوله قولها قولهم قولهما القول")
_NOT_OPENING_VERB = _ks("هذه هذا ذلك تلك هؤلاء بعد رغم كما حتى أما إنما لكن إذ إذا لو عند عندما منذ مع")
_L_FRAMES = _ks("وفقا وفقاً طبقا طبقاً")
_NOT_NAME = _ks("ذلك هذا هذه تلك هؤلاء كل جميع بعض أي كافة عدد نحو")
_PREPS_BEFORE_OPENER_N = frozenset({"الى", "على", "من"})
_SPEAKS_FOR = _ks("متحدث متحدثة ناطق ناطقة متحدثون ناطقون")
_BISM = _ks("باسم باسمه باسمها باسمهم باسمهما")
_L_PRONOUNS = _ks("لي له لها لنا لهم لهن لك لكم لهما")
_NOT_AFTER_FRAME = _ks("ما لما ذلك لذلك هذا لهذا له لها لهم")
_NOT_SUBJECT_END = _ks("من ما لا لم لن الذي التي الذين")
_K_ILA = _k("إلى")
_K_BAYAN = _k("بيان")
_K_ALBAYAN = _k("البيان")
_K_NAQLAN = _k("نقلاً")
_K_FAINNA = _k("فإن")


def _clone(e: Entity) -> Entity:
    return Entity(e.start, e.end, e.text, e.label, e.actor_id, e.canonical, e.latin, e.kind, e.country,
                  e.role, e.affiliation, e.score, e.inferred)
_B_WORDS = _ks("بين بعد بعض بيان بلد بلاد بغداد بيروت بنغازي بريطانيا بلجيكا باكستان بابل بعلبك بيت بحر برلمان بوتين بايدن بشار بنك باب بيانا")
_LEX_LOCK = threading.Lock()


def _inflect(lemma: str, stance: str, past: str, pres: str, part: str, exclude: set[str]) -> dict[str, CueForm]:
    out: dict[str, CueForm] = {}

    def add(form: str, pos: str, feat: str | None) -> None:
        if form and form not in exclude and form not in out:
            out[form] = CueForm(lemma, stance, pos, feat)

    if past and past != "-":
        p = _k(past)
        add(p, "past", "m")
        root = p[:-1] if p[-1] in "يا" and len(p) > 2 else p
        add(root + "ت", "past", "f")
        add(root + "وا", "past", "p")
        if root == p:
            add(p + "تا", "past", "p")
    if pres and pres != "-":
        r = _k(pres)
        add(r, "pres", "m")
        add("ت" + r[1:], "pres", "f")
        add((r[:-1] if r[-1] in "يو" else r) + "ون", "pres", "p")
    if part and part != "-":
        a = _k(part)
        base = a.removesuffix("ا")
        add(base + "ا", "part", "m")
        add(base + "ه", "part", "f")
        add(base + "ين", "part", "p")
    return out


def load_lexicon(path=None) -> dict[str, CueForm]:
    """The cue lexicon as a dict from folded form to :class:`CueForm` (cached per process)."""
    global _LEX
    if path is None and _LEX is not None:
        return _LEX
    with _LEX_LOCK:
        if path is None and _LEX is not None:
            return _LEX
        p = path or resource_path("quotes", "cues.tsv")
        lex: dict[str, CueForm] = {}
        try:
            with open(p, encoding="utf-8") as fh:
                rows = [r for r in csv.reader(fh, delimiter="\t") if r and not r[0].startswith("#")]
        except OSError as exc:
            raise RasdError(Errors.E402, path=p, reason=str(exc)) from exc
        frames: set[str] = {_k(r[3]) for r in rows if len(r) > 3 and r[2].strip() == "frame"}
        for n, row in enumerate(rows, 1):
            if len(row) < 5:
                raise RasdError(Errors.E402, path=p, reason=f"row {n} has {len(row)} columns, expected 5 or 6")
            lemma, stance, past, pres, part = (c.strip() for c in row[:5])
            if stance not in STANCES:
                raise RasdError(Errors.E402, path=p, reason=f"row {n}: unknown stance {stance!r}")
            if past == "frame":
                lex[_k(pres)] = CueForm(lemma, stance, "frame", None)  # frames win over verb forms (نقلا)
                frames.add(_k(pres))
                continue
            exclude = {_k(x) for x in (row[5].split() if len(row) > 5 else [])}
            for form, cf in _inflect(lemma, stance, past, pres, part, set()).items():
                if form in frames:
                    continue
                if form in exclude:
                    # "بين" is a preposition, but "وبيّن" after a conjunction is the verb
                    if len(form) >= 3 and form == _k(past):
                        lex.setdefault("و" + form, CueForm(cf.lemma, cf.stance, cf.pos, cf.feat, 1))
                else:
                    lex.setdefault(form, cf)
        for form, cf in list(lex.items()):
            if len(form) < 3:
                continue
            for conj in ("و", "ف"):
                if conj == "ف" and len(form) < 4 and cf.lemma not in _SHORT_F:
                    continue  # "فرات" is not ف + رأت
                lex.setdefault(conj + form, CueForm(cf.lemma, cf.stance, cf.pos, cf.feat, 1))
        if path is None:
            _LEX = lex
        return lex


STANCES = ("neutral", "assertion", "denial", "accusation", "hedged", "warning", "demand")


def lexicon_lemmas() -> dict[str, str]:
    """Lemma -> stance for every cue lemma in the shipped lexicon."""
    return {cf.lemma: cf.stance for cf in load_lexicon().values()}


# --- per-document working state --------------------------------------------------------------
@dataclass(slots=True)
class _Spk:
    """A speaker found in the text, with what later quotes need to refer back to it."""

    entity: Entity
    feat: str | None
    anonymous: bool
    sent: int




class _StemKeys:
    """``token_stem_keys(doc)[i]`` read from the tokenizer's row of token i when asked: the
    extractor reads a few dozen stems per document, so building the whole column costs more."""

    __slots__ = ("infos",)

    def __init__(self, infos: list[tuple]) -> None:
        self.infos = infos

    def __getitem__(self, i: int) -> str:
        return self.infos[i][STEM_KEY]


class _Ctx:
    __slots__ = (
        "by_start",
        "close_of",
        "covered",
        "cue_at",
        "doc",
        "keys",
        "n",
        "open_of",
        "quotes",
        "sent_range",
        "speakers",
        "stems",
        "text",
        "toks",
    )

    def __init__(self, doc: Doc, lex: dict[str, CueForm]) -> None:
        self.doc = doc
        self.text = doc.text
        toks = self.toks = doc.tokens
        self.n = len(toks)
        # folded norms per token, computed once per surface by the tokenizer
        self.keys = token_keys(doc)
        cue_at: dict[int, tuple[CueForm, int]] = {}
        keys = self.keys
        for i in list(compress(range(len(keys)), map(lex.__contains__, keys))):
            k = keys[i]
            cf = lex[k]
            skip = cf.skip
            if toks[i].kind != "word":
                continue
            prev = self.keys[i - 1] if i else ""
            nxt = self.keys[i + 1] if i + 1 < self.n else ""
            if prev in ("عدم", "الكشف") or prev in ANON_CLAUSE_VERBS:
                continue  # "طلب عدم ذكر اسمه"
            if k[skip:] in NAMED_MARKERS and nxt not in OPENERS:
                continue  # "شاهد يُدعى عبدي حسن"
            if prev in NAME_LINKS:
                continue  # "علي بن أبي طالب"
            if nxt.startswith("انتباه") or nxt == "الله" and cf.lemma == "دعا":
                continue  # "لفت انتباهي" (caught my eye), "دعا الله" (prayed)
            if prev in ("«", "“") and nxt in ("»", "”"):
                continue  # a one-word name in quote marks
            cue_at[i] = (cf, skip)
        self.cue_at = cue_at
        self.quotes: list[Quote] = []
        self.speakers: list[_Spk | None] = []
        self.covered: list[tuple[int, int]] = []
        if not cue_at:
            return  # no cue, no quote: extract_quotes reads nothing else
        # folded stems (or norms), per token as asked (see _StemKeys)
        self.stems = _StemKeys(token_info(doc))
        self.by_start = token_columns(doc).starts
        # token range of each sentence, filled as _sent_bounds asks
        self.sent_range: list[tuple[int, int] | None] = [None] * len(doc.sentences)
        self.close_of, self.open_of = _match_quotes(doc.text)


_QUOTE_CHARS = re.compile('[«»“”"]')


def _match_quotes(text: str) -> tuple[dict[int, int], dict[int, int]]:
    """Offsets of matching quote marks: open -> close and close -> open (« » nest; " toggles)."""
    close_of: dict[int, int] = {}
    stack: list[tuple[str, int]] = []
    dq: int | None = None
    for m in _QUOTE_CHARS.finditer(text):
        ch = m.group()
        i = m.start()
        if ch == "«" or ch == "“":
            stack.append((ch, i))
        elif ch == "»" or ch == "”":
            want = "«" if ch == "»" else "“"
            for j in range(len(stack) - 1, -1, -1):
                if stack[j][0] == want:
                    close_of[stack[j][1]] = i
                    del stack[j:]
                    break
        else:
            if dq is None:
                dq = i
            else:
                close_of[dq] = i
                dq = None
    return close_of, {v: k for k, v in close_of.items()}


# --- the component ---------------------------------------------------------------------------
class QuoteExtractor:
    name = "quotes"
    reads: tuple[str, ...] = ("sentences", "tokens", "entities")
    sets: tuple[str, ...] = ("quotes",)

    def __init__(self, lexicon_path=None) -> None:
        self._lexicon_path = lexicon_path
        self._lex: dict[str, CueForm] | None = None

    @property
    def lexicon(self) -> dict[str, CueForm]:
        if self._lex is None:
            self._lex = load_lexicon(self._lexicon_path)
        return self._lex

    def __call__(self, doc: Doc) -> Doc:
        doc.quotes = extract_quotes(doc, self.lexicon) if doc.tokens else []
        return doc


def extract_quotes(doc: Doc, lex: dict[str, CueForm] | None = None) -> list[Quote]:
    c = _Ctx(doc, lex if lex is not None else load_lexicon())
    for i in sorted(c.cue_at):
        if _inside_covered(c, c.toks[i].start):
            continue
        cf, skip = c.cue_at[i]
        if cf.pos == "frame":
            _frame(c, i, cf, skip)
        elif cf.pos == "part":
            _participle(c, i, cf)
        else:
            _verb(c, i, cf, skip)
    return c.quotes


# --- token helpers ---------------------------------------------------------------------------
def _is_comma(c: _Ctx, i: int) -> bool:
    return c.toks[i].kind == "punct" and c.toks[i].text in COMMAS


def _inside_covered(c: _Ctx, off: int) -> bool:
    return any(s <= off < e for s, e in c.covered)


def _sent_bounds(c: _Ctx, i: int) -> tuple[int, int]:
    si = c.toks[i].sent
    if 0 <= si < len(c.sent_range):
        rng = c.sent_range[si]
        if rng is None:
            s = c.doc.sentences[si]
            rng = c.sent_range[si] = (bisect_left(c.by_start, s.start), bisect_left(c.by_start, s.end))
        a, b = rng
        if a <= i < b:
            return a, b
    return _sent_fallback(c, i)
    return a, b


def _sent_fallback(c: _Ctx, i: int) -> tuple[int, int]:
    """Sentence bounds when the tokens' sentence index does not match doc.sentences."""
    a = i
    while a > 0 and c.toks[a - 1].sent == c.toks[i].sent:
        a -= 1
    b = i + 1
    while b < c.n and c.toks[b].sent == c.toks[i].sent:
        b += 1
    return a, b


def _after_letters(text: str, start: int, n: int) -> int:
    """Offset after the first ``n`` letters from ``start`` (diacritics after them included)."""
    i = start
    seen = 0
    while i < len(text) and seen < n:
        i += 1
        seen += 1
        while i < len(text) and ("\u064b" <= text[i] <= "\u065f" or text[i] in "\u0670\u0640"):
            i += 1
    return i


def _is_nisba(stem: str) -> bool:
    return stem.endswith(("ي", "يه", "يين", "يون", "يا")) and len(stem) > 3


def _bare(c: _Ctx, i: int) -> str:
    """Folded key without و/ف conjunction and the article."""
    k = c.keys[i]
    if k.startswith("ال") and len(k) > 3:
        return k[2:]
    return k


def _has_b(c: _Ctx, i: int) -> bool:
    """Does token ``i`` carry the preposition ب (بقصف، بالوقوف، بـ)?"""
    t = c.toks[i]
    if t.kind != "word":
        return False
    k = c.keys[i]
    if t.prefix[-1:] == "ب" or k == "ب":
        return True
    return k.startswith(("بال", "بت")) and len(k) >= 5 and k not in _B_WORDS


def _bism_prep(c: _Ctx, j: int) -> bool:
    """Is "باسم" at ``j`` the preposition (المتحدث باسم الجيش), not the name Basem?"""
    for q in (j - 1, j - 2):
        if q < 0 or c.toks[q].kind != "word":
            return False
        b = _bare(c, q)
        if b in _SPEAKS_FOR:
            return True
        if not (c.toks[q].det and _is_nisba(c.stems[q])):
            return False
    return False


def _is_cue(c: _Ctx, i: int) -> bool:
    return i in c.cue_at


def _quote_end_tok(c: _Ctx, i: int) -> int | None:
    """Token index of the mark closing the quote opened at token ``i`` (or None)."""
    t = c.toks[i]
    if t.kind != "punct" or t.text not in OPEN_MARKS:
        return None
    close = c.close_of.get(t.start)
    if close is None:
        return None
    j = bisect_left(c.by_start, close)
    return j if j < c.n and c.by_start[j] == close else None


def _is_l_outlet(c: _Ctx, i: int, b: int) -> bool:
    """A ل-token that names where the words were given: لـ«X», لوكالة, للصحافة (before the opener)."""
    t = c.toks[i]
    k = c.keys[i]
    if t.kind != "word" or not k.startswith("ل") or k in _L_PRONOUNS:
        return False
    if k == "ل":
        return True
    stem = fold_normalised(t.stem)
    if stem in OUTLET_NOUNS or k[1:] in OUTLET_NOUNS:
        # "لوكالة «سانا»: ..." is an outlet; "المفوض العام لوكالة «الأونروا» فيليب لازاريني" is not
        j = i + 1
        if j < b and c.toks[j].kind == "punct" and c.toks[j].text in OPEN_MARKS:
            e = _quote_end_tok(c, j)
            if e is not None and e + 1 < b:
                n = c.toks[e + 1]
                return n.kind == "punct" or c.keys[e + 1] in OPENERS or _adjunct_start(c, e + 1, b)
        return True
    j = i + 1
    if j < b and c.toks[j].kind == "punct" and c.toks[j].text in OPEN_MARKS:
        return k[1:] in OUTLET_NOUNS
    if j >= b or _is_comma(c, j) or c.toks[j].text == ":" or c.keys[j] in OPENERS:
        # "، للأهرام إن" / "خلاف للأهرام إن", not "المستقلة للانتخابات أن"
        if i > 0 and (_is_comma(c, i - 1) or c.toks[i - 1].kind == "word" and not c.toks[i - 1].det
                      and c.keys[i - 1] not in ROLES):
            return k.startswith("لل") or t.prefix.endswith("ل")
        return False
    return False


def _adjunct_start(c: _Ctx, i: int, b: int) -> bool:
    k = c.keys[i]
    t = c.toks[i]
    if t.kind == "punct":
        return t.text in COMMAS or t.text == ":"
    if k == "في" and i + 1 < b and (c.keys[i + 1] in FRAME_NOUNS or _bare(c, i + 1) in FRAME_NOUNS
                                    or c.stems[i + 1] in FRAME_NOUNS or c.keys[i + 1][:-1] in FRAME_NOUNS):
        return True
    if k in PREP_ADJUNCTS or k in ADVERBIALS or k in RELATIVES or k in _QAWL or k in _L_PRONOUNS:
        return True
    if k in ANON_CLAUSE_VERBS and i + 1 < b and (c.keys[i + 1] in ANON_CLAUSE_NEXT or _bare(c, i + 1) in ANON_CLAUSE_NEXT):
        return True
    if _is_l_outlet(c, i, b):
        return True
    return False


def _apposition_ok(c: _Ctx, j: int, b: int) -> bool:
    """After a comma inside a role noun phrase: does a name/title follow (not an adjunct)?"""
    if j >= b:
        return False
    t = c.toks[j]
    if t.kind != "word":
        return False
    k = c.keys[j]
    if k in TIME_WORDS or k in RELATIVES or k in PREP_ADJUNCTS or k in ADVERBIALS or k in OPENERS:
        return False
    if k in ("في", "من", _K_ALA, _K_ILA, _K_ILA) or _adjunct_start(c, j, b):
        return False
    if k in ANON_CLAUSE_VERBS or k in OBJECT_STARTERS or _is_cue(c, j):
        return False
    return True


# --- noun phrases ----------------------------------------------------------------------------
def _np_region(c: _Ctx, a: int, b: int) -> int:
    """End of the speaker noun phrase in tokens [a, b) that end at a content opener."""
    i = a
    role = a < b and (_bare(c, a) in ROLES or c.stems[a] in ROLES)
    has_name = False
    while i < b:
        t = c.toks[i]
        if t.kind == "punct" and t.text in OPEN_MARKS:
            e = _quote_end_tok(c, i)
            if e is not None and e < b:
                i = e + 1
                continue
        if t.kind == "punct" and t.text in COMMAS:
            if role and not has_name and i > a and _apposition_ok(c, i + 1, b):
                i += 1
                has_name = True
                continue
            break
        if _adjunct_start(c, i, b) or (i > a and c.keys[i] in TIME_WORDS):
            break
        i += 1
    return i


def _chunk(c: _Ctx, k: int, b: int) -> int:
    """End of a noun phrase that starts at token ``k`` and has no clear right boundary."""
    if k >= b:
        return k
    t = c.toks[k]
    if t.kind == "punct" and t.text in OPEN_MARKS:
        e = _quote_end_tok(c, k)
        return e + 1 if e is not None and e < b else k
    if t.kind != "word" or c.keys[k] in OPENERS or _is_cue(c, k) or c.keys[k] in _PREPS:
        return k
    if c.keys[k] in _ADVERBS or c.keys[k] in TIME_WORDS or c.keys[k] in ADVERBIALS or c.keys[k] in CONNECTIVES:
        return k  # adverbs (مراراً، أيضاً) are no subject
    head = _bare(c, k)
    role = head in ROLES or c.stems[k] in ROLES or c.keys[k] in TITLES
    prev = "det" if t.det else ("construct" if _constructish(c, k) else "indef")
    if t.det and _is_nisba(c.stems[k]):
        prev = "nisba"
    in_name = 0
    j = k + 1
    while j < b:
        t = c.toks[j]
        key = c.keys[j]
        if t.kind == "punct":
            if t.text in COMMAS and role and not in_name and _apposition_ok(c, j + 1, b):
                in_name = 1
                j += 2
                continue
            if t.text in OPEN_MARKS and prev in ("construct", "indef") and not in_name:
                e = _quote_end_tok(c, j)
                if e is not None and e < b:
                    j = e + 1
                    prev = "quote"
                    continue
            break
        if t.kind != "word" or key in OPENERS or _is_cue(c, j) or key in OBJECT_STARTERS:
            break
        if _adjunct_start(c, j, b) or key in TIME_WORDS:
            break
        if key in NAMED_MARKERS:
            in_name = 1
            j += 1
            continue
        if (key in ("في", "من", _K_ILA) or key in _BISM and _bism_prep(c, j)) and j + 1 < b and not in_name:
            e = _chunk(c, j + 1, b)
            if e > j + 1:
                j = e
                prev = "pp"
                continue
            break
        stem = c.stems[j]
        if in_name:
            if in_name >= 6:
                break
            lastk = c.keys[j - 1]
            if t.det and not (in_name == 1 or lastk in NAME_LINKS):
                break
            if t.prefix and t.prefix in ("ب", "ل", "وب", "ول"):
                break
            in_name += 1
            j += 1
            continue
        if key in TITLES:
            prev = "title"
            j += 1
            continue
        if t.det:
            if prev in ("nisba", "quote", "pp") and not _is_nisba(stem):
                break
            if prev == "indef" and not _constructish(c, j - 1) and not _is_nisba(stem):
                break
            prev = "nisba" if _is_nisba(stem) else "det"
            j += 1
            continue
        # an indefinite word
        if t.prefix and t.prefix[-1:] in ("ب", "ل"):
            break
        if (role and prev in ("det", "nisba", "title", "pp") and key not in _NOT_NAME) or prev == "title":
            in_name = 1
            j += 1
            continue
        if c.keys[j - 1] in NAME_LINKS:  # "آل ثابت", "أبو الرب"
            j += 1
            continue
        if prev == "construct" or (j == k + 1 and role):
            prev = "construct" if _constructish(c, j) else "indef"
            j += 1
            continue
        if prev == "indef" and _is_nisba(stem):
            prev = "indef"
            j += 1
            continue
        break
    return j


def _constructish(c: _Ctx, i: int) -> bool:
    s = c.stems[i]
    k = _bare(c, i)
    return (not c.toks[i].det) and (s.endswith("ه") or s.endswith("ات") or k in CONSTRUCT or s in CONSTRUCT
                                    or k in ROLES or s in ROLES)


def _trim(c: _Ctx, s: int, e: int) -> tuple[int, int]:
    while s < e and c.toks[s].kind == "punct" and c.toks[s].text not in OPEN_MARKS:
        s += 1
    while e > s and c.toks[e - 1].kind == "punct" and c.toks[e - 1].text not in CLOSE_MARKS:
        e -= 1
    return s, e


def _speaker(c: _Ctx, s: int, e: int, *, skip_l: bool = False) -> tuple[Entity, bool] | None:
    """Build the speaker entity for the noun phrase in tokens [s, e); returns (entity, anonymous)."""
    s, e = _trim(c, s, e)
    if s >= e:
        return None
    text = c.text
    toks = c.toks
    start = toks[s].start
    if skip_l:
        if c.keys[s] == "ل":
            s += 1
            s, e = _trim(c, s, e)
            if s >= e:
                return None
            start = toks[s].start
        elif c.keys[s].startswith("ل"):
            start = _after_letters(text, toks[s].start, 1)
    elif toks[s].kind == "word" and toks[s].prefix[:1] in ("و", "ف") and not skip_l:
        start = _after_letters(text, toks[s].start, 1)  # "والوزير" -> "الوزير"
    end = toks[e - 1].end
    head = _bare(c, s)
    role_head = head in ROLES or c.stems[s] in ROLES or c.keys[s] in TITLES
    name_at = None
    for j in range(s, e):
        if c.keys[j] in NAMED_MARKERS and j + 1 < e:
            name_at = j + 1
            break
    if name_at is None and role_head:
        prev_kind = "role"
        j = s + 1
        while j < e:
            t = toks[j]
            k = c.keys[j]
            if t.kind == "punct":
                if t.text in OPEN_MARKS:
                    q = _quote_end_tok(c, j)
                    if q is not None and q < e:
                        j = q + 1
                        prev_kind = "quote"
                        continue
                prev_kind = "punct"
                j += 1
                continue
            if k in TITLES or _bare(c, j) in ROLES and not t.det:
                prev_kind = "role"
                j += 1
                continue
            if k in _BISM and k != "باسم" and _bism_prep(c, j):
                prev_kind = "role"  # "المتحدثة باسمها": no genitive follows
                j += 1
                continue
            if k in _BISM and _bism_prep(c, j) or k in ("في", "من", "لدى", "عن", _K_ILA) or t.det:
                prev_kind = "prep" if not t.det else "det"
                j += 1
                continue
            if prev_kind in ("prep",):
                prev_kind = "gen"
                j += 1
                continue
            if prev_kind in ("role", "gen") and _constructish(c, j - 1) and prev_kind != "punct":
                prev_kind = "gen" if _constructish(c, j) else "genend"
                j += 1
                continue
            if t.prefix and t.prefix[-1:] in ("ل", "ب") and k not in _BISM:
                prev_kind = "prep"
                j += 1
                continue
            if prev_kind == "gen" and j == e - 1:
                break  # "المدير التنفيذي لشركة مترو جدة": a last genitive, not a name
            name_at = j
            break
        # an apposition after a comma holds the name: "قائممقام قضاء دربندخان، نياز محمد"
        last_comma = None
        for q in range(s + 1, e - 1):
            if toks[q].kind == "punct" and toks[q].text in COMMAS:
                last_comma = q
        if last_comma is not None and (name_at is None or name_at < last_comma):
            q = last_comma + 1
            while q < e and (c.keys[q] in TITLES or _bare(c, q) in ROLES and toks[q].det):
                q += 1
            if q < e and toks[q].kind == "word":
                name_at = q
    name_end = None
    if name_at is None and not role_head and not toks[s].det and head not in ANON_HEADS \
            and not _constructish(c, s) and toks[s].kind == "word":
        # "حسام مغازي وزير الموارد المائية": a name, then its role
        for j in range(s + 1, min(e, s + 5)):
            if toks[j].kind != "word":
                break
            if (_bare(c, j) in ROLES or c.stems[j] in ROLES or c.keys[j] in TITLES) and j > s:
                name_end = j
                break
            if toks[j].det and c.keys[j - 1] not in NAME_LINKS and j - s > 1:
                break
    anonymous = False
    role = affiliation = None
    label = None
    if name_end is not None:
        role = text[toks[name_end].start:end].strip(" ،,") or None
        affiliation = _affiliation(c, name_end, e, after=("باسم",))
        label = "PER"
        end = toks[name_end - 1].end
    elif name_at is not None:
        pre_end = toks[name_at - 1].end
        role_text = text[start:pre_end].strip(" ،,")
        # drop a trailing title: "المتحدث باسم الجيش، العميد" -> "المتحدث باسم الجيش"
        if name_at - 1 > s and c.keys[name_at - 1] in TITLES:
            cut = name_at - 1
            while cut > s and c.toks[cut - 1].kind == "punct":
                cut -= 1
            role_text = text[start:toks[cut - 1].end].strip(" ،,")
        span_s, span_e = toks[name_at].start, end
        # a name ends at the noun phrase's end; drop what looks like an object after it
        if c.keys[name_at - 1] not in NAMED_MARKERS:
            role = role_text or None
        else:
            # "شاهد عيان يدعى عبدي حسن": the descriptor before the marker is the role
            role = text[start:toks[name_at - 2].end].strip(" ،,") if name_at - 2 >= s else None
        label = "PER"
        affiliation = _affiliation(c, s, name_at, after=("باسم",))
        start, end = span_s, span_e
    else:
        h = head
        plural_group = (not toks[s].det and len(c.stems[s]) > 4 and name_at is None and name_end is None
                        and (c.stems[s].endswith("ات") and (s + 1 >= e or toks[s + 1].kind == "word"
                                                            and not toks[s + 1].det)
                             or c.stems[s].endswith(("ون", "ين")) and s + 1 < e and toks[s + 1].kind == "word"
                             and not toks[s + 1].det))
        if h in ANON_HEADS or c.stems[s] in ANON_HEADS or plural_group:  # "منظمات حقوقية", "مستفيدات"

            if not toks[s].det or h in DEF_ANON_ANAPHORS or c.stems[s] in DEF_ANON_ANAPHORS or any(sp is not None and sp.anonymous for sp in c.speakers):
                anonymous = True
        if anonymous:
            affiliation = _affiliation(c, s, e, after=tuple(AFFIL_PREPS) + ("باسم",))
        elif role_head:
            affiliation = _affiliation(c, s, e, after=("باسم",))
    ent = Entity(start, end, text[start:end], label=label, role=role, affiliation=affiliation)
    if anonymous or (role_head and name_at is None and name_end is None):
        # "مصادر في «المقاومة الإسلامية»", "متحدث باسم الجيش": the organisation is the
        # affiliation, not the speaker
        for en in c.doc.entities:
            if en.start is not None and en.end is not None and ent.start <= en.start and en.end <= ent.end \
                    and en.label in ("ORG", None) and (en.actor_id or en.canonical):
                ent.affiliation = en.actor_id or en.canonical
                break
    else:
        _link_entities(c, ent, toks[s].start, toks[e - 1].end)
        if role is not None and ent.start is not None and ent.start > toks[s].start:
            # the organisation named in the role ("المتحدث باسم «حركة النجباء»") as an actor id
            for en in c.doc.entities:
                if en.start is not None and en.end is not None and toks[s].start <= en.start \
                        and en.end <= ent.start and en.label in ("ORG", None) and en.actor_id:
                    ent.affiliation = en.actor_id
                    break
    return ent, anonymous


def _affiliation(c: _Ctx, s: int, e: int, after: tuple[str, ...]) -> str | None:
    for j in range(s + 1, e):
        k = c.keys[j]
        if k in after or (c.toks[j].kind == "word" and c.toks[j].prefix == "ب" and "ب" in after and j > s):
            a = j + 1 if k in after else j
            if k not in after:
                # "بمدينة الفاشر": the affiliation starts after the preposition
                start = c.toks[j].base_start if c.toks[j].base_start >= 0 else c.toks[j].start
            elif a < e:
                start = c.toks[a].start
            else:
                return None
            end = c.toks[e - 1].end
            # stop at an apposition comma
            for m in range(a, e):
                if _is_comma(c, m):
                    end = c.toks[m - 1].end
                    break
            val = c.text[start:end].strip(" ،,«»\"“”")
            return val or None
    return None


def _link_entities(c: _Ctx, ent: Entity, np_s: int, np_e: int) -> None:
    """Copy label/actor/names from the entities layer when an entity overlaps the speaker."""
    best = None
    best_ov = 0
    for e in c.doc.entities:
        if e.start is None or e.end is None:
            continue
        if e.end <= np_s or e.start >= np_e:
            continue
        ov = min(e.end, ent.end) - max(e.start, ent.start)
        if ov > best_ov:
            best, best_ov = e, ov
    if best is None:
        # a person entity inside the noun phrase becomes the speaker when we found no name
        if ent.label != "PER":
            for e in c.doc.entities:
                if e.label == "PER" and e.start is not None and np_s <= e.start and e.end <= np_e:
                    best = e
                    break
        if best is None:
            return
        if ent.label != "PER" and best.label == "PER":
            if ent.role is None:
                ent.role = c.text[np_s:best.start].strip(" ،,") or None
            ent.start, ent.end, ent.text = best.start, best.end, best.text
    for f in ("label", "actor_id", "canonical", "latin", "kind", "country", "score"):
        v = getattr(best, f)
        if v is not None:
            setattr(ent, f, v)
    if ent.role is None and best.role is not None:
        ent.role = best.role
    if best.affiliation is not None:
        ent.affiliation = best.affiliation  # the actor dictionary's id beats our text


# --- openers, content, adjuncts ----------------------------------------------------------------
def _find_opener(c: _Ctx, a: int, b: int, limit: int = 28) -> tuple[int, int] | None:
    """The first content opener in tokens [a, b): (index of the opener, index where content starts)."""
    end = min(b, a + limit)
    i = a
    while i < end:
        t = c.toks[i]
        k = c.keys[i]
        if t.kind == "punct":
            if t.text == ":":
                return i, i + 1
            if t.text in OPEN_MARKS:
                e = _quote_end_tok(c, i)
                if e is not None:
                    # a long quote that ends the clause is the content itself
                    inner = c.toks[i + 1] if i + 1 < c.n else None
                    obj = inner is not None and (_has_b(c, i + 1) or inner.kind == "word" and inner.prefix[-1:] == "ل")
                    if e - i > 4 and not obj and _clause_ends_at(c, e + 1, b):
                        return i, i
                    i = e + 1
                    continue
            i += 1
            continue
        if k in OPENERS:
            prev = c.keys[i - 1] if i > 0 else ""
            if prev in NOT_BEFORE_OPENER:
                i += 1
                continue
            return i, (i + 1 if k in BARE_OPENERS else i)
        if _is_cue(c, i) and not (c.cue_at[i][0].pos == "frame" and c.keys[i] == _K_NAQLAN):
            return None
        if i > a and k in CLAUSE_CUTS and _is_comma(c, i - 1):
            return None
        i += 1
    return None


def _clause_ends_at(c: _Ctx, j: int, b: int) -> bool:
    if j >= b:
        return True
    t = c.toks[j]
    if t.kind == "punct" and t.text in END_PUNCT:
        return True
    if t.kind == "punct" and t.text in COMMAS:
        return j + 1 >= b or _is_cue(c, j + 1) or c.keys[j + 1] in CLAUSE_CUTS
    return False


def _clause_end(c: _Ctx, a: int, b: int) -> int:
    """Token index where the reported clause that starts at ``a`` ends (exclusive)."""
    i = a
    while i < b:
        t = c.toks[i]
        if t.kind == "punct":
            if t.text in OPEN_MARKS:
                e = _quote_end_tok(c, i)
                if e is not None and e > i:
                    i = e + 1
                    continue
            if t.text in COMMAS and i + 1 < b and (_is_cue(c, i + 1) or c.keys[i + 1] in CLAUSE_CUTS):
                return i  # "...، مشيراً إلى" / "...، فيما ..." ends the reported clause
            if t.text in END_PUNCT and i + 1 < b:
                return i
        elif i > a and i in c.cue_at and c.cue_at[i][1] and c.cue_at[i][0].pos != "part":
            return i  # "... وقال: «...»" starts a new quote
        i += 1
    return b


def _content(c: _Ctx, a: int, b: int) -> tuple[Span, bool, int] | None:
    """Content starting at token ``a`` (sentence ends at ``b``): (span, direct, end token)."""
    if a >= c.n:
        return None
    t = c.toks[a]
    if t.kind == "punct" and t.text in OPEN_MARKS:
        e = _quote_end_tok(c, a)
        if e is not None and e > a + 1:
            sb = max(b, _sent_bounds(c, e)[1])
            if _clause_ends_at(c, e + 1, sb):
                return c.doc.span(t.end, c.toks[e].start), True, e + 1
    end = _clause_end(c, a, b)
    s, e = a, end
    while e > s and c.toks[e - 1].kind == "punct" and c.toks[e - 1].text not in CLOSE_MARKS \
            and c.toks[e - 1].text not in "%٪":
        e -= 1
    if e <= s:
        return None
    start = t.start
    if t.kind == "word" and c.keys[a].startswith("ب") and c.keys[a][1:] in OPENERS:
        start = _after_letters(c.text, t.start, 1)
    return c.doc.span(start, c.toks[e - 1].end), False, end


def _outlet_statement(c: _Ctx, a: int, b: int) -> tuple[str | None, bool]:
    """The outlet and written-statement flag from the adjuncts in tokens [a, b)."""
    outlet = None
    statement = False
    i = a
    while i < b:
        t = c.toks[i]
        k = c.keys[i]
        if t.kind != "word":
            i += 1
            continue
        if k == "في" and i + 1 < b:
            nk = c.keys[i + 1]
            fk = nk if nk in FRAME_NOUNS else (nk[:-1] if nk[:-1] in FRAME_NOUNS else _bare(c, i + 1))
            if fk == _K_BAYAN or _bare(c, i + 1) == _K_BAYAN:
                statement = True
            if fk in OUTLET_TALK and outlet is None:
                j = i + 2
                while j < b and j < i + 5 and c.toks[j].kind == "word" and c.keys[j] not in (_K_ILA, "مع") \
                        and not c.keys[j].startswith("ل") and c.keys[j] not in OPENERS and c.keys[j] != "في":
                    j += 1  # "في حديث خاص إلى ...", "في تصريح صحفي لـ..."
                if j < b and c.keys[j] in (_K_ILA, "مع"):
                    outlet = _name_after(c, j + 1, b)
                elif j < b and c.keys[j].startswith("ل"):
                    outlet = _outlet_from_l(c, j, b)
            i += 1
            continue
        if k.startswith("ل") and outlet is None and _is_l_outlet(c, i, b):
            outlet = _outlet_from_l(c, i, b)
        i += 1
    return outlet, statement


def _name_after(c: _Ctx, j: int, b: int) -> str | None:
    if j >= b:
        return None
    t = c.toks[j]
    if t.kind == "punct" and t.text in OPEN_MARKS:
        e = _quote_end_tok(c, j)
        if e is not None:
            return c.text[t.end:c.toks[e].start].strip() or None
        return None
    if t.kind == "word" and c.keys[j].startswith("ل") and c.keys[j] != "ل":
        return _outlet_from_l(c, j, b)
    e = j
    while e < b and c.toks[e].kind in ("word", "latin") and c.keys[e] not in OPENERS and e - j < 3:
        e += 1
    return c.text[t.start:c.toks[e - 1].end] if e > j else None


def _outlet_from_l(c: _Ctx, i: int, b: int) -> str | None:
    t = c.toks[i]
    k = c.keys[i]
    if k in _L_PRONOUNS:
        return None
    if k == "ل":
        return _name_after(c, i + 1, b)
    stem = fold_normalised(t.stem)
    rest = k[1:]
    if (stem in OUTLET_NOUNS or rest in OUTLET_NOUNS) and i + 1 < b:
        nxt = c.toks[i + 1]
        if nxt.kind == "punct" and nxt.text in OPEN_MARKS:
            return _name_after(c, i + 1, b)
        if nxt.kind in ("word", "latin") and c.keys[i + 1] not in OPENERS and not c.toks[i + 1].det:
            return _name_after(c, i + 1, b)
        if nxt.kind == "word" and nxt.det:
            e = i + 1
            while e < b and e - i <= 3 and c.toks[e].kind == "word" and c.toks[e].det:
                e += 1
            s0 = _after_letters(c.text, t.start, 1)
            return c.text[s0:c.toks[e - 1].end]
    # للصحافة -> الصحافة; لوكالة -> وكالة
    surf = t.text
    if k.startswith("لل"):
        return "ال" + surf[_after_letters(surf, 0, 2):]
    return surf[_after_letters(surf, 0, 1):] or None


# --- building quotes -------------------------------------------------------------------------
def _cue_span(c: _Ctx, i: int, skip: int) -> Span:
    t = c.toks[i]
    s = _after_letters(c.text, t.start, skip) if skip else t.start
    return c.doc.span(s, t.end)


def _add(c: _Ctx, cue: Span, content: Span, spk: _Spk | None, cf: CueForm, *, direct: bool,
         outlet: str | None = None, statement: bool = False, chain: list[Entity] | None = None) -> None:
    ent = spk.entity if spk else None
    if outlet is not None and c.doc.entities:
        # the actor layer's canonical name for a linked outlet ("لـ«الشروق»" -> its canonical)
        ko = _k(outlet)
        for en in c.doc.entities:
            if en.canonical and en.text and en.start is not None and en.start < content.start \
                    and _k(en.text.strip("«»\"“” ")) in (ko, "ال" + ko):
                outlet = en.canonical
                break
    if ent is not None and ent.text is not None and "بيان" in ent.text and _k(ent.text) == _K_ALBAYAN:
        statement = True
    q = Quote(
        cue=cue,
        content=content,
        speaker=_clone(ent) if ent is not None else None,
        direct=direct,
        anonymous=bool(spk.anonymous) if spk else False,
        outlet=outlet,
        stance=cf.stance,
        chain=chain or [],
        statement=statement,
    )
    c.quotes.append(q)
    c.speakers.append(spk)
    c.covered.append((content.start, content.end))
    if cue.end < content.start and c.text.count("\n", cue.end, content.start) == 0:
        c.covered.append((cue.end, content.start))  # cues inside the attribution are not quotes


def _make_spk(c: _Ctx, s: int, e: int, feat: str | None, sent: int, skip_l: bool = False) -> _Spk | None:
    r = _speaker(c, s, e, skip_l=skip_l)
    if r is None:
        return None
    ent, anon = r
    return _Spk(ent, feat, anon, sent)


def _compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def _antecedent(c: _Ctx, i: int, feat: str | None) -> _Spk | None:
    """The speaker a pronoun-dropped cue (وأضاف أن، مشيراً) refers back to."""
    sent = c.toks[i].sent
    # 1. a quote earlier in the same sentence
    for q_spk in reversed(c.speakers):
        if q_spk is not None and q_spk.sent == sent and _compatible(q_spk.feat, feat):
            return q_spk
    # 2. the subject of the verb that opens the sentence ("وتبنّت حركة «الشباب» الهجوم، وقالت")
    a, b = _sent_bounds(c, i)
    spk = _opening_subject(c, a, i, sent)
    if spk is not None:
        return spk
    # 3. the last compatible speaker before, else the last one
    last = None
    for q_spk in reversed(c.speakers):
        if q_spk is None:
            continue
        if sent - q_spk.sent > 3:
            break
        if last is None:
            last = q_spk
        if _compatible(q_spk.feat, feat):
            return q_spk
    if last is not None:
        return last
    # 4. the subject of the verb that opens the previous sentence ("يعيش سيمون ... . وقال إنه")
    if a > 0:
        pa, _ = _sent_bounds(c, a - 1)
        return _opening_subject(c, pa, a, c.toks[a - 1].sent)
    return None


def _opening_subject(c: _Ctx, a: int, stop: int, sent: int) -> _Spk | None:
    """The noun phrase after the verb that opens tokens [a, stop) (VSO), if it looks like one."""
    first = a
    while first < stop and (c.toks[first].kind != "word" or c.keys[first] in CONNECTIVES):
        first += 1
    if first >= stop - 1:
        return None
    t = c.toks[first]
    k = c.keys[first]
    fk = k[1:] if k[:1] in ("و", "ف") and len(k) > 3 else k
    if t.det or fk in _PREPS or fk in CONNECTIVES or len(fk) < 3 or fk in TIME_WORDS or k in _PREPS:
        return None  # a noun or a preposition, not a verb
    if fk in _NOT_OPENING_VERB:
        return None
    if not (_is_cue(c, first) or (k[:1] in "وف" and len(k) >= 3) or (k[:1] in "يت" and len(k) >= 4)):
        return None
    e = _chunk(c, first + 1, stop)
    if e <= first + 1:
        return None
    return _make_spk(c, first + 1, e, None, sent)


def _svo_subject(c: _Ctx, i: int) -> tuple[int, int] | None:
    """Tokens before a cue verb that form its subject ("الوزير أكد أن")."""
    a, _ = _sent_bounds(c, i)
    s = a
    for j in range(i - 1, a - 1, -1):
        t = c.toks[j]
        if t.kind == "punct" and t.text in COMMAS:
            s = j + 1
            break
    while s < i and (c.keys[s] in CONNECTIVES or c.toks[s].kind == "punct" and c.toks[s].text not in OPEN_MARKS):
        s += 1
    e = i
    for j in range(s, i):
        if c.keys[j] in RELATIVES or c.keys[j] in TIME_WORDS:
            e = j
            break
    while e > s and (c.keys[e - 1] in CONNECTIVES or c.keys[e - 1] in ADVERBIALS):
        e -= 1
    if e <= s and i - 1 > a and _is_comma(c, i - 1):
        # "غير أن المتحدث باسم الجيش، العميد فلان، نفى ...": a subject with an apposition
        s2 = a
        while s2 < i and (c.keys[s2] in CONNECTIVES or c.toks[s2].kind == "punct"):
            s2 += 1
        if s2 < i - 1 and i - 1 - s2 <= 12 and (_bare(c, s2) in ROLES or c.keys[s2] in TITLES) and not any(
                _is_cue(c, j) or c.keys[j] in OPENERS for j in range(s2, i - 1)):
            return s2, i - 1
        return None
    if e <= s or e - s > 10:
        return None
    if _chunk(c, s, e) != e and not (
            e - s <= 4 and c.keys[s][:1] != "ي"
            and all(c.toks[j].kind == "word" and c.keys[j] not in _PREPS for j in range(s, e))):
        return None  # not one noun phrase: "تتواصل عمليات الإغاثة ... يرجح"
    k0 = c.keys[s][1:] if c.keys[s][:1] == "و" and len(c.keys[s]) <= 4 else c.keys[s]
    if c.keys[e - 1] in _NOT_SUBJECT_END:
        return None  # "من يقول", "الذي قال"
    if k0 in ("في", "من", _K_ALA, _K_ILA, _K_ILA, "مع", "عن", "بعد", "قبل", "منذ", "خلال") or c.toks[s].kind != "word":
        return None
    for j in range(s, e):
        if _is_cue(c, j) or c.keys[j] in OPENERS:
            return None
    return s, e


def _verb(c: _Ctx, i: int, cf: CueForm, skip: int) -> None:
    a, b = _sent_bounds(c, i)
    sent = c.toks[i].sent
    cue = _cue_span(c, i, skip)
    # «...»، قال غليون
    if i - 2 >= a and _is_comma(c, i - 1) and c.toks[i - 2].kind == "punct" and c.toks[i - 2].text in CLOSE_MARKS:
        op = c.open_of.get(c.toks[i - 2].start)
        stop = i + 1
        while stop < b and not _is_comma(c, stop) and not (c.toks[stop].kind == "punct" and c.toks[stop].text in END_PUNCT):
            stop += 1
        if op is not None and _find_opener(c, i + 1, stop) is None:
            np_e = _np_region(c, i + 1, stop) if stop > i + 1 else i + 1
            spk = _make_spk(c, i + 1, np_e, cf.feat, sent) if np_e > i + 1 else _antecedent(c, i, cf.feat)
            content = c.doc.span(op + 1, c.toks[i - 2].start)
            outlet, statement = _outlet_statement(c, i + 1, stop)
            _add(c, cue, content, spk, cf, direct=True, outlet=outlet, statement=statement)
            return
    found = _find_opener(c, i + 1, b)
    if found is None:
        if cf.stance in ("denial", "accusation", "demand", "warning"):
            _object_quote(c, i, cf, cue, a, b)
        return
    j, cstart = found
    if (cf.stance in ("accusation", "demand") and j - 1 > i and c.toks[j - 1].kind == "word"
            and not c.toks[j - 1].stem and _has_b(c, j - 1)):
        # "واتهم إسرائيل بـ«خرق الاتفاق»": the guillemets hold what is charged or demanded, the
        # noun before بـ is the object, not the speaker
        _object_quote(c, i, cf, cue, a, b)
        return
    r_end = j
    while r_end > i + 1 and (c.toks[r_end - 1].norm in _PREPS_BEFORE_OPENER_N or _is_comma(c, r_end - 1)):
        r_end -= 1
    content = _content(c, cstart, b)
    if content is None:
        return
    span, direct, _ = content
    chain: list[Entity] = []
    spk: _Spk | None = None
    # relays: نقلت X عن Y أن ...; قالت X نقلاً عن Y
    relay_at = None
    for m in range(i + 1, r_end):
        if c.keys[m] == "عن" and (cf.lemma == "نقل" or (m > i + 1 and c.keys[m - 1] == _K_NAQLAN)):
            relay_at = m
            break
    np_lim = r_end if relay_at is None else relay_at
    np_s = i + 1
    if np_s < np_lim and c.keys[np_s][:1] == "ل" and (_is_l_outlet(c, np_s, np_lim) or c.keys[np_s] in _L_PRONOUNS):
        # "وأوضح لـ«عكاظ» المتحدث الرسمي، أن": adjuncts first, then the subject
        np_s = _skip_adjuncts(c, np_s, np_lim)
    np_end = _np_region(c, np_s, np_lim) if np_s < np_lim and _chunk(c, np_s, np_lim) > np_s else np_s
    if relay_at is not None:
        first_end = np_end
        if c.keys[relay_at - 1] == _K_NAQLAN:
            first_end = min(first_end, relay_at - 1)
        link1 = _make_spk(c, i + 1, first_end, cf.feat, sent) if first_end > i + 1 else _antecedent(c, i, cf.feat)
        e2 = _np_region(c, relay_at + 1, r_end)
        spk = _make_spk(c, relay_at + 1, e2, None, sent)
        if link1 is not None and spk is not None:
            chain = [_clone(link1.entity),
                     _clone(spk.entity)]
    elif np_end > np_s:
        spk = _make_spk(c, np_s, np_end, cf.feat, sent)
    else:
        sv = _svo_subject(c, i) if not skip else None
        if sv is not None:
            spk = _make_spk(c, sv[0], sv[1], cf.feat, sent)
        else:
            spk = _antecedent(c, i, cf.feat)
    if cf.lemma in ("أبلغ", "أخبر") and relay_at is None and np_s < r_end and c.toks[np_s].text in OPEN_MARKS \
            and _quote_end_tok(c, np_s) == r_end - 1:
        # "مصادر أبلغت «السومرية نيوز» بأن": the quoted name is the addressee
        sv = _svo_subject(c, i) if not skip else None
        spk = _make_spk(c, sv[0], sv[1], cf.feat, sent) if sv else _antecedent(c, i, cf.feat)
        np_end = np_s
    outlet, statement = _outlet_statement(c, i + 1, r_end)
    if outlet is None and cf.lemma in ("أفاد", "أبلغ", "أخبر") and np_end < r_end:
        m = np_end
        while m < r_end and c.toks[m].kind != "punct" or (m < r_end and c.toks[m].text in COMMAS):
            m += 1
            if m < r_end and c.toks[m].kind == "punct" and c.toks[m].text in OPEN_MARKS:
                break
        if m < r_end and c.toks[m].kind == "punct" and c.toks[m].text in OPEN_MARKS:
            outlet = _name_after(c, m, r_end + 1)
    _add(c, cue, span, spk, cf, direct=direct, outlet=outlet, statement=statement, chain=chain)


def _skip_adjuncts(c: _Ctx, m: int, b: int) -> int:
    """Skip adjuncts (في بيان ...، لـ«X»، , اليوم) after a subject; returns the first other token."""
    while m < b:
        t = c.toks[m]
        k = c.keys[m]
        if t.kind == "punct" and t.text in COMMAS:
            m += 1
            # a time phrase, relative or anonymity clause between commas
            if m < b and (c.keys[m] in TIME_WORDS or c.keys[m] in RELATIVES or c.keys[m] in ANON_CLAUSE_VERBS):
                while m < b and not _is_comma(c, m):
                    m += 1
            continue
        if k in ADVERBIALS or k in _L_PRONOUNS:
            m += 1
            continue
        if k == "في" and m + 1 < b and _adjunct_start(c, m, b):
            m += 2
            while m < b:
                t2 = c.toks[m]
                k2 = c.keys[m]
                if k2 in OBJECT_STARTERS or t2.kind == "punct" and t2.text in COMMAS:
                    break
                if k2 in (_K_ALA, "عبر", "صادر", "صادره", "عن", "له", "لها", "لهم") or k2.startswith("ل") and _is_l_outlet(c, m, b):
                    m += 1
                    continue
                if t2.kind == "punct" and t2.text in OPEN_MARKS:
                    e = _quote_end_tok(c, m)
                    m = (e + 1) if e is not None else m + 1
                    continue
                if t2.kind == "word" and (_is_nisba(c.stems[m]) or c.stems[m].endswith("ه") and not t2.det) and k2 not in OBJECT_STARTERS:
                    if c.keys[m - 1] in (_K_ALA, "عبر", "عن"):
                        m += 1
                        continue
                    if _is_nisba(c.stems[m]) or k2.endswith("ه"):
                        m += 1
                        continue
                if c.keys[m - 1] in (_K_ALA, "عبر", "عن"):
                    m += 1
                    continue
                break
            continue
        if k in PREP_ADJUNCTS:
            m += 1
            e = _chunk(c, m, b)
            m = max(e, m + 1)
            continue
        if k.startswith("ل") and _is_l_outlet(c, m, b):
            m += 1
            if m < b and c.toks[m].kind == "punct" and c.toks[m].text in OPEN_MARKS:
                e = _quote_end_tok(c, m)
                m = (e + 1) if e is not None else m + 1
            continue
        break
    return m


_STRICT_CONSTRUCT = _ks(
    "وزارة حكومة هيئة رئاسة قيادة جبهة حركة منظمة قوات شبكة وكالة صحيفة قناة إذاعة جمعية مفوضية "
    "بعثة سفارة إدارة مديرية دائرة نقابة رابطة مجلس مكتب إقليم جهاز قسم مركز فرع حزب جيش اتحاد لجنة "
    "بلدية جامعة شركة مؤسسة محافظة ولاية"
)


def _split_object(c: _Ctx, s: int, anchor: int, indef_only: bool = False) -> int | None:
    """Where the object starts in "subject object بـ..." (اتهم الجيش السوداني قوات الدعم السريع بقصف)."""
    for p in range(anchor - 1, s, -1):
        t, pv = c.toks[p], c.toks[p - 1]
        if t.kind != "word" or pv.kind != "word":
            continue
        pk = c.keys[p - 1]
        strict = _bare(c, p - 1) in _STRICT_CONSTRUCT or c.stems[p - 1] in _STRICT_CONSTRUCT or _bare(c, p - 1) in ROLES
        if indef_only and t.det:
            continue
        if t.det and not pv.det and not strict and pk not in NAME_LINKS and pk not in _PREPS:
            return p  # a name or indefinite phrase, then a definite object
        if t.det and pv.det and _is_nisba(c.stems[p - 1]) and not _is_nisba(c.stems[p]):
            return p  # "الرئاسة الفلسطينية | المجتمع الدولي"
        if not t.det and pv.det and c.keys[p] not in NAME_LINKS and not (_bare(c, p - 1) in ROLES or pk in TITLES):
            return p  # "الجيش السوداني | قوات الدعم السريع"
    return None


def _object_quote(c: _Ctx, i: int, cf: CueForm, cue: Span, a: int, b: int) -> None:
    """Denial/accusation/demand/warning verbs with a nominal object: نفى الجيش صحة الأنباء."""
    sent = c.toks[i].sent
    end = _clause_end(c, i + 1, b)
    if end <= i + 1:
        return
    # the anchor preposition of accusations/demands/warnings (بـ، إلى، من)
    anchor = None
    for m in range(i + 1, end):
        k = c.keys[m]
        t = c.toks[m]
        if cf.stance in ("accusation", "demand") and _has_b(c, m):
            anchor = m
            break
        if cf.stance in ("demand",) and k == _K_ILA and not any(
                _bare(c, q) in ROLES for q in range(max(i + 1, m - 2), m)):
            anchor = m  # not "المبعوث الأممي إلى اليمن"
            break
        if cf.stance == "warning" and k == "من":
            anchor = m
            break
        if t.kind == "punct" and t.text in OPEN_MARKS and m + 1 < end and _has_b(c, m + 1):
            anchor = m
            break
    if cf.stance in ("accusation", "demand") and anchor is None:
        return
    if cf.stance == "warning":
        if anchor is None:
            return
        np_end = _np_region(c, i + 1, anchor)
        spk = _make_spk(c, i + 1, np_end, cf.feat, sent) if np_end > i + 1 else (
            _make_spk(c, *_svo_subject(c, i), cf.feat, sent) if _svo_subject(c, i) else _antecedent(c, i, cf.feat))
        obj = anchor + 1
    else:
        conj = bool(c.cue_at[i][1])
        svo = _svo_subject(c, i) if not conj else None
        starter = None
        if cf.stance == "denial":
            for m in range(i + 1, end):
                if c.keys[m] in OBJECT_STARTERS:
                    starter = m
                    break
        if svo is not None:
            np_end = i + 1  # "غير أن المتحدث ... نفى سقوط أي طائرة": the subject came first
        elif starter is not None:
            np_end = _np_region(c, i + 1, starter)
            if np_end >= starter and starter > i + 2:
                p = _split_object(c, i + 1, starter, indef_only=True)  # "نفت المفوضية ... | تسجيل أي"
                if p is not None:
                    np_end = p
        elif anchor is not None:
            np_end = _np_region(c, i + 1, anchor)
            ce = _chunk(c, i + 1, anchor) if np_end >= anchor else anchor
            if i + 1 < ce < anchor:
                np_end = ce  # "اتهم وزير الطاقة جو الصدي | الشركات المستوردة بالتلاعب"
            elif np_end >= anchor:
                p = _split_object(c, i + 1, anchor)
                if p is not None:
                    np_end = p
                elif conj and cf.stance == "accusation":
                    np_end = i + 1  # "ويتهم الحكومة المركزية بإهمال": the subject is dropped
        else:
            np_end = i + 1 if _adjunct_start(c, i + 1, end) else _chunk(c, i + 1, end)
        if np_end > i + 1:
            spk = _make_spk(c, i + 1, np_end, cf.feat, sent)
        else:
            sv = _svo_subject(c, i) if not conj else None
            spk = _make_spk(c, sv[0], sv[1], cf.feat, sent) if sv else _antecedent(c, i, cf.feat)
        obj = _skip_adjuncts(c, np_end, end)
    if obj >= end:
        return
    r = _content(c, obj, b)
    if r is None:
        return
    span, direct, _ = r
    outlet, statement = _outlet_statement(c, i + 1, obj)
    _add(c, cue, span, spk, cf, direct=direct, outlet=outlet, statement=statement)


def _participle(c: _Ctx, i: int, cf: CueForm) -> None:
    a, b = _sent_bounds(c, i)
    cue = _cue_span(c, i, 0)
    m = i + 1
    found = _find_opener(c, m, b, limit=12)
    if found is None:
        if cf.stance not in ("warning", "demand", "denial", "accusation"):
            return
        j = m
        while j < b and c.keys[j] in ("من", _K_ILA, _K_ILA, _K_ALA):
            j += 1
        cstart = j
        r_end = i + 1
    else:
        j, cstart = found
        r_end = j
    r = _content(c, cstart, b)
    if r is None:
        return
    span, direct, _ = r
    spk = _antecedent(c, i, cf.feat)
    outlet, statement = _outlet_statement(c, i + 1, r_end)
    # "وردّت الحركة في بيان قائلة": the frame before the participle counts too
    s0 = a
    for q in range(i - 1, a - 1, -1):
        if _is_cue(c, q):
            s0 = q + 1
            break
    o2, st2 = _outlet_statement(c, s0, i)
    _add(c, cue, span, spk, cf, direct=direct, outlet=outlet or o2, statement=statement or st2)


def _frame(c: _Ctx, i: int, cf: CueForm, skip: int) -> None:
    a, b = _sent_bounds(c, i)
    sent = c.toks[i].sent
    k = c.keys[i]
    if i + 1 < b and c.keys[i + 1] in _NOT_AFTER_FRAME:
        return  # وفق ما / حسب ما: the verb after is the cue; وفقاً لذلك is no source
    if k == _K_NAQLAN and (i + 1 >= b or c.keys[i + 1] != "عن"):
        return
    s = i + 1
    if k == _K_NAQLAN:
        s += 1
    cue = _cue_span(c, i, skip)
    # at the start of the clause: "وبحسب المصدر، فإن ..."
    before = [q for q in range(a, i) if c.toks[q].kind == "word" and c.keys[q] not in CONNECTIVES]
    if not before:
        comma = s
        while comma < b and not _is_comma(c, comma) and not (
                comma > s and c.keys[comma][:1] == "ف" and c.keys[comma][1:] in OPENERS):
            comma += 1  # "بحسب المصدر، فإن ..." or "بحسب المصدر فإنه ..."
        if comma >= b:
            return
        spk = _make_spk(c, s, comma, None, sent, skip_l=k[skip:] in _L_FRAMES)
        cstart = comma + 1 if _is_comma(c, comma) else comma
        if cstart < b and c.keys[cstart] in (_K_FAINNA,):
            cstart += 1
        elif cstart < b and c.keys[cstart][:1] == "ف" and c.keys[cstart][1:] in OPENERS:
            pass
        r = _content(c, cstart, b)
        if r is None:
            return
        span, direct, _ = r
        if cstart < b and c.keys[cstart][:1] == "ف" and c.keys[cstart][1:] in OPENERS and not direct:
            span = c.doc.span(_after_letters(c.text, c.toks[cstart].start, 1), span.end)
        _add(c, cue, span, spk, cf, direct=direct)
        return
    # after the content: "..., بحسب المصدر."
    if i - 1 < a or not _is_comma(c, i - 1):
        return
    if c.speakers and c.speakers[-1] is not None and c.speakers[-1].sent == sent:
        return  # the clause already has its source
    e = s
    while e < b and not _is_comma(c, e) and not (c.toks[e].kind == "punct" and c.toks[e].text in END_PUNCT):
        e += 1
    spk = _make_spk(c, s, e, None, sent, skip_l=k[skip:] in _L_FRAMES)
    cs = a
    while cs < i - 1 and (c.keys[cs] in CONNECTIVES or c.toks[cs].kind == "punct" and c.toks[cs].text not in OPEN_MARKS):
        cs += 1
    if cs >= i - 1:
        return
    t0 = c.toks[cs]
    direct = False
    if t0.kind == "punct" and t0.text in OPEN_MARKS and _quote_end_tok(c, cs) == i - 2:
        span = c.doc.span(t0.end, c.toks[i - 2].start)
        direct = True
    else:
        st = t0.start
        if c.toks[cs].prefix[:1] == "و" and cs == a:
            st = _after_letters(c.text, t0.start, 1)
        span = c.doc.span(st, c.toks[i - 2].end)
    _add(c, cue, span, spk, cf, direct=direct)


__all__ = ["STANCES", "CueForm", "QuoteExtractor", "extract_quotes", "lexicon_lemmas", "load_lexicon"]
