"""Generate ``src/rasd/resources/actors/states.yaml``: the state actors (government, armed forces,
ministries of foreign affairs, defence, interior and health, police and intelligence) of the
Arab League states, Iran, Israel, Turkey, the US, Russia, the main EU states and the UK, and a
few other states often in Arabic news (China, Ukraine, Pakistan, Afghanistan, Ethiopia).

The table below is the source of truth for that file; edit it here and run

    .venv/bin/python scripts/build_actor_states.py

Facts only: names of state bodies and the Arabic forms news media use for them.
"""

from __future__ import annotations

from pathlib import Path

import yaml

OUT = Path(__file__).resolve().parents[1] / "src" / "rasd" / "resources" / "actors" / "states.yaml"

# iso2, English name, Arabic country names (first = canonical), feminine adjectives (first =
# canonical), masculine adjectives, English adjective.
STATES = [
    ("DZ", "Algeria", ["الجزائر"], ["الجزائرية"], ["الجزائري"], "Algerian"),
    ("BH", "Bahrain", ["البحرين"], ["البحرينية"], ["البحريني"], "Bahraini"),
    ("KM", "Comoros", ["جزر القمر"], ["القمرية"], ["القمري"], "Comorian"),
    ("DJ", "Djibouti", ["جيبوتي"], ["الجيبوتية"], ["الجيبوتي"], "Djiboutian"),
    ("EG", "Egypt", ["مصر"], ["المصرية"], ["المصري"], "Egyptian"),
    ("IQ", "Iraq", ["العراق"], ["العراقية"], ["العراقي"], "Iraqi"),
    ("JO", "Jordan", ["الأردن"], ["الأردنية"], ["الأردني"], "Jordanian"),
    ("KW", "Kuwait", ["الكويت"], ["الكويتية"], ["الكويتي"], "Kuwaiti"),
    ("LB", "Lebanon", ["لبنان"], ["اللبنانية"], ["اللبناني"], "Lebanese"),
    ("LY", "Libya", ["ليبيا"], ["الليبية"], ["الليبي"], "Libyan"),
    ("MR", "Mauritania", ["موريتانيا"], ["الموريتانية"], ["الموريتاني"], "Mauritanian"),
    ("MA", "Morocco", ["المغرب"], ["المغربية"], ["المغربي"], "Moroccan"),
    ("OM", "Oman", ["سلطنة عمان", "عمان"], ["العمانية"], ["العماني"], "Omani"),
    ("PS", "Palestine", ["فلسطين"], ["الفلسطينية"], ["الفلسطيني"], "Palestinian"),
    ("QA", "Qatar", ["قطر"], ["القطرية"], ["القطري"], "Qatari"),
    ("SA", "Saudi Arabia", ["السعودية", "المملكة العربية السعودية"], ["السعودية"], ["السعودي"], "Saudi"),
    ("SO", "Somalia", ["الصومال"], ["الصومالية"], ["الصومالي"], "Somali"),
    ("SD", "Sudan", ["السودان"], ["السودانية"], ["السوداني"], "Sudanese"),
    ("SY", "Syria", ["سوريا", "سورية"], ["السورية"], ["السوري"], "Syrian"),
    ("TN", "Tunisia", ["تونس"], ["التونسية"], ["التونسي"], "Tunisian"),
    ("AE", "United Arab Emirates", ["الإمارات", "دولة الإمارات", "الإمارات العربية المتحدة"],
     ["الإماراتية"], ["الإماراتي"], "Emirati"),
    ("YE", "Yemen", ["اليمن"], ["اليمنية"], ["اليمني"], "Yemeni"),
    ("IR", "Iran", ["إيران"], ["الإيرانية"], ["الإيراني"], "Iranian"),
    ("IL", "Israel", ["إسرائيل"], ["الإسرائيلية"], ["الإسرائيلي"], "Israeli"),
    ("TR", "Turkey", ["تركيا"], ["التركية"], ["التركي"], "Turkish"),
    ("US", "United States", ["الولايات المتحدة", "أمريكا", "أميركا", "الولايات المتحدة الأمريكية"],
     ["الأمريكية", "الأميركية"], ["الأمريكي", "الأميركي"], "US"),
    ("RU", "Russia", ["روسيا", "روسيا الاتحادية"], ["الروسية"], ["الروسي"], "Russian"),
    ("GB", "United Kingdom", ["بريطانيا", "المملكة المتحدة"], ["البريطانية"], ["البريطاني"], "British"),
    ("FR", "France", ["فرنسا"], ["الفرنسية"], ["الفرنسي"], "French"),
    ("DE", "Germany", ["ألمانيا"], ["الألمانية"], ["الألماني"], "German"),
    ("IT", "Italy", ["إيطاليا"], ["الإيطالية"], ["الإيطالي"], "Italian"),
    ("ES", "Spain", ["إسبانيا"], ["الإسبانية"], ["الإسباني"], "Spanish"),
    ("NL", "Netherlands", ["هولندا"], ["الهولندية"], ["الهولندي"], "Dutch"),
    ("BE", "Belgium", ["بلجيكا"], ["البلجيكية"], ["البلجيكي"], "Belgian"),
    ("SE", "Sweden", ["السويد"], ["السويدية"], ["السويدي"], "Swedish"),
    ("GR", "Greece", ["اليونان"], ["اليونانية"], ["اليوناني"], "Greek"),
    ("CN", "China", ["الصين"], ["الصينية"], ["الصيني"], "Chinese"),
    ("UA", "Ukraine", ["أوكرانيا"], ["الأوكرانية"], ["الأوكراني"], "Ukrainian"),
    ("PK", "Pakistan", ["باكستان"], ["الباكستانية"], ["الباكستاني"], "Pakistani"),
    ("AF", "Afghanistan", ["أفغانستان"], ["الأفغانية"], ["الأفغاني"], "Afghan"),
    ("ET", "Ethiopia", ["إثيوبيا"], ["الإثيوبية"], ["الإثيوبي"], "Ethiopian"),
]

