"""Ingest: every layer stored, idempotent by normalised text, near-duplicates linked, bad inputs
reported and skipped, `rasd ingest` counts and exit codes."""

from __future__ import annotations

import json
import re

from sqlalchemy import select
from typer.testing import CliRunner

from rasd.cli import app
from rasd.doc import Doc
from rasd.store import dedup, query
from rasd.store.db import Store, prepare_doc
from rasd.store.models import Article, DateRow, EntityRow, EventRow, PlaceRow, QuoteRow

TEXT_COMPONENTS = "sentences,tokens"


def test_every_layer_is_stored_and_the_doc_rebuilds_exactly(db_url, scenario):
    doc = scenario["a"]
    doc.dates.append(doc.events[0].date)
    doc.places.append(doc.events[0].location)
    with Store(db_url) as store:
        outcome, aid = store.write(prepare_doc(doc))
        assert outcome == "new"
        again = store.doc(aid)
        assert again.to_dict() == doc.to_dict()
        again.check_spans()
        with store.engine.connect() as conn:
            ents = conn.execute(select(EntityRow.text, EntityRow.actor_id, EntityRow.start_char)).all()
            quotes = conn.execute(select(QuoteRow.content_text, QuoteRow.speaker_actor_id, QuoteRow.stance)).all()
            events = conn.execute(select(*EventRow.__table__.c).order_by(EventRow.idx)).mappings().all()
            dates = conn.execute(select(DateRow.value_start, DateRow.text)).all()
            places = conn.execute(select(PlaceRow.name, PlaceRow.lat)).all()
        assert ents == [("المرصد السوري", "SOHR", doc.text.index("المرصد السوري"))]
        assert quotes == [("غارة جوية شنها الطيران الحربي", "SOHR", "assertion")]
        assert dates == [("2025-05-03", "فجر أمس")] and places == [("Kafr Nabl", 35.614)]
        assert len(events) == 2
        ev = events[0]
        assert (ev["type"], ev["status"], ev["actor_id"], ev["place_name"], ev["date_start"],
                ev["fatalities"], ev["background"]) == (
            "ASSAULT", "reported", "SYR-AIRFORCE", "Kafr Nabl", "2025-05-03", 7, False)
        assert doc.text[ev["trigger_start"]:ev["trigger_end"]] == ev["trigger_text"] == "غارة"
        for span in ev["evidence"]:
            assert doc.text[span["start"]:span["end"]] == span["text"]
        assert events[1]["background"] is True


def test_same_text_twice_adds_nothing_even_respelled(db_url, scenario):
    doc = scenario["b"]
    respelled = Doc(doc.text.replace("أعلنت", "اعلنت").replace("  ", " ").replace(" ", "  ", 1)
                    .replace("الحربي", "الحربيّ"), source="مصدر آخر")
    assert dedup.text_hash(respelled.text) == dedup.text_hash(doc.text)
    with Store(db_url) as store:
        assert store.write(prepare_doc(doc))[0] == "new"
        assert store.write(prepare_doc(doc)) == ("stored", None)
        assert store.write(prepare_doc(respelled)) == ("stored", None)
        assert store.count() == 1 and store.count(EventRow) == 1


def test_near_duplicate_is_linked_to_the_first_copy(db_url, scenario):
    with Store(db_url) as store:
        first = store.write(prepare_doc(scenario["a"]))
        other = store.write(prepare_doc(scenario["c"]))
        copy = store.write(prepare_doc(scenario["f"]))
        assert first[0] == "new" and other[0] == "new"
        assert copy[0] == "duplicate"
        with store.engine.connect() as conn:
            dup_of, sim = conn.execute(
                select(Article.duplicate_of, Article.similarity).where(Article.id == copy[1])).one()
            assert conn.execute(select(Article.duplicate_of).where(Article.id == other[1])).scalar() is None
        assert dup_of == first[1] and 0.7 <= sim < 1.0
    # A fresh Store (new process) rebuilds its LSH index from the database.
    with Store(db_url) as store:
        edited = prepare_doc(Doc(scenario["f"].text + " وأكد شهود عيان الرواية.", source="ثالث"))
        outcome, aid = store.write(edited)
        assert outcome == "duplicate"
        assert query.list_articles(store.engine, search="شهود عيان")[0]["duplicate_of"] == first[1]


def _jsonl(path, rows):
    path.write_text("\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)
                              for r in rows) + "\n", encoding="utf-8")


