"""A fast decoder for the crfsuite NER model (numpy Viterbi and marginals, a document at a time).

python-crfsuite tags one sentence per call and looks every feature string up in the model for
every token. Here the model's weights are read once (``Tagger.info()``) and, for every distinct
word, the summed weight vectors of its word-level features (its own, and what it adds to the
words two before, one before, one after and two after it) are cached. Scoring a document is
then a few array additions, plus dictionary look-ups for the features that depend on a pair of
words (bigrams, title/head windows, multi-word lexicon matches). Viterbi and forward-backward
run over all sentences of the document at once (batched), so the Python loop is over the
longest sentence's positions only.

Memory stays bounded: the per-word table holds at most ``MAX_CACHED_WORDS`` words (then a fresh
one is started), the bigram cache at most 200,000 pairs, and only pairs of words that occur in
some bigram attribute are looked up at all.

The features and their weights are exactly those of :class:`rasd.train.features.Featurizer`
and the trained model, so the labels are the ones ``pycrfsuite.Tagger.tag`` gives (the tests
check it); only weights are read back rounded to 6 decimals, as crfsuite prints them.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np

from ..doc import Token
from .features import MAX_CACHED_WORDS, Featurizer


class _Words:
    """Per-word cache and weight table (replaced whole when full: rows stay valid for a
    document being scored while another thread starts a fresh table)."""

    __slots__ = ("cache", "rows", "table")

    def __init__(self, n_labels: int) -> None:
        self.cache: dict[str, tuple] = {}
        self.table = np.zeros((1024, 5, n_labels))
        self.rows = 0


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
        self._trans_t = np.ascontiguousarray(trans.T)
        self.exp_trans = np.exp(trans)
        rows: dict[str, list[float]] = {}
        for (attr, lab), w in info.state_features.items():
            v = rows.get(attr)
            if v is None:
                v = rows[attr] = [0.0] * n
            v[lid[lab]] = w
        self.W = {k: np.array(v) for k, v in rows.items()}
        # the same weights as one matrix, attribute id -> row (for summing a word's features at once)
        self._aid = {k: i for i, k in enumerate(rows)}
        self._Wm = np.array(list(rows.values())) if rows else np.zeros((0, n))
        # the words that can be the left / right half of a bigram attribute ("bg-=a|b", "bg+=a|b"):
        # pairs of other words have no bigram weight and are not looked up. Every "|" is tried as
        # the split, since a key may itself contain one.
        left: set[str] = set()
        right: set[str] = set()
        for attr in rows:
            if attr.startswith(("bg-=", "bg+=")):
                body = attr[4:]
                j = body.find("|")
                while j >= 0:
                    left.add(body[:j])
                    right.add(body[j + 1:])
                    j = body.find("|", j + 1)
        # words and stems with some w= / s= weight (own or context): others skip those features
        ws: set[str] = set()
        ss: set[str] = set()
        for attr in rows:
            body = attr[3:] if attr[:1] in "+-" and attr[2:3] == ":" else attr
            if body.startswith("w="):
                ws.add(body[2:])
            elif body.startswith("s="):
                ss.add(body[2:])
        self._vocab = (ws, ss)
        self._bg_left = left
        self._bg_right = right
        self.zero = np.zeros(n)
        # title/head/location window features with a weight, in the order they are added
        self._win_feats = [(code, self.W[attr]) for code, attr in (("T", "wT"), ("H", "wH"), ("L", "wL"))
                           if attr in self.W]
        self.feats = feats
        self.outside = lid.get("O", 0)
        self.max_words = MAX_CACHED_WORDS
        self._state = _Words(n)
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

    def _words(self, toks: Sequence[Token]) -> tuple[list[tuple], np.ndarray]:
        """Per token (row, key, classes, bigram-left, bigram-right, starts-a-lexicon-entry), and the table the rows index
        (rows x 5 x labels: own, -2, -1, +1, +2 weight vectors). New words of the document are
        scored together, with one gather of the weight matrix."""
        st = self._state
        if len(st.cache) >= self.max_words:  # bounded memory: start a fresh table
            with self._lock:
                if self._state is st:
                    self._state = _Words(len(self.labels))
                st = self._state
        cache = st.cache
        get = cache.get
        keys = [t.norm if t.kind == "word" else t.kind + "\x00" + t.norm for t in toks]
        info: list = [get(k) for k in keys]
        new: dict[str, int] = {}
        new_toks: list[Token] = []
        if None in info:
            for j, got in enumerate(info):
                if got is None:
                    key = keys[j]
                    got = new.get(key)
                    if got is None:
                        got = new[key] = len(new_toks)
                        new_toks.append(toks[j])
                    info[j] = got
        if new_toks:
            aget = self._aid.get
            build = self.feats.build
            left, right = self._bg_left, self._bg_right
            multi = self.feats.lexicon.multi  # words that start a lexicon entry
            ids: list[int] = []
            targets: list[int] = []
            entries = []
            target = 0
            vocab = self._vocab
            for t in new_toks:
                got = build(t, vocab)
                for slot in range(5):
                    found = [i for i in map(aget, got[slot]) if i is not None]
                    if found:
                        ids += found
                        targets += [target] * len(found)
                    target += 1
                k = got[5]
                entries.append((k, got[7], k in left, k in right, k in multi))
            L = len(self.labels)
            vecs = np.zeros((5 * len(new_toks), L))
            if ids:  # in order, from zero: the same sums as adding the vectors one by one
                np.add.at(vecs, np.array(targets, dtype=np.intp), self._Wm[np.array(ids, dtype=np.intp)])
            vecs = vecs.reshape(len(new_toks), 5, L)
            with self._lock:  # rows are appended once per new word; keep threads apart
                rows = []
                for (key, _j), e, v in zip(new.items(), entries, vecs):
                    got = cache.get(key)
                    if got is None:
                        row = st.rows
                        if row == len(st.table):
                            st.table = np.concatenate([st.table, np.zeros_like(st.table)])
                        st.table[row] = v
                        st.rows += 1
                        got = cache[key] = (row, *e)
                    rows.append(got)
            info = [rows[x] if type(x) is int else x for x in info]
        return info, st.table

    def word(self, tok: Token) -> tuple[int, str, str]:
        """(row, key, classes) of a token's word (its row of the current table)."""
        got = self._words([tok])[0][0]
        return got[:3]

    # -- a document ------------------------------------------------------------------------
    def emissions(self, toks: Sequence[Token], bounds: Sequence[tuple[int, int]],
                  keys_out: list[str] | None = None) -> np.ndarray:
        """State scores (tokens x labels) for tokens split into sentences ``bounds``; the
        tokens' matching keys are appended to ``keys_out`` when given."""
        info, table = self._words(toks)
        N = len(info)
        if not N:
            return np.zeros((0, len(self.labels)))
        # the cached fields per token, transposed at once: row, key, classes, bigram-left,
        # bigram-right, starts-a-lexicon-entry
        row_ids, keys, cls, bgl, bgr, lex = zip(*info)
        rows = table[np.array(row_ids, dtype=np.intp)]  # N x 5 x L
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
        win_feats = self._win_feats
        if keys_out is not None:
            keys_out.extend(keys)
        pairs = self._pairs
        gazw = self._gaz
        matches = self.feats.lexicon.matches_at
        # the positions with a possible bigram or title/head window feature, in order (the
        # others add nothing): after a pair of bigram words, or 1-3 after a word with classes
        hot_set = {i for i, (x, y) in enumerate(zip(bgl, bgr[1:]), 1) if x and y}
        for c in [i for i, x in enumerate(cls) if x]:
            hot_set.update((c + 1, c + 2, c + 3))
        hot = sorted(hot_set)
        hot.append(N)  # (positions >= N are passed over: every sentence ends by N)
        h = 0
        starts = [i for i, x in enumerate(lex) if x]  # words that start some lexicon entry
        starts.append(N)
        gi = 0
        for a, b in bounds:
            if bos is not None:
                idx.append(a)
                vecs.append(bos)
            if eos is not None:
                idx.append(b - 1)
                vecs.append(eos)
            while hot[h] <= a:
                h += 1
            while hot[h] < b:
                i = hot[h]
                h += 1
                if bgl[i - 1] and bgr[i]:
                    pair = keys[i - 1] + "|" + keys[i]
                    got = pairs.get(pair)
                    if got is None:
                        if len(pairs) >= 200_000:
                            self._pairs = pairs = {}
                        got = pairs[pair] = (W.get("bg-=" + pair), W.get("bg+=" + pair))
                    if got[0] is not None:
                        idx.append(i)
                        vecs.append(got[0])
                    if got[1] is not None:
                        idx.append(i - 1)
                        vecs.append(got[1])
                if not (cls[i - 1] or cls[i - 2] or cls[i - 3]):  # (indices < a give "" below)
                    continue
                win = cls[i - 1] + (cls[i - 2] if i - 2 >= a else "") + (cls[i - 3] if i - 3 >= a else "")
                if win:
                    for code, w in win_feats:
                        if code in win:
                            idx.append(i)
                            vecs.append(w)
            while starts[gi] < a:
                gi += 1
            if starts[gi] >= b:
                continue
            g0 = gi
            while starts[gi] < b:
                gi += 1
            gaz = matches(keys[a:b], [i - a for i in starts[g0:gi]])
            if gaz is not None:
                for j, g in gaz.items():  # ascending positions
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
        bounds_s = sorted(bounds, key=lambda ab: ab[0] - ab[1])
        S = len(bounds_s)
        lens_list = [b - a for a, b in bounds_s]  # descending
        T = lens_list[0]
        # Eb[t, s]: the emissions of sentence s at step t (a zero row past its end), one gather
        idx = np.full((T, S), N, dtype=np.intp)
        for s, (a, b) in enumerate(bounds_s):
            idx[: b - a, s] = range(a, b)
        Eb = np.vstack([E, np.zeros((1, L))])[idx]  # T x S x L: a step's rows are contiguous
        # the steps as runs of a constant number K of running sentences (a prefix, as sorted):
        # (first step, end step, K); a sentence of length n runs steps 0..n-1
        runs = []
        t0 = 1
        K = S
        for n_k in sorted(set(lens_list)):  # ascending: K shrinks as sentences end
            if n_k > t0:
                runs.append((t0, n_k, K))
                t0 = n_k
            K -= lens_list.count(n_k)
        D = np.empty((T, S, L))  # D[t, s]: Viterbi scores of sentence s at step t
        D[0] = Eb[0]
        bp = np.empty((T, S, L), dtype=np.intp)  # [t, sentence, to] -> from (t >= 1)
        trans_t = self._trans_t  # [to, from]: the reductions run over the last, contiguous axis
        buf = np.empty((S, L, L))
        flat_take = buf.reshape(-1).take
        # The maximum over "from" is read at the argmax (numpy's max over a short last axis is
        # several times slower than argmax): the same value, so the scores are the same to the bit.
        base = np.arange(0, S * L * L, L, dtype=np.intp).reshape(S, L)
        pos = np.empty((S, L), dtype=np.intp)
        D3 = D[:, :, None, :]
        add = np.add
        for t0, t1, K in runs:
            cand = buf[:K]
            argmax = cand.argmax
            basek = base[:K]
            posk = pos[:K]
            for dprev, bpt, dt, et in zip(D3[t0 - 1:t1 - 1, :K], bp[t0:t1, :K], D[t0:t1, :K], Eb[t0:t1, :K]):
                add(dprev, trans_t, out=cand)
                argmax(2, out=bpt)
                add(basek, bpt, out=posk)
                flat_take(posk, out=dt)
                add(dt, et, out=dt)
        lens = np.array(lens_list)
        last = D[lens - 1, np.arange(S)].argmax(1)
        # back-tracking in plain Python over the pointer lists (cheaper than a numpy step per position)
        bpl = bp.astype(np.uint8).tobytes() if L < 256 else bp.ravel().tolist()  # [(t * S + s) * L + label]
        lastl = last.tolist()
        labels = self.labels
        out: list = [None] * N
        SL = S * L
        for s, (a, b) in enumerate(bounds_s):
            cur = lastl[s]
            j = s * L + (b - a - 1) * SL  # the pointers of sentence s at its last step
            for i in range(b - 1, a - 1, -1):
                out[i] = cur
                cur = bpl[j + cur]
                j -= SL
        probs = None
        if marginals and out.count(self.outside) < N:
            y = np.zeros((S, T), dtype=np.intp)
            for s, (a, b) in enumerate(bounds_s):
                y[s, : b - a] = out[a:b]
            running = [sum(1 for n_k in lens_list if n_k > t) for t in range(T)]
            probs = self._marginals(Eb.transpose(1, 0, 2), np.array(lens_list), y, bounds_s, N, running)
        return [labels[i] for i in out], probs

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
