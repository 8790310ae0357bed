"""Reading articles from files, folders and standard input.

``iter_inputs(paths)`` yields, in order, an :class:`Article` for every article it could read and an
:class:`InputFailure` for every input (file, or line of a JSONL file) it could not, with the file,
the line and the reason. A failure never stops the other inputs.

Supported inputs (by suffix): ``.txt`` (one article), ``.jsonl`` (one article per line with ``text``
and optional ``id``, ``published``, ``title``, ``source``, ``url``), ``.json`` (one article object or a
list of them), ``.html``/``.htm`` (main text extracted with trafilatura), ``.rss``/``.atom``/``.xml``
(feeds, via :mod:`rasd.ingest.feeds`), folders (recursively, in sorted order) and ``-`` (standard
input, read as one text article, or JSONL when every non-empty line is a JSON object).
"""

from __future__ import annotations

import io
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Iterable, Iterator

from ..doc import check_iso_date
from ..errors import Errors, InputError, RasdError

#: A single-article file (.txt, .html, .json) larger than this is refused (E104).
MAX_FILE_BYTES = 10 * 1024 * 1024
#: One article's text longer than this is refused (E113).
MAX_ARTICLE_CHARS = 1_000_000
#: One JSONL line longer than this (bytes) is refused.
MAX_LINE_BYTES = 10 * 1024 * 1024