def test_cli_ingest_counts_failures_and_is_idempotent(db_url, tmp_path, scenario_texts):
    s = scenario_texts
    src = tmp_path / "in.jsonl"
    _jsonl(src, [
        {"id": "a", "text": s.A_TEXT, "published": "2025-05-04", "source": "الشرق اليوم"},
        {"id": "b", "text": s.B_TEXT, "published": "2025-05-03", "source": "وكالة النهار"},
        "{not json",
        {"id": "e", "text": s.E_TEXT, "published": "2025-05-04"},
        {"id": "x", "title": "بلا نص"},
        {"id": "f", "text": s.F_TEXT, "published": "2025-05-04", "source": "موقع الرصيف"},
    ])
    (tmp_path / "one.txt").write_text(s.D_TEXT, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    args = ["ingest", str(src), str(tmp_path / "one.txt"), str(tmp_path / "empty.txt"),
            "--db", db_url, "--components", TEXT_COMPONENTS, "--quiet"]
    runner = CliRunner()
    first = runner.invoke(app, args)
    assert first.exit_code == 1, first.output
    out = first.output
    assert f"{src}:3" in out and "E105" in out  # malformed JSON, with file and line
    assert f"{src}:5" in out and "missing 'text'" in out
    assert "empty.txt" in out and "E101" in out
    with Store(db_url) as store:
        assert store.count() == 5
        rows = query.list_articles(store.engine, limit=None)
        assert sum(1 for r in rows if r["duplicate_of"]) == 1
        assert {r["origin"] for r in rows} >= {f"{src}:1", str(tmp_path / "one.txt")}
    # The counts row: new, already stored, near-duplicates, failed
    assert re.search(r"│\s*4\s*│\s*0\s*│\s*1\s*│\s*3\s*│", out), out
    second = runner.invoke(app, args)
    assert second.exit_code == 1  # the bad inputs are still bad
    assert re.search(r"│\s*0\s*│\s*5\s*│\s*0\s*│\s*3\s*│", second.output), second.output
    assert "Nothing new: all 5 article(s) were already stored." in second.output
    with Store(db_url) as store:
        assert store.count() == 5
    clean = runner.invoke(app, ["ingest", str(tmp_path / "one.txt"), "--db", db_url,
                                "--components", TEXT_COMPONENTS, "--quiet"])
    assert clean.exit_code == 0
    assert "Nothing new: all 1 article(s) were already stored." in clean.output


def test_cli_ingest_usage_errors(tmp_path):
    runner = CliRunner()
    r = runner.invoke(app, ["ingest", "x.txt", "--workers", "2", "--scheduler", "tcp://127.0.0.1:1",
                            "--db", f"sqlite:///{tmp_path / 'x.db'}"])
    assert r.exit_code == 2
    r = runner.invoke(app, ["ingest", "x.txt", "--published", "3/5/2025",
                            "--db", f"sqlite:///{tmp_path / 'x.db'}"])
    assert r.exit_code == 2 and "E005" in r.output


def test_default_database_is_rasd_db_in_the_current_folder(tmp_path, monkeypatch, scenario_texts):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("RASD_DB", raising=False)
    (tmp_path / "a.txt").write_text(scenario_texts.E_TEXT, encoding="utf-8")
    r = CliRunner().invoke(app, ["ingest", "a.txt", "--components", TEXT_COMPONENTS, "-q"])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "rasd.db").exists()


def test_full_pipeline_ingest_stores_whatever_the_extractors_find(tmp_path, scenario_texts):
    """With the default components (whatever their current quality), spans stay exact."""
    url = f"sqlite:///{tmp_path / 'full.db'}"
    (tmp_path / "a.txt").write_text(scenario_texts.A_TEXT, encoding="utf-8")
    r = CliRunner().invoke(app, ["ingest", str(tmp_path / "a.txt"), "--db", url,
                                 "--published", "2025-05-04", "-q"])
    assert r.exit_code == 0, r.output
    with Store(url) as store:
        doc = store.doc(1)
        doc.check_spans()
        assert doc.text == scenario_texts.A_TEXT and doc.published == "2025-05-04"
        assert {"sentences", "tokens"} <= doc.done
        assert store.count(EntityRow) == len(doc.entities)
        assert store.count(EventRow) == len(doc.events)


def test_same_text_twice_in_one_run(db_url, scenario_texts):
    from rasd.errors import Errors, RasdError
    from rasd.ingest.readers import Article
    from rasd.pipeline import Pipeline
    from rasd.store.ingest import LocalRunner, ingest_items

    class FailOnTunis:  # a component that fails on one text
        name, reads, sets = "fail_on", (), ()

        def __call__(self, doc):
            if "تونس" in doc.text:
                raise RasdError(Errors.E106, path="x", line=1, reason="boom")
            return doc

    texts = [scenario_texts.E_TEXT, "تونس - خبر لا يحلل.", scenario_texts.E_TEXT, "تونس - خبر لا يحلل."]
    arts = [Article(text=t, origin="mem", line=i) for i, t in enumerate(texts, 1)]
    with Store(db_url) as store:
        report = ingest_items(arts, store, runner=LocalRunner(Pipeline([FailOnTunis()])))
        assert (report.new, report.stored, report.failed) == (1, 1, 2)
        assert [f.line for f in report.failures] == [2, 4]
        assert store.count() == 1
