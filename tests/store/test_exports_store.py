"""Query and export: `rasd events` / `rasd incidents` filters, ACLED CSV, PLOVER JSONL, GeoJSON,
Parquet; the query API the web app will use."""

from __future__ import annotations

import csv
import io
import json

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from rasd.cli import app
from rasd.store import exports, incidents, query
from rasd.store.db import Store


@pytest.fixture
def filled(db_url, scenario, write_docs):
    write_docs(db_url, scenario)
    with Store(db_url) as store:
        incidents.rebuild(store.engine)
    return db_url


def _cli(*args):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "200"})


def test_acled_csv_of_incidents(filled):
    r = _cli("incidents", "--db", filled, "--format", "csv", "--type", "ASSAULT")
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert tuple(rows[0].keys()) == exports.ACLED_COLUMNS
    kafr = next(x for x in rows if x["location"] == "Kafr Nabl")
    assert kafr["event_id_cnty"].startswith("SYR-inc-")
    assert (kafr["event_date"], kafr["year"], kafr["time_precision"]) == ("2025-05-03", "2025", "1")
    assert (kafr["disorder_type"], kafr["event_type"], kafr["sub_event_type"]) == (
        "Political violence", "Explosions/Remote violence", "Air/drone strike")
    assert (kafr["actor1"], kafr["inter1"], kafr["actor2"], kafr["inter2"]) == (
        "الطيران الحربي", "State forces", "مدنيين", "Civilians")
    assert kafr["interaction"] == "State forces-Civilians"
    assert kafr["civilian_targeting"] == "Civilian targeting"
    assert (kafr["iso"], kafr["region"], kafr["country"]) == ("760", "Middle East", "Syria")
    assert (kafr["latitude"], kafr["longitude"], kafr["geo_precision"]) == ("35.614", "36.561", "1")
    assert kafr["source"] == "الشرق اليوم; صحيفة الغد; وكالة النهار"
    assert kafr["fatalities"] == "7" and "claimed" in kafr["tags"]
    assert "كفرنبل" in kafr["notes"] and kafr["timestamp"].isdigit()
    for empty in ("assoc_actor_1", "assoc_actor_2", "admin2", "admin3", "source_scale"):
        assert kafr[empty] == ""


def test_plover_jsonl_of_events_with_offsets(filled, scenario):
    r = _cli("events", "--db", filled, "--format", "jsonl", "--actor", "SYR-AIRFORCE")
    assert r.exit_code == 0, r.output
    recs = [json.loads(line) for line in r.stdout.splitlines()]
    keys = {"id", "date", "actor", "recipient", "event", "mode", "context", "event_loc", "event_text",
            "text_info", "cite_info"}
    assert recs and all(keys <= set(x) for x in recs)
    # A (its syndicated copy F is left out), B and D; not background events
    assert len(recs) == 3
    texts = {d.text: d for d in scenario.values()}
    for rec in recs:
        info = rec["text_info"]
        src_text = next(t for t in texts if rec["event_text"] in t)
        trig = info["trigger"]
        assert src_text[trig["start"]:trig["end"]] == trig["text"]
        assert rec["event"] == "ASSAULT" and rec["actor"] == "الطيران الحربي"
        assert rec["cite_info"]["source"] in ("الشرق اليوم", "وكالة النهار")


def test_geojson_one_feature_per_incident(filled, tmp_path):
    out = tmp_path / "inc.geojson"
    r = _cli("incidents", "--db", filled, "--format", "geojson", "--output", str(out))
    assert r.exit_code == 0, r.output
    gj = json.loads(out.read_text(encoding="utf-8"))
    assert gj["type"] == "FeatureCollection" and len(gj["features"]) == 3
    kafr = next(f for f in gj["features"] if f["properties"]["location"] == "Kafr Nabl"
                and f["properties"]["plover_type"] == "ASSAULT")
    assert kafr["geometry"] == {"type": "Point", "coordinates": [36.561, 35.614]}
    assert kafr["properties"]["n_reports"] == 3 and kafr["id"].startswith("inc-")


def test_parquet_events_and_incidents(filled, tmp_path):
    for kind in ("events", "incidents"):
        out = tmp_path / f"{kind}.parquet"
        r = _cli(kind, "--db", filled, "--format", "parquet", "--output", str(out))
        assert r.exit_code == 0, r.output
        table = pq.read_table(out)
        assert table.column_names == list(exports.ACLED_COLUMNS + exports.RASD_COLUMNS)
        assert table.num_rows == (5 if kind == "events" else 3)
        fat = table.column("fatalities").to_pylist()
        assert 7 in fat and 3 in fat
    r = _cli("events", "--db", filled, "--format", "parquet")
    assert r.exit_code == 2 and "--output" in r.output


