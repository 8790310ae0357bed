"""Escaping, headers and limits: articles and query strings full of script tags, event handlers
and javascript: URLs must come out as text, never as markup."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

import rasd.web

WEB = Path(rasd.web.__file__).resolve().parent
EVIL = ["<script>alert(1)</script>", '"><img src=x onerror=alert(2)>', "javascript:alert(3)",
        "' OR 1=1 --", "</textarea><svg onload=alert(4)>"]


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text inside <script> elements."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.script_text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.script_text.append(data)


def assert_inert(html: str) -> None:
    """No script but our own static files, no event handler, no javascript: URL, no inline style."""
    p = Tags()
    p.feed(html)
    assert not p.script_text, p.script_text
    for tag, attrs in p.tags:
        if tag == "script":
            assert attrs.get("src", "").startswith("/static/"), attrs
        assert tag not in ("img", "iframe", "object", "embed", "svg", "textarea"), (tag, attrs)
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name, value)
            assert name != "style", (tag, attrs)
            if name in ("href", "src", "action"):
                assert not (value or "").strip().lower().startswith("javascript:"), (tag, name, value)


def _article_id(client, doc_id: str) -> int:
    items = client.get("/api/articles", params={"limit": 100}).json()["items"]
    return next(a["id"] for a in items if a["doc_id"] == doc_id)


def test_reader_escapes_a_hostile_article(client):
    aid = _article_id(client, "web-xss")
    html = client.get(f"/articles/{aid}").text
    assert_inert(html)
    assert "&lt;script&gt;alert(&#39;text&#39;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(&#39;img&#39;)&gt;" in html
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in html  # the title
    assert "javascript:alert(&#39;url&#39;)" in html  # shown as text, never a link


@pytest.mark.parametrize("path", ["/incidents", "/articles", "/actors", "/map", "/timeline", "/graph"])
def test_pages_are_inert_with_hostile_query_strings(client, path):
    for evil in EVIL:
        params = {"q": evil, "actor": evil, "country": evil, "type": evil[:40]}
        r = client.get(path, params=params)
        assert r.status_code == 200, r.text
        assert_inert(r.text)
        if any(ch in evil for ch in "<>\""):
            assert evil not in r.text


def test_every_page_is_inert(client):
    pages = ["/incidents", "/articles", "/actors", "/map", "/timeline", "/graph", "/api/docs"]
    pages += [f"/articles/{a['id']}" for a in client.get("/api/articles").json()["items"]]
    pages += [f"/incidents/{i['id']}" for i in client.get("/api/incidents").json()["items"]]
    for p in pages:
        r = client.get(p)
        assert r.status_code == 200, p
        assert_inert(r.text)


def test_hostile_values_in_json_stay_data(client):
    evil = "<script>alert(1)</script>"
    r = client.get("/api/articles", params={"q": evil})
    assert r.status_code == 200 and r.json()["items"] == []
    assert r.headers["content-type"].startswith("application/json")
    r = client.get("/api/incidents/" + "<svg onload=alert(1)>")
    assert r.status_code == 404 and r.headers["content-type"].startswith("application/json")


def test_sql_metacharacters_are_plain_values(client):
    # (LIKE wildcards % and _ in a name filter act as wildcards: the store's matching, not injection)
    for value in ("' OR 1=1 --", "\"; DROP TABLE articles; --", "x' UNION SELECT text FROM articles --"):
        r = client.get("/api/incidents", params={"actor": value, "country": value})
        assert r.status_code == 200 and r.json()["total"] == 0
    assert client.get("/api/stats").json()["articles"] == 4


@pytest.mark.parametrize("path", ["/incidents", "/api/incidents", "/static/rasd.js", "/api/articles/99999",
                                  "/nope"])
def test_security_headers(client, path):
    r = client.get(path)
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "default-src 'none'" in csp and "'unsafe-inline'" not in csp
    assert "frame-ancestors 'none'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["referrer-policy"] == "no-referrer"


def test_internal_errors_use_the_envelope(web_db):
    import warnings

    from rasd.web.app import create_app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    app = create_app(web_db)

    @app.get("/api/boom")
    def boom():
        raise RuntimeError("secret detail")

    r = TestClient(app, raise_server_exceptions=False).get("/api/boom")
    assert r.status_code == 500
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert r.json()["error"]["code"] == "E707"
    assert "secret detail" not in r.text


def test_no_external_assets_or_inline_code():
    """Every asset is served by rasd: no http(s) URL in templates or static code, no inline script."""
    for f in list((WEB / "templates").glob("*.html")) + list((WEB / "static").glob("*.js")) + \
            list((WEB / "static").glob("*.css")):
        text = f.read_text(encoding="utf-8")
        assert not re.search(r"(src|href)\s*=\s*[\"']?(https?:)?//", text), f
        assert "@import" not in text and "url(http" not in text, f
        if f.suffix == ".html":
            assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), f
            assert not re.search(r"\son[a-z]+\s*=", text), f
            assert "style=" not in text, f
        if f.suffix == ".js":
            assert "innerHTML" not in text and "eval(" not in text and "document.write" not in text, f


def test_serve_binds_loopback_by_default():
    from typer.testing import CliRunner

    from rasd.cli import app

    res = CliRunner().invoke(app, ["serve", "--help"], env={"COLUMNS": "200"})
    assert res.exit_code == 0
    assert "127.0.0.1" in res.output and "--token" in res.output


def test_only_http_urls_become_links(client):
    from rasd.web.app import web_url

    assert web_url("https://example.org/a?b=1") == "https://example.org/a?b=1"
    for bad in ("javascript:alert(1)", " JAVASCRIPT:alert(1)", "data:text/html,<script>", "//evil.example",
                "vbscript:x", None, ""):
        assert web_url(bad) is None
    good = client.get(f"/articles/{_article_id(client, 'web-lebanon-strike')}").text
    assert 'href="https://example.org/lb/1"' in good
    bad = client.get(f"/articles/{_article_id(client, 'web-xss')}").text
    assert 'href="javascript' not in bad.lower()
