"""Schema: a new database is created at the latest revision; an old one is refused until
`rasd db upgrade` migrates it, keeping its data."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text
from typer.testing import CliRunner

from rasd.cli import app
from rasd.errors import RasdError
from rasd.store.db import Store, prepare_doc
from rasd.store.models import Base
from rasd.store.schema import current_revision, head_revision, make_engine, upgrade


def test_new_database_is_created_at_head(db_url):
    store = Store(db_url)
    with store.engine.connect() as conn:
        assert current_revision(conn) == head_revision() == "0002"
        tables = set(inspect(conn).get_table_names())
    assert set(Base.metadata.tables) <= tables
    store.close()


def test_migrations_match_the_models(db_url):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    store = Store(db_url)
    with store.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    store.close()
    assert diff == []


def test_old_database_is_refused_then_upgraded_with_its_data(db_url, make_doc):
    engine = make_engine(db_url)
    upgrade(engine, "0001")  # the first schema: no incident tables
    assert not inspect(engine).has_table("incidents")
    doc = make_doc("الخرطوم - أعلنت لجنة الأطباء أن الاشتباكات تجددت صباح اليوم في أم درمان.",
                   published="2025-06-01", source="النيل")
    prep = prepare_doc(doc)
    with engine.begin() as conn:  # a row written by the old version
        conn.execute(text(
            "INSERT INTO articles (hash, doc_id, text, folded, doc, layers, ingested_at) "
            "VALUES (:h, 'old', :t, :t, :d, '[]', '2025-06-01 10:00:00')"),
            {"h": prep.hash, "t": doc.text, "d": '{"schema": "rasd.document/1", "text": "x"}'})
    engine.dispose()

    with pytest.raises(RasdError) as err:
        Store(db_url)
    assert err.value.code == "E602" and "rasd db upgrade" in str(err.value)

    result = CliRunner().invoke(app, ["db", "upgrade", "--db", db_url])
    assert result.exit_code == 0, result.output
    assert "0001" in result.output and "0002" in result.output
    with Store(db_url) as store:
        assert store.count() == 1
        assert inspect(store.engine).has_table("incidents")
        assert store.write(prep)[0] == "stored"  # the migrated row still keys the article
    again = CliRunner().invoke(app, ["db", "upgrade", "--db", db_url])
    assert again.exit_code == 0 and "Already at revision 0002" in again.output


def test_unreachable_database_is_a_clear_error(tmp_path):
    with pytest.raises(RasdError) as err:
        Store("postgresql+psycopg://nobody@127.0.0.1:1/none")
    assert err.value.code == "E601"
    assert "127.0.0.1" in str(err.value)
