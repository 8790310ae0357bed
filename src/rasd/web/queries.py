"""Read-only queries the web app needs beyond :mod:`rasd.store.query`: the actor graph, the
timeline buckets and article texts. SQLAlchemy ``select()`` with bound parameters only.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter, defaultdict
from functools import lru_cache
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.engine import Engine

from ..store import query
from ..store.models import Article, QuoteRow
from ..text import fold


def article_texts(engine: Engine, ids: list[int]) -> dict[int, str]:
    """The texts of some articles, by id."""
    if not ids:
        return {}
    with engine.connect() as conn:
        return dict(conn.execute(select(Article.id, Article.text).where(Article.id.in_(sorted(set(ids))))).all())


_STOPS = ".!?؟\n"


def _sentence(text: str, s: int, e: int, width: int) -> tuple[int, int]:
    a = max(0, s - width)
    cut = max(text.rfind(ch, a, s) for ch in _STOPS)
    a = cut + 1 if cut >= 0 else a
    b = min(len(text), e + width)
    ends = [i for i in (text.find(ch, e, b) for ch in _STOPS) if i >= 0]
    b = min(ends) + 1 if ends else b
    while a < s and text[a].isspace():
        a += 1
    return a, b


def evidence_sentences(text: str, spans: list[dict[str, Any]], width: int = 160) -> list[list[tuple[str, bool]]]:
    """Each sentence holding evidence, once, as pieces ``(text, is_evidence)``; at most ``width``
    characters on each side of a span. Spans without offsets come back as their text alone."""
    groups: dict[tuple[int, int], list[tuple[int, int]]] = {}
    loose: list[list[tuple[str, bool]]] = []
    for sp in spans:
        s, e = sp.get("start"), sp.get("end")
        if not isinstance(s, int) or not isinstance(e, int) or not 0 <= s < e <= len(text):
            loose.append([(sp.get("text") or "", True)])
            continue
        groups.setdefault(_sentence(text, s, e, width), []).append((s, e))
    out: list[list[tuple[str, bool]]] = []
    for (a, b), marks in sorted(groups.items()):
        pieces: list[tuple[str, bool]] = []
        pos = a
        for s, e in sorted(marks):
            s = max(s, pos)
            if s >= e:
                continue
            if s > pos:
                pieces.append((text[pos:s], False))
            pieces.append((text[s:e], True))
            pos = e
        if pos < b:
            pieces.append((text[pos:b].rstrip(), False))
        out.append(pieces)
    return out + loose


@lru_cache(maxsize=1)
def _actors() -> dict[str, Any]:
    from ..components.actors import load_actors

    return load_actors()


def latin_name(actor_id: str | None, name: str | None) -> str | None:
    """The Latin name of an actor: the dictionary's English name, else a romanisation of ``name``."""
    if actor_id:
        act = _actors().get(actor_id)
        if act is not None and act.name_en:
            return act.name_en
    if not name or not any("\u0600" <= ch <= "\u06ff" for ch in name):
        return None
    from ..components.latin import romanize

    out = romanize(name)
    return out if out and out != name else None


def _node_key(actor_id: str | None, name: str | None) -> str | None:
    if actor_id:
        return actor_id
    if name:
        return "name:" + fold(name)
    return None


