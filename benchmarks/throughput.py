#!/usr/bin/env python3
"""Throughput of the rasd pipeline on ../shared/data/news_sample/articles.jsonl, on one core.

    .venv/bin/python benchmarks/throughput.py                    # the whole default pipeline
    .venv/bin/python benchmarks/throughput.py --text-only        # sentences + tokens alone
    .venv/bin/python benchmarks/throughput.py --components sentences,tokens,entities --limit 500
    .venv/bin/python benchmarks/throughput.py --text-only --passes 2   # second pass: warm caches

Runs in this process only (no workers). Prints each component's share of the time
(``Pipeline.timings``, wall clock) and its CPU time per article, articles/s, tokens/s,
characters/s and the peak memory of the process (``ru_maxrss``; in red above 500 MiB), and
articles/s by CPU time (fairer on a busy machine). Exits 0 with a message when the data set is absent.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))


def load_articles(path: Path, limit: int | None) -> list[dict]:
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            line = line.strip()
            if not line:
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(rec, dict) and isinstance(rec.get("text"), str):
                out.append(rec)
            if limit is not None and len(out) >= limit:
                break
    return out


class CpuTimed:
    """A component wrapper that adds up the CPU time (``time.process_time``) of its calls: on a
    shared machine the wall-clock ``Pipeline.timings`` also count the time spent waiting for a
    core, so the CPU column is the fairer per-component figure."""

    def __init__(self, comp) -> None:
        self.comp = comp
        self.name = comp.name
        self.reads = comp.reads
        self.sets = comp.sets
        self.cpu = 0.0

    def __call__(self, doc):
        t0 = time.process_time()
        try:
            return self.comp(doc)
        finally:
            self.cpu += time.process_time() - t0


MEMORY_LIMIT_MIB = 500  # the requirement: the whole run in under 500 MB


def peak_rss_mib() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024) if sys.platform == "darwin" else rss / 1024


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="rasd pipeline throughput on news_sample (one core)")
    ap.add_argument("--limit", type=int, default=None, help="use the first N articles")
    ap.add_argument("--components", default=None,
                    help="comma-separated component names (default: the whole default pipeline)")
    ap.add_argument("--text-only", action="store_true", help="sentences and tokens only")
    ap.add_argument("--passes", type=int, default=1,
                    help="run over the articles this many times; figures are for the last pass")
    ap.add_argument("--data", type=Path, default=None, help="articles.jsonl (default: news_sample)")
    args = ap.parse_args(argv)

    from rich.console import Console
    from rich.table import Table

    from rasd.pipeline import DEFAULT_COMPONENTS, TEXT_COMPONENTS, Pipeline
    from rasd.resources import shared_data

    console = Console()
    path = args.data or shared_data("news_sample", "articles.jsonl")
    if path is None or not Path(path).exists():
        console.print("[yellow]skipped:[/] ../shared/data/news_sample/articles.jsonl is absent")
        return 0
    if args.text_only:
        names = list(TEXT_COMPONENTS)
    elif args.components:
        names = [c.strip() for c in args.components.split(",") if c.strip()]
    else:
        names = list(DEFAULT_COMPONENTS)
    try:  # one core, as the target says
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    except (AttributeError, OSError):
        pass

    articles = load_articles(Path(path), args.limit)
    if not articles:
        console.print(f"[red]no articles in {path}[/]")
        return 1
    from rasd.pipeline import get_component

    timed = [CpuTimed(get_component(n)) for n in names]
    nlp = Pipeline(timed)
    # build the components and load their models before timing, as `rasd extract` and
    # `rasd db ingest` do (Pipeline.warm_up, which also sets the garbage collector up for a
    # long run: the loaded models frozen, a higher youngest-generation threshold)
    nlp.warm_up()
    for t in timed:
        t.cpu = 0.0
    chars = sum(len(a["text"]) for a in articles)
    for _ in range(max(1, args.passes)):
        nlp.reset_timings()
        for t in timed:
            t.cpu = 0.0
        tokens = 0
        c0 = time.process_time()
        t0 = time.perf_counter()
        for a in articles:
            doc = nlp(a["text"], published=a.get("published"), id=a.get("id"))
            tokens += len(doc.tokens)
        wall = time.perf_counter() - t0
        cpu = time.process_time() - c0

    total = sum(nlp.timings.values()) or 1e-9
    table = Table(title=f"rasd throughput: {len(articles)} articles, {chars / len(articles):,.0f} chars each on average")
    table.add_column("component")
    table.add_column("seconds", justify="right")
    table.add_column("ms/article", justify="right")
    table.add_column("share", justify="right")
    table.add_column("CPU ms/article", justify="right")
    for t in timed:
        secs = nlp.timings[t.name]
        table.add_row(t.name, f"{secs:.3f}", f"{1000 * secs / len(articles):.3f}", f"{secs / total:.1%}",
                      f"{1000 * t.cpu / len(articles):.3f}")
    table.add_row("[b]all[/]", f"{wall:.3f}", f"{1000 * wall / len(articles):.3f}", "",
                  f"{1000 * cpu / len(articles):.3f}")
    console.print(table)
    peak = peak_rss_mib()
    mem = f"[red]{peak:,.0f} MiB (over {MEMORY_LIMIT_MIB})[/]" if peak > MEMORY_LIMIT_MIB else f"{peak:,.0f} MiB"
    console.print(f"articles/s: [b]{len(articles) / wall:,.0f}[/]   tokens/s: [b]{tokens / wall:,.0f}[/]   "
                  f"chars/s: {chars / wall:,.0f}   peak memory: {mem}   "
                  f"(pass {args.passes}, components: {', '.join(names)})")
    # on a shared machine wall time includes waiting for the CPU: CPU time is the fairer figure
    console.print(f"CPU time: {cpu:.3f} s -> articles/s by CPU time: [b]{len(articles) / cpu:,.0f}[/]   "
                  f"load average: {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
