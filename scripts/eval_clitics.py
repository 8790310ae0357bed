#!/usr/bin/env python3
"""A proxy measure of proclitic decisions on names, on ANERcorp test (derived split).

ANERcorp has no segmentation gold, but its names give one for free. For a name token of the
test part (tagged B-/I- PERS, LOC, ORG):

- if the same form is a name in the train part (and its form without the first letter is not,
  and it does not begin with a proclitic + the article), the word must stay whole: بغداد، فراس;
- if it is not a name of the train part but a proclitic (و ف ب ل ك, two of them, or ل + the article written لل) glued to a name of
  the train part, that proclitic must be cut: وبغداد، لفلسطين، للعراق.

Other tokens are left out. Prints the share of correct decisions for each side.

    .venv/bin/python scripts/eval_clitics.py
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rasd.resources import shared_data
from rasd.text.clitics import segment_light
from rasd.text.normalize import REMOVE_RE, fold

_ARTICLE = ("لل", "وال", "بال", "فال", "كال")
PREFIXES = ("وب", "ول", "وك", "فب", "فل", "و", "ف", "ب", "ل", "ك")


def names(path: Path) -> list[str]:
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 2 and parts[1][2:] in ("PERS", "LOC", "ORG"):
                out.append(parts[0])
    return out


def main() -> int:
    train_p, test_p = shared_data("anercorp", "train.txt"), shared_data("anercorp", "test.txt")
    if train_p is None or test_p is None:
        print("skipped: ../shared/data/anercorp is absent")
        return 0
    known = {fold(w) for w in names(train_p)}
    stats: Counter[str] = Counter()
    errors: dict[str, Counter[str]] = {"whole": Counter(), "cut": Counter()}
    for tok in names(test_p):
        light = REMOVE_RE.sub("", tok)
        f = fold(light)
        if len(f) < 3:
            continue
        gold = None
        if f in known and f[1:] not in known and f[0] in "وفبلك" and not f.startswith(_ARTICLE):
            gold = ""
        elif f not in known:
            for p in PREFIXES:
                rest = f[len(p):]
                if f.startswith(p) and len(rest) >= 3 and (rest in known or (p.endswith("ل") and "ال" + rest[1:] in known and rest.startswith("ل"))):
                    gold = p
                    break
        if gold is None:
            continue
        seg = segment_light(light)
        side = "whole" if gold == "" else "cut"
        stats[side] += 1
        if seg.prefix == gold:
            stats[side + "_ok"] += 1
        else:
            errors[side][f"{tok} -> {seg.prefix}+{seg.stem}"] += 1
    for side, label in (("whole", "names kept whole"), ("cut", "proclitics cut from names")):
        n = stats[side]
        ok = stats[side + "_ok"]
        print(f"{label}: {ok}/{n} = {ok / n:.1%}" if n else f"{label}: none")
        for e, c in errors[side].most_common(8):
            print(f"    {c}x {e}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
