"""Named entities (PER, ORG, LOC, MISC) with a CRF tagger trained by ``rasd train ner``.

The model directory (by default the shipped ``rasd/resources/ner``) holds ``model.crfsuite``
and the feature lexicons (``lexicon.tsv``, ``places.tsv``, ``clusters.tsv``). It is loaded on
first use and shared per process.

Entities never include the proclitics و ف ب ل ك: an entity starts at the first token's
``base_start`` ("والعراق" -> "العراق", keeping the article), and punctuation or bare clitic
tokens at an entity's edges ("لـ«حزب الله»" -> "حزب الله") are left out.

Decoding uses :class:`rasd.train.crf.FastCRF` (numpy Viterbi over all sentences of a document at
once; the same labels as ``pycrfsuite``). ``scores=True`` also fills ``Entity.score`` with the
mean marginal probability of the entity's labels (forward-backward; it costs about 40% more
time, so it is off in the default pipeline). ``propagate`` (on) tags later mentions of a name
found elsewhere in the document (see :meth:`EntityRecognizer._propagate`).
"""

from __future__ import annotations

from itertools import pairwise
from operator import attrgetter
from pathlib import Path
from typing import Any

import numpy as np

from ..doc import Doc, Entity, Token
from ..errors import Errors, RasdError

_LOADED: dict[str, tuple[Any, Any, Any]] = {}
_SENT = attrgetter("sent")
_CLITIC_ONLY = frozenset({"و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك"})
# last words of person names that are not surnames on their own (keys: folded stems)
_NOT_SURNAME = frozenset({"الله", "له", "دين", "رحمن", "عزيز", "ابن", "بن", "ابو", "جديد", "ثاني", "اول"})


def load_model(path: str | Path | None = None) -> tuple[Any, Any, Any]:
    """(pycrfsuite.Tagger, Featurizer, FastCRF) for a model directory, cached per process."""
    from ..resources import resource_path

    folder = Path(path) if path is not None else resource_path("ner")
    if folder.is_file():
        folder = folder.parent
    key = str(folder.resolve())
    got = _LOADED.get(key)
    if got is not None:
        return got
    model = folder / "model.crfsuite"
    if not model.exists():
        raise RasdError(Errors.E201, path=model)
    import pycrfsuite

    from ..train.crf import FastCRF
    from ..train.features import Featurizer, Lexicon, load_clusters

    tagger = pycrfsuite.Tagger()
    try:
        tagger.open(str(model))
    except (OSError, ValueError) as exc:
        raise RasdError(Errors.E205, path=model, reason=repr(exc)) from exc
    known = frozenset(attr for attr, _label in tagger.info().state_features)
    feats = Featurizer(Lexicon.load(folder), load_clusters(folder / "clusters.tsv"), known=known)
    got = _LOADED[key] = (tagger, feats, FastCRF(tagger, feats))
    return got


