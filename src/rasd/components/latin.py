"""Romanisation of Arabic personal and place names (rules only, no model, no data download).

``romanize("علي الحميداوي")`` -> ``"Ali al-Hamidawi"``.

How it works, word by word:
1. a table of common name parts in their usual English spelling (محمد -> Muhammad, حسين ->
   Hussein) and of compounds (عبد الله -> Abdullah, عبد الرحمن -> Abdul Rahman);
2. particles: ال -> al- (``Al-`` at the start of a name), بن -> bin, أبو -> Abu, آل -> Al,
   ولد -> Ould, عبد + word -> Abdul + word;
3. otherwise letter by letter, with simple vowel rules: و/ي between consonants are the long
   vowels u/i, a final ي is i, ة is a, and an ``a`` is inserted between two consonants (Arabic
   writes no short vowels, so this is a readable guess, not a transcription).

The result is an ASCII, ACLED-style name: no diacritics, no ayn/hamza marks.
"""

from __future__ import annotations

import re
from functools import lru_cache

_DIAC_RE = re.compile("[\u064b-\u065f\u0670\u0640\u06d6-\u06ed\u0610-\u061a\u200b-\u200f]")

# Common name parts (keys without diacritics; hamza forms of alef folded, ى and ي folded).
_NAMES = {
    "محمد": "Muhammad", "احمد": "Ahmed", "محمود": "Mahmoud", "مصطفي": "Mustafa", "علي": "Ali",
    "حسين": "Hussein", "حسن": "Hassan", "عمر": "Omar", "عثمان": "Othman", "خالد": "Khaled",
    "سعيد": "Saeed", "سعد": "Saad", "يوسف": "Youssef", "ابراهيم": "Ibrahim", "اسماعيل": "Ismail",
    "موسي": "Musa", "عيسي": "Issa", "يحيي": "Yahya", "زكريا": "Zakaria", "سليمان": "Suleiman",
    "داود": "Dawoud", "يونس": "Younis", "ادم": "Adam", "نوح": "Nouh", "صالح": "Saleh",
    "فيصل": "Faisal", "فهد": "Fahd", "سلمان": "Salman", "سلطان": "Sultan", "ناصر": "Nasser",
    "منصور": "Mansour", "جمال": "Jamal", "كمال": "Kamal", "عادل": "Adel", "عماد": "Imad",
    "وليد": "Walid", "طارق": "Tariq", "زياد": "Ziad", "رامي": "Rami", "سامي": "Sami", "سامر": "Samer",
    "هاني": "Hani", "مازن": "Mazen", "ماهر": "Maher", "باسم": "Basim", "جاسم": "Jasim",
    "قاسم": "Qassem", "هاشم": "Hashem", "حمزه": "Hamza", "حمد": "Hamad", "حامد": "Hamed",
    "احمدي": "Ahmadi", "عمار": "Ammar", "ياسر": "Yasser", "ياسين": "Yassin", "انس": "Anas",
    "بلال": "Bilal", "جعفر": "Jaafar", "رشيد": "Rashid", "راشد": "Rashed", "زايد": "Zayed",
    "مهدي": "Mahdi", "هادي": "Hadi", "كريم": "Karim", "نبيل": "Nabil", "نبيه": "Nabih",
    "نواف": "Nawaf", "نايف": "Nayef", "مشعل": "Mishal", "تميم": "Tamim", "هيثم": "Haitham",
    "اسامه": "Osama", "اكرم": "Akram", "انور": "Anwar", "ايمن": "Ayman", "بشار": "Bashar",
    "بشير": "Bashir", "جواد": "Jawad", "حيدر": "Haidar", "رياض": "Riyad", "سمير": "Samir",
    "شريف": "Sharif", "صلاح": "Salah", "ضياء": "Diaa", "طه": "Taha", "عباس": "Abbas",
    "عدنان": "Adnan", "عصام": "Issam", "عمرو": "Amr", "عوض": "Awad", "غسان": "Ghassan",
    "فادي": "Fadi", "فارس": "Fares", "فاضل": "Fadel", "فالح": "Falih", "فؤاد": "Fuad",
    "فواد": "Fuad", "قيس": "Qais", "لؤي": "Louay", "ماجد": "Majed", "مجدي": "Magdy",
    "مراد": "Murad", "مروان": "Marwan", "مصعب": "Musab", "معاذ": "Muadh", "منير": "Munir",
    "نادر": "Nader", "نزار": "Nizar", "نعيم": "Naim", "هشام": "Hisham", "وائل": "Wael",
    "يزن": "Yazan", "حسام": "Hossam", "حازم": "Hazem", "خليل": "Khalil", "خليفه": "Khalifa",
    "راضي": "Radi", "رضا": "Reda", "زهير": "Zuhair", "سالم": "Salem", "سهيل": "Suhail",
    "شادي": "Shadi", "صابر": "Saber", "عزيز": "Aziz", "غازي": "Ghazi", "قصي": "Qusay",
    "كاظم": "Kadhim", "لطفي": "Lotfi", "مالك": "Malik", "منذر": "Mundhir", "نجيب": "Najib", "مقتدي": "Muqtada", "نوري": "Nouri", "حيدري": "Haidari", "جبر": "Jabr",
    "فاطمه": "Fatima", "عائشه": "Aisha", "مريم": "Maryam", "زينب": "Zainab", "خديجه": "Khadija",
    "نور": "Nour", "هدي": "Huda", "سلمي": "Salma", "ليلي": "Layla", "رنا": "Rana", "ريم": "Reem",
    "سارة": "Sara", "ساره": "Sara", "هند": "Hind", "امل": "Amal", "منى": "Mona", "مني": "Mona",
    "دينا": "Dina", "لينا": "Lina", "رغد": "Raghad", "اسماء": "Asmaa", "حنان": "Hanan",
    "سميره": "Samira", "نادیه": "Nadia", "ناديه": "Nadia", "رشا": "Rasha", "غاده": "Ghada",
    "شيخ": "Sheikh", "لواء": "Liwa", "سيد": "Sayyid", "امام": "Imam", "حاج": "Hajj",
    "الله": "Allah", "الدين": "al-Din", "الرحمن": "al-Rahman",
}

