"""CLI command for the web UI and REST API: ``rasd serve``."""

from __future__ import annotations

import os

import typer

from ._common import fail_run


def register(app: typer.Typer, train_app: typer.Typer, evaluate_app: typer.Typer, db_app: typer.Typer) -> None:
    """Add this area's commands to the CLI."""

    @app.command("serve")
    def serve_cmd(
        db: str = typer.Option(os.environ.get("RASD_DB", "sqlite:///rasd.db"), "--db",
                               help="Database URL: sqlite:///FILE or postgresql+psycopg://USER@HOST:PORT/DB."),
        host: str = typer.Option("127.0.0.1", "--host", help="Address to bind (loopback unless told otherwise)."),
        port: int = typer.Option(8000, "--port", min=1, max=65535, help="Port."),
        token: str | None = typer.Option(None, "--token", envvar="RASD_API_TOKEN", show_envvar=True,
                                         help="API token enabling POST /api/articles (Authorization: Bearer)."),
        max_body: int = typer.Option(1_000_000, "--max-body", min=1024, help="Largest request body, in bytes."),
    ) -> None:
        """Serve the web UI and the REST API (read-only unless --token is given).

        Examples:

          rasd serve --db sqlite:///rasd.db

          RASD_API_TOKEN=secret rasd serve --port 8080
        """
        from rich.console import Console
        from rich.markup import escape

        from ..errors import RasdError

        err = Console(stderr=True, highlight=False)
        try:
            import uvicorn

            from ..web.app import create_app

            web = create_app(db, token=token, max_body=max_body)
        except RasdError as exc:
            fail_run(exc)
        from ..store.query import stats

        if stats(web.state.store.engine)["articles"] == 0:
            err.print(f"[yellow]warning:[/yellow] {escape(db)} holds no article yet: "
                      f"run `rasd ingest FILES --db {escape(db)}` first.", soft_wrap=True)
        shown = f"[{host}]" if ":" in host else host
        Console().print(f"rasd serving {escape(db)} at http://{shown}:{port}/ "
                        f"({'ingest enabled' if token else 'read-only'}; Ctrl-C to stop)", soft_wrap=True)
        if host not in ("127.0.0.1", "localhost", "::1"):
            err.print(f"[yellow]warning:[/yellow] listening on {escape(host)}: reachable from other machines.")
        uvicorn.run(web, host=host, port=port, log_level="warning", server_header=False)
