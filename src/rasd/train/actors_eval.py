"""Scoring actor linking against gold mentions (``rasd evaluate actors``).

Gold files are JSON documents (``tests/resources/actors/{dev,heldout}/*.json``, built from the
marked-up ``articles_*.txt`` by ``build_gold.py`` there)::

    {"id", "country", "source", "split", "text",
     "entities": [{"start", "end", "text", "label", "actor_id", "role", "affiliation", "ref"}]}

``actor_id`` is a dictionary id or null (NIL: a name the dictionary does not hold); ``role`` and
``affiliation`` (an actor id, or the organisation's name as written when it has none) are given
for persons; ``ref`` marks a short back-reference to a person named in full earlier (its value
is that fuller mention's text).

Measures (micro-averaged over the set; a mention is *found* when a predicted entity has exactly
its span):

- **mention linking** P/R/F1: a predicted link (an entity with an ``actor_id``) is correct when a
  gold mention has the same span and the same ``actor_id``;
- **mention spans** P/R/F1 (any entity, exact span), the ceiling that the tagger and the clitic
  trimming set for everything else;
- **actor_id accuracy**: of the gold-linked mentions found, those given the gold id;
- **NIL accuracy**: of the gold NIL mentions found, those left without an id;
- **coreference of short mentions**: of the gold ``ref`` mentions (found or not), those found and
  resolved: same id as gold when gold has one, else ``canonical`` equal (folded) to the ``ref``;
- **role / affiliation accuracy** over the gold person mentions found (null = null counts as
  correct), and over those whose gold value is set;
- **latin coverage**: of the gold mentions found, those with a ``latin`` name.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Errors, RasdError
from ..text import fold
from .gold import gold_files, news_sample_texts

DEFAULT_COMPONENTS = ("sentences", "tokens", "entities", "actors")
_FIELDS = ("start", "end", "text", "label", "actor_id", "role", "affiliation", "ref")


@dataclass
class GoldDoc:
    id: str
    text: str
    entities: list[dict[str, Any]]
    country: str | None = None
    source: str | None = None
    split: str | None = None
    path: str = ""


def load_gold(folder: str | Path) -> list[GoldDoc]:
    """Read and check every ``*.json`` gold file under ``folder`` (subfolders included)."""
    out: list[GoldDoc] = []
    for p, data in gold_files(folder, Errors.E230, recursive=True):
        text = data.get("text") if isinstance(data, dict) else None
        ents = data.get("entities") if isinstance(data, dict) else None
        if not isinstance(text, str) or not isinstance(ents, list):
            raise RasdError(Errors.E230, path=str(p), reason="expected 'text' and an 'entities' list")
        for n, e in enumerate(ents):
            if not isinstance(e, dict) or not isinstance(e.get("start"), int) or not isinstance(e.get("end"), int):
                raise RasdError(Errors.E230, path=str(p), reason=f"entity {n}: start/end must be integers")
            if text[e["start"]:e["end"]] != e.get("text"):
                raise RasdError(Errors.E230, path=str(p),
                                reason=f"entity {n}: {e.get('text')!r} is not at [{e['start']}, {e['end']})")
        out.append(GoldDoc(str(data.get("id") or p.stem), text, [{k: e.get(k) for k in _FIELDS} for e in ents],
                           data.get("country"), data.get("source"), data.get("split"), str(p)))
    if not out:
        raise RasdError(Errors.E230, path=str(folder), reason="no *.json gold files")
    return out


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"p": p, "r": r, "f1": f, "tp": tp, "pred": n_pred, "gold": n_gold}


def _same(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return a == b or fold(a) == fold(b)


@dataclass
class ActorScores:
    docs: int = 0
    gold_mentions: int = 0
    pred_mentions: int = 0
    span_tp: int = 0
    gold_links: int = 0
    pred_links: int = 0
    link_tp: int = 0
    linked_found: int = 0
    linked_right: int = 0
    nil_found: int = 0
    nil_right: int = 0
    ref_total: int = 0
    ref_found: int = 0
    ref_right: int = 0
    per_found: int = 0
    role_right: int = 0
    aff_right: int = 0
    role_set: int = 0
    role_set_right: int = 0
    aff_set: int = 0
    aff_set_right: int = 0
    found: int = 0
    latin: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        def acc(a: int, b: int) -> float:
            return a / b if b else 0.0

        return {
            "docs": self.docs,
            "gold_mentions": self.gold_mentions,
            "pred_mentions": self.pred_mentions,
            "linking": _prf(self.link_tp, self.pred_links, self.gold_links),
            "spans": _prf(self.span_tp, self.pred_mentions, self.gold_mentions),
            "actor_id_accuracy": acc(self.linked_right, self.linked_found), "linked_found": self.linked_found,
            "nil_accuracy": acc(self.nil_right, self.nil_found), "nil_found": self.nil_found,
            "coref_accuracy": acc(self.ref_right, self.ref_total), "coref_total": self.ref_total,
            "coref_found": self.ref_found,
            "role_accuracy": acc(self.role_right, self.per_found),
            "affiliation_accuracy": acc(self.aff_right, self.per_found), "persons_found": self.per_found,
            "role_accuracy_set": acc(self.role_set_right, self.role_set), "roles_set": self.role_set,
            "affiliation_accuracy_set": acc(self.aff_set_right, self.aff_set), "affiliations_set": self.aff_set,
            "latin_coverage": acc(self.latin, self.found), "found": self.found,
        }


def score_doc(gold: GoldDoc, doc, scores: ActorScores) -> None:
    """Add one document's counts (and its errors) to ``scores``."""
    preds = [e for e in doc.entities if e.start is not None and e.end is not None]
    by_span: dict[tuple[int, int], Any] = {}
    for e in preds:
        by_span.setdefault((e.start, e.end), e)
    gold_spans = {(g["start"], g["end"]) for g in gold.entities}
    scores.docs += 1
    scores.gold_mentions += len(gold.entities)
    scores.pred_mentions += len(by_span)
    gold_links = {(g["start"], g["end"], g["actor_id"]) for g in gold.entities if g["actor_id"]}
    pred_links = {(s, e, p.actor_id) for (s, e), p in by_span.items() if p.actor_id}
    scores.gold_links += len(gold_links)
    scores.pred_links += len(pred_links)
    scores.link_tp += len(gold_links & pred_links)

    def err(kind: str, g: dict | None, p) -> None:
        rec: dict[str, Any] = {"doc": gold.id, "error": kind}
        if g is not None:
            rec["gold"] = {k: g[k] for k in ("text", "start", "label", "actor_id", "role", "affiliation", "ref") if g[k] is not None}
        if p is not None:
            rec["pred"] = {k: v for k, v in (("text", p.text), ("start", p.start), ("label", p.label),
                                              ("actor_id", p.actor_id), ("canonical", p.canonical),
                                              ("role", p.role), ("affiliation", p.affiliation)) if v is not None}
        scores.errors.append(rec)

    for g in gold.entities:
        p = by_span.get((g["start"], g["end"]))
        if g["ref"]:
            scores.ref_total += 1
        if p is None:
            overlap = next((q for q in preds if q.start < g["end"] and g["start"] < q.end), None)
            err("span" if overlap is not None else "missed", g, overlap)
            continue
        scores.span_tp += 1
        scores.found += 1
        if p.latin:
            scores.latin += 1
        if g["actor_id"]:
            scores.linked_found += 1
            if p.actor_id == g["actor_id"]:
                scores.linked_right += 1
            else:
                err("wrong id" if p.actor_id else "not linked", g, p)
        else:
            scores.nil_found += 1
            if p.actor_id is None:
                scores.nil_right += 1
            else:
                err("linked a NIL", g, p)
        if g["ref"]:
            scores.ref_found += 1
            ok = (p.actor_id == g["actor_id"]) if g["actor_id"] else (
                p.actor_id is None and p.canonical is not None and fold(p.canonical) == fold(g["ref"]))
            if ok:
                scores.ref_right += 1
            else:
                err("coref", g, p)
        if g["label"] == "PER":
            scores.per_found += 1
            role_ok = _same(p.role, g["role"])
            aff_ok = _same(p.affiliation, g["affiliation"])
            scores.role_right += role_ok
            scores.aff_right += aff_ok
            if g["role"]:
                scores.role_set += 1
                scores.role_set_right += role_ok
            if g["affiliation"]:
                scores.aff_set += 1
                scores.aff_set_right += aff_ok
            if not role_ok:
                err("role", g, p)
            if not aff_ok:
                err("affiliation", g, p)
    for (s, e), p in by_span.items():
        if (s, e) not in gold_spans and not any(g["start"] < e and s < g["end"] for g in gold.entities):
            err("spurious", None, p)


