"""Evaluation of the events layer.

- :func:`evaluate_gsr`: sentence-level detection of ASSAULT and PROTEST on the OEDA Arabic event
  gold standard (``event_gsr_dev``). For rows of type T: positive = ``yes``, negative = ``easy no``
  or ``difficult no``; ``ambiguous`` is left out. A sentence is predicted positive when
  :func:`rasd.components.events.detect.reports_event` says it reports a concrete event of type T
  (the events layer's events plus sentence-level rules); the plain layer (any event of type T
  that is not background, planned or denied) is scored beside it. A keyword baseline (substring
  match of a few obvious words) is scored in the same run.
- :func:`evaluate_gold`: event F1 and per-argument accuracy on our own gold articles
  (``tests/resources/events/*.json``). A predicted event matches a gold event when the type is the
  same and the gold trigger overlaps one of the event's evidence spans (or lies in the same
  sentence as one); matching is one-to-one, in document order.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from ..errors import Errors, RasdError
from ..text import fold
from .gold import jsonl_rows

GSR_TYPES = ("ASSAULT", "PROTEST")

# The keyword baseline: a handful of obvious words, matched as substrings of the folded text.
BASELINE_KEYWORDS = {
    "ASSAULT": ("قتل", "هجوم", "قصف", "انفجار", "اغتيال"),
    "PROTEST": ("مظاهر", "تظاهر", "احتجاج", "متظاهر"),
}


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def p(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def r(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.p, self.r
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, gold: bool, pred: bool) -> None:
        if gold and pred:
            self.tp += 1
        elif pred:
            self.fp += 1
        elif gold:
            self.fn += 1

    def as_dict(self) -> dict[str, float]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": round(self.p, 4), "recall": round(self.r, 4), "f1": round(self.f1, 4)}


def load_gsr(path: str | Path) -> list[dict[str, Any]]:
    p = Path(path)
    rows: list[dict[str, Any]] = []
    for n, row in jsonl_rows(p, Errors.E503):
        if not isinstance(row, dict) or not {"event_type", "label", "text"} <= set(row):
            raise RasdError(Errors.E503, path=p, reason=f"line {n}: needs event_type, label, text")
        rows.append(row)
    return rows


def baseline_predict(text: str, type_: str) -> bool:
    t = fold(text)
    return any(k in t for k in BASELINE_KEYWORDS[type_])


def _gold_label(label: str) -> bool | None:
    if label == "yes":
        return True
    if label in ("easy no", "difficult no"):
        return False
    return None


def gsr_features(doc, type_: str) -> dict[str, float]:
    """General, non-lexical features of a sentence's events of one type, for the scored
    detector: does the events layer find an occurrence, and how concrete is it (casualties,
    place, date words, instrument, source, several mentions), and how long is the sentence."""
    allev = [e for e in doc.events if e.type == type_]
    ev = [e for e in allev if not e.background and e.status not in ("planned", "denied")]
    text = doc.text
    return {
        "event": 1.0 if ev else 0.0,
        "events": float(len(ev)),
        "background": 1.0 if any(e.background for e in allev) else 0.0,
        "casualties": 1.0 if any(e.fatalities or e.injuries for e in allev) else 0.0,
        "place": 1.0 if any(e.location is not None and not e.location.dateline and e.location.inferred is None
                            for e in allev) else 0.0,
        "date": 1.0 if any(e.date is not None and e.date.start is not None for e in allev) else 0.0,
        "actor": 1.0 if any(e.actor is not None for e in allev) else 0.0,
        "target": 1.0 if any(e.target is not None for e in allev) else 0.0,
        "source": 1.0 if any(e.source is not None for e in allev) else 0.0,
        "instrument": 1.0 if any(e.instrument for e in allev) else 0.0,
        "evidence": float(max((len(e.evidence) for e in allev), default=0)),
        "day_word": 1.0 if _DAY_WORD.search(text) else 0.0,
        "number": 1.0 if any(t.kind == "num" for t in doc.tokens) else 0.0,
        "length": len(doc.tokens) / 50.0,
        "quote": 1.0 if "«" in text or "\"" in text else 0.0,
        "other_types": float(sum(1 for e in doc.events if e.type != type_)),
    }


_DAY_WORD = re.compile(r"(^|\s)(و?[أا]مس|اليوم|الليلة|فجر|صباح|مساء)")
SCORED_THRESHOLD = 0.25  # probability threshold of the scored detector (fixed, see docs/events.md)


def _train_logistic(X, y, l2: float = 1.0, iterations: int = 800, rate: float = 0.5):
    import numpy as np

    Xb = np.hstack([X, np.ones((len(X), 1))])
    w = np.zeros(Xb.shape[1])
    for _ in range(iterations):
        p = 1.0 / (1.0 + np.exp(-(Xb @ w)))
        w -= rate * (Xb.T @ (p - y) / len(y) + l2 * np.r_[w[:-1], 0.0] / len(y))
    return w


def cross_validated_scores(items: list[tuple[str, bool, dict[str, float], str]], folds: int = 5) -> dict[str, Any] | None:
    """Grouped k-fold cross-validation of a logistic detector over :func:`gsr_features`: the
    weights are learnt on the other folds (folds group the sentences of one article), so each
    sentence is scored by a model that never saw it or its article."""
    try:
        import numpy as np
    except ImportError:  # numpy comes with pyarrow/dask; without it the scored detector is skipped
        return None
    import random

    out: dict[str, Any] = {}
    for type_ in GSR_TYPES:
        rows = [it for it in items if it[0] == type_]
        if len(rows) < folds * 4:
            continue
        names = sorted(rows[0][2])
        X = np.array([[r[2][k] for k in names] for r in rows])
        y = np.array([1.0 if r[1] else 0.0 for r in rows])
        articles = sorted({r[3] for r in rows})
        random.Random(0).shuffle(articles)
        fold_of = {a: i % folds for i, a in enumerate(articles)}
        F = np.array([fold_of[r[3]] for r in rows])
        prf = PRF()
        for k in range(folds):
            tr, te = F != k, F == k
            if y[tr].sum() == 0 or te.sum() == 0:
                continue
            w = _train_logistic(X[tr], y[tr])
            p = 1.0 / (1.0 + np.exp(-(np.hstack([X[te], np.ones((int(te.sum()), 1))]) @ w)))
            for gold, prob in zip(y[te], p):
                prf.add(bool(gold), bool(prob >= SCORED_THRESHOLD))
        out[type_] = prf.as_dict()
    return out


def evaluate_gsr(rows: Iterable[dict[str, Any]], nlp=None, scored: bool = True) -> dict[str, Any]:
    """Score the events layer and the keyword baseline on GSR rows (and, when ``scored``, the
    cross-validated scored detector)."""
    from ..pipeline import Pipeline

    nlp = nlp or Pipeline()
    from ..components.events.detect import reports_event

    system = {t: PRF() for t in GSR_TYPES}
    layer = {t: PRF() for t in GSR_TYPES}
    base = {t: PRF() for t in GSR_TYPES}
    items: list[tuple[str, bool, dict[str, float], str]] = []
    n = 0
    elapsed = 0.0
    for row in rows:
        type_ = row["event_type"]
        gold = _gold_label(row["label"])
        if gold is None or type_ not in system:
            continue
        t0 = time.perf_counter()
        doc = nlp(row["text"])
        elapsed += time.perf_counter() - t0
        n += 1
        any_event = any(e.type == type_ and not e.background and e.status not in ("planned", "denied")
                        for e in doc.events)
        system[type_].add(gold, reports_event(doc, type_))
        layer[type_].add(gold, any_event)
        base[type_].add(gold, baseline_predict(row["text"], type_))
        if scored:
            article = str(row.get("id", n)).rsplit("-", 1)[0]
            items.append((type_, gold, gsr_features(doc, type_), article))
    return {
        "sentences": n,
        "seconds": round(elapsed, 3),
        "sentences_per_s": round(n / elapsed, 1) if elapsed else None,
        "system": {t: system[t].as_dict() for t in GSR_TYPES},
        "layer": {t: layer[t].as_dict() for t in GSR_TYPES},
        "baseline": {t: base[t].as_dict() for t in GSR_TYPES},
        "scored_cv": cross_validated_scores(items) if scored else None,
    }


# ---------------------------------------------------------------------------------------------
# our gold articles

ARGS = ("actor", "target", "place", "date", "status", "fatalities", "mode")


def load_gold(folder: str | Path) -> list[dict[str, Any]]:
    folder = Path(folder)
    files = sorted(folder.glob("*.json"))
    if not files:
        raise RasdError(Errors.E501, path=folder, reason="no *.json gold files")
    out = []
    for f in files:
        try:
            data = json.loads(f.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise RasdError(Errors.E501, path=f, reason=str(exc)) from exc
        for key in ("text", "events"):
            if key not in data:
                raise RasdError(Errors.E501, path=f, reason=f"missing {key!r}")
        for ev in data["events"]:
            if ev.get("trigger") and ev["trigger"] not in data["text"]:
                raise RasdError(Errors.E501, path=f, reason=f"trigger {ev['trigger']!r} not in the text")
        data["_file"] = f.name
        out.append(data)
    return out


def _gold_trigger_span(text: str, ev: dict[str, Any]) -> tuple[int, int]:
    trig = ev["trigger"]
    occ = ev.get("occurrence", 1)
    pos = -1
    for _ in range(occ):
        pos = text.find(trig, pos + 1)
    if pos < 0:
        raise RasdError(Errors.E501, path="gold", reason=f"trigger {trig!r} not found")
    return pos, pos + len(trig)


def _overlap(a: tuple[int, int], b: tuple[int | None, int | None]) -> bool:
    if b[0] is None or b[1] is None:
        return False
    return a[0] < b[1] and b[0] < a[1]


def _text_match(gold: str | None, pred) -> bool:
    """Actor/target: null matches null; a text matches when one contains the other (folded), or
    when at least half of the gold phrase's content words are in the prediction (article, clitic
    pronouns and nisba endings ignored: "تركية" ~ "الجيش التركي")."""
    from ..components.events.extract import _words

    if gold is None:
        return pred is None
    if pred is None or not pred.text:
        return False
    g, p = fold(gold), fold(pred.text)
    if g in p or p in g:
        return True
    gw, pw = _words(gold), _words(pred.text)
    if gw and len(gw & pw) * 2 >= len(gw):
        return True
    if pw and gw and len(gw & pw) * 2 >= len(pw) and len(pw) >= 1 and gw & pw:
        return True
    canon = getattr(pred, "canonical", None)
    return bool(canon) and (fold(canon) in g or g in fold(canon))


def _place_match(gold, pred) -> bool:
    if gold is None:
        return pred is None or pred.inferred == "dateline"
    if pred is None:
        return False
    if isinstance(gold, dict):
        if "country" in gold and pred.country:
            return fold(gold["country"]) == fold(pred.country) or gold["country"].upper() == pred.country.upper()
        gold = gold.get("name") or gold.get("country") or ""
    g = fold(gold)
    for cand in (pred.text, pred.name):
        if cand and (g in fold(cand) or fold(cand) in g):
            return True
    return False


def evaluate_gold(docs: list[dict[str, Any]], nlp=None) -> dict[str, Any]:
    from ..pipeline import analyze

    prf = PRF()
    by_type: dict[str, PRF] = {}
    arg_ok = {a: 0 for a in ARGS}
    arg_n = {a: 0 for a in ARGS}
    errors: list[str] = []
    t_total = 0.0
    for data in docs:
        t0 = time.perf_counter()
        doc = (nlp or analyze)(data["text"], published=data.get("published"))
        t_total += time.perf_counter() - t0
        doc.check_spans()
        preds = [e for e in doc.events if not e.background]  # background is flagged, not coded
        used: set[int] = set()
        for ev in data["events"]:
            gs = _gold_trigger_span(data["text"], ev)
            gsent = doc.sentence_of(gs[0])
            match = None
            for k, p in enumerate(preds):
                if k in used or p.type != ev["type"]:
                    continue
                if any(_overlap(gs, (s.start, s.end)) for s in p.evidence):
                    match = k
                    break
            if match is None:
                for k, p in enumerate(preds):
                    if k in used or p.type != ev["type"]:
                        continue
                    if any(s.start is not None and doc.sentence_of(s.start) == gsent for s in p.evidence):
                        match = k
                        break
            t = by_type.setdefault(ev["type"], PRF())
            if match is None:
                prf.fn += 1
                t.fn += 1
                errors.append(f"{data['_file']}: missed {ev['type']} {ev['trigger']!r}")
                continue
            used.add(match)
            prf.tp += 1
            t.tp += 1
            p = preds[match]
            checks = {
                "actor": _text_match(ev.get("actor"), p.actor),
                "target": _text_match(ev.get("target"), p.target),
                "place": _place_match(ev.get("place"), p.location),
                "date": (ev.get("date") is None and (p.date is None or p.date.inferred == "published"))
                or (p.date is not None and p.date.value_start == ev.get("date")),
                "status": p.status == ev.get("status", "reported"),
                "fatalities": p.fatalities == ev.get("fatalities"),
                "mode": ev.get("mode", "*") == "*" or p.mode == ev.get("mode"),
            }
            for a, ok in checks.items():
                if a == "mode" and ev.get("mode", "*") == "*":
                    continue
                arg_n[a] += 1
                arg_ok[a] += int(ok)
                if not ok:
                    got = {"actor": p.actor and p.actor.text, "target": p.target and p.target.text,
                           "place": p.location and (p.location.name or p.location.text),
                           "date": p.date and p.date.value_start, "status": p.status,
                           "fatalities": p.fatalities, "mode": p.mode}[a]
                    want = {"place": ev.get("place")}.get(a, ev.get(a))
                    errors.append(f"{data['_file']}: {ev['type']} {ev['trigger']!r} {a}: gold {want!r} got {got!r}")
        for k, p in enumerate(preds):
            if k not in used:
                prf.fp += 1
                by_type.setdefault(p.type, PRF()).fp += 1
                errors.append(f"{data['_file']}: spurious {p.type} {p.trigger.text!r}")
    return {
        "articles": len(docs),
        "events": prf.as_dict(),
        "by_type": {k: v.as_dict() for k, v in sorted(by_type.items())},
        "arguments": {a: {"correct": arg_ok[a], "total": arg_n[a],
                          "accuracy": round(arg_ok[a] / arg_n[a], 4) if arg_n[a] else None} for a in ARGS},
        "ms_per_article": round(1000 * t_total / max(1, len(docs)), 2),
        "errors": errors,
    }
