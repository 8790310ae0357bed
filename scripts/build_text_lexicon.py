#!/usr/bin/env python3
"""Build the word lexicon that the clitic segmenter uses (src/rasd/resources/text/lexicon.tsv).

Reads ANERcorp train (and the Wojood sample train/val when present) from ../shared/data and
writes one line per folded word form (``rasd.text.fold``): ``form<TAB>count<TAB>tagged<TAB>flags``.
``flags`` is ``N`` when the form was tagged as (part of) a name and looks like a whole name that
merely begins with a proclitic letter (بريطانيا، فراس), i.e. none of its clitic-stripped
variants was itself tagged as a name.

Only word counts and name flags are shipped: no sentence of the corpora. ANERcorp and Wojood
(MIT) derived word lists are allowed in the product; news_sample is never read here.

    .venv/bin/python scripts/build_text_lexicon.py [--min-count 1]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rasd.resources import resource_path, shared_data
from rasd.text.normalize import fold

PROCLITIC_LETTERS = "وفبلكس"
_ARABIC = {chr(c) for c in range(0x0621, 0x064B)}


def read_conll(path: Path):
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if not parts:
                continue
            yield parts[0], parts[1:]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--min-count", type=int, default=1, help="drop forms seen fewer times")
    ap.add_argument("--output", type=Path, default=resource_path("text", "lexicon.tsv"))
    args = ap.parse_args(argv)

    sources = [shared_data("anercorp", "train.txt"), shared_data("wojood_sample", "train.txt"),
               shared_data("wojood_sample", "val.txt")]
    sources = [s for s in sources if s is not None]
    if not sources:
        print("../shared/data/anercorp/train.txt is absent: nothing to build", file=sys.stderr)
        return 1
    counts: Counter[str] = Counter()
    tagged: Counter[str] = Counter()
    for src in sources:
        for token, tags in read_conll(src):
            key = fold(token)
            if not key or not set(key) <= _ARABIC:
                continue
            counts[key] += 1
            if any(t.endswith(("PERS", "PER", "LOC", "GPE", "ORG", "NORP")) for t in tags):
                tagged[key] += 1

    def is_whole_name(w: str) -> bool:
        if w[0] not in PROCLITIC_LETTERS or len(w) < 3 or "ال" in (w[1:3], w[2:4]):
            return False
        for k in (1, 2):
            rest = w[k:]
            if rest in tagged or ("ال" + rest) in tagged or (rest.startswith("ال") and rest[2:] in tagged):
                return False
        return True

    args.output.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with args.output.open("w", encoding="utf-8") as out:
        out.write("# rasd text lexicon: folded word form, count, flags (N = whole name). "
                  "Built by scripts/build_text_lexicon.py from ANERcorp train and the Wojood sample.\n")
        for w, c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
            if c < args.min_count and w not in tagged:
                continue
            flag = "N" if w in tagged and is_whole_name(w) else ""
            out.write(f"{w}\t{c}\t{tagged.get(w, 0)}\t{flag}\n")
            n += 1
    print(f"wrote {n} forms from {', '.join(str(s) for s in sources)} to {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
