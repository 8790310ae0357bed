"""rasd's dates layer against dateparser's ``search_dates`` on the same documents, in one run.

    .venv/bin/python benchmarks/dates_vs_dateparser.py            # the bundled dev set
    .venv/bin/python benchmarks/dates_vs_dateparser.py --data FILE --news 300

Both get the raw text and the publication date (dateparser: ``languages=['ar']`` and
``RELATIVE_BASE`` = publication date). Accuracy of resolved days: over the gold expressions of
day precision, the share for which a found date overlapping the gold span resolves to the gold
day (``value_start``; dateparser's returned datetime). Documents/s from the raw text: "rasd
resolve()" is the stand-alone function (its own light tokenizer + the dates layer), "rasd
pipeline" the text layer (sentences, tokens with clitic segmentation) + the dates layer as in
the full pipeline; dateparser its whole search. ``--news N`` also times
both on N articles of ../shared/data/news_sample (throughput only: it has no gold).

dateparser is a development dependency: it is imported here only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rasd.components.dates import DateResolver, resolve
from rasd.components.dates.evaluate import GoldDoc, default_dev_set, load_gold
from rasd.doc import Doc
from rasd.resources import shared_data
from rasd.text.sentences import split_sentences
from rasd.text.tokens import tokenize


def run_rasd_standalone(texts: list[tuple[str, str | None]]) -> list[list[tuple[int, int, str | None]]]:
    """``rasd.components.dates.resolve``: its own light tokenizer, then the dates layer."""
    return [[(d.start, d.end, d.value_start) for d in resolve(text, pub)] for text, pub in texts]


def run_rasd(texts: list[tuple[str, str | None]], comp: DateResolver) -> list[list[tuple[int, int, str | None]]]:
    out = []
    for text, pub in texts:
        doc = Doc(text, published=pub)
        doc.sentences = split_sentences(text)
        doc.tokens = tokenize(text, doc.sentences)
        comp(doc)
        out.append([(d.start, d.end, d.value_start) for d in doc.dates])
    return out


def _locate(text: str, sub: str, pos: int) -> tuple[int, int] | None:
    i = text.find(sub, pos)
    if i < 0:
        i = text.find(sub)
    if i >= 0:
        return i, i + len(sub)
    # dateparser collapses whitespace in what it returns
    m = re.compile(r"\s+".join(re.escape(w) for w in sub.split())).search(text)
    return (m.start(), m.end()) if m else None


def run_dateparser(texts: list[tuple[str, str | None]], search_dates) -> list[list[tuple[int, int, str | None]]]:
    out = []
    for text, pub in texts:
        settings = {}
        if pub:
            settings["RELATIVE_BASE"] = dt.datetime.fromisoformat(pub)
        found = search_dates(text, languages=["ar"], settings=settings) or []
        spans = []
        pos = 0
        for sub, when in found:
            loc = _locate(text, sub, pos)
            if loc is None:
                continue
            pos = loc[0] + 1
            spans.append((loc[0], loc[1], when.date().isoformat()))
        out.append(spans)
    return out


def day_accuracy(docs: list[GoldDoc], preds: list[list[tuple[int, int, str | None]]]) -> tuple[int, int]:
    total = correct = 0
    for gd, ps in zip(docs, preds):
        for g in gd.gold:
            if g["precision"] != "day" or g["value_start"] is None:
                continue
            total += 1
            if any(s < g["end"] and g["start"] < e and v == g["value_start"] for s, e, v in ps):
                correct += 1
    return correct, total


def timed(fn, *args, repeat: int = 1):
    best = None
    result = None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn(*args)
        el = time.perf_counter() - t0
        best = el if best is None else min(best, el)
    return result, best


def _table(rows: list[tuple[str, str, str, str]]) -> None:
    head = ("", "rasd resolve()", "rasd pipeline", "dateparser")
    print(f"{head[0]:26}{head[1]:>16}{head[2]:>16}{head[3]:>14}")
    for r in rows:
        print(f"{r[0]:26}{r[1]:>16}{r[2]:>16}{r[3]:>14}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=None, help="gold set (default: the bundled dev set)")
    ap.add_argument("--news", type=int, default=0, help="also time N news_sample articles (throughput)")
    args = ap.parse_args(argv)

    from dateparser.search import search_dates  # dev dependency, benchmark only

    docs = load_gold(args.data or default_dev_set())
    texts = [(d.text, d.published) for d in docs]
    comp = DateResolver()
    run_rasd(texts[:3], comp)  # warm-up: lexicon, hijridate, regexes
    run_dateparser(texts[:1], search_dates)
    run_rasd_standalone(texts[:3])
    rasd_preds, rasd_s = timed(run_rasd_standalone, texts, repeat=5)
    pipe_preds, pipe_s = timed(run_rasd, texts, comp, repeat=5)
    dp_preds, dp_s = timed(run_dateparser, texts, search_dates)
    rc, rt = day_accuracy(docs, rasd_preds)
    pc, _ = day_accuracy(docs, pipe_preds)
    dc, dtot = day_accuracy(docs, dp_preds)
    n = len(texts)
    print(f"gold set: {args.data or default_dev_set()} ({n} documents, {rt} day-precision gold expressions)")
    _table(
        [("day accuracy", f"{rc / rt:.3f}", f"{pc / rt:.3f}", f"{dc / dtot:.3f}"),
         ("  correct / gold", f"{rc}/{rt}", f"{pc}/{rt}", f"{dc}/{dtot}"),
         ("documents/s", f"{n / rasd_s:.1f}", f"{n / pipe_s:.1f}", f"{n / dp_s:.1f}"),
         ("speed-up over dateparser", f"{dp_s / rasd_s:.1f}x", f"{dp_s / pipe_s:.1f}x", "1.0x")])
    if args.news:
        path = shared_data("news_sample", "articles.jsonl")
        if path is None:
            print("news_sample is absent (../shared/data): skipped")
        else:
            rows = []
            with open(path, encoding="utf-8") as fh:
                for line in fh:
                    r = json.loads(line)
                    rows.append((r["text"], r.get("published")))
                    if len(rows) >= args.news:
                        break
            _, rs = timed(run_rasd_standalone, rows)
            _, ps = timed(run_rasd, rows, comp)
            _, ds = timed(run_dateparser, rows, search_dates)
            chars = sum(len(t) for t, _ in rows) / len(rows)
            m = len(rows)
            print(f"news_sample, {m} articles of {chars:.0f} characters on average (throughput only):")
            _table([("documents/s", f"{m / rs:.1f}", f"{m / ps:.1f}", f"{m / ds:.1f}"),
                    ("speed-up over dateparser", f"{ds / rs:.1f}x", f"{ds / ps:.1f}x", "1.0x")])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
