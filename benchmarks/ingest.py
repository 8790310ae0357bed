#!/usr/bin/env python3
"""Ingest throughput on ../shared/data/news_sample: one process, then a Dask LocalCluster, in one run.

    .venv/bin/python benchmarks/ingest.py --limit 300                  # default pipeline, 2 workers
    .venv/bin/python benchmarks/ingest.py --limit 1000 --workers 4
    .venv/bin/python benchmarks/ingest.py --limit 300 --components sentences,tokens
    .venv/bin/python benchmarks/ingest.py --limit 300 --db postgresql+psycopg://USER@HOST/DB_PREFIX

Each mode ingests the same first ``--limit`` articles into a fresh database (SQLite files in a
temporary folder unless ``--db`` names a PostgreSQL server, where databases ``<name>_single`` and
``<name>_dask`` are (re)created): reading, the whole pipeline, hashing and MinHash, writing every
layer (one transaction per article) and rebuilding the incidents. Reported: articles/s end to end
(for Dask also without the cluster's start-up), articles/s of an idempotent re-run (all already
stored), the peak memory (ru_maxrss) of this process after the single-process run, and of each
Dask worker. Exits 0 with a message when the data set is absent.
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:
    sys.path.insert(0, str(ROOT / "src"))


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _worker_peak_mb() -> float:
    import resource as r

    return r.getrusage(r.RUSAGE_SELF).ru_maxrss / 1024


def _warm_worker(components) -> None:
    """Load this worker's pipeline and datasketch before timing (as in the single-process run)."""
    from rasd.batch.dask import worker_pipeline
    from rasd.store import dedup

    worker_pipeline(components)("بغداد - أعلنت الحكومة تحميل النماذج قبل القياس.")
    dedup.minhash_bytes("تحميل")


