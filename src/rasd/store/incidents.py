"""Merging events reported by different articles into incidents.

Two events are the same occurrence when they have the same PLOVER type and

- their dates overlap or lie within :data:`DATE_WINDOW_DAYS` of each other (an event with no date
  of its own takes its article's publication date; with neither it is never merged),
- their actors are compatible, and their targets are compatible (two different actor ids
  conflict; the same actor id or the same folded name agree; anything else is unknown),
- their places are compatible: within a distance that depends on the coarser ACLED geo-precision
  (:data:`RADIUS_KM`), else the same folded name; different countries never merge,
- and at least one of actor, target or place positively agrees (an event with nothing but a type
  and a date is not merged with anything).

Clustering is complete-linkage (a new event joins a cluster only if it is compatible with every
member), over events sorted by (type, date, uid); uids are derived from the article hash, so the
same set of articles always gives the same incidents whatever the ingest order. Events flagged
``background`` and events of near-duplicate articles are left out (a syndicated copy never counts
twice).

An incident's status is derived from its reports: ``confirmed`` if any report is confirmed;
``disputed`` if some reports are denials and others are not; ``denied``/``planned`` if all are;
``claimed`` if the actor claimed it; else ``reported``. ``summary`` says it in words, e.g.
"claimed by the actor; reported by 2 outlets in 3 reports". Fatalities follow ACLED's
conservative rule: when reports disagree the lowest figure is used; every reported figure is kept
in ``fatalities_reported``.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.engine import Engine

from ..text import fold
from .models import Article, EventRow, Incident, IncidentReport

DATE_WINDOW_DAYS = 1
RADIUS_KM = {1: 25.0, 2: 50.0, 3: 150.0}
DEFAULT_RADIUS_KM = 50.0


@dataclass(slots=True)
class Ev:
    id: int
    uid: str
    article_id: int
    type: str
    mode: str | None
    status: str
    actor_name: str | None
    actor_id: str | None
    actor_kind: str | None
    target_name: str | None
    target_id: str | None
    target_kind: str | None
    place_name: str | None
    country: str | None
    admin1: str | None
    lat: float | None
    lon: float | None
    geo_precision: int | None
    start: _dt.date | None
    end: _dt.date | None
    date_inferred: bool
    precision: str | None
    fatalities: int | None
    outlet: str
    url: str | None
    published: _dt.date | None
    trigger: dict[str, Any] | None
    evidence: list[dict[str, Any]]
    acled: dict[str, Any] | None
    actor_key: str | None = None
    target_key: str | None = None
    place_key: str | None = None


@dataclass(slots=True)
class Cluster:
    members: list[Ev] = field(default_factory=list)
    last_end: _dt.date | None = None


def _d(value: str | None) -> _dt.date | None:
    if not value:
        return None
    try:
        return _dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _key(ident: str | None, name: str | None) -> str | None:
    if ident:
        return "id:" + ident
    if name:
        return "name:" + " ".join(fold(name).split())
    return None


def load_events(engine: Engine) -> list[Ev]:
    q = (
        select(*EventRow.__table__.c, Article.source.label("article_source"),
               Article.url.label("article_url"), Article.published.label("article_published"))
        .join(Article, Article.id == EventRow.article_id)
        .where(EventRow.background.is_(False), Article.duplicate_of.is_(None))
    )
    out: list[Ev] = []
    with engine.connect() as conn:
        for r in conn.execute(q).mappings():
            date = r["date"] or {}
            start, end = _d(r["date_start"]), _d(r["date_end"])
            inferred = bool(date.get("inferred")) if date else True
            if start is None:
                start = end = r["article_published"]
                inferred = True
            if end is None or (start and end < start):
                end = start
            outlet = (r["article_source"] or r["article_url"] or f"article {r['article_id']}")[:300]
            ev = Ev(
                id=r["id"], uid=r["uid"], article_id=r["article_id"], type=r["type"], mode=r["mode"],
                status=r["status"], actor_name=r["actor_name"], actor_id=r["actor_id"],
                actor_kind=(r["actor"] or {}).get("kind"), target_name=r["target_name"],
                target_id=r["target_id"], target_kind=(r["target"] or {}).get("kind"),
                place_name=r["place_name"], country=r["country"], admin1=r["admin1"],
                lat=r["lat"], lon=r["lon"], geo_precision=r["geo_precision"],
                start=start, end=end, date_inferred=inferred, precision=r["date_precision"],
                fatalities=r["fatalities"], outlet=outlet, url=r["article_url"],
                published=r["article_published"],
                trigger={"start": r["trigger_start"], "end": r["trigger_end"], "text": r["trigger_text"]},
                evidence=list(r["evidence"] or []), acled=r["acled"],
            )
            ev.actor_key = _key(ev.actor_id, ev.actor_name)
            ev.target_key = _key(ev.target_id, ev.target_name)
            ev.place_key = " ".join(fold(ev.place_name).split()) if ev.place_name else None
            out.append(ev)
    return out


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def _ent_compat(a_id, a_key, b_id, b_key) -> bool | None:
    """True (agree), False (conflict), None (unknown).

    Only two different actor ids conflict: names are too variable (with or without the article,
    a descriptive phrase, a claimed versus a reported target) to keep reports apart.
    """
    if a_id and b_id:
        return a_id == b_id
    if a_key and b_key and a_key == b_key:
        return True
    return None


def _place_compat(a: Ev, b: Ev) -> bool | None:
    if a.country and b.country and fold(a.country) != fold(b.country):
        return False
    if a.lat is not None and a.lon is not None and b.lat is not None and b.lon is not None:
        prec = max(a.geo_precision or 2, b.geo_precision or 2)
        radius = RADIUS_KM.get(prec, DEFAULT_RADIUS_KM)
        return haversine_km(a.lat, a.lon, b.lat, b.lon) <= radius
    if a.place_key and b.place_key:
        return a.place_key == b.place_key
    return None


def compatible(a: Ev, b: Ev) -> bool:
    if a.type != b.type or a.start is None or b.start is None:
        return False
    window = _dt.timedelta(days=DATE_WINDOW_DAYS)
    if not (a.start <= b.end + window and b.start <= a.end + window):  # type: ignore[operator]
        return False
    checks = (
        _ent_compat(a.actor_id, a.actor_key, b.actor_id, b.actor_key),
        _ent_compat(a.target_id, a.target_key, b.target_id, b.target_key),
        _place_compat(a, b),
    )
    if any(c is False for c in checks):
        return False
    return any(c is True for c in checks)


def cluster(events: list[Ev]) -> list[list[Ev]]:
    """Deterministic complete-linkage clusters of compatible events."""
    far = _dt.date.max
    events = sorted(events, key=lambda e: (e.type, e.start or far, e.uid))
    done: list[Cluster] = []
    active: list[Cluster] = []
    current_type = None
    window = _dt.timedelta(days=DATE_WINDOW_DAYS)
    for ev in events:
        if ev.type != current_type:
            done.extend(active)
            active, current_type = [], ev.type
        if ev.start is None:
            done.append(Cluster([ev]))
            continue
        # Retire clusters that no later event can reach (inputs are sorted by start date).
        still = []
        for c in active:
            (still if c.last_end is not None and c.last_end + window >= ev.start else done).append(c)
        active = still
        for c in active:
            if all(compatible(ev, m) for m in c.members):
                c.members.append(ev)
                c.last_end = max(c.last_end, ev.end) if c.last_end else ev.end
                break
        else:
            active.append(Cluster([ev], ev.end))
    done.extend(active)
    groups = [c.members for c in done]
    groups.sort(key=lambda g: g[0].uid)
    return groups


def _most_common(values: list[Any]) -> Any:
    values = [v for v in values if v not in (None, "")]
    if not values:
        return None
    counts = Counter(values)
    return sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))[0][0]


def derive_status(statuses: list[str], n_outlets: int, n_reports: int) -> tuple[str, str]:
    counts = Counter(statuses)
    denied = counts.get("denied", 0)
    others = len(statuses) - denied
    if counts.get("confirmed"):
        status = "confirmed"
    elif denied and others:
        status = "disputed"
    elif denied:
        status = "denied"
    elif counts.get("planned") == len(statuses):
        status = "planned"
    elif counts.get("claimed"):
        status = "claimed"
    else:
        status = "reported"
    parts = []
    if counts.get("claimed"):
        parts.append("claimed by the actor")
    if counts.get("confirmed"):
        parts.append("confirmed")
    outlets = f"{n_outlets} outlet{'s' if n_outlets != 1 else ''}"
    reports = f"{n_reports} report{'s' if n_reports != 1 else ''}"
    parts.append(f"reported by {outlets} in {reports}")
    if denied:
        parts.append(f"denied in {denied} report{'s' if denied != 1 else ''}")
    if counts.get("planned"):
        parts.append(f"announced as planned in {counts['planned']}")
    return status, "; ".join(parts)


def build_incident(members: list[Ev]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    seed = members[0]
    members = sorted(members, key=lambda e: (e.start or _dt.date.max, e.uid))
    iid = "inc-" + hashlib.sha1(seed.uid.encode()).hexdigest()[:16]
    precise = [m for m in members if not m.date_inferred and m.start] or [m for m in members if m.start]
    # Actor and target: the most common among independent reports (not the actor's own claim
    # nor a denial), then among all reports.
    independent = [m for m in members if m.status not in ("claimed", "denied")]
    actor = _most_common([m.actor_key for m in independent]) or _most_common([m.actor_key for m in members])
    target = _most_common([m.target_key for m in independent]) or _most_common([m.target_key for m in members])
    a_ev = next((m for m in members if m.actor_key == actor), None) if actor else None
    t_ev = next((m for m in members if m.target_key == target), None) if target else None
    placed = sorted(
        (m for m in members if m.place_name or m.lat is not None or m.country),
        key=lambda m: (m.lat is None, m.geo_precision or 9, m.place_name is None, m.uid),
    )
    p = placed[0] if placed else None
    reported = [
        {"event": m.uid, "article_id": m.article_id, "outlet": m.outlet, "fatalities": m.fatalities}
        for m in members if m.fatalities is not None
    ]
    outlets = sorted({m.outlet for m in members})
    articles = {m.article_id for m in members}
    status, summary = derive_status([m.status for m in members], len(outlets), len(articles))
    prec_order = {"day": 0, "week": 1, "month": 2, "year": 3}
    inc = {
        "id": iid, "type": seed.type, "mode": _most_common([m.mode for m in members]),
        "status": status, "summary": summary,
        "date_start": min(m.start for m in precise).isoformat() if precise else None,  # type: ignore[misc]
        "date_end": max(m.end for m in precise).isoformat() if precise else None,  # type: ignore[misc]
        "date_precision": min((m.precision for m in precise if m.precision),
                              key=lambda x: prec_order.get(x, 9), default=None),
        "actor_name": a_ev.actor_name if a_ev else None, "actor_id": a_ev.actor_id if a_ev else None,
        "actor_kind": a_ev.actor_kind if a_ev else None,
        "target_name": t_ev.target_name if t_ev else None,
        "target_id": t_ev.target_id if t_ev else None, "target_kind": t_ev.target_kind if t_ev else None,
        "place_name": p.place_name if p else None, "country": p.country if p else None,
        "admin1": p.admin1 if p else None, "lat": p.lat if p else None, "lon": p.lon if p else None,
        "geo_precision": p.geo_precision if p else None,
        "fatalities": min((r["fatalities"] for r in reported), default=None),
        "fatalities_reported": reported,
        "n_reports": len(articles), "n_outlets": len(outlets), "outlets": outlets,
        "statuses": dict(sorted(Counter(m.status for m in members).items())),
        "acled": next((m.acled for m in members if m.acled), None),
    }
    reports = [
        {
            "incident_id": iid, "event_id": m.id, "event_uid": m.uid, "article_id": m.article_id,
            "outlet": m.outlet, "url": m.url, "published": m.published,
            "date_start": m.start.isoformat() if m.start else None, "status": m.status,
            "fatalities": m.fatalities, "trigger": m.trigger, "evidence": m.evidence,
        }
        for m in members
    ]
    return inc, reports


def rebuild(engine: Engine) -> int:
    """Recompute every incident from the stored events (one transaction). Returns their number."""
    groups = cluster(load_events(engine))
    incidents, reports = [], []
    for g in groups:
        inc, reps = build_incident(g)
        incidents.append(inc)
        reports.extend(reps)
    with engine.begin() as conn:
        conn.execute(delete(IncidentReport))
        conn.execute(delete(Incident))
        for i in range(0, len(incidents), 500):
            conn.execute(insert(Incident.__table__), incidents[i:i + 500])
        for i in range(0, len(reports), 500):
            conn.execute(insert(IncidentReport.__table__), reports[i:i + 500])
    return len(incidents)
