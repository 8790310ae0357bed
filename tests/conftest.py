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
