"""Tokens with offsets into the original text, normalised forms and clitic segmentation.

A token is a run of Arabic letters (with any diacritics, tatweel, ZWJ/ZWNJ inside it), a number
(Western, Eastern Arabic or Persian digits, with decimal/thousands separators), a Latin word (with
digits, hyphens, apostrophes and dots inside: F-16, COVID-19, G20, www.spa.gov.sa), or one
punctuation/other character. Bidi controls and zero-width spaces are not tokens.

Each Arabic word is segmented (:mod:`rasd.text.clitics`) and the pieces are mapped back to the
original text, diacritics and tatweel included:

- ``base_start``: where the word proper begins (after و ف ب ل ك س, before the article);
- ``stem_start``/``stem_end``: the stem without proclitics, article and enclitic.

A detached proclitic — a lone و ف ب ل ك, or one written with tatweel as in لـ«حزب الله»,
بـ50 صاروخا, ولـ — is a token of its own with ``prefix`` set, an empty ``stem`` and
``base_start == stem_start == stem_end == end``: the word it governs is the next token (after
an opening «, " or ( when there is one). :func:`is_detached_proclitic` tells them apart and
:func:`quoted_after` gives the tokens of the quoted name (لـ«حزب الله» -> حزب الله).

Tokens are computed once per distinct surface string (a per-process cache), so the cost per
token is one regex match, one dict lookup and one ``Token`` (made without a call of its
``__init__``).
"""

from __future__ import annotations

import bisect
import re
from operator import itemgetter

from ..doc import Doc, Token
from .clitics import segment_tuple
from .normalize import MAP_RE, REMOVE_RE, fold_normalised, translation_table

_MARKS = "\u064b-\u065f\u0670\u0640\u06d6-\u06ed\u0610-\u061a\u08d3-\u08e1\u08e3-\u08ff\u200c\u200d"
_DIGITS = "0-9\u0660-\u0669\u06f0-\u06f9"
_INVISIBLE = "\u200b-\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff\u00ad"
TOKEN_RE = re.compile(
    r"(?=\S)"  # no alternative starts with whitespace: skip it fast
    rf"(?:(?P<ar>[\u0620-\u063f\u0641-\u064a\u066e\u066f\u0671-\u06d3\u06d5\u06fa-\u06ff{_MARKS}]+)"
    rf"|(?P<num>[{_DIGITS}]+(?:[.,\u066b\u066c][{_DIGITS}]+)*)"
    r"|(?P<lat>[A-Za-z\u00c0-\u024f][A-Za-z0-9\u00c0-\u024f]*(?:['’.-][A-Za-z0-9\u00c0-\u024f]+)*)"
    rf"|(?P<punct>[^\w\s{_INVISIBLE}])"
    rf"|(?P<other>[^\s{_INVISIBLE}]))",
)
# the same pattern without groups: ``findall`` then gives the surfaces alone (no Match objects);
# a token's group is looked up (TOKEN_RE.match on the surface) only when the surface is new
_PLAIN_RE = re.compile(re.sub(r"\(\?P<\w+>", "(?:", TOKEN_RE.pattern))
_NEW = object.__new__  # makes a Token without its __init__ (see _tokenize_cols)
_GET_NORM = itemgetter(0)
_GET_KIND = itemgetter(8)
_KIND = {"ar": "word", "num": "num", "lat": "latin", "punct": "punct", "other": "other"}
_TABLE = translation_table()

# lone proclitics (normalised), detached from the word they govern
_DETACHED = frozenset(("و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك"))

# surface -> (norm, stem, prefix, suffix, det, base_rel, stem_start_rel, stem_end_rel, kind,
#             KEY, STEM_KEY): see token_info(). Rows hold strings, ints and bools only, so the
#             garbage collector stops tracking them (a mutable field would keep 100k+ of them in
#             every full collection)
_CACHE: dict[str, tuple] = {}
KEY = 9  # the norm with ى -> ي and ة -> ه (str.replace, not fold(): the norm is normalised already)
STEM_KEY = 10  # the same for the stem, or for the norm when the stem is empty
# a slot for a value a later component computes once per surface (None until then; see store_slot)
SLOT_EVENTS = 11  # events: (key, nkey, flags)
_CACHE_MAX = 200_000


