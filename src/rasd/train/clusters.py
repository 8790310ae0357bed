"""Brown-style word clusters for NER features, built here from unlabelled text.

A word (its folded, clitic-stripped stem, as :class:`rasd.train.features.Featurizer` keys it) is
represented by the words seen just before and just after it (counts over the 1,000 most frequent
words, positive PMI), reduced to 64 dimensions by an SVD, and placed in a binary tree by
recursive 2-means. Its cluster is the path from the root (a bit string, like a Brown cluster), so
features at several prefix lengths give coarse and fine word classes.

Text used (``rasd train ner --clusters``): the words of the training files (ANERcorp train,
Wojood train and val) and the Arabic news sentences of ``event_gsr_dev`` (MIT). Never the test
files, and never ``news_sample`` (its licence forbids shipping what is derived from it).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..text import fold
from ..text.clitics import segment
from ..text.normalize import norm
from ..text.tokens import tokenize


def _keys(text: str) -> list[str]:
    out = []
    for t in tokenize(text):
        if t.kind == "word":
            out.append(fold(segment(t.norm).stem))
        elif t.kind == "num":
            out.append("<num>")
        else:
            out.append(fold(norm(t.text)))
    return out


def corpus_from(conll: Sequence[Path] = (), jsonl: Sequence[Path] = (), field: str = "text") -> list[list[str]]:
    sents: list[list[str]] = []
    for p in conll:
        words: list[str] = []
        for line in Path(p).read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if not parts:
                if words:
                    sents.append(_keys(" ".join(words)))
                    words = []
            else:
                words.append(parts[0])
        if words:
            sents.append(_keys(" ".join(words)))
    for p in jsonl:
        for line in Path(p).read_text(encoding="utf-8").splitlines():
            if line.strip():
                sents.append(_keys(json.loads(line).get(field) or ""))
    return sents


def build(sents: Iterable[list[str]], min_count: int = 2, n_context: int = 1000, dims: int = 64,
          depth: int = 14, seed: int = 7) -> dict[str, str]:
    import numpy as np

    sents = [s for s in sents if s]
    freq = Counter(w for s in sents for w in s)
    vocab = [w for w, c in freq.most_common() if c >= min_count]
    index = {w: i for i, w in enumerate(vocab)}
    ctx = {w: i for i, w in enumerate(vocab[:n_context])}
    m = np.zeros((len(vocab), 2 * n_context), dtype=np.float32)
    for s in sents:
        for i, w in enumerate(s):
            r = index.get(w)
            if r is None:
                continue
            if i > 0:
                c = ctx.get(s[i - 1])
                if c is not None:
                    m[r, c] += 1
            if i + 1 < len(s):
                c = ctx.get(s[i + 1])
                if c is not None:
                    m[r, n_context + c] += 1
    total = m.sum()
    row = m.sum(1, keepdims=True) + 1e-9
    col = m.sum(0, keepdims=True) + 1e-9
    with np.errstate(divide="ignore"):
        pmi = np.log(m * total / (row * col))
    pmi[~np.isfinite(pmi)] = 0.0
    pmi = np.maximum(pmi, 0.0)
    # SVD through the small Gram matrix
    gram = pmi.T @ pmi
    vals, vecs = np.linalg.eigh(gram)
    top = vecs[:, np.argsort(vals)[::-1][:dims]]
    emb = pmi @ top
    emb /= np.linalg.norm(emb, axis=1, keepdims=True) + 1e-9
    rng = np.random.default_rng(seed)
    codes = [""] * len(vocab)

    def split(ids: np.ndarray, prefix: str) -> None:
        for i in ids:
            codes[i] = prefix
        if len(prefix) >= depth or len(ids) < 8:
            return
        x = emb[ids]
        cent = x[rng.choice(len(ids), 2, replace=False)]
        for _ in range(12):
            d = x @ cent.T
            lab = d[:, 1] > d[:, 0]
            if lab.all() or not lab.any():
                return
            cent = np.stack([x[~lab].mean(0), x[lab].mean(0)])
        split(ids[~lab], prefix + "0")
        split(ids[lab], prefix + "1")

    split(np.arange(len(vocab)), "")
    return {w: (codes[i] or "0") for i, w in enumerate(vocab) if not w.startswith("<")}


def write(clusters: dict[str, str], out: Path, note: str) -> None:
    lines = [f"{k}\t{v}" for k, v in sorted(clusters.items()) if "\t" not in k and k]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (out.parent / "clusters.txt").write_text(note + "\n", encoding="utf-8")
