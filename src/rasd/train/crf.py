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
one is started); bigram attributes are indexed by their two words once, at load time, and only
pairs of words that occur in some bigram attribute are looked up at all.

Emissions are the same to the bit as adding each token's crfsuite features one by one in
their order (sums are kept in that order), and the Viterbi reads its maxima at the argmax, so
the labels do not depend on how the work is batched.

The features and their weights are exactly those of :class:`rasd.train.features.Featurizer`
and the trained model, so the labels are the ones ``pycrfsuite.Tagger.tag`` gives (the tests
check it); only weights are read back rounded to 6 decimals, as crfsuite prints them.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from itertools import chain

import numpy as np

from ..doc import Token
from .features import MAX_CACHED_WORDS, Featurizer


class _Words:
    """Per-word cache and tables, by row: the weight vectors (own, -2, -1, +1, +2), flags
    (bigram halves, lexicon entry start, title/head window classes), matching key and lexicon
    classes. Replaced whole when full; arrays are replaced (not resized) when they grow, so the
    rows a document got stay valid while another thread adds words."""

    __slots__ = ("cache", "cls", "flags", "keys", "rows", "table")

    def __init__(self, n_labels: int) -> None:
        self.cache: dict[str, int] = {}  # word -> row
        self.table = np.zeros((1024, 5, n_labels))
        self.flags = np.zeros(1024, dtype=np.uint8)
        self.keys: list[str] = []
        self.cls: list[str] = []
        self.rows = 0


# per-word flags: the word can be the left / right half of a bigram attribute, starts some
# lexicon entry, and window bits (title T, organisation head H, place head L among its classes)
_BGL, _BGR, _LEX = 1, 2, 4
_WIN_BITS = (("T", "wT", 8), ("H", "wH", 16), ("L", "wL", 32))
_WIN = 8 | 16 | 32