TEXT_SUFFIXES = {".txt", ".text", ".md"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
JSON_SUFFIXES = {".json"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
SUPPORTED = TEXT_SUFFIXES | JSONL_SUFFIXES | JSON_SUFFIXES | HTML_SUFFIXES | FEED_SUFFIXES


@dataclass(slots=True)
class Article:
    """One article read from an input, ready for :func:`rasd.analyze`."""

    text: str
    id: str | None = None
    published: str | None = None
    title: str | None = None
    source: str | None = None
    url: str | None = None
    origin: str = "-"  # the file it came from ("-" for stdin)
    line: int | None = None  # its line in a JSONL file
    extra: dict[str, Any] = field(default_factory=dict)

    def meta(self) -> dict[str, Any]:
        """Keyword arguments for :func:`rasd.analyze` / :func:`rasd.pipeline.make_doc`."""
        out: dict[str, Any] = {"published": self.published}
        for key in ("id", "title", "source", "url"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        out["origin"] = self.origin if self.line is None else f"{self.origin}:{self.line}"
        out.update(self.extra)
        return out


@dataclass(slots=True)
class InputFailure:
    """An input that could not be read: where, and why (with the error code)."""

    origin: str
    line: int | None
    code: str
    message: str

    def __str__(self) -> str:
        return f"[{self.code}] {self.message}"


def iter_inputs(
    paths: Iterable[str | Path],
    *,
    stdin: BinaryIO | None = None,
    published: str | None = None,
    exclude: Iterable[str | Path] = (),
) -> Iterator[Article | InputFailure]:
    """Articles and failures from every input, in order. ``published`` is the default date.

    Files in ``exclude`` (e.g. the output file, which may sit inside an input folder) are never
    read from a folder.
    """
    skip = {Path(p).resolve() for p in exclude}
    for raw in paths:
        if str(raw) == "-":
            stream = stdin if stdin is not None else sys.stdin.buffer
            yield from _with_default(_read_stdin(stream), published)
            continue
        path = Path(raw)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if (child.suffix.lower() in SUPPORTED and not child.name.startswith(".")
                        and child.resolve() not in skip):
                    yield from _with_default(read_path(child), published)
            continue
        yield from _with_default(read_path(path), published)


def _with_default(items: Iterable[Article | InputFailure], published: str | None):
    for item in items:
        if isinstance(item, Article) and item.published is None and published is not None:
            item.published = published
        yield item


def read_path(path: Path) -> Iterator[Article | InputFailure]:
    """Articles (or failures) from one file."""
    origin = str(path)
    if not path.exists():
        yield _failure(origin, None, InputError(Errors.E108, path=origin))
        return
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        yield _failure(origin, None, InputError(Errors.E109, path=origin, suffix=suffix or "(none)"))
        return
    if suffix in JSONL_SUFFIXES:
        try:
            handle = path.open("rb")
        except OSError as exc:
            yield _failure(origin, None, InputError(Errors.E111, path=origin, reason=exc.strerror or exc))
            return
        with handle:
            yield from read_jsonl(handle, origin)
        return
    try:
        data = _read_bytes(path)
    except RasdError as exc:
        yield _failure(origin, None, exc)
        return
    try:
        if suffix in TEXT_SUFFIXES:
            yield _text_article(data, origin)
        elif suffix in JSON_SUFFIXES:
            yield from _json_articles(data, origin)
        elif suffix in HTML_SUFFIXES:
            yield _html_article(data, origin)
        else:
            from .feeds import read_feed  # RSS/Atom

            yield from read_feed(data, origin)
    except RasdError as exc:
        yield _failure(origin, None, exc)


def _read_bytes(path: Path) -> bytes:
    origin = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(Errors.E104, path=origin, size=size, limit=MAX_FILE_BYTES)
        return path.read_bytes()
    except OSError as exc:
        raise InputError(Errors.E111, path=origin, reason=exc.strerror or exc) from exc


def decode_text(data: bytes, origin: str, *, line: int | None = None) -> str:
    """Decode UTF-8 (a BOM is dropped), refusing empty, binary and invalid input with a reason."""
    where = origin if line is None else f"{origin}, line {line}"
    if not data.strip():
        raise InputError(Errors.E101, path=where)
    if looks_binary(data):
        raise InputError(Errors.E102, path=where)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(Errors.E103, path=where, position=exc.start, reason=exc.reason) from exc
    if not text.strip():
        raise InputError(Errors.E101, path=where)
    if len(text) > MAX_ARTICLE_CHARS:
        raise InputError(Errors.E113, path=where, size=len(text), limit=MAX_ARTICLE_CHARS)
    return text


def looks_binary(data: bytes, sample: int = 8192) -> bool:
    """NUL bytes, or many C0 control characters, in the first ``sample`` bytes."""
    head = data[:sample]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls > max(8, len(head) // 20)


def _text_article(data: bytes, origin: str) -> Article:
    text = decode_text(data, origin)
    return Article(text=text, origin=origin)


def _html_article(data: bytes, origin: str) -> Article:
    from .html import extract_html

    html = decode_text(data, origin)
    return extract_html(html, origin)


def _json_articles(data: bytes, origin: str) -> Iterator[Article | InputFailure]:
    text = decode_text(data, origin)
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(Errors.E105, path=origin, line=exc.lineno, reason=exc.msg) from exc
    items = obj if isinstance(obj, list) else [obj]
    for i, item in enumerate(items, 1):
        try:
            yield article_from_record(item, origin, i if isinstance(obj, list) else None)
        except RasdError as exc:
            yield _failure(origin, i, exc)


def read_jsonl(stream: BinaryIO | io.BufferedReader, origin: str) -> Iterator[Article | InputFailure]:
    """One article per line; each malformed line is a failure with its line number."""
    for lineno, raw in enumerate(stream, 1):
        if len(raw) > MAX_LINE_BYTES:
            yield _failure(origin, lineno, InputError(
                Errors.E106, path=origin, line=lineno,
                reason=f"line of {len(raw)} bytes is larger than the limit of {MAX_LINE_BYTES}"))
            continue
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            yield _failure(origin, lineno, InputError(
                Errors.E106, path=origin, line=lineno, reason=f"invalid UTF-8 at byte {exc.start}"))
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            yield _failure(origin, lineno, InputError(Errors.E105, path=origin, line=lineno, reason=exc.msg))
            continue
        try:
            yield article_from_record(obj, origin, lineno)
        except RasdError as exc:
            yield _failure(origin, lineno, exc)


def article_from_record(obj: Any, origin: str, line: int | None) -> Article:
    """An :class:`Article` from a JSON object with ``text`` and optional metadata."""
    where_line = line if line is not None else 1

    def bad(reason: str) -> InputError:
        return InputError(Errors.E106, path=origin, line=where_line, reason=reason)

    if not isinstance(obj, dict):
        raise bad(f"expected a JSON object, got {type(obj).__name__}")
    text = obj.get("text")
    if not isinstance(text, str):
        raise bad("missing 'text' (a string)")
    if not text.strip():
        raise bad("'text' is empty")
    if len(text) > MAX_ARTICLE_CHARS:
        raise bad(f"'text' of {len(text)} characters is larger than the limit of {MAX_ARTICLE_CHARS}")
    if "\x00" in text:
        raise bad("'text' contains NUL characters (binary data?)")
    meta: dict[str, Any] = {}
    for key in ("id", "title", "source", "url"):
        value = obj.get(key)
        if value is not None and not isinstance(value, (str, int)):
            raise bad(f"'{key}' must be a string")
        meta[key] = str(value) if value is not None else None
    published = obj.get("published")
    if published is not None:
        published = str(published)[:10]
        try:
            check_iso_date(published)
        except RasdError as exc:
            raise bad(f"'published' {obj.get('published')!r} is not a YYYY-MM-DD date") from exc
    return Article(text=text, published=published, origin=origin, line=line, **meta)


def _read_stdin(stream: BinaryIO) -> Iterator[Article | InputFailure]:
    try:
        data = stream.read()
    except OSError as exc:
        yield _failure("-", None, InputError(Errors.E111, path="-", reason=exc))
        return
    lines = [ln for ln in data.splitlines() if ln.strip()]
    if lines and all(ln.lstrip().startswith(b"{") for ln in lines):
        yield from read_jsonl(io.BytesIO(data), "-")
        return
    try:
        yield _text_article(data, "-")
    except RasdError as exc:
        yield _failure("-", None, exc)


def _failure(origin: str, line: int | None, exc: RasdError) -> InputFailure:
    return InputFailure(origin=origin, line=line, code=exc.code, message=exc.message)


__all__ = [
    "Article", "InputFailure", "iter_inputs", "read_path", "read_jsonl", "decode_text",
    "article_from_record", "looks_binary", "MAX_FILE_BYTES", "MAX_ARTICLE_CHARS", "SUPPORTED",
]