def test_filters(filled):
    with Store(filled) as store:
        e = store.engine
        assert len(query.list_events(e, limit=None)) == 5  # background and near-duplicates left out
        assert query.count_events(e) == 5 and query.count_events(e, query.Filters(type="PROTEST")) == 1
        assert query.count_incidents(e) == 3
        assert query.count_incidents(e, query.Filters(status="claimed", country="SY")) == 1
        assert len(query.list_events(e, limit=None, include_duplicates=True)) == 6
        assert len(query.list_events(e, query.Filters(type="protest"), limit=None)) == 1
        assert len(query.list_events(e, query.Filters(status="claimed"), limit=None)) == 1
        assert len(query.list_events(e, query.Filters(since="2025-05-04"), limit=None)) == 1  # C
        assert len(query.list_events(e, query.Filters(until="2025-05-03"), limit=None)) == 4
        assert len(query.list_events(e, query.Filters(country="SY"), limit=None)) == 5
        assert len(query.list_events(e, query.Filters(country="YE"), limit=None)) == 0
        assert len(query.list_events(e, query.Filters(actor="مدنيين"), limit=None)) == 1  # as target
        # LIKE wildcards in a filter value match themselves, not everything
        assert len(query.list_events(e, query.Filters(actor="%"), limit=None)) == 0
        assert len(query.list_events(e, query.Filters(country="_"), limit=None)) == 0
        page1 = query.list_events(e, limit=2)
        page2 = query.list_events(e, limit=2, offset=2)
        assert len(page1) == 2 and not {x["uid"] for x in page1} & {x["uid"] for x in page2}
        assert len(query.list_incidents(e, query.Filters(status="claimed"))) == 1
        inc = query.list_incidents(e, query.Filters(status="claimed"))[0]
        assert query.get_incident(e, inc["id"])["n_reports"] == 3
        assert query.get_incident(e, "inc-none") is None
        # Folded search: another spelling of the same words still matches.
        assert len(query.list_articles(e, search="الاشخاص")) == 0
        assert len(query.list_articles(e, search="تسعة اشخاص")) == 1
        assert query.get_article(e, 1)["doc"]["schema"] == "rasd.document/1"
        actors = query.list_actors(e)
        assert (actors[0]["actor_id"], actors[0]["mentions"], actors[0]["articles"]) == ("SOHR", 1, 1)
        assert query.list_quotes(e, speaker="SOHR")[0]["content_text"] == "غارة جوية شنها الطيران الحربي"
        st = query.stats(e)
        assert (st["articles"], st["duplicates"], st["incidents"]) == (7, 1, 3)


def test_cli_table_and_bad_options(filled):
    r = _cli("incidents", "--db", filled, "--status", "claimed")
    assert r.exit_code == 0 and "1 incidents" in r.stdout and "Kafr" in r.stdout
    assert _cli("events", "--db", filled, "--since", "May 3").exit_code == 2
    assert _cli("events", "--db", filled, "--format", "xml").exit_code == 2
    r = _cli("incidents", "--db", filled, "--rebuild", "--format", "jsonl")
    assert r.exit_code == 0 and len(r.stdout.splitlines()) == 3


def test_acled_type_mapping():
    t = exports.acled_types
    assert t("COERCE", "arrest", None, None, {"event_type": "Strategic developments", "sub_event_type": "Arrests"}) == (
        "Strategic developments", "Strategic developments", "Arrests")
    assert t("ASSAULT", None, None, "civilians", {"event_type": "Violence against civilians",
                                                  "sub_event_type": "Attack"})[0] == "Political violence"
    assert t("ASSAULT", "shelling", None, None, None) == (
        "Political violence", "Explosions/Remote violence", "Shelling/artillery/missile attack")
    assert t("ASSAULT", None, None, None, None) == ("Political violence", "", "")
    assert t("PROTEST", None, None, None, None) == ("Demonstrations", "Protests", "")
    assert t("CONSULT", None, None, None, None) == ("", "", "")  # no ACLED equivalent
    assert exports.inter_label("armed group") == "Rebel group"
    assert exports.inter_label("security forces") == "State forces"
    assert exports.inter_label("news agency") == "" == exports.inter_label("party")
    assert exports.inter_label("intergovernmental body") == "External/Other forces"
    assert exports.inter_label("police/security") == "State forces" == exports.inter_label("ministry")
    assert exports.inter_label("militia") == "Political militia"
    assert exports.inter_label("NGO") == "Civilians"
    assert exports.interaction("Civilians", "State forces") == "State forces-Civilians"
    assert exports.country_info("IQ")["iso3"] == "IRQ" == exports.country_info("Iraq")["iso3"]
    assert exports.country_info("Atlantis") == {}
