"""Inference of a trained BiLSTM-CRF (:mod:`rasd.train.bilstm`) in numpy, without torch.

Written to measure what the BiLSTM-CRF would cost at run time if it were shipped (torch stays a
training-only extra). The network is the same function as the torch model in eval mode:

- everything before the LSTM depends on the word alone (embeddings, char-CNN, word-level
  lexicon flags), so its product with the LSTM input weights of both directions (plus biases)
  is computed once per distinct word and cached; per token only the context flags (title
  window, multi-word gazetteer B/I) add columns of the input weights;
- both directions run in one loop over the longest sentence's positions, all sentences of a
  document at once (the backward direction reads each sentence reversed);
- a batched numpy Viterbi over the CRF's transition, start and end scores.

``NumpyBiLSTM.from_torch(tagger)`` takes the weights of a loaded :class:`BiLSTMTagger`;
``save``/``load`` keep them in one ``.npz`` file (float32).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ..doc import Token
from .bilstm import FLAGS, MAX_CHARS, TAGS, Encoder


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 0.5 * (np.tanh(0.5 * x) + 1.0)


class NumpyBiLSTM:
    def __init__(self, w: dict[str, np.ndarray], encoder: Encoder, use_lexicon: bool = True) -> None:
        self.w = {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in w.items()}
        self.encoder = encoder
        self.use_lexicon = use_lexicon
        w = self.w
        self.hidden = w["lstm.weight_hh_l0"].shape[1]
        # input weights of both directions side by side: [in, 8H]
        self.w_in = np.concatenate([w["lstm.weight_ih_l0"].T, w["lstm.weight_ih_l0_reverse"].T], axis=1)
        self.b_in = np.concatenate([w["lstm.bias_ih_l0"] + w["lstm.bias_hh_l0"],
                                    w["lstm.bias_ih_l0_reverse"] + w["lstm.bias_hh_l0_reverse"]])
        self.w_hh = np.stack([w["lstm.weight_hh_l0"].T, w["lstm.weight_hh_l0_reverse"].T])  # [2, H, 4H]
        n_flags = len(FLAGS) if use_lexicon else 0
        self.flag_rows = self.w_in[self.w_in.shape[0] - n_flags:] if n_flags else None  # [F, 8H]
        self.w_out = w["out.weight"].T  # [2H, K]
        self.b_out = w["out.bias"]
        self.trans, self.start, self.end = w["crf.trans"], w["crf.start"], w["crf.end"]
        conv = w["conv.weight"]  # [F, C, W]
        self.conv_w = conv.transpose(2, 1, 0).reshape(-1, conv.shape[0])  # [W*C, F]
        self.conv_width = conv.shape[2]
        self._cache: dict[str, tuple[np.ndarray, list[int]]] = {}

    @classmethod
    def from_torch(cls, tagger) -> NumpyBiLSTM:
        state = {k: v.detach().cpu().numpy() for k, v in tagger.model.state_dict().items()}
        return cls(state, tagger.encoder, tagger.cfg.use_lexicon)

    def save(self, path: Path) -> None:
        np.savez(path, **self.w)

    # -- per word -------------------------------------------------------------------------
    def _chars(self, ids: list[int]) -> np.ndarray:
        w = self.w
        emb = w["char.weight"][ids[:MAX_CHARS]]  # [n, C]
        c = emb.shape[1]
        pad = self.conv_width // 2
        x = np.zeros((MAX_CHARS + 2 * pad, c), dtype=np.float32)
        x[pad:pad + len(emb)] = emb
        cols = np.lib.stride_tricks.sliding_window_view(x, (self.conv_width, c)).reshape(MAX_CHARS, -1)
        out = cols @ self.conv_w + w["conv.bias"]
        return np.maximum(out, 0.0).max(axis=0)

    def word_input(self, tok: Token, info: tuple) -> np.ndarray:
        """The word's contribution to both directions' gate inputs, cached per word."""
        key = tok.kind + "\x00" + tok.norm
        got = self._cache.get(key)
        if got is not None:
            return got
        w = self.w
        word, stem, chars, prefix, suffix, kind, c6, c10, flags = info[:9]
        parts = [w["word.weight"][word], w["stem.weight"][stem], self._chars(chars), w["prefix.weight"][prefix],
                 w["suffix.weight"][suffix], w["kind.weight"][kind]]
        if self.use_lexicon:
            fl = np.zeros(len(FLAGS), dtype=np.float32)
            fl[list(flags)] = 1.0
            parts += [w["c6.weight"][c6], w["c10.weight"][c10], fl]
        got = np.concatenate(parts) @ self.w_in + self.b_in
        if len(self._cache) >= 100_000:
            self._cache = {}
        self._cache[key] = got
        return got

    # -- a document -------------------------------------------------------------------------
    def labels(self, sents: Sequence[Sequence[Token]]) -> list[list[str]]:
        """BIO labels of the sentences of a document (all at once)."""
        enc = self.encoder
        sents = [s for s in sents]
        idx = [i for i, s in enumerate(sents) if s]
        out: list[list[str]] = [[] for _ in sents]
        if not idx:
            return out
        # longest sentence first: at step t only the first ``active[t]`` rows are still running
        idx.sort(key=lambda i: -len(sents[i]))
        lens = [len(sents[i]) for i in idx]
        b, t_max, h = len(idx), lens[0], self.hidden
        gates_in = np.zeros((t_max, 2, b, 4 * h), dtype=np.float32)  # time-major, contiguous steps
        for j, i in enumerate(idx):
            toks = sents[i]
            x = enc.sentence(toks)
            infos = [enc.word(t) for t in toks]
            rows = np.stack([self.word_input(t, info) for t, info in zip(toks, infos)])  # [n, 8H]
            if self.flag_rows is not None:
                for k, (fl, info) in enumerate(zip(x["flags"], infos)):
                    extra = sorted(set(fl[len(info[8]):]))  # context flags come after the word's own
                    if extra:
                        rows[k] += self.flag_rows[extra].sum(axis=0)
            n = len(toks)
            gates_in[:n, 0, j] = rows[:, :4 * h]
            gates_in[:n, 1, j] = rows[::-1, 4 * h:]
        active = [sum(1 for n in lens if n > t) for t in range(t_max)]
        hs = np.zeros((2, b, h), dtype=np.float32)
        cs = np.zeros((2, b, h), dtype=np.float32)
        outs = np.empty((t_max, 2, b, h), dtype=np.float32)
        w_hh = self.w_hh
        for t in range(t_max):
            a = active[t]
            hp, cp = hs[:, :a], cs[:, :a]
            g = gates_in[t, :, :a] + np.matmul(hp, w_hh)  # [2, a, 4H]
            ifo = _sigmoid(g[..., :2 * h])
            o = _sigmoid(g[..., 3 * h:])
            cp = ifo[..., h:] * cp + ifo[..., :h] * np.tanh(g[..., 2 * h:3 * h])
            hp = o * np.tanh(cp)
            hs[:, :a] = hp
            cs[:, :a] = cp
            outs[t, :, :a] = hp
        em_all = []
        for j, n in enumerate(lens):
            feat = np.concatenate([outs[:n, 0, j], outs[:n, 1, j][::-1]], axis=1)
            em_all.append(feat @ self.w_out + self.b_out)
        paths = viterbi(em_all, self.trans, self.start, self.end)
        for i, p in zip(idx, paths):
            out[i] = [TAGS[k] for k in p]
        return out


def viterbi(ems: list[np.ndarray], trans: np.ndarray, start: np.ndarray, end: np.ndarray) -> list[list[int]]:
    """Best paths of several emission matrices [n_i, K] at once."""
    b = len(ems)
    lens = np.array([len(e) for e in ems])
    t_max, k = int(lens.max()), trans.shape[0]
    em = np.zeros((b, t_max, k), dtype=np.float32)
    for i, e in enumerate(ems):
        em[i, :len(e)] = e
    score = start + em[:, 0]
    back = np.zeros((t_max, b, k), dtype=np.int64)
    for t in range(1, t_max):
        cand = score[:, :, None] + trans
        best = cand.argmax(axis=1)
        nxt = np.take_along_axis(cand, best[:, None, :], axis=1)[:, 0] + em[:, t]
        live = (t < lens)[:, None]
        score = np.where(live, nxt, score)
        back[t] = best
    last = (score + end).argmax(axis=1)
    out = []
    for i in range(b):
        n = int(lens[i])
        tag = int(last[i])
        seq = [tag]
        for t in range(n - 1, 0, -1):
            tag = int(back[t, i, tag])
            seq.append(tag)
        seq.reverse()
        out.append(seq)
    return out