class EntityRecognizer:
    name = "entities"
    reads: tuple[str, ...] = ("sentences", "tokens")
    sets: tuple[str, ...] = ("entities",)

    def __init__(self, model: str | Path | None = None, scores: bool = False, propagate: bool = True) -> None:
        self.model = model
        self.scores = scores
        self.propagate = propagate
        self._tagger = None
        self._feats = None
        self._fast = None

    def __getstate__(self) -> dict[str, Any]:  # the C tagger does not pickle; reload lazily
        return {"model": self.model, "scores": self.scores, "propagate": self.propagate}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(**state)

    def _load(self) -> None:
        self._tagger, self._feats, self._fast = load_model(self.model)

    def tag(self, tokens: list[Token]) -> tuple[list[str], list[float] | None]:
        """BIO labels (and per-token marginals when ``scores``) for one sentence of tokens, with
        crfsuite's own tagger: the reference the batched decoder of ``__call__`` is checked against."""
        if self._tagger is None:
            self._load()
        tagger = self._tagger
        labels = tagger.tag(self._feats.sentence(tokens))
        probs = None
        if self.scores and any(lab != "O" for lab in labels):
            marginal = tagger.marginal
            probs = [marginal(lab, i) if lab != "O" else 0.0 for i, lab in enumerate(labels)]
        return labels, probs

    def __call__(self, doc: Doc) -> Doc:
        if self._tagger is None:
            self._load()
        toks = doc.tokens
        n = len(toks)
        found: list[tuple[int, int, str, float | None]] = []  # token spans over the document
        keys: list[str] = []
        if n:
            sent = np.fromiter(map(_SENT, toks), dtype=np.int64, count=n)
            cuts = (np.flatnonzero(sent[1:] != sent[:-1]) + 1).tolist()
            bounds = list(pairwise([0, *cuts, n]))
            fast = self._fast
            # every text, short ones too, goes through the batched decoder: crfsuite's own tagger
            # (:meth:`tag`) rebuilds every word's feature strings and costs more, even for a
            # short text, since the decoder caches its words' weights
            ids, probs = fast.decode(fast.emissions(toks, bounds, keys), bounds, marginals=self.scores,
                                     as_ids=True)
            kinds, types = fast.label_kinds, fast.label_types
            # BIO spans from the tokens not labelled O: a span goes on over consecutive tokens
            # of one sentence labelled I- of its type
            spans = []
            cutset = set(cuts)
            start = prev = -2
            cur = None
            for i in np.flatnonzero(np.array(ids) != fast.outside).tolist():
                y = ids[i]
                if i == prev + 1 and kinds[y] == "I" and types[y] == cur and i not in cutset:
                    prev = i
                    continue
                if cur is not None:
                    spans.append((start, prev + 1, cur))
                start = prev = i
                cur = types[y]
            if cur is not None:
                spans.append((start, prev + 1, cur))
            for a, b, label in spans:
                a, b = _trim(toks, a, b)
                if a < b:
                    score = round(sum(probs[a:b]) / (b - a), 4) if probs is not None else None
                    found.append((a, b, label, score))
        if self.propagate and found:
            found = self._propagate(toks, found, keys)
        text = doc.text
        entities = []
        for a, b, label, score in found:
            first = toks[a]
            start = first.base_start if first.kind == "word" and first.base_start >= 0 else first.start
            end = toks[b - 1].end
            entities.append(Entity(start, end, text[start:end], label=label, score=score))
        doc.entities = entities
        return doc

    def _propagate(self, toks: list[Token], found: list, keys: list[str] | None = None) -> list:
        """Tag later (or earlier) mentions of a name the tagger found elsewhere in the document:
        the same word sequence, and a person's last name alone ("الحميداوي" after
        "علي الحميداوي"). Only words of three letters or more, within one sentence."""
        if not keys or len(keys) != len(toks):
            word = self._feats.word
            keys = [word(t)[5] for t in toks]
        known: dict[str, list[tuple[tuple[str, ...], str, float | None]]] = {}
        covered = bytearray(len(toks))
        for a, b, label, score in found:
            for k in range(a, b):
                covered[k] = 1
            if any(toks[k].kind != "word" for k in range(a, b)):  # (keys of words only)
                continue
            seq = tuple(keys[a:b])
            if len(seq[0]) < 3:
                continue
            known.setdefault(seq[0], []).append((seq, label, score))
            if label == "PER" and b - a >= 2 and len(seq[-1]) >= 4 and seq[-1] not in _NOT_SURNAME:
                known.setdefault(seq[-1], []).append(((seq[-1],), label, score))
        for v in known.values():
            v.sort(key=lambda x: -len(x[0]))
        extra = []
        n = len(toks)
        # the positions whose key starts a known sequence, in order (a match covers its tokens,
        # so positions inside an earlier match are passed over as covered)
        for i in [i for i, k in enumerate(keys) if k in known]:
            if covered[i] or toks[i].kind != "word":
                continue
            for seq, label, score in known[keys[i]]:
                m = len(seq)
                if (i + m <= n and tuple(keys[i:i + m]) == seq and not any(covered[i:i + m])
                        and toks[i + m - 1].sent == toks[i].sent
                        and all(toks[k].kind == "word" for k in range(i + 1, i + m))):
                    extra.append((i, i + m, label, score))
                    for k in range(i, i + m):
                        covered[k] = 1
                    break
        if not extra:
            return found
        return sorted(found + extra)


def _trim(toks: list[Token], a: int, b: int) -> tuple[int, int]:
    while a < b and (toks[a].kind in ("punct", "other") or toks[a].norm in _CLITIC_ONLY):
        a += 1
    while b > a and toks[b - 1].kind in ("punct", "other"):
        b -= 1
    return a, b


def _spans(labels: list[str]) -> list[tuple[int, int, str]]:
    spans = []
    start = None
    cur = None
    for k, t in enumerate(labels):
        if t == "O" or t[0] == "B" or t[2:] != cur:
            if start is not None:
                spans.append((start, k, cur))
                start = cur = None
            if t != "O":
                start, cur = k, t[2:]
    if start is not None:
        spans.append((start, len(labels), cur))
    return spans
