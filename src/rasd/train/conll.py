"""Readers for NER data in CoNLL-like column formats.

Two formats are read, both one ``token TAG`` a line with a blank line between sentences:

``conll`` (ANERcorp)
    ``word TAG`` with BIO tags over PERS, ORG, LOC, MISC. ``PERS`` is renamed ``PER``.

``wojood`` (Wojood, SinaLab)
    ``word TAG [TAG ...]``: nested entities, one column per nesting level, outermost first,
    21 types. rasd tags flat PER/ORG/LOC/MISC on the ANERcorp conventions, so the nested spans
    are rebuilt per type, mapped, and flattened:

    - ``PERS`` -> ``PER``; ``GPE`` and ``LOC`` -> ``LOC`` (ANERcorp's LOC covers countries,
      cities, regions and seas, i.e. both Wojood's GPE and LOC); ``ORG`` -> ``ORG``.
    - ``EVENT``, ``CURR`` and ``PRODUCT`` -> ``MISC`` when the data is read *for training*
      (``misc=True``): ANERcorp tags championships, wars, prizes and currencies (دولار، يورو)
      as MISC, so these are the Wojood types that match its MISC best.
    - every other type (NORP, OCC, FAC, DATE, TIME, CARDINAL, ORDINAL, PERCENT, QUANTITY, UNIT,
      MONEY, LAW, WEBSITE, LANGUAGE) -> ``O``. NORP (nationalities and groups of people) and OCC
      (occupations) are not names in ANERcorp, which leaves demonyms and job titles untagged;
      FAC (buildings, airports) is split inconsistently in ANERcorp, and the numeric types are
      not names at all. Mapping them to MISC would invent a MISC class that the ANERcorp-trained
      tagger does not have and punish it for following its conventions.
    - When the data is read *for evaluation* (``misc=False``) MISC is not produced at all, and
      the evaluation scores PER, ORG and LOC only: Wojood has no class that corresponds to
      ANERcorp's MISC as a whole.
    - Nested spans are flattened keeping the outermost mapped span: in
      "سكرتير اللجنة ... في نابلس" (OCC containing ORG and GPE) the OCC is dropped and the inner
      ORG and LOC are kept; in an ORG that contains a PERS, the ORG is kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import Errors, RasdError

LABELS = ("PER", "ORG", "LOC", "MISC")

CONLL_MAP = {"PERS": "PER", "PER": "PER", "ORG": "ORG", "LOC": "LOC", "MISC": "MISC"}
WOJOOD_MAP = {"PERS": "PER", "GPE": "LOC", "LOC": "LOC", "ORG": "ORG"}
WOJOOD_MISC = {"EVENT": "MISC", "CURR": "MISC", "PRODUCT": "MISC"}


@dataclass(slots=True)
class Sentence:
    words: list[str]
    tags: list[str]  # flat BIO over LABELS


def read(path: str | Path, fmt: str = "conll", *, misc: bool = True) -> list[Sentence]:
    """Read a data file; ``fmt`` is ``conll`` or ``wojood`` (see the module docstring)."""
    if fmt not in ("conll", "wojood"):
        raise RasdError(Errors.E203, format=fmt)
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise RasdError(Errors.E206, path=path, reason=f"cannot read: {exc}") from exc
    out: list[Sentence] = []
    words: list[str] = []
    cols: list[list[str]] = []
    for lineno, line in enumerate(lines, 1):
        parts = line.split()
        if not parts:
            if words:
                out.append(_finish(words, cols, fmt, misc))
                words, cols = [], []
            continue
        if len(parts) < 2 or (fmt == "conll" and len(parts) != 2):
            raise RasdError(Errors.E202, path=path, line=lineno, content=line[:80])
        for tag in parts[1:]:
            if tag != "O" and (tag[:2] not in ("B-", "I-") or len(tag) < 3):
                raise RasdError(Errors.E202, path=path, line=lineno, content=line[:80])
        words.append(parts[0])
        cols.append(parts[1:])
    if words:
        out.append(_finish(words, cols, fmt, misc))
    return out


def _finish(words: list[str], cols: list[list[str]], fmt: str, misc: bool) -> Sentence:
    if fmt == "conll":
        tags = []
        for c in cols:
            t = c[0]
            if t == "O":
                tags.append("O")
            else:
                label = CONLL_MAP.get(t[2:])
                tags.append(f"{t[:2]}{label}" if label else "O")
        return Sentence(words, repair_bio(tags))
    mapping = dict(WOJOOD_MAP)
    if misc:
        mapping.update(WOJOOD_MISC)
    spans = nested_spans(cols)
    mapped = [(s, e, mapping[t]) for s, e, t in spans if t in mapping]
    return Sentence(words, spans_to_bio(flatten(mapped), len(words)))


def nested_spans(cols: list[list[str]]) -> list[tuple[int, int, str]]:
    """Rebuild (start, end, type) spans from nested tag columns, per type."""
    types = {t[2:] for c in cols for t in c if t != "O"}
    spans: list[tuple[int, int, str]] = []
    for typ in types:
        b, i_ = "B-" + typ, "I-" + typ
        start = None
        for k, c in enumerate(cols):
            if b in c:
                if start is not None:
                    spans.append((start, k, typ))
                start = k
            elif i_ in c:
                if start is None:
                    start = k
            elif start is not None:
                spans.append((start, k, typ))
                start = None
        if start is not None:
            spans.append((start, len(cols), typ))
    return spans


def flatten(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Non-overlapping spans, outermost (longest) first."""
    chosen: list[tuple[int, int, str]] = []
    taken: set[int] = set()
    for s, e, t in sorted(spans, key=lambda x: (x[0] - x[1], x[0])):
        if any(k in taken for k in range(s, e)):
            continue
        chosen.append((s, e, t))
        taken.update(range(s, e))
    return sorted(chosen)


def spans_to_bio(spans: list[tuple[int, int, str]], n: int) -> list[str]:
    tags = ["O"] * n
    for s, e, t in spans:
        tags[s] = "B-" + t
        for k in range(s + 1, e):
            tags[k] = "I-" + t
    return tags


def repair_bio(tags: list[str]) -> list[str]:
    """An I- tag that does not continue an entity of its type starts one (CoNLL convention)."""
    out = []
    prev = "O"
    for t in tags:
        if t.startswith("I-") and prev[2:] != t[2:]:
            t = "B-" + t[2:]
        out.append(t)
        prev = t
    return out


def bio_spans(tags: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, label) spans from BIO tags (a stray I- starts an entity)."""
    spans = []
    start = None
    label = None
    for k, t in enumerate(tags):
        if t == "O" or t.startswith("B-") or (t.startswith("I-") and t[2:] != label):
            if start is not None:
                spans.append((start, k, label))
                start = label = None
            if t != "O":
                start, label = k, t[2:]
    if start is not None:
        spans.append((start, len(tags), label))
    return spans