# Named intelligence / security services: iso2 -> list of (suffix id, name_ar, name_en, aliases).
NAMED_SECURITY = {
    "IQ": [("INIS", "جهاز المخابرات الوطني العراقي", "Iraqi National Intelligence Service",
            [("جهاز المخابرات العراقي", "variant"), ("المخابرات العراقية", "short")]),
           ("CTS", "جهاز مكافحة الإرهاب العراقي", "Iraqi Counter-Terrorism Service",
            [("جهاز مكافحة الإرهاب", "short")])],
    "LB": [("GS", "المديرية العامة للأمن العام اللبناني", "Lebanese General Directorate of General Security",
            [("الأمن العام اللبناني", "short")]),
           ("ISF", "قوى الأمن الداخلي اللبنانية", "Lebanese Internal Security Forces",
            [("قوى الأمن الداخلي", "short")])],
    "JO": [("GID", "دائرة المخابرات العامة الأردنية", "Jordanian General Intelligence Directorate",
            [("دائرة المخابرات العامة", "short"), ("المخابرات الأردنية", "short")]),
           ("PSD", "مديرية الأمن العام الأردنية", "Jordanian Public Security Directorate",
            [("مديرية الأمن العام", "short")])],
    "EG": [("GIS", "جهاز المخابرات العامة المصرية", "Egyptian General Intelligence Service",
            [("المخابرات المصرية", "short"), ("المخابرات العامة المصرية", "short")]),
           ("NSA", "جهاز الأمن الوطني المصري", "Egyptian National Security Agency",
            [("الأمن الوطني المصري", "short")])],
    "SA": [("GIP", "رئاسة الاستخبارات العامة السعودية", "Saudi General Intelligence Presidency",
            [("الاستخبارات السعودية", "short")]),
           ("SSP", "رئاسة أمن الدولة السعودية", "Saudi Presidency of State Security",
            [("رئاسة أمن الدولة", "short")])],
    "IL": [("MOSSAD", "جهاز الموساد", "Mossad",
            [("الموساد", "short"), ("الموساد الإسرائيلي", "variant")]),
           ("SHINBET", "جهاز الأمن العام الإسرائيلي", "Shin Bet (Israel Security Agency)",
            [("الشاباك", "acronym"), ("الشين بيت", "variant"), ("جهاز الشاباك", "variant")]),
           ("BORDERPOL", "حرس الحدود الإسرائيلي", "Israel Border Police", [])],
    "IR": [("IRGC", "الحرس الثوري الإيراني", "Islamic Revolutionary Guard Corps",
            [("الحرس الثوري", "short"), ("حرس الثورة الإسلامية", "variant"), ("الباسدران", "variant")]),
           ("QUDS", "فيلق القدس", "IRGC Quds Force", [("فيلق القدس الإيراني", "variant")]),
           ("BASIJ", "قوات التعبئة (الباسيج)", "Basij", [("الباسيج", "short"), ("قوات الباسيج", "variant")])],
    "TR": [("MIT", "جهاز الاستخبارات التركي", "Turkish National Intelligence Organization (MIT)",
            [("الاستخبارات التركية", "short"), ("المخابرات التركية", "variant")]),
           ("JANDARMA", "قوات الدرك التركية", "Turkish Gendarmerie", [("الدرك التركي", "variant")])],
    "US": [("CIA", "وكالة الاستخبارات المركزية الأمريكية", "Central Intelligence Agency",
            [("وكالة المخابرات المركزية", "variant"), ("سي آي إيه", "acronym"), ("الاستخبارات الأمريكية", "short")]),
           ("FBI", "مكتب التحقيقات الفيدرالي", "Federal Bureau of Investigation",
            [("مكتب التحقيقات الفدرالي", "variant"), ("إف بي آي", "acronym")]),
           ("CENTCOM", "القيادة المركزية الأمريكية", "US Central Command",
            [("القيادة المركزية الأميركية", "variant"), ("سنتكوم", "acronym")]),
           ("AFRICOM", "القيادة الأمريكية في أفريقيا", "US Africa Command", [("أفريكوم", "acronym")])],
    "RU": [("FSB", "جهاز الأمن الفيدرالي الروسي", "Federal Security Service of Russia",
            [("الأمن الفيدرالي الروسي", "short")]),
           ("SVR", "جهاز الاستخبارات الخارجية الروسي", "Foreign Intelligence Service of Russia", [])],
    "GB": [("MI6", "جهاز الاستخبارات السرية البريطاني", "Secret Intelligence Service (MI6)",
            [("إم آي 6", "acronym")])],
    "FR": [("DGSE", "المديرية العامة للأمن الخارجي الفرنسية", "DGSE (France)", [])],
    "SY": [("GSD", "جهاز الأمن العام السوري", "Syrian General Security Service", [("الأمن العام السوري", "short")])],
    "SD": [("GIS", "جهاز المخابرات العامة السوداني", "Sudanese General Intelligence Service",
            [("المخابرات السودانية", "short")])],
    "YE": [("CG", "خفر السواحل اليمنية", "Yemeni Coast Guard", [])],
}

