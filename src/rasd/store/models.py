"""The database schema (SQLAlchemy 2 declarative models).

One row per article (with the full ``rasd.document/1`` JSON, so ``rasd extract`` output can be
rebuilt exactly) plus normalised tables for querying: entities, dates, places, quotes, events, and
the incidents merged from events with their reports. Column names avoid SQL keywords
(``start_char``/``end_char`` rather than ``start``/``end``).

Changing a model means adding an Alembic revision in ``rasd/store/migrations/versions``.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    hash: Mapped[str] = mapped_column(String(64), unique=True, nullable=False)
    doc_id: Mapped[str] = mapped_column(String(200), nullable=False)
    title: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(300), index=True)
    url: Mapped[str | None] = mapped_column(Text)
    published: Mapped[_dt.date | None] = mapped_column(Date, index=True)
    origin: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text, nullable=False)
    folded: Mapped[str] = mapped_column(Text, nullable=False)  # rasd.text.fold(text), for search
    duplicate_of: Mapped[int | None] = mapped_column(ForeignKey("articles.id"), index=True)
    similarity: Mapped[float | None] = mapped_column(Float)  # estimated Jaccard with duplicate_of
    minhash: Mapped[bytes | None] = mapped_column(LargeBinary)
    doc: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)  # the rasd.document/1 JSON
    layers: Mapped[list[str]] = mapped_column(JSON, nullable=False)
    ingested_at: Mapped[_dt.datetime] = mapped_column(DateTime, nullable=False)


class EntityRow(Base):
    __tablename__ = "entities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    idx: Mapped[int] = mapped_column(Integer, nullable=False)
    start_char: Mapped[int | None] = mapped_column(Integer)
    end_char: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str | None] = mapped_column(Text)
    label: Mapped[str | None] = mapped_column(String(20), index=True)
    actor_id: Mapped[str | None] = mapped_column(String(200), index=True)
    canonical: Mapped[str | None] = mapped_column(Text)
    latin: Mapped[str | None] = mapped_column(Text)
    kind: Mapped[str | None] = mapped_column(String(100))
    country: Mapped[str | None] = mapped_column(String(100))
    role: Mapped[str | None] = mapped_column(Text)
    affiliation: Mapped[str | None] = mapped_column(Text)
    score: Mapped[float | None] = mapped_column(Float)
    inferred: Mapped[str | None] = mapped_column(String(100))


class DateRow(Base):
    __tablename__ = "dates"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    idx: Mapped[int] = mapped_column(Integer, nullable=False)
    start_char: Mapped[int | None] = mapped_column(Integer)
    end_char: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str | None] = mapped_column(Text)
    value_start: Mapped[str | None] = mapped_column(String(10))
    value_end: Mapped[str | None] = mapped_column(String(10))
    precision: Mapped[str | None] = mapped_column(String(10))
    qualifier: Mapped[str | None] = mapped_column(String(20))
    relative: Mapped[bool] = mapped_column(Boolean, default=False)
    calendar: Mapped[str | None] = mapped_column(String(20))
    inferred: Mapped[str | None] = mapped_column(String(100))


class PlaceRow(Base):
    __tablename__ = "places"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    idx: Mapped[int] = mapped_column(Integer, nullable=False)
    start_char: Mapped[int | None] = mapped_column(Integer)
    end_char: Mapped[int | None] = mapped_column(Integer)
    text: Mapped[str | None] = mapped_column(Text)
    name: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(String(100), index=True)
    admin1: Mapped[str | None] = mapped_column(Text)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    geo_precision: Mapped[int | None] = mapped_column(Integer)
    feature: Mapped[str | None] = mapped_column(String(50))
    geonameid: Mapped[int | None] = mapped_column(Integer)
    dateline: Mapped[bool] = mapped_column(Boolean, default=False)
    inferred: Mapped[str | None] = mapped_column(String(100))


class QuoteRow(Base):
    __tablename__ = "quotes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    idx: Mapped[int] = mapped_column(Integer, nullable=False)
    cue_start: Mapped[int | None] = mapped_column(Integer)
    cue_end: Mapped[int | None] = mapped_column(Integer)
    cue_text: Mapped[str | None] = mapped_column(Text)
    content_start: Mapped[int | None] = mapped_column(Integer)
    content_end: Mapped[int | None] = mapped_column(Integer)
    content_text: Mapped[str | None] = mapped_column(Text)
    speaker_name: Mapped[str | None] = mapped_column(Text)  # canonical name, else the span text
    speaker_actor_id: Mapped[str | None] = mapped_column(String(200), index=True)
    speaker: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    direct: Mapped[bool] = mapped_column(Boolean, default=False)
    anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    outlet: Mapped[str | None] = mapped_column(Text)
    stance: Mapped[str | None] = mapped_column(String(30))
    statement: Mapped[bool] = mapped_column(Boolean, default=False)
    chain: Mapped[list[dict[str, Any]]] = mapped_column(JSON, nullable=False)


class EventRow(Base):
    __tablename__ = "events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    uid: Mapped[str] = mapped_column(String(80), unique=True, nullable=False)  # <hash[:16]>-<idx>
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    idx: Mapped[int] = mapped_column(Integer, nullable=False)
    event_id: Mapped[str | None] = mapped_column(String(200))  # Event.id from the extractor
    type: Mapped[str] = mapped_column(String(20), index=True)
    mode: Mapped[str | None] = mapped_column(String(50))
    status: Mapped[str] = mapped_column(String(20), index=True)
    background: Mapped[bool] = mapped_column(Boolean, default=False)
    trigger_start: Mapped[int | None] = mapped_column(Integer)
    trigger_end: Mapped[int | None] = mapped_column(Integer)
    trigger_text: Mapped[str | None] = mapped_column(Text)
    actor_name: Mapped[str | None] = mapped_column(Text)
    actor_id: Mapped[str | None] = mapped_column(String(200), index=True)
    actor: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    target_name: Mapped[str | None] = mapped_column(Text)
    target_id: Mapped[str | None] = mapped_column(String(200), index=True)
    target: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    source_name: Mapped[str | None] = mapped_column(Text)
    source: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    place_name: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(String(100), index=True)
    admin1: Mapped[str | None] = mapped_column(Text)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    geo_precision: Mapped[int | None] = mapped_column(Integer)
    location: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    date_start: Mapped[str | None] = mapped_column(String(10), index=True)
    date_end: Mapped[str | None] = mapped_column(String(10))
    date_precision: Mapped[str | None] = mapped_column(String(10))
    date: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    fatalities: Mapped[int | None] = mapped_column(Integer)
    injuries: Mapped[int | None] = mapped_column(Integer)
    instrument: Mapped[str | None] = mapped_column(Text)
    acled: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    evidence: Mapped[list[dict[str, Any]]] = mapped_column(JSON, nullable=False)


class Incident(Base):
    __tablename__ = "incidents"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    type: Mapped[str] = mapped_column(String(20), index=True)
    mode: Mapped[str | None] = mapped_column(String(50))
    status: Mapped[str] = mapped_column(String(20), index=True)
    summary: Mapped[str | None] = mapped_column(Text)
    date_start: Mapped[str | None] = mapped_column(String(10), index=True)
    date_end: Mapped[str | None] = mapped_column(String(10))
    date_precision: Mapped[str | None] = mapped_column(String(10))
    actor_name: Mapped[str | None] = mapped_column(Text)
    actor_id: Mapped[str | None] = mapped_column(String(200), index=True)
    actor_kind: Mapped[str | None] = mapped_column(String(100))
    target_name: Mapped[str | None] = mapped_column(Text)
    target_id: Mapped[str | None] = mapped_column(String(200))
    target_kind: Mapped[str | None] = mapped_column(String(100))
    place_name: Mapped[str | None] = mapped_column(Text)
    country: Mapped[str | None] = mapped_column(String(100), index=True)
    admin1: Mapped[str | None] = mapped_column(Text)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    geo_precision: Mapped[int | None] = mapped_column(Integer)
    fatalities: Mapped[int | None] = mapped_column(Integer)
    fatalities_reported: Mapped[list[dict[str, Any]]] = mapped_column(JSON, nullable=False)
    n_reports: Mapped[int] = mapped_column(Integer, nullable=False)
    n_outlets: Mapped[int] = mapped_column(Integer, nullable=False)
    outlets: Mapped[list[str]] = mapped_column(JSON, nullable=False)
    statuses: Mapped[dict[str, int]] = mapped_column(JSON, nullable=False)
    acled: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class IncidentReport(Base):
    __tablename__ = "incident_reports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    incident_id: Mapped[str] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"), index=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    event_uid: Mapped[str] = mapped_column(String(80), nullable=False)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    outlet: Mapped[str | None] = mapped_column(String(300))
    url: Mapped[str | None] = mapped_column(Text)
    published: Mapped[_dt.date | None] = mapped_column(Date)
    date_start: Mapped[str | None] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(20))
    fatalities: Mapped[int | None] = mapped_column(Integer)
    trigger: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    evidence: Mapped[list[dict[str, Any]]] = mapped_column(JSON, nullable=False)


Index("ix_events_type_date", EventRow.type, EventRow.date_start)

TABLES = [
    Article.__table__, EntityRow.__table__, DateRow.__table__, PlaceRow.__table__,
    QuoteRow.__table__, EventRow.__table__, Incident.__table__, IncidentReport.__table__,
]
