"""``rasd serve`` as a user runs it: a real process on 127.0.0.1 and a free port."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx

SERVE = [sys.executable, "-c", "from rasd.cli import main; main()", "serve"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stdout.read() if proc.stdout else proc.returncode
        try:
            httpx.get(url, timeout=1)
            return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise AssertionError("rasd serve did not start")


def test_serve_process_token_from_env(web_db):
    port = _free_port()
    env = dict(os.environ, RASD_API_TOKEN="env-token")
    proc = subprocess.Popen(SERVE + ["--db", web_db, "--port", str(port)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        _wait(base + "/api/stats", proc)
        stats = httpx.get(base + "/api/stats").json()
        assert stats["articles"] == 4 and stats["writable"] is True
        r = httpx.post(base + "/api/articles", json={"text": "نص"}, headers={"authorization": "Bearer nope"})
        assert r.status_code == 403 and r.json()["error"]["code"] == "E705"
        page = httpx.get(base + "/incidents")
        assert page.status_code == 200 and 'dir="rtl"' in page.text
        assert "script-src 'self'" in page.headers["content-security-policy"]
        assert "server" not in page.headers
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=15)
    assert f"http://127.0.0.1:{port}/" in out


def test_serve_refuses_a_bad_database_url():
    res = subprocess.run(SERVE + ["--db", "nosuchdriver://x/y", "--port", str(_free_port())],
                         capture_output=True, text=True, timeout=60, check=False)
    assert res.returncode == 1
    assert "E601" in res.stderr


def test_serve_warns_about_an_empty_database(tmp_path):
    port = _free_port()
    db = f"sqlite:///{tmp_path / 'empty.db'}"
    proc = subprocess.Popen(SERVE + ["--db", db, "--port", str(port)], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    try:
        _wait(f"http://127.0.0.1:{port}/api/stats", proc)
        assert httpx.get(f"http://127.0.0.1:{port}/api/incidents").json()["total"] == 0
        assert httpx.get(f"http://127.0.0.1:{port}/incidents").status_code == 200
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=15)
    assert "holds no article" in out
