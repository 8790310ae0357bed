"""A small, hand-written news scenario (our own prose) shared by the store tests.

Three outlets report the same air strike on Kafr Nabl (one of them the actor's own claim, with
different death tolls), one outlet syndicates a lightly edited copy, and there are a distinct
strike in Aleppo the same day, a protest in Kafr Nabl and a background mention of an older raid.
"""

from __future__ import annotations

AIR = ("الطيران الحربي", "SYR-AIRFORCE", "military")
CIV = ("مدنيين", None, "civilians")
KAFR = 35.614, 36.561
ALEPPO = 36.202, 37.134

A_TEXT = (
    "دمشق - قال المرصد السوري إن غارة جوية شنها الطيران الحربي استهدفت بلدة كفرنبل بريف إدلب "
    "فجر أمس، ما أسفر عن مقتل سبعة مدنيين بينهم طفلان. وأضاف أن فرق الدفاع المدني ما زالت تبحث "
    "عن ناجين تحت الأنقاض، في حين لم يصدر تعليق رسمي حتى الآن. وكانت البلدة قد شهدت قصفا مماثلا "
    "في آذار الماضي."
)
B_TEXT = (
    "إدلب (سوريا) - أعلنت وزارة الدفاع في بيان اليوم السبت أن الطيران الحربي نفذ ضربة دقيقة على "
    "مواقع لـ«المسلحين» في محيط كفرنبل، مؤكدة أن العملية «حققت أهدافها بالكامل». ولم يذكر البيان "
    "أي خسائر بشرية."
)
C_TEXT = (
    "بيروت - ارتفع عدد قتلى الغارة التي استهدفت كفرنبل في ريف إدلب إلى تسعة أشخاص، بحسب مصادر "
    "طبية محلية تحدثت لـ«الغد» شرط عدم الكشف عن هويتها. وقالت المصادر إن بين الضحايا امرأتين."
)
# A syndicated copy of A with a changed dateline and one added sentence.
F_TEXT = A_TEXT.replace("دمشق - ", "عمّان - ") + " وتابع المرصد أن الحصيلة مرشحة للارتفاع."
D_TEXT = (
    "حلب - قتل ثلاثة أشخاص في غارة شنها الطيران الحربي على حي الشعار شرقي مدينة حلب يوم ٣ أيار / مايو، "
    "وفق ما أفاد ناشطون. وأظهرت صور متداولة دمارا واسعا في المباني السكنية."
)
E_TEXT = (
    "كفرنبل - خرج مئات من أهالي كفرنبل في تظاهرة مساء السبت احتجاجا على استمرار القصف، ورفع "
    "المتظاهرون لافتات تطالب بحماية المدنيين."
)
G_TEXT = (
    "الرياض - استعاد تقرير أممي صدر الثلاثاء الماضي هجوما نفذته طائرات مسيرة على ميناء الحديدة "
    "قبل عامين، ودعا إلى تحقيق مستقل في ملابساته."
)


def scenario(build_doc):
    """The documents, in ingest order, with their outlets."""
    a = build_doc(A_TEXT, published="2025-05-04", source="الشرق اليوم", url="https://a.example/1",
                  events=[dict(type="ASSAULT", trigger="غارة", mode="airstrike", actor=("الطيران الحربي", "SYR-AIRFORCE", "military"),
                               target=CIV, place=("كفرنبل", "Kafr Nabl", "SY", *KAFR, 1),
                               date=("فجر أمس", "2025-05-03", "2025-05-03", "day"), fatalities=7,
                               status="reported"),
                          dict(type="ASSAULT", trigger="قصفا", background=True,
                               date=("آذار الماضي", "2025-03-01", "2025-03-31", "month"))],
                  entities=[dict(text="المرصد السوري", label="ORG", actor_id="SOHR", kind="monitor")],
                  quotes=[dict(cue="قال", content="غارة جوية شنها الطيران الحربي", speaker=("المرصد السوري", "SOHR", "monitor"),
                               direct=False, stance="assertion")])
    b = build_doc(B_TEXT, published="2025-05-03", source="وكالة النهار", url="https://b.example/2",
                  events=[dict(type="ASSAULT", trigger="ضربة", actor=AIR, target=("المسلحين", None, "armed group"),
                               place=("كفرنبل", "Kafr Nabl", "SY", *KAFR, 1),
                               date=("اليوم السبت", "2025-05-03", "2025-05-03", "day"), status="claimed",
                               source=("وزارة الدفاع", "SYR-MOD", "government"))])
    c = build_doc(C_TEXT, published="2025-05-04", source="صحيفة الغد",
                  events=[dict(type="ASSAULT", trigger="الغارة", place=("كفرنبل", "Kafr Nabl", "SY", *KAFR, 1),
                               date=(None, "2025-05-04", "2025-05-04", "day"), fatalities=9)])
    f = build_doc(F_TEXT, published="2025-05-04", source="موقع الرصيف",
                  events=[dict(type="ASSAULT", trigger="غارة", actor=AIR, target=CIV,
                               place=("كفرنبل", "Kafr Nabl", "SY", *KAFR, 1),
                               date=("فجر أمس", "2025-05-03", "2025-05-03", "day"), fatalities=7)])
    d = build_doc(D_TEXT, published="2025-05-04", source="الشرق اليوم",
                  events=[dict(type="ASSAULT", trigger="غارة", actor=AIR,
                               place=("حلب", "Aleppo", "SY", *ALEPPO, 1),
                               date=("٣ أيار / مايو", "2025-05-03", "2025-05-03", "day"), fatalities=3)])
    e = build_doc(E_TEXT, published="2025-05-04", source="وكالة النهار",
                  events=[dict(type="PROTEST", trigger="تظاهرة", actor=("أهالي كفرنبل", None, "protesters"),
                               place=("كفرنبل", "Kafr Nabl", "SY", *KAFR, 1),
                               date=("مساء السبت", "2025-05-03", "2025-05-03", "day"))])
    g = build_doc(G_TEXT, published="2025-05-04", source="صحيفة الغد",
                  events=[dict(type="ASSAULT", trigger="هجوما", background=True,
                               place=("ميناء الحديدة", "Al Hudaydah", "YE", 14.8, 42.95, 1))])
    return {"a": a, "b": b, "c": c, "f": f, "d": d, "e": e, "g": g}
