"""The REST API over a real SQLite database built by ``rasd ingest`` (see conftest.py)."""

from __future__ import annotations

import json

from rasd.doc import Doc

TOKEN = "s3cret-token-for-tests"


def _err(r, status: int, code: str) -> dict:
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"error"}
    assert body["error"]["status"] == status
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    return body["error"]


def _article_id(client, doc_id: str) -> int:
    items = client.get("/api/articles", params={"limit": 100}).json()["items"]
    return next(a["id"] for a in items if a["doc_id"] == doc_id)


def test_stats(client):
    s = client.get("/api/stats").json()
    assert s["articles"] == 4
    assert s["incidents"] >= 2
    assert s["writable"] is False


def test_articles_paginate(client):
    first = client.get("/api/articles", params={"limit": 3}).json()
    assert first["total"] == 4 and len(first["items"]) == 3 and first["next_offset"] == 3
    rest = client.get("/api/articles", params={"limit": 3, "offset": 3}).json()
    assert len(rest["items"]) == 1 and rest["next_offset"] is None
    ids = {a["id"] for a in first["items"]} | {a["id"] for a in rest["items"]}
    assert len(ids) == 4
    assert "doc" not in first["items"][0] and "snippet" in first["items"][0]


def test_search_ignores_diacritics_hamza_alef(client):
    def found(q):
        return {a["doc_id"] for a in client.get("/api/articles", params={"q": q}).json()["items"]}

    # the text writes "شنّ" (shadda), "إصابة" (hamza below, ta marbuta), "أيار"
    assert found("شن الطيران") == {"web-lebanon-strike"}
    assert found("اصابه") == {"web-lebanon-strike"}
    assert found("غَارَة") >= {"web-lebanon-strike", "web-lebanon-strike-2"}
    assert found("ايار") == {"web-lebanon-strike-2"}
    assert found("المتظاهرين") == {"web-sudan-protest"}
    assert found("كلمة لا ترد") == set()


def test_article_detail_has_every_layer(client):
    aid = _article_id(client, "web-lebanon-strike")
    art = client.get(f"/api/articles/{aid}").json()
    doc = art["doc"]
    for layer in ("entities", "dates", "places", "quotes", "events", "sentences"):
        assert layer in doc
    assert doc["events"] and doc["quotes"] and doc["dates"] and doc["places"]
    Doc.from_dict(doc).check_spans()
    assert art["source"] == "وكالة الأنباء الوطنية"


def test_incident_filters(client):
    allinc = client.get("/api/incidents").json()
    assert allinc["total"] == len(allinc["items"]) >= 2
    assault = client.get("/api/incidents", params={"type": "assault"}).json()
    assert assault["total"] == 1
    inc = assault["items"][0]
    assert inc["n_reports"] == 2 and inc["n_outlets"] == 2
    assert {r["outlet"] for r in inc["reports"]} == {"وكالة الأنباء الوطنية", "صحيفة النهار"}
    assert client.get("/api/incidents", params={"country": "LB"}).json()["total"] == 1
    assert client.get("/api/incidents", params={"country": "SD", "type": "ASSAULT"}).json()["total"] == 0
    assert client.get("/api/incidents", params={"since": "2025-05-01"}).json()["total"] == 1
    assert client.get("/api/incidents", params={"until": "2025-03-31"}).json()["total"] >= 1
    assert all(i["date_start"] <= "2025-03-31"
               for i in client.get("/api/incidents", params={"until": "2025-03-31"}).json()["items"])
    status = inc["status"]
    assert all(i["status"] == status for i in
               client.get("/api/incidents", params={"status": status}).json()["items"])
    one = client.get(f"/api/incidents/{inc['id']}").json()
    assert one["id"] == inc["id"] and len(one["reports"]) == 2
    assert all(r["evidence"] for r in one["reports"])


def test_events_and_paging(client):
    ev = client.get("/api/events", params={"limit": 1}).json()
    assert ev["total"] >= 3 and len(ev["items"]) == 1 and ev["next_offset"] == 1
    assert client.get("/api/events", params={"type": "PROTEST"}).json()["items"][0]["type"] == "PROTEST"


def test_actors_quotes_graph_timeline(client):
    actors = client.get("/api/actors").json()["items"]
    assert actors and all("latin" in a for a in actors)
    quotes = client.get("/api/quotes").json()["items"]
    assert any("خرق" in (q["content_text"] or "") for q in quotes)
    g = client.get("/api/graph").json()
    ids = {n["id"] for n in g["nodes"]}
    assert g["edges"] and all(e["source"] in ids and e["target"] in ids for e in g["edges"])
    assert {e["kind"] for e in g["edges"]} <= {"acted", "quoted"}
    t = client.get("/api/timeline").json()
    assert "ASSAULT" in t["types"]
    assert sum(sum(b["counts"].values()) for b in t["buckets"]) == client.get("/api/incidents").json()["total"]
    t2 = client.get("/api/timeline", params={"type": "PROTEST"}).json()
    assert t2["types"] == ["PROTEST"]