# Metonyms and other descriptive names for a state's executive (kept with their kind).
GOV_EXTRA = {
    "US": [("البيت الأبيض", "descriptive"), ("الإدارة الأمريكية", "descriptive")],
    "RU": [("الكرملين", "descriptive")],
    "GB": [("داونينغ ستريت", "descriptive")],
    "FR": [("الإليزيه", "descriptive"), ("قصر الإليزيه", "descriptive")],
    "IL": [("الكيان الصهيوني", "loaded"), ("العدو الصهيوني", "loaded"), ("العدو الإسرائيلي", "loaded"),
           ("الاحتلال", "loaded"), ("الاحتلال الإسرائيلي", "descriptive"), ("سلطات الاحتلال", "loaded"),
           ("حكومة الاحتلال", "loaded"), ("الكيان الإسرائيلي", "loaded")],
    "IR": [("الجمهورية الإسلامية", "variant"), ("النظام الإيراني", "loaded")],
    "PS": [("السلطة الفلسطينية", "variant"), ("السلطة الوطنية الفلسطينية", "variant")],
    "SY": [("الحكومة السورية الانتقالية", "variant")],
    "YE": [("الحكومة اليمنية المعترف بها دوليا", "variant"), ("الحكومة الشرعية", "descriptive"),
           ("مجلس القيادة الرئاسي", "variant")],
    "LY": [("حكومة الوحدة الوطنية", "variant"), ("حكومة الوحدة الوطنية الليبية", "variant")],
    "IQ": [("الحكومة الاتحادية", "variant")],
}

MIL_EXTRA = {
    "IL": [("جيش الاحتلال", "loaded"), ("قوات الاحتلال", "loaded"), ("جيش الدفاع الإسرائيلي", "variant"),
           ("جيش الاحتلال الإسرائيلي", "loaded"), ("قوات الاحتلال الإسرائيلي", "loaded"),
           ("جيش العدو", "loaded"), ("الجيش الصهيوني", "loaded"), ("جيش العدو الإسرائيلي", "loaded")],
    "SD": [("القوات المسلحة السودانية", "variant")],
    "YE": [("الجيش الوطني اليمني", "variant")],
    "LB": [("الجيش اللبناني", "variant")],
    "SY": [("الجيش العربي السوري", "variant")],
}

