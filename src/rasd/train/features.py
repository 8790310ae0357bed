"""CRF features for the NER tagger, the same at training and at run time.

Features are computed from :class:`rasd.doc.Token` objects made by the text layer
(``rasd.text.tokens.tokenize``): at training time the CoNLL words of a sentence are joined with
spaces and tokenised by the same function, so training and run-time tokens look alike.

Word-level features (surface, clitic-stripped stem, clitics, character prefixes and suffixes of
the stem, shape, lexicon classes, cluster ids) depend only on the normalised word and are built
once per distinct word and cached; per token only the context (words at -2..+2, two bigrams) and
the multi-word lexicon matches (with B/I position) are assembled.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..doc import Token
from ..resources import resource_path
from ..text import fold, fold_normalised
from ..text.clitics import segment
from ..text.normalize import norm

# per-word caches (here and in :class:`rasd.train.crf.FastCRF`) are emptied when they reach this
# many words, so that memory stays bounded over long runs (news text keeps bringing new words)
MAX_CACHED_WORDS = 100_000

CATEGORIES = {"title": "T", "orghead": "H", "lochead": "L", "loc": "G", "per": "P", "orgname": "O",
              "nat": "N", "place": "C", "sur": "F", "gloc": "V", "gplace": "Y"}
# lexicon files of a model folder: written by the team (lexicon.tsv) or built by
# `rasd train ner-lexicons` (places.tsv, gazplaces.tsv, names.tsv)
LEXICON_NAMES = ("lexicon.tsv", "places.tsv", "names.tsv", "gazplaces.tsv")


def _key(word: str) -> str:
    """Matching key of one word: folded, clitics and article removed."""
    n = norm(word)
    return fold(segment(n).stem)


_LEN = tuple(f"len={n}" for n in range(9))
_NV = tuple(f"nv={n}" for n in range(5))
_NISBA_CTX = ("يه", "يون", "يين", "ين", "ي")
_NISBA = ("يه", "يون", "يين", "ين")  # (each also ends with one of _NISBA_CTX)
# Arabic letters -> "c", the long vowels ا و ي -> "v" (other characters stay as they are)
_SKELETON = str.maketrans({**{chr(c): "c" for c in range(0x0621, 0x064B)}, "ا": "v", "و": "v", "ي": "v"})


class Lexicon:
    """Single- and multi-word lexicon entries keyed by folded stems."""

    def __init__(self, entries: list[tuple[str, str]], keyed: Sequence[str] = ()) -> None:
        self.single: dict[str, str] = {}
        multi: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for line in keyed:  # optional fullnames.tsv: multi-word person names, already as keys
            keys = tuple(line.split())
            if len(keys) >= 2:
                multi.setdefault(keys[0], []).append((keys, "Q"))
        for cat, entry in entries:
            code = CATEGORIES[cat]
            keys = tuple(_key(w) for w in entry.split())
            if not keys or not all(keys):
                continue
            if len(keys) == 1:
                have = self.single.get(keys[0], "")
                if code not in have:
                    self.single[keys[0]] = "".join(sorted(have + code))
            multi.setdefault(keys[0], []).append((keys, code))
        # first key -> distinct (length, code), longest first; and the set of entries
        self.multi = {
            k: sorted({(len(seq), code) for seq, code in v}, key=lambda x: -x[0]) for k, v in multi.items()
        }
        self.entries = {(seq, code) for v in multi.values() for seq, code in v if len(seq) > 1}

    @classmethod
    def load(cls, folder: Path | None = None) -> Lexicon:
        folder = folder or resource_path("ner")
        entries: list[tuple[str, str]] = []
        for name in LEXICON_NAMES:
            p = folder / name
            if not p.exists():
                continue
            for line in p.read_text(encoding="utf-8").splitlines():
                if not line or line.startswith("#"):
                    continue
                cat, _, entry = line.partition("\t")
                if cat in CATEGORIES and entry.strip():
                    entries.append((cat, entry.strip()))
        keyed: list[str] = []
        p = folder / "fullnames.tsv"
        if p.exists():
            keyed = [x for x in p.read_text(encoding="utf-8").splitlines() if x and not x.startswith("#")]
        return cls(entries, keyed)

    def matches(self, keys: Sequence[str]) -> list[list[str]] | None:
        """Per position, the ``g<code><B|I>`` features of the longest match of each category."""
        found = self.matches_at(keys)
        if found is None:
            return None
        out: list[list[str]] = [[] for _ in range(len(keys))]
        for k, feats in found.items():
            out[k] = feats
        return out

    def matches_at(self, keys: Sequence[str], starts: Sequence[int] | None = None) -> dict[int, list[str]] | None:
        """:meth:`matches` as {position: features} for the positions that have some (ascending).
        ``starts``: the positions (ascending) whose key starts some entry, when known."""
        out: dict[int, list[str]] | None = None
        multi = self.multi
        entries = self.entries
        n = len(keys)
        for i in range(n) if starts is None else starts:
            cands = multi.get(keys[i])
            if not cands:
                continue
            seen = ""
            for m, code in cands:
                if code in seen:
                    continue
                if m == 1 or (i + m <= n and (tuple(keys[i:i + m]), code) in entries):
                    seen += code
                    if out is None:
                        out = {}
                    got = out.get(i)
                    if got is None:
                        got = out[i] = []
                    got.append("g" + code + "B")
                    for k in range(i + 1, i + m):
                        got = out.get(k)
                        if got is None:
                            got = out[k] = []
                        got.append("g" + code + "I")
        return out


def load_clusters(path: Path | None = None) -> dict[str, str]:
    """word key -> cluster bit string (``clusters.tsv``: key<TAB>bits), empty when absent."""
    path = path or resource_path("ner", "clusters.tsv")
    if not path.exists():
        return {}
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        k, _, v = line.partition("\t")
        if k and v:
            out[k] = v
    return out


class Featurizer:
    """Builds CRF feature lists for sentences of tokens."""

    def __init__(self, lexicon: Lexicon | None = None, clusters: dict[str, str] | None = None,
                 known: set[str] | frozenset[str] | None = None) -> None:
        self.lexicon = lexicon if lexicon is not None else Lexicon.load()
        self.clusters = clusters if clusters is not None else load_clusters()
        # At run time, the attributes the model has weights for: others are dropped once per
        # word (cached), which keeps the lists short and the tagger fast.
        self.known = known
        self._cache: dict[str, tuple] = {}
        # folded stem -> the stem's part of a word's features (see build): without a vocab, and
        # for the last vocab given
        self._stems0: dict[str, tuple] = {}
        self._stems: dict[str, tuple] = {}
        self._stem_vocab: tuple | None = None
        # the same as feature ids (build_ids), for the last vocab and id map given
        self._stem_ids: dict[str, tuple] = {}
        self._ids_vocab: tuple | None = None
        self._ids_aid: dict[str, int] | None = None
        self._ids_fixed: dict[str, int] = {}
        self._cl_ids: dict[str, tuple] = {}  # cluster bits -> ids of its pieces (see _stem_ids_of)

    def word(self, tok: Token) -> tuple:
        """(own features, ctx-2, ctx-1, ctx+1, ctx+2, key, stem, classes) of a token's word (cached;
        at run time only the attributes in ``known`` are kept)."""
        # by the written form: the tokenizer's analysis (stem, clitics, article, kind) is a function
        # of it, while one normalised word can have several (الفريد read as ال+فريد or whole), and
        # a cache by the normalised word gave every form the features of the first one seen
        key_form = tok.text
        got = self._cache.get(key_form)
        if got is not None:
            return got
        got = self.build(tok)
        known = self.known
        if known is not None:
            got = ([x for x in got[0] if x in known], *([x for x in c if x in known] for c in got[1:5]),
                   *got[5:])
        if len(self._cache) >= MAX_CACHED_WORDS:  # bounded memory over long runs: start afresh
            self._cache = {}
        self._cache[key_form] = got
        return got

    def build(self, tok: Token, vocab: tuple | None = None) -> tuple:
        """The uncached, unfiltered :meth:`word` tuple of a token. With ``vocab`` (the sets of
        words and of stems that occur in some ``w=`` / ``s=`` attribute of the model), the
        ``w=`` and ``s=`` features of other words (which have no weight) are left out.

        Words: the features that depend on the stem alone (the stem's letters, lexicon classes,
        clusters, skeleton, and their context copies, see :meth:`_stem_parts`) are cached per
        stem; only the surface's part (``w=``, clitics, article, endings) is built per word. The
        lists are the same, in the same order, as building everything afresh."""
        kind = tok.kind
        # Token.norm and Token.stem come normalised from the text layer (norm() is idempotent,
        # and the stem is a piece of the norm or a restored ة / ى / ء / "الله"), so fold() of
        # them is only its two last steps: ى -> ي and ة -> ه
        w = fold_normalised(tok.norm)
        if kind != "word":
            return self._build_other(tok, kind, w, vocab)
        stem = fold_normalised(tok.stem)
        # the parts depend on ``vocab``: one cache for None (training, Featurizer.word), one for
        # the last vocab given (FastCRF's); emptied when full (bounded memory)
        if vocab is None:
            stems = self._stems0
        else:
            stems = self._stems
            if vocab is not self._stem_vocab:
                stems.clear()
                self._stem_vocab = vocab
        parts = stems.get(stem)
        if parts is None:
            if len(stems) >= MAX_CACHED_WORDS:
                stems.clear()
            parts = stems[stem] = self._stem_parts(stem, vocab)
        s_own, mid, tail, far2, far_2, head1, head_1, tail1, tail_1, cls = parts
        prefix = tok.prefix
        suffix = tok.suffix
        det = tok.det
        # own: b, w=, s=, k=, p=, x=, det, length and affixes of the stem, nisba, then the stem's rest
        if vocab is None or w in vocab[0]:
            ww = "w=" + w
            own = ["b", ww, *s_own]
            m2, p2 = ["-2:" + ww, *far_2], ["+2:" + ww, *far2]
            m1, p1 = ["-1:" + ww, *head_1], ["+1:" + ww, *head1]
        else:
            own = ["b", *s_own]
            m2, p2 = list(far_2), list(far2)
            m1, p1 = list(head_1), list(head1)
        if prefix:
            own.append("p=" + prefix)
        if suffix:
            own.append("x=" + suffix)
        if det:
            own.append("det")
        own += mid
        if w.endswith(_NISBA_CTX):
            if w.endswith(_NISBA):
                own.append("nisba")
            m1.append("-1:nis")
            p1.append("+1:nis")
        own += tail
        # the neighbour's morphology (article, proclitics), between the stem's cluster and ending
        if det:
            m1.append("-1:det")
            p1.append("+1:det")
        if prefix:
            m1.append("-1:p=" + prefix)
            p1.append("+1:p=" + prefix)
        m1 += tail_1
        p1 += tail1
        return own, m2, m1, p1, p2, stem, stem, cls

    def _stem_parts(self, stem: str, vocab: tuple | None) -> tuple:
        """The pieces of a word's features that depend on its (folded) stem alone, already with
        their context prefixes: (the own ``s=`` and ``k=``; the own length and affixes; the own
        classes, clusters, skeleton; the far context (+2 / -2); the near context's head (``s=``,
        clusters) and tail (ending, classes) for +1 / -1; the lexicon classes)."""
        keep_s = vocab is None or stem in vocab[1]
        s_own = ["s=" + stem, "k=word"] if keep_s else ["k=word"]
        n = len(stem)
        mid = [_LEN[min(n, 8)]]
        if n > 1:  # first and last 1..4 letters of the stem, when shorter than it
            mid += ("a1=" + stem[:1], "z1=" + stem[-1:])
            if n > 2:
                mid += ("a2=" + stem[:2], "z2=" + stem[-2:])
                if n > 3:
                    mid += ("a3=" + stem[:3], "z3=" + stem[-3:])
                    if n > 4:
                        mid += ("a4=" + stem[:4], "z4=" + stem[-4:])
        cls = self.lexicon.single.get(stem, "")
        tail = ["c=" + c for c in cls]
        cl = self.clusters.get(stem)
        if cl:
            tail += ("b4=" + cl[:4], "b6=" + cl[:6], "b8=" + cl[:8], "b10=" + cl[:10], "b12=" + cl[:12], "bf=" + cl)
            ctx_cl = ["b6=" + cl[:6], "b10=" + cl[:10]]
            far_cl = ["b6=" + cl[:6]]
        else:  # a word too rare in the cluster text (names often are)
            tail.append("nocl")
            ctx_cl = ["nocl"]
            far_cl = []
        # consonant/long-vowel skeleton of the stem (transliterated foreign names have many
        # long vowels: كالديرون -> cvc~cvc) and the number of long vowels
        sk = stem.translate(_SKELETON)
        tail.append("sk=" + (sk if len(sk) <= 6 else sk[:3] + "~" + sk[-3:]))
        tail.append(_NV[min(sk.count("v"), 4)])
        base = ["s=" + stem] if keep_s else []
        ctail = ["c=" + c for c in cls]
        far = base + ctail + far_cl
        head = base + ctx_cl
        ntail = (["z2=" + stem[-2:]] if n > 3 else []) + ctail
        # tuples of strings only: the garbage collector stops tracking the cached rows
        return (tuple(s_own), tuple(mid), tuple(tail), tuple(["+2:" + x for x in far]), tuple(["-2:" + x for x in far]),
                tuple(["+1:" + x for x in head]), tuple(["-1:" + x for x in head]),
                tuple(["+1:" + x for x in ntail]), tuple(["-1:" + x for x in ntail]), cls)

    def build_ids(self, tok: Token, vocab: tuple | None, aid: dict[str, int], zero: int) -> tuple:
        """:meth:`build` with each feature as its id in ``aid`` (``zero`` for a feature not in it):
        the same five lists, of the same lengths and in the same order, then key, stem, classes.
        For a decoder that sums weight rows by id (:class:`rasd.train.crf.FastCRF`): the stem's
        part is cached as ids per stem, so a new word with a known stem costs a few look-ups."""
        kind = tok.kind
        if kind != "word":
            got = self.build(tok, vocab)
            get = aid.get
            return (*([get(x, zero) for x in part] for part in got[:5]), *got[5:])
        w = fold_normalised(tok.norm)  # (see build)
        stem = fold_normalised(tok.stem)
        stems = self._stem_ids
        if vocab is not self._ids_vocab or aid is not self._ids_aid:
            stems.clear()
            self._ids_vocab, self._ids_aid = vocab, aid
            get = aid.get
            # ids of the few surface features that are not the word itself
            self._ids_fixed = {x: get(x, zero) for x in ("b", "det", "nisba", "-1:nis", "+1:nis", "-1:det", "+1:det",
                                                         "k=word", *_LEN, *_NV)}
            self._cl_ids = {}
        ids = stems.get(stem)
        if ids is None:
            if len(stems) >= MAX_CACHED_WORDS:
                stems.clear()
            ids = stems[stem] = self._stem_ids_of(stem, vocab, aid, zero)
        s_own, mid, tail, far2, far_2, head1, head_1, tail1, tail_1, cls = ids
        fixed = self._ids_fixed
        prefix = tok.prefix
        suffix = tok.suffix
        det = tok.det
        # the same order as build()
        if vocab is None or w in vocab[0]:
            get = aid.get
            ww = "w=" + w
            own = [fixed["b"], get(ww, zero), *s_own]
            m2, p2 = [get("-2:" + ww, zero), *far_2], [get("+2:" + ww, zero), *far2]
            m1, p1 = [get("-1:" + ww, zero), *head_1], [get("+1:" + ww, zero), *head1]
        else:
            own = [fixed["b"], *s_own]
            m2, p2 = list(far_2), list(far2)
            m1, p1 = list(head_1), list(head1)
        if prefix:
            own.append(aid.get("p=" + prefix, zero))
        if suffix:
            own.append(aid.get("x=" + suffix, zero))
        if det:
            own.append(fixed["det"])
        own += mid
        if w.endswith(_NISBA_CTX):
            if w.endswith(_NISBA):
                own.append(fixed["nisba"])
            m1.append(fixed["-1:nis"])
            p1.append(fixed["+1:nis"])
        own += tail
        if det:
            m1.append(fixed["-1:det"])
            p1.append(fixed["+1:det"])
        if prefix:
            m1.append(aid.get("-1:p=" + prefix, zero))
            p1.append(aid.get("+1:p=" + prefix, zero))
        m1 += tail_1
        p1 += tail1
        return own, m2, m1, p1, p2, stem, stem, cls

    def _stem_ids_of(self, stem: str, vocab: tuple | None, aid: dict[str, int], zero: int) -> tuple:
        """:meth:`_stem_parts` as ids in ``aid`` (``zero`` for others). The cluster's pieces (a
        dozen features of a few thousand distinct bit strings) are looked up once per cluster:
        most of the cost of a new stem is looking its strings up in the large ``aid``."""
        get = aid.get
        fixed = self._ids_fixed
        keep_s = vocab is None or stem in vocab[1]
        n = len(stem)
        mid = [fixed[_LEN[min(n, 8)]]]
        if n > 1:  # the same affixes as _stem_parts
            mid += (get("a1=" + stem[:1], zero), get("z1=" + stem[-1:], zero))
            if n > 2:
                mid += (get("a2=" + stem[:2], zero), get("z2=" + stem[-2:], zero))
                if n > 3:
                    mid += (get("a3=" + stem[:3], zero), get("z3=" + stem[-3:], zero))
                    if n > 4:
                        mid += (get("a4=" + stem[:4], zero), get("z4=" + stem[-4:], zero))
        cls = self.lexicon.single.get(stem, "")
        cl = self.clusters.get(stem)
        cl_ids = self._cl_ids.get(cl or "")
        if cl_ids is None:
            if cl:
                own_cl = ["b4=" + cl[:4], "b6=" + cl[:6], "b8=" + cl[:8], "b10=" + cl[:10], "b12=" + cl[:12], "bf=" + cl]
                ctx_cl = ["b6=" + cl[:6], "b10=" + cl[:10]]
                far_cl = ["b6=" + cl[:6]]
            else:
                own_cl, ctx_cl, far_cl = ["nocl"], ["nocl"], []
            cl_ids = self._cl_ids[cl or ""] = (
                tuple([get(x, zero) for x in own_cl]),
                tuple([get("+2:" + x, zero) for x in far_cl]), tuple([get("-2:" + x, zero) for x in far_cl]),
                tuple([get("+1:" + x, zero) for x in ctx_cl]), tuple([get("-1:" + x, zero) for x in ctx_cl]))
        own_cl, far_p2, far_m2, ctx_p1, ctx_m1 = cl_ids
        tail = [get("c=" + c, zero) for c in cls]
        tail += own_cl
        sk = stem.translate(_SKELETON)
        tail.append(get("sk=" + (sk if len(sk) <= 6 else sk[:3] + "~" + sk[-3:]), zero))
        tail.append(fixed[_NV[min(sk.count("v"), 4)]])
        if keep_s:
            s = "s=" + stem
            s_own = (get(s, zero), fixed["k=word"])
            sp2, sm2, sp1, sm1 = (get("+2:" + s, zero),), (get("-2:" + s, zero),), (get("+1:" + s, zero),), (get("-1:" + s, zero),)
        else:
            s_own = (fixed["k=word"],)
            sp2 = sm2 = sp1 = sm1 = ()
        cp2 = cm2 = cp1 = cm1 = ()
        if cls:
            cp2 = tuple([get("+2:c=" + c, zero) for c in cls])
            cm2 = tuple([get("-2:c=" + c, zero) for c in cls])
            cp1 = tuple([get("+1:c=" + c, zero) for c in cls])
            cm1 = tuple([get("-1:c=" + c, zero) for c in cls])
        if n > 3:
            zp1, zm1 = (get("+1:z2=" + stem[-2:], zero),), (get("-1:z2=" + stem[-2:], zero),)
        else:
            zp1 = zm1 = ()
        return (s_own, tuple(mid), tuple(tail), sp2 + cp2 + far_p2, sm2 + cm2 + far_m2, sp1 + ctx_p1, sm1 + ctx_m1,
                zp1 + cp1, zm1 + cm1, cls)

    def _build_other(self, tok: Token, kind: str, w: str, vocab: tuple | None) -> tuple:
        """:meth:`build` for a token that is not a word (number, Latin, punctuation, other)."""
        keep_w = vocab is None or w in vocab[0]
        keep_s = vocab is None or w in vocab[1]
        own = ["b"]
        if keep_w:
            own.append("w=" + w)
        if keep_s:
            own.append("s=" + w)
        own.append("k=" + kind)
        if kind == "num":
            own.append(f"nd={min(len(w), 5)}")
            if len(w) == 4 and w[:2] in ("19", "20"):
                own.append("year")
        elif kind == "latin":
            own.append("cap" if tok.text[:1].isupper() else "low")
            if tok.text.isupper():
                own.append("upper")
        # context features: word and stem at -2..+2, and the kind at -1/+1
        base = []
        if keep_w:
            base.append("w=" + w)
        if keep_s:
            base.append("s=" + w)
        near = [*base, "k=" + kind]
        return (own, ["-2:" + x for x in base], ["-1:" + x for x in near], ["+1:" + x for x in near],
                ["+2:" + x for x in base], w, w, "")

    def sentence(self, tokens: Sequence[Token]) -> list[list[str]]:
        word = self.word
        info = [word(t) for t in tokens]
        n = len(info)
        keys = [x[5] for x in info]
        known = self.known
        # the two words before and after, with padding for the sentence edges
        seq = [_PAD_L2, _PAD_L1, *info, _PAD_R1, _PAD_R2]
        out = [[*info[i][0], *seq[i][1], *seq[i + 1][2], *seq[i + 3][3], *seq[i + 4][4]] for i in range(n)]
        for i in range(1, n):
            pair = keys[i - 1] + "|" + keys[i]
            a = "bg-=" + pair
            if known is None or a in known:
                out[i].append(a)
            b = "bg+=" + pair
            if known is None or b in known:
                out[i - 1].append(b)
        cls = [x[7] for x in info]
        if any(cls):
            # a title (T), organisation head (H) or place head (L) within the three words before
            for i in range(1, n):
                win = cls[i - 1] + (cls[i - 2] if i >= 2 else "") + (cls[i - 3] if i >= 3 else "")
                if win:
                    f = out[i]
                    if "T" in win:
                        f.append("wT")
                    if "H" in win:
                        f.append("wH")
                    if "L" in win:
                        f.append("wL")
        gaz = self.lexicon.matches(keys)
        if gaz is not None:
            for i in range(n):
                g = gaz[i]
                if g:
                    out[i] += g
                    if i >= 1:
                        out[i - 1] += ["+1:" + x for x in g]
                    if i + 1 < n:
                        out[i + 1] += ["-1:" + x for x in g]
        return out


_PAD_L2 = ((), [], (), (), ())
_PAD_L1 = ((), [], ["BOS"], (), ())
_PAD_R1 = ((), (), (), ["EOS"], [])
_PAD_R2 = ((), (), (), (), [])
