"""The store: one transaction per article (the article row and all its layers), idempotent by the
hash of the normalised text, near-duplicates linked to the first copy.

    >>> store = Store("sqlite:///rasd.db")
    >>> store.write(prepare_doc(doc))   # "new", "stored" (already there) or "duplicate"
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from ..doc import Doc
from ..errors import Errors, RasdError
from ..text import fold
from . import dedup
from .models import Article, DateRow, EntityRow, EventRow, PlaceRow, QuoteRow
from .schema import DEFAULT_URL, ensure_schema, make_engine

NEW, STORED, DUPLICATE = "new", "stored", "duplicate"


@dataclass(slots=True)
class Prepared:
    """An analysed article, ready to be written: its Doc JSON, hash and MinHash signature.

    Built where the extraction ran (possibly on a Dask worker); small and picklable.
    """

    doc: dict[str, Any]
    hash: str
    minhash: bytes
    origin: str | None = None
    folded: str | None = None  # rasd.text.fold(text), for search
    extra: dict[str, Any] = field(default_factory=dict)


def prepare_doc(doc: Doc, origin: str | None = None) -> Prepared:
    folded = fold(doc.text)
    return Prepared(
        doc=doc.to_dict(),
        hash=dedup.text_hash(doc.text, folded),
        minhash=dedup.minhash_bytes(doc.text, folded),
        origin=origin if origin is not None else doc.meta.get("origin"),
        folded=folded,
    )


def _name(ent: dict[str, Any] | None) -> str | None:
    if not ent:
        return None
    return ent.get("canonical") or ent.get("text") or ent.get("actor_id")


def _date(value: str | None) -> _dt.date | None:
    if not value:
        return None
    try:
        return _dt.date.fromisoformat(value)
    except ValueError:
        return None


def layer_rows(doc: dict[str, Any], article_id: int, uid_prefix: str) -> dict[Any, list[dict]]:
    """Rows of the normalised tables for one Doc JSON."""
    ents = []
    for i, e in enumerate(doc.get("entities", [])):
        ents.append({
            "article_id": article_id, "idx": i, "start_char": e.get("start"), "end_char": e.get("end"),
            "text": e.get("text"), "label": e.get("label"), "actor_id": e.get("actor_id"),
            "canonical": e.get("canonical"), "latin": e.get("latin"), "kind": e.get("kind"),
            "country": e.get("country"), "role": e.get("role"), "affiliation": e.get("affiliation"),
            "score": e.get("score"), "inferred": e.get("inferred"),
        })
    dates = []
    for i, d in enumerate(doc.get("dates", [])):
        dates.append({
            "article_id": article_id, "idx": i, "start_char": d.get("start"), "end_char": d.get("end"),
            "text": d.get("text"), "value_start": d.get("value_start"), "value_end": d.get("value_end"),
            "precision": d.get("precision"), "qualifier": d.get("qualifier"),
            "relative": bool(d.get("relative")), "calendar": d.get("calendar"),
            "inferred": d.get("inferred"),
        })
    places = []
    for i, p in enumerate(doc.get("places", [])):
        places.append({
            "article_id": article_id, "idx": i, "start_char": p.get("start"), "end_char": p.get("end"),
            "text": p.get("text"), "name": p.get("name"), "country": p.get("country"),
            "admin1": p.get("admin1"), "lat": p.get("lat"), "lon": p.get("lon"),
            "geo_precision": p.get("geo_precision"), "feature": p.get("feature"),
            "geonameid": p.get("geonameid"), "dateline": bool(p.get("dateline")),
            "inferred": p.get("inferred"),
        })
    quotes = []
    for i, q in enumerate(doc.get("quotes", [])):
        cue, content, speaker = q.get("cue") or {}, q.get("content") or {}, q.get("speaker")
        quotes.append({
            "article_id": article_id, "idx": i,
            "cue_start": cue.get("start"), "cue_end": cue.get("end"), "cue_text": cue.get("text"),
            "content_start": content.get("start"), "content_end": content.get("end"),
            "content_text": content.get("text"), "speaker_name": _name(speaker),
            "speaker_actor_id": (speaker or {}).get("actor_id"), "speaker": speaker,
            "direct": bool(q.get("direct")), "anonymous": bool(q.get("anonymous")),
            "outlet": q.get("outlet"), "stance": q.get("stance"),
            "statement": bool(q.get("statement")), "chain": list(q.get("chain") or []),
        })
    events = []
    for i, ev in enumerate(doc.get("events", [])):
        trig = ev.get("trigger") or {}
        actor, target, src = ev.get("actor"), ev.get("target"), ev.get("source")
        loc, date = ev.get("location"), ev.get("date")
        events.append({
            "uid": f"{uid_prefix}-{i}", "article_id": article_id, "idx": i, "event_id": ev.get("id"),
            "type": ev.get("type"), "mode": ev.get("mode"), "status": ev.get("status") or "reported",
            "background": bool(ev.get("background")),
            "trigger_start": trig.get("start"), "trigger_end": trig.get("end"),
            "trigger_text": trig.get("text"),
            "actor_name": _name(actor), "actor_id": (actor or {}).get("actor_id"), "actor": actor,
            "target_name": _name(target), "target_id": (target or {}).get("actor_id"), "target": target,
            "source_name": _name(src), "source": src,
            "place_name": (loc or {}).get("name") or (loc or {}).get("text"),
            "country": (loc or {}).get("country"), "admin1": (loc or {}).get("admin1"),
            "lat": (loc or {}).get("lat"), "lon": (loc or {}).get("lon"),
            "geo_precision": (loc or {}).get("geo_precision"), "location": loc,
            "date_start": (date or {}).get("value_start"),
            "date_end": (date or {}).get("value_end") or (date or {}).get("value_start"),
            "date_precision": (date or {}).get("precision"), "date": date,
            "fatalities": ev.get("fatalities"), "injuries": ev.get("injuries"),
            "instrument": ev.get("instrument"), "acled": ev.get("acled"),
            "evidence": list(ev.get("evidence") or []),
        })
    return {
        EntityRow.__table__: ents, DateRow.__table__: dates, PlaceRow.__table__: places,
        QuoteRow.__table__: quotes, EventRow.__table__: events,
    }


class Store:
    """A rasd database (SQLite or PostgreSQL, by SQLAlchemy URL)."""

    def __init__(self, url: str = DEFAULT_URL, *, create: bool = True) -> None:
        self.url = url
        self.engine: Engine = make_engine(url)
        if create:
            ensure_schema(self.engine)
        self._near: dedup.NearDuplicates | None = None

    # -- near-duplicates ------------------------------------------------------------------------
    @property
    def near(self) -> dedup.NearDuplicates:
        if self._near is None:
            index = dedup.NearDuplicates()
            q = (select(Article.id, Article.minhash)
                 .where(Article.duplicate_of.is_(None), Article.minhash.is_not(None))
                 .order_by(Article.id))
            with self.engine.connect() as conn:
                for aid, sig in conn.execute(q):
                    index.add(aid, bytes(sig))
            self._near = index
        return self._near

    # -- writing --------------------------------------------------------------------------------
    def has_hash(self, h: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(Article.id).where(Article.hash == h)).first() is not None

    def known_hashes(self, hashes: list[str]) -> set[str]:
        out: set[str] = set()
        with self.engine.connect() as conn:
            for i in range(0, len(hashes), 500):
                chunk = hashes[i:i + 500]
                out.update(h for (h,) in conn.execute(select(Article.hash).where(Article.hash.in_(chunk))))
        return out

    def write(self, prep: Prepared) -> tuple[str, int | None]:
        """Store one analysed article and all its layers in one transaction.

        Returns ``(outcome, article_id)`` with outcome ``new``, ``duplicate`` (stored, linked to the
        first copy) or ``stored`` (this text was already in the database; nothing added).
        """
        near = self.near
        match = near.find(prep.minhash)
        doc = prep.doc
        row = {
            "hash": prep.hash, "doc_id": str(doc.get("id") or prep.hash[:16])[:200],
            "title": doc.get("title"), "source": (doc.get("source") or None) and doc["source"][:300],
            "url": doc.get("url"),
            "published": _date(doc.get("published")), "origin": prep.origin,
            "text": doc["text"], "folded": prep.folded if prep.folded is not None else fold(doc["text"]),
            "duplicate_of": match[0] if match else None,
            "similarity": round(match[1], 4) if match else None,
            "minhash": prep.minhash, "doc": doc, "layers": list(doc.get("layers") or []),
            "ingested_at": _dt.datetime.now(_dt.UTC).replace(tzinfo=None, microsecond=0),
        }
        try:
            with self.engine.begin() as conn:
                if conn.execute(select(Article.id).where(Article.hash == prep.hash)).first():
                    return STORED, None
                aid = conn.execute(insert(Article.__table__).returning(Article.id), row).scalar_one()
                for table, rows in layer_rows(doc, aid, prep.hash[:16]).items():
                    if rows:
                        conn.execute(insert(table), rows)
        except IntegrityError as exc:
            # Another writer stored the same text between our check and our insert.
            if self.has_hash(prep.hash):
                return STORED, None
            raise RasdError(Errors.E604, reason=exc.orig) from exc
        except SQLAlchemyError as exc:
            raise RasdError(Errors.E604, reason=exc) from exc
        if match is None:
            near.add(aid, prep.minhash)
            return NEW, aid
        return DUPLICATE, aid

    # -- reading --------------------------------------------------------------------------------
    def doc(self, article_id: int) -> Doc:
        """The stored Doc of an article (``rasd extract``-equivalent)."""
        with self.engine.connect() as conn:
            data = conn.execute(select(Article.doc).where(Article.id == article_id)).scalar_one_or_none()
        if data is None:
            raise RasdError(Errors.E701, what=f"article {article_id}")
        return Doc.from_dict(data)

    def count(self, model=Article) -> int:
        with self.engine.connect() as conn:
            return conn.execute(select(func.count()).select_from(model)).scalar_one()

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