class Tokenizer:
    name = "tokens"
    reads: tuple[str, ...] = ("sentences",)
    sets: tuple[str, ...] = ("tokens",)

    def __call__(self, doc: Doc) -> Doc:
        toks, infos, cols = _tokenize_cols(doc.text, doc.sentences)
        doc.tokens = toks
        doc._cache["token_info"] = (toks, infos)
        # the columns later components read, built with the tokens
        doc._cache["token_columns"] = (toks, cols if cols is not None else TokenColumns(toks))
        return doc


def tokenize(text: str, sentences=None) -> list[Token]:
    """Tokens of ``text``; ``sent`` is the index of the sentence (by start offset) holding each."""
    return _tokenize(text, sentences)[0]


def _tokenize(text: str, sentences=None) -> tuple[list[Token], list[tuple]]:
    """The tokens and, for each, the cache row of its surface (see :func:`token_info`)."""
    return _tokenize_cols(text, sentences)[:2]


def _tokenize_cols(text: str, sentences=None) -> tuple[list[Token], list[tuple], TokenColumns | None]:
    """:func:`_tokenize` and the tokens' :class:`TokenColumns` (``None`` when there are no tokens)."""
    cache = _CACHE
    if len(cache) > _CACHE_MAX:
        cache.clear()
    surfaces = _PLAIN_RE.findall(text)
    if not surfaces:
        return [], [], None
    infos = list(map(cache.get, surfaces))  # one C-level pass; None for surfaces not seen yet
    if None in infos:
        x = 0
        index = infos.index
        try:
            while True:
                x = index(None, x)
                surface = surfaces[x]
                info = cache.get(surface)  # a new surface seen twice in this text
                if info is None:
                    info = cache[surface] = _row(*_analyse(surface, TOKEN_RE.match(surface).lastgroup or "other"))
                infos[x] = info
                x += 1
        except ValueError:
            pass
    out: list[Token] = []
    append = out.append
    find = text.find
    pos = 0
    new = _NEW
    starts = [s.start for s in sentences] if sentences else None
    si = 0
    nsent = len(starts) if starts else 0
    past = len(text) + 1
    next_start = starts[1] if nsent > 1 else past
    # what lies between two tokens (whitespace, invisible characters) can begin no token, so the
    # first occurrence of a surface from the end of the previous token is where it was matched.
    # A Token is made by ``object.__new__`` and its 13 slots set here: the same object as
    # ``Token(...)`` (every field set), without the call of the dataclass ``__init__``, which
    # cost about as much as the rest of the loop
    for surface, info in zip(surfaces, infos):
        t = new(Token)
        t.start = start = find(surface, pos)
        t.end = pos = start + len(surface)
        t.text = surface
        t.norm, t.stem, t.prefix, t.suffix, t.det, b, ss, se, t.kind, _k, _s, _e = info
        t.base_start = start + b
        t.stem_start = start + ss
        t.stem_end = start + se
        if start >= next_start:
            si = bisect.bisect_right(starts, start, si) - 1
            next_start = starts[si + 1] if si + 1 < nsent else past
        t.sent = si
        append(t)
    # the shared columns: the surfaces' list itself, the rest in C where the rows have them
    cols = TokenColumns.from_columns([t.start for t in out], [t.end for t in out], surfaces,
                                     list(map(_GET_NORM, infos)), list(map(_GET_KIND, infos)),
                                     [t.sent for t in out])
    return out, infos, cols


_GET_KEY = itemgetter(KEY)
_GET_STEM_KEY = itemgetter(STEM_KEY)