def test_exports_follow_the_filter(client):
    r = client.get("/api/export/incidents.csv", params={"type": "ASSAULT"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    lines = r.text.strip().splitlines()
    assert lines[0].startswith("event_id_cnty,event_date") and len(lines) == 2
    r = client.get("/api/export/incidents.jsonl")
    recs = [json.loads(x) for x in r.text.strip().splitlines()]
    assert len(recs) == client.get("/api/incidents").json()["total"]
    gj = client.get("/api/export/incidents.geojson", params={"type": "PROTEST"}).json()
    assert gj["type"] == "FeatureCollection" and len(gj["features"]) == 1
    assert client.get("/api/export/events.jsonl").status_code == 200
    _err(client.get("/api/export/incidents.parquet"), 422, "E605")
    _err(client.get("/api/export/users.csv"), 404, "E701")


def test_error_envelope(client):
    _err(client.get("/api/articles/99999"), 404, "E701")
    _err(client.get("/api/incidents/inc-nope"), 404, "E701")
    _err(client.get("/api/no/such/path"), 404, "E701")
    _err(client.get("/api/incidents", params={"since": "2025-13-45"}), 422, "E606")
    assert "until" in _err(client.get("/api/articles", params={"until": "soon"}), 422, "E606")["message"]
    e = _err(client.get("/api/incidents", params={"limit": 0}), 422, "E703")
    assert e["details"][0]["loc"] == ["query", "limit"]
    _err(client.get("/api/articles/abc"), 422, "E703")
    _err(client.delete("/api/articles/1"), 405, "E708")
    # HTML pages show the same error fields to a browser
    r = client.get("/articles/99999", headers={"accept": "text/html"})
    assert r.status_code == 404 and "E701" in r.text and r.headers["content-type"].startswith("text/html")


def test_openapi(client):
    spec = client.get("/openapi.json").json()
    for path in ("/api/articles", "/api/articles/{article_id}", "/api/actors", "/api/quotes",
                 "/api/events", "/api/incidents", "/api/incidents/{incident_id}"):
        assert path in spec["paths"]
    names = {p["name"] for p in spec["paths"]["/api/incidents"]["get"]["parameters"]}
    assert {"since", "until", "type", "actor", "country", "status", "limit", "offset"} <= names
    docs = client.get("/api/docs")
    assert docs.status_code == 200 and "/api/incidents" in docs.text


def test_ingest_is_refused_without_a_configured_token(client):
    _err(client.post("/api/articles", json={"text": "نص"}), 403, "E706")
    _err(client.post("/api/articles", json={"text": "نص"}, headers={"authorization": f"Bearer {TOKEN}"}),
         403, "E706")
    assert client.get("/api/stats").json()["articles"] == 4


def test_ingest_with_token(writable_client):
    c = writable_client
    body = {"text": "دمشق - سانا: أعلنت وزارة الدفاع السورية اليوم الأحد أنها أسقطت طائرة مسيّرة قرب مدينة حماة.",
            "title": "إسقاط مسيّرة", "source": "سانا", "published": "2025-06-01", "id": "api-1"}
    r = c.post("/api/articles", json=body)
    _err(r, 401, "E704")
    assert r.headers["www-authenticate"] == "Bearer"
    _err(c.post("/api/articles", json=body, headers={"authorization": "Bearer wrong"}), 403, "E705")
    _err(c.post("/api/articles", json=body, headers={"authorization": f"Basic {TOKEN}"}), 401, "E704")
    assert c.get("/api/stats").json()["articles"] == 4
    r = c.post("/api/articles", json=body, headers={"authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 201, r.text
    assert r.json()["outcome"] == "new"
    assert c.get("/api/stats").json()["articles"] == 5
    found = c.get("/api/articles", params={"q": "حماه"}).json()["items"]
    assert [a["doc_id"] for a in found] == ["api-1"]
    again = c.post("/api/articles", json=body, headers={"authorization": f"Bearer {TOKEN}"})
    assert again.json()["outcome"] == "stored"
    _err(c.post("/api/articles", json={"title": "no text"}, headers={"authorization": f"Bearer {TOKEN}"}),
         422, "E703")
    _err(c.post("/api/articles", json={"text": "نص", "published": "yesterday"},
                headers={"authorization": f"Bearer {TOKEN}"}), 422, "E703")


def test_body_size_limit(writable_client):
    c = writable_client
    big = {"text": "خبر " * 10_000}
    _err(c.post("/api/articles", json=big, headers={"authorization": f"Bearer {TOKEN}"}), 413, "E702")

    def chunks():  # no Content-Length: the limit still holds on the streamed body
        for _ in range(50):
            yield b"x" * 1000

    r = c.post("/api/articles", content=chunks(), headers={"authorization": f"Bearer {TOKEN}",
                                                           "content-type": "application/json"})
    _err(r, 413, "E702")
    assert c.get("/api/stats").json()["articles"] == 4
