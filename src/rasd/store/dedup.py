"""Article identity (hash of the normalised text) and near-duplicate detection (MinHash LSH).

- :func:`text_hash`: SHA-256 of ``rasd.text.fold(text)`` with whitespace collapsed, so the same
  article with other diacritics, tatweel, alef/ya/ta-marbuta spellings or spacing is the same key.
- :func:`minhash`: a MinHash over word 3-shingles of the folded text. Syndicated copies and lightly
  edited versions (a changed dateline, an added sentence) keep most shingles; :class:`NearDuplicates`
  finds earlier articles whose estimated Jaccard similarity reaches :data:`THRESHOLD`.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np

from ..text import fold

NUM_PERM = 128
THRESHOLD = 0.7
SHINGLE = 3
_SEED = 1
_SCHEME = "affine32"  # datasketch's hashing scheme, pinned so stored signatures stay comparable
_WS = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


def hash_key(text: str, folded: str | None = None) -> str:
    """Folded text with whitespace collapsed: what :func:`text_hash` hashes."""
    return _WS.sub(" ", fold(text) if folded is None else folded).strip()


def text_hash(text: str, folded: str | None = None) -> str:
    """``folded`` (``fold(text)``), when the caller has it already, saves folding again."""
    return hashlib.sha256(hash_key(text, folded).encode("utf-8", "surrogatepass")).hexdigest()


def shingles(text: str, folded: str | None = None) -> list[bytes]:
    words = _WORD.findall(fold(text) if folded is None else folded)
    if len(words) < SHINGLE:
        return [" ".join(words).encode("utf-8", "surrogatepass")] if words else []
    return [" ".join(words[i:i + SHINGLE]).encode("utf-8", "surrogatepass")
            for i in range(len(words) - SHINGLE + 1)]


_TEMPLATE = None


def minhash(text: str, folded: str | None = None):
    global _TEMPLATE
    if _TEMPLATE is None:
        from datasketch import MinHash

        _TEMPLATE = MinHash(num_perm=NUM_PERM, seed=_SEED, scheme=_SCHEME)
    m = _TEMPLATE.copy()  # shares nothing mutable; skips re-deriving the permutations
    sh = shingles(text, folded)
    if sh:
        m.update_batch(sh)
    return m


def minhash_bytes(text: str, folded: str | None = None) -> bytes:
    return minhash(text, folded).hashvalues.astype("<u8").tobytes()


def from_bytes(data: bytes):
    """A read-only (lean) MinHash from stored signature bytes."""
    from datasketch import LeanMinHash

    values = np.frombuffer(data, dtype="<u8").astype(np.uint64)
    return LeanMinHash(seed=_SEED, hashvalues=values, scheme=_SCHEME)


class NearDuplicates:
    """An in-memory LSH index over the original (non-duplicate) articles of a store."""

    def __init__(self, threshold: float = THRESHOLD) -> None:
        from datasketch import MinHashLSH

        self.threshold = threshold
        self.lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._sigs: dict[int, object] = {}

    def add(self, article_id: int, signature: bytes) -> None:
        if article_id in self._sigs:
            return
        m = from_bytes(signature)
        self._sigs[article_id] = m
        self.lsh.insert(article_id, m)

    def find(self, signature: bytes) -> tuple[int, float] | None:
        """The first (lowest id) earlier article similar to ``signature``, with its similarity."""
        m = from_bytes(signature)
        best: tuple[int, float] | None = None
        for cand in sorted(self.lsh.query(m)):
            sim = float(m.jaccard(self._sigs[cand]))
            if sim >= self.threshold:
                best = (cand, sim)
                break
        return best

    def __len__(self) -> int:
        return len(self._sigs)