def _row(norm_: str, stem: str, prefix: str, suffix: str, det: bool, b: int, ss: int, se: int,
         kind: str) -> tuple:
    """A surface's cache row: its analysis and its folded keys."""
    key = fold_normalised(norm_)
    # (the stem is the norm itself, the same object, for every word left whole: fold it once)
    skey = fold_normalised(stem) if stem and stem is not norm_ else key
    return (norm_, stem, prefix, suffix, det, b, ss, se, kind, key, skey, None)


def token_info(doc: Doc) -> list[tuple]:
    """For each token of ``doc``, the row the tokenizer keeps for its surface: the analysis
    fields (offsets relative to the token's start), ``row[KEY]`` and ``row[STEM_KEY]``, computed
    once per distinct surface, and the slot (``SLOT_EVENTS``) a later component fills once per surface
    (:func:`store_slot`). Tokens not made by :class:`Tokenizer` (``doc.tokens`` replaced) get
    rows built from their own fields."""
    toks = doc.tokens
    got = doc._cache.get("token_info")
    if got is not None and got[0] is toks and len(got[1]) == len(toks):
        return got[1]
    infos = [_row(t.norm, t.stem, t.prefix, t.suffix, t.det, t.base_start - t.start, t.stem_start - t.start,
                  t.stem_end - t.start, t.kind) for t in toks]
    doc._cache["token_info"] = (toks, infos)
    return infos


def store_slot(infos: list[tuple], x: int, slot: int, value, surface: str) -> None:
    """Put a component's per-surface ``value`` in ``slot`` of row ``x`` of :func:`token_info`:
    the row is replaced by a copy holding it (rows stay immutable, so the garbage collector does
    not track them), in the document's list and in the tokenizer's cache when that row is the
    one cached for ``surface`` (rows of hand-made tokens stay the document's own)."""
    row = infos[x]
    new = row[:slot] + (value,) + row[slot + 1:]
    infos[x] = new
    if _CACHE.get(surface) is row:
        _CACHE[surface] = new


def _info_column(doc: Doc, name: str, getter) -> list[str]:
    """One field of each token's row (see :func:`token_info`), cached in ``doc._cache[name]``
    for as long as the rows are the same."""
    infos = token_info(doc)
    got = doc._cache.get(name)
    if got is not None and got[0] is infos:
        return got[1]
    col = list(map(getter, infos))
    doc._cache[name] = (infos, col)
    return col


def token_keys(doc: Doc) -> list[str]:
    """``row[KEY]`` of each token (see :func:`token_info`), computed once per document."""
    return _info_column(doc, "token_keys", _GET_KEY)


def token_stem_keys(doc: Doc) -> list[str]:
    """``row[STEM_KEY]`` of each token (see :func:`token_info`), computed once per document."""
    return _info_column(doc, "token_stem_keys", _GET_STEM_KEY)


class TokenColumns:
    """The tokens' fields as parallel lists (``starts[i] == doc.tokens[i].start``), built once per
    document for the components that scan them (list comprehensions: faster than ``map`` with
    ``attrgetter`` on slotted objects). Treat the lists as read-only."""

    __slots__ = ("ends", "kinds", "norms", "sents", "starts", "texts")

    def __init__(self, toks: list[Token]) -> None:
        self.starts = [t.start for t in toks]
        self.ends = [t.end for t in toks]
        self.texts = [t.text for t in toks]
        self.norms = [t.norm for t in toks]
        self.kinds = [t.kind for t in toks]
        self.sents = [t.sent for t in toks]

    @classmethod
    def from_columns(cls, starts: list[int], ends: list[int], texts: list[str], norms: list[str],
                     kinds: list[str], sents: list[int]) -> TokenColumns:
        """Columns the caller has already (the tokenizer's), taken as they are."""
        self = cls.__new__(cls)
        self.starts = starts
        self.ends = ends
        self.texts = texts
        self.norms = norms
        self.kinds = kinds
        self.sents = sents
        return self


def token_columns(doc: Doc) -> TokenColumns:
    """:class:`TokenColumns` of ``doc.tokens``, computed once per document (by the tokenizer, or
    here when ``doc.tokens`` was set otherwise or replaced since)."""
    toks = doc.tokens
    got = doc._cache.get("token_columns")
    if got is not None and got[0] is toks and len(got[1].starts) == len(toks):
        return got[1]
    cols = TokenColumns(toks)
    doc._cache["token_columns"] = (toks, cols)
    return cols


