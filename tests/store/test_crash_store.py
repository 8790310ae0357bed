"""Crash safety: SIGKILL the ingest process in the middle of a large batch, run it again, and find
every article exactly once with all its layers."""

from __future__ import annotations

import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError

from rasd.errors import RasdError
from rasd.store.db import Store
from rasd.store.models import Article, DateRow, EntityRow, EventRow, PlaceRow, QuoteRow

MAIN = Path(__file__).with_name("crash_ingest_main.py")
N = 1000
WORDS = ["أعلن", "قال", "الجيش", "الحكومة", "وزارة", "مدينة", "قرية", "قصف", "غارة", "اشتباك", "مسلحين", "قوات", "الأمن", "الشرطة", "المحتجين", "تظاهرة", "بيان", "مصدر", "مسؤول", "محافظة", "ريف", "شمال", "جنوب", "شرق", "غرب", "الأحد", "الاثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "مقتل", "إصابة", "جرحى", "قتلى", "اعتقال", "حملة", "مداهمة", "المعارضة", "المجلس", "الرئيس", "الوزير", "اللجنة", "المنظمة", "الأمم", "المتحدة", "اللاجئين", "المساعدات", "الحدود", "المعبر", "الميناء", "المطار"]


def _articles(path: Path) -> None:
    rng = random.Random(11)
    with path.open("w", encoding="utf-8") as f:
        for i in range(N):
            sents = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 14))) + "."
                     for _ in range(rng.randint(2, 5))]
            f.write(json.dumps({"id": f"n{i}", "text": " ".join(sents), "published": "2025-01-03",
                                "source": f"outlet{i % 5}"}, ensure_ascii=False) + "\n")


def _count(url: str) -> int:
    try:
        with Store(url) as store:
            return store.count()
    except (RasdError, SQLAlchemyError):  # the child may still be creating the schema
        return 0


def _cmd(src: Path, url: str) -> list[str]:
    return [sys.executable, str(MAIN), "ingest", str(src), "--db", url,
            "--components", "sentences,fake_layers", "--quiet"]


def test_sigkill_mid_batch_then_rerun_stores_each_article_once(db_url, tmp_path):
    src = tmp_path / "big.jsonl"
    _articles(src)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    child = subprocess.Popen(_cmd(src, db_url), stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    deadline = time.monotonic() + 120
    try:
        while _count(db_url) < 60:
            assert child.poll() is None, f"ingest ended before it could be killed: {child.communicate()}"
            assert time.monotonic() < deadline, "ingest stored nothing within 120 s"
            time.sleep(0.05)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL
    partial = _count(db_url)
    assert 60 <= partial < N, partial

    again = subprocess.run(_cmd(src, db_url), capture_output=True, text=True, timeout=300, env=env)
    assert again.returncode == 0, again.stderr
    # new = the rest, already stored = what survived the kill
    assert re.search(rf"│\s*{N - partial}\s*│\s*{partial}\s*│\s*0\s*│\s*0\s*│", again.stdout), again.stdout

    with Store(db_url) as store, store.engine.connect() as conn:
        assert store.count() == N
        assert conn.execute(select(func.count(func.distinct(Article.doc_id)))).scalar_one() == N
        docs = {aid: doc for aid, doc in conn.execute(select(Article.id, Article.doc))}
        for model, layer in ((EntityRow, "entities"), (DateRow, "dates"), (PlaceRow, "places"),
                             (QuoteRow, "quotes"), (EventRow, "events")):
            counts = dict(conn.execute(select(model.article_id, func.count()).group_by(model.article_id)).all())
            for aid, doc in docs.items():
                assert counts.get(aid, 0) == len(doc[layer]) > 0, (layer, aid)
        assert all("events" in doc["layers"] for doc in docs.values())
        assert store.count(EventRow) == sum(len(d["events"]) for d in docs.values())
