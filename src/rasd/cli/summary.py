"""The readable summary of a document (``--format table``): counts and each layer as a table."""

from __future__ import annotations

from typing import IO

from rich.console import Console
from rich.table import Table

from ..doc import Doc

MAX_ROWS = 25


def print_summary(doc: Doc, out: IO[str]) -> None:
    console = Console(file=out, highlight=False, width=130, soft_wrap=False)
    title = doc.title or (doc.meta.get("origin") or doc.id)
    console.rule(f"[bold]{_clip(str(title), 90)}")
    console.print(
        f"id {doc.id}  published {doc.published or '—'}  source {doc.source or '—'}  "
        f"{len(doc.text)} chars, {len(doc.sentences)} sentences, {len(doc.tokens)} tokens"
    )
    counts = ", ".join(f"{len(getattr(doc, n))} {n}" for n in ("entities", "dates", "places", "quotes", "events"))
    console.print(counts)
    for w in doc.warnings:
        console.print(f"[yellow]warning {w['code']}[/yellow]: {w['message']}")
    if doc.events:
        t = Table("type", "mode", "trigger", "actor", "target", "place", "date", "status", "killed", "source",
                  title="events", title_justify="left")
        for e in doc.events[:MAX_ROWS]:
            t.add_row(
                e.type + (" (background)" if e.background else ""), e.mode or "", e.trigger.text or "",
                _ent(e.actor), _ent(e.target),
                (e.location.name or e.location.text or "") if e.location else "",
                (e.date.value_start or "") if e.date else "", e.status,
                "" if e.fatalities is None else str(e.fatalities), _ent(e.source),
            )
        console.print(t)
    if doc.quotes:
        t = Table("speaker", "cue", "stance", "direct", "anon", "outlet", "content", title="quotes",
                  title_justify="left")
        for q in doc.quotes[:MAX_ROWS]:
            t.add_row(_ent(q.speaker), q.cue.text or "", q.stance or "", "yes" if q.direct else "",
                      "yes" if q.anonymous else "", q.outlet or "", _clip(q.content.text or "", 60))
        console.print(t)
    if doc.entities:
        t = Table("entity", "label", "actor", "latin", title="entities", title_justify="left")
        for e in doc.entities[:MAX_ROWS]:
            t.add_row(e.text or "", e.label or "", e.actor_id or "", e.latin or "")
        console.print(t)
    if doc.dates:
        t = Table("date", "from", "to", "precision", title="dates", title_justify="left")
        for d in doc.dates[:MAX_ROWS]:
            t.add_row(d.text or "", d.value_start or "", d.value_end or "", d.precision or "")
        console.print(t)
    if doc.places:
        t = Table("place", "name", "country", "admin1", "lat", "lon", "prec.", title="places",
                  title_justify="left")
        for p in doc.places[:MAX_ROWS]:
            t.add_row(p.text or "", p.name or "", p.country or "", p.admin1 or "",
                      "" if p.lat is None else f"{p.lat:.3f}", "" if p.lon is None else f"{p.lon:.3f}",
                      "" if p.geo_precision is None else str(p.geo_precision))
        console.print(t)


def _ent(e) -> str:
    if e is None:
        return ""
    name = e.text or e.canonical or ""
    if e.latin:
        name += f" ({e.latin})"
    return name


def _clip(s: str, n: int) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"
