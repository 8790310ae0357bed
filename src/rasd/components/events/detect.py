"""Sentence-level event detection: does a sentence *report* a concrete event of a type?

The events layer finds every mention of an attack or a protest, including passing references
("after the attack", "the demonstration that ..."), background in the pluperfect and speech about
violence. Sentence-level detection (the question the OEDA Arabic gold standard asks) needs more:
the sentence's point must be a concrete occurrence. The rules below read the events the layer
found in the sentence and ask for the signs of a concrete report (docs/events.md, "Sentence-level
detection"):

ASSAULT
  * the event is not planned or denied;
  * it carries specifics: casualties, an instrument/weapon, or more than one mention in the
    sentence (a trigger plus its light verb or a second description); or it is told by a
    past-tense verb (``اغتال مسلحون ... في ...``, ``خطف مجهولون ...``) with an explicit place;
  * a background (pluperfect, ``كان ... قد``) event counts only with casualties or a weapon;
  * long sentences (over ``LONG_SENTENCE`` tokens) are commentary or round-ups in which an
    attack is one clause among many, not the point, unless the attack is told in their first
    ``LEAD`` tokens (the main clause of a lead: "قتل 12 شخصاً ... في هجوم ..., فيما ...").

PROTEST
  * the event is not planned or denied, not a riot act alone (stone throwing, arson or road
    blocking without a demonstration word is reported by the layer as ``riot``, which
    annotators treat as violence, not as a protest report);
  * the trigger is not a definite noun nor a noun with a possessive suffix (``المظاهرة``,
    ``مسيرتهم`` refer back to a protest the text already reported);
  * the trigger is not a road-blocking verb of demonstrators already introduced (``أغلق
    المتظاهرون الطريق``): an act during a protest already reported, not the report of one;
  * the protest is not the object of a dispersal (``فرّقت الشرطة مظاهرة``): that sentence
    reports the repression;
  * the protest is placed: an explicit place in the sentence, or the trigger opens the sentence
    (``تظاهر الآلاف ...``, ``وخرج المتظاهرون ...``).

Pure Python over the events and tokens already on the :class:`~rasd.doc.Doc`; no model.
"""

from __future__ import annotations

from bisect import bisect_right

from ...doc import Doc, Event
from ...text import fold
from .lexicon import load

DETECT_TYPES = ("ASSAULT", "PROTEST")
LONG_SENTENCE = 40  # tokens
OPENING = 4  # a trigger among the first tokens opens the sentence
LEAD = 12  # an attack told in the first tokens of a long sentence is still its point


def _trigger_token(doc: Doc, ev: Event, starts: list[int]) -> int | None:
    if ev.trigger.start is None or not doc.tokens:
        return None
    i = bisect_right(starts, ev.trigger.start) - 1
    return i if i >= 0 else None


def _sentence_bounds(doc: Doc, i: int) -> tuple[int, int]:
    """First and end token index of the sentence of token ``i``."""
    toks = doc.tokens
    s = toks[i].sent
    a = i
    while a > 0 and toks[a - 1].sent == s:
        a -= 1
    b = i + 1
    while b < len(toks) and toks[b].sent == s:
        b += 1
    return a, b


def _placed(ev: Event) -> bool:
    loc = ev.location
    return loc is not None and loc.start is not None and loc.inferred is None and not loc.dateline


def _past_verb(doc: Doc, i: int) -> bool:
    trig = load().uni.get(fold(doc.tokens[i].stem))
    return trig is not None and trig.pos == "v"


def _reports_assault(doc: Doc, ev: Event, i: int, n_tokens: int, offset: int) -> bool:
    if n_tokens > LONG_SENTENCE and offset >= LEAD:
        return False
    casualties = bool(ev.fatalities or ev.injuries)
    weapon = bool(ev.instrument)
    if ev.background and not (casualties or weapon):
        return False
    if casualties or weapon or len(ev.evidence) >= 2:
        return True
    return not ev.background and _placed(ev) and _past_verb(doc, i)


BLOCKING = frozenset(fold(w) for w in (
    "اغلق", "اغلقت", "اغلقوا", "اغلقا", "قطع", "قطعت", "قطعوا", "قطعا", "سد", "سدت", "سدوا",
    "اقفل", "اقفلت", "اقفلوا"))
PARTICIPANTS = ("متظاهر", "محتج", "معتصم")
DISPERSAL = ("فرق", "تفريق", "قمع", "فض", "منع")


def _reports_protest(doc: Doc, ev: Event, i: int, a: int) -> bool:
    if ev.mode == "riot":
        return False
    tok = doc.tokens[i]
    if tok.det or tok.suffix in ("ه", "ها", "هم", "هما", "هن", "نا", "كم"):
        return False
    key = fold(tok.stem)
    if key in BLOCKING and not any(t.kind == "word" and not t.det and fold(t.stem).startswith(PARTICIPANTS)
                                   for t in doc.tokens[a:i + 4]):
        return False  # "وأغلق المتظاهرون": the demonstrators were introduced before
    for x in range(max(a, i - 4), i):
        if fold(doc.tokens[x].stem).startswith(DISPERSAL) and doc.tokens[x].kind == "word":
            return False
    return _placed(ev) or i - a < OPENING


def reporting_events(doc: Doc, type_: str) -> list[Event]:
    """The events of ``type_`` on ``doc`` that make their sentence a report of such an event."""
    if type_ not in DETECT_TYPES:
        return [e for e in doc.events if e.type == type_ and not e.background
                and e.status not in ("planned", "denied")]
    starts = [t.start for t in doc.tokens]
    out: list[Event] = []
    for ev in doc.events:
        if ev.type != type_ or ev.status in ("planned", "denied"):
            continue
        i = _trigger_token(doc, ev, starts)
        if i is None:
            continue
        a, b = _sentence_bounds(doc, i)
        if type_ == "ASSAULT":
            ok = _reports_assault(doc, ev, i, b - a, i - a)
        else:
            ok = _reports_protest(doc, ev, i, a)
        if ok:
            out.append(ev)
    return out


def reports_event(doc: Doc, type_: str) -> bool:
    """Does ``doc`` (typically one sentence run through the full pipeline) report a concrete
    event of ``type_``? See the module docstring for the rules."""
    return bool(reporting_events(doc, type_))
