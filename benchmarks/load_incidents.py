#!/usr/bin/env python3
"""A bounded load test of the incidents endpoint on loopback.

Starts ``rasd serve`` (uvicorn, one process) on 127.0.0.1 and a free port over a database (by
default one built with ``rasd ingest examples/`` in a temporary folder), then sends ``--requests``
GET requests over ``--connections`` concurrent keep-alive connections with httpx.AsyncClient, and
prints requests/s and latency percentiles. Stops by itself (and kills the server) when done or
after ``--max-seconds``.

    .venv/bin/python benchmarks/load_incidents.py
    .venv/bin/python benchmarks/load_incidents.py --db sqlite:///rasd.db --requests 5000 --path "/api/incidents?type=ASSAULT"
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RASD = [sys.executable, "-m", "rasd.cli"] if not (ROOT / ".venv/bin/rasd").exists() else [str(ROOT / ".venv/bin/rasd")]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process (Linux /proc), to report server CPU per request."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def wait_ready(url: str, proc: subprocess.Popen, timeout: float = 60) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"rasd serve exited with {proc.returncode}")
        try:
            if httpx.get(url + "/api/stats", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("rasd serve did not start in time")


async def run_load(base: str, path: str, total: int, conns: int, max_seconds: float) -> dict:
    import httpx

    latencies: list[float] = []
    errors = 0
    counter = iter(range(total))
    limits = httpx.Limits(max_connections=conns, max_keepalive_connections=conns)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        async def worker() -> None:
            nonlocal errors
            for _ in counter:
                t0 = time.perf_counter()
                try:
                    r = await client.get(path)
                    ok = r.status_code == 200
                except httpx.HTTPError:
                    ok = False
                latencies.append(time.perf_counter() - t0)
                if not ok:
                    errors += 1

        start = time.perf_counter()
        await asyncio.wait_for(asyncio.gather(*(worker() for _ in range(conns))), max_seconds)
        elapsed = time.perf_counter() - start
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, round(p / 100 * len(latencies)) - 1)] * 1000

    return {"requests": len(latencies), "errors": errors, "seconds": elapsed,
            "rps": len(latencies) / elapsed, "p50_ms": pct(50), "p95_ms": pct(95), "p99_ms": pct(99),
            "mean_ms": statistics.fmean(latencies) * 1000}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", help="database URL (default: examples/ ingested into a temporary SQLite file)")
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--connections", type=int, default=20)
    ap.add_argument("--path", default="/api/incidents?limit=50")
    ap.add_argument("--max-seconds", type=float, default=300)
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            db = f"sqlite:///{Path(tmp) / 'load.db'}"
            subprocess.run(RASD + ["ingest", str(ROOT / "examples"), "--db", db, "--quiet"], check=True,
                           stdout=subprocess.DEVNULL)
        port = free_port()
        env = dict(os.environ)
        env.pop("RASD_API_TOKEN", None)
        proc = subprocess.Popen(RASD + ["serve", "--db", db, "--host", "127.0.0.1", "--port", str(port)],
                                stdout=subprocess.DEVNULL, env=env)
        try:
            base = f"http://127.0.0.1:{port}"
            wait_ready(base, proc)
            asyncio.run(run_load(base, args.path, min(50, args.requests), args.connections, 60))  # warm-up
            cpu0 = cpu_seconds(proc.pid)
            res = asyncio.run(run_load(base, args.path, args.requests, args.connections, args.max_seconds))
            cpu1 = cpu_seconds(proc.pid)
            res["server_cpu_ms"] = (cpu1 - cpu0) / res["requests"] * 1000 if cpu0 is not None and cpu1 else None
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
    print(f"GET {args.path}: {res['requests']} requests over {args.connections} connections in "
          f"{res['seconds']:.2f} s -> {res['rps']:.0f} requests/s; latency p50 {res['p50_ms']:.1f} ms, "
          f"p95 {res['p95_ms']:.1f} ms, p99 {res['p99_ms']:.1f} ms; errors {res['errors']}")
    if res.get("server_cpu_ms") is not None:
        print(f"server CPU {res['server_cpu_ms']:.2f} ms/request (one uvicorn process; client on the same machine)")
    return 1 if res["errors"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
