"""Data that ships inside the package (lexicons, gazetteers, models), and where to find the
external data that training and evaluation read (``../shared/data``).

Nothing here reads a file at import time.
"""

from __future__ import annotations

import os
from importlib import resources as _res
from pathlib import Path

_ROOT = Path(__file__).resolve().parent


def resource_path(*parts: str) -> Path:
    """Path of a file shipped in ``rasd/resources`` (e.g. ``resource_path("ner", "model.crfsuite")``)."""
    return _ROOT.joinpath(*parts)


def shared_data_dir() -> Path | None:
    """The folder of external data sets, or ``None`` when absent.

    Looked up in order: ``$RASD_SHARED_DATA``; ``../shared/data`` from the current folder;
    ``shared/data`` beside the repository checkout (``<repo>/../shared/data``).
    """
    candidates = []
    env = os.environ.get("RASD_SHARED_DATA")
    if env:
        candidates.append(Path(env))
    candidates.append(Path.cwd().parent / "shared" / "data")
    repo = _ROOT.parents[2]  # src/rasd/resources -> repo root
    candidates.append(repo.parent / "shared" / "data")
    for c in candidates:
        if c.is_dir():
            return c
    return None


def shared_data(*parts: str) -> Path | None:
    """Path of a file under the shared data folder, or ``None`` when it is absent."""
    base = shared_data_dir()
    if base is None:
        return None
    p = base.joinpath(*parts)
    return p if p.exists() else None


__all__ = ["resource_path", "shared_data_dir", "shared_data"]
_ = _res  # importlib.resources kept for zip-safe access by later helpers
