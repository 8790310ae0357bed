"""The FastAPI app behind ``rasd serve``: a read-only REST API and an RTL web UI over the store.

    app = create_app("sqlite:///rasd.db", token=None, max_body=1_000_000)

- Every failure answers one JSON envelope ``{"error": {"code", "status", "message"}}`` (404, 405,
  413, 422, 401/403, 500); pages of the UI show the same fields as HTML.
- Read-only unless a token is given: ``POST /api/articles`` then needs ``Authorization: Bearer TOKEN``.
- Offline: every asset under ``/static``; a strict Content-Security-Policy (``script-src 'self'``,
  no inline scripts or styles), ``nosniff``, no framing, no referrer.
"""

from __future__ import annotations

import datetime as _dt
import hmac
import io
import json
import threading
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import Errors, RasdError, UsageError
from ..store import exports, query

HERE = Path(__file__).resolve().parent
DEFAULT_MAX_BODY = 1_000_000  # bytes
EXPORT_FORMATS = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8",
                  "geojson": "application/geo+json; charset=utf-8"}
EXPORT_LIMIT = 100_000

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"geolocation=(), camera=(), microphone=()"),
]
STATUS_CODES = {400: Errors.E703, 401: Errors.E704, 403: Errors.E705, 404: Errors.E701, 413: Errors.E702,
                422: Errors.E703, 500: Errors.E707}


# -- the error envelope ------------------------------------------------------------------------
def envelope(status: int, code: str, message: str, details: Any = None) -> dict[str, Any]:
    err: dict[str, Any] = {"code": code, "status": status, "message": message}
    if details is not None:
        err["details"] = details
    return {"error": err}


class WebError(Exception):
    """An HTTP failure with an rasd error code."""

    def __init__(self, status: int, message, **kwargs: Any) -> None:
        self.status = status
        self.error = RasdError(message, **kwargs)
        super().__init__(str(self.error))


def fast_json(data: Any, status: int = 200) -> Response:
    """A JSON response serialised directly (dates as ISO strings), without FastAPI's encoder."""
    return Response(json.dumps(data, ensure_ascii=False, default=_iso, separators=(",", ":")),
                    status_code=status, media_type="application/json")


def _iso(value: Any) -> str:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.hex()
    return str(value)


def web_url(url: str | None) -> str | None:
    """``url`` when it is an http(s) address (safe to link), else None (shown as text only)."""
    if not url:
        return None
    u = url.strip()
    return u if u.lower().startswith(("http://", "https://")) and not any(c in u for c in "\r\n\t") else None


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api") and "text/html" in request.headers.get("accept", "")


# -- ASGI middleware: body limit and security headers ------------------------------------------
class LimitsAndHeaders:
    """Refuses bodies over ``max_body`` bytes (413, before the app reads them) and adds the
    security headers to every response."""

    def __init__(self, app, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def _reply(self, send, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body, ensure_ascii=False).encode()
        await send({"type": "http.response.start", "status": status, "headers": [
            (b"content-type", b"application/json"), (b"content-length", str(len(data)).encode()),
            *SECURITY_HEADERS]})
        await send({"type": "http.response.body", "body": data})

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    h for h in SECURITY_HEADERS if h[0] not in names]
            await send(message)

        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None:
            try:
                size = int(length)
            except ValueError:
                return await self._reply(send, 400, envelope(400, "E703", Errors.E703.format_with(
                    reason="bad Content-Length")))
            if size > self.max_body:
                return await self._reply(send, 413, envelope(413, "E702", Errors.E702.format_with(
                    size=size, limit=self.max_body)))
        if scope["method"] in ("POST", "PUT", "PATCH"):
            chunks: list[bytes] = []
            total = 0
            more = True
            while more:
                message = await receive()
                if message["type"] == "http.disconnect":
                    return
                chunk = message.get("body", b"")
                total += len(chunk)
                if total > self.max_body:
                    return await self._reply(send, 413, envelope(413, "E702", Errors.E702.format_with(
                        size=f"more than {self.max_body}", limit=self.max_body)))
                chunks.append(chunk)
                more = message.get("more_body", False)
            body = b"".join(chunks)
            sent = False

            async def replay():
                nonlocal sent
                if not sent:
                    sent = True
                    return {"type": "http.request", "body": body, "more_body": False}
                return await receive()

            return await self.app(scope, replay, send_with_headers)
        return await self.app(scope, receive, send_with_headers)


# -- request models ----------------------------------------------------------------------------
class ArticleIn(BaseModel):
    """An article to analyse and store."""

    text: str = Field(..., min_length=1, description="The article text (Arabic).")
    id: str | None = Field(None, max_length=200)
    title: str | None = Field(None, max_length=2000)
    source: str | None = Field(None, max_length=300, description="The outlet.")
    url: str | None = Field(None, max_length=2000)
    published: str | None = Field(None, pattern=r"^\d{4}-\d{2}-\d{2}$", description="YYYY-MM-DD")


