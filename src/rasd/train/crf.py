"""A fast decoder for the crfsuite NER model (numpy Viterbi and marginals, a document at a time).

python-crfsuite tags one sentence per call and looks every feature string up in the model for
every token. Here the model's weights are read once (``Tagger.info()``) and, for every distinct
word, the summed weight vectors of its word-level features (its own, and what it adds to the
words two before, one before, one after and two after it) are cached. Scoring a document is
then a few array additions, plus dictionary look-ups for the features that depend on a pair of
words (bigrams, title/head windows, multi-word lexicon matches). Viterbi and forward-backward
run over all sentences of the document at once (batched), so the Python loop is over the
longest sentence's positions only.

The features and their weights are exactly those of :class:`rasd.train.features.Featurizer`
and the trained model, so the labels are the ones ``pycrfsuite.Tagger.tag`` gives (the tests
check it); only weights are read back rounded to 6 decimals, as crfsuite prints them.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np

from ..doc import Token
from .features import Featurizer


class FastCRF:
    def __init__(self, tagger, feats: Featurizer) -> None:
        labels = list(tagger.labels())
        self.labels = labels
        self._label_array = np.array(labels, dtype=object)
        lid = {lab: i for i, lab in enumerate(labels)}
        n = len(labels)
        info = tagger.info()
        trans = np.zeros((n, n))
        for (a, b), w in info.transitions.items():
            trans[lid[a], lid[b]] = w
        self.trans = trans
        self.exp_trans = np.exp(trans)
        rows: dict[str, list[float]] = {}
        for (attr, lab), w in info.state_features.items():
            v = rows.get(attr)
            if v is None:
                v = rows[attr] = [0.0] * n
            v[lid[lab]] = w
        self.W = {k: np.array(v) for k, v in rows.items()}
        self.zero = np.zeros(n)
        self.feats = feats
        self.outside = lid.get("O", 0)
        self._cache: dict[str, tuple[int, str, str]] = {}  # word key -> (row, key, classes)
        self._table = np.zeros((1024, 5, n))  # row -> own, -2, -1, +1, +2 weight vectors
        self._rows = 0
        self._lock = threading.Lock()
        self._pairs: dict[str, tuple] = {}
        self._gaz: dict[str, tuple] = {}  # "a|b" -> (vector for b, vector for a) or (None, None)

    # -- per word -----------------------------------------------------------------------
    def _sum(self, attrs) -> np.ndarray:
        W = self.W
        v = self.zero.copy()
        for a in attrs:
            w = W.get(a)
            if w is not None:
                v += w
        return v

    def word(self, tok: Token) -> tuple[int, str, str]:
        key = tok.norm if tok.kind == "word" else tok.kind + "\x00" + tok.norm
        got = self._cache.get(key)
        if got is None:
            own, m2, m1, p1, p2, k, _stem, cls = self.feats.word(tok)
            s = self._sum
            vecs = (s(own), s(m2), s(m1), s(p1), s(p2))
            with self._lock:  # rows are appended once per new word; keep threads apart
                got = self._cache.get(key)
                if got is None:
                    row = self._rows
                    if row == len(self._table):
                        self._table = np.concatenate([self._table, np.zeros_like(self._table)])
                    self._table[row] = vecs
                    self._rows += 1
                    got = self._cache[key] = (row, k, cls)
        return got

    # -- a document ------------------------------------------------------------------------
    def emissions(self, toks: Sequence[Token], bounds: Sequence[tuple[int, int]],
                  keys_out: list[str] | None = None) -> np.ndarray:
        """State scores (tokens x labels) for tokens split into sentences ``bounds``; the
        tokens' matching keys are appended to ``keys_out`` when given."""
        info = [self.word(t) for t in toks]
        N = len(info)
        rows = self._table[np.fromiter((x[0] for x in info), dtype=np.intp, count=N)]  # N x 5 x L
        E = rows[:, 0].copy()
        sid = np.empty(N, dtype=np.int32)
        for s, (a, b) in enumerate(bounds):
            sid[a:b] = s
        if N > 1:
            same1 = (sid[1:] == sid[:-1])[:, None]
            E[1:] += rows[:-1, 2] * same1
            E[:-1] += rows[1:, 3] * same1
        if N > 2:
            same2 = (sid[2:] == sid[:-2])[:, None]
            E[2:] += rows[:-2, 1] * same2
            E[:-2] += rows[2:, 4] * same2
        W = self.W
        idx: list[int] = []
        vecs: list[np.ndarray] = []
        bos, eos = W.get("BOS"), W.get("EOS")
        keys = [x[1] for x in info]
        if keys_out is not None:
            keys_out.extend(keys)
        cls = [x[2] for x in info]
        pairs = self._pairs
        gazw = self._gaz
        matches = self.feats.lexicon.matches
        for a, b in bounds:
            if bos is not None:
                idx.append(a)
                vecs.append(bos)
            if eos is not None:
                idx.append(b - 1)
                vecs.append(eos)
            for i in range(a + 1, b):
                pair = keys[i - 1] + "|" + keys[i]
                got = pairs.get(pair)
                if got is None:
                    got = pairs[pair] = (W.get("bg-=" + pair), W.get("bg+=" + pair))
                    if len(pairs) > 500_000:
                        pairs.clear()
                if got[0] is not None:
                    idx.append(i)
                    vecs.append(got[0])
                if got[1] is not None:
                    idx.append(i - 1)
                    vecs.append(got[1])
                win = cls[i - 1] + (cls[i - 2] if i - 2 >= a else "") + (cls[i - 3] if i - 3 >= a else "")
                if win:
                    for code, attr in (("T", "wT"), ("H", "wH"), ("L", "wL")):
                        if code in win:
                            w = W.get(attr)
                            if w is not None:
                                idx.append(i)
                                vecs.append(w)
            gaz = matches(keys[a:b])
            if gaz is not None:
                for j, g in enumerate(gaz):
                    if not g:
                        continue
                    i = a + j
                    for x in g:
                        gv = gazw.get(x)
                        if gv is None:
                            gv = gazw[x] = (W.get(x), W.get("+1:" + x), W.get("-1:" + x))
                        for pos, w in ((i, gv[0]), (i - 1, gv[1]), (i + 1, gv[2])):
                            if w is not None and a <= pos < b:
                                idx.append(pos)
                                vecs.append(w)
        if idx:
            np.add.at(E, np.array(idx), np.array(vecs))
        return E

    def decode(self, E: np.ndarray, bounds: Sequence[tuple[int, int]], marginals: bool = False):
        """Viterbi labels (list of label strings per token) and, when asked, the marginal
        probability of each token's label (None otherwise)."""
        N, L = E.shape
        # sentences longest first: at step t the sentences still running are a prefix
        order = sorted(range(len(bounds)), key=lambda k: bounds[k][0] - bounds[k][1])
        bounds_s = [bounds[k] for k in order]
        S = len(bounds_s)
        lens = np.array([b - a for a, b in bounds_s])
        T = int(lens[0])
        idx = np.full((S, T), N)
        for s, (a, b) in enumerate(bounds_s):
            idx[s, : b - a] = np.arange(a, b)
        Epad = np.vstack([E, np.zeros((1, L))])
        Eb = Epad[idx]  # S x T x L
        trans = self.trans
        lens_list = lens.tolist()  # descending
        running = []  # running[t]: how many sentences are longer than t
        k = S
        for t in range(T):
            while k > 0 and lens_list[k - 1] <= t:
                k -= 1
            running.append(k)
        delta = Eb[:, 0].copy()
        last = np.zeros(S, dtype=np.intp)
        bp = np.zeros((S, T, L), dtype=np.intp)
        for t in range(1, T):
            k = running[t]
            if k < running[t - 1]:
                last[k:running[t - 1]] = delta[k:running[t - 1]].argmax(1)
            cand = delta[:k, :, None] + trans
            bp[:k, t] = cand.argmax(1)
            delta[:k] = cand.max(1) + Eb[:k, t]
        k0 = running[T - 1]
        last[:k0] = delta[:k0].argmax(1)
        y = np.zeros((S, T), dtype=np.intp)
        cur = last.copy()
        ends: dict[int, list[int]] = {}
        for s, n_s in enumerate(lens_list):
            ends.setdefault(n_s - 1, []).append(s)
        ar = np.arange(S)
        for t in range(T - 1, -1, -1):
            k = running[t]
            e = ends.get(t)
            if e is not None:
                cur[e] = last[e]
            y[:k, t] = cur[:k]
            if t > 0:
                cur[:k] = bp[ar[:k], t, cur[:k]]
        flat = np.empty(N, dtype=np.intp)
        valid = idx < N
        flat[idx[valid]] = y[valid]
        out = self._label_array[flat].tolist()
        probs = None
        if marginals and any(lab != "O" for lab in out):
            probs = self._marginals(Eb, lens, y, bounds_s, N, running)
        return out, probs

    def _marginals(self, Eb, lens, y, bounds, N, running) -> list[float]:
        """Forward-backward in probability space, rescaled at every position (batched)."""
        S, T, L = Eb.shape
        et = self.exp_trans
        ee = np.exp(Eb - Eb.max(2, keepdims=True))
        alpha = np.ones((S, T, L))
        alpha[:, 0] = ee[:, 0]
        alpha[:, 0] /= alpha[:, 0].sum(1, keepdims=True)
        for t in range(1, T):
            k = running[t]
            a = (alpha[:k, t - 1] @ et) * ee[:k, t]
            alpha[:k, t] = a / a.sum(1, keepdims=True)
        beta = np.ones((S, T, L))
        for t in range(T - 2, -1, -1):
            k = running[t + 1]
            b = (ee[:k, t + 1] * beta[:k, t + 1]) @ et.T
            beta[:k, t] = b / b.sum(1, keepdims=True)
        p = alpha * beta
        p /= p.sum(2, keepdims=True)
        chosen = np.take_along_axis(p, y[:, :, None], 2)[:, :, 0]
        out = [0.0] * N
        for s, (a, b) in enumerate(bounds):
            row = chosen[s].tolist()
            for j in range(b - a):
                out[a + j] = row[j]
        return out
