"""`mlplan apikey create|list|revoke` and `mlplan serve`: the HTTP API's side of the CLI.

The store and FastAPI are imported when a command runs, so `mlplan plan` never loads them.
"""

from __future__ import annotations

import json
from typing import Annotated

import typer

from mlplan.adapters._common import EXIT_BAD_INPUT, FormatOpt, OutputFormat, door

apikey_app = typer.Typer(
    name="apikey",
    help="Create, list and revoke API keys for the HTTP API.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


@apikey_app.command()
def create(
    name: Annotated[str, typer.Option("--name", help="Who or what uses the key.")],
) -> None:
    """Create a key and print it once: only its hash is stored."""
    with door():
        from mlplan.store import open_store

        store = open_store()
        try:
            record, secret = store.create_api_key(name)
        finally:
            store.close()
        typer.echo(secret)
        typer.echo(
            f"mlplan: created key {record.key_id} ({record.prefix}…) named {record.name!r}; "
            "it is shown only now",
            err=True,
        )


@apikey_app.command("list")
def list_keys(fmt: FormatOpt = OutputFormat.markdown) -> None:
    """Keys with their prefix, creation, last use and revocation (never the secret)."""
    with door():
        from mlplan.store import open_store

        store = open_store()
        try:
            keys = store.list_api_keys()
        finally:
            store.close()
        if fmt is OutputFormat.json:
            typer.echo(json.dumps([k.model_dump(mode="json") for k in keys], indent=2))
            return
        if not keys:
            typer.echo("No API keys. Create one with `mlplan apikey create --name NAME`.")
            return
        typer.echo("| id | name | prefix | created | last used | revoked |")
        typer.echo("|---|---|---|---|---|---|")
        for k in keys:
            used = k.last_used_at.isoformat(timespec="seconds") if k.last_used_at else "-"
            revoked = k.revoked_at.isoformat(timespec="seconds") if k.revoked_at else "-"
            created = k.created_at.isoformat(timespec="seconds")
            typer.echo(f"| {k.key_id} | {k.name} | {k.prefix} | {created} | {used} | {revoked} |")


@apikey_app.command()
def revoke(
    key: Annotated[str, typer.Argument(help="Key id (key_…) or name.")],
) -> None:
    """Revoke a key: requests with it get 403 from then on."""
    with door():
        from mlplan.store import open_store

        store = open_store()
        try:
            record = store.revoke_api_key(key)
        finally:
            store.close()
        if record is None:
            typer.echo(f"mlplan: error: no active API key {key!r}", err=True)
            raise typer.Exit(EXIT_BAD_INPUT)
        typer.echo(f"revoked {record.key_id} ({record.name})")


def serve(
    host: Annotated[str, typer.Option("--host", help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="TCP port.", min=1, max=65535)] = 8000,
    log_level: Annotated[str, typer.Option("--log-level", help="uvicorn log level.")] = "info",
) -> None:
    """Serve the HTTP API (OpenAPI at /openapi.json, docs at /docs)."""
    with door():
        import uvicorn

        from mlplan.adapters.api import create_app
        from mlplan.config import get_settings

        settings = get_settings()
        if settings.api_anonymous and host not in ("127.0.0.1", "localhost", "::1"):
            typer.echo(
                f"mlplan: warning: anonymous API (MLPLAN_API_ANONYMOUS) on {host}: "
                "anyone who can reach this port can use it",
                err=True,
            )
        uvicorn.run(create_app(settings=settings), host=host, port=port, log_level=log_level)