def _fresh_db(base: str | None, tmp: Path, name: str) -> str:
    if not base:
        return f"sqlite:///{tmp / (name + '.db')}"
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = make_url(base)
    db = f"{url.database or 'rasd_bench'}_{name}"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{db}"'))
        conn.execute(text(f'CREATE DATABASE "{db}"'))
    admin.dispose()
    return url.set(database=db).render_as_string(hide_password=False)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=None, help="JSONL articles (default: news_sample)")
    ap.add_argument("--limit", type=int, default=300, help="first N articles (default 300)")
    ap.add_argument("--workers", type=int, default=2, help="Dask LocalCluster workers (default 2)")
    ap.add_argument("--components", default=None, help="comma-separated components (default: all)")
    ap.add_argument("--db", default=None, help="PostgreSQL URL prefix (default: SQLite files)")
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON object")
    args = ap.parse_args()

    from rasd.resources import shared_data

    data = args.data or shared_data("news_sample", "articles.jsonl")
    if data is None or not Path(data).exists():
        print("news_sample is absent (../shared/data/news_sample/articles.jsonl): nothing to measure")
        return 0
    components = [c.strip() for c in args.components.split(",")] if args.components else None

    from rasd.batch.dask import DaskRunner
    from rasd.ingest.readers import iter_inputs
    from rasd.pipeline import DEFAULT_COMPONENTS, Pipeline
    from rasd.store.db import Store
    from rasd.store.ingest import LocalRunner, ingest_items

    results: dict[str, object] = {"data": str(data), "limit": args.limit, "workers": args.workers,
                                  "components": components or list(DEFAULT_COMPONENTS),
                                  "database": "postgresql" if args.db else "sqlite"}
    with tempfile.TemporaryDirectory(prefix="rasd-bench-") as tmpdir:
        tmp = Path(tmpdir)
        sample = tmp / "sample.jsonl"
        with open(data, "rb") as src, sample.open("wb") as out:
            for i, line in enumerate(src):
                if i >= args.limit:
                    break
                out.write(line)

        # 1. One process.
        pipe = Pipeline(components or DEFAULT_COMPONENTS)
        pipe("بغداد - أعلنت الحكومة تحميل النماذج قبل القياس.")  # load the models before timing
        from rasd.store import dedup

        dedup.NearDuplicates().find(dedup.minhash_bytes("تحميل"))  # and datasketch (~1.5 s of imports)
        url = _fresh_db(args.db, tmp, "single")
        store = Store(url)
        pipe.reset_timings()
        t0 = time.perf_counter()
        rep = ingest_items(iter_inputs([sample]), store, runner=LocalRunner(pipe))
        single_s = time.perf_counter() - t0
        pipeline_s = sum(pipe.timings.values())
        t0 = time.perf_counter()
        again = ingest_items(iter_inputs([sample]), store, runner=LocalRunner(pipe))
        rerun_s = time.perf_counter() - t0
        store.close()
        n = rep.seen
        results["single"] = {
            "articles": n, "new": rep.new, "near_duplicates": rep.duplicates, "failed": rep.failed,
            "incidents": rep.incidents, "seconds": round(single_s, 2),
            "articles_per_s": round(n / single_s, 1),
            "pipeline_ms_per_article": round(1000 * pipeline_s / max(1, rep.new + rep.duplicates), 2),
            "store_ms_per_article": round(1000 * (single_s - pipeline_s) / max(1, n), 2),
            "rerun_already_stored": again.stored, "rerun_articles_per_s": round(n / rerun_s, 1),
            "peak_rss_mb": round(_peak_mb(), 1),
        }

        # 2. Dask LocalCluster.
        url = _fresh_db(args.db, tmp, "dask")
        store = Store(url)
        t0 = time.perf_counter()
        runner = DaskRunner(workers=args.workers, components=components)
        runner.client.run(_warm_worker, tuple(components) if components else None)
        startup_s = time.perf_counter() - t0
        t1 = time.perf_counter()
        drep = ingest_items(iter_inputs([sample]), store, runner=runner, chunk=64 * args.workers)
        dask_s = time.perf_counter() - t1
        worker_peaks = runner.client.run(_worker_peak_mb)
        runner.close()
        store.close()
        results["dask"] = {
            "articles": drep.seen, "new": drep.new, "near_duplicates": drep.duplicates,
            "failed": drep.failed, "incidents": drep.incidents,
            "cluster_start_s": round(startup_s, 2), "seconds": round(dask_s, 2),
            "articles_per_s": round(drep.seen / dask_s, 1),
            "articles_per_s_with_start": round(drep.seen / (dask_s + startup_s), 1),
            "client_peak_rss_mb": round(_peak_mb(), 1),
            "worker_peak_rss_mb": sorted(round(v, 1) for v in worker_peaks.values()),
        }
        same = (rep.new, rep.duplicates, rep.failed) == (drep.new, drep.duplicates, drep.failed)
        results["same_outcome"] = same

    if args.json:
        print(json.dumps(results, ensure_ascii=False))
    else:
        s, d = results["single"], results["dask"]
        print(f"data: {data} (first {args.limit} articles), components: {', '.join(results['components'])}, "
              f"database: {results['database']}")
        print(f"single process : {s['articles']} articles in {s['seconds']} s = {s['articles_per_s']} articles/s "
              f"({s['new']} new, {s['near_duplicates']} near-duplicates, {s['failed']} failed, "
              f"{s['incidents']} incidents); peak RSS {s['peak_rss_mb']} MB")
        print(f"  of which     : pipeline {s['pipeline_ms_per_article']} ms/article, everything else "
              f"(reading, hashing, MinHash, writing, incidents) {s['store_ms_per_article']} ms/article")
        print(f"re-run         : {s['rerun_already_stored']} already stored, {s['rerun_articles_per_s']} articles/s")
        print(f"dask ({args.workers} workers): {d['articles']} articles in {d['seconds']} s = {d['articles_per_s']} "
              f"articles/s ({d['articles_per_s_with_start']} with the {d['cluster_start_s']} s cluster start); "
              f"client peak RSS {d['client_peak_rss_mb']} MB, workers {d['worker_peak_rss_mb']} MB")
        print(f"same outcome in both modes: {same}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