# Compounds written as two words.
_COMPOUNDS = {
    ("عبد", "الله"): "Abdullah", ("عبد", "الرحمن"): "Abdul Rahman", ("عبد", "العزيز"): "Abdulaziz",
    ("عبد", "الرحيم"): "Abdul Rahim", ("عبد", "الكريم"): "Abdul Karim", ("عبد", "الحميد"): "Abdul Hamid",
    ("عبد", "المجيد"): "Abdelmadjid", ("عبد", "الفتاح"): "Abdel Fattah", ("عبد", "الملك"): "Abdul-Malik",
    ("عبد", "الحليم"): "Abdul Halim", ("عبد", "السلام"): "Abdulsalam", ("عبد", "اللطيف"): "Abdul Latif",
    ("عبد", "الناصر"): "Abdel Nasser", ("عبد", "الواحد"): "Abdul Wahid", ("عبد", "الهادي"): "Abdul Hadi",
    ("عبد", "القادر"): "Abdelkader", ("عبد", "المهدي"): "Abdul Mahdi", ("عبد", "الامير"): "Abdul Amir",
    ("نصر", "الله"): "Nasrallah", ("جار", "الله"): "Jarallah", ("عطا", "الله"): "Atallah",
    ("فتح", "الله"): "Fathallah", ("سيف", "الدين"): "Saif al-Din", ("نور", "الدين"): "Nour al-Din",
    ("صلاح", "الدين"): "Salah al-Din", ("عز", "الدين"): "Izz al-Din", ("علاء", "الدين"): "Alaa al-Din",
    ("بدر", "الدين"): "Badr al-Din", ("شمس", "الدين"): "Shams al-Din",
}

_PARTICLES = {"بن": "bin", "ابن": "ibn", "بنت": "bint", "ابو": "Abu", "ابي": "Abi", "ام": "Umm",
              "ال": "Al", "ولد": "Ould", "ابا": "Aba"}

_CONS = {
    "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r",
    "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "", "غ": "gh",
    "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "ء": "", "ئ": "",
    "ؤ": "", "پ": "p", "گ": "g", "چ": "ch", "ڤ": "v", "ک": "k", "ی": "y",
}
_LONG = set("اأإآوية ى")


@lru_cache(maxsize=50_000)  # words recur across names ("محمد", "عبد", "الله")
def _key(word: str) -> str:
    w = _DIAC_RE.sub("", word)
    return w.translate(_FOLD)


_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ى": "ي", "ة": "ه", "ی": "ي", "ک": "ك"})