MOD_EXTRA = {
    "US": [("البنتاغون", "descriptive"), ("وزارة الحرب الأمريكية", "variant"), ("وزارة الحرب الأميركية", "variant")],
    "IL": [("وزارة الأمن الإسرائيلية", "variant")],
}

MOH_EXTRA = {
    "PS": [("وزارة الصحة في غزة", "variant"), ("وزارة الصحة في قطاع غزة", "variant"),
           ("وزارة الصحة الفلسطينية في غزة", "variant")],
}

# Ambiguous between a state's government and its armed forces: listed under the military and
# marked ambiguous where another state actor could claim it.
MONARCHIES = {"SA", "JO", "MA", "BH", "KW", "QA", "OM", "AE"}


def actor(id_, ar, en, kind, cc, aliases, **extra):
    out = {"id": id_, "name_ar": ar, "name_en": en, "kind": kind, "country": cc}
    out.update({k: v for k, v in extra.items() if v})
    seen = {ar}
    al = []
    for a, k in aliases:
        if a in seen:
            continue
        seen.add(a)
        al.append({"ar": a, "kind": k})
    if al:
        out["aliases"] = al
    return out


def build():
    out = []
    for cc, en, names, fem, masc, adj in STATES:
        f0, m0 = fem[0], masc[0]
        gov_al = [(n, "country") for n in names]
        gov_al += [(f"السلطات {f}", "variant") for f in fem] + [(f"الحكومة {f}", "variant") for f in fem]
        if cc in MONARCHIES:
            gov_al += [(f"المملكة {f}", "variant") for f in fem if cc in {"JO", "MA", "BH"}]
        gov_al += GOV_EXTRA.get(cc, [])
        out.append(actor(f"{cc}_GOV", f"الحكومة {f0}", f"Government of {en}", "government", cc, gov_al,
                         place_en=en, place_ar=names[0], demonyms=list(masc) + [f for f in fem if f not in masc]))
        mil_al = [(f"الجيش {m}", "variant") for m in masc] + [(f"القوات المسلحة {f}", "variant") for f in fem]
        mil_al += MIL_EXTRA.get(cc, [])
        out.append(actor(f"{cc}_MIL", f"الجيش {m0}", f"{adj} Armed Forces", "military", cc, mil_al))
        for code, word, en_word, extra in (
            ("MOFA", "الخارجية", "Foreign Affairs", {}),
            ("MOD", "الدفاع", "Defence", MOD_EXTRA),
            ("MOI", "الداخلية", "Interior", {}),
            ("MOH", "الصحة", "Health", MOH_EXTRA),
        ):
            al = [(f"وزارة {word} {f}", "variant") for f in fem] + [(f"{word} {f}", "short") for f in fem]
            al += extra.get(cc, [])
            out.append(actor(f"{cc}_{code}", f"وزارة {word} {f0}", f"{adj} Ministry of {en_word}",
                             "ministry", cc, al))
        out.append(actor(f"{cc}_POLICE", f"الشرطة {f0}", f"{adj} Police", "police/security", cc,
                         [(f"الشرطة {f}", "variant") for f in fem] + [(f"قوات الأمن {f}", "variant") for f in fem]))
        named = NAMED_SECURITY.get(cc)
        if named:
            for sid, ar, en_name, al in named:
                out.append(actor(f"{cc}_{sid}", ar, en_name, "police/security", cc, al))
        else:
            out.append(actor(f"{cc}_INTEL", f"المخابرات {f0}", f"{adj} Intelligence Service",
                             "police/security", cc,
                             [(f"المخابرات {f}", "variant") for f in fem]
                             + [(f"الاستخبارات {f}", "variant") for f in fem]))
    return out


HEADER = """\
# rasd actor dictionary: state actors (generated by scripts/build_actor_states.py; edit the script,
# not this file). Facts only: the names of state bodies and the Arabic forms news media use.
# Government entries also carry place_en / place_ar (the country's name) and demonyms (the
# masculine and feminine nisba adjectives, used to read "وزير الخارجية العراقي" as Iraq).
# Alias kinds: variant, short, acronym, country (the country's name: a LOC mention of the state),
# descriptive (a metonym or description, e.g. the White House), loaded (a politically loaded
# term, e.g. "the Zionist entity"; linked to a neutral canonical actor, the words kept as the span).
"""


def main() -> None:
    actors = build()
    OUT.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump({"actors": actors}, allow_unicode=True, sort_keys=False, width=200)
    OUT.write_text(HEADER + text, encoding="utf-8")
    print(f"{len(actors)} state actors -> {OUT}")


if __name__ == "__main__":
    main()
