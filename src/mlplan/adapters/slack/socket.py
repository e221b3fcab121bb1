"""Socket Mode (`mlplan slack --socket`): the bot without a public URL.

Slack pushes events over a WebSocket the bot opens with the app-level token
(SLACK_APP_TOKEN, xapp-…), so it runs behind a firewall or on a laptop. Same listeners,
same store as the HTTP mode; Socket Mode envelopes carry the event ids the dedupe uses.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from mlplan.config import Settings
from mlplan.errors import ConfigError

log = logging.getLogger("mlplan.slack")


def run_socket_mode(
    settings: Settings, *, on_ready: Callable[[], None] | None = None, start: bool = True
) -> Any:
    """Connect and serve until interrupted; `start=False` returns the handler unstarted."""
    app_token = settings.slack_app_token.get_secret_value() if settings.slack_app_token else ""
    if not app_token.strip():
        raise ConfigError("Socket Mode needs SLACK_APP_TOKEN (an app-level token, xapp-…)")
    from slack_bolt.adapter.socket_mode import SocketModeHandler

    from mlplan.adapters.slack.app import build_slack_app
    from mlplan.service import build_service
    from mlplan.store import open_store

    service = build_service(settings)
    store = open_store(settings)
    try:
        service.knowledge_index()  # load before the first request, not during it
        app = build_slack_app(service=service, store=store, settings=settings, socket_mode=True)
        handler = SocketModeHandler(app, app_token.strip())
        if not start:
            return handler
        if on_ready is not None:
            on_ready()
        handler.start()  # type: ignore[no-untyped-call]
        return handler
    finally:
        if start:
            store.close()
