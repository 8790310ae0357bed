"""The API and pages over PostgreSQL (a throwaway server on loopback, as the store tests start it;
skips when the server binaries are absent)."""

from __future__ import annotations

import importlib.util
import os
import shutil
import warnings
from pathlib import Path

import pytest

pytestmark = [pytest.mark.postgres, pytest.mark.xdist_group("postgres-web")]
STORE_CONFTEST = Path(__file__).resolve().parents[1] / "store" / "conftest.py"
ARTICLES = Path(__file__).resolve().parent / "articles.jsonl"


@pytest.fixture(scope="module")
def pg_client():
    spec = importlib.util.spec_from_file_location("rasd_store_test_conftest", STORE_CONFTEST)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    bindir = mod._pg_bindir()
    if bindir is None:
        pytest.skip("PostgreSQL server binaries not found (scripts/system-deps.sh installs them)")
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        pytest.skip("running as root without runuser: cannot start PostgreSQL")
    server = mod.PgServer(bindir)
    try:
        server.start()
    except (RuntimeError, OSError) as exc:
        server.stop()
        pytest.skip(f"could not start a PostgreSQL server: {exc}")
    try:
        url = server.create_db()
        from typer.testing import CliRunner

        from rasd.cli import app as cli
        from rasd.web.app import create_app

        res = CliRunner().invoke(cli, ["ingest", str(ARTICLES), "--db", url, "--quiet"])
        assert res.exit_code == 0, res.output
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from fastapi.testclient import TestClient
        app = create_app(url)
        yield TestClient(app, raise_server_exceptions=False)
        app.state.store.close()
    finally:
        server.stop()


def test_api_and_pages_on_postgres(pg_client):
    c = pg_client
    assert c.get("/api/stats").json()["articles"] == 4
    found = c.get("/api/articles", params={"q": "اصابه"}).json()
    assert [a["doc_id"] for a in found["items"]] == ["web-lebanon-strike"] and found["total"] == 1
    assault = c.get("/api/incidents", params={"type": "ASSAULT"}).json()
    assert assault["total"] == 1 and assault["items"][0]["n_reports"] == 2
    assert c.get("/api/incidents", params={"since": "2025-05-01"}).json()["total"] == 1
    g = c.get("/api/graph").json()
    assert g["edges"]
    t = c.get("/api/timeline").json()
    assert "ASSAULT" in t["types"]
    lines = c.get("/api/export/incidents.csv", params={"type": "ASSAULT"}).text.strip().splitlines()
    assert len(lines) == 2
    inc = assault["items"][0]["id"]
    for path in ("/incidents", "/articles", "/actors", f"/incidents/{inc}",
                 f"/articles/{found['items'][0]['id']}"):
        assert c.get(path).status_code == 200, path
    assert c.get("/api/articles/99999").json()["error"]["code"] == "E701"