def evaluate(docs: Iterable[GoldDoc], components: Iterable[str] = DEFAULT_COMPONENTS,
             pipeline=None) -> ActorScores:
    """Run the pipeline (or ``pipeline``) on each gold text and score its entities."""
    if pipeline is None:
        from ..pipeline import Pipeline

        pipeline = Pipeline(list(components))
    scores = ActorScores()
    for g in docs:
        doc = pipeline(g.text)
        doc.check_spans()
        score_doc(g, doc, scores)
    return scores


def speed(n: int = 1000, components: Iterable[str] = ("sentences", "tokens", "entities")) -> dict[str, Any]:
    """Time the actors component alone over the first ``n`` news_sample articles (shared data).

    The layers it reads are computed first, then the component runs over fresh copies of the NER
    entities three times; the first pass (cold key cache, as in a one-pass benchmark) and the best
    pass are reported, in CPU time (``time.process_time``) and wall time.
    """
    import time

    from ..components.actors import ActorLinker, get_dictionary
    from ..doc import Entity
    from ..pipeline import Pipeline

    texts = news_sample_texts(n, Errors.E230)
    pre = Pipeline(list(components))
    docs = [pre(t) for t in texts]
    originals = [[Entity.from_dict(e.to_dict()) for e in d.entities] for d in docs]
    linker = ActorLinker(get_dictionary())
    cpus, walls = [], []
    for _run in range(3):
        for d, ents in zip(docs, originals):
            d.entities = [Entity.from_dict(e.to_dict()) for e in ents]
        c0, w0 = time.process_time(), time.perf_counter()
        for d in docs:
            linker(d)
        cpus.append(time.process_time() - c0)
        walls.append(time.perf_counter() - w0)
    k = max(len(docs), 1)
    return {"articles": len(docs), "chars_per_article": sum(len(d.text) for d in docs) / k,
            "linked": sum(1 for d in docs for e in d.entities if e.actor_id),
            "cpu_ms_per_article": min(cpus) / k * 1000, "cpu_ms_first_pass": cpus[0] / k * 1000,
            "wall_ms_per_article": min(walls) / k * 1000}


__all__ = ["DEFAULT_COMPONENTS", "ActorScores", "GoldDoc", "evaluate", "load_gold", "score_doc", "speed"]
