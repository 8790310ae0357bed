"""An experimental BiLSTM-CRF NER tagger (torch, CPU), compared with the shipped CRF on the same dev.

Issue 3 asks to try to beat the CRF with a BiLSTM-CRF trained here from scratch. This module
trains one on exactly the CRF's data and protocol, so the scores are comparable:

- data: ANERcorp train minus the dev split (:func:`rasd.train.ner.split_dev`, seed 13, 10%, in
  blocks) + optional extra data (Wojood, mapped as in :func:`rasd.train.conll.read`);
- tokens: the run-time text layer (:func:`rasd.train.ner.sentence_tokens`), tags spread over
  tokens with :func:`rasd.train.ner.token_labels`;
- scoring: like :func:`rasd.train.ner.evaluate_sentences` (one sentence a document): token
  labels -> spans, clitics and punctuation trimmed, the entity starting at ``base_start``, the
  component's in-document propagation, mapped back to word spans and scored with
  :class:`rasd.train.ner.Scores` (exact span match).

Inputs per token (all from the run-time :class:`rasd.doc.Token` and the CRF's own lexicons,
:mod:`rasd.train.features`):

- word embedding of the folded surface (``norm``) and of the folded clitic-free ``stem``
  (random init, trained here; words seen >= ``min_count`` times, the rest UNK, with word dropout
  to UNK during training so that UNK is learned);
- a character CNN over the folded surface (max-pooled);
- small embeddings of the proclitic string, the enclitic string, the token kind and the word
  cluster (6- and 10-bit prefixes of ``clusters.tsv``);
- dense 0/1 flags: article, nisba ending, lexicon class of the word (title, org head, place
  head, place, person name, surname, ...), multi-word gazetteer membership with B/I position,
  title/org-head/place-head within the three words before (the CRF's ``wT wH wL``).

-> dropout -> one BiLSTM layer -> linear -> CRF (:class:`rasd.train.nn_crf.CRF`: forward
algorithm for the loss, Viterbi for decoding). Adam, gradient clipping, early stopping on dev
micro F1, fixed seeds, one thread.

torch is an optional extra (``pip install "rasd[nn]"``, torch==2.13.0) and is imported only
inside the functions that need it: the run-time pipeline never imports this module.

Results (2026-11-25, default :class:`Config`, seed 13, ANERcorp train minus dev + Wojood train,
one thread): best dev micro F1 0.8124 at epoch 23 (the 15-minute bound; 481 CPU s), against the
CRF's 0.7937 on the same dev (PER 0.857 vs 0.810, ORG 0.642 vs 0.628, LOC 0.874 vs 0.876, MISC
0.711 vs 0.715). Retrained on train + dev for 23 epochs (``full``): ANERcorp test (derived
split) micro F1 0.7124 (P 0.795 / R 0.646) against the CRF's 0.703; Wojood test PER/ORG/LOC 0.839
against 0.794. Hidden 48 (faster) reached only 0.776 on dev in 15 minutes; batch 32 / lr 3e-3
0.788. Not shipped: on news articles it costs about 3x (numpy port, :mod:`rasd.train.nn_infer`)
to 7x (torch) the CRF component's CPU time, which would take the pipeline well under 200
articles/s (see :func:`speed`).
"""

from __future__ import annotations

import itertools
import json
import random
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..doc import Doc, Entity, Token
from ..errors import Errors, RasdError
from ..text import fold
from .conll import LABELS, Sentence, bio_spans, read
from .features import CATEGORIES, Featurizer, Lexicon, load_clusters
from .ner import (
    Scores,
    char_spans_to_words,
    sentence_tokens,
    token_labels,
    training_meta,
    training_sentences,
)

TAGS = ("O", *(f"{p}-{lab}" for lab in LABELS for p in "BI"))
KINDS = ("word", "num", "punct", "latin", "other")
_CODES = tuple(sorted(set(CATEGORIES.values()))) + ("Q",)
FLAGS = (
    "det", "nisba", "year", "cap", "upper",
    *(f"c={c}" for c in _CODES),
    *(f"g{c}{p}" for c in _CODES for p in "BI"),
    "wT", "wH", "wL",
)
_FLAG_INDEX = {f: i for i, f in enumerate(FLAGS)}
MAX_CHARS = 20
PAD, UNK = 0, 1


