"""Scoring quote extraction against gold quotes (the Citron / PARC measures).

Gold files are JSON documents (``tests/resources/quotes/NN_*.json``)::

    {"id", "published", "source", "text",
     "quotes": [{"cue", "cue_start", "speaker", "speaker_start", "content", "content_start",
                 "direct", "anonymous", "outlet", "stance", "chain": [{"text", "start"}],
                 "statement"}]}

Measures (all micro-averaged over the set):

- **cue** P/R/F1, *exact* (same span) and *overlap* (the spans share a character); cues are
  matched one to one, independently of the rest of the quote.
- **content** P/R/F1: predicted and gold quotes are paired one to one by content overlap (most
  shared word tokens first). *exact*: the spans are equal. *overlap*: PARC/Citron-style partial
  credit from token overlap: precision = shared tokens / predicted content tokens, recall =
  shared tokens / gold content tokens, summed over the set. *any-overlap* (a pair shares at least
  one token) is reported too.
- **source** (speaker) P/R/F1 over paired quotes, *exact* and *overlap* (shares a character);
  a pair where both speakers are absent counts as correct. **speaker accuracy** = correct /
  paired gold quotes (exact and overlap).
- **whole quote** P/R/F1: a predicted quote counts when it is paired and its cue, speaker and
  content all overlap the gold ones.
- attribute accuracy over pairs: direct, anonymous, stance, statement, outlet (folded text, or the
  canonical name of an entity written as the gold outlet),
  chain (same number of links, each overlapping).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Errors, RasdError
from ..text import fold
from .gold import gold_files, news_sample_texts

_WORD_KINDS = ("word", "num", "latin")


@dataclass
class GoldDoc:
    id: str
    text: str
    published: str | None
    source: str | None
    quotes: list[dict[str, Any]]
    path: str = ""


def load_gold(folder: str | Path) -> list[GoldDoc]:
    """Read and check every ``*.json`` gold file in ``folder`` (offsets must match the text)."""
    out: list[GoldDoc] = []
    for p, data in gold_files(folder, Errors.E401):
        text = data.get("text")
        if not isinstance(text, str):
            raise RasdError(Errors.E401, path=str(p), reason="missing 'text'")
        for n, q in enumerate(data.get("quotes", [])):
            for key in ("cue", "content", "speaker"):
                val, start = q.get(key), q.get(f"{key}_start")
                if val is None and key == "speaker":
                    continue
                if not isinstance(start, int) or text[start:start + len(val)] != val:
                    raise RasdError(Errors.E401, path=str(p),
                                    reason=f"quote {n}: {key} {val!r} is not at offset {start}")
            for link in q.get("chain", []):
                if text[link["start"]:link["start"] + len(link["text"])] != link["text"]:
                    raise RasdError(Errors.E401, path=str(p), reason=f"quote {n}: chain link {link['text']!r} misplaced")
        out.append(GoldDoc(data.get("id") or p.stem, text, data.get("published"), data.get("source"),
                           list(data.get("quotes", [])), str(p)))
    if not out:
        raise RasdError(Errors.E401, path=str(folder), reason="no *.json gold files")
    return out


def _span(start: int | None, text: str | None) -> tuple[int, int] | None:
    if start is None or text is None:
        return None
    return start, start + len(text)


def _ov(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    return a is not None and b is not None and a[0] < b[1] and b[0] < a[1]


@dataclass
class _Counts:
    tp: float = 0.0
    n_pred: float = 0.0
    n_gold: float = 0.0

    def prf(self) -> dict[str, float]:
        p = self.tp / self.n_pred if self.n_pred else 0.0
        r = self.tp / self.n_gold if self.n_gold else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"p": p, "r": r, "f1": f}


@dataclass
class QuoteScores:
    docs: int = 0
    gold: int = 0
    pred: int = 0
    pairs: int = 0
    counts: dict[str, _Counts] = field(default_factory=dict)
    attr: dict[str, list[int]] = field(default_factory=dict)  # name -> [correct, total]
    errors: list[dict[str, Any]] = field(default_factory=list)

    def c(self, name: str) -> _Counts:
        return self.counts.setdefault(name, _Counts())

    def a(self, name: str, ok: bool) -> None:
        v = self.attr.setdefault(name, [0, 0])
        v[0] += int(ok)
        v[1] += 1

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"docs": self.docs, "gold_quotes": self.gold, "pred_quotes": self.pred,
                               "pairs": self.pairs}
        for name, cnt in self.counts.items():
            out[name] = cnt.prf()
        for name, (ok, tot) in self.attr.items():
            out[f"{name}_accuracy"] = ok / tot if tot else 0.0
        return out


def _tokens_in(tokens, span: tuple[int, int]) -> set[int]:
    return {i for i, t in enumerate(tokens) if t.kind in _WORD_KINDS and t.start >= span[0] and t.end <= span[1]
            or t.kind in _WORD_KINDS and t.start < span[1] and span[0] < t.end}


def score_doc(doc, gold: GoldDoc, sc: QuoteScores) -> None:
    """Add one document's predicted quotes (``doc.quotes``) against its gold quotes to ``sc``."""
    toks = doc.tokens
    preds = doc.quotes
    golds = gold.quotes
    sc.docs += 1
    sc.gold += len(golds)
    sc.pred += len(preds)
    # cues, independently
    p_cues = [(q.cue.start, q.cue.end) for q in preds]
    g_cues = [_span(g["cue_start"], g["cue"]) for g in golds]
    for mode in ("exact", "overlap"):
        used: set[int] = set()
        tp = 0
        for gc in g_cues:
            for k, pc in enumerate(p_cues):
                if k in used:
                    continue
                if (pc == gc) if mode == "exact" else _ov(pc, gc):
                    used.add(k)
                    tp += 1
                    break
        cnt = sc.c(f"cue_{mode}")
        cnt.tp += tp
        cnt.n_pred += len(p_cues)
        cnt.n_gold += len(g_cues)
    # pair quotes by content token overlap
    p_tok = [_tokens_in(toks, (q.content.start, q.content.end)) for q in preds]
    g_spans = [_span(g["content_start"], g["content"]) for g in golds]
    g_tok = [_tokens_in(toks, s) for s in g_spans]
    cand = []
    for gi, gt in enumerate(g_tok):
        for pi, pt in enumerate(p_tok):
            shared = len(gt & pt)
            if shared:
                cand.append((shared, gi, pi))
    cand.sort(key=lambda x: (-x[0], x[1], x[2]))
    pair_of: dict[int, int] = {}
    used_p: set[int] = set()
    for shared, gi, pi in cand:
        if gi in pair_of or pi in used_p:
            continue
        pair_of[gi] = pi
        used_p.add(pi)
    sc.pairs += len(pair_of)
    # an outlet may be given as written or as the canonical name the actor layer links it to
    canon: dict[str, set[str]] = {}
    for en in doc.entities:
        if en.text and en.canonical:
            canon.setdefault(fold(en.text.strip("«»\"“” ")), set()).add(fold(en.canonical))
    ce, ca, ct = sc.c("content_exact"), sc.c("content_any_overlap"), sc.c("content_overlap")
    ce.n_pred += len(preds)
    ce.n_gold += len(golds)
    ca.n_pred += len(preds)
    ca.n_gold += len(golds)
    ct.n_pred += sum(len(t) for t in p_tok)
    ct.n_gold += sum(len(t) for t in g_tok)
    se, so = sc.c("source_exact"), sc.c("source_overlap")
    wq = sc.c("whole_quote")
    wq.n_pred += len(preds)
    wq.n_gold += len(golds)
    se.n_pred += sum(1 for q in preds if q.speaker is not None and q.speaker.start is not None)
    so.n_pred += sum(1 for q in preds if q.speaker is not None and q.speaker.start is not None)
    se.n_gold += sum(1 for g in golds if g.get("speaker"))
    so.n_gold += sum(1 for g in golds if g.get("speaker"))
    for gi, g in enumerate(golds):
        pi = pair_of.get(gi)
        gsp = _span(g.get("speaker_start"), g.get("speaker"))
        if pi is None:
            sc.errors.append({"doc": gold.id, "kind": "missed", "gold": g.get("content"), "cue": g["cue"]})
            continue
        q = preds[pi]
        pc = (q.content.start, q.content.end)
        ce.tp += int(pc == g_spans[gi])
        ca.tp += 1
        ct.tp += len(g_tok[gi] & p_tok[pi])
        psp = (q.speaker.start, q.speaker.end) if q.speaker is not None and q.speaker.start is not None else None
        s_exact = psp == gsp
        s_over = (psp is None and gsp is None) or _ov(psp, gsp)
        if gsp is not None and psp is not None:
            se.tp += int(s_exact)
            so.tp += int(s_over)
        if gsp is not None:
            sc.a("speaker_exact", s_exact)
            sc.a("speaker", s_over)
        cue_ok = _ov((q.cue.start, q.cue.end), g_cues[gi])
        if cue_ok and s_over:
            wq.tp += 1
        sc.a("direct", q.direct == bool(g.get("direct")))
        sc.a("anonymous", q.anonymous == bool(g.get("anonymous")))
        sc.a("stance", (q.stance or "neutral") == (g.get("stance") or "neutral"))
        sc.a("statement", q.statement == bool(g.get("statement")))
        go, po = g.get("outlet"), q.outlet
        ok = (go is None and po is None) or (go is not None and po is not None and (
            fold(po) == fold(go) or fold(po) in canon.get(fold(go), ()) or fold(po) in canon.get(fold("ال" + go), ())))
        sc.a("outlet", ok)
        gch = [_span(x["start"], x["text"]) for x in g.get("chain", [])]
        pch = [(x.start, x.end) for x in q.chain if x.start is not None]
        sc.a("chain", len(gch) == len(pch) and all(_ov(a, b) for a, b in zip(gch, pch)))
        if not (cue_ok and s_over and pc == g_spans[gi]):
            sc.errors.append({
                "doc": gold.id, "kind": "pair", "cue": (g["cue"], q.cue.text),
                "speaker": (g.get("speaker"), q.speaker.text if q.speaker else None),
                "content": (g["content"], q.content.text) if pc != g_spans[gi] else None,
            })
    for pi, q in enumerate(preds):
        if pi not in used_p:
            sc.errors.append({"doc": gold.id, "kind": "spurious", "cue": q.cue.text, "content": q.content.text,
                              "speaker": q.speaker.text if q.speaker else None})


