"""Build the gold quote files (NN_*.json) from articles_*.yaml, computing every offset.

    .venv/bin/python tests/resources/quotes/build_gold.py            # the main set
    .venv/bin/python tests/resources/quotes/build_gold.py tests/resources/quotes/heldout

Offsets are found from the strings so nobody counts characters by hand:
- content: the first occurrence after the previous quote's earliest offset;
- cue: the whole-word occurrence nearest to the content (before it if there is one in the same
  stretch of text, else after it); a leading و/ف is not part of the cue;
- speaker: the whole-word occurrence nearest to the cue inside the quote's sentence area, or with
  ``spk_before`` the last occurrence before the cue (an antecedent);
- chain links: like the speaker, the nearest occurrence to the cue.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
LETTER = re.compile(r"[\u0621-\u064a\u0671-\u06d3]")


def _whole(text: str, s: str, i: int) -> bool:
    e = i + len(s)
    before_ok = i == 0 or not LETTER.match(text[i - 1]) or (
        text[i - 1] in "وفل" and (i < 2 or not LETTER.match(text[i - 2]))
    )
    after_ok = e >= len(text) or not LETTER.match(text[e])
    return before_ok and after_ok


def occurrences(text: str, s: str, whole: bool = True) -> list[int]:
    out, i = [], text.find(s)
    while i >= 0:
        if not whole or _whole(text, s, i):
            out.append(i)
        i = text.find(s, i + 1)
    return out


def locate(text: str, q: dict, cursor: int) -> dict:
    content = q["content"]
    hits = [i for i in occurrences(text, content, whole=False) if i >= cursor]
    if not hits:
        raise SystemExit(f"content not found after {cursor}: {content!r}")
    c0 = hits[0]
    c1 = c0 + len(content)
    cues = occurrences(text, q["cue"])
    before = [i for i in cues if cursor <= i < c0]
    after = [i for i in cues if i >= c1]
    if before and (not after or c0 - before[-1] < 200):
        cue0 = before[-1]
    elif after:
        cue0 = after[0]
    else:
        raise SystemExit(f"cue {q['cue']!r} not found near {content!r}")

    def near(s: str, antecedent: bool) -> int:
        occ = occurrences(text, s)
        if antecedent:
            prev = [i for i in occ if i < cue0]
            if not prev:
                raise SystemExit(f"antecedent {s!r} not found before cue at {cue0}")
            return prev[-1]
        lo, hi = min(cue0, c0), max(cue0 + len(q["cue"]), c1)
        inside = [i for i in occ if lo - 150 <= i <= hi + 150]
        pool = inside or occ
        if not pool:
            raise SystemExit(f"speaker {s!r} not found")
        return min(pool, key=lambda i: abs(i - cue0))

    spk = q.get("spk")
    out = {
        "cue": q["cue"], "cue_start": cue0,
        "speaker": spk, "speaker_start": near(spk, bool(q.get("spk_before"))) if spk else None,
        "content": content, "content_start": c0,
        "direct": bool(q.get("d", False)),
        "anonymous": bool(q.get("anon", False)),
        "outlet": q.get("outlet"),
        "stance": q.get("stance", "neutral"),
        "chain": [{"text": c, "start": near(c, False)} for c in q.get("chain", [])],
        "statement": bool(q.get("stmt", False)),
    }
    return out


def build(folder: Path = HERE) -> int:
    n = 0
    for path in sorted(folder.glob("articles_*.yaml")):
        for art in yaml.safe_load(path.read_text(encoding="utf-8")):
            text = art["text"]
            cursor = 0
            quotes = []
            for q in art["quotes"]:
                g = locate(text, q, cursor)
                quotes.append(g)
                cursor = min(g["cue_start"], g["content_start"])
            doc = {"id": art["id"], "published": art["published"], "source": art["source"],
                   "text": text, "quotes": quotes}
            (folder / f"{art['id']}.json").write_text(
                json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            n += 1
    return n


if __name__ == "__main__":
    count = build(Path(sys.argv[1]).resolve() if len(sys.argv) > 1 else HERE)
    print(f"wrote {count} gold articles", file=sys.stderr)
