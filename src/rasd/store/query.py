"""A small query API over the store, shared by the CLI and the web app.

Every ``list_*`` function takes an engine (``Store(url).engine``), filters, ``limit``/``offset``
(``limit=None`` for all) and returns plain dicts, newest first where there is a date.
``search`` matches folded text, so spelling variants (أ/ا, ى/ي, ة/ه, diacritics) still match.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.engine import Engine

from ..errors import Errors, UsageError
from ..text import fold
from .models import Article, EntityRow, EventRow, Incident, IncidentReport, QuoteRow


@dataclass(slots=True)
class Filters:
    """The filters of ``rasd events`` / ``rasd incidents`` (all optional)."""

    since: str | None = None
    until: str | None = None
    type: str | None = None
    actor: str | None = None
    country: str | None = None
    status: str | None = None

    def __post_init__(self) -> None:
        for option in ("since", "until"):
            value = getattr(self, option)
            if value is None:
                continue
            try:
                _dt.date.fromisoformat(value)
            except ValueError as exc:
                raise UsageError(Errors.E606, value=value, option=f"--{option}") from exc
        if self.type:
            self.type = self.type.upper()


def _like(col, value: str):
    """Case-insensitive substring match; ``%`` and ``_`` in the value match themselves."""
    escaped = value.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return func.lower(col).like(f"%{escaped}%", escape="\\")


def _apply(q, model, f: Filters):
    if f.since:
        q = q.where(model.date_start >= f.since)
    if f.until:
        q = q.where(model.date_start <= f.until)
    if f.type:
        q = q.where(model.type == f.type)
    if f.status:
        q = q.where(model.status == f.status.lower())
    if f.country:
        q = q.where(or_(func.lower(model.country) == f.country.lower(), _like(model.country, f.country)))
    if f.actor:
        folded = fold(f.actor)
        q = q.where(or_(
            model.actor_id == f.actor, _like(model.actor_name, f.actor), _like(model.actor_name, folded),
            _like(model.target_name, f.actor), model.target_id == f.actor,
        ))
    return q


def _page(q, limit: int | None, offset: int):
    if offset:
        q = q.offset(offset)
    if limit is not None:
        q = q.limit(limit)
    return q


_EVENT_ARTICLE_COLS = (
    Article.hash.label("article_hash"), Article.title.label("article_title"),
    Article.source.label("article_source"), Article.url.label("article_url"),
    Article.published.label("article_published"), Article.ingested_at.label("article_ingested_at"),
    Article.doc_id.label("article_doc_id"),
)


def list_events(engine: Engine, filters: Filters | None = None, *, limit: int | None = 100,
                offset: int = 0, include_background: bool = False,
                include_duplicates: bool = False) -> list[dict[str, Any]]:
    """Events with their article's metadata (``article_*`` keys)."""
    f = filters or Filters()
    q = select(*EventRow.__table__.c, *_EVENT_ARTICLE_COLS).join(Article, Article.id == EventRow.article_id)
    if not include_background:
        q = q.where(EventRow.background.is_(False))
    if not include_duplicates:
        q = q.where(Article.duplicate_of.is_(None))
    q = _apply(q, EventRow, f).order_by(EventRow.date_start.desc(), EventRow.uid)
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(_page(q, limit, offset)).mappings()]


def count_events(engine: Engine, filters: Filters | None = None, *, include_background: bool = False,
                 include_duplicates: bool = False) -> int:
    """How many events :func:`list_events` would return without a limit (for pagination)."""
    q = select(func.count()).select_from(EventRow).join(Article, Article.id == EventRow.article_id)
    if not include_background:
        q = q.where(EventRow.background.is_(False))
    if not include_duplicates:
        q = q.where(Article.duplicate_of.is_(None))
    with engine.connect() as conn:
        return conn.execute(_apply(q, EventRow, filters or Filters())).scalar_one()


def count_incidents(engine: Engine, filters: Filters | None = None) -> int:
    """How many incidents :func:`list_incidents` would return without a limit."""
    q = _apply(select(func.count()).select_from(Incident), Incident, filters or Filters())
    with engine.connect() as conn:
        return conn.execute(q).scalar_one()


def list_incidents(engine: Engine, filters: Filters | None = None, *, limit: int | None = 100,
                   offset: int = 0, reports: bool = True,
                   ids: list[str] | None = None) -> list[dict[str, Any]]:
    """Incidents, each with its ``reports`` (article, outlet, date, status, evidence)."""
    f = filters or Filters()
    q = _apply(select(*Incident.__table__.c), Incident, f).order_by(Incident.date_start.desc(), Incident.id)
    if ids is not None:
        q = q.where(Incident.id.in_(ids))
    with engine.connect() as conn:
        out = [dict(r) for r in conn.execute(_page(q, limit, offset)).mappings()]
        if reports and out:
            by_id = {i["id"]: i for i in out}
            for i in out:
                i["reports"] = []
            ids = list(by_id)
            for k in range(0, len(ids), 500):
                rq = (select(*IncidentReport.__table__.c, Article.title, Article.doc_id, Article.ingested_at)
                      .join(Article, Article.id == IncidentReport.article_id)
                      .where(IncidentReport.incident_id.in_(ids[k:k + 500]))
                      .order_by(IncidentReport.incident_id, IncidentReport.date_start, IncidentReport.event_uid))
                for rep in conn.execute(rq).mappings():
                    by_id[rep["incident_id"]]["reports"].append(dict(rep))
    return out


