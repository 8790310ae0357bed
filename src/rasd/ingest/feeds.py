"""RSS and Atom feeds (feedparser): one article per entry.

The entry's full content (``content:encoded`` / Atom ``content``) is preferred to its summary; HTML
is reduced to text with paragraph breaks kept. The title, link, publication date and the feed's
title (as the outlet) become the article's metadata. An entry with no text is reported as a
failure (E603, with its entry number) and the other entries are still read; a file that is not a
feed at all is refused with E112.
"""

from __future__ import annotations

import datetime as _dt
import html as _html
import re
from collections.abc import Iterator
from typing import Any

from ..errors import Errors, InputError
from .readers import MAX_ARTICLE_CHARS, Article, InputFailure

_BLOCK = re.compile(r"(?i)<\s*(?:br\s*/?|/p|/div|/h[1-6]|/li|/blockquote)\s*>")
_TAG = re.compile(r"(?s)<[^>]*>")
_DROP = re.compile(r"(?is)<(script|style)\b.*?</\1\s*>")
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANKS = re.compile(r"\n\s*\n+")


def html_to_text(value: str) -> str:
    """Text of an HTML fragment: tags dropped, paragraph breaks kept, entities decoded."""
    if "<" not in value and "&" not in value:
        return value.strip()
    text = _DROP.sub(" ", value)
    text = _BLOCK.sub("\n\n", text)
    text = _TAG.sub(" ", text)
    text = _html.unescape(text)
    lines = [_SPACES.sub(" ", ln).strip() for ln in text.split("\n")]
    return _BLANKS.sub("\n\n", "\n".join(lines)).strip()


def _entry_text(entry: Any) -> str:
    for content in entry.get("content") or []:
        value = content.get("value") or ""
        if value.strip():
            return html_to_text(value)
    return html_to_text(entry.get("summary") or entry.get("description") or "")


def _entry_date(entry: Any) -> str | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        t = entry.get(key)
        if t:
            try:
                return _dt.date(t.tm_year, t.tm_mon, t.tm_mday).isoformat()
            except (ValueError, AttributeError):
                continue
    return None


def read_feed(data: bytes, origin: str) -> Iterator[Article | InputFailure]:
    """Articles (or failures) from the entries of an RSS/Atom document."""
    import feedparser

    parsed = feedparser.parse(data)
    version = parsed.get("version") or ""
    if not version and not parsed.entries:
        reason = parsed.get("bozo_exception") or "not an RSS or Atom document"
        raise InputError(Errors.E112, path=origin, reason=reason)
    outlet = (parsed.feed.get("title") or "").strip() or None
    for i, entry in enumerate(parsed.entries, 1):
        text = _entry_text(entry)
        title = html_to_text(entry.get("title") or "") or None
        if not text:
            yield InputFailure(origin, i, Errors.E603.code,
                               Errors.E603.format_with(path=origin, entry=i, reason="the entry has no text"))
            continue
        if len(text) > MAX_ARTICLE_CHARS:
            yield InputFailure(origin, i, Errors.E603.code, Errors.E603.format_with(
                path=origin, entry=i,
                reason=f"text of {len(text)} characters is larger than the limit of {MAX_ARTICLE_CHARS}"))
            continue
        yield Article(
            text=text, id=entry.get("id") or entry.get("link") or None, published=_entry_date(entry),
            title=title, source=outlet, url=entry.get("link") or None, origin=origin, line=i,
        )
