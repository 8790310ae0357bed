"""Tokens with offsets into the original text, normalised forms and clitic segmentation."""

from __future__ import annotations

import re

from ..doc import Doc, Token
from .clitics import segment
from .normalize import norm

_DIAC = "\u064b-\u065f\u0670\u0640\u06d6-\u06ed\u0610-\u061a\u200c\u200d"
TOKEN_RE = re.compile(
    rf"(?P<ar>[\u0621-\u064a\u0671-\u06d3\u06fa-\u06ff{_DIAC}]+)"
    r"|(?P<num>[0-9\u0660-\u0669\u06f0-\u06f9]+(?:[.,\u066b\u066c][0-9\u0660-\u0669\u06f0-\u06f9]+)*)"
    r"|(?P<lat>[A-Za-z\u00c0-\u024f]+(?:['’.-][A-Za-z]+)*)"
    r"|(?P<punct>[^\w\s])"
    r"|(?P<other>[^\s])",
)
_KIND = {"ar": "word", "num": "num", "lat": "latin", "punct": "punct", "other": "other"}


class Tokenizer:
    name = "tokens"
    reads: tuple[str, ...] = ("sentences",)
    sets: tuple[str, ...] = ("tokens",)

    def __call__(self, doc: Doc) -> Doc:
        doc.tokens = tokenize(doc.text, doc.sentences)
        return doc


def tokenize(text: str, sentences=None) -> list[Token]:
    out: list[Token] = []
    bounds = [s.end for s in sentences] if sentences else []
    si = 0
    for m in TOKEN_RE.finditer(text):
        start, end = m.span()
        while si < len(bounds) and start >= bounds[si]:
            si += 1
        kind = _KIND[m.lastgroup or "other"]
        surface = m.group()
        n = norm(surface)
        tok = Token(start, end, surface, n, n, kind=kind, sent=min(si, max(len(bounds) - 1, 0)),
                    base_start=start, stem_start=start, stem_end=end)
        if kind == "word":
            _segment_token(tok)
        out.append(tok)
    return out


def _orig_pos(surface: str, k: int) -> int:
    """Original index within ``surface`` of the k-th normalised character."""
    seen = 0
    for i, ch in enumerate(surface):
        if not _is_removed(ch):
            if seen == k:
                return i
            seen += 1
    return len(surface)


_REMOVED = re.compile(f"[{_DIAC}]")


def _is_removed(ch: str) -> bool:
    return _REMOVED.match(ch) is not None


def _segment_token(tok: Token) -> None:
    seg = segment(tok.norm)
    tok.stem = seg.stem
    tok.prefix = seg.prefix
    tok.suffix = seg.suffix
    tok.det = seg.det
    if seg.pre_len or seg.det_len or seg.suffix:
        s = tok.text
        if tok.norm == s:  # nothing removed: normalised offsets are original offsets
            base = seg.pre_len
            stem_s = seg.pre_len + seg.det_len
            stem_e = len(s) - len(seg.suffix)
        else:
            base = _orig_pos(s, seg.pre_len)
            stem_s = _orig_pos(s, seg.pre_len + seg.det_len)
            stem_e = _orig_pos(s, len(tok.norm) - len(seg.suffix) - 1) + 1 if seg.suffix else len(s)
        # "لل": the article's alef is not written; the word proper starts at the second ل
        if seg.det_len == 1:
            base = _orig_pos(s, seg.pre_len - 1) if seg.pre_len else base
            base = tok.start + base
        else:
            base = tok.start + base
        tok.base_start = base
        tok.stem_start = tok.start + stem_s
        tok.stem_end = tok.start + stem_e
