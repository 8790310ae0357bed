"""Incidents: reports of the same occurrence merged across outlets, status derived from the
reports, ACLED's conservative fatality rule, deterministic re-runs."""

from __future__ import annotations

import datetime as dt

import pytest

from rasd.store import incidents, query
from rasd.store.db import Store


def _by_type(rows):
    out = {}
    for r in rows:
        out.setdefault(r["type"], []).append(r)
    return out


def test_reports_of_one_strike_become_one_incident(db_url, scenario, write_docs):
    outcomes = write_docs(db_url, scenario)
    assert outcomes["f"][0] == "duplicate"
    with Store(db_url) as store:
        assert incidents.rebuild(store.engine) == 3
        rows = query.list_incidents(store.engine, limit=None)
    by_type = _by_type(rows)
    assert len(by_type["PROTEST"]) == 1  # another type at the same place and time stays apart
    strikes = sorted(by_type["ASSAULT"], key=lambda r: -r["n_reports"])
    assert len(strikes) == 2  # Aleppo (70 km away) is a different incident; background never is one
    kafr, aleppo = strikes
    assert aleppo["place_name"] == "Aleppo" and aleppo["n_reports"] == 1
    # A, B (the actor's claim) and C; not F (a syndicated copy of A) and not A's background raid.
    assert kafr["n_reports"] == 3 and kafr["n_outlets"] == 3
    assert sorted(r["outlet"] for r in kafr["reports"]) == sorted(["الشرق اليوم", "وكالة النهار", "صحيفة الغد"])
    assert "موقع الرصيف" not in kafr["outlets"]
    assert kafr["status"] == "claimed"
    assert kafr["summary"] == "claimed by the actor; reported by 3 outlets in 3 reports"
    assert kafr["statuses"] == {"claimed": 1, "reported": 2}
    # ACLED's conservative rule: the lowest figure, every figure kept.
    assert kafr["fatalities"] == 7
    assert sorted(r["fatalities"] for r in kafr["fatalities_reported"]) == [7, 9]
    # Dated from the reports that give a date of their own (C only has its publication date).
    assert (kafr["date_start"], kafr["date_end"], kafr["date_precision"]) == ("2025-05-03", "2025-05-03", "day")
    assert kafr["actor_id"] == "SYR-AIRFORCE"
    assert kafr["target_name"] == "مدنيين"  # the independent reports' target, not the claim's
    for rep in kafr["reports"]:
        assert rep["evidence"] and rep["trigger"]["text"] in rep["evidence"][0]["text"]
        assert rep["status"] in ("claimed", "reported")


def test_rebuild_is_deterministic_and_independent_of_ingest_order(db_url, tmp_path, scenario, write_docs):
    write_docs(db_url, scenario)
    with Store(db_url) as store:
        incidents.rebuild(store.engine)
        first = query.list_incidents(store.engine, limit=None)
        incidents.rebuild(store.engine)
        second = query.list_incidents(store.engine, limit=None)

    def key(rows):
        return sorted((r["id"], r["status"], r["fatalities"], tuple(sorted(x["event_uid"] for x in r["reports"])))
                      for r in rows)

    assert key(first) == key(second)
    other = f"sqlite:///{tmp_path / 'reversed.db'}"
    write_docs(other, dict(reversed([(k, v) for k, v in scenario.items() if k != "f"])))
    with Store(other) as store:
        incidents.rebuild(store.engine)
        third = query.list_incidents(store.engine, limit=None)
    assert key(third) == key(first)


def test_ingest_rebuilds_incidents_automatically(db_url, tmp_path, scenario_texts):
    from rasd.doc import Event
    from rasd.ingest.readers import Article
    from rasd.pipeline import Pipeline
    from rasd.store.ingest import LocalRunner, ingest_items

    class OneEvent:  # an ASSAULT on the first word of every article, dated by publication
        name, reads, sets = "one_event", (), ("events",)

        def __call__(self, doc):
            end = doc.text.index(" ")
            doc.events.append(Event(type="ASSAULT", trigger=doc.span(0, end)))
            return doc

    arts = [Article(text=t, published="2025-05-04", source=s, origin="mem")
            for t, s in ((scenario_texts.A_TEXT, "x"), (scenario_texts.C_TEXT, "y"))]
    with Store(db_url) as store:
        report = ingest_items(arts, store, runner=LocalRunner(Pipeline([OneEvent()])))
        assert (report.new, report.incidents) == (2, 2)  # nothing but type and date: never merged
        again = ingest_items(arts, store, runner=LocalRunner(Pipeline([OneEvent()])))
        assert (again.new, again.stored, again.incidents) == (0, 2, None)


