"""End to end in a real headless Chromium (Debian's /usr/bin/chromium driven by Playwright; never
downloaded): the reader's highlights, the incidents filter, the map, the timeline and the graph,
with screenshots saved under test-artifacts/web/. Skips when Chromium is absent."""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("RASD_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "web"

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("browser")]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(web_db):
    import uvicorn

    from rasd.web.app import create_app

    port = _free_port()
    config = uvicorn.Config(create_app(web_db), host="127.0.0.1", port=port, log_level="warning")
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def page(server):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is absent (install Debian's chromium: scripts/system-deps.sh as root)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("python playwright is not installed")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="ar")
        pg = ctx.new_page()
        errors: list[str] = []
        pg.on("pageerror", lambda e: errors.append(str(e)))
        pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        dialogs: list[str] = []
        pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        pg.errors = errors
        pg.dialogs = dialogs
        yield pg
        ctx.close()
        browser.close()


@pytest.fixture(autouse=True)
def _fresh_errors(request):
    if "page" in request.fixturenames:
        pg = request.getfixturevalue("page")
        pg.errors.clear()
    yield


def _article_url(server, page, doc_id):
    data = page.request.get(f"{server}/api/articles?limit=100").json()
    aid = next(a["id"] for a in data["items"] if a["doc_id"] == doc_id)
    return f"{server}/articles/{aid}"


def test_reader_highlights(server, page):
    page.goto(_article_url(server, page, "web-lebanon-strike"))
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("#text .hl.trigger").count() >= 1
    assert page.locator("#text .hl.date").count() >= 1
    assert page.locator("#text .hl.place").count() >= 1
    assert page.locator("#text .hl.quote").count() >= 1
    assert page.locator("#text .hl.ent").count() >= 2
    # highlights are really painted: an entity has a background colour
    bg = page.locator("#text .hl.ent").first.evaluate("e => getComputedStyle(e).backgroundColor")
    assert bg not in ("rgba(0, 0, 0, 0)", "transparent")
    # clicking a date shows its resolved value in the side panel
    page.locator("#text .hl.date").first.click()
    shown = page.locator("#panel .ann-date:not([hidden])")
    assert shown.count() >= 1
    assert "2025-05-" in shown.first.inner_text()
    page.locator("#text .hl.trigger").first.click()
    assert page.locator("#panel .ann-event:not([hidden])").count() >= 1
    page.screenshot(path=str(ARTIFACTS / "reader.png"), full_page=True)
    assert not page.errors, page.errors


def test_hostile_article_does_not_execute(server, page):
    page.goto(_article_url(server, page, "web-xss"))
    page.wait_for_load_state("load")
    text = page.locator("#text").inner_text()
    assert "<script>alert('text')</script>" in text
    assert "<img src=x onerror=alert('img')>" in text
    assert page.locator("#text img, #text script, #text a").count() == 0
    for el in page.locator("#text .hl").all()[:20]:
        el.hover()
    page.goto(f"{server}/incidents?actor=%3Cscript%3Ealert(9)%3C/script%3E&country=%22%3E%3Cimg%20src=x%20onerror=alert(8)%3E")
    page.wait_for_load_state("load")
    page.screenshot(path=str(ARTIFACTS / "hostile.png"), full_page=True)
    assert page.dialogs == []
    assert page.evaluate("document.querySelectorAll('img').length") == 0


def test_incidents_filter(server, page):
    page.goto(f"{server}/incidents")
    total = page.locator("#incidents tbody tr").count()
    assert total >= 3
    page.select_option("select[name=type]", "ASSAULT")
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/incidents?*type=ASSAULT*")
    rows = page.locator("#incidents tbody tr")
    assert rows.count() == 1
    assert rows.first.get_attribute("data-type") == "ASSAULT"
    assert "type=ASSAULT" in page.locator("#export-csv").get_attribute("href")
    page.screenshot(path=str(ARTIFACTS / "incidents.png"), full_page=True)
    rows.first.locator("a").first.click()
    page.wait_for_url("**/incidents/inc-*")
    assert page.locator("#reports > li").count() == 2
    assert page.locator("#reports .evidence mark").count() >= 2
    page.screenshot(path=str(ARTIFACTS / "incident.png"), full_page=True)
    assert not page.errors, page.errors


def test_map(server, page):
    page.goto(f"{server}/map")
    page.wait_for_selector("#map[data-incidents]")
    assert page.locator("#map path.country").count() > 30
    assert int(page.locator("#map").get_attribute("data-incidents")) >= 2
    assert "drawn" in page.locator("#map-note").inner_text()
    assert page.locator("#map circle.incident").count() >= 2
    page.screenshot(path=str(ARTIFACTS / "map.png"), full_page=True)
    assert not page.errors, page.errors


def test_timeline_and_graph(server, page):
    page.goto(f"{server}/timeline")
    page.wait_for_selector("#timeline[data-buckets]")
    assert page.locator("#timeline rect.bar").count() >= 2
    page.screenshot(path=str(ARTIFACTS / "timeline.png"), full_page=True)
    page.locator('#timeline rect.bar[data-type="PROTEST"]').first.click()  # opens those incidents
    page.wait_for_url("**/incidents?*type=PROTEST*")
    assert page.locator("#incidents tbody tr").count() == 1
    page.goto(f"{server}/graph")
    page.wait_for_selector("#graph[data-nodes]")
    assert page.locator("#graph circle.node").count() >= 2
    assert page.locator("#graph path.edge").count() >= 1
    page.screenshot(path=str(ARTIFACTS / "graph.png"), full_page=True)
    assert not page.errors, page.errors


def test_article_search_and_actors(server, page):
    page.goto(f"{server}/articles")
    page.fill("input[name=q]", "اصابه")  # the text writes إصابة
    page.click("form.filters button[type=submit]")
    page.wait_for_url("**/articles?q=*")
    items = page.locator("#articles > li")
    assert items.count() == 1
    assert "غارة على بلدة في جنوب لبنان" in items.first.inner_text()
    page.screenshot(path=str(ARTIFACTS / "articles.png"), full_page=True)
    items.first.locator("a").click()
    page.wait_for_url("**/articles/*")
    assert page.locator("#text .hl").count() > 5
    page.goto(f"{server}/actors")
    assert page.locator("#actors tbody tr").count() >= 3
    assert "Israeli Armed Forces" in page.locator("#actors").inner_text()
    page.screenshot(path=str(ARTIFACTS / "actors.png"), full_page=True)
    assert not page.errors, page.errors
