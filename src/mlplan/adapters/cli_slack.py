"""`mlplan slack --socket`: run the Slack bot over Socket Mode.

Over HTTP the bot needs no command of its own: `mlplan serve` mounts it at /slack/events
when SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET are set. slack_bolt is imported only when
the command runs, so the rest of the CLI works without the `slack` extra.
"""

from __future__ import annotations

from typing import Annotated

import typer

from mlplan.adapters._common import EXIT_BAD_INPUT, door


def slack(
    socket: Annotated[
        bool,
        typer.Option(
            "--socket", help="Connect over Socket Mode (needs SLACK_APP_TOKEN; no public URL)."
        ),
    ] = False,
) -> None:
    """Run the Slack bot (/mlplan, @mlplan, DMs; answers and revisions in threads)."""
    if not socket:
        typer.echo(
            "mlplan: the HTTP mode of the Slack bot runs inside `mlplan serve` at /slack/events "
            "(set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET); pass --socket for Socket Mode",
            err=True,
        )
        raise typer.Exit(EXIT_BAD_INPUT)
    with door():
        from mlplan.config import get_settings

        try:
            from mlplan.adapters.slack import run_socket_mode
        except ImportError as exc:
            typer.echo(
                f"mlplan: error: the Slack bot needs the slack extra "
                f"(pip install 'mlplan[server,slack]'): {exc}",
                err=True,
            )
            raise typer.Exit(EXIT_BAD_INPUT) from None

        def ready() -> None:
            typer.echo("mlplan: Slack bot connecting over Socket Mode; Ctrl-C to stop", err=True)

        try:
            run_socket_mode(get_settings(), on_ready=ready)
        except KeyboardInterrupt:
            typer.echo("mlplan: Slack bot stopped", err=True)