def get_incident(engine: Engine, incident_id: str) -> dict[str, Any] | None:
    rows = list_incidents(engine, Filters(), limit=None, ids=[incident_id])
    return rows[0] if rows else None


def list_articles(engine: Engine, *, search: str | None = None, source: str | None = None,
                  since: str | None = None, until: str | None = None,
                  include_duplicates: bool = True, limit: int | None = 50,
                  offset: int = 0) -> list[dict[str, Any]]:
    """Articles (without their Doc JSON); ``search`` matches the folded text or title."""
    cols = [c for c in Article.__table__.c if c.name not in ("doc", "folded", "minhash", "text")]
    q = select(*cols, func.substr(Article.text, 1, 300).label("snippet"))
    q = _where_articles(q, search=search, source=source, since=since, until=until)
    if not include_duplicates:
        q = q.where(Article.duplicate_of.is_(None))
    q = q.order_by(Article.published.desc(), Article.id.desc())
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(_page(q, limit, offset)).mappings()]


def count_articles(engine: Engine, *, search: str | None = None, source: str | None = None,
                   since: str | None = None, until: str | None = None) -> int:
    """How many articles :func:`list_articles` would return without a limit."""
    q = select(func.count()).select_from(Article)
    q = _where_articles(q, search=search, source=source, since=since, until=until)
    with engine.connect() as conn:
        return conn.execute(q).scalar_one()


def _where_articles(q, *, search: str | None, source: str | None, since: str | None,
                    until: str | None):
    """The article filters shared by :func:`list_articles` and :func:`count_articles`."""
    if search:
        key = f"%{' '.join(fold(search).split())}%"
        q = q.where(or_(Article.folded.like(key), Article.title.like(f"%{search}%")))
    if source:
        q = q.where(Article.source == source)
    if since:
        q = q.where(Article.published >= _dt.date.fromisoformat(since))
    if until:
        q = q.where(Article.published <= _dt.date.fromisoformat(until))
    return q


def get_article(engine: Engine, article_id: int) -> dict[str, Any] | None:
    """One article with its full Doc JSON (``doc``)."""
    with engine.connect() as conn:
        r = conn.execute(select(*Article.__table__.c).where(Article.id == article_id)).mappings().first()
    if r is None:
        return None
    d = dict(r)
    d.pop("minhash", None)
    d.pop("folded", None)
    return d


def list_actors(engine: Engine, *, search: str | None = None, limit: int | None = 100,
                offset: int = 0) -> list[dict[str, Any]]:
    """Actors seen in entities, with how many mentions and articles, most mentioned first."""
    name = func.coalesce(EntityRow.canonical, EntityRow.text)
    q = (select(EntityRow.actor_id, name.label("name"), EntityRow.kind, EntityRow.country,
                func.count().label("mentions"),
                func.count(func.distinct(EntityRow.article_id)).label("articles"))
         .where(or_(EntityRow.actor_id.is_not(None), EntityRow.label.in_(("PER", "ORG"))))
         .group_by(EntityRow.actor_id, name, EntityRow.kind, EntityRow.country))
    if search:
        q = q.where(or_(_like(EntityRow.canonical, search), _like(EntityRow.text, search),
                        EntityRow.actor_id == search))
    q = q.order_by(func.count().desc(), name)
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(_page(q, limit, offset)).mappings()]


def list_quotes(engine: Engine, *, speaker: str | None = None, article_id: int | None = None,
                search: str | None = None, limit: int | None = 100,
                offset: int = 0) -> list[dict[str, Any]]:
    q = (select(*QuoteRow.__table__.c, Article.source.label("article_source"), Article.title.label("article_title"),
                Article.published.label("article_published"))
         .join(Article, Article.id == QuoteRow.article_id))
    if speaker:
        q = q.where(or_(_like(QuoteRow.speaker_name, speaker), QuoteRow.speaker_actor_id == speaker))
    if article_id is not None:
        q = q.where(QuoteRow.article_id == article_id)
    if search:
        q = q.where(QuoteRow.content_text.like(f"%{search}%"))
    q = q.order_by(Article.published.desc(), QuoteRow.article_id, QuoteRow.idx)
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(_page(q, limit, offset)).mappings()]


def stats(engine: Engine) -> dict[str, int]:
    """Counts of articles, near-duplicates, events and incidents."""
    with engine.connect() as conn:
        one = lambda q: conn.execute(q).scalar_one()
        return {
            "articles": one(select(func.count()).select_from(Article)),
            "duplicates": one(select(func.count()).select_from(Article).where(Article.duplicate_of.is_not(None))),
            "events": one(select(func.count()).select_from(EventRow)),
            "incidents": one(select(func.count()).select_from(Incident)),
            "quotes": one(select(func.count()).select_from(QuoteRow)),
            "entities": one(select(func.count()).select_from(EntityRow)),
        }


__all__ = [
    "Filters",
    "count_events",
    "count_incidents",
    "get_article",
    "get_incident",
    "list_actors",
    "list_articles",
    "list_events",
    "list_incidents",
    "list_quotes",
    "stats",
]
