"""The store fixtures (db_url over SQLite and PostgreSQL, hand-built docs) for the batch tests."""

from __future__ import annotations

import importlib.util
from pathlib import Path

_spec = importlib.util.spec_from_file_location(
    "rasd_tests_store_fixtures", Path(__file__).resolve().parents[1] / "store" / "conftest.py")
_store = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_store)

pg_server = _store.pg_server
db_url = _store.db_url
scenario = _store.scenario
scenario_texts = _store.scenario_texts
