"""Main text of an HTML page, with trafilatura.

Scripts, styles, comments and boilerplate never reach the text; a page with no extractable main
text is refused with E107 rather than yielding navigation menus as an "article".
"""

from __future__ import annotations

import re

from ..errors import Errors, InputError
from .readers import Article

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}")


def extract_html(html: str, origin: str) -> Article:
    import trafilatura

    try:
        doc = trafilatura.bare_extraction(
            html, include_comments=False, include_tables=False, favor_precision=True,
            with_metadata=True,
        )
    except Exception as exc:  # trafilatura/lxml raise many types on malformed markup
        raise InputError(Errors.E107, path=origin) from exc
    if doc is None:
        raise InputError(Errors.E107, path=origin)
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    text = (data.get("text") or "").strip()
    if not text:
        raise InputError(Errors.E107, path=origin)
    title = (data.get("title") or "").strip()
    if title and text.startswith(title) and len(text) > len(title):
        text = text[len(title):].lstrip()  # the headline is kept in ``title``, not in the body
    published = data.get("date")
    if not (isinstance(published, str) and _DATE_RE.match(published)):
        published = None
    return Article(
        text=text,
        title=data.get("title") or None,
        published=published[:10] if published else None,
        url=data.get("url") or None,
        source=data.get("sitename") or data.get("hostname") or None,
        origin=origin,
    )
