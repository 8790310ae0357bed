"""Extraction on a Dask cluster: a LocalCluster (``--workers N``, processes on loopback) or an
existing scheduler (``--scheduler tcp://HOST:PORT``).

Each worker process builds one pipeline, on first use, and keeps it (:func:`worker_pipeline`).
Workers return :class:`rasd.store.db.Prepared` records (Doc JSON, hash, MinHash); the client writes
them through the store in input order, so idempotency and near-duplicate linking are exactly those
of a single-process ingest.
"""

from __future__ import annotations

from typing import Any

from ..errors import Errors, RasdError

#: Articles per Dask task: enough to amortise scheduling, small enough to balance the workers.
TASK_SIZE = 16
#: How long to wait for an existing scheduler (``--scheduler``) before giving up with E607.
CONNECT_TIMEOUT = "20s"

_PIPELINES: dict[tuple[str, ...], Any] = {}


def worker_pipeline(components: tuple[str, ...] | None = None):
    """The pipeline of this worker process (built once per list of components)."""
    from ..pipeline import DEFAULT_COMPONENTS, Pipeline

    key = tuple(components or DEFAULT_COMPONENTS)
    pipe = _PIPELINES.get(key)
    if pipe is None:
        pipe = _PIPELINES[key] = Pipeline(key).warm_up()
    return pipe


def run_task(articles: list, components: tuple[str, ...] | None = None) -> list:
    """A Dask task: analyse a few articles with this worker's pipeline."""
    from ..store.ingest import analyse_article

    pipe = worker_pipeline(components)
    return [analyse_article(a, pipe) for a in articles]


class DaskRunner:
    """Submit batches of articles to Dask; :meth:`result` returns them in order."""

    def __init__(self, workers: int | None = None, scheduler: str | None = None,
                 task_size: int = TASK_SIZE, components: list[str] | None = None) -> None:
        from distributed import Client, LocalCluster

        self.task_size = task_size
        self.components = tuple(components) if components else None
        self.cluster = None
        try:
            if scheduler:
                self.client = Client(scheduler, timeout=CONNECT_TIMEOUT)
            else:
                self.cluster = LocalCluster(
                    n_workers=workers or 2, threads_per_worker=1, processes=True,
                    host="127.0.0.1", dashboard_address=":0", silence_logs=40,
                )
                self.client = Client(self.cluster)
        except (OSError, TimeoutError) as exc:
            if self.cluster is not None:
                self.cluster.close()
            raise RasdError(Errors.E607, address=scheduler or "LocalCluster", reason=exc) from exc

    @property
    def n_workers(self) -> int:
        return len(self.client.scheduler_info().get("workers", {}))

    def submit(self, articles: list):
        parts = [articles[i:i + self.task_size] for i in range(0, len(articles), self.task_size)]
        return self.client.map(run_task, parts, components=self.components, pure=False)

    def result(self, futures) -> list:
        out: list = []
        for part in self.client.gather(futures):
            out.extend(part)
        return out

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
