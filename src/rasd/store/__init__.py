"""The store: SQLite or PostgreSQL through SQLAlchemy 2, with Alembic migrations in the package.

- :mod:`rasd.store.db` — :class:`Store` (one transaction per article, idempotent, near-duplicates)
- :mod:`rasd.store.ingest` — ``rasd ingest`` (local or Dask extraction)
- :mod:`rasd.store.incidents` — events merged into incidents
- :mod:`rasd.store.query` — the query API shared by the CLI and the web app
- :mod:`rasd.store.exports` — ACLED CSV, PLOVER JSONL, GeoJSON, Parquet

Nothing heavy is imported here.
"""

from __future__ import annotations

from typing import Any

__all__ = ["DEFAULT_URL", "Store", "prepare_doc"]


def __getattr__(name: str) -> Any:
    if name in ("Store", "prepare_doc"):
        from . import db

        return getattr(db, name)
    if name == "DEFAULT_URL":
        from .schema import DEFAULT_URL

        return DEFAULT_URL
    raise AttributeError(name)
