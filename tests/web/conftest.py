"""Web test fixtures: a real SQLite database built by the real ``rasd ingest`` command from the
articles in tests/web/articles.jsonl (our own prose, one of them full of script tags, event
handlers and javascript: URLs), and in-process clients over it."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
ARTICLES = HERE / "articles.jsonl"
TOKEN = "s3cret-token-for-tests"


@pytest.fixture(scope="session")
def web_db(tmp_path_factory) -> str:
    from typer.testing import CliRunner

    from rasd.cli import app

    url = f"sqlite:///{tmp_path_factory.mktemp('webdb') / 'web.db'}"
    res = CliRunner().invoke(app, ["ingest", str(ARTICLES), "--db", url, "--quiet"])
    assert res.exit_code == 0, res.output
    return url


def _client(app):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture(scope="session")
def client(web_db):
    from rasd.web.app import create_app

    with _client(create_app(web_db)) as c:
        yield c


@pytest.fixture()
def writable_client(web_db, tmp_path):
    """A client over a fresh copy of the database, with ingest enabled by a token."""
    import shutil

    from rasd.web.app import create_app

    copy = tmp_path / "w.db"
    shutil.copy(web_db.removeprefix("sqlite:///"), copy)
    with _client(create_app(f"sqlite:///{copy}", token=TOKEN, max_body=20_000)) as c:
        yield c
