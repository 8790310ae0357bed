"""Evaluation of the dates layer against a JSONL set of gold date expressions.

One document a line::

    {"text": "...", "published": "2025-05-14" or null,
     "gold": [{"text": "فجر أمس", "value_start": "2025-05-13", "value_end": "2025-05-13",
               "precision": "day", "start": 23}]}

``start`` is optional: without it the gold span is the first occurrence of ``text`` at or after
the previous gold span of the same document.

Scores:

- accuracy: a gold expression is correct when a predicted date overlaps it and its
  ``value_start``, ``value_end`` and ``precision`` all equal the gold ones;
- span exact match: precision, recall and F1 of predicted (start, end) against gold spans.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ...doc import DateMention, Doc
from ...errors import Errors, RasdError
from ...resources import resource_path

DEV_SET = ("dates", "dates_dev.jsonl")


def default_dev_set() -> Path:
    """The bundled dev set (tests/resources/dates/dates_dev.jsonl in a checkout)."""
    here = Path(__file__).resolve()
    repo = here.parents[4]
    candidate = repo / "tests" / "resources" / DEV_SET[0] / DEV_SET[1]
    if candidate.exists():
        return candidate
    return resource_path(*DEV_SET)


@dataclass(slots=True)
class GoldDoc:
    text: str
    published: str | None
    gold: list[dict[str, Any]]  # each with start, end, text, value_start, value_end, precision
    line: int = 0


@dataclass
class DateScores:
    docs: int = 0
    gold: int = 0
    correct: int = 0
    predicted: int = 0
    span_tp: int = 0
    day_gold: int = 0
    day_correct: int = 0
    seconds: float = 0.0
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.gold if self.gold else 0.0

    @property
    def span_precision(self) -> float:
        return self.span_tp / self.predicted if self.predicted else 0.0

    @property
    def span_recall(self) -> float:
        return self.span_tp / self.gold if self.gold else 0.0

    @property
    def span_f1(self) -> float:
        p, r = self.span_precision, self.span_recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def day_accuracy(self) -> float:
        return self.day_correct / self.day_gold if self.day_gold else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "docs": self.docs, "gold": self.gold, "predicted": self.predicted,
            "accuracy": round(self.accuracy, 4), "correct": self.correct,
            "span_precision": round(self.span_precision, 4), "span_recall": round(self.span_recall, 4),
            "span_f1": round(self.span_f1, 4), "day_accuracy": round(self.day_accuracy, 4),
            "docs_per_s": round(self.docs / self.seconds, 1) if self.seconds else None,
        }


def load_gold(path: str | Path) -> list[GoldDoc]:
    """Read and check a dev set; raises E302 with the line for anything malformed."""
    from ...train.gold import jsonl_rows

    path = Path(path)
    out: list[GoldDoc] = []
    for no, row in jsonl_rows(path, Errors.E302):
        if not isinstance(row, dict) or not isinstance(row.get("text"), str) or not isinstance(row.get("gold"), list):
            raise RasdError(Errors.E302, path=path, reason=f"line {no}: expected an object with 'text' and 'gold'")
        text = row["text"]
        pos = 0
        gold = []
        for g in row["gold"]:
            if not isinstance(g, dict) or not isinstance(g.get("text"), str) or not g["text"]:
                raise RasdError(Errors.E302, path=path, reason=f"line {no}: a gold item needs 'text'")
            start = g.get("start")
            if start is None:
                start = text.find(g["text"], pos)
                if start < 0:
                    start = text.find(g["text"])
            if start < 0 or text[start:start + len(g["text"])] != g["text"]:
                raise RasdError(Errors.E302, path=path, reason=f"line {no}: {g['text']!r} is not in the text")
            for key in ("value_start", "value_end", "precision"):
                if key not in g:
                    raise RasdError(Errors.E302, path=path, reason=f"line {no}: {g['text']!r} lacks {key!r}")
            gold.append(dict(g, start=start, end=start + len(g["text"])))
            pos = start + 1
        out.append(GoldDoc(text, row.get("published"), gold, no))
    if not out:
        raise RasdError(Errors.E302, path=path, reason="no documents")
    return out


def predict(docs: Iterable[GoldDoc]) -> tuple[list[list[DateMention]], float]:
    """rasd's date mentions for each document (text layer + dates) and the seconds it took."""
    from ...text.sentences import split_sentences
    from ...text.tokens import tokenize
    from . import DateResolver

    comp = DateResolver()
    out = []
    t0 = time.perf_counter()
    for gd in docs:
        doc = Doc(gd.text, published=gd.published)
        doc.sentences = split_sentences(gd.text)
        doc.tokens = tokenize(gd.text, doc.sentences)
        comp(doc)
        doc.check_spans()
        out.append(doc.dates)
    return out, time.perf_counter() - t0


