"""The article reader's highlighted text, built server-side from the span offsets.

Every layer contributes *marks* (start, end, CSS classes, the id of the annotation it belongs to).
Marks may nest or overlap (an entity inside a quote inside an event's evidence), so the text is cut
at every mark boundary and each piece is wrapped in one ``<span>`` carrying the union of the marks
active over it: no nesting to get wrong, every piece of text escaped. The annotations themselves
(canonical actor, Latin name, resolved date, coordinates, the events and quotes the words belong to)
are returned as plain dicts that the template renders (autoescaped) in the side panel; the
``data-refs`` attribute of a piece names the annotations it belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from markupsafe import Markup, escape


@dataclass(slots=True)
class Mark:
    start: int
    end: int
    classes: tuple[str, ...]
    ref: str


@dataclass(slots=True)
class Annotation:
    id: str
    kind: str  # entity, date, place, quote, event
    title: str
    rows: list[tuple[str, str]] = field(default_factory=list)


def _ok(span: dict[str, Any] | None, n: int) -> bool:
    if not span:
        return False
    s, e = span.get("start"), span.get("end")
    return isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= n


def _name(ent: dict[str, Any] | None) -> str:
    if not ent:
        return ""
    return ent.get("canonical") or ent.get("text") or ent.get("actor_id") or ""


def _who(label: str, ent: dict[str, Any] | None) -> list[tuple[str, Any]]:
    """Rows for an actor: its name, then its Latin name on a row of its own (no bidi mixing)."""
    return [(label, _name(ent)), (f"{label} (Latin)", (ent or {}).get("latin"))]


def _rows(*pairs: tuple[str, Any]) -> list[tuple[str, str]]:
    return [(k, str(v)) for k, v in pairs if v not in (None, "", [], False)]


def _date_value(d: dict[str, Any] | None) -> str | None:
    if not d:
        return None
    a, b = d.get("value_start"), d.get("value_end")
    if a and b and a != b:
        return f"{a} – {b}"
    return a or b


def annotations(doc: dict[str, Any]) -> tuple[list[Mark], list[Annotation]]:
    """The marks over the text and the annotations they refer to, for a Doc JSON."""
    text = doc.get("text") or ""
    n = len(text)
    marks: list[Mark] = []
    anns: list[Annotation] = []
    for i, e in enumerate(doc.get("entities") or []):
        if not _ok(e, n):
            continue
        ref = f"ent-{i}"
        label = str(e.get("label") or "X")
        marks.append(Mark(e["start"], e["end"], ("ent", f"ent-{label}"), ref))
        anns.append(Annotation(ref, "entity", f"{label}: {e.get('text')}", _rows(
            ("canonical", e.get("canonical")), ("Latin", e.get("latin")), ("actor id", e.get("actor_id")),
            ("kind", e.get("kind")), ("country", e.get("country")), ("role", e.get("role")),
            ("affiliation", e.get("affiliation")))))
    for i, d in enumerate(doc.get("dates") or []):
        if not _ok(d, n):
            continue
        ref = f"date-{i}"
        marks.append(Mark(d["start"], d["end"], ("date",), ref))
        anns.append(Annotation(ref, "date", f"date: {d.get('text')}", _rows(
            ("resolved", _date_value(d)), ("precision", d.get("precision")), ("qualifier", d.get("qualifier")),
            ("calendar", d.get("calendar")), ("relative", d.get("relative")))))
    for i, p in enumerate(doc.get("places") or []):
        if not _ok(p, n):
            continue
        ref = f"place-{i}"
        marks.append(Mark(p["start"], p["end"], ("place",), ref))
        coords = None
        if p.get("lat") is not None and p.get("lon") is not None:
            coords = f"{p['lat']:.4f}, {p['lon']:.4f}"
        anns.append(Annotation(ref, "place", f"place: {p.get('text')}", _rows(
            ("name", p.get("name")), ("country", p.get("country")), ("admin1", p.get("admin1")),
            ("coordinates", coords), ("feature", p.get("feature")), ("dateline", p.get("dateline")))))
    for i, q in enumerate(doc.get("quotes") or []):
        ref = f"quote-{i}"
        content = q.get("content")
        for part, cls in ((content, "quote"), (q.get("cue"), "cue"), (q.get("speaker"), "speaker")):
            if _ok(part, n):
                marks.append(Mark(part["start"], part["end"], (cls,), ref))
        chain = " ← ".join(_name(c) for c in (q.get("chain") or []) if c)
        anns.append(Annotation(ref, "quote", f"quote: {_name(q.get('speaker')) or 'unknown speaker'}", _rows(
            *_who("speaker", q.get("speaker")), ("says", (content or {}).get("text")),
            ("direct", q.get("direct")), ("anonymous", q.get("anonymous")), ("outlet", q.get("outlet")),
            ("stance", q.get("stance")), ("according to", chain))))
    for i, ev in enumerate(doc.get("events") or []):
        ref = f"event-{i}"
        trig = ev.get("trigger")
        if _ok(trig, n):
            marks.append(Mark(trig["start"], trig["end"], ("trigger",), ref))
        for sp in ev.get("evidence") or []:
            if _ok(sp, n):
                marks.append(Mark(sp["start"], sp["end"], ("evidence",), ref))
        loc = ev.get("location") or {}
        coords = None
        if loc.get("lat") is not None and loc.get("lon") is not None:
            coords = f"{loc['lat']:.4f}, {loc['lon']:.4f}"
        anns.append(Annotation(ref, "event", f"{ev.get('type')}: {(trig or {}).get('text') or ''}", _rows(
            ("status", ev.get("status")), ("mode", ev.get("mode")), *_who("actor", ev.get("actor")),
            *_who("target", ev.get("target")), ("place", loc.get("name") or loc.get("text")),
            ("coordinates", coords), ("date", _date_value(ev.get("date"))),
            *_who("source", ev.get("source")), ("fatalities", ev.get("fatalities")),
            ("injuries", ev.get("injuries")), ("background", ev.get("background")))))
    return marks, anns


def render(text: str, marks: list[Mark]) -> Markup:
    """``text`` as escaped HTML, each run of characters under the same marks in one ``<span>``."""
    n = len(text)
    cuts = {0, n}
    for m in marks:
        cuts.add(m.start)
        cuts.add(m.end)
    points = sorted(c for c in cuts if 0 <= c <= n)
    starts: dict[int, list[Mark]] = {}
    for m in marks:
        starts.setdefault(m.start, []).append(m)
    active: list[Mark] = []
    out: list[str] = []
    for a, b in pairwise(points):
        active = [m for m in active if m.end > a] + starts.get(a, [])
        piece = escape(text[a:b])
        if not active:
            out.append(str(piece))
            continue
        classes = sorted({c for m in active for c in m.classes})
        refs = []
        for m in active:
            if m.ref not in refs:
                refs.append(m.ref)
        out.append(f'<span class="hl {escape(" ".join(classes))}" data-refs="{escape(" ".join(refs))}" '
                   f'tabindex="0">{piece}</span>')
    return Markup("".join(out))


def reader(doc: dict[str, Any]) -> tuple[Markup, list[Annotation]]:
    marks, anns = annotations(doc)
    return render(doc.get("text") or "", marks), anns
