"""Shared test helpers: where the external data is, and a skip when it is absent."""

from __future__ import annotations

from pathlib import Path

import pytest

from rasd.resources import shared_data

TESTS = Path(__file__).resolve().parent
FIXTURES = TESTS / "resources"


def need_shared(*parts: str) -> Path:
    """Path of a shared data file, or skip the test with the reason."""
    p = shared_data(*parts)
    if p is None:
        pytest.skip(f"shared data {'/'.join(parts)} is absent (../shared/data)")
    return p


def sentence_bounds(toks) -> list[tuple[int, int]]:
    """``(first, end)`` token indices of each run of tokens of one sentence (``tok.sent``)."""
    bounds, i = [], 0
    while i < len(toks):
        j = i
        while j < len(toks) and toks[j].sent == toks[i].sent:
            j += 1
        bounds.append((i, j))
        i = j
    return bounds
