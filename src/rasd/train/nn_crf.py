"""A linear-chain CRF layer in torch (forward algorithm and Viterbi), for the BiLSTM-CRF tagger.

Written here rather than taken from a package: the negative log-likelihood is
``log Z(x) - score(x, y)`` with ``score`` the sum of the emission scores of the gold tags, the
transition scores between consecutive gold tags and start/end scores; ``log Z`` comes from the
forward algorithm (log-sum-exp over the previous tag at every position). Batches are padded on
the right: ``mask[b, t]`` is true for the real positions of sequence ``b`` (a prefix).

torch is an optional dependency (``pip install "rasd[nn]"``); this module imports it at the
top, so import it only where torch is wanted (training and the experimental tagger).
"""

from __future__ import annotations

import torch
from torch import nn


class CRF(nn.Module):
    """Transition scores ``trans[i, j]`` (tag i followed by tag j), start and end scores."""

    def __init__(self, n_tags: int) -> None:
        super().__init__()
        self.n_tags = n_tags
        self.trans = nn.Parameter(torch.zeros(n_tags, n_tags))
        self.start = nn.Parameter(torch.zeros(n_tags))
        self.end = nn.Parameter(torch.zeros(n_tags))

    def score(self, em: torch.Tensor, tags: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Unnormalised score of the tag sequences ``tags`` [B, T] under emissions ``em`` [B, T, K]."""
        maskf = mask.to(em.dtype)
        emit = em.gather(2, tags.unsqueeze(2)).squeeze(2)  # [B, T]
        s = self.start[tags[:, 0]] + (emit * maskf).sum(1)
        if tags.shape[1] > 1:
            tr = self.trans[tags[:, :-1], tags[:, 1:]]  # [B, T-1]
            s = s + (tr * maskf[:, 1:]).sum(1)
        last = mask.long().sum(1) - 1
        s = s + self.end[tags.gather(1, last.unsqueeze(1)).squeeze(1)]
        return s

    def log_partition(self, em: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """log Z per sequence, by the forward algorithm."""
        alpha = self.start.unsqueeze(0) + em[:, 0]  # [B, K]
        trans = self.trans.unsqueeze(0)  # [1, K, K]
        for t in range(1, em.shape[1]):
            nxt = torch.logsumexp(alpha.unsqueeze(2) + trans, dim=1) + em[:, t]
            alpha = torch.where(mask[:, t:t + 1], nxt, alpha)
        return torch.logsumexp(alpha + self.end.unsqueeze(0), dim=1)

    def nll(self, em: torch.Tensor, tags: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        """Summed negative log-likelihood of the gold tags."""
        return (self.log_partition(em, mask) - self.score(em, tags, mask)).sum()

    @torch.no_grad()
    def viterbi(self, em: torch.Tensor, mask: torch.Tensor) -> list[list[int]]:
        """Best tag sequence of every sequence in the batch (lists of each one's real length)."""
        b, t_max, _k = em.shape
        score = self.start.unsqueeze(0) + em[:, 0]
        trans = self.trans.unsqueeze(0)
        back = []
        for t in range(1, t_max):
            cand = score.unsqueeze(2) + trans  # [B, K(prev), K(next)]
            best, idx = cand.max(dim=1)
            nxt = best + em[:, t]
            m = mask[:, t:t + 1]
            score = torch.where(m, nxt, score)
            back.append(idx)
        score = score + self.end.unsqueeze(0)
        lengths = mask.long().sum(1).tolist()
        last = score.argmax(1).tolist()
        bp = torch.stack(back, 1).tolist() if back else []  # [B, T-1, K]
        out = []
        for i in range(b):
            n = lengths[i]
            tag = last[i]
            seq = [tag]
            rows = bp[i] if bp else []
            for t in range(n - 2, -1, -1):  # back[t] maps tag at t+1 to the best tag at t
                tag = rows[t][tag]
                seq.append(tag)
            seq.reverse()
            out.append(seq)
        return out
