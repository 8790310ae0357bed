"""The document model: the original text, untouched, and layers of spans over it.

Every span-shaped object carries ``start``, ``end`` (character offsets into the original text)
and ``text``; ``text == doc.text[start:end]`` always holds. Spans inside event and quote
arguments may have ``start``/``end``/``text`` set to ``None`` only when the value does not
come from the text (for example an event date that falls back to the publication date); such
objects say so in their ``inferred`` field.

The JSON contract lives in ``docs/schema/document.schema.json`` (schema id ``rasd.document/1``);
``Doc.to_dict()`` produces it and ``Doc.from_dict()`` reads it back exactly.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import hashlib
import re
from dataclasses import dataclass, field
from typing import Any, ClassVar, Iterator

from .errors import Errors, RasdError, _Message, warning_record

SCHEMA_ID = "rasd.document/1"

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
ENTITY_LABELS = ("PER", "ORG", "LOC", "MISC")
EVENT_STATUSES = ("claimed", "reported", "confirmed", "denied", "planned")
DATE_PRECISIONS = ("day", "week", "month", "year")

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def check_iso_date(value: str | None) -> str | None:
    """Return ``value`` if it is ``None`` or a valid YYYY-MM-DD date, else raise E005."""
    if value is None:
        return None
    if isinstance(value, _dt.date):
        return value.isoformat()
    if not isinstance(value, str) or not _ISO_DATE.match(value):
        raise RasdError(Errors.E005, value=value)
    try:
        _dt.date.fromisoformat(value)
    except ValueError as exc:
        raise RasdError(Errors.E005, value=value) from exc
    return value


class _Record:
    """Generic, exact (de)serialisation for the dataclasses below.

    Nested records are declared in ``_nested``: field name -> (class, is_list).
    """

    _nested: ClassVar[dict[str, tuple[type, bool]]] = {}

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):  # type: ignore[arg-type]
            value = getattr(self, f.name)
            if f.name in self._nested:
                if value is None:
                    out[f.name] = None
                elif self._nested[f.name][1]:
                    out[f.name] = [v.to_dict() for v in value]
                else:
                    out[f.name] = value.to_dict()
            elif isinstance(value, dict):
                out[f.name] = dict(value)
            elif isinstance(value, list):
                out[f.name] = list(value)
            else:
                out[f.name] = value
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]):
        if not isinstance(data, dict):
            raise RasdError(Errors.E006, reason=f"{cls.__name__} expects an object, got {type(data).__name__}")
        kwargs: dict[str, Any] = {}
        names = {f.name for f in dataclasses.fields(cls)}  # type: ignore[arg-type]
        for key, value in data.items():
            if key not in names:
                raise RasdError(Errors.E006, reason=f"unknown field {key!r} in {cls.__name__}")
            if key in cls._nested and value is not None:
                sub, is_list = cls._nested[key]
                value = [sub.from_dict(v) for v in value] if is_list else sub.from_dict(value)
            kwargs[key] = value
        try:
            return cls(**kwargs)
        except TypeError as exc:
            raise RasdError(Errors.E006, reason=f"{cls.__name__}: {exc}") from exc


@dataclass(slots=True)
class Span(_Record):
    start: int | None
    end: int | None
    text: str | None


@dataclass(slots=True)
class Sentence(_Record):
    start: int
    end: int
    text: str
    kind: str = "sentence"  # "sentence" or "dateline"


@dataclass(slots=True)
class Token(_Record):
    """A whitespace/punctuation token with its clitic segmentation.

    ``norm`` is the normalised surface (no diacritics/tatweel, unified alef, ASCII digits).
    ``stem`` is the normalised word with proclitics (و ف ب ل ك س and the article ال) and
    enclitic pronouns removed. ``prefix``/``suffix`` are the normalised clitics removed.
    ``base_start`` is the offset where the word proper begins in the original text: after the
    conjunction/preposition proclitics, *before* the article (so "والعراق" -> "العراق").
    ``stem_start``/``stem_end`` delimit the stem in the original text.
    ``kind`` is one of word, num, punct, latin, other. ``sent`` is the sentence index.
    """

    start: int
    end: int
    text: str
    norm: str = ""
    stem: str = ""
    prefix: str = ""
    suffix: str = ""
    det: bool = False
    base_start: int = -1
    stem_start: int = -1
    stem_end: int = -1
    kind: str = "word"
    sent: int = 0


@dataclass(slots=True)
class Entity(_Record):
    start: int | None
    end: int | None
    text: str | None
    label: str | None = None
    actor_id: str | None = None
    canonical: str | None = None
    latin: str | None = None
    kind: str | None = None  # actor kind: government, armed group, person, media outlet, ...
    country: str | None = None
    role: str | None = None
    affiliation: str | None = None  # actor_id (or name) of the organisation a person speaks for
    score: float | None = None
    inferred: str | None = None  # why a non-text value was used, e.g. "descriptive"


@dataclass(slots=True)
class DateMention(_Record):
    start: int | None
    end: int | None
    text: str | None
    value_start: str | None = None
    value_end: str | None = None
    precision: str | None = None  # day, week, month, year
    qualifier: str | None = None  # part of the day: dawn, morning, noon, afternoon, evening, night
    relative: bool = False
    calendar: str | None = None  # gregorian, hijri
    inferred: str | None = None  # e.g. "published" when an event falls back to the publication date
    tense: str | None = None  # past, future or current: from a marker or the governing verb (dates layer)


@dataclass(slots=True)
class Place(_Record):
    start: int | None
    end: int | None
    text: str | None
    name: str | None = None
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geo_precision: int | None = None  # ACLED: 1 town, 2 part of a region / near a town, 3 region
    feature: str | None = None  # city, country, admin1, region, sea, district, ...
    geonameid: int | None = None
    dateline: bool = False
    inferred: str | None = None  # e.g. "dateline" when an event falls back to the dateline place


@dataclass(slots=True)
class Quote(_Record):
    cue: Span
    content: Span
    speaker: Entity | None = None
    direct: bool = False
    anonymous: bool = False
    outlet: str | None = None
    stance: str | None = None  # neutral, assertion, denial, accusation, hedged, warning, demand
    chain: list[Entity] = field(default_factory=list)
    statement: bool = False  # a written statement ("في بيان")

    _nested: ClassVar[dict[str, tuple[type, bool]]] = {
        "cue": (Span, False),
        "content": (Span, False),
        "speaker": (Entity, False),
        "chain": (Entity, True),
    }


@dataclass(slots=True)
class Event(_Record):
    type: str
    trigger: Span
    mode: str | None = None
    actor: Entity | None = None
    target: Entity | None = None
    location: Place | None = None
    date: DateMention | None = None
    status: str = "reported"
    source: Entity | None = None
    fatalities: int | None = None
    injuries: int | None = None
    acled: dict[str, str] | None = None
    evidence: list[Span] = field(default_factory=list)
    instrument: str | None = None
    background: bool = False
    id: str | None = None

    _nested: ClassVar[dict[str, tuple[type, bool]]] = {
        "trigger": (Span, False),
        "actor": (Entity, False),
        "target": (Entity, False),
        "location": (Place, False),
        "date": (DateMention, False),
        "source": (Entity, False),
        "evidence": (Span, True),
    }


# Layer name -> record class; the order is the order of the JSON document.
LAYERS: dict[str, type] = {
    "sentences": Sentence,
    "tokens": Token,
    "entities": Entity,
    "dates": DateMention,
    "places": Place,
    "quotes": Quote,
    "events": Event,
}


def text_id(text: str) -> str:
    """A stable id for a text: the first 16 hex digits of the SHA-256 of its UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