@dataclass
class Config:
    word_dim: int = 64
    stem_dim: int = 64
    char_dim: int = 24
    char_filters: int = 48
    char_width: int = 3
    cluster_dim: int = 16
    clitic_dim: int = 8
    hidden: int = 128
    dropout: float = 0.5
    word_dropout: float = 0.1  # share of known words replaced by UNK in training
    lr: float = 2e-3
    batch: int = 16
    clip: float = 5.0
    max_epochs: int = 30
    patience: int = 5
    max_minutes: float = 15.0
    min_count: int = 2
    seed: int = 13
    use_lexicon: bool = True  # the flags and cluster inputs


# -- vocabularies and encoding (no torch) ---------------------------------------------------
@dataclass
class Vocab:
    items: list[str] = field(default_factory=lambda: ["<pad>", "<unk>"])

    def __post_init__(self) -> None:
        self.index = {w: i for i, w in enumerate(self.items)}

    def add(self, w: str) -> None:
        if w not in self.index:
            self.index[w] = len(self.items)
            self.items.append(w)

    def get(self, w: str) -> int:
        return self.index.get(w, UNK)

    def __len__(self) -> int:
        return len(self.items)


class Encoder:
    """Token sequences -> integer and flag inputs of the network (cached per distinct word)."""

    NAMES = ("word", "stem", "char", "prefix", "suffix", "kind", "c6", "c10")

    def __init__(self, vocabs: dict[str, Vocab], feats: Featurizer) -> None:
        self.vocabs = vocabs
        self.feats = feats
        self._cache: dict[str, tuple] = {}

    @staticmethod
    def surface(tok: Token) -> str:
        return fold(tok.norm) if tok.kind == "word" else tok.kind + ":" + fold(tok.norm)

    @classmethod
    def build_vocabs(cls, sents_tokens: Sequence[Sequence[Token]], feats: Featurizer, min_count: int) -> dict[str, Vocab]:
        counts: dict[str, Counter] = {n: Counter() for n in ("word", "stem")}
        chars: Counter = Counter()
        vocabs = {n: Vocab() for n in cls.NAMES}
        for toks in sents_tokens:
            for t in toks:
                w = cls.surface(t)
                counts["word"][w] += 1
                counts["stem"][fold(t.stem) if t.kind == "word" else w] += 1
                chars.update(fold(t.norm)[:MAX_CHARS])
                vocabs["prefix"].add(t.prefix)
                vocabs["suffix"].add(t.suffix)
        for n in ("word", "stem"):
            for w, c in sorted(counts[n].items(), key=lambda x: (-x[1], x[0])):
                if c >= min_count:
                    vocabs[n].add(w)
        for ch, c in sorted(chars.items(), key=lambda x: (-x[1], x[0])):
            if c >= min_count:
                vocabs["char"].add(ch)
        for k in KINDS:
            vocabs["kind"].add(k)
        for bits in sorted(set(feats.clusters.values())):
            vocabs["c6"].add(bits[:6])
            vocabs["c10"].add(bits[:10])
        return vocabs

    def word(self, tok: Token) -> tuple:
        key = tok.kind + "\x00" + tok.norm
        got = self._cache.get(key)
        if got is not None:
            return got
        v = self.vocabs
        own, *_ctx, stemkey, _stem, cls = self.feats.word(tok)
        surf = self.surface(tok)
        flags = [_FLAG_INDEX[f] for f in own if f in _FLAG_INDEX]
        flags += [_FLAG_INDEX["c=" + c] for c in cls]
        c6 = c10 = PAD
        for f in own:
            if f.startswith("b6="):
                c6 = v["c6"].get(f[3:])
            elif f.startswith("b10="):
                c10 = v["c10"].get(f[4:])
        chars = [v["char"].get(ch) for ch in fold(tok.norm)[:MAX_CHARS]] or [UNK]
        got = (v["word"].get(surf), v["stem"].get(fold(tok.stem) if tok.kind == "word" else surf), chars,
               v["prefix"].get(tok.prefix), v["suffix"].get(tok.suffix), v["kind"].get(tok.kind),
               c6, c10, tuple(flags), stemkey, cls)
        if len(self._cache) >= 200_000:
            self._cache = {}
        self._cache[key] = got
        return got

    def sentence(self, toks: Sequence[Token]) -> dict[str, Any]:
        """Inputs of one sentence: lists per input name, and ``flags`` as lists of flag indices."""
        info = [self.word(t) for t in toks]
        n = len(info)
        flags = [list(x[8]) for x in info]
        keys = [x[9] for x in info]
        cls = [x[10] for x in info]
        if any(cls):
            for i in range(1, n):
                win = cls[i - 1] + (cls[i - 2] if i >= 2 else "") + (cls[i - 3] if i >= 3 else "")
                for c, name in (("T", "wT"), ("H", "wH"), ("L", "wL")):
                    if c in win:
                        flags[i].append(_FLAG_INDEX[name])
        gaz = self.feats.lexicon.matches_at(keys)
        if gaz:
            for i, g in gaz.items():
                flags[i] += [_FLAG_INDEX[f] for f in g if f in _FLAG_INDEX]
        out = {name: [x[k] for x in info] for k, name in enumerate(self.NAMES)}
        out["flags"] = flags
        out["keys"] = keys
        return out