def filters(
    since: str | None = Query(None, description="From this date (YYYY-MM-DD).", max_length=10),
    until: str | None = Query(None, description="Up to this date (YYYY-MM-DD).", max_length=10),
    type: str | None = Query(None, description="PLOVER type, e.g. ASSAULT.", max_length=40),
    actor: str | None = Query(None, description="Actor id or part of a name (actor or target).", max_length=200),
    country: str | None = Query(None, description="Country code or name.", max_length=100),
    status: str | None = Query(None, description="claimed, reported, confirmed, denied, planned, disputed.",
                               max_length=20),
) -> query.Filters:
    return query.Filters(since=since or None, until=until or None, type=type or None,
                         actor=actor or None, country=country or None, status=status or None)


class Page:
    """Pagination parameters."""

    def __init__(self, limit: int = Query(50, ge=1, le=1000), offset: int = Query(0, ge=0, le=10**9)):
        self.limit = limit
        self.offset = offset


PAGE = Depends(Page)
FILTERS = Depends(filters)


def create_app(db_url: str, token: str | None = None, max_body: int = DEFAULT_MAX_BODY) -> FastAPI:
    """The rasd web app over the database ``db_url``; ``token`` enables ``POST /api/articles``."""
    from ..store.db import Store
    from . import highlight, queries

    store = Store(db_url)
    engine = store.engine
    write_lock = threading.Lock()

    app = FastAPI(
        title="rasd", version=__version__, docs_url=None, redoc_url=None,
        description="Arabic news turned into structured, attributed records: articles with every "
                    "layer, actors, quotes, events and incidents. Read-only unless an API token is set.",
    )
    app.add_middleware(LimitsAndHeaders, max_body=max_body)
    app.state.store = store
    app.state.token = token
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals["latin"] = queries.latin_name
    templates.env.globals["version"] = __version__
    templates.env.filters["web_url"] = web_url
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    # -- errors ------------------------------------------------------------------------------
    def _error(request: Request, status: int, code: str, message: str, details: Any = None) -> Response:
        # the security headers are set here too: a 500 answer bypasses the middleware
        headers = {k.decode(): v.decode() for k, v in SECURITY_HEADERS}
        if status == 401:
            headers["www-authenticate"] = "Bearer"
        if _wants_html(request):
            return templates.TemplateResponse(request, "error.html", {
                "status": status, "code": code, "message": message}, status_code=status, headers=headers)
        return JSONResponse(envelope(status, code, message, details), status_code=status, headers=headers)

    @app.exception_handler(WebError)
    async def _web_error(request: Request, exc: WebError):
        return _error(request, exc.status, exc.error.code, exc.error.message)

    @app.exception_handler(UsageError)
    async def _usage_error(request: Request, exc: UsageError):
        return _error(request, 422, exc.code, exc.message)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError):
        details = [{"loc": [str(x) for x in e.get("loc", ())], "msg": str(e.get("msg", ""))}
                   for e in exc.errors()]
        reason = "; ".join(f"{'.'.join(d['loc'])}: {d['msg']}" for d in details)
        return _error(request, 422, "E703", Errors.E703.format_with(reason=reason), details)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        tmpl = STATUS_CODES.get(exc.status_code, Errors.E708)
        if exc.status_code == 404:
            msg = tmpl.format_with(what=request.url.path)
        elif tmpl is Errors.E708:
            msg = tmpl.format_with(reason=exc.detail)
        else:
            msg = tmpl.format_with(reason=exc.detail, size="?", limit=max_body)
        return _error(request, exc.status_code, tmpl.code, msg)

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception):
        return _error(request, 500, "E707", Errors.E707.format_with(reason=type(exc).__name__))

    # -- shared parameters -------------------------------------------------------------------
    def paged(items: list, page: Page, total: int | None) -> dict[str, Any]:
        return {"items": items, "limit": page.limit, "offset": page.offset, "total": total,
                "next_offset": page.offset + page.limit if len(items) == page.limit and
                (total is None or page.offset + page.limit < total) else None}

    def _check_date(value: str | None, option: str) -> None:
        if value:
            try:
                _dt.date.fromisoformat(value)
            except ValueError as exc:
                raise UsageError(Errors.E606, value=value, option=option) from exc

    def need_token(request: Request) -> None:
        if not token:
            raise WebError(403, Errors.E706)
        header = request.headers.get("authorization", "")
        scheme, _, given = header.partition(" ")
        if scheme.lower() != "bearer" or not given:
            raise WebError(401, Errors.E704)
        if not hmac.compare_digest(given.strip().encode(), token.encode()):
            raise WebError(403, Errors.E705)

    # -- the API -----------------------------------------------------------------------------
    @app.get("/api/stats", tags=["meta"], summary="Counts of articles, events, incidents, quotes")
    def api_stats() -> dict[str, Any]:
        return {**query.stats(engine), "version": __version__, "writable": bool(token)}

    @app.get("/api/articles", tags=["articles"], summary="List or search articles")
    def api_articles(
        q: str | None = Query(None, max_length=500, description="Arabic full-text search (ignores diacritics, hamza and alef variants)."),
        source: str | None = Query(None, max_length=300),
        since: str | None = Query(None, max_length=10), until: str | None = Query(None, max_length=10),
        page: Page = PAGE,
    ) -> Response:
        _check_date(since, "since")
        _check_date(until, "until")
        items = query.list_articles(engine, search=q or None, source=source or None, since=since or None,
                                    until=until or None, limit=page.limit, offset=page.offset)
        total = query.count_articles(engine, search=q or None, source=source or None,
                                       since=since or None, until=until or None)
        return fast_json(paged(items, page, total))

    def _article(article_id: int) -> dict[str, Any]:
        art = query.get_article(engine, article_id)
        if art is None:
            raise WebError(404, Errors.E701, what=f"article {article_id}")
        return art

    @app.get("/api/articles/{article_id}", tags=["articles"], summary="One article with every layer")
    def api_article(article_id: int) -> Response:
        return fast_json(_article(article_id))

    @app.post("/api/articles", tags=["articles"], status_code=201, dependencies=[Depends(need_token)],
              summary="Analyse and store an article (needs the API token)")
    def api_ingest(article: ArticleIn) -> dict[str, Any]:
        from ..pipeline import analyze
        from ..store.db import prepare_doc
        from ..store.incidents import rebuild

        meta = {k: v for k, v in article.model_dump().items() if k not in ("text", "published") and v is not None}
        try:
            doc = analyze(article.text, published=article.published, **meta)
        except RasdError as exc:
            raise WebError(422, Errors.E703, reason=exc.message) from exc
        with write_lock:
            outcome, aid = store.write(prepare_doc(doc, origin="api"))
            if outcome != "stored":
                rebuild(engine)
        return {"outcome": outcome, "id": aid, "events": len(doc.events), "quotes": len(doc.quotes)}

    @app.get("/api/actors", tags=["actors"], summary="Actors seen in the articles, most mentioned first")
    def api_actors(q: str | None = Query(None, max_length=200), page: Page = PAGE) -> Response:
        items = query.list_actors(engine, search=q or None, limit=page.limit, offset=page.offset)
        for a in items:
            a["latin"] = queries.latin_name(a.get("actor_id"), a.get("name"))
        return fast_json(paged(items, page, None))

    @app.get("/api/quotes", tags=["quotes"], summary="Quotes: who said what, according to whom")
    def api_quotes(speaker: str | None = Query(None, max_length=200), article_id: int | None = None,
                   q: str | None = Query(None, max_length=500), page: Page = PAGE) -> Response:
        items = query.list_quotes(engine, speaker=speaker or None, article_id=article_id, search=q or None,
                                  limit=page.limit, offset=page.offset)
        return fast_json(paged(items, page, None))

    @app.get("/api/events", tags=["events"], summary="Events, one per report")
    def api_events(f: query.Filters = FILTERS, page: Page = PAGE) -> Response:
        items = query.list_events(engine, f, limit=page.limit, offset=page.offset)
        return fast_json(paged(items, page, query.count_events(engine, f)))

    @app.get("/api/incidents", tags=["incidents"], summary="Incidents: events merged across reports")
    def api_incidents(f: query.Filters = FILTERS, page: Page = PAGE,
                      reports: bool = Query(True, description="Include each incident's reports.")) -> Response:
        items = query.list_incidents(engine, f, limit=page.limit, offset=page.offset, reports=reports)
        return fast_json(paged(items, page, query.count_incidents(engine, f)))

    @app.get("/api/incidents/{incident_id}", tags=["incidents"], summary="One incident with its reports")
    def api_incident(incident_id: str) -> Response:
        return fast_json(_incident(incident_id))

    def _incident(incident_id: str) -> dict[str, Any]:
        if len(incident_id) > 40:
            raise WebError(404, Errors.E701, what="incident")
        inc = query.get_incident(engine, incident_id)
        if inc is None:
            raise WebError(404, Errors.E701, what=f"incident {incident_id}")
        return inc

    @app.get("/api/export/{kind}.{fmt}", tags=["exports"],
             summary="Export incidents or events of the filter: csv (ACLED), jsonl (PLOVER), geojson")
    def api_export(kind: str, fmt: str, f: query.Filters = FILTERS) -> Response:
        if kind not in ("incidents", "events"):
            raise WebError(404, Errors.E701, what=f"export of {kind!r}")
        if fmt not in EXPORT_FORMATS:
            raise WebError(422, Errors.E605, format=fmt, known=", ".join(EXPORT_FORMATS))
        if kind == "incidents":
            records = query.list_incidents(engine, f, limit=EXPORT_LIMIT)
        else:
            records = query.list_events(engine, f, limit=EXPORT_LIMIT)
        buf = io.StringIO()
        exports.export(records, kind[:-1], fmt, out=buf)
        return Response(buf.getvalue(), media_type=EXPORT_FORMATS[fmt], headers={
            "content-disposition": f'attachment; filename="rasd-{kind}.{fmt}"'})

    @app.get("/api/graph", tags=["actors"], summary="Actor graph: who acted on whom, who quoted whom")
    def api_graph(f: query.Filters = FILTERS) -> Response:
        return fast_json(queries.graph(engine, f))

    @app.get("/api/timeline", tags=["incidents"], summary="Incidents by type per day or month")
    def api_timeline(f: query.Filters = FILTERS) -> Response:
        return fast_json(queries.timeline(engine, f))

    @app.get("/api/docs", tags=["meta"], summary="The API reference (HTML, offline)", include_in_schema=False)
    def api_docs(request: Request):
        spec = app.openapi()
        ops = []
        for path, methods in spec.get("paths", {}).items():
            for method, op in methods.items():
                ops.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                            "params": [(p["name"], p.get("in", ""), (p.get("description") or ""))
                                       for p in op.get("parameters", [])]})
        return templates.TemplateResponse(request, "docs.html", {"ops": ops, "writable": bool(token)})

    # -- the UI ------------------------------------------------------------------------------
    def _qs(request: Request, **override: Any) -> str:
        params = {k: v for k, v in request.query_params.items() if v and k not in override}
        params.update({k: v for k, v in override.items() if v is not None})
        return urlencode(params)

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/incidents", status_code=302)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> RedirectResponse:
        return RedirectResponse("/static/favicon.svg", status_code=301)

    @app.get("/incidents", include_in_schema=False)
    def ui_incidents(request: Request, f: query.Filters = FILTERS, page: Page = PAGE):
        items = query.list_incidents(engine, f, limit=page.limit, offset=page.offset, reports=False)
        total = query.count_incidents(engine, f)
        return templates.TemplateResponse(request, "incidents.html", {
            "items": items, "f": f, "total": total, "page": page,
            "filter_qs": _qs(request, limit=None, offset=None),
            "prev_qs": _qs(request, offset=max(0, page.offset - page.limit)) if page.offset else None,
            "next_qs": _qs(request, offset=page.offset + page.limit) if page.offset + page.limit < total else None,
            "stats": query.stats(engine)})

    @app.get("/incidents/{incident_id}", include_in_schema=False)
    def ui_incident(request: Request, incident_id: str):
        inc = _incident(incident_id)
        texts = queries.article_texts(engine, [r["article_id"] for r in inc["reports"]])
        for r in inc["reports"]:
            r["contexts"] = queries.evidence_sentences(texts.get(r["article_id"], ""), r["evidence"] or [])
        return templates.TemplateResponse(request, "incident.html", {"inc": inc})

    @app.get("/articles", include_in_schema=False)
    def ui_articles(request: Request, q: str | None = Query(None, max_length=500), page: Page = PAGE):
        items = query.list_articles(engine, search=q or None, limit=page.limit, offset=page.offset)
        total = query.count_articles(engine, search=q or None)
        return templates.TemplateResponse(request, "articles.html", {
            "items": items, "q": q or "", "total": total, "page": page,
            "prev_qs": _qs(request, offset=max(0, page.offset - page.limit)) if page.offset else None,
            "next_qs": _qs(request, offset=page.offset + page.limit) if page.offset + page.limit < total else None})

    @app.get("/articles/{article_id}", include_in_schema=False)
    def ui_article(request: Request, article_id: int):
        art = _article(article_id)
        html, anns = highlight.reader(art["doc"])
        return templates.TemplateResponse(request, "article.html", {
            "art": art, "doc": art["doc"], "html": html, "anns": anns})

    @app.get("/actors", include_in_schema=False)
    def ui_actors(request: Request, q: str | None = Query(None, max_length=200), page: Page = PAGE):
        items = query.list_actors(engine, search=q or None, limit=page.limit, offset=page.offset)
        return templates.TemplateResponse(request, "actors.html", {"items": items, "q": q or ""})

    def _view(name: str):
        def view(request: Request, f: query.Filters = FILTERS):
            return templates.TemplateResponse(request, f"{name}.html", {
                "f": f, "filter_qs": _qs(request), "view": name})
        return view

    for name in ("map", "timeline", "graph"):
        app.add_api_route(f"/{name}", _view(name), methods=["GET"], include_in_schema=False)

    return app

