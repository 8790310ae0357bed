"""Reading evaluation data: gold folders (every ``*.json`` file, parsed), gold JSONL files (a row a
line) and news_sample texts for timings, with errors under the caller's code."""

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


def jsonl_rows(path: str | Path, error: str) -> Iterator[tuple[int, Any]]:
    """Yield ``(line number, parsed JSON)`` for each non-blank line of a gold JSONL file. A file
    that cannot be read or a malformed line raises ``RasdError(error)`` with the file and the line."""
    path = Path(path)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise RasdError(error, path=path, reason=f"cannot read: {exc}") from exc
    for no, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            yield no, json.loads(line)
        except json.JSONDecodeError as exc:
            raise RasdError(error, path=path, reason=f"line {no}: malformed JSON: {exc}") from exc


def news_sample_texts(n: int, error: str) -> list[str]:
    """The texts of the first ``n`` news_sample articles (shared data, for timing a component);
    ``RasdError(error)`` when the shared data is absent."""
    from ..resources import shared_data

    path = shared_data("news_sample", "articles.jsonl")
    if path is None:
        raise RasdError(error, path="news_sample", reason="shared data is absent (../shared/data)")
    texts: list[str] = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if len(texts) >= n:
                break
            texts.append(json.loads(line)["text"])
    return texts
