#!/usr/bin/env python3
"""Build src/rasd/web/static/geo/mena.geojson, the country outlines the web map draws.

How it was made (run once by a maintainer; the result is committed, nothing runs at serve time):

1. ``npm pack world-atlas@2`` in a temporary folder (the npm package of Natural Earth's 1:110m
   admin-0 countries as TopoJSON; Natural Earth is in the public domain);
2. read ``package/countries-110m.json`` from the tarball and decode its TopoJSON: the quantised,
   delta-encoded arcs are rebuilt with the transform, and each polygon's rings are stitched from
   its arc indexes (a negative index ~i is arc i reversed);
3. keep the polygons whose bounding box meets the Middle East, North Africa and neighbours box
   (longitude -20..65, latitude 5..45), round coordinates to 0.1 degree and drop repeated points;
4. write a GeoJSON FeatureCollection with each country's name and ISO numeric id.

    python scripts/build_world_geometry.py            # uses npm
    python scripts/build_world_geometry.py --topojson countries-110m.json
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

BBOX = (-20.0, 5.0, 65.0, 45.0)  # lon0, lat0, lon1, lat1
DIGITS = 1
OUT = Path(__file__).resolve().parents[1] / "src" / "rasd" / "web" / "static" / "geo" / "mena.geojson"


def fetch_topojson() -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", "world-atlas@2", "--silent"], cwd=tmp, check=True,
                       stdout=subprocess.DEVNULL)
        tgz = next(Path(tmp).glob("world-atlas-*.tgz"))
        with tarfile.open(tgz) as tar:
            member = tar.extractfile("package/countries-110m.json")
            if member is None:
                raise SystemExit("countries-110m.json is missing from the world-atlas package")
            return json.load(member)


def decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    """Absolute lon/lat points of every arc (undoing the quantisation and delta encoding)."""
    tr = topo.get("transform")
    arcs = []
    for arc in topo["arcs"]:
        pts = []
        x = y = 0
        for p in arc:
            if tr:
                x += p[0]
                y += p[1]
                pts.append((x * tr["scale"][0] + tr["translate"][0], y * tr["scale"][1] + tr["translate"][1]))
            else:
                pts.append((p[0], p[1]))
        arcs.append(pts)
    return arcs


def ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[tuple[float, float]]:
    out: list[tuple[float, float]] = []
    for i in indexes:
        pts = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        out.extend(pts if not out else pts[1:])  # consecutive arcs share their end point
    return out


def polygons(geom: dict, arcs) -> list[list[list[tuple[float, float]]]]:
    if geom.get("type") == "Polygon":
        return [[ring(r, arcs) for r in geom["arcs"]]]
    if geom.get("type") == "MultiPolygon":
        return [[ring(r, arcs) for r in poly] for poly in geom["arcs"]]
    return []


def meets_bbox(poly) -> bool:
    xs = [p[0] for p in poly[0]]
    ys = [p[1] for p in poly[0]]
    return not (max(xs) < BBOX[0] or min(xs) > BBOX[2] or max(ys) < BBOX[1] or min(ys) > BBOX[3])


def simplify(r: list[tuple[float, float]]) -> list[list[float]]:
    out: list[list[float]] = []
    for x, y in r:
        p = [round(x, DIGITS), round(y, DIGITS)]
        if not out or p != out[-1]:
            out.append(p)
    if out and out[0] != out[-1]:
        out.append(out[0])
    return out


def build(topo: dict) -> dict:
    arcs = decode_arcs(topo)
    feats = []
    for geom in topo["objects"]["countries"]["geometries"]:
        kept = []
        for poly in polygons(geom, arcs):
            if not meets_bbox(poly):
                continue
            rings = [simplify(r) for r in poly]
            rings = [r for r in rings if len(r) >= 4]
            if rings:
                kept.append(rings)
        if kept:
            feats.append({
                "type": "Feature", "id": geom.get("id"),
                "properties": {"name": (geom.get("properties") or {}).get("name")},
                "geometry": {"type": "MultiPolygon", "coordinates": kept},
            })
    return {"type": "FeatureCollection",
            "bbox": list(BBOX),
            "properties": {"source": "Natural Earth 1:110m admin-0 countries (public domain), "
                                     "via the npm package world-atlas@2; built by scripts/build_world_geometry.py"},
            "features": feats}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--topojson", help="a local countries-110m.json instead of npm pack")
    ap.add_argument("--output", default=str(OUT))
    args = ap.parse_args(argv)
    if args.topojson:
        topo = json.loads(Path(args.topojson).read_text(encoding="utf-8"))
    else:
        topo = fetch_topojson()
    data = build(topo)
    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {out}: {len(data['features'])} countries, {out.stat().st_size // 1024} KiB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