DEFAULT_COMPONENTS = ("sentences", "tokens", "entities", "actors", "quotes")


def evaluate(gold_docs: Iterable[GoldDoc], components: Iterable[str] = DEFAULT_COMPONENTS) -> QuoteScores:
    """Run a pipeline over the gold texts and score its quotes."""
    from ..pipeline import Pipeline, make_doc

    nlp = Pipeline(list(components))
    sc = QuoteScores()
    for g in gold_docs:
        doc = nlp(make_doc(g.text, published=g.published, id=g.id, source=g.source))
        doc.check_spans()
        score_doc(doc, g, sc)
    return sc


def speed(n: int = 500, components: Iterable[str] = ("sentences", "tokens", "entities", "actors")) -> dict[str, Any]:
    """Time the quotes component alone over the first ``n`` news_sample articles (shared data).

    The layers it reads are computed first; then the component runs three times over the same
    documents and the best run counts. CPU time (``time.process_time``) is reported beside wall
    time, because the wall clock on a shared machine measures the neighbours too.
    """
    import time

    from ..components.quotes import QuoteExtractor
    from ..pipeline import Pipeline

    texts = news_sample_texts(n, Errors.E401)
    pre = Pipeline(list(components))
    docs = [pre(t) for t in texts]
    comp = QuoteExtractor()
    _ = comp.lexicon
    cpu = wall = float("inf")
    for _run in range(3):
        c0, w0 = time.process_time(), time.perf_counter()
        for d in docs:
            comp(d)
        cpu = min(cpu, time.process_time() - c0)
        wall = min(wall, time.perf_counter() - w0)
    k = max(len(docs), 1)
    return {"articles": len(docs), "quotes": sum(len(d.quotes) for d in docs),
            "chars_per_article": sum(len(d.text) for d in docs) / k,
            "cpu_ms_per_article": cpu / k * 1000, "wall_ms_per_article": wall / k * 1000}


__all__ = ["speed", "DEFAULT_COMPONENTS", "GoldDoc", "QuoteScores", "evaluate", "load_gold", "score_doc"]
