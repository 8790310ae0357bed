"""Reading gold folders: every ``*.json`` file of a folder, parsed, with errors under the caller's code."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..errors import RasdError


def gold_files(folder: str | Path, error: str, *, recursive: bool = False) -> Iterator[tuple[Path, Any]]:
    """Yield ``(path, parsed JSON)`` for each ``*.json`` file of ``folder`` in name order
    (subfolders too when ``recursive``). A missing folder or a file that cannot be read or parsed
    raises ``RasdError(error)`` naming the file and the cause."""
    folder = Path(folder)
    if not folder.is_dir():
        raise RasdError(error, path=str(folder), reason="no such folder")
    for p in sorted(folder.rglob("*.json") if recursive else folder.glob("*.json")):
        try:
            data = json.loads(p.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise RasdError(error, path=str(p), reason=str(exc)) from exc
        yield p, data