class Doc:
    """An article: the original text and its layers of spans."""

    __slots__ = (
        "text", "id", "published", "title", "source", "url", "meta", "warnings", "done",
        "sentences", "tokens", "entities", "dates", "places", "quotes", "events", "_cache",
    )

    def __init__(
        self,
        text: str,
        *,
        id: str | None = None,
        published: str | _dt.date | None = None,
        title: str | None = None,
        source: str | None = None,
        url: str | None = None,
        meta: dict[str, Any] | None = None,
    ) -> None:
        if not isinstance(text, str):
            raise RasdError(Errors.E008, type=type(text).__name__)
        self.text = text
        self.id = id if id is not None else text_id(text)
        self.published = check_iso_date(published)  # type: ignore[arg-type]
        self.title = title
        self.source = source
        self.url = url
        self.meta: dict[str, Any] = dict(meta or {})
        self.warnings: list[dict[str, str]] = []
        self.done: set[str] = set()  # layers that a component has set
        self.sentences: list[Sentence] = []
        self.tokens: list[Token] = []
        self.entities: list[Entity] = []
        self.dates: list[DateMention] = []
        self.places: list[Place] = []
        self.quotes: list[Quote] = []
        self.events: list[Event] = []
        self._cache: dict[str, Any] = {}  # per-document scratch space for components (not serialised)

    # -- convenience ------------------------------------------------------------------------
    @property
    def published_date(self) -> _dt.date | None:
        return _dt.date.fromisoformat(self.published) if self.published else None

    def warn(self, message: _Message, **kwargs: object) -> None:
        record = warning_record(message, **kwargs)
        if record not in self.warnings:
            self.warnings.append(record)

    def span(self, start: int, end: int) -> Span:
        """A :class:`Span` over the original text, checked."""
        if not (0 <= start <= end <= len(self.text)):
            raise RasdError(Errors.E003, start=start, end=end, length=len(self.text))
        return Span(start, end, self.text[start:end])

    def sentence_of(self, offset: int) -> int:
        """Index of the sentence containing character ``offset`` (or the nearest one before)."""
        lo, hi = 0, len(self.sentences) - 1
        found = 0
        while lo <= hi:
            mid = (lo + hi) // 2
            if self.sentences[mid].start <= offset:
                found = mid
                lo = mid + 1
            else:
                hi = mid - 1
        return found

    def __len__(self) -> int:
        return len(self.text)

    def __repr__(self) -> str:
        layers = ", ".join(f"{name}={len(getattr(self, name))}" for name in LAYERS)
        return f"Doc(id={self.id!r}, chars={len(self.text)}, {layers})"

    # -- span checking --------------------------------------------------------------------------
    def iter_spans(self) -> Iterator[tuple[str, Any]]:
        """Every span-shaped object in every layer, with a path for messages."""
        for name in LAYERS:
            for i, item in enumerate(getattr(self, name)):
                yield from _walk(f"{name}[{i}]", item)

    def check_spans(self) -> None:
        """Raise E003/E004 if any span does not satisfy ``text == original[start:end]``."""
        n = len(self.text)
        for _path, obj in self.iter_spans():
            start, end, text = obj.start, obj.end, obj.text
            if start is None and end is None and text is None:
                continue
            if start is None or end is None or not (0 <= start <= end <= n):
                raise RasdError(Errors.E003, start=start, end=end, length=n)
            original = self.text[start:end]
            if text != original:
                raise RasdError(Errors.E004, text=text, original=original, start=start, end=end)

    # -- (de)serialisation ----------------------------------------------------------------------
    def to_dict(self, *, tokens: bool = False) -> dict[str, Any]:
        """The ``rasd.document/1`` JSON object. Tokens are included only when asked for."""
        out: dict[str, Any] = {
            "schema": SCHEMA_ID,
            "id": self.id,
            "published": self.published,
            "title": self.title,
            "source": self.source,
            "url": self.url,
            "text": self.text,
        }
        for name in LAYERS:
            if name == "tokens" and not tokens:
                continue
            out[name] = [item.to_dict() for item in getattr(self, name)]
        out["warnings"] = [dict(w) for w in self.warnings]
        out["meta"] = dict(self.meta)
        out["layers"] = sorted(self.done)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Doc":
        if not isinstance(data, dict):
            raise RasdError(Errors.E006, reason="expected a JSON object")
        if data.get("schema") != SCHEMA_ID:
            raise RasdError(Errors.E006, reason=f"schema is {data.get('schema')!r}, expected {SCHEMA_ID!r}")
        if "text" not in data:
            raise RasdError(Errors.E006, reason="missing 'text'")
        doc = cls(
            data["text"],
            id=data.get("id"),
            published=data.get("published"),
            title=data.get("title"),
            source=data.get("source"),
            url=data.get("url"),
            meta=data.get("meta") or {},
        )
        for name, record in LAYERS.items():
            if name in data:
                setattr(doc, name, [record.from_dict(item) for item in data[name]])
        doc.warnings = [dict(w) for w in data.get("warnings", [])]
        doc.done = set(data.get("layers", []))
        return doc


def _walk(path: str, obj: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(obj, (Span, Sentence, Token, Entity, DateMention, Place)):
        yield path, obj
    if isinstance(obj, (Quote, Event)):
        for name in obj._nested:
            value = getattr(obj, name)
            if value is None:
                continue
            if isinstance(value, list):
                for i, v in enumerate(value):
                    yield from _walk(f"{path}.{name}[{i}]", v)
            else:
                yield from _walk(f"{path}.{name}", value)