def graph(engine: Engine, filters: query.Filters | None = None, *, limit: int = 5000) -> dict[str, Any]:
    """Who acted on whom (events, one edge per report) and who quoted whom (quotes: the relaying
    source of a chain, or an outlet named in the text, quoting the speaker), weighted by reports."""
    nodes: dict[str, dict[str, Any]] = {}
    edges: Counter[tuple[str, str, str]] = Counter()
    articles: dict[tuple[str, str, str], set[int]] = defaultdict(set)

    def node(actor_id: str | None, name: str | None) -> str | None:
        key = _node_key(actor_id, name)
        if key is None:
            return None
        if key not in nodes:
            nodes[key] = {"id": key, "name": name or actor_id, "actor_id": actor_id,
                          "latin": latin_name(actor_id, name), "weight": 0}
        nodes[key]["weight"] += 1
        return key

    for ev in query.list_events(engine, filters, limit=limit):
        a = node(ev.get("actor_id"), ev.get("actor_name"))
        t = node(ev.get("target_id"), ev.get("target_name"))
        if a and t and a != t:
            edges[(a, t, "acted")] += 1
            articles[(a, t, "acted")].add(ev["article_id"])
    f = filters or query.Filters()
    q = (select(QuoteRow.article_id, QuoteRow.speaker_name, QuoteRow.speaker_actor_id, QuoteRow.outlet,
                QuoteRow.chain)
         .join(Article, Article.id == QuoteRow.article_id)
         .where(QuoteRow.speaker_name.is_not(None), Article.duplicate_of.is_(None)))
    if f.since:
        q = q.where(Article.published >= _dt.date.fromisoformat(f.since))
    if f.until:
        q = q.where(Article.published <= _dt.date.fromisoformat(f.until))
    if f.actor:
        q = q.where(or_(QuoteRow.speaker_actor_id == f.actor,
                        func.lower(QuoteRow.speaker_name).like(f"%{f.actor.lower()}%")))
    with engine.connect() as conn:
        rows = conn.execute(q.limit(limit)).mappings().all()
    for r in rows:
        speaker = node(r["speaker_actor_id"], r["speaker_name"])
        chain = [c for c in (r["chain"] or []) if isinstance(c, dict)]
        relay = chain[-1] if chain else None
        if relay is not None:
            quoter = node(relay.get("actor_id"), relay.get("canonical") or relay.get("text"))
        else:  # an outlet named in the text (قال لـ«رويترز»), not the article's own source
            quoter = node(None, r["outlet"])
        if speaker and quoter and speaker != quoter:
            edges[(quoter, speaker, "quoted")] += 1
            articles[(quoter, speaker, "quoted")].add(r["article_id"])
    out_edges = [{"source": s, "target": t, "kind": k, "weight": w, "articles": len(articles[(s, t, k)])}
                 for (s, t, k), w in edges.most_common()]
    used = {e["source"] for e in out_edges} | {e["target"] for e in out_edges}
    return {"nodes": [n for n in nodes.values() if n["id"] in used], "edges": out_edges}


def timeline(engine: Engine, filters: query.Filters | None = None, *, limit: int = 20000) -> dict[str, Any]:
    """Incidents counted by type per day (per month when the range is longer than 90 days)."""
    recs = [r for r in query.list_incidents(engine, filters, limit=limit, reports=False) if r.get("date_start")]
    days = sorted({r["date_start"][:10] for r in recs})
    by_month = False
    if days:
        try:
            span = (_dt.date.fromisoformat(days[-1]) - _dt.date.fromisoformat(days[0])).days
            by_month = span > 90
        except ValueError:
            by_month = True
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    types: Counter[str] = Counter()
    for r in recs:
        key = r["date_start"][:7] if by_month else r["date_start"][:10]
        counts[key][r["type"]] += 1
        types[r["type"]] += 1
    keys = sorted(counts)
    if keys:
        keys = _continuous(keys[0], keys[-1], by_month) or keys
    return {"unit": "month" if by_month else "day", "types": [t for t, _ in types.most_common()],
            "buckets": [{"date": k, "counts": dict(counts.get(k, {}))} for k in keys]}


def _continuous(first: str, last: str, by_month: bool, cap: int = 400) -> list[str] | None:
    """Every day (or month) from ``first`` to ``last``, so gaps show on the time axis."""
    out: list[str] = []
    try:
        if by_month:
            y, m = int(first[:4]), int(first[5:7])
            while f"{y:04d}-{m:02d}" <= last and len(out) <= cap:
                out.append(f"{y:04d}-{m:02d}")
                y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        else:
            d, end = _dt.date.fromisoformat(first), _dt.date.fromisoformat(last)
            while d <= end and len(out) <= cap:
                out.append(d.isoformat())
                d += _dt.timedelta(days=1)
    except ValueError:
        return None
    return out if len(out) <= cap else None