def score(docs: list[GoldDoc], predictions: list[list[DateMention]]) -> DateScores:
    s = DateScores(docs=len(docs))
    for gd, preds in zip(docs, predictions):
        spans = {(p.start, p.end) for p in preds}
        s.predicted += len(preds)
        for g in gd.gold:
            s.gold += 1
            if (g["start"], g["end"]) in spans:
                s.span_tp += 1
            over = [p for p in preds if p.start is not None and p.start < g["end"] and g["start"] < p.end]
            ok = any(
                p.value_start == g["value_start"] and p.value_end == g["value_end"]
                and p.precision == g["precision"] for p in over
            )
            if g["precision"] == "day" and g["value_start"] is not None:
                s.day_gold += 1
                if any(p.value_start == g["value_start"] for p in over):
                    s.day_correct += 1
            if ok:
                s.correct += 1
            else:
                s.errors.append({
                    "line": gd.line, "published": gd.published, "gold": g,
                    "predicted": [p.to_dict() for p in over],
                })
        gold_spans = {(g["start"], g["end"]) for g in gd.gold}
        for p in preds:
            if (p.start, p.end) not in gold_spans and not any(
                p.start < g["end"] and g["start"] < p.end for g in gd.gold
            ):
                s.errors.append({"line": gd.line, "published": gd.published, "gold": None,
                                 "predicted": [p.to_dict()]})
    return s


def evaluate(path: str | Path | None = None) -> DateScores:
    """Load a dev set (default: the bundled one), run rasd, score it."""
    docs = load_gold(path or default_dev_set())
    preds, seconds = predict(docs)
    s = score(docs, preds)
    s.seconds = seconds
    return s


def evaluate_wojood(path: str | Path) -> dict[str, Any]:
    """Mention detection against the DATE spans of a Wojood-format file (token TAG [TAG...]).

    Wojood has no publication dates, so only mentions are scored: recall is the share of gold
    DATE spans that a rasd mention overlaps, precision the share of rasd mentions that overlap a
    gold DATE span. Sentences are rebuilt by joining tokens with spaces.
    """
    from . import resolve

    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise RasdError(Errors.E302, path=path, reason=f"cannot read: {exc}") from exc
    sents: list[list[tuple[str, list[str]]]] = []
    cur: list[tuple[str, list[str]]] = []
    for no, line in enumerate(lines, 1):
        parts = line.split()
        if not parts:
            if cur:
                sents.append(cur)
                cur = []
            continue
        if len(parts) < 2:
            raise RasdError(Errors.E302, path=path, reason=f"line {no}: expected 'token TAG', got {line!r}")
        cur.append((parts[0], parts[1:]))
    if cur:
        sents.append(cur)
    gold_n = pred_n = hit_gold = hit_pred = 0
    for sent in sents:
        offsets = []
        pos = 0
        for word, _tags in sent:
            offsets.append((pos, pos + len(word)))
            pos += len(word) + 1
        text = " ".join(w for w, _ in sent)
        spans: list[tuple[int, int]] = []
        start = None
        for i, (_w, tags) in enumerate(sent + [("", [])]):
            tag = next((t for t in tags if t.endswith("DATE")), None)
            if start is not None and (tag is None or tag.startswith("B-")):
                spans.append((offsets[start][0], offsets[i - 1][1]))
                start = None
            if tag is not None and tag.startswith("B-"):
                start = i
        preds = [(d.start, d.end) for d in resolve(text, None)]
        gold_n += len(spans)
        pred_n += len(preds)
        hit_gold += sum(1 for a, b in spans if any(p < b and a < q for p, q in preds))
        hit_pred += sum(1 for p, q in preds if any(p < b and a < q for a, b in spans))
    return {
        "sentences": len(sents), "gold": gold_n, "predicted": pred_n,
        "recall": round(hit_gold / gold_n, 4) if gold_n else 0.0,
        "precision": round(hit_pred / pred_n, 4) if pred_n else 0.0,
    }


__all__ = ["DateScores", "GoldDoc", "default_dev_set", "evaluate", "evaluate_wojood", "load_gold", "predict", "score"]
