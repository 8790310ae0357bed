"""Check the actor dictionary and time the actors component on news_sample.

    .venv/bin/python scripts/check_actors.py                # dictionary summary
    .venv/bin/python scripts/check_actors.py --bench 500    # + ms/article on 500 articles
    .venv/bin/python scripts/check_actors.py --bench 500 --show 3   # + print linked entities

The benchmark runs the pipeline up to ``entities`` (whatever tagger is installed) on the first N
articles of ../shared/data/news_sample/articles.jsonl, then times the ``actors`` component alone.
news_sample is read, never copied or shipped.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import time


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--bench", type=int, default=0, help="articles to time (0: no benchmark)")
    ap.add_argument("--show", type=int, default=0, help="print the entities of the first N articles")
    ap.add_argument("--no-ner", action="store_true", help="skip the NER component (dictionary only)")
    args = ap.parse_args()

    from rasd.components.actors import ActorLinker, get_dictionary

    t0 = time.perf_counter()
    d = get_dictionary()
    t_load = time.perf_counter() - t0
    kinds = collections.Counter(a.kind for a in d.actors.values())
    print(f"actors: {len(d.actors)}  alias keys: {len(d.by_key)}  load+automaton: {t_load * 1000:.0f} ms")
    for k, n in kinds.most_common():
        print(f"  {k:24s} {n}")
    if not args.bench:
        return 0

    from rasd.doc import Entity
    from rasd.pipeline import Pipeline
    from rasd.resources import shared_data

    path = shared_data("news_sample", "articles.jsonl")
    if path is None:
        print("news_sample is absent (../shared/data): no benchmark", file=sys.stderr)
        return 0
    names = ["sentences", "tokens"] + ([] if args.no_ner else ["entities"])
    pre = Pipeline(names)
    docs = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            docs.append(pre(rec["text"], published=rec.get("published")))
            if len(docs) >= args.bench:
                break
    # the text layer timed the same way, as a yardstick on a shared machine
    texts = [doc.text for doc in docs]
    text_layer = Pipeline(["sentences", "tokens"])
    t_text = []
    for _ in range(3):
        t0 = time.process_time()
        for t in texts:
            text_layer(t)
        t_text.append(time.process_time() - t0)
    linker = ActorLinker(d)
    n_before = sum(len(doc.entities) for doc in docs)
    originals = [[Entity.from_dict(e.to_dict()) for e in doc.entities] for doc in docs]
    # CPU time (the machine may be shared), best of 3 passes; pass 1 also fills the key cache
    times = []
    for _ in range(3):
        for doc, ents in zip(docs, originals):
            doc.entities = [Entity.from_dict(e.to_dict()) for e in ents]
        t0 = time.process_time()
        for doc in docs:
            linker(doc)
        times.append(time.process_time() - t0)
    dt = min(times)
    for doc in docs:
        doc.check_spans()
    ents = [e for doc in docs for e in doc.entities]
    linked = sum(1 for e in ents if e.actor_id)
    chars = sum(len(doc.text) for doc in docs) / max(len(docs), 1)
    print(f"articles: {len(docs)} (mean {chars:.0f} chars)  NER entities in: {n_before}  out: {len(ents)}  "
          f"linked: {linked}")
    print(f"actors component: {dt / len(docs) * 1000:.3f} ms/article (CPU time, best of 3; "
          f"first pass {times[0] / len(docs) * 1000:.3f})")
    print(f"text layer (sentences+tokens), same machine and method: {min(t_text) / len(docs) * 1000:.3f} ms/article "
          f"(budget ~1 ms; actors budget ~0.3 ms)")
    top = collections.Counter(e.actor_id for e in ents if e.actor_id)
    print("most linked:", ", ".join(f"{a}={n}" for a, n in top.most_common(12)))
    for doc in docs[: args.show]:
        print("---", doc.id)
        for e in doc.entities:
            print(f"  {e.label:4s} {e.text!r:32s} {e.actor_id or '-':16s} {e.latin or ''} "
                  f"{e.role or ''} {e.affiliation or ''} {e.inferred or ''}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
