"""Store test fixtures: a ``db_url`` over SQLite and a throwaway PostgreSQL server on loopback.

The PostgreSQL server is started once per test process (initdb + pg_ctl into a temporary folder,
as the ``postgres`` user via runuser when we are root, on a free port, listening on 127.0.0.1
only) and stopped at the end; each test gets a fresh database in it. Without the server binaries
(``/usr/lib/postgresql/*/bin/pg_ctl``) the PostgreSQL half of every store test skips with the reason.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest


def _pg_bindir() -> Path | None:
    env = os.environ.get("RASD_PG_BINDIR")
    if env and (Path(env) / "pg_ctl").exists():
        return Path(env)
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
                   key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PgServer:
    def __init__(self, bindir: Path) -> None:
        self.bindir = bindir
        self.root = Path(tempfile.mkdtemp(prefix="rasd-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.as_root = os.geteuid() == 0
        if self.as_root:
            shutil.chown(self.root, "postgres", "postgres")

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        cmd = [str(self.bindir / args[0]), *args[1:]]
        if self.as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        return subprocess.run(cmd, capture_output=True, text=True, timeout=120)

    def start(self) -> None:
        r = self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust",
                      "-E", "UTF8", "--locale=C", "--no-sync")
        if r.returncode:
            raise RuntimeError(f"initdb failed: {r.stderr.strip()}")
        opts = (f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off")
        r = self._run("pg_ctl", "-D", str(self.data), "-o", opts, "-l", str(self.root / "log"),
                      "-w", "-t", "60", "start")
        if r.returncode:
            log = (self.root / "log").read_text(errors="replace") if (self.root / "log").exists() else ""
            raise RuntimeError(f"pg_ctl start failed: {r.stderr.strip()} {log[-2000:]}")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)

    def url(self, db: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{db}"

    def create_db(self) -> str:
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres",
                             autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


@pytest.fixture(scope="session")
def pg_server():
    bindir = _pg_bindir()
    if bindir is None:
        pytest.skip("PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin/pg_ctl); "
                    "install the 'postgresql' package (scripts/system-deps.sh)")
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        pytest.skip("running as root without runuser: cannot start PostgreSQL as the postgres user")
    server = PgServer(bindir)
    try:
        server.start()
    except (RuntimeError, OSError, subprocess.TimeoutExpired, KeyError, LookupError) as exc:
        server.stop()
        pytest.skip(f"could not start a PostgreSQL server: {exc}")
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request, tmp_path) -> str:
    """A fresh, empty database: SQLite in a temporary folder, or a new PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'rasd.db'}"
    server = request.getfixturevalue("pg_server")
    return server.create_db()


# -- hand-built documents (independent of the extractors' quality) ---------------------------------


def _find(text: str, needle: str, nth: int = 0) -> int:
    pos = -1
    for _ in range(nth + 1):
        pos = text.index(needle, pos + 1)
    return pos


def build_doc(text: str, *, published: str | None = None, source: str | None = None,
              url: str | None = None, title: str | None = None, events: list[dict] | None = None,
              entities: list[dict] | None = None, quotes: list[dict] | None = None):
    """A Doc over ``text`` whose layers are given by surface strings, with exact spans.

    events: dicts with ``type``, ``trigger`` (a substring), optional ``actor``/``target``/``source``
    (``(surface, actor_id, kind)``), ``place`` (``(surface, name, country, lat, lon, precision)``),
    ``date`` (``(surface or None, value_start, value_end, precision)``), ``status``,
    ``fatalities``, ``mode``, ``background``, ``acled``.
    """
    from rasd.doc import DateMention, Doc, Entity, Event, Place, Quote

    doc = Doc(text, published=published, source=source, url=url, title=title)

    def span(s: str):
        i = _find(text, s)
        return doc.span(i, i + len(s))

    def ent(spec, label="ORG"):
        if spec is None:
            return None
        surface, actor_id, kind = spec
        sp = span(surface)
        return Entity(sp.start, sp.end, sp.text, label=label, actor_id=actor_id, canonical=surface,
                      kind=kind)

    for e in entities or []:
        doc.entities.append(ent((e["text"], e.get("actor_id"), e.get("kind")), e.get("label", "ORG")))
    for q in quotes or []:
        cue, content = span(q["cue"]), span(q["content"])
        doc.quotes.append(Quote(cue=cue, content=content, speaker=ent(q.get("speaker"), "PER"),
                                direct=q.get("direct", True), stance=q.get("stance"),
                                anonymous=q.get("anonymous", False)))
    for ev in events or []:
        place = None
        if ev.get("place"):
            surface, name, country, lat, lon, prec = ev["place"]
            sp = span(surface)
            place = Place(sp.start, sp.end, sp.text, name=name, country=country, lat=lat, lon=lon,
                          geo_precision=prec, feature="city")
        date = None
        if ev.get("date"):
            surface, v1, v2, prec = ev["date"]
            if surface:
                sp = span(surface)
                date = DateMention(sp.start, sp.end, sp.text, value_start=v1, value_end=v2, precision=prec)
            else:
                date = DateMention(None, None, None, value_start=v1, value_end=v2, precision=prec,
                                   inferred="published")
        trig = span(ev["trigger"])
        sent_start = text.rfind(".", 0, trig.start) + 1
        sent_end = text.find(".", trig.end)
        sent_end = len(text) if sent_end < 0 else sent_end + 1
        while sent_start < trig.start and text[sent_start].isspace():
            sent_start += 1
        doc.events.append(Event(
            type=ev["type"], trigger=trig, mode=ev.get("mode"), actor=ent(ev.get("actor")),
            target=ent(ev.get("target")), location=place, date=date,
            status=ev.get("status", "reported"), source=ent(ev.get("source")),
            fatalities=ev.get("fatalities"), injuries=ev.get("injuries"), acled=ev.get("acled"),
            evidence=[doc.span(sent_start, sent_end)], background=ev.get("background", False),
        ))
    doc.done.update({"entities", "quotes", "events", "dates", "places"})
    doc.check_spans()
    return doc


@pytest.fixture
def make_doc():
    return build_doc


def _scenario_module():
    import importlib.util
    import sys

    name = "rasd_tests_scenario_store"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("scenario_store.py"))
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        sys.modules[name] = mod
    return sys.modules[name]


@pytest.fixture
def scenario_texts():
    """The scenario module (its texts: A_TEXT, B_TEXT, ...)."""
    return _scenario_module()


@pytest.fixture
def scenario():
    """The scenario's documents by letter (a, b, c, f, d, e, g), in ingest order."""
    return _scenario_module().scenario(build_doc)


def write_all(url: str, docs) -> dict:
    from rasd.store.db import Store, prepare_doc

    out = {}
    with Store(url) as store:
        for key, doc in docs.items():
            out[key] = store.write(prepare_doc(doc))
    return out


@pytest.fixture
def write_docs():
    return write_all
