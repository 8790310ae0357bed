"""`rasd ingest --workers N` / `--scheduler`: extraction on a Dask LocalCluster (2 worker processes
on loopback), one pipeline per worker, results written through the store with the same
idempotency and near-duplicate linking as a single-process ingest."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from rasd.cli import app
from rasd.store.db import Store
from rasd.store.ingest import ingest_paths
from rasd.store.models import Article

COMPONENTS = ["sentences", "tokens"]


@pytest.fixture(scope="module")
def cluster():
    from distributed import Client, LocalCluster

    lc = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=":0", silence_logs=40)
    client = Client(lc)
    yield lc
    client.close()
    lc.close()


def _input(tmp_path, texts):
    src = tmp_path / "in.jsonl"
    lines = [json.dumps({"id": f"t{i}", "text": t, "published": "2025-05-04", "source": f"o{i % 3}"},
                        ensure_ascii=False) for i, t in enumerate(texts)]
    lines.insert(2, "{broken")
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return src


def _texts(s):
    base = [s.A_TEXT, s.B_TEXT, s.C_TEXT, s.D_TEXT, s.E_TEXT, s.G_TEXT, s.F_TEXT]
    extra = [f"{t} وفي تطور آخر رقم {i} أعلنت السلطات إغلاق الطريق الدولي." for i, t in enumerate(base[:5])]
    return base + [t.replace("،", "، حسب ما ذكر مراسلنا رقم %d،" % i, 1) + (" تحديث %d" % i) * 30
                   for i, t in enumerate(extra * 6)]


def _rows(url):
    with Store(url) as store, store.engine.connect() as conn:
        return conn.execute(select(Article.hash, Article.doc, Article.duplicate_of.is_not(None))
                            .order_by(Article.hash)).all()


def test_scheduler_ingest_matches_local_and_is_idempotent(cluster, db_url, tmp_path, scenario_texts):
    src = _input(tmp_path, _texts(scenario_texts))
    local_url = f"sqlite:///{tmp_path / 'local.db'}"
    local = ingest_paths([src], local_url, components=COMPONENTS)
    dist = ingest_paths([src], db_url, scheduler=cluster.scheduler_address, components=COMPONENTS)
    assert local.as_dict() == dist.as_dict()
    assert dist.failed == 1 and dist.failures[0].line == 3
    assert dist.duplicates >= 1 and dist.new + dist.duplicates == 37
    # Same articles, same Doc JSON, same near-duplicate links as one process.
    assert _rows(db_url) == _rows(local_url)
    # One pipeline per worker, built once and reused for every task.
    from distributed import Client

    with Client(cluster.scheduler_address) as client:
        built = client.run(lambda: __import__("rasd.batch.dask", fromlist=["x"])._PIPELINES.copy().keys().__len__())
    assert sorted(built.values()) == [1, 1]
    again = ingest_paths([src], db_url, scheduler=cluster.scheduler_address, components=COMPONENTS)
    assert (again.new, again.duplicates, again.stored, again.failed) == (0, 0, 37, 1)


def test_cli_workers_starts_a_local_cluster(tmp_path, scenario_texts):
    src = _input(tmp_path, _texts(scenario_texts)[:6])
    url = f"sqlite:///{tmp_path / 'w.db'}"
    r = CliRunner().invoke(app, ["ingest", str(src), "--db", url, "--workers", "2",
                                 "--components", ",".join(COMPONENTS), "-q"])
    assert r.exit_code == 1, r.output  # the broken line
    assert re.search(r"│\s*6\s*│\s*0\s*│\s*0\s*│\s*1\s*│", r.output), r.output
    assert len(_rows(url)) == 6


def test_unreachable_scheduler_is_reported(tmp_path, monkeypatch):
    from rasd.batch import dask as rasd_dask
    from rasd.errors import RasdError

    monkeypatch.setattr(rasd_dask, "CONNECT_TIMEOUT", "2s")
    with pytest.raises(RasdError) as err:
        ingest_paths([], f"sqlite:///{tmp_path / 'x.db'}", scheduler="tcp://127.0.0.1:9", components=COMPONENTS)
    assert err.value.code == "E607"