def _ev(uid, **kw):
    base = dict(id=hash(uid) % 1000, uid=uid, article_id=hash(uid) % 100, type="ASSAULT", mode=None,
                status="reported", actor_name=None, actor_id=None, actor_kind=None, target_name=None,
                target_id=None, target_kind=None, place_name=None, country=None, admin1=None, lat=None,
                lon=None, geo_precision=None, start=dt.date(2025, 5, 3), end=dt.date(2025, 5, 3),
                date_inferred=False, precision="day", fatalities=None, outlet=uid, url=None,
                published=None, trigger=None, evidence=[], acled=None)
    base.update(kw)
    ev = incidents.Ev(**base)
    ev.actor_key = incidents._key(ev.actor_id, ev.actor_name)
    ev.target_key = incidents._key(ev.target_id, ev.target_name)
    ev.place_key = ev.place_name
    return ev


@pytest.mark.parametrize("b_kw, merged", [
    (dict(), True),
    (dict(start=dt.date(2025, 5, 4), end=dt.date(2025, 5, 4)), True),  # within the 1-day window
    (dict(start=dt.date(2025, 5, 6), end=dt.date(2025, 5, 6)), False),
    (dict(start=dt.date(2025, 5, 1), end=dt.date(2025, 5, 31), precision="month"), True),  # overlaps
    (dict(type="PROTEST"), False),
    (dict(actor_id="OTHER"), False),  # two different actor ids conflict
    (dict(lat=33.51, lon=36.29), False),  # Homs vs Damascus, ~140 km, at town precision
    (dict(lat=34.73, lon=37.9, geo_precision=3), True),  # ~110 km, but one is a region (150 km)
    (dict(lat=34.73, lon=40.0, geo_precision=3), False),  # ~300 km
    (dict(country="LB", lat=None, lon=None), False),  # different countries never merge
])
def test_compatibility_rules(b_kw, merged):
    a = _ev("a", actor_id="ACT", lat=34.73, lon=36.71, geo_precision=1, country="SY")
    b = _ev("b", **{**dict(actor_id="ACT", lat=34.74, lon=36.72, geo_precision=1, country="SY"), **b_kw})
    assert incidents.compatible(a, b) is merged


def test_nothing_in_common_but_type_and_date_is_not_merged():
    assert not incidents.compatible(_ev("a"), _ev("b"))
    assert incidents.compatible(_ev("a", place_name="kafr"), _ev("b", place_name="kafr"))


def test_complete_linkage_and_status_derivation():
    # Town precision (25 km): c is near b but too far from a, so it is not chained in.
    a = _ev("a", lat=34.0, lon=36.0, geo_precision=1, status="claimed", fatalities=4)
    b = _ev("b", lat=34.1, lon=36.0, geo_precision=1, status="denied", fatalities=None)  # 11 km
    c = _ev("c", lat=34.3, lon=36.0, geo_precision=1, status="reported")  # 22 km from b, 33 from a
    groups = incidents.cluster([c, b, a])
    assert [[e.uid for e in g] for g in groups] == [["a", "b"], ["c"]]
    inc, reps = incidents.build_incident(groups[0])
    assert inc["status"] == "disputed" and "denied in 1 report" in inc["summary"]
    assert inc["fatalities"] == 4 and len(reps) == 2
    assert incidents.derive_status(["confirmed", "reported"], 2, 2)[0] == "confirmed"
    assert incidents.derive_status(["denied"], 1, 1)[0] == "denied"
    assert incidents.derive_status(["planned", "planned"], 2, 2)[0] == "planned"
    assert incidents.derive_status(["reported", "reported"], 2, 2) == (
        "reported", "reported by 2 outlets in 2 reports")