# -- the network (torch) --------------------------------------------------------------------
def _torch():
    try:
        import torch
    except ImportError as exc:
        raise RasdError(Errors.E260) from exc
    return torch


def build_model(cfg: Config, sizes: dict[str, int]):
    torch = _torch()
    from torch import nn

    from .nn_crf import CRF

    class BiLSTMCRF(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.word = nn.Embedding(sizes["word"], cfg.word_dim, padding_idx=PAD)
            self.stem = nn.Embedding(sizes["stem"], cfg.stem_dim, padding_idx=PAD)
            self.char = nn.Embedding(sizes["char"], cfg.char_dim, padding_idx=PAD)
            self.conv = nn.Conv1d(cfg.char_dim, cfg.char_filters, cfg.char_width, padding=cfg.char_width // 2)
            self.prefix = nn.Embedding(sizes["prefix"], cfg.clitic_dim, padding_idx=PAD)
            self.suffix = nn.Embedding(sizes["suffix"], cfg.clitic_dim, padding_idx=PAD)
            self.kind = nn.Embedding(sizes["kind"], 4, padding_idx=PAD)
            in_dim = cfg.word_dim + cfg.stem_dim + cfg.char_filters + 2 * cfg.clitic_dim + 4
            if cfg.use_lexicon:
                self.c6 = nn.Embedding(sizes["c6"], cfg.cluster_dim // 2, padding_idx=PAD)
                self.c10 = nn.Embedding(sizes["c10"], cfg.cluster_dim, padding_idx=PAD)
                in_dim += cfg.cluster_dim // 2 + cfg.cluster_dim + len(FLAGS)
            self.drop = nn.Dropout(cfg.dropout)
            self.lstm = nn.LSTM(in_dim, cfg.hidden, batch_first=True, bidirectional=True)
            self.out = nn.Linear(2 * cfg.hidden, len(TAGS))
            self.crf = CRF(len(TAGS))

        def emissions(self, x: dict[str, Any]):
            b, t = x["word"].shape
            ch = self.char(x["char"].view(b * t, -1)).transpose(1, 2)  # [BT, C, L]
            ch = torch.relu(self.conv(ch)).max(dim=2).values.view(b, t, -1)
            parts = [self.word(x["word"]), self.stem(x["stem"]), ch, self.prefix(x["prefix"]),
                     self.suffix(x["suffix"]), self.kind(x["kind"])]
            if cfg.use_lexicon:
                parts += [self.c6(x["c6"]), self.c10(x["c10"]), x["flags"]]
            h = self.drop(torch.cat(parts, dim=2))
            lengths = x["mask"].sum(1).cpu()
            packed = nn.utils.rnn.pack_padded_sequence(h, lengths, batch_first=True, enforce_sorted=False)
            out, _ = self.lstm(packed)
            out, _ = nn.utils.rnn.pad_packed_sequence(out, batch_first=True, total_length=t)
            return self.out(self.drop(out))

    return BiLSTMCRF()


def collate(batch: Sequence[dict[str, Any]], word_dropout: float = 0.0, rng: random.Random | None = None):
    """Padded tensors of a batch of encoded sentences (and ``tags`` when they have them)."""
    torch = _torch()
    b = len(batch)
    t = max(len(s["word"]) for s in batch)
    # always MAX_CHARS wide: the char-CNN's max-pooling sees the same padding whatever the batch,
    # so a sentence's labels do not depend on the other sentences it is batched with
    lmax = MAX_CHARS
    longs = {n: torch.zeros(b, t, dtype=torch.long) for n in ("word", "stem", "prefix", "suffix", "kind", "c6", "c10")}
    chars = torch.zeros(b, t, lmax, dtype=torch.long)
    flags = torch.zeros(b, t, len(FLAGS))
    mask = torch.zeros(b, t, dtype=torch.bool)
    tags = torch.zeros(b, t, dtype=torch.long)
    for i, s in enumerate(batch):
        n = len(s["word"])
        for name, ten in longs.items():
            vals = s[name]
            if name in ("word", "stem") and word_dropout and rng is not None:
                vals = [UNK if v > UNK and rng.random() < word_dropout else v for v in vals]
            ten[i, :n] = torch.tensor(vals, dtype=torch.long)
        for k, c in enumerate(s["char"]):
            chars[i, k, :len(c)] = torch.tensor(c, dtype=torch.long)
        for k, fl in enumerate(s["flags"]):
            if fl:
                flags[i, k, list(fl)] = 1.0
        mask[i, :n] = True
        if "tags" in s:
            tags[i, :n] = torch.tensor(s["tags"], dtype=torch.long)
    return {**longs, "char": chars, "flags": flags, "mask": mask, "tags": tags}


# -- turning labels into entities, as the component does ------------------------------------
def entity_spans(toks: Sequence[Token], labels: Sequence[str], keys: Sequence[str],
                 propagate: bool = True) -> list[tuple[int, int, str]]:
    """Character (start, end, label) spans from token labels: the CRF component's spans, trim and
    propagation (:mod:`rasd.components.entities`), so both taggers are scored alike."""
    from ..components.entities import EntityRecognizer, _spans, _trim

    toks = list(toks)
    found = []
    n = len(toks)
    cuts = [0, *(i for i in range(1, n) if toks[i].sent != toks[i - 1].sent), n] if n else []
    for a0, b0 in itertools.pairwise(cuts):
        for a, b, label in _spans(list(labels[a0:b0])):
            a, b = _trim(toks, a0 + a, a0 + b)
            if a < b:
                found.append((a, b, label, None))
    if propagate and found:
        found = EntityRecognizer(model=None)._propagate(toks, found, list(keys))
    out = []
    for a, b, label, _ in found:
        first = toks[a]
        start = first.base_start if first.kind == "word" and first.base_start >= 0 else first.start
        out.append((start, toks[b - 1].end, label))
    return out


class BiLSTMTagger:
    """A trained model directory (``model.pt``, ``vocabs.json``, ``meta.json``) ready to tag."""

    def __init__(self, model, encoder: Encoder, cfg: Config) -> None:
        self.model = model
        self.encoder = encoder
        self.cfg = cfg

    @classmethod
    def load(cls, folder: str | Path, lexicon_dir: Path | None = None) -> BiLSTMTagger:
        torch = _torch()
        folder = Path(folder)
        try:
            meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
            vocabs = {n: Vocab(items) for n, items in
                      json.loads((folder / "vocabs.json").read_text(encoding="utf-8")).items()}
            state = torch.load(folder / "model.pt", map_location="cpu", weights_only=True)
        except (OSError, ValueError, RuntimeError) as exc:
            raise RasdError(Errors.E205, path=folder, reason=repr(exc)) from exc
        cfg = Config(**meta["config"])
        model = build_model(cfg, {n: len(v) for n, v in vocabs.items()})
        model.load_state_dict(state)
        model.eval()
        feats = _featurizer(lexicon_dir)
        return cls(model, Encoder(vocabs, feats), cfg)

    def labels(self, sents: Sequence[Sequence[Token]]) -> list[list[str]]:
        """BIO labels of several sentences of tokens (one batch)."""
        torch = _torch()
        enc = [self.encoder.sentence(t) for t in sents if t]
        if not enc:
            return [[] for _ in sents]
        with torch.no_grad():
            x = collate(enc)
            paths = self.model.crf.viterbi(self.model.emissions(x), x["mask"])
        it = iter(paths)
        return [[TAGS[k] for k in next(it)] if t else [] for t in sents]

    def __call__(self, doc: Doc) -> Doc:
        """Fill ``doc.entities`` (the same post-processing as the CRF component)."""
        toks = doc.tokens
        n = len(toks)
        cuts = [0, *(i for i in range(1, n) if toks[i].sent != toks[i - 1].sent), n] if n else []
        sents = [toks[a:b] for a, b in itertools.pairwise(cuts)]
        labels = [lab for s in self.labels(sents) for lab in s]
        keys = [self.encoder.word(t)[9] for t in toks]
        text = doc.text
        doc.entities = [Entity(s, e, text[s:e], label=lab) for s, e, lab in entity_spans(toks, labels, keys)]
        return doc


def _featurizer(lexicon_dir: Path | None = None) -> Featurizer:
    from ..resources import resource_path

    folder = Path(lexicon_dir) if lexicon_dir else resource_path("ner")
    return Featurizer(Lexicon.load(folder), load_clusters(folder / "clusters.tsv"))


# -- scoring --------------------------------------------------------------------------------
def score_sentences(tagger: BiLSTMTagger, sents: Sequence[Sentence], labels: Sequence[str] | None = None,
                    batch: int = 64) -> Scores:
    """Exact word-span scores, each sentence tagged as its own document (window 1)."""
    scores = Scores()
    keep = set(labels) if labels else None
    prepared = []
    for s in sents:
        text, toks, _widx = sentence_tokens(s.words)
        prepared.append((s, text, toks))
    clock = time.perf_counter
    for i in range(0, len(prepared), batch):
        chunk = prepared[i:i + batch]
        t0 = clock()
        labs = tagger.labels([p[2] for p in chunk])
        scores.seconds += clock() - t0
        for (s, text, toks), lab in zip(chunk, labs):
            keys = [tagger.encoder.word(t)[9] for t in toks]
            spans = entity_spans(toks, lab, keys) if toks else []
            pred = char_spans_to_words(s.words, spans)
            gold = bio_spans(s.tags)
            if keep is not None:
                gold = [g for g in gold if g[2] in keep]
                pred = [p for p in pred if p[2] in keep]
            scores.tokens += len(s.words)
            scores.add(gold, pred)
    return scores


# -- training -------------------------------------------------------------------------------
def _encode_all(sents: Sequence[Sentence], encoder: Encoder, with_tags: bool = True) -> list[dict]:
    tag_index = {t: i for i, t in enumerate(TAGS)}
    out = []
    for s in sents:
        _text, toks, widx = sentence_tokens(s.words)
        if not toks:
            continue
        e = encoder.sentence(toks)
        if with_tags:
            e["tags"] = [tag_index[t] for t in token_labels(s.tags, widx)]
        out.append(e)
    return out


def _batches(data: list[dict], size: int, rng: random.Random) -> list[list[dict]]:
    """Batches of sentences of similar length (sorted within shuffled pools of 50 batches)."""
    idx = list(range(len(data)))
    rng.shuffle(idx)
    out = []
    pool = size * 50
    for p in range(0, len(idx), pool):
        chunk = sorted(idx[p:p + pool], key=lambda i: len(data[i]["word"]))
        out += [[data[i] for i in chunk[k:k + size]] for k in range(0, len(chunk), size)]
    rng.shuffle(out)
    return out


def _setup(sents: Sequence[Sentence], cfg: Config, feats: Featurizer, out: Path):
    """Vocabularies (written to ``out``), encoded data, a fresh seeded model and its optimiser."""
    torch = _torch()
    torch.manual_seed(cfg.seed)
    vocabs = Encoder.build_vocabs([sentence_tokens(s.words)[1] for s in sents], feats, cfg.min_count)
    encoder = Encoder(vocabs, feats)
    data = _encode_all(sents, encoder)
    model = build_model(cfg, {n: len(v) for n, v in vocabs.items()})
    opt = torch.optim.Adam(model.parameters(), lr=cfg.lr)
    out.mkdir(parents=True, exist_ok=True)
    (out / "vocabs.json").write_text(json.dumps({n: v.items for n, v in vocabs.items()}, ensure_ascii=False),
                                     encoding="utf-8")
    return BiLSTMTagger(model, encoder, cfg), data, opt


def _epoch(tagger: BiLSTMTagger, data: list[dict], opt, rng: random.Random) -> float:
    """One pass over the training data; the mean loss per sentence."""
    torch = _torch()
    model, cfg = tagger.model, tagger.cfg
    model.train()
    total = 0.0
    for batch in _batches(data, cfg.batch, rng):
        x = collate(batch, cfg.word_dropout, rng)
        loss = model.crf.nll(model.emissions(x), x["tags"], x["mask"]) / len(batch)
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), cfg.clip)
        opt.step()
        total += float(loss.detach()) * len(batch)
    model.eval()
    return total / max(1, len(data))


def train(data: Path, out: Path, *, extra: Sequence[Path] = (), extra_format: str = "wojood",
          dev_fraction: float = 0.1, seed: int = 13, config: Config | None = None, full: bool = False,
          lexicon_dir: Path | None = None, log=print) -> dict:
    """Train a BiLSTM-CRF into ``out``; early-stop on the dev split; return the meta record.

    With ``full``, a second model is then trained on train + dev (+ extra) for the best epoch
    count found on dev, with the same settings and seed, and saved instead (as the CRF's
    ``--full`` does); the dev scores reported are those of the first model."""
    torch = _torch()
    cfg = config or Config(seed=seed)
    torch.set_num_threads(1)
    rng = random.Random(cfg.seed)
    tr, dev, extra_sents = training_sentences(data, extra, extra_format, dev_fraction, seed)
    feats = _featurizer(lexicon_dir)
    t_start = time.perf_counter()
    cpu_start = time.process_time()
    out = Path(out)
    tagger, train_data, opt = _setup(tr + extra_sents, cfg, feats, out)
    model = tagger.model
    n_params = sum(p.numel() for p in model.parameters())
    voc = tagger.encoder.vocabs
    log(f"{len(tr)} train + {len(extra_sents)} extra sentences, {len(dev)} dev; vocab word {len(voc['word'])}, "
        f"stem {len(voc['stem'])}, char {len(voc['char'])}; {n_params} parameters")
    best_f1, best_epoch, best_scores, history = -1.0, 0, None, []
    bad = 0
    for epoch in range(1, cfg.max_epochs + 1):
        t0 = time.perf_counter()
        loss = _epoch(tagger, train_data, opt, rng)
        sc = score_sentences(tagger, dev).as_dict() if dev else None
        f1 = sc["micro"]["f1"] if sc else 0.0
        history.append({"epoch": epoch, "loss": round(loss, 4), "dev_f1": f1,
                        "seconds": round(time.perf_counter() - t0, 1)})
        log(f"epoch {epoch}: loss {loss:.3f}, dev micro F1 {f1:.4f} ({time.perf_counter() - t0:.0f}s)")
        if f1 > best_f1 or not dev:
            best_f1, best_epoch, best_scores, bad = f1, epoch, sc, 0
            torch.save(model.state_dict(), out / "model.pt")
        else:
            bad += 1
            if bad >= cfg.patience:
                log(f"early stop: no gain for {cfg.patience} epochs")
                break
        if (time.perf_counter() - t_start) / 60 > cfg.max_minutes:
            log(f"time limit of {cfg.max_minutes} min reached")
            break
    if full and dev:
        t0 = time.perf_counter()
        rng = random.Random(cfg.seed)
        tagger, all_data, opt = _setup(tr + dev + extra_sents, cfg, feats, out)
        for epoch in range(1, best_epoch + 1):
            loss = _epoch(tagger, all_data, opt, rng)
            log(f"final model, epoch {epoch}/{best_epoch}: loss {loss:.3f}")
        torch.save(tagger.model.state_dict(), out / "model.pt")
        log(f"final model on train+dev in {time.perf_counter() - t0:.0f}s")
    meta = {
        "model": "bilstm-crf",
        "config": asdict(cfg),
        **training_meta(data, extra, seed, dev_fraction, tr, dev, extra_sents, full),
        "parameters": n_params,
        "best_epoch": best_epoch,
        "history": history,
        "train_seconds": round(time.perf_counter() - t_start),
        "train_cpu_seconds": round(time.process_time() - cpu_start),
        "dev_scores": best_scores,
        "size_bytes": (out / "model.pt").stat().st_size if (out / "model.pt").exists() else 0,
    }
    (out / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return meta


def evaluate(model_dir: Path, data: Path, fmt: str = "conll") -> Scores:
    """Score a trained BiLSTM-CRF on a gold file (Wojood: PER, ORG and LOC only)."""
    _torch().set_num_threads(1)
    tagger = BiLSTMTagger.load(model_dir)
    if fmt == "wojood":
        return score_sentences(tagger, read(data, "wojood", misc=False), labels=("PER", "ORG", "LOC"))
    return score_sentences(tagger, read(data, fmt))


def speed(model_dir: Path, articles: Path, limit: int = 300) -> dict:
    """CPU ms per article (``time.process_time``, one thread) on news articles, after the text
    layer: the CRF component, the BiLSTM-CRF's labels with torch and with the numpy port
    (:mod:`rasd.train.nn_infer`, second pass: per-word cache warm), and the BiLSTM's input
    features alone. Set ``OPENBLAS_NUM_THREADS=1`` too so that numpy uses one core."""
    torch = _torch()
    torch.set_num_threads(1)
    from ..components.entities import EntityRecognizer
    from ..text.sentences import split_sentences
    from ..text.tokens import tokenize
    from .nn_infer import NumpyBiLSTM

    docs = []
    with Path(articles).open(encoding="utf-8") as fh:
        for line in fh:
            if len(docs) >= limit:
                break
            rec = json.loads(line)
            if not isinstance(rec.get("text"), str):
                continue
            d = Doc(rec["text"])
            d.sentences = split_sentences(d.text)
            d.tokens = tokenize(d.text, d.sentences)
            docs.append(d)
    sents = []
    for d in docs:
        toks = d.tokens
        n = len(toks)
        cuts = [0, *(i for i in range(1, n) if toks[i].sent != toks[i - 1].sent), n] if n else []
        sents.append([toks[a:b] for a, b in itertools.pairwise(cuts)])
    tagger = BiLSTMTagger.load(model_dir)
    port = NumpyBiLSTM.from_torch(tagger)
    crf = EntityRecognizer()
    crf(docs[0])  # load
    out: dict[str, Any] = {"articles": len(docs),
                           "tokens_per_article": round(sum(len(d.tokens) for d in docs) / max(1, len(docs)))}
    runs = (("crf_component", lambda d, s: crf(d)), ("bilstm_torch", lambda d, s: tagger.labels(s)),
            ("bilstm_numpy_cold", lambda d, s: port.labels(s)), ("bilstm_numpy", lambda d, s: port.labels(s)),
            ("bilstm_features_only", lambda d, s: [tagger.encoder.sentence(x) for x in s]))
    for name, fn in runs:
        t0 = time.process_time()
        for d, s in zip(docs, sents):
            fn(d, s)
        out[f"{name}_ms_per_article"] = round(1000 * (time.process_time() - t0) / max(1, len(docs)), 2)
    return out