class FastCRF:
    def __init__(self, tagger, feats: Featurizer) -> None:
        labels = list(tagger.labels())
        self.labels = labels
        self._label_array = np.array(labels, dtype=object)
        lid = {lab: i for i, lab in enumerate(labels)}
        self.label_ids = lid
        # per label index: "B", "I" or "O", and the entity type ("" for O)
        self.label_kinds = [lab[0] if lab != "O" else "O" for lab in labels]
        self.label_types = [lab[2:] if lab != "O" else "" for lab in labels]
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
        # (and a last row of zeros, for the attributes without weight)
        self._Wm = np.array([*rows.values(), [0.0] * n]) if rows else np.zeros((1, n))
        self._zero_row = len(self._Wm) - 1
        # the bigram attributes ("bg-=a|b", "bg+=a|b") as left word -> right word -> their ids
        # (-1 for none): pairs of other words have no bigram weight. Every "|" is taken as a
        # split, since a key may itself contain one (each split is a pair that spells the attribute).
        bigrams: dict[str, dict[str, list[int]]] = {}
        for attr, i in self._aid.items():
            if attr.startswith(("bg-=", "bg+=")):
                side = 0 if attr[2] == "-" else 1
                body = attr[4:]
                j = body.find("|")
                while j >= 0:
                    got = bigrams.setdefault(body[:j], {}).setdefault(body[j + 1:], [-1, -1])
                    got[side] = i
                    j = body.find("|", j + 1)
        self._bigrams = {a: {b: tuple(v) for b, v in d.items()} for a, d in bigrams.items()}
        left = set(bigrams)
        right = {b for d in bigrams.values() for b in d}
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
        self._label_range = np.arange(n, dtype=np.intp)
        # title/head/location window features with a weight, in the order they are added:
        # (code, flag bit, attribute id)
        self._win_feats = [(code, bit, self._aid[attr]) for code, attr, bit in _WIN_BITS if attr in self._aid]
        self._win_bits = [(code, bit) for code, bit, _aid in self._win_feats]
        self._bos_eos = (self._aid.get("BOS", -1), self._aid.get("EOS", -1))
        self.feats = feats
        self.outside = lid.get("O", 0)
        self.max_words = MAX_CACHED_WORDS
        self._state = _Words(n)
        self._lock = threading.Lock()
        self._gaz: dict[str, tuple[int, int, int]] = {}  # lexicon feature -> ids of it, "+1:" it, "-1:" it
        self._gaz_plans: dict[str, tuple] = {}  # key starting some lexicon entry -> see _gaz_plan
        self._gaz_seconds: dict[str, set[str]] | None = None  # (see _gaz_plan)

    # -- per word -----------------------------------------------------------------------
    def _sum(self, attrs) -> np.ndarray:
        W = self.W
        v = self.zero.copy()
        for a in attrs:
            w = W.get(a)
            if w is not None:
                v += w
        return v

    def _words(self, toks: Sequence[Token]) -> tuple[list[int], _Words]:
        """The tokens' rows in the per-word table, and the table (:class:`_Words`: weight
        vectors, flags, matching keys and lexicon classes by row). New words of the document are
        scored together, with one gather of the weight matrix."""
        st = self._state
        if len(st.cache) >= self.max_words:  # bounded memory: start a fresh table
            with self._lock:
                if self._state is st:
                    self._state = _Words(len(self.labels))
                st = self._state
        cache = st.cache
        # keyed by the written form, not the normalised word: the tokenizer analyses each written
        # form on its own, and two forms of one normalised word can differ in their stem, clitics
        # or article (and a Latin word in its case), so a word's features would otherwise be
        # those of whichever form the process met first (see Featurizer.word)
        keys = [t.text for t in toks]
        rows = list(map(cache.get, keys))
        if None in rows:
            new: dict[str, Token] = {}
            for j, r in enumerate(rows):
                if r is None and keys[j] not in new:
                    new[keys[j]] = toks[j]
            self._add_words(st, new)
            rows = [cache[k] if r is None else r for r, k in zip(rows, keys)]
        return rows, st

    def _add_words(self, st: _Words, new: dict[str, Token]) -> None:
        """Score new words (the features of :meth:`Featurizer.build`, as ids:
        :meth:`Featurizer.build_ids`) and append them to ``st``."""
        build_ids = self.feats.build_ids
        left, right = self._bg_left, self._bg_right
        multi = self.feats.lexicon.multi  # words that start a lexicon entry
        win_bits = self._win_bits
        vocab = self._vocab
        aid = self._aid
        zero = self._zero_row
        slots: list[list[int]] = []  # per new word its 5 feature lists (as weight-row ids): own, -2, -1, +1, +2
        entries = []
        for t in new.values():
            got = build_ids(t, vocab, aid, zero)
            slots += got[:5]
            k = got[5]
            cls = got[7]
            flag = (k in left) | (k in right) << 1 | (k in multi) << 2
            if cls:
                for code, bit in win_bits:
                    if code in cls:
                        flag |= bit
            entries.append((k, cls, flag))
        # Each feature list as a row of weight-row ids, padded with the zero row (features
        # without weight map to it too); summing over the depth adds each list's vectors in
        # order, so the sums are those of adding them one by one (adding 0.0 changes nothing).
        lens = np.array(list(map(len, slots)), dtype=np.intp)
        ids = np.array(list(chain.from_iterable(slots)), dtype=np.intp)
        depth = max(int(lens.max()), 1)
        fill = np.arange(depth) < lens[:, None]
        mat = np.full(fill.shape, zero, dtype=np.intp)  # lists x depth
        mat[fill] = ids
        vecs = self._Wm.take(mat.T, axis=0).sum(0).reshape(len(new), 5, len(self.labels))
        with self._lock:  # rows are appended once per new word; keep threads apart
            cache = st.cache
            todo = [j for j, key in enumerate(new) if key not in cache]
            if not todo:
                return
            r0 = st.rows
            r1 = r0 + len(todo)
            if r1 > len(st.table):  # grown into new arrays: rows handed out stay valid in the old ones
                size = max(2 * len(st.table), r1)
                table = np.zeros((size, *st.table.shape[1:]))
                table[:r0] = st.table[:r0]
                flags = np.zeros(size, dtype=np.uint8)
                flags[:r0] = st.flags[:r0]
                st.table, st.flags = table, flags
            st.table[r0:r1] = vecs[todo]
            keys = list(new)
            for row, j in enumerate(todo, r0):
                k, cls, flag = entries[j]
                st.flags[row] = flag
                st.keys.append(k)
                st.cls.append(cls)
                cache[keys[j]] = row
            st.rows = r1

    def word(self, tok: Token) -> tuple[int, str, str]:
        """(row, key, classes) of a token's word (its row of the current table)."""
        rows, st = self._words([tok])
        return rows[0], st.keys[rows[0]], st.cls[rows[0]]

    # -- a document ------------------------------------------------------------------------
    def emissions(self, toks: Sequence[Token], bounds: Sequence[tuple[int, int]],
                  keys_out: list[str] | None = None) -> np.ndarray:
        """State scores (tokens x labels) for tokens split into sentences ``bounds``; the
        tokens' matching keys are appended to ``keys_out`` when given."""
        rows, st = self._words(toks)
        N = len(rows)
        if not N:
            return np.zeros((0, len(self.labels)))
        ridx = np.array(rows, dtype=np.intp)
        R = st.table.take(ridx, axis=0)  # N x 5 x L: own, -2, -1, +1, +2 weight vectors
        fl = st.flags.take(ridx)
        keys = list(map(st.keys.__getitem__, rows))
        if keys_out is not None:
            keys_out.extend(keys)
        E = R[:, 0].copy()
        starts = np.array([a for a, _b in bounds], dtype=np.intp)
        lens = np.array([b - a for a, b in bounds], dtype=np.intp)
        sid = np.repeat(np.arange(len(bounds)), lens)
        same1 = sid[1:] == sid[:-1]
        if N > 1:
            s1 = same1[:, None]
            E[1:] += R[:-1, 2] * s1
            E[:-1] += R[1:, 3] * s1
        if N > 2:
            s2 = (sid[2:] == sid[:-2])[:, None]
            E[2:] += R[:-2, 1] * s2
            E[:-2] += R[2:, 4] * s2
        # Features of positions and of pairs of words, gathered by kind and added in one call:
        # per position in the order the features are listed by Featurizer.sentence (BOS, EOS,
        # bigram, title/head windows, bigram of the next pair, lexicon matches), so the sums
        # are the same to the bit.
        pos: list = []
        aids: list = []
        bos, eos = self._bos_eos
        if bos >= 0:
            pos.append(starts)
            aids.append(np.full(len(starts), bos, dtype=np.intp))
        if eos >= 0:
            pos.append(starts + lens - 1)
            aids.append(np.full(len(starts), eos, dtype=np.intp))
        # bigrams: pairs of words of one sentence that can be the halves of some bigram attribute
        plus_pos: list[int] = []
        plus_ids: list[int] = []
        cand = np.flatnonzero((fl[:-1] & _BGL).astype(bool) & (fl[1:] & _BGR).astype(bool) & same1)
        if len(cand):
            bigrams = self._bigrams
            minus_pos: list[int] = []
            minus_ids: list[int] = []
            for i in (cand + 1).tolist():
                got = bigrams[keys[i - 1]].get(keys[i])
                if got is None:
                    continue
                if got[0] >= 0:
                    minus_pos.append(i)
                    minus_ids.append(got[0])
                if got[1] >= 0:
                    plus_pos.append(i - 1)
                    plus_ids.append(got[1])
            if minus_pos:
                pos.append(minus_pos)
                aids.append(minus_ids)
        # title / head / place-head words among the three words before, in the same sentence
        wm = fl & _WIN
        c = np.flatnonzero(wm)
        if len(c):
            win = np.zeros(N + 3, dtype=np.uint8)
            sidp = np.concatenate([sid, [-1, -1, -1]])
            mc = wm[c]
            sc = sid[c]
            for d in (1, 2, 3):
                t = c + d
                ok = sidp[t] == sc
                win[t[ok]] |= mc[ok]
            for _code, bit, aid in self._win_feats:
                p = np.flatnonzero(win & bit)
                if len(p):
                    pos.append(p)
                    aids.append(np.full(len(p), aid, dtype=np.intp))
        if plus_pos:
            pos.append(plus_pos)
            aids.append(plus_ids)
        # lexicon matches (only where some word starts an entry)
        lx = np.flatnonzero(fl & _LEX).tolist()
        if lx:
            gz_pos, gz_ids = self._lexicon_entries(lx, keys, bounds)
            if gz_pos:
                pos.append(gz_pos)
                aids.append(gz_ids)
        if pos:
            p = np.concatenate(pos).astype(np.intp, copy=False)
            w = self._Wm[np.concatenate(aids).astype(np.intp, copy=False)]
            # np.add.at over the flat array (element indices) takes numpy's fast 1-D path, more
            # than twice as fast as over rows; each element still gets its additions one by one
            # in the entries' order, so the sums are the same
            L = E.shape[1]
            np.add.at(E.reshape(-1), ((p * L)[:, None] + self._label_range).reshape(-1), w.reshape(-1))
        return E

    def _gaz_triple(self, x: str) -> tuple[int, int, int]:
        """Attribute ids (-1: no weight) of lexicon feature ``x``, of "+1:" ``x`` and of "-1:" ``x``."""
        gv = self._gaz.get(x)
        if gv is None:
            aget = self._aid.get
            gv = self._gaz[x] = (aget(x, -1), aget("+1:" + x, -1), aget("-1:" + x, -1))
        return gv

    def _gaz_plan(self, key: str) -> tuple:
        """How the lexicon features of a position whose key starts some entry are found:
        (the id triples of its single-word entries' features, as :meth:`Lexicon.matches_at` lists
        them when no longer entry matches; the same as (offset, id) entries: offsets, ids; the
        second keys of its multi-word entries (None: it has none); its entries' (length, code),
        longest first). A multi-word entry can only match where the next word is one of those
        second keys: elsewhere (most places) the single-word features are the answer."""
        cands = self.feats.lexicon.multi[key]
        triples = tuple(self._gaz_triple("g" + code + "B") for m, code in cands if m == 1)
        flat = [(o, x) for t in triples for o, x in zip((0, -1, 1), t) if x >= 0]
        seconds = None
        if any(m > 1 for m, _code in cands):
            if self._gaz_seconds is None:  # first key -> second keys, of all multi-word entries
                index: dict[str, set[str]] = {}
                for seq, _code in self.feats.lexicon.entries:
                    index.setdefault(seq[0], set()).add(seq[1])
                self._gaz_seconds = index
            seconds = self._gaz_seconds.get(key, set())
        plan = (triples, tuple(o for o, _x in flat), tuple(x for _o, x in flat), seconds, cands)
        self._gaz_plans[key] = plan
        return plan

    def _lexicon_entries(self, lx: list[int], keys: list[str],
                         bounds: Sequence[tuple[int, int]]) -> tuple[list[int], list[int]]:
        """The lexicon features (``g<code>B`` / ``g<code>I`` of the longest match of each class,
        see :meth:`Lexicon.matches_at`, at a match's words, and their "+1:" / "-1:" copies at the
        words before / after, within the sentence) as (positions, attribute ids), for the
        positions ``lx`` (ascending) whose key starts some entry. They come position by position
        (ascending), each position's features in the order ``matches_at`` lists them (those of
        matches begun earlier first), as :meth:`emissions` adds them before: the sums are the
        same to the bit. One pass over the document; a position whose entries are all single
        words (most) costs a look-up and two list extensions."""
        plans = self._gaz_plans
        entries = self.feats.lexicon.entries
        triple = self._gaz_triple
        out_pos: list[int] = []
        out_ids: list[int] = []
        # positions inside multi-word matches begun earlier -> [sentence start, end, features]
        pend: dict[int, list] = {}

        def emit(j: int, a: int, e: int, feats) -> None:
            for own, plus, minus in feats:
                if own >= 0:
                    out_pos.append(j)
                    out_ids.append(own)
                if plus >= 0 and j > a:
                    out_pos.append(j - 1)
                    out_ids.append(plus)
                if minus >= 0 and j + 1 < e:
                    out_pos.append(j + 1)
                    out_ids.append(minus)

        bi = 0
        a, e = bounds[0]
        for i in lx:
            while i >= e:
                bi += 1
                a, e = bounds[bi]
            key = keys[i]
            plan = plans.get(key)
            if plan is None:
                plan = self._gaz_plan(key)
            if pend:  # the positions before i are complete: theirs first, in order
                for j in sorted(pend):
                    if j >= i:
                        break
                    a0, e0, feats = pend.pop(j)
                    emit(j, a0, e0, feats)
            got = pend.pop(i, None) if pend else None
            triples, offs, ids, seconds, cands = plan
            if seconds is None or i + 1 >= e or keys[i + 1] not in seconds:  # single words only
                if got is None and a < i < e - 1:
                    out_pos.extend(map(i.__add__, offs))
                    out_ids.extend(ids)
                    continue
                feats = triples
            else:
                feats = []
                seen = ""
                for m, code in cands:
                    if code in seen:
                        continue
                    if m == 1 or (i + m <= e and (tuple(keys[i:i + m]), code) in entries):
                        seen += code
                        feats.append(triple("g" + code + "B"))
                        if m > 1:
                            inner = triple("g" + code + "I")
                            for k in range(i + 1, i + m):
                                later = pend.get(k)
                                if later is None:
                                    later = pend[k] = [a, e, []]
                                later[2].append(inner)
            if got is not None:
                feats = [*got[2], *feats]
            emit(i, a, e, feats)
        for j in sorted(pend):
            a0, e0, feats = pend[j]
            emit(j, a0, e0, feats)
        return out_pos, out_ids

    def decode(self, E: np.ndarray, bounds: Sequence[tuple[int, int]], marginals: bool = False,
               as_ids: bool = False):
        """Viterbi labels (list of label strings per token, or indices into ``labels`` with
        ``as_ids``) and, when asked, the marginal probability of each token's label (None otherwise)."""
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
        return (out if as_ids else [labels[i] for i in out]), probs

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
