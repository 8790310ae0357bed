"""Property tests: no input crashes rasd, and every span is an exact slice of the original text."""

from __future__ import annotations

import itertools
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import rasd
from rasd.pipeline import Pipeline
from rasd.text import norm, normalize

ARABIC = [chr(c) for c in range(0x0621, 0x064B)] + list("ىةءآأإؤئٱپچژگکی")
MARKS = [chr(c) for c in range(0x064B, 0x0660)] + ["\u0670", "\u0640", "\u06d6", "\u08f0"]
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202e",
             "\u2066", "\u2067", "\u2069", "\u061c", "\ufeff", "\u00ad", "\u00a0", "\u202f"]
PUNCT = list("«»“”\"'()[]{}.,،؛؟?!…:;-–—|/\\%٪٫٬*#@") + [" ", " ", " ", "\n", "\n\n", "\t", "\r\n"]
DIGITS = list("0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹")
WORDS = ["بغداد", "لـ", "«حزب الله»", "وَالعِراقِ", "للحكومة", "الله", "بيروت (رويترز) -", "غزة ـ",
         "(أ ف ب) -", "د.", "ص.ب.", "3.5", "...", "م.", "هـ.", "واس\n", "وزارة", "قال:", "أيار (مايو)"]
OTHER = ["\x00", "\x01", "\x7f", "🙂", "👍🏽", "🇸🇦", "\U0001f600", "𝔸", "e\u0301", "Ω", "中文", "A", "z"]

atoms = st.one_of(
    st.sampled_from(ARABIC), st.sampled_from(MARKS), st.sampled_from(INVISIBLE),
    st.sampled_from(PUNCT), st.sampled_from(DIGITS), st.sampled_from(WORDS), st.sampled_from(OTHER),
    st.characters(blacklist_categories=("Cs",)),
)
texts = st.lists(atoms, max_size=300).map("".join)


def walk_spans(obj: Any, original: str, path: str = "$") -> int:
    """Check every dict with start/end/text in a JSON-like tree; return how many were checked."""
    n = 0
    if isinstance(obj, dict):
        if {"start", "end", "text"} <= obj.keys() and path != "$":
            s, e, t = obj["start"], obj["end"], obj["text"]
            if not (s is None and e is None and t is None):
                assert isinstance(s, int) and isinstance(e, int), path
                assert 0 <= s <= e <= len(original), path
                assert t == original[s:e], path
                n += 1
        for k, v in obj.items():
            n += walk_spans(v, original, f"{path}.{k}")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            n += walk_spans(v, original, f"{path}[{i}]")
    return n


LONG_LINE = "أعلنت الحكومة " * 3000 + "\u200f" + "٣" * 500


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
@example("")
@example("\x00" * 50)
@example(LONG_LINE)
@example("بيروت (رويترز) - قال مصدر لـ«الأخبار»: «لن نتراجع. أبدا». وأضاف\u200f أن ١٢ شخصاً قتلوا فجر أمس.")
def test_analyze_never_crashes_and_spans_are_exact(text):
    doc = rasd.analyze(text, published="2025-05-03")
    doc.check_spans()
    d = doc.to_dict(tokens=True)
    assert d["text"] == text
    walk_spans(d, text)
    # layers are in order and inside the text
    prev = 0
    for s in doc.sentences:
        assert s.start >= prev
        prev = s.end
    prev = 0
    for t in doc.tokens:
        assert prev <= t.start < t.end and t.start <= t.base_start <= t.stem_start <= t.stem_end <= t.end
        assert 0 <= t.sent < max(1, len(doc.sentences))
        prev = t.end


@settings(max_examples=200, deadline=None)
@given(texts)
def test_text_layer_spans(text):
    doc = Pipeline(["sentences", "tokens"])(text)
    doc.check_spans()
    assert walk_spans(doc.to_dict(tokens=True), text) == len(doc.sentences) + len(doc.tokens)
    # every non-space, visible character outside tokens is whitespace or an invisible mark
    covered = set()
    for t in doc.tokens:
        covered.update(range(t.start, t.end))
    for i, ch in enumerate(text):
        if i not in covered:
            assert ch.isspace() or ch in INVISIBLE or norm(ch) == "" or ch in "\u061c", repr(ch)


@settings(max_examples=300, deadline=None)
@given(texts, st.booleans(), st.booleans(), st.data())
def test_normalize_offsets(text, fold_ya, fold_ta, data):
    nt = normalize(text, fold_ya=fold_ya, fold_ta=fold_ta)
    assert nt.original == text
    assert nt.text == norm(text, fold_ya=fold_ya, fold_ta=fold_ta)
    n = len(nt.text)
    idx = [nt.orig_index(i) for i in range(n)]
    assert all(0 <= j < len(text) for j in idx)  # inside the original
    assert all(a < b for a, b in itertools.pairwise(idx))  # order-preserving
    assert nt.orig_index(n) == len(text)
    if n:
        s = data.draw(st.integers(0, n))
        e = data.draw(st.integers(s, n))
        os_, oe = nt.to_original(s, e)
        assert 0 <= os_ <= oe <= len(text)
        assert normalize(text[os_:oe], fold_ya=fold_ya, fold_ta=fold_ta).text == nt.text[s:e]