def token_norms(doc: Doc) -> list[str]:
    """``[t.norm for t in doc.tokens]``, computed once per document for the components that look
    tokens up by their normalised form (:func:`token_columns`). Treat the list as read-only."""
    return token_columns(doc).norms


def is_detached_proclitic(tok: Token) -> bool:
    """True for a proclitic token standing apart from its word (لـ«...», بـ50, a lone و)."""
    return tok.kind == "word" and bool(tok.prefix) and not tok.stem


_CLOSERS = {"«": "»", "“": "”", '"': '"', "(": ")"}


def quoted_after(tokens: list[Token], i: int, max_tokens: int = 12) -> tuple[int, int] | None:
    """Token indices ``[a, b)`` of the quoted name a detached proclitic governs.

    For لـ«حزب الله» (token ``i`` = "لـ"), returns the indices of "حزب" and one past "الله".
    The opening mark must touch the proclitic or follow it after one space, and the closing mark
    must come within ``max_tokens`` tokens. ``None`` when token ``i`` is not such a proclitic.
    """
    if i + 2 >= len(tokens) or not is_detached_proclitic(tokens[i]):
        return None
    opener = tokens[i + 1]
    closer = _CLOSERS.get(opener.text)
    if closer is None or opener.start - tokens[i].end > 1:
        return None
    for j in range(i + 2, min(len(tokens), i + 2 + max_tokens + 1)):
        if tokens[j].text == closer:
            return (i + 2, j) if j > i + 2 else None
    return None


def _orig_index(surface: str, k: int) -> int:
    """Index in ``surface`` of its k-th normalised character (``len(surface)`` past the end)."""
    seen = 0
    for i, ch in enumerate(surface):
        if REMOVE_RE.match(ch) is None:
            if seen == k:
                return i
            seen += 1
    return len(surface)


def _analyse(surface: str, group: str) -> tuple:
    kind = _KIND[group]
    light = REMOVE_RE.sub("", surface) if REMOVE_RE.search(surface) else surface
    norm_ = light.translate(_TABLE) if MAP_RE.search(light) else light
    n = len(surface)
    if kind != "word":
        return (norm_, norm_, "", "", False, 0, 0, n, kind)
    if not norm_:
        # tatweel alone (used as a dash: غزة ـ «الأخبار») or stray marks
        if "\u0640" in surface:
            return ("-", "-", "", "", False, 0, 0, n, "punct")
        return ("", "", "", "", False, 0, 0, n, "other")
    if norm_ in _DETACHED and (len(norm_) == 1 or surface.endswith("\u0640")):
        return (norm_, "", norm_, "", False, n, n, n, "word")
    prefix, det, stem, suffix, pre_len, det_len = segment_tuple(light, norm_)
    if not (pre_len or det_len or suffix or det):
        return (norm_, stem, "", "", False, 0, 0, n, "word")
    stem_k = pre_len + det_len
    end_k = len(norm_) - len(suffix)
    if light is surface:  # nothing removed: normalised offsets are original offsets
        base, ss = pre_len, stem_k
        se = end_k
    else:
        base = _orig_index(surface, pre_len)
        ss = _orig_index(surface, stem_k)
        if suffix:
            # the stem ends where the enclitic begins (marks on the stem's last letter stay)
            se = _orig_index(surface, end_k)
        else:
            se = n
    return (norm_, stem, prefix, suffix, det, base, ss, se, "word")


def clear_cache() -> None:
    _CACHE.clear()


__all__ = ["KEY", "SLOT_EVENTS", "STEM_KEY", "TOKEN_RE", "TokenColumns", "Tokenizer", "clear_cache", "is_detached_proclitic",
           "quoted_after", "store_slot", "token_columns", "token_info", "token_keys", "token_norms", "token_stem_keys", "tokenize"]
