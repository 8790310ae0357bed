"""Opening a database and keeping its schema current (Alembic, inside the package).

A new (empty) database is created at the latest schema; a database at an older revision is
refused with E602 until ``rasd db upgrade`` migrates it.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, event, inspect
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import SQLAlchemyError

from ..errors import Errors, RasdError

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
DEFAULT_URL = "sqlite:///rasd.db"


def alembic_config(connection: Connection | None = None, url: str | None = None):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if url:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(conn: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(conn).get_current_revision()


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # pragma: no cover - trivial
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def make_engine(url: str) -> Engine:
    """An engine for ``url`` (SQLite gets WAL, foreign keys and a busy timeout)."""
    try:
        if url.startswith("sqlite"):
            engine = create_engine(url, connect_args={"timeout": 30})
            event.listen(engine, "connect", _sqlite_pragmas)
        else:
            engine = create_engine(url, pool_pre_ping=True)
        with engine.connect():
            pass
    except (SQLAlchemyError, ImportError, ValueError) as exc:
        raise RasdError(Errors.E601, url=_safe(url), reason=exc) from exc
    return engine


def upgrade(engine: Engine, revision: str = "head") -> tuple[str | None, str]:
    """Migrate the database to ``revision``; returns (revision before, revision after)."""
    from alembic import command

    try:
        with engine.begin() as conn:
            before = current_revision(conn)
            command.upgrade(alembic_config(conn), revision)
            after = current_revision(conn)
    except SQLAlchemyError as exc:
        raise RasdError(Errors.E601, url=_safe(str(engine.url)), reason=exc) from exc
    return before, after or ""


def ensure_schema(engine: Engine) -> None:
    """Create a new database at the latest schema; refuse an old one (E602)."""
    with engine.connect() as conn:
        rev = current_revision(conn)
        has_tables = inspect(conn).has_table("articles")
    if rev is None and not has_tables:
        upgrade(engine)
        return
    head = head_revision()
    if rev != head:
        raise RasdError(Errors.E602, url=_safe(str(engine.url)), revision=rev, head=head)


def _safe(url: str) -> str:
    """The URL without its password."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):  # a malformed URL: shown as given (it has no parsed password)
        return url