def _letters(word: str) -> str:
    """Letter-by-letter romanisation of one word (no article) with the vowel rules."""
    w = _DIAC_RE.sub("", word)
    out: list[str] = []
    n = len(w)
    prev_type = ""  # "C" consonant sound, "V" vowel sound
    inserted = False  # the previous letter was followed by an inserted short vowel
    for i, ch in enumerate(w):
        nxt = w[i + 1] if i + 1 < n else ""
        after = w[i + 2] if i + 2 < n else ""
        if ch in "اأآٱ":
            out.append("a")
            prev_type, inserted = "V", False
            continue
        if ch == "إ":
            out.append("i")
            prev_type, inserted = "V", False
            continue
        if ch in "ةى":
            out.append("a")
            prev_type, inserted = "V", False
            continue
        if ch in "وي":
            cons = "w" if ch == "و" else "y"
            vow = "u" if ch == "و" else "i"
            if i == 0 or prev_type == "V":
                out.append(cons)
                prev_type = "C"
            elif nxt in ("ة",) and i + 2 >= n:
                out.append(vow + cons)
                prev_type = "C"
            elif not nxt or nxt not in _LONG:
                out.append(vow)
                prev_type = "V"
            else:
                out.append(cons)
                prev_type = "C"
            inserted = False
            continue
        if ch == "ع":
            if i == 0:
                out.append("a" if nxt and nxt not in _LONG else "")
                prev_type, inserted = "V", False
                continue
            out.append("a" if nxt else "")
            prev_type = "V"
            inserted = False
            continue
        sound = _CONS.get(ch)
        if sound is None:
            out.append(ch)
            prev_type, inserted = "C", False
            continue
        out.append(sound)
        if not sound:  # hamza seats
            prev_type, inserted = "V", False
            continue
        prev_type = "C"
        # a short vowel after this consonant: before another consonant (one per syllable), or
        # before a consonantal و/ي (one followed by a vowel letter)
        if nxt and (not inserted or (i + 2 == n and nxt not in _LONG)) and (
            (nxt not in _LONG and nxt != "ع") or (nxt in "وي" and after and after in "اوية")
        ):
            out.append("a")
            prev_type, inserted = "V", True
        else:
            inserted = False
    s = "".join(out).replace("''", "'").strip("'")
    return s


@lru_cache(maxsize=50_000)
def romanize_word(word: str) -> str:
    k = _key(word)
    if not k:
        return ""
    if k in _NAMES:
        return _NAMES[k]
    if k in _PARTICLES:
        return _PARTICLES[k]
    if k.startswith("ال") and len(k) > 3:
        rest = k[2:]
        base = _NAMES.get(rest) or _letters(_DIAC_RE.sub("", word)[2:])
        return "al-" + base[:1].upper() + base[1:]
    r = _letters(word)
    return r[:1].upper() + r[1:]


_WORD_RE = re.compile(r"[\u0621-\u064a\u0671-\u06d3\u064b-\u065f\u0670\u0640]+|[0-9A-Za-z]+")


@lru_cache(maxsize=50_000)
def romanize(name: str) -> str:
    """Romanise an Arabic name (person or place). Latin and digits pass through."""
    words: list[str] = []
    keys: list[str] = []  # _key of each word, computed once
    for w in _WORD_RE.findall(name or ""):
        k = _key(w)
        if k.startswith("عبدال") and len(k) > 6 or k.startswith("ابو") and len(k) > 5 and k[3:5] == "ال":  # "عبدالله" written as one word
            words.extend((w[:3], w[3:]))
            keys.extend((_key(w[:3]), _key(w[3:])))
        else:
            words.append(w)
            keys.append(k)
    out: list[str] = []
    i = 0
    while i < len(words):
        w = words[i]
        k = keys[i]
        if i + 1 < len(words):
            pair = (k, keys[i + 1])
            if pair in _COMPOUNDS:
                out.append(_COMPOUNDS[pair])
                i += 2
                continue
            if k == "عبد":
                nxt = romanize_word(words[i + 1])
                nxt = nxt.removeprefix("al-")
                out.append("Abdul " + nxt[:1].upper() + nxt[1:])
                i += 2
                continue
        out.append(romanize_word(w))
        i += 1
    text = " ".join(p for p in out if p)
    if text.startswith("al-"):
        text = "Al-" + text[3:]
    return text


__all__ = ["romanize", "romanize_word"]
