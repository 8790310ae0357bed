"""The batched Viterbi of FastCRF against a plain per-sentence Viterbi (random scores)."""

from __future__ import annotations

import numpy as np
import pytest

from rasd.components.entities import load_model


def _viterbi(E: np.ndarray, trans: np.ndarray) -> list[int]:
    n = len(E)
    delta = E[0].copy()
    back = []
    for t in range(1, n):
        cand = delta[:, None] + trans  # [from, to]
        back.append(cand.argmax(0))
        delta = cand.max(0) + E[t]
    cur = int(delta.argmax())
    path = [cur]
    for bp in reversed(back):
        cur = int(bp[cur])
        path.append(cur)
    return path[::-1]


@pytest.mark.parametrize("lengths", [
    [1], [5], [1, 1, 1], [3, 7, 7, 1, 12, 2, 7], [40, 1, 39, 2, 40], [2, 9, 4, 9, 30, 1, 1, 16],
])
def test_batched_viterbi_equals_plain_viterbi(lengths):
    _tagger, _feats, fast = load_model()
    rng = np.random.default_rng(sum(lengths))
    L = len(fast.labels)
    E = rng.normal(0, 3, size=(sum(lengths), L))
    bounds, a = [], 0
    for n in lengths:
        bounds.append((a, a + n))
        a += n
    labels, probs = fast.decode(E, bounds)
    assert probs is None and len(labels) == len(E)
    want = [fast.labels[i] for a, b in bounds for i in _viterbi(E[a:b], fast.trans)]
    assert labels == want
    # the marginals path gives the same labels
    labels2, probs2 = fast.decode(E, bounds, marginals=True)
    assert labels2 == labels
    if any(lab != "O" for lab in labels):
        assert probs2 is not None and all(0.0 < p <= 1.0 for p in probs2)
