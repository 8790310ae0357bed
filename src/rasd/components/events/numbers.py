"""Casualty counts: ASCII and Eastern digits, number words, and ACLED's rule for vague counts.

Vague counts follow ACLED's coding rule ("tens" 10, "dozens" 12, "hundreds" 100): عشرات 10,
مئات 100, آلاف 1000. "Several" (عدة، عدد من، بضعة) gives no number.
"""

from __future__ import annotations

from ...text import fold, fold_normalised

UNITS = {
    "واحد": 1, "واحده": 1, "اثنان": 2, "اثنين": 2, "اثنتان": 2, "اثنتين": 2, "اثنا": 2, "اثني": 2,
    "ثلاث": 3, "ثلاثه": 3, "اربع": 4, "اربعه": 4, "خمس": 5, "خمسه": 5, "ست": 6, "سته": 6,
    "سبع": 7, "سبعه": 7, "ثمان": 8, "ثماني": 8, "ثمانيه": 8, "تسع": 9, "تسعه": 9,
    "عشر": 10, "عشره": 10,
}
TENS = {
    "عشرون": 20, "عشرين": 20, "ثلاثون": 30, "ثلاثين": 30, "اربعون": 40, "اربعين": 40,
    "خمسون": 50, "خمسين": 50, "ستون": 60, "ستين": 60, "سبعون": 70, "سبعين": 70,
    "ثمانون": 80, "ثمانين": 80, "تسعون": 90, "تسعين": 90,
}
HUNDREDS = {"مئه": 100, "مائه": 100, "مئتين": 200, "مئتان": 200, "مائتين": 200, "مائتان": 200,
            "الف": 1000, "الفين": 2000, "الفان": 2000}
VAGUE = {"عشرات": 10, "مئات": 100, "الاف": 1000, "الوف": 1000}
# dual person nouns: "مقتل جنديين"
DUALS = frozenset(fold(w) for w in (
    "شخصين", "شخصان", "جنديين", "جنديان", "طفلين", "طفلان", "رجلين", "رجلان", "شرطيين", "شرطيان",
    "عنصرين", "عنصران", "ضابطين", "ضابطان", "صحفيين", "شابين", "شابان", "امراتين",
))
# a singular person noun right after a casualty word means one person: "مقتل جندي"
SINGLE_PERSON = frozenset(fold(w) for w in (
    "شخص", "مدني", "جندي", "طفل", "طفله", "امراه", "رجل", "شاب", "شابه", "شرطي", "عنصر",
    "مواطن", "ضابط", "مقاتل", "مسلح", "صحفي", "مسعف", "طالب", "عامل", "فتى", "فتاه", "مزارع",
))


# norm -> number key; the key depends on the normalised word only. Bounded (long batches).
_KEYS: dict[str, str] = {}
_KEYS_MAX = 100_000


def _key(tok) -> str:
    norm = tok.norm
    n = _KEYS.get(norm)
    if n is not None:
        return n
    n = fold_normalised(norm)
    if n[:1] in "وب" and len(n) > 3 and (n[1:] in UNITS or n[1:] in TENS or n[1:] in VAGUE
                                        or n[1:] in HUNDREDS or n[1:3] == "ال"):
        n = n[1:]
    if n.startswith("ال") and len(n) > 4:
        n = n[2:]
    if len(_KEYS) > _KEYS_MAX:
        _KEYS.clear()
    _KEYS[norm] = n
    return n


def read_number(tokens, i: int, end: int) -> tuple[int, int] | None:
    """(value, next index) of a number expression starting at token ``i``, or None."""
    tok = tokens[i]
    if tok.kind == "num":
        digits = tok.norm.replace(",", "").replace("\u066c", "")
        try:
            value = int(float(digits))
        except ValueError:
            return None
        return value, i + 1
    if tok.kind != "word":
        return None
    k = _key(tok)
    if k == "ما" and i + 4 < end and fold_normalised(tokens[i + 1].norm) == "لا" and fold_normalised(tokens[i + 2].norm) in ("يقل", "تقل"):
        return read_number(tokens, i + 4, end)  # "ما لا يقل عن ثمانية"
    if k in DUALS:
        return 2, i + 1
    if k in ("اكثر", "نحو", "حوالي", "قرابه", "زهاء", "اقل") and i + 1 < end:
        # "أكثر من 20", "نحو 30": read the number that follows
        j = i + 1
        if fold_normalised(tokens[j].norm) == "من" and j + 1 < end:
            j += 1
        return read_number(tokens, j, end)
    if k in VAGUE:
        return VAGUE[k], i + 1
    if k in HUNDREDS:
        return HUNDREDS[k], i + 1
    if k in TENS:
        return TENS[k], i + 1
    if k in UNITS:
        value = UNITS[k]
        j = i + 1
        if j < end and tokens[j].kind == "word":
            nk = fold_normalised(tokens[j].norm)
            if nk in ("عشر", "عشره") and value < 10:
                return 10 + value, j + 1
            nk2 = nk[1:] if nk.startswith("و") else ""
            if nk2 in TENS:
                return value + TENS[nk2], j + 1
        return value, j
    return None
