#!/usr/bin/env python3
"""Build the actor-linking gold JSON files from the marked-up article files.

    PYTHONPATH=src .venv/bin/python tests/resources/actors/build_gold.py

Reads ``articles_dev.txt`` and ``articles_heldout.txt`` (this folder), writes one JSON file per
article into ``dev/`` and ``heldout/``. Markup: ``[[surface|LABEL|actor_id|role|affiliation|ref]]``
("-" or empty: null; trailing fields may be left out). A line ``=== id | country | source`` starts
an article. Checks: every actor id (and every affiliation that looks like an id) exists in the
dictionary; a gold NIL mention whose exact words are a dictionary alias is reported (a gold error or a
deliberate NIL).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
_MARK = re.compile(r"\[\[([^\]|]+)((?:\|[^\]|]*)*)\]\]")
_ID = re.compile(r"^[A-Z][A-Z0-9_]+$")


def _val(x: str | None) -> str | None:
    x = (x or "").strip()
    return None if x in ("", "-") else x


def parse(path: Path) -> list[dict]:
    docs: list[dict] = []
    cur: dict | None = None
    lines: list[str] = []

    def flush() -> None:
        if cur is not None:
            cur["raw"] = "\n".join(lines).strip()
            docs.append(cur)

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") and cur is None:
            continue
        if line.startswith("=== "):
            flush()
            parts = [p.strip() for p in line[4:].split("|")]
            cur = {"id": parts[0], "country": parts[1] if len(parts) > 1 else None,
                   "source": parts[2] if len(parts) > 2 else None}
            lines = []
        elif cur is not None:
            lines.append(line)
    flush()
    out = []
    for d in docs:
        text_parts: list[str] = []
        ents: list[dict] = []
        pos = 0
        n = 0
        raw = d.pop("raw")
        for m in _MARK.finditer(raw):
            text_parts.append(raw[pos:m.start()])
            n += m.start() - pos
            surface = m.group(1)
            f = m.group(2).split("|")[1:] + [""] * 6
            start = n
            text_parts.append(surface)
            n += len(surface)
            ents.append({"start": start, "end": n, "text": surface, "label": _val(f[0]),
                         "actor_id": _val(f[1]), "role": _val(f[2]), "affiliation": _val(f[3]),
                         "ref": _val(f[4])})
            pos = m.end()
        text_parts.append(raw[pos:])
        text = "".join(text_parts)
        if "[[" in text or "]]" in text:
            raise SystemExit(f"{d['id']}: unbalanced markup")
        for e in ents:
            assert text[e["start"]:e["end"]] == e["text"]
        out.append({**d, "text": text, "entities": ents})
    return out


def check(docs: list[dict]) -> int:
    sys.path.insert(0, str(HERE.parents[2] / "src"))
    from rasd.components.actors import alias_keys, get_dictionary

    d = get_dictionary()
    bad = 0
    for doc in docs:
        for e in doc["entities"]:
            for key in ("actor_id", "affiliation"):
                v = e[key]
                if v and (key == "actor_id" or _ID.match(v)) and v not in d.actors:
                    print(f"{doc['id']}: unknown {key} {v!r} ({e['text']})")
                    bad += 1
            if e["actor_id"] is None and e["label"] != "PER" or e["actor_id"] is None and e["ref"] is None:
                hits = {c.actor_id for k, _ in alias_keys(e["text"]) for c in d.by_key.get(k, ())}
                if hits:
                    print(f"{doc['id']}: NIL mention {e['text']!r} is an alias of {sorted(hits)}")
    return bad


def main() -> int:
    all_docs = []
    for split in ("dev", "heldout"):
        src = HERE / f"articles_{split}.txt"
        if not src.exists():
            continue
        docs = parse(src)
        outdir = HERE / split
        outdir.mkdir(exist_ok=True)
        for old in outdir.glob("*.json"):
            old.unlink()
        for doc in docs:
            doc["split"] = split
            (outdir / f"{doc['id']}.json").write_text(
                json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(f"{split}: {len(docs)} articles, {sum(len(x['entities']) for x in docs)} mentions")
        all_docs += docs
    return 1 if check(all_docs) else 0


if __name__ == "__main__":
    raise SystemExit(main())
